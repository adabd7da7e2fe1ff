"""Figures in Word: an inline picture at most the text width, its alt text as the picture's
description, and a "Figuur N" caption with a SEQ field (as Word's own Insert Caption).

SVG: Word 2016 and later show an SVG picture, older Word and LibreOffice its PNG stand-in.
So an SVG figure is embedded twice: the PNG (drawn with cairosvg) as the picture, and the SVG
as Microsoft's ``svgBlip`` extension of it, the way Word itself stores an inserted SVG.
"""

from __future__ import annotations

import hashlib
import io

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.shape import CT_Inline
from docx.shared import Emu
from lxml import etree

from regiovisie_builder.errors import BuildError
from regiovisie_builder.model import Figure
from regiovisie_builder.writers.docx import oxml

EMU_PER_TWIP = 635
EMU_PER_PIXEL = 9525  # at 96 dpi
SVG_EXT = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
ASVG_NS = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
MAX_HOOGTE_EMU = 8 * 914400  # 8 inch (about 20 cm): a figure leaves room for its caption
RASTER_BREEDTE = 1600  # pixels of the PNG stand-in for an SVG: sharp when printed


def png_van_svg(svg: bytes, breedte: int, hoogte: int) -> bytes:
    """A PNG drawing of a checked SVG (see ``readers/afbeeldingen``), about 1600 px wide."""
    try:
        import cairosvg
    except (ImportError, OSError):
        raise BuildError(
            "Voor een SVG-afbeelding in Word is cairosvg nodig (en de Cairo-bibliotheek). "
            "Installeer het met: pip install cairosvg. Of gebruik een PNG-afbeelding."
        ) from None
    schaal = min(RASTER_BREEDTE / breedte, 4000 / hoogte, 4.0)
    try:
        return cairosvg.svg2png(
            bytestring=svg,
            output_width=max(1, round(breedte * schaal)),
            output_height=max(1, round(hoogte * schaal)),
            unsafe=False,
        )
    except Exception as fout:  # cairosvg raises many kinds on a drawing it cannot handle
        raise BuildError(f"De SVG-afbeelding kon niet worden getekend voor Word: {fout}") from None


class Figuren:
    """Makes the picture paragraphs for one Word document (images stored once each)."""

    def __init__(self, w):
        self.w = w
        self._svg_delen: dict[str, str] = {}

    def maat(self, figuur: Figure) -> tuple[int, int]:
        """Width and height in EMU: the natural size at 96 dpi, at most the text width and
        about 20 cm high, aspect ratio kept."""
        breedte = figuur.breedte * EMU_PER_PIXEL
        hoogte = figuur.hoogte * EMU_PER_PIXEL
        schaal = min(1.0, self.w.breedte * EMU_PER_TWIP / breedte, MAX_HOOGTE_EMU / hoogte)
        return max(1, int(breedte * schaal)), max(1, int(hoogte * schaal))

    def _svg_relatie(self, svg: bytes) -> str:
        sleutel = hashlib.sha256(svg).hexdigest()
        if sleutel not in self._svg_delen:
            deel_ = self.w.doc.part
            naam = deel_.package.next_partname("/word/media/image%d.svg")
            deel = Part(PackURI(naam), "image/svg+xml", svg, deel_.package)
            self._svg_delen[sleutel] = deel_.relate_to(deel, RT.IMAGE)
        return self._svg_delen[sleutel]

    def afbeelding(self, figuur: Figure):
        """The ``wp:inline`` drawing of a figure, its alt text as description."""
        deel = self.w.doc.part
        raster = figuur.data
        if figuur.soort == "svg":
            raster = png_van_svg(figuur.data, figuur.breedte, figuur.hoogte)
        r_id, _ = deel.get_or_add_image(io.BytesIO(raster))
        breedte, hoogte = map(Emu, self.maat(figuur))  # python-docx takes Length (EMU) values
        naam = f"Figuur {figuur.number}" if figuur.number else "Figuur"
        # Ids of drawings only need to be unique among drawings; far above the bookmark ids.
        inline = CT_Inline.new_pic_inline(100000 + self.w.volgend_id(), r_id, naam, breedte, hoogte)
        inline.docPr.set("descr", figuur.alt)
        for cnvpr in inline.iter(oxml.qn("pic:cNvPr")):
            cnvpr.set("descr", figuur.alt)
        if figuur.soort == "svg":
            blip = inline.find(".//" + oxml.qn("a:blip"))
            ext_lst = oxml.element("a:extLst")
            ext = oxml.element("a:ext")
            ext.set("uri", SVG_EXT)
            svg_blip = etree.SubElement(ext, f"{{{ASVG_NS}}}svgBlip", nsmap={"asvg": ASVG_NS})
            svg_blip.set(oxml.qn("r:embed"), self._svg_relatie(figuur.data))
            ext_lst.append(ext)
            blip.append(ext_lst)
        drawing = oxml.element("w:drawing")
        drawing.append(inline)
        run = oxml.element("w:r")
        run.append(drawing)
        return run

    def bijschrift(self, figuur: Figure):
        w = self.w
        nummer = oxml.veld("SEQ Figuur \\* ARABIC", str(figuur.number or ""))
        if figuur.id in w.bladwijzers:
            nummer = oxml.om_bladwijzer(nummer, w.bladwijzers[figuur.id], w.volgend_id())
        runs = [oxml.tekst_run("Figuur "), *nummer]
        if figuur.caption:
            runs += [oxml.tekst_run(". "), *w.runs(figuur.caption)]
        return w.paragraaf("Caption", runs)

    def figuur(self, figuur: Figure) -> list:
        """Picture paragraph (kept with its caption) and caption; alt text when no image."""
        w = self.w
        if not figuur.data:  # e.g. a published version whose image was not kept
            p = w.paragraaf(None, [oxml.tekst_run(f"[Afbeelding: {figuur.alt}]")])
        else:
            p = w.paragraaf(None, [self.afbeelding(figuur)], uitlijning="center")
        p.get_or_add_pPr().keepNext_val = True
        return [p, self.bijschrift(figuur)]
