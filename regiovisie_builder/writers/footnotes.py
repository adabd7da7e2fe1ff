"""Footnote numbering shared by the writers: numbers in order of first reference."""

from __future__ import annotations

from regiovisie_builder.model import Document, FootnoteRef, Source

# Per node class: the fields that can hold nodes (tuples or other nodes), in field order.
_FIELDS: dict[type, tuple[str, ...]] = {}
# The last document numbered and its numbers: the writers of one build (HTML, Word, site)
# number the same immutable document, so the walk runs once.
_LAST: list = [None, {}]


def _references(tree, out: list[str]) -> None:
    """The keys of the footnote references in ``tree``, depth first in document order (as
    ``model.walk``, without a generator per node: the walk is a fifth of an HTML write)."""
    if isinstance(tree, tuple | list):
        for kind in tree:
            _references(kind, out)
        return
    soort = type(tree)
    if soort is FootnoteRef:
        out.append(tree.key)
        return
    fields = _FIELDS.get(soort)
    if fields is None:
        fields = tuple(getattr(soort, "__dataclass_fields__", ())) if soort is not Source else ()
        _FIELDS[soort] = fields
    for name in fields:
        value = getattr(tree, name)
        if isinstance(value, tuple | list) or hasattr(value, "__dataclass_fields__"):
            _references(value, out)


def order(document: Document) -> dict[str, int]:
    """Footnote key -> number (1, 2, ...) in order of first reference in the body."""
    if _LAST[0] is document:
        return dict(_LAST[1])
    numbers: dict[str, int] = {}
    if document.footnotes:
        keys: list[str] = []
        _references(document.body, keys)
        for key in keys:
            if key in document.footnotes:
                numbers.setdefault(key, len(numbers) + 1)
    _LAST[:] = [document, dict(numbers)]
    return numbers
