"""The nota van beantwoording: every reaction once, per chapter, with whether the text changed."""

from __future__ import annotations

from regiovisie_builder.consultatie.compare import compare
from regiovisie_builder.consultatie.nota import nota
from regiovisie_builder.model import Heading, Marker, Paragraph, plain_text
from tests.consultatie.test_compare import document

OLD = {"een": "Eerste tekst.\n", "twee": "Tweede tekst.\n"}
NEW = {"een": "Eerste tekst, nu beter.\n", "twee": "Tweede tekst.\n"}


def reactie(id_, blok, section_number, **answer):
    return {
        "id": id_,
        "indiener": "Inwoner 1",
        "soort": "inwoner",
        "paragraaf": section_number,
        "blok": blok,
        "hoofdstuk": "1 Hoofdstuk" if blok else "Algemene reacties",
        "reactie": "Regel een\nregel twee",
        "antwoord": answer.get("antwoord", ""),
        "tekst_aangepast": answer.get("tekst_aangepast"),
        "toelichting": answer.get("toelichting", ""),
    }


def answers_by_id(doc) -> dict[str, str]:
    """Heading id -> the text of its "Tekst aangepast" paragraph."""
    out, current = {}, None
    for block in doc.body:
        if isinstance(block, Heading) and block.level == 2:
            current = block.id
        elif isinstance(block, Paragraph) and current:
            text = plain_text(block.content)
            if text.startswith("Tekst aangepast: "):
                out[current] = text.removeprefix("Tekst aangepast: ")
    return out


def test_whether_and_where_the_text_changed():
    old, new = document(OLD), document(NEW)
    comparison = compare(old, new)
    reacties = [
        reactie("R-00000001", "een", "1.1", antwoord="Ja.", tekst_aangepast=True),
        reactie("R-00000002", "twee", "1.2", tekst_aangepast=True),
        reactie("R-00000003", "twee", "1.2", tekst_aangepast=False, toelichting="Past niet."),
        reactie("R-00000004", "een", "1.1", tekst_aangepast="nee"),
        reactie("R-00000005", "een", "1.1"),
        reactie("R-00000006", "", "9.9"),
    ]
    doc = nota(reacties, old, "0.9", comparison, "1.0", "overzicht.docx")
    texts = answers_by_id(doc)
    assert texts["R-00000001"] == (
        "Ja: in versie 1.0 is paragraaf 1.1 gewijzigd (alinea 1 gewijzigd); zie overzicht.docx."
    )
    assert texts["R-00000002"].startswith("Ja. In de vergelijking met versie 1.0 is in deze")
    assert texts["R-00000003"] == "Nee, de tekst is niet aangepast. Past niet."
    assert texts["R-00000004"] == "Nee, de tekst is niet aangepast."
    assert texts["R-00000005"].startswith("Nog niet aangegeven door de werkgroep; in versie 1.0")
    assert texts["R-00000006"] == "[nog in te vullen: tekst_aangepast bij R-00000006]"
    chapters = [plain_text(b.content) for b in doc.body if isinstance(b, Heading) and b.level == 1]
    assert chapters == ["Inleiding", "1 Hoofdstuk", "Algemene reacties"]
    assert len(texts) == len(reacties)
    markers = [
        m.path
        for b in doc.body
        if isinstance(b, Paragraph)
        for m in b.content
        if isinstance(m, Marker)
    ]
    assert "antwoord op R-00000002" in markers and "antwoord op R-00000001" not in markers


def test_a_changed_section_of_an_appendix_is_seen_for_its_reactions():
    from tests.consultatie.test_compare import appendix

    old = appendix({"een": "Eerste.\n", "twee": "Tweede.\n"})
    new = appendix({"een": "Eerste.\n", "twee": "Tweede, nu anders.\n"})
    reacties = [reactie("R-00000001", "twee", "A.2", tekst_aangepast=True)]
    doc = nota(reacties, old, "0.9", compare(old, new), "1.0", "overzicht.docx")
    assert answers_by_id(doc)["R-00000001"] == (
        "Ja: in versie 1.0 is paragraaf A.2 gewijzigd (alinea 1 gewijzigd); zie overzicht.docx."
    )


def test_counts_in_the_introduction_are_proper_dutch():
    old = document(OLD)
    doc = nota([reactie("R-00000001", "een", "1.1")], old, "0.9", None, "1.0", "overzicht.docx")
    text = " ".join(plain_text(b.content) for b in doc.body if isinstance(b, Paragraph))
    assert "kwam 1 reactie binnen, van 1 inwoner en 0 organisaties." in text
    assert "Nog 1 reactie zonder antwoord." in text
