"""Safe YAML loading that keeps source lines and leaves dates as text.

Dates stay strings here so that an impossible date (2021-02-30) becomes a validation problem
with a line number instead of a crash inside PyYAML; the schema step turns valid ones into
``datetime.date``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from regiovisie_builder.errors import Probleem

Pad = tuple[str | int, ...]


# Nesting deeper than any real file needs is refused before anything recurses over it.
MAX_DIEPTE = 40
# Above this rough upper bound of the nesting depth the text is not given to libyaml, whose
# composer recurses on the C stack (a few ten thousand levels crash the process).
_C_DIEPTE_GRENS = 4000

_ALIAS = (
    "verwijzingen met * (aliassen) zijn niet toegestaan; schrijf de waarde voluit. "
    "Een stapel verwijzingen kan een klein bestand onbeperkt groot maken."
)
_TE_DIEP = (
    f"de gegevens zijn hier te diep genest (meer dan {MAX_DIEPTE} niveaus); "
    "controleer de inspringing en de haken [ ] en { }."
)
_TE_LANG_GETAL = (
    "dit getal is te lang (meer dan 4300 cijfers); zet het tussen aanhalingstekens "
    "als het een tekst is."
)


class _Weigering(Exception):
    """The YAML text is refused before it is built: an alias, deep nesting, a huge number."""

    def __init__(self, regel: int | None, melding: str):
        super().__init__(melding)
        self.regel = regel
        self.melding = melding


def _geheel_getal(loader, knoop):
    try:
        return yaml.SafeLoader.construct_yaml_int(loader, knoop)
    except ValueError:  # Python's limit on converting very long digit strings
        raise _Weigering(knoop.start_mark.line, _TE_LANG_GETAL) from None


class _Loader(yaml.SafeLoader):
    """SafeLoader without the implicit timestamp type, without aliases, with a depth limit."""

    _diepte = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise _Weigering(self.peek_event().start_mark.line, _ALIAS)
        self._diepte += 1
        try:
            if self._diepte > MAX_DIEPTE:
                raise _Weigering(self.peek_event().start_mark.line, _TE_DIEP)
            return super().compose_node(parent, index)
        finally:
            self._diepte -= 1


_Loader.add_constructor("tag:yaml.org,2002:int", _geheel_getal)


# libyaml's parser (about ten times faster) where PyYAML was built with it. Its error texts
# differ from the pure-Python parser's, so on an error the text is parsed again with
# ``_Loader`` to get the messages ``_VERTALINGEN`` knows.
_SnelleLoader: Any = (
    type("_SnelleLoader", (yaml.CSafeLoader,), {})
    if getattr(yaml, "__with_libyaml__", False)
    else _Loader
)

_ZONDER_DATUMS = {
    teken: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for teken, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.yaml_implicit_resolvers = _ZONDER_DATUMS
_SnelleLoader.yaml_implicit_resolvers = _ZONDER_DATUMS
if _SnelleLoader is not _Loader:
    _SnelleLoader.add_constructor("tag:yaml.org,2002:int", _geheel_getal)

_VERTALINGEN = {
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
_VERTALINGEN_DEEL = {
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
_ALGEMEEN = (
    "ongeldige YAML: de opbouw klopt hier niet; controleer de inspringing, de dubbele punten "
    "en de aanhalingstekens"
)


def _vertaal(probleem: str | None, context: str | None = None) -> str:
    """PyYAML's English problem in plain Dutch; never the English text itself."""
    tekst = (probleem or "").strip()
    for engels, nederlands in _VERTALINGEN.items():
        if tekst.startswith(engels):
            return nederlands
    for engels, nederlands in _VERTALINGEN_DEEL.items():
        if engels in tekst or engels in (context or ""):
            return nederlands
    return _ALGEMEEN


def _stuurteken(fout: yaml.reader.ReaderError, tekst: str) -> tuple[int | None, str]:
    """The line and a Dutch explanation of a character YAML does not accept."""
    teken = fout.character
    if isinstance(teken, bytes) or not teken:
        return None, "het bestand is geen UTF-8-tekst; sla het op als UTF-8."
    code = teken if isinstance(teken, int) else ord(teken)
    regel = tekst.count("\n", 0, fout.position)
    if code in (0x0B, 0x0C):
        uitleg = "een zachte regelafbreking of pagina-einde uit Word of Excel"
    else:
        uitleg = "een onzichtbaar stuurteken"
    return regel, f"hier staat {uitleg} (U+{code:04X}); haal het weg of typ de tekst opnieuw."


def _diepte_bovengrens(tekst: str) -> int:
    """A cheap upper bound of the nesting depth (indentation, '- ' and brackets)."""
    langste = max(map(len, tekst.splitlines()), default=0)
    return 2 * langste + tekst.count("[") + tekst.count("{")


