"""The frame around the content: cover page, table of contents, header and footer, properties."""

from __future__ import annotations

import copy
import datetime as dt

from docx.opc.constants import RELATIONSHIP_TYPE as RT

from regiovisie_builder import nederlands, nvo
from regiovisie_builder.model import Document, Heading, platte_tekst
from regiovisie_builder.writers.docx import oxml
from regiovisie_builder.writers.docx.inhoud import WordInhoud, rpr


def nieuwe_pagina(elementen: list) -> list:
    """Start ``elementen`` on a new page: page-break-before on the first paragraph.

    A property instead of a paragraph holding only a page break, which LibreOffice can turn
    into an extra blank page after a table of contents.
    """
    if elementen and elementen[0].tag == oxml.qn("w:p"):
        elementen[0].get_or_add_pPr().pageBreakBefore_val = True
    elif elementen:
        p = oxml.element("w:p")
        run = oxml.element("w:r")
        run.append(oxml.element("w:br", type="page"))
        p.append(run)
        elementen.insert(0, p)
    return elementen


def titel(w: WordInhoud, document: Document) -> list:
    """Title and subtitle above the text, for short documents without a cover page."""
    meta = document.meta
    uit = [w.paragraaf("Title", [oxml.titel_run(meta.titel)])]
    if meta.ondertitel:
        uit.append(w.paragraaf("Subtitle", [oxml.titel_run(meta.ondertitel)]))
    return uit


def logo(w: WordInhoud) -> list:
    """The pictures of the house style's running header, on a paragraph for the cover page.

    A region's house style usually carries its logo in the header; the cover page has a
    header of its own (or none), so the logo is copied onto the cover. Empty without one.
    """
    sectie = w.doc.sections[-1]
    if sectie.header.is_linked_to_previous:
        return []
    kop = sectie.header.part
    tekeningen = [copy.deepcopy(t) for t in kop.element.iter(oxml.qn("w:drawing"))]
    if not tekeningen:
        return []
    p = w.paragraaf(None)
    for volgnummer, tekening in enumerate(tekeningen, start=1):
        for blip in tekening.iter(_BLIP):
            afbeelding = kop.related_parts[blip.get(_EMBED)]
            blip.set(_EMBED, w.doc.part.relate_to(afbeelding, RT.IMAGE))
        for eigenschappen in tekening.iter(_DOCPR):
            eigenschappen.set("id", str(9000 + volgnummer))  # unique among the body's pictures
        run = oxml.element("w:r")
        run.append(tekening)
        p.append(run)
    p.get_or_add_pPr().keepNext_val = True
    return [p]


_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
_DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


def voorblad(w: WordInhoud, document: Document) -> list:
    """Title, region, municipalities and the version facts on a page of their own."""
    meta = document.meta
    uit = logo(w)
    uit.append(w.paragraaf("Title", [oxml.titel_run(meta.titel)]))
    uit.append(w.paragraaf("Subtitle", [oxml.titel_run(meta.ondertitel or meta.regio)]))
    if meta.ondertitel:
        uit.append(w.paragraaf(None, [oxml.tekst_run(meta.regio, rpr(b=True))]))
    uit.append(
        w.paragraaf(None, [oxml.tekst_run("Gemeenten: " + nederlands.opsomming(meta.gemeenten))])
    )
    if meta.concept:
        uit.append(w.paragraaf(None, [oxml.tekst_run("CONCEPT", rpr(b=True, color="C00000"))]))
    gegevens = [
        ("Versie", meta.versie),
        ("Status", nvo.STATUSSEN.get(meta.status, meta.status)),
        ("Datum", nederlands.datum(meta.datum)),
        ("Kenmerk", meta.kenmerk),
    ]
    if meta.opsteller:
        gegevens.append(("Opgesteld door", meta.opsteller))
    for label, waarde in gegevens:
        uit.append(
            w.paragraaf(None, [oxml.tekst_run(f"{label}: ", rpr(b=True)), oxml.tekst_run(waarde)])
        )
    return uit


def inhoudsopgave(w: WordInhoud, document: Document) -> list:
    """A TOC field (levels 1-3, hyperlinked) pre-filled with the headings.

    Without page numbers until a PDF is made with it: then LibreOffice's layout gives them
    (see ``paginanummers``). No instruction to the reader and no "dirty" flag, so Word opens
    the file without asking to update fields.
    """
    kop = w.paragraaf("TOC Heading", [oxml.tekst_run("Inhoud")])
    oxml.zet_nummering(kop.get_or_add_pPr(), 0)  # Word's TOC Heading is based on Heading 1
    uit = [kop]
    koppen = [b for b in document.body if isinstance(b, Heading) and b.level <= 3]
    begin, instr, scheiding, _, einde = oxml.veld('TOC \\o "1-3" \\h \\z \\u', "")
    oxml.niet_bijwerken(begin)
    regels = []
    for kop in koppen or [None]:  # type: ignore[list-item]  # None: one empty line
        tekst = ""
        if kop is not None:
            tekst = f"{kop.number}  " if kop.number else ""
            tekst += platte_tekst(kop.content)
        stijl = f"TOC {kop.level}" if kop is not None else "TOC 1"
        regel = w.paragraaf(stijl, [oxml.tekst_run(tekst)])
        oxml.tab_rechts(regel, w.breedte)
        regels.append(regel)
    for run in reversed((begin, instr, scheiding)):
        regels[0].insert(1 if regels[0].find(oxml.qn("w:pPr")) is not None else 0, run)
    regels[-1].append(einde)
    uit += regels
    return uit


