"""Number headings (1, 1.1, 1.1.1), tables and figures, and make every anchor unique.

One pass over the flat block list: linear in the size of the document.
"""

from __future__ import annotations

from dataclasses import replace
from typing import assert_never

from regiovisie_builder.model import (
    BlockQuote,
    CodeBlock,
    Document,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    Revisie,
    Table,
)


def nummer(document: Document) -> Document:
    """A copy of ``document`` with heading and table numbers and unique anchors."""
    tellers = [0, 0, 0]
    hoofdstukken = tellers
    bijlagen = 0
    bijlage = ""  # the letter of the appendix being numbered
    tabellen = 0
    figuren = 0
    gebruikt: dict[str, int] = {}
    paragrafen: dict[str, str] = {}
    body = []
    for blok in document.body:
        match blok:
            case Heading():
                anker = _uniek(blok.id, gebruikt)
                nummer_ = None
                if blok.level == 1 and blok.bijlage:
                    # Appendices count with letters and restart the numbering below them.
                    bijlage = _letter(bijlagen)
                    bijlagen += 1
                    tellers = [0, 0, 0]
                    nummer_ = f"{BIJLAGE} {bijlage}"
                elif blok.level == 1:
                    bijlage = ""
                    if bijlagen:  # a chapter after the appendices continues the chapters
                        tellers = hoofdstukken
                if blok.numbered and blok.level <= 3 and not (blok.level == 1 and blok.bijlage):
                    niveau = blok.level - 1
                    tellers[niveau] += 1
                    for lager in range(niveau + 1, 3):
                        tellers[lager] = 0
                    nummer_ = ".".join(str(t) for t in tellers[: niveau + 1])
                    if bijlage:  # "A.1", "A.1.2" below Bijlage A
                        nummer_ = ".".join([bijlage, *(str(t) for t in tellers[1 : niveau + 1])])
                blok = replace(blok, id=anker, number=nummer_)
                if blok.blok:
                    paragrafen[blok.blok] = nummer_ or ""
            case Table():
                tabellen += 1
                blok = replace(blok, number=tabellen, id=blok.id or f"tabel-{tabellen}")
            case Figure():
                figuren += 1
                blok = replace(blok, number=figuren, id=blok.id or f"figuur-{figuren}")
            case Paragraph() | ListBlock() | BlockQuote() | CodeBlock() | Revisie():
                pass  # not numbered
            case _:
                assert_never(blok)
        body.append(blok)
    blokken = tuple(replace(b, paragraaf=paragrafen.get(b.id)) for b in document.blokken)
    return replace(document, body=tuple(body), blokken=blokken)


BIJLAGE = "Bijlage"


def _letter(index: int) -> str:
    """A, B, ... Z, AA, AB, ...: the letter of the ``index``-th appendix (from 0)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _uniek(anker: str, gebruikt: dict[str, int]) -> str:
    if anker not in gebruikt:
        gebruikt[anker] = 1
        return anker
    gebruikt[anker] += 1
    nieuw = f"{anker}-{gebruikt[anker]}"
    while nieuw in gebruikt:
        gebruikt[anker] += 1
        nieuw = f"{anker}-{gebruikt[anker]}"
    gebruikt[nieuw] = 1
    return nieuw
