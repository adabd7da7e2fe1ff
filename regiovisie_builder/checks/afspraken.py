"""The measurable parts of the eight agreements (see the NvO and its routekaart).

Every rule reads regio.yaml data, never the document's text or its open markers, so a
region's own block cannot switch a check off. A value that only holds a placeholder
("n.v.t.", "-", "volgt later") counts as not filled in. Where the routekaart gives an
example or a guideline rather than a requirement, a shortfall is advice (``ADVIES``).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Mapping

from regiovisie_builder import dutch, nvo
from regiovisie_builder.checks import ADVIES, GEGEVEN, Bevinding, line
from regiovisie_builder.model import Document, Regio

date = dutch.date


def _ok(message: str, soort: str = "eis") -> Bevinding:
    return Bevinding(True, message, soort)


def _misses(message: str) -> Bevinding:
    return Bevinding(False, message)


def _advies(message: str) -> Bevinding:
    return Bevinding(False, message, ADVIES)


def _gegeven(message: str) -> Bevinding:
    return Bevinding(True, message, GEGEVEN)


# ---------------------------------------------------------------------------------------------
# Helpers: placeholders, exact durations


def filled(value: object) -> bool:
    """Whether a text says something: not empty, not a placeholder like 'n.v.t.' or 'x'."""
    if not isinstance(value, str):
        return value is not None and value != [] and value != {}
    text = " ".join(value.split()).lower()
    kern = text.strip(" .,;:!?-–—()[]'\"")
    if len(list(itertools.islice(filter(str.isalpha, kern), 3))) < 3:  # stops at three letters
        return False
    if text in nvo.PLACEHOLDERS or kern in nvo.PLACEHOLDERS:
        return False
    return not kern.startswith(("nog in te vullen", "volgt later", "nader te bepalen"))


def _quote(value: object, length: int = 60) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _months_back(date_: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier (clamped to the month's last day)."""
    return _months_further(date_, -months)


