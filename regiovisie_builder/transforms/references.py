"""Cross-references: ``[](#blok-id)`` shows the number of the paragraph it points to.

A link to ``#anchor`` with empty text becomes "paragraaf 3.2" (or "tabel 4", or the heading's
title when it has no number), so a reference stays right when chapters move. A link to an
anchor that does not exist is a content error with the file and line of the paragraph.
Runs after the numbering transform.
"""

from __future__ import annotations

from dataclasses import replace
from typing import assert_never

from regiovisie_builder.dutch import counted
from regiovisie_builder.errors import ContentError, Problem
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
    Source,
    Strong,
    Table,
    Text,
    plain_text,
)


def _targets(document: Document) -> dict[str, str]:
    """Anchor -> the text a reference to it shows."""
    targets: dict[str, str] = {}
    for block in document.body:
        match block:
            case Heading():
                if block.number and block.appendix:  # "Bijlage A" -> "bijlage A"
                    text = block.number[0].lower() + block.number[1:]
                elif block.number:
                    text = f"paragraaf {block.number}"
                else:
                    text = plain_text(block.content)
                targets[block.id] = text
                if block.block_id:
                    targets.setdefault(block.block_id, text)
            case Table():
                if block.id:
                    targets[block.id] = f"tabel {block.number}"
            case Figure():
                if block.id:
                    targets[block.id] = f"figuur {block.number}"
            case Paragraph() | ListBlock() | BlockQuote() | CodeBlock() | Revision():
                pass  # not a target of a cross-reference
            case _:
                assert_never(block)
    return targets


def _same(old: tuple, new: tuple) -> tuple:
    """``old`` when every part of ``new`` is the very same object (nothing changed)."""
    return old if all(a is b for a, b in zip(new, old, strict=True)) else new


def refer(document: Document) -> Document:
    """A copy of ``document`` with empty cross-references filled in; error on broken ones.

    The walk knows every node class (one case each, checked by ``assert_never``) and
    returns an unchanged node itself, so only the blocks with a reference are copied."""
    targets = _targets(document)
    problems: list[Problem] = []

    def link(node: Link, source: Source | None) -> Link:
        anchor = node.target[1:]
        if anchor not in targets:
            place = source or Source("?")
            problems.append(
                Problem(
                    place.file,
                    place.line,
                    f"de verwijzing naar '#{anchor}' wijst naar niets; gebruik het id van "
                    "een blok, een kop, een tabel of een figuur (figuur-1, figuur-2, ...).",
                )
            )
            return node
        if not plain_text(node.content).strip():
            return replace(node, content=(Text(targets[anchor]),))
        return node

    def inlines(content: tuple[Inline, ...], source: Source | None) -> tuple[Inline, ...]:
        new: list[Inline] | None = None
        for index, node in enumerate(content):
            changed: Inline
            match node:
                case Text() | Code() | LineBreak() | FootnoteRef() | Marker():
                    continue  # holds no link
                case Link() if node.target.startswith("#"):
                    changed = link(node, source)
                case Link() | Emph() | Strong() | Ins() | Del():
                    inner = inlines(node.content, source)
                    changed = node if inner is node.content else replace(node, content=inner)
                case _:
                    assert_never(node)
            if changed is not node:
                if new is None:
                    new = list(content)
                new[index] = changed
        return content if new is None else tuple(new)

    def cells(row: tuple[tuple[Inline, ...], ...], source: Source) -> tuple:
        return _same(row, tuple(inlines(cell, source) for cell in row))

    def blocks(content: tuple[Block, ...], source: Source | None) -> tuple[Block, ...]:
        return _same(content, tuple(block(node, source) for node in content))

    def block(node: Block, source: Source | None) -> Block:
        match node:
            case Paragraph() | Heading():
                inner = inlines(node.content, node.source)
                return node if inner is node.content else replace(node, content=inner)
            case ListBlock():
                items = _same(node.items, tuple(blocks(item, node.source) for item in node.items))
                return node if items is node.items else replace(node, items=items)
            case Table():
                header = cells(node.header, node.source)
                rows = _same(node.rows, tuple(cells(row, node.source) for row in node.rows))
                caption = inlines(node.caption, node.source)
                if header is node.header and rows is node.rows and caption is node.caption:
                    return node
                return replace(node, header=header, rows=rows, caption=caption)
            case BlockQuote():
                inner_blocks = blocks(node.blocks, node.source)
                return node if inner_blocks is node.blocks else replace(node, blocks=inner_blocks)
            case Revision():  # no source of its own: the enclosing block's
                inner_blocks = blocks(node.blocks, source)
                return node if inner_blocks is node.blocks else replace(node, blocks=inner_blocks)
            case Figure():
                caption = inlines(node.caption, node.source)
                return node if caption is node.caption else replace(node, caption=caption)
            case CodeBlock():
                return node
            case _:
                assert_never(node)

    body = blocks(document.body, None)
    footnotes = {key: blocks(content, None) for key, content in document.footnotes.items()}
    if problems:
        raise ContentError(
            f"{counted(len(problems), 'verwijzing wijst', 'verwijzingen wijzen')} naar een "
            "onbekende plek. Er is niets gebouwd.",
            problems,
        )
    return replace(document, body=body, footnotes=footnotes)
