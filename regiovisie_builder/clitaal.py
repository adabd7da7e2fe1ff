"""Dutch texts for click's own messages (usage, options, errors).

Click marks its texts for gettext but ships no Dutch catalogue; every click module binds
``gettext``/``ngettext`` as module attributes, so the CLI installs these translations there.
Texts that are not listed stay as click wrote them.
"""

from __future__ import annotations

import sys

NEDERLANDS = {
    "Usage:": "Gebruik:",
    "Options": "Opties",
    "Commands": "Opdrachten",
    "Show this message and exit.": "Toon deze hulp en stop.",
    "Show the version and exit.": "Toon het versienummer en stop.",
    "Error: {message}": "Fout: {message}",
    "Try '{command} {option}' for help.": "Typ '{command} {option}' voor hulp.",
    "No such command {name!r}.": "De opdracht {name!r} bestaat niet.",
    "No such option {name!r}.": "De optie {name!r} bestaat niet.",
    "Option {name!r} does not take a value.": "De optie {name!r} krijgt geen waarde.",
    "Option {name!r} requires an argument.": "De optie {name!r} heeft een waarde nodig.",
    "Option {name!r} requires {nargs} arguments.": "De optie {name!r} heeft {nargs} waarden nodig.",
    "Missing argument": "Ontbrekend argument",
    "Missing option": "Ontbrekende optie",
    "Missing parameter": "Ontbrekende parameter",
    "Missing command.": "Geef een opdracht.",
    "Missing {param_type}": "{param_type} ontbreekt",
    "Invalid value for {param_hint}: {message}": "Ongeldige waarde voor {param_hint}: {message}",
    "Invalid value: {message}": "Ongeldige waarde: {message}",
    "Got unexpected extra argument ({args})": "Onverwacht extra argument ({args})",
    "Got unexpected extra arguments ({args})": "Onverwachte extra argumenten ({args})",
    "{value!r} is not {choice}.": "{value!r} is geen {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} is niet een van {choices}.",
    "{value!r} is not a valid {number_type}.": "{value!r} is geen geldig {number_type}.",
    "{value} is not in the range {range}.": "{value} valt buiten het bereik {range}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} bestaat niet.",
    "{name} {filename!r} is a file.": "{name} {filename!r} is een bestand, geen map.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} is een map, geen bestand.",
    "Did you mean {possibility}?": "Bedoelt u {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Bedoelt u een van: {possibilities}?)",
    "Aborted!": "Afgebroken.",
    "default: {default}": "standaard: {default}",
    "directory": "map",
    "file": "bestand",
    "path": "pad",
}


def _gettext(tekst: str) -> str:
    return NEDERLANDS.get(tekst, tekst)


def _ngettext(enkelvoud: str, meervoud: str, aantal: int) -> str:
    return _gettext(enkelvoud if aantal == 1 else meervoud)


# Click names value types in help (``--naam TEXT``) and in errors ("is not a valid integer").
TYPENAMEN = {
    "StringParamType": "tekst",
    "IntParamType": "getal",
    "IntRange": "getal",
    "FloatParamType": "getal",
    "FloatRange": "getal",
}


def installeer(groep=None) -> None:
    """Give every loaded click module the Dutch texts, and the value types Dutch names.

    Parameter types made before this call (``click.Path`` names itself "file" or "directory"
    when a command is defined) are renamed for the commands of ``groep``.
    """
    import click

    for naam, module in list(sys.modules.items()):
        if naam == "click" or naam.startswith("click."):
            if hasattr(module, "_"):
                module._ = _gettext
            if hasattr(module, "ngettext"):
                module.ngettext = _ngettext
    for klasse, nederlands in TYPENAMEN.items():
        getattr(click.types, klasse).name = nederlands
    for opdracht in groep.commands.values() if groep is not None else ():
        for parameter in opdracht.params:
            if isinstance(parameter.type, click.Path):
                parameter.type.name = _gettext(parameter.type.name)
