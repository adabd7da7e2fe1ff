"""The frame around the content: cover page, table of contents, header and footer, properties."""

from __future__ import annotations

import copy
import datetime as dt

from docx.opc.constants import RELATIONSHIP_TYPE as RT

from regiovisie_builder import dutch, nvo
from regiovisie_builder.model import Document, Heading, plain_text
from regiovisie_builder.writers.docx import oxml
from regiovisie_builder.writers.docx.content import WordContent, rpr


def new_page(elements: list) -> list:
    """Start ``elements`` on a new page: page-break-before on the first paragraph.

    A property instead of a paragraph holding only a page break, which LibreOffice can turn
    into an extra blank page after a table of contents.
    """
    if elements and elements[0].tag == oxml.qn("w:p"):
        elements[0].get_or_add_pPr().pageBreakBefore_val = True
    elif elements:
        p = oxml.element("w:p")
        run = oxml.element("w:r")
        run.append(oxml.element("w:br", type="page"))
        p.append(run)
        elements.insert(0, p)
    return elements


def title(w: WordContent, document: Document) -> list:
    """Title and subtitle above the text, for short documents without a cover page."""
    meta = document.meta
    out = [w.paragraph("Title", [oxml.title_run(meta.titel)])]
    if meta.ondertitel:
        out.append(w.paragraph("Subtitle", [oxml.title_run(meta.ondertitel)]))
    return out


def logo(w: WordContent) -> list:
    """The pictures of the house style's running header, on a paragraph for the cover page.

    A region's house style usually carries its logo in the header; the cover page has a
    header of its own (or none), so the logo is copied onto the cover. Empty without one.
    """
    section = w.doc.sections[-1]
    if section.header.is_linked_to_previous:
        return []
    heading = section.header.part
    drawings = [copy.deepcopy(t) for t in heading.element.iter(oxml.qn("w:drawing"))]
    if not drawings:
        return []
    p = w.paragraph(None)
    for seq_no, drawing in enumerate(drawings, start=1):
        for blip in drawing.iter(_BLIP):
            image = heading.related_parts[blip.get(_EMBED)]
            blip.set(_EMBED, w.doc.part.relate_to(image, RT.IMAGE))
        for properties in drawing.iter(_DOCPR):
            properties.set("id", str(9000 + seq_no))  # unique among the body's pictures
        run = oxml.element("w:r")
        run.append(drawing)
        p.append(run)
    p.get_or_add_pPr().keepNext_val = True
    return [p]


_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
_DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


def cover(w: WordContent, document: Document) -> list:
    """Title, region, municipalities and the version facts on a page of their own."""
    meta = document.meta
    out = logo(w)
    out.append(w.paragraph("Title", [oxml.title_run(meta.titel)]))
    out.append(w.paragraph("Subtitle", [oxml.title_run(meta.ondertitel or meta.regio)]))
    if meta.ondertitel:
        out.append(w.paragraph(None, [oxml.text_run(meta.regio, rpr(b=True))]))
    out.append(
        w.paragraph(None, [oxml.text_run("Gemeenten: " + dutch.enumeration(meta.gemeenten))])
    )
    if meta.concept:
        out.append(w.paragraph(None, [oxml.text_run("CONCEPT", rpr(b=True, color="C00000"))]))
    data = [
        ("Versie", meta.versie),
        ("Status", nvo.STATUSES.get(meta.status, meta.status)),
        ("Datum", dutch.date(meta.datum)),
        ("Kenmerk", meta.kenmerk),
    ]
    if meta.opsteller:
        data.append(("Opgesteld door", meta.opsteller))
    for label, value in data:
        out.append(
            w.paragraph(None, [oxml.text_run(f"{label}: ", rpr(b=True)), oxml.text_run(value)])
        )
    return out


def toc_entries(document: Document) -> tuple[tuple[int, str], ...]:
    """What the table of contents lists: (level, text) of each heading of levels 1-3, the
    text with its number. ``toc`` shows nothing else of the document (the Word cache keys
    the table on this, see ``blokxml``)."""
    return tuple(
        (b.level, (f"{b.number}  " if b.number else "") + plain_text(b.content))
        for b in document.body
        if isinstance(b, Heading) and b.level <= 3
    )


