"""Compare two versions of a document at model level.

Chapters and content blocks are matched by id (stable across versions); inside a block the
elements (paragraphs, lists, tables...) are aligned with ``difflib`` and changed paragraphs are
compared word by word. The result is a merged document with tracked changes (``Ins``/``Del``
spans and ``Revisie`` blocks): accepting every change gives the new version, rejecting every
change gives the old one. Alongside it comes the list of changes for the change overview.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from typing import assert_never

from regiovisie_builder.consultatie.woorden import aantallen, vergelijk_inhoud
from regiovisie_builder.model import (
    Block,
    BlockQuote,
    CodeBlock,
    Document,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    Revisie,
    Table,
    platte_tekst,
)

TOEGEVOEGD, VERWIJDERD, GEWIJZIGD = "toegevoegd", "verwijderd", "gewijzigd"
VERPLAATST = "verplaatst"
ONGEWIJZIGD = "(tekst ongewijzigd)"


@dataclass(frozen=True)
class Wijziging:
    """One change: what kind, where (chapter, paragraph number, block) and the texts."""

    soort: str
    hoofdstuk: str  # chapter title
    paragraaf: str  # paragraph number in the new version (the old one when removed)
    blok: str  # block id ("" for a whole chapter)
    titel: str  # block or chapter title
    onderdeel: str  # "kop", "alinea 2", "lijst 1", "hele paragraaf", "heel hoofdstuk"
    oud: str = ""
    nieuw: str = ""
    woorden_weg: int = 0
    woorden_bij: int = 0


@dataclass(frozen=True)
class Vergelijking:
    """The outcome of comparing an old and a new version."""

    oud: Document
    nieuw: Document
    document: Document  # the new version with tracked changes
    wijzigingen: tuple[Wijziging, ...]

    @property
    def gewijzigde_blokken(self) -> dict[str, tuple[Wijziging, ...]]:
        """Block id -> its changes, for every block that changed."""
        per_blok: dict[str, list[Wijziging]] = {}
        for wijziging in self.wijzigingen:
            if wijziging.blok:
                per_blok.setdefault(wijziging.blok, []).append(wijziging)
        return {k: tuple(v) for k, v in per_blok.items()}


# --- structure ------------------------------------------------------------------------------


@dataclass
class _Sectie:
    """A chapter or block: its heading, the elements under it, and (chapters) its blocks."""

    kop: Heading | None
    inhoud: list[Block] = field(default_factory=list)
    delen: list[_Sectie] = field(default_factory=list)

    @property
    def sleutel(self) -> str:
        if self.kop is None:
            return ""
        return self.kop.blok or self.kop.id

    def blokken(self) -> list[Block]:
        uit: list[Block] = [self.kop] if self.kop is not None else []
        uit += self.inhoud
        for deel in self.delen:
            uit += deel.blokken()
        return uit


def _indeling(document: Document) -> list[_Sectie]:
    """Chapters (level 1) holding blocks (level 2); a preamble chapter without heading."""
    hoofdstukken = [_Sectie(None)]
    for blok in document.body:
        if isinstance(blok, Heading) and blok.level == 1:
            hoofdstukken.append(_Sectie(blok))
        elif isinstance(blok, Heading) and blok.level == 2:
            hoofdstukken[-1].delen.append(_Sectie(blok))
        elif hoofdstukken[-1].delen:
            hoofdstukken[-1].delen[-1].inhoud.append(blok)
        else:
            hoofdstukken[-1].inhoud.append(blok)
    if not hoofdstukken[0].inhoud and not hoofdstukken[0].delen:
        hoofdstukken.pop(0)
    return hoofdstukken


def sleutel(blok: Block) -> tuple:
    """What makes two elements equal across versions: content, not source lines or numbers."""
    match blok:
        case Paragraph():
            return ("p", blok.content)
        case Heading():
            return ("h", blok.level, blok.content)
        case ListBlock():
            items = tuple(tuple(map(sleutel, i)) for i in blok.items)
            return ("l", blok.ordered, blok.start, items)
        case Table():
            return ("t", blok.header, blok.rows, blok.align, blok.caption)
        case BlockQuote():
            return ("q", tuple(map(sleutel, blok.blocks)))
        case CodeBlock():
            return ("c", blok.text)
        case Figure():
            return ("f", blok.alt, blok.caption, blok.data)
        case Revisie():
            return ("r", blok.soort, tuple(map(sleutel, blok.blocks)))
        case _:
            assert_never(blok)


def tekst(blok: Block) -> str:
    """The plain text of any block, for the change overview and for matching."""
    match blok:
        case Paragraph() | Heading():
            return platte_tekst(blok.content)
        case ListBlock():
            return " / ".join(" ".join(tekst(b) for b in item) for item in blok.items)
        case Table():
            rijen = [blok.header, *blok.rows]
            return " / ".join(" | ".join(platte_tekst(c) for c in rij) for rij in rijen)
        case BlockQuote() | Revisie():
            return " ".join(tekst(b) for b in blok.blocks)
        case CodeBlock():
            return blok.text
        case Figure():
            return f"{blok.alt} ({platte_tekst(blok.caption)})" if blok.caption else blok.alt
        case _:
            assert_never(blok)


def _itemtekst(item) -> str:
    return " ".join(tekst(b) for b in item)


_SOORTNAAM = {
    Paragraph: "alinea",
    ListBlock: "lijst",
    Table: "tabel",
    BlockQuote: "citaat",
    CodeBlock: "codeblok",
    Figure: "figuur",
    Heading: "tussenkop",
}


def _vervallen(blokken) -> tuple[Block, ...]:
    """Deleted blocks: headings get a distinct anchor so bookmarks stay unique."""
    uit = []
    for blok in blokken:
        if isinstance(blok, Heading):
            blok = replace(blok, id=f"{blok.id}-vervallen")
        uit.append(blok)
    return tuple(uit)


def _gelijkenis(a: str, b: str) -> float:
    """How alike two texts are (0..1), by characters over their first 300 characters."""
    return difflib.SequenceMatcher(None, a[:300], b[:300], autojunk=False).ratio()


def _paren(oude: list, nieuwe: list, tekst_van) -> list[tuple]:
    """Align a replaced stretch: ("paar", o, n), ("weg", o, None) or ("bij", None, n), in order.

    Each old element is paired with the most similar new element after the previous pair
    (at least half alike); the rest are deletions and insertions. Very long
    stretches fall back to pairing by position, to stay linear.
    """
    if len(oude) * len(nieuwe) > 400:
        paren = min(len(oude), len(nieuwe))
        return (
            [("paar", o, n) for o, n in zip(oude[:paren], nieuwe[:paren], strict=True)]
            + [("weg", o, None) for o in oude[paren:]]
            + [("bij", None, n) for n in nieuwe[paren:]]
        )
    uit: list[tuple] = []
    volgende = 0
    teksten = [tekst_van(n) for n in nieuwe]
    for o in oude:
        oud_tekst = tekst_van(o)
        scores = [(_gelijkenis(oud_tekst, teksten[j]), j) for j in range(volgende, len(nieuwe))]
        beste = max(scores, default=(0.0, -1), key=lambda s: (s[0], -s[1]))
        if beste[0] < 0.5:
            uit.append(("weg", o, None))
            continue
        uit += [("bij", None, n) for n in nieuwe[volgende : beste[1]]]
        uit.append(("paar", o, nieuwe[beste[1]]))
        volgende = beste[1] + 1
    uit += [("bij", None, n) for n in nieuwe[volgende:]]
    return uit


# --- merging --------------------------------------------------------------------------------


class _Samensteller:
    """Walks both versions and collects the merged body and the changes."""

    def __init__(self, oude_voetnoten, nieuwe_voetnoten) -> None:
        self.oude_voetnoten = oude_voetnoten
        self.nieuwe_voetnoten = nieuwe_voetnoten
        self.voetnoten = {**oude_voetnoten, **nieuwe_voetnoten}
        self.wijzigingen: list[Wijziging] = []
        self.hoofdstuk = ""
        self.paragraaf = ""
        self.blok = ""
        self.titel = ""
        self._tellers: dict[str, int] = {}

    def noteer(self, soort: str, onderdeel: str, oud: str = "", nieuw: str = "", inhoud=()):
        weg, bij = aantallen(inhoud) if inhoud else (0, 0)
        self.wijzigingen.append(
            Wijziging(
                soort,
                self.hoofdstuk,
                self.paragraaf,
                self.blok,
                self.titel,
                onderdeel,
                oud,
                nieuw,
                weg,
                bij,
            )
        )

    def onderdeel(self, blok) -> str:
        """Name the next element of the new version; a numbered sub-heading starts a place."""
        if isinstance(blok, Heading) and blok.number:
            self.paragraaf = blok.number
            self.titel = platte_tekst(blok.content)
            self._tellers = {}
            return "tussenkop"
        naam = _SOORTNAAM.get(type(blok), "onderdeel")
        self._tellers[naam] = self._tellers.get(naam, 0) + 1
        return f"{naam} {self._tellers[naam]}"

    # elements inside a block

    def elementen(self, oud, nieuw, noteren: bool = True) -> list[Block]:
        a, b = [sleutel(x) for x in oud], [sleutel(x) for x in nieuw]
        uit: list[Block] = []
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for code, i1, i2, j1, j2 in matcher.get_opcodes():
            if code == "equal":
                if noteren:
                    for blok in nieuw[j1:j2]:
                        self.onderdeel(blok)
                uit += nieuw[j1:j2]
                continue
            for soort, o, n in _paren(list(oud[i1:i2]), list(nieuw[j1:j2]), tekst):
                if soort == "paar" and type(o) is type(n):
                    uit += self.element(o, n, noteren)
                    continue
                if o is not None:
                    if noteren:
                        naam = _SOORTNAAM.get(type(o), "onderdeel")
                        self.noteer(VERWIJDERD, naam, oud=tekst(o))
                    uit.append(Revisie("del", _vervallen([o])))
                if n is not None:
                    if noteren:
                        self.noteer(TOEGEVOEGD, self.onderdeel(n), nieuw=tekst(n))
                    uit.append(Revisie("ins", (n,)))
        return uit

    def element(self, oud, nieuw, noteren: bool) -> list[Block]:
        """One old element replaced by one new element."""
        naam = self.onderdeel(nieuw) if noteren else ""
        if isinstance(oud, Paragraph) and isinstance(nieuw, Paragraph):
            inhoud = vergelijk_inhoud(oud.content, nieuw.content)
            samen: list[Block] = [replace(nieuw, content=inhoud)]
        elif isinstance(oud, Heading) and isinstance(nieuw, Heading) and oud.level == nieuw.level:
            inhoud = vergelijk_inhoud(oud.content, nieuw.content)
            samen = [replace(nieuw, content=inhoud)]
        elif (
            isinstance(oud, ListBlock)
            and isinstance(nieuw, ListBlock)
            and oud.ordered == nieuw.ordered
        ):
            inhoud = ()
            samen = [replace(nieuw, items=self.lijstitems(oud.items, nieuw.items))]
        elif isinstance(oud, BlockQuote) and isinstance(nieuw, BlockQuote):
            inhoud = ()
            samen = [replace(nieuw, blocks=tuple(self.elementen(oud.blocks, nieuw.blocks, False)))]
        else:
            inhoud = ()
            samen = [Revisie("del", _vervallen([oud])), Revisie("ins", (nieuw,))]
        if noteren:
            self.noteer(GEWIJZIGD, naam, tekst(oud), tekst(nieuw), inhoud)
        return samen

    def lijstitems(self, oud, nieuw) -> tuple:
        a = [tuple(map(sleutel, item)) for item in oud]
        b = [tuple(map(sleutel, item)) for item in nieuw]
        uit: list = []
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for code, i1, i2, j1, j2 in matcher.get_opcodes():
            if code == "equal":
                uit += nieuw[j1:j2]
                continue
            for soort, o, n in _paren(list(oud[i1:i2]), list(nieuw[j1:j2]), _itemtekst):
                if soort == "paar":
                    uit.append(tuple(self.elementen(o, n, noteren=False)))
                elif soort == "weg":
                    uit.append((Revisie("del", _vervallen(o)),))
                else:
                    uit.append((Revisie("ins", tuple(n)),))
        return tuple(uit)

    # blocks and chapters

    def sectie(self, oud: _Sectie, nieuw: _Sectie) -> list[Block]:
        uit: list[Block] = []
        if nieuw.kop is not None:
            if oud.kop is not None and sleutel(oud.kop) == sleutel(nieuw.kop):
                uit.append(nieuw.kop)
            else:
                # Sections are aligned by their headings: both have one here.
                assert oud.kop is not None
                inhoud = vergelijk_inhoud(oud.kop.content, nieuw.kop.content)
                uit.append(replace(nieuw.kop, content=inhoud))
                self.noteer(GEWIJZIGD, "kop", tekst(oud.kop), tekst(nieuw.kop), inhoud)
        uit += self.elementen(oud.inhoud, nieuw.inhoud)
        if nieuw.kop is not None and nieuw.kop.blok:
            self.voetnoten_van(nieuw.kop.blok)
        return uit

    def voetnoten_van(self, blok: str) -> None:
        """Compare the footnotes a block defines in both versions (keys are "blok:label")."""
        for sleutel_ in sorted(self.nieuwe_voetnoten):
            if not sleutel_.startswith(f"{blok}:") or sleutel_ not in self.oude_voetnoten:
                continue
            oud, nieuw = self.oude_voetnoten[sleutel_], self.nieuwe_voetnoten[sleutel_]
            if tuple(map(sleutel, oud)) == tuple(map(sleutel, nieuw)):
                continue
            samen = self.elementen(oud, nieuw, noteren=False)
            # Word footnotes hold paragraphs; other changes show the new text unmarked.
            if all(isinstance(b, Paragraph) for b in samen):
                self.voetnoten[sleutel_] = tuple(samen)
            enige = samen[0] if len(samen) == 1 else None
            inhoud = enige.content if isinstance(enige, Paragraph) else ()
            label = sleutel_.split(":", 1)[1]
            self.noteer(
                GEWIJZIGD,
                f"voetnoot {label}",
                " ".join(map(tekst, oud)),
                " ".join(map(tekst, nieuw)),
                inhoud,
            )

    def blokken(self, oud: list[_Sectie], nieuw: list[_Sectie]) -> list[Block]:
        uit: list[Block] = []
        for o, n in _uitlijnen(oud, nieuw):
            self._plaats(n or o)
            if o is not None and n is not None:
                uit += self.sectie(o, n)
            else:
                uit.append(self._heel(o, n, "hele paragraaf"))
        return uit

    def _heel(self, oud: _Sectie | None, nieuw: _Sectie | None, wat: str) -> Revisie:
        """A whole section removed (``oud``) or added (``nieuw``), noted and marked."""
        if oud is not None:
            self.noteer(VERWIJDERD, wat, oud=_samenvatting(oud))
            return Revisie("del", _vervallen(oud.blokken()))
        assert nieuw is not None  # one of the two is always there
        self.noteer(TOEGEVOEGD, wat, nieuw=_samenvatting(nieuw))
        return Revisie("ins", tuple(nieuw.blokken()))

    def _plaats(self, sectie: _Sectie) -> None:
        kop = sectie.kop
        self.paragraaf = (kop.number or "") if kop else ""
        self.blok = (kop.blok or "") if kop else ""
        self.titel = platte_tekst(kop.content) if kop else ""
        self._tellers = {}

    def hoofdstukken(self, oud: list[_Sectie], nieuw: list[_Sectie]) -> list[Block]:
        uit: list[Block] = []
        for o, n in _uitlijnen(oud, nieuw):
            self._hoofdstuk(n or o)
            self._plaats(n or o)
            self.blok = ""
            if o is not None and n is not None:
                uit += self.sectie(o, n)
                uit += self.blokken(o.delen, n.delen)
            else:
                uit.append(self._heel(o, n, "heel hoofdstuk"))
        return uit

    def _hoofdstuk(self, sectie: _Sectie) -> None:
        kop = sectie.kop
        self.hoofdstuk = f"{kop.number} {platte_tekst(kop.content)}".strip() if kop else "Voorwerk"


def _uitlijnen(oud: list[_Sectie], nieuw: list[_Sectie]):
    """Sections paired by key, in document order: (old, new) for a section in both versions,
    (old, None) for a removed one and (None, new) for an added one."""
    matcher = difflib.SequenceMatcher(
        None, [s.sleutel for s in oud], [s.sleutel for s in nieuw], autojunk=False
    )
    for code, i1, i2, j1, j2 in matcher.get_opcodes():
        if code == "equal":
            yield from zip(oud[i1:i2], nieuw[j1:j2], strict=True)
            continue
        for o in oud[i1:i2]:
            yield o, None
        for n in nieuw[j1:j2]:
            yield None, n


def _samenvatting(sectie: _Sectie) -> str:
    return " ".join(tekst(b) for b in sectie.blokken() if not isinstance(b, Heading))


def vergelijk(oud: Document, nieuw: Document) -> Vergelijking:
    """Compare two numbered documents; the merged document keeps the new metadata."""
    samensteller = _Samensteller(oud.footnotes, nieuw.footnotes)
    body = samensteller.hoofdstukken(_indeling(oud), _indeling(nieuw))
    wijzigingen = _verplaatsingen(samensteller.wijzigingen)
    ongewijzigd = {w.blok for w in wijzigingen if w.soort == VERPLAATST and w.nieuw == ONGEWIJZIGD}
    body = _als_verplaatsing(body, ongewijzigd)
    document = Document(nieuw.meta, tuple(body), samensteller.voetnoten, nieuw.blokken)
    return Vergelijking(oud, nieuw, document, wijzigingen)


def _als_verplaatsing(body: list[Block], blokken: set[str]) -> list[Block]:
    """Name the deletion and insertion of each block in ``blokken`` as one move.

    A block with a table stays a deletion and an insertion: Word marks table rows only as
    inserted or deleted, never as moved.
    """
    namen: dict[str, str] = {}
    uit = []
    for blok in body:
        kop = blok.blocks[0] if isinstance(blok, Revisie) and blok.blocks else None
        if (
            isinstance(blok, Revisie)
            and isinstance(kop, Heading)
            and kop.blok in blokken
            and not any(isinstance(b, Table) for b in blok.blocks)
        ):
            naam = namen.setdefault(kop.blok, f"verplaatsing{len(namen) + 1}")
            blok = replace(blok, verplaatsing=naam)
        uit.append(blok)
    return uit


def _verplaatsingen(wijzigingen: list[Wijziging]) -> tuple[Wijziging, ...]:
    """A block removed in one place and added in another is listed once, as moved.

    In the tracked-changes document it is a deletion there and an insertion here, marked as
    one move when its text did not change (see ``_als_verplaatsing``).
    """
    heel = "hele paragraaf"
    weg = {w.blok: w for w in wijzigingen if w.soort == VERWIJDERD and w.onderdeel == heel}
    bij = {w.blok for w in wijzigingen if w.soort == TOEGEVOEGD and w.onderdeel == heel}
    verplaatst = set(weg) & bij
    uit = []
    for w in wijzigingen:
        if w.blok in verplaatst and w.onderdeel == heel:
            if w.soort == VERWIJDERD:
                continue
            oud = weg[w.blok]
            gelijk = " ".join(oud.oud.split()) == " ".join(w.nieuw.split())
            w = replace(
                w,
                soort=VERPLAATST,
                onderdeel=f"hele paragraaf (was {oud.paragraaf})",
                oud=oud.oud,
                nieuw=ONGEWIJZIGD if gelijk else w.nieuw,
            )
        uit.append(w)
    return tuple(uit)
