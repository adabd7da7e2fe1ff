"""Safe YAML loading that keeps source lines and leaves dates as text.

Dates stay strings here so that an impossible date (2021-02-30) becomes a validation problem
with a line number instead of a crash inside PyYAML; the schema step turns valid ones into
``datetime.date``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from regiovisie_builder.errors import Probleem

Pad = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
    """SafeLoader without the implicit timestamp type."""


# libyaml's parser (about ten times faster) where PyYAML was built with it. Its error texts
# differ from the pure-Python parser's, so on an error the text is parsed again with
# ``_Loader`` to get the messages ``_VERTALINGEN`` knows.
_SnelleLoader = (
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


def _vertaal(probleem: str | None) -> str:
    tekst = (probleem or "").strip()
    for engels, nederlands in _VERTALINGEN.items():
        if tekst.startswith(engels):
            return nederlands
    return f"ongeldige YAML ({tekst})" if tekst else "ongeldige YAML"


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
    if _SnelleLoader is not _Loader:
        try:
            return _met_regels(*_laad(_SnelleLoader, tekst), bestand, eerste_regel)
        except yaml.YAMLError:
            pass  # parsed again below, for the messages the pure-Python parser gives
    try:
        knoop, gegevens = _laad(_Loader, tekst)
    except yaml.MarkedYAMLError as fout:
        mark = fout.problem_mark or fout.context_mark
        regel = mark.line + eerste_regel if mark else None
        raise ValueError(Probleem(bestand, regel, _vertaal(fout.problem))) from None
    except yaml.YAMLError as fout:
        raise ValueError(Probleem(bestand, None, _vertaal(str(fout)))) from None
    return _met_regels(knoop, gegevens, bestand, eerste_regel)


def _laad(soort: type, tekst: str) -> tuple[object, object]:
    """(node tree, constructed data) of a single YAML document."""
    loader = soort(tekst)
    try:
        knoop = loader.get_single_node()
        return knoop, loader.construct_document(knoop) if knoop is not None else None
    finally:
        loader.dispose()


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
