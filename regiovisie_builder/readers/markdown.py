"""Markdown (CommonMark + tables + footnotes) to model blocks, via markdown-it-py's syntax tree."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING
from urllib.parse import unquote

from regiovisie_builder.errors import ContentError, Probleem
from regiovisie_builder.model import (
    Block,
    BlockQuote,
    Bron,
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
    Strong,
    Table,
    Text,
    platte_tekst,
)
from regiovisie_builder.readers.sjablonen import MARKER_PATROON

if TYPE_CHECKING:  # markdown-it is imported when a block is parsed, not before
    from markdown_it.token import Token
    from markdown_it.tree import SyntaxTreeNode

BIJSCHRIFT = re.compile(r"^\s*Tabel:\s*")
# Emphasis inside emphasis deeper than this is refused: nothing readable needs it, and the
# steps after reading walk the nesting recursively.
MAX_OPMAAK_DIEPTE = 20
FIGUURBIJSCHRIFT = re.compile(r"^\s*Figuur:\s*")
# "Tabel: caption {.liggend}" puts the table on a landscape page.
LIGGEND = re.compile(r"\s*\{\s*\.liggend\s*\}\s*$")


@functools.cache
def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    # Raw HTML is off: a block is content, not markup, and the writers escape everything.
    return MarkdownIt("commonmark", {"html": False}).enable("table").use(footnote_plugin)


def anker(tekst: str) -> str:
    """A stable, readable anchor from a text: ``Zo thuis mogelijk`` -> ``zo-thuis-mogelijk``."""
    tekst = unicodedata.normalize("NFKD", tekst).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", tekst.lower()).strip("-") or "kop"


@dataclass
class Uitkomst:
    """The blocks of one content block and the footnotes it defines."""

    blocks: list[Block] = field(default_factory=list)
    footnotes: dict[str, tuple[Block, ...]] = field(default_factory=dict)


class _Lezer:
    """A recursive descent over markdown-it's syntax tree, one ``match`` per level.

    Every node type markdown-it (with tables and footnotes) can produce has its own case;
    anything else stops the build with a Dutch message instead of vanishing.
    """

    def __init__(self, bestand: str, eerste_regel: int, sleutel: str, basisniveau: int):
        self.bestand = bestand
        self.eerste_regel = eerste_regel
        self.sleutel = sleutel
        self.basisniveau = basisniveau
        self.uitkomst = Uitkomst()
        self.regel = eerste_regel  # the line of the block being read, for error messages

    def bron(self, node: SyntaxTreeNode) -> Bron:
        regel = node.map[0] if node.map else 0
        return Bron(self.bestand, self.eerste_regel + regel)

    def blokken(self, nodes: Sequence[SyntaxTreeNode]) -> list[Block]:
        uit: list[Block] = []
        for node in nodes:
            blok = self.blok(node)
            if blok is None:
                continue
            if (
                isinstance(blok, Paragraph)
                and uit
                and isinstance(uit[-1], Table)
                and not uit[-1].caption
                and blok.content
                and isinstance(blok.content[0], Text)
                and BIJSCHRIFT.match(blok.content[0].text)
            ):
                eerste = Text(BIJSCHRIFT.sub("", blok.content[0].text, count=1))
                bijschrift, liggend = _zonder_liggend((eerste, *blok.content[1:]))
                uit[-1] = replace(uit[-1], caption=bijschrift, liggend=liggend)
                continue
            if (
                isinstance(blok, Paragraph)
                and uit
                and isinstance(uit[-1], Figure)
                and not uit[-1].caption
                and blok.content
                and isinstance(blok.content[0], Text)
                and FIGUURBIJSCHRIFT.match(blok.content[0].text)
            ):
                eerste = Text(FIGUURBIJSCHRIFT.sub("", blok.content[0].text, count=1))
                uit[-1] = replace(uit[-1], caption=_zonder_lege((eerste, *blok.content[1:])))
                continue
            uit.append(blok)
        return uit

    def blok(self, node: SyntaxTreeNode) -> Block | None:
        """One block node; None for a node that adds nothing to the document."""
        if node.map:
            self.regel = self.eerste_regel + node.map[0]
        match node.type:
            case "paragraph":
                kinderen = self.inline_kinderen(node)
                figuur = self.figuur(kinderen, self.bron(node))
                if figuur is not None:
                    return figuur
                inhoud = self.inline(kinderen)
                return Paragraph(inhoud, self.bron(node)) if inhoud else None
            case "heading":
                niveau = min(self.basisniveau + int(node.tag[1:]), 6)
                inhoud = self.inline(self.inline_kinderen(node))
                return Heading(
                    level=niveau,
                    content=inhoud,
                    id=f"{self.sleutel}-{anker(platte_tekst(inhoud))}",
                    bron=self.bron(node),
                    blok=None,
                    numbered=niveau <= 3,
                )
            case "bullet_list" | "ordered_list":
                items = tuple(tuple(self.blokken(self.lijstitem(item))) for item in node.children)
                start = int(node.attrGet("start") or 1)
                return ListBlock(node.type == "ordered_list", items, self.bron(node), start)
            case "table":
                return self.tabel(node)
            case "blockquote":
                return BlockQuote(tuple(self.blokken(node.children)), self.bron(node))
            case "fence" | "code_block":
                return CodeBlock(node.content.rstrip("\n"), self.bron(node))
            case "footnote_block":
                self.voetnoten(node)
                return None
            case "hr" | "footnote_anchor":
                # A thematic break carries no content: the writers lay out pages themselves.
                # The footnote plugin's back link (after a footnote that does not end in a
                # paragraph): the writers make their own.
                return None
            case _:  # html_block cannot occur: raw HTML is off in ``_parser``
                raise self.onbekend(node)

    def inline_kinderen(self, node: SyntaxTreeNode) -> list[SyntaxTreeNode]:
        """The inline nodes of a paragraph, heading or table cell.

        The footnote plugin puts its back links after the text of a footnote's last
        paragraph; the writers make their own, so they are left out here.
        """
        kinderen: list[SyntaxTreeNode] = []
        for kind in node.children:
            match kind.type:
                case "inline":
                    kinderen.extend(kind.children)
                case "footnote_anchor":
                    pass
                case _:
                    raise self.onbekend(kind)
        return kinderen

    def lijstitem(self, node: SyntaxTreeNode) -> list[SyntaxTreeNode]:
        match node.type:
            case "list_item":
                return node.children
            case _:
                raise self.onbekend(node)

    def figuur(self, nodes: list[SyntaxTreeNode], bron: Bron) -> Figure | None:
        """A figure when the paragraph holds only an image (and perhaps its caption line)."""
        beeld = _afbeeldingen(nodes)
        if len(beeld) != 1 or beeld[0] not in nodes:
            return None
        index = nodes.index(beeld[0])
        voor = nodes[:index]
        na = nodes[index + 1 :]
        if any(n.type != "text" or n.content.strip() for n in voor):
            return None
        bijschrift: tuple[Inline, ...] = ()
        if na and na[0].type in ("softbreak", "hardbreak"):
            rest = self.inline(na[1:])
            if rest and isinstance(rest[0], Text) and FIGUURBIJSCHRIFT.match(rest[0].text):
                eerste = Text(FIGUURBIJSCHRIFT.sub("", rest[0].text, count=1))
                bijschrift = _zonder_lege((eerste, *rest[1:]))
                na = []
        if any(n.type != "text" or n.content.strip() for n in na):
            return None
        pad = unquote(str(beeld[0].attrGet("src") or ""))
        alt = " ".join(beeld[0].content.split())
        if not alt:
            raise ContentError(
                "Een afbeelding heeft geen beschrijving.",
                [
                    Probleem(
                        bron.bestand,
                        bron.regel,
                        f"de afbeelding '{pad}' heeft geen alt-tekst. Schrijf tussen de "
                        "vierkante haken wat er te zien is, bijvoorbeeld "
                        "![Kaart van de regio met de gemeenten](kaart.svg).",
                    )
                ],
            )
        return Figure(alt=alt, pad=pad, bron=bron, caption=bijschrift)

    def voetnoten(self, node: SyntaxTreeNode) -> None:
        for voetnoot in node.children:
            match voetnoot.type:
                case "footnote":
                    label = voetnoot.meta.get("label") or str(voetnoot.meta["id"])
                    inhoud = self.blokken(voetnoot.children)
                    self.uitkomst.footnotes[f"{self.sleutel}:{label}"] = tuple(inhoud)
                case _:
                    raise self.onbekend(voetnoot)

    def tabel(self, node: SyntaxTreeNode) -> Table:
        kop: list[tuple[Inline, ...]] = []
        rijen: list[tuple[tuple[Inline, ...], ...]] = []
        uitlijning: list[str | None] = []
        for deel in node.children:
            match deel.type:
                case "thead":
                    for rij in deel.children:
                        kop = self.tabelrij(rij, uitlijning)
                case "tbody":
                    rijen.extend(tuple(self.tabelrij(rij, None)) for rij in deel.children)
                case _:
                    raise self.onbekend(deel)
        breedte = len(kop)
        rijen = [tuple(r[:breedte]) + ((),) * (breedte - len(r)) for r in rijen]
        return Table(tuple(kop), tuple(rijen), tuple(uitlijning), self.bron(node))

    def tabelrij(
        self, node: SyntaxTreeNode, uitlijning: list[str | None] | None
    ) -> list[tuple[Inline, ...]]:
        """The cells of one row; ``uitlijning`` collects the alignment of header cells."""
        if node.type != "tr":
            raise self.onbekend(node)
        rij: list[tuple[Inline, ...]] = []
        for cel in node.children:
            match cel.type:
                case "th" | "td":
                    if uitlijning is not None:
                        stijl = cel.attrGet("style") or ""
                        gevonden = re.search(r"text-align:\s*(\w+)", str(stijl))
                        uitlijning.append(gevonden.group(1) if gevonden else None)
                    rij.append(_cel(self.inline(self.inline_kinderen(cel))))
                case _:
                    raise self.onbekend(cel)
        return rij

    def te_diep(self, node: SyntaxTreeNode) -> ContentError:
        regel = node.meta.get("regel")
        return ContentError(
            "De opmaak van een blok is te diep genest. Er is niets gebouwd.",
            [
                Probleem(
                    self.bestand,
                    self.eerste_regel + regel if regel is not None else None,
                    f"blok '{self.sleutel}': meer dan {MAX_OPMAAK_DIEPTE} keer cursief, vet "
                    "of een link binnen elkaar (* of _). Haal overbodige sterretjes weg.",
                )
            ],
        )

    def onbekend(self, node: SyntaxTreeNode) -> ContentError:
        """A node type this reader does not handle (a parser option or plugin it does not
        know): an error, so no text silently disappears from the document."""
        return ContentError(
            "Een blok bevat Markdown-opmaak die niet wordt ondersteund. Er is niets gebouwd.",
            [
                Probleem(
                    self.bestand,
                    self.regel,
                    f"blok '{self.sleutel}': opmaak van de soort '{node.type}' kan niet in "
                    "het document. Schrijf dit deel als gewone tekst.",
                )
            ],
        )

    def inline(self, nodes: Sequence[SyntaxTreeNode]) -> tuple[Inline, ...]:
        uit: list[Inline] = []
        for node in nodes:
            match node.type:
                case "text":
                    uit.extend(_splits_markers(node.content))
                case "softbreak":
                    uit.append(Text(" "))
                case "hardbreak":
                    uit.append(LineBreak())
                case "code_inline":
                    uit.append(Code(node.content))
                case "em":
                    uit.append(Emph(self.inline(node.children)))
                case "strong":
                    uit.append(Strong(self.inline(node.children)))
                case "link":
                    uit.append(Link(self.inline(node.children), str(node.attrGet("href") or "")))
                case "footnote_ref":
                    label = node.meta.get("label") or str(node.meta["id"])
                    uit.append(FootnoteRef(f"{self.sleutel}:{label}"))
                case "image":
                    # Only a paragraph of its own becomes a figure (see ``figuur``): a
                    # picture inside a sentence would be lost without a word, so it is an
                    # error.
                    raise ContentError(
                        "Een afbeelding staat midden in de tekst.",
                        [
                            Probleem(
                                self.bestand,
                                self.regel,
                                "zet de afbeelding "
                                f"'{unquote(str(node.attrGet('src') or ''))}' in een eigen "
                                "alinea (een witregel ervoor en erna), met daaronder een regel "
                                "'Figuur: bijschrift'.",
                            )
                        ],
                    )
                case "html_inline":  # cannot occur (raw HTML is off); kept as its text
                    uit.append(Text(node.content))
                case "footnote_anchor":
                    pass  # the footnote plugin's back link: the writers make their own
                case "opmaak_te_diep":
                    raise self.te_diep(node)
                case _:
                    raise self.onbekend(node)
        return tuple(_voeg_tekst_samen(uit))


def _afbeeldingen(nodes: Sequence[SyntaxTreeNode]) -> list[SyntaxTreeNode]:
    """The images among ``nodes`` and inside their spans (not inside an image's own text)."""
    uit: list[SyntaxTreeNode] = []
    for node in nodes:
        if node.type == "image":
            uit.append(node)
        else:
            uit.extend(_afbeeldingen(node.children))
    return uit


def _kap_diepe_opmaak(tokens: list[Token]) -> None:
    """Cut every span nested deeper than ``MAX_OPMAAK_DIEPTE`` out of the inline tokens.

    ``SyntaxTreeNode`` builds its tree recursively, so thousands of nested ``*`` would
    exhaust Python's stack before the reader sees them. The cut span becomes one
    ``opmaak_te_diep`` token where it stood; the reader stops with a message when it gets
    there, so an earlier problem in the same block is still reported first.
    """
    for token in tokens:
        if token.children:
            token.children = _gekapt(token.children, token.map[0] if token.map else None)


def _gekapt(tokens: list[Token], regel: int | None) -> list[Token]:
    from markdown_it.token import Token

    uit: list[Token] = []
    diepte = 0
    overslaan = 0  # the nesting inside a span being cut
    for token in tokens:
        if overslaan:
            overslaan += token.nesting
            continue
        if token.nesting == 1 and diepte >= MAX_OPMAAK_DIEPTE:
            uit.append(Token("opmaak_te_diep", "", 0, meta={"regel": regel}))
            overslaan = 1
            continue
        diepte += token.nesting
        if token.children:  # an image's description, parsed as inline text too
            token.children = _gekapt(token.children, regel)
        uit.append(token)
    return uit


_BR = re.compile(r"<br\s*/?>", re.I)
_OPSOMTEKEN = re.compile(r"^\s*[-*•]\s+")


def _cel(inhoud: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """A table cell with ``<br>`` as line breaks and "- item" lines as a short bullet list.

    A Markdown table cell holds one line, so these are the ways to put lines and a short
    list in a cell: ``Eerste<br>Tweede`` and ``- a<br>- b``.
    """
    if not any(isinstance(i, Text) and "<" in i.text for i in inhoud):
        return inhoud
    uit: list[Inline] = []
    for item in inhoud:
        if not isinstance(item, Text):
            uit.append(item)
            continue
        for index, deel in enumerate(_BR.split(item.text)):
            if index:
                uit.append(LineBreak())
            if deel:
                uit.append(Text(deel))
    regels: list[list[Inline]] = [[]]
    for item in uit:
        if isinstance(item, LineBreak):
            regels.append([])
        else:
            regels[-1].append(item)
    if len(regels) > 1 and all(
        r and isinstance(r[0], Text) and _OPSOMTEKEN.match(r[0].text) for r in regels if r
    ):
        for regel in regels:
            if regel:
                assert isinstance(regel[0], Text)  # checked by the all() above
                regel[0] = Text("• " + _OPSOMTEKEN.sub("", regel[0].text, count=1))
    samen: list[Inline] = []
    for index, regel in enumerate(regels):
        if index:
            samen.append(LineBreak())
        samen.extend(regel)
    return tuple(_voeg_tekst_samen(samen))


def _zonder_lege(inhoud: tuple[Inline, ...]) -> tuple[Inline, ...]:
    return tuple(i for i in inhoud if not (isinstance(i, Text) and not i.text))


def _zonder_liggend(inhoud: tuple[Inline, ...]) -> tuple[tuple[Inline, ...], bool]:
    """A table caption without its trailing ``{.liggend}``, and whether it had one."""
    if inhoud and isinstance(inhoud[-1], Text) and LIGGEND.search(inhoud[-1].text):
        laatste = Text(LIGGEND.sub("", inhoud[-1].text))
        return _zonder_lege((*inhoud[:-1], laatste)), True
    return _zonder_lege(inhoud), False


def _splits_markers(tekst: str) -> list[Inline]:
    delen: list[Inline] = []
    positie = 0
    for gevonden in MARKER_PATROON.finditer(tekst):
        if gevonden.start() > positie:
            delen.append(Text(tekst[positie : gevonden.start()]))
        delen.append(Marker(gevonden.group(1)))
        positie = gevonden.end()
    if positie < len(tekst):
        delen.append(Text(tekst[positie:]))
    return delen


def _voeg_tekst_samen(items: list[Inline]) -> list[Inline]:
    uit: list[Inline] = []
    for item in items:
        if isinstance(item, Text) and uit and isinstance(uit[-1], Text):
            uit[-1] = Text(uit[-1].text + item.text)
        else:
            uit.append(item)
    return uit


def lees_markdown(
    tekst: str, bestand: str, eerste_regel: int, sleutel: str, basisniveau: int = 2
) -> Uitkomst:
    """Parse rendered Markdown into model blocks; headings start below ``basisniveau``.

    ``sleutel`` (the block id) scopes footnote labels and heading anchors, so two blocks
    may both use ``[^1]``.
    """
    from markdown_it.tree import SyntaxTreeNode

    tokens = _parser().parse(tekst)
    _kap_diepe_opmaak(tokens)
    lezer = _Lezer(bestand, eerste_regel, sleutel, basisniveau)
    lezer.uitkomst.blocks = lezer.blokken(SyntaxTreeNode(tokens).children)
    return lezer.uitkomst
