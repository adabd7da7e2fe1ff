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

WORTEL = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(WORTEL))

DONKERBLAUW = "154273"
GRIJS = "595959"
LETTER = "Calibri"


def _rpr(stijl, *, grootte=None, vet=None, cursief=None, kleur=None, letter=LETTER):
    from docx.shared import Pt, RGBColor

    font = stijl.font
    font.name = letter
    rpr = stijl.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    # Drop theme fonts so the named font wins everywhere (Word prefers theme attributes).
    for attribuut in list(fonts.attrib):
        if attribuut.endswith("Theme"):
            del fonts.attrib[attribuut]
    from docx.oxml.ns import qn

    for naam in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(naam), letter)
    if grootte is not None:
        font.size = Pt(grootte)
    if vet is not None:
        font.bold = vet
    if cursief is not None:
        font.italic = cursief
    if kleur is not None:
        font.color.rgb = RGBColor.from_string(kleur)
        kleur_el = rpr.find(qn("w:color"))
        for attribuut in list(kleur_el.attrib):
            if attribuut.endswith(("themeColor", "themeShade", "themeTint")):
                del kleur_el.attrib[attribuut]


def _alinea(stijl, *, voor=None, na=None, inspringen=None, samen=None, regel=None, heel=None):
    from docx.shared import Pt

    opmaak = stijl.paragraph_format
    if voor is not None:
        opmaak.space_before = Pt(voor)
    if na is not None:
        opmaak.space_after = Pt(na)
    if inspringen is not None:
        opmaak.left_indent = Pt(inspringen)
    if samen is not None:
        opmaak.keep_with_next = samen
    if heel is not None:
        opmaak.keep_together = heel
    if regel is not None:
        opmaak.line_spacing = regel


def _standaardalinea(styles) -> None:
    """Paragraph spacing in the document defaults, not in Normal, so that the table style's
    tighter spacing wins inside table cells (Normal would override it)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    defaults = styles.element.find(qn("w:docDefaults"))
    for oud in defaults.findall(qn("w:pPrDefault")):
        defaults.remove(oud)
    defaults.append(
        parse_xml(
            f"<w:pPrDefault {nsdecls('w')}><w:pPr>"
            '<w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
        )
    )
    normaal_ppr = styles["Normal"].element.pPr
    if normaal_ppr is not None:
        for oud in normaal_ppr.findall(qn("w:spacing")):
            normaal_ppr.remove(oud)


def _stijl(styles, naam: str, soort):
    return styles[naam] if naam in {s.name for s in styles} else styles.add_style(naam, soort)


def _geen_nummering(stijl) -> None:
    from docx.oxml.ns import qn

    ppr = stijl.element.pPr
    if ppr is not None:
        for num_pr in ppr.findall(qn("w:numPr")):
            ppr.remove(num_pr)


def _tabelstijl(stijl) -> None:
    """Table Grid: thin grey borders, a shaded, bold header row."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    element = stijl.element
    for oud in element.findall(qn("w:tblStylePr")):
        element.remove(oud)
    tbl_pr = element.find(qn("w:tblPr"))
    randen = tbl_pr.find(qn("w:tblBorders"))
    for rand in randen:
        rand.set(qn("w:color"), "A6A6A6")
    element.append(
        parse_xml(
            f'<w:tblStylePr {nsdecls("w")} w:type="firstRow">'
            '<w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr>'
            f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{DONKERBLAUW}"/></w:tcPr>'
            "</w:tblStylePr>"
        )
    )


def _toc_tab(stijl, breedte) -> None:
    from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER

    stijl.paragraph_format.tab_stops.add_tab_stop(
        breedte, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
    )


