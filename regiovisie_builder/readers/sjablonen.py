"""Render block bodies as Jinja2 templates with the region data, in a sandbox.

The region data is wrapped so that a key the schema knows but the region has not filled in
yet renders as an open marker (``[nog in te vullen: contractering.ingang]``), while a key the
schema does not know is a strict error: a typo is caught, an early draft still builds.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence

from regiovisie_builder import nederlands, nvo
from regiovisie_builder.errors import ContentError, Probleem
from regiovisie_builder.readers import grafieken
from regiovisie_builder.readers.blokken import Blok
from regiovisie_builder.schema import REGIO_SCHEMA

# Private-use characters delimit a marker in rendered text; the Markdown reader turns them
# into ``Marker`` spans. They never occur in normal Dutch text.
MARKER_BEGIN, MARKER_EINDE = "\ue000", "\ue001"
MARKER_PATROON = re.compile(f"{MARKER_BEGIN}([^{MARKER_EINDE}]*){MARKER_EINDE}")


def _kinderen(schema: Mapping) -> Mapping:
    return schema.get("properties", {})


class Ontbrekend:
    """A schema key without a value: falsy, empty, and printed as an open marker."""

    __slots__ = ("pad", "schema")

    def __init__(self, pad: str, schema: Mapping):
        self.pad = pad
        self.schema = schema

    def __str__(self) -> str:
        return f"{MARKER_BEGIN}{self.pad}{MARKER_EINDE}"

    def __bool__(self) -> bool:
        return False

    def __len__(self) -> int:
        return 0

    def __iter__(self) -> Iterator:
        return iter(())

    def __getitem__(self, sleutel):
        onder = _kinderen(self.schema)
        if isinstance(sleutel, str) and sleutel in onder:
            return Ontbrekend(f"{self.pad}.{sleutel}", onder[sleutel])
        if isinstance(sleutel, int):
            return Ontbrekend(f"{self.pad}[{sleutel}]", self.schema.get("items", {}))
        raise KeyError(sleutel)

    def __getattr__(self, naam: str):
        if naam.startswith("_"):
            raise AttributeError(naam)
        try:
            return self[naam]
        except KeyError:
            raise AttributeError(naam) from None

    def items(self):
        return ()

    def keys(self):
        return ()

    def values(self):
        return ()


class Gegevens(Mapping):
    """A read-only view on a mapping of region data that knows its place in the schema."""

    __slots__ = ("_waarden", "_schema", "_pad")

    def __init__(self, waarden: Mapping, schema: Mapping, pad: str = ""):
        self._waarden = waarden
        self._schema = schema
        self._pad = pad

    def _onder(self, sleutel: str) -> str:
        return f"{self._pad}.{sleutel}" if self._pad else sleutel

    def __getitem__(self, sleutel):
        onder = _kinderen(self._schema)
        if sleutel in self._waarden:
            return _omhul(self._waarden[sleutel], onder.get(sleutel, {}), self._onder(sleutel))
        if sleutel in onder:
            return Ontbrekend(self._onder(sleutel), onder[sleutel])
        raise KeyError(sleutel)

    def __iter__(self):
        return iter(self._waarden)

    def __len__(self) -> int:
        return len(self._waarden)

    def __str__(self) -> str:
        return ", ".join(f"{k}: {v}" for k, v in self.items())


class Lijst(Sequence):
    """A read-only view on a list of region data; its items know their schema and path."""

    __slots__ = ("_waarden", "_schema", "_pad")

    def __init__(self, waarden: Sequence, schema: Mapping, pad: str):
        self._waarden = waarden
        self._schema = schema
        self._pad = pad

    def __getitem__(self, index):
        if isinstance(index, slice):
            return Lijst(self._waarden[index], self._schema, self._pad)
        return _omhul(self._waarden[index], self._schema.get("items", {}), f"{self._pad}[{index}]")

    def __len__(self) -> int:
        return len(self._waarden)

    def __str__(self) -> str:
        return nederlands.opsomming(self)


def _omhul(waarde, schema: Mapping, pad: str):
    if isinstance(waarde, Mapping):
        return Gegevens(waarde, schema, pad)
    if isinstance(waarde, list | tuple):
        return Lijst(waarde, schema, pad)
    return waarde


def context(gegevens: Mapping) -> dict:
    """The template variables: every top-level key of the schema and of the region data."""
    wortel = Gegevens(gegevens, REGIO_SCHEMA)
    namen = dict.fromkeys([*_kinderen(REGIO_SCHEMA), *gegevens])
    return {naam: wortel[naam] for naam in namen}


# --- filters -------------------------------------------------------------------------------


def _laat_ontbrekend_door(functie):
    """Let a filter return an open marker unchanged instead of failing on it."""

    @functools.wraps(functie)
    def filter_(waarde, *args, **kwargs):
        for arg in (waarde, *args):
            if isinstance(arg, Ontbrekend):
                return arg
        return functie(waarde, *args, **kwargs)

    return filter_


def omschrijving(code, lijst: str | None = None) -> str:
    """The Dutch label of a code value (``regionaal_tenzij`` -> ``regionaal, tenzij``)."""
    if lijst is not None:
        if lijst not in nvo.CODELIJSTEN:
            raise ValueError(
                f"onbekende codelijst '{lijst}'; kies uit {', '.join(nvo.CODELIJSTEN)}"
            )
        return nvo.CODELIJSTEN[lijst].get(str(code), str(code))
    return nvo.OMSCHRIJVINGEN.get(str(code), str(code).replace("_", " "))


# How a zero amount shows in a budget table (``nullen`` in the budget or as argument).
NULLEN = {"nul": None, "leeg": "", "streepje": "–"}


def begrotingstabel(begroting, nullen: str | None = None) -> str:
    """A Markdown table of a budget: a column per year, a Totaal column and a TOTAAL row.

    ``nullen`` ("nul", "leeg" or "streepje"; default the budget's own ``nullen``) says how
    an amount of 0 shows.
    """
    if isinstance(begroting, Ontbrekend):
        return str(begroting)
    jaren = list(begroting["jaren"])
    duizend = begroting.get("eenheid", "euro") == "duizend"
    eerste = "Post (x € 1.000)" if duizend else "Post"
    nullen = nullen or begroting.get("nullen") or "nul"
    if nullen not in NULLEN:
        raise ValueError(f"nullen='{nullen}' bestaat niet; kies uit {', '.join(NULLEN)}")

    def cel(n) -> str:
        nul = NULLEN[nullen]
        if n == 0 and nul is not None:
            return nul
        return nederlands.getal(n, 0) if duizend else nederlands.bedrag(n)

    def vet(tekst: str) -> str:
        return f"**{tekst}**" if tekst else ""

    regels = [
        "| " + " | ".join([eerste, *map(str, jaren), "Totaal"]) + " |",
        "|" + "|".join([":---", *(["---:"] * (len(jaren) + 1))]) + "|",
    ]
    totalen = [0] * len(jaren)
    for post in begroting["posten"]:
        bedragen = list(post["bedragen"])
        if len(bedragen) != len(jaren):
            raise ValueError(
                f"de post '{post['post']}' heeft {len(bedragen)} bedragen "
                f"maar er zijn {len(jaren)} jaren"
            )
        totalen = [a + b for a, b in zip(totalen, bedragen, strict=True)]
        regels.append(
            "| " + " | ".join([str(post["post"]), *map(cel, bedragen), cel(sum(bedragen))]) + " |"
        )
    regels.append(
        "| "
        + " | ".join(["**TOTAAL**", *(vet(cel(t)) for t in totalen), vet(cel(sum(totalen)))])
        + " |"
    )
    return "\n".join(regels)


def _procent_tekst(fractie: float) -> str:
    return f"{nederlands.getal(round(fractie * 100, 1))}%"


def kostenverdeling(begroting, gemeente, gemeenten, sleutel="inwoners") -> str:
    """One municipality's share of the regional budget: a sentence that states the key and a
    Markdown table per year (region total, the municipality's share).

    ``sleutel`` is ``inwoners`` (share of the region's inhabitants) or ``aandeel`` (the
    percentage under each municipality). A missing figure gives its open marker, so the
    clerk sees which value to fill in.
    """
    if isinstance(begroting, Ontbrekend):
        return str(begroting)
    sleutel = "inwoners" if isinstance(sleutel, Ontbrekend) or not sleutel else str(sleutel)
    naam = gemeente["naam"]
    if sleutel == "aandeel":
        if isinstance(gemeente["aandeel"], Ontbrekend):
            return str(gemeente["aandeel"])
        fractie = float(gemeente["aandeel"]) / 100
        zin = (
            "De gemeenten verdelen de regionale kosten volgens een vast aandeel per gemeente. "
            f"Het aandeel van {naam} is {_procent_tekst(fractie)}."
        )
    else:
        for lid in gemeenten:
            if isinstance(lid["inwoners"], Ontbrekend):
                return str(lid["inwoners"])
        totaal = sum(int(lid["inwoners"]) for lid in gemeenten)
        if not totaal:
            raise ValueError("de gemeenten hebben samen 0 inwoners; de verdeling kan niet")
        fractie = int(gemeente["inwoners"]) / totaal
        zin = (
            "De gemeenten verdelen de regionale kosten naar het aantal inwoners. "
            f"{naam} heeft {nederlands.getal(gemeente['inwoners'])} van de "
            f"{nederlands.getal(totaal)} inwoners van de regio: een aandeel van "
            f"{_procent_tekst(fractie)}."
        )
    duizend = begroting.get("eenheid", "euro") == "duizend"

    def cel(n) -> str:
        return nederlands.getal(round(n), 0) if duizend else nederlands.bedrag(round(n))

    jaren = list(begroting["jaren"])
    totalen = [0.0] * len(jaren)
    for post in begroting["posten"]:
        totalen = [a + b for a, b in zip(totalen, list(post["bedragen"]), strict=True)]
    eenheid = " (x € 1.000)" if duizend else ""
    regels = [
        f"| Jaar | Regio{eenheid} | {naam}{eenheid} |",
        "|:---|---:|---:|",
        *(f"| {j} | {cel(t)} | {cel(t * fractie)} |" for j, t in zip(jaren, totalen, strict=True)),
        f"| **Totaal** | **{cel(sum(totalen))}** | **{cel(sum(totalen) * fractie)}** |",
    ]
    return zin + "\n\n" + "\n".join(regels)


FILTERS = {
    "datum": nederlands.datum,
    "maand": nederlands.maand,
    "jaar": nederlands.jaar,
    "bedrag": nederlands.bedrag,
    "getal": nederlands.getal,
    "procent": nederlands.procent,
    "opsomming": nederlands.opsomming,
    "omschrijving": omschrijving,
}
FUNCTIES = {
    "jaren": nederlands.jaren,
    "maanden": nederlands.maanden,
    "begrotingstabel": begrotingstabel,
    "grafiek": grafieken.grafiek,
    "kostenverdeling": kostenverdeling,
}

# Dutch explanations of the filters and functions, for the user guide.
UITLEG = {
    "datum": "`{{ d | datum }}` geeft een datum voluit: 1 januari 2022",
    "maand": "`{{ d | maand }}` geeft maand en jaar: januari 2022",
    "jaar": "`{{ d | jaar }}` geeft het jaar: 2022",
    "bedrag": "`{{ n | bedrag }}` geeft een bedrag in euro: € 125.000 (centen alleen als nodig)",
    "getal": "`{{ n | getal }}` geeft een getal met punten: 22.836",
    "procent": "`{{ n | procent }}` geeft een percentage: 15%",
    "opsomming": "`{{ lijst | opsomming('naam') }}` maakt een opsomming: "
    "Haarlem, Zandvoort en Velsen",
    "omschrijving": "`{{ code | omschrijving }}` geeft de Nederlandse naam van een code: "
    "regionaal_tenzij wordt 'regionaal, tenzij'",
    "jaren": "`{{ jaren(van, tot) }}` geeft het aantal hele jaren van een looptijd",
    "maanden": "`{{ maanden(van, tot) }}` geeft het aantal hele maanden tussen twee data",
    "begrotingstabel": "`{{ begrotingstabel(financien.begroting) }}` maakt een tabel met een "
    "kolom per jaar en totalen; met `nullen='leeg'` blijft een bedrag van 0 leeg",
    "grafiek": "`{{ grafiek(financien.begroting) }}` tekent de begroting als staafdiagram "
    "(`soort='lijn'` voor een lijndiagram, `titel='...'` voor een eigen bijschrift), met de "
    "cijfers in een tabel eronder; zet de opdracht in een eigen alinea",
    "kostenverdeling": "`{{ kostenverdeling(financien.begroting, gemeente, regio.gemeenten, "
    "financien.verdeelsleutel) }}` geeft het aandeel van één gemeente in de regionale kosten: "
    "een zin met de verdeelsleutel en een tabel per jaar",
}


@functools.cache
def _omgeving():
    from jinja2 import StrictUndefined

    from regiovisie_builder.zandbak import Zandbak

    omgeving = Zandbak(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)
    omgeving.voeg_filters_toe({n: _laat_ontbrekend_door(f) for n, f in FILTERS.items()})
    omgeving.globals.update({n: _laat_ontbrekend_door(f) for n, f in FUNCTIES.items()})
    # Handles open markers itself: an unset verdeelsleutel means the default, inwoners.
    omgeving.globals["kostenverdeling"] = kostenverdeling
    return omgeving


# --- error messages ------------------------------------------------------------------------


def _syntaxmelding(bericht: str) -> str:
    from regiovisie_builder.zandbak import syntaxmelding

    melding = syntaxmelding(bericht).replace("het sjabloon houdt op", "het blok houdt op")
    if "onbekend filter" in melding:
        melding = melding.rstrip(".") + f"; beschikbaar: {', '.join(FILTERS)}."
    return melding


def _alle_sleutels(schema: Mapping, uit: set[str]) -> set[str]:
    for naam, onder in _kinderen(schema).items():
        uit.add(naam)
        _alle_sleutels(onder, uit)
        _alle_sleutels(onder.get("items", {}), uit)
    return uit


def _onbekend_melding(bericht: str) -> str:
    namen = re.findall(r"'([^']*)'", bericht)
    naam = namen[-1] if namen else bericht
    melding = f"'{naam}' bestaat niet in de regiogegevens."
    import difflib  # only for a message: not loaded by a build without errors

    bekend = sorted(_alle_sleutels(REGIO_SCHEMA, set()) | set(FUNCTIES) | {"blok", "toetsing"})
    voorstel = difflib.get_close_matches(naam, bekend, n=1)
    if voorstel:
        melding += f" Bedoelt u '{voorstel[0]}'?"
    return melding + " Controleer de spelling of voeg de sleutel toe aan regio.yaml."


def _regel_in_blok(fout: BaseException, blok: Blok) -> int:
    import traceback  # only for a message (it loads textwrap too)

    regel = None
    for frame in traceback.extract_tb(fout.__traceback__):
        if frame.filename == blok.bestand:
            regel = frame.lineno
    return blok.tekst_regel + (regel or 1) - 1


# Any of Jinja's delimiters; a block without them is plain Markdown.
_JINJA = re.compile(r"\{[{%#]")
_REGELEINDE = re.compile(r"\r\n|\r")


@functools.lru_cache(maxsize=1024)
def _sjabloon(tekst: str, bestand: str):
    """A compiled block template; cached because council documents render a block per
    municipality."""
    omgeving = _omgeving()
    code = omgeving.compile(tekst, name=bestand, filename=bestand)
    return omgeving.template_class.from_code(omgeving, code, omgeving.make_globals(None))


def heeft_jinja(tekst: str) -> bool:
    """True when ``tekst`` has any of Jinja's delimiters (else it renders to itself)."""
    return _JINJA.search(tekst) is not None


def render(blok: Blok, variabelen: Mapping) -> str:
    """The block body with all Jinja filled in; ``ContentError`` on any template problem.

    A block without Jinja delimiters is returned as Jinja would render it (line endings
    made ``\\n``) without compiling a template, which is most of the cost of this step.
    """
    if not _JINJA.search(blok.tekst):
        return _REGELEINDE.sub("\n", blok.tekst)
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    try:
        sjabloon = _sjabloon(blok.tekst, blok.bestand)
    except TemplateSyntaxError as fout:
        probleem = Probleem(
            blok.bestand,
            blok.tekst_regel + (fout.lineno or 1) - 1,
            _syntaxmelding(fout.message or ""),
        )
        raise ContentError("Een blok bevat een fout in de Jinja-opmaak.", [probleem]) from None
    from regiovisie_builder.zandbak import Grensfout, begrensd

    try:
        return begrensd(sjabloon.generate, {**variabelen, "blok": _blok_variabelen(blok)})
    except Grensfout as fout:
        probleem = Probleem(blok.bestand, _regel_in_blok(fout, blok), str(fout))
        raise ContentError("Een blok gaat over een grens.", [probleem]) from None
    except SecurityError as fout:
        melding = (
            "dit is niet toegestaan in een blok: het probeert interne Python-onderdelen "
            f"te gebruiken ({fout}). Gebruik alleen de regiogegevens en de filters."
        )
        probleem = Probleem(blok.bestand, _regel_in_blok(fout, blok), melding)
        raise ContentError("Een blok doet iets dat niet mag.", [probleem]) from None
    except UndefinedError as fout:
        probleem = Probleem(
            blok.bestand, _regel_in_blok(fout, blok), _onbekend_melding(fout.message or "")
        )
        raise ContentError("Een blok gebruikt een onbekende variabele.", [probleem]) from None
    except RecursionError as fout:
        melding = "de opmaak is te diep genest of roept zichzelf steeds opnieuw aan."
        probleem = Probleem(blok.bestand, _regel_in_blok(fout, blok), melding)
        raise ContentError("Een blok kon niet worden ingevuld.", [probleem]) from None
    except (ValueError, TypeError, KeyError, ArithmeticError) as fout:
        melding = f"bij het invullen ging iets mis: {fout}."
        probleem = Probleem(blok.bestand, _regel_in_blok(fout, blok), melding)
        raise ContentError("Een blok kon niet worden ingevuld.", [probleem]) from None


def _blok_variabelen(blok: Blok) -> dict:
    return {
        "id": blok.id,
        "titel": blok.titel,
        "route": blok.route,
        "afspraken": list(blok.afspraken),
        "themas": list(blok.themas),
    }
