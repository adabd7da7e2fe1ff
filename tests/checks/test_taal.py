"""Plain-language advice: long sentences, long words, abbreviations, spelling."""

import re

import pytest

from regiovisie_builder.checks.taal import advise
from regiovisie_builder.model import Document, Heading, ListBlock, Meta, Paragraph, Source, Text
from tests.conftest import require_tool, run_cli

SOURCE = Source("content/x.md", 1)
META = Meta(
    "regiovisie", "T", "R", ("A",), "K", "0.1", "concept", __import__("datetime").date(2022, 1, 1)
)


def document(*texts: str, items: tuple[str, ...] = ()) -> Document:
    body = [Heading(2, (Text("Blok"),), "blok-x", SOURCE, number="3.2", block_id="blok-x")]
    body += [Paragraph((Text(t),), SOURCE) for t in texts]
    if items:
        body.append(
            ListBlock(False, tuple((Paragraph((Text(t),), SOURCE),) for t in items), SOURCE)
        )
    return Document(META, tuple(body))


def test_long_sentence_is_reported_with_its_paragraph():
    lang = "Woord " + " ".join(["woord"] * 29) + "."
    (advies,) = advise(document("Een korte zin. " + lang + " Nog een korte zin."))
    assert (advies.section_number, advies.block_id, advies.soort) == ("3.2", "blok-x", "lange zin")
    assert advies.message.startswith("Zin van 30 woorden")


def test_sentences_of_twenty_five_words_pass():
    assert advise(document(" ".join(["woord"] * 25) + ".")) == []


def test_long_word_inside_a_list():
    (advies,) = advise(document(items=("Over de jeugdbeschermingsketenpartnerorganisaties.",)))
    assert advies.soort == "lang woord" and "jeugdbeschermingsketenpartnerorganisaties" in (
        advies.message
    )


def test_abbreviation_without_explanation_gets_a_suggestion_once():
    adviezen = advise(document("De GI doet dit.", "De GI doet dat ook."))
    assert [a.soort for a in adviezen] == ["afkorting"]
    assert "Schrijf de eerste keer: gecertificeerde instelling (GI)." in adviezen[0].message


def test_explained_abbreviations_and_the_letter_ij_pass():
    assert advise(document("Een gecertificeerde instelling (GI) helpt.")) == []
    assert advise(document("De praktijkondersteuner (POH-jeugd) helpt.")) == []
    assert advise(document("De VNG is de Vereniging van Nederlandse Gemeenten.")) == []
    assert advise(document("Gemeenten in de IJmond en aan de IJssel.")) == []


def test_unknown_abbreviation_asks_to_write_it_out():
    (advies,) = advise(document("Het XYZ-overleg besluit."))
    assert "Schrijf de eerste keer voluit wat het betekent." in advies.message


def test_taal_command(zkij):
    result = run_cli("taal", zkij)
    assert result.returncode == 0
    assert "Paragraaf 4.2 (toegang-verwijzers):" in result.stdout
    assert re.search(r"^\d+ taaladviezen\. Richtlijn B1", result.stdout, re.M)
    assert run_cli("taal", zkij, "--strikt").returncode == 1


# --- spelling ------------------------------------------------------------------------------


class FakeSpeller:
    """Knows every word except those in ``wrong``; records what it was asked."""

    def __init__(self, wrong: dict[str, tuple[str, ...]]):
        self.wrong = wrong
        self.asked: list[str] = []

    def __call__(self, words):
        self.asked += words
        return {w: s for w, s in self.wrong.items() if w in words}


def test_spelling_advice_per_paragraph_with_at_most_three_suggestions():
    speller = FakeSpeller({"gemeentn": ("gemeenten", "gemeente", "gemeent", "gemeen")})
    adviezen = advise(document("De gemeentn werken samen.", "Alle gemeentn, echt alle gemeentn."),
                        speller)  # fmt: skip
    assert [(a.section_number, a.block_id, a.soort) for a in adviezen] == [
        ("3.2", "blok-x", "spelling")
    ] * 2
    assert adviezen[0].message == (
        "Spelling: 'gemeentn' staat niet in het woordenboek. "
        "Bedoelt u: gemeenten, gemeente, gemeent?"
    )
    assert speller.asked.count("gemeentn") == 1  # one call for the whole document


