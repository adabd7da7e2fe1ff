"""Make sure every named style the writer uses exists, taking the reference document's own.

Like pandoc's --reference-doc: a style present in the reference (huisstijl) is used as it is;
a missing one is added with a plain definition so the output never falls back to direct
formatting.
"""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt, RGBColor

from regiovisie_builder.writers.docx import oxml

PARAGRAAFSTIJLEN = (
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "Heading 4",
    "List Bullet",
    "List Number",
    "Caption",
    "Quote",
    "TOC Heading",
    "TOC 1",
    "TOC 2",
    "TOC 3",
    "Footnote Text",
    "Header",
    "Footer",
)
TEKENSTIJLEN = ("Footnote Reference", "Hyperlink")


def _paragraafstijl(styles, naam: str):
    stijl = styles.add_style(naam, WD_STYLE_TYPE.PARAGRAPH)
    stijl.base_style = styles["Normal"]
    if naam.startswith("TOC "):
        niveau = int(naam[-1])
        stijl.paragraph_format.left_indent = Pt(12 * (niveau - 1))
        stijl.paragraph_format.space_after = Pt(2)
    elif naam == "Footnote Text":
        stijl.font.size = Pt(9)
        stijl.paragraph_format.space_after = Pt(0)
    elif naam == "Caption":
        stijl.font.size = Pt(9)
        stijl.font.bold = True
    return stijl


def _tekenstijl(styles, naam: str):
    stijl = styles.add_style(naam, WD_STYLE_TYPE.CHARACTER)
    if naam == "Footnote Reference":
        stijl.font.superscript = True
    elif naam == "Hyperlink":
        stijl.font.color.rgb = RGBColor(0x15, 0x42, 0x73)
        stijl.font.underline = True
    return stijl


def zorg_voor_stijlen(document) -> None:
    """Add each style the writer needs and the reference document lacks."""
    styles = document.styles
    namen = {s.name for s in styles}
    for naam in PARAGRAAFSTIJLEN:
        if naam not in namen:
            _paragraafstijl(styles, naam)
    for naam in TEKENSTIJLEN:
        if naam not in namen:
            _tekenstijl(styles, naam)
    if "Table Grid" not in namen:
        styles.add_style("Table Grid", WD_STYLE_TYPE.TABLE)


def stijl_id(document, naam: str) -> str:
    """The style id (``Heading1``) of a style name (``Heading 1``)."""
    return document.styles[naam].style_id


def koppel_kopnummering(document, num_id: int) -> None:
    """Attach multi-level numbering to the Heading 1-3 styles (1, 1.1, 1.1.1)."""
    for niveau in range(3):
        stijl = document.styles[f"Heading {niveau + 1}"]
        oxml.zet_nummering(stijl.element.get_or_add_pPr(), num_id, niveau)


def houd_koppen_bij_tekst(document) -> None:
    """Headings stay with the next paragraph and in one piece, also in a house style that
    forgot it, so no page ends with a heading."""
    for naam in ("Heading 1", "Heading 2", "Heading 3", "Heading 4", "TOC Heading"):
        opmaak = document.styles[naam].paragraph_format
        opmaak.keep_with_next = True
        opmaak.keep_together = True
