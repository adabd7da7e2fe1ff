"""Number headings (1, 1.1, 1.1.1), tables and figures, and make every anchor unique.

One pass over the flat block list: linear in the size of the document.
"""

from __future__ import annotations

from dataclasses import replace

from regiovisie_builder.model import Document, Figure, Heading, Table


def nummer(document: Document) -> Document:
    """A copy of ``document`` with heading and table numbers and unique anchors."""
    tellers = [0, 0, 0]
    tabellen = 0
    figuren = 0
    gebruikt: dict[str, int] = {}
    paragrafen: dict[str, str] = {}
    body = []
    for blok in document.body:
        if isinstance(blok, Heading):
            anker = _uniek(blok.id, gebruikt)
            nummer_ = None
            if blok.numbered and blok.level <= 3:
                niveau = blok.level - 1
                tellers[niveau] += 1
                for lager in range(niveau + 1, 3):
                    tellers[lager] = 0
                nummer_ = ".".join(str(t) for t in tellers[: niveau + 1])
            blok = replace(blok, id=anker, number=nummer_)
            if blok.blok:
                paragrafen[blok.blok] = nummer_ or ""
        elif isinstance(blok, Table):
            tabellen += 1
            blok = replace(blok, number=tabellen, id=blok.id or f"tabel-{tabellen}")
        elif isinstance(blok, Figure):
            figuren += 1
            blok = replace(blok, number=figuren, id=blok.id or f"figuur-{figuren}")
        body.append(blok)
    blokken = tuple(replace(b, paragraaf=paragrafen.get(b.id)) for b in document.blokken)
    return replace(document, body=tuple(body), blokken=blokken)


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
