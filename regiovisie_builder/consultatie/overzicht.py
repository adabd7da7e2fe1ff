"""The change overview as a model document: per chapter a table of what changed where."""

from __future__ import annotations

import difflib
from dataclasses import replace

from regiovisie_builder import nederlands
from regiovisie_builder.consultatie.vergelijken import (
    GEWIJZIGD,
    TOEGEVOEGD,
    VERPLAATST,
    VERWIJDERD,
    Vergelijking,
    Wijziging,
)
from regiovisie_builder.model import Bron, Document, Heading, Paragraph, Table, Text
from regiovisie_builder.transforms.nummering import nummer

BRON = Bron("wijzigingsoverzicht")
MAX_TEKEN = 600


def _kort(tekst: str) -> str:
    tekst = " ".join(tekst.split())
    return tekst if len(tekst) <= MAX_TEKEN else tekst[: MAX_TEKEN - 1].rstrip() + "…"


CONTEXT = 8  # words of unchanged text shown around a change


def uitsnede(oud: str, nieuw: str) -> tuple[str, str]:
    """The changed stretch of two texts with a few words of context, the rest as "…"."""
    a, b = oud.split(), nieuw.split()
    blokken = [
        c
        for c in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
        if c[0] != "equal"
    ]
    if not blokken:
        return _kort(oud), _kort(nieuw)
    i1, j1 = blokken[0][1], blokken[0][3]
    i2, j2 = blokken[-1][2], blokken[-1][4]

    def stuk(woorden: list[str], begin: int, eind: int) -> str:
        begin = max(0, begin - CONTEXT)
        eind = min(len(woorden), eind + CONTEXT)
        tekst = " ".join(woorden[begin:eind])
        if not tekst:
            return "–"
        return ("… " if begin else "") + tekst + (" …" if eind < len(woorden) else "")

    return _kort(stuk(a, i1, i2)), _kort(stuk(b, j1, j2))


def _omschrijving(wijziging: Wijziging) -> str:
    if wijziging.soort == GEWIJZIGD and (wijziging.woorden_weg or wijziging.woorden_bij):
        return (
            f"{wijziging.onderdeel} gewijzigd ({wijziging.woorden_weg} woord(en) weg, "
            f"{wijziging.woorden_bij} erbij)"
        )
    return f"{wijziging.onderdeel} {wijziging.soort}"


def _paragraaf(wijziging: Wijziging) -> str:
    plaats = f"{wijziging.paragraaf} {wijziging.titel}".strip()
    if wijziging.soort == VERWIJDERD and wijziging.onderdeel in (
        "hele paragraaf",
        "heel hoofdstuk",
    ):
        return f"(was) {plaats}"
    return plaats or "–"


def _tabel(wijzigingen: list[Wijziging]) -> Table:
    rijen = []
    for w in wijzigingen:
        if w.soort == GEWIJZIGD:
            was, wordt = uitsnede(w.oud, w.nieuw)
        else:
            was, wordt = _kort(w.oud) or "–", _kort(w.nieuw) or "–"
        rijen.append(
            ((Text(_paragraaf(w)),), (Text(_omschrijving(w)),), (Text(was),), (Text(wordt),))
        )
    kop = ((Text("Paragraaf"),), (Text("Wijziging"),), (Text("Was"),), (Text("Wordt"),))
    return Table(kop, tuple(rijen), (None, None, None, None), BRON)


def wijzigingsoverzicht(
    vergelijking: Vergelijking, oud: str, nieuw: str, revisiebestand: str
) -> Document:
    """A document listing every change per chapter, with paragraph numbers."""
    wijzigingen = vergelijking.wijzigingen
    meta_oud, meta_nieuw = vergelijking.oud.meta, vergelijking.nieuw.meta
    tellingen = {
        s: sum(1 for w in wijzigingen if w.soort == s)
        for s in (GEWIJZIGD, TOEGEVOEGD, VERWIJDERD, VERPLAATST)
    }
    soorten = nederlands.opsomming([f"{n} {s}" for s, n in tellingen.items() if n])
    inleiding = (
        f"Dit overzicht laat zien wat er in '{meta_nieuw.titel}' is veranderd tussen versie "
        f"{oud} ({nederlands.datum(meta_oud.datum)}) en versie {nieuw} "
        f"({nederlands.datum(meta_nieuw.datum)}). "
    )
    if wijzigingen:
        inleiding += (
            f"Er zijn {len(wijzigingen)} wijzigingen: {soorten}. "
            "Paragraafnummers zijn die van de nieuwe versie; bij een verwijderde paragraaf "
            "staat het oude nummer. "
            f"De volledige tekst met alle wijzigingen als bijgehouden wijzigingen staat in "
            f"{revisiebestand}."
        )
    else:
        inleiding += "Er zijn geen inhoudelijke wijzigingen."
    body: list = [
        Heading(1, (Text("Over dit overzicht"),), "over-dit-overzicht", BRON, numbered=False),
        Paragraph((Text(inleiding),), BRON),
    ]
    per_hoofdstuk: dict[str, list[Wijziging]] = {}
    for wijziging in wijzigingen:
        per_hoofdstuk.setdefault(wijziging.hoofdstuk, []).append(wijziging)
    for index, (hoofdstuk, lijst) in enumerate(per_hoofdstuk.items(), start=1):
        body.append(Heading(1, (Text(hoofdstuk),), f"hoofdstuk-{index}", BRON, numbered=False))
        body.append(_tabel(lijst))
    meta = replace(
        meta_nieuw,
        titel=f"Wijzigingsoverzicht {meta_nieuw.titel}",
        ondertitel=f"Versie {oud} → versie {nieuw}",
    )
    return nummer(Document(meta, tuple(body)))
