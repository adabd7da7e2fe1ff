"""A list of abbreviations, made from the ones the text itself defines.

An abbreviation counts as defined where it follows its full form in brackets, as in
"Norm voor Opdrachtgeverschap (NvO)": the words before the bracket must spell the
abbreviation (first letters, small words such as "van" or "de" may be skipped, a word may
give more than one letter). The list goes at the end of documents with a table of contents,
as a table under an unnumbered heading; it runs before the numbering, which numbers it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache
from typing import assert_never

from regiovisie_builder.model import (
    Block,
    BlockQuote,
    CodeBlock,
    Document,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    Revision,
    Source,
    Table,
    Text,
    plain_text,
)

TITLE = "Lijst van afkortingen"
_SOURCE = Source("afkortingen", 1)
# "(NvO)", "(VNG)", "(GI)": two to ten letters, at least two capitals, a capital first.
_DEFINITION = re.compile(r"\(([A-Z][A-Za-z]{1,9})\)")
_WORD = re.compile(r"[\w'’-]+")
_SMALL = {"de", "het", "een", "van", "voor", "en", "op", "in", "der", "den", "te", "met", "of"}
_MAX_WORDS = 10


def _spells(abbreviation: str, words: tuple[str, ...]) -> bool:
    """Whether ``words`` spell ``abbreviation``: each word gives the next letter (its first)
    and perhaps more letters from inside it; small words may give none.

    A single word gives more letters only from its capitals or the starts of its parts
    ("IJmond", "Zuid-Kennemerland"), so "Haarlem (HLM)" is no definition.
    """
    letters = abbreviation.lower()
    small = tuple(w.lower() for w in words)
    strict = len(words) == 1

    def inside(j: int, position: int) -> bool:
        word = words[j]
        return not strict or word[position].isupper() or word[position - 1] == "-"

    @cache
    def past(i: int, j: int) -> bool:
        if j == len(small):
            return i == len(letters)
        word = small[j]
        if word in _SMALL and j > 0 and past(i, j + 1):
            return True
        if i == len(letters) or word[0] != letters[i]:
            return False
        # The word gives its first letter and then any further letters found in it, in order.
        k, position = i + 1, 1
        options = [k]
        while k < len(letters):
            found = word.find(letters[k], position)
            while found >= 0 and not inside(j, found):
                found = word.find(letters[k], found + 1)
            if found < 0:
                break
            k, position = k + 1, found + 1
            options.append(k)
        return any(past(k, j + 1) for k in options)

    return past(0, 0)


def find_abbreviations(text: str) -> list[tuple[str, str]]:
    """(abbreviation, full form) for every definition in ``text``, in order."""
    found = []
    for hit in _DEFINITION.finditer(text):
        abbreviation = hit.group(1)
        if sum(c.isupper() for c in abbreviation) < 2:
            continue
        words = [w for w in _WORD.findall(text[: hit.start()])][-_MAX_WORDS:]
        candidates = [
            tuple(words[-count:])
            for count in range(1, len(words) + 1)
            if _spells(abbreviation, tuple(words[-count:]))
        ]
        # The shortest spelling, unless it starts with a small word ("van Nederlandse
        # Gemeenten" for VNG, where "Vereniging van Nederlandse Gemeenten" is meant).
        best = next((k for k in candidates if k[0].lower() not in _SMALL), None)
        if best or candidates:
            found.append((abbreviation, " ".join(best or candidates[0])))
    return found


def _texts(blocks: tuple[Block, ...]) -> Iterator[str]:
    """The running text of ``blocks`` in document order, one string per paragraph and table
    cell. Only blocks are descended into: the inline content of a paragraph is read as a
    whole (``plain_text``), never node by node."""
    for block in blocks:
        match block:
            case Paragraph():
                yield plain_text(block.content)
            case Table():
                for row in block.rows:
                    for cell in row:
                        yield plain_text(cell)
            case ListBlock():
                for item in block.items:
                    yield from _texts(item)
            case BlockQuote() | Revision():
                yield from _texts(block.blocks)
            case Heading() | CodeBlock() | Figure():
                pass  # abbreviations are explained in running text and tables
            case _:
                assert_never(block)


def add_abbreviations(document: Document) -> Document:
    """``document`` with a list of the abbreviations it defines at the end (when it has a
    table of contents and defines at least one)."""
    if not document.meta.inhoudsopgave:
        return document
    items: dict[str, str] = {}
    for text in _texts(document.body):
        if "(" in text:
            for abbreviation, in_full in find_abbreviations(text):
                items.setdefault(abbreviation, in_full)
    if not items:
        return document
    table = Table(
        header=((Text("Afkorting"),), (Text("Betekenis"),)),
        rows=tuple(
            ((Text(a),), (Text(items[a]),)) for a in sorted(items, key=lambda a: a.casefold())
        ),
        align=(None, None),
        source=_SOURCE,
        caption=(Text("Afkortingen in dit document"),),
        id="afkortingen-tabel",
    )
    heading = Heading(1, (Text(TITLE),), "afkortingen", _SOURCE, numbered=False)
    return replace(document, body=(*document.body, heading, table))
