"""regio.yaml: safe loading, schema validation with file and line, every problem at once."""

import datetime as dt

import pytest

from regiovisie_builder.errors import ConfigError
from regiovisie_builder.readers.regio import read_regio

MINIMAL = """\
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
        read_regio(text, "regio.yaml")
    return [str(p) for p in caught.value.problems]


def test_minimal_region_loads_with_real_dates():
    regio = read_regio(MINIMAL)
    assert regio.name == "Testregio"
    assert regio.data["document"]["datum"] == dt.date(2021, 2, 16)
    assert regio.section("contractering") == {}


def test_yaml_syntax_error_names_the_line():
    found = problems(MINIMAL.replace("  naam: Testregio", "  naam: Test: regio"))
    assert found == [
        "regio.yaml, regel 2: hier mag geen 'sleutel: waarde' staan (spatie vergeten na een "
        "dubbele punt, of een dubbele punt in een tekst zonder aanhalingstekens?)"
    ]


def test_missing_required_key_is_reported_with_line():
    found = problems(MINIMAL.replace("  kenmerk: K-1\n", ""))
    assert len(found) == 1
    assert "regel 5" in found[0]
    assert "de verplichte sleutel 'document.kenmerk' ontbreekt" in found[0]


def test_unknown_purchasing_model_lists_the_choices():
    found = problems(MINIMAL + "inkoop:\n  model: landelijk_tenzij\n")
    assert found == [
        "regio.yaml, regel 14: 'inkoop.model' heeft de onbekende waarde 'landelijk_tenzij'. "
        "Kies uit: lokaal_tenzij, regionaal, regionaal_tenzij."
    ]


def test_all_problems_are_reported_at_once_in_line_order():
    text = (
        MINIMAL.replace('versie: "0.1"', "versie: 0.1")
        + "contractering:\n  ingang: 2022-02-30\ngovernance:\n  meerjarig: misschien\n"
    )
    found = problems(text)
    assert len(found) == 3
    assert "regel 9" in found[0] and 'Zet de waarde tussen aanhalingstekens: "0.1"' in found[0]
    assert "regel 14" in found[1] and "geen geldige datum: '2022-02-30'" in found[1]
    assert "regel 16" in found[2] and "ja of nee" in found[2]


def test_empty_key_counts_as_not_filled_in():
    regio = read_regio(MINIMAL + "contractering:\n  ingang:\n")
    assert regio.section("contractering") == {}


def test_duplicate_key_is_an_error():
    found = problems(MINIMAL + "inkoop:\n  model: regionaal\n  model: lokaal_tenzij\n")
    assert found == ["regio.yaml, regel 15: de sleutel 'model' staat er twee keer"]


def test_budget_rows_must_match_the_years():
    text = MINIMAL + (
        "financien:\n  begroting:\n    jaren: [2022, 2023]\n"
        "    posten:\n      - {post: Zorg, bedragen: [1, 2, 3]}\n"
    )
    found = problems(text)
    assert len(found) == 1 and "3 bedragen, maar er zijn 2 jaren" in found[0]


def test_end_of_term_before_start_is_refused():
    found = problems(MINIMAL.replace("tot: 2030-12-31", "tot: 2021-12-31"))
    assert "'document.looptijd.tot' ligt voor 'document.looptijd.van'" in found[0]


def test_no_python_objects_from_yaml():
    found = problems(MINIMAL + "extra: !!python/object/apply:os.system ['true']\n")
    assert found and "ongeldige YAML" in found[0]


# --- strict keys: a typo is an error with its own line and a suggestion ---------------------

COMPLETE = (
    MINIMAL
    + """\
  opsteller: de werkgroep
contractering:
  ingang: 2022-01-01
  continuiteit: De hulp loopt door.
"""
)

TYPOS = {
    # case: (old text, new text, line of the typo, expected message part)
    "diacritics": (
        "  continuiteit:", "  continuïteit:", 16,
        "onbekende sleutel 'continuïteit' onder 'contractering'. Bedoelt u 'continuiteit'?",
    ),
    "swapped_letters": (
        "  ingang:", "  ingnag:", 15,
        "onbekende sleutel 'ingnag' onder 'contractering'. Bedoelt u 'ingang'?",
    ),
    "empty_value": (
        "  opsteller: de werkgroep", "  opstelller:", 13,
        "onbekende sleutel 'opstelller' onder 'document'. Bedoelt u 'opsteller'?",
    ),
    "top_level": (
        "contractering:", "contractring:", 14,
        "onbekende sleutel 'contractring'. Bedoelt u 'contractering'",
    ),
    "in_a_list_item": (
        "    - naam: Aadorp", "    - naam: Aadorp\n      portefeuilehouder: X", 5,
        "onbekende sleutel 'portefeuilehouder' onder 'regio.gemeenten[0]'. "
        "Bedoelt u 'portefeuillehouder'?",
    ),
}  # fmt: skip


def test_the_complete_text_is_valid():
    assert read_regio(COMPLETE).section("contractering")["continuiteit"] == "De hulp loopt door."


@pytest.mark.parametrize("case", sorted(TYPOS))
def test_unknown_key_is_an_error_with_its_line_and_a_suggestion(case):
    old, new, line, message = TYPOS[case]
    assert old in COMPLETE
    found = problems(COMPLETE.replace(old, new, 1))
    assert len(found) == 1, found
    assert found[0].startswith(f"regio.yaml, regel {line}: ")
    assert message in found[0]


def test_unknown_key_without_a_close_match_lists_the_allowed_keys():
    found = problems(COMPLETE.replace("  ingang: 2022-01-01", "  xyzzy: 1"))
    assert (
        "onbekende sleutel 'xyzzy' onder 'contractering'. Toegestaan zijn: publicatie" in (found[0])
    )


def test_every_typo_is_reported_at_once_and_the_count_is_right():
    text = COMPLETE.replace("  ingang:", "  ingnag:").replace("  opsteller:", "  opstelller:")
    with pytest.raises(ConfigError) as caught:
        read_regio(text, "regio.yaml")
    assert caught.value.message.startswith("regio.yaml bevat 2 fouten.")
    text = COMPLETE.replace("  ingang:", "  ingnag:")
    with pytest.raises(ConfigError) as caught:
        read_regio(text, "regio.yaml")
    assert caught.value.message.startswith("regio.yaml bevat 1 fout.")


@pytest.mark.parametrize("value", ["alle", "[inleiding-aanleiding, toegang-basisfuncties]"])
def test_overgenomen_is_alle_or_a_list_of_block_ids(value):
    assert read_regio(f"overgenomen: {value}\n" + MINIMAL).data["overgenomen"]


def test_overgenomen_with_another_word_is_explained():
    found = problems("overgenomen: allemaal\n" + MINIMAL)
    assert found == [
        "regio.yaml, regel 1: 'overgenomen' moet 'alle' zijn of een lijst van ids van "
        "standaardblokken, maar is 'allemaal'."
    ]


def test_schema_forbids_unknown_keys_everywhere_and_gives_defaults():
    import json

    from tests.conftest import run_cli

    result = run_cli("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    objects = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "object":
                objects.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    assert len(objects) > 20
    assert all(o.get("additionalProperties") is False for o in objects)
    assert schema["properties"]["overgenomen"]["default"] == []
    assert schema["properties"]["opinienota"]["properties"]["per_gemeente"]["default"] is False
