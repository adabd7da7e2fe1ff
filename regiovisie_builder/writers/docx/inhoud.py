"""Model blocks and inline spans to WordprocessingML elements.

Elements are built detached and attached to the body in one go at the end, because
python-docx's ``add_paragraph`` searches the body for ``w:sectPr`` on every call, which would
make large documents quadratic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import assert_never

from docx.opc.constants import RELATIONSHIP_TYPE as RT

from regiovisie_builder.model import (
    Block,
    BlockQuote,
    Bron,
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
    platte_tekst,
)
from regiovisie_builder.writers.docx import oxml
from regiovisie_builder.writers.docx.afbeeldingen import Figuren
from regiovisie_builder.writers.docx.secties import (
    LIGGEND,
    MAX_KOLOMMEN,
    PORTRET,
    Sectiegrenzen,
    liggende_breedte,
)
from regiovisie_builder.writers.docx.stijlen import stijl_id
from regiovisie_builder.writers.voetnoten import volgorde

# rPr children in schema order (CT_RPr): the writer only ever sets these.
_RPR_VOLGORDE = ("rStyle", "rFonts", "b", "i", "color", "highlight", "vertAlign")


def rpr(**opmaak) -> object | None:
    """A ``w:rPr`` with children in schema order, or None when there is no formatting."""
    if not any(opmaak.values()):
        return None
    eigenschappen = oxml.element("w:rPr")
    for naam in _RPR_VOLGORDE:
        waarde = opmaak.get(naam)
        if not waarde:
            continue
        if naam in ("b", "i"):
            eigenschappen.append(oxml.element(f"w:{naam}"))
        elif naam == "rFonts":
            eigenschappen.append(oxml.element("w:rFonts", ascii=waarde, hAnsi=waarde, cs=waarde))
        else:
            eigenschappen.append(oxml.element(f"w:{naam}", val=waarde))
    return eigenschappen


# Tracked changes are signed by the toolkit, dated with the new version's date.
REVISIE_AUTEUR = "regiovisie"


def _ankerblokken(blokken):
    """Every top-level block, also those inside tracked insertions and deletions."""
    for blok in blokken:
        if isinstance(blok, Revisie):
            yield from _ankerblokken(blok.blocks)
        else:
            yield blok


def bladwijzernaam(anker: str, gebruikt: set[str]) -> str:
    """A valid Word bookmark name (letter first, <= 40 chars, [A-Za-z0-9_]) for an anchor."""
    basis = "p_" + re.sub(r"[^A-Za-z0-9]", "_", anker)
    naam = basis[:40]
    teller = 1
    while naam in gebruikt:
        teller += 1
        achtervoegsel = f"_{teller}"
        naam = basis[: 40 - len(achtervoegsel)] + achtervoegsel
    gebruikt.add(naam)
    return naam


def _vast(inhoud):
    """Cell text with a no-break space after the euro sign: "€ 350.000" never splits."""
    uit = []
    for item in inhoud:
        if isinstance(item, Text) and "€ " in item.text:
            item = Text(item.text.replace("€ ", "€\u00a0"))
        elif isinstance(item, Strong | Emph):
            item = type(item)(tuple(_vast(item.content)))
        uit.append(item)
    return uit


# rPr children that come after w:sz in schema order (CT_RPr).
_NA_SZ = {
    oxml.qn(f"w:{n}")
    for n in [
        "szCs",
        "highlight",
        "u",
        "effect",
        "bdr",
        "shd",
        "fitText",
        "vertAlign",
        "rtl",
        "cs",
        "em",
        "lang",
        "eastAsianLayout",
        "specVanish",
        "oMath",
    ]
}


def _is_kop(p) -> bool:
    stijl = p.find(f"{oxml.qn('w:pPr')}/{oxml.qn('w:pStyle')}")
    return stijl is not None and stijl.get(oxml.qn("w:val"), "").startswith("Heading")


def _lettergrootte(tbl, halve_punten: int) -> None:
    """Give every run of a table the font size ``halve_punten`` / 2 pt."""
    for run in tbl.iter(oxml.qn("w:r")):
        eigenschappen = run.find(oxml.qn("w:rPr"))
        if eigenschappen is None:
            eigenschappen = oxml.element("w:rPr")
            run.insert(0, eigenschappen)
        grootte = oxml.element("w:sz", val=str(halve_punten))
        na = next((k for k in eigenschappen if k.tag in _NA_SZ), None)
        if na is None:
            eigenschappen.append(grootte)
        else:
            na.addprevious(grootte)


class WordInhoud:
    """Turns the document body into ``w:p`` / ``w:tbl`` elements."""

    def __init__(self, doc, document: Document, nummering: oxml.Nummering, breedte: int):
        self.doc = doc
        self.document = document
        self.nummering = nummering
        self.breedte = breedte  # text width in twips, for table grid columns
        self.voetnoot_nummers = volgorde(document)
        self.voetnoten = oxml.voetnoten_element()
        self._voetnoot_klaar: set[str] = set()
        self._bullet = nummering.abstract("bullet")
        self._decimaal = nummering.abstract("decimaal")
        self._bullet_num = nummering.num(self._bullet)
        self._bladwijzer_id = 0
        gebruikt: set[str] = set()
        self.bladwijzers = {
            b.id: bladwijzernaam(b.id, gebruikt)
            for b in _ankerblokken(document.body)
            if isinstance(b, Heading) or (isinstance(b, Table | Figure) and b.id)
        }
        for b in _ankerblokken(document.body):  # a reference to a block id lands on its heading
            if isinstance(b, Heading) and b.blok and b.blok not in self.bladwijzers:
                self.bladwijzers[b.blok] = self.bladwijzers[b.id]
        # Cross-references whose text the numbering made ("paragraaf 3.2", "tabel 4") become
        # "paragraaf " + a REF field, so Word renumbers them when a clerk moves a chapter.
        self.kruisverwijzingen: dict[str, tuple[str, str, str]] = {}  # anchor -> (voor, REF, nr)
        for b in _ankerblokken(document.body):
            if isinstance(b, Heading) and b.number and b.number[0].isdigit():
                veld = (f"REF {self.bladwijzers[b.id]} \\w", b.number)
                for anker in (b.id, b.blok):
                    if anker and anker not in self.kruisverwijzingen:
                        self.kruisverwijzingen[anker] = ("paragraaf ", *veld)
            elif isinstance(b, Table) and b.id and b.number is not None:
                veld = (f"REF {self.bladwijzers[b.id]}", str(b.number))
                self.kruisverwijzingen[b.id] = ("tabel ", *veld)
            elif isinstance(b, Figure) and b.id and b.number is not None:
                veld = (f"REF {self.bladwijzers[b.id]}", str(b.number))
                self.kruisverwijzingen[b.id] = ("figuur ", *veld)
        self._stijlen: dict[str, str] = {}
        self.figuren = Figuren(self)
        self.secties = Sectiegrenzen()
        self.liggend_breedte = liggende_breedte(doc)
        datum = f"{document.meta.datum.isoformat()}T00:00:00Z"
        self.revisies = oxml.Revisies(REVISIE_AUTEUR, datum, self.volgend_id)

    def volgend_id(self) -> int:
        """A fresh id for a bookmark or tracked change (Word wants them unique)."""
        self._bladwijzer_id += 1
        return self._bladwijzer_id

    def stijl(self, naam: str) -> str:
        if naam not in self._stijlen:
            self._stijlen[naam] = stijl_id(self.doc, naam)
        return self._stijlen[naam]

    # --- paragraphs --------------------------------------------------------------------

    def paragraaf(self, stijl: str | None = None, runs=(), uitlijning: str | None = None):
        """A ``w:p`` with a named style and the given run elements."""
        p = oxml.element("w:p")
        if stijl or uitlijning:
            ppr = oxml.element("w:pPr")
            if stijl:
                ppr.append(oxml.element("w:pStyle", val=self.stijl(stijl)))
            if uitlijning:
                ppr.append(oxml.element("w:jc", val=uitlijning))
            p.append(ppr)
        for run in runs:
            p.append(run)
        return p

    def runs(self, inhoud: Iterable[Inline], **opmaak) -> list:
        """Run elements for inline spans, carrying bold/italic/code down the tree."""
        uit: list = []
        for item in inhoud:
            if isinstance(item, Text):
                uit.append(oxml.tekst_run(item.text, rpr(**opmaak)))
            elif isinstance(item, Emph):
                uit += self.runs(item.content, **{**opmaak, "i": True})
            elif isinstance(item, Strong):
                uit += self.runs(item.content, **{**opmaak, "b": True})
            elif isinstance(item, Code):
                uit.append(oxml.tekst_run(item.text, rpr(**{**opmaak, "rFonts": "Consolas"})))
            elif isinstance(item, LineBreak):
                run = oxml.element("w:r")
                run.append(oxml.element("w:br"))
                uit.append(run)
            elif isinstance(item, Marker):
                uit.append(oxml.tekst_run(item.text, rpr(**{**opmaak, "highlight": "yellow"})))
            elif isinstance(item, Link):
                uit.append(self.hyperlink(item, opmaak))
            elif isinstance(item, Ins | Del):
                runs = self.runs(item.content, **opmaak)
                if runs:
                    soort = "ins" if isinstance(item, Ins) else "del"
                    uit.append(self.revisies.omhul(soort, runs))
            elif isinstance(item, FootnoteRef) and item.key in self.voetnoot_nummers:
                uit.append(self.voetnootverwijzing(item.key))
            elif isinstance(item, FootnoteRef):
                pass  # a reference to a footnote the document does not have shows nothing
            else:
                assert_never(item)  # a node type this writer does not know: fail loudly
        return uit

    def hyperlink(self, link: Link, opmaak: dict):
        element = oxml.element("w:hyperlink")
        opmaak = {**opmaak, "rStyle": self.stijl("Hyperlink")}
        runs = None
        if link.target.startswith("#"):
            anker = link.target[1:]
            element.set(oxml.qn("w:anchor"), self.bladwijzers.get(anker, anker))
            runs = self.kruisverwijzing(anker, platte_tekst(link.content), opmaak)
        else:
            r_id = self.doc.part.relate_to(link.target, RT.HYPERLINK, is_external=True)
            element.set(oxml.qn("r:id"), r_id)
        for run in runs or self.runs(link.content, **opmaak):
            element.append(run)
        return element

    def kruisverwijzing(self, anker: str, tekst: str, opmaak: dict) -> list | None:
        """The runs "paragraaf " + a REF field with the number, for a reference the numbering
        filled in; None for a link with its own text."""
        if anker not in self.kruisverwijzingen:
            return None
        voor, instructie, nummer = self.kruisverwijzingen[anker]
        if tekst != voor + nummer:
            return None
        return [
            oxml.tekst_run(voor, rpr(**opmaak)),
            *oxml.veld(instructie, nummer, lambda: rpr(**opmaak)),
        ]

    def voetnootverwijzing(self, sleutel: str):
        nummer = self.voetnoot_nummers[sleutel]
        if sleutel not in self._voetnoot_klaar:
            self._voetnoot_klaar.add(sleutel)
            self.voetnoten.append(self.voetnoot(nummer, self.document.footnotes[sleutel]))
        run = oxml.element("w:r")
        run.append(rpr(rStyle=self.stijl("Footnote Reference")))
        run.append(oxml.element("w:footnoteReference", id=str(nummer)))
        return run

    def voetnoot(self, nummer: int, blokken):
        voetnoot = oxml.element("w:footnote", id=str(nummer))
        for index, blok in enumerate(blokken or (Paragraph((), Bron("voetnoot")),)):
            inhoud = blok.content if isinstance(blok, Paragraph) else ()
            runs = self.runs(inhoud)
            if index == 0:
                teken = oxml.element("w:r")
                teken.append(rpr(rStyle=self.stijl("Footnote Reference")))
                teken.append(oxml.element("w:footnoteRef"))
                runs = [teken, oxml.tekst_run(" "), *runs]
            voetnoot.append(self.paragraaf("Footnote Text", runs))
        return voetnoot

    # --- blocks ------------------------------------------------------------------------

    def blokken(self, blokken, lijstniveau: int = 0) -> list:
        uit: list = []
        for blok in blokken:
            elementen = self.blok(blok, lijstniveau)
            if elementen and self.secties.is_grens(elementen[0], PORTRET):
                self._voeg_liggend_samen(uit, elementen)
            uit += elementen
        return uit

    def _voeg_liggend_samen(self, uit: list, elementen: list) -> None:
        """Two landscape tables with at most a few plain paragraphs between them share one
        landscape section (no portrait page holding only a sentence)."""
        for terug in range(1, min(4, len(uit)) + 1):
            einde = uit[-terug]
            if not self.secties.is_grens(einde, LIGGEND):
                continue
            tussen = uit[len(uit) - terug + 1 :]
            if all(e.tag == oxml.qn("w:p") and not _is_kop(e) for e in tussen):
                uit.remove(einde)
                self.secties.vergeet(einde)
                self.secties.vergeet(elementen.pop(0))
            return

    def blok(self, blok: Block, lijstniveau: int = 0) -> list:
        if isinstance(blok, Heading):
            return [self.kop(blok)]
        if isinstance(blok, Paragraph):
            return [self.paragraaf(None, self.runs(blok.content))]
        if isinstance(blok, ListBlock):
            return self.lijst(blok, lijstniveau)
        if isinstance(blok, Table):
            return self.tabel(blok)
        if isinstance(blok, Figure):
            return self.figuren.figuur(blok)
        if isinstance(blok, BlockQuote):
            return [
                self.paragraaf("Quote", self.runs(b.content))
                for b in blok.blocks
                if isinstance(b, Paragraph)
            ]
        if isinstance(blok, CodeBlock):
            return [
                self.paragraaf(None, [oxml.tekst_run(regel, rpr(rFonts="Consolas"))])
                for regel in blok.text.split("\n")
            ]
        if isinstance(blok, Revisie):
            elementen = self.blokken(blok.blocks, lijstniveau)
            if blok.verplaatsing:
                self.revisies.markeer_verplaatsing(blok.soort, blok.verplaatsing, elementen)
            else:
                self.revisies.markeer_blok(blok.soort, elementen)
            return elementen
        assert_never(blok)  # a node type this writer does not know: fail loudly

    def kop(self, kop: Heading):
        niveau = min(kop.level, 4)
        runs = self.runs(kop.content)
        nummer = kop.number or ""
        letters = bool(nummer) and not nummer[0].isdigit()
        if letters:  # an appendix: "Bijlage A" and "A.1" as text, not Word's chapter numbers
            tab = oxml.element("w:r")
            tab.append(oxml.element("w:tab"))
            runs = [oxml.tekst_run(nummer), tab, *runs]
        p = self.paragraaf(f"Heading {niveau}", runs)
        if (not kop.number or letters) and niveau <= 3:
            oxml.zet_nummering(oxml.ppr_van(p), 0)  # an unnumbered heading (annex)
        if kop.bijlage:
            oxml.zet_in_ppr(oxml.ppr_van(p), oxml.element("w:pageBreakBefore"))
        oxml.bladwijzer(p, self.bladwijzers[kop.id], self.volgend_id())
        return p

    def lijst(self, lijst: ListBlock, niveau: int) -> list:
        if lijst.ordered:
            num_id = self.nummering.num(self._decimaal, herstart=True, start=lijst.start)
            stijl = "List Number"
        else:
            num_id, stijl = self._bullet_num, "List Bullet"
        uit: list = []
        for item in lijst.items:
            uit += self._lijstitem(item, stijl, num_id, niveau)
        return uit

    def _lijstitem(self, item, stijl: str, num_id: int, niveau: int, eerste: bool = True):
        """One list item: its first paragraph carries the bullet or number."""
        uit: list = []
        for blok in item:
            if isinstance(blok, Paragraph) and eerste:
                p = self.paragraaf(stijl, self.runs(blok.content))
                oxml.zet_nummering(oxml.ppr_van(p), num_id, min(niveau, 2))
                uit.append(p)
                eerste = False
            elif isinstance(blok, Revisie):
                # A tracked item (or first paragraph) keeps its bullet; after a deleted first
                # paragraph the inserted one still takes the bullet.
                elementen = self._lijstitem(blok.blocks, stijl, num_id, niveau, eerste)
                self.revisies.markeer_blok(blok.soort, elementen)
                uit += elementen
                eerste = eerste and blok.soort == "del"
            elif isinstance(blok, ListBlock):
                uit += self.lijst(blok, niveau + 1)
            else:
                uit += self.blok(blok, niveau + 1)
        return uit

    def bijschrift(self, tabel: Table):
        nummer = oxml.veld("SEQ Tabel \\* ARABIC", str(tabel.number))
        if tabel.id in self.bladwijzers:
            # The bookmark holds only the number, so a REF to it shows "4" (as Word's own
            # cross-reference "only label and number" minus the label).
            nummer = oxml.om_bladwijzer(nummer, self.bladwijzers[tabel.id], self.volgend_id())
        runs = [oxml.tekst_run("Tabel "), *nummer]
        if tabel.caption:
            runs += [oxml.tekst_run(". "), *self.runs(tabel.caption)]
        p = self.paragraaf("Caption", runs)
        oxml.zet_in_ppr(oxml.ppr_van(p), oxml.element("w:keepNext"))
        return p

    def _minima(self, tabel: Table) -> tuple[list[int], list[int]]:
        """Per column the width of its longest word in twips, and its share of the rest."""
        teken, marge = 150, 260  # twips per character (bold, wide fallback fonts) and padding
        kolommen = max(len(tabel.header), 1)
        gewichten, minima = [], []
        for index in range(kolommen):
            cellen = [tabel.header[index] if index < len(tabel.header) else ()]
            cellen += [rij[index] for rij in tabel.rows if index < len(rij)]
            teksten = [platte_tekst(c) for c in cellen]
            langste = max(map(len, teksten), default=1)
            getal = index < len(tabel.align) and tabel.align[index] == "right"
            # A number column never breaks: its longest cell is its minimum.
            woorden = teksten if getal else [w for t in teksten for w in t.split()]
            woord = max(map(len, woorden), default=1)
            # Digits are narrower than the widest letters: about 110 twips at 10 pt.
            minima.append(max(woord, 1) * (110 if getal else teken) + marge)
            gewichten.append(0 if getal else min(max(langste, 12), 40))
        return minima, gewichten

    def liggend(self, tabel: Table) -> bool:
        """Whether a table goes on a landscape page: asked for, many columns, or too wide."""
        if tabel.liggend or len(tabel.header) > MAX_KOLOMMEN:
            return True
        # The minima assume wide bold glyphs; a table that misses by a little still fits.
        return sum(self._minima(tabel)[0]) * 4 > self.breedte * 5

    def kolombreedtes(self, tabel: Table, breedte: int | None = None) -> list[int]:
        """Column widths in twips: every column fits its longest word (so numbers and short
        labels never break), and the remaining width goes to the text columns."""
        breedte = breedte or self.breedte
        minima, gewichten = self._minima(tabel)
        kolommen = len(minima)
        rest = breedte - sum(minima)
        if rest <= 0:  # too many columns: shrink proportionally, words may break
            return [breedte * m // sum(minima) for m in minima]
        totaal = sum(gewichten) or 1
        breedtes = [m + rest * g // totaal for m, g in zip(minima, gewichten, strict=True)]
        if not any(gewichten):
            breedtes = [m + rest // kolommen for m in minima]
        return breedtes

    def tabel(self, tabel: Table) -> list:
        liggend = self.liggend(tabel)
        breedtes = self.kolombreedtes(tabel, self.liggend_breedte if liggend else None)
        tbl = oxml.element("w:tbl")
        tbl_pr = oxml.element("w:tblPr")
        tbl_pr.append(oxml.element("w:tblStyle", val=self.stijl("Table Grid")))
        tbl_pr.append(oxml.element("w:tblW", w="5000", type="pct"))
        tbl_pr.append(
            oxml.element(
                "w:tblLook",
                val="04A0",
                firstRow="1",
                lastRow="0",
                firstColumn="1",
                lastColumn="0",
                noHBand="0",
                noVBand="1",
            )
        )
        tbl.append(tbl_pr)
        grid = oxml.element("w:tblGrid")
        for breedte in breedtes:
            grid.append(oxml.element("w:gridCol", w=str(breedte)))
        tbl.append(grid)
        tbl.append(self._rij(tabel.header, tabel.align, breedtes, kop=True))
        for rij in tabel.rows:
            tbl.append(self._rij(rij, tabel.align, breedtes))
        nodig = sum(self._minima(tabel)[0])
        beschikbaar = self.liggend_breedte if liggend else self.breedte
        if nodig > beschikbaar:
            # Even a landscape page is too narrow: a smaller font (down to 7 pt), so the
            # columns shrink with their text and amounts still do not break.
            _lettergrootte(tbl, max(14, int(20 * beschikbaar / nodig)))
        if liggend:
            return [
                self.secties.grens(PORTRET),
                self.bijschrift(tabel),
                tbl,
                self.secties.grens(LIGGEND),
            ]
        return [self.bijschrift(tabel), tbl, self.paragraaf(None, [])]

    def _rij(self, cellen, uitlijning, breedtes: list[int], kop: bool = False):
        tr = oxml.element("w:tr")
        tr_pr = oxml.element("w:trPr")
        tr_pr.append(oxml.element("w:cantSplit"))  # a row never breaks across pages
        if kop:
            tr_pr.append(oxml.element("w:tblHeader"))  # repeated on every page
        tr.append(tr_pr)
        for index, cel in enumerate(cellen):
            tc = oxml.element("w:tc")
            tc_pr = oxml.element("w:tcPr")
            breedte = breedtes[index] if index < len(breedtes) else breedtes[-1]
            tc_pr.append(oxml.element("w:tcW", w=str(breedte), type="dxa"))
            tc.append(tc_pr)
            richting = uitlijning[index] if index < len(uitlijning) else None
            jc = {"right": "right", "center": "center"}.get(richting or "")
            if richting == "right":
                tc_pr.append(oxml.element("w:noWrap"))  # an amount stays on one line
            cel = _vast(cel)
            runs = self.runs(cel, b=True) if kop else self.runs(cel)
            tc.append(self.paragraaf(None, runs, uitlijning=jc))
            tr.append(tc)
        return tr
