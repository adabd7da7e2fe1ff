"""The one Jinja sandbox for everything a workspace can supply: blocks and writer templates.

A workspace travels by e-mail and shared drives, so its blocks and its ``templates/`` are
untrusted. Everything is rendered here: Jinja's ``SandboxedEnvironment`` (no Python
internals) plus limits on what one rendering may cost, so a block or layout can neither
run code nor hang the build or exhaust memory:

- integers stay below ``MAX_BITS`` bits (``9**999999999`` is refused before it is computed);
- no value and no output is longer than ``MAX_TEKENS`` characters (``'a'*10**9``);
- at most ``MAX_STAPPEN`` loop iterations, calls and lookups, and ``MAX_SECONDEN`` seconds;
- calls nest at most ``MAX_DIEPTE`` deep (a macro that calls itself).

A limit that is hit raises ``Grensfout`` with a Dutch message; the caller names the file.
"""

from __future__ import annotations

import contextvars
import functools
import math
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import Namespace

from regiovisie_builder.errors import ContentError, Probleem

MAX_BITS = 64_000  # about 19,000 digits: far beyond any budget
MAX_TEKENS = 2_000_000  # characters in one value or one rendered template
MAX_STAPPEN = 2_000_000  # loop iterations, calls and lookups in one rendering
MAX_DIEPTE = 40  # nested calls
MAX_SECONDEN = 5.0
MAX_BREEDTE = 100_000  # a width, count or repeat passed to a filter or method

_TELLER = "_regiovisie_tel"
_MAAT = "_regiovisie_maat"


class Grensfout(Exception):
    """A template went past a limit; the message is Dutch and names the limit."""


@dataclass
class _Budget:
    stappen: int = 0
    diepte: int = 0
    max_tekens: int = MAX_TEKENS
    einde: float = field(default_factory=lambda: time.monotonic() + MAX_SECONDEN)

    def stap(self, aantal: int = 1) -> None:
        self.stappen += aantal
        if self.stappen > MAX_STAPPEN:
            raise Grensfout(
                f"het invullen doet te veel stappen (meer dan {MAX_STAPPEN:,}); "
                "staat er een lus in een lus die te vaak herhaalt?".replace(",", ".")
            )
        if time.monotonic() > self.einde:
            raise Grensfout(
                f"het invullen duurt te lang (meer dan {MAX_SECONDEN:.0f} seconden) en is gestopt; "
                "staat er een lus in een lus die te vaak herhaalt?"
            )


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar(
    "regiovisie_budget", default=None
)


def _budget() -> _Budget:
    # Outside ``begrensd`` (Jinja folding constants while it compiles) each call counts alone.
    budget = _BUDGET.get()
    return budget if budget is not None else _Budget()


def _max() -> int:
    return _budget().max_tekens


def _te_lang(waarde) -> bool:
    return isinstance(waarde, str | bytes | list | tuple | dict) and len(waarde) > _max()


def _te_lang_fout():
    grens = f"{_max():,}".replace(",", ".")
    raise Grensfout(f"een tekst of lijst wordt te lang (meer dan {grens} tekens of items).")


def controleer_grootte(waarde):
    """``waarde`` itself when it is small enough; ``Grensfout`` otherwise."""
    if _te_lang(waarde):
        _te_lang_fout()
    if isinstance(waarde, int) and not isinstance(waarde, bool) and waarde.bit_length() > MAX_BITS:
        raise Grensfout(_TE_GROOT_GETAL)
    return waarde


_TE_GROOT_GETAL = "een getal wordt te groot om uit te rekenen."
_BREED = re.compile(r"\d{6,}")
_GENEST = re.compile(r"\{[^{}]*\{")  # '{:{}}': a width taken from an argument
# Filters and string methods whose arguments are a width or count: the result grows with it.
_BREEDTE_FILTERS = frozenset({"center", "indent", "wordwrap", "truncate", "batch", "slice"})
_BREEDTE_METHODEN = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})


def _is_getal(waarde) -> bool:
    return isinstance(waarde, int) and not isinstance(waarde, bool)


def _lengte(waarde) -> int | None:
    return len(waarde) if isinstance(waarde, str | list | tuple) else None


