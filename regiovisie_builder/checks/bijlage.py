"""Append the checklist result to the document as an annex with tables."""

from __future__ import annotations

from dataclasses import replace

from regiovisie_builder import nvo
from regiovisie_builder.checks import AfspraakOutcome, Toetsing, Vindplaats
from regiovisie_builder.checks.toetsing import DEFAULT, UITGANGSSITUATIES, plain_language
from regiovisie_builder.errors import ContentError, Problem
from regiovisie_builder.model import (
    Document,
    Figure,
    Heading,
    LineBreak,
    Link,
    Paragraph,
    Source,
    Table,
    Text,
)

TITLE = "Bijlage: Toetsing aan de Norm voor Opdrachtgeverschap"
_SOURCE = Source("toetsing", 1)
_STATUS = {"voldaan": "Voldaan", "deels": "Deels", "ontbreekt": "Ontbreekt"}


def _places(vindplaatsen: tuple[Vindplaats, ...]) -> tuple:
    out: list = []
    for index, place in enumerate(vindplaatsen):
        if index:
            out.append(Text(", "))
        label = f"§ {place.section_number}" if place.section_number else place.titel or "tekst"
        out.append(Link((Text(label),), f"#{place.block_id}"))
        if place.source == "standaard":
            out.append(Text(f" ({DEFAULT})"))
    return tuple(out) or (Text("–"),)


def _lines(lines: tuple[str, ...] | list[str], otherwise: str = "–") -> tuple:
    """One line per item, separated by line breaks, in one table cell."""
    out: list = []
    for index, line in enumerate(lines):
        if index:
            out.append(LineBreak())
        out.append(Text(line))
    return tuple(out) or (Text(otherwise),)


def _bevindingen(a: AfspraakOutcome) -> tuple:
    # Plain Dutch for council members: no internal keys or block ids.
    lines = [plain_language(b) for b in a.bevindingen]
    lines += [f"Advies: {plain_language(b)}" for b in a.adviezen]
    return _lines(lines, "Alle onderdelen zijn aanwezig.")


def _see(vindplaatsen: tuple[Vindplaats, ...]) -> tuple:
    """'niet automatisch te toetsen: zie paragraaf 3.1 en 3.2', with links."""
    numbered = [v for v in vindplaatsen if v.section_number]
    if not numbered:
        return (Text("niet automatisch te toetsen; er staat nog geen tekst over in het document"),)
    out: list = [Text("niet automatisch te toetsen: zie paragraaf ")]
    for index, place in enumerate(numbered):
        if index:
            out.append(Text(" en " if index == len(numbered) - 1 else ", "))
        out.append(Link((Text(place.section_number),), f"#{place.block_id}"))
    return tuple(out)


def _covered(thema) -> str:
    if thema.covered:
        return "ja"
    return f"nee: {DEFAULT}" if thema.source == "standaard" and thema.vindplaatsen else "nee"


# The anchors of the annex and its tables: on the site the annex is the page toetsing-nvo.html.
ANCHORS = frozenset(
    {"toetsing-nvo", "toetsing-afspraken", "toetsing-bewijs", "toetsing-proza", "toetsing-themas"}
)


def _check_anchors(document: Document) -> None:
    """Refuse a block whose anchor is one of the annex's: it would take the annex's place
    (its page on the site, the target of its link in the table of contents), so a text the
    region wrote would stand where readers look for the check's result."""
    taken = [
        b for b in document.body if isinstance(b, Heading | Table | Figure) and b.id in ANCHORS
    ]
    if taken:
        raise ContentError(
            "Een blok gebruikt de naam van de bijlage met de toetsing. Er is niets gebouwd.",
            [
                Problem(
                    b.source.file,
                    b.source.line,
                    f"'{b.id}' is de naam van de bijlage '{TITLE}' of van een tabel daarin. "
                    "Geef het blok (of de kop of tabel) een andere naam.",
                )
                for b in taken
            ],
        )


