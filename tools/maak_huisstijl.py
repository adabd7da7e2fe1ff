"""Generate the shipped house style ``templates/huisstijl.docx`` (run from the repository root).

A sober Dutch-government-like reference document, derived from python-docx's default
template: A4, Calibri (LibreOffice uses the metric-compatible Carlito where Calibri is
missing, so lines and pages break the same), dark blue headings that keep with the next
paragraph, every named style the Word writer uses. Deterministic: running it twice gives the
same bytes.

    python tools/maak_huisstijl.py [UITVOER]
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DARK_BLUE = "154273"
GREY = "595959"
LETTER = "Calibri"


def _rpr(style, *, size=None, bold=None, italic=None, colour=None, letter=LETTER):
    from docx.shared import Pt, RGBColor

    font = style.font
    font.name = letter
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    # Drop theme fonts so the named font wins everywhere (Word prefers theme attributes).
    for attribute in list(fonts.attrib):
        if attribute.endswith("Theme"):
            del fonts.attrib[attribute]
    from docx.oxml.ns import qn

    for name in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(name), letter)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    if colour is not None:
        font.color.rgb = RGBColor.from_string(colour)
        colour_el = rpr.find(qn("w:color"))
        for attribute in list(colour_el.attrib):
            if attribute.endswith(("themeColor", "themeShade", "themeTint")):
                del colour_el.attrib[attribute]


def _paragraph(
    style, *, before=None, after=None, indent=None, together=None, line=None, whole=None
):
    from docx.shared import Pt

    formatting = style.paragraph_format
    if before is not None:
        formatting.space_before = Pt(before)
    if after is not None:
        formatting.space_after = Pt(after)
    if indent is not None:
        formatting.left_indent = Pt(indent)
    if together is not None:
        formatting.keep_with_next = together
    if whole is not None:
        formatting.keep_together = whole
    if line is not None:
        formatting.line_spacing = line


def _default_paragraph(styles) -> None:
    """Paragraph spacing in the document defaults, not in Normal, so that the table style's
    tighter spacing wins inside table cells (Normal would override it)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    defaults = styles.element.find(qn("w:docDefaults"))
    for old in defaults.findall(qn("w:pPrDefault")):
        defaults.remove(old)
    defaults.append(
        parse_xml(
            f"<w:pPrDefault {nsdecls('w')}><w:pPr>"
            '<w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
        )
    )
    normal_ppr = styles["Normal"].element.pPr
    if normal_ppr is not None:
        for old in normal_ppr.findall(qn("w:spacing")):
            normal_ppr.remove(old)


def _style(styles, name: str, soort):
    return styles[name] if name in {s.name for s in styles} else styles.add_style(name, soort)


def _no_numbering(style) -> None:
    from docx.oxml.ns import qn

    ppr = style.element.pPr
    if ppr is not None:
        for num_pr in ppr.findall(qn("w:numPr")):
            ppr.remove(num_pr)


