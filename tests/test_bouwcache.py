"""The no-op rebuild key: a workspace whose inputs leave it through a symlink is never
"unchanged" (its build must report the link), however the link is placed."""

from __future__ import annotations

from pathlib import Path

import pytest

from regiovisie_builder import bouwcache


@pytest.mark.parametrize("plek", ["blok", "map", "afbeelding", "template", "regio"])
def test_symlink_out_of_the_workspace_gives_no_key(zkij: Path, tmp_path: Path, plek: str):
    assert bouwcache.sleutel(zkij, "x") is not None
    elders = tmp_path / "elders"
    elders.mkdir()
    (elders / "geheim.md").write_text("---\nid: geheim\n---\nGeheim\n", "utf-8")
    if plek == "blok":
        (zkij / "content" / "geheim.md").symlink_to(elders / "geheim.md")
    elif plek == "map":  # content/ itself points elsewhere
        (zkij / "content").rename(elders / "content")
        (zkij / "content").symlink_to(elders / "content")
    elif plek == "afbeelding":
        (elders / "plaatje.png").write_bytes(b"\x89PNG")
        (zkij / "content" / "plaatje.png").symlink_to(elders / "plaatje.png")
    elif plek == "template":
        (zkij / "templates").mkdir(exist_ok=True)
        (zkij / "templates" / "huisstijl.docx").symlink_to(elders / "geheim.md")
    else:
        (zkij / "regio.yaml").rename(elders / "regio.yaml")
        (zkij / "regio.yaml").symlink_to(elders / "regio.yaml")
    assert bouwcache.sleutel(zkij, "x") is None


def test_symlink_inside_the_workspace_keeps_the_key(zkij: Path):
    (zkij / "notities").mkdir()
    blok = zkij / "content" / "regio-was-wordt.md"
    (zkij / "notities" / "kopie.md").write_bytes(blok.read_bytes())
    (zkij / "content" / "kopie.md").symlink_to(zkij / "notities" / "kopie.md")
    assert bouwcache.sleutel(zkij, "x") is not None
