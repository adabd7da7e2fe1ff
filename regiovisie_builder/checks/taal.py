"""Language advice for writers (SPEC: help with plain language and spelling): long sentences,
long words, abbreviations used before they are explained, and words the spelling dictionary
does not know. Advice, never an error.

Thresholds follow common B1 guidance: sentences up to about 20 words read easily; we flag
sentences over 25 words so the list stays short enough to act on.

Spelling is judged by a ``Speller`` the caller provides (the command runs Hunspell with its
Dutch dictionary). Only words in lower case are sent: words with a capital are names,
abbreviations or the first word of a sentence, and a dictionary would flag every name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
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

# Unique words -> the misspelled ones, each with suggestions (possibly none).
Speller = Callable[[Sequence[str]], Mapping[str, tuple[str, ...]]]

MAX_WORDS = 25
MAX_LETTERS = 25

# Abbreviations the shipped text uses, with what they stand for, so the advice can say what
# to write out. Others are still found, just without a suggestion.
ABBREVIATIONS = {
    "GI": "gecertificeerde instelling",
    "LTA": "landelijk transitiearrangement",
    "VNG": "Vereniging van Nederlandse Gemeenten",
    "NvO": "Norm voor Opdrachtgeverschap",
    "AMvB": "algemene maatregel van bestuur",
    "POH": "praktijkondersteuner huisarts",
    "GGZ": "geestelijke gezondheidszorg",
    "WGR": "Wet gemeenschappelijke regelingen",
    "OZJ": "Ondersteuningsteam Zorg voor de Jeugd",
    "KPI": "prestatie-indicator",
    "Wvggz": "Wet verplichte geestelijke gezondheidszorg",
}

_ZIN = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9ÁÉÍÓÚ'‘\"(])")
_WORD = re.compile(r"[^\W\d_][\w'-]*", re.UNICODE)
_ABBREVIATION = re.compile(r"\b(?:[A-Z]{2,6}|[A-Z][a-z]?[A-Z][A-Za-z]{0,4})\b")
# A word for the spelling check: letters, with inner hyphens or apostrophes ("zo-thuis", "baby's").
# A hyphen at the end ("reis- en verblijfkosten") is not part of the word.
_SPELL_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
MAX_SUGGESTIONS = 3


@dataclass(frozen=True)
class LanguageAdvice:
    """One piece of language advice: where (paragraph number, block) and what."""

    section_number: str
    block_id: str
    soort: str  # "lange zin", "lang woord", "afkorting"
    message: str


def _spoken(content: Iterable[Inline]) -> str:
    """The words of inline spans a reader sees, without code and open markers."""
    parts = []
    for item in content:
        match item:
            case Text():
                parts.append(item.text)
            case Emph() | Strong() | Link() | Ins():
                parts.append(_spoken(item.content))
            case LineBreak() | Code() | Del():
                parts.append(" ")
            case Marker() | FootnoteRef():
                pass  # a placeholder and a footnote mark are not prose
            case _:
                assert_never(item)
    return "".join(parts)


def _texts(blok: Block) -> list[str]:
    """The text of a block as a reader reads it, without code and open markers (a marker is
    a placeholder such as ``[nog in te vullen: inkoop.model]``, not prose); headings and
    table cells included."""
    match blok:
        case Paragraph() | Heading():
            return [_spoken(blok.content)]
        case Table():
            rows = (blok.header, *blok.rows, (blok.caption,))
            return [_spoken(c) for row in rows for c in row]
        case ListBlock():
            return [t for item in blok.items for b in item for t in _texts(b)]
        case BlockQuote():
            return [t for b in blok.blocks for t in _texts(b)]
        case CodeBlock() | Figure() | Revision():
            return []  # code, a picture and tracked changes are not running text
        case _:
            assert_never(blok)


def spell_words(texts: Iterable[str], known: frozenset[str] = frozenset()) -> list[str]:
    """The words of ``texts`` the spelling check judges, once each, in order of appearance."""
    words = (w for t in texts for w in _SPELL_WORD.findall(t))
    return list(dict.fromkeys(w for w in words if w.islower() and w not in known))


def advise(
    document: Document, speller: Speller | None = None, known: frozenset[str] = frozenset()
) -> list[LanguageAdvice]:
    """Language advice for every paragraph of running text, in document order.

    With ``speller`` also the words it does not know, except those in ``known``.
    """
    units = []  # (paragraph number, block id, element, its texts)
    section_number, blok = "", ""
    for element in document.body:
        if isinstance(element, Heading) and (element.block_id or element.level <= 2):
            section_number, blok = element.number or "", element.block_id or element.id
        units.append((section_number, blok, element, _texts(element)))
    error: Mapping[str, tuple[str, ...]] = {}
    if speller is not None:
        all_ = spell_words((t for *_, texts in units for t in texts), known)
        error = speller(all_) if all_ else {}

    adviezen: list[LanguageAdvice] = []
    explained: set[str] = set()
    for section_number, blok, element, texts in units:
        if not isinstance(element, Heading | Table):  # B1 advice is for running text
            for text in texts:
                adviezen += _sentences(text, section_number, blok)
                adviezen += _abbreviations(text, section_number, blok, explained)
        if error:
            adviezen += _spelling(texts, error, section_number, blok)
    return adviezen


def _spelling(texts, error, section_number: str, blok: str) -> list[LanguageAdvice]:
    out = []
    for word in spell_words(texts):
        if word not in error:
            continue
        suggestions = error[word][:MAX_SUGGESTIONS]
        message = f"Spelling: '{word}' staat niet in het woordenboek."
        if suggestions:
            message += f" Bedoelt u: {', '.join(suggestions)}?"
        out.append(LanguageAdvice(section_number, blok, "spelling", message))
    return out


def _sentences(text: str, section_number: str, blok: str) -> list[LanguageAdvice]:
    out = []
    for zin in _ZIN.split(text.strip()):
        words = _WORD.findall(zin)
        if len(words) > MAX_WORDS:
            begin = " ".join(zin.split()[:8])
            out.append(
                LanguageAdvice(
                    section_number,
                    blok,
                    "lange zin",
                    f"Zin van {len(words)} woorden ('{begin} ...'). "
                    "Maak er twee of drie zinnen van.",
                )
            )
        for word in words:
            if len(word) > MAX_LETTERS and "-" not in word:
                out.append(
                    LanguageAdvice(
                        section_number,
                        blok,
                        "lang woord",
                        f"Lang woord: '{word}'. Kan het korter of met een streepje?",
                    )
                )
    return out


def _explained(text: str, found: re.Match, in_full: str | None) -> bool:
    """Whether the paragraph explains the abbreviation where it first appears: between
    brackets after the full term, followed by its meaning, or with the meaning in the same
    paragraph ("De VNG is de Vereniging van Nederlandse Gemeenten")."""
    abbreviation = found.group(0)
    if found.start() and text[found.start() - 1] == "(":
        return True  # "gecertificeerde instelling (GI)", "(POH-jeugd)"
    if text[found.end() : found.end() + 2] == " (":
        return True  # "GI (gecertificeerde instelling)"
    if in_full and in_full.lower() in text.lower():
        return True
    return re.search(rf"\b{re.escape(abbreviation)} (?:is|staat voor|betekent)\b", text) is not None


def _abbreviations(text: str, section_number: str, blok: str, explained: set[str]) -> list:
    out = []
    for found in _ABBREVIATION.finditer(text):
        abbreviation = found.group(0)
        if re.match(r"IJ[a-z]", abbreviation):
            continue  # the Dutch letter IJ (IJmond, IJssel), not an abbreviation
        if abbreviation in explained:
            continue
        explained.add(abbreviation)
        in_full = ABBREVIATIONS.get(abbreviation)
        if _explained(text, found, in_full):
            continue
        hint = (
            f" Schrijf de eerste keer: {in_full} ({abbreviation})."
            if in_full
            else (" Schrijf de eerste keer voluit wat het betekent.")
        )
        out.append(
            LanguageAdvice(
                section_number,
                blok,
                "afkorting",
                f"De afkorting '{abbreviation}' staat hier voor het eerst, zonder uitleg.{hint}",
            )
        )
    return out
