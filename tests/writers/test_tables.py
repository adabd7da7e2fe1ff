"""Tables that fit: wide tables on landscape pages, amounts that never break, lines and short
lists in cells, several budget tables, blank zeros."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import copy_example, edit_yaml, run_cli
from tests.writers.docx_helpers import NS, W, part, text

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


def multi_year(werkmap: Path) -> None:
    def change(data):
        data["financien"]["begrotingen"] = [
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

    edit_yaml(werkmap, change)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path_factory.mktemp("tabellen"))
    (werkmap / "content" / "tabellen-proef.md").write_text(BLOK, encoding="utf-8")
    multi_year(werkmap)
    result = run_cli("build", werkmap, "-f", "docx", "-f", "html")
    assert result.returncode == 0, result.stderr
    return werkmap / "build"


def sections(docx: Path) -> list[tuple[str, list[str]]]:
    """Per section its orientation and the table captions in it, in document order."""
    body = part(docx, "word/document.xml").find("w:body", NS)
    out: list[tuple[str, list[str]]] = []
    captions: list[str] = []
    for element in body:
        content = text(element)
        if element.tag == f"{{{W}}}p" and content.startswith("Tabel "):
            captions.append(content)
        sect_pr = element if element.tag == f"{{{W}}}sectPr" else element.find(".//w:sectPr", NS)
        if sect_pr is not None:
            orient = sect_pr.find("w:pgSz", NS).get(f"{{{W}}}orient") or "portrait"
            out.append((orient, captions))
            captions = []
    return out


def test_wide_and_marked_tables_sit_in_landscape_sections(built):
    docx = built / "regiovisie.docx"
    landscape = [caps for orient, caps in sections(docx) if orient == "landscape"]
    # Two wide tables with only a sentence between them share one landscape section.
    assert [[c.split(". ", 1)[1] for c in caps] for caps in landscape] == [
        ["Smal maar liggend"],
        ["Meerjarenraming tien jaar", "Raming in hele euro's"],
    ]
    body = part(docx, "word/document.xml")
    for sect_pr in body.iter(f"{{{W}}}sectPr"):
        pg_sz = sect_pr.find("w:pgSz", NS)
        wide = int(pg_sz.get(f"{{{W}}}w")) > int(pg_sz.get(f"{{{W}}}h"))
        assert wide == (pg_sz.get(f"{{{W}}}orient") == "landscape")
    # Only the first section has the cover page's first-page setting and its own header;
    # the others show the same header and footer (no references of their own).
    all_ = list(body.iter(f"{{{W}}}sectPr"))
    assert all_[0].find("w:titlePg", NS) is not None
    assert all_[0].find("w:footerReference", NS) is not None
    assert all(s.find("w:titlePg", NS) is None for s in all_[1:])
    assert all(s.find("w:footerReference", NS) is None for s in all_[1:])


def test_amounts_do_not_break_and_zero_can_stay_blank(built):
    body = part(built / "regiovisie.docx", "word/document.xml")
    table = next(t for t in body.iter(f"{{{W}}}tbl") if "Reserve" in text(t) and "2031" in text(t))
    rows = table.findall("w:tr", NS)
    reserve = next(r for r in rows if text(r).startswith("Reserve"))
    cells = reserve.findall("w:tc", NS)
    assert [text(c) for c in cells[1:6]] == [""] * 5  # nullen: leeg
    assert text(cells[6]) == "350"
    for cell in cells[1:]:
        assert cell.find("w:tcPr/w:noWrap", NS) is not None
        assert cell.find("w:p/w:pPr/w:jc", NS).get(f"{{{W}}}val") == "right"
    # Column widths come from the content: every number column holds its longest amount
    # ("228.360", about 100 twips a character at 10 pt plus the cell margins), so the
    # digits never split as "22.83/6".
    widths = [int(c.get(f"{{{W}}}w")) for c in table.findall("w:tblGrid/w:gridCol", NS)]
    assert len(widths) == 12
    assert all(b >= 6 * 100 + 216 for b in widths[1:11])
    assert widths[11] >= 7 * 100 + 216
    # "€ 350.000" keeps the euro sign with the amount.
    second = next(t for t in body.iter(f"{{{W}}}tbl") if "Backoffice" in text(t))
    assert "€\u00a0350.000" in text(second)


def test_line_breaks_and_short_lists_in_cells(built):
    body = part(built / "regiovisie.docx", "word/document.xml")
    table = next(t for t in body.iter(f"{{{W}}}tbl") if "Eerst het gesprek" in text(t))
    cell = next(c for c in table.iter(f"{{{W}}}tc") if "Eerst het gesprek" in text(c))
    assert "<br>" not in text(table)
    assert len(list(cell.iter(f"{{{W}}}br"))) == 1
    items = next(c for c in table.iter(f"{{{W}}}tc") if "wijkteam" in text(c))
    assert text(items) == "• wijkteam• huisarts"
    html = (built / "regiovisie.html").read_text(encoding="utf-8")
    assert "Eerst het gesprek<br>daarna de hulp" in html
    assert "• wijkteam<br>• huisarts" in html


def test_several_budget_tables_each_with_caption(built):
    html = (built / "regiovisie.html").read_text(encoding="utf-8")
    assert "Meerjarenraming tien jaar</caption>" in html
    assert "Tweede raming</caption>" in html
    assert 'class="tabel liggend"' in html


def test_budget_with_wrong_number_of_amounts_in_begrotingen_is_refused(tmp_path):
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path)

    def change(data):
        data["financien"]["begrotingen"] = [
            {"jaren": [2022, 2023], "posten": [{"post": "Backoffice", "bedragen": [1]}]}
        ]

    edit_yaml(werkmap, change)
    result = run_cli("build", werkmap, "-f", "html")
    assert result.returncode == 2
    assert "de post 'Backoffice' heeft 1 bedragen" in result.stderr
    assert "Traceback" not in result.stderr


def test_table_too_wide_even_for_landscape_gets_a_smaller_font(built):
    body = part(built / "regiovisie.docx", "word/document.xml")
    table = next(t for t in body.iter(f"{{{W}}}tbl") if "€\u00a0228.360.000" in text(t))
    sizes = {int(sz.get(f"{{{W}}}val")) for sz in table.iter(f"{{{W}}}sz")}
    assert sizes and all(14 <= g < 20 for g in sizes)  # 7 to 9.5 pt
    # The tables that fit keep the normal size.
    narrow = next(t for t in body.iter(f"{{{W}}}tbl") if "Eerst het gesprek" in text(t))
    assert narrow.find(".//w:sz", NS) is None
