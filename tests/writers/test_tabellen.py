"""Tables that fit: wide tables on landscape pages, amounts that never break, lines and short
lists in cells, several budget tables, blank zeros."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import copy_example, edit_yaml, run_cli
from tests.writers.docx_helpers import NS, W, deel, tekst

BLOK = """---
id: tabellen-proef
titel: Tabellen
hoofdstuk: inleiding
volgorde: 95
---
| Onderwerp | Afspraken |
|---|---|
| Toegang | Eerst het gesprek<br>daarna de hulp |
| Partners | - wijkteam<br>- huisarts |

Tabel: Smal maar liggend {.liggend}
"""


def meerjarig(werkmap: Path) -> None:
    def wijzig(gegevens):
        gegevens["financien"]["begrotingen"] = [
            {
                "titel": "Meerjarenraming tien jaar",
                "eenheid": "duizend",
                "nullen": "leeg",
                "jaren": list(range(2022, 2032)),
                "posten": [
                    {"post": "Specialistische jeugdhulp", "bedragen": [22836] * 10},
                    {"post": "Reserve", "bedragen": [0] * 5 + [350] * 5},
                ],
            },
            {
                "titel": "Raming in hele euro's",
                "jaren": list(range(2022, 2032)),
                "posten": [{"post": "Jeugdhulp", "bedragen": [22836000] * 10}],
            },
            {
                "titel": "Tweede raming",
                "jaren": [2022, 2023],
                "posten": [{"post": "Backoffice", "bedragen": [350000, 0]}],
            },
        ]

    edit_yaml(werkmap, wijzig)


@pytest.fixture(scope="module")
def gebouwd(tmp_path_factory) -> Path:
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path_factory.mktemp("tabellen"))
    (werkmap / "content" / "tabellen-proef.md").write_text(BLOK, encoding="utf-8")
    meerjarig(werkmap)
    resultaat = run_cli("build", werkmap, "-f", "docx", "-f", "html")
    assert resultaat.returncode == 0, resultaat.stderr
    return werkmap / "build"


def secties(docx: Path) -> list[tuple[str, list[str]]]:
    """Per section its orientation and the table captions in it, in document order."""
    body = deel(docx, "word/document.xml").find("w:body", NS)
    uit: list[tuple[str, list[str]]] = []
    bijschriften: list[str] = []
    for element in body:
        inhoud = tekst(element)
        if element.tag == f"{{{W}}}p" and inhoud.startswith("Tabel "):
            bijschriften.append(inhoud)
        sect_pr = element if element.tag == f"{{{W}}}sectPr" else element.find(".//w:sectPr", NS)
        if sect_pr is not None:
            orient = sect_pr.find("w:pgSz", NS).get(f"{{{W}}}orient") or "portrait"
            uit.append((orient, bijschriften))
            bijschriften = []
    return uit


def test_wide_and_marked_tables_sit_in_landscape_sections(gebouwd):
    docx = gebouwd / "regiovisie.docx"
    liggend = [caps for orient, caps in secties(docx) if orient == "landscape"]
    # Two wide tables with only a sentence between them share one landscape section.
    assert [[c.split(". ", 1)[1] for c in caps] for caps in liggend] == [
        ["Smal maar liggend"],
        ["Meerjarenraming tien jaar", "Raming in hele euro's"],
    ]
    body = deel(docx, "word/document.xml")
    for sect_pr in body.iter(f"{{{W}}}sectPr"):
        pg_sz = sect_pr.find("w:pgSz", NS)
        breed = int(pg_sz.get(f"{{{W}}}w")) > int(pg_sz.get(f"{{{W}}}h"))
        assert breed == (pg_sz.get(f"{{{W}}}orient") == "landscape")
    # Only the first section has the cover page's first-page setting and its own header;
    # the others show the same header and footer (no references of their own).
    alle = list(body.iter(f"{{{W}}}sectPr"))
    assert alle[0].find("w:titlePg", NS) is not None
    assert alle[0].find("w:footerReference", NS) is not None
    assert all(s.find("w:titlePg", NS) is None for s in alle[1:])
    assert all(s.find("w:footerReference", NS) is None for s in alle[1:])


def test_amounts_do_not_break_and_zero_can_stay_blank(gebouwd):
    body = deel(gebouwd / "regiovisie.docx", "word/document.xml")
    tabel = next(
        t for t in body.iter(f"{{{W}}}tbl") if "Reserve" in tekst(t) and "2031" in tekst(t)
    )
    rijen = tabel.findall("w:tr", NS)
    reserve = next(r for r in rijen if tekst(r).startswith("Reserve"))
    cellen = reserve.findall("w:tc", NS)
    assert [tekst(c) for c in cellen[1:6]] == [""] * 5  # nullen: leeg
    assert tekst(cellen[6]) == "350"
    for cel in cellen[1:]:
        assert cel.find("w:tcPr/w:noWrap", NS) is not None
        assert cel.find("w:p/w:pPr/w:jc", NS).get(f"{{{W}}}val") == "right"
    # Column widths come from the content: every number column holds its longest amount
    # ("228.360", about 100 twips a character at 10 pt plus the cell margins), so the
    # digits never split as "22.83/6".
    breedtes = [int(c.get(f"{{{W}}}w")) for c in tabel.findall("w:tblGrid/w:gridCol", NS)]
    assert len(breedtes) == 12
    assert all(b >= 6 * 100 + 216 for b in breedtes[1:11])
    assert breedtes[11] >= 7 * 100 + 216
    # "€ 350.000" keeps the euro sign with the amount.
    tweede = next(t for t in body.iter(f"{{{W}}}tbl") if "Backoffice" in tekst(t))
    assert "€\u00a0350.000" in tekst(tweede)


def test_line_breaks_and_short_lists_in_cells(gebouwd):
    body = deel(gebouwd / "regiovisie.docx", "word/document.xml")
    tabel = next(t for t in body.iter(f"{{{W}}}tbl") if "Eerst het gesprek" in tekst(t))
    cel = next(c for c in tabel.iter(f"{{{W}}}tc") if "Eerst het gesprek" in tekst(c))
    assert "<br>" not in tekst(tabel)
    assert len(list(cel.iter(f"{{{W}}}br"))) == 1
    lijst = next(c for c in tabel.iter(f"{{{W}}}tc") if "wijkteam" in tekst(c))
    assert tekst(lijst) == "• wijkteam• huisarts"
    html = (gebouwd / "regiovisie.html").read_text(encoding="utf-8")
    assert "Eerst het gesprek<br>daarna de hulp" in html
    assert "• wijkteam<br>• huisarts" in html


def test_several_budget_tables_each_with_caption(gebouwd):
    html = (gebouwd / "regiovisie.html").read_text(encoding="utf-8")
    assert "Meerjarenraming tien jaar</caption>" in html
    assert "Tweede raming</caption>" in html
    assert 'class="tabel liggend"' in html


def test_budget_with_wrong_number_of_amounts_in_begrotingen_is_refused(tmp_path):
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path)

    def wijzig(gegevens):
        gegevens["financien"]["begrotingen"] = [
            {"jaren": [2022, 2023], "posten": [{"post": "Backoffice", "bedragen": [1]}]}
        ]

    edit_yaml(werkmap, wijzig)
    resultaat = run_cli("build", werkmap, "-f", "html")
    assert resultaat.returncode == 2
    assert "de post 'Backoffice' heeft 1 bedragen" in resultaat.stderr
    assert "Traceback" not in resultaat.stderr


def test_table_too_wide_even_for_landscape_gets_a_smaller_font(gebouwd):
    body = deel(gebouwd / "regiovisie.docx", "word/document.xml")
    tabel = next(t for t in body.iter(f"{{{W}}}tbl") if "€\u00a0228.360.000" in tekst(t))
    groottes = {int(sz.get(f"{{{W}}}val")) for sz in tabel.iter(f"{{{W}}}sz")}
    assert groottes and all(14 <= g < 20 for g in groottes)  # 7 to 9.5 pt
    # The tables that fit keep the normal size.
    smal = next(t for t in body.iter(f"{{{W}}}tbl") if "Eerst het gesprek" in tekst(t))
    assert smal.find(".//w:sz", NS) is None
