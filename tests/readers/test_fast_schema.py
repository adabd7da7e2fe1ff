"""The quick schema check never calls invalid data valid, and passes the real files."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from regiovisie_builder.readers import fast_schema
from regiovisie_builder.readers.blokken import FRONT_MATTER_SCHEMA
from regiovisie_builder.readers.regio import _without_empty_values
from regiovisie_builder.readers.yaml_source import load_yaml
from regiovisie_builder.schema import REGIO_SCHEMA

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(ROOT.glob("examples/*/regio.yaml"))
# "x" * 300 is longer than every maxLength in the schema (at most 200), so a quick check that
# ignored maxLength would be caught.
REPLACEMENTS = (
    123, 2.5, -5, "x", "", "x" * 300, "2021-02-30", [], ["a", "a"], {}, {"onbekend": 1}, True,
)  # fmt: skip


def _regio(path: Path) -> dict:
    return _without_empty_values(load_yaml(path.read_text("utf-8"), "regio.yaml").data)


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, kind in value.items():
            yield from _paths(kind, (*path, key))
    elif isinstance(value, list):
        for index, kind in enumerate(value):
            yield from _paths(kind, (*path, index))


def _subschema(schema: dict, path) -> tuple[dict, dict]:
    """The schema of the value at ``path``, and the schema of the object or list holding it."""
    parent = schema
    for part in path:
        parent = schema
        if isinstance(part, int):
            schema = schema.get("items", {})
        else:
            properties = schema.get("properties", {})
            schema = properties.get(part, schema.get("additionalProperties", {}))
    return schema, parent


def _stratified(data, schema: dict) -> set:
    """One path for each kind of place in the schema: the same keywords (with the same
    pattern, format, type and bounds), required or not. The quick check runs the same code
    for every place of a kind, whatever its enum values or nested properties."""
    chosen: dict = {}
    for path in list(_paths(data))[1:]:
        if any(isinstance(part, int) and part > 0 for part in path):
            continue
        sub, parent = _subschema(schema, path)
        keywords = tuple(sorted(k for k in sub if k not in fast_schema._DESCRIPTIVE))
        values = tuple((k, repr(sub[k])) for k in keywords if not isinstance(sub[k], dict | list))
        required = "item" if isinstance(path[-1], int) else path[-1] in parent.get("required", ())
        chosen.setdefault((keywords, values, required), path)
    return set(chosen.values())


def _keywords(schema: dict) -> set[str]:
    """Every keyword in ``schema`` and its nested schemas."""
    found = set(schema)
    for key, value in schema.items():
        if key == "properties":
            for sub in value.values():
                found |= _keywords(sub)
        elif key in ("items", "additionalProperties") and isinstance(value, dict):
            found |= _keywords(value)
    return found


def _variants(data, only: set | None = None):
    """``data`` with one value replaced or one key removed, in place, restored after.

    Only the first item of each list is varied: the others have the same schema. With
    ``only``, just the values at those paths.
    """
    for path in list(_paths(data))[1:]:
        if any(isinstance(part, int) and part > 0 for part in path):
            continue
        if only is not None and path not in only:
            continue
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        old = parent[path[-1]]
        for new in REPLACEMENTS:
            parent[path[-1]] = new
            yield data
        parent[path[-1]] = old
        if isinstance(parent, dict):
            del parent[path[-1]]
            yield data
            parent[path[-1]] = old


VALIDATORS = {
    id(s): jsonschema.Draft202012Validator(
        s, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    for s in (REGIO_SCHEMA, FRONT_MATTER_SCHEMA)
}


def _jsonschema_valid(data, schema) -> bool:
    return VALIDATORS[id(schema)].is_valid(data)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
def test_examples_pass_the_quick_check(path):
    assert fast_schema.valid(_regio(path), REGIO_SCHEMA)


def test_shipped_blocks_pass_the_quick_check():
    for path in sorted((ROOT / "content").rglob("*.md")):
        heading = path.read_text("utf-8").split("---\n")[1]
        assert fast_schema.valid(load_yaml(heading, path.name).data, FRONT_MATTER_SCHEMA), path


def test_every_invalid_variant_of_an_example_is_refused_by_the_quick_check():
    """Every variant the quick check accepts is valid for jsonschema too.

    The same claim as "every variant jsonschema refuses, the quick check refuses", asked the
    cheap way round: the slow jsonschema validation runs on every variant the quick check
    accepts, not on all of them; every third refused variant is also given to jsonschema, to
    be sure the mutations keep producing real errors. The variants: every mutation at one
    place of each kind in the schema (``_stratified``: 28 of the 144 places, all keywords).
    """
    data = _regio(EXAMPLES[0])
    places = _stratified(data, REGIO_SCHEMA)
    accepted = refused = invalid = 0
    for variant in _variants(data, places):
        if fast_schema.valid(variant, REGIO_SCHEMA):
            accepted += 1
            assert _jsonschema_valid(variant, REGIO_SCHEMA), "the quick check let an error through"
        else:
            refused += 1
            if refused % 3 == 0 and not _jsonschema_valid(variant, REGIO_SCHEMA):
                invalid += 1
    # every keyword the schema uses is at one of the chosen places
    assert {k for path in places for k in _subschema(REGIO_SCHEMA, path)[0]} >= _keywords(
        REGIO_SCHEMA
    )
    assert accepted > 20 and refused > 200
    assert invalid > 50, "too few variants are really invalid: the test would prove little"


def test_invalid_front_matter_is_refused_by_the_quick_check():
    valid = {"id": "a-b", "titel": "T", "route": 2, "afspraken": [1, 2], "themas": ["preventie"]}
    assert fast_schema.valid(valid, FRONT_MATTER_SCHEMA)
    for variant in _variants(valid):
        if not _jsonschema_valid(variant, FRONT_MATTER_SCHEMA):
            assert not fast_schema.valid(variant, FRONT_MATTER_SCHEMA), variant
    for error in ({"id": "A B", "titel": "T"}, {"id": "a", "titel": "T", "route": True}):
        assert not fast_schema.valid(error, FRONT_MATTER_SCHEMA)


def test_unknown_keyword_means_doubt():
    assert not fast_schema.valid(1, {"maximum": 5})
