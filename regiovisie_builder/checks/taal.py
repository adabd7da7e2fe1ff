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
    Revisie,
    Strong,
    Table,
    Text,
)

# Unique words -> the misspelled ones, each with suggestions (possibly none).
Speller = Callable[[Sequence[str]], Mapping[str, tuple[str, ...]]]

MAX_WOORDEN = 25
MAX_LETTERS = 25

# Abbreviations the shipped text uses, with what they stand for, so the advice can say what
# to write out. Others are still found, just without a suggestion.
AFKORTINGEN = {
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
_WOORD = re.compile(r"[^\W\d_][\w'-]*", re.UNICODE)
_AFKORTING = re.compile(r"\b(?:[A-Z]{2,6}|[A-Z][a-z]?[A-Z][A-Za-z]{0,4})\b")
# A word for the spelling check: letters, with inner hyphens or apostrophes ("zo-thuis", "baby's").
# A hyphen at the end ("reis- en verblijfkosten") is not part of the word.
_SPELWOORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
MAX_SUGGESTIES = 3


@dataclass(frozen=True)
class Taaladvies:
    """One piece of language advice: where (paragraph number, block) and what."""

    paragraaf: str
    blok: str
    soort: str  # "lange zin", "lang woord", "afkorting"
    melding: str


def _gesproken(inhoud: Iterable[Inline]) -> str:
    """The words of inline spans a reader sees, without code and open markers."""
    delen = []
    for item in inhoud:
        match item:
            case Text():
                delen.append(item.text)
            case Emph() | Strong() | Link() | Ins():
                delen.append(_gesproken(item.content))
            case LineBreak() | Code() | Del():
                delen.append(" ")
            case Marker() | FootnoteRef():
                pass  # a placeholder and a footnote mark are not prose
            case _:
                assert_never(item)
    return "".join(delen)


def _teksten(blok: Block) -> list[str]:
    """The text of a block as a reader reads it, without code and open markers (a marker is
    a placeholder such as ``[nog in te vullen: inkoop.model]``, not prose); headings and
    table cells included."""
    match blok:
        case Paragraph() | Heading():
            return [_gesproken(blok.content)]
        case Table():
            rijen = (blok.header, *blok.rows, (blok.caption,))
            return [_gesproken(c) for rij in rijen for c in rij]
        case ListBlock():
            return [t for item in blok.items for b in item for t in _teksten(b)]
        case BlockQuote():
            return [t for b in blok.blocks for t in _teksten(b)]
        case CodeBlock() | Figure() | Revisie():
            return []  # code, a picture and tracked changes are not running text
        case _:
            assert_never(blok)


def spelwoorden(teksten: Iterable[str], bekend: frozenset[str] = frozenset()) -> list[str]:
    """The words of ``teksten`` the spelling check judges, once each, in order of appearance."""
    woorden = (w for t in teksten for w in _SPELWOORD.findall(t))
    return list(dict.fromkeys(w for w in woorden if w.islower() and w not in bekend))


def adviseer(
    document: Document, speller: Speller | None = None, bekend: frozenset[str] = frozenset()
) -> list[Taaladvies]:
    """Language advice for every paragraph of running text, in document order.

    With ``speller`` also the words it does not know, except those in ``bekend``.
    """
    eenheden = []  # (paragraph number, block id, element, its texts)
    paragraaf, blok = "", ""
    for element in document.body:
        if isinstance(element, Heading) and (element.blok or element.level <= 2):
            paragraaf, blok = element.number or "", element.blok or element.id
        eenheden.append((paragraaf, blok, element, _teksten(element)))
    fout: Mapping[str, tuple[str, ...]] = {}
    if speller is not None:
        alle = spelwoorden((t for *_, teksten in eenheden for t in teksten), bekend)
        fout = speller(alle) if alle else {}

    adviezen: list[Taaladvies] = []
    uitgelegd: set[str] = set()
    for paragraaf, blok, element, teksten in eenheden:
        if not isinstance(element, Heading | Table):  # B1 advice is for running text
            for tekst in teksten:
                adviezen += _zinnen(tekst, paragraaf, blok)
                adviezen += _afkortingen(tekst, paragraaf, blok, uitgelegd)
        if fout:
            adviezen += _spelling(teksten, fout, paragraaf, blok)
    return adviezen


def _spelling(teksten, fout, paragraaf: str, blok: str) -> list[Taaladvies]:
    uit = []
    for woord in spelwoorden(teksten):
        if woord not in fout:
            continue
        suggesties = fout[woord][:MAX_SUGGESTIES]
        melding = f"Spelling: '{woord}' staat niet in het woordenboek."
        if suggesties:
            melding += f" Bedoelt u: {', '.join(suggesties)}?"
        uit.append(Taaladvies(paragraaf, blok, "spelling", melding))
    return uit


def _zinnen(tekst: str, paragraaf: str, blok: str) -> list[Taaladvies]:
    uit = []
    for zin in _ZIN.split(tekst.strip()):
        woorden = _WOORD.findall(zin)
        if len(woorden) > MAX_WOORDEN:
            begin = " ".join(zin.split()[:8])
            uit.append(
                Taaladvies(
                    paragraaf,
                    blok,
                    "lange zin",
                    f"Zin van {len(woorden)} woorden ('{begin} ...'). "
                    "Maak er twee of drie zinnen van.",
                )
            )
        for woord in woorden:
            if len(woord) > MAX_LETTERS and "-" not in woord:
                uit.append(
                    Taaladvies(
                        paragraaf,
                        blok,
                        "lang woord",
                        f"Lang woord: '{woord}'. Kan het korter of met een streepje?",
                    )
                )
    return uit


def _uitgelegd(tekst: str, gevonden: re.Match, voluit: str | None) -> bool:
    """Whether the paragraph explains the abbreviation where it first appears: between
    brackets after the full term, followed by its meaning, or with the meaning in the same
    paragraph ("De VNG is de Vereniging van Nederlandse Gemeenten")."""
    afkorting = gevonden.group(0)
    if gevonden.start() and tekst[gevonden.start() - 1] == "(":
        return True  # "gecertificeerde instelling (GI)", "(POH-jeugd)"
    if tekst[gevonden.end() : gevonden.end() + 2] == " (":
        return True  # "GI (gecertificeerde instelling)"
    if voluit and voluit.lower() in tekst.lower():
        return True
    return re.search(rf"\b{re.escape(afkorting)} (?:is|staat voor|betekent)\b", tekst) is not None


def _afkortingen(tekst: str, paragraaf: str, blok: str, uitgelegd: set[str]) -> list:
    uit = []
    for gevonden in _AFKORTING.finditer(tekst):
        afkorting = gevonden.group(0)
        if re.match(r"IJ[a-z]", afkorting):
            continue  # the Dutch letter IJ (IJmond, IJssel), not an abbreviation
        if afkorting in uitgelegd:
            continue
        uitgelegd.add(afkorting)
        voluit = AFKORTINGEN.get(afkorting)
        if _uitgelegd(tekst, gevonden, voluit):
            continue
        hint = (
            f" Schrijf de eerste keer: {voluit} ({afkorting})."
            if voluit
            else (" Schrijf de eerste keer voluit wat het betekent.")
        )
        uit.append(
            Taaladvies(
                paragraaf,
                blok,
                "afkorting",
                f"De afkorting '{afkorting}' staat hier voor het eerst, zonder uitleg.{hint}",
            )
        )
    return uit
