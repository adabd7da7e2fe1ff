"""What the documents claim comes from the check: a final version that fails the norm is not
built, unless the user gives a reason; the raadsvoorstel then says what is not met and why."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.regions import regio_yaml, werkmap


def docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    delen = [p.text for p in document.paragraphs]
    for tabel in document.tables:
        delen += [cel.text for rij in tabel.rows for cel in rij.cells]
    return "\n".join(delen)


def _vervang(tekst: str, oud: str, nieuw: str) -> str:
    assert oud in tekst, oud
    return tekst.replace(oud, nieuw, 1)


# Per agreement: one edit of a compliant region that makes only that agreement fail, and
# words the finding must contain.
NIET_VOLDAAN = {
    1: ("    - {groep: jongeren_en_ouders, wijze: gesprekken met de jongerenraad", "#", "jongeren"),
    2: ("    pleegzorg: regionaal\n", "", "pleegzorg"),
    3: ("brede_blik, ", "", "basisfuncties"),
    4: ("  meerjarig: true\n", "  meerjarig: false\n", "meerjarig"),
    5: (
        "    - {functie: gesloten_jeugdhulp, samen_met: [Noordkust], criteria: [schaal, kennis]}\n",
        "    - {functie: gesloten_jeugdhulp, samen_met: [Noordkust], criteria: []}\n",
        "criteria",
    ),
    6: ("  gezamenlijk_contractbeheer: true", "  gezamenlijk_contractbeheer: false", "beheer"),
    7: ("  einde: 2034-12-31\n", "  einde: 2028-12-31\n", "minimaal 3 jaar"),
    8: ("  cao_conform: true\n", "  cao_conform: false\n", "cao"),
}


def _regio_zonder(nummer: int, status: str = "definitief") -> str:
    oud, nieuw, _ = NIET_VOLDAAN[nummer]
    return _vervang(regio_yaml(status=status), oud, nieuw)


def test_the_compliant_region_builds_final_with_a_true_claim(tmp_path):
    map_ = werkmap(tmp_path, regio_yaml(status="definitief"))
    result = run_cli("build", map_, "-f", "docx")
    assert result.returncode == 0, result.stderr
    tekst = docx_text(map_ / "build" / "raad" / "havenstede-raadsvoorstel.docx")
    assert "Alle acht afspraken van de norm zijn erin uitgewerkt." in tekst
    assert "voldoet nog niet" not in tekst


@pytest.mark.parametrize("nummer", sorted(NIET_VOLDAAN))
def test_final_version_failing_one_agreement_writes_nothing(tmp_path, nummer):
    map_ = werkmap(tmp_path, _regio_zonder(nummer))
    check = run_cli("check", map_)
    assert check.returncode == 1
    assert re.search(rf"^  \S {nummer}\. .*(deels|ontbreekt)", check.stdout, re.M), check.stdout

    result = run_cli("build", map_)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Niet gebouwd" in result.stderr
    assert "voldoet niet aan de norm: 7 van de 8 afspraken voldaan" in result.stderr
    assert f" {nummer}. " in result.stderr
    assert NIET_VOLDAAN[nummer][2] in result.stderr.lower()
    assert "--ondanks-toetsing" in result.stderr
    assert not (map_ / "build").exists() or not any((map_ / "build").rglob("*.docx"))


@pytest.mark.slow
@pytest.mark.parametrize("nummer", sorted(NIET_VOLDAAN))
def test_ondanks_toetsing_builds_and_the_raadsvoorstel_says_what_is_not_met(tmp_path, nummer):
    map_ = werkmap(tmp_path, _regio_zonder(nummer))
    reden = "De raad besluit voor het zomerreces; het ontbrekende deel volgt in het najaar."
    result = run_cli("build", map_, "-f", "docx", "--ondanks-toetsing", reden)
    assert result.returncode == 0, result.stderr
    assert "gebouwd ondanks de toetsing" in result.stdout
    for gemeente in ("havenstede", "duinwijk", "polderveen"):
        tekst = docx_text(map_ / "build" / "raad" / f"{gemeente}-raadsvoorstel.docx")
        kanttekeningen = tekst[tekst.index("Kanttekeningen") :]
        assert "De regiovisie voldoet nog niet aan alle afspraken van de norm." in kanttekeningen
        assert f"Afspraak {nummer}, " in kanttekeningen
        assert NIET_VOLDAAN[nummer][2] in kanttekeningen.lower()
        assert reden in kanttekeningen
        # The claim in the arguments follows the check, never 'all eight'.
        assert "7 van de 8 afspraken zijn volledig uitgewerkt" in tekst
        assert "alle acht afspraken" not in tekst.lower()
        # Plain Dutch for the council: no regio.yaml keys in the findings.
        assert not re.search(r"\b[a-z_]+\.[a-z_]+\b", kanttekeningen.replace("regio.yaml", ""))


def test_empty_reason_is_refused(tmp_path):
    map_ = werkmap(tmp_path, _regio_zonder(7))
    result = run_cli("build", map_, "--ondanks-toetsing", "  ")
    assert result.returncode == 2
    assert "Geef bij --ondanks-toetsing een reden" in result.stderr


def test_a_draft_with_failures_still_builds_and_its_council_documents_tell_the_truth(tmp_path):
    map_ = werkmap(tmp_path, _regio_zonder(7, status="concept"))
    result = run_cli("build", map_, "-f", "docx", "--raadsstukken")
    assert result.returncode == 0, result.stderr
    tekst = docx_text(map_ / "build" / "raad" / "duinwijk-raadsvoorstel.docx")
    assert "Afspraak 7, zorgvuldigheidseisen bij inkoop (deels uitgewerkt)" in tekst
    assert "De reden:" not in tekst


def test_publish_of_a_failing_final_version_is_refused(tmp_path):
    map_ = werkmap(tmp_path, _regio_zonder(4))
    result = run_cli("publish", map_)
    assert result.returncode == 1
    assert "Niet gebouwd" in result.stderr
    assert not (map_ / "versies").exists()


def test_the_opinienota_states_the_check_result_too(tmp_path):
    tekst = _vervang(
        regio_yaml(status="concept", opinienota=True),
        "  einde: 2034-12-31\n",
        "  einde: 2028-12-31\n",
    )
    map_ = werkmap(tmp_path, tekst)
    result = run_cli("build", map_, "--soort", "opinienota", "-f", "docx")
    assert result.returncode == 0, result.stderr
    tekst = docx_text(map_ / "build" / "opinienota.docx")
    assert "7 van de 8 afspraken zijn volledig uitgewerkt" in tekst
    assert "afspraak 7 (zorgvuldigheidseisen bij inkoop)" in tekst
    assert "Alle acht afspraken" not in tekst
