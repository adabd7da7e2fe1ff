"""Raw OOXML helpers: fields, bookmarks, numbering, footnotes, settings, reproducible zip.

The only place (with the docx writer package) that knows WordprocessingML element names.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections.abc import Iterable
from typing import Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import NamespacePrefixedTag, nsdecls, qn
from docx.oxml.parser import oxml_parser

from regiovisie_builder.writers import zipbestand

# Characters XML cannot hold (lxml refuses them, the whole document would fail), and the ones
# Word and Excel use for a soft line break (U+000B) or a page break (U+000C) in pasted text.
_NIET_IN_XML = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_AFBREKING = re.compile("[\x0b\x0c]")


def _escape(tekst: str) -> str:
    """``xml.sax.saxutils.escape`` without importing it (it loads urllib.request, http,
    email and ssl: a quarter of the Word helper's start-up)."""
    return tekst.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_tekst(tekst: str) -> str:
    """``tekst`` as XML can hold it: breaks become spaces, other control characters go."""
    return _NIET_IN_XML.sub("", _AFBREKING.sub(" ", tekst))


@functools.cache
def _voorbeeld(tag: str):
    """An empty element of a prefixed tag, made as python-docx's ``OxmlElement`` makes it."""
    naam = NamespacePrefixedTag(tag)
    return oxml_parser.makeelement(naam.clark_name, nsmap=naam.nsmap)


@functools.cache
def _attribuut(naam: str) -> str:
    return qn(f"w:{naam}")


def element(tag: str, **attributen: str):
    """A new ``w:`` element with ``w:`` attributes, e.g. ``element("w:lang", val="nl-NL")``.

    The same as python-docx's ``OxmlElement`` (custom element classes included). The writer
    makes thousands of elements, so each is a copy of a cached empty one: about three times
    faster than creating it with its namespace map.
    """
    nieuw = _voorbeeld(tag).__copy__()
    for naam, waarde in attributen.items():
        nieuw.set(_attribuut(naam), str(waarde))
    return nieuw


# Children of ``w:pPr`` in schema order (CT_PPrBase, then rPr/sectPr/pPrChange).
PPR_VOLGORDE = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
    "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
    "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
    "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle "
    "rPr sectPr pPrChange"
)
_PPR_RANG = {qn(f"w:{naam}"): rang for rang, naam in enumerate(PPR_VOLGORDE.split())}


def zet_in_ppr(ppr, kind) -> None:
    """Put ``kind`` into ``w:pPr`` at its schema position (Word refuses other orders)."""
    rang = _PPR_RANG[kind.tag]
    for index, bestaand in enumerate(ppr):
        if _PPR_RANG.get(bestaand.tag, -1) > rang:
            ppr.insert(index, kind)
            return
    ppr.append(kind)


def ppr_van(p):
    """The ``w:pPr`` of paragraph ``p``, added as its first child when missing."""
    ppr = p.find(_PPR)
    if ppr is None:
        ppr = element("w:pPr")
        p.insert(0, ppr)
    return ppr


_PPR = qn("w:pPr")


def onbreekbaar(tekst: str) -> str:
    """``tekst`` with a no-break space after "§" and "€": "§ 3.1" and "€ 350.000" never wrap."""
    if "§ " in tekst or "€ " in tekst:
        return tekst.replace("§ ", "§\u00a0").replace("€ ", "€\u00a0")
    return tekst


_JAARREEKS = re.compile(r"(?<=\d)-(?=\d)")


def titel_run(tekst: str, rpr=None):
    """A ``w:r`` for a title: "2022-2030" gets Word's non-breaking hyphen (``w:noBreakHyphen``),
    so a title never breaks between the two years."""
    run = element("w:r")
    if rpr is not None:
        run.append(rpr)
    for index, stuk in enumerate(_JAARREEKS.split(onbreekbaar(tekst))):
        if index:
            run.append(element("w:noBreakHyphen"))
        t = element("w:t")
        t.text = stuk
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        run.append(t)
    return run


