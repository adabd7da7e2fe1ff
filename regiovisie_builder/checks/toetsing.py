"""Run the checklist: prose in the document plus the measurable rules -> a status per agreement."""

from __future__ import annotations

import re

from regiovisie_builder import nvo
from regiovisie_builder.checks import (
    ADVIES,
    EIS,
    LINES,
    MISSING,
    PARTLY,
    VOLDAAN,
    AfspraakOutcome,
    ThemaOutcome,
    Toetsing,
    Vindplaats,
    afspraken,  # noqa: F401  (registers the rules)
)
from regiovisie_builder.model import BlokInfo, Document, Regio

DEFAULT = "standaardtekst, niet vastgesteld door de regio"


def _vindplaatsen(blokken: list[BlokInfo]) -> tuple[Vindplaats, ...]:
    return tuple(
        Vindplaats(b.section_number or "", b.id, b.origin, b.titel) for b in blokken if not b.empty
    )


def _counts(blok: BlokInfo) -> bool:
    """Text counts for the checklist when it has content and is the region's own or adopted."""
    return not blok.empty and blok.origin != "standaard"


def _name(blok: BlokInfo) -> str:
    return (
        f"paragraaf {blok.section_number} '{blok.titel}'"
        if blok.section_number
        else f"'{blok.titel}'"
    )


def _source(blokken: list[BlokInfo]) -> str:
    """eigen when the region wrote any of the text, else overgenomen, else standaard."""
    soorten = {b.origin for b in blokken if not b.empty}
    return next((s for s in ("eigen", "overgenomen") if s in soorten), "standaard")


def _prose(blokken: list[BlokInfo], what: str) -> list:
    """Findings about the prose: present at all, the region's own or adopted, and without
    open markers."""
    from regiovisie_builder.checks import Bevinding

    filled = [b for b in blokken if not b.empty]
    if not filled:
        if blokken:
            names = ", ".join(_name(b) for b in blokken)
            return [Bevinding(False, f"De tekst over {what} is leeg ({names}).")]
        return [Bevinding(False, f"Het document bevat geen tekst over {what}.")]
    out = []
    if not any(_counts(b) for b in filled):
        names = ", ".join(_name(b) for b in filled)
        out.append(
            Bevinding(
                False,
                f"De tekst over {what} is alleen {DEFAULT} ({names}). Pas de tekst aan of "
                "neem hem over in regio.yaml (overgenomen).",
            )
        )
    for blok in filled:
        if blok.markeringen:
            count = len(blok.markeringen)
            out.append(
                Bevinding(
                    False,
                    f"In {_name(blok)} {'staat' if count == 1 else 'staan'} nog {count} open "
                    f"{'punt' if count == 1 else 'punten'} ({', '.join(blok.markeringen)}).",
                )
            )
    return out


def _afspraak(number: int, document: Document, regio: Regio) -> AfspraakOutcome:
    blokken = [b for b in document.blokken if number in b.afspraken]
    title = nvo.AFSPRAKEN[number]
    prose = _prose(blokken, f"afspraak {number} ({title.lower()})")
    measurements = LINES[number](document, regio)
    # Advice (a guideline of the routekaart not followed) never lowers the status.
    requirements = [b for b in measurements if b.soort != ADVIES]
    has_prose = any(_counts(b) for b in blokken)
    if has_prose and all(b.ok for b in prose + requirements):
        status = VOLDAAN
    elif not has_prose and not any(b.ok and b.soort == EIS for b in measurements):
        status = MISSING
    else:
        status = PARTLY
    bevindingen = tuple(b.message for b in prose + requirements if not b.ok)
    return AfspraakOutcome(
        number,
        title,
        status,
        bevindingen,
        _vindplaatsen(blokken),
        bewijs=tuple(b.message for b in measurements if b.ok),
        adviezen=tuple(b.message for b in measurements if not b.ok and b.soort == ADVIES),
        in_data=any(b.ok and b.soort == EIS for b in measurements),
    )


