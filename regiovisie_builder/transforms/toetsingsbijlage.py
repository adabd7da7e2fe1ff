"""Append the checklist result to the document as an annex with tables."""

from __future__ import annotations

from dataclasses import replace

from regiovisie_builder.checks import Toetsing, Vindplaats
from regiovisie_builder.checks.toetsing import STANDAARD, UITGANGSSITUATIES, gewone_taal
from regiovisie_builder.model import Bron, Document, Heading, Link, Paragraph, Table, Text

TITEL = "Bijlage: Toetsing aan de Norm voor Opdrachtgeverschap"
_BRON = Bron("toetsing", 1)
_STATUS = {"voldaan": "Voldaan", "deels": "Deels", "ontbreekt": "Ontbreekt"}


def _plaatsen(vindplaatsen: tuple[Vindplaats, ...]) -> tuple:
    uit: list = []
    for index, plaats in enumerate(vindplaatsen):
        if index:
            uit.append(Text(", "))
        label = f"§ {plaats.paragraaf}" if plaats.paragraaf else plaats.titel or "tekst"
        uit.append(Link((Text(label),), f"#{plaats.blok}"))
        if plaats.bron == "standaard":
            uit.append(Text(f" ({STANDAARD})"))
    return tuple(uit) or (Text("–"),)


def _tekst(regels: tuple[str, ...], anders: str) -> tuple:
    return (Text(" ".join(gewone_taal(r) for r in regels) if regels else anders),)


def _behandeld(thema) -> str:
    if thema.behandeld:
        return "ja"
    return f"nee: {STANDAARD}" if thema.bron == "standaard" and thema.vindplaatsen else "nee"


def voeg_toetsing_toe(document: Document, toetsing: Toetsing) -> Document:
    """``document`` with an unnumbered annex: agreements table, themes table, summary."""
    kop = ("Afspraak", "Status", "Vindplaats", "Bevindingen")
    afspraken = Table(
        header=tuple((Text(k),) for k in kop),
        rows=tuple(
            (
                (Text(f"{a.nummer}. {a.titel}"),),
                (Text(_STATUS[a.status]),),
                _plaatsen(a.vindplaatsen),
                _tekst(a.bevindingen, "Alle onderdelen zijn aanwezig."),
            )
            for a in toetsing.afspraken
        ),
        align=(None, None, None, None),
        bron=_BRON,
        caption=(Text("De acht afspraken van de norm"),),
        id="toetsing-afspraken",
    )
    themas = Table(
        header=tuple((Text(k),) for k in ("Thema", "Behandeld", "Vindplaats")),
        rows=tuple(
            (
                (Text(t.titel),),
                (Text(_behandeld(t)),),
                _plaatsen(t.vindplaatsen),
            )
            for t in (*toetsing.themas, toetsing.route5)
        ),
        align=(None, None, None),
        bron=_BRON,
        caption=(Text("Inhoudelijke thema's en route 5"),),
        id="toetsing-themas",
    )
    aantal = sum(a.status == "voldaan" for a in toetsing.afspraken)
    samenvatting = (
        f"Van de acht afspraken {'is' if aantal == 1 else 'zijn'} er {aantal} volledig ingevuld. "
        f"Uitgangssituatie {toetsing.uitgangssituatie}: "
        f"{UITGANGSSITUATIES[toetsing.uitgangssituatie]}"
    )
    bijlage = (
        Heading(1, (Text(TITEL),), "toetsing-nvo", _BRON, numbered=False),
        Paragraph(
            (
                Text(
                    "Deze bijlage is automatisch gemaakt. Per afspraak ziet u of de tekst en de "
                    "gegevens volledig zijn, in welke paragraaf de afspraak staat en wat nog "
                    "ontbreekt."
                ),
            ),
            _BRON,
        ),
        Paragraph((Text(samenvatting),), _BRON),
        afspraken,
        themas,
    )
    tabellen = sum(isinstance(b, Table) for b in document.body)
    return replace(document, body=document.body + _nummer_tabellen(bijlage, tabellen))


def _nummer_tabellen(blokken: tuple, vorige: int) -> tuple:
    uit = []
    for blok in blokken:
        if isinstance(blok, Table):
            vorige += 1
            blok = replace(blok, number=vorige)
        uit.append(blok)
    return tuple(uit)
