"""Helpers for the Word writer tests: build example workspaces once, read parts of a .docx."""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "v": "urn:schemas-microsoft-com:vml",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}


def part(path: Path, name: str):
    """A part of a .docx package as an lxml tree."""
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(name))


def parts(path: Path, pattern: str) -> list:
    """Every part whose name matches ``pattern`` (e.g. ``word/header\\d+.xml``)."""
    with zipfile.ZipFile(path) as package:
        return [
            etree.fromstring(package.read(n))
            for n in package.namelist()
            if re.fullmatch(pattern, n)
        ]


def relationships(package: zipfile.ZipFile, name: str) -> dict[str, str]:
    """Id -> target of the relationships of part ``name``: its own ``_rels`` file, where Word
    looks up an ``r:id`` of that part."""
    rels = posixpath.join(posixpath.dirname(name), "_rels", f"{posixpath.basename(name)}.rels")
    if rels not in package.namelist():
        return {}
    return {r.get("Id"): r.get("Target") for r in etree.fromstring(package.read(rels))}


def text(element) -> str:
    """The visible text of an element: its w:t runs joined."""
    return "".join(element.itertext(f"{{{W}}}t"))


def field_codes(element) -> list[str]:
    """The instructions of every complex field below ``element``."""
    return [" ".join((t.text or "").split()) for t in element.iter(f"{{{W}}}instrText")]


def number(cell: str) -> int:
    """A Dutch formatted whole number or amount: ``€ 1.234`` / ``102.600`` -> int."""
    return int(re.sub(r"[^\d-]", "", cell))
