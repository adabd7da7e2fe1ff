"""Append the checklist result to the document as an annex with tables."""

from __future__ import annotations

from dataclasses import replace

from regiovisie_builder import nvo
from regiovisie_builder.checks import AfspraakUitkomst, Toetsing, Vindplaats
from regiovisie_builder.checks.toetsing import STANDAARD, UITGANGSSITUATIES, gewone_taal
from regiovisie_builder.model import (
    Bron,
    Document,
    Heading,
    LineBreak,
    Link,
    Paragraph,
    Table,
    Text,
)

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


def _regels(regels: tuple[str, ...] | list[str], anders: str = "–") -> tuple:
    """One line per item, separated by line breaks, in one table cell."""
    uit: list = []
    for index, regel in enumerate(regels):
        if index:
            uit.append(LineBreak())
        uit.append(Text(regel))
    return tuple(uit) or (Text(anders),)


def _bevindingen(a: AfspraakUitkomst) -> tuple:
    # Plain Dutch for council members: no internal keys or block ids.
    regels = [gewone_taal(b) for b in a.bevindingen]
    regels += [f"Advies: {gewone_taal(b)}" for b in a.adviezen]
    return _regels(regels, "Alle onderdelen zijn aanwezig.")


def _zie(vindplaatsen: tuple[Vindplaats, ...]) -> tuple:
    """'niet automatisch te toetsen: zie paragraaf 3.1 en 3.2', with links."""
    genummerd = [v for v in vindplaatsen if v.paragraaf]
    if not genummerd:
        return (Text("niet automatisch te toetsen; er staat nog geen tekst over in het document"),)
    uit: list = [Text("niet automatisch te toetsen: zie paragraaf ")]
    for index, plaats in enumerate(genummerd):
        if index:
            uit.append(Text(" en " if index == len(genummerd) - 1 else ", "))
        uit.append(Link((Text(plaats.paragraaf),), f"#{plaats.blok}"))
    return tuple(uit)


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
                _bevindingen(a),
            )
            for a in toetsing.afspraken
        ),
        align=(None, None, None, None),
        bron=_BRON,
        caption=(Text("De acht afspraken van de norm"),),
        id="toetsing-afspraken",
    )
    bewijs = Table(
        header=tuple((Text(k),) for k in ("Afspraak", "Nagegaan en in orde")),
        rows=tuple(
            ((Text(f"{a.nummer}. {a.titel}"),), _regels(a.bewijs)) for a in toetsing.afspraken
        ),
        align=(None, None),
        bron=_BRON,
        caption=(Text("Wat de toetsing in de gegevens heeft nagegaan"),),
        id="toetsing-bewijs",
    )
    proza = Table(
        header=tuple((Text(k),) for k in ("Afspraak", "Onderdeel van de norm", "Toetsing")),
        rows=tuple(
            ((Text(f"{a.nummer}. {a.titel}"),), (Text(criterium),), _zie(a.vindplaatsen))
            for a in toetsing.afspraken
            for criterium in nvo.PROZA_CRITERIA.get(a.nummer, ())
        ),
        align=(None, None, None),
        bron=_BRON,
        caption=(Text("Onderdelen die alleen de tekst kan beantwoorden"),),
        id="toetsing-proza",
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
                    "ontbreekt. Een advies volgt uit een voorbeeld of richtlijn van de norm; "
                    "het telt niet mee voor de status. De tweede tabel laat zien wat er is "
                    "nagegaan. Sommige onderdelen van de norm kan alleen een lezer van de "
                    "tekst beoordelen; de derde tabel noemt ze, met de paragraaf om te lezen. "
                    "Deze toetsing vervangt dus geen inhoudelijke beoordeling."
                ),
            ),
            _BRON,
        ),
        Paragraph((Text(samenvatting),), _BRON),
        afspraken,
        bewijs,
        proza,
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
