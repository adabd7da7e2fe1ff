"""What the documents claim comes from the check: a final version that fails the norm is not
built, unless the user gives a reason; the raadsvoorstel then says what is not met and why."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from tests.regions import regio_yaml, werkmap


def docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# Per agreement: one edit of a compliant region that makes only that agreement fail, and
# words the finding must contain.
NOT_VOLDAAN = {
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


def add_blok(folder: Path, name: str, text: str) -> None:
    """A block of the workspace's own: ``content/<name>.md`` with ``text``."""
    (folder / "content").mkdir(exist_ok=True)
    (folder / "content" / f"{name}.md").write_text(text, encoding="utf-8")


def _regio_without(number: int, status: str = "definitief") -> str:
    old, new, _ = NOT_VOLDAAN[number]
    return _replace(regio_yaml(status=status), old, new)


def test_the_compliant_region_builds_final_with_a_true_claim(tmp_path):
    folder = werkmap(tmp_path, regio_yaml(status="definitief"))
    result = run_cli("build", folder, "-f", "docx")
    assert result.returncode == 0, result.stderr
    text = docx_text(folder / "build" / "raad" / "havenstede-raadsvoorstel.docx")
    assert "Alle acht afspraken van de norm zijn erin uitgewerkt." in text
    assert "voldoet nog niet" not in text


@pytest.mark.parametrize("number", sorted(NOT_VOLDAAN))
def test_final_version_failing_one_agreement_writes_nothing(tmp_path, number):
    folder = werkmap(tmp_path, _regio_without(number))
    check = run_cli("check", folder)
    assert check.returncode == 1
    assert re.search(rf"^  \S {number}\. .*(deels|ontbreekt)", check.stdout, re.M), check.stdout

    result = run_cli("build", folder)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Niet gebouwd" in result.stderr
    assert "voldoet niet aan de norm: 7 van de 8 afspraken voldaan" in result.stderr
    assert f" {number}. " in result.stderr
    assert NOT_VOLDAAN[number][2] in result.stderr.lower()
    assert "--ondanks-toetsing" in result.stderr
    assert not (folder / "build").exists() or not any((folder / "build").rglob("*.docx"))


@pytest.mark.slow
@pytest.mark.parametrize("number", sorted(NOT_VOLDAAN))
def test_ondanks_toetsing_builds_and_the_raadsvoorstel_says_what_is_not_met(tmp_path, number):
    folder = werkmap(tmp_path, _regio_without(number))
    reason = "De raad besluit voor het zomerreces; het ontbrekende deel volgt in het najaar."
    result = run_cli("build", folder, "-f", "docx", "--ondanks-toetsing", reason)
    assert result.returncode == 0, result.stderr
    assert "gebouwd ondanks de toetsing" in result.stdout
    for gemeente in ("havenstede", "duinwijk", "polderveen"):
        text = docx_text(folder / "build" / "raad" / f"{gemeente}-raadsvoorstel.docx")
        remarks = text[text.index("Kanttekeningen") :]
        assert "De regiovisie voldoet nog niet aan alle afspraken van de norm." in remarks
        assert f"Afspraak {number}, " in remarks
        assert NOT_VOLDAAN[number][2] in remarks.lower()
        assert reason in remarks
        # The claim in the arguments follows the check, never 'all eight'.
        assert "7 van de 8 afspraken zijn volledig uitgewerkt" in text
        assert "alle acht afspraken" not in text.lower()
        # Plain Dutch for the council: no regio.yaml keys in the findings.
        assert not re.search(r"\b[a-z_]+\.[a-z_]+\b", remarks.replace("regio.yaml", ""))


def test_empty_reason_is_refused(tmp_path):
    folder = werkmap(tmp_path, _regio_without(7))
    result = run_cli("build", folder, "--ondanks-toetsing", "  ")
    assert result.returncode == 2
    assert "Geef bij --ondanks-toetsing een reden" in result.stderr


def test_a_draft_with_failures_still_builds_and_its_council_documents_tell_the_truth(tmp_path):
    folder = werkmap(tmp_path, _regio_without(7, status="concept"))
    result = run_cli("build", folder, "-f", "docx", "--raadsstukken")
    assert result.returncode == 0, result.stderr
    text = docx_text(folder / "build" / "raad" / "duinwijk-raadsvoorstel.docx")
    assert "Afspraak 7, zorgvuldigheidseisen bij inkoop (deels uitgewerkt)" in text
    assert "De reden:" not in text


def test_publish_of_a_failing_final_version_is_refused(tmp_path):
    folder = werkmap(tmp_path, _regio_without(4))
    result = run_cli("publish", folder)
    assert result.returncode == 1
    assert "Niet gebouwd" in result.stderr
    assert not (folder / "versies").exists()


