"""The Word writer: model -> .docx bytes, with the house style of a reference document."""

from __future__ import annotations

import io
from collections.abc import Mapping

from regiovisie_builder.model import Document


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


def schrijf(document: Document, hulpbronnen: Mapping[str, bytes]) -> bytes:
    """The document as .docx; ``hulpbronnen["huisstijl.docx"]`` is the reference document."""
    import docx

    from regiovisie_builder.writers.docx import opmaak, oxml, stijlen
    from regiovisie_builder.writers.docx.inhoud import WordInhoud

    referentie = hulpbronnen.get("huisstijl.docx")
    doc = docx.Document(io.BytesIO(referentie)) if referentie else docx.Document()
    _lege_body(doc)
    stijlen.zorg_voor_stijlen(doc)
    oxml.standaardtaal(doc.styles.element, document.meta.taal)
    nummering = oxml.Nummering(doc.part.numbering_part.element)
    stijlen.koppel_kopnummering(doc, nummering.num(nummering.abstract("koppen")))

    w = WordInhoud(doc, document, nummering, _tekstbreedte(doc))
    meta = document.meta
    elementen = opmaak.voorblad(w, document) if meta.voorblad else opmaak.titel(w, document)
    if meta.inhoudsopgave:
        inhoud = opmaak.inhoudsopgave(w, document)
        elementen += opmaak.nieuwe_pagina(inhoud) if meta.voorblad else inhoud
    tekst = w.blokken(document.body)
    elementen += opmaak.nieuwe_pagina(tekst) if meta.voorblad or meta.inhoudsopgave else tekst
    sect_pr = doc.element.body.find(oxml.qn("w:sectPr"))
    for element in elementen:
        sect_pr.addprevious(element)

    opmaak.kop_en_voet(doc, document)
    opmaak.eigenschappen(doc, document)
    met_voetnoten = len(w.voetnoten) > 2
    if met_voetnoten:
        oxml.koppel_voetnoten(doc.part, w.voetnoten)
    oxml.instellingen(doc.settings.element, document.meta.taal, met_voetnoten)

    return oxml.pakket(doc)