def tekst_run(tekst: str, rpr=None):
    """A ``w:r`` holding ``tekst`` (spaces preserved), with an optional ``w:rPr``.

    "§ 3.1" and "€ 350.000" keep their sign with the number (see ``onbreekbaar``).
    """
    tekst = onbreekbaar(tekst)
    run = element("w:r")
    if rpr is not None:
        run.append(rpr)
    for index, deel in enumerate(_AFBREKING.split(_NIET_IN_XML.sub("", tekst))):
        if index:
            run.append(element("w:br"))  # a soft line break from Word or Excel
        t = element("w:t")
        t.text = deel
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        run.append(t)
    return run


def veld(instructie: str, resultaat: str, rpr_fabriek=None) -> list:
    """The runs of a complex field (``PAGE``, ``NUMPAGES``, ``TOC``, ``SEQ``) with a result."""

    def rpr():
        return rpr_fabriek() if rpr_fabriek else None

    begin = element("w:r")
    if rpr_fabriek:
        begin.append(rpr())
    begin.append(element("w:fldChar", fldCharType="begin", dirty="true"))
    instr = element("w:r")
    if rpr_fabriek:
        instr.append(rpr())
    instr_t = element("w:instrText")
    instr_t.text = f" {instructie} "
    instr_t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.append(instr_t)
    scheiding = element("w:r")
    scheiding.append(element("w:fldChar", fldCharType="separate"))
    einde = element("w:r")
    einde.append(element("w:fldChar", fldCharType="end"))
    return [begin, instr, scheiding, tekst_run(resultaat, rpr()), einde]


def om_bladwijzer(runs: list, naam: str, nummer: int) -> list:
    """``runs`` between the start and end of a bookmark named ``naam``."""
    start = element("w:bookmarkStart", id=str(nummer), name=naam)
    return [start, *runs, element("w:bookmarkEnd", id=str(nummer))]


def bladwijzer(p, naam: str, nummer: int) -> None:
    """Wrap the content of paragraph ``p`` in a bookmark named ``naam``."""
    start = element("w:bookmarkStart", id=str(nummer), name=naam)
    eind = element("w:bookmarkEnd", id=str(nummer))
    ppr = p.find(qn("w:pPr"))
    positie = 1 if ppr is not None else 0
    p.insert(positie, start)
    p.append(eind)


def niet_bijwerken(begin_run) -> None:
    """Drop the "dirty" flag of a field's begin run, so Word does not ask to update it."""
    for teken in begin_run.iter(qn("w:fldChar")):
        teken.attrib.pop(qn("w:dirty"), None)


def tab_rechts(p, positie: int) -> None:
    """A right-aligned tab stop with a dot leader at ``positie`` (twips), for page numbers."""
    tabs = element("w:tabs")
    tabs.append(element("w:tab", val="right", leader="dot", pos=str(positie)))
    zet_in_ppr(ppr_van(p), tabs)


def _toc_regels(body) -> list:
    """The paragraphs of the first TOC field in ``body``, in order."""
    instructies = [i for i in body.iter(qn("w:instrText")) if (i.text or "").split()[:1] == ["TOC"]]
    if not instructies:
        return []
    p = instructies[0].getparent().getparent()
    regels = []
    while p is not None and p.tag == qn("w:p"):
        regels.append(p)
        eindes = [f for f in p.iter(qn("w:fldChar")) if f.get(qn("w:fldCharType")) == "end"]
        if eindes:
            break
        p = p.getnext()
    return regels


