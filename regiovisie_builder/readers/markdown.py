"""Markdown (CommonMark + tables + footnotes) to model blocks, via markdown-it-py's syntax tree."""

from __future__ import annotations

import contextlib
import functools
import re
import textwrap
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, assert_never
from urllib.parse import unquote

from regiovisie_builder.errors import ContentError, Problem
from regiovisie_builder.model import (
    Block,
    BlockQuote,
    Code,
    CodeBlock,
    Emph,
    Figure,
    FootnoteRef,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Marker,
    Paragraph,
    Revision,
    Source,
    Strong,
    Table,
    Text,
    plain_text,
    walk,
)
from regiovisie_builder.readers.templates import MARKER_PATTERN

if TYPE_CHECKING:  # markdown-it is imported when a block is parsed, not before
    from markdown_it.token import Token
    from markdown_it.tree import SyntaxTreeNode

CAPTION = re.compile(r"^\s*Tabel:\s*")
# Emphasis inside emphasis deeper than this is refused: nothing readable needs it, and the
# steps after reading walk the nesting recursively.
MAX_FORMATTING_DEPTH = 20
# Word's own limit: it opens no table with more columns (LibreOffice took minutes to lay out
# a table of 10,000 columns for the PDF). Real tables in a regiovisie have a dozen at most.
MAX_TABLE_COLUMNS = 63
# Cells and pieces of text (runs) in one table. LibreOffice's time to lay a table out for the
# PDF grows faster than the table (10,000 parts 7 s, 20,000 17 s, 40,000 54 s); the Word and
# HTML writers take about a second for 40,000. A long real table (1,000 rows of 8 short
# cells) has 16,000.
MAX_TABLE_PARTS = 20_000
# Characters that open emphasis, links and footnote references ('*', '_', '['): markdown-it
# takes about 20 microseconds and a growing amount of memory for each when they pile up
# (a block of one million '*_' took minutes and 737 MB). A long real block has a few
# hundred; a big table with a bold column and a link in every row a few thousand.
MAX_MARKUP = 50_000
FIGURE_CAPTION = re.compile(r"^\s*Figuur:\s*")
# "Tabel: caption {.liggend}" puts the table on a landscape page.
LANDSCAPE = re.compile(r"\s*\{\s*\.liggend\s*\}\s*$")


@functools.cache
def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    # Raw HTML is off: a block is content, not markup, and the writers escape everything.
    parser = MarkdownIt("commonmark", {"html": False}).enable("table").use(footnote_plugin)
    parser.core.ruler.before("footnote_tail", "footnote_definitions", _definitions)
    return parser


_FOOTNOTE_TROUBLE = "Een voetnoot in een blok klopt niet. Er is niets gebouwd."
# Where ``_definitions`` leaves the label and line of every footnote definition in the env.
_DEFINITIONS = "regiovisie_footnote_definitions"


def _definitions(state) -> None:
    """Record each footnote definition (label, line) before the plugin's tail step keeps
    only one per label: two definitions with the same label lose the first one's text."""
    found = state.env.setdefault(_DEFINITIONS, [])
    for index, token in enumerate(state.tokens):
        if token.type == "footnote_reference_open":
            following = state.tokens[index + 1] if index + 1 < len(state.tokens) else None
            line = following.map[0] if following is not None and following.map else None
            found.append((token.meta["label"], line))