def add_toetsing(document: Document, toetsing: Toetsing) -> Document:
    """``document`` with an unnumbered annex: agreements table, themes table, summary;
    ``ContentError`` when a block already uses one of the annex's anchors (``ANCHORS``)."""
    _check_anchors(document)
    heading = ("Afspraak", "Status", "Vindplaats", "Bevindingen")
    afspraken = Table(
        header=tuple((Text(k),) for k in heading),
        rows=tuple(
            (
                (Text(f"{a.number}. {a.titel}"),),
                (Text(_STATUS[a.status]),),
                _places(a.vindplaatsen),
                _bevindingen(a),
            )
            for a in toetsing.afspraken
        ),
        align=(None, None, None, None),
        source=_SOURCE,
        caption=(Text("De acht afspraken van de norm"),),
        id="toetsing-afspraken",
    )
    bewijs = Table(
        header=tuple((Text(k),) for k in ("Afspraak", "Nagegaan en in orde")),
        rows=tuple(
            ((Text(f"{a.number}. {a.titel}"),), _lines(a.bewijs)) for a in toetsing.afspraken
        ),
        align=(None, None),
        source=_SOURCE,
        caption=(Text("Wat de toetsing in de gegevens heeft nagegaan"),),
        id="toetsing-bewijs",
    )
    prose = Table(
        header=tuple((Text(k),) for k in ("Afspraak", "Onderdeel van de norm", "Toetsing")),
        rows=tuple(
            ((Text(f"{a.number}. {a.titel}"),), (Text(criterium),), _see(a.vindplaatsen))
            for a in toetsing.afspraken
            for criterium in nvo.PROSE_CRITERIA.get(a.number, ())
        ),
        align=(None, None, None),
        source=_SOURCE,
        caption=(Text("Onderdelen die alleen de tekst kan beantwoorden"),),
        id="toetsing-proza",
    )
    themas = Table(
        header=tuple((Text(k),) for k in ("Thema", "Behandeld", "Vindplaats")),
        rows=tuple(
            (
                (Text(t.titel),),
                (Text(_covered(t)),),
                _places(t.vindplaatsen),
            )
            for t in (*toetsing.themas, toetsing.route5)
        ),
        align=(None, None, None),
        source=_SOURCE,
        caption=(Text("Inhoudelijke thema's en route 5"),),
        id="toetsing-themas",
    )
    count = sum(a.status == "voldaan" for a in toetsing.afspraken)
    summary = (
        f"Van de acht afspraken {'is' if count == 1 else 'zijn'} er {count} volledig ingevuld. "
        f"Uitgangssituatie {toetsing.uitgangssituatie}: "
        f"{UITGANGSSITUATIES[toetsing.uitgangssituatie]}"
    )
    bijlage = (
        Heading(1, (Text(TITLE),), "toetsing-nvo", _SOURCE, numbered=False),
        Paragraph(
            (
                Text(
                    "Deze bijlage is automatisch gemaakt. Per afspraak ziet u of de tekst en de "
                    "gegevens volledig zijn, in welke paragraaf de afspraak staat en wat nog "
                    "ontbreekt. Een advies volgt uit een voorbeeld of richtlijn van de norm; "
                    "het telt niet mee voor de status. De tweede tabel laat zien wat er is "
                    "nagegaan. Sommige onderdelen van de norm kan alleen een lezer van de "
                    "tekst beoordelen; de derde tabel noemt ze, met de paragraaf om te lezen. "
                    "Deze toetsing vervangt dus geen inhoudelijke beoordeling."
                ),
            ),
            _SOURCE,
        ),
        Paragraph((Text(summary),), _SOURCE),
        afspraken,
        bewijs,
        prose,
        themas,
    )
    tables = sum(isinstance(b, Table) for b in document.body)
    return replace(document, body=document.body + _number_tables(bijlage, tables))


def _number_tables(blokken: tuple, previous: int) -> tuple:
    out = []
    for blok in blokken:
        if isinstance(blok, Table):
            previous += 1
            blok = replace(blok, number=previous)
        out.append(blok)
    return tuple(out)
