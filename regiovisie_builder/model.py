"""The neutral document model: readers produce it, transforms rewrite it, writers consume it.

Like pandoc's ``Pandoc Meta [Block]``: a flat list of blocks with inline spans, all frozen.
Every block keeps the source location of the content block it came from, so checks and
errors can point back to a file and line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import assert_never


@dataclass(frozen=True)
class Source:
    """A source location: file (as shown to the user) and 1-based line."""

    file: str
    line: int = 1

    def __str__(self) -> str:
        return f"{self.file}, regel {self.line}"


# --- inline spans -----------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """Plain text."""

    text: str


@dataclass(frozen=True)
class Emph:
    """Emphasised (italic) text."""

    content: tuple[Inline, ...]


@dataclass(frozen=True)
class Strong:
    """Strong (bold) text."""

    content: tuple[Inline, ...]


@dataclass(frozen=True)
class Code:
    """Inline code."""

    text: str


@dataclass(frozen=True)
class Link:
    """A hyperlink; ``target`` starting with ``#`` is a cross-reference to an anchor."""

    content: tuple[Inline, ...]
    target: str


@dataclass(frozen=True)
class LineBreak:
    """A hard line break."""


@dataclass(frozen=True)
class FootnoteRef:
    """A reference to ``Document.footnotes[key]``."""

    key: str


@dataclass(frozen=True)
class Marker:
    """An open "nog in te vullen" marker for a region key that is not filled in yet."""

    path: str

    @property
    def text(self) -> str:
        return f"[nog in te vullen: {self.path}]"


@dataclass(frozen=True)
class Ins:
    """Text inserted since the previous version (a tracked change); holds only leaf spans."""

    content: tuple[Inline, ...]


@dataclass(frozen=True)
class Del:
    """Text deleted since the previous version (a tracked change); holds only leaf spans."""

    content: tuple[Inline, ...]


Inline = Text | Emph | Strong | Code | Link | LineBreak | FootnoteRef | Marker | Ins | Del


def plain_text(content: Iterable[Inline]) -> str:
    """The visible text of inline spans (markers as their bracketed text).

    Tracked changes count as accepted: inserted text is included, deleted text is not.
    """
    parts = []
    for item in content:
        match item:
            case Text() | Code() | Marker():
                parts.append(item.text)
            case Emph() | Strong() | Link() | Ins():
                parts.append(plain_text(item.content))
            case LineBreak():
                parts.append(" ")
            case FootnoteRef() | Del():
                pass  # a footnote mark and deleted text are not part of the text
            case _:
                assert_never(item)
    return "".join(parts)


def walk(tree) -> Iterator[Block | Inline]:
    """Every model node in ``tree`` (a node, or a tuple/list of them) depth first, in
    document order; source locations are not descended into."""
    if isinstance(tree, tuple | list):
        for kind in tree:
            yield from walk(kind)
    elif hasattr(tree, "__dataclass_fields__") and not isinstance(tree, Source):
        yield tree
        for name in tree.__dataclass_fields__:
            value = getattr(tree, name)
            # Only tuples and nodes can hold nodes; skipping text here saves a generator each.
            if isinstance(value, tuple | list) or hasattr(value, "__dataclass_fields__"):
                yield from walk(value)


