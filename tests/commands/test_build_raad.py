"""Council documents per municipality: own kenmerk and signatories, signature tables, the
municipality's share of the costs, real legal bases, none for a council that already adopted,
and an opinienota with its own version, status and front sheet, per municipality if asked."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.regions import regio_yaml, werkmap


def _docx(path: Path):
    import docx

    return docx.Document(str(path))


def _text(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def _tables(document) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]


def _heading_en_footer(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return " ".join(
            package.read(n).decode("utf-8")
            for n in package.namelist()
            if n.startswith(("word/header", "word/footer"))
        )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A final region whose council in Duinwijk already adopted, built with council documents."""
    folder = werkmap(
        tmp_path_factory.mktemp("raad"),
        regio_yaml(status="definitief", vastgesteld=("Duinwijk",), opinienota=True),
    )
    result = run_cli("build", folder, "-f", "docx")
    assert result.returncode == 0, result.stderr
    (folder / "uitvoer.txt").write_text(result.stdout, encoding="utf-8")
    return folder


def test_each_municipality_has_its_own_kenmerk_and_signatories(built):
    raad = built / "build" / "raad"
    for name, kenmerk in (("havenstede", "RV-2026/HAV"), ("polderveen", "RV-2026/POL")):
        proposal = raad / f"{name}-raadsvoorstel.docx"
        assert f"Kenmerk: {kenmerk}" in _heading_en_footer(proposal)
        assert "KV-2026/0042 ·" not in _heading_en_footer(proposal)
        tables = _tables(_docx(proposal))
        assert ["Kenmerk", kenmerk] in tables[0]
        signature = tables[-1]
        gemeente = name.capitalize()
        assert signature[0] == ["De secretaris,", "De burgemeester,"]
        assert signature[-1] == [
            f"de gemeentesecretaris van {gemeente}",
            f"de burgemeester van {gemeente}",
        ]
        decision = _docx(raad / f"{name}-raadsbesluit.docx")
        signing = _tables(decision)[-1]
        assert signing[0] == ["De griffier,", "De voorzitter,"]
        assert signing[-1] == [
            f"de griffier van {gemeente}",
            f"de burgemeester van {gemeente}",
        ]
        assert "____" not in _text(_docx(proposal)) + _text(decision)


def test_financial_consequences_are_the_municipality_share_by_inhabitants(built):
    raad = built / "build" / "raad"
    havenstede = _docx(raad / "havenstede-raadsvoorstel.docx")
    text = _text(havenstede)
    assert "naar het aantal inwoners" in text
    assert "Havenstede heeft 20.000 van de 90.000 inwoners van de regio" in text
    assert "een aandeel van 22,2%" in text
    assert "vraagt geen extra geld" not in text
    table = next(t for t in _tables(havenstede) if t[0][0] == "Jaar")
    assert table[1] == ["2027", "€\u00a0900.000", "€\u00a0200.000"]
    polderveen = _tables(_docx(raad / "polderveen-raadsvoorstel.docx"))
    assert next(t for t in polderveen if t[0][0] == "Jaar")[1] == [
        "2027",
        "€\u00a0900.000",
        "€\u00a0400.000",
    ]


def test_a_stated_share_per_municipality_is_used(tmp_path):
    text = regio_yaml().replace("  begroting:\n", "  verdeelsleutel: aandeel\n  begroting:\n")
    for name, share in (("Havenstede", 50), ("Duinwijk", 30), ("Polderveen", 20)):
        text = text.replace(
            f"    - naam: {name}\n", f"    - naam: {name}\n      aandeel: {share}\n"
        )
    folder = werkmap(tmp_path, text)
    assert run_cli("build", folder, "-f", "docx", "--raadsstukken").returncode == 0
    document = _docx(folder / "build" / "raad" / "duinwijk-raadsvoorstel.docx")
    assert "Het aandeel van Duinwijk is 30%." in _text(document)
    assert next(t for t in _tables(document) if t[0][0] == "Jaar")[1][2] == "€\u00a0270.000"


def test_considerations_cite_the_jeugdwet_and_the_norm_as_an_agreement(built):
    text = _text(_docx(built / "build" / "raad" / "havenstede-raadsbesluit.docx"))
    noted = next(line for line in text.splitlines() if line.startswith("gelet op"))
    assert "Jeugdwet" in noted
    assert "Norm voor Opdrachtgeverschap" not in noted
    assert "de norm is een afspraak tussen gemeenten, geen wettelijke regel" in text


def test_no_council_documents_for_a_council_that_already_adopted(built):
    names = sorted(p.name for p in (built / "build" / "raad").iterdir())
    assert not [n for n in names if n.startswith("duinwijk")]
    assert "havenstede-raadsvoorstel.docx" in names
    assert (
        "Duinwijk: de raad heeft de regiovisie al vastgesteld op 2 juli 2026; "
        "geen raadsvoorstel en raadsbesluit gemaakt."
    ) in (built / "uitvoer.txt").read_text(encoding="utf-8")


def test_opinienota_has_its_own_status_a_front_sheet_and_one_per_municipality(tmp_path):
    text = regio_yaml(status="concept", opinienota=True).replace(
        "  status: vastgesteld\n", "  status: vastgesteld\n  per_gemeente: true\n"
    )
    folder = werkmap(tmp_path, text)
    result = run_cli("build", folder, "--soort", "opinienota", "-f", "docx")
    assert result.returncode == 0, result.stderr
    regional = folder / "build" / "opinienota.docx"
    heading = _heading_en_footer(regional)
    # The regiovisie is a concept, the nota was adopted by the college: no CONCEPT marking.
    assert "CONCEPT" not in heading
    assert "vastgesteld" in heading and "Kenmerk: KV-2026/0007" in heading
    document = _docx(regional)
    cover = _tables(document)[0]
    assert [row[0] for row in cover] == [
        "Onderwerp", "Kenmerk", "Regio", "Portefeuillehouder", "Behandeling", "Kernvraag", "Versie",
    ]  # fmt: skip
    assert cover[-1][1] == "1.0, vastgesteld, 16 februari 2026"
    # The front sheet comes before the first (numbered) chapter.
    first_heading = next(
        i for i, p in enumerate(document.paragraphs) if p.style.name == "Heading 1"
    )
    first_table = document.element.body.index(document.tables[0]._element)
    assert first_table < document.element.body.index(document.paragraphs[first_heading]._element)
    assert "Alle acht afspraken van de norm zijn erin uitgewerkt." in _text(document)

    per_gemeente = _docx(folder / "build" / "raad" / "polderveen-opinienota.docx")
    sheet = dict(map(tuple, _tables(per_gemeente)[0]))
    assert sheet["Gemeente"] == "Polderveen (Kustvallei)"
    assert sheet["Kenmerk"] == "RV-2026/POL"
    assert sheet["Portefeuillehouder"] == "wethouder Jeugd van Polderveen"
    assert "een aandeel van 44,4%" in _text(per_gemeente)


@pytest.mark.parametrize("status", ["concept", "definitief"])
def test_the_invitation_to_react_follows_the_status(tmp_path, status):
    folder = werkmap(tmp_path, regio_yaml(status=status))
    assert run_cli("build", folder, "-f", "html").returncode == 0
    html = (folder / "build" / "regiovisie.html").read_text(encoding="utf-8")
    assert ("Wilt u reageren op de tekst?" in html) is (status == "concept")
