"""Validate YAML data against a JSON Schema and explain every problem in Dutch.

All problems are collected before anything stops (like mkdocs' config validation), each with
the file and line of the offending key.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from regiovisie_builder.errors import Problem
from regiovisie_builder.readers import fast_schema
from regiovisie_builder.readers.yaml_source import YamlDocument, path_text

_TYPES = {
    "string": "een tekst",
    "integer": "een geheel getal",
    "number": "een getal",
    "boolean": "ja of nee (true of false)",
    "array": "een lijst (regels die beginnen met '- ')",
    "object": "een groep sleutels (sleutel: waarde, ingesprongen)",
    "null": "leeg",
}


def _soort_value(value: object) -> str:
    if value is None:
        return "niets (leeg)"
    if isinstance(value, bool):
        return "ja/nee"
    if isinstance(value, int | float):
        return f"het getal {value}"
    if isinstance(value, str):
        return f"de tekst '{value}'"
    if isinstance(value, list):
        return "een lijst"
    if isinstance(value, dict):
        return "een groep sleutels"
    return type(value).__name__


def _message(error) -> str:
    """Dutch message for one ``jsonschema.ValidationError``."""
    path = path_text(tuple(error.absolute_path))
    where = f"'{path}'" if path else "het bestand"
    soort = error.validator
    value = error.instance
    if soort == "required":
        key = error.message.split("'")[1]
        complete = f"{path}.{key}" if path else key
        description = error.schema.get("properties", {}).get(key, {}).get("description", "")
        return f"de verplichte sleutel '{complete}' ontbreekt. {description}".strip()
    if soort == "type":
        expected = error.validator_value
        expected = expected if isinstance(expected, list) else [expected]
        names = " of ".join(_TYPES.get(t) or str(t) for t in expected)
        hint = ""
        if "string" in expected and isinstance(value, int | float) and not isinstance(value, bool):
            hint = f' Zet de waarde tussen aanhalingstekens: "{value}".'
        return f"{where} moet {names} zijn, maar is {_soort_value(value)}.{hint}"
    if soort == "enum":
        choices = ", ".join(str(k) for k in error.validator_value)
        return f"{where} heeft de onbekende waarde '{value}'. Kies uit: {choices}."
    if soort == "format" and error.validator_value == "date":
        return (
            f"{where} is geen geldige datum: '{value}'. "
            "Schrijf een bestaande datum als JJJJ-MM-DD, bijvoorbeeld 2022-01-01."
        )
    if soort == "pattern" and path == "overgenomen":
        return (
            "'overgenomen' moet 'alle' zijn of een lijst van ids van standaardblokken, "
            f"maar is '{value}'."
        )
    if soort == "pattern":
        guidance = error.schema.get("description", "")
        return f"{where} heeft niet de juiste vorm: '{value}'. {guidance}".strip()
    if soort == "minLength":
        return f"{where} is leeg; vul een tekst in of laat de sleutel weg."
    if soort == "maxLength":
        return (
            f"{where} is te lang: {len(value)} tekens, er mogen er hoogstens "
            f"{error.validator_value} zijn (Word bewaart dit in de documenteigenschappen). "
            "Maak de tekst korter."
        )
    if soort == "minItems":
        return f"{where} moet minstens {error.validator_value} onderdeel bevatten."
    if soort == "minimum":
        return f"{where} mag niet kleiner zijn dan {error.validator_value}."
    if soort == "uniqueItems":
        return f"{where} bevat een waarde twee keer."
    if soort == "additionalProperties":
        known = ", ".join(error.schema.get("properties", {}))
        return f"{where} bevat een onbekende sleutel. Toegestaan zijn: {known}."
    return f"{where}: ongeldige waarde ({error.message})."


def _without_accents(text: str) -> str:
    """``continuïteit`` -> ``continuiteit``: the spelling people type vs. the key's."""
    parse = unicodedata.normalize("NFKD", text)
    return "".join(t for t in parse if not unicodedata.combining(t)).lower()


def suggestion(name: str, known) -> str:
    """ " Bedoelt u '…'?" for the known names closest to ``naam`` (accents ignored), or ""."""
    folded: dict[str, str] = {}
    for candidate in known:
        folded.setdefault(_without_accents(candidate), candidate)
    key = _without_accents(name)
    if key in folded:
        proposals = [folded[key]]
    else:
        import difflib  # only for a message: not loaded by a build without errors

        proposals = [folded[v] for v in difflib.get_close_matches(key, folded, n=2, cutoff=0.6)]
    if not proposals:
        return ""
    return " Bedoelt u " + " of ".join(f"'{v}'" for v in proposals) + "?"


def _unknown(data: object, schema: dict, path: tuple, source, file, out: list) -> None:
    if isinstance(data, list):
        items = schema.get("items")
        if isinstance(items, dict):
            for index, item in enumerate(data):
                _unknown(item, items, (*path, index), source, file, out)
        return
    if not isinstance(data, dict):
        return
    own = schema.get("properties", {})
    for name, value in data.items():
        if name in own:
            _unknown(value, own[name], (*path, name), source, file, out)
        elif schema.get("additionalProperties") is False:
            where = f" onder '{path_text(path)}'" if path else ""
            hint = suggestion(str(name), own) or (
                " Toegestaan zijn: " + ", ".join(own) + "." if own else ""
            )
            out.append(
                Problem(
                    file,
                    source.line((*path, name)),
                    f"onbekende sleutel '{name}'{where}.{hint} Een onbekende sleutel wordt niet "
                    "gebruikt: controleer de spelling.",
                )
            )


def unknown_keys(source: YamlDocument, schema: dict, file: str) -> list[Problem]:
    """Every key the schema does not know, with its line and the closest known key."""
    out: list[Problem] = []
    _unknown(source.data, schema, (), source, file, out)
    return out


def validate(source: YamlDocument, schema: dict, file: str, unknown: bool = True) -> list[Problem]:
    """Every schema problem in ``source``, sorted by line.

    Unknown keys are reported one by one on their own line (see ``unknown_keys``);
    with ``onbekend=False`` the caller has done that already on the raw data.
    """
    problems = list(source.double)
    if unknown:
        problems += unknown_keys(source, schema, file)
    if not fast_schema.valid(source.data, schema):
        # Some problem (or doubt): the full validator finds and describes every one.
        for error in _validator(id(schema), schema).iter_errors(source.data):
            if error.validator == "additionalProperties":
                continue  # reported per key, with a suggestion
            path = tuple(error.absolute_path)
            problems.append(Problem(file, source.line(path), _message(error)))
    problems.sort(key=lambda p: (p.line or 0, p.message))
    return problems


_VALIDATORS: dict[int, tuple[dict, object]] = {}


def _validator(key: int, schema: dict):
    """One ``jsonschema`` validator per schema (imported lazily: it is slow to load)."""
    if key not in _VALIDATORS or _VALIDATORS[key][0] is not schema:
        import jsonschema

        _VALIDATORS[key] = (
            schema,
            jsonschema.Draft202012Validator(
                schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
            ),
        )
    return _VALIDATORS[key][1]


def make_dates(value: object, schema: dict) -> object:
    """Copy of ``value`` where every schema field of format ``date`` is a ``datetime.date``.

    Call only on data that validated, so every such string is a valid ISO date.
    """
    if schema.get("format") == "date" and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if isinstance(value, dict):
        own = schema.get("properties", {})
        return {k: make_dates(v, own.get(k, {})) for k, v in value.items()}
    if isinstance(value, list):
        items = schema.get("items", {})
        return [make_dates(v, items) for v in value]
    return value
