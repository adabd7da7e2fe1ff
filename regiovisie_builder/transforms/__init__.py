"""Transforms: Document -> Document steps, run in a fixed order by ``transformeer``.

The list is the one place that says which transforms a document goes through; the build
(``pipeline``) and a frozen version read back (``versies``) both use it, so a published
version is numbered and cross-referenced exactly as it was built.
"""

from __future__ import annotations

from collections.abc import Callable

from regiovisie_builder.model import Document
from regiovisie_builder.transforms.afkortingen import voeg_afkortingen_toe
from regiovisie_builder.transforms.nummering import nummer
from regiovisie_builder.transforms.verwijzingen import verwijs

TRANSFORMS: list[Callable[[Document], Document]] = [voeg_afkortingen_toe, nummer, verwijs]


def transformeer(document: Document) -> Document:
    """``document`` after every transform in ``TRANSFORMS``, in order."""
    for transform in TRANSFORMS:
        document = transform(document)
    return document
