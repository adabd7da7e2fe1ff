"""The measurable parts of the eight agreements (see the NvO and its routekaart).

Every rule reads regio.yaml data, never the document's text or its open markers, so a
region's own block cannot switch a check off. A value that only holds a placeholder
("n.v.t.", "-", "volgt later") counts as not filled in. Where the routekaart gives an
example or a guideline rather than a requirement, a shortfall is advice (``ADVIES``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from regiovisie_builder import nederlands, nvo
from regiovisie_builder.checks import ADVIES, GEGEVEN, Bevinding, regel
from regiovisie_builder.model import Document, Regio

datum = nederlands.datum


def _ok(melding: str, soort: str = "eis") -> Bevinding:
    return Bevinding(True, melding, soort)


def _mist(melding: str) -> Bevinding:
    return Bevinding(False, melding)


def _advies(melding: str) -> Bevinding:
    return Bevinding(False, melding, ADVIES)


def _gegeven(melding: str) -> Bevinding:
    return Bevinding(True, melding, GEGEVEN)


# ---------------------------------------------------------------------------------------------
# Helpers: placeholders, exact durations


def gevuld(waarde: object) -> bool:
    """Whether a text says something: not empty, not a placeholder like 'n.v.t.' or 'x'."""
    if not isinstance(waarde, str):
        return waarde is not None and waarde != [] and waarde != {}
    tekst = " ".join(waarde.split()).lower()
    kern = tekst.strip(" .,;:!?-–—()[]'\"")
    if sum(c.isalpha() for c in kern) < 3:
        return False
    if tekst in nvo.PLAATSHOUDERS or kern in nvo.PLAATSHOUDERS:
        return False
    return not kern.startswith(("nog in te vullen", "volgt later", "nader te bepalen"))


def _citaat(waarde: object, lengte: int = 60) -> str:
    tekst = " ".join(str(waarde).split())
    return tekst if len(tekst) <= lengte else tekst[: lengte - 1].rstrip() + "…"


def _maanden_terug(datum_: dt.date, maanden: int) -> dt.date:
    """The same day ``maanden`` months earlier (clamped to the month's last day)."""
    return _maanden_verder(datum_, -maanden)


def _maanden_verder(datum_: dt.date, maanden: int) -> dt.date:
    """The same day ``maanden`` months later (clamped to the month's last day)."""
    jaar, maand = divmod(datum_.year * 12 + datum_.month - 1 + maanden, 12)
    maand += 1
    for dag in (datum_.day, 30, 29, 28):
        try:
            return dt.date(jaar, maand, dag)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def voor_de_ingang(moment: dt.date, ingang: dt.date) -> tuple[int, int]:
    """Whole months and days from ``moment`` to ``ingang``, counted back from the ingang.

    Counting back matches the verdict: signing is 'three months before' exactly when the
    months counted here are at least three, also at month ends (28 February).
    """
    maanden = 0
    while _maanden_terug(ingang, maanden + 1) >= moment:
        maanden += 1
    return maanden, (_maanden_terug(ingang, maanden) - moment).days


def termijn(van: dt.date, tot: dt.date) -> tuple[int, int, int]:
    """Years, months and days of a term whose end date is inclusive."""
    einde = tot + dt.timedelta(days=1)
    maanden = 0
    while _maanden_verder(van, maanden + 1) <= einde:
        maanden += 1
    return maanden // 12, maanden % 12, (einde - _maanden_verder(van, maanden)).days


def duur(jaren: int = 0, maanden: int = 0, dagen: int = 0) -> str:
    """``(2, 11, 30)`` -> ``2 jaar, 11 maanden en 30 dagen``; exact, never rounded."""
    delen = []
    if jaren:
        delen.append(f"{jaren} jaar")
    if maanden:
        delen.append(f"{maanden} {'maand' if maanden == 1 else 'maanden'}")
    if dagen or not delen:
        delen.append(f"{dagen} {'dag' if dagen == 1 else 'dagen'}")
    return nederlands.opsomming(delen)


# ---------------------------------------------------------------------------------------------
# Afspraak 1


# What a group *did*, beyond reading or commenting on a draft. Matched inside words too,
# so "werksessie", "dialoogtafels" and "klankbordgroep" count.
_ACTIEF = re.compile(
    r"\w*(sessie|gesprek|interview|bijeenkomst|overleg|dialoog|tafel|werkgroep|klankbord|"
    r"atelier|werkplaats|workshop|panel|focusgroep|vragenlijst|enqu[eê]te|peiling|"
    r"meedenk|meegedacht|dacht(en)? mee|meeschr|schreef mee|schreven mee|"
    r"schrijfgroep|schrijfteam|co-?creatie|ontmoeting|expertmeeting|stuurgroep|"
    r"werkbezoek|rondetafel|meegewerkt|werkten mee|werkte mee)\w*",
    re.IGNORECASE,
)


def activiteiten(wijze: str) -> list[str]:
    """The forms of active involvement a text names (empty: only reading or commenting)."""
    gevonden: list[str] = []
    for treffer in _ACTIEF.finditer(wijze):
        woord = treffer.group(0).lower()
        if woord not in gevonden:
            gevonden.append(woord)
    return gevonden


def _vaststelling(document: Document, regio: Regio) -> list[Bevinding]:
    """Council adoption: planned or recorded for every council; all of them for 'vastgesteld'."""
    uit: list[Bevinding] = []
    documentstatus = regio.gegevens["document"].get("status")
    documentdatum = regio.gegevens["document"].get("datum")
    vastgesteld, overig, niet_vastgesteld = [], [], []
    for index, gemeente in enumerate(regio.gemeenten):
        naam = gemeente["naam"]
        vaststelling = gemeente.get("vaststelling") or {}
        status, wanneer = vaststelling.get("status"), vaststelling.get("datum")
        if not (status and wanneer):
            uit.append(
                _mist(
                    f"Voor {naam} is geen vaststelling door de raad gepland "
                    f"(regio.gemeenten[{index}].vaststelling: datum en status)."
                )
            )
            continue
        label = nvo.VASTSTELLINGSSTATUSSEN[status]
        if status in nvo.VASTGESTELD:
            vastgesteld.append(naam)
            if status != "vastgesteld":
                overig.append(f"{naam}: {label} op {datum(wanneer)}")
            continue
        overig.append(f"{naam}: {label} {datum(wanneer)}")
        niet_vastgesteld.append(f"{naam} ({label} {datum(wanneer)})")
        if status in ("aangehouden", "verworpen"):
            uit.append(
                _mist(
                    f"De raad van {naam} heeft de regiovisie {label} op {datum(wanneer)} "
                    f"(regio.gemeenten[{index}].vaststelling.status). De norm vraagt "
                    "vaststelling door elke gemeenteraad."
                )
            )
        elif documentdatum and wanneer < documentdatum:
            uit.append(
                _mist(
                    f"De raad van {naam} zou op {datum(wanneer)} besluiten, vóór de datum van "
                    f"dit document ({datum(documentdatum)}). Werk de stand bij "
                    f"(regio.gemeenten[{index}].vaststelling.status)."
                )
            )
    totaal = len(regio.gemeenten)
    samenvatting = f"Vastgesteld door {len(vastgesteld)} van {totaal} raden"
    if overig:
        samenvatting += "; " + "; ".join(overig)
    uit.append(_gegeven(samenvatting + "."))
    if documentstatus == "vastgesteld" and niet_vastgesteld:
        uit.append(
            _mist(
                "Het document heeft de status 'vastgesteld', maar niet elke raad heeft het "
                f"vastgesteld: {nederlands.opsomming(niet_vastgesteld)} "
                "(regio.gemeenten[].vaststelling.status)."
            )
        )
    return uit


@regel(1)
def proces(document: Document, regio: Regio) -> list[Bevinding]:
    """Several municipalities; six groups with real involvement; decision moments;
    adoption by every council. The five steps are the routekaart's example: advice."""
    sectie = regio.sectie("proces")
    uit: list[Bevinding] = []
    if len(regio.gemeenten) < 2:
        uit.append(
            _mist(
                "De regio heeft één gemeente (regio.gemeenten). De norm vraagt een "
                "regiovisie die gemeenten in regionaal verband samen opstellen."
            )
        )
    else:
        uit.append(_gegeven(f"{len(regio.gemeenten)} gemeenten stellen de regiovisie samen op."))
    wijzen: dict[str, list[str]] = {}
    for betrokkene in sectie.get("betrokkenen", []):
        wijzen.setdefault(betrokkene["groep"], []).append(betrokkene.get("wijze", ""))
    for code, naam in nvo.VERPLICHTE_BETROKKENEN.items():
        if code not in wijzen:
            uit.append(
                _mist(
                    f"De groep '{naam}' ontbreekt bij de betrokkenen (proces.betrokkenen). "
                    f"Beschrijf hoe {naam} betrokken waren, met meer dan alleen meelezen."
                )
            )
            continue
        teksten = [w for w in wijzen[code] if gevuld(w)]
        if not teksten:
            waarde = next((w for w in wijzen[code] if w.strip()), "")
            uit.append(
                _mist(
                    f"Bij {naam} staat niet hoe zij betrokken waren"
                    + (f" ('{_citaat(waarde)}')" if waarde else "")
                    + " (proces.betrokkenen, wijze)."
                )
            )
            continue
        gedaan = [a for tekst in teksten for a in activiteiten(tekst)]
        if gedaan:
            uit.append(_ok(f"{naam}: {nederlands.opsomming(dict.fromkeys(gedaan))}."))
        else:
            uit.append(
                _mist(
                    f"Bij {naam} staat niet wat de groep deed naast lezen of reageren op een "
                    f"concept ('{_citaat(' '.join(teksten))}'). De norm vraagt meer dan "
                    "meelezen en commentaar op de laatste versies: noem bijvoorbeeld "
                    "gesprekken, werksessies of een klankbordgroep (proces.betrokkenen, wijze)."
                )
            )
    stappen = [s["stap"] for s in sectie.get("stappen", [])]
    ontbrekend = [stap for stap in nvo.PROCESSTAPPEN if stap not in stappen]
    if len(ontbrekend) < len(nvo.PROCESSTAPPEN):
        uit.append(
            _gegeven(
                "Processtappen beschreven: "
                f"{nederlands.opsomming(s for s in nvo.PROCESSTAPPEN if s in stappen)}."
            )
        )
    if ontbrekend:
        uit.append(
            _advies(
                f"Niet beschreven (proces.stappen): {nederlands.opsomming(ontbrekend)}. De "
                "routekaart geeft de vijf stappen als voorbeeld van een ideaal proces; een "
                "andere aanpak mag, maar beschrijf dan die stappen."
            )
        )
    if gevuld(sectie.get("rollen")):
        uit.append(_ok("De rol van de partijen in het proces is beschreven."))
    else:
        uit.append(
            _advies("Beschrijf welke rol de partijen vooraf kregen in het proces (proces.rollen).")
        )
    opdracht = sectie.get("opdracht") or {}
    if opdracht.get("datum") and gevuld(opdracht.get("door")):
        uit.append(
            _ok(
                f"Opdrachtdocument vastgesteld door {opdracht['door']} op "
                f"{datum(opdracht['datum'])}."
            )
        )
    else:
        uit.append(
            _advies(
                "Noem wie het opdrachtdocument vaststelde en wanneer, voordat het werk begon "
                "(proces.opdracht: datum en door)."
            )
        )
    if gevuld(sectie.get("besluitvorming")):
        uit.append(_ok("De besluitvorming is beschreven (wie wanneer besluit)."))
    else:
        uit.append(
            _mist(
                "Beschrijf de besluitvormingsmomenten en wie bevoegd is om te besluiten "
                "(proces.besluitvorming)."
            )
        )
    return uit + _vaststelling(document, regio)


# ---------------------------------------------------------------------------------------------
# Afspraak 2


def _niveaus(inkoop: Mapping) -> dict[str, str]:
    """Every placed function (crucial code or own function name) -> its level."""
    niveaus = dict(inkoop.get("functies", {}))
    for eigen in inkoop.get("eigen_functies", []):
        niveaus.setdefault(eigen["functie"], eigen["niveau"])
    return niveaus


def _functienaam(functie: str) -> str:
    return nvo.CRUCIALE_FUNCTIES.get(functie, functie)


def _contracten(sectie: Mapping) -> list[tuple[str, str, Mapping]]:
    """The procurement procedures: (name, key path, dates). The single keys are one."""
    uit: list[tuple[str, str, Mapping]] = []
    basis = {
        k: sectie[k] for k in ("publicatie", "ondertekening", "ingang", "einde") if k in sectie
    }
    if basis or not sectie.get("procedures"):
        uit.append(("", "contractering", basis))
    for index, procedure in enumerate(sectie.get("procedures", [])):
        uit.append((procedure["naam"], f"contractering.procedures[{index}]", procedure))
    return uit


@regel(2)
def inhoud(document: Document, regio: Regio) -> list[Bevinding]:
    """The term; a purchasing model that fits the levels; the seven regionally bought
    crucial functions placed, LTA landelijk; the desired development; the consequences of
    a change of scale; continuity for the whole term (advice)."""
    uit: list[Bevinding] = []
    looptijd = regio.gegevens["document"]["looptijd"]
    uit.append(
        _gegeven(
            f"De looptijd is {duur(*termijn(looptijd['van'], looptijd['tot']))} "
            f"({datum(looptijd['van'])} tot en met "
            f"{datum(looptijd['tot'])})."
        )
    )
    inkoop = regio.sectie("inkoop")
    model = inkoop.get("model")
    if model:
        uit.append(_ok(f"Het inkoopmodel is '{nvo.INKOOPMODELLEN[model]}'."))
    else:
        uit.append(
            _mist(
                "Er is geen inkoopmodel gekozen (inkoop.model: lokaal_tenzij, "
                "regionaal of regionaal_tenzij)."
            )
        )
    geplaatst = inkoop.get("functies", {})
    ontbrekend = [naam for code, naam in nvo.REGIONAAL_INGEKOCHT.items() if code not in geplaatst]
    if ontbrekend:
        uit.append(
            _mist(
                "Niet elke cruciale functie heeft een niveau. Nog te plaatsen "
                f"(inkoop.functies): {nederlands.opsomming(ontbrekend)}."
            )
        )
    else:
        telling: dict[str, int] = {}
        for code in nvo.REGIONAAL_INGEKOCHT:
            telling[geplaatst[code]] = telling.get(geplaatst[code], 0) + 1
        verdeling = nederlands.opsomming(f"{n} {nvo.NIVEAUS[k]}" for k, n in telling.items())
        uit.append(_ok(f"Alle zeven cruciale functies hebben een niveau ({verdeling})."))
    lta = geplaatst.get("lta")
    if lta and lta != "landelijk":
        uit.append(
            _mist(
                f"De landelijk ingekochte zorg (LTA) staat op '{nvo.NIVEAUS[lta]}'. LTA vraagt "
                "geen regionale inkoop (inkoop.functies.lta: landelijk)."
            )
        )
    eigen = inkoop.get("eigen_functies", [])
    for index, functie in enumerate(eigen):
        if functie["functie"] in nvo.CRUCIALE_FUNCTIES:
            uit.append(
                _mist(
                    f"'{functie['functie']}' is een cruciale functie; zet die bij "
                    f"inkoop.functies, niet bij inkoop.eigen_functies[{index}]."
                )
            )
    if eigen:
        lijst = nederlands.opsomming(f"{f['functie']} ({nvo.NIVEAUS[f['niveau']]})" for f in eigen)
        uit.append(_ok(f"Eigen functies: {lijst}."))
    if model:
        lokaal = [_functienaam(c) for c in nvo.REGIONAAL_INGEKOCHT if geplaatst.get(c) == "lokaal"]
        if model == "regionaal":
            lokaal += [f["functie"] for f in eigen if f["niveau"] == "lokaal"]
        if lokaal:
            uitleg = (
                "daarin worden alle functies regionaal ingekocht"
                if model == "regionaal"
                else "daarin worden de cruciale functies ten minste regionaal ingekocht"
            )
            uit.append(
                _mist(
                    f"Het inkoopmodel '{nvo.INKOOPMODELLEN[model]}' past niet bij de niveaus: "
                    f"{uitleg}, maar {nederlands.opsomming(lokaal)} "
                    f"{'staat' if len(lokaal) == 1 else 'staan'} op lokaal (inkoop.functies)."
                )
            )
    if gevuld(inkoop.get("ontwikkeling")):
        uit.append(_ok("De gewenste ontwikkeling van het zorglandschap is beschreven."))
    else:
        uit.append(
            _mist("Beschrijf de gewenste ontwikkeling van het zorglandschap (inkoop.ontwikkeling).")
        )
    schaal = inkoop.get("schaal_verandert")
    if gevuld(inkoop.get("gevolgen")):
        uit.append(_ok("De gevolgen van de schaal van samenwerking zijn beschreven."))
    elif schaal is False:
        uit.append(_ok("De schaal van samenwerking verandert niet (inkoop.schaal_verandert)."))
    elif schaal is True:
        uit.append(
            _mist(
                "De schaal van samenwerking verandert. Breng de gevolgen in kaart voor "
                "aanbieders, cliënten en de eigen organisatie (inkoop.gevolgen)."
            )
        )
    else:
        uit.append(
            _mist(
                "Geef aan of de schaal van samenwerking verandert (inkoop.schaal_verandert) "
                "en beschrijf zo ja de gevolgen (inkoop.gevolgen)."
            )
        )
    eindes = [c["einde"] for _, _, c in _contracten(regio.sectie("contractering")) if "einde" in c]
    if eindes and max(eindes) < looptijd["tot"]:
        uit.append(
            _advies(
                f"De contracten lopen tot en met {datum(max(eindes))}, de regiovisie tot en met "
                f"{datum(looptijd['tot'])}. Beschrijf hoe de hulp ook daarna beschikbaar "
                "blijft; de norm vraagt dat voor de hele looptijd."
            )
        )
    return uit


# ---------------------------------------------------------------------------------------------
# Afspraak 3


@regel(3)
def toegang(document: Document, regio: Regio) -> list[Bevinding]:
    """The connection of local access with contracted care; the five basic functions;
    the connection with huisarts and GI; other referrers (advice)."""
    sectie = regio.sectie("toegang")
    uit: list[Bevinding] = []
    if gevuld(sectie.get("aansluiting")):
        uit.append(
            _ok("De verbinding van de lokale toegang met de gecontracteerde hulp is beschreven.")
        )
    else:
        uit.append(
            _mist(
                "Beschrijf hoe de lokale toegang verbonden is met de gecontracteerde hulp "
                "(toegang.aansluiting)."
            )
        )
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
        waarde = sectie.get(sleutel)
        if gevuld(waarde):
            uit.append(_ok(f"De aansluiting met {naam} is beschreven."))
        elif waarde:
            uit.append(
                _mist(
                    f"Bij de aansluiting met {naam} staat alleen '{_citaat(waarde)}'. "
                    f"Beschrijf hoe die werkt (toegang.{sleutel})."
                )
            )
        else:
            uit.append(_mist(f"Beschrijf de aansluiting met {naam} (toegang.{sleutel})."))
    if gevuld(sectie.get("overige")):
        uit.append(_ok("De aansluiting met andere verwijzers is beschreven."))
    else:
        uit.append(
            _advies(
                "Beschrijf ook de aansluiting met de medisch specialisten en de rechter "
                "(toegang.overige)."
            )
        )
    return uit


# ---------------------------------------------------------------------------------------------
# Afspraak 4


_EEN_JAAR = re.compile(r"\b(voor|van)\s+(één|een|1)\s+jaar\b|\b(één|een)jarig", re.IGNORECASE)


def _meerjarig(sectie: Mapping, regio: Regio) -> list[Bevinding]:
    uit: list[Bevinding] = []
    waarde = sectie.get("meerjarig")
    if waarde is False:
        return [_mist("De samenwerking is nog niet meerjarig (governance.meerjarig: false).")]
    if waarde is None:
        uit.append(_mist("Niet aangegeven of de samenwerking meerjarig is (governance.meerjarig)."))
    looptijd = sectie.get("looptijd") or {}
    van, tot = looptijd.get("van"), looptijd.get("tot")
    if not van:
        uit.append(
            _mist(
                "Noem de looptijd van de samenwerking (governance.looptijd: van en tot, of "
                "alleen van bij onbepaalde tijd). Meerjarig is meer dan één jaar."
            )
        )
        return uit
    if tot and tot < van:
        return uit + [_mist("governance.looptijd.tot ligt vóór governance.looptijd.van.")]
    if tot:
        jaren, maanden, dagen = termijn(van, tot)
        tekst = (
            f"De samenwerking loopt {duur(jaren, maanden, dagen)} ({datum(van)} tot en met "
            f"{datum(tot)})"
        )
        if (jaren, maanden, dagen) > (1, 0, 0):
            uit.append(_ok(f"{tekst}: meerjarig."))
        else:
            uit.append(
                _mist(f"{tekst}. Meerjarig betekent meer dan één jaar (governance.looptijd).")
            )
        visie = regio.gegevens["document"]["looptijd"]["tot"]
        if tot < visie:
            uit.append(
                _advies(
                    f"De samenwerking loopt tot en met {datum(tot)}, de regiovisie tot en met "
                    f"{datum(visie)} (governance.looptijd.tot)."
                )
            )
    else:
        uit.append(
            _ok(f"De samenwerking loopt voor onbepaalde tijd vanaf {datum(van)}: meerjarig.")
        )
    return uit


@regel(4)
def governance(document: Document, regio: Regio) -> list[Bevinding]:
    """A form of cooperation; meerjarig (a term of more than a year), geformaliseerd,
    taakverdeling; one bestuurlijk aanspreekpunt with name and function."""
    sectie = regio.sectie("governance")
    uit: list[Bevinding] = []
    vorm = sectie.get("vorm")
    if not gevuld(vorm):
        uit.append(_mist("Beschrijf de vorm van de samenwerking (governance.vorm)."))
    elif _EEN_JAAR.search(str(vorm)):
        uit.append(
            _mist(
                f"De vorm noemt een samenwerking voor één jaar ('{_citaat(vorm)}'). De norm "
                "vraagt een meerjarige samenwerking, niet voor één jaar of één "
                "contracteringsronde (governance.vorm)."
            )
        )
    else:
        uit.append(_ok("De vorm van de samenwerking is beschreven."))
    uit += _meerjarig(sectie, regio)
    waarde = sectie.get("geformaliseerd")
    if waarde is True:
        uit.append(_ok("De samenwerking is geformaliseerd."))
        if gevuld(sectie.get("besluit")):
            uit.append(_ok("Het besluit dat de samenwerking vastlegt, is genoemd."))
        else:
            uit.append(
                _advies("Noem het besluit dat de samenwerking vastlegt (governance.besluit).")
            )
    elif waarde is False:
        uit.append(
            _mist("De samenwerking is nog niet geformaliseerd (governance.geformaliseerd: false).")
        )
    else:
        uit.append(
            _mist(
                "Niet aangegeven of de samenwerking geformaliseerd is (governance.geformaliseerd)."
            )
        )
    if gevuld(sectie.get("taakverdeling")):
        uit.append(_ok("De taakverdeling is beschreven."))
    else:
        uit.append(
            _mist(
                "De taakverdeling (taken, verantwoordelijkheden en mandaten) ontbreekt "
                "(governance.taakverdeling)."
            )
        )
    aanspreekpunt = sectie.get("aanspreekpunt") or {}
    if not gevuld(aanspreekpunt.get("naam")):
        uit.append(
            _mist(
                "Er is geen bestuurlijk aanspreekpunt met naam genoemd "
                "(governance.aanspreekpunt.naam)."
            )
        )
        return uit
    if not gevuld(aanspreekpunt.get("functie")):
        uit.append(
            _mist("Noem de functie van het aanspreekpunt (governance.aanspreekpunt.functie).")
        )
    rol = aanspreekpunt.get("rol")
    if rol == "bestuurlijk":
        uit.append(_ok(f"Bestuurlijk aanspreekpunt: {aanspreekpunt['naam']}."))
    elif rol == "ambtelijk":
        uit.append(
            _mist(
                f"Het aanspreekpunt ({aanspreekpunt['naam']}) is ambtelijk. De norm vraagt één "
                "bestuurlijk aanspreekpunt (governance.aanspreekpunt.rol)."
            )
        )
    else:
        uit.append(
            _mist(
                f"Geef aan of het aanspreekpunt ({aanspreekpunt['naam']}) bestuurlijk is "
                "(governance.aanspreekpunt.rol: bestuurlijk of ambtelijk). De norm vraagt één "
                "bestuurlijk aanspreekpunt."
            )
        )
    return uit


# ---------------------------------------------------------------------------------------------
# Afspraak 5


def _regionaam(naam: str) -> str:
    tekst = re.sub(r"\b(jeugdregio|regio)\b", " ", naam.lower())
    return re.sub(r"[^a-z0-9]+", "", tekst)


@regel(5)
def bovenregionaal(document: Document, regio: Regio) -> list[Bevinding]:
    """Which functions (known codes or the region's own functions, matching the levels in
    inkoop) and how: partner regions other than the region itself, and criteria."""
    sectie = regio.sectie("bovenregionaal")
    inkoop = regio.sectie("inkoop")
    functies = sectie.get("functies", [])
    niveaus = _niveaus(inkoop)
    eigen = {f["functie"].lower(): f["functie"] for f in inkoop.get("eigen_functies", [])}
    uit: list[Bevinding] = []
    if not functies:
        uit.append(
            _mist(
                "Er is geen bovenregionale functie beschreven (bovenregionaal.functies), "
                "met partners en criteria (schaal, personeel, kennis, innovatie)."
            )
        )
    eigen_regio = {_regionaam(regio.naam), _regionaam(regio.gegevens["regio"].get("code", ""))}
    eigen_regio.discard("")
    gezien: set[str] = set()
    volledig: list[str] = []
    for index, functie in enumerate(functies):
        plek = f"bovenregionaal.functies[{index}]"
        code = functie["functie"]
        if code not in nvo.CRUCIALE_FUNCTIES:
            code = eigen.get(code.lower(), code)
        naam = _functienaam(code)
        goed = True
        if code not in nvo.CRUCIALE_FUNCTIES and code not in eigen.values():
            goed = False
            kandidaten = [*nvo.CRUCIALE_FUNCTIES, *eigen.values()]
            import difflib  # only for a message: not loaded by a build without errors

            suggestie = difflib.get_close_matches(code, kandidaten, n=1, cutoff=0.6)
            uit.append(
                _mist(
                    f"'{code}' is geen cruciale functie en staat niet bij inkoop.eigen_functies "
                    f"({plek}.functie)." + (f" Bedoelt u '{suggestie[0]}'?" if suggestie else "")
                )
            )
        if code in gezien:
            goed = False
            uit.append(_mist(f"'{naam}' staat twee keer bij bovenregionaal.functies ({plek})."))
        gezien.add(code)
        partners = [p for p in functie.get("samen_met", []) if gevuld(p)]
        zelf = [p for p in partners if _regionaam(p) in eigen_regio]
        wat = []
        if not partners:
            wat.append("samenwerkingspartners")
        if not functie.get("criteria"):
            wat.append("criteria")
        if wat:
            goed = False
            uit.append(_mist(f"Bij '{naam}' ontbreken {' en '.join(wat)} ({plek})."))
        if zelf:
            goed = False
            uit.append(
                _mist(
                    f"Bij '{naam}' staat de eigen regio als partner ('{zelf[0]}'). Noem de "
                    f"andere regio's waarmee u samenwerkt ({plek}.samen_met)."
                )
            )
        niveau = niveaus.get(code)
        if niveau and niveau != "bovenregionaal":
            goed = False
            uit.append(
                _mist(
                    f"'{naam}' staat bij bovenregionaal.functies, maar wordt volgens de inkoop "
                    f"{nvo.NIVEAUS[niveau]} ingekocht (inkoop). Maak de twee gelijk."
                )
            )
        if goed:
            partnernamen = nederlands.opsomming(partners)
            criteria = nederlands.opsomming(functie["criteria"])
            volledig.append(f"{naam} (met {partnernamen}; {criteria})")
    for functie, niveau in niveaus.items():
        if niveau == "bovenregionaal" and functie not in gezien:
            uit.append(
                _mist(
                    f"'{_functienaam(functie)}' wordt bovenregionaal ingekocht (inkoop), maar "
                    "staat niet bij bovenregionaal.functies. Beschrijf met welke regio's en "
                    "waarom."
                )
            )
    if volledig:
        uit.append(_ok(f"Bovenregionaal geregeld: {'; '.join(volledig)}."))
    afspraken = sectie.get("afspraken", [])
    if afspraken:
        namen = nederlands.opsomming(nvo.BOVENREGIONALE_AFSPRAKEN[a] for a in afspraken)
        uit.append(_ok(f"Afspraken bij bovenregionale contractering: {namen}."))
    elif functies:
        uit.append(
            _advies(
                "Noem waarover u bij bovenregionale contractering afspraken maakt "
                "(bovenregionaal.afspraken)."
            )
        )
    for sleutel, onderwerp in (
        ("accounthouder", "de accounthoudende regio"),
        ("expertisecentrum", "de aansluiting op het expertisecentrum"),
    ):
        if gevuld(sectie.get(sleutel)):
            uit.append(_ok(f"Beschreven: {onderwerp}."))
        elif functies:
            uit.append(_advies(f"Beschrijf {onderwerp} (bovenregionaal.{sleutel})."))
    return uit


# ---------------------------------------------------------------------------------------------
# Afspraak 6


@regel(6)
def administratieve_lasten(document: Document, regio: Regio) -> list[Bevinding]:
    """The standard uitvoeringsvarianten (which ones is the region's choice), the same
    contract conditions, joint contract management; other measures (advice)."""
    sectie = regio.sectie("administratieve_lasten")
    uit: list[Bevinding] = []
    varianten = sectie.get("uitvoeringsvarianten", [])
    if varianten:
        uit.append(_ok(f"Toegepaste uitvoeringsvarianten: {nederlands.opsomming(varianten)}."))
        ontbrekend = [v for v in nvo.UITVOERINGSVARIANTEN if v not in varianten]
        if ontbrekend:
            uit.append(
                _advies(
                    f"Niet toegepast: {nederlands.opsomming(ontbrekend)}. De norm vraagt de "
                    "standaardvarianten consequent toe te passen, niet alle drie; ga na of dit "
                    "een bewuste keuze is (administratieve_lasten.uitvoeringsvarianten)."
                )
            )
    else:
        uit.append(
            _mist(
                "Noem de uitvoeringsvarianten die de regio toepast "
                "(administratieve_lasten.uitvoeringsvarianten: inspanningsgericht, "
                "outputgericht en/of taakgericht)."
            )
        )
    # (key, what is agreed, not yet agreed, not stated): whole sentences, because "dezelfde
    # contractvoorwaarden" is plural and "gezamenlijk contractbeheer" is not.
    for sleutel, wel, niet, onbekend in (
        (
            "gelijke_contractvoorwaarden",
            "dezelfde contractvoorwaarden in alle gemeenten",
            "De gemeenten gebruiken nog niet dezelfde contractvoorwaarden",
            "Niet aangegeven of alle gemeenten dezelfde contractvoorwaarden gebruiken",
        ),
        (
            "gezamenlijk_contractbeheer",
            "gezamenlijk contractbeheer",
            "Er is nog geen gezamenlijk contractbeheer",
            "Niet aangegeven of er gezamenlijk contractbeheer is",
        ),
    ):
        waarde = sectie.get(sleutel)
        if waarde is True:
            uit.append(_ok(f"Afgesproken: {wel}."))
        elif waarde is False:
            uit.append(_mist(f"{niet} (administratieve_lasten.{sleutel}: false)."))
        else:
            uit.append(_mist(f"{onbekend} (administratieve_lasten.{sleutel})."))
    if any(gevuld(m) for m in sectie.get("maatregelen", [])):
        aantal = sum(gevuld(m) for m in sectie["maatregelen"])
        uit.append(_ok(f"Andere maatregelen genoemd: {aantal}."))
    else:
        uit.append(
            _advies(
                "Noem andere maatregelen, zoals de standaard administratieprotocollen en de "
                "landelijke productcodes (administratieve_lasten.maatregelen)."
            )
        )
    return uit


# ---------------------------------------------------------------------------------------------
# Afspraak 7

_LEZING_1_APRIL = (
    "De norm zegt 'vóór 1 april' (vanaf 2021). Wij lezen dat als 1 april van het jaar vóór "
    f"een ingang op 1 januari: {nvo.PUBLICATIE_MAANDEN} maanden vooraf. Bij een andere "
    "ingangsdatum geldt dezelfde termijn."
)


def _procedure(naam: str, pad: str, c: Mapping) -> list[Bevinding]:
    """The dates of one procurement procedure, each its own finding with the real dates."""
    voor = f"{naam}: " if naam else ""
    uit: list[Bevinding] = []
    ingang, einde = c.get("ingang"), c.get("einde")
    publicatie, ondertekening = c.get("publicatie"), c.get("ondertekening")
    if not ingang:
        uit.append(_mist(f"{voor}De ingangsdatum van de contracten ontbreekt ({pad}.ingang)."))
    if publicatie and ingang:
        if ingang < dt.date(*nvo.PUBLICATIE_VANAF_INGANG):
            uit.append(
                _ok(
                    f"{voor}De contracten gaan in op {datum(ingang)}, vóór 2022. De eis van "
                    "publicatie vóór 1 april geldt vanaf 2021, dus voor contracten die vanaf "
                    "1 januari 2022 ingaan."
                )
            )
        else:
            grens = _maanden_terug(ingang, nvo.PUBLICATIE_MAANDEN)
            if publicatie < ingang:
                afstand = f", {duur(0, *voor_de_ingang(publicatie, ingang))} voor de ingang"
            else:
                afstand = ", niet vóór de ingang"
            tekst = (
                f"{voor}De aanbesteding wordt gepubliceerd op {datum(publicatie)}{afstand} op "
                f"{datum(ingang)}; de norm vraagt publicatie vóór {datum(grens)}. "
                + _LEZING_1_APRIL
            )
            uit.append(Bevinding(publicatie < grens, tekst))
    elif not publicatie:
        uit.append(
            _mist(f"{voor}De publicatiedatum van de aanbesteding ontbreekt ({pad}.publicatie).")
        )
    if ondertekening and ingang:
        grens = _maanden_terug(ingang, nvo.ONDERTEKENING_MAANDEN)
        if ondertekening < ingang:
            afstand = f"{duur(0, *voor_de_ingang(ondertekening, ingang))} voor de ingang"
        else:
            afstand = "niet vóór de ingang"
        tekst = (
            f"{voor}De contracten worden getekend op {datum(ondertekening)}, {afstand} op "
            f"{datum(ingang)}; de norm vraagt minimaal {nvo.ONDERTEKENING_MAANDEN} maanden "
            f"(uiterlijk {datum(grens)})."
        )
        uit.append(Bevinding(ondertekening <= grens, tekst))
    elif not ondertekening:
        uit.append(_mist(f"{voor}De datum van ondertekening ontbreekt ({pad}.ondertekening)."))
    if publicatie and ondertekening and ondertekening <= publicatie:
        uit.append(
            _mist(
                f"{voor}De contracten worden getekend op {datum(ondertekening)}, niet ná de "
                f"publicatie op {datum(publicatie)}. Eerst publiceren, dan tekenen "
                f"({pad}.publicatie, {pad}.ondertekening)."
            )
        )
    if ingang and einde:
        if einde < ingang:
            uit.append(
                _mist(f"{voor}De einddatum {datum(einde)} ligt vóór de ingang ({pad}.einde).")
            )
        else:
            jaren, maanden, dagen = termijn(ingang, einde)
            tekst = (
                f"{voor}De contractduur is {duur(jaren, maanden, dagen)} ({datum(ingang)} tot "
                f"en met {datum(einde)}); de norm vraagt minimaal "
                f"{nvo.MINIMALE_CONTRACTJAREN} jaar."
            )
            uit.append(Bevinding(jaren >= nvo.MINIMALE_CONTRACTJAREN, tekst))
    elif not einde:
        uit.append(_mist(f"{voor}De einddatum van de contracten ontbreekt ({pad}.einde)."))
    return uit


@regel(7)
def zorgvuldigheid(document: Document, regio: Regio) -> list[Bevinding]:
    """Per procurement procedure: publication on time (the reading of 'vóór 1 april'),
    signing 3 months ahead, the dates in order, >= 3 years; continuity that says something."""
    sectie = regio.sectie("contractering")
    uit: list[Bevinding] = []
    for naam, pad, contract in _contracten(sectie):
        uit += _procedure(naam, pad, contract)
    continuiteit = sectie.get("continuiteit")
    if gevuld(continuiteit):
        uit.append(
            _ok("Er zijn afspraken over de continuïteit van zorg aan het eind van het contract.")
        )
    elif continuiteit:
        uit.append(
            _mist(
                f"Bij de continuïteit van zorg staat alleen '{_citaat(continuiteit)}'. Beschrijf "
                "de afspraken als een contract afloopt (contractering.continuiteit)."
            )
        )
    else:
        uit.append(
            _mist(
                "Beschrijf de afspraken over continuïteit van zorg als een contract "
                "afloopt (contractering.continuiteit)."
            )
        )
    return uit


# ---------------------------------------------------------------------------------------------
# Afspraak 8


@regel(8)
def tarieven(document: Document, regio: Regio) -> list[Bevinding]:
    """Tariffs that let providers follow the cao; providers' transparency; cost elements
    (which ones depends on the product: advice); a method; the five phases gone through."""
    sectie = regio.sectie("tarieven")
    uit: list[Bevinding] = []
    cao = sectie.get("cao_conform")
    if cao is True:
        uit.append(_ok("De tarieven zijn hoog genoeg om de cao te volgen."))
    elif cao is False:
        uit.append(
            _mist(
                "De tarieven volgen de cao niet (tarieven.cao_conform: false). Een reëel "
                "tarief laat een redelijk efficiënte aanbieder de cao volgen."
            )
        )
    else:
        uit.append(_mist("Geef aan of de tarieven de cao volgen (tarieven.cao_conform)."))
    if gevuld(sectie.get("transparantie")):
        uit.append(_ok("Beschreven hoe aanbieders de opbouw van hun tarief laten zien."))
    else:
        uit.append(
            _mist(
                "Beschrijf hoe aanbieders laten zien hoe hun tarief is opgebouwd "
                "(tarieven.transparantie)."
            )
        )
    elementen = sectie.get("kostprijselementen", [])
    if elementen:
        uit.append(_ok(f"{len(elementen)} kostprijselementen genoemd."))
        ontbrekend = [n for c, n in nvo.KOSTPRIJSELEMENTEN.items() if c not in elementen]
        if ontbrekend:
            uit.append(
                _advies(
                    f"Niet genoemd (tarieven.kostprijselementen): "
                    f"{nederlands.opsomming(ontbrekend)}. Welke elementen een tarief nodig "
                    "heeft, hangt af van het zorgproduct; ga na of ze hier niet nodig zijn."
                )
            )
    else:
        uit.append(
            _mist("Noem de kostprijselementen van de tarieven (tarieven.kostprijselementen).")
        )
    methoden = sectie.get("methoden", [])
    if methoden:
        namen = [nvo.TARIEFMETHODEN[m] for m in methoden]
        uit.append(_ok(f"Methode(n) voor de tarieven: {nederlands.opsomming(namen)}."))
        if "kostenonderzoek" not in methoden:
            uit.append(
                _advies(
                    "Bij nieuwe producten of aangepaste tarieven is een kostprijsonderzoek "
                    "verplicht (AMvB); kostenonderzoek staat niet bij tarieven.methoden."
                )
            )
    else:
        uit.append(
            _mist(
                "Noem de methode om reële tarieven te bepalen (tarieven.methoden: "
                "kostenonderzoek, dialoog en/of referentiecijfers)."
            )
        )
    fasen = {f["fase"]: f for f in sectie.get("fasen", [])}
    ontbrekend = [naam for code, naam in nvo.TARIEFFASEN.items() if code not in fasen]
    if ontbrekend:
        uit.append(
            _mist(
                f"Van de vijf fasen om tot een tarief te komen ontbreken er {len(ontbrekend)} "
                f"(tarieven.fasen): {nederlands.opsomming(ontbrekend)}. Het hele proces "
                "moet doorlopen worden, met per fase de stand."
            )
        )
    if fasen:
        stand = [
            f"{code} {fasen[code]['stand']}"
            + (f" ({fasen[code]['periode']})" if fasen[code].get("periode") else "")
            for code in nvo.TARIEFFASEN
            if code in fasen
        ]
        uit.append(_ok(f"Fasen: {'; '.join(stand)}."))
    return uit
