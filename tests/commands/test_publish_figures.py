"""Figures across versions: publish keeps the checked image files with the version, and diff
shows a changed picture as a tracked deletion and insertion, without the workspace's files."""

from __future__ import annotations

import hashlib
import json
import zipfile

from tests.commands.test_diff import REVISIES, document_xml
from tests.commands.versioning import change_to_1_0, publish
from tests.conftest import run_cli

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BEELD = "content/gemeenten.svg"


def test_publish_freezes_the_image_and_diff_carries_the_changed_picture(zkij):
    publish(zkij)
    versie = zkij / "versies" / "0.9"
    manifest = json.loads((versie / "manifest.json").read_text(encoding="utf-8"))
    kopie = manifest["afbeeldingen"]["bijlage-gemeenten/gemeenten.svg"]
    assert kopie.startswith("afbeeldingen/") and kopie.endswith(".svg")
    oud = (versie / kopie).read_bytes()
    assert hashlib.sha256(oud).hexdigest() == manifest["bestanden"][kopie]
    assert b"Heemstede" in oud

    # Version 1.0 draws Heemstede's box in another colour; then the workspace's drawing goes:
    # diff must work from the frozen copies alone.
    svg = zkij / BEELD
    svg.write_text(svg.read_text(encoding="utf-8").replace("#fbe7c2", "#f5d08a"), "utf-8")
    change_to_1_0(zkij)
    publish(zkij)
    svg.unlink()
    resultaat = run_cli("diff", zkij, "0.9", "1.0")
    assert resultaat.returncode == 0, resultaat.stderr
    overzicht = zkij / "build" / "wijzigingsoverzicht-0.9-1.0.html"
    assert "Schema van de jeugdregio" in overzicht.read_text(encoding="utf-8")

    revisies = zkij / "build" / REVISIES
    with zipfile.ZipFile(revisies) as pakket:
        svgs = [pakket.read(n) for n in pakket.namelist() if n.endswith(".svg")]
    assert any(b"#fbe7c2" in s for s in svgs) and any(b"#f5d08a" in s for s in svgs)
    root = document_xml(revisies)
    tekening = f"{W}drawing"
    verwijderd = [d for d in root.iter(f"{W}del") if d.find(f".//{tekening}") is not None]
    ingevoegd = [i for i in root.iter(f"{W}ins") if i.find(f".//{tekening}") is not None]
    assert verwijderd and ingevoegd
    # The budget chart did not change: it stays a plain picture, not a tracked change.
    onveranderd = [
        d
        for d in root.iter(tekening)
        if not any(a.tag in (f"{W}ins", f"{W}del") for a in d.iterancestors())
    ]
    assert onveranderd
