"""Render block bodies as Jinja2 templates with the region data, in a sandbox.

The region data is wrapped so that a key the schema knows but the region has not filled in
yet renders as an open marker (``[nog in te vullen: contractering.ingang]``), while a key the
schema does not know is a strict error: a typo is caught, an early draft still builds.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence

from regiovisie_builder import dutch, nvo
from regiovisie_builder.errors import ContentError, InvalidValue, Problem
from regiovisie_builder.readers import charts
from regiovisie_builder.readers.blokken import Blok
from regiovisie_builder.schema import REGIO_SCHEMA

# Private-use characters delimit a marker in rendered text; the Markdown reader turns them
# into ``Marker`` spans. They never occur in normal Dutch text.
MARKER_BEGIN, MARKER_END = "\ue000", "\ue001"
MARKER_PATTERN = re.compile(f"{MARKER_BEGIN}([^{MARKER_END}]*){MARKER_END}")


def _children(schema: Mapping) -> Mapping:
    return schema.get("properties", {})


class Missing:
    """A schema key without a value: falsy, empty, and printed as an open marker."""

    __slots__ = ("path", "schema")

    def __init__(self, path: str, schema: Mapping):
        self.path = path
        self.schema = schema

    def __str__(self) -> str:
        return f"{MARKER_BEGIN}{self.path}{MARKER_END}"

    def __bool__(self) -> bool:
        return False

    def __len__(self) -> int:
        return 0

    def __iter__(self) -> Iterator:
        return iter(())

    def __getitem__(self, key):
        below = _children(self.schema)
        if isinstance(key, str) and key in below:
            return Missing(f"{self.path}.{key}", below[key])
        if isinstance(key, int):
            return Missing(f"{self.path}[{key}]", self.schema.get("items", {}))
        raise KeyError(key)

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def items(self):
        return ()

    def keys(self):
        return ()

    def values(self):
        return ()


class Data(Mapping):
    """A read-only view on a mapping of region data that knows its place in the schema."""

    __slots__ = ("_values", "_schema", "_path")

    def __init__(self, values: Mapping, schema: Mapping, path: str = ""):
        self._values = values
        self._schema = schema
        self._path = path

    def _below(self, key: str) -> str:
        return f"{self._path}.{key}" if self._path else key

    def __getitem__(self, key):
        below = _children(self._schema)
        if key in self._values:
            return _wrap(self._values[key], below.get(key, {}), self._below(key))
        if key in below:
            return Missing(self._below(key), below[key])
        raise KeyError(key)

    def __iter__(self):
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __str__(self) -> str:
        return ", ".join(f"{k}: {v}" for k, v in self.items())


class List(Sequence):
    """A read-only view on a list of region data; its items know their schema and path."""

    __slots__ = ("_values", "_schema", "_path")

    def __init__(self, values: Sequence, schema: Mapping, path: str):
        self._values = values
        self._schema = schema
        self._path = path

    def __getitem__(self, index):
        if isinstance(index, slice):
            return List(self._values[index], self._schema, self._path)
        return _wrap(self._values[index], self._schema.get("items", {}), f"{self._path}[{index}]")

    def __len__(self) -> int:
        return len(self._values)

    def __str__(self) -> str:
        return dutch.enumeration(self)


def _wrap(value, schema: Mapping, path: str):
    if isinstance(value, Mapping):
        return Data(value, schema, path)
    if isinstance(value, list | tuple):
        return List(value, schema, path)
    return value


def context(data: Mapping) -> dict:
    """The template variables: every top-level key of the schema and of the region data."""
    root = Data(data, REGIO_SCHEMA)
    names = dict.fromkeys([*_children(REGIO_SCHEMA), *data])
    return {name: root[name] for name in names}


# --- filters -------------------------------------------------------------------------------


def _pass_missing_through(function):
    """Let a filter return an open marker unchanged instead of failing on it."""

    @functools.wraps(function)
    def filter_(value, *args, **kwargs):
        for arg in (value, *args):
            if isinstance(arg, Missing):
                return arg
        return function(value, *args, **kwargs)

    return filter_


def description(code, items: str | None = None) -> str:
    """The Dutch label of a code value (``regionaal_tenzij`` -> ``regionaal, tenzij``)."""
    if items is not None:
        if items not in nvo.CODE_LISTS:
            raise InvalidValue(
                f"onbekende codelijst '{items}'; kies uit {', '.join(nvo.CODE_LISTS)}"
            )
        return nvo.CODE_LISTS[items].get(str(code), str(code))
    return nvo.DESCRIPTIONS.get(str(code), str(code).replace("_", " "))


# How a zero amount shows in a budget table (``zeros`` in the budget or as argument).
ZEROS = {"nul": None, "leeg": "", "streepje": "–"}


def budget_table(budget, zeros: str | None = None) -> str:
    """A Markdown table of a budget: a column per year, a Totaal column and a TOTAAL row.

    ``zeros`` ("nul", "leeg" or "streepje"; default the budget's own ``zeros``) says how
    an amount of 0 shows.
    """
    if isinstance(budget, Missing):
        return str(budget)
    years = list(budget["jaren"])
    thousand = budget.get("eenheid", "euro") == "duizend"
    first = "Post (x € 1.000)" if thousand else "Post"
    zeros = zeros or budget.get("nullen") or "nul"
    if zeros not in ZEROS:
        raise InvalidValue(f"nullen='{zeros}' bestaat niet; kies uit {', '.join(ZEROS)}")

    def cell(n) -> str:
        nul = ZEROS[zeros]
        if n == 0 and nul is not None:
            return nul
        return dutch.number(n, 0) if thousand else dutch.amount(n)

    def bold(text: str) -> str:
        return f"**{text}**" if text else ""

    lines = [
        "| " + " | ".join([first, *map(str, years), "Totaal"]) + " |",
        "|" + "|".join([":---", *(["---:"] * (len(years) + 1))]) + "|",
    ]
    totals = [0] * len(years)
    for post in budget["posten"]:
        amounts = list(post["bedragen"])
        if len(amounts) != len(years):
            raise InvalidValue(
                f"de post '{post['post']}' heeft {len(amounts)} bedragen "
                f"maar er zijn {len(years)} jaren"
            )
        totals = [a + b for a, b in zip(totals, amounts, strict=True)]
        lines.append(
            "| " + " | ".join([str(post["post"]), *map(cell, amounts), cell(sum(amounts))]) + " |"
        )
    lines.append(
        "| "
        + " | ".join(["**TOTAAL**", *(bold(cell(t)) for t in totals), bold(cell(sum(totals)))])
        + " |"
    )
    return "\n".join(lines)


def _percent_text(fraction: float) -> str:
    return f"{dutch.number(round(fraction * 100, 1))}%"


def kostenverdeling(budget, gemeente, gemeenten, key="inwoners") -> str:
    """One municipality's share of the regional budget: a sentence that states the key and a
    Markdown table per year (region total, the municipality's share).

    ``key`` is ``inhabitants`` (share of the region's inhabitants) or ``share`` (the
    percentage under each municipality). A missing figure gives its open marker, so the
    clerk sees which value to fill in.
    """
    if isinstance(budget, Missing):
        return str(budget)
    key = "inwoners" if isinstance(key, Missing) or not key else str(key)
    name = gemeente["naam"]
    if key == "aandeel":
        if isinstance(gemeente["aandeel"], Missing):
            return str(gemeente["aandeel"])
        fraction = float(gemeente["aandeel"]) / 100
        zin = (
            "De gemeenten verdelen de regionale kosten volgens een vast aandeel per gemeente. "
            f"Het aandeel van {name} is {_percent_text(fraction)}."
        )
    else:
        for lid in gemeenten:
            if isinstance(lid["inwoners"], Missing):
                return str(lid["inwoners"])
        total = sum(int(lid["inwoners"]) for lid in gemeenten)
        if not total:
            raise InvalidValue("de gemeenten hebben samen 0 inwoners; de verdeling kan niet")
        fraction = int(gemeente["inwoners"]) / total
        zin = (
            "De gemeenten verdelen de regionale kosten naar het aantal inwoners. "
            f"{name} heeft {dutch.number(gemeente['inwoners'])} van de "
            f"{dutch.number(total)} inwoners van de regio: een aandeel van "
            f"{_percent_text(fraction)}."
        )
    thousand = budget.get("eenheid", "euro") == "duizend"

    def cell(n) -> str:
        return dutch.number(round(n), 0) if thousand else dutch.amount(round(n))

    years = list(budget["jaren"])
    totals = [0.0] * len(years)
    for post in budget["posten"]:
        totals = [a + b for a, b in zip(totals, list(post["bedragen"]), strict=True)]
    unit = " (x € 1.000)" if thousand else ""
    lines = [
        f"| Jaar | Regio{unit} | {name}{unit} |",
        "|:---|---:|---:|",
        *(
            f"| {j} | {cell(t)} | {cell(t * fraction)} |"
            for j, t in zip(years, totals, strict=True)
        ),
        f"| **Totaal** | **{cell(sum(totals))}** | **{cell(sum(totals) * fraction)}** |",
    ]
    return zin + "\n\n" + "\n".join(lines)


FILTERS = {
    "datum": dutch.date,
    "maand": dutch.month,
    "jaar": dutch.year,
    "bedrag": dutch.amount,
    "getal": dutch.number,
    "procent": dutch.percent,
    "opsomming": dutch.enumeration,
    "omschrijving": description,
}
FUNCTIONS = {
    "jaren": dutch.years,
    "maanden": dutch.months,
    "begrotingstabel": budget_table,
    "grafiek": charts.chart,
    "kostenverdeling": kostenverdeling,
}

# Dutch explanations of the filters and functions, for the user guide.
GUIDANCE = {
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
def _environment():
    from jinja2 import StrictUndefined

    from regiovisie_builder.sandbox import Sandbox

    environment = Sandbox(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)
    environment.add_filters({n: _pass_missing_through(f) for n, f in FILTERS.items()})
    environment.globals.update({n: _pass_missing_through(f) for n, f in FUNCTIONS.items()})
    # Handles open markers itself: an unset verdeelsleutel means the default, inwoners.
    environment.globals["kostenverdeling"] = kostenverdeling
    return environment


# --- error messages ------------------------------------------------------------------------


def _syntax_message(raw_message: str) -> str:
    from regiovisie_builder.sandbox import syntax_message

    message = syntax_message(raw_message).replace("het sjabloon houdt op", "het blok houdt op")
    if "onbekend filter" in message:
        message = message.rstrip(".") + f"; beschikbaar: {', '.join(FILTERS)}."
    return message


def _all_keys(schema: Mapping, out: set[str]) -> set[str]:
    for name, below in _children(schema).items():
        out.add(name)
        _all_keys(below, out)
        _all_keys(below.get("items", {}), out)
    return out


def _paths(schema: Mapping, prefix: str = "") -> list[str]:
    """Every dotted path a template can write (``document.datum``); not into lists."""
    out: list[str] = []
    for name, below in _children(schema).items():
        out.append(prefix + name)
        out += _paths(below, f"{prefix}{name}.")
    return out


def _unknown_message(raw_message: str) -> str:
    element = re.search(r"has no element (\S+)$", raw_message)
    if element:  # Jinja names the list by its Python class here: leave that out
        return (
            f"element {element.group(1)} bestaat niet in de regiogegevens: de lijst is korter "
            "(het eerste element heeft nummer 0). Controleer het nummer, of vul de lijst aan "
            "in regio.yaml."
        )
    names = re.findall(r"'([^']*)'", raw_message)
    if not names:  # Jinja's own hint, in English ("No random item, sequence was empty.")
        return (
            "een gevraagde waarde bestaat niet, bijvoorbeeld omdat een lijst leeg is. "
            "Controleer de opmaak en regio.yaml."
        )
    name = names[-1]
    message = f"'{name}' bestaat niet in de regiogegevens."
    import difflib  # only for a message: not loaded by a build without errors

    # A key that exists one or more levels down (``datum``): name the whole path.
    proposals = [f"'{p}'" for p in _paths(REGIO_SCHEMA) if p.endswith(f".{name}")][:3]
    if not proposals:
        known = sorted(_all_keys(REGIO_SCHEMA, set()) | set(FUNCTIONS) | {"blok", "toetsing"})
        proposals = [f"'{p}'" for p in difflib.get_close_matches(name, known, n=1)]
    if proposals:
        message += f" Bedoelt u {dutch.enumeration(proposals, conjunction='of')}?"
    return message + " Controleer de spelling of voeg de sleutel toe aan regio.yaml."


def _line_in_blok(error: BaseException, blok: Blok) -> int:
    import traceback  # only for a message (it loads textwrap too)

    line = None
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename == blok.file:
            line = frame.lineno
    return blok.text_line + (line or 1) - 1


# Any of Jinja's delimiters; a block without them is plain Markdown.
_JINJA = re.compile(r"\{[{%#]")
_LINE_END = re.compile(r"\r\n|\r")


@functools.lru_cache(maxsize=1024)
def _template(text: str, file: str):
    """A compiled block template; cached because council documents render a block per
    municipality."""
    environment = _environment()
    code = environment.compile(text, name=file, filename=file)
    return environment.template_class.from_code(environment, code, environment.make_globals(None))


def has_jinja(text: str) -> bool:
    """True when ``text`` has any of Jinja's delimiters (else it renders to itself)."""
    return _JINJA.search(text) is not None


def render(blok: Blok, variables: Mapping) -> str:
    """The block body with all Jinja filled in; ``ContentError`` on any template problem.

    A block without Jinja delimiters is returned as Jinja would render it (line endings
    made ``\\n``) without compiling a template, which is most of the cost of this step.
    """
    if not _JINJA.search(blok.text):
        return _LINE_END.sub("\n", blok.text)
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    from regiovisie_builder.sandbox import LimitError

    try:
        template = _template(blok.text, blok.file)
    except TemplateSyntaxError as error:
        problem = Problem(
            blok.file,
            blok.text_line + (error.lineno or 1) - 1,
            _syntax_message(error.message or ""),
        )
        raise ContentError("Een blok bevat een fout in de Jinja-opmaak.", [problem]) from None
    except (SyntaxError, RecursionError):
        # Jinja's parser recurses per nesting level ('(' * 3000), and Python refuses the
        # code it makes of more than 20 loops inside each other.
        from regiovisie_builder.sandbox import TOO_DEEP

        problem = Problem(blok.file, blok.text_line, TOO_DEEP)
        raise ContentError("Een blok bevat een fout in de Jinja-opmaak.", [problem]) from None
    except LimitError as error:  # too many tags to compile (``Sandbox.compile``)
        problem = Problem(blok.file, blok.text_line, str(error))
        raise ContentError("Een blok gaat over een grens.", [problem]) from None
    from regiovisie_builder.sandbox import ChangeError, limited

    try:
        return limited(template.generate, {**variables, "blok": _blok_variables(blok)})
    except LimitError as error:
        line = _line_in_blok(error, blok)
        if error.line is not None and "{%" not in blok.text:  # no statement adds lines
            line = blok.text_line + error.line
        problem = Problem(blok.file, line, str(error))
        raise ContentError("Een blok gaat over een grens.", [problem]) from None
    except ChangeError as error:
        message = f"dit is niet toegestaan in een blok: {error}."
        problem = Problem(blok.file, _line_in_blok(error, blok), message)
        raise ContentError("Een blok doet iets dat niet mag.", [problem]) from None
    except SecurityError as error:
        part = re.search(r"attribute '([^']+)'", str(error))
        message = (
            "dit is niet toegestaan in een blok: het probeert interne Python-onderdelen "
            f"te gebruiken{f' ({part.group(1)})' if part else ''}. Gebruik alleen de "
            "regiogegevens en de filters."
        )
        problem = Problem(blok.file, _line_in_blok(error, blok), message)
        raise ContentError("Een blok doet iets dat niet mag.", [problem]) from None
    except UndefinedError as error:
        problem = Problem(
            blok.file, _line_in_blok(error, blok), _unknown_message(error.message or "")
        )
        raise ContentError("Een blok gebruikt een onbekende variabele.", [problem]) from None
    except RecursionError as error:
        message = "de opmaak is te diep genest of roept zichzelf steeds opnieuw aan."
        problem = Problem(blok.file, _line_in_blok(error, blok), message)
        raise ContentError("Een blok kon niet worden ingevuld.", [problem]) from None
    # LookupError and AttributeError: a filter or function given the wrong kind of value
    # ('x' | xmlattr, kostenverdeling(5, ...)) or a number it cannot show (inf | getal).
    except (ValueError, TypeError, LookupError, AttributeError, ArithmeticError) as error:
        from regiovisie_builder.sandbox import runtime_message

        problem = Problem(blok.file, _line_in_blok(error, blok), runtime_message(error))
        raise ContentError("Een blok kon niet worden ingevuld.", [problem]) from None


def _blok_variables(blok: Blok) -> dict:
    return {
        "id": blok.id,
        "titel": blok.titel,
        "route": blok.route,
        "afspraken": list(blok.afspraken),
        "themas": list(blok.themas),
    }