def toc_paginanummers(document_xml: bytes, paginas) -> bytes | None:
    """``word/document.xml`` with a tab and a page number after each TOC entry.

    None when the number of entries and of page numbers differ (then nothing is changed).
    """
    from lxml import etree

    # Our own output, read back as it is (no blank-text removal as in python-docx's parser).
    wortel = etree.fromstring(document_xml, etree.XMLParser(resolve_entities=False, huge_tree=True))
    regels = _toc_regels(wortel)
    if not regels or len(regels) != len(paginas):
        return None
    for regel, pagina in zip(regels, paginas, strict=True):
        tab = element("w:r")
        tab.append(element("w:tab"))
        for run in (tab, tekst_run(str(pagina))):
            laatste = regel[-1] if len(regel) else None
            if laatste is not None and laatste.find(qn("w:fldChar")) is not None:
                laatste.addprevious(run)  # the field ends after the last entry's number
            else:
                regel.append(run)
    return etree.tostring(wortel, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- revisions (tracked changes) ---------------------------------------------------------


_REVISIETAGS = frozenset(qn(f"w:{t}") for t in ("ins", "del", "moveFrom", "moveTo"))


class Revisies:
    """Makes ``w:ins``/``w:del`` marks with one author and date and unique ids."""

    def __init__(self, auteur: str, datum: str, volgend_id):
        self.auteur = auteur
        self.datum = datum  # ISO 8601, e.g. 2021-03-01T00:00:00Z
        self.volgend_id = volgend_id  # shared with bookmarks: annotation ids must be unique

    def markering(self, soort: str):
        """A ``w:ins``, ``w:del``, ``w:moveFrom`` or ``w:moveTo`` element (``soort``)."""
        return element(f"w:{soort}", id=str(self.volgend_id()), author=self.auteur, date=self.datum)

    def omhul(self, soort: str, runs: list):
        """Runs wrapped in one tracked insertion or deletion (deleted text as w:delText)."""
        markering = self.markering(soort)
        for run in runs:
            if soort == "del":
                als_verwijderd(run)
            markering.append(run)
        return markering

    def markeer_blok(self, soort: str, elementen: list) -> None:
        """Mark whole paragraphs, tables and their rows as inserted or deleted."""
        for blok in elementen:
            for rij in blok.iter(qn("w:tr")):
                tr_pr = rij.find(qn("w:trPr"))
                if tr_pr is None:
                    tr_pr = element("w:trPr")
                    rij.insert(1 if rij.find(qn("w:tblPrEx")) is not None else 0, tr_pr)
                tr_pr.append(self.markering(soort))
            for p in blok.iter(qn("w:p")):
                self._markeer_paragraaf(soort, p)

    def _markeer_paragraaf(self, soort: str, p) -> None:
        """Mark a paragraph's runs and its paragraph mark with ``w:<soort>`` (ins, del,
        moveFrom, moveTo); runs that already carry a mark keep it."""
        for run in list(p.iter(qn("w:r"))):
            ouder = run.getparent()
            if ouder.tag in _REVISIETAGS:
                continue
            markering = self.markering(soort)
            run.addprevious(markering)
            if soort == "del":
                als_verwijderd(run)
            markering.append(run)
        ppr = p.get_or_add_pPr()
        rpr = ppr.find(qn("w:rPr"))
        if rpr is None:
            rpr = element("w:rPr")
            ppr.append(rpr)
        rpr.insert(0, self.markering(soort))

    def markeer_verplaatsing(self, soort: str, naam: str, elementen: list) -> None:
        """Mark whole paragraphs as moved away (``soort`` "del") or moved here ("ins").

        Word pairs the two places by ``naam``: a range (``w:moveFromRangeStart`` ...
        ``w:moveFromRangeEnd``) around the paragraphs, their runs in ``w:moveFrom`` (the text
        stays ``w:t``) and the paragraph marks marked ``w:moveFrom``; likewise ``w:moveTo``.
        """
        tag = "moveFrom" if soort == "del" else "moveTo"
        alinea_s = [p for blok in elementen for p in blok.iter(qn("w:p"))]
        if not alinea_s:
            return
        for p in alinea_s:
            self._markeer_paragraaf(tag, p)
        bereik = str(self.volgend_id())
        start = element(
            f"w:{tag}RangeStart", id=bereik, author=self.auteur, date=self.datum, name=naam
        )
        eerste = alinea_s[0]
        eerste.insert(1 if eerste.find(qn("w:pPr")) is not None else 0, start)
        alinea_s[-1].append(element(f"w:{tag}RangeEnd", id=bereik))


def als_verwijderd(run) -> None:
    """Turn a run's text into deleted text (``w:delText``, ``w:delInstrText``)."""
    for t in run.iter(qn("w:t")):
        t.tag = qn("w:delText")
    for instr in run.iter(qn("w:instrText")):
        instr.tag = qn("w:delInstrText")


# --- watermark ----------------------------------------------------------------------------

_VML = (
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word"'
)
# Word's own definition of a text-path shape (shape type 136, "WordArt plain text").
_TEKSTPAD = (
    '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
    'path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas>'
    + "".join(
        f'<v:f eqn="{f}"/>'
        for f in (
            "sum #0 0 10800",
            "prod #0 2 1",
            "sum 21600 0 @1",
            "sum 0 0 @2",
            "sum 21600 0 @3",
            "if @0 @3 0",
            "if @0 21600 @1",
            "if @0 0 @2",
            "if @0 @4 21600",
            "mid @5 @6",
            "mid @8 @5",
            "mid @7 @8",
            "mid @6 @7",
            "sum @6 0 @5",
        )
    )
    + '</v:formulas><v:path textpathok="t" o:connecttype="custom" '
    'o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>'
    '<v:textpath on="t" fitshape="t"/><v:handles><v:h position="#0,bottomRight" '
    'xrange="6629,14971"/></v:handles><o:lock v:ext="edit" text="t" shapetype="t"/>'
    "</v:shapetype>"
)


def watermerk(tekst: str, volgnummer: int):
    """A run with a diagonal, light grey text watermark, as Word's Design > Watermark makes.

    It belongs in a header paragraph; Word and LibreOffice show it behind every page's text.
    """
    return parse_xml(
        f"<w:r {nsdecls('w')} {_VML}><w:rPr><w:noProof/></w:rPr><w:pict>{_TEKSTPAD}"
        f'<v:shape id="PowerPlusWaterMarkObject{volgnummer}" o:spid="_x0000_s{2048 + volgnummer}" '
        'type="#_x0000_t136" style="position:absolute;margin-left:0;margin-top:0;'
        "width:415pt;height:138pt;rotation:315;z-index:-251657216;"
        "mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
        'mso-position-vertical:center;mso-position-vertical-relative:margin" '
        'o:allowincell="f" fillcolor="silver" stroked="f"><v:fill opacity=".5"/>'
        f'<v:textpath style="font-family:&quot;Calibri&quot;;font-size:1pt" string="{tekst}"/>'
        '<w10:wrap anchorx="margin" anchory="margin"/></v:shape></w:pict></w:r>'
    )


# --- numbering ----------------------------------------------------------------------------


def _niveau(ilvl: int, formaat: str, tekst: str, links: int, stijl: str | None = None) -> str:
    pstyle = f'<w:pStyle w:val="{stijl}"/>' if stijl else ""
    hangend = 360 if formaat == "bullet" else 432 + 144 * ilvl
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{formaat}"/>'
        f'{pstyle}<w:lvlText w:val="{tekst}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{links}" w:hanging="{hangend}"/></w:pPr></w:lvl>'
    )


