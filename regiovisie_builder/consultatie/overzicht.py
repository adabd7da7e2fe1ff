"""The change overview as a model document: per chapter a table of what changed where."""

from __future__ import annotations

from dataclasses import replace

from regiovisie_builder import nederlands
from regiovisie_builder.consultatie.vergelijken import (
    GEWIJZIGD,
    TOEGEVOEGD,
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
    rijen = tuple(
        (
            (Text(_paragraaf(w)),),
            (Text(_omschrijving(w)),),
            (Text(_kort(w.oud) or "–"),),
            (Text(_kort(w.nieuw) or "–"),),
        )
        for w in wijzigingen
    )
    kop = ((Text("Paragraaf"),), (Text("Wijziging"),), (Text("Was"),), (Text("Wordt"),))
    return Table(kop, rijen, (None, None, None, None), BRON)


def wijzigingsoverzicht(
    vergelijking: Vergelijking, oud: str, nieuw: str, revisiebestand: str
) -> Document:
    """A document listing every change per chapter, with paragraph numbers."""
    wijzigingen = vergelijking.wijzigingen
    meta_oud, meta_nieuw = vergelijking.oud.meta, vergelijking.nieuw.meta
    tellingen = {
        s: sum(1 for w in wijzigingen if w.soort == s) for s in (TOEGEVOEGD, VERWIJDERD, GEWIJZIGD)
    }
    inleiding = (
        f"Dit overzicht laat zien wat er in '{meta_nieuw.titel}' is veranderd tussen versie "
        f"{oud} ({nederlands.datum(meta_oud.datum)}) en versie {nieuw} "
        f"({nederlands.datum(meta_nieuw.datum)}). "
    )
    if wijzigingen:
        inleiding += (
            f"Er zijn {len(wijzigingen)} wijzigingen: {tellingen[GEWIJZIGD]} gewijzigd, "
            f"{tellingen[TOEGEVOEGD]} toegevoegd en {tellingen[VERWIJDERD]} verwijderd. "
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