def anchor(text: str) -> str:
    """A stable, readable anchor from a text: ``Zo thuis mogelijk`` -> ``zo-thuis-mogelijk``."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "kop"


@dataclass
class Outcome:
    """The blocks of one content block and the footnotes it defines."""

    blocks: list[Block] = field(default_factory=list)
    footnotes: dict[str, tuple[Block, ...]] = field(default_factory=dict)


class _Reader:
    """A recursive descent over markdown-it's syntax tree, one ``match`` per level.

    Every node type markdown-it (with tables and footnotes) can produce has its own case;
    anything else stops the build with a Dutch message instead of vanishing.
    """

    def __init__(
        self,
        file: str,
        first_line: int,
        key: str,
        base_level: int,
        text: str = "",
        lines: Sequence[int] | None = None,
    ):
        self.file = file
        self.line_map = lines  # line in ``text`` -> line in the file (0-based), if they differ
        self.text = text  # the Markdown itself, for what the parser drops
        self.lines = text.split("\n")
        self.first_line = first_line
        self.key = key
        self.base_level = base_level
        self.outcome = Outcome()
        self.line = first_line  # the line of the block being read, for error messages
        self.inside: str | None = None  # the outermost footnote, list or quote being read

    @contextlib.contextmanager
    def within(self, where: str) -> Iterator[bool]:
        """While reading the inside of a footnote, list or quote; yields whether it is the
        outermost one. Only that one checks for refused blocks (``_top_level_only``), so the
        message names the place the block has to leave, not one inside it."""
        outermost = self.inside is None
        if outermost:
            self.inside = where
        try:
            yield outermost
        finally:
            if outermost:
                self.inside = None

    def refuse_inside(self, where: str, blocks: Sequence[Block]) -> None:
        """Stop at a figure, table or heading among ``blocks``, the inside of the outermost
        footnote, list or quote (``where``) just read (see ``_top_level_only``)."""
        for wrong in _top_level_only(blocks):
            raise _refused_inside(wrong, self.key, where)

    def at(self, index: int) -> int:
        """The line in the block's file of line ``index`` (0-based) of the text read."""
        if self.line_map is not None and 0 <= index < len(self.line_map):
            index = self.line_map[index]
        return self.first_line + index

    def source(self, node: SyntaxTreeNode) -> Source:
        line = node.map[0] if node.map else 0
        return Source(self.file, self.at(line))

    def blocks(self, nodes: Sequence[SyntaxTreeNode]) -> list[Block]:
        out: list[Block] = []
        for node in nodes:
            block = self.block(node)
            if block is None:
                continue
            if (
                isinstance(block, Paragraph)
                and out
                and isinstance(out[-1], Table)
                and not out[-1].caption
                and block.content
                and isinstance(block.content[0], Text)
                and CAPTION.match(block.content[0].text)
            ):
                first = Text(CAPTION.sub("", block.content[0].text, count=1))
                caption, landscape = _without_landscape((first, *block.content[1:]))
                out[-1] = replace(out[-1], caption=caption, landscape=landscape)
                continue
            if (
                isinstance(block, Paragraph)
                and out
                and isinstance(out[-1], Figure)
                and not out[-1].caption
                and block.content
                and isinstance(block.content[0], Text)
                and FIGURE_CAPTION.match(block.content[0].text)
            ):
                first = Text(FIGURE_CAPTION.sub("", block.content[0].text, count=1))
                out[-1] = replace(out[-1], caption=_without_empty((first, *block.content[1:])))
                continue
            out.append(block)
        return out

    def block(self, node: SyntaxTreeNode) -> Block | None:
        """One block node; None for a node that adds nothing to the document."""
        if node.map:
            self.line = self.at(node.map[0])
        match node.type:
            case "paragraph":
                children = self.inline_children(node)
                figure = self.figure(children, self.source(node))
                if figure is not None:
                    return figure
                content = self.inline(children)
                return Paragraph(content, self.source(node)) if content else None
            case "heading":
                level = min(self.base_level + int(node.tag[1:]), 6)
                content = self.inline(self.inline_children(node))
                return Heading(
                    level=level,
                    content=content,
                    id=f"{self.key}-{anchor(plain_text(content))}",
                    source=self.source(node),
                    block_id=None,
                    numbered=level <= 3,
                )
            case "bullet_list" | "ordered_list":
                with self.within("opsomming") as outermost:
                    items = tuple(
                        tuple(self.blocks(self.list_item(item))) for item in node.children
                    )
                if outermost:
                    self.refuse_inside("opsomming", [b for item in items for b in item])
                start = int(node.attrGet("start") or 1)
                return ListBlock(node.type == "ordered_list", items, self.source(node), start)
            case "table":
                return self.table(node)
            case "blockquote":
                with self.within("citaat") as outermost:
                    quoted = tuple(self.blocks(node.children))
                if outermost:
                    self.refuse_inside("citaat", quoted)
                return BlockQuote(quoted, self.source(node))
            case "fence" | "code_block":
                return CodeBlock(node.content.rstrip("\n"), self.source(node))
            case "footnote_block":
                self.footnotes(node)
                return None
            case "hr" | "footnote_anchor":
                # A thematic break carries no content: the writers lay out pages themselves.
                # The footnote plugin's back link (after a footnote that does not end in a
                # paragraph): the writers make their own.
                return None
            case _:  # html_block cannot occur: raw HTML is off in ``_parser``
                raise self.unknown(node)

    def inline_children(self, node: SyntaxTreeNode) -> list[SyntaxTreeNode]:
        """The inline nodes of a paragraph, heading or table cell.

        The footnote plugin puts its back links after the text of a footnote's last
        paragraph; the writers make their own, so they are left out here.
        """
        children: list[SyntaxTreeNode] = []
        for kind in node.children:
            match kind.type:
                case "inline":
                    children.extend(kind.children)
                case "footnote_anchor":
                    pass
                case _:
                    raise self.unknown(kind)
        return children

    def list_item(self, node: SyntaxTreeNode) -> list[SyntaxTreeNode]:
        match node.type:
            case "list_item":
                return node.children
            case _:
                raise self.unknown(node)

    def figure(self, nodes: list[SyntaxTreeNode], source: Source) -> Figure | None:
        """A figure when the paragraph holds only an image (and perhaps its caption line)."""
        picture = _images(nodes)
        if len(picture) != 1 or picture[0] not in nodes:
            return None
        index = nodes.index(picture[0])
        before = nodes[:index]
        after = nodes[index + 1 :]
        if any(n.type != "text" or n.content.strip() for n in before):
            return None
        caption: tuple[Inline, ...] = ()
        if after and after[0].type in ("softbreak", "hardbreak"):
            rest = self.inline(after[1:])
            if rest and isinstance(rest[0], Text) and FIGURE_CAPTION.match(rest[0].text):
                first = Text(FIGURE_CAPTION.sub("", rest[0].text, count=1))
                caption = _without_empty((first, *rest[1:]))
                after = []
        if any(n.type != "text" or n.content.strip() for n in after):
            return None
        path = unquote(str(picture[0].attrGet("src") or ""))
        alt = " ".join(picture[0].content.split())
        if not alt:
            raise ContentError(
                "Een afbeelding heeft geen beschrijving.",
                [
                    Problem(
                        source.file,
                        source.line,
                        f"de afbeelding '{path}' heeft geen alt-tekst. Schrijf tussen de "
                        "vierkante haken wat er te zien is, bijvoorbeeld "
                        "![Kaart van de regio met de gemeenten](kaart.svg).",
                    )
                ],
            )
        return Figure(alt=alt, path=path, source=source, caption=caption)

    def footnotes(self, node: SyntaxTreeNode) -> None:
        for footnote in node.children:
            match footnote.type:
                case "footnote":
                    label = footnote.meta.get("label") or str(footnote.meta["id"])
                    with self.within("voetnoot"):  # a footnote is always outermost
                        content = self.blocks(footnote.children)
                    self.refuse_inside("voetnoot", content)
                    self.outcome.footnotes[f"{self.key}:{label}"] = tuple(content)
                case _:
                    raise self.unknown(footnote)

    def table(self, node: SyntaxTreeNode) -> Table:
        heading: list[tuple[Inline, ...]] = []
        rows: list[tuple[tuple[Inline, ...], ...]] = []
        alignment: list[str | None] = []
        for part in node.children:
            match part.type:
                case "thead":
                    for row in part.children:
                        heading = self.table_row(row, alignment)
                case "tbody":
                    for row in part.children:
                        self.check_row_width(row, len(heading))
                        rows.append(tuple(self.table_row(row, None)))
                case _:
                    raise self.unknown(part)
        width = len(heading)
        if width > MAX_TABLE_COLUMNS:
            raise ContentError(
                "Een tabel in een blok heeft te veel kolommen. Er is niets gebouwd.",
                [
                    Problem(
                        self.file,
                        self.line,
                        f"blok '{self.key}': de tabel heeft {width} kolommen. Word kan een "
                        f"tabel met hoogstens {MAX_TABLE_COLUMNS} kolommen openen. Verdeel de "
                        "tabel over meer tabellen, of zet rijen en kolommen om.",
                    )
                ],
            )
        rows = [tuple(r[:width]) + ((),) * (width - len(r)) for r in rows]
        parts = sum(1 + len(cell) for row in rows for cell in row)
        if parts > MAX_TABLE_PARTS:
            raise ContentError(
                "Een tabel in een blok is te groot. Er is niets gebouwd.",
                [
                    Problem(
                        self.file,
                        self.line,
                        f"blok '{self.key}': de tabel heeft {len(rows)} rijen en "
                        f"{width * len(rows)} cellen, met {parts} onderdelen (cellen en stukken "
                        f"tekst). Een tabel mag er hoogstens {MAX_TABLE_PARTS} hebben: anders "
                        "duurt het maken van de PDF minuten. Verdeel de tabel over meer "
                        "tabellen.",
                    )
                ],
            )
        return Table(tuple(heading), tuple(rows), tuple(alignment), self.source(node))

    def check_row_width(self, row: SyntaxTreeNode, width: int) -> None:
        """A body row with more cells than the header row: markdown-it drops the extra
        cells (as GitHub's tables do), so their text would vanish. Counted in the source
        line with the parser's own split, so escaped pipes count as it counts them."""
        from markdown_it.rules_block.table import escapedSplit

        if not row.map or row.map[0] >= len(self.lines):
            return
        line = self.lines[row.map[0]].strip()
        cells = escapedSplit(line)
        if cells and cells[0] == "":
            cells.pop(0)
        if cells and cells[-1] == "":
            cells.pop()
        if len(cells) > width:
            raise ContentError(
                "Een tabel heeft een rij met te veel cellen. Er is niets gebouwd.",
                [
                    Problem(
                        self.file,
                        self.at(row.map[0]),
                        f"blok '{self.key}': de rij '{textwrap.shorten(line, 70)}' heeft "
                        f"{len(cells)} cellen, de kopregel van de tabel {width}. De cellen na "
                        f"de {width}e zouden verdwijnen. Voeg de kolom toe aan de kopregel en "
                        "aan de regel met streepjes, of haal de extra cellen weg. Let op: een "
                        "| in een waarde uit regio.yaml telt ook als grens tussen cellen.",
                    )
                ],
            )

    def table_row(
        self, node: SyntaxTreeNode, alignment: list[str | None] | None
    ) -> list[tuple[Inline, ...]]:
        """The cells of one row; ``alignment`` collects the alignment of header cells."""
        if node.type != "tr":
            raise self.unknown(node)
        row: list[tuple[Inline, ...]] = []
        for cell in node.children:
            match cell.type:
                case "th" | "td":
                    if alignment is not None:
                        style = cell.attrGet("style") or ""
                        found = re.search(r"text-align:\s*(\w+)", str(style))
                        alignment.append(found.group(1) if found else None)
                    row.append(_cell(self.inline(self.inline_children(cell))))
                case _:
                    raise self.unknown(cell)
        return row

    def too_deep(self, node: SyntaxTreeNode) -> ContentError:
        line = node.meta.get("regel")
        return ContentError(
            "De opmaak van een blok is te diep genest. Er is niets gebouwd.",
            [
                Problem(
                    self.file,
                    self.at(line) if line is not None else None,
                    f"blok '{self.key}': meer dan {MAX_FORMATTING_DEPTH} keer cursief, vet "
                    "of een link binnen elkaar (* of _). Haal overbodige sterretjes weg.",
                )
            ],
        )

    def scheme_problem(self, target: str, scheme: str) -> ContentError:
        """A link to another kind of address than a web page, e-mail or phone number.

        A published page is read by the public: a link that starts a program on the
        reader's computer (``ms-msdt:``, ``search-ms:``, ``ms-word:``) is a known way to
        attack readers, and no text of a regiovisie needs one."""
        message = (
            f"de link '{target[:80]}' begint met '{scheme}:'. Een link in het document mag "
            "alleen naar een webpagina (https://...), een e-mailadres (mailto:...) of een "
            "telefoonnummer (tel:...) wijzen, of met # naar een kop, tabel of figuur."
        )
        return ContentError(
            "Een link in een blok heeft een adres dat niet mag. Er is niets gebouwd.",
            [Problem(self.file, self.line, f"blok '{self.key}': {message}")],
        )

    def link_problem(self, target: str) -> ContentError:
        """A link that is neither a web address (with its scheme) nor a ``#`` reference.

        The Word file and the web page travel on their own (by e-mail, to every council),
        so a link to a file next to a block, or an address without ``https://`` (which
        Word and browsers read as a file name), points nowhere."""
        other = (
            "Vul een volledig webadres in (https://...), of verwijs met # naar een kop, "
            "tabel of figuur."
        )
        if not target:
            message = f"een link heeft geen adres tussen de haakjes. {other}"
        elif target.lower().startswith("www."):
            message = (
                f"de link '{target}' is geen volledig webadres; zet https:// ervoor: "
                f"https://{target}."
            )
        else:
            message = (
                f"de link '{target}' is geen volledig webadres. Zo'n link werkt niet in het "
                "document, want het Word-bestand en de webpagina gaan zonder dat bestand op "
                f"reis. {other}"
            )
        return ContentError(
            "Een link in een blok wijst nergens naar. Er is niets gebouwd.",
            [Problem(self.file, self.line, f"blok '{self.key}': {message}")],
        )

    def footnote_problem(self, line: int | None, message: str) -> ContentError:
        return ContentError(
            _FOOTNOTE_TROUBLE,
            [Problem(self.file, line, f"blok '{self.key}': {message}")],
        )

    def unreferenced(self, labels: list[str]) -> ContentError:
        """Footnotes the text never refers to: markdown-it leaves them out, so their text
        would vanish from every output."""
        problems = []
        for label in labels:
            found = re.search(rf"^ {{0,3}}\[\^{re.escape(label)}\]:", self.text, re.M)
            line = self.at(self.text.count("\n", 0, found.start())) if found else None
            problems.append(
                Problem(
                    self.file,
                    line,
                    f"blok '{self.key}': de tekst verwijst nergens naar voetnoot [^{label}], "
                    "dus die zou niet in het document komen. Zet "
                    f"[^{label}] in de tekst waar de voetnoot hoort, of haal de voetnoot weg.",
                )
            )
        return ContentError(_FOOTNOTE_TROUBLE, problems)

    def check_footnote_labels(self, definitions: list, refs: dict) -> None:
        """Each footnote label defined once, and every ``[^label]`` in the text defined.

        markdown-it keeps the last of two definitions with one label, and leaves a
        reference to a label without a definition as the text ``[^label]``."""
        problems = []
        lines: dict[str, list[int | None]] = {}
        for label, line in definitions:
            lines.setdefault(label, []).append(line)
        for label, found in lines.items():
            if len(found) > 1:
                where = " en ".join(str(self.at(n)) for n in found if n is not None)
                problems.append(
                    Problem(
                        self.file,
                        self.at(found[0]) if found[0] is not None else None,
                        f"blok '{self.key}': er staan {len(found)} voetnoten [^{label}] onderaan "
                        f"het blok (regel {where}). Geef elke voetnoot een eigen naam, zoals "
                        f"[^{label}] en [^{label}-2].",
                    )
                )
        # Labels the source names without a backslash before them (``\\[^1]`` is the
        # writer's way to show the text "[^1]") and without a definition. Only then is the
        # walk over the read blocks needed, to skip code and find the line.
        undefined = {
            found.group(1)
            for found in _UNESCAPED_REFERENCE.finditer(self.text)
            if f":{found.group(1)}" not in refs
        }
        blocks = [*self.outcome.blocks, *(b for f in self.outcome.footnotes.values() for b in f)]
        for line, label in _loose_references(blocks) if undefined else ():
            if label in undefined:
                problems.append(
                    Problem(
                        self.file,
                        line,
                        f"blok '{self.key}': de tekst verwijst naar voetnoot [^{label}], maar "
                        f"die staat niet onderaan het blok. Voeg onderaan '[^{label}]: ...' "
                        "toe, of verbeter de naam.",
                    )
                )
        if problems:
            raise ContentError(_FOOTNOTE_TROUBLE, problems)

    def unknown(self, node: SyntaxTreeNode) -> ContentError:
        """A node type this reader does not handle (a parser option or plugin it does not
        know): an error, so no text silently disappears from the document."""
        return ContentError(
            "Een blok bevat Markdown-opmaak die niet wordt ondersteund. Er is niets gebouwd.",
            [
                Problem(
                    self.file,
                    self.line,
                    f"blok '{self.key}': opmaak van de soort '{node.type}' kan niet in "
                    "het document. Schrijf dit deel als gewone tekst.",
                )
            ],
        )

    def inline(self, nodes: Sequence[SyntaxTreeNode]) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for node in nodes:
            match node.type:
                case "text":
                    out.extend(_splits_markers(node.content))
                case "softbreak":
                    out.append(Text(" "))
                case "hardbreak":
                    out.append(LineBreak())
                case "code_inline":
                    out.append(Code(node.content))
                case "em":
                    out.append(Emph(self.inline(node.children)))
                case "strong":
                    out.append(Strong(self.inline(node.children)))
                case "link":
                    target = str(node.attrGet("href") or "")
                    if not target.startswith("#") and not _SCHEME.match(target):
                        raise self.link_problem(unquote(target))
                    scheme = target.split(":", 1)[0].lower() if ":" in target else ""
                    if not target.startswith("#") and scheme not in _LINK_SCHEMES:
                        raise self.scheme_problem(unquote(target), scheme)
                    out.append(Link(self.inline(node.children), target))
                case "footnote_ref":
                    label = node.meta.get("label") or str(node.meta["id"])
                    if self.inside == "voetnoot":
                        # Word has no footnote inside a footnote; the writers would drop it.
                        raise self.footnote_problem(
                            self.line,
                            f"een voetnoot verwijst naar voetnoot [^{label}]. Een voetnoot "
                            "kan geen eigen voetnoot hebben. Zet die tekst in deze voetnoot, "
                            f"of zet [^{label}] in de tekst zelf.",
                        )
                    out.append(FootnoteRef(f"{self.key}:{label}"))
                case "image":
                    # Only a paragraph of its own becomes a figure (see ``figure``): a
                    # picture inside a sentence would be lost without a word, so it is an
                    # error.
                    raise ContentError(
                        "Een afbeelding staat midden in de tekst.",
                        [
                            Problem(
                                self.file,
                                self.line,
                                "zet de afbeelding "
                                f"'{unquote(str(node.attrGet('src') or ''))}' in een eigen "
                                "alinea (een witregel ervoor en erna), met daaronder een regel "
                                "'Figuur: bijschrift'.",
                            )
                        ],
                    )
                case "html_inline":  # cannot occur (raw HTML is off); kept as its text
                    out.append(Text(node.content))
                case "footnote_anchor":
                    pass  # the footnote plugin's back link: the writers make their own
                case "opmaak_te_diep":
                    raise self.too_deep(node)
                case _:
                    raise self.unknown(node)
        return tuple(_merge_text(out))