@dataclass(frozen=True)
class YamlDocument:
    """Loaded YAML data plus the line of every key and list item."""

    gegevens: object
    regels: dict[Pad, int] = field(default_factory=dict)
    dubbel: tuple[Probleem, ...] = ()

    def regel(self, pad: Pad) -> int | None:
        """The line of ``pad``, or of its nearest ancestor that has one."""
        pad = tuple(pad)
        while pad:
            if pad in self.regels:
                return self.regels[pad]
            pad = pad[:-1]
        return self.regels.get((), 1)


def laad_yaml(tekst: str, bestand: str, eerste_regel: int = 1) -> YamlDocument:
    """Parse ``tekst`` safely; raise ``ValueError(Probleem)`` on a syntax error.

    ``eerste_regel`` shifts all line numbers, for YAML embedded in another file.
    """
    if _SnelleLoader is not _Loader and _diepte_bovengrens(tekst) <= _C_DIEPTE_GRENS:
        try:
            return _met_regels(*_laad(_SnelleLoader, tekst), bestand, eerste_regel)
        except (yaml.YAMLError, _Weigering):
            pass  # parsed again below, for the messages (and lines) of the pure-Python parser
    try:
        knoop, gegevens = _laad(_Loader, tekst)
    except _Weigering as fout:
        regel = fout.regel + eerste_regel if fout.regel is not None else None
        raise ValueError(Probleem(bestand, regel, fout.melding)) from None
    except yaml.reader.ReaderError as fout:
        regel, melding = _stuurteken(fout, tekst)
        regel = regel + eerste_regel if regel is not None else None
        raise ValueError(Probleem(bestand, regel, melding)) from None
    except yaml.MarkedYAMLError as fout:
        mark = fout.problem_mark or fout.context_mark
        regel = mark.line + eerste_regel if mark else None
        raise ValueError(Probleem(bestand, regel, _vertaal(fout.problem, fout.context))) from None
    except yaml.YAMLError as fout:
        raise ValueError(Probleem(bestand, None, _vertaal(str(fout)))) from None
    return _met_regels(knoop, gegevens, bestand, eerste_regel)


def _laad(soort: type, tekst: str) -> tuple[object, object]:
    """(node tree, constructed data) of a single YAML document."""
    loader = soort(tekst)
    try:
        knoop = loader.get_single_node()
        if knoop is None:
            return None, None
        _controleer_knopen(knoop)
        return knoop, loader.construct_document(knoop)
    finally:
        loader.dispose()


def _controleer_knopen(knoop) -> None:
    """Refuse aliases and deep nesting before anything is built or walked recursively.

    libyaml resolves an alias to the node of its anchor, so a node reached twice is an
    alias; a nine-line "billion laughs" would otherwise expand to billions of values.
    """
    gezien: set[int] = set()
    stapel = [(knoop, 1)]
    while stapel:
        knoop, diepte = stapel.pop()
        if id(knoop) in gezien:
            raise _Weigering(None, _ALIAS)
        gezien.add(id(knoop))
        if diepte > MAX_DIEPTE:
            raise _Weigering(knoop.start_mark.line, _TE_DIEP)
        if isinstance(knoop, yaml.MappingNode):
            for sleutel, waarde in knoop.value:
                stapel.append((sleutel, diepte + 1))
                stapel.append((waarde, diepte + 1))
        elif isinstance(knoop, yaml.SequenceNode):
            stapel.extend((item, diepte + 1) for item in knoop.value)


def _met_regels(knoop, gegevens, bestand: str, eerste_regel: int) -> YamlDocument:
    regels: dict[Pad, int] = {(): eerste_regel}
    dubbel: list[Probleem] = []
    if knoop is not None:
        _verzamel_regels(knoop, (), regels, dubbel, bestand, eerste_regel)
    return YamlDocument(gegevens, regels, tuple(dubbel))


def _verzamel_regels(knoop, pad: Pad, regels, dubbel, bestand: str, eerste: int) -> None:
    if isinstance(knoop, yaml.MappingNode):
        gezien: set[str] = set()
        for sleutel, waarde in knoop.value:
            naam = sleutel.value if isinstance(sleutel, yaml.ScalarNode) else str(sleutel)
            regel = sleutel.start_mark.line + eerste
            if naam in gezien:
                dubbel.append(Probleem(bestand, regel, f"de sleutel '{naam}' staat er twee keer"))
            gezien.add(naam)
            regels[(*pad, naam)] = regel
            _verzamel_regels(waarde, (*pad, naam), regels, dubbel, bestand, eerste)
    elif isinstance(knoop, yaml.SequenceNode):
        for index, item in enumerate(knoop.value):
            regels[(*pad, index)] = item.start_mark.line + eerste
            _verzamel_regels(item, (*pad, index), regels, dubbel, bestand, eerste)


def pad_tekst(pad: Pad) -> str:
    """``('regio', 'gemeenten', 2, 'naam')`` -> ``regio.gemeenten[2].naam``."""
    tekst = ""
    for deel in pad:
        tekst += f"[{deel}]" if isinstance(deel, int) else (f".{deel}" if tekst else str(deel))
    return tekst
