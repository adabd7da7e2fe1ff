"""The measurable parts of the eight agreements (see the NvO and its routekaart)."""

from __future__ import annotations

import datetime as dt
import re

from regiovisie_builder import nederlands, nvo
from regiovisie_builder.checks import Bevinding, regel
from regiovisie_builder.model import Document, Regio


def _ok(melding: str) -> Bevinding:
    return Bevinding(True, melding)


def _mist(melding: str) -> Bevinding:
    return Bevinding(False, melding)


# A form of involvement that is no more than reading the final text does not count.
_ALLEEN_LEZEN = re.compile(
    r"^\s*(alleen|enkel|slechts)?\s*(het\s+)?(lezen|meelezen|inzage|ter\s+kennisname)\b"
    r"(?!.*\b(sessie|gesprek|werkgroep|bijeenkomst|interview|meedenken|meeschrijven)\w*)",
    re.IGNORECASE,
)


@regel(1)
def proces(document: Document, regio: Regio) -> list[Bevinding]:
    """Stakeholders with how they took part, the five steps, adoption in every council."""
    sectie = regio.sectie("proces")
    uit: list[Bevinding] = []
    betrokken = {}
    for betrokkene in sectie.get("betrokkenen", []):
        betrokken.setdefault(betrokkene["groep"], betrokkene.get("wijze", ""))
    for code, naam in nvo.VERPLICHTE_BETROKKENEN.items():
        wijze = betrokken.get(code)
        if wijze is None:
            uit.append(
                _mist(
                    f"De groep '{naam}' ontbreekt bij de betrokkenen (proces.betrokkenen). "
                    f"Beschrijf hoe {naam} betrokken waren, met meer dan alleen meelezen."
                )
            )
        elif not wijze.strip():
            uit.append(
                _mist(f"Bij {naam} staat niet hoe zij betrokken waren (proces.betrokkenen, wijze).")
            )
        elif _ALLEEN_LEZEN.search(wijze):
            uit.append(
                _mist(
                    f"De groep '{naam}' las alleen mee ('{wijze}'). De norm vraagt "
                    "echte betrokkenheid, niet alleen het lezen van de tekst."
                )
            )
        else:
            uit.append(_ok(f"{naam}: {wijze}."))
    stappen = {s["stap"] for s in sectie.get("stappen", [])}
    for stap in nvo.PROCESSTAPPEN:
        if stap in stappen:
            uit.append(_ok(f"De processtap '{stap}' is beschreven."))
        else:
            uit.append(_mist(f"De processtap '{stap}' ontbreekt in proces.stappen."))
    for index, gemeente in enumerate(regio.gemeenten):
        vaststelling = gemeente.get("vaststelling") or {}
        if vaststelling.get("datum") and vaststelling.get("status"):
            uit.append(
                _ok(
                    f"{gemeente['naam']}: vaststelling {vaststelling['status']} op "
                    f"{nederlands.datum(vaststelling['datum'])}."
                )
            )
        else:
            uit.append(
                _mist(
                    f"Voor {gemeente['naam']} is geen vaststelling door de raad gepland "
                    f"(regio.gemeenten[{index}].vaststelling: datum en status)."
                )
            )
    return uit


@regel(2)
def inhoud(document: Document, regio: Regio) -> list[Bevinding]:
    """The term, a purchasing model, every crucial function placed."""
    uit: list[Bevinding] = []
    looptijd = regio.gegevens["document"]["looptijd"]
    jaren = nederlands.jaren(looptijd["van"], looptijd["tot"])
    uit.append(
        _ok(
            f"De looptijd is {jaren} jaar ({nederlands.datum(looptijd['van'])} tot en met "
            f"{nederlands.datum(looptijd['tot'])})."
        )
    )
    inkoop = regio.sectie("inkoop")
    if inkoop.get("model"):
        uit.append(_ok(f"Het inkoopmodel is '{nvo.INKOOPMODELLEN[inkoop['model']]}'."))
    else:
        uit.append(
            _mist(
                "Er is geen inkoopmodel gekozen (inkoop.model: lokaal_tenzij, "
                "regionaal of regionaal_tenzij)."
            )
        )
    geplaatst = inkoop.get("functies", {})
    ontbrekend = [naam for code, naam in nvo.CRUCIALE_FUNCTIES.items() if code not in geplaatst]
    if ontbrekend:
        uit.append(
            _mist(
                "Niet elke cruciale functie heeft een niveau. Nog te plaatsen "
                f"(inkoop.functies): {nederlands.opsomming(ontbrekend)}."
            )
        )
    else:
        uit.append(_ok("Alle cruciale functies hebben een niveau."))
    return uit


