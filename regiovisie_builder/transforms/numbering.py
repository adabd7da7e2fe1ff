"""Number headings (1, 1.1, 1.1.1), tables and figures, and make every anchor unique.

One pass over the flat block list: linear in the size of the document.
"""

from __future__ import annotations

from dataclasses import replace
from typing import assert_never

from regiovisie_builder.model import (
    BlockQuote,
    CodeBlock,
    Document,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    Revision,
    Table,
)


def number(document: Document) -> Document:
    """A copy of ``document`` with heading and table numbers and unique anchors."""
    counters = [0, 0, 0]
    hoofdstukken = counters
    bijlagen = 0
    bijlage = ""  # the letter of the appendix being numbered
    tables = 0
    figures = 0
    used: dict[str, int] = {}
    section_numbers: dict[str, str] = {}
    body = []
    for block in document.body:
        match block:
            case Heading():
                anchor = _unique(block.id, used)
                number_ = None
                if block.level == 1 and block.appendix:
                    # Appendices count with letters and restart the numbering below them.
                    bijlage = _letter(bijlagen)
                    bijlagen += 1
                    counters = [0, 0, 0]
                    number_ = f"{BIJLAGE} {bijlage}"
                elif block.level == 1:
                    bijlage = ""
                    if bijlagen:  # a chapter after the appendices continues the chapters
                        counters = hoofdstukken
                if (
                    block.numbered
                    and block.level <= 3
                    and not (block.level == 1 and block.appendix)
                ):
                    level = block.level - 1
                    counters[level] += 1
                    for lower in range(level + 1, 3):
                        counters[lower] = 0
                    number_ = ".".join(str(t) for t in counters[: level + 1])
                    if bijlage:  # "A.1", "A.1.2" below Bijlage A
                        number_ = ".".join([bijlage, *(str(t) for t in counters[1 : level + 1])])
                block = replace(block, id=anchor, number=number_)
                if block.block_id:
                    section_numbers[block.block_id] = number_ or ""
            case Table():
                tables += 1
                block = replace(block, number=tables, id=block.id or f"tabel-{tables}")
            case Figure():
                figures += 1
                block = replace(block, number=figures, id=block.id or f"figuur-{figures}")
            case Paragraph() | ListBlock() | BlockQuote() | CodeBlock() | Revision():
                pass  # not numbered
            case _:
                assert_never(block)
        body.append(block)
    blocks = tuple(replace(b, section_number=section_numbers.get(b.id)) for b in document.blokken)
    return replace(document, body=tuple(body), blokken=blocks)


BIJLAGE = "Bijlage"


def _letter(index: int) -> str:
    """A, B, ... Z, AA, AB, ...: the letter of the ``index``-th appendix (from 0)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _unique(anchor: str, used: dict[str, int]) -> str:
    if anchor not in used:
        used[anchor] = 1
        return anchor
    used[anchor] += 1
    new = f"{anchor}-{used[anchor]}"
    while new in used:
        used[anchor] += 1
        new = f"{anchor}-{used[anchor]}"
    used[new] = 1
    return new
