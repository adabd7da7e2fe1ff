"""The fast (libyaml) and the pure-Python YAML parser give the same data, lines and errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from regiovisie_builder.readers import yamlbron

WORTEL = Path(__file__).resolve().parents[2]
BESTANDEN = sorted(WORTEL.glob("examples/*/regio.yaml")) + [WORTEL / "templates/werkmap/regio.yaml"]


@pytest.mark.parametrize("pad", BESTANDEN, ids=lambda p: p.parent.name)
def test_fast_parser_matches_pure_python(pad, monkeypatch):
    tekst = pad.read_text(encoding="utf-8")
    snel = yamlbron.laad_yaml(tekst, "regio.yaml")
    monkeypatch.setattr(yamlbron, "_SnelleLoader", yamlbron._Loader)
    traag = yamlbron.laad_yaml(tekst, "regio.yaml")
    assert snel.gegevens == traag.gegevens
    assert snel.regels == traag.regels
    # Dates stay text in both, so an impossible date becomes a validation problem.
    assert isinstance(snel.gegevens["document"]["datum"], str)


def test_syntax_error_keeps_the_dutch_message_and_line():
    tekst = "regio:\n  naam: Test\n  code: een: twee\n"
    with pytest.raises(ValueError) as fout:
        yamlbron.laad_yaml(tekst, "regio.yaml")
    probleem = fout.value.args[0]
    assert probleem.regel == 3
    assert probleem.melding.startswith("hier mag geen 'sleutel: waarde' staan")


def test_duplicate_key_is_reported_with_its_line():
    bron = yamlbron.laad_yaml("a: 1\nb: 2\na: 3\n", "x.yaml")
    assert [(p.regel, p.melding) for p in bron.dubbel] == [(3, "de sleutel 'a' staat er twee keer")]
