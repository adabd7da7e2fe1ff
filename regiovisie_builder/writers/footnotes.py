"""Footnote numbering shared by the writers: numbers in order of first reference."""

from __future__ import annotations

from typing import assert_never

from regiovisie_builder.model import (
    Block,
    BlockQuote,
    Code,
    CodeBlock,
    Del,
    Document,
    Emph,
    Figure,
    FootnoteRef,
    Heading,
    Inline,
    Ins,
    LineBreak,
    Link,
    ListBlock,
    Marker,
    Paragraph,
    Revision,
    Strong,
    Table,
    Text,
)

# The last document numbered and its numbers: the writers of one build (HTML, Word, site)
# number the same immutable document, so the walk runs once.
_LAST: list = [None, {}]


def _in_text(content: tuple[Inline, ...], out: list[str]) -> None:
    for node in content:
        match node:
            case FootnoteRef():
                out.append(node.key)
            case Emph() | Strong() | Link() | Ins() | Del():
                _in_text(node.content, out)
            case Text() | Code() | LineBreak() | Marker():
                pass
            case _:
                assert_never(node)


def _references(blocks: tuple[Block, ...], out: list[str]) -> None:
    """The keys of the footnote references in ``blocks``, in document order: a table's
    header, then its rows, then its caption. One case per node class, so a new kind of
    node cannot be passed over unnoticed (``assert_never``)."""
    for block in blocks:
        match block:
            case Paragraph() | Heading():
                _in_text(block.content, out)
            case ListBlock():
                for item in block.items:
                    _references(item, out)
            case Table():
                for row in (block.header, *block.rows):
                    for cell in row:
                        _in_text(cell, out)
                _in_text(block.caption, out)
            case BlockQuote() | Revision():
                _references(block.blocks, out)
            case Figure():
                _in_text(block.caption, out)
            case CodeBlock():
                pass
            case _:
                assert_never(block)


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