def _heeft_inhoud(p) -> bool:
    """Whether a header/footer paragraph shows something (text, picture, shape or field)."""
    tekst = "".join(t.text or "" for t in p.iter(oxml.qn("w:t")))
    if tekst.strip():
        return True
    zichtbaar = ("w:drawing", "w:pict", "w:object", "w:fldChar", "w:fldSimple")
    return any(p.find(f".//{oxml.qn(tag)}") is not None for tag in zichtbaar)


def _ruim_op(deel) -> None:
    """Drop the empty paragraphs of a header or footer; keep the house style's own content."""
    for p in list(deel._element.findall(oxml.qn("w:p"))):
        if not _heeft_inhoud(p):
            deel._element.remove(p)


def _sluit_af(deel) -> None:
    """A header or footer needs at least one paragraph."""
    if deel._element.find(oxml.qn("w:p")) is None:
        deel._element.append(oxml.element("w:p"))


def _watermerk(doc, deel, volgnummer: int) -> None:
    p = oxml.element("w:p")
    p.get_or_add_pPr().style = doc.styles["Header"].style_id
    p.append(oxml.watermerk("CONCEPT", volgnummer))
    deel._element.append(p)


def kop_en_voet(doc, document: Document) -> None:
    """Header: the house style's own, plus a CONCEPT watermark and text while a draft.

    Footer: the house style's own, plus kenmerk, versie, status and pagina X van Y.
    """
    meta = document.meta
    sectie = doc.sections[-1]
    # With a cover page, the cover gets the first-page header: no footer, only the watermark.
    sectie.different_first_page_header_footer = meta.voorblad
    kop = sectie.header
    kop.is_linked_to_previous = False
    _ruim_op(kop)
    if meta.concept:
        p = oxml.element("w:p")
        p.get_or_add_pPr().style = doc.styles["Header"].style_id
        p.append(oxml.tekst_run(f"CONCEPT – versie {meta.versie}", rpr(b=True, color="C00000")))
        kop._element.append(p)
        _watermerk(doc, kop, 1)
    _sluit_af(kop)
    if meta.voorblad:
        eerste = sectie.first_page_header
        eerste.is_linked_to_previous = False
        _ruim_op(eerste)
        if meta.concept:
            _watermerk(doc, eerste, 2)
        _sluit_af(eerste)

    voet = sectie.footer
    voet.is_linked_to_previous = False
    _ruim_op(voet)
    p = oxml.element("w:p")
    p.get_or_add_pPr().style = doc.styles["Footer"].style_id
    status = nvo.STATUSSEN.get(meta.status, meta.status)
    runs = [oxml.tekst_run(f"Kenmerk: {meta.kenmerk} · versie {meta.versie} · {status} · pagina ")]
    runs += oxml.veld("PAGE", "1")
    runs.append(oxml.tekst_run(" van "))
    runs += oxml.veld("NUMPAGES", "1")
    for run in runs:
        p.append(run)
    voet._element.append(p)


def _eigenschap(tekst: str) -> str:
    """A document property as Word takes it: XML-safe and at most 255 characters."""
    tekst = oxml.xml_tekst(str(tekst))
    return tekst if len(tekst) <= 255 else tekst[:254] + "…"


def eigenschappen(doc, document: Document) -> None:
    """Core properties from the document itself, so rebuilding gives the same bytes."""
    meta = document.meta
    moment = dt.datetime.combine(meta.datum, dt.time(12, 0))
    kern = doc.core_properties
    kern.title = _eigenschap(meta.titel)
    kern.subject = _eigenschap(f"{nvo.DOCUMENTSOORTEN.get(meta.soort, meta.soort)} {meta.regio}")
    kern.author = _eigenschap(meta.opsteller or meta.regio)
    kern.last_modified_by = _eigenschap(meta.opsteller or meta.regio)
    kern.created = moment
    kern.modified = moment
    kern.last_printed = moment
    kern.revision = 1
    kern.language = meta.taal
    kern.identifier = _eigenschap(meta.kenmerk)
    kern.version = _eigenschap(meta.versie)
    kern.content_status = _eigenschap(nvo.STATUSSEN.get(meta.status, meta.status))
    kern.keywords = "regiovisie; jeugdhulp; Norm voor Opdrachtgeverschap"
    kern.category = "Beleid jeugdhulp"
    kern.comments = ""
    oxml.toepassing(doc.part.package)
