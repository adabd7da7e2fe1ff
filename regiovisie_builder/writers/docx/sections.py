"""Landscape pages for wide tables: Word sections.

In WordprocessingML a section ends with a paragraph whose ``w:pPr`` holds a ``w:sectPr``;
the body's own ``w:sectPr`` describes the last section. A wide table gets a section break
before it (ending the portrait section) and after it (ending its landscape section).

The page settings, headers and footers are only final once the whole document is written
(the house style's section, the cover page's first-page header), so the writer puts empty
``w:sectPr`` placeholders in and ``fill_in`` copies the body's section into them at the end.
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

PORTRAIT, LANDSCAPE = "portret", "liggend"
MAX_COLUMNS = 7  # a table with more columns goes on a landscape page by itself


class SectionBreaks:
    """The section breaks one Word document needs, filled in at the end (``fill_in``)."""

    def __init__(self):
        self.limits: list[tuple[BaseOxmlElement, str]] = []  # (placeholder sectPr, orientation)

    def limit(self, orientation: str):
        """An empty paragraph that ends a section of ``orientation``."""
        p = oxml.element("w:p")
        sect_pr = p.get_or_add_pPr().get_or_add_sectPr()
        self.limits.append((sect_pr, orientation))
        return p

    def is_limit(self, element, orientation: str) -> bool:
        return any(
            s.getparent() is not None and s.getparent().getparent() is element and o == orientation
            for s, o in self.limits
        )

    def forget(self, element) -> None:
        self.limits = [(s, o) for s, o in self.limits if s.getparent().getparent() is not element]

    def fill_in(self, doc) -> None:
        """Copy the body's section (page size, margins, headers) into every placeholder."""
        if not self.limits:
            return
        body = doc.element.body.find(oxml.qn("w:sectPr"))
        preview = copy.deepcopy(body)
        for index, (sect_pr, orientation) in enumerate(self.limits):
            for kind in copy.deepcopy(preview):
                sect_pr.append(kind)
            if index:
                _without_heading_en_footer(sect_pr)
            if orientation == LANDSCAPE:
                _run(sect_pr)
        _without_heading_en_footer(body)


def _without_heading_en_footer(sect_pr) -> None:
    """No own headers/footers (so the previous section's show) and no first-page setting."""
    for tag in ("w:headerReference", "w:footerReference", "w:titlePg"):
        for kind in sect_pr.findall(oxml.qn(tag)):
            sect_pr.remove(kind)


def _run(sect_pr) -> None:
    """Make a portrait section landscape: swap the page's width and height."""
    pg_sz = sect_pr.pgSz
    if pg_sz is None:
        pg_sz = sect_pr.get_or_add_pgSz()
        pg_sz.set(oxml.qn("w:w"), "11906")
        pg_sz.set(oxml.qn("w:h"), "16838")
    width, height = pg_sz.get(oxml.qn("w:w")), pg_sz.get(oxml.qn("w:h"))
    if width and height and int(width) < int(height):
        pg_sz.set(oxml.qn("w:w"), height)
        pg_sz.set(oxml.qn("w:h"), width)
    pg_sz.set(oxml.qn("w:orient"), "landscape")


def landscape_width(doc) -> int:
    """The text width in twips of a landscape page in the document's section."""
    section = doc.sections[-1]
    try:
        width, height = int(section.page_width), int(section.page_height)
        margins = int(section.left_margin) + int(section.right_margin)
        return (max(width, height) - margins) // 635
    except TypeError:
        return 13900
