"""Model -> reStructuredText sources for Sphinx: an index page and one page per chapter.

Every piece of user text is backslash-escaped, so no content can turn into reST markup by
accident. reST cannot nest inline markup (no link inside bold, no bold inside italics): a
nested span is written as its plain text inside the outer one. Custom roles and the table
directive used here are defined in ``uitbreiding.py``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import assert_never

from regiovisie_builder import nederlands
from regiovisie_builder.model import (
    Block,
    BlockQuote,
    Code,
    CodeBlock,
    Del,
    Document,
    Emph,
    Figure,
    FootnoteRef,
    Heading,
    Inline,
    Ins,
    LineBreak,
    Link,
    ListBlock,
    Marker,
    Paragraph,
    Revisie,
    Strong,
    Table,
    Text,
    platte_tekst,
)
from regiovisie_builder.writers.voetnoten import volgorde

# Characters that can start or end reST inline or block markup somewhere; escaping them all
# is harmless (a backslash before any other character just yields that character).
_SPECIAAL = re.compile(r"([\\*`_|:\[\]<>])")
# Tracked changes go only to Word and the single web page (pipeline.vergelijk_versies); the
# site publishes a version as it is, so a change node reaching it is a programming error.
_GEEN_REVISIES = "the site writer does not write tracked changes ({})"
# Section adornments by depth on a page: page title, then deeper levels.
_ADORNMENT = "=-~^\"'"
# Names Sphinx uses for its own pages; a chapter id never becomes one of these.
_GERESERVEERD = {"index", "search", "genindex", "py-modindex", "versies"}


def _voeg_samen(stukken: list[tuple[bool, str]]) -> str:
    """Join text and markup; an escaped space (which reST drops) where markup touches text."""
    uit = ""
    vorige_markup = False
    for markup, tekst in stukken:
        if not tekst:
            continue
        if (markup or vorige_markup) and uit and not uit[-1].isspace() and not tekst[0].isspace():
            uit += "\\ "
        uit += tekst
        vorige_markup = markup
    return uit


def escape(tekst: str) -> str:
    """Text with every reST markup character escaped and line breaks flattened."""
    return _SPECIAAL.sub(r"\\\1", tekst.replace("\r", " ").replace("\n", " "))


def alinearegel(rst: str) -> str:
    """A line of reST that cannot start a list, comment or other block construct.

    Text such as "2021. Daarna" or "- los" at the start would become a list: its first
    character gets escaped. Markup and escapes at the start are safe as they are.
    """
    if rst and not rst[0].isalpha() and rst[0] not in "\\*:`[|":
        return "\\" + rst
    return rst


def paginanaam(hoofdstuk_id: str) -> str:
    """The page (docname) of a chapter: its id, made safe as a file name."""
    naam = re.sub(r"[^a-z0-9-]+", "-", hoofdstuk_id.lower()).strip("-") or "hoofdstuk"
    return f"hoofdstuk-{naam}" if naam in _GERESERVEERD else naam


@dataclass(frozen=True)
class Pagina:
    """One source file: its docname, reST text and problems met while writing it (Dutch)."""

    naam: str
    tekst: str
    meldingen: tuple[str, ...] = ()
    # Images the page shows: (path in the source folder, bytes); Sphinx copies them.
    bestanden: tuple[tuple[str, bytes], ...] = ()


class _Schrijver:
    """Writes the blocks of one page; collects the footnotes that page refers to."""

    def __init__(self, document: Document, voetnoten: dict[str, int], ankers: set[str]):
        self.document = document
        self.voetnoten = voetnoten
        self.ankers = ankers
        self.gebruikt: dict[str, int] = {}
        self.meldingen: list[str] = []
        self.bestanden: dict[str, bytes] = {}

    # --- inline -----------------------------------------------------------------------

    def inline(self, inhoud: Iterable[Inline], genest: bool = False) -> str:
        """Inline spans as reST; markup pieces are joined to text with escaped spaces."""
        stukken: list[tuple[bool, str]] = []  # (is markup, reST)
        for item in inhoud:
            match item:
                case Text():
                    stukken.append((False, escape(item.text)))
                case LineBreak():
                    stukken.append((False, " ") if genest else (True, "|br|"))
                case (
                    Emph() | Strong() | Code() | Link() | Marker() | FootnoteRef() | Ins() | Del()
                ) if genest:
                    # Inside emphasis, bold or a link text reST allows no more markup.
                    stukken.append((False, escape(platte_tekst((item,)))))
                case Emph() | Strong():
                    stukken += self._nadruk(item)
                case Code() if item.text.strip():
                    stukken.append((True, f":literal:`{escape(item.text)}`"))
                case Link():
                    stukken.append((True, self._link(item)))
                case Marker():
                    stukken.append((True, f":open:`{escape(item.pad)}`"))
                case FootnoteRef() if item.key in self.voetnoten:
                    nummer = self.voetnoten[item.key]
                    self.gebruikt[item.key] = nummer
                    stukken.append((True, f"[{nummer}]_"))
                case Code() | FootnoteRef():
                    pass  # empty code, or a reference to a footnote the document does not have
                case Ins() | Del():
                    raise TypeError(_GEEN_REVISIES.format(type(item).__name__))
                case _:
                    assert_never(item)  # a node type this writer does not know: fail loudly
        return _voeg_samen(stukken)

    def _nadruk(self, item: Emph | Strong) -> list[tuple[bool, str]]:
        tekst = self.inline(item.content, genest=True)
        kern = tekst.strip()
        if not kern:
            return [(False, tekst)]
        teken = "*" if isinstance(item, Emph) else "**"
        # Whitespace just inside the markers would end the markup: move it outside.
        voor = [(False, " ")] if tekst[:1].isspace() else []
        na = [(False, " ")] if tekst[-1:].isspace() else []
        return [*voor, (True, f"{teken}{kern}{teken}"), *na]

    def _link(self, link: Link) -> str:
        tekst = self.inline(link.content, genest=True).strip()
        if link.target.startswith("#"):
            anker = link.target[1:]
            if anker not in self.ankers:
                # Sphinx would warn in English and drop the link anyway; say it in Dutch.
                self.meldingen.append(
                    f"De link naar '#{anker}' wijst naar een kop of tabel die niet bestaat; "
                    "op de website staat alleen de linktekst."
                )
                return tekst or escape(link.target)
            return f":ref:`{tekst} <{anker}>`" if tekst else f":ref:`{anker}`"
        doel = escape(link.target)
        return f"`{tekst} <{doel}>`__" if tekst else f"`<{doel}>`__"

    # --- blocks -----------------------------------------------------------------------

    def blokken(self, blokken, diepte: list[int]) -> list[str]:
        regels: list[str] = []
        for blok in blokken:
            regels += self.blok(blok, diepte)
            regels.append("")
        return regels

    def blok(self, blok: Block, diepte: list[int]) -> list[str]:
        match blok:
            case Heading():
                return self.kop(blok, diepte)
            case Paragraph():
                return [self.alinea(blok.content)]
            case ListBlock():
                return self.lijst(blok, diepte)
            case Table():
                return self.tabel(blok)
            case Figure():
                return self.figuur(blok)
            case BlockQuote():
                # An empty comment first, so the quote never merges into a list above it.
                binnen = self.blokken(blok.blocks, diepte)
                return ["..", ""] + [f"   {r}" if r else "" for r in binnen]
            case CodeBlock() if blok.text.strip():
                return ["::", ""] + [f"   {r}" if r else "" for r in blok.text.splitlines()]
            case CodeBlock():
                return []  # an empty code block: nothing to show
            case Revisie():
                raise TypeError(_GEEN_REVISIES.format(type(blok).__name__))
            case _:
                assert_never(blok)  # a node type this writer does not know: fail loudly

    def alinea(self, inhoud) -> str:
        """Inline spans as one line of reST that always stays a paragraph."""
        return alinearegel(self.inline(inhoud).strip())

    def kop(self, kop: Heading, diepte: list[int]) -> list[str]:
        # reST needs consistent levels: a heading may go at most one level deeper.
        niveau = max(1, min(kop.level, diepte[0] + 1))
        diepte[0] = niveau
        titel = self.alinea(kop.content) or escape(kop.id)
        # The role carries the model's anchor (and the number, when the heading has one).
        nummer = f"{kop.number} " if kop.number and kop.numbered else ""
        titel = f":paragraaf:`{escape(nummer)}<{escape(kop.id)}>` {titel}"
        return [titel, _ADORNMENT[min(niveau - 1, 5)] * (len(titel) + 4)]

    def lijst(self, lijst: ListBlock, diepte: list[int]) -> list[str]:
        regels: list[str] = []
        for i, item in enumerate(lijst.items):
            teken = f"{lijst.start + i}." if lijst.ordered else "-"
            binnen = self.blokken(item, diepte) or [""]
            while binnen and not binnen[-1]:
                binnen.pop()
            inspring = " " * (len(teken) + 1)
            regels.append(f"{teken} {binnen[0]}".rstrip() if binnen else teken)
            regels += [f"{inspring}{r}" if r else "" for r in binnen[1:]]
            regels.append("")
        return regels

    def tabel(self, tabel: Table) -> list[str]:
        rijen = ([tabel.header] if tabel.header else []) + list(tabel.rows)
        kolommen = max((len(rij) for rij in rijen), default=0)
        if not kolommen:
            return []
        bijschrift = f"Tabel {tabel.number}" if tabel.number else "Tabel"
        if tabel.caption:
            bijschrift += f". {self.alinea(tabel.caption)}"
        uitlijning = [
            (tabel.align[i] if i < len(tabel.align) else None) or "left" for i in range(kolommen)
        ]
        regels = [
            f".. regiovisie-tabel:: {bijschrift}",
            f"   :header-rows: {1 if tabel.header else 0}",
            "   :stub-columns: 1",
            f"   :uitlijning: {','.join(uitlijning)}",
        ]
        if tabel.id:
            regels.append(f"   :name: {tabel.id}")
        regels.append("")
        for rij in rijen:
            # list-table needs every row equally long: short rows get empty cells.
            cellen = list(rij) + [()] * (kolommen - len(rij))
            for j, cel in enumerate(cellen):
                teken = "   * - " if j == 0 else "     - "
                regels.append(f"{teken}{self.alinea(cel)}".rstrip())
        return regels

    def figuur(self, figuur: Figure) -> list[str]:
        """A ``figure`` directive; the image is copied into the site as an asset."""
        bijschrift = f"Figuur {figuur.number}" if figuur.number else "Figuur"
        if figuur.caption:
            bijschrift += f". {self.alinea(figuur.caption)}"
        if not figuur.data:
            return [alinearegel(escape(f"[Afbeelding: {figuur.alt}]")), "", bijschrift]
        extensie = {"jpeg": "jpg"}.get(figuur.soort, figuur.soort)
        naam = f"_afbeeldingen/{hashlib.sha256(figuur.data).hexdigest()[:16]}.{extensie}"
        self.bestanden[naam] = figuur.data
        alt = " ".join(figuur.alt.split())
        regels = [f".. figure:: {naam}", f"   :alt: {alt}"]
        if figuur.id:
            regels.append(f"   :name: {figuur.id}")
        return [*regels, "", f"   {bijschrift}"]

    def voetnootdefinities(self) -> list[str]:
        regels: list[str] = []
        for sleutel, nummer in sorted(self.gebruikt.items(), key=lambda kv: kv[1]):
            blokken = self.document.footnotes[sleutel]
            binnen = self.blokken(blokken, [9]) or [""]
            while binnen and not binnen[-1]:
                binnen.pop()
            regels.append(f".. [{nummer}] {binnen[0]}".rstrip())
            regels += [f"   {r}" if r else "" for r in binnen[1:]]
            regels.append("")
        return regels


def _voorpagina(meta, markeringen) -> list[str]:
    """Title, subtitle, municipalities and open points on the index page."""
    titel = alinearegel(escape(meta.titel))
    regels = ["=" * (len(titel) + 4), titel, "=" * (len(titel) + 4), ""]
    if meta.ondertitel:
        regels += [".. rst-class:: ondertitel", "", alinearegel(escape(meta.ondertitel)), ""]
    gemeenten = escape(nederlands.opsomming(meta.gemeenten))
    regels += [f"Gemeenten: {gemeenten}", ""]
    if markeringen:
        regels += [
            ".. container:: open-punten",
            "",
            "   .. rubric:: Nog in te vullen",
            "",
            "   Deze versie is nog niet compleet. Vul in regio.yaml aan:",
            "",
            *(f"   - :literal:`{escape(pad)}`" for pad in markeringen),
            "",
        ]
    return regels


def _pagina(document, voetnoten, ankers, naam: str, kop: Heading | None, blokken) -> Pagina:
    schrijver = _Schrijver(document, voetnoten, ankers)
    diepte = [0]
    regels = [".. |br| raw:: html", "", "   <br>", ""]
    if kop is not None:
        regels += schrijver.kop(kop, diepte) + [""]
    else:
        regels += _voorpagina(document.meta, document.markeringen)
        diepte[0] = 1
    regels += schrijver.blokken(blokken, diepte)
    if schrijver.gebruikt:
        regels += [".. rubric:: Voetnoten", ""] + schrijver.voetnootdefinities()
    return Pagina(
        naam,
        "\n".join(regels).rstrip() + "\n",
        tuple(schrijver.meldingen),
        tuple(sorted(schrijver.bestanden.items())),
    )


def paginas(document: Document) -> list[Pagina]:
    """The index page (title, front matter, chapter list) and one page per chapter."""
    voetnoten = volgorde(document)
    ankers = {b.id for b in document.body if isinstance(b, Heading | Table | Figure) and b.id}
    voor: list[Block] = []
    hoofdstukken: list[tuple[Heading, list[Block]]] = []
    for blok in document.body:
        if isinstance(blok, Heading) and blok.level == 1:
            hoofdstukken.append((blok, []))
        elif hoofdstukken:
            hoofdstukken[-1][1].append(blok)
        else:
            voor.append(blok)
    namen: list[str] = []
    for kop, _ in hoofdstukken:
        naam = paginanaam(kop.id)
        while naam in namen:
            naam += "-2"
        namen.append(naam)
    resultaat = [
        _pagina(document, voetnoten, ankers, naam, kop, blokken)
        for naam, (kop, blokken) in zip(namen, hoofdstukken, strict=True)
    ]
    index = _pagina(document, voetnoten, ankers, "index", None, voor)
    toctree = ["", ".. toctree::", "   :maxdepth: 2", "", *(f"   {n}" for n in namen), ""]
    index = Pagina(index.naam, index.tekst + "\n".join(toctree), index.meldingen, index.bestanden)
    return [index, *resultaat]
