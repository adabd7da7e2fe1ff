"""Appendices (Bijlage A, B, ...) and the generated list of abbreviations, as a reader finds
them in Word and HTML."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from regiovisie_builder.transforms.abbreviations import find_abbreviations
from tests.conftest import copy_example, run_cli

MEMBERS = """---
id: bijlage-deelnemers
titel: Deelnemers aan de gesprekken
hoofdstuk: bijlagen
volgorde: 10
---
Aan de gesprekken deden de Gemeentelijke Gezondheidsdienst (GGD) en de
Raad voor de Kinderbescherming (RvdK) mee. De begrippen staan in [](#bijlage-begrippen).

# Wethouders

Alle wethouders jeugd van de regio.
"""
TERMS = """---
id: bijlage-begrippen
titel: Begrippen
hoofdstuk: bijlagen
volgorde: 20
---
Een jeugdhulpaanbieder is een organisatie die jeugdhulp geeft.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path_factory.mktemp("bijlagen"))
    (werkmap / "content" / "bijlage-gemeenten.md").unlink()  # only this test's appendices
    (werkmap / "content" / "bijlage-deelnemers.md").write_text(MEMBERS, encoding="utf-8")
    (werkmap / "content" / "bijlage-begrippen.md").write_text(TERMS, encoding="utf-8")
    result = run_cli("build", werkmap, "-f", "docx", "-f", "html")
    assert result.returncode == 0, result.stderr
    return werkmap / "build"


def test_appendices_read_bijlage_a_b_with_own_numbering_in_the_toc(built):
    document = docx.Document(built / "regiovisie.docx")
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    hoofdstukken = [t for s, t in headings if s == "Heading 1"]
    bijlagen = [t for t in hoofdstukken if t.startswith("Bijlage ") and "\t" in t]
    assert bijlagen == ["Bijlage A\tDeelnemers aan de gesprekken", "Bijlage B\tBegrippen"]
    # The appendices come after the chapters, their own headings count A.1, ...
    assert hoofdstukken.index(bijlagen[0]) > hoofdstukken.index("Planning en financiën")
    assert ("Heading 2", "A.1\tWethouders") in headings
    # Word must not put its chapter number before them: numbering switched off, new page.
    heading = next(
        p
        for p in document.paragraphs
        if p.style.name == "Heading 1" and p.text.startswith("Bijlage A")
    )
    ppr = heading._p.pPr
    assert ppr.numPr is not None and ppr.numPr.numId.val == 0
    assert ppr.pageBreakBefore_val
    content = [p.text for p in document.paragraphs if p.style.name.startswith("TOC")]
    assert "Bijlage A  Deelnemers aan de gesprekken" in content
    assert "A.1  Wethouders" in content
    reference = next(p.text for p in document.paragraphs if "De begrippen staan in" in p.text)
    assert "De begrippen staan in bijlage B." in reference


def test_abbreviation_list_holds_what_the_text_defines(built):
    document = docx.Document(built / "regiovisie.docx")
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "Lijst van afkortingen" in headings
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Afkorting")
    rows = {r.cells[0].text: r.cells[1].text for r in table.rows[1:]}
    assert rows["GGD"] == "Gemeentelijke Gezondheidsdienst"
    assert rows["RvdK"] == "Raad voor de Kinderbescherming"
    assert rows["VNG"] == "Vereniging van Nederlandse Gemeenten"  # from the example's text
    assert list(rows) == sorted(rows, key=str.casefold)
    html = (built / "regiovisie.html").read_text(encoding="utf-8")
    # The appendix number is the heading's permalink, as every number is.
    assert re.search(
        r'<a class="paragraafnummer" href="#[^"]+" title="Link naar bijlage A">'
        r"Bijlage A</a> Deelnemers aan de gesprekken",
        html,
    )
    assert "<td>Raad voor de Kinderbescherming</td>" in html


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("de Norm voor Opdrachtgeverschap (NvO) geldt", [("NvO", "Norm voor Opdrachtgeverschap")]),
        (
            "via de Vereniging van Nederlandse Gemeenten (VNG)",
            [("VNG", "Vereniging van Nederlandse Gemeenten")],
        ),
        ("Zuid-Kennemerland en IJmond (ZKIJ)", [("ZKIJ", "Zuid-Kennemerland en IJmond")]),
        ("in 2024 (Q3) en de tekst (zie boven)", []),  # no definitions
        ("de gemeente Haarlem (HLM)", []),  # the words before do not spell it
    ],
)
def test_definitions_are_found_only_where_the_words_spell_the_abbreviation(text, expected):
    assert find_abbreviations(text) == expected


def test_unknown_chapter_error_names_bijlagen(tmp_path):
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path)
    (werkmap / "content" / "fout.md").write_text(
        "---\nid: fout\ntitel: Fout\nhoofdstuk: bijlage\n---\nTekst.\n", encoding="utf-8"
    )
    result = run_cli("build", werkmap, "-f", "html")
    assert result.returncode == 2
    assert "het hoofdstuk 'bijlage' bestaat niet" in result.stderr
    assert "bijlagen." in result.stderr
