"""The one Jinja sandbox for everything a workspace can supply: blocks and writer templates.

A workspace travels by e-mail and shared drives, so its blocks and its ``templates/`` are
untrusted. Everything is rendered here: Jinja's ``SandboxedEnvironment`` (no Python
internals) plus limits on what one rendering may cost, so a block or layout can neither
run code nor hang the build or exhaust memory:

- integers stay below ``MAX_BITS`` bits (``9**999999999`` is refused before it is computed);
- no value and no output is longer than ``MAX_CHARACTERS`` characters (``'a'*10**9``);
- at most ``MAX_STEPS`` loop iterations, calls and lookups, and ``MAX_SECONDS`` seconds;
- calls nest at most ``MAX_DEPTH`` deep (a macro that calls itself);
- nothing it is given can be changed (``toetsing.update(...)``, ``list.append``): one block
  must not change what a later block, document or municipality sees (``ChangeError``).

A limit that is hit raises ``LimitError`` with a Dutch message; the caller names the file.
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
import itertools
import math
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from jinja2 import nodes
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment, modifies_known_mutable
from jinja2.utils import Namespace

from regiovisie_builder.errors import ContentError, InvalidValue, Problem

MAX_BITS = 64_000  # about 19,000 digits: far beyond any budget
MAX_CHARACTERS = 2_000_000  # characters in one value or one rendered template
MAX_STEPS = 2_000_000  # loop iterations, calls and lookups in one rendering
MAX_DEPTH = 40  # nested calls
MAX_SECONDS = 5.0
MAX_WIDTH = 100_000  # a width, count or repeat passed to a filter or method
# Jinja's tokens (names, numbers, operators, text between tags) in one template. Compiling
# costs about 12 microseconds each (a 17 MB block of {{ 1 }} took 4.5 minutes before the
# size limit could stop its rendering, one tag with a list of a million numbers 27 s); Sphinx's
# layout, the largest template we know, has 1,700.
MAX_TOKENS = 100_000

_COUNTER = "_regiovisie_tel"
_SIZE = "_regiovisie_maat"


class LimitError(Exception):
    """A template went past a limit; the message is Dutch and names the limit. ``line``: the
    line of the output (from 0) where it showed, when known."""

    line: int | None = None


class ChangeError(SecurityError):
    """A template tried to change data it was given; the message is Dutch."""


@dataclass
class _Budget:
    steps: int = 0
    depth: int = 0
    max_characters: int = MAX_CHARACTERS
    end: float = field(default_factory=lambda: time.monotonic() + MAX_SECONDS)

    def step(self, count: int = 1) -> None:
        self.steps += count
        if self.steps > MAX_STEPS:
            raise LimitError(
                f"het invullen doet te veel stappen (meer dan {MAX_STEPS:,}); "
                "staat er een lus in een lus die te vaak herhaalt?".replace(",", ".")
            )
        if time.monotonic() > self.end:
            raise LimitError(
                f"het invullen duurt te lang (meer dan {MAX_SECONDS:.0f} seconden) en is gestopt; "
                "staat er een lus in een lus die te vaak herhaalt?"
            )


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar(
    "regiovisie_budget", default=None
)


def _budget() -> _Budget:
    # Outside ``limited`` (Jinja folding constants while it compiles) each call counts alone.
    budget = _BUDGET.get()
    return budget if budget is not None else _Budget()


def _max() -> int:
    return _budget().max_characters


def _too_long(value) -> bool:
    return isinstance(value, str | bytes | list | tuple | dict) and len(value) > _max()


def _too_long_error():
    limit = f"{_max():,}".replace(",", ".")
    raise LimitError(f"een tekst of lijst wordt te lang (meer dan {limit} tekens of items).")


def check_size(value):
    """``value`` itself when it is small enough; ``LimitError`` otherwise."""
    if _too_long(value):
        _too_long_error()
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_BITS:
        raise LimitError(_TOO_LARGE_NUMBER)
    return value


# Half of a UTF-16 pair ('\\ud800', '%c' % 55296): UTF-8, XML and HTML cannot hold it.
_HALF_PAIR = re.compile("[\ud800-\udfff]")
_TOO_LARGE_NUMBER = "een getal wordt te groot om uit te rekenen."
_WIDE = re.compile(r"\d{6,}")
_NESTED = re.compile(r"\{[^{}]*\{")  # '{:{}}': a width taken from an argument
# Filters and string methods whose arguments are a width or count: the result grows with it.
_WIDTH_FILTERS = frozenset({"center", "indent", "wordwrap", "truncate", "batch", "slice"})
_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})


def _is_number(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _length(value) -> int | None:
    return len(value) if isinstance(value, str | list | tuple) else None


def _check_binop(operator: str, links, right) -> None:
    if operator == "**" and _is_number(links) and _is_number(right):
        if abs(links) > 1 and right > 0 and right * math.log2(abs(links)) > MAX_BITS:
            raise LimitError(_TOO_LARGE_NUMBER)
    elif operator == "*":
        numbers = _is_number(links) and _is_number(right)
        if numbers and links.bit_length() + right.bit_length() > MAX_BITS:
            raise LimitError(_TOO_LARGE_NUMBER)
        for series, count in ((links, right), (right, links)):
            length = _length(series)
            if length is not None and _is_number(count) and length * count > _max():
                _too_long_error()
    elif operator == "+":
        links_, right_ = _length(links), _length(right)
        if links_ is not None and right_ is not None and links_ + right_ > _max():
            _too_long_error()
    elif operator == "%" and isinstance(links, str):
        _check_formatting(links, right if isinstance(right, tuple) else (right,))


def _check_formatting(formatting: str, arguments) -> None:
    """A format string may not ask for a huge width or precision (``'%0999999999d'``),
    nor take one from its arguments (``'%*d'``, ``'{:{}}'``) that is huge."""
    if _WIDE.search(formatting):
        raise LimitError("een opmaak vraagt om een te grote breedte.")
    if "*" in formatting or _NESTED.search(formatting):
        _check_widths(arguments)


def _check_widths(arguments) -> None:
    for argument in arguments:
        if _is_number(argument) and abs(argument) > MAX_WIDTH:
            raise LimitError(
                f"het getal {argument} is te groot als breedte of aantal (hoogstens "
                f"{MAX_WIDTH:,}).".replace(",", ".")
            )


def _check_replace(text, old, new, count=-1) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        times = text.count(old) if old else len(text) + 1
        if _is_number(count) and count >= 0:
            times = min(times, count)
        if len(text) + times * (len(new) - len(old)) > _max():
            _too_long_error()


def _check_indent(text, width=4, *_args, **_kwargs) -> None:
    if isinstance(text, str):
        paper = width if isinstance(width, str) else " " * min(int(width or 0), _max())
        if len(text) + text.count("\n") * len(paper) > _max():
            _too_long_error()


# Filters whose result can be much larger than their input, and how to check beforehand.
_BEFOREHAND = {"replace": _check_replace, "indent": _check_indent}


def _limited_filter(name: str, function):
    """A filter that refuses huge widths and counts, and results beyond the size limit."""

    @functools.wraps(function)
    def filter_(*args, **kwargs):
        # Filters marked pass_context/pass_environment get that object first.
        values = args[1:] if getattr(function, "jinja_pass_arg", None) else args
        if name in _WIDTH_FILTERS:
            _check_widths([*values[1:], *kwargs.values()])
        if name == "format" and values and isinstance(values[0], str):
            _check_formatting(values[0], [*values[1:], *kwargs.values()])
        if name in _BEFOREHAND and values:
            _BEFOREHAND[name](*values, **kwargs)
        _budget().step()
        return check_size(function(*args, **kwargs))

    return filter_


def _tally(iterable):
    """Each loop's items, counted against the budget."""
    budget = _budget()
    for item in iterable:
        budget.step()
        yield item


