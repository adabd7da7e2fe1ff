"""regio.yaml: safe loading, schema validation with file and line, every problem at once."""

import datetime as dt

import pytest

from regiovisie_builder.errors import ConfigError
from regiovisie_builder.readers.regio import lees_regio

MINIMAAL = """\
regio:
  naam: Testregio
  gemeenten:
    - naam: Aadorp
document:
  soort: regiovisie
  titel: Regiovisie
  kenmerk: K-1
  versie: "0.1"
  status: concept
  datum: 2021-02-16
  looptijd: {van: 2022-01-01, tot: 2030-12-31}
"""


def problems(text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        lees_regio(text, "regio.yaml")
    return [str(p) for p in caught.value.problemen]


def test_minimal_region_loads_with_real_dates():
    regio = lees_regio(MINIMAAL)
    assert regio.naam == "Testregio"
    assert regio.gegevens["document"]["datum"] == dt.date(2021, 2, 16)
    assert regio.sectie("contractering") == {}


def test_yaml_syntax_error_names_the_line():
    found = problems(MINIMAAL.replace("  naam: Testregio", "  naam: Test: regio"))
    assert found == [
        "regio.yaml, regel 2: hier mag geen 'sleutel: waarde' staan (spatie vergeten na een "
        "dubbele punt, of een dubbele punt in een tekst zonder aanhalingstekens?)"
    ]


def test_missing_required_key_is_reported_with_line():
    found = problems(MINIMAAL.replace("  kenmerk: K-1\n", ""))
    assert len(found) == 1
    assert "regel 5" in found[0]
    assert "de verplichte sleutel 'document.kenmerk' ontbreekt" in found[0]


def test_unknown_purchasing_model_lists_the_choices():
    found = problems(MINIMAAL + "inkoop:\n  model: landelijk_tenzij\n")
    assert found == [
        "regio.yaml, regel 14: 'inkoop.model' heeft de onbekende waarde 'landelijk_tenzij'. "
        "Kies uit: lokaal_tenzij, regionaal, regionaal_tenzij."
    ]


def test_all_problems_are_reported_at_once_in_line_order():
    text = (
        MINIMAAL.replace('versie: "0.1"', "versie: 0.1")
        + "contractering:\n  ingang: 2022-02-30\ngovernance:\n  meerjarig: misschien\n"
    )
    found = problems(text)
    assert len(found) == 3
    assert "regel 9" in found[0] and 'Zet de waarde tussen aanhalingstekens: "0.1"' in found[0]
    assert "regel 14" in found[1] and "geen geldige datum: '2022-02-30'" in found[1]
    assert "regel 16" in found[2] and "ja of nee" in found[2]


def test_empty_key_counts_as_not_filled_in():
    regio = lees_regio(MINIMAAL + "contractering:\n  ingang:\n")
    assert regio.sectie("contractering") == {}


def test_duplicate_key_is_an_error():
    found = problems(MINIMAAL + "inkoop:\n  model: regionaal\n  model: lokaal_tenzij\n")
    assert found == ["regio.yaml, regel 15: de sleutel 'model' staat er twee keer"]


def test_budget_rows_must_match_the_years():
    text = MINIMAAL + (
        "financien:\n  begroting:\n    jaren: [2022, 2023]\n"
        "    posten:\n      - {post: Zorg, bedragen: [1, 2, 3]}\n"
    )
    found = problems(text)
    assert len(found) == 1 and "3 bedragen, maar er zijn 2 jaren" in found[0]


def test_end_of_term_before_start_is_refused():
    found = problems(MINIMAAL.replace("tot: 2030-12-31", "tot: 2021-12-31"))
    assert "'document.looptijd.tot' ligt voor 'document.looptijd.van'" in found[0]


def test_no_python_objects_from_yaml():
    found = problems(MINIMAAL + "extra: !!python/object/apply:os.system ['true']\n")
    assert found and "ongeldige YAML" in found[0]
