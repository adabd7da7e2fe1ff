"""Footnote numbering shared by the writers: numbers in order of first reference."""

from __future__ import annotations

from regiovisie_builder.model import Document, FootnoteRef


def volgorde(document: Document) -> dict[str, int]:
    """Footnote key -> number (1, 2, ...) in order of first reference in the body."""
    nummers: dict[str, int] = {}

    def zoek(knoop) -> None:
        if isinstance(knoop, FootnoteRef):
            if knoop.key in document.footnotes and knoop.key not in nummers:
                nummers[knoop.key] = len(nummers) + 1
        elif isinstance(knoop, tuple | list):
            for kind in knoop:
                zoek(kind)
        elif hasattr(knoop, "__dataclass_fields__"):
            for naam in knoop.__dataclass_fields__:
                if naam != "bron":
                    zoek(getattr(knoop, naam))

    zoek(document.body)
    return nummers
