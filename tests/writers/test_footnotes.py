"""Footnote numbers: in order of first reference, wherever in the body the reference sits."""

from __future__ import annotations

import dataclasses

from regiovisie_builder.model import (
    Document,
    Emph,
    FootnoteRef,
    Heading,
    Link,
    ListBlock,
    Meta,
    Paragraph,
    Source,
    Table,
    Text,
    walk,
)
from regiovisie_builder.writers.footnotes import order


def _document(body, footnotes) -> Document:
    fields = {f.name for f in dataclasses.fields(Meta) if f.default is dataclasses.MISSING}
    meta = Meta(**{name: "x" for name in fields})  # type: ignore[arg-type]
    return Document(meta=meta, body=tuple(body), footnotes=footnotes)


def test_numbers_follow_first_reference_in_nested_blocks():
    source = Source("content/a.md", 1)
    body = [
        Heading(1, (Text("Kop"), FootnoteRef("kop")), "kop", source),
        ListBlock(False, (((Paragraph((Emph((FootnoteRef("lijst"),)),), source),),)), source),
        Table(
            header=((Text("A"),),),
            rows=(((Link((FootnoteRef("tabel"),), "#x"),),),),
            align=(None,),
            source=source,
        ),
        Paragraph((FootnoteRef("lijst"), FootnoteRef("onbekend"), FootnoteRef("laatste")), source),
    ]
    notes = {k: (Paragraph((Text(k),), source),) for k in ("kop", "lijst", "tabel", "laatste")}
    document = _document(body, notes)
    numbers = order(document)
    assert numbers == {"kop": 1, "lijst": 2, "tabel": 3, "laatste": 4}
    # The same as a walk over every node of the model.
    expected: dict[str, int] = {}
    for node in walk(document.body):
        if isinstance(node, FootnoteRef) and node.key in notes:
            expected.setdefault(node.key, len(expected) + 1)
    assert list(numbers.items()) == list(expected.items())
    # A second writer of the same document gets the same numbers (and may change its copy).
    numbers["kop"] = 99
    assert order(document)["kop"] == 1
