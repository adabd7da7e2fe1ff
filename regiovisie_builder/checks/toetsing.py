"""Run the checklist: prose in the document plus the measurable rules -> a status per agreement."""

from __future__ import annotations

import re

from regiovisie_builder import nvo
from regiovisie_builder.checks import (
    DEELS,
    ONTBREEKT,
    REGELS,
    VOLDAAN,
    AfspraakUitkomst,
    ThemaUitkomst,
    Toetsing,
    Vindplaats,
    afspraken,  # noqa: F401  (registers the rules)
)
from regiovisie_builder.model import BlokInfo, Document, Regio

STANDAARD = "standaardtekst, niet vastgesteld door de regio"


def _vindplaatsen(blokken: list[BlokInfo]) -> tuple[Vindplaats, ...]:
    return tuple(
        Vindplaats(b.paragraaf or "", b.id, b.herkomst, b.titel) for b in blokken if not b.leeg
    )


def _telt(blok: BlokInfo) -> bool:
    """Text counts for the checklist when it has content and is the region's own or adopted."""
    return not blok.leeg and blok.herkomst != "standaard"


def _naam(blok: BlokInfo) -> str:
    return f"paragraaf {blok.paragraaf} '{blok.titel}'" if blok.paragraaf else f"'{blok.titel}'"


def _bron(blokken: list[BlokInfo]) -> str:
    """eigen when the region wrote any of the text, else overgenomen, else standaard."""
    soorten = {b.herkomst for b in blokken if not b.leeg}
    return next((s for s in ("eigen", "overgenomen") if s in soorten), "standaard")


def _proza(blokken: list[BlokInfo], wat: str) -> list:
    """Findings about the prose: present at all, the region's own or adopted, and without
    open markers."""
    from regiovisie_builder.checks import Bevinding

    gevuld = [b for b in blokken if not b.leeg]
    if not gevuld:
        if blokken:
            namen = ", ".join(_naam(b) for b in blokken)
            return [Bevinding(False, f"De tekst over {wat} is leeg ({namen}).")]
        return [Bevinding(False, f"Het document bevat geen tekst over {wat}.")]
    uit = []
    if not any(_telt(b) for b in gevuld):
        namen = ", ".join(_naam(b) for b in gevuld)
        uit.append(
            Bevinding(
                False,
                f"De tekst over {wat} is alleen {STANDAARD} ({namen}). Pas de tekst aan of "
                "neem hem over in regio.yaml (overgenomen).",
            )
        )
    for blok in gevuld:
        if blok.markeringen:
            aantal = len(blok.markeringen)
            uit.append(
                Bevinding(
                    False,
                    f"In {_naam(blok)} {'staat' if aantal == 1 else 'staan'} nog {aantal} open "
                    f"{'punt' if aantal == 1 else 'punten'} ({', '.join(blok.markeringen)}).",
                )
            )
    return uit


def _afspraak(nummer: int, document: Document, regio: Regio) -> AfspraakUitkomst:
    blokken = [b for b in document.blokken if nummer in b.afspraken]
    titel = nvo.AFSPRAKEN[nummer]
    proza = _proza(blokken, f"afspraak {nummer} ({titel.lower()})")
    metingen = REGELS[nummer](document, regio)
    heeft_proza = any(_telt(b) for b in blokken)
    if heeft_proza and all(b.ok for b in proza + metingen):
        status = VOLDAAN
    elif not heeft_proza and not any(b.ok for b in metingen):
        status = ONTBREEKT
    else:
        status = DEELS
    bevindingen = tuple(b.melding for b in proza + metingen if not b.ok)
    return AfspraakUitkomst(nummer, titel, status, bevindingen, _vindplaatsen(blokken))


def _dekking(id_: str, titel: str, blokken: list[BlokInfo]) -> ThemaUitkomst:
    bevindingen = tuple(b.melding for b in _proza(blokken, titel.lower()))
    behandeld = any(_telt(b) for b in blokken) and not bevindingen
    return ThemaUitkomst(id_, titel, behandeld, _vindplaatsen(blokken), bevindingen, _bron(blokken))


