"""Transforms: Document -> Document steps, run in a fixed order by ``transform``.

The list is the one place that says which transforms a document goes through; the build
(``pipeline``) and a frozen version read back (``versies``) both use it, so a published
version is numbered and cross-referenced exactly as it was built.
"""

from __future__ import annotations

from collections.abc import Callable

from regiovisie_builder.model import Document
from regiovisie_builder.transforms.abbreviations import add_abbreviations
from regiovisie_builder.transforms.numbering import number
from regiovisie_builder.transforms.references import refer

TRANSFORMS: list[Callable[[Document], Document]] = [add_abbreviations, number, refer]


def transform(document: Document) -> Document:
    """``document`` after every transform in ``TRANSFORMS``, in order."""
    for transform in TRANSFORMS:
        document = transform(document)
    return document
