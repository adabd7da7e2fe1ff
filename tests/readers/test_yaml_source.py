"""The fast (libyaml) and the pure-Python YAML parser give the same data, lines and errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from regiovisie_builder.readers import yaml_parser, yaml_source

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(ROOT.glob("examples/*/regio.yaml")) + [ROOT / "templates/werkmap/regio.yaml"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.parent.name)
def test_fast_parser_matches_pure_python(path, monkeypatch):
    text = path.read_text(encoding="utf-8")
    fast = yaml_source.load_yaml(text, "regio.yaml")
    monkeypatch.setattr(yaml_parser, "_FastLoader", yaml_parser._Loader)
    slow = yaml_source.load_yaml(text, "regio.yaml")
    assert fast.data == slow.data
    assert fast.lines == slow.lines
    # Dates stay text in both, so an impossible date becomes a validation problem.
    assert isinstance(fast.data["document"]["datum"], str)


def test_syntax_error_keeps_the_dutch_message_and_line():
    text = "regio:\n  naam: Test\n  code: een: twee\n"
    with pytest.raises(ValueError) as error:
        yaml_source.load_yaml(text, "regio.yaml")
    problem = error.value.args[0]
    assert problem.line == 3
    assert problem.message.startswith("hier mag geen 'sleutel: waarde' staan")


def test_duplicate_key_is_reported_with_its_line():
    source = yaml_source.load_yaml("a: 1\nb: 2\na: 3\n", "x.yaml")
    assert [(p.line, p.message) for p in source.double] == [
        (3, "de sleutel 'a' staat er twee keer")
    ]


def test_parsed_yaml_from_the_block_cache_is_a_copy(tmp_path):
    """During a build a parsed text comes from the block cache (a rebuild loads no PyYAML);
    each call gets its own copy, so a caller that changes the data changes nothing for the
    next one (the preview keeps the cache in memory between builds)."""
    from regiovisie_builder import blok_cache

    text = "regio:\n  gemeenten:\n    - naam: Een\n"
    cache = blok_cache.begin(tmp_path / "build")
    try:
        first = yaml_source.load_yaml(text, "regio.yaml")
        first.data["regio"]["gemeenten"].append({"naam": "Twee"})
        first.lines[("extra",)] = 9
        second = yaml_source.load_yaml(text, "regio.yaml")
    finally:
        blok_cache.end()
    assert cache.hits == 1
    assert second.data == {"regio": {"gemeenten": [{"naam": "Een"}]}}
    assert ("extra",) not in second.lines
