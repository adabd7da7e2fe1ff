"""Word-level comparison of inline spans: old and new text merged with ``Ins`` and ``Del``.

The spans are flattened to tokens (a word or a run of spaces, with the formatting it sits
in), compared with ``difflib.SequenceMatcher`` and rebuilt with the formatting outermost and
``Ins``/``Del`` innermost, so a tracked change only ever holds leaf spans (Word allows runs,
not hyperlinks, inside ``w:ins``/``w:del``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import assert_never

from regiovisie_builder.model import (
    Code,
    Del,
    Emph,
    FootnoteRef,
    Inline,
    Ins,
    LineBreak,
    Link,
    Marker,
    Strong,
    Text,
)

WORD = re.compile(r"\s+|[^\s]+")

# Above this many tokens on either side a paragraph is compared in chunks of sentences,
# so a huge paragraph cannot make the matcher quadratic.
LARGE = 4000


@dataclass(frozen=True)
class _Token:
    """One word, one run of spaces or one atomic span, with its formatting path."""

    path: tuple  # e.g. (("strong",), ("link", "https://..."))
    soort: str  # "text", "code" or "atoom"
    value: object  # the text, or the atomic span itself

    def key(self) -> tuple:
        return (self.path, self.soort, self.value)


def _tokens(content: Iterable[Inline], path: tuple = ()) -> list[_Token]:
    out: list[_Token] = []
    for item in content:
        match item:
            case Text():
                out += [_Token(path, "text", w) for w in WORD.findall(item.text)]
            case Code():
                out += [_Token(path, "code", w) for w in WORD.findall(item.text)]
            case Emph():
                out += _tokens(item.content, (*path, ("emph",)))
            case Strong():
                out += _tokens(item.content, (*path, ("strong",)))
            case Link():
                out += _tokens(item.content, (*path, ("link", item.target)))
            case Ins() | Del():
                out += _tokens(item.content, path)
            case LineBreak() | FootnoteRef() | Marker():
                out.append(_Token(path, "atoom", item))
            case _:
                assert_never(item)
    return out


def _browse(tokens: list[_Token]) -> list:
    """Merge neighbouring text (or code) tokens into one leaf span each."""
    out: list = []
    for token in tokens:
        if token.soort == "atoom":
            out.append(token.value)
            continue
        text = str(token.value)  # a text or code token holds its text
        if token.soort == "text" and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + text)
        elif token.soort == "code" and out and isinstance(out[-1], Code):
            out[-1] = Code(out[-1].text + text)
        else:
            out.append(Text(text) if token.soort == "text" else Code(text))
    return out


def _structure(series: list[tuple[str, _Token]], depth: int = 0) -> tuple[Inline, ...]:
    """Rebuild spans from (status, token) pairs; status is "", "ins" or "del"."""
    out: list = []
    i = 0
    while i < len(series):
        _, token = series[i]
        if len(token.path) > depth:
            layer = token.path[depth]
            j = i
            while (
                j < len(series)
                and len(series[j][1].path) > depth
                and (series[j][1].path[depth] == layer)
            ):
                j += 1
            inside = _structure(series[i:j], depth + 1)
            if layer[0] == "emph":
                out.append(Emph(inside))
            elif layer[0] == "strong":
                out.append(Strong(inside))
            else:
                out.append(Link(inside, layer[1]))
            i = j
            continue
        status = series[i][0]
        j = i
        while j < len(series) and series[j][0] == status and len(series[j][1].path) == depth:
            j += 1
        browse = tuple(_browse([t for _, t in series[i:j]]))
        if status == "ins":
            out.append(Ins(browse))
        elif status == "del":
            out.append(Del(browse))
        else:
            out.extend(browse)
        i = j
    return tuple(out)


def _opcodes(old: list[_Token], new: list[_Token]):
    a = [t.key() for t in old]
    b = [t.key() for t in new]
    if len(a) <= LARGE and len(b) <= LARGE:
        yield from difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
        return
    # Huge paragraphs: autojunk drops very common tokens (spaces, "de") from the index,
    # which keeps the matcher close to linear.
    yield from difflib.SequenceMatcher(None, a, b, autojunk=True).get_opcodes()


def compare_content(old, new) -> tuple[Inline, ...]:
    """The new spans with deletions and insertions marked word by word."""
    a, b = _tokens(old), _tokens(new)
    series: list[tuple[str, _Token]] = []
    for code, i1, i2, j1, j2 in _opcodes(a, b):
        if code == "equal":
            series += [("", t) for t in b[j1:j2]]
            continue
        series += [("del", t) for t in a[i1:i2]]
        series += [("ins", t) for t in b[j1:j2]]
    return _structure(series)


def counts(content: Iterable[Inline]) -> tuple[int, int]:
    """How many words were deleted and inserted in merged spans."""
    away = at = 0
    for item in content:
        match item:
            case Del():
                away += _words(item.content)
            case Ins():
                at += _words(item.content)
            case Emph() | Strong() | Link():
                w, b = counts(item.content)
                away, at = away + w, at + b
            case Text() | Code() | LineBreak() | FootnoteRef() | Marker():
                pass  # unchanged text
            case _:
                assert_never(item)
    return away, at


def _words(content) -> int:
    return sum(1 for t in _tokens(content) if t.soort == "atoom" or str(t.value).strip())