def _controleer_binop(operator: str, links, rechts) -> None:
    if operator == "**" and _is_getal(links) and _is_getal(rechts):
        if abs(links) > 1 and rechts > 0 and rechts * math.log2(abs(links)) > MAX_BITS:
            raise Grensfout(_TE_GROOT_GETAL)
    elif operator == "*":
        getallen = _is_getal(links) and _is_getal(rechts)
        if getallen and links.bit_length() + rechts.bit_length() > MAX_BITS:
            raise Grensfout(_TE_GROOT_GETAL)
        for reeks, aantal in ((links, rechts), (rechts, links)):
            lengte = _lengte(reeks)
            if lengte is not None and _is_getal(aantal) and lengte * aantal > _max():
                _te_lang_fout()
    elif operator == "+":
        links_, rechts_ = _lengte(links), _lengte(rechts)
        if links_ is not None and rechts_ is not None and links_ + rechts_ > _max():
            _te_lang_fout()
    elif operator == "%" and isinstance(links, str):
        _controleer_opmaak(links, rechts if isinstance(rechts, tuple) else (rechts,))


def _controleer_opmaak(opmaak: str, argumenten) -> None:
    """A format string may not ask for a huge width or precision (``'%0999999999d'``),
    nor take one from its arguments (``'%*d'``, ``'{:{}}'``) that is huge."""
    if _BREED.search(opmaak):
        raise Grensfout("een opmaak vraagt om een te grote breedte.")
    if "*" in opmaak or _GENEST.search(opmaak):
        _controleer_breedtes(argumenten)


def _controleer_breedtes(argumenten) -> None:
    for argument in argumenten:
        if _is_getal(argument) and abs(argument) > MAX_BREEDTE:
            raise Grensfout(
                f"het getal {argument} is te groot als breedte of aantal (hoogstens "
                f"{MAX_BREEDTE:,}).".replace(",", ".")
            )


def _controleer_vervang(tekst, oud, nieuw, aantal=-1) -> None:
    if isinstance(tekst, str) and isinstance(oud, str) and isinstance(nieuw, str):
        keer = tekst.count(oud) if oud else len(tekst) + 1
        if _is_getal(aantal) and aantal >= 0:
            keer = min(keer, aantal)
        if len(tekst) + keer * (len(nieuw) - len(oud)) > _max():
            _te_lang_fout()


def _controleer_inspringen(tekst, breedte=4, *_args, **_kwargs) -> None:
    if isinstance(tekst, str):
        stuk = breedte if isinstance(breedte, str) else " " * min(int(breedte or 0), _max())
        if len(tekst) + tekst.count("\n") * len(stuk) > _max():
            _te_lang_fout()


# Filters whose result can be much larger than their input, and how to check beforehand.
_VOORAF = {"replace": _controleer_vervang, "indent": _controleer_inspringen}


def _begrensd_filter(naam: str, functie):
    """A filter that refuses huge widths and counts, and results beyond the size limit."""

    @functools.wraps(functie)
    def filter_(*args, **kwargs):
        # Filters marked pass_context/pass_environment get that object first.
        waarden = args[1:] if getattr(functie, "jinja_pass_arg", None) else args
        if naam in _BREEDTE_FILTERS:
            _controleer_breedtes([*waarden[1:], *kwargs.values()])
        if naam == "format" and waarden and isinstance(waarden[0], str):
            _controleer_opmaak(waarden[0], [*waarden[1:], *kwargs.values()])
        if naam in _VOORAF and waarden:
            _VOORAF[naam](*waarden, **kwargs)
        _budget().stap()
        return controleer_grootte(functie(*args, **kwargs))

    return filter_


def _tel(iterable):
    """Each loop's items, counted against the budget."""
    budget = _budget()
    for item in iterable:
        budget.stap()
        yield item


class _Naamruimte(Namespace):
    """``namespace()`` whose attributes obey the size limit (``ns.s = ns.s ~ ns.s``)."""

    def __setitem__(self, naam, waarde):
        super().__setitem__(naam, controleer_grootte(waarde))


def _lipsum(n=5, html=True, min=20, max=100):  # noqa: A002 - Jinja's own argument names
    from jinja2.utils import generate_lorem_ipsum

    if n > 20 or max > 200 or min > max:
        raise Grensfout("lipsum geeft hoogstens 20 alinea's van hoogstens 200 woorden.")
    return generate_lorem_ipsum(n=n, html=html, min=min, max=max)


