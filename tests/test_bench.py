"""The benchmark's generated workspace: deterministic, regiovisie-sized, and it builds."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

from tests.conftest import run_cli

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import werkruimte  # noqa: E402


def test_generated_text_is_deterministic_and_regiovisie_sized():
    assert werkruimte.secties(1) == werkruimte.secties(1)
    assert werkruimte.secties(1, zaad=1) != werkruimte.secties(1)
    assert 13_000 <= werkruimte.woorden(1) <= 15_000
    tekst = werkruimte.als_markdown(1)
    assert tekst.count("\n## ") + tekst.startswith("## ") == 48
    assert tekst.count("\nTable: ") == 8
    assert tekst.count("\n[^v") == 24
    assert len(werkruimte.secties(10)) == 480


def test_generated_workspace_builds_with_only_generated_text(tmp_path):
    map_ = werkruimte.maak_werkmap(tmp_path / "werkmap", 1)
    shipped = {kop["id"] for kop in werkruimte.standaardblokken()}
    generated = {p.stem for p in (map_ / "content").glob("*.md")}
    assert shipped <= generated and len(generated) == 48

    uitkomst = run_cli("build", map_)
    assert uitkomst.returncode == 0, uitkomst.stderr
    assert "48 blokken" in uitkomst.stdout
    with zipfile.ZipFile(map_ / "build" / "regiovisie.docx") as docx:
        xml = docx.read("word/document.xml").decode()
        voetnoten = docx.read("word/footnotes.xml").decode()
    eerste = werkruimte.secties(1)[0]
    assert eerste.titel in xml
    assert voetnoten.count("<w:footnote ") >= 24 + 2  # plus Word's two separators
