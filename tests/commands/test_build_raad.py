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


def _tekst(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def _tabellen(document) -> list[list[list[str]]]:
    return [[[c.text for c in rij.cells] for rij in t.rows] for t in document.tables]


def _kop_en_voet(path: Path) -> str:
    with zipfile.ZipFile(path) as pakket:
        return " ".join(
            pakket.read(n).decode("utf-8")
            for n in pakket.namelist()
            if n.startswith(("word/header", "word/footer"))
        )


@pytest.fixture(scope="module")
def gebouwd(tmp_path_factory) -> Path:
    """A final region whose council in Duinwijk already adopted, built with council documents."""
    map_ = werkmap(
        tmp_path_factory.mktemp("raad"),
        regio_yaml(status="definitief", vastgesteld=("Duinwijk",), opinienota=True),
    )
    result = run_cli("build", map_, "-f", "docx")
    assert result.returncode == 0, result.stderr
    (map_ / "uitvoer.txt").write_text(result.stdout, encoding="utf-8")
    return map_


def test_each_municipality_has_its_own_kenmerk_and_signatories(gebouwd):
    raad = gebouwd / "build" / "raad"
    for naam, kenmerk in (("havenstede", "RV-2026/HAV"), ("polderveen", "RV-2026/POL")):
        voorstel = raad / f"{naam}-raadsvoorstel.docx"
        assert f"Kenmerk: {kenmerk}" in _kop_en_voet(voorstel)
        assert "KV-2026/0042 ·" not in _kop_en_voet(voorstel)
        tabellen = _tabellen(_docx(voorstel))
        assert ["Kenmerk", kenmerk] in tabellen[0]
        handtekening = tabellen[-1]
        gemeente = naam.capitalize()
        assert handtekening[0] == ["De secretaris,", "De burgemeester,"]
        assert handtekening[-1] == [
            f"de gemeentesecretaris van {gemeente}",
            f"de burgemeester van {gemeente}",
        ]
        besluit = _docx(raad / f"{naam}-raadsbesluit.docx")
        ondertekening = _tabellen(besluit)[-1]
        assert ondertekening[0] == ["De griffier,", "De voorzitter,"]
        assert ondertekening[-1] == [
            f"de griffier van {gemeente}",
            f"de burgemeester van {gemeente}",
        ]
        assert "____" not in _tekst(_docx(voorstel)) + _tekst(besluit)


def test_financial_consequences_are_the_municipality_share_by_inhabitants(gebouwd):
    raad = gebouwd / "build" / "raad"
    havenstede = _docx(raad / "havenstede-raadsvoorstel.docx")
    tekst = _tekst(havenstede)
    assert "naar het aantal inwoners" in tekst
    assert "Havenstede heeft 20.000 van de 90.000 inwoners van de regio" in tekst
    assert "een aandeel van 22,2%" in tekst
    assert "vraagt geen extra geld" not in tekst
    tabel = next(t for t in _tabellen(havenstede) if t[0][0] == "Jaar")
    assert tabel[1] == ["2027", "€\u00a0900.000", "€\u00a0200.000"]
    polderveen = _tabellen(_docx(raad / "polderveen-raadsvoorstel.docx"))
    assert next(t for t in polderveen if t[0][0] == "Jaar")[1] == [
        "2027",
        "€\u00a0900.000",
        "€\u00a0400.000",
    ]


def test_a_stated_share_per_municipality_is_used(tmp_path):
    tekst = regio_yaml().replace("  begroting:\n", "  verdeelsleutel: aandeel\n  begroting:\n")
    for naam, aandeel in (("Havenstede", 50), ("Duinwijk", 30), ("Polderveen", 20)):
        tekst = tekst.replace(
            f"    - naam: {naam}\n", f"    - naam: {naam}\n      aandeel: {aandeel}\n"
        )
    map_ = werkmap(tmp_path, tekst)
    assert run_cli("build", map_, "-f", "docx", "--raadsstukken").returncode == 0
    document = _docx(map_ / "build" / "raad" / "duinwijk-raadsvoorstel.docx")
    assert "Het aandeel van Duinwijk is 30%." in _tekst(document)
    assert next(t for t in _tabellen(document) if t[0][0] == "Jaar")[1][2] == "€\u00a0270.000"


def test_considerations_cite_the_jeugdwet_and_the_norm_as_an_agreement(gebouwd):
    tekst = _tekst(_docx(gebouwd / "build" / "raad" / "havenstede-raadsbesluit.docx"))
    gelet = next(regel for regel in tekst.splitlines() if regel.startswith("gelet op"))
    assert "Jeugdwet" in gelet
    assert "Norm voor Opdrachtgeverschap" not in gelet
    assert "de norm is een afspraak tussen gemeenten, geen wettelijke regel" in tekst


def test_no_council_documents_for_a_council_that_already_adopted(gebouwd):
    namen = sorted(p.name for p in (gebouwd / "build" / "raad").iterdir())
    assert not [n for n in namen if n.startswith("duinwijk")]
    assert "havenstede-raadsvoorstel.docx" in namen
    assert (
        "Duinwijk: de raad heeft de regiovisie al vastgesteld op 2 juli 2026; "
        "geen raadsvoorstel en raadsbesluit gemaakt."
    ) in (gebouwd / "uitvoer.txt").read_text(encoding="utf-8")


def test_opinienota_has_its_own_status_a_front_sheet_and_one_per_municipality(tmp_path):
    tekst = regio_yaml(status="concept", opinienota=True).replace(
        "  status: vastgesteld\n", "  status: vastgesteld\n  per_gemeente: true\n"
    )
    map_ = werkmap(tmp_path, tekst)
    result = run_cli("build", map_, "--soort", "opinienota", "-f", "docx")
    assert result.returncode == 0, result.stderr
    regionaal = map_ / "build" / "opinienota.docx"
    kop = _kop_en_voet(regionaal)
    # The regiovisie is a concept, the nota was adopted by the college: no CONCEPT marking.
    assert "CONCEPT" not in kop
    assert "vastgesteld" in kop and "Kenmerk: KV-2026/0007" in kop
    document = _docx(regionaal)
    voorblad = _tabellen(document)[0]
    assert [rij[0] for rij in voorblad] == [
        "Onderwerp", "Kenmerk", "Regio", "Portefeuillehouder", "Behandeling", "Kernvraag", "Versie",
    ]  # fmt: skip
    assert voorblad[-1][1] == "1.0, vastgesteld, 16 februari 2026"
    # The front sheet comes before the first (numbered) chapter.
    eerste_kop = next(i for i, p in enumerate(document.paragraphs) if p.style.name == "Heading 1")
    eerste_tabel = document.element.body.index(document.tables[0]._element)
    assert eerste_tabel < document.element.body.index(document.paragraphs[eerste_kop]._element)
    assert "Alle acht afspraken van de norm zijn erin uitgewerkt." in _tekst(document)

    per_gemeente = _docx(map_ / "build" / "raad" / "polderveen-opinienota.docx")
    blad = dict(map(tuple, _tabellen(per_gemeente)[0]))
    assert blad["Gemeente"] == "Polderveen (Kustvallei)"
    assert blad["Kenmerk"] == "RV-2026/POL"
    assert blad["Portefeuillehouder"] == "wethouder Jeugd van Polderveen"
    assert "een aandeel van 44,4%" in _tekst(per_gemeente)


@pytest.mark.parametrize("status", ["concept", "definitief"])
def test_the_invitation_to_react_follows_the_status(tmp_path, status):
    map_ = werkmap(tmp_path, regio_yaml(status=status))
    assert run_cli("build", map_, "-f", "html").returncode == 0
    html = (map_ / "build" / "regiovisie.html").read_text(encoding="utf-8")
    assert ("Wilt u reageren op de tekst?" in html) is (status == "concept")