# A URL scheme of two letters or more ("https:", "mailto:"); one letter is a drive ("C:").
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+:")
# The addresses a link may have: a web page, an e-mail address, a phone number.
_LINK_SCHEMES = frozenset({"https", "http", "mailto", "tel"})
_LOOSE_REFERENCE = re.compile(r"\[\^([^\]\s]+)\]")
_UNESCAPED_REFERENCE = re.compile(r"(?<!\\)\[\^([^\]\s]+)\]")


def _loose_references(blocks) -> Iterator[tuple[int | None, str]]:
    """(line, label) of every ``[^label]`` left as text in ``blocks`` (not in code): a
    reference markdown-it found no footnote for."""
    for top in blocks:
        line = None
        for node in walk(top):
            if hasattr(node, "source"):  # a block: the innermost one around the text after it
                line = node.source.line
            elif isinstance(node, Text):
                for found in _LOOSE_REFERENCE.finditer(node.text):
                    yield line, found.group(1)


def _top_level_only(blocks: Sequence[Block]) -> list[Figure | Table | Heading]:
    """The figures, tables and headings among ``blocks``, also inside lists and quotes.

    These stand only at the top level of a block's text: their numbers (heading 3.2,
    table 4, figure 1) and the anchors that references land on are counted there, as
    Word's own numbering counts them. Inside a list, quote or footnote they got no number
    or lost their place, so the reader refuses them there."""
    out: list[Figure | Table | Heading] = []
    for block in blocks:
        match block:
            case Figure() | Table() | Heading():
                out.append(block)
            case ListBlock():
                for item in block.items:
                    out += _top_level_only(item)
            case BlockQuote():
                out += _top_level_only(block.blocks)
            case Paragraph() | CodeBlock():
                pass
            case Revision():  # tracked changes are made from two builds, never read
                out += _top_level_only(block.blocks)
            case _:
                assert_never(block)
    return out