def uitgangssituatie(uitkomsten: tuple[AfspraakUitkomst, ...]) -> int:
    """The region's starting situation (1-4) as the routekaart names them."""
    statussen = [a.status for a in uitkomsten]
    if all(s == VOLDAAN for s in statussen):
        return 1  # a regiovisie that covers every agreement
    if VOLDAAN in statussen:
        return 2  # a regiovisie that misses one or more agreements
    if DEELS in statussen:
        return 3  # no complete regiovisie, but agreements on some parts
    return 4  # no regiovisie and no regional agreements


UITGANGSSITUATIES = {
    1: "Een regiovisie die alle afspraken dekt.",
    2: "Een regiovisie waarin een of meer afspraken ontbreken.",
    3: "Nog geen regiovisie, wel regionale afspraken over een deel.",
    4: "Nog geen regiovisie en geen regionale afspraken.",
}


def toets(document: Document, regio: Regio) -> Toetsing:
    """The checklist pass over a numbered document."""
    uitkomsten = tuple(_afspraak(n, document, regio) for n in sorted(REGELS))
    themas = tuple(
        _dekking(id_, titel, [b for b in document.blokken if id_ in b.themas])
        for id_, titel in nvo.THEMAS.items()
    )
    route5 = _dekking("route-5", nvo.ROUTES[5][0], [b for b in document.blokken if b.route == 5])
    return Toetsing(
        regio=document.meta.regio,
        document=document.meta.titel,
        versie=document.meta.versie,
        afspraken=uitkomsten,
        themas=themas,
        route5=route5,
        uitgangssituatie=uitgangssituatie(uitkomsten),
    )


def als_json(toetsing: Toetsing) -> dict:
    """The SPEC's JSON shape (plus route 5 and the starting situation)."""

    def plaatsen(vindplaatsen) -> list[dict]:
        return [{"paragraaf": v.paragraaf, "blok": v.blok, "bron": v.bron} for v in vindplaatsen]

    return {
        "regio": toetsing.regio,
        "document": toetsing.document,
        "versie": toetsing.versie,
        "voldaan": toetsing.voldaan,
        "afspraken": [
            {
                "nummer": a.nummer,
                "titel": a.titel,
                "status": a.status,
                "bevindingen": list(a.bevindingen),
                "vindplaatsen": plaatsen(a.vindplaatsen),
            }
            for a in toetsing.afspraken
        ],
        "themas": [
            {
                "id": t.id,
                "titel": t.titel,
                "behandeld": t.behandeld,
                "bron": t.bron,
                "vindplaatsen": plaatsen(t.vindplaatsen),
            }
            for t in toetsing.themas
        ],
        "route5": {
            "behandeld": toetsing.route5.behandeld,
            "bron": toetsing.route5.bron,
            "vindplaatsen": plaatsen(toetsing.route5.vindplaatsen),
        },
        "uitgangssituatie": {
            "nummer": toetsing.uitgangssituatie,
            "omschrijving": UITGANGSSITUATIES[toetsing.uitgangssituatie],
        },
    }


_TEKEN = {"voldaan": "✔", "deels": "◐", "ontbreekt": "✘"}


def plaatsen(vindplaatsen) -> str:
    """Where something was found, as paragraph numbers (or titles), for the terminal; shipped
    text the region has not adopted is said to be so."""
    return (
        ", ".join(
            (f"§ {v.paragraaf}" if v.paragraaf else v.titel or v.blok)
            + (f" ({STANDAARD})" if v.bron == "standaard" else "")
            for v in vindplaatsen
        )
        or "–"
    )


