"""Compare two versions of a document at model level.

Chapters and content blocks are matched by id (stable across versions); inside a block the
elements (paragraphs, lists, tables...) are aligned with ``difflib`` and changed paragraphs are
compared word by word. The result is a merged document with tracked changes (``Ins``/``Del``
spans and ``Revision`` blocks): accepting every change gives the new version, rejecting every
change gives the old one. Alongside it comes the list of changes for the change overview.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from typing import assert_never

from regiovisie_builder.consultatie.words import compare_content, counts
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
    Table,
    plain_text,
)

ADDED, DELETED, CHANGED = "toegevoegd", "verwijderd", "gewijzigd"
MOVED = "verplaatst"
UNCHANGED = "(tekst ongewijzigd)"


@dataclass(frozen=True)
class Change:
    """One change: what kind, where (chapter, paragraph number, block) and the texts."""

    soort: str
    hoofdstuk: str  # chapter title
    section_number: str  # paragraph number in the new version (the old one when removed)
    block_id: str  # block id, or the heading's id for a section that starts no block
    # (a numbered section inside an appendix); "" for a whole chapter
    titel: str  # block or chapter title
    component: str  # "kop", "alinea 2", "lijst 1", "hele paragraaf", "heel hoofdstuk"
    old: str = ""
    new: str = ""
    words_away: int = 0
    words_at: int = 0


@dataclass(frozen=True)
class Comparison:
    """The outcome of comparing an old and a new version."""

    old: Document
    new: Document
    document: Document  # the new version with tracked changes
    changes: tuple[Change, ...]

    @property
    def changed_blokken(self) -> dict[str, tuple[Change, ...]]:
        """Block id -> its changes, for every block that changed."""
        per_blok: dict[str, list[Change]] = {}
        for change in self.changes:
            if change.block_id:
                per_blok.setdefault(change.block_id, []).append(change)
        return {k: tuple(v) for k, v in per_blok.items()}


# --- structure ------------------------------------------------------------------------------


@dataclass
class _Section:
    """A chapter or block: its heading, the elements under it, and (chapters) its blocks."""

    heading: Heading | None
    content: list[Block] = field(default_factory=list)
    parts: list[_Section] = field(default_factory=list)

    @property
    def key(self) -> str:
        return _id(self.heading) if self.heading is not None else ""

    def blokken(self) -> list[Block]:
        out: list[Block] = [self.heading] if self.heading is not None else []
        out += self.content
        for part in self.parts:
            out += part.blokken()
        return out


def _id(heading: Heading) -> str:
    """What a section is known by across versions, in changes and in reactions (as
    ``reactie_register`` places them): the block it starts, else its own anchor."""
    return heading.block_id or heading.id


def _layout(document: Document) -> list[_Section]:
    """Chapters (level 1) holding blocks (level 2); a preamble chapter without heading."""
    hoofdstukken = [_Section(None)]
    for blok in document.body:
        if isinstance(blok, Heading) and blok.level == 1:
            hoofdstukken.append(_Section(blok))
        elif isinstance(blok, Heading) and blok.level == 2:
            hoofdstukken[-1].parts.append(_Section(blok))
        elif hoofdstukken[-1].parts:
            hoofdstukken[-1].parts[-1].content.append(blok)
        else:
            hoofdstukken[-1].content.append(blok)
    if not hoofdstukken[0].content and not hoofdstukken[0].parts:
        hoofdstukken.pop(0)
    return hoofdstukken


def key(blok: Block) -> tuple:
    """What makes two elements equal across versions: content, not source lines or numbers."""
    match blok:
        case Paragraph():
            return ("p", blok.content)
        case Heading():
            return ("h", blok.level, blok.content)
        case ListBlock():
            items = tuple(tuple(map(key, i)) for i in blok.items)
            return ("l", blok.ordered, blok.start, items)
        case Table():
            return ("t", blok.header, blok.rows, blok.align, blok.caption)
        case BlockQuote():
            return ("q", tuple(map(key, blok.blocks)))
        case CodeBlock():
            return ("c", blok.text)
        case Figure():
            return ("f", blok.alt, blok.caption, blok.data)
        case Revision():
            return ("r", blok.kind, tuple(map(key, blok.blocks)))
        case _:
            assert_never(blok)


def text(blok: Block) -> str:
    """The plain text of any block, for the change overview and for matching."""
    match blok:
        case Paragraph() | Heading():
            return plain_text(blok.content)
        case ListBlock():
            return " / ".join(" ".join(text(b) for b in item) for item in blok.items)
        case Table():
            rows = [blok.header, *blok.rows]
            return " / ".join(" | ".join(plain_text(c) for c in row) for row in rows)
        case BlockQuote() | Revision():
            return " ".join(text(b) for b in blok.blocks)
        case CodeBlock():
            return blok.text
        case Figure():
            return f"{blok.alt} ({plain_text(blok.caption)})" if blok.caption else blok.alt
        case _:
            assert_never(blok)


def _item_text(item) -> str:
    return " ".join(text(b) for b in item)


_KIND_NAME = {
    Paragraph: "alinea",
    ListBlock: "lijst",
    Table: "tabel",
    BlockQuote: "citaat",
    CodeBlock: "codeblok",
    Figure: "figuur",
    Heading: "tussenkop",
}


def _expired(blokken) -> tuple[Block, ...]:
    """Deleted blocks: headings get a distinct anchor so bookmarks stay unique."""
    out = []
    for blok in blokken:
        if isinstance(blok, Heading):
            blok = replace(blok, id=f"{blok.id}-vervallen")
        out.append(blok)
    return tuple(out)


def _similarity(a: str, b: str) -> float:
    """How alike two texts are (0..1), by characters over their first 300 characters."""
    return difflib.SequenceMatcher(None, a[:300], b[:300], autojunk=False).ratio()


def _paren(older: list, newer: list, text_of) -> list[tuple]:
    """Align a replaced stretch: ("paar", o, n), ("weg", o, None) or ("bij", None, n), in order.

    Each old element is paired with the most similar new element after the previous pair
    (at least half alike); the rest are deletions and insertions. Very long
    stretches fall back to pairing by position, to stay linear.
    """
    if len(older) * len(newer) > 400:
        paren = min(len(older), len(newer))
        return (
            [("paar", o, n) for o, n in zip(older[:paren], newer[:paren], strict=True)]
            + [("weg", o, None) for o in older[paren:]]
            + [("bij", None, n) for n in newer[paren:]]
        )
    out: list[tuple] = []
    following = 0
    texts = [text_of(n) for n in newer]
    for o in older:
        old_text = text_of(o)
        scores = [(_similarity(old_text, texts[j]), j) for j in range(following, len(newer))]
        best = max(scores, default=(0.0, -1), key=lambda s: (s[0], -s[1]))
        if best[0] < 0.5:
            out.append(("weg", o, None))
            continue
        out += [("bij", None, n) for n in newer[following : best[1]]]
        out.append(("paar", o, newer[best[1]]))
        following = best[1] + 1
    out += [("bij", None, n) for n in newer[following:]]
    return out


# --- merging --------------------------------------------------------------------------------


class _Assembler:
    """Walks both versions and collects the merged body and the changes."""

    def __init__(self, old_footnotes, new_footnotes) -> None:
        self.old_footnotes = old_footnotes
        self.new_footnotes = new_footnotes
        self.footnotes = {**old_footnotes, **new_footnotes}
        self.changes: list[Change] = []
        self.hoofdstuk = ""
        self.section_number = ""
        self.block_id = ""
        self.titel = ""
        self._counters: dict[str, int] = {}

    def note(self, soort: str, component: str, old: str = "", new: str = "", content=()):
        away, at = counts(content) if content else (0, 0)
        self.changes.append(
            Change(
                soort,
                self.hoofdstuk,
                self.section_number,
                self.block_id,
                self.titel,
                component,
                old,
                new,
                away,
                at,
            )
        )

    def component(self, blok) -> str:
        """Name the next element of the new version; a numbered sub-heading starts a place."""
        if isinstance(blok, Heading) and blok.number:
            self.section_number = blok.number
            self.titel = plain_text(blok.content)
            self._counters = {}
            return "tussenkop"
        name = _KIND_NAME.get(type(blok), "onderdeel")
        self._counters[name] = self._counters.get(name, 0) + 1
        return f"{name} {self._counters[name]}"

    # elements inside a block

    def elements(self, old, new, note: bool = True) -> list[Block]:
        a, b = [key(x) for x in old], [key(x) for x in new]
        out: list[Block] = []
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for code, i1, i2, j1, j2 in matcher.get_opcodes():
            if code == "equal":
                if note:
                    for blok in new[j1:j2]:
                        self.component(blok)
                out += new[j1:j2]
                continue
            for soort, o, n in _paren(list(old[i1:i2]), list(new[j1:j2]), text):
                if soort == "paar" and type(o) is type(n):
                    out += self.element(o, n, note)
                    continue
                if o is not None:
                    if note:
                        name = _KIND_NAME.get(type(o), "onderdeel")
                        self.note(DELETED, name, old=text(o))
                    out.append(Revision("del", _expired([o])))
                if n is not None:
                    if note:
                        self.note(ADDED, self.component(n), new=text(n))
                    out.append(Revision("ins", (n,)))
        return out

    def element(self, old, new, note: bool) -> list[Block]:
        """One old element replaced by one new element."""
        name = self.component(new) if note else ""
        if isinstance(old, Paragraph) and isinstance(new, Paragraph):
            content = compare_content(old.content, new.content)
            together: list[Block] = [replace(new, content=content)]
        elif isinstance(old, Heading) and isinstance(new, Heading) and old.level == new.level:
            content = compare_content(old.content, new.content)
            together = [replace(new, content=content)]
        elif (
            isinstance(old, ListBlock) and isinstance(new, ListBlock) and old.ordered == new.ordered
        ):
            content = ()
            together = [replace(new, items=self.list_items(old.items, new.items))]
        elif isinstance(old, BlockQuote) and isinstance(new, BlockQuote):
            content = ()
            together = [replace(new, blocks=tuple(self.elements(old.blocks, new.blocks, False)))]
        else:
            content = ()
            together = [Revision("del", _expired([old])), Revision("ins", (new,))]
        if note:
            self.note(CHANGED, name, text(old), text(new), content)
        return together

    def list_items(self, old, new) -> tuple:
        a = [tuple(map(key, item)) for item in old]
        b = [tuple(map(key, item)) for item in new]
        out: list = []
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for code, i1, i2, j1, j2 in matcher.get_opcodes():
            if code == "equal":
                out += new[j1:j2]
                continue
            for soort, o, n in _paren(list(old[i1:i2]), list(new[j1:j2]), _item_text):
                if soort == "paar":
                    out.append(tuple(self.elements(o, n, note=False)))
                elif soort == "weg":
                    out.append((Revision("del", _expired(o)),))
                else:
                    out.append((Revision("ins", tuple(n)),))
        return tuple(out)

    # blocks and chapters

    def section(self, old: _Section, new: _Section) -> list[Block]:
        out: list[Block] = []
        if new.heading is not None:
            if old.heading is not None and key(old.heading) == key(new.heading):
                out.append(new.heading)
            else:
                # Sections are aligned by their headings: both have one here.
                assert old.heading is not None
                content = compare_content(old.heading.content, new.heading.content)
                out.append(replace(new.heading, content=content))
                self.note(CHANGED, "kop", text(old.heading), text(new.heading), content)
        out += self.elements(old.content, new.content)
        if new.heading is not None and new.heading.block_id:
            self.footnotes_of(new.heading.block_id)
        return out

    def footnotes_of(self, blok: str) -> None:
        """Compare the footnotes a block defines in both versions (keys are "blok:label")."""
        for key_ in sorted(self.new_footnotes):
            if not key_.startswith(f"{blok}:") or key_ not in self.old_footnotes:
                continue
            old, new = self.old_footnotes[key_], self.new_footnotes[key_]
            if tuple(map(key, old)) == tuple(map(key, new)):
                continue
            together = self.elements(old, new, note=False)
            # Word footnotes hold paragraphs; other changes show the new text unmarked.
            if all(isinstance(b, Paragraph) for b in together):
                self.footnotes[key_] = tuple(together)
            only = together[0] if len(together) == 1 else None
            content = only.content if isinstance(only, Paragraph) else ()
            label = key_.split(":", 1)[1]
            self.note(
                CHANGED,
                f"voetnoot {label}",
                " ".join(map(text, old)),
                " ".join(map(text, new)),
                content,
            )

    def blokken(self, old: list[_Section], new: list[_Section]) -> list[Block]:
        out: list[Block] = []
        for o, n in _align(old, new):
            self._place(n or o)
            if o is not None and n is not None:
                out += self.section(o, n)
            else:
                out.append(self._whole(o, n, "hele paragraaf"))
        return out

    def _whole(self, old: _Section | None, new: _Section | None, what: str) -> Revision:
        """A whole section removed (``old``) or added (``new``), noted and marked."""
        if old is not None:
            self.note(DELETED, what, old=_summary(old))
            return Revision("del", _expired(old.blokken()))
        assert new is not None  # one of the two is always there
        self.note(ADDED, what, new=_summary(new))
        return Revision("ins", tuple(new.blokken()))

    def _place(self, section: _Section) -> None:
        heading = section.heading
        self.section_number = (heading.number or "") if heading else ""
        self.block_id = _id(heading) if heading else ""
        self.titel = plain_text(heading.content) if heading else ""
        self._counters = {}

    def hoofdstukken(self, old: list[_Section], new: list[_Section]) -> list[Block]:
        out: list[Block] = []
        for o, n in _align(old, new):
            self._hoofdstuk(n or o)
            self._place(n or o)
            self.block_id = ""
            if o is not None and n is not None:
                out += self.section(o, n)
                out += self.blokken(o.parts, n.parts)
            else:
                out.append(self._whole(o, n, "heel hoofdstuk"))
        return out

    def _hoofdstuk(self, section: _Section) -> None:
        heading = section.heading
        self.hoofdstuk = (
            f"{heading.number} {plain_text(heading.content)}".strip() if heading else "Voorwerk"
        )


def _align(old: list[_Section], new: list[_Section]):
    """Sections paired by key, in document order: (old, new) for a section in both versions,
    (old, None) for a removed one and (None, new) for an added one."""
    matcher = difflib.SequenceMatcher(
        None, [s.key for s in old], [s.key for s in new], autojunk=False
    )
    for code, i1, i2, j1, j2 in matcher.get_opcodes():
        if code == "equal":
            yield from zip(old[i1:i2], new[j1:j2], strict=True)
            continue
        for o in old[i1:i2]:
            yield o, None
        for n in new[j1:j2]:
            yield None, n


def _summary(section: _Section) -> str:
    return " ".join(text(b) for b in section.blokken() if not isinstance(b, Heading))


def compare(old: Document, new: Document) -> Comparison:
    """Compare two numbered documents; the merged document keeps the new metadata."""
    assembler = _Assembler(old.footnotes, new.footnotes)
    body = assembler.hoofdstukken(_layout(old), _layout(new))
    changes = _moves(assembler.changes)
    unchanged = {w.block_id for w in changes if w.soort == MOVED and w.new == UNCHANGED}
    body = _as_move(body, unchanged)
    document = Document(new.meta, tuple(body), assembler.footnotes, new.blokken)
    return Comparison(old, new, document, changes)


def _as_move(body: list[Block], blokken: set[str]) -> list[Block]:
    """Name the deletion and insertion of each block in ``blokken`` as one move.

    A block with a table stays a deletion and an insertion: Word marks table rows only as
    inserted or deleted, never as moved.
    """
    names: dict[str, str] = {}
    out = []
    for blok in body:
        heading = blok.blocks[0] if isinstance(blok, Revision) and blok.blocks else None
        if (
            isinstance(blok, Revision)
            and isinstance(heading, Heading)
            and _id(heading) in blokken
            and not any(isinstance(b, Table) for b in blok.blocks)
        ):
            name = names.setdefault(_id(heading), f"verplaatsing{len(names) + 1}")
            blok = replace(blok, move=name)
        out.append(blok)
    return out


def _moves(changes: list[Change]) -> tuple[Change, ...]:
    """A block removed in one place and added in another is listed once, as moved.

    In the tracked-changes document it is a deletion there and an insertion here, marked as
    one move when its text did not change (see ``_as_move``).
    """
    whole = "hele paragraaf"
    away = {w.block_id: w for w in changes if w.soort == DELETED and w.component == whole}
    at = {w.block_id for w in changes if w.soort == ADDED and w.component == whole}
    moved = set(away) & at
    out = []
    for w in changes:
        if w.block_id in moved and w.component == whole:
            if w.soort == DELETED:
                continue
            old = away[w.block_id]
            equal = " ".join(old.old.split()) == " ".join(w.new.split())
            w = replace(
                w,
                soort=MOVED,
                component=f"hele paragraaf (was {old.section_number})",
                old=old.old,
                new=UNCHANGED if equal else w.new,
            )
        out.append(w)
    return tuple(out)