def _coverage(id_: str, title: str, blokken: list[BlokInfo]) -> ThemaOutcome:
    bevindingen = tuple(b.message for b in _prose(blokken, title.lower()))
    covered = any(_counts(b) for b in blokken) and not bevindingen
    return ThemaOutcome(id_, title, covered, _vindplaatsen(blokken), bevindingen, _source(blokken))


def uitgangssituatie(outcomes: tuple[AfspraakOutcome, ...], in_data: bool = True) -> int:
    """The region's starting situation (1-4) as the routekaart names them.

    ``in_data``: whether the region's data record any regional agreement (a requirement
    that holds). Shipped text alone is no agreement, so an empty workspace is situation 4.
    """
    statuses = [a.status for a in outcomes]
    if all(s == VOLDAAN for s in statuses):
        return 1  # a regiovisie that covers every agreement
    if VOLDAAN in statuses:
        return 2  # a regiovisie that misses one or more agreements
    if PARTLY in statuses and in_data:
        return 3  # no complete regiovisie, but agreements on some parts
    return 4  # no regiovisie and no regional agreements


UITGANGSSITUATIES = {
    1: "Een regiovisie die alle afspraken dekt.",
    2: "Een regiovisie waarin een of meer afspraken ontbreken.",
    3: "Nog geen regiovisie, wel regionale afspraken over een deel.",
    4: "Nog geen regiovisie en geen regionale afspraken.",
}


def run_toetsing(document: Document, regio: Regio) -> Toetsing:
    """The checklist pass over a numbered document."""
    outcomes = tuple(_afspraak(n, document, regio) for n in sorted(LINES))
    afspraken_in_data = any(a.in_data for a in outcomes)
    themas = tuple(
        _coverage(id_, title, [b for b in document.blokken if id_ in b.themas])
        for id_, title in nvo.THEMAS.items()
    )
    route5 = _coverage("route-5", nvo.ROUTES[5][0], [b for b in document.blokken if b.route == 5])
    return Toetsing(
        regio=document.meta.regio,
        document=document.meta.titel,
        versie=document.meta.versie,
        afspraken=outcomes,
        themas=themas,
        route5=route5,
        uitgangssituatie=uitgangssituatie(outcomes, afspraken_in_data),
    )


def as_json(toetsing: Toetsing) -> dict:
    """The SPEC's JSON shape (plus route 5 and the starting situation)."""

    def places(vindplaatsen) -> list[dict]:
        return [
            {"paragraaf": v.section_number, "blok": v.block_id, "bron": v.source}
            for v in vindplaatsen
        ]

    return {
        "regio": toetsing.regio,
        "document": toetsing.document,
        "versie": toetsing.versie,
        "voldaan": toetsing.voldaan,
        "afspraken": [
            {
                "nummer": a.number,
                "titel": a.titel,
                "status": a.status,
                "bevindingen": list(a.bevindingen),
                "vindplaatsen": places(a.vindplaatsen),
                "bewijs": list(a.bewijs),
                "adviezen": list(a.adviezen),
            }
            for a in toetsing.afspraken
        ],
        "themas": [
            {
                "id": t.id,
                "titel": t.titel,
                "behandeld": t.covered,
                "bron": t.source,
                "vindplaatsen": places(t.vindplaatsen),
            }
            for t in toetsing.themas
        ],
        "route5": {
            "behandeld": toetsing.route5.covered,
            "bron": toetsing.route5.source,
            "vindplaatsen": places(toetsing.route5.vindplaatsen),
        },
        "uitgangssituatie": {
            "nummer": toetsing.uitgangssituatie,
            "omschrijving": UITGANGSSITUATIES[toetsing.uitgangssituatie],
        },
    }


_CHARACTER = {"voldaan": "✔", "deels": "◐", "ontbreekt": "✘"}


def places(vindplaatsen) -> str:
    """Where something was found, as paragraph numbers (or titles), for the terminal; shipped
    text the region has not adopted is said to be so."""
    return (
        ", ".join(
            (f"§ {v.section_number}" if v.section_number else v.titel or v.block_id)
            + (f" ({DEFAULT})" if v.source == "standaard" else "")
            for v in vindplaatsen
        )
        or "–"
    )


