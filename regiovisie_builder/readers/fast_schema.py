"""A quick yes/no check of data against the small part of JSON Schema our schemas use.

Importing and building a ``jsonschema`` validator costs more than reading a whole workspace,
while almost every file is valid. ``valid`` answers only "certainly valid" (True); on any
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
_DESCRIPTIVE = frozenset(("description", "title", "default", "examples", "$comment"))
_KNOWN = frozenset(
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
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _of_type(value: object, soort: str) -> bool:
    if soort == "string":
        return isinstance(value, str)
    if soort == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if soort == "number":
        return _is_number(value)
    if soort == "boolean":
        return isinstance(value, bool)
    if soort == "array":
        return isinstance(value, list)
    if soort == "object":
        return isinstance(value, dict)
    if soort == "null":
        return value is None
    return False


def _equal(a: object, b: object) -> bool:
    """Equal in the JSON sense, never mixing up true/false with 1/0 (doubt counts as unequal)."""
    return type(a) is type(b) and a == b


@functools.cache
def _pattern(text: str) -> re.Pattern:
    return re.compile(text)


def valid(value: object, schema: dict) -> bool:
    """True when ``value`` is certainly valid against ``schema``; False when in doubt."""
    for key, eis in schema.items():
        if key in _DESCRIPTIVE:
            continue
        if key not in _KNOWN:
            return False
        if not _holds(value, key, eis, schema):
            return False
    return True


def _holds(value: object, key: str, eis: Any, schema: dict) -> bool:
    if key == "type":
        soorten = eis if isinstance(eis, list) else [eis]
        return any(_of_type(value, s) for s in soorten)
    if key == "enum":
        return any(_equal(value, choice) for choice in eis)
    if isinstance(value, dict):
        return _object(value, key, eis, schema)
    if isinstance(value, list):
        if key == "items":
            return isinstance(eis, dict) and all(valid(w, eis) for w in value)
        if key == "minItems":
            return len(value) >= eis
        if key == "uniqueItems":
            return not eis or not any(
                _equal(a, b) for i, a in enumerate(value) for b in value[i + 1 :]
            )
        return True
    if isinstance(value, str):
        if key == "minLength":
            return len(value) >= eis
        if key == "maxLength":
            return len(value) <= eis
        if key == "pattern":
            return _pattern(eis).search(value) is not None
        if key == "format":
            return eis == "date" and _is_date(value)
        return True
    if key == "minimum" and _is_number(value):
        return value >= eis
    return True


def _object(value: dict, key: str, eis: Any, schema: dict) -> bool:
    if key == "required":
        return all(name in value for name in eis)
    if key == "properties":
        return all(valid(value[name], sub) for name, sub in eis.items() if name in value)
    if key == "additionalProperties":
        extra = [name for name in value if name not in schema.get("properties", {})]
        if eis is True or not extra:
            return True
        return isinstance(eis, dict) and all(valid(value[name], eis) for name in extra)
    return True


def _is_date(text: str) -> bool:
    if not _DATE.fullmatch(text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True