def _months_further(date_: dt.date, months: int) -> dt.date:
    """The same day ``months`` months later (clamped to the month's last day)."""
    year, month = divmod(date_.year * 12 + date_.month - 1 + months, 12)
    month += 1
    for day in (date_.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def before_ingang(moment: dt.date, ingang: dt.date) -> tuple[int, int]:
    """Whole months and days from ``moment`` to ``ingang``, counted back from the ingang.

    Counting back matches the verdict: signing is 'three months before' exactly when the
    months counted here are at least three, also at month ends (28 February).
    """
    months = 0
    while _months_back(ingang, months + 1) >= moment:
        months += 1
    return months, (_months_back(ingang, months) - moment).days


def period(of: dt.date, until: dt.date) -> tuple[int, int, int]:
    """Years, months and days of a term whose end date is inclusive."""
    end = until + dt.timedelta(days=1)
    months = 0
    while _months_further(of, months + 1) <= end:
        months += 1
    return months // 12, months % 12, (end - _months_further(of, months)).days


def duration(years: int = 0, months: int = 0, days: int = 0) -> str:
    """``(2, 11, 30)`` -> ``2 jaar, 11 maanden en 30 dagen``; exact, never rounded."""
    parts = []
    if years:
        parts.append(f"{years} jaar")
    if months:
        parts.append(dutch.counted(months, "maand", "maanden"))
    if days or not parts:
        parts.append(dutch.counted(days, "dag", "dagen"))
    return dutch.enumeration(parts)


# ---------------------------------------------------------------------------------------------
# Afspraak 1


# What a group *did*, beyond reading or commenting on a draft. Matched inside words too,
# so "werksessie", "dialoogtafels" and "klankbordgroep" count.
_ACTIVE = re.compile(
    r"\w*(sessie|gesprek|interview|bijeenkomst|overleg|dialoog|tafel|werkgroep|klankbord|"
    r"atelier|werkplaats|workshop|panel|focusgroep|vragenlijst|enqu[eê]te|peiling|"
    r"meedenk|meegedacht|dacht(en)? mee|meeschr|schreef mee|schreven mee|"
    r"schrijfgroep|schrijfteam|co-?creatie|ontmoeting|expertmeeting|stuurgroep|"
    r"werkbezoek|rondetafel|meegewerkt|werkten mee|werkte mee)\w*",
    re.IGNORECASE,
)


def activities(manner: str) -> list[str]:
    """The forms of active involvement a text names (empty: only reading or commenting)."""
    found: list[str] = []
    for hit in _ACTIVE.finditer(manner):
        word = hit.group(0).lower()
        if word not in found:
            found.append(word)
    return found


def _adoption(document: Document, regio: Regio) -> list[Bevinding]:
    """Council adoption: planned or recorded for every council; all of them for 'vastgesteld'."""
    out: list[Bevinding] = []
    document_status = regio.data["document"].get("status")
    document_date = regio.data["document"].get("datum")
    vastgesteld, other, not_vastgesteld = [], [], []
    for index, gemeente in enumerate(regio.gemeenten):
        name = gemeente["naam"]
        adoption = gemeente.get("vaststelling") or {}
        status, when = adoption.get("status"), adoption.get("datum")
        if not (status and when):
            out.append(
                _misses(
                    f"Voor {name} is geen vaststelling door de raad gepland "
                    f"(regio.gemeenten[{index}].vaststelling: datum en status)."
                )
            )
            continue
        label = nvo.ADOPTION_STATUSES[status]
        if status in nvo.VASTGESTELD:
            vastgesteld.append(name)
            if status != "vastgesteld":
                other.append(f"{name}: {label} op {date(when)}")
            continue
        other.append(f"{name}: {label} {date(when)}")
        not_vastgesteld.append(f"{name} ({label} {date(when)})")
        if status in ("aangehouden", "verworpen"):
            out.append(
                _misses(
                    f"De raad van {name} heeft de regiovisie {label} op {date(when)} "
                    f"(regio.gemeenten[{index}].vaststelling.status). De norm vraagt "
                    "vaststelling door elke gemeenteraad."
                )
            )
        elif document_date and when < document_date:
            out.append(
                _misses(
                    f"De raad van {name} zou op {date(when)} besluiten, vóór de datum van "
                    f"dit document ({date(document_date)}). Werk de stand bij "
                    f"(regio.gemeenten[{index}].vaststelling.status)."
                )
            )
    total = len(regio.gemeenten)
    summary = f"Vastgesteld door {len(vastgesteld)} van {total} raden"
    if other:
        summary += "; " + "; ".join(other)
    out.append(_gegeven(summary + "."))
    if document_status == "vastgesteld" and not_vastgesteld:
        out.append(
            _misses(
                "Het document heeft de status 'vastgesteld', maar niet elke raad heeft het "
                f"vastgesteld: {dutch.enumeration(not_vastgesteld)} "
                "(regio.gemeenten[].vaststelling.status)."
            )
        )
    return out


@line(1)
def process(document: Document, regio: Regio) -> list[Bevinding]:
    """Several municipalities; six groups with real involvement; decision moments;
    adoption by every council. The five steps are the routekaart's example: advice."""
    section = regio.section("proces")
    out: list[Bevinding] = []
    if len(regio.gemeenten) < 2:
        out.append(
            _misses(
                "De regio heeft één gemeente (regio.gemeenten). De norm vraagt een "
                "regiovisie die gemeenten in regionaal verband samen opstellen."
            )
        )
    else:
        out.append(_gegeven(f"{len(regio.gemeenten)} gemeenten stellen de regiovisie samen op."))
    ways: dict[str, list[str]] = {}
    for participant in section.get("betrokkenen", []):
        ways.setdefault(participant["groep"], []).append(participant.get("wijze", ""))
    for code, name in nvo.REQUIRED_PARTICIPANTS.items():
        if code not in ways:
            out.append(
                _misses(
                    f"De groep '{name}' ontbreekt bij de betrokkenen (proces.betrokkenen). "
                    f"Beschrijf hoe {name} betrokken waren, met meer dan alleen meelezen."
                )
            )
            continue
        texts = [w for w in ways[code] if filled(w)]
        if not texts:
            value = next((w for w in ways[code] if w.strip()), "")
            out.append(
                _misses(
                    f"Bij {name} staat niet hoe zij betrokken waren"
                    + (f" ('{_quote(value)}')" if value else "")
                    + " (proces.betrokkenen, wijze)."
                )
            )
            continue
        done = [a for text in texts for a in activities(text)]
        if done:
            out.append(_ok(f"{name}: {dutch.enumeration(dict.fromkeys(done))}."))
        else:
            out.append(
                _misses(
                    f"Bij {name} staat niet wat de groep deed naast lezen of reageren op een "
                    f"concept ('{_quote(' '.join(texts))}'). De norm vraagt meer dan "
                    "meelezen en commentaar op de laatste versies: noem bijvoorbeeld "
                    "gesprekken, werksessies of een klankbordgroep (proces.betrokkenen, wijze)."
                )
            )
    steps = [s["stap"] for s in section.get("stappen", [])]
    missing = [step for step in nvo.PROCESS_STEPS if step not in steps]
    if len(missing) < len(nvo.PROCESS_STEPS):
        out.append(
            _gegeven(
                "Processtappen beschreven: "
                f"{dutch.enumeration(s for s in nvo.PROCESS_STEPS if s in steps)}."
            )
        )
    if missing:
        out.append(
            _advies(
                f"Niet beschreven (proces.stappen): {dutch.enumeration(missing)}. De "
                "routekaart geeft de vijf stappen als voorbeeld van een ideaal proces; een "
                "andere aanpak mag, maar beschrijf dan die stappen."
            )
        )
    if filled(section.get("rollen")):
        out.append(_ok("De rol van de partijen in het proces is beschreven."))
    else:
        out.append(
            _advies("Beschrijf welke rol de partijen vooraf kregen in het proces (proces.rollen).")
        )
    command = section.get("opdracht") or {}
    if command.get("datum") and filled(command.get("door")):
        out.append(
            _ok(f"Opdrachtdocument vastgesteld door {command['door']} op {date(command['datum'])}.")
        )
    else:
        out.append(
            _advies(
                "Noem wie het opdrachtdocument vaststelde en wanneer, voordat het werk begon "
                "(proces.opdracht: datum en door)."
            )
        )
    if filled(section.get("besluitvorming")):
        out.append(_ok("De besluitvorming is beschreven (wie wanneer besluit)."))
    else:
        out.append(
            _misses(
                "Beschrijf de besluitvormingsmomenten en wie bevoegd is om te besluiten "
                "(proces.besluitvorming)."
            )
        )
    return out + _adoption(document, regio)


# ---------------------------------------------------------------------------------------------
# Afspraak 2


def _levels(inkoop: Mapping) -> dict[str, str]:
    """Every placed function (crucial code or own function name) -> its level."""
    levels = dict(inkoop.get("functies", {}))
    for own in inkoop.get("eigen_functies", []):
        levels.setdefault(own["functie"], own["niveau"])
    return levels


def _function_name(function: str) -> str:
    return nvo.CRUCIAL_FUNCTIONS.get(function, function)


def _contracts(section: Mapping) -> list[tuple[str, str, Mapping]]:
    """The procurement procedures: (name, key path, dates). The single keys are one."""
    out: list[tuple[str, str, Mapping]] = []
    basis = {
        k: section[k] for k in ("publicatie", "ondertekening", "ingang", "einde") if k in section
    }
    if basis or not section.get("procedures"):
        out.append(("", "contractering", basis))
    for index, procedure in enumerate(section.get("procedures", [])):
        out.append((procedure["naam"], f"contractering.procedures[{index}]", procedure))
    return out


@line(2)
def content(document: Document, regio: Regio) -> list[Bevinding]:
    """The term; a purchasing model that fits the levels; the seven regionally bought
    crucial functions placed, LTA landelijk; the desired development; the consequences of
    a change of scale; continuity for the whole term (advice)."""
    out: list[Bevinding] = []
    term = regio.data["document"]["looptijd"]
    out.append(
        _gegeven(
            f"De looptijd is {duration(*period(term['van'], term['tot']))} "
            f"({date(term['van'])} tot en met "
            f"{date(term['tot'])})."
        )
    )
    inkoop = regio.section("inkoop")
    model = inkoop.get("model")
    if model:
        out.append(_ok(f"Het inkoopmodel is '{nvo.PURCHASING_MODELS[model]}'."))
    else:
        out.append(
            _misses(
                "Er is geen inkoopmodel gekozen (inkoop.model: lokaal_tenzij, "
                "regionaal of regionaal_tenzij)."
            )
        )
    placed = inkoop.get("functies", {})
    missing = [name for code, name in nvo.REGIONAL_BOUGHT.items() if code not in placed]
    if missing:
        out.append(
            _misses(
                "Niet elke cruciale functie heeft een niveau. Nog te plaatsen "
                f"(inkoop.functies): {dutch.enumeration(missing)}."
            )
        )
    else:
        telling: dict[str, int] = {}
        for code in nvo.REGIONAL_BOUGHT:
            telling[placed[code]] = telling.get(placed[code], 0) + 1
        distribution = dutch.enumeration(f"{n} {nvo.LEVELS[k]}" for k, n in telling.items())
        out.append(_ok(f"Alle zeven cruciale functies hebben een niveau ({distribution})."))
    lta = placed.get("lta")
    if lta and lta != "landelijk":
        out.append(
            _misses(
                f"De landelijk ingekochte zorg (LTA) staat op '{nvo.LEVELS[lta]}'. LTA vraagt "
                "geen regionale inkoop (inkoop.functies.lta: landelijk)."
            )
        )
    own = inkoop.get("eigen_functies", [])
    for index, function in enumerate(own):
        if function["functie"] in nvo.CRUCIAL_FUNCTIONS:
            out.append(
                _misses(
                    f"'{function['functie']}' is een cruciale functie; zet die bij "
                    f"inkoop.functies, niet bij inkoop.eigen_functies[{index}]."
                )
            )
    if own:
        items = dutch.enumeration(f"{f['functie']} ({nvo.LEVELS[f['niveau']]})" for f in own)
        out.append(_ok(f"Eigen functies: {items}."))
    if model:
        local = [_function_name(c) for c in nvo.REGIONAL_BOUGHT if placed.get(c) == "lokaal"]
        if model == "regionaal":
            local += [f["functie"] for f in own if f["niveau"] == "lokaal"]
        if local:
            guidance = (
                "daarin worden alle functies regionaal ingekocht"
                if model == "regionaal"
                else "daarin worden de cruciale functies ten minste regionaal ingekocht"
            )
            out.append(
                _misses(
                    f"Het inkoopmodel '{nvo.PURCHASING_MODELS[model]}' past niet bij de niveaus: "
                    f"{guidance}, maar {dutch.enumeration(local)} "
                    f"{'staat' if len(local) == 1 else 'staan'} op lokaal (inkoop.functies)."
                )
            )
    if filled(inkoop.get("ontwikkeling")):
        out.append(_ok("De gewenste ontwikkeling van het zorglandschap is beschreven."))
    else:
        out.append(
            _misses(
                "Beschrijf de gewenste ontwikkeling van het zorglandschap (inkoop.ontwikkeling)."
            )
        )
    scale = inkoop.get("schaal_verandert")
    if filled(inkoop.get("gevolgen")):
        out.append(_ok("De gevolgen van de schaal van samenwerking zijn beschreven."))
    elif scale is False:
        out.append(_ok("De schaal van samenwerking verandert niet (inkoop.schaal_verandert)."))
    elif scale is True:
        out.append(
            _misses(
                "De schaal van samenwerking verandert. Breng de gevolgen in kaart voor "
                "aanbieders, cliënten en de eigen organisatie (inkoop.gevolgen)."
            )
        )
    else:
        out.append(
            _misses(
                "Geef aan of de schaal van samenwerking verandert (inkoop.schaal_verandert) "
                "en beschrijf zo ja de gevolgen (inkoop.gevolgen)."
            )
        )
    ends = [c["einde"] for _, _, c in _contracts(regio.section("contractering")) if "einde" in c]
    if ends and max(ends) < term["tot"]:
        out.append(
            _advies(
                f"De contracten lopen tot en met {date(max(ends))}, de regiovisie tot en met "
                f"{date(term['tot'])}. Beschrijf hoe de hulp ook daarna beschikbaar "
                "blijft; de norm vraagt dat voor de hele looptijd."
            )
        )
    return out


# ---------------------------------------------------------------------------------------------
# Afspraak 3


@line(3)
def access(document: Document, regio: Regio) -> list[Bevinding]:
    """The connection of local access with contracted care; the five basic functions;
    the connection with huisarts and GI; other referrers (advice)."""
    section = regio.section("toegang")
    out: list[Bevinding] = []
    if filled(section.get("aansluiting")):
        out.append(
            _ok("De verbinding van de lokale toegang met de gecontracteerde hulp is beschreven.")
        )
    else:
        out.append(
            _misses(
                "Beschrijf hoe de lokale toegang verbonden is met de gecontracteerde hulp "
                "(toegang.aansluiting)."
            )
        )
    present = set(section.get("basisfuncties", []))
    missing = [name for code, name in nvo.BASIC_FUNCTIONS.items() if code not in present]
    if missing:
        out.append(
            _misses(
                f"Van de vijf basisfuncties van de lokale teams "
                f"{'ontbreekt' if len(missing) == 1 else 'ontbreken'} er "
                f"{len(missing)} (toegang.basisfuncties): "
                f"{dutch.enumeration(missing)}."
            )
        )
    else:
        out.append(_ok("De vijf basisfuncties van de lokale teams zijn beschreven."))
    for key, name in (("huisarts", "de huisarts"), ("gi", "de gecertificeerde instellingen")):
        value = section.get(key)
        if filled(value):
            out.append(_ok(f"De aansluiting met {name} is beschreven."))
        elif value:
            out.append(
                _misses(
                    f"Bij de aansluiting met {name} staat alleen '{_quote(value)}'. "
                    f"Beschrijf hoe die werkt (toegang.{key})."
                )
            )
        else:
            out.append(_misses(f"Beschrijf de aansluiting met {name} (toegang.{key})."))
    if filled(section.get("overige")):
        out.append(_ok("De aansluiting met andere verwijzers is beschreven."))
    else:
        out.append(
            _advies(
                "Beschrijf ook de aansluiting met de medisch specialisten en de rechter "
                "(toegang.overige)."
            )
        )
    return out


# ---------------------------------------------------------------------------------------------
# Afspraak 4


_ONE_YEAR = re.compile(r"\b(voor|van)\s+(één|een|1)\s+jaar\b|\b(één|een)jarig", re.IGNORECASE)


def _multi_year(section: Mapping, regio: Regio) -> list[Bevinding]:
    out: list[Bevinding] = []
    value = section.get("meerjarig")
    if value is False:
        return [_misses("De samenwerking is nog niet meerjarig (governance.meerjarig: false).")]
    if value is None:
        out.append(
            _misses("Niet aangegeven of de samenwerking meerjarig is (governance.meerjarig).")
        )
    term = section.get("looptijd") or {}
    of, until = term.get("van"), term.get("tot")
    if not of:
        out.append(
            _misses(
                "Noem de looptijd van de samenwerking (governance.looptijd: van en tot, of "
                "alleen van bij onbepaalde tijd). Meerjarig is meer dan één jaar."
            )
        )
        return out
    if until and until < of:
        return out + [_misses("governance.looptijd.tot ligt vóór governance.looptijd.van.")]
    if until:
        years, months, days = period(of, until)
        text = (
            f"De samenwerking loopt {duration(years, months, days)} ({date(of)} tot en met "
            f"{date(until)})"
        )
        if (years, months, days) > (1, 0, 0):
            out.append(_ok(f"{text}: meerjarig."))
        else:
            out.append(
                _misses(f"{text}. Meerjarig betekent meer dan één jaar (governance.looptijd).")
            )
        visie = regio.data["document"]["looptijd"]["tot"]
        if until < visie:
            out.append(
                _advies(
                    f"De samenwerking loopt tot en met {date(until)}, de regiovisie tot en met "
                    f"{date(visie)} (governance.looptijd.tot)."
                )
            )
    else:
        out.append(_ok(f"De samenwerking loopt voor onbepaalde tijd vanaf {date(of)}: meerjarig."))
    return out


@line(4)
def governance(document: Document, regio: Regio) -> list[Bevinding]:
    """A form of cooperation; meerjarig (a term of more than a year), geformaliseerd,
    taakverdeling; one bestuurlijk aanspreekpunt with name and function."""
    section = regio.section("governance")
    out: list[Bevinding] = []
    shape = section.get("vorm")
    if not filled(shape):
        out.append(_misses("Beschrijf de vorm van de samenwerking (governance.vorm)."))
    elif _ONE_YEAR.search(str(shape)):
        out.append(
            _misses(
                f"De vorm noemt een samenwerking voor één jaar ('{_quote(shape)}'). De norm "
                "vraagt een meerjarige samenwerking, niet voor één jaar of één "
                "contracteringsronde (governance.vorm)."
            )
        )
    else:
        out.append(_ok("De vorm van de samenwerking is beschreven."))
    out += _multi_year(section, regio)
    value = section.get("geformaliseerd")
    if value is True:
        out.append(_ok("De samenwerking is geformaliseerd."))
        if filled(section.get("besluit")):
            out.append(_ok("Het besluit dat de samenwerking vastlegt, is genoemd."))
        else:
            out.append(
                _advies("Noem het besluit dat de samenwerking vastlegt (governance.besluit).")
            )
    elif value is False:
        out.append(
            _misses(
                "De samenwerking is nog niet geformaliseerd (governance.geformaliseerd: false)."
            )
        )
    else:
        out.append(
            _misses(
                "Niet aangegeven of de samenwerking geformaliseerd is (governance.geformaliseerd)."
            )
        )
    if filled(section.get("taakverdeling")):
        out.append(_ok("De taakverdeling is beschreven."))
    else:
        out.append(
            _misses(
                "De taakverdeling (taken, verantwoordelijkheden en mandaten) ontbreekt "
                "(governance.taakverdeling)."
            )
        )
    aanspreekpunt = section.get("aanspreekpunt") or {}
    if not filled(aanspreekpunt.get("naam")):
        out.append(
            _misses(
                "Er is geen bestuurlijk aanspreekpunt met naam genoemd "
                "(governance.aanspreekpunt.naam)."
            )
        )
        return out
    if not filled(aanspreekpunt.get("functie")):
        out.append(
            _misses("Noem de functie van het aanspreekpunt (governance.aanspreekpunt.functie).")
        )
    role = aanspreekpunt.get("rol")
    if role == "bestuurlijk":
        out.append(_ok(f"Bestuurlijk aanspreekpunt: {aanspreekpunt['naam']}."))
    elif role == "ambtelijk":
        out.append(
            _misses(
                f"Het aanspreekpunt ({aanspreekpunt['naam']}) is ambtelijk. De norm vraagt één "
                "bestuurlijk aanspreekpunt (governance.aanspreekpunt.rol)."
            )
        )
    else:
        out.append(
            _misses(
                f"Geef aan of het aanspreekpunt ({aanspreekpunt['naam']}) bestuurlijk is "
                "(governance.aanspreekpunt.rol: bestuurlijk of ambtelijk). De norm vraagt één "
                "bestuurlijk aanspreekpunt."
            )
        )
    return out


# ---------------------------------------------------------------------------------------------
# Afspraak 5


def _regio_name(name: str) -> str:
    text = re.sub(r"\b(jeugdregio|regio)\b", " ", name.lower())
    return re.sub(r"[^a-z0-9]+", "", text)


@line(5)
def supra_regional(document: Document, regio: Regio) -> list[Bevinding]:
    """Which functions (known codes or the region's own functions, matching the levels in
    inkoop) and how: partner regions other than the region itself, and criteria."""
    section = regio.section("bovenregionaal")
    inkoop = regio.section("inkoop")
    functions = section.get("functies", [])
    levels = _levels(inkoop)
    own = {f["functie"].lower(): f["functie"] for f in inkoop.get("eigen_functies", [])}
    out: list[Bevinding] = []
    if not functions:
        out.append(
            _misses(
                "Er is geen bovenregionale functie beschreven (bovenregionaal.functies), "
                "met partners en criteria (schaal, personeel, kennis, innovatie)."
            )
        )
    own_regio = {_regio_name(regio.name), _regio_name(regio.data["regio"].get("code", ""))}
    own_regio.discard("")
    seen: set[str] = set()
    complete: list[str] = []
    for index, function in enumerate(functions):
        spot = f"bovenregionaal.functies[{index}]"
        code = function["functie"]
        if code not in nvo.CRUCIAL_FUNCTIONS:
            code = own.get(code.lower(), code)
        name = _function_name(code)
        good = True
        if code not in nvo.CRUCIAL_FUNCTIONS and code not in own.values():
            good = False
            candidates = [*nvo.CRUCIAL_FUNCTIONS, *own.values()]
            import difflib  # only for a message: not loaded by a build without errors

            suggestion = difflib.get_close_matches(code, candidates, n=1, cutoff=0.6)
            out.append(
                _misses(
                    f"'{code}' is geen cruciale functie en staat niet bij inkoop.eigen_functies "
                    f"({spot}.functie)." + (f" Bedoelt u '{suggestion[0]}'?" if suggestion else "")
                )
            )
        if code in seen:
            good = False
            out.append(_misses(f"'{name}' staat twee keer bij bovenregionaal.functies ({spot})."))
        seen.add(code)
        partners = [p for p in function.get("samen_met", []) if filled(p)]
        itself = [p for p in partners if _regio_name(p) in own_regio]
        what = []
        if not partners:
            what.append("samenwerkingspartners")
        if not function.get("criteria"):
            what.append("criteria")
        if what:
            good = False
            out.append(_misses(f"Bij '{name}' ontbreken {' en '.join(what)} ({spot})."))
        if itself:
            good = False
            out.append(
                _misses(
                    f"Bij '{name}' staat de eigen regio als partner ('{itself[0]}'). Noem de "
                    f"andere regio's waarmee u samenwerkt ({spot}.samen_met)."
                )
            )
        level = levels.get(code)
        if level and level != "bovenregionaal":
            good = False
            out.append(
                _misses(
                    f"'{name}' staat bij bovenregionaal.functies, maar wordt volgens de inkoop "
                    f"{nvo.LEVELS[level]} ingekocht (inkoop). Maak de twee gelijk."
                )
            )
        if good:
            partner_names = dutch.enumeration(partners)
            criteria = dutch.enumeration(function["criteria"])
            complete.append(f"{name} (met {partner_names}; {criteria})")
    for function, level in levels.items():
        if level == "bovenregionaal" and function not in seen:
            out.append(
                _misses(
                    f"'{_function_name(function)}' wordt bovenregionaal ingekocht (inkoop), maar "
                    "staat niet bij bovenregionaal.functies. Beschrijf met welke regio's en "
                    "waarom."
                )
            )
    if complete:
        out.append(_ok(f"Bovenregionaal geregeld: {'; '.join(complete)}."))
    afspraken = section.get("afspraken", [])
    if afspraken:
        names = dutch.enumeration(nvo.SUPRA_REGIONAL_AFSPRAKEN[a] for a in afspraken)
        out.append(_ok(f"Afspraken bij bovenregionale contractering: {names}."))
    elif functions:
        out.append(
            _advies(
                "Noem waarover u bij bovenregionale contractering afspraken maakt "
                "(bovenregionaal.afspraken)."
            )
        )
    for key, subject in (
        ("accounthouder", "de accounthoudende regio"),
        ("expertisecentrum", "de aansluiting op het expertisecentrum"),
    ):
        if filled(section.get(key)):
            out.append(_ok(f"Beschreven: {subject}."))
        elif functions:
            out.append(_advies(f"Beschrijf {subject} (bovenregionaal.{key})."))
    return out


# ---------------------------------------------------------------------------------------------
# Afspraak 6


@line(6)
def administrative_burdens(document: Document, regio: Regio) -> list[Bevinding]:
    """The standard uitvoeringsvarianten (which ones is the region's choice), the same
    contract conditions, joint contract management; other measures (advice)."""
    section = regio.section("administratieve_lasten")
    out: list[Bevinding] = []
    variants = section.get("uitvoeringsvarianten", [])
    if variants:
        out.append(_ok(f"Toegepaste uitvoeringsvarianten: {dutch.enumeration(variants)}."))
        missing = [v for v in nvo.IMPLEMENTATION_VARIANTS if v not in variants]
        if missing:
            out.append(
                _advies(
                    f"Niet toegepast: {dutch.enumeration(missing)}. De norm vraagt de "
                    "standaardvarianten consequent toe te passen, niet alle drie; ga na of dit "
                    "een bewuste keuze is (administratieve_lasten.uitvoeringsvarianten)."
                )
            )
    else:
        out.append(
            _misses(
                "Noem de uitvoeringsvarianten die de regio toepast "
                "(administratieve_lasten.uitvoeringsvarianten: inspanningsgericht, "
                "outputgericht en/of taakgericht)."
            )
        )
    # (key, what is agreed, not yet agreed, not stated): whole sentences, because "dezelfde
    # contractvoorwaarden" is plural and "gezamenlijk contractbeheer" is not.
    for key, yes, negated, unknown in (
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
        value = section.get(key)
        if value is True:
            out.append(_ok(f"Afgesproken: {yes}."))
        elif value is False:
            out.append(_misses(f"{negated} (administratieve_lasten.{key}: false)."))
        else:
            out.append(_misses(f"{unknown} (administratieve_lasten.{key})."))
    if any(filled(m) for m in section.get("maatregelen", [])):
        count = sum(filled(m) for m in section["maatregelen"])
        out.append(_ok(f"Andere maatregelen genoemd: {count}."))
    else:
        out.append(
            _advies(
                "Noem andere maatregelen, zoals de standaard administratieprotocollen en de "
                "landelijke productcodes (administratieve_lasten.maatregelen)."
            )
        )
    return out


# ---------------------------------------------------------------------------------------------
# Afspraak 7

_READING_1_APRIL = (
    "De norm zegt 'vóór 1 april' (vanaf 2021). Wij lezen dat als 1 april van het jaar vóór "
    f"een ingang op 1 januari: {nvo.PUBLICATION_MONTHS} maanden vooraf. Bij een andere "
    "ingangsdatum geldt dezelfde termijn."
)


def _procedure(name: str, path: str, c: Mapping) -> list[Bevinding]:
    """The dates of one procurement procedure, each its own finding with the real dates."""
    before = f"{name}: " if name else ""
    out: list[Bevinding] = []
    ingang, end = c.get("ingang"), c.get("einde")
    publication, signing = c.get("publicatie"), c.get("ondertekening")
    if not ingang:
        out.append(_misses(f"{before}De ingangsdatum van de contracten ontbreekt ({path}.ingang)."))
    if publication and ingang:
        if ingang < dt.date(*nvo.PUBLICATION_FROM_INGANG):
            out.append(
                _ok(
                    f"{before}De contracten gaan in op {date(ingang)}, vóór 2022. De eis van "
                    "publicatie vóór 1 april geldt vanaf 2021, dus voor contracten die vanaf "
                    "1 januari 2022 ingaan."
                )
            )
        else:
            limit = _months_back(ingang, nvo.PUBLICATION_MONTHS)
            if publication < ingang:
                distance = f", {duration(0, *before_ingang(publication, ingang))} voor de ingang"
            else:
                distance = ", niet vóór de ingang"
            text = (
                f"{before}De aanbesteding wordt gepubliceerd op {date(publication)}{distance} op "
                f"{date(ingang)}; de norm vraagt publicatie vóór {date(limit)}. " + _READING_1_APRIL
            )
            out.append(Bevinding(publication < limit, text))
    elif not publication:
        out.append(
            _misses(
                f"{before}De publicatiedatum van de aanbesteding ontbreekt ({path}.publicatie)."
            )
        )
    if signing and ingang:
        limit = _months_back(ingang, nvo.SIGNING_MONTHS)
        if signing < ingang:
            distance = f"{duration(0, *before_ingang(signing, ingang))} voor de ingang"
        else:
            distance = "niet vóór de ingang"
        text = (
            f"{before}De contracten worden getekend op {date(signing)}, {distance} op "
            f"{date(ingang)}; de norm vraagt minimaal {nvo.SIGNING_MONTHS} maanden "
            f"(uiterlijk {date(limit)})."
        )
        out.append(Bevinding(signing <= limit, text))
    elif not signing:
        out.append(_misses(f"{before}De datum van ondertekening ontbreekt ({path}.ondertekening)."))
    if publication and signing and signing <= publication:
        out.append(
            _misses(
                f"{before}De contracten worden getekend op {date(signing)}, niet ná de "
                f"publicatie op {date(publication)}. Eerst publiceren, dan tekenen "
                f"({path}.publicatie, {path}.ondertekening)."
            )
        )
    if ingang and end:
        if end < ingang:
            out.append(
                _misses(f"{before}De einddatum {date(end)} ligt vóór de ingang ({path}.einde).")
            )
        else:
            years, months, days = period(ingang, end)
            text = (
                f"{before}De contractduur is {duration(years, months, days)} ({date(ingang)} tot "
                f"en met {date(end)}); de norm vraagt minimaal "
                f"{nvo.MINIMAL_CONTRACT_YEARS} jaar."
            )
            out.append(Bevinding(years >= nvo.MINIMAL_CONTRACT_YEARS, text))
    elif not end:
        out.append(_misses(f"{before}De einddatum van de contracten ontbreekt ({path}.einde)."))
    return out


@line(7)
def care(document: Document, regio: Regio) -> list[Bevinding]:
    """Per procurement procedure: publication on time (the reading of 'vóór 1 april'),
    signing 3 months ahead, the dates in order, >= 3 years; continuity that says something."""
    section = regio.section("contractering")
    out: list[Bevinding] = []
    for name, path, contract in _contracts(section):
        out += _procedure(name, path, contract)
    continuity = section.get("continuiteit")
    if filled(continuity):
        out.append(
            _ok("Er zijn afspraken over de continuïteit van zorg aan het eind van het contract.")
        )
    elif continuity:
        out.append(
            _misses(
                f"Bij de continuïteit van zorg staat alleen '{_quote(continuity)}'. Beschrijf "
                "de afspraken als een contract afloopt (contractering.continuiteit)."
            )
        )
    else:
        out.append(
            _misses(
                "Beschrijf de afspraken over continuïteit van zorg als een contract "
                "afloopt (contractering.continuiteit)."
            )
        )
    return out


# ---------------------------------------------------------------------------------------------
# Afspraak 8


@line(8)
def tarieven(document: Document, regio: Regio) -> list[Bevinding]:
    """Tariffs that let providers follow the cao; providers' transparency; cost elements
    (which ones depends on the product: advice); a method; the five phases gone through."""
    section = regio.section("tarieven")
    out: list[Bevinding] = []
    cao = section.get("cao_conform")
    if cao is True:
        out.append(_ok("De tarieven zijn hoog genoeg om de cao te volgen."))
    elif cao is False:
        out.append(
            _misses(
                "De tarieven volgen de cao niet (tarieven.cao_conform: false). Een reëel "
                "tarief laat een redelijk efficiënte aanbieder de cao volgen."
            )
        )
    else:
        out.append(_misses("Geef aan of de tarieven de cao volgen (tarieven.cao_conform)."))
    if filled(section.get("transparantie")):
        out.append(_ok("Beschreven hoe aanbieders de opbouw van hun tarief laten zien."))
    else:
        out.append(
            _misses(
                "Beschrijf hoe aanbieders laten zien hoe hun tarief is opgebouwd "
                "(tarieven.transparantie)."
            )
        )
    elements = section.get("kostprijselementen", [])
    if elements:
        out.append(_ok(f"{len(elements)} kostprijselementen genoemd."))
        missing = [n for c, n in nvo.COST_PRICE_ELEMENTS.items() if c not in elements]
        if missing:
            out.append(
                _advies(
                    f"Niet genoemd (tarieven.kostprijselementen): "
                    f"{dutch.enumeration(missing)}. Welke elementen een tarief nodig "
                    "heeft, hangt af van het zorgproduct; ga na of ze hier niet nodig zijn."
                )
            )
    else:
        out.append(
            _misses("Noem de kostprijselementen van de tarieven (tarieven.kostprijselementen).")
        )
    methods = section.get("methoden", [])
    if methods:
        names = [nvo.TARIFF_METHODS[m] for m in methods]
        label = "Methode" if len(names) == 1 else "Methoden"
        out.append(_ok(f"{label} voor de tarieven: {dutch.enumeration(names)}."))
        if "kostenonderzoek" not in methods:
            out.append(
                _advies(
                    "Bij nieuwe producten of aangepaste tarieven is een kostprijsonderzoek "
                    "verplicht (AMvB); kostenonderzoek staat niet bij tarieven.methoden."
                )
            )
    else:
        out.append(
            _misses(
                "Noem de methode om reële tarieven te bepalen (tarieven.methoden: "
                "kostenonderzoek, dialoog en/of referentiecijfers)."
            )
        )
    phases = {f["fase"]: f for f in section.get("fasen", [])}
    missing = [name for code, name in nvo.TARIFF_PHASES.items() if code not in phases]
    if missing:
        out.append(
            _misses(
                "Van de vijf fasen om tot een tarief te komen "
                f"{'ontbreekt' if len(missing) == 1 else 'ontbreken'} er {len(missing)} "
                f"(tarieven.fasen): {dutch.enumeration(missing)}. Het hele proces "
                "moet doorlopen worden, met per fase de stand."
            )
        )
    if phases:
        standing = [
            f"{code} {phases[code]['stand']}"
            + (f" ({phases[code]['periode']})" if phases[code].get("periode") else "")
            for code in nvo.TARIFF_PHASES
            if code in phases
        ]
        out.append(_ok(f"Fasen: {'; '.join(standing)}."))
    return out
