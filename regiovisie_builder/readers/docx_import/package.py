"""The draft as a checked zip package (``readers/ooxml.Pakket``: size limits against zip
bombs, parts read with a cap, XML parsed with defusedxml) and the WordprocessingML names the
import reads."""

from __future__ import annotations

import posixpath
import re

from regiovisie_builder.readers import ooxml

MAX_FILE = 50 * 1024 * 1024  # bytes, the file itself

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
V = "urn:schemas-microsoft-com:vml"
DOCUMENT_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def number(value: str | None) -> int | None:
    """A whole number from an attribute of the draft, or None. Not ``isdigit`` and ``int``:
    ``isdigit`` also passes "²", which ``int`` refuses, as it refuses 5,000 digits (a
    ValueError traceback for a draft from outside)."""
    return int(value) if value and re.fullmatch(r"[0-9]{1,9}", value) else None


# --- the package ---------------------------------------------------------------------------


class Package(ooxml.Package):
    """A checked .docx draft: ``ooxml.Package`` with the import's limits and texts (the user
    imports their own document, and the import writes files)."""

    MAX_FILE = MAX_FILE
    MAX_COMPONENTS = 3000
    MAX_TOTAL = 300 * 1024 * 1024  # bytes unpacked, whole package
    MAX_COMPONENT = 50 * 1024 * 1024  # bytes unpacked, one part (an image)
    MAX_XML = 40 * 1024 * 1024  # bytes unpacked, one XML part (a 500-page text is far less)
    SLOT = "Er is niets geschreven."
    SUSPECT = "wordt niet ingelezen"
    ADVIES = "Sla het document opnieuw op in Word."
    RESTORE = "open het in Word of LibreOffice, sla het op als .docx en probeer het opnieuw."
    FORM = ".docx-bestand"

    def __init__(self, content: bytes, file: str):
        super().__init__(content, file, "Word-bestand")

    def relations(self, name: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (target, target mode) of a part."""
        folder, file = posixpath.split(name)
        root = self.xml(posixpath.join(folder, "_rels", file + ".rels"))
        if root is None:
            return {}
        return {
            r.get("Id", ""): (r.get("Target", ""), r.get("TargetMode", ""))
            for r in root.iter(f"{{{PR}}}Relationship")
        }
