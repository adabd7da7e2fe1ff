"""Plain-language advice: long sentences, long words, abbreviations without explanation."""

from regiovisie_builder.checks.taal import adviseer
from regiovisie_builder.model import Bron, Document, Heading, ListBlock, Meta, Paragraph, Text
from tests.conftest import run_cli

BRON = Bron("content/x.md", 1)
META = Meta(
    "regiovisie", "T", "R", ("A",), "K", "0.1", "concept", __import__("datetime").date(2022, 1, 1)
)


def document(*teksten: str, lijst: tuple[str, ...] = ()) -> Document:
    body = [Heading(2, (Text("Blok"),), "blok-x", BRON, number="3.2", blok="blok-x")]
    body += [Paragraph((Text(t),), BRON) for t in teksten]
    if lijst:
        body.append(ListBlock(False, tuple((Paragraph((Text(t),), BRON),) for t in lijst), BRON))
    return Document(META, tuple(body))


def test_long_sentence_is_reported_with_its_paragraph():
    lang = "Woord " + " ".join(["woord"] * 29) + "."
    (advies,) = adviseer(document("Een korte zin. " + lang + " Nog een korte zin."))
    assert (advies.paragraaf, advies.blok, advies.soort) == ("3.2", "blok-x", "lange zin")
    assert advies.melding.startswith("Zin van 30 woorden")


def test_sentences_of_twenty_five_words_pass():
    assert adviseer(document(" ".join(["woord"] * 25) + ".")) == []


def test_long_word_inside_a_list():
    (advies,) = adviseer(document(lijst=("Over de jeugdbeschermingsketenpartnerorganisaties.",)))
    assert advies.soort == "lang woord" and "jeugdbeschermingsketenpartnerorganisaties" in (
        advies.melding
    )


def test_abbreviation_without_explanation_gets_a_suggestion_once():
    adviezen = adviseer(document("De GI doet dit.", "De GI doet dat ook."))
    assert [a.soort for a in adviezen] == ["afkorting"]
    assert "Schrijf de eerste keer: gecertificeerde instelling (GI)." in adviezen[0].melding


def test_explained_abbreviations_and_the_letter_ij_pass():
    assert adviseer(document("Een gecertificeerde instelling (GI) helpt.")) == []
    assert adviseer(document("De praktijkondersteuner (POH-jeugd) helpt.")) == []
    assert adviseer(document("De VNG is de Vereniging van Nederlandse Gemeenten.")) == []
    assert adviseer(document("Gemeenten in de IJmond en aan de IJssel.")) == []


def test_unknown_abbreviation_asks_to_write_it_out():
    (advies,) = adviseer(document("Het XYZ-overleg besluit."))
    assert "Schrijf de eerste keer voluit wat het betekent." in advies.melding


def test_taal_command(zkij):
    result = run_cli("taal", zkij)
    assert result.returncode == 0
    assert "Paragraaf 4.2 (toegang-verwijzers):" in result.stdout
    assert "taaladvies(en)" in result.stdout
    assert run_cli("taal", zkij, "--strikt").returncode == 1
