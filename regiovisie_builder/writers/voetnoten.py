"""Footnote numbering shared by the writers: numbers in order of first reference."""

from __future__ import annotations

from regiovisie_builder.model import Bron, Document, FootnoteRef

# Per node class: the fields that can hold nodes (tuples or other nodes), in field order.
_VELDEN: dict[type, tuple[str, ...]] = {}
# The last document numbered and its numbers: the writers of one build (HTML, Word, site)
# number the same immutable document, so the walk runs once.
_LAATSTE: list = [None, {}]


def _verwijzingen(boom, uit: list[str]) -> None:
    """The keys of the footnote references in ``boom``, depth first in document order (as
    ``model.doorloop``, without a generator per node: the walk is a fifth of an HTML write)."""
    if isinstance(boom, tuple | list):
        for kind in boom:
            _verwijzingen(kind, uit)
        return
    soort = type(boom)
    if soort is FootnoteRef:
        uit.append(boom.key)
        return
    velden = _VELDEN.get(soort)
    if velden is None:
        velden = tuple(getattr(soort, "__dataclass_fields__", ())) if soort is not Bron else ()
        _VELDEN[soort] = velden
    for naam in velden:
        waarde = getattr(boom, naam)
        if isinstance(waarde, tuple | list) or hasattr(waarde, "__dataclass_fields__"):
            _verwijzingen(waarde, uit)


def volgorde(document: Document) -> dict[str, int]:
    """Footnote key -> number (1, 2, ...) in order of first reference in the body."""
    if _LAATSTE[0] is document:
        return dict(_LAATSTE[1])
    nummers: dict[str, int] = {}
    if document.footnotes:
        sleutels: list[str] = []
        _verwijzingen(document.body, sleutels)
        for sleutel in sleutels:
            if sleutel in document.footnotes:
                nummers.setdefault(sleutel, len(nummers) + 1)
    _LAATSTE[:] = [document, dict(nummers)]
    return nummers