def toc(w: WordContent, entries: tuple[tuple[int, str], ...]) -> list:
    """A TOC field (levels 1-3, hyperlinked) pre-filled with the headings (``toc_entries``).

    Without page numbers until a PDF is made with it: then LibreOffice's layout gives them
    (see ``page_numbers``). No instruction to the reader and no "dirty" flag, so Word opens
    the file without asking to update fields.
    """
    heading = w.paragraph("TOC Heading", [oxml.text_run("Inhoud")])
    oxml.set_numbering(heading.get_or_add_pPr(), 0)  # Word's TOC Heading is based on Heading 1
    out = [heading]
    begin, instr, separation, _, end = oxml.field('TOC \\o "1-3" \\h \\z \\u', "")
    oxml.not_update(begin)
    lines = []
    for level, text in entries or ((1, ""),):  # no headings: one empty line
        line = w.paragraph(f"TOC {level}", [oxml.text_run(text)])
        oxml.tab_right(line, w.width)
        lines.append(line)
    for run in reversed((begin, instr, separation)):
        lines[0].insert(1 if lines[0].find(oxml.qn("w:pPr")) is not None else 0, run)
    lines[-1].append(end)
    out += lines
    return out


def _has_content(p) -> bool:
    """Whether a header/footer paragraph shows something (text, picture, shape or field)."""
    text = "".join(t.text or "" for t in p.iter(oxml.qn("w:t")))
    if text.strip():
        return True
    visible = ("w:drawing", "w:pict", "w:object", "w:fldChar", "w:fldSimple")
    return any(p.find(f".//{oxml.qn(tag)}") is not None for tag in visible)


def _clean_up(part) -> None:
    """Drop the empty paragraphs of a header or footer; keep the house style's own content."""
    for p in list(part._element.findall(oxml.qn("w:p"))):
        if not _has_content(p):
            part._element.remove(p)


def _finish(part) -> None:
    """A header or footer needs at least one paragraph."""
    if part._element.find(oxml.qn("w:p")) is None:
        part._element.append(oxml.element("w:p"))


def _watermark(doc, part, seq_no: int) -> None:
    p = oxml.element("w:p")
    p.get_or_add_pPr().style = doc.styles["Header"].style_id
    p.append(oxml.watermark("CONCEPT", seq_no))
    part._element.append(p)


def heading_en_footer(doc, document: Document) -> None:
    """Header: the house style's own, plus a CONCEPT watermark and text while a draft.

    Footer: the house style's own, plus kenmerk, versie, status and pagina X van Y.
    """
    meta = document.meta
    section = doc.sections[-1]
    # With a cover page, the cover gets the first-page header: no footer, only the watermark.
    section.different_first_page_header_footer = meta.voorblad
    heading = section.header
    heading.is_linked_to_previous = False
    _clean_up(heading)
    if meta.concept:
        p = oxml.element("w:p")
        p.get_or_add_pPr().style = doc.styles["Header"].style_id
        p.append(oxml.text_run(f"CONCEPT – versie {meta.versie}", rpr(b=True, color="C00000")))
        heading._element.append(p)
        _watermark(doc, heading, 1)
    _finish(heading)
    if meta.voorblad:
        first = section.first_page_header
        first.is_linked_to_previous = False
        _clean_up(first)
        if meta.concept:
            _watermark(doc, first, 2)
        _finish(first)

    footer = section.footer
    footer.is_linked_to_previous = False
    _clean_up(footer)
    p = oxml.element("w:p")
    p.get_or_add_pPr().style = doc.styles["Footer"].style_id
    status = nvo.STATUSES.get(meta.status, meta.status)
    runs = [oxml.text_run(f"Kenmerk: {meta.kenmerk} · versie {meta.versie} · {status} · pagina ")]
    runs += oxml.field("PAGE", "1")
    runs.append(oxml.text_run(" van "))
    runs += oxml.field("NUMPAGES", "1")
    for run in runs:
        p.append(run)
    footer._element.append(p)


def _property(text: str) -> str:
    """A document property as Word takes it: XML-safe and at most 255 characters."""
    text = oxml.xml_text(str(text))
    return text if len(text) <= 255 else text[:254] + "…"


def properties(doc, document: Document) -> None:
    """Core properties from the document itself, so rebuilding gives the same bytes."""
    meta = document.meta
    moment = dt.datetime.combine(meta.datum, dt.time(12, 0))
    kern = doc.core_properties
    kern.title = _property(meta.titel)
    kern.subject = _property(f"{nvo.DOCUMENTSOORTEN.get(meta.soort, meta.soort)} {meta.regio}")
    kern.author = _property(meta.opsteller or meta.regio)
    kern.last_modified_by = _property(meta.opsteller or meta.regio)
    kern.created = moment
    kern.modified = moment
    kern.last_printed = moment
    kern.revision = 1
    kern.language = meta.taal
    kern.identifier = _property(meta.kenmerk)
    kern.version = _property(meta.versie)
    kern.content_status = _property(nvo.STATUSES.get(meta.status, meta.status))
    kern.keywords = "regiovisie; jeugdhulp; Norm voor Opdrachtgeverschap"
    kern.category = "Beleid jeugdhulp"
    kern.comments = ""
    oxml.application(doc.part.package)