# Where a refused block stood (Dutch), and where it can go instead.
_ELSEWHERE = {
    "voetnoot": ("een voetnoot", "in de tekst zelf"),
    "opsomming": ("een opsomming", "na de opsomming"),
    "citaat": ("een citaat", "na het citaat"),
}


def _refused_inside(block: Figure | Table | Heading, key: str, where: str) -> ContentError:
    """A picture, table or heading inside a footnote, list or quote (see
    ``_top_level_only``): what it is and where to put it instead."""
    inside, elsewhere = _ELSEWHERE[where]
    match block:
        case Figure():
            what = (
                f"{inside} kan geen afbeelding bevatten. Zet de afbeelding '{block.path}' "
                f"{elsewhere}, in een eigen alinea met daaronder een regel "
                "'Figuur: bijschrift'."
            )
        case Table():
            what = (
                f"{inside} kan geen tabel bevatten. Zet de tabel {elsewhere}, met "
                "daaronder een regel 'Tabel: bijschrift'."
            )
        case Heading():
            what = (
                f"{inside} kan geen kop bevatten. Schrijf de kop als gewone tekst, of zet "
                f"hem {elsewhere}."
            )
        case _:
            assert_never(block)
    return ContentError(
        f"Er staat iets in {inside} wat er niet in kan. Er is niets gebouwd.",
        [Problem(block.source.file, block.source.line, f"blok '{key}': {what}")],
    )