class Zandbak(SandboxedEnvironment):
    """Jinja's sandbox with limits on size, steps, time and depth (see the module)."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **opties):
        super().__init__(**opties)
        self.filters = {n: _begrensd_filter(n, f) for n, f in self.filters.items()}
        self.globals.update({_TELLER: _tel, _MAAT: controleer_grootte})
        self.globals["namespace"] = _Naamruimte
        self.globals["lipsum"] = _lipsum

    def voeg_filters_toe(self, filters: Mapping) -> None:
        """Add filters of our own, under the same limits."""
        self.filters.update({n: _begrensd_filter(n, f) for n, f in filters.items()})

    def call_binop(self, context, operator, left, right):
        _controleer_binop(operator, left, right)
        return controleer_grootte(super().call_binop(context, operator, left, right))

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's signature
        budget = _budget()
        budget.stap()
        # Jinja wraps str.format in a function of its own; look through it to the string.
        methode = getattr(__obj, "__wrapped__", __obj)
        eigenaar, naam = getattr(methode, "__self__", None), getattr(methode, "__name__", "")
        if isinstance(eigenaar, str) and naam in ("format", "format_map"):
            _controleer_opmaak(eigenaar, [*args, *kwargs.values()])
        if isinstance(eigenaar, str) and naam in _BREEDTE_METHODEN:
            _controleer_breedtes([*args, *kwargs.values()])
        if isinstance(eigenaar, str) and naam == "replace" and args:
            _controleer_vervang(eigenaar, *args[:3])
        budget.diepte += 1
        try:
            if budget.diepte > MAX_DIEPTE:
                raise Grensfout(
                    f"aanroepen gaan meer dan {MAX_DIEPTE} lagen diep; roept een macro "
                    "zichzelf steeds opnieuw aan?"
                )
            uitkomst = super().call(__context, __obj, *args, **kwargs)
        finally:
            budget.diepte -= 1
        return controleer_grootte(uitkomst)

    def getattr(self, obj, attribute):
        _budget().stap()
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        _budget().stap()
        return super().getitem(obj, argument)

    def _parse(self, source, name, filename):
        """The template's syntax tree, with every loop counted and every ``~`` measured."""
        boom = super()._parse(source, name, filename)
        for lus in boom.find_all(nodes.For):
            lus.iter = nodes.Call(
                nodes.Name(_TELLER, "load"), [lus.iter], [], None, None, lineno=lus.lineno
            )
        for ouder in list(boom.find_all(nodes.Node)):
            for veld in ouder.fields:
                kind = getattr(ouder, veld, None)
                if isinstance(kind, nodes.Concat):
                    setattr(ouder, veld, _gemeten(kind))
                elif isinstance(kind, list):
                    kind[:] = [_gemeten(k) if isinstance(k, nodes.Concat) else k for k in kind]
        return boom


def _gemeten(concat: nodes.Concat) -> nodes.Call:
    return nodes.Call(nodes.Name(_MAAT, "load"), [concat], [], None, None, lineno=concat.lineno)


def begrensd(render, variabelen: Mapping, ruimte: int = 0) -> str:
    """Run ``render`` (a template's ``generate``) with a fresh budget; join its output.

    ``ruimte`` raises the size limit, for a layout that receives a whole document. The
    output is joined piece by piece so a template that writes too much stops early.
    """
    teken = _BUDGET.set(_Budget(max_tekens=MAX_TEKENS + ruimte))
    try:
        delen, totaal = [], 0
        for deel in render(variabelen):
            totaal += len(deel)
            if totaal > _max():
                _te_lang_fout()
            delen.append(deel)
        return "".join(delen)
    finally:
        _BUDGET.reset(teken)


# --- writer templates (a workspace's templates/html, templates/site) ---------------------

_SYNTAX = (
    (
        re.compile(r"unexpected end of template", re.I),
        "het sjabloon houdt op terwijl er nog iets open staat: ontbreekt er een '}}}}' of '%}}'?",
    ),
    (re.compile(r"Encountered unknown tag '(\w+)'"), "onbekende opdracht '{0}' tussen {{% %}}"),
    (re.compile(r"expected token '(.+?)', got '(.+?)'"), "verwachtte '{0}' maar vond '{1}'"),
    (re.compile(r"unexpected '(.+?)'"), "onverwacht teken '{0}'"),
    (re.compile(r"No filter named '(\w+)'"), "onbekend filter '{0}'"),
    (re.compile(r"No test named '(\w+)'"), "onbekende test '{0}'"),
)


