"""Standard text is marked, never silently counted: shipped blocks count for the checklist
only when the region adopts them (``overgenomen``); a workspace block is the region's own."""

from __future__ import annotations

import json
import zipfile

from tests.conftest import run_cli
from tests.regions import regio_yaml, werkmap

DEFAULT = "Standaardtekst, niet vastgesteld door de regio."


def check_json(folder) -> tuple[int, dict]:
    result = run_cli("check", folder, "--json")
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)


def _themes(report: dict) -> dict[str, dict]:
    return {t["id"]: t for t in report["themas"]}


def test_unadopted_shipped_text_counts_for_nothing(tmp_path):
    folder = werkmap(tmp_path, regio_yaml(overgenomen=""))
    code, report = check_json(folder)
    assert code == 1
    for thema in report["themas"]:
        assert thema["bron"] == "standaard"
        assert thema["behandeld"] is False
        assert all(v["bron"] == "standaard" for v in thema["vindplaatsen"])
    assert report["route5"] == {**report["route5"], "bron": "standaard", "behandeld": False}
    # The measurable parts hold, but shipped prose alone does not make an agreement voldaan.
    for afspraak in report["afspraken"]:
        assert afspraak["status"] == "deels"
        assert any("standaardtekst, niet vastgesteld door de regio" in b
                   for b in afspraak["bevindingen"])  # fmt: skip
    table = run_cli("check", folder).stdout
    assert "✘ Preventie en vroegsignalering: § 10.1 (standaardtekst, niet vastgesteld" in table


def test_adopted_block_counts_and_own_block_is_eigen(tmp_path):
    folder = werkmap(tmp_path, regio_yaml(overgenomen="[thema-preventie, leren-en-verbeteren]"))
    (folder / "content").mkdir()
    (folder / "content" / "demedicaliseren.md").write_text(
        "---\nid: thema-demedicaliseren\ntitel: Gewoon opgroeien\nthemas: [demedicaliseren]\n"
        "---\nWij spreken eerst met ouders en school voordat een kind een diagnose krijgt.\n",
        encoding="utf-8",
    )
    _, report = check_json(folder)
    themas = _themes(report)
    assert (themas["preventie"]["bron"], themas["preventie"]["behandeld"]) == ("overgenomen", True)
    assert themas["preventie"]["vindplaatsen"][0]["bron"] == "overgenomen"
    assert (themas["demedicaliseren"]["bron"], themas["demedicaliseren"]["behandeld"]) == (
        "eigen",
        True,
    )
    (place,) = themas["demedicaliseren"]["vindplaatsen"]
    assert (place["blok"], place["bron"]) == ("thema-demedicaliseren", "eigen")
    assert (themas["zo-thuis-mogelijk"]["bron"], themas["zo-thuis-mogelijk"]["behandeld"]) == (
        "standaard",
        False,
    )
    assert report["route5"]["bron"] == "overgenomen"


def test_alle_adopts_every_shipped_block(tmp_path):
    code, report = check_json(werkmap(tmp_path, regio_yaml(overgenomen="alle")))
    assert code == 0
    assert {t["bron"] for t in report["themas"]} == {"overgenomen"}
    assert all(t["behandeld"] for t in report["themas"])


def test_a_misspelt_block_id_under_overgenomen_is_an_input_error(tmp_path):
    folder = werkmap(tmp_path, regio_yaml(overgenomen="[thema-preventei]"))
    result = run_cli("check", folder)
    assert result.returncode == 2
    line = (
        regio_yaml(overgenomen="[thema-preventei]")
        .splitlines()
        .index("overgenomen: [thema-preventei]")
    )
    assert (
        f"regio.yaml, regel {line + 1}: 'thema-preventei' onder 'overgenomen' is geen "
        "standaardblok."
    ) in result.stderr
    assert "Bedoelt u 'thema-preventie'?" in result.stderr


def _docx_xml(path) -> str:
    with zipfile.ZipFile(path) as docx:
        return docx.read("word/document.xml").decode("utf-8")


def test_a_draft_shows_unadopted_standard_text_in_word_and_html(tmp_path):
    folder = werkmap(tmp_path, regio_yaml(overgenomen="[thema-preventie]"))
    result = run_cli("build", folder)
    assert result.returncode == 0, result.stderr
    html = (folder / "build" / "regiovisie.html").read_text(encoding="utf-8")
    xml = _docx_xml(folder / "build" / "regiovisie.docx")
    for text in (html, xml):
        assert DEFAULT in text
    # One note per unadopted block, none for the adopted one.
    count = html.count(DEFAULT)
    assert count == xml.count(DEFAULT) >= 25
    preventie = html[html.index('id="thema-preventie"') :]
    preventie = preventie[: preventie.index("<h", 10)]
    assert DEFAULT not in preventie
    # The annex says which places are standard text.
    annex = html[html.index("Toetsing aan de Norm voor Opdrachtgeverschap") :]
    assert "(standaardtekst, niet vastgesteld door de regio)" in annex
    assert "nee: standaardtekst, niet vastgesteld door de regio" in annex

    everything = werkmap(tmp_path, regio_yaml(overgenomen="alle"), name="alles")
    assert run_cli("build", everything).returncode == 0
    assert DEFAULT not in (everything / "build" / "regiovisie.html").read_text(encoding="utf-8")
    assert DEFAULT not in _docx_xml(everything / "build" / "regiovisie.docx")


def test_a_final_version_with_unadopted_standard_text_is_refused_even_ondanks(tmp_path):
    folder = werkmap(tmp_path, regio_yaml(status="definitief", overgenomen="[thema-preventie]"))
    for extra in ((), ("--ondanks-toetsing", "De raad vergadert volgende week.")):
        result = run_cli("build", folder, *extra)
        assert result.returncode == 2, result.stdout
        assert "standaardtekst die de regio niet heeft vastgesteld" in result.stderr
        assert "Wijkgericht werken (blok-id: thema-wijkgericht-werken)" in result.stderr
        assert "thema-preventie" not in result.stderr
        assert "'overgenomen'" in result.stderr
        assert not (folder / "build").exists()