def test_the_opinienota_states_the_check_result_too(tmp_path):
    text = _replace(
        regio_yaml(status="concept", opinienota=True),
        "  einde: 2034-12-31\n",
        "  einde: 2028-12-31\n",
    )
    folder = werkmap(tmp_path, text)
    result = run_cli("build", folder, "--soort", "opinienota", "-f", "docx")
    assert result.returncode == 0, result.stderr
    text = docx_text(folder / "build" / "opinienota.docx")
    assert "7 van de 8 afspraken zijn volledig uitgewerkt" in text
    assert "afspraak 7 (zorgvuldigheidseisen bij inkoop)" in text
    assert "Alle acht afspraken" not in text


CHANGE_TOETSING = """\
---
id: raadsvoorstel-bijzonderheden
titel: Bijzonderheden
hoofdstuk: voorstel
documenten: [raadsvoorstel]
volgorde: 5
---
Zie de toelichting.{{% set _ = toetsing.{change} %}}
"""


@pytest.mark.parametrize(
    "change",
    [
        'update(voldaan=true, uitspraak="Alle acht afspraken van de norm zijn erin uitgewerkt.")',
        "niet_voldaan.clear()",
    ],
)
def test_a_block_cannot_change_what_the_council_documents_say_about_the_check(tmp_path, change):
    """``toetsing`` is a plain dict shared by every block and municipality: a block of the
    workspace's own that changed it would make the shipped wording of every later block
    (the arguments, the remarks) claim what the check did not find."""
    folder = werkmap(tmp_path, _regio_without(7, status="concept"))
    assert run_cli("build", folder, "-f", "docx", "--raadsstukken").returncode == 0
    before = {p: p.read_bytes() for p in (folder / "build").rglob("*.docx")}
    add_blok(folder, "raadsvoorstel-bijzonderheden", CHANGE_TOETSING.format(change=change))
    result = run_cli("build", folder, "-f", "docx", "--raadsstukken")
    assert result.returncode == 2, result.stdout + result.stderr
    assert (
        "content/raadsvoorstel-bijzonderheden.md, regel 8: dit is niet toegestaan in een blok: "
        "het probeert gegevens te veranderen (met '" in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in (folder / "build").rglob("*.docx")} == before
    text = docx_text(folder / "build" / "raad" / "polderveen-raadsvoorstel.docx")
    assert "7 van de 8 afspraken zijn volledig uitgewerkt" in text


@pytest.mark.parametrize(
    "text",
    [
        "De kernvraag is `{{ opinienota.kernvraag }}`.",
        "```\n{{ opinienota.kernvraag }}\n```",
        "Zie [de nota](https://regio.example/{{ opinienota.kernvraag }}).",
    ],
    ids=["code", "code-block", "link-address"],
)
def test_a_value_missing_in_code_or_a_link_address_stops_a_final_version(tmp_path, text):
    """The model holds no open marker there, so the check of a final version did not see the
    missing value, and the document went out with it (its key between two invisible
    characters)."""
    folder = werkmap(tmp_path, regio_yaml(status="definitief"))
    assert run_cli("build", folder, "-f", "html").returncode == 0
    before = (folder / "build" / "regiovisie.html").read_bytes()
    add_blok(
        folder,
        "kernvraag",
        f"---\nid: kernvraag\ntitel: Kernvraag\nhoofdstuk: inleiding\n---\n{text}\n",
    )
    result = run_cli("build", folder, "-f", "html")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "De status is 'definitief', maar er staat nog 1 open punt" in result.stderr
    assert "opinienota.kernvraag ontbreekt" in result.stderr
    assert (folder / "build" / "regiovisie.html").read_bytes() == before


@pytest.mark.parametrize(
    "front",
    [
        'id: toetsing-nvo\ntitel: "Bijlage: Toetsing aan de Norm voor Opdrachtgeverschap"\n'
        "hoofdstuk: bijlagen",
        "id: toetsing\ntitel: Toetsing\nhoofdstuk: inleiding",  # its heading '### NvO'
    ],
    ids=["block-id", "heading-in-a-block"],
)
def test_a_block_cannot_take_the_place_of_the_checklist_annex(tmp_path, front):
    """A block whose anchor was the annex's took its page on the site (toetsing-nvo.html,
    the real annex moved to toetsing-nvo-2.html) and the target of its link in the web
    page's table of contents: the region's own text where readers look for the check."""
    folder = werkmap(tmp_path, regio_yaml(status="concept"))
    assert run_cli("build", folder, "-f", "html").returncode == 0
    before = (folder / "build" / "regiovisie.html").read_bytes()
    add_blok(folder, "nep", f"---\n{front}\n---\n### NvO\n\nAlle acht afspraken zijn voldaan.\n")
    result = run_cli("build", folder, "-f", "html", "-f", "site")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Een blok gebruikt de naam van de bijlage met de toetsing. Er is niets gebouwd." in (
        result.stderr
    )
    assert "content/nep.md, regel " in result.stderr
    assert "'toetsing-nvo' is de naam van de bijlage 'Bijlage: Toetsing aan de Norm" in (
        result.stderr
    )
    assert (folder / "build" / "regiovisie.html").read_bytes() == before
    assert not (folder / "build" / "site").exists()


