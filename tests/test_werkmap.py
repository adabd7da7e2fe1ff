"""The workspace snapshot: every input of a build is read once, in one pass, and then only
parsed; the snapshot cannot be changed afterwards."""

from __future__ import annotations

import builtins
import dataclasses
import io
from collections import Counter
from pathlib import Path

import pytest

from regiovisie_builder import bronnen
from regiovisie_builder.werkmap import HULPBRONNEN, Werkmap
from tests.conftest import run_cli

AFBEELDINGEN = (".png", ".jpg", ".jpeg", ".svg")


@pytest.fixture
def leest(monkeypatch: pytest.MonkeyPatch):
    """Every input file opened for reading, with whether the snapshot was already taken.

    Input files are those of the workspace (not its build/ folder) and the shipped content/
    and templates/. Both ``open`` and ``io.open`` (which ``Path.read_bytes`` uses) are
    watched; ``Werkmap.snapshot`` marks the moment its first call returns.
    """
    gelezen: list[tuple[Path, bool]] = []
    wortels: list[Path] = [bronnen.CONTENT.resolve(), bronnen.TEMPLATES.resolve()]
    genomen = [False]
    echt_open = builtins.open
    echt_snapshot = Werkmap.snapshot

    def open_(bestand, mode="r", *args, **kwargs):
        if isinstance(bestand, str | Path) and not set(str(mode)) & set("wax+"):
            pad = Path(bestand).resolve()
            if any(pad.is_relative_to(w) for w in wortels) and "build" not in pad.parts:
                gelezen.append((pad, genomen[0]))
        return echt_open(bestand, mode, *args, **kwargs)

    def snapshot(self):
        gemaakt = echt_snapshot(self)
        genomen[0] = True
        return gemaakt

    def volg(werkmap: Path) -> list[tuple[Path, bool]]:
        wortels.append(werkmap.resolve())
        return gelezen

    def opnieuw() -> None:
        gelezen.clear()
        genomen[0] = False

    monkeypatch.setattr(builtins, "open", open_)
    monkeypatch.setattr(io, "open", open_)
    monkeypatch.setattr(Werkmap, "snapshot", snapshot)
    volg.opnieuw = opnieuw  # type: ignore[attr-defined]
    return volg


def invoer(werkmap: Path) -> set[Path]:
    """What a build of ``werkmap`` reads, listed from the disk: regio.yaml, every block
    (shipped and the workspace's), every shipped template but the workspace template of
    ``init``, and the image a block of the example shows."""
    paden = {werkmap / "regio.yaml", werkmap / "content" / "gemeenten.svg"}
    paden |= set((werkmap / "content").rglob("*.md")) | set(bronnen.CONTENT.rglob("*.md"))
    paden |= {
        p
        for p in bronnen.TEMPLATES.rglob("*")
        if p.is_file() and "werkmap" not in p.relative_to(bronnen.TEMPLATES).parts
    }
    return {p.resolve() for p in paden}


def test_build_reads_every_input_once_then_only_parses(zkij: Path, leest):
    gelezen = leest(zkij)
    uit = run_cli("build", zkij)
    assert uit.returncode == 0, uit.stderr
    verwacht = invoer(zkij)
    assert Counter(p for p, _ in gelezen) == Counter({p: 1 for p in verwacht})
    # After the snapshot only the figure's image is read (its path is in the block's text).
    assert {p.name for p, na in gelezen if na} == {"gemeenten.svg"}
    assert all(p.suffix in AFBEELDINGEN for p, na in gelezen if na)
    # Another document type with its council documents: four outlines, still one pass.
    leest.opnieuw()
    uit = run_cli("build", zkij, "--raadsstukken", "-f", "docx", "--soort", "opinienota")
    assert uit.returncode == 0, uit.stderr
    tekst = {p: 1 for p in verwacht if p.suffix not in AFBEELDINGEN}
    assert Counter(p for p, _ in gelezen if p.suffix not in AFBEELDINGEN) == Counter(tekst)
    assert all(not na for p, na in gelezen if p.suffix not in AFBEELDINGEN)


def test_unchanged_rebuild_reads_every_input_once_and_builds_nothing(zkij: Path, leest):
    gelezen = leest(zkij)
    assert run_cli("build", zkij).returncode == 0
    leest.opnieuw()
    uit = run_cli("build", zkij)
    assert uit.returncode == 0, uit.stderr
    assert "Niets veranderd sinds de vorige bouw" in uit.stdout
    # The inputs in the snapshot, and the image the last build showed (checked unchanged).
    assert Counter(p for p, _ in gelezen) == Counter({p: 1 for p in invoer(zkij)})


