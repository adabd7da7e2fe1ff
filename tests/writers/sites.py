"""Test helpers shared by the site test modules: build, read a page, fingerprint."""

from __future__ import annotations

import hashlib
from pathlib import Path

from lxml import html as lxml_html

from tests.conftest import run_cli


def build(werkmap: Path, *formats: str):
    """``regiovisie build`` in-process with the given formats (default: the site only)."""
    args: list[str | Path] = ["build", werkmap]
    for fmt in formats or ("site",):
        args += ["--formaat", fmt]
    return run_cli(*args)


def page(path: Path):
    return lxml_html.fromstring(path.read_bytes())


def hashes(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under ``folder``: its sha256 and modification time."""
    return {
        p.relative_to(folder).as_posix(): (
            hashlib.sha256(p.read_bytes()).hexdigest(),
            p.stat().st_mtime_ns,
        )
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
