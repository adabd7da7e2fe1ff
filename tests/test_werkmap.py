"""The workspace snapshot: every input of a build is read once, in one pass, and then only
parsed; the snapshot cannot be changed afterwards."""

from __future__ import annotations

import builtins
import dataclasses
import io
from collections import Counter
from pathlib import Path

import pytest

from regiovisie_builder import sources
from regiovisie_builder.werkmap import RESOURCES, Werkmap
from tests.conftest import run_cli

IMAGES = (".png", ".jpg", ".jpeg", ".svg")


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch):
    """Every input file opened for reading, with whether the snapshot was already taken.

    Input files are those of the workspace (not its build/ folder) and the shipped content/
    and templates/. Both ``open`` and ``io.open`` (which ``Path.read_bytes`` uses) are
    watched; ``Werkmap.snapshot`` marks the moment its first call returns.
    """
    already_read: list[tuple[Path, bool]] = []
    roots: list[Path] = [sources.CONTENT.resolve(), sources.TEMPLATES.resolve()]
    taken = [False]
    real_open = builtins.open
    real_snapshot = Werkmap.snapshot

    def open_(file, mode="r", *args, **kwargs):
        if isinstance(file, str | Path) and not set(str(mode)) & set("wax+"):
            path = Path(file).resolve()
            if any(path.is_relative_to(w) for w in roots) and "build" not in path.parts:
                already_read.append((path, taken[0]))
        return real_open(file, mode, *args, **kwargs)

    def snapshot(self):
        made = real_snapshot(self)
        taken[0] = True
        return made

    def follow(werkmap: Path) -> list[tuple[Path, bool]]:
        roots.append(werkmap.resolve())
        return already_read

    def again() -> None:
        already_read.clear()
        taken[0] = False

    monkeypatch.setattr(builtins, "open", open_)
    monkeypatch.setattr(io, "open", open_)
    monkeypatch.setattr(Werkmap, "snapshot", snapshot)
    follow.again = again  # type: ignore[attr-defined]
    return follow


def inputs(werkmap: Path) -> set[Path]:
    """What a build of ``werkmap`` reads, listed from the disk: regio.yaml, every block
    (shipped and the workspace's), every shipped template but the workspace template of
    ``init``, and the image a block of the example shows."""
    paths = {werkmap / "regio.yaml", werkmap / "content" / "gemeenten.svg"}
    paths |= set((werkmap / "content").rglob("*.md")) | set(sources.CONTENT.rglob("*.md"))
    paths |= {
        p
        for p in sources.TEMPLATES.rglob("*")
        if p.is_file() and "werkmap" not in p.relative_to(sources.TEMPLATES).parts
    }
    return {p.resolve() for p in paths}


def test_build_reads_every_input_once_then_only_parses(zkij: Path, reads):
    already_read = reads(zkij)
    out = run_cli("build", zkij)
    assert out.returncode == 0, out.stderr
    expected = inputs(zkij)
    assert Counter(p for p, _ in already_read) == Counter({p: 1 for p in expected})
    # After the snapshot only the figure's image is read (its path is in the block's text).
    assert {p.name for p, after in already_read if after} == {"gemeenten.svg"}
    assert all(p.suffix in IMAGES for p, after in already_read if after)
    # Another document type with its council documents: four outlines, still one pass.
    reads.again()
    out = run_cli("build", zkij, "--raadsstukken", "-f", "docx", "--soort", "opinienota")
    assert out.returncode == 0, out.stderr
    text = {p: 1 for p in expected if p.suffix not in IMAGES}
    assert Counter(p for p, _ in already_read if p.suffix not in IMAGES) == Counter(text)
    assert all(not after for p, after in already_read if p.suffix not in IMAGES)


def test_unchanged_rebuild_reads_every_input_once_and_builds_nothing(zkij: Path, reads):
    already_read = reads(zkij)
    assert run_cli("build", zkij).returncode == 0
    reads.again()
    out = run_cli("build", zkij)
    assert out.returncode == 0, out.stderr
    assert "Niets veranderd sinds de vorige bouw" in out.stdout
    # The inputs in the snapshot, and the image the last build showed (checked unchanged).
    assert Counter(p for p, _ in already_read) == Counter({p: 1 for p in inputs(zkij)})


def test_changed_image_is_built_again(zkij: Path):
    assert run_cli("build", zkij).returncode == 0
    html = zkij / "build" / "regiovisie.html"
    first = html.read_bytes()
    svg = zkij / "content" / "gemeenten.svg"
    svg.write_text(svg.read_text(encoding="utf-8").replace("Haarlem", "Haarlem-Noord"))
    out = run_cli("build", zkij)
    assert out.returncode == 0, out.stderr
    assert "Niets veranderd" not in out.stdout
    assert html.read_bytes() != first
    # And once more: now it is unchanged.
    assert "Niets veranderd" in run_cli("build", zkij).stdout


def test_check_reads_every_input_once(zkij: Path, reads):
    already_read = reads(zkij)
    out = run_cli("check", zkij)
    assert out.returncode == 0, out.stderr
    # check writes nothing: the writer resources are read into the snapshot all the same.
    assert Counter(p for p, _ in already_read) == Counter({p: 1 for p in inputs(zkij)})


def test_the_build_uses_the_snapshot_not_the_disk(zkij: Path):
    from regiovisie_builder.pipeline import read

    werkmap = Werkmap(zkij)
    snapshot = werkmap.snapshot()
    blok = zkij / "content" / "inleiding-aanleiding.md"
    blok.write_text(blok.read_text(encoding="utf-8") + "\nNa de momentopname geschreven.\n")
    (zkij / "regio.yaml").write_text("dit: [is geen geldige yaml", encoding="utf-8")
    document = read(werkmap).document
    assert werkmap.snapshot() is snapshot
    assert "inleiding-aanleiding" in {b.id for b in document.blokken}
    assert not any("Na de momentopname" in b.markdown for b in document.blokken)
    # A new snapshot sees the change (and the broken regio.yaml).
    out = run_cli("build", zkij)
    assert out.returncode == 2
    assert "regio.yaml is geen geldige YAML" in out.stderr


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

    for file in snapshot.files():
        assert file.fingerprint == hashlib.sha256(file.read()).hexdigest()
    assert set(snapshot.resources()) == set(RESOURCES)
    assert snapshot.regio_yaml.read() == (zkij / "regio.yaml").read_bytes()


def test_unreadable_input_fails_when_it_is_needed_in_dutch(zkij: Path):
    """A file the snapshot cannot read keeps its error until a stage needs the file: an
    unused outline that is a dangling symlink does not stop the build (as before), a used
    writer resource does, with the Dutch message of the file."""
    documents = zkij / "templates" / "documenten"
    documents.mkdir(parents=True)
    (documents / "extra.yaml").symlink_to(documents / "bestaat-niet.yaml")
    out = run_cli("build", zkij)
    assert out.returncode == 0, out.stderr
    # An input that cannot be read is never "unchanged": the next build is a real one.
    assert "Niets veranderd" not in run_cli("build", zkij).stdout
    (zkij / "templates" / "kleuren.css").symlink_to(zkij / "templates" / "weg.css")
    out = run_cli("build", zkij)
    assert out.returncode == 2
    assert "templates/kleuren.css: dit is een koppeling (symlink) die nergens heen wijst" in (
        out.stderr
    )
