"""The frame around the content: cover page, table of contents, header and footer, properties."""

from __future__ import annotations

import datetime as dt

from regiovisie_builder import nederlands, nvo
from regiovisie_builder.model import Document, Heading, platte_tekst
from regiovisie_builder.writers.docx import oxml
from regiovisie_builder.writers.docx.inhoud import WordInhoud, rpr


def paginascheiding():
    run = oxml.element("w:r")
    run.append(oxml.element("w:br", type="page"))
    return run


def voorblad(w: WordInhoud, document: Document) -> list:
    """Title, region, municipalities and the version facts, then a page break."""
    meta = document.meta
    uit = [w.paragraaf("Title", [oxml.tekst_run(meta.titel)])]
    uit.append(w.paragraaf("Subtitle", [oxml.tekst_run(meta.ondertitel or meta.regio)]))
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
    uit.append(w.paragraaf(None, [paginascheiding()]))
    return uit


def inhoudsopgave(w: WordInhoud, document: Document) -> list:
    """A TOC field (levels 1-3, hyperlinked) pre-filled with the headings; Word updates it."""
    kop = w.paragraaf("TOC Heading", [oxml.tekst_run("Inhoud")])
    oxml.zet_nummering(kop.get_or_add_pPr(), 0)  # TOC Heading is based on Heading 1
    uit = [kop]
    uit.append(
        w.paragraaf(
            None,
            [
                oxml.tekst_run(
                    "Werk de inhoudsopgave bij voor de paginanummers: klik er met de "
                    "rechtermuisknop op en kies 'Veld bijwerken'.",
                    rpr(i=True),
                )
            ],
        )
    )
    koppen = [b for b in document.body if isinstance(b, Heading) and b.level <= 3]
    begin, instr, scheiding, _, einde = oxml.veld('TOC \\o "1-3" \\h \\z \\u', "")
    regels = []
    for kop in koppen or [None]:
        tekst = ""
        if kop is not None:
            tekst = f"{kop.number}  " if kop.number else ""
            tekst += platte_tekst(kop.content)
        stijl = f"TOC {kop.level}" if kop is not None else "TOC 1"
        regels.append(w.paragraaf(stijl, [oxml.tekst_run(tekst)]))
    for run in reversed((begin, instr, scheiding)):
        regels[0].insert(1 if regels[0].find(oxml.qn("w:pPr")) is not None else 0, run)
    regels[-1].append(einde)
    uit += regels
    uit.append(w.paragraaf(None, [paginascheiding()]))
    return uit


def kop_en_voet(doc, document: Document) -> None:
    """Header: CONCEPT while a draft. Footer: kenmerk, versie, status, pagina X van Y."""
    meta = document.meta
    sectie = doc.sections[-1]
    sectie.different_first_page_header_footer = True  # the cover has no header or footer
    kop = sectie.header
    kop.is_linked_to_previous = False
    if meta.concept:
        p = kop.add_paragraph()
        p.style = doc.styles["Header"]
        p._p.append(oxml.tekst_run(f"CONCEPT – versie {meta.versie}", rpr(b=True, color="C00000")))
    voet = sectie.footer
    voet.is_linked_to_previous = False
    for p in list(voet.paragraphs):
        p._p.getparent().remove(p._p)
    p = voet.add_paragraph()
    p.style = doc.styles["Footer"]
    status = nvo.STATUSSEN.get(meta.status, meta.status)
    runs = [oxml.tekst_run(f"Kenmerk: {meta.kenmerk} · versie {meta.versie} · {status} · pagina ")]
    runs += oxml.veld("PAGE", "1")
    runs.append(oxml.tekst_run(" van "))
    runs += oxml.veld("NUMPAGES", "1")
    for run in runs:
        p._p.append(run)


def eigenschappen(doc, document: Document) -> None:
    """Core properties from the document itself, so rebuilding gives the same bytes."""
    meta = document.meta
    moment = dt.datetime.combine(meta.datum, dt.time(12, 0))
    kern = doc.core_properties
    kern.title = meta.titel
    kern.subject = f"{nvo.DOCUMENTSOORTEN.get(meta.soort, meta.soort)} {meta.regio}"
    kern.author = meta.opsteller or meta.regio
    kern.last_modified_by = meta.opsteller or meta.regio
    kern.created = moment
    kern.modified = moment
    kern.last_printed = moment
    kern.revision = 1
    kern.language = meta.taal
    kern.identifier = meta.kenmerk
    kern.version = meta.versie
    kern.content_status = nvo.STATUSSEN.get(meta.status, meta.status)
    kern.keywords = "regiovisie; jeugdhulp; Norm voor Opdrachtgeverschap"
    kern.category = "Beleid jeugdhulp"
    kern.comments = ""
