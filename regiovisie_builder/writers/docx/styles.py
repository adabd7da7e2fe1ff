"""Make sure every named style the writer uses exists, taking the reference document's own.

Like pandoc's --reference-doc: a style present in the reference (huisstijl) is used as it is;
a missing one is added with a plain definition so the output never falls back to direct
formatting.
"""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt, RGBColor

from regiovisie_builder.writers.docx import oxml

PARAGRAPH_STYLES = (
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
CHARACTER_STYLES = ("Footnote Reference", "Hyperlink")


def _paragraph_style(styles, name: str):
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles["Normal"]
    if name.startswith("TOC "):
        level = int(name[-1])
        style.paragraph_format.left_indent = Pt(12 * (level - 1))
        style.paragraph_format.space_after = Pt(2)
    elif name == "Footnote Text":
        style.font.size = Pt(9)
        style.paragraph_format.space_after = Pt(0)
    elif name == "Caption":
        style.font.size = Pt(9)
        style.font.bold = True
    return style


def _character_style(styles, name: str):
    style = styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
    if name == "Footnote Reference":
        style.font.superscript = True
    elif name == "Hyperlink":
        style.font.color.rgb = RGBColor(0x15, 0x42, 0x73)
        style.font.underline = True
    return style


def care_for_styles(document) -> None:
    """Add each style the writer needs and the reference document lacks."""
    styles = document.styles
    names = {s.name for s in styles}
    for name in PARAGRAPH_STYLES:
        if name not in names:
            _paragraph_style(styles, name)
    for name in CHARACTER_STYLES:
        if name not in names:
            _character_style(styles, name)
    if "Table Grid" not in names:
        styles.add_style("Table Grid", WD_STYLE_TYPE.TABLE)


def style_id(document, name: str) -> str:
    """The style id (``Heading1``) of a style name (``Heading 1``)."""
    return document.styles[name].style_id


def link_heading_numbering(document, num_id: int) -> None:
    """Attach multi-level numbering to the Heading 1-3 styles (1, 1.1, 1.1.1)."""
    for level in range(3):
        style = document.styles[f"Heading {level + 1}"]
        oxml.set_numbering(style.element.get_or_add_pPr(), num_id, level)


def keep_headings_with_text(document) -> None:
    """Headings stay with the next paragraph and in one piece, also in a house style that
    forgot it, so no page ends with a heading."""
    for name in ("Heading 1", "Heading 2", "Heading 3", "Heading 4", "TOC Heading"):
        formatting = document.styles[name].paragraph_format
        formatting.keep_with_next = True
        formatting.keep_together = True