def _table_style(style) -> None:
    """Table Grid: thin grey borders, a shaded, bold header row."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    element = style.element
    for old in element.findall(qn("w:tblStylePr")):
        element.remove(old)
    tbl_pr = element.find(qn("w:tblPr"))
    borders = tbl_pr.find(qn("w:tblBorders"))
    for rand in borders:
        rand.set(qn("w:color"), "A6A6A6")
    element.append(
        parse_xml(
            f'<w:tblStylePr {nsdecls("w")} w:type="firstRow">'
            '<w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr>'
            f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{DARK_BLUE}"/></w:tcPr>'
            "</w:tblStylePr>"
        )
    )


def _toc_tab(style, width) -> None:
    from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER

    style.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)


def make() -> bytes:
    """The house style document as bytes."""
    import datetime as dt

    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.shared import Cm

    from regiovisie_builder.writers.docx import oxml

    doc = docx.Document()
    # python-docx's template carries a thumbnail of its own sample page: drop it.
    package = doc.part.package
    for rel in list(package.rels.values()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rel.rId]
    # Its stale Word 2010 copy of the styles and a sample bibliography go too: they would
    # not show our styles, and every build would parse them again.
    for rel in list(doc.part.rels.values()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml")):
            del doc.part.rels[rel.rId]

    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.2)
    section.header_distance = section.footer_distance = Cm(1.25)
    text_width = section.page_width - section.left_margin - section.right_margin

    styles = doc.styles
    P, C = WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER
    oxml.default_language(styles.element, "nl-NL")

    normal = styles["Normal"]
    _rpr(normal, size=10.5)
    _default_paragraph(styles)

    for name, size, before, after in (("Title", 26, 0, 12), ("Subtitle", 14, 0, 24)):
        style = styles[name]
        _rpr(style, size=size, bold=name == "Title", italic=False, colour=DARK_BLUE)
        _paragraph(style, before=before, after=after)
    title_ppr = styles["Title"].element.pPr
    from docx.oxml.ns import qn

    for rand in title_ppr.findall(qn("w:pBdr")):
        title_ppr.remove(rand)

    for level, size, before in ((1, 16, 24), (2, 13, 18), (3, 11, 12), (4, 10.5, 12)):
        style = styles[f"Heading {level}"]
        _rpr(style, size=size, bold=True, italic=level == 4, colour=DARK_BLUE)
        _paragraph(style, before=before, after=6, together=True, whole=True)

    content = _style(styles, "TOC Heading", P)
    content.base_style = normal
    ppr = content.element.get_or_add_pPr()
    for old in ppr.findall(qn("w:outlineLvl")):
        ppr.remove(old)
    _rpr(content, size=16, bold=True, colour=DARK_BLUE)
    _paragraph(content, before=0, after=12, together=True)
    for level in (1, 2, 3):
        style = _style(styles, f"TOC {level}", P)
        style.base_style = normal
        _rpr(style, bold=level == 1)
        _paragraph(style, before=6 if level == 1 else 0, after=2, indent=14 * (level - 1))
        _toc_tab(style, text_width)

    for name in ("List Bullet", "List Number"):
        style = styles[name]
        _no_numbering(style)  # the writer attaches a numbering instance per list
        _paragraph(style, after=3)

    caption = styles["Caption"]
    _rpr(caption, size=9, bold=True, italic=False, colour=DARK_BLUE)
    _paragraph(caption, before=6, after=3, together=True)

    quote = styles["Quote"]
    _rpr(quote, italic=True, colour=GREY)
    _paragraph(quote, indent=24)

    footnote = _style(styles, "Footnote Text", P)
    footnote.base_style = normal
    _rpr(footnote, size=8.5)
    _paragraph(footnote, after=0, line=1.0)
    reference = _style(styles, "Footnote Reference", C)
    reference.font.superscript = True

    link = _style(styles, "Hyperlink", C)
    link.font.underline = True
    _rpr(link, colour=DARK_BLUE)

    for name in ("Header", "Footer"):
        style = styles[name]
        _rpr(style, size=8, colour=GREY)
        _paragraph(style, after=0)

    _table_style(styles["Table Grid"])
    # Only the table styles the writer uses: a smaller styles part is faster to read.
    for style in list(styles):
        if style.type == WD_STYLE_TYPE.TABLE and style.name not in ("Normal Table", "Table Grid"):
            styles.element.remove(style.element)

    kern = doc.core_properties
    moment = dt.datetime(2024, 1, 1, 12, 0)
    kern.title = "Huisstijl regiovisie"
    kern.author = kern.last_modified_by = "regiovisie-builder"
    kern.comments = "Referentiedocument: stijlen, marges, kop- en voettekst."
    kern.created = kern.modified = kern.last_printed = moment
    kern.revision = 1
    kern.language = "nl-NL"

    oxml.application(doc.part.package)

    out = io.BytesIO()
    doc.save(out)
    return oxml.reproducible(out.getvalue())


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "templates" / "huisstijl.docx"
    target.write_bytes(make())
    print(f"geschreven: {target}")


if __name__ == "__main__":
    main()