def test_spelling_skips_names_known_words_code_and_markers():
    from regiovisie_builder.model import Code, Marker

    speller = FakeSpeller({})
    text = Paragraph(
        (Text("Zuid-Kennemerland en de GI overleggen met "), Code("codewoordd"),
         Text(" over crisisbed en "), Marker("regio.naam"), Text(" reis- en verblijfkosten.")),
        SOURCE,
    )  # fmt: skip
    doc = Document(META, (text,))
    assert [a.soort for a in advise(doc, speller, frozenset({"crisisbed"}))] == ["afkorting"]
    assert speller.asked == ["en", "de", "overleggen", "met", "over", "reis", "verblijfkosten"]


def test_spelling_looks_at_headings_and_table_cells():
    from regiovisie_builder.model import Table

    table = Table(((Text("wie"),), (Text("wat"),)), (((Text("scholl"),), (Text("overleg"),)),),
                  (None, None), SOURCE, caption=(Text("Overzicht"),))  # fmt: skip
    heading = Heading(3, (Text("het tweede deell"),), "kop", SOURCE, number="3.2.1")
    speller = FakeSpeller({"scholl": ("school",), "deell": ()})
    adviezen = advise(Document(META, (heading, table)), speller)
    assert [a.message for a in adviezen] == [
        "Spelling: 'deell' staat niet in het woordenboek.",
        "Spelling: 'scholl' staat niet in het woordenboek. Bedoelt u: school?",
    ]


def test_hunspell_with_the_dutch_dictionary(zkij):
    require_tool("hunspell")
    from regiovisie_builder.checks.spelling import hunspell

    error = hunspell(["jeugdhulp", "gemeenten", "jeugdhlup", "samenwerkng"])
    assert set(error) == {"jeugdhlup", "samenwerkng"}
    assert error["jeugdhlup"][0] == "jeugdhulp"
    assert "samenwerking" in error["samenwerkng"]


def test_missing_dictionary_is_reported(monkeypatch):
    require_tool("hunspell")
    from regiovisie_builder.checks import spelling

    monkeypatch.setattr(spelling, "DICTIONARY", "xx_XX")
    with pytest.raises(spelling.NoSpellChecker, match="woordenboek xx_XX niet openen"):
        spelling.hunspell(["woord"])


def test_shipped_examples_have_no_spelling_advice(zkij, rijnmond):
    require_tool("hunspell")
    for werkmap in (zkij, rijnmond):
        result = run_cli("taal", werkmap)
        assert result.returncode == 0
        assert "Spelling:" not in result.stdout, result.stdout
        assert result.stderr == ""


def test_taal_command_reports_a_typo_and_accepts_a_listed_word(zkij):
    require_tool("hunspell")
    (zkij / "content" / "tikfout.md").write_text(
        "---\nid: tikfout\ntitel: Tikfout\nhoofdstuk: inhoud\n---\n"
        "De gemeenten werken samen met de jeugdhlup en de wijkteamers.\n",
        encoding="utf-8",
    )
    result = run_cli("taal", zkij)
    assert "(tikfout):\n  - Spelling: 'jeugdhlup' staat niet in het woordenboek. Bedoelt u: " \
        "jeugdhulp" in result.stdout  # fmt: skip
    assert "Spelling: 'wijkteamers'" in result.stdout
    assert "templates/woorden.txt" in result.stdout
    assert run_cli("taal", zkij, "--strikt").returncode == 1

    (zkij / "templates").mkdir(exist_ok=True)
    (zkij / "templates" / "woorden.txt").write_text("# vakterm\nwijkteamers\n", encoding="utf-8")
    result = run_cli("taal", zkij)
    assert "Spelling: 'jeugdhlup'" in result.stdout
    assert "wijkteamers" not in result.stdout
    assert "Spelling:" not in run_cli("taal", zkij, "--zonder-spelling").stdout


def test_without_hunspell_the_other_advice_still_comes(zkij, tmp_path, monkeypatch):
    # The command looks for hunspell on PATH when it checks (``shutil.which``), so an empty
    # PATH in this process is what a machine without it gives.
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = run_cli("taal", zkij)
    assert result.returncode == 0
    assert result.stderr == (
        "Spellingcontrole overgeslagen: het programma hunspell is niet geïnstalleerd. "
        "Installeer het met: apt-get install hunspell hunspell-nl\n"
    )
    assert "Paragraaf 4.2 (toegang-verwijzers):" in result.stdout


def test_open_markers_and_code_are_not_language():
    from regiovisie_builder.model import Code, Marker

    text = Paragraph(
        (Text("Zie "), Marker("administratieve_lasten.gelijke_contractvoorwaarden"),
         Text(" en "), Code("regiovisie build --zonder-toetsing"), Text(".")),
        SOURCE,
    )  # fmt: skip
    assert advise(Document(META, (text,))) == []
