"""Content block files: front matter, defaults, overrides by id, duplicates."""

import pytest

from regiovisie_builder.errors import ContentError
from regiovisie_builder.readers.blokken import combine, read_blok


def test_front_matter_defaults():
    blok = read_blok("---\nid: a\ntitel: A\n---\nTekst\n", "content/a.md", "standaard")
    assert blok.documents == ("regiovisie",)
    assert blok.afspraken == () and blok.themas == ()
    assert blok.text_line == 5
    assert blok.text.strip() == "Tekst"


def test_broken_front_matter_reports_the_line():
    with pytest.raises(ValueError) as caught:
        read_blok("---\nid: a\ntitel: [A\n---\nTekst\n", "content/a.md", "standaard")
    (problem,) = caught.value.args[0]
    assert problem.file == "content/a.md" and problem.line >= 3


def test_missing_front_matter():
    with pytest.raises(ValueError) as caught:
        read_blok("Tekst\n", "content/a.md", "standaard")
    assert "begint niet met front matter" in caught.value.args[0][0].message


def test_invalid_agreement_number():
    with pytest.raises(ValueError) as caught:
        read_blok("---\nid: a\ntitel: A\nafspraken: [9]\n---\n", "content/a.md", "standaard")
    assert "onbekende waarde '9'" in caught.value.args[0][0].message


def test_workspace_block_replaces_shipped_block_with_same_id():
    shipped = [read_blok("---\nid: a\ntitel: Oud\n---\n", "content/a.md", "standaard")]
    own = [read_blok("---\nid: a\ntitel: Nieuw\n---\n", "regio/content/a.md", "werkmap")]
    (blok,) = combine(shipped, own)
    assert blok.titel == "Nieuw"


def test_duplicate_id_within_one_source_is_an_error():
    own = [
        read_blok("---\nid: a\ntitel: A\n---\n", "regio/content/a.md", "werkmap"),
        read_blok("---\nid: a\ntitel: B\n---\n", "regio/content/b.md", "werkmap"),
    ]
    with pytest.raises(ContentError) as caught:
        combine([], own)
    assert "wordt al gebruikt in regio/content/a.md" in caught.value.problems[0].message


def test_unknown_front_matter_key_names_its_line_and_the_close_key():
    text = "---\nid: blok\ntitel: Blok\nafsprakn: [3]\n---\nTekst\n"
    with pytest.raises(ValueError) as caught:
        read_blok(text, "content/blok.md", "werkmap")
    (problem,) = caught.value.args[0]
    assert str(problem).startswith("content/blok.md, regel 4: onbekende sleutel 'afsprakn'")
    assert "Bedoelt u 'afspraken'" in str(problem)