def syntaxmelding(bericht: str) -> str:
    """A Dutch explanation of a Jinja syntax error message."""
    if "looking for the following tags" in bericht:
        # Jinja lists every tag that may follow ('elif', 'else', 'endif'): name the closing one.
        sluiters = [t for t in re.findall(r"'(\w+)'", bericht) if t.startswith("end")]
        if sluiters:
            return (
                "de Jinja-opmaak klopt niet: het houdt op terwijl er nog iets open staat: "
                f"voeg {{% {sluiters[0]} %}} toe."
            )
    for patroon, nederlands_ in _SYNTAX:
        gevonden = patroon.search(bericht)
        if gevonden:
            return f"de Jinja-opmaak klopt niet: {nederlands_.format(*gevonden.groups())}."
    return "de Jinja-opmaak klopt niet."


def regel_in(fout: BaseException, bestand: str) -> int | None:
    """The line of template ``bestand`` where ``fout`` happened, from Jinja's traceback."""
    import traceback

    regel = None
    for frame in traceback.extract_tb(fout.__traceback__):
        if frame.filename == bestand:
            regel = frame.lineno
    return regel


@functools.cache
def _schrijfomgeving() -> Zandbak:
    return Zandbak(autoescape=True)


# Exceptions a template can cause while it is filled in.
FOUTEN = (ValueError, TypeError, KeyError, ArithmeticError, RecursionError, Grensfout)


def sjabloonfout(fout: BaseException, bestand: str, regel: int | None) -> ContentError:
    """The Dutch ``ContentError`` for a problem in workspace template ``bestand``."""
    from jinja2 import TemplateSyntaxError
    from jinja2.exceptions import SecurityError

    if isinstance(fout, TemplateSyntaxError):
        probleem = Probleem(bestand, fout.lineno, syntaxmelding(fout.message or ""))
        return ContentError("Een sjabloon bevat een fout in de Jinja-opmaak.", [probleem])
    if isinstance(fout, SecurityError):
        melding = (
            "dit is niet toegestaan in een sjabloon: het probeert interne Python-onderdelen "
            "te gebruiken. Gebruik alleen de gegeven variabelen."
        )
        return ContentError(
            "Een sjabloon doet iets dat niet mag.", [Probleem(bestand, regel, melding)]
        )
    if isinstance(fout, Grensfout):
        return ContentError(
            "Een sjabloon gaat over een grens.", [Probleem(bestand, regel, str(fout))]
        )
    if isinstance(fout, RecursionError):
        melding = "de opmaak is te diep genest of roept zichzelf steeds opnieuw aan."
    else:
        melding = f"bij het invullen ging iets mis ({type(fout).__name__})."
    return ContentError(
        "Een sjabloon kon niet worden ingevuld.", [Probleem(bestand, regel, melding)]
    )


@functools.lru_cache(maxsize=16)
def _schrijfsjabloon(tekst: str, bestand: str):
    """A compiled writer template; kept, so a long-running process (the preview, a batch
    worker) compiles the page layout once instead of on every build."""
    omgeving = _schrijfomgeving()
    code = omgeving.compile(tekst, name=bestand, filename=bestand)
    return omgeving.template_class.from_code(omgeving, code, omgeving.make_globals(None))


def vul_sjabloon_in(tekst: str, bestand: str, variabelen: Mapping) -> str:
    """Render a writer template from a workspace (``bestand`` names it in messages).

    Every problem is a ``ContentError`` with the file and line, never a traceback.
    """
    from jinja2 import TemplateError

    try:
        sjabloon = _schrijfsjabloon(tekst, bestand)
        # The layout receives the whole document: it may show it, twice at most.
        ruimte = 2 * sum(len(v) for v in variabelen.values() if isinstance(v, str))
        return begrensd(sjabloon.generate, variabelen, ruimte)
    except (TemplateError, *FOUTEN) as fout:
        raise sjabloonfout(fout, bestand, regel_in(fout, bestand)) from None