def _abstract(abstract_id: int, niveaus: Iterable[str], naam: str) -> object:
    return parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="multilevel"/><w:name w:val="{naam}"/>'
        f"{''.join(niveaus)}</w:abstractNum>"
    )


class Nummering:
    """Numbering definitions added to ``numbering.xml``: headings, bullets, numbered lists."""

    def __init__(self, numbering_el):
        self.el = numbering_el
        bestaande = [
            int(a.get(qn("w:abstractNumId"))) for a in self.el.findall(qn("w:abstractNum"))
        ]
        nums = [int(n.get(qn("w:numId"))) for n in self.el.findall(qn("w:num"))]
        self._volgende_abstract = max(bestaande, default=-1) + 1
        self._volgende_num = max(nums, default=0) + 1

    def _voeg_abstract_toe(self, abstract) -> int:
        # Schema order: every w:abstractNum comes before the first w:num.
        eerste_num = self.el.find(qn("w:num"))
        if eerste_num is not None:
            eerste_num.addprevious(abstract)
        else:
            self.el.append(abstract)
        return int(abstract.get(qn("w:abstractNumId")))

    def abstract(self, soort: str) -> int:
        """Add an abstract definition: ``koppen`` (1, 1.1, 1.1.1), ``bullet`` or ``decimaal``."""
        nummer = self._volgende_abstract
        self._volgende_abstract += 1
        if soort == "koppen":
            niveaus = [
                _niveau(0, "decimal", "%1", 432, "Heading1"),
                _niveau(1, "decimal", "%1.%2", 576, "Heading2"),
                _niveau(2, "decimal", "%1.%2.%3", 720, "Heading3"),
            ]
        elif soort == "bullet":
            tekens = ["•", "–", "▪"]
            niveaus = [_niveau(i, "bullet", tekens[i], 720 + 360 * i) for i in range(3)]
        else:
            niveaus = [
                _niveau(0, "decimal", "%1.", 720),
                _niveau(1, "lowerLetter", "%2.", 1080),
                _niveau(2, "lowerRoman", "%3.", 1440),
            ]
        return self._voeg_abstract_toe(_abstract(nummer, niveaus, f"regiovisie-{soort}-{nummer}"))

    def num(self, abstract_id: int, herstart: bool = False, start: int = 1) -> int:
        """A concrete list instance; ``herstart`` makes its numbering begin at ``start``."""
        num_id = self._volgende_num
        self._volgende_num += 1
        override = (
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>'
            if herstart
            else ""
        )
        self.el.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}">'
                f'<w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'
            )
        )
        return num_id


