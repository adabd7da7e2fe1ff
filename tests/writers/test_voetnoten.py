"""Footnote numbers: in order of first reference, wherever in the body the reference sits."""

from __future__ import annotations

import dataclasses

from regiovisie_builder.model import (
    Bron,
    Document,
    Emph,
    FootnoteRef,
    Heading,
    Link,
    ListBlock,
    Meta,
    Paragraph,
    Table,
    Text,
    doorloop,
)
from regiovisie_builder.writers.voetnoten import volgorde


def _document(body, footnotes) -> Document:
    velden = {f.name for f in dataclasses.fields(Meta) if f.default is dataclasses.MISSING}
    meta = Meta(**{naam: "x" for naam in velden})  # type: ignore[arg-type]
    return Document(meta=meta, body=tuple(body), footnotes=footnotes)


def test_numbers_follow_first_reference_in_nested_blocks():
    bron = Bron("content/a.md", 1)
    body = [
        Heading(1, (Text("Kop"), FootnoteRef("kop")), "kop", bron),
        ListBlock(False, (((Paragraph((Emph((FootnoteRef("lijst"),)),), bron),),)), bron),
        Table(
            (Text("A"),),
            (),
            (((Link("#x", (FootnoteRef("tabel"),)),),),),
            bron=bron,
        ),
        Paragraph((FootnoteRef("lijst"), FootnoteRef("onbekend"), FootnoteRef("laatste")), bron),
    ]
    noten = {k: (Paragraph((Text(k),), bron),) for k in ("kop", "lijst", "tabel", "laatste")}
    document = _document(body, noten)
    nummers = volgorde(document)
    assert nummers == {"kop": 1, "lijst": 2, "tabel": 3, "laatste": 4}
    # The same as a walk over every node of the model.
    verwacht: dict[str, int] = {}
    for knoop in doorloop(document.body):
        if isinstance(knoop, FootnoteRef) and knoop.key in noten:
            verwacht.setdefault(knoop.key, len(verwacht) + 1)
    assert list(nummers.items()) == list(verwacht.items())
    # A second writer of the same document gets the same numbers (and may change its copy).
    nummers["kop"] = 99
    assert volgorde(document)["kop"] == 1
