"""Helpers for the Word writer tests: build example workspaces once, read parts of a .docx."""

from __future__ import annotations

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


def deel(pad: Path, naam: str):
    """A part of a .docx package as an lxml tree."""
    with zipfile.ZipFile(pad) as pakket:
        return etree.fromstring(pakket.read(naam))


def delen(pad: Path, patroon: str) -> list:
    """Every part whose name matches ``patroon`` (e.g. ``word/header\\d+.xml``)."""
    with zipfile.ZipFile(pad) as pakket:
        return [
            etree.fromstring(pakket.read(n)) for n in pakket.namelist() if re.fullmatch(patroon, n)
        ]


def tekst(element) -> str:
    """The visible text of an element: its w:t runs joined."""
    return "".join(element.itertext(f"{{{W}}}t"))


def veldcodes(element) -> list[str]:
    """The instructions of every complex field below ``element``."""
    return [" ".join((t.text or "").split()) for t in element.iter(f"{{{W}}}instrText")]


def getal(cel: str) -> int:
    """A Dutch formatted whole number or amount: ``€ 1.234`` / ``102.600`` -> int."""
    return int(re.sub(r"[^\d-]", "", cel))