def _images(nodes: Sequence[SyntaxTreeNode]) -> list[SyntaxTreeNode]:
    """The images among ``nodes`` and inside their spans (not inside an image's own text)."""
    out: list[SyntaxTreeNode] = []
    for node in nodes:
        if node.type == "image":
            out.append(node)
        else:
            out.extend(_images(node.children))
    return out


def _kap_diepe_formatting(tokens: list[Token]) -> None:
    """Cut every span nested deeper than ``MAX_FORMATTING_DEPTH`` out of the inline tokens.

    ``SyntaxTreeNode`` builds its tree recursively, so thousands of nested ``*`` would
    exhaust Python's stack before the reader sees them. The cut span becomes one
    ``opmaak_te_diep`` token where it stood; the reader stops with a message when it gets
    there, so an earlier problem in the same block is still reported first.
    """
    for token in tokens:
        if token.children:
            token.children = _truncated(token.children, token.map[0] if token.map else None)


def _truncated(tokens: list[Token], line: int | None) -> list[Token]:
    from markdown_it.token import Token

    out: list[Token] = []
    depth = 0
    skip = 0  # the nesting inside a span being cut
    for token in tokens:
        if skip:
            skip += token.nesting
            continue
        if token.nesting == 1 and depth >= MAX_FORMATTING_DEPTH:
            out.append(Token("opmaak_te_diep", "", 0, meta={"regel": line}))
            skip = 1
            continue
        depth += token.nesting
        if token.children:  # an image's description, parsed as inline text too
            token.children = _truncated(token.children, line)
        out.append(token)
    return out


