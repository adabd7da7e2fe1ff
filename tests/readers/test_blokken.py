"""Content block files: front matter, defaults, overrides by id, duplicates."""

import pytest

from regiovisie_builder.errors import ContentError
from regiovisie_builder.readers.blokken import combineer, lees_blok


def test_front_matter_defaults():
    blok = lees_blok("---\nid: a\ntitel: A\n---\nTekst\n", "content/a.md", "standaard")
    assert blok.documenten == ("regiovisie",)
    assert blok.afspraken == () and blok.themas == ()
    assert blok.tekst_regel == 5
    assert blok.tekst.strip() == "Tekst"


def test_broken_front_matter_reports_the_line():
    with pytest.raises(ValueError) as caught:
        lees_blok("---\nid: a\ntitel: [A\n---\nTekst\n", "content/a.md", "standaard")
    (probleem,) = caught.value.args[0]
    assert probleem.bestand == "content/a.md" and probleem.regel >= 3


def test_missing_front_matter():
    with pytest.raises(ValueError) as caught:
        lees_blok("Tekst\n", "content/a.md", "standaard")
    assert "begint niet met front matter" in caught.value.args[0][0].melding


def test_invalid_agreement_number():
    with pytest.raises(ValueError) as caught:
        lees_blok("---\nid: a\ntitel: A\nafspraken: [9]\n---\n", "content/a.md", "standaard")
    assert "onbekende waarde '9'" in caught.value.args[0][0].melding


def test_workspace_block_replaces_shipped_block_with_same_id():
    shipped = [lees_blok("---\nid: a\ntitel: Oud\n---\n", "content/a.md", "standaard")]
    own = [lees_blok("---\nid: a\ntitel: Nieuw\n---\n", "regio/content/a.md", "werkmap")]
    (blok,) = combineer(shipped, own)
    assert blok.titel == "Nieuw"


def test_duplicate_id_within_one_source_is_an_error():
    own = [
        lees_blok("---\nid: a\ntitel: A\n---\n", "regio/content/a.md", "werkmap"),
        lees_blok("---\nid: a\ntitel: B\n---\n", "regio/content/b.md", "werkmap"),
    ]
    with pytest.raises(ContentError) as caught:
        combineer([], own)
    assert "wordt al gebruikt in regio/content/a.md" in caught.value.problemen[0].melding


def test_unknown_front_matter_key_names_its_line_and_the_close_key():
    tekst = "---\nid: blok\ntitel: Blok\nafsprakn: [3]\n---\nTekst\n"
    with pytest.raises(ValueError) as caught:
        lees_blok(tekst, "content/blok.md", "werkmap")
    (probleem,) = caught.value.args[0]
    assert str(probleem).startswith("content/blok.md, regel 4: onbekende sleutel 'afsprakn'")
    assert "Bedoelt u 'afspraken'" in str(probleem)