def summary(toetsing: Toetsing, bewijs: bool = False) -> list[str]:
    """The checklist as readable lines (printed by ``check`` and ``build``); with ``bewijs``
    also what was verified and holds, so the basis of every 'voldaan' is visible."""
    lines = []
    width = max(len(f"{a.number}. {a.titel}") for a in toetsing.afspraken)
    for a in toetsing.afspraken:
        name = f"{a.number}. {a.titel}".ljust(width)
        lines.append(f"  {_CHARACTER[a.status]} {name}  {a.status:<9}  {places(a.vindplaatsen)}")
        lines += [f"        - {b}" for b in a.bevindingen]
        lines += [f"        advies: {b}" for b in a.adviezen]
        if bewijs:
            lines += [f"        ✓ {b}" for b in a.bewijs]
    return lines


# A regio.yaml key path in a finding, e.g. "(toegang.basisfuncties)" or
# "(inkoop.model: lokaal_tenzij, regionaal of regionaal_tenzij)"; council members and the
# annex get the finding without it.
_PATH = r"(?:[a-z_]+(?:\[\d+\])?\.)+(?!yaml\b)[a-z_]+(?:\[\d+\])?"
_PATH_BETWEEN_PARENTHESES = re.compile(rf"\s*\({_PATH}(?:[:,][^()]*)?\)")
_LOOSE_PATH = re.compile(rf"(?<![\w./]){_PATH}(?![\w/])")


def plain_language(message: str) -> str:
    """A finding without regio.yaml key paths, for readers who never open regio.yaml."""
    text = _PATH_BETWEEN_PARENTHESES.sub("", message)
    return _LOOSE_PATH.sub("regio.yaml", text)


_VERDICT = {VOLDAAN: "voldaan", PARTLY: "deels uitgewerkt", MISSING: "ontbreekt"}


def raad_variables(toetsing: Toetsing, reason: str = "") -> dict:
    """The Jinja variable ``toetsing`` of council documents: every sentence they write about
    the norm comes from here, so a council document never claims more than the check found.
    """
    negated = [a for a in toetsing.afspraken if a.status != VOLDAAN]
    count = len(toetsing.afspraken) - len(negated)
    if not negated:
        verdict = (
            "De regiovisie is getoetst aan de Norm voor Opdrachtgeverschap. "
            "Alle acht afspraken van de norm zijn erin uitgewerkt."
        )
    else:
        names = [f"afspraak {a.number} ({a.titel.lower()})" for a in negated]
        verdict = (
            "De regiovisie is getoetst aan de Norm voor Opdrachtgeverschap. "
            f"{count} van de 8 afspraken {'is' if count == 1 else 'zijn'} volledig uitgewerkt. "
            f"Nog niet volledig uitgewerkt: {_enumeration(names)}."
        )
    return {
        "voldaan": not negated,
        "aantal_voldaan": count,
        "aantal": len(toetsing.afspraken),
        "uitspraak": verdict,
        "niet_voldaan": [
            {
                "nummer": a.number,
                "titel": a.titel,
                "status": a.status,
                "oordeel": _VERDICT[a.status],
                "bevindingen": [plain_language(b) for b in a.bevindingen],
            }
            for a in negated
        ],
        "reden": reason.strip(),
    }


def _enumeration(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]


def refusal(toetsing: Toetsing, status: str) -> str:
    """Why a final version is not built, with every finding (printed by ``build``)."""
    count = sum(a.status == VOLDAAN for a in toetsing.afspraken)
    lines = [
        f"De status is '{status}', maar de regiovisie voldoet niet aan de norm: {count} van "
        "de 8 afspraken voldaan. Er is niets geschreven.",
        "Los de bevindingen op, zet de status terug op concept, of bouw toch met "
        '--ondanks-toetsing "reden": de raadsvoorstellen noemen dan wat niet voldaan is en '
        "waarom.",
    ]
    for a in toetsing.afspraken:
        if a.status != VOLDAAN:
            lines.append(f"  {_CHARACTER[a.status]} {a.number}. {a.titel}: {a.status}")
            lines += [f"      - {b}" for b in a.bevindingen]
    return "\n".join(lines)
