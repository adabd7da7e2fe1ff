"""A quick yes/no check of data against the small part of JSON Schema our schemas use.

Importing and building a ``jsonschema`` validator costs more than reading a whole workspace,
while almost every file is valid. ``geldig`` answers only "certainly valid" (True); on any
doubt (an invalid value, or a keyword it does not know) it answers False and the caller runs
the full ``jsonschema`` validation, which also writes the messages. So it can make a build
faster but never let an invalid file through.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

# Keywords that only describe; they never make data invalid.
_BESCHRIJVEND = frozenset(("description", "title", "default", "examples", "$comment"))
_BEKEND = frozenset(
    (
        "type",
        "enum",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "minItems",
        "uniqueItems",
        "minLength",
        "maxLength",
        "pattern",
        "format",
        "minimum",
    )
)
_DATUM = re.compile(r"\d{4}-\d{2}-\d{2}")


def _is_getal(waarde: object) -> bool:
    return isinstance(waarde, int | float) and not isinstance(waarde, bool)


def _van_type(waarde: object, soort: str) -> bool:
    if soort == "string":
        return isinstance(waarde, str)
    if soort == "integer":
        return isinstance(waarde, int) and not isinstance(waarde, bool)
    if soort == "number":
        return _is_getal(waarde)
    if soort == "boolean":
        return isinstance(waarde, bool)
    if soort == "array":
        return isinstance(waarde, list)
    if soort == "object":
        return isinstance(waarde, dict)
    if soort == "null":
        return waarde is None
    return False


def _gelijk(a: object, b: object) -> bool:
    """Equal in the JSON sense, never mixing up true/false with 1/0 (doubt counts as unequal)."""
    return type(a) is type(b) and a == b


@functools.cache
def _patroon(tekst: str) -> re.Pattern:
    return re.compile(tekst)


def geldig(waarde: object, schema: dict) -> bool:
    """True when ``waarde`` is certainly valid against ``schema``; False when in doubt."""
    for sleutel, eis in schema.items():
        if sleutel in _BESCHRIJVEND:
            continue
        if sleutel not in _BEKEND:
            return False
        if not _voldoet(waarde, sleutel, eis, schema):
            return False
    return True


def _voldoet(waarde: object, sleutel: str, eis: Any, schema: dict) -> bool:
    if sleutel == "type":
        soorten = eis if isinstance(eis, list) else [eis]
        return any(_van_type(waarde, s) for s in soorten)
    if sleutel == "enum":
        return any(_gelijk(waarde, keuze) for keuze in eis)
    if isinstance(waarde, dict):
        return _object(waarde, sleutel, eis, schema)
    if isinstance(waarde, list):
        if sleutel == "items":
            return isinstance(eis, dict) and all(geldig(w, eis) for w in waarde)
        if sleutel == "minItems":
            return len(waarde) >= eis
        if sleutel == "uniqueItems":
            return not eis or not any(
                _gelijk(a, b) for i, a in enumerate(waarde) for b in waarde[i + 1 :]
            )
        return True
    if isinstance(waarde, str):
        if sleutel == "minLength":
            return len(waarde) >= eis
        if sleutel == "maxLength":
            return len(waarde) <= eis
        if sleutel == "pattern":
            return _patroon(eis).search(waarde) is not None
        if sleutel == "format":
            return eis == "date" and _is_datum(waarde)
        return True
    if sleutel == "minimum" and _is_getal(waarde):
        return waarde >= eis
    return True


def _object(waarde: dict, sleutel: str, eis: Any, schema: dict) -> bool:
    if sleutel == "required":
        return all(naam in waarde for naam in eis)
    if sleutel == "properties":
        return all(geldig(waarde[naam], sub) for naam, sub in eis.items() if naam in waarde)
    if sleutel == "additionalProperties":
        extra = [naam for naam in waarde if naam not in schema.get("properties", {})]
        if eis is True or not extra:
            return True
        return isinstance(eis, dict) and all(geldig(waarde[naam], eis) for naam in extra)
    return True


def _is_datum(tekst: str) -> bool:
    if not _DATUM.fullmatch(tekst):
        return False
    try:
        dt.date.fromisoformat(tekst)
    except ValueError:
        return False
    return True
