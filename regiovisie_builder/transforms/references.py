"""Cross-references: ``[](#blok-id)`` shows the number of the paragraph it points to.

A link to ``#anchor`` with empty text becomes "paragraaf 3.2" (or "tabel 4", or the heading's
title when it has no number), so a reference stays right when chapters move. A link to an
anchor that does not exist is a content error with the file and line of the paragraph.
Runs after the numbering transform.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from typing import assert_never

from regiovisie_builder.errors import ContentError, Problem
from regiovisie_builder.model import (
    BlockQuote,
    Code,
    CodeBlock,
    Document,
    Figure,
    FootnoteRef,
    Heading,
    LineBreak,
    Link,
    ListBlock,
    Marker,
    Paragraph,
    Revision,
    Source,
    Table,
    Text,
    plain_text,
)

# Nodes that cannot contain a link: the walk stops there (most nodes of a document are Text).
_BROWSE = (Text, Code, LineBreak, FootnoteRef, Marker, Source, str)
_FIELDS: dict[type, tuple[str, ...]] = {}


def _fields(soort: type) -> tuple[str, ...]:
    """The field names of a model class (``dataclasses.fields`` is slow in a hot loop)."""
    names = _FIELDS.get(soort)
    if names is None:
        names = _FIELDS[soort] = tuple(field.name for field in fields(soort))
    return names


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


def refer(document: Document) -> Document:
    """A copy of ``document`` with empty cross-references filled in; error on broken ones."""
    targets = _targets(document)
    problems: list[Problem] = []

    def substitute(node, source: Source | None):
        if isinstance(node, _BROWSE):
            return node
        if isinstance(node, Link) and node.target.startswith("#"):
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
        if isinstance(node, tuple):
            new = tuple(substitute(kind, source) for kind in node)
            return node if all(a is b for a, b in zip(new, node, strict=True)) else new
        if is_dataclass(node) and not isinstance(node, type):
            own_source = getattr(node, "source", None) or source
            changes = {}
            for name in _fields(type(node)):
                value = getattr(node, name)
                if isinstance(value, tuple):
                    new = substitute(value, own_source)
                    if new is not value:
                        changes[name] = new
            return replace(node, **changes) if changes else node
        return node

    body = substitute(document.body, None)
    footnotes = {key: substitute(blocks, None) for key, blocks in document.footnotes.items()}
    if problems:
        raise ContentError(
            f"{len(problems)} verwijzing(en) wijzen naar een onbekende plek. Er is niets gebouwd.",
            problems,
        )
    return replace(document, body=body, footnotes=footnotes)