class _Namespace(Namespace):
    """``namespace()`` whose attributes obey the size limit (``ns.s = ns.s ~ ns.s``)."""

    def __setitem__(self, name, value):
        super().__setitem__(name, check_size(value))


def _lipsum(n=5, html=True, min=20, max=100):  # noqa: A002 - Jinja's own argument names
    from jinja2.utils import generate_lorem_ipsum

    if n > 20 or max > 200 or min > max:
        raise LimitError("lipsum geeft hoogstens 20 alinea's van hoogstens 200 woorden.")
    return generate_lorem_ipsum(n=n, html=html, min=min, max=max)


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's sandbox with limits on size, steps, time and depth (see the module), in which
    the data a template is given cannot be changed (``toetsing``, the checklist result that
    every council document's claims come from, is a plain dict)."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options):
        super().__init__(**options)
        self.filters = {n: _limited_filter(n, f) for n, f in self.filters.items()}
        self.globals.update({_COUNTER: _tally, _SIZE: check_size})
        self.globals["namespace"] = _Namespace
        self.globals["lipsum"] = _lipsum

    def add_filters(self, filters: Mapping) -> None:
        """Add filters of our own, under the same limits."""
        self.filters.update({n: _limited_filter(n, f) for n, f in filters.items()})

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        """Jinja's compile, refusing a template with more than ``MAX_TOKENS`` tokens before
        the work starts (``LimitError``): they are counted as the lexer reads them, so the
        count stops at the limit."""
        if isinstance(source, str) and len(source) > MAX_TOKENS:
            tokens = self.lexer.tokeniter(source, name, filename)
            if next(itertools.islice(tokens, MAX_TOKENS, None), None) is not None:
                limit = f"{MAX_TOKENS:,}".replace(",", ".")
                raise LimitError(
                    f"er staat te veel Jinja-opmaak in: meer dan {limit} onderdelen (namen, "
                    "getallen, tekens tussen {{ }} en {% %}); zoveel lezen kost minuten. Zet "
                    "herhaalde tekst in een lus over gegevens uit regio.yaml."
                )
        return super().compile(source, name, filename, raw, defer_init)

    def call_binop(self, context, operator, left, right):
        _check_binop(operator, left, right)
        return check_size(super().call_binop(context, operator, left, right))

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's signature
        budget = _budget()
        budget.step()
        # Jinja wraps str.format in a function of its own; look through it to the string.
        method = getattr(__obj, "__wrapped__", __obj)
        owner, name = getattr(method, "__self__", None), getattr(method, "__name__", "")
        if isinstance(owner, str) and name in ("format", "format_map"):
            _check_formatting(owner, [*args, *kwargs.values()])
        if isinstance(owner, str) and name in _WIDTH_METHODS:
            _check_widths([*args, *kwargs.values()])
        if isinstance(owner, str) and name == "replace" and args:
            _check_replace(owner, *args[:3])
        budget.depth += 1
        try:
            if budget.depth > MAX_DEPTH:
                raise LimitError(
                    f"aanroepen gaan meer dan {MAX_DEPTH} lagen diep; roept een macro "
                    "zichzelf steeds opnieuw aan?"
                )
            outcome = super().call(__context, __obj, *args, **kwargs)
        finally:
            budget.depth -= 1
        return check_size(outcome)

    def getattr(self, obj, attribute):
        _budget().step()
        return super().getattr(obj, attribute)

    def unsafe_undefined(self, obj, attribute):
        if modifies_known_mutable(obj, attribute):
            return self.undefined(
                f"het probeert gegevens te veranderen (met '{attribute}'). Een blok of sjabloon "
                "laat de regiogegevens en de uitkomst van de toetsing zien, maar verandert ze "
                "niet",
                name=attribute,
                obj=obj,
                exc=ChangeError,
            )
        return super().unsafe_undefined(obj, attribute)

    def getitem(self, obj, argument):
        _budget().step()
        return super().getitem(obj, argument)

    def _parse(self, source, name, filename):
        """The template's syntax tree, with every loop counted and every ``~`` measured."""
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Call(
                nodes.Name(_COUNTER, "load"), [loop.iter], [], None, None, lineno=loop.lineno
            )
        for parent in list(tree.find_all(nodes.Node)):
            for field_name in parent.fields:
                kind = getattr(parent, field_name, None)
                if isinstance(kind, nodes.Concat):
                    setattr(parent, field_name, _measured(kind))
                elif isinstance(kind, list):
                    kind[:] = [_measured(k) if isinstance(k, nodes.Concat) else k for k in kind]
        return tree


def _measured(concat: nodes.Concat) -> nodes.Call:
    return nodes.Call(nodes.Name(_SIZE, "load"), [concat], [], None, None, lineno=concat.lineno)


def limited(render, variables: Mapping, space: int = 0) -> str:
    """Run ``render`` (a template's ``generate``) with a fresh budget; join its output.

    ``space`` raises the size limit, for a layout that receives a whole document. The
    output is joined piece by piece so a template that writes too much stops early.
    """
    character = _BUDGET.set(_Budget(max_characters=MAX_CHARACTERS + space))
    try:
        parts, total = [], 0
        for part in render(variables):
            total += len(part)
            if total > _max():
                _too_long_error()
            parts.append(part)
        text = "".join(parts)
        half = _HALF_PAIR.search(text)
        if half is not None:
            error = LimitError(
                f"het invullen maakt de code \\u{ord(half.group()):04X}: dat is geen teken, maar "
                "de helft van een tekenpaar, en geen document kan het bevatten. Haal de code weg, "
                "of typ het teken zelf."
            )
            error.line = text.count("\n", 0, half.start())  # in the output, from 0
            raise error
        return text
    finally:
        _BUDGET.reset(character)


# --- writer templates (a workspace's templates/html, templates/site) ---------------------

# Jinja's syntax messages in Dutch. ``{0}``, ``{1}``: what Jinja found; a group that is a
# token (not a tag or filter name) is shown as the writer typed it (``_TOKENS``).
_SYNTAX = (
    (
        re.compile(r"unexpected end of template", re.I),
        "het sjabloon houdt op terwijl er nog iets open staat: ontbreekt er een '}}}}' of '%}}'?",
        False,
    ),
    (
        re.compile(r"Encountered unknown tag '(\w+)'"),
        "onbekende opdracht '{0}' tussen {{% %}}",
        False,
    ),
    (
        re.compile(r"Expected an expression, got '(.+?)'"),
        "hier ontbreekt een waarde of een voorwaarde (vóór {0})",
        True,
    ),
    (re.compile(r"expected token '(.+?)', got '(.+?)'"), "verwachtte {0} maar vond {1}", True),
    (
        re.compile(r"unexpected char '(.+?)'"),
        "onverwacht teken {0}: staat er een aanhalingsteken te veel of te weinig?",
        True,
    ),
    (re.compile(r"unexpected '(.+?)'"), "onverwacht {0}", True),
    (re.compile(r"No filter named '(\w+)'"), "onbekend filter '{0}'", False),
    (re.compile(r"No test named '(\w+)'"), "onbekende test '{0}'", False),
)
_TOKENS = {
    "end of statement block": "'%}'",
    "end of print statement": "'}}'",
    "end of template": "het einde",
    "name": "een naam",
    "string": "een tekst tussen aanhalingstekens",
    "integer": "een getal",
}


def syntax_message(raw_message: str) -> str:
    """A Dutch explanation of a Jinja syntax error message."""
    if "looking for the following tags" in raw_message:
        # Jinja lists every tag that may follow ('elif', 'else', 'endif'): name the closing one.
        closers = [t for t in re.findall(r"'(\w+)'", raw_message) if t.startswith("end")]
        if closers:
            return (
                "de Jinja-opmaak klopt niet: het houdt op terwijl er nog iets open staat: "
                f"voeg {{% {closers[0]} %}} toe."
            )
    for pattern, dutch_, tokens in _SYNTAX:
        found = pattern.search(raw_message)
        if found:
            groups = found.groups()
            if tokens:
                groups = tuple(_TOKENS.get(g, f"'{g}'") for g in groups)
            text = dutch_.format(*groups)
            return f"de Jinja-opmaak klopt niet: {text}" + ("" if text.endswith("?") else ".")
    return "de Jinja-opmaak klopt niet."


def runtime_message(error: BaseException) -> str:
    """What went wrong while filling in a block or template, in Dutch.

    A filter or function of ours says it in Dutch already (``InvalidValue``); Python's own
    errors are in English and name its internals, so they get a plain Dutch explanation."""
    if isinstance(error, InvalidValue):
        reason = str(error)
    elif isinstance(error, ZeroDivisionError):
        reason = "er wordt gedeeld door nul"
    elif isinstance(error, OverflowError):
        reason = "een getal wordt te groot"
    elif isinstance(error, ArithmeticError):
        reason = "een berekening kan niet worden uitgevoerd"
    elif isinstance(error, TypeError):
        reason = (
            "twee waarden passen niet bij elkaar, bijvoorbeeld een tekst en een getal in één "
            "berekening, of iets wordt gebruikt als lijst of als functie terwijl het dat niet is"
        )
    elif isinstance(error, KeyError):
        reason = f"{error.args[0]!r} bestaat niet" if error.args else "een sleutel bestaat niet"
    elif isinstance(error, LookupError):
        reason = "een element bestaat niet: de lijst of tekst is korter"
    elif isinstance(error, AttributeError):
        reason = "een waarde heeft niet het onderdeel dat hier wordt gevraagd"
    else:
        reason = "een waarde heeft niet de vorm die hier nodig is"
    return f"bij het invullen ging iets mis: {reason}."


def line_in(error: BaseException, file: str) -> int | None:
    """The line of template ``file`` where ``error`` happened, from Jinja's traceback."""
    import traceback

    line = None
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename == file:
            line = frame.lineno
    return line


@functools.cache
def _write_environment() -> Sandbox:
    return Sandbox(autoescape=True)


# Exceptions a template can cause while it is compiled or filled in. SyntaxError: Python
# refuses the code Jinja makes of more than 20 loops (or 100 macros) inside each other.
ERRORS = (
    SyntaxError,
    ValueError,
    TypeError,
    LookupError,
    AttributeError,
    ArithmeticError,
    RecursionError,
    LimitError,
)


TOO_DEEP = (
    "de Jinja-opmaak is te diep genest: te veel lussen, haakjes, filters of voorwaarden "
    "binnen elkaar. Maak de opmaak eenvoudiger."
)


def template_error(error: BaseException, file: str, line: int | None) -> ContentError:
    """The Dutch ``ContentError`` for a problem in workspace template ``file``."""
    from jinja2 import TemplateSyntaxError

    if isinstance(error, TemplateSyntaxError):
        problem = Problem(file, error.lineno, syntax_message(error.message or ""))
        return ContentError("Een sjabloon bevat een fout in de Jinja-opmaak.", [problem])
    if isinstance(error, ChangeError):
        message = f"dit is niet toegestaan in een sjabloon: {error}."
        return ContentError("Een sjabloon doet iets dat niet mag.", [Problem(file, line, message)])
    if isinstance(error, SecurityError):
        message = (
            "dit is niet toegestaan in een sjabloon: het probeert interne Python-onderdelen "
            "te gebruiken. Gebruik alleen de gegeven variabelen."
        )
        return ContentError("Een sjabloon doet iets dat niet mag.", [Problem(file, line, message)])
    if isinstance(error, LimitError):
        return ContentError("Een sjabloon gaat over een grens.", [Problem(file, line, str(error))])
    if isinstance(error, SyntaxError):
        message = TOO_DEEP
    elif isinstance(error, RecursionError):
        message = "de opmaak is te diep genest of roept zichzelf steeds opnieuw aan."
    else:
        message = runtime_message(error)
    return ContentError("Een sjabloon kon niet worden ingevuld.", [Problem(file, line, message)])


class StoredTemplates(BytecodeCache):
    """Compiled templates: kept in memory for the process, and in the running build's
    block cache (``blok_cache``), so the next build of the workspace does not compile them.

    Compiling a layout or the site's theme in the sandbox (which rewrites every loop and
    concatenation, see ``Sandbox._parse``) is a good part of a rebuild after one changed
    block. Compiled code is code, so it is only read back from where the block cache's
    pickles are: a file signed with this user's key, written by this user's own builds with
    the same code and libraries (``blok_cache.code_version``). A cache that a workspace
    brings along from elsewhere fails the signature and is never read. An entry is found by
    a hash of the environment's kind and extensions, ``context`` (for the site: the Sphinx
    version, whose template loader compiles), the template's name and file (compiled code
    remembers its file: error messages name the workspace's template from it) and the
    sha256 of its text, so a changed template is compiled again.
    """

    MAX = 256

    def __init__(self, context: str = "") -> None:
        self.context = context
        self._stored: dict[str, bytes] = {}

    def get_bucket(self, environment, name, filename, source) -> Bucket:
        checksum = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()
        kind = type(environment)
        extensions = sorted(environment.extensions)
        key = hashlib.sha256(
            f"{kind.__module__}.{kind.__qualname__}\0{extensions}\0{self.context}\0"
            f"{name}\0{filename}\0{checksum}".encode("utf-8", "surrogatepass")
        ).hexdigest()
        bucket = Bucket(environment, key, checksum)
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        from regiovisie_builder import blok_cache

        data = self._stored.get(bucket.key)
        cache = blok_cache.active()
        if cache is not None:  # found there, it counts as used and stays for the next build
            found = cache.find(blok_cache.JINJA, bucket.key)
            if isinstance(found, bytes):
                data = found
            elif data is not None:
                cache.set(blok_cache.JINJA, bucket.key, data)
        if data is not None:
            bucket.bytecode_from_string(data)  # checks Jinja's and Python's versions

    def template(self, environment, source: str, name: str | None, filename: str | None):
        """``environment.from_string(source)`` through this cache; ``name`` and ``filename``
        as ``Environment.compile`` takes them."""
        bucket = self.get_bucket(environment, name, filename, source)
        if bucket.code is None:
            bucket.code = environment.compile(source, name=name, filename=filename)
            self.set_bucket(bucket)
        globals_ = environment.make_globals(None)
        return environment.template_class.from_code(environment, bucket.code, globals_)

    def dump_bytecode(self, bucket: Bucket) -> None:
        from regiovisie_builder import blok_cache

        data = bucket.bytecode_to_string()
        if len(self._stored) >= self.MAX:
            self._stored.clear()
        self._stored[bucket.key] = data
        cache = blok_cache.active()
        if cache is not None:
            cache.set(blok_cache.JINJA, bucket.key, data)


_WRITE_TEMPLATES = StoredTemplates()


def _write_template(text: str, file: str):
    """A compiled writer template (see ``StoredTemplates``)."""
    return _WRITE_TEMPLATES.template(_write_environment(), text, file, file)


def fill_template(text: str, file: str, variables: Mapping) -> str:
    """Render a writer template from a workspace (``file`` names it in messages).

    Every problem is a ``ContentError`` with the file and line, never a traceback.
    """
    from jinja2 import TemplateError

    try:
        template = _write_template(text, file)
        # The layout receives the whole document: it may show it, twice at most.
        space = 2 * sum(len(v) for v in variables.values() if isinstance(v, str))
        return limited(template.generate, variables, space)
    except (TemplateError, *ERRORS) as error:
        raise template_error(error, file, line_in(error, file)) from None
