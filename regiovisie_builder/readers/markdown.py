"""Markdown (CommonMark + tables + footnotes) to model blocks, via markdown-it-py tokens."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field, replace
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
    def __init__(self, tokens, bestand: str, eerste_regel: int, sleutel: str, basisniveau: int):
        self.tokens = tokens
        self.pos = 0
        self.bestand = bestand
        self.eerste_regel = eerste_regel
        self.sleutel = sleutel
        self.basisniveau = basisniveau
        self.uitkomst = Uitkomst()
        self.regel = eerste_regel  # the line of the block being read, for error messages

    def bron(self, token) -> Bron:
        regel = token.map[0] if token.map else 0
        return Bron(self.bestand, self.eerste_regel + regel)

    def blokken(self, stop: str | None = None) -> list[Block]:
        uit: list[Block] = []
        while self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            if stop and token.type == stop:
                self.pos += 1
                return uit
            blok = self.blok(token)
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

    def blok(self, token) -> Block | None:
        soort = token.type
        if token.map:
            self.regel = self.eerste_regel + token.map[0]
        if soort == "paragraph_open":
            inline = self.tokens[self.pos + 1]
            self.pos += 3
            figuur = self.figuur(inline.children or [], self.bron(token))
            if figuur is not None:
                return figuur
            inhoud = self.inline(inline.children or [])
            return Paragraph(inhoud, self.bron(token)) if inhoud else None
        if soort == "heading_open":
            inline = self.tokens[self.pos + 1]
            self.pos += 3
            niveau = min(self.basisniveau + int(token.tag[1:]), 6)
            inhoud = self.inline(inline.children or [])
            return Heading(
                level=niveau,
                content=inhoud,
                id=f"{self.sleutel}-{anker(platte_tekst(inhoud))}",
                bron=self.bron(token),
                blok=None,
                numbered=niveau <= 3,
            )
        if soort in ("bullet_list_open", "ordered_list_open"):
            self.pos += 1
            items = []
            sluit = soort.replace("_open", "_close")
            while self.tokens[self.pos].type != sluit:
                self.pos += 1  # list_item_open
                items.append(tuple(self.blokken(stop="list_item_close")))
            self.pos += 1
            start = int(token.attrGet("start") or 1)
            return ListBlock(soort == "ordered_list_open", tuple(items), self.bron(token), start)
        if soort == "table_open":
            return self.tabel(token)
        if soort == "blockquote_open":
            self.pos += 1
            return BlockQuote(tuple(self.blokken(stop="blockquote_close")), self.bron(token))
        if soort in ("fence", "code_block"):
            self.pos += 1
            return CodeBlock(token.content.rstrip("\n"), self.bron(token))
        if soort == "footnote_block_open":
            self.pos += 1
            self.voetnoten()
            return None
        self.pos += 1  # hr, html and anything else carry no content for us
        return None

    def figuur(self, tokens, bron: Bron) -> Figure | None:
        """A figure when the paragraph holds only an image (and perhaps its caption line)."""
        beeld = [t for t in tokens if t.type == "image"]
        if len(beeld) != 1:
            return None
        index = tokens.index(beeld[0])
        voor = tokens[:index]
        na = tokens[index + 1 :]
        if any(t.type != "text" or t.content.strip() for t in voor):
            return None
        bijschrift: tuple[Inline, ...] = ()
        if na and na[0].type in ("softbreak", "hardbreak"):
            rest = self.inline(na[1:])
            if rest and isinstance(rest[0], Text) and FIGUURBIJSCHRIFT.match(rest[0].text):
                eerste = Text(FIGUURBIJSCHRIFT.sub("", rest[0].text, count=1))
                bijschrift = _zonder_lege((eerste, *rest[1:]))
                na = []
        if any(t.type != "text" or t.content.strip() for t in na):
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

    def voetnoten(self) -> None:
        while self.tokens[self.pos].type != "footnote_block_close":
            token = self.tokens[self.pos]
            self.pos += 1
            if token.type == "footnote_open":
                label = token.meta.get("label") or str(token.meta["id"])
                inhoud = [b for b in self.blokken(stop="footnote_close")]
                self.uitkomst.footnotes[f"{self.sleutel}:{label}"] = tuple(inhoud)
        self.pos += 1

    def tabel(self, token) -> Table:
        kop: list[tuple[Inline, ...]] = []
        rijen: list[tuple[tuple[Inline, ...], ...]] = []
        uitlijning: list[str | None] = []
        rij: list[tuple[Inline, ...]] = []
        in_kop = False
        self.pos += 1
        while self.tokens[self.pos].type != "table_close":
            t = self.tokens[self.pos]
            if t.type == "thead_open":
                in_kop = True
            elif t.type == "thead_close":
                in_kop = False
            elif t.type == "tr_open":
                rij = []
            elif t.type == "tr_close":
                if in_kop:
                    kop = rij
                else:
                    rijen.append(tuple(rij))
            elif t.type in ("th_open", "td_open"):
                if in_kop:
                    stijl = t.attrGet("style") or ""
                    gevonden = re.search(r"text-align:\s*(\w+)", str(stijl))
                    uitlijning.append(gevonden.group(1) if gevonden else None)
                inline = self.tokens[self.pos + 1]
                cel = self.inline(inline.children or []) if inline.type == "inline" else ()
                rij.append(_cel(cel))
            self.pos += 1
        self.pos += 1
        breedte = len(kop)
        rijen = [tuple(r[:breedte]) + ((),) * (breedte - len(r)) for r in rijen]
        return Table(tuple(kop), tuple(rijen), tuple(uitlijning), self.bron(token))

    def te_diep(self, tokens) -> ContentError:
        regel = next((t.map[0] for t in self.tokens if t.map and t.children is tokens), None)
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

    def inline(self, tokens) -> tuple[Inline, ...]:
        uit: list[Inline] = []
        stapel: list[tuple[str, list[Inline], str]] = []

        def voeg_toe(item: Inline) -> None:
            (stapel[-1][1] if stapel else uit).append(item)

        for t in tokens:
            soort = t.type
            if soort == "text":
                for deel in _splits_markers(t.content):
                    voeg_toe(deel)
            elif soort == "softbreak":
                voeg_toe(Text(" "))
            elif soort == "hardbreak":
                voeg_toe(LineBreak())
            elif soort == "code_inline":
                voeg_toe(Code(t.content))
            elif soort in ("em_open", "strong_open", "link_open"):
                if len(stapel) >= MAX_OPMAAK_DIEPTE:
                    raise self.te_diep(tokens)
                stapel.append((soort, [], str(t.attrGet("href") or "")))
            elif soort in ("em_close", "strong_close", "link_close") and stapel:
                open_soort, delen, doel = stapel.pop()
                inhoud = tuple(_voeg_tekst_samen(delen))
                if open_soort == "em_open":
                    voeg_toe(Emph(inhoud))
                elif open_soort == "strong_open":
                    voeg_toe(Strong(inhoud))
                else:
                    voeg_toe(Link(inhoud, doel))
            elif soort == "footnote_ref":
                label = t.meta.get("label") or str(t.meta["id"])
                voeg_toe(FootnoteRef(f"{self.sleutel}:{label}"))
            elif soort == "image":
                # Only a paragraph of its own becomes a figure (see ``figuur``): a picture
                # inside a sentence would be lost without a word, so it is an error.
                raise ContentError(
                    "Een afbeelding staat midden in de tekst.",
                    [
                        Probleem(
                            self.bestand,
                            self.regel,
                            f"zet de afbeelding '{unquote(str(t.attrGet('src') or ''))}' in een "
                            "eigen alinea (een witregel ervoor en erna), met daaronder een regel "
                            "'Figuur: bijschrift'.",
                        )
                    ],
                )
            elif soort in ("html_inline",):
                voeg_toe(Text(t.content))
        while stapel:  # unbalanced spans: keep their text
            uit.extend(stapel.pop()[1])
        return tuple(_voeg_tekst_samen(uit))


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
    tokens = _parser().parse(tekst)
    lezer = _Lezer(tokens, bestand, eerste_regel, sleutel, basisniveau)
    lezer.uitkomst.blocks = lezer.blokken()
    return lezer.uitkomst
