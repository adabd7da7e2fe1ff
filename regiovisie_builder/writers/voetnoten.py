"""Footnote numbering shared by the writers: numbers in order of first reference."""

from __future__ import annotations

from regiovisie_builder.model import Document, FootnoteRef, doorloop


def volgorde(document: Document) -> dict[str, int]:
    """Footnote key -> number (1, 2, ...) in order of first reference in the body."""
    nummers: dict[str, int] = {}
    for knoop in doorloop(document.body):
        if isinstance(knoop, FootnoteRef) and knoop.key in document.footnotes:
            nummers.setdefault(knoop.key, len(nummers) + 1)
    return nummers
