"""The Word writer: model -> .docx bytes, with the house style of a reference document.

Everything it needs is imported with the module (the registry in ``writers`` imports it only
when Word output is asked for), so a helper process can load it ahead of the documents.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml.etree import XMLSyntaxError

from regiovisie_builder.errors import BuildError
from regiovisie_builder.model import Document, Heading
from regiovisie_builder.writers.docx import opmaak, oxml, stijlen
from regiovisie_builder.writers.docx.inhoud import WordInhoud


def _open_huisstijl(referentie: bytes | None):
    """The reference document as a python-docx Document (python-docx's own when absent)."""
    if not referentie:
        return docx.Document()
    try:
        return docx.Document(io.BytesIO(referentie))
    except (zipfile.BadZipFile, PackageNotFoundError, XMLSyntaxError, KeyError, ValueError):
        raise BuildError(
            "De huisstijl (templates/huisstijl.docx) is geen Word-document dat te openen is. "
            "Sla het bestand in Word opnieuw op als Word-document (.docx), of haal het weg: "
            "dan krijgt het document de standaardhuisstijl."
        ) from None


def _lege_body(doc) -> None:
    """Remove the reference document's own content but keep its section settings."""
    body = doc.element.body
    for kind in list(body):
        if kind.tag != "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sectPr":
            body.remove(kind)


def _tekstbreedte(doc) -> int:
    sectie = doc.sections[-1]
    try:
        return int((sectie.page_width - sectie.left_margin - sectie.right_margin) / 635)
    except TypeError:
        return 9000


def _bijlagen_op_nieuwe_pagina(w: WordInhoud, document: Document, elementen: list) -> None:
    """An annex (an unnumbered chapter after numbered ones) starts on a new page."""
    namen, genummerd = set(), False
    for blok in document.body:
        if isinstance(blok, Heading) and blok.level == 1:
            if blok.number:
                genummerd = True
            elif genummerd:
                namen.add(w.bladwijzers[blok.id])
    for element in elementen if namen else ():
        start = element.find(oxml.qn("w:bookmarkStart"))
        if start is not None and start.get(oxml.qn("w:name")) in namen:
            element.get_or_add_pPr().pageBreakBefore_val = True


def schrijf(document: Document, hulpbronnen: Mapping[str, bytes]) -> bytes:
    """The document as .docx; ``hulpbronnen["huisstijl.docx"]`` is the reference document."""
    doc = _open_huisstijl(hulpbronnen.get("huisstijl.docx"))
    _lege_body(doc)
    stijlen.zorg_voor_stijlen(doc)
    stijlen.houd_koppen_bij_tekst(doc)
    oxml.standaardtaal(doc.styles.element, document.meta.taal)
    nummering = oxml.Nummering(doc.part.numbering_part.element)
    stijlen.koppel_kopnummering(doc, nummering.num(nummering.abstract("koppen")))

    w = WordInhoud(doc, document, nummering, _tekstbreedte(doc))
    meta = document.meta
    elementen = opmaak.voorblad(w, document) if meta.voorblad else opmaak.titel(w, document)
    if meta.inhoudsopgave:
        inhoud = opmaak.inhoudsopgave(w, document)
        elementen += opmaak.nieuwe_pagina(inhoud) if meta.voorblad else inhoud
    from regiovisie_builder import blokcache

    cache = blokcache.actief()
    if cache is None:
        tekst = w.blokken(document.body)
    else:  # unchanged blocks as the last build wrote them (see ``blokxml``)
        from regiovisie_builder.writers.docx.blokxml import Blokxml

        tekst = Blokxml(w, cache, hulpbronnen.get("huisstijl.docx")).schrijf(document.body)
    _bijlagen_op_nieuwe_pagina(w, document, tekst)
    elementen += opmaak.nieuwe_pagina(tekst) if meta.voorblad or meta.inhoudsopgave else tekst
    sect_pr = doc.element.body.find(oxml.qn("w:sectPr"))
    for element in elementen:
        sect_pr.addprevious(element)

    opmaak.kop_en_voet(doc, document)
    w.secties.vul_in(doc)  # after the headers: the landscape sections copy the final ones
    opmaak.eigenschappen(doc, document)
    met_voetnoten = len(w.voetnoten) > 2
    if met_voetnoten:
        oxml.koppel_voetnoten(doc.part, w.voetnoten)
    oxml.instellingen(doc.settings.element, document.meta.taal, met_voetnoten)

    return oxml.pakket(doc)


def paginanummers(docx_bytes: bytes, paginas) -> bytes:
    """A written .docx with ``paginas`` as the page numbers of its table of contents.

    The numbers come from the layout of the PDF made from the same file (``writers.pdf``);
    a file without a table of contents, or with another number of entries, is returned as is.
    """
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as pakket:
        onderdelen = {naam: pakket.read(naam) for naam in pakket.namelist()}
    nieuw = oxml.toc_paginanummers(onderdelen["word/document.xml"], paginas)
    if nieuw is None:
        return docx_bytes
    onderdelen["word/document.xml"] = nieuw
    return oxml.zip_van(onderdelen)