_BR = re.compile(r"<br\s*/?>", re.I)
_BULLET = re.compile(r"^\s*[-*•]\s+")


def _cell(content: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """A table cell with ``<br>`` as line breaks and "- item" lines as a short bullet list.

    A Markdown table cell holds one line, so these are the ways to put lines and a short
    list in a cell: ``Eerste<br>Tweede`` and ``- a<br>- b``.
    """
    if not any(isinstance(i, Text) and "<" in i.text for i in content):
        return content
    out: list[Inline] = []
    for item in content:
        if not isinstance(item, Text):
            out.append(item)
            continue
        for index, part in enumerate(_BR.split(item.text)):
            if index:
                out.append(LineBreak())
            if part:
                out.append(Text(part))
    lines: list[list[Inline]] = [[]]
    for item in out:
        if isinstance(item, LineBreak):
            lines.append([])
        else:
            lines[-1].append(item)
    if len(lines) > 1 and all(
        r and isinstance(r[0], Text) and _BULLET.match(r[0].text) for r in lines if r
    ):
        for line in lines:
            if line:
                assert isinstance(line[0], Text)  # checked by the all() above
                line[0] = Text("• " + _BULLET.sub("", line[0].text, count=1))
    together: list[Inline] = []
    for index, line in enumerate(lines):
        if index:
            together.append(LineBreak())
        together.extend(line)
    return tuple(_merge_text(together))


def _without_empty(content: tuple[Inline, ...]) -> tuple[Inline, ...]:
    return tuple(i for i in content if not (isinstance(i, Text) and not i.text))


def _without_landscape(content: tuple[Inline, ...]) -> tuple[tuple[Inline, ...], bool]:
    """A table caption without its trailing ``{.liggend}``, and whether it had one."""
    if content and isinstance(content[-1], Text) and LANDSCAPE.search(content[-1].text):
        last = Text(LANDSCAPE.sub("", content[-1].text))
        return _without_empty((*content[:-1], last)), True
    return _without_empty(content), False


def _splits_markers(text: str) -> list[Inline]:
    parts: list[Inline] = []
    position = 0
    for found in MARKER_PATTERN.finditer(text):
        if found.start() > position:
            parts.append(Text(text[position : found.start()]))
        parts.append(Marker(found.group(1)))
        position = found.end()
    if position < len(text):
        parts.append(Text(text[position:]))
    return parts


def _merge_text(items: list[Inline]) -> list[Inline]:
    out: list[Inline] = []
    for item in items:
        if isinstance(item, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + item.text)
        else:
            out.append(item)
    return out


def read_markdown(
    text: str,
    file: str,
    first_line: int,
    key: str,
    base_level: int = 2,
    lines: Sequence[int] | None = None,
) -> Outcome:
    """Parse rendered Markdown into model blocks; headings start below ``base_level``.

    ``key`` (the block id) scopes footnote labels and heading anchors, so two blocks
    may both use ``[^1]``. ``lines`` gives, for each line of ``text``, the line in the
    file it came from (counted from ``first_line``), where Jinja added or removed lines.
    """
    from markdown_it.tree import SyntaxTreeNode

    markup = text.count("*") + text.count("_") + text.count("[")
    if markup > MAX_MARKUP:
        raise ContentError(
            "Een blok heeft te veel opmaaktekens. Er is niets gebouwd.",
            [
                Problem(
                    file,
                    first_line,
                    f"blok '{key}': na het invullen staan er {markup:,} tekens *, _ en [ in "
                    f"(vet, cursief, links en voetnoten). Een blok mag er hoogstens "
                    f"{MAX_MARKUP:,} hebben: het lezen kost anders minuten. Verdeel de tekst "
                    "over meer blokken.".replace(",", "."),
                )
            ],
        )
    env: dict = {}
    tokens = _parser().parse(text, env)
    _kap_diepe_formatting(tokens)
    reader = _Reader(file, first_line, key, base_level, text, lines)
    reader.outcome.blocks = reader.blocks(SyntaxTreeNode(tokens).children)
    # The footnote plugin records every definition; one that no reference used stays at -1.
    refs = env.get("footnotes", {}).get("refs", {})
    unused = [label[1:] for label, number in refs.items() if number < 0]
    if unused:
        raise reader.unreferenced(unused)
    reader.check_footnote_labels(env.get(_DEFINITIONS, []), refs)
    return reader.outcome