def zet_nummering(ppr, num_id: int, ilvl: int = 0) -> None:
    """Give a paragraph's or style's ``w:pPr`` numbering (``num_id`` 0 switches it off)."""
    oud = ppr.find(qn("w:numPr"))
    if oud is not None:
        ppr.remove(oud)
    num_pr = element("w:numPr")
    num_pr.append(element("w:ilvl", val=str(ilvl)))
    num_pr.append(element("w:numId", val=str(num_id)))
    zet_in_ppr(ppr, num_pr)


# --- footnotes ----------------------------------------------------------------------------

_SEPARATORS = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
    "</w:footnote>"
)


def voetnoten_element():
    """An empty ``w:footnotes`` root with the two separator footnotes Word expects."""
    return parse_xml(f"<w:footnotes {nsdecls('w', 'r')}>{_SEPARATORS}</w:footnotes>")


def koppel_voetnoten(document_part, voetnoten) -> None:
    """Store ``voetnoten`` as ``word/footnotes.xml``, replacing any footnotes the reference had."""
    from lxml import etree

    blob = etree.tostring(voetnoten, xml_declaration=True, encoding="UTF-8", standalone=True)
    for rel in list(document_part.rels.values()):
        if rel.reltype == RT.FOOTNOTES:
            del document_part.rels[rel.rId]
    deel = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, blob, document_part.package)
    document_part.relate_to(deel, RT.FOOTNOTES)


# --- settings -----------------------------------------------------------------------------

# Elements of w:settings that must come after w:updateFields / w:footnotePr (schema order).
_NA_UPDATEFIELDS = (
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
)


def _voeg_in_voor(ouder, nieuw, opvolgers: Iterable[str]) -> None:
    namen = {qn(f"w:{n}") for n in opvolgers} | {
        "{http://schemas.openxmlformats.org/officeDocument/2006/math}mathPr"
    }
    for kind in ouder:
        if kind.tag in namen:
            kind.addprevious(nieuw)
            return
    ouder.append(nieuw)


