"""Reuse the Word XML of unchanged blocks: the per-block cache of the Word writer.

The body is cut into groups: a heading with the blocks up to the next heading. A group's
elements are stored as serialized XML under a key made of the group itself (its ``repr``:
every field of the frozen model, so equal text means equal blocks), the code version
(ours and python-docx and lxml) and the house style (it decides style ids and the text
width). A group can only be reused where it would come out the same in a full build, so
each entry also records what the group read from and added to the document-wide state:

- the bookmark and list-number counters when it started and how far it moved them;
- every bookmark name, cross-reference and footnote number it looked up;
- the footnotes it wrote first (their XML and a hash of their definition);
- the hyperlink relationships it made (replayed: the same targets must get the same ids);
- the numbered lists it started (replayed, so ``numbering.xml`` gets the same entries).

An entry whose recorded state differs from the current one is not used: the group is
written again (so one block that adds a heading renders the rest of the document again,
which is correct and merely slower). Groups with figures, landscape tables or tracked
changes are never stored: they change state the record does not cover.

The entries live in the block cache (``blokcache``): signed with this user's key, saved
only when the build succeeds. The Word helper process receives the entries with the
documents and sends back what it used and made (see ``hulpproces``).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, cast

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from regiovisie_builder import blokcache
from regiovisie_builder.model import Heading
from regiovisie_builder.writers.docx.secties import PORTRET

if TYPE_CHECKING:
    from regiovisie_builder.blokcache import Blokcache
    from regiovisie_builder.writers.docx.inhoud import WordInhoud

_OMHULSEL = f"<w:body {nsdecls('w', 'r')}>".encode()
_R_ID = qn("r:id")
# The writer's lookup tables a group may read: name in a record -> attribute of the writer.
TABELLEN = {
    "bladwijzers": "bladwijzers",
    "kruisverwijzingen": "kruisverwijzingen",
    "voetnoten": "voetnoot_nummers",
}


def groepen(body) -> list[list]:
    """The top-level blocks cut before every heading."""
    uit: list[list] = []
    for blok in body:
        if isinstance(blok, Heading) or not uit:
            uit.append([blok])
        else:
            uit[-1].append(blok)
    return uit


class Opname:
    """What rendering one group read from and added to the document-wide state."""

    def __init__(self, w: WordInhoud):
        self.w = w
        self.onzuiver = False  # figures, landscape tables, tracked changes: never stored
        self.gezien: dict[tuple[str, str], tuple[bool, object]] = {}
        self.voetnoten: list[tuple[str, tuple[str, bytes] | None]] = []
        self.relaties: list[tuple[str, str]] = []
        self.lijsten: list[tuple[int, bool, int]] = []
        self.id_start = w._bladwijzer_id
        self.num_start = w.nummering._volgende_num

    def voetnoot(self, sleutel: str, element) -> None:
        """A footnote reference: with the footnote's XML when this reference wrote it."""
        noot = None if element is None else (_definitie(self.w, sleutel), etree.tostring(element))
        self.voetnoten.append((sleutel, noot))


class Waargenomen(dict):
    """A lookup table of the writer that records, while a group renders, what it looked up."""

    naam = ""
    opname: Opname | None = None

    def _noteer(self, sleutel) -> None:
        if self.opname is not None:
            aanwezig = dict.__contains__(self, sleutel)
            waarde = dict.__getitem__(self, sleutel) if aanwezig else None
            self.opname.gezien.setdefault((self.naam, sleutel), (aanwezig, waarde))

    def __getitem__(self, sleutel):
        self._noteer(sleutel)
        return dict.__getitem__(self, sleutel)

    def get(self, sleutel, standaard=None):
        self._noteer(sleutel)
        return dict.get(self, sleutel, standaard)

    def __contains__(self, sleutel) -> bool:
        self._noteer(sleutel)
        return dict.__contains__(self, sleutel)


def waargenomen(naam: str, tabel: dict) -> Waargenomen:
    uit = Waargenomen(tabel)
    uit.naam = naam
    return uit


def _definitie(w: WordInhoud, sleutel: str) -> str:
    return hashlib.sha256(repr(w.document.footnotes.get(sleutel)).encode()).hexdigest()


