"""Whole-folder writes (``storage.replace_folder``): files that are already there with the
same bytes are hard-linked into the new folder instead of written and flushed again; only
plain files of this user's inside the old folder qualify."""

from __future__ import annotations

from pathlib import Path

import pytest

from regiovisie_builder import storage


@pytest.fixture
def flushed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every fsync of a written file (a file written, not linked)."""
    calls: list[int] = []
    real = storage.os.fsync

    def fsync(fd: int) -> None:
        calls.append(fd)
        real(fd)

    monkeypatch.setattr(storage.os, "fsync", fsync)
    return calls


def _replace(root: Path, files: dict[str, bytes], *same: Path) -> Path:
    target = root / "site" / "0.9"
    storage.replace_folder(target, files, root / "werk", inside=root, same=same)
    return target


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_unchanged_files_are_linked_and_only_changed_ones_written(tmp_path, flushed):
    first = {"index.html": b"<p>begin</p>", "_static/stijl.css": b"p {}", "weg.html": b"oud"}
    target = _replace(tmp_path, first)
    inode = {name: (target / name).stat().st_ino for name in first}
    flushed.clear()
    second = {"index.html": b"<p>begin</p>", "_static/stijl.css": b"p { color: red }",
              "nieuw.html": b"nieuw"}  # fmt: skip
    _replace(tmp_path, second)
    assert _files(target) == second
    assert (target / "index.html").stat().st_ino == inode["index.html"]  # linked
    assert (target / "_static/stijl.css").stat().st_ino != inode["_static/stijl.css"]
    assert len(flushed) == 2  # the changed stylesheet and the new page
    assert (target / "index.html").stat().st_nlink == 1  # the old folder is gone


def test_a_second_folder_with_the_same_files_links_to_the_first(tmp_path, flushed):
    files = {"index.html": b"<p>versie</p>", "zoek.js": b"var x;"}
    version = _replace(tmp_path, files)
    flushed.clear()
    latest = tmp_path / "site" / "latest"
    storage.replace_folder(latest, files, tmp_path / "werk", inside=tmp_path, same=(version,))
    assert _files(latest) == files
    assert flushed == []
    assert (latest / "index.html").stat().st_ino == (version / "index.html").stat().st_ino


@pytest.mark.parametrize("planted", ["koppeling", "rechten", "map-koppeling", "ander-inhoud"])
def test_a_planted_file_with_the_same_bytes_is_not_linked(tmp_path, flushed, planted):
    """A workspace's build/ folder may come from elsewhere: a symlink (also a symlinked
    folder) or a file with other permissions is never linked into the output; the file
    is written, and what the link pointed to stays as it was."""
    content = b"<p>geheim</p>"
    outside = tmp_path / "buiten"
    (outside / "sub").mkdir(parents=True)
    (outside / "sub" / "pagina.html").write_bytes(content)
    target = tmp_path / "site" / "0.9"
    target.mkdir(parents=True)
    if planted == "koppeling":
        (target / "sub").mkdir()
        (target / "sub" / "pagina.html").symlink_to(outside / "sub" / "pagina.html")
    elif planted == "rechten":
        (target / "sub").mkdir()
        (target / "sub" / "pagina.html").write_bytes(content)
        (target / "sub" / "pagina.html").chmod(0o4755)
    elif planted == "map-koppeling":
        (target / "sub").symlink_to(outside / "sub", target_is_directory=True)
    else:
        (target / "sub").mkdir()
        (target / "sub" / "pagina.html").write_bytes(b"<p>geheim!</p>")
    _replace(tmp_path, {"sub/pagina.html": content})
    written = target / "sub" / "pagina.html"
    assert not written.is_symlink() and not (target / "sub").is_symlink()
    assert written.read_bytes() == content
    assert written.stat().st_ino != (outside / "sub" / "pagina.html").stat().st_ino
    assert written.stat().st_mode & 0o7777 == storage.file_mode()
    assert (outside / "sub" / "pagina.html").read_bytes() == content
    assert len(flushed) == 1


def test_without_hard_links_the_files_are_written(tmp_path, flushed, monkeypatch):
    files = {"index.html": b"<p>een</p>"}
    target = _replace(tmp_path, files)

    def no_links(*args, **kwargs):
        raise OSError(1, "Operation not permitted")  # FAT, some network shares

    monkeypatch.setattr(storage.os, "link", no_links)
    flushed.clear()
    _replace(tmp_path, files)
    assert _files(target) == files
    assert len(flushed) == 1