def test_changed_image_is_built_again(zkij: Path):
    assert run_cli("build", zkij).returncode == 0
    html = zkij / "build" / "regiovisie.html"
    eerst = html.read_bytes()
    svg = zkij / "content" / "gemeenten.svg"
    svg.write_text(svg.read_text(encoding="utf-8").replace("Haarlem", "Haarlem-Noord"))
    uit = run_cli("build", zkij)
    assert uit.returncode == 0, uit.stderr
    assert "Niets veranderd" not in uit.stdout
    assert html.read_bytes() != eerst
    # And once more: now it is unchanged.
    assert "Niets veranderd" in run_cli("build", zkij).stdout


def test_check_reads_every_input_once(zkij: Path, leest):
    gelezen = leest(zkij)
    uit = run_cli("check", zkij)
    assert uit.returncode == 0, uit.stderr
    # check writes nothing: the writer resources are read into the snapshot all the same.
    assert Counter(p for p, _ in gelezen) == Counter({p: 1 for p in invoer(zkij)})


def test_the_build_uses_the_snapshot_not_the_disk(zkij: Path):
    from regiovisie_builder.pipeline import lees

    werkmap = Werkmap(zkij)
    snapshot = werkmap.snapshot()
    blok = zkij / "content" / "inleiding-aanleiding.md"
    blok.write_text(blok.read_text(encoding="utf-8") + "\nNa de momentopname geschreven.\n")
    (zkij / "regio.yaml").write_text("dit: [is geen geldige yaml", encoding="utf-8")
    document = lees(werkmap).document
    assert werkmap.snapshot() is snapshot
    assert "inleiding-aanleiding" in {b.id for b in document.blokken}
    assert not any("Na de momentopname" in b.markdown for b in document.blokken)
    # A new snapshot sees the change (and the broken regio.yaml).
    uit = run_cli("build", zkij)
    assert uit.returncode == 2
    assert "regio.yaml is geen geldige YAML" in uit.stderr


def test_snapshot_is_immutable(zkij: Path):
    snapshot = Werkmap(zkij).snapshot()
    with pytest.raises(dataclasses.FrozenInstanceError):
        snapshot.regio_yaml = snapshot.regio_yaml  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        snapshot.regio_yaml.data = b"regio: {}"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        snapshot.block_folders[1].files[0].data = b""  # type: ignore[misc]
    with pytest.raises(TypeError):
        snapshot.templates["huisstijl.docx"] = snapshot.regio_yaml  # type: ignore[index]
    with pytest.raises(TypeError):
        snapshot.images[("x", "y")] = snapshot.regio_yaml  # type: ignore[index]
    assert isinstance(snapshot.block_folders, tuple)
    assert isinstance(snapshot.block_folders[1].files, tuple)
    assert isinstance(snapshot.word_lists, tuple)
    # Every file carries its fingerprint, and the writer resources are all there.
    import hashlib

    for bestand in snapshot.files():
        assert bestand.fingerprint == hashlib.sha256(bestand.read()).hexdigest()
    assert set(snapshot.hulpbronnen()) == set(HULPBRONNEN)
    assert snapshot.regio_yaml.read() == (zkij / "regio.yaml").read_bytes()


def test_unreadable_input_fails_when_it_is_needed_in_dutch(zkij: Path):
    """A file the snapshot cannot read keeps its error until a stage needs the file: an
    unused outline that is a dangling symlink does not stop the build (as before), a used
    writer resource does, with the Dutch message of the file."""
    documenten = zkij / "templates" / "documenten"
    documenten.mkdir(parents=True)
    (documenten / "extra.yaml").symlink_to(documenten / "bestaat-niet.yaml")
    uit = run_cli("build", zkij)
    assert uit.returncode == 0, uit.stderr
    # An input that cannot be read is never "unchanged": the next build is a real one.
    assert "Niets veranderd" not in run_cli("build", zkij).stdout
    (zkij / "templates" / "kleuren.css").symlink_to(zkij / "templates" / "weg.css")
    uit = run_cli("build", zkij)
    assert uit.returncode == 2
    assert "templates/kleuren.css: dit is een koppeling (symlink) die nergens heen wijst" in (
        uit.stderr
    )
