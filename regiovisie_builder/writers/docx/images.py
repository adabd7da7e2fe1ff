"""Figures in Word: an inline picture at most the text width, its alt text as the picture's
description, and a "Figuur N" caption with a SEQ field (as Word's own Insert Caption).

SVG: Word 2016 and later show an SVG picture, older Word and LibreOffice its PNG stand-in.
So an SVG figure is embedded twice: the PNG (drawn with cairosvg) as the picture, and the SVG
as Microsoft's ``svgBlip`` extension of it, the way Word itself stores an inserted SVG.
"""

from __future__ import annotations

import functools
import hashlib
import io

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.shape import CT_Inline
from docx.shared import Emu
from lxml import etree

from regiovisie_builder import blok_cache
from regiovisie_builder.errors import BuildError
from regiovisie_builder.model import Figure
from regiovisie_builder.writers.docx import oxml

EMU_PER_TWIP = 635
EMU_PER_PIXEL = 9525  # at 96 dpi
SVG_EXT = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
ASVG_NS = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
MAX_HEIGHT_EMU = 8 * 914400  # 8 inch (about 20 cm): a figure leaves room for its caption
GRID_WIDTH = 1600  # pixels of the PNG stand-in for an SVG: sharp when printed


def png_of_svg(svg: bytes, width: int, height: int) -> bytes:
    """A PNG drawing of a checked SVG (see ``readers/images``), about 1600 px wide.

    The same SVG gives the same PNG, so a drawing is kept: in the running build's block cache
    (for the next build, which then does not load Cairo) and for the process (a diff or a
    preview builds the same figure again). Drawing takes tenths of a second."""
    parts = (hashlib.sha256(svg).hexdigest(), width, height, blok_cache.library("cairosvg"))
    return blok_cache.fetched(blok_cache.PNG, parts, lambda: drawn_png(svg, width, height))


@functools.lru_cache(maxsize=16)
def drawn_png(svg: bytes, width: int, height: int) -> bytes:
    """The PNG of ``svg`` drawn now with cairosvg (kept for the process)."""
    try:
        import cairosvg
    except (ImportError, OSError):
        raise BuildError(
            "Voor een SVG-afbeelding in Word is cairosvg nodig (en de Cairo-bibliotheek). "
            "Installeer het met: pip install cairosvg. Of gebruik een PNG-afbeelding."
        ) from None
    scale = min(GRID_WIDTH / width, 4000 / height, 4.0)
    try:
        return cairosvg.svg2png(
            bytestring=svg,
            output_width=max(1, round(width * scale)),
            output_height=max(1, round(height * scale)),
            unsafe=False,
        )
    except Exception as error:  # cairosvg raises many kinds on a drawing it cannot handle
        raise BuildError(f"De SVG-afbeelding kon niet worden getekend voor Word: {error}") from None


class Figures:
    """Makes the picture paragraphs for one Word document (images stored once each)."""

    def __init__(self, w):
        self.w = w
        self._svg_parts: dict[str, str] = {}

    def size(self, figure: Figure) -> tuple[int, int]:
        """Width and height in EMU: the natural size at 96 dpi, at most the text width and
        about 20 cm high, aspect ratio kept."""
        width = figure.width * EMU_PER_PIXEL
        height = figure.height * EMU_PER_PIXEL
        scale = min(1.0, self.w.width * EMU_PER_TWIP / width, MAX_HEIGHT_EMU / height)
        return max(1, int(width * scale)), max(1, int(height * scale))

    def _svg_relation(self, svg: bytes) -> str:
        key = hashlib.sha256(svg).hexdigest()
        if key not in self._svg_parts:
            part_ = self.w.doc.part
            name = part_.package.next_partname("/word/media/image%d.svg")
            part = Part(PackURI(name), "image/svg+xml", svg, part_.package)
            self._svg_parts[key] = part_.relate_to(part, RT.IMAGE)
        return self._svg_parts[key]

    def image(self, figure: Figure):
        """The ``wp:inline`` drawing of a figure, its alt text as description."""
        part = self.w.doc.part
        grid = figure.data
        if figure.format == "svg":
            grid = png_of_svg(figure.data, figure.width, figure.height)
        r_id, _ = part.get_or_add_image(io.BytesIO(grid))
        width, height = map(Emu, self.size(figure))  # python-docx takes Length (EMU) values
        name = f"Figuur {figure.number}" if figure.number else "Figuur"
        # Ids of drawings only need to be unique among drawings; far above the bookmark ids.
        inline = CT_Inline.new_pic_inline(100000 + self.w.next_id(), r_id, name, width, height)
        inline.docPr.set("descr", figure.alt)
        for cnvpr in inline.iter(oxml.qn("pic:cNvPr")):
            cnvpr.set("descr", figure.alt)
        if figure.format == "svg":
            blip = inline.find(".//" + oxml.qn("a:blip"))
            ext_lst = oxml.element("a:extLst")
            ext = oxml.element("a:ext")
            ext.set("uri", SVG_EXT)
            svg_blip = etree.SubElement(ext, f"{{{ASVG_NS}}}svgBlip", nsmap={"asvg": ASVG_NS})
            svg_blip.set(oxml.qn("r:embed"), self._svg_relation(figure.data))
            ext_lst.append(ext)
            blip.append(ext_lst)
        drawing = oxml.element("w:drawing")
        drawing.append(inline)
        run = oxml.element("w:r")
        run.append(drawing)
        return run

    def caption(self, figure: Figure):
        w = self.w
        number = oxml.field("SEQ Figuur \\* ARABIC", str(figure.number or ""))
        if figure.id in w.bookmarks:
            number = oxml.around_bookmark(number, w.bookmarks[figure.id], w.next_id())
        runs = [oxml.text_run("Figuur "), *number]
        if figure.caption:
            runs += [oxml.text_run(". "), *w.runs(figure.caption)]
        return w.paragraph("Caption", runs)

    def figure(self, figure: Figure) -> list:
        """Picture paragraph (kept with its caption) and caption; alt text when no image."""
        w = self.w
        if not figure.data:  # e.g. a published version whose image was not kept
            p = w.paragraph(None, [oxml.text_run(f"[Afbeelding: {figure.alt}]")])
        else:
            p = w.paragraph(None, [self.image(figure)], alignment="center")
        p.get_or_add_pPr().keepNext_val = True
        return [p, self.caption(figure)]
