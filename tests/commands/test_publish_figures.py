"""Figures across versions: publish keeps the checked image files with the version, and diff
shows a changed picture as a tracked deletion and insertion, without the workspace's files."""

from __future__ import annotations

import hashlib
import json
import zipfile

from tests.commands.test_diff import REVISIONS, document_xml
from tests.commands.versioning import change_to_1_0, publish
from tests.conftest import run_cli

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PICTURE = "content/gemeenten.svg"


def test_publish_freezes_the_image_and_diff_carries_the_changed_picture(zkij):
    publish(zkij)
    versie = zkij / "versies" / "0.9"
    manifest = json.loads((versie / "manifest.json").read_text(encoding="utf-8"))
    copy = manifest["afbeeldingen"]["bijlage-gemeenten/gemeenten.svg"]
    assert copy.startswith("afbeeldingen/") and copy.endswith(".svg")
    old = (versie / copy).read_bytes()
    assert hashlib.sha256(old).hexdigest() == manifest["bestanden"][copy]
    assert b"Heemstede" in old

    # Version 1.0 draws Heemstede's box in another colour; then the workspace's drawing goes:
    # diff must work from the frozen copies alone.
    svg = zkij / PICTURE
    svg.write_text(svg.read_text(encoding="utf-8").replace("#fbe7c2", "#f5d08a"), "utf-8")
    change_to_1_0(zkij)
    publish(zkij)
    svg.unlink()
    result = run_cli("diff", zkij, "0.9", "1.0")
    assert result.returncode == 0, result.stderr
    overview = zkij / "build" / "wijzigingsoverzicht-0.9-1.0.html"
    assert "Schema van de jeugdregio" in overview.read_text(encoding="utf-8")

    revisions = zkij / "build" / REVISIONS
    with zipfile.ZipFile(revisions) as package:
        svgs = [package.read(n) for n in package.namelist() if n.endswith(".svg")]
    assert any(b"#fbe7c2" in s for s in svgs) and any(b"#f5d08a" in s for s in svgs)
    root = document_xml(revisions)
    drawing = f"{W}drawing"
    deleted = [d for d in root.iter(f"{W}del") if d.find(f".//{drawing}") is not None]
    inserted = [i for i in root.iter(f"{W}ins") if i.find(f".//{drawing}") is not None]
    assert deleted and inserted
    # The budget chart did not change: it stays a plain picture, not a tracked change.
    unchanged = [
        d
        for d in root.iter(drawing)
        if not any(a.tag in (f"{W}ins", f"{W}del") for a in d.iterancestors())
    ]
    assert unchanged
