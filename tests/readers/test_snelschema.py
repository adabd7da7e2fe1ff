"""The quick schema check never calls invalid data valid, and passes the real files."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from regiovisie_builder.readers import snelschema
from regiovisie_builder.readers.blokken import FRONT_MATTER_SCHEMA
from regiovisie_builder.readers.regio import _zonder_lege_waarden
from regiovisie_builder.readers.yamlbron import laad_yaml
from regiovisie_builder.schema import REGIO_SCHEMA

WORTEL = Path(__file__).resolve().parents[2]
VOORBEELDEN = sorted(WORTEL.glob("examples/*/regio.yaml"))
VERVANGINGEN = (123, 2.5, -5, "x", "", "2021-02-30", [], ["a", "a"], {}, {"onbekend": 1}, True)


def _regio(pad: Path) -> dict:
    return _zonder_lege_waarden(laad_yaml(pad.read_text("utf-8"), "regio.yaml").gegevens)


def _paden(waarde, pad=()):
    yield pad
    if isinstance(waarde, dict):
        for sleutel, kind in waarde.items():
            yield from _paden(kind, (*pad, sleutel))
    elif isinstance(waarde, list):
        for index, kind in enumerate(waarde):
            yield from _paden(kind, (*pad, index))


def _varianten(gegevens):
    """``gegevens`` with one value replaced or one key removed, in place, restored after.

    Only the first item of each list is varied: the others have the same schema.
    """
    for pad in list(_paden(gegevens))[1:]:
        if any(isinstance(deel, int) and deel > 0 for deel in pad):
            continue
        ouder = gegevens
        for deel in pad[:-1]:
            ouder = ouder[deel]
        oud = ouder[pad[-1]]
        for nieuw in VERVANGINGEN:
            ouder[pad[-1]] = nieuw
            yield gegevens
        ouder[pad[-1]] = oud
        if isinstance(ouder, dict):
            del ouder[pad[-1]]
            yield gegevens
            ouder[pad[-1]] = oud


VALIDATORS = {
    id(s): jsonschema.Draft202012Validator(
        s, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    for s in (REGIO_SCHEMA, FRONT_MATTER_SCHEMA)
}


def _jsonschema_geldig(gegevens, schema) -> bool:
    return VALIDATORS[id(schema)].is_valid(gegevens)


@pytest.mark.parametrize("pad", VOORBEELDEN, ids=lambda p: p.parent.name)
def test_examples_pass_the_quick_check(pad):
    assert snelschema.geldig(_regio(pad), REGIO_SCHEMA)


def test_shipped_blocks_pass_the_quick_check():
    for pad in sorted((WORTEL / "content").rglob("*.md")):
        kop = pad.read_text("utf-8").split("---\n")[1]
        assert snelschema.geldig(laad_yaml(kop, pad.name).gegevens, FRONT_MATTER_SCHEMA), pad


def test_every_invalid_variant_of_an_example_is_refused_by_the_quick_check():
    gegevens = _regio(VOORBEELDEN[0])
    getoetst = ongeldig = 0
    for variant in _varianten(gegevens):
        getoetst += 1
        if not _jsonschema_geldig(variant, REGIO_SCHEMA):
            ongeldig += 1
            assert not snelschema.geldig(variant, REGIO_SCHEMA)
    assert ongeldig > 100 and getoetst > ongeldig


def test_invalid_front_matter_is_refused_by_the_quick_check():
    geldig = {"id": "a-b", "titel": "T", "route": 2, "afspraken": [1, 2], "themas": ["preventie"]}
    assert snelschema.geldig(geldig, FRONT_MATTER_SCHEMA)
    for variant in _varianten(geldig):
        if not _jsonschema_geldig(variant, FRONT_MATTER_SCHEMA):
            assert not snelschema.geldig(variant, FRONT_MATTER_SCHEMA), variant
    for fout in ({"id": "A B", "titel": "T"}, {"id": "a", "titel": "T", "route": True}):
        assert not snelschema.geldig(fout, FRONT_MATTER_SCHEMA)


def test_unknown_keyword_means_doubt():
    assert not snelschema.geldig(1, {"maximum": 5})