def instellingen(settings_el, taal: str, met_voetnoten: bool) -> None:
    """Set proofing language and footnote separators.

    No ``w:updateFields`` (also not one the house style brings): Word would ask the reader a
    question on every open. The table of contents gets its page numbers with a PDF build.
    """
    for oud in settings_el.findall(qn("w:updateFields")) + settings_el.findall(qn("w:footnotePr")):
        settings_el.remove(oud)
    if met_voetnoten:
        pr = element("w:footnotePr")
        pr.append(element("w:footnote", id="-1"))
        pr.append(element("w:footnote", id="0"))
        _voeg_in_voor(settings_el, pr, _NA_UPDATEFIELDS[2:])
    thema = settings_el.find(qn("w:themeFontLang"))
    if thema is not None:
        thema.set(qn("w:val"), taal)


def standaardtaal(styles_el, taal: str) -> None:
    """Set the document language in the style defaults (``w:docDefaults``)."""
    defaults = styles_el.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = element("w:docDefaults")
        styles_el.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = element("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = element("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = element("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), taal)
    lang.set(qn("w:eastAsia"), taal)
    lang.set(qn("w:bidi"), "ar-SA")


# --- extended properties (docProps/app.xml) -------------------------------------------------

_APP = "/docProps/app.xml"


def toepassing(pakket) -> None:
    """``docProps/app.xml`` naming this toolkit as the application (not the program that
    once made the house style); Word recounts pages and words.

    No ``Company``: Word keeps it when someone else saves the file, so a resident who
    returns the document with comments would be taken for the region's organisation when
    the reactions are read in."""
    from regiovisie_builder import __version__

    blob = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes"><Template>huisstijl.docx</Template><TotalTime>0</TotalTime>'
        f"<Application>regiovisie-builder {_escape(__version__)}</Application>"
        "<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
        "<LinksUpToDate>false</LinksUpToDate>"
        "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
    ).encode()
    for rel in list(pakket.rels.values()):
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            del pakket.rels[rel.rId]
    deel = Part(PackURI(_APP), CT.OFC_EXTENDED_PROPERTIES, blob, pakket)
    pakket.relate_to(deel, RT.EXTENDED_PROPERTIES)


# --- reproducible package -----------------------------------------------------------------


def reproduceerbaar(pakket: bytes) -> bytes:
    """Re-zip a package with fixed entry times, so equal input gives equal bytes."""
    with zipfile.ZipFile(io.BytesIO(pakket)) as bron:
        return zip_van({naam: bron.read(naam) for naam in bron.namelist()})


class _Onderdelen(dict):
    """Collects what python-docx's package writer would put in the zip: name -> bytes."""

    def write(self, pack_uri, blob: bytes) -> None:
        self[pack_uri.membername] = blob


def pakket(doc) -> bytes:
    """``doc`` as reproducible .docx bytes, each part compressed once.

    Does what python-docx's ``OpcPackage.save`` does (content types, package relations,
    every part with its relations) but hands the parts to ``zip_van`` instead of zipping
    them first and re-zipping them for fixed entry times.
    """
    from docx.opc.pkgwriter import PackageWriter

    opc = doc.part.package
    delen = list(opc.parts)
    for deel in delen:
        deel.before_marshal()
    # _Onderdelen has the one method (write) these private writers call on a PhysPkgWriter;
    # pyproject pins python-docx to the tested range and a test fails on any other version.
    onderdelen: Any = _Onderdelen()
    PackageWriter._write_content_types_stream(onderdelen, delen)
    PackageWriter._write_pkg_rels(onderdelen, opc.rels)
    PackageWriter._write_parts(onderdelen, delen)
    return zip_van(onderdelen)


def zip_van(onderdelen: dict[str, bytes]) -> bytes:
    """A reproducible .docx zip: ``[Content_Types].xml`` first, as Word writes it."""
    return zipbestand.zip_van(onderdelen, eerst=("[Content_Types].xml",))
