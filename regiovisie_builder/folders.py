"""Walking a folder tree that came with a workspace: without recursion, without following
a symlink to a folder.

A workspace travels by e-mail and on shared drives: its folders may be nested a thousand
deep (a zip holds that in a few kilobytes), deeper than Python's recursion limit, where
``os.walk``, ``Path.rglob`` and ``shutil.rmtree`` (as in Python 3.11) end in a
``RecursionError``. The depth is bounded by the longest path the system allows, not by the
stack.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path


def entries(folder: Path) -> Iterator[tuple[str, os.DirEntry]]:
    """Every entry below ``folder``: its path relative to ``folder`` (with ``/``) and the
    entry, a folder before what it holds. A symlink to a folder is given but not entered;
    a folder that cannot be read is skipped (as ``os.walk`` does)."""
    waiting: list[tuple[str, str]] = [("", os.fspath(folder))]
    while waiting:
        before, path = waiting.pop()
        try:
            with os.scandir(path) as found:
                inside = list(found)
        except OSError:
            continue
        for entry in inside:
            name = before + entry.name
            yield name, entry
            try:
                if entry.is_dir(follow_symlinks=False):
                    waiting.append((f"{name}/", entry.path))
            except OSError:
                pass
