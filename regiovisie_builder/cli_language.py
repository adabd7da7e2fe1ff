"""Dutch texts for click's own messages (usage, options, errors): the table only.

Click marks its texts for gettext but ships no Dutch catalogue; every click module binds
``gettext``/``ngettext`` as module attributes, so ``cli.py`` (the only module that imports
click) installs these translations there. Texts that are not listed stay as click wrote them.
"""

from __future__ import annotations

DUTCH = {
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


def translate(text: str) -> str:
    return DUTCH.get(text, text)


def translate_plural(singular: str, plural: str, count: int) -> str:
    return translate(singular if count == 1 else plural)


# Click names value types in help (``--naam TEXT``) and in errors ("is not a valid integer").
TYPE_NAMES = {
    "StringParamType": "tekst",
    "IntParamType": "getal",
    "IntRange": "getal",
    "FloatParamType": "getal",
    "FloatRange": "getal",
}
