"""A list of abbreviations, made from the ones the text itself defines.

An abbreviation counts as defined where it follows its full form in brackets, as in
"Norm voor Opdrachtgeverschap (NvO)": the words before the bracket must spell the
abbreviation (first letters, small words such as "van" or "de" may be skipped, a word may
give more than one letter). The list goes at the end of documents with a table of contents,
as a table under an unnumbered heading; it runs before the numbering, which numbers it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from typing import assert_never

from regiovisie_builder.model import (
    BlockQuote,
    Bron,
    Code,
    CodeBlock,
    Del,
    Document,
    Emph,
    Figure,
    FootnoteRef,
    Heading,
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
    doorloop,
    platte_tekst,
)

TITEL = "Lijst van afkortingen"
_BRON = Bron("afkortingen", 1)
# "(NvO)", "(VNG)", "(GI)": two to ten letters, at least two capitals, a capital first.
_DEFINITIE = re.compile(r"\(([A-Z][A-Za-z]{1,9})\)")
_WOORD = re.compile(r"[\w'’-]+")
_KLEIN = {"de", "het", "een", "van", "voor", "en", "op", "in", "der", "den", "te", "met", "of"}
_MAX_WOORDEN = 10


def _spelt(afkorting: str, woorden: tuple[str, ...]) -> bool:
    """Whether ``woorden`` spell ``afkorting``: each word gives the next letter (its first)
    and perhaps more letters from inside it; small words may give none.

    A single word gives more letters only from its capitals or the starts of its parts
    ("IJmond", "Zuid-Kennemerland"), so "Haarlem (HLM)" is no definition.
    """
    letters = afkorting.lower()
    klein = tuple(w.lower() for w in woorden)
    streng = len(woorden) == 1

    def binnen(j: int, positie: int) -> bool:
        woord = woorden[j]
        return not streng or woord[positie].isupper() or woord[positie - 1] == "-"

    @cache
    def past(i: int, j: int) -> bool:
        if j == len(klein):
            return i == len(letters)
        woord = klein[j]
        if woord in _KLEIN and j > 0 and past(i, j + 1):
            return True
        if i == len(letters) or woord[0] != letters[i]:
            return False
        # The word gives its first letter and then any further letters found in it, in order.
        k, positie = i + 1, 1
        opties = [k]
        while k < len(letters):
            gevonden = woord.find(letters[k], positie)
            while gevonden >= 0 and not binnen(j, gevonden):
                gevonden = woord.find(letters[k], gevonden + 1)
            if gevonden < 0:
                break
            k, positie = k + 1, gevonden + 1
            opties.append(k)
        return any(past(k, j + 1) for k in opties)

    return past(0, 0)


def zoek_afkortingen(tekst: str) -> list[tuple[str, str]]:
    """(abbreviation, full form) for every definition in ``tekst``, in order."""
    gevonden = []
    for treffer in _DEFINITIE.finditer(tekst):
        afkorting = treffer.group(1)
        if sum(c.isupper() for c in afkorting) < 2:
            continue
        woorden = [w for w in _WOORD.findall(tekst[: treffer.start()])][-_MAX_WOORDEN:]
        kandidaten = [
            tuple(woorden[-aantal:])
            for aantal in range(1, len(woorden) + 1)
            if _spelt(afkorting, tuple(woorden[-aantal:]))
        ]
        # The shortest spelling, unless it starts with a small word ("van Nederlandse
        # Gemeenten" for VNG, where "Vereniging van Nederlandse Gemeenten" is meant).
        beste = next((k for k in kandidaten if k[0].lower() not in _KLEIN), None)
        if beste or kandidaten:
            gevonden.append((afkorting, " ".join(beste or kandidaten[0])))
    return gevonden


def _teksten(document: Document):
    for knoop in doorloop(document.body):
        match knoop:
            case Paragraph():
                yield platte_tekst(knoop.content)
            case Table():
                for rij in knoop.rows:
                    for cel in rij:
                        yield platte_tekst(cel)
            case ListBlock() | BlockQuote() | Revisie():
                pass  # their paragraphs come next in the walk
            case Heading() | CodeBlock() | Figure():
                pass  # abbreviations are explained in running text and tables
            case Text() | Emph() | Strong() | Code() | Link() | LineBreak():
                pass  # read with the paragraph they are in
            case FootnoteRef() | Marker() | Ins() | Del():
                pass
            case _:
                assert_never(knoop)


def voeg_afkortingen_toe(document: Document) -> Document:
    """``document`` with a list of the abbreviations it defines at the end (when it has a
    table of contents and defines at least one)."""
    if not document.meta.inhoudsopgave:
        return document
    lijst: dict[str, str] = {}
    for tekst in _teksten(document):
        if "(" in tekst:
            for afkorting, voluit in zoek_afkortingen(tekst):
                lijst.setdefault(afkorting, voluit)
    if not lijst:
        return document
    tabel = Table(
        header=((Text("Afkorting"),), (Text("Betekenis"),)),
        rows=tuple(
            ((Text(a),), (Text(lijst[a]),)) for a in sorted(lijst, key=lambda a: a.casefold())
        ),
        align=(None, None),
        bron=_BRON,
        caption=(Text("Afkortingen in dit document"),),
        id="afkortingen-tabel",
    )
    kop = Heading(1, (Text(TITEL),), "afkortingen", _BRON, numbered=False)
    return replace(document, body=(*document.body, kop, tabel))
