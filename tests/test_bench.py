"""The benchmark's generated workspace: deterministic, regiovisie-sized, and it builds."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

from tests.conftest import run_cli

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import werkruimte  # noqa: E402


def test_generated_text_is_deterministic_and_regiovisie_sized():
    assert werkruimte.sections(1) == werkruimte.sections(1)
    assert werkruimte.sections(1, seed=1) != werkruimte.sections(1)
    assert 13_000 <= werkruimte.words(1) <= 15_000
    text = werkruimte.as_markdown(1)
    assert text.count("\n## ") + text.startswith("## ") == 48
    assert text.count("\nTable: ") == 8
    assert text.count("\n[^v") == 24
    assert len(werkruimte.sections(10)) == 480


def test_generated_workspace_builds_with_only_generated_text(tmp_path):
    folder = werkruimte.maak_werkmap(tmp_path / "werkmap", 1)
    shipped = {heading["id"] for heading in werkruimte.standaardblokken()}
    generated = {p.stem for p in (folder / "content").glob("*.md")}
    assert shipped <= generated and len(generated) == 48

    outcome = run_cli("build", folder)
    assert outcome.returncode == 0, outcome.stderr
    assert "48 blokken" in outcome.stdout
    with zipfile.ZipFile(folder / "build" / "regiovisie.docx") as docx:
        xml = docx.read("word/document.xml").decode()
        footnotes = docx.read("word/footnotes.xml").decode()
    first = werkruimte.sections(1)[0]
    assert first.titel in xml
    assert footnotes.count("<w:footnote ") >= 24 + 2  # plus Word's two separators