# --- blocks -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    """A heading; ``number`` (e.g. "2.3") is set by the numbering transform."""

    level: int
    content: tuple[Inline, ...]
    id: str
    source: Source
    number: str | None = None
    block_id: str | None = None
    numbered: bool = True
    appendix: bool = False  # starts an appendix (Bijlage A, B, ...): numbered with letters


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text."""

    content: tuple[Inline, ...]
    source: Source


@dataclass(frozen=True)
class ListBlock:
    """A bulleted or numbered list; each item is a tuple of blocks."""

    ordered: bool
    items: tuple[tuple[Block, ...], ...]
    source: Source
    start: int = 1


@dataclass(frozen=True)
class Table:
    """A table with one header row; ``align`` per column: "left", "right", "center" or None."""

    header: tuple[tuple[Inline, ...], ...]
    rows: tuple[tuple[tuple[Inline, ...], ...], ...]
    align: tuple[str | None, ...]
    source: Source
    caption: tuple[Inline, ...] = ()
    id: str = ""
    number: int | None = None
    landscape: bool = False  # on a landscape page ("Tabel: ... {.liggend}" or many columns)


@dataclass(frozen=True)
class BlockQuote:
    """A quotation."""

    blocks: tuple[Block, ...]
    source: Source


@dataclass(frozen=True)
class CodeBlock:
    """Preformatted text."""

    text: str
    source: Source


@dataclass(frozen=True)
class Revision:
    """Whole blocks inserted (``soort="ins"``) or deleted (``"del"``) since the previous version.

    Only documents that show tracked changes contain it. A block that moved with its text
    unchanged is a deletion and an insertion with the same ``move`` name: Word shows
    the pair as a move.
    """

    kind: str
    blocks: tuple[Block, ...]
    move: str = ""


@dataclass(frozen=True)
class Figure:
    """A numbered picture: a paragraph holding only ``![alt](pad)``, then ``Figuur: caption``.

    The reader fills in ``pad`` as written in the block; the image step (``readers/
    afbeeldingen.py``) checks the file and fills in ``soort`` ("png", "jpeg" or "svg"),
    ``data`` (for SVG: the cleaned drawing) and the size in pixels.
    """

    alt: str
    path: str
    source: Source
    caption: tuple[Inline, ...] = ()
    id: str = ""
    number: int | None = None
    format: str = ""
    data: bytes = field(default=b"", repr=False)
    width: int = 0
    height: int = 0


Block = Heading | Paragraph | ListBlock | Table | BlockQuote | CodeBlock | Revision | Figure


# --- document -----------------------------------------------------------------------------


@dataclass(frozen=True)
class BlokInfo:
    """A content block as placed in the document: what it addresses and where it landed."""

    id: str
    titel: str
    hoofdstuk: str
    route: int | None
    afspraken: tuple[int, ...]
    themas: tuple[str, ...]
    source: Source
    anchor: str
    section_number: str | None = None
    empty: bool = False
    markeringen: tuple[str, ...] = ()
    # "eigen" (the workspace's block), "overgenomen" (a shipped block the region adopted in
    # regio.yaml) or "standaard" (a shipped block used unchanged and not adopted).
    origin: str = "eigen"
    # The block body after Jinja, as Markdown: what a published version freezes.
    markdown: str = field(default="", repr=False, compare=False)


@dataclass(frozen=True)
class Consultatie:
    """How and until when readers can react to a concept or consultation version."""

    reageren_tot: dt.date | None = None
    wijze: str = ""
    contact: str = ""
    formulier: str = ""  # https URL of a response form; may hold {paragraaf} and {versie}
    email: str = ""
    adres: str = ""


@dataclass(frozen=True)
class Meta:
    """Document metadata for cover, header, footer and properties."""

    soort: str
    titel: str
    regio: str
    gemeenten: tuple[str, ...]
    kenmerk: str
    versie: str
    status: str
    datum: dt.date
    ondertitel: str = ""
    opsteller: str = ""
    taal: str = "nl-NL"
    voorblad: bool = True  # a cover page; without it only a title above the text
    inhoudsopgave: bool = True  # a table of contents after the cover
    consultatie: Consultatie | None = None

    @property
    def concept(self) -> bool:
        """True while the document is a draft and must carry a CONCEPT marking."""
        from regiovisie_builder.nvo import CONCEPT_STATUSES

        return self.status in CONCEPT_STATUSES


@dataclass(frozen=True)
class Document:
    """A whole document: metadata, a flat list of blocks, footnotes and its content blocks."""

    meta: Meta
    body: tuple[Block, ...]
    footnotes: Mapping[str, tuple[Block, ...]] = field(default_factory=dict)
    blokken: tuple[BlokInfo, ...] = ()
    # Open markers in the metadata (an outline's title, subtitle or kenmerk template).
    meta_markeringen: tuple[str, ...] = ()

    @property
    def markeringen(self) -> tuple[str, ...]:
        """Every open marker path, in document order (the metadata first), once each."""
        return tuple(
            dict.fromkeys(
                [*self.meta_markeringen, *(m for b in self.blokken for m in b.markeringen)]
            )
        )


@dataclass(frozen=True)
class Regio:
    """Validated region data from regio.yaml (dates as ``datetime.date``)."""

    data: Mapping
    file: str = "regio.yaml"
    # The line of every key and list item (a path tuple -> line), for messages.
    lines: Mapping = field(default_factory=dict, compare=False, repr=False)

    def section(self, name: str) -> Mapping:
        """A top-level section, or an empty mapping when the region has not filled it in."""
        value = self.data.get(name)
        return value if isinstance(value, Mapping) else {}

    @property
    def name(self) -> str:
        return self.data["regio"]["naam"]

    @property
    def gemeenten(self) -> tuple[Mapping, ...]:
        return tuple(self.data["regio"]["gemeenten"])