def maak() -> bytes:
    """The house style document as bytes."""
    import datetime as dt

    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.shared import Cm

    from regiovisie_builder.writers.docx import oxml

    doc = docx.Document()
    # python-docx's template carries a thumbnail of its own sample page: drop it.
    pakket = doc.part.package
    for rel in list(pakket.rels.values()):
        if rel.reltype == RT.THUMBNAIL:
            del pakket.rels[rel.rId]
    # Its stale Word 2010 copy of the styles and a sample bibliography go too: they would
    # not show our styles, and every build would parse them again.
    for rel in list(doc.part.rels.values()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml")):
            del doc.part.rels[rel.rId]

    sectie = doc.sections[0]
    sectie.page_width, sectie.page_height = Cm(21), Cm(29.7)
    sectie.top_margin = sectie.bottom_margin = Cm(2.5)
    sectie.left_margin, sectie.right_margin = Cm(2.5), Cm(2.2)
    sectie.header_distance = sectie.footer_distance = Cm(1.25)
    tekstbreedte = sectie.page_width - sectie.left_margin - sectie.right_margin

    styles = doc.styles
    P, C = WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER
    oxml.standaardtaal(styles.element, "nl-NL")

    normaal = styles["Normal"]
    _rpr(normaal, grootte=10.5)
    _standaardalinea(styles)

    for naam, grootte, voor, na in (("Title", 26, 0, 12), ("Subtitle", 14, 0, 24)):
        stijl = styles[naam]
        _rpr(stijl, grootte=grootte, vet=naam == "Title", cursief=False, kleur=DONKERBLAUW)
        _alinea(stijl, voor=voor, na=na)
    titel_ppr = styles["Title"].element.pPr
    from docx.oxml.ns import qn

    for rand in titel_ppr.findall(qn("w:pBdr")):
        titel_ppr.remove(rand)

    for niveau, grootte, voor in ((1, 16, 24), (2, 13, 18), (3, 11, 12), (4, 10.5, 12)):
        stijl = styles[f"Heading {niveau}"]
        _rpr(stijl, grootte=grootte, vet=True, cursief=niveau == 4, kleur=DONKERBLAUW)
        _alinea(stijl, voor=voor, na=6, samen=True, heel=True)

    inhoud = _stijl(styles, "TOC Heading", P)
    inhoud.base_style = normaal
    ppr = inhoud.element.get_or_add_pPr()
    for oud in ppr.findall(qn("w:outlineLvl")):
        ppr.remove(oud)
    _rpr(inhoud, grootte=16, vet=True, kleur=DONKERBLAUW)
    _alinea(inhoud, voor=0, na=12, samen=True)
    for niveau in (1, 2, 3):
        stijl = _stijl(styles, f"TOC {niveau}", P)
        stijl.base_style = normaal
        _rpr(stijl, vet=niveau == 1)
        _alinea(stijl, voor=6 if niveau == 1 else 0, na=2, inspringen=14 * (niveau - 1))
        _toc_tab(stijl, tekstbreedte)

    for naam in ("List Bullet", "List Number"):
        stijl = styles[naam]
        _geen_nummering(stijl)  # the writer attaches a numbering instance per list
        _alinea(stijl, na=3)

    bijschrift = styles["Caption"]
    _rpr(bijschrift, grootte=9, vet=True, cursief=False, kleur=DONKERBLAUW)
    _alinea(bijschrift, voor=6, na=3, samen=True)

    citaat = styles["Quote"]
    _rpr(citaat, cursief=True, kleur=GRIJS)
    _alinea(citaat, inspringen=24)

    voetnoot = _stijl(styles, "Footnote Text", P)
    voetnoot.base_style = normaal
    _rpr(voetnoot, grootte=8.5)
    _alinea(voetnoot, na=0, regel=1.0)
    verwijzing = _stijl(styles, "Footnote Reference", C)
    verwijzing.font.superscript = True

    link = _stijl(styles, "Hyperlink", C)
    link.font.underline = True
    _rpr(link, kleur=DONKERBLAUW)

    for naam in ("Header", "Footer"):
        stijl = styles[naam]
        _rpr(stijl, grootte=8, kleur=GRIJS)
        _alinea(stijl, na=0)

    _tabelstijl(styles["Table Grid"])
    # Only the table styles the writer uses: a smaller styles part is faster to read.
    for stijl in list(styles):
        if stijl.type == WD_STYLE_TYPE.TABLE and stijl.name not in ("Normal Table", "Table Grid"):
            styles.element.remove(stijl.element)

    kern = doc.core_properties
    moment = dt.datetime(2024, 1, 1, 12, 0)
    kern.title = "Huisstijl regiovisie"
    kern.author = kern.last_modified_by = "regiovisie-builder"
    kern.comments = "Referentiedocument: stijlen, marges, kop- en voettekst."
    kern.created = kern.modified = kern.last_printed = moment
    kern.revision = 1
    kern.language = "nl-NL"

    oxml.toepassing(doc.part.package)

    uit = io.BytesIO()
    doc.save(uit)
    return oxml.reproduceerbaar(uit.getvalue())


def main() -> None:
    doel = Path(sys.argv[1]) if len(sys.argv) > 1 else WORTEL / "templates" / "huisstijl.docx"
    doel.write_bytes(maak())
    print(f"geschreven: {doel}")


if __name__ == "__main__":
    main()
