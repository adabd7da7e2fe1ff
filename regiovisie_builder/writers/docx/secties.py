"""Landscape pages for wide tables: Word sections.

In WordprocessingML a section ends with a paragraph whose ``w:pPr`` holds a ``w:sectPr``;
the body's own ``w:sectPr`` describes the last section. A wide table gets a section break
before it (ending the portrait section) and after it (ending its landscape section).

The page settings, headers and footers are only final once the whole document is written
(the house style's section, the cover page's first-page header), so the writer puts empty
``w:sectPr`` placeholders in and ``vul_in`` copies the body's section into them at the end.
Sections without their own header or footer references show the previous section's, so
only the first section keeps the references; the first-page setting (the cover page) stays
with the first section alone.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from regiovisie_builder.writers.docx import oxml

if TYPE_CHECKING:
    from docx.oxml.xmlchemy import BaseOxmlElement

PORTRET, LIGGEND = "portret", "liggend"
MAX_KOLOMMEN = 7  # a table with more columns goes on a landscape page by itself


class Sectiegrenzen:
    """The section breaks one Word document needs, filled in at the end (``vul_in``)."""

    def __init__(self):
        self.grenzen: list[tuple[BaseOxmlElement, str]] = []  # (placeholder sectPr, orientation)

    def grens(self, orientatie: str):
        """An empty paragraph that ends a section of ``orientatie``."""
        p = oxml.element("w:p")
        sect_pr = p.get_or_add_pPr().get_or_add_sectPr()
        self.grenzen.append((sect_pr, orientatie))
        return p

    def is_grens(self, element, orientatie: str) -> bool:
        return any(
            s.getparent() is not None and s.getparent().getparent() is element and o == orientatie
            for s, o in self.grenzen
        )

    def vergeet(self, element) -> None:
        self.grenzen = [(s, o) for s, o in self.grenzen if s.getparent().getparent() is not element]

    def vul_in(self, doc) -> None:
        """Copy the body's section (page size, margins, headers) into every placeholder."""
        if not self.grenzen:
            return
        lichaam = doc.element.body.find(oxml.qn("w:sectPr"))
        voorbeeld = copy.deepcopy(lichaam)
        for index, (sect_pr, orientatie) in enumerate(self.grenzen):
            for kind in copy.deepcopy(voorbeeld):
                sect_pr.append(kind)
            if index:
                _zonder_kop_en_voet(sect_pr)
            if orientatie == LIGGEND:
                _draai(sect_pr)
        _zonder_kop_en_voet(lichaam)


def _zonder_kop_en_voet(sect_pr) -> None:
    """No own headers/footers (so the previous section's show) and no first-page setting."""
    for tag in ("w:headerReference", "w:footerReference", "w:titlePg"):
        for kind in sect_pr.findall(oxml.qn(tag)):
            sect_pr.remove(kind)


def _draai(sect_pr) -> None:
    """Make a portrait section landscape: swap the page's width and height."""
    pg_sz = sect_pr.pgSz
    if pg_sz is None:
        pg_sz = sect_pr.get_or_add_pgSz()
        pg_sz.set(oxml.qn("w:w"), "11906")
        pg_sz.set(oxml.qn("w:h"), "16838")
    breedte, hoogte = pg_sz.get(oxml.qn("w:w")), pg_sz.get(oxml.qn("w:h"))
    if breedte and hoogte and int(breedte) < int(hoogte):
        pg_sz.set(oxml.qn("w:w"), hoogte)
        pg_sz.set(oxml.qn("w:h"), breedte)
    pg_sz.set(oxml.qn("w:orient"), "landscape")


def liggende_breedte(doc) -> int:
    """The text width in twips of a landscape page in the document's section."""
    sectie = doc.sections[-1]
    try:
        breedte, hoogte = int(sectie.page_width), int(sectie.page_height)
        marges = int(sectie.left_margin) + int(sectie.right_margin)
        return (max(breedte, hoogte) - marges) // 635
    except TypeError:
        return 13900
