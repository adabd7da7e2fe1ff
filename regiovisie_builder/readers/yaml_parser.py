"""PyYAML behind ``yaml_source.load_yaml``: the safe loaders, Dutch messages, source lines.

Only imported when a YAML text is really parsed: a rebuild whose YAML did not change takes
the parsed documents from the block cache and does not load PyYAML at all.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

from regiovisie_builder.errors import Problem
from regiovisie_builder.readers.yaml_source import MAX_DEPTH, Path, YamlDocument

# Above this rough upper bound of the nesting depth the text is not given to libyaml, whose
# composer recurses on the C stack (a few ten thousand levels crash the process).
_C_DEPTH_LIMIT = 4000

_ALIAS = (
    "verwijzingen met * (aliassen) zijn niet toegestaan; schrijf de waarde voluit. "
    "Een stapel verwijzingen kan een klein bestand onbeperkt groot maken."
)
_TOO_DEEP = (
    f"de gegevens zijn hier te diep genest (meer dan {MAX_DEPTH} niveaus); "
    "controleer de inspringing en de haken [ ] en { }."
)
# A \uD800 escape in a double-quoted text makes half of a UTF-16 pair: no file can hold it
# (UTF-8, XML and HTML refuse it), so every writer would fail on it.
_HALF_PAIR = re.compile("[\ud800-\udfff]")
_TOO_LONG_NUMBER = (
    "dit getal is te lang (meer dan 4300 cijfers); zet het tussen aanhalingstekens "
    "als het een tekst is."
)


_NO_NUMBER = (
    "dit getal is oneindig of geen getal (.inf of .nan); schrijf een gewoon getal, of zet het "
    "tussen aanhalingstekens als het een tekst is."
)


class _Refusal(Exception):
    """The YAML text is refused before it is built: an alias, deep nesting, a huge number."""

    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def _whole_number(loader, node):
    try:
        return yaml.SafeLoader.construct_yaml_int(loader, node)
    except ValueError:  # Python's limit on converting very long digit strings
        raise _Refusal(node.start_mark.line, _TOO_LONG_NUMBER) from None


def _real_number(loader, node):
    number = yaml.SafeLoader.construct_yaml_float(loader, node)
    if not math.isfinite(number):  # .inf, .nan, 1.0e999: an amount or count no one can use
        raise _Refusal(node.start_mark.line, _NO_NUMBER)
    return number


class _Loader(yaml.SafeLoader):
    """SafeLoader without the implicit timestamp type, without aliases, with a depth limit."""

    _depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise _Refusal(self.peek_event().start_mark.line, _ALIAS)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refusal(self.peek_event().start_mark.line, _TOO_DEEP)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_Loader.add_constructor("tag:yaml.org,2002:int", _whole_number)
_Loader.add_constructor("tag:yaml.org,2002:float", _real_number)


# libyaml's parser (about ten times faster) where PyYAML was built with it. Its error texts
# differ from the pure-Python parser's, so on an error the text is parsed again with
# ``_Loader`` to get the messages ``_TRANSLATIONS`` knows.
_FastLoader: Any = (
    type("_SnelleLoader", (yaml.CSafeLoader,), {})
    if getattr(yaml, "__with_libyaml__", False)
    else _Loader
)

_WITHOUT_DATES = {
    character: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for character, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.yaml_implicit_resolvers = _WITHOUT_DATES
_FastLoader.yaml_implicit_resolvers = _WITHOUT_DATES
if _FastLoader is not _Loader:
    _FastLoader.add_constructor("tag:yaml.org,2002:int", _whole_number)
    _FastLoader.add_constructor("tag:yaml.org,2002:float", _real_number)

_TRANSLATIONS = {
    "mapping values are not allowed here": "hier mag geen 'sleutel: waarde' staan "
    "(spatie vergeten na een dubbele punt, of een dubbele punt in een tekst "
    "zonder aanhalingstekens?)",
    "could not find expected ':'": "er ontbreekt een dubbele punt na een sleutel",
    "found character '\\t' that cannot start any token": "gebruik spaties in plaats van tabs",
    "found unexpected end of stream": "het bestand houdt onverwacht op "
    "(ontbreekt er een aanhalingsteken?)",
    "did not find expected key": "de inspringing klopt niet: verwachtte een sleutel",
    "did not find expected '-' indicator": "de inspringing van een lijst klopt niet",
    "found undefined alias": "verwijzing (*alias) naar een onbekend anker",
    "expected <block end>, but found '-'": "de inspringing van een lijst klopt niet",
    "expected ',' or ']'": "een lijst tussen [ ] is niet afgesloten (ontbreekt er een ']'?)",
    "expected ',' or '}'": "een lijst tussen { } is niet afgesloten (ontbreekt er een '}'?)",
}


# Further PyYAML problems, matched anywhere in the text.
_TRANSLATIONS_PART = {
    "found character": "hier staat een teken waarmee geen waarde kan beginnen "
    "(zet de tekst tussen aanhalingstekens)",
    "found unknown escape character": "een \\-teken in een tekst tussen dubbele "
    "aanhalingstekens; gebruik enkele aanhalingstekens of schrijf \\\\",
    "expected <block end>": "de inspringing klopt niet",
    "expected <document start>": "de inspringing klopt niet, of er staat tekst na het einde",
    "expected a single document": "het bestand bevat meer dan één document (een regel '---'); "
    "haal de regel '---' weg",
    "found unhashable key": "een lijst of groep kan geen sleutel zijn",
    "could not determine a constructor": "ongeldige YAML: een onbekende markering met ! of !! "
    "voor een waarde; haal die weg",
    "expected alphabetic or numeric character": "na & of * hoort een naam te staan "
    "(zet de tekst tussen aanhalingstekens)",
    "found duplicate anchor": "een anker (&naam) staat er twee keer",
    "found unexpected ':'": "een dubbele punt op een onverwachte plaats "
    "(zet de tekst tussen aanhalingstekens)",
    "found a tab character": "gebruik spaties in plaats van tabs",
    "while scanning a quoted scalar": "een aanhalingsteken wordt niet afgesloten",
    "while scanning a block scalar": "een tekstblok (| of >) is niet goed ingesprongen",
    "expected a comment or a line break": "na deze waarde mag op dezelfde regel niets meer staan",
}
_GENERAL = (
    "ongeldige YAML: de opbouw klopt hier niet; controleer de inspringing, de dubbele punten "
    "en de aanhalingstekens"
)


def _translate(problem: str | None, context: str | None = None) -> str:
    """PyYAML's English problem in plain Dutch; never the English text itself."""
    text = (problem or "").strip()
    for english, dutch in _TRANSLATIONS.items():
        if text.startswith(english):
            return dutch
    for english, dutch in _TRANSLATIONS_PART.items():
        if english in text or english in (context or ""):
            return dutch
    return _GENERAL


