"""Open points ("nog in te vullen") described so a clerk can act on them: the municipality
by name and the line in regio.yaml where the value belongs."""

from __future__ import annotations

import re

from regiovisie_builder.dutch import counted
from regiovisie_builder.model import Regio

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _parts(path: str) -> tuple:
    return tuple(name if name else int(index) for name, index in _PART.findall(path))


def _line(regio: Regio, parts: tuple) -> int | None:
    """The line of the deepest part of ``parts`` that regio.yaml has."""
    while parts:
        if parts in regio.lines:
            return regio.lines[parts]
        parts = parts[:-1]
    return None


def describe(path: str, regio: Regio, file: str | None = None) -> str:
    """``regio.gemeenten[1].portefeuillehouder`` ->
    ``Havenstede: portefeuillehouder ontbreekt (regio.yaml, regel 12)``; a marker typed by
    hand in block ``file`` (its path is its text, ``[nog in te vullen: ...]``) ->
    ``[nog in te vullen: ...] staat zo in de tekst (content/x.md); vul het daar in``."""
    if path.startswith("["):
        where = f" ({file})" if file else ""
        return f"{path} staat zo in de tekst{where}; vul het daar in"
    parts = _parts(path)
    line = _line(regio, parts)
    place = f"{regio.file}, regel {line}" if line else regio.file
    if parts[:2] == ("regio", "gemeenten") and len(parts) > 3 and isinstance(parts[2], int):
        gemeenten = regio.gemeenten
        name = gemeenten[parts[2]]["naam"] if parts[2] < len(gemeenten) else f"gemeente {parts[2]}"
        rest = ".".join(str(d) for d in parts[3:])
        return f"{name}: {rest} ontbreekt ({place})"
    return f"{path} ontbreekt ({place})"


def count_points(count: int) -> str:
    """``1 open punt`` / ``3 open punten``."""
    return counted(count, "open punt", "open punten")


def describe_all(paths, regio: Regio) -> list[str]:
    """Every open point once, in order, described; ``paths``: (path, block file) pairs."""
    files: dict[str, str | None] = {}
    for path, file in paths:
        files.setdefault(path, file)
    return [describe(path, regio, file) for path, file in files.items()]