@regel(3)
def toegang(document: Document, regio: Regio) -> list[Bevinding]:
    """The five basic functions of local teams; the connection with huisarts and GI."""
    sectie = regio.sectie("toegang")
    uit: list[Bevinding] = []
    aanwezig = set(sectie.get("basisfuncties", []))
    ontbrekend = [naam for code, naam in nvo.BASISFUNCTIES.items() if code not in aanwezig]
    if ontbrekend:
        uit.append(
            _mist(
                f"Van de vijf basisfuncties van de lokale teams ontbreken er "
                f"{len(ontbrekend)} (toegang.basisfuncties): "
                f"{nederlands.opsomming(ontbrekend)}."
            )
        )
    else:
        uit.append(_ok("De vijf basisfuncties van de lokale teams zijn beschreven."))
    for sleutel, naam in (("huisarts", "de huisarts"), ("gi", "de gecertificeerde instellingen")):
        if sectie.get(sleutel):
            uit.append(_ok(f"De aansluiting met {naam} is beschreven."))
        else:
            uit.append(_mist(f"Beschrijf de aansluiting met {naam} (toegang.{sleutel})."))
    return uit


@regel(4)
def governance(document: Document, regio: Regio) -> list[Bevinding]:
    """Meerjarig, geformaliseerd, taakverdeling and one named bestuurlijk aanspreekpunt."""
    sectie = regio.sectie("governance")
    uit: list[Bevinding] = []
    for sleutel, eis in (("meerjarig", "meerjarig"), ("geformaliseerd", "geformaliseerd")):
        waarde = sectie.get(sleutel)
        if waarde is True:
            uit.append(_ok(f"De samenwerking is {eis}."))
        elif waarde is False:
            uit.append(_mist(f"De samenwerking is nog niet {eis} (governance.{sleutel}: false)."))
        else:
            uit.append(
                _mist(f"Niet aangegeven of de samenwerking {eis} is (governance.{sleutel}).")
            )
    if sectie.get("taakverdeling"):
        uit.append(_ok("De taakverdeling is beschreven."))
    else:
        uit.append(
            _mist(
                "De taakverdeling (taken, verantwoordelijkheden en mandaten) ontbreekt "
                "(governance.taakverdeling)."
            )
        )
    aanspreekpunt = sectie.get("aanspreekpunt") or {}
    if aanspreekpunt.get("naam"):
        uit.append(_ok(f"Bestuurlijk aanspreekpunt: {aanspreekpunt['naam']}."))
    else:
        uit.append(
            _mist(
                "Er is geen bestuurlijk aanspreekpunt met naam genoemd "
                "(governance.aanspreekpunt.naam)."
            )
        )
    return uit


@regel(5)
def bovenregionaal(document: Document, regio: Regio) -> list[Bevinding]:
    """At least one supra-regional function with partner regions and criteria."""
    functies = regio.sectie("bovenregionaal").get("functies", [])
    volledig = [f for f in functies if f.get("samen_met") and f.get("criteria")]
    if volledig:
        namen = [nvo.CRUCIALE_FUNCTIES.get(f["functie"], f["functie"]) for f in volledig]
        uit = [_ok(f"Bovenregionaal geregeld: {nederlands.opsomming(namen)}.")]
    elif functies:
        uit = [
            _mist(
                "Noem bij de bovenregionale functies met welke regio's u samenwerkt en "
                "waarom (bovenregionaal.functies: samen_met en criteria)."
            )
        ]
    else:
        uit = [
            _mist(
                "Er is geen bovenregionale functie beschreven (bovenregionaal.functies), "
                "met partners en criteria (schaal, personeel, kennis, innovatie)."
            )
        ]
    for index, functie in enumerate(functies):
        if functie in volledig:
            continue
        wat = [
            w
            for w, k in (("samenwerkingspartners", "samen_met"), ("criteria", "criteria"))
            if not functie.get(k)
        ]
        naam = nvo.CRUCIALE_FUNCTIES.get(functie["functie"], functie["functie"])
        uit.append(
            _mist(f"Bij '{naam}' ontbreken {' en '.join(wat)} (bovenregionaal.functies[{index}]).")
        )
    return uit


@regel(6)
def administratieve_lasten(document: Document, regio: Regio) -> list[Bevinding]:
    """The three uitvoeringsvarianten, same contract conditions, joint contract management."""
    sectie = regio.sectie("administratieve_lasten")
    uit: list[Bevinding] = []
    varianten = set(sectie.get("uitvoeringsvarianten", []))
    ontbrekend = [v for v in nvo.UITVOERINGSVARIANTEN if v not in varianten]
    if ontbrekend:
        uit.append(
            _mist(
                "Niet alle drie uitvoeringsvarianten worden toegepast; ontbreekt "
                f"(administratieve_lasten.uitvoeringsvarianten): "
                f"{nederlands.opsomming(ontbrekend)}."
            )
        )
    else:
        uit.append(_ok("De drie uitvoeringsvarianten worden toegepast."))
    for sleutel, wat in (
        ("gelijke_contractvoorwaarden", "dezelfde contractvoorwaarden in alle gemeenten"),
        ("gezamenlijk_contractbeheer", "gezamenlijk contractbeheer"),
    ):
        waarde = sectie.get(sleutel)
        if waarde is True:
            uit.append(_ok(f"Afgesproken: {wat}."))
        elif waarde is False:
            uit.append(_mist(f"Er is nog geen {wat} (administratieve_lasten.{sleutel}: false)."))
        else:
            uit.append(_mist(f"Niet aangegeven of er {wat} is (administratieve_lasten.{sleutel})."))
    return uit