def _control_character(error: yaml.reader.ReaderError, text: str) -> tuple[int | None, str]:
    """The line and a Dutch explanation of a character YAML does not accept."""
    character = error.character
    if isinstance(character, bytes) or not character:
        return None, "het bestand is geen UTF-8-tekst; sla het op als UTF-8."
    code = character if isinstance(character, int) else ord(character)
    line = text.count("\n", 0, error.position)
    if code in (0x0B, 0x0C):
        guidance = "een zachte regelafbreking of pagina-einde uit Word of Excel"
    else:
        guidance = "een onzichtbaar stuurteken"
    return line, f"hier staat {guidance} (U+{code:04X}); haal het weg of typ de tekst opnieuw."


def _depth_upper_bound(text: str) -> int:
    """A cheap upper bound of the nesting depth (indentation, '- ' and brackets)."""
    longest = max(map(len, text.splitlines()), default=0)
    return 2 * longest + text.count("[") + text.count("{")


def parse(text: str, file: str, first_line: int = 1) -> YamlDocument:
    """Parse ``text`` safely; raise ``ValueError(Problem)`` on a syntax error (see
    ``yaml_source.load_yaml``)."""
    if _FastLoader is not _Loader and _depth_upper_bound(text) <= _C_DEPTH_LIMIT:
        try:
            return _with_lines(*_load(_FastLoader, text), file, first_line)
        except (yaml.YAMLError, _Refusal):
            pass  # parsed again below, for the messages (and lines) of the pure-Python parser
    try:
        node, data = _load(_Loader, text)
    except _Refusal as error:
        line = error.line + first_line if error.line is not None else None
        raise ValueError(Problem(file, line, error.message)) from None
    except yaml.reader.ReaderError as error:
        line, message = _control_character(error, text)
        line = line + first_line if line is not None else None
        raise ValueError(Problem(file, line, message)) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + first_line if mark else None
        raise ValueError(Problem(file, line, _translate(error.problem, error.context))) from None
    except yaml.YAMLError as error:
        raise ValueError(Problem(file, None, _translate(str(error)))) from None
    return _with_lines(node, data, file, first_line)


def _load(soort: type, text: str) -> tuple[object, object]:
    """(node tree, constructed data) of a single YAML document."""
    loader = soort(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        # Only an escape (\u or \U) can make half of a pair: UTF-8 text cannot hold one.
        _check_nodes(node, escapes="\\u" in text or "\\U" in text)
        return node, loader.construct_document(node)
    finally:
        loader.dispose()


def _check_nodes(node, escapes: bool = False) -> None:
    """Refuse aliases and deep nesting before anything is built or walked recursively, and
    (with ``escapes``) a text with half of a UTF-16 pair in it.

    libyaml resolves an alias to the node of its anchor, so a node reached twice is an
    alias; a nine-line "billion laughs" would otherwise expand to billions of values.
    """
    seen: set[int] = set()
    stack = [(node, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            raise _Refusal(None, _ALIAS)
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise _Refusal(node.start_mark.line, _TOO_DEEP)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in node.value)
        elif escapes and (half := _HALF_PAIR.search(node.value)):
            code = ord(half.group())
            raise _Refusal(
                node.start_mark.line,
                f"hier staat de code \\u{code:04X}: dat is geen teken, maar de helft van een "
                "tekenpaar. Haal de code weg, of typ het teken zelf.",
            )


def _with_lines(node, data, file: str, first_line: int) -> YamlDocument:
    lines: dict[Path, int] = {(): first_line}
    double: list[Problem] = []
    if node is not None:
        _collect_lines(node, (), lines, double, file, first_line)
    return YamlDocument(data, lines, tuple(double))


def _collect_lines(node, path: Path, lines, double, file: str, first: int) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else str(key)
            line = key.start_mark.line + first
            if name in seen:
                double.append(Problem(file, line, f"de sleutel '{name}' staat er twee keer"))
            seen.add(name)
            lines[(*path, name)] = line
            _collect_lines(value, (*path, name), lines, double, file, first)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + first
            _collect_lines(item, (*path, index), lines, double, file, first)
