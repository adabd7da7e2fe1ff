"""The change overview as a model document: per chapter a table of what changed where."""

from __future__ import annotations

import difflib
from dataclasses import replace

from regiovisie_builder import dutch
from regiovisie_builder.consultatie.compare import (
    ADDED,
    CHANGED,
    DELETED,
    MOVED,
    Change,
    Comparison,
)
from regiovisie_builder.model import Document, Heading, Paragraph, Source, Table, Text
from regiovisie_builder.transforms.numbering import number

SOURCE = Source("wijzigingsoverzicht")
MAX_CHARACTER = 600


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_CHARACTER else text[: MAX_CHARACTER - 1].rstrip() + "…"


CONTEXT = 8  # words of unchanged text shown around a change


def crop(old: str, new: str) -> tuple[str, str]:
    """The changed stretch of two texts with a few words of context, the rest as "…"."""
    a, b = old.split(), new.split()
    blokken = [
        c
        for c in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
        if c[0] != "equal"
    ]
    if not blokken:
        return _short(old), _short(new)
    i1, j1 = blokken[0][1], blokken[0][3]
    i2, j2 = blokken[-1][2], blokken[-1][4]

    def paper(words: list[str], begin: int, end: int) -> str:
        begin = max(0, begin - CONTEXT)
        end = min(len(words), end + CONTEXT)
        text = " ".join(words[begin:end])
        if not text:
            return "–"
        return ("… " if begin else "") + text + (" …" if end < len(words) else "")

    return _short(paper(a, i1, i2)), _short(paper(b, j1, j2))


def _description(change: Change) -> str:
    if change.soort == CHANGED and (change.words_away or change.words_at):
        away = dutch.counted(change.words_away, "woord", "woorden")
        return f"{change.component} gewijzigd ({away} weg, {change.words_at} erbij)"
    return f"{change.component} {change.soort}"


def _paragraph(change: Change) -> str:
    place = f"{change.section_number} {change.titel}".strip()
    if change.soort == DELETED and change.component in (
        "hele paragraaf",
        "heel hoofdstuk",
    ):
        return f"(was) {place}"
    return place or "–"


def _table(changes: list[Change]) -> Table:
    rows = []
    for w in changes:
        if w.soort == CHANGED:
            was, becomes = crop(w.old, w.new)
        else:
            was, becomes = _short(w.old) or "–", _short(w.new) or "–"
        rows.append(
            ((Text(_paragraph(w)),), (Text(_description(w)),), (Text(was),), (Text(becomes),))
        )
    heading = ((Text("Paragraaf"),), (Text("Wijziging"),), (Text("Was"),), (Text("Wordt"),))
    return Table(heading, tuple(rows), (None, None, None, None), SOURCE)


def change_overview(comparison: Comparison, old: str, new: str, revision_file: str) -> Document:
    """A document listing every change per chapter, with paragraph numbers."""
    changes = comparison.changes
    meta_old, meta_new = comparison.old.meta, comparison.new.meta
    tallies = {s: sum(1 for w in changes if w.soort == s) for s in (CHANGED, ADDED, DELETED, MOVED)}
    soorten = dutch.enumeration([f"{n} {s}" for s, n in tallies.items() if n])
    introduction = (
        f"Dit overzicht laat zien wat er in '{meta_new.titel}' is veranderd tussen versie "
        f"{old} ({dutch.date(meta_old.datum)}) en versie {new} "
        f"({dutch.date(meta_new.datum)}). "
    )
    if changes:
        introduction += (
            f"Er zijn {len(changes)} wijzigingen: {soorten}. "
            "Paragraafnummers zijn die van de nieuwe versie; bij een verwijderde paragraaf "
            "staat het oude nummer. "
            f"De volledige tekst met alle wijzigingen als bijgehouden wijzigingen staat in "
            f"{revision_file}."
        )
    else:
        introduction += "Er zijn geen inhoudelijke wijzigingen."
    body: list = [
        Heading(1, (Text("Over dit overzicht"),), "over-dit-overzicht", SOURCE, numbered=False),
        Paragraph((Text(introduction),), SOURCE),
    ]
    per_hoofdstuk: dict[str, list[Change]] = {}
    for change in changes:
        per_hoofdstuk.setdefault(change.hoofdstuk, []).append(change)
    for index, (hoofdstuk, items) in enumerate(per_hoofdstuk.items(), start=1):
        body.append(Heading(1, (Text(hoofdstuk),), f"hoofdstuk-{index}", SOURCE, numbered=False))
        body.append(_table(items))
    meta = replace(
        meta_new,
        titel=f"Wijzigingsoverzicht {meta_new.titel}",
        ondertitel=f"Versie {old} → versie {new}",
    )
    return number(Document(meta, tuple(body)))