def _maanden_terug(datum: dt.date, maanden: int) -> dt.date:
    """The same day ``maanden`` months earlier (clamped to the month's last day)."""
    jaar, maand = divmod(datum.year * 12 + datum.month - 1 - maanden, 12)
    maand += 1
    for dag in (datum.day, 30, 29, 28):
        try:
            return dt.date(jaar, maand, dag)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@regel(7)
def zorgvuldigheid(document: Document, regio: Regio) -> list[Bevinding]:
    """Publication before 1 April of the year before, signing 3 months ahead, >= 3 years,
    continuity of care at the end: each its own finding, with the real dates."""
    sectie = regio.sectie("contractering")
    datum = nederlands.datum
    uit: list[Bevinding] = []
    ingang, einde = sectie.get("ingang"), sectie.get("einde")
    publicatie, ondertekening = sectie.get("publicatie"), sectie.get("ondertekening")
    if not ingang:
        uit.append(_mist("De ingangsdatum van de contracten ontbreekt (contractering.ingang)."))
    if publicatie and ingang:
        grens = dt.date(ingang.year - 1, 4, 1)
        tekst = (
            f"De aanbesteding wordt gepubliceerd op {datum(publicatie)}; de norm vraagt "
            f"publicatie vóór {datum(grens)}, in het jaar vóór de ingang op {datum(ingang)}."
        )
        uit.append(Bevinding(publicatie < grens, tekst))
    elif not publicatie:
        uit.append(
            _mist("De publicatiedatum van de aanbesteding ontbreekt (contractering.publicatie).")
        )
    if ondertekening and ingang:
        grens = _maanden_terug(ingang, 3)
        maanden = nederlands.maanden(ondertekening, ingang)
        tekst = (
            f"De contracten worden getekend op {datum(ondertekening)}, "
            f"{maanden} {'maand' if maanden == 1 else 'maanden'} voor de ingang op "
            f"{datum(ingang)}; de norm vraagt minimaal 3 maanden (uiterlijk {datum(grens)})."
        )
        uit.append(Bevinding(ondertekening <= grens, tekst))
    elif not ondertekening:
        uit.append(_mist("De datum van ondertekening ontbreekt (contractering.ondertekening)."))
    if ingang and einde:
        jaren = nederlands.jaren(ingang, einde)
        tekst = (
            f"De contractduur is {jaren} jaar ({datum(ingang)} tot en met {datum(einde)}); "
            "de norm vraagt minimaal 3 jaar."
        )
        uit.append(Bevinding(jaren >= 3, tekst))
    elif not einde:
        uit.append(_mist("De einddatum van de contracten ontbreekt (contractering.einde)."))
    if sectie.get("continuiteit"):
        uit.append(
            _ok("Er zijn afspraken over de continuïteit van zorg aan het eind van het contract.")
        )
    else:
        uit.append(
            _mist(
                "Beschrijf de afspraken over continuïteit van zorg als een contract "
                "afloopt (contractering.continuiteit)."
            )
        )
    return uit


@regel(8)
def tarieven(document: Document, regio: Regio) -> list[Bevinding]:
    """The cost-price elements and the method(s) for realistic tariffs."""
    sectie = regio.sectie("tarieven")
    uit: list[Bevinding] = []
    elementen = set(sectie.get("kostprijselementen", []))
    ontbrekend = [n for c, n in nvo.KOSTPRIJSELEMENTEN.items() if c not in elementen]
    if ontbrekend:
        uit.append(
            _mist(
                "Niet alle kostprijselementen zijn genoemd; ontbreekt "
                f"(tarieven.kostprijselementen): {nederlands.opsomming(ontbrekend)}."
            )
        )
    else:
        uit.append(_ok("Alle kostprijselementen zijn genoemd."))
    methoden = sectie.get("methoden", [])
    if methoden:
        namen = [nvo.TARIEFMETHODEN[m] for m in methoden]
        uit.append(_ok(f"Methode(n) voor de tarieven: {nederlands.opsomming(namen)}."))
    else:
        uit.append(
            _mist(
                "Noem de methode om reële tarieven te bepalen (tarieven.methoden: "
                "kostenonderzoek, dialoog en/of referentiecijfers)."
            )
        )
    return uit