def samenvatting(toetsing: Toetsing) -> list[str]:
    """The checklist as readable lines (printed by ``check`` and ``build``)."""
    regels = []
    breedte = max(len(f"{a.nummer}. {a.titel}") for a in toetsing.afspraken)
    for a in toetsing.afspraken:
        naam = f"{a.nummer}. {a.titel}".ljust(breedte)
        regels.append(f"  {_TEKEN[a.status]} {naam}  {a.status:<9}  {plaatsen(a.vindplaatsen)}")
        regels += [f"        - {b}" for b in a.bevindingen]
    return regels


# A regio.yaml key path in a finding, e.g. "(toegang.basisfuncties)" or
# "(inkoop.model: lokaal_tenzij, regionaal of regionaal_tenzij)"; council members and the
# annex get the finding without it.
_PAD = r"(?:[a-z_]+(?:\[\d+\])?\.)+(?!yaml\b)[a-z_]+(?:\[\d+\])?"
_PAD_TUSSEN_HAAKJES = re.compile(rf"\s*\({_PAD}(?:[:,][^()]*)?\)")
_LOS_PAD = re.compile(rf"(?<![\w./]){_PAD}(?![\w/])")


def gewone_taal(melding: str) -> str:
    """A finding without regio.yaml key paths, for readers who never open regio.yaml."""
    tekst = _PAD_TUSSEN_HAAKJES.sub("", melding)
    return _LOS_PAD.sub("regio.yaml", tekst)


_OORDEEL = {VOLDAAN: "voldaan", DEELS: "deels uitgewerkt", ONTBREEKT: "ontbreekt"}


def raadsvariabelen(toetsing: Toetsing, reden: str = "") -> dict:
    """The Jinja variable ``toetsing`` of council documents: every sentence they write about
    the norm comes from here, so a council document never claims more than the check found.
    """
    niet = [a for a in toetsing.afspraken if a.status != VOLDAAN]
    aantal = len(toetsing.afspraken) - len(niet)
    if not niet:
        uitspraak = (
            "De regiovisie is getoetst aan de Norm voor Opdrachtgeverschap. "
            "Alle acht afspraken van de norm zijn erin uitgewerkt."
        )
    else:
        namen = [f"afspraak {a.nummer} ({a.titel.lower()})" for a in niet]
        uitspraak = (
            "De regiovisie is getoetst aan de Norm voor Opdrachtgeverschap. "
            f"{aantal} van de 8 afspraken {'is' if aantal == 1 else 'zijn'} volledig uitgewerkt. "
            f"Nog niet volledig uitgewerkt: {_opsomming(namen)}."
        )
    return {
        "voldaan": not niet,
        "aantal_voldaan": aantal,
        "aantal": len(toetsing.afspraken),
        "uitspraak": uitspraak,
        "niet_voldaan": [
            {
                "nummer": a.nummer,
                "titel": a.titel,
                "status": a.status,
                "oordeel": _OORDEEL[a.status],
                "bevindingen": [gewone_taal(b) for b in a.bevindingen],
            }
            for a in niet
        ],
        "reden": reden.strip(),
    }


def _opsomming(delen: list[str]) -> str:
    return delen[0] if len(delen) == 1 else ", ".join(delen[:-1]) + " en " + delen[-1]


def weigering(toetsing: Toetsing, status: str) -> str:
    """Why a final version is not built, with every finding (printed by ``build``)."""
    aantal = sum(a.status == VOLDAAN for a in toetsing.afspraken)
    regels = [
        f"De status is '{status}', maar de regiovisie voldoet niet aan de norm: {aantal} van "
        "de 8 afspraken voldaan. Er is niets geschreven.",
        "Los de bevindingen op, zet de status terug op concept, of bouw toch met "
        '--ondanks-toetsing "reden": de raadsvoorstellen noemen dan wat niet voldaan is en '
        "waarom.",
    ]
    for a in toetsing.afspraken:
        if a.status != VOLDAAN:
            regels.append(f"  {_TEKEN[a.status]} {a.nummer}. {a.titel}: {a.status}")
            regels += [f"      - {b}" for b in a.bevindingen]
    return "\n".join(regels)
