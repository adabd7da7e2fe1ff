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

WOORD = re.compile(r"\s+|[^\s]+")

# Above this many tokens on either side a paragraph is compared in chunks of sentences,
# so a huge paragraph cannot make the matcher quadratic.
GROOT = 4000


@dataclass(frozen=True)
class _Token:
    """One word, one run of spaces or one atomic span, with its formatting path."""

    pad: tuple  # e.g. (("strong",), ("link", "https://..."))
    soort: str  # "text", "code" or "atoom"
    waarde: object  # the text, or the atomic span itself

    def sleutel(self) -> tuple:
        return (self.pad, self.soort, self.waarde)


def _tokens(inhoud: Iterable[Inline], pad: tuple = ()) -> list[_Token]:
    uit: list[_Token] = []
    for item in inhoud:
        match item:
            case Text():
                uit += [_Token(pad, "text", w) for w in WOORD.findall(item.text)]
            case Code():
                uit += [_Token(pad, "code", w) for w in WOORD.findall(item.text)]
            case Emph():
                uit += _tokens(item.content, (*pad, ("emph",)))
            case Strong():
                uit += _tokens(item.content, (*pad, ("strong",)))
            case Link():
                uit += _tokens(item.content, (*pad, ("link", item.target)))
            case Ins() | Del():
                uit += _tokens(item.content, pad)
            case LineBreak() | FootnoteRef() | Marker():
                uit.append(_Token(pad, "atoom", item))
            case _:
                assert_never(item)
    return uit


def _bladeren(tokens: list[_Token]) -> list:
    """Merge neighbouring text (or code) tokens into one leaf span each."""
    uit: list = []
    for token in tokens:
        if token.soort == "atoom":
            uit.append(token.waarde)
            continue
        tekst = str(token.waarde)  # a text or code token holds its text
        if token.soort == "text" and uit and isinstance(uit[-1], Text):
            uit[-1] = Text(uit[-1].text + tekst)
        elif token.soort == "code" and uit and isinstance(uit[-1], Code):
            uit[-1] = Code(uit[-1].text + tekst)
        else:
            uit.append(Text(tekst) if token.soort == "text" else Code(tekst))
    return uit


def _opbouw(reeks: list[tuple[str, _Token]], diepte: int = 0) -> tuple[Inline, ...]:
    """Rebuild spans from (status, token) pairs; status is "", "ins" or "del"."""
    uit: list = []
    i = 0
    while i < len(reeks):
        _, token = reeks[i]
        if len(token.pad) > diepte:
            laag = token.pad[diepte]
            j = i
            while (
                j < len(reeks)
                and len(reeks[j][1].pad) > diepte
                and (reeks[j][1].pad[diepte] == laag)
            ):
                j += 1
            binnen = _opbouw(reeks[i:j], diepte + 1)
            if laag[0] == "emph":
                uit.append(Emph(binnen))
            elif laag[0] == "strong":
                uit.append(Strong(binnen))
            else:
                uit.append(Link(binnen, laag[1]))
            i = j
            continue
        status = reeks[i][0]
        j = i
        while j < len(reeks) and reeks[j][0] == status and len(reeks[j][1].pad) == diepte:
            j += 1
        bladeren = tuple(_bladeren([t for _, t in reeks[i:j]]))
        if status == "ins":
            uit.append(Ins(bladeren))
        elif status == "del":
            uit.append(Del(bladeren))
        else:
            uit.extend(bladeren)
        i = j
    return tuple(uit)


def _opcodes(oud: list[_Token], nieuw: list[_Token]):
    a = [t.sleutel() for t in oud]
    b = [t.sleutel() for t in nieuw]
    if len(a) <= GROOT and len(b) <= GROOT:
        yield from difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
        return
    # Huge paragraphs: autojunk drops very common tokens (spaces, "de") from the index,
    # which keeps the matcher close to linear.
    yield from difflib.SequenceMatcher(None, a, b, autojunk=True).get_opcodes()


def vergelijk_inhoud(oud, nieuw) -> tuple[Inline, ...]:
    """The new spans with deletions and insertions marked word by word."""
    a, b = _tokens(oud), _tokens(nieuw)
    reeks: list[tuple[str, _Token]] = []
    for code, i1, i2, j1, j2 in _opcodes(a, b):
        if code == "equal":
            reeks += [("", t) for t in b[j1:j2]]
            continue
        reeks += [("del", t) for t in a[i1:i2]]
        reeks += [("ins", t) for t in b[j1:j2]]
    return _opbouw(reeks)


def aantallen(inhoud: Iterable[Inline]) -> tuple[int, int]:
    """How many words were deleted and inserted in merged spans."""
    weg = bij = 0
    for item in inhoud:
        match item:
            case Del():
                weg += _woorden(item.content)
            case Ins():
                bij += _woorden(item.content)
            case Emph() | Strong() | Link():
                w, b = aantallen(item.content)
                weg, bij = weg + w, bij + b
            case Text() | Code() | LineBreak() | FootnoteRef() | Marker():
                pass  # unchanged text
            case _:
                assert_never(item)
    return weg, bij


def _woorden(inhoud) -> int:
    return sum(1 for t in _tokens(inhoud) if t.soort == "atoom" or str(t.waarde).strip())
