"""``regiovisie publish``: a version is frozen once and never overwritten."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from docx import Document as WordDocument

from tests.commands.versioning import change_to_1_0, publish
from tests.conftest import copy_example, edit_yaml, run_cli


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def published_once(tmp_path_factory):
    """The example with version 0.9 published, once for the module: (workspace, result of
    ``regiovisie publish``). Read-only: tests that go on from it get a copy (``published``)."""
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path_factory.mktemp("gepubliceerd"))
    return werkmap, publish(werkmap)


@pytest.fixture
def published(published_once, tmp_path) -> Path:
    werkmap = tmp_path / published_once[0].name
    shutil.copytree(published_once[0], werkmap, symlinks=True)
    return werkmap


def test_publish_freezes_sources_outputs_and_manifest(published_once):
    zkij, result = published_once
    assert "Versie 0.9 (concept)" in result.stdout
    versie = zkij / "versies" / "0.9"
    manifest = json.loads((versie / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["versie"] == "0.9"
    assert manifest["status"] == "concept"
    assert manifest["gepubliceerd"] == "2021-02-16T00:00:00"
    for path, hash_ in manifest["bestanden"].items():
        assert hashlib.sha256((versie / path).read_bytes()).hexdigest() == hash_, path
    files = {p.relative_to(versie).as_posix() for p in versie.rglob("*") if p.is_file()}
    assert files == set(manifest["bestanden"]) | {"manifest.json"}
    assert (versie / "regio.yaml").read_bytes() == (zkij / "regio.yaml").read_bytes()
    # The block is frozen after Jinja: the region data is filled in, no template syntax left.
    source = (versie / "bronnen" / "inleiding-aanleiding.md").read_text(encoding="utf-8")
    assert "{{" not in source
    assert "In onze regio werken 7 gemeenten daarin samen" in source
    word = WordDocument(str(versie / "uitvoer" / "regiovisie.docx"))
    assert any("Aanleiding" in p.text for p in word.paragraphs)
    assert "<html" in (versie / "uitvoer" / "regiovisie.html").read_text(encoding="utf-8")


def test_publish_is_reproducible(published):
    # Published once in another folder (published_once): the version does not depend on it.
    zkij = published
    first = snapshot(zkij / "versies")
    shutil.rmtree(zkij / "versies")
    publish(zkij)
    assert {k: v[0] for k, v in snapshot(zkij / "versies").items()} == {
        k: v[0] for k, v in first.items()
    }


def test_republishing_a_version_is_refused_and_changes_nothing(published, monkeypatch):
    from regiovisie_builder import writers

    def no_writer(name):
        raise AssertionError(f"the {name} writer ran before the version order was checked")

    # Refused as soon as regio.yaml is read, before any writer spends its seconds.
    monkeypatch.setattr(writers, "writer", no_writer)
    zkij = published
    before = snapshot(zkij)
    result = run_cli("publish", zkij)
    assert result.returncode == 2
    assert "Versie 0.9 is al gepubliceerd" in result.stderr
    assert "nooit overschreven" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(zkij) == before
    assert not [p for p in (zkij / "versies").iterdir() if p.name.startswith(".")]


def test_status_may_not_move_back(zkij):
    edit_yaml(zkij, lambda d: d["document"].update(status="consultatie"))
    publish(zkij)
    edit_yaml(zkij, lambda d: d["document"].update(status="concept", versie="1.0"))
    result = run_cli("publish", zkij)
    assert result.returncode == 2
    assert "stap terug" in result.stderr
    assert "concept → consultatie → definitief → vastgesteld" in result.stderr
    assert not (zkij / "versies" / "1.0").exists()


def test_lower_version_number_is_refused(published):
    zkij = published  # 0.9
    change_to_1_0(zkij)
    publish(zkij)
    edit_yaml(zkij, lambda d: d["document"].update(versie="0.95"))
    result = run_cli("publish", zkij)
    assert result.returncode == 2
    assert "lager dan de laatst gepubliceerde versie 1.0" in result.stderr
    assert sorted(p.name for p in (zkij / "versies").iterdir()) == ["0.9", "1.0"]


def test_final_version_with_open_markers_is_refused(zkij):
    def definitief_with_gap(data):
        data["document"]["status"] = "definitief"
        del data["contractering"]["ingang"]

    edit_yaml(zkij, definitief_with_gap)
    result = run_cli("publish", zkij)
    assert result.returncode == 2
    assert "open punt" in result.stderr
    assert "contractering.ingang" in result.stderr
    assert not (zkij / "versies").exists()


def test_unusable_version_number_is_refused(zkij):
    edit_yaml(zkij, lambda d: d["document"].update(versie="../1.0"))
    result = run_cli("publish", zkij)
    assert result.returncode == 2
    assert "kan niet als mapnaam dienen" in result.stderr
    assert not (zkij / "versies").exists()
    assert not (zkij.parent / "1.0").exists()


def test_final_version_freezes_council_documents(zkij):
    edit_yaml(zkij, lambda d: d["document"].update(status="definitief", versie="1.0"))
    result = run_cli("publish", zkij)
    assert result.returncode == 0, result.stderr
    versie = zkij / "versies" / "1.0"
    raad = sorted(p.name for p in (versie / "uitvoer" / "raad").glob("*.docx"))
    assert "haarlem-raadsvoorstel.docx" in raad and "haarlem-raadsbesluit.docx" in raad
    manifest = json.loads((versie / "manifest.json").read_text(encoding="utf-8"))
    assert "uitvoer/raad/haarlem-raadsbesluit.docx" in manifest["bestanden"]
