"""The Word writer: model -> .docx bytes, with the house style of a reference document.

Everything it needs is imported with the module (the registry in ``writers`` imports it only
when Word output is asked for), so a helper process can load it ahead of the documents.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from lxml.etree import XMLSyntaxError

from regiovisie_builder.errors import BuildError
from regiovisie_builder.model import Document, Heading
from regiovisie_builder.writers.docx import formatting, oxml, styles
from regiovisie_builder.writers.docx.content import WordContent


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


def _empty_body(doc) -> None:
    """Remove the reference document's own content but keep its section settings."""
    body = doc.element.body
    for kind in list(body):
        if kind.tag != "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sectPr":
            body.remove(kind)


def _text_width(doc) -> int:
    section = doc.sections[-1]
    try:
        return int((section.page_width - section.left_margin - section.right_margin) / 635)
    except TypeError:
        return 9000


def _bijlagen_on_new_page(w: WordContent, document: Document, elements: list) -> None:
    """An annex (an unnumbered chapter after numbered ones) starts on a new page."""
    names, numbered = set(), False
    for block in document.body:
        if isinstance(block, Heading) and block.level == 1:
            if block.number:
                numbered = True
            elif numbered:
                names.add(w.bookmarks[block.id])
    for element in elements if names else ():
        start = element.find(oxml.qn("w:bookmarkStart"))
        if start is not None and start.get(oxml.qn("w:name")) in names:
            element.get_or_add_pPr().pageBreakBefore_val = True


def write(document: Document, resources: Mapping[str, bytes]) -> bytes:
    """The document as .docx; ``hulpbronnen["huisstijl.docx"]`` is the reference document."""
    doc = _open_huisstijl(resources.get("huisstijl.docx"))
    _empty_body(doc)
    styles.care_for_styles(doc)
    styles.keep_headings_with_text(doc)
    oxml.default_language(doc.styles.element, document.meta.taal)
    numbering = oxml.Numbering(doc.part.numbering_part.element)
    styles.link_heading_numbering(doc, numbering.num(numbering.abstract("koppen")))

    w = WordContent(doc, document, numbering, _text_width(doc))
    meta = document.meta
    elements = formatting.cover(w, document) if meta.voorblad else formatting.title(w, document)
    from regiovisie_builder import blok_cache

    cache = blok_cache.active()
    stored = None
    if cache is not None:  # unchanged parts as the last build wrote them (see ``blokxml``)
        from regiovisie_builder.writers.docx.blokxml import Blokxml

        stored = Blokxml(w, cache, resources.get("huisstijl.docx"))
    if meta.inhoudsopgave:
        entries = formatting.toc_entries(document)

        def table_of_contents() -> list:
            content = formatting.toc(w, entries)
            return formatting.new_page(content) if meta.voorblad else content

        if stored is None:
            elements += table_of_contents()
        else:
            elements += stored.toc((entries, w.width, meta.voorblad), table_of_contents)
    text = w.blocks(document.body) if stored is None else stored.write(document.body)
    _bijlagen_on_new_page(w, document, text)
    elements += formatting.new_page(text) if meta.voorblad or meta.inhoudsopgave else text
    sect_pr = doc.element.body.find(oxml.qn("w:sectPr"))
    for element in elements:
        sect_pr.addprevious(element)

    formatting.heading_en_footer(doc, document)
    w.sections.fill_in(doc)  # after the headers: the landscape sections copy the final ones
    formatting.properties(doc, document)
    with_footnotes = len(w.footnotes) > 2
    if with_footnotes:
        oxml.link_footnotes(doc.part, w.footnotes, w.footnote_links)
    oxml.settings(doc.settings.element, document.meta.taal, with_footnotes)
    oxml.detach_template(doc.part.part_related_by(RT.SETTINGS))

    if stored is None:
        return oxml.package(doc)
    return oxml.package(doc, stored.splice, stored.deflate)


def page_numbers(docx_bytes: bytes, pages) -> bytes:
    """A written .docx with ``pages`` as the page numbers of its table of contents.

    The numbers come from the layout of the PDF made from the same file (``writers.pdf``);
    a file without a table of contents, or with another number of entries, is returned as is.
    """
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as package:
        components = {name: package.read(name) for name in package.namelist()}
    new = oxml.toc_page_numbers(components["word/document.xml"], pages)
    if new is None:
        return docx_bytes
    components["word/document.xml"] = new
    return oxml.zip_of(components)