class Blokxml:
    """The cached groups of one Word document being written.

    It records what a group does by wrapping, on this one writer object, the lookup tables
    and the methods that touch document-wide state (so the writer itself knows nothing of
    the cache)."""

    def __init__(self, w: WordInhoud, cache: Blokcache, huisstijl: bytes | None):
        self.w = w
        self.cache = cache
        self.opname: Opname | None = None
        for naam, attribuut in TABELLEN.items():
            setattr(w, attribuut, waargenomen(naam, getattr(w, attribuut)))
        self._neem_op(w)
        context = hashlib.sha256()
        for deel in (
            blokcache._bibliotheek("docx"),
            blokcache._bibliotheek("lxml"),
            hashlib.sha256(huisstijl or b"").hexdigest(),
        ):
            context.update(deel.encode() + b"\0")
        self.context = context.digest()
        self.tabellen: dict[str, Waargenomen] = {
            naam: cast(Waargenomen, getattr(w, attribuut)) for naam, attribuut in TABELLEN.items()
        }

    def _neem_op(self, w: WordInhoud) -> None:
        """Wrap the writer's state-changing methods so a rendering group is recorded."""
        verwijzing, hyperlink, num = w.voetnootverwijzing, w.hyperlink, w.nummering.num

        def voetnootverwijzing(sleutel: str):
            voor = len(w.voetnoten)
            run = verwijzing(sleutel)
            if self.opname is not None:
                nieuw = w.voetnoten[-1] if len(w.voetnoten) > voor else None
                self.opname.voetnoot(sleutel, nieuw)
            return run

        def link(item, opmaak):
            element = hyperlink(item, opmaak)
            r_id = element.get(_R_ID)
            if self.opname is not None and r_id is not None:
                self.opname.relaties.append((item.target, r_id))
            return element

        def nieuwe_lijst(abstract: int, herstart: bool = False, start: int = 1) -> int:
            if self.opname is not None:
                self.opname.lijsten.append((abstract, herstart, start))
            return num(abstract, herstart=herstart, start=start)

        w.voetnootverwijzing = voetnootverwijzing  # type: ignore[method-assign]
        w.hyperlink = link  # type: ignore[method-assign]
        w.nummering.num = nieuwe_lijst  # type: ignore[method-assign, assignment]
        # Figures, landscape sections and tracked changes: state the record does not cover.
        for doel, naam in (
            (w.figuren, "figuur"),
            (w.secties, "grens"),
            (w.revisies, "omhul"),
            (w.revisies, "markeer_blok"),
            (w.revisies, "markeer_verplaatsing"),
        ):
            setattr(doel, naam, self._onzuiver(getattr(doel, naam)))

    def _onzuiver(self, echt):
        def onzuiver(*args, **kwargs):
            if self.opname is not None:
                self.opname.onzuiver = True
            return echt(*args, **kwargs)

        return onzuiver

    def _sleutel(self, groep: list) -> str:
        tekst = repr(groep).encode("utf-8", "surrogatepass")
        return hashlib.sha256(self.context + tekst).hexdigest()

    def schrijf(self, body) -> list:
        """The elements of ``body``, reusing stored groups where they still fit."""
        w = self.w
        uit: list = []
        for groep in groepen(body):
            sleutel = self._sleutel(groep)
            opgeslagen = self.cache.zoek(blokcache.WORD, sleutel)
            if opgeslagen is not None:
                elementen = self._hergebruik(opgeslagen)
                if elementen is not None:
                    uit += elementen
                    continue
            opname = Opname(w)
            for tabel in self.tabellen.values():
                tabel.opname = opname
            self.opname = opname
            begin = len(uit)
            try:
                for blok in groep:  # as ``WordInhoud.blokken``, on the shared list
                    elementen = w.blok(blok, 0)
                    if elementen and w.secties.is_grens(elementen[0], PORTRET):
                        w._voeg_liggend_samen(uit, elementen)
                    uit += elementen
            finally:
                self.opname = None
                for tabel in self.tabellen.values():
                    tabel.opname = None
            if not opname.onzuiver:
                self.cache.zet(blokcache.WORD, sleutel, self._waarde(opname, uit[begin:]))
        return uit

    def _waarde(self, opname: Opname, elementen: list) -> tuple:
        return (
            b"".join(etree.tostring(e) for e in elementen),
            tuple((n, k, a, v) for (n, k), (a, v) in opname.gezien.items()),
            tuple(opname.voetnoten),
            tuple(opname.relaties),
            tuple(opname.lijsten),
            opname.id_start,
            self.w._bladwijzer_id,
            opname.num_start,
        )

    def _hergebruik(self, waarde) -> list | None:
        """The stored elements, when everything they depend on is as it was; else None."""
        w = self.w
        try:
            xml, gezien, voetnoten, relaties, lijsten, id_start, id_eind, num_start = waarde
        except (TypeError, ValueError):
            return None
        if w._bladwijzer_id != id_start or w.nummering._volgende_num != num_start:
            return None
        for naam, sleutel, aanwezig, oud in gezien:
            tabel = self.tabellen.get(naam)
            if tabel is None or dict.__contains__(tabel, sleutel) != aanwezig:
                return None
            if aanwezig and dict.__getitem__(tabel, sleutel) != oud:
                return None
        klaar = set(w._voetnoot_klaar)
        for sleutel, noot in voetnoten:
            if (noot is None) != (sleutel in klaar):
                return None
            if noot is not None:
                if noot[0] != _definitie(w, sleutel):
                    return None
                klaar.add(sleutel)
        # Making a relationship that exists already returns its id and changes nothing, and a
        # new one would be made in the same order by writing the group again.
        for doel, r_id in relaties:
            if w.doc.part.relate_to(doel, RT.HYPERLINK, is_external=True) != r_id:
                return None
        for abstract, herstart, start in lijsten:
            w.nummering.num(abstract, herstart=herstart, start=start)
        w._bladwijzer_id = id_eind
        for sleutel, noot in voetnoten:
            if noot is not None:
                w._voetnoot_klaar.add(sleutel)
                w.voetnoten.append(_ontleed(noot[1])[0])
        return _ontleed(xml)


def _ontleed(xml: bytes) -> list:
    from docx.oxml.parser import oxml_parser

    return list(etree.fromstring(_OMHULSEL + xml + b"</w:body>", oxml_parser))