def test_an_opinienota_with_a_status_of_its_own_needs_its_own_date(tmp_path):
    """Without ``opinienota.datum`` the nota took the regiovisie's date: its front sheet and
    footer said 'vastgesteld' on 1 April, a day on which nobody adopted it (the college
    decided on 16 February)."""
    text = regio_yaml(status="concept", opinienota=True)
    folder = werkmap(tmp_path, text)
    assert run_cli("build", folder, "--soort", "opinienota", "-f", "docx").returncode == 0
    before = (folder / "build" / "opinienota.docx").read_bytes()
    text = _replace(text, "  status: vastgesteld\n  datum: 2026-02-16\n", "  status: vastgesteld\n")
    (folder / "regio.yaml").write_text(text, encoding="utf-8")
    result = run_cli("build", folder, "--soort", "opinienota", "-f", "docx")
    assert result.returncode == 2, result.stdout + result.stderr
    line = text.splitlines().index("  status: vastgesteld") + 1
    assert (
        f"regio/regio.yaml, regel {line}: 'opinienota.status' is 'vastgesteld', maar "
        "'opinienota.datum' ontbreekt."
    ) in result.stderr
    assert (folder / "build" / "opinienota.docx").read_bytes() == before


@pytest.mark.parametrize("invisible", ["\u200b", "\u2060\ufeff", "\u00ad \u3164"])
def test_a_block_of_invisible_characters_is_no_text_about_its_agreement(tmp_path, invisible):
    """A block of only a zero-width space is empty to every reader, but it counted as the
    prose of its agreement: afspraak 8 'voldaan' above an empty paragraph 8.3."""
    folder = werkmap(tmp_path, regio_yaml(status="definitief"))
    shipped = (ROOT / "content" / "routes" / "route-4" / "tarieven-reeel.md").read_text("utf-8")
    front = shipped[: shipped.index("\n---\n") + 5]
    add_blok(folder, "tarieven-reeel", front + invisible + "\n")
    check = run_cli("check", folder)
    assert check.returncode == 1, check.stdout
    assert re.search(r"^  \S 8\. Reële tarieven +deels", check.stdout, re.M), check.stdout
    assert "De tekst over afspraak 8 (reële tarieven) is leeg (paragraaf 8.3" in check.stdout
    result = run_cli("build", folder, "-f", "docx")
    assert result.returncode == 1, result.stdout + result.stderr
    assert not (folder / "build").exists() or not any((folder / "build").rglob("*.docx"))


def test_a_name_cannot_rewrite_what_check_prints_in_the_terminal(tmp_path):
    """regio.yaml's values reach the findings ``check`` prints: a municipality named with a
    carriage return and escape codes overwrote its finding with a fake '✔ ... voldaan' and
    hid the rest of the output (conceal). Every control character now prints as a code."""
    name = "Duinwijk\r\x1b[2K  ✔ 1. Regiovisie: proces  voldaan\x1b[8m\x7f\u202e"
    written = '"Duinwijk\\r\\e[2K  ✔ 1. Regiovisie: proces  voldaan\\e[8m\\x7f\\u202e"'
    before, after = regio_yaml().split("    - naam: Duinwijk\n")
    after = _replace(after, "status: gepland}", "status: verworpen}")
    text = f"{before}    - naam: {written}\n{after}"
    folder = werkmap(tmp_path, text)
    result = run_cli("check", folder)
    assert result.returncode == 1
    shown = result.stdout + result.stderr
    assert not [c for c in shown if c in "\r\x1b\x7f\u202e"], shown
    assert "Duinwijk\\u000d\\u001b[2K  ✔ 1. Regiovisie: proces  voldaan\\u001b[8m" in shown
    # check --json stays JSON, and reads back to the name as written.
    data = json.loads(run_cli("check", folder, "--json").stdout)
    assert any(name in b for a in data["afspraken"] for b in a["bevindingen"])
