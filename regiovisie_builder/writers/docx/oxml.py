"""Raw OOXML helpers: fields, bookmarks, numbering, footnotes, settings, reproducible zip.

The only place (with the docx writer package) that knows WordprocessingML element names.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from typing import Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import NamespacePrefixedTag, nsdecls, qn
from docx.oxml.numbering import CT_Numbering
from docx.oxml.parser import oxml_parser, register_element_cls
from docx.oxml.settings import CT_Settings
from docx.oxml.styles import CT_Styles
from docx.oxml.table import CT_TrPr
from docx.oxml.text.font import CT_RPr
from docx.oxml.text.parfmt import CT_PPr
from docx.oxml.xmlchemy import BaseOxmlElement, ZeroOrMore, ZeroOrOne

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


# --- element classes ----------------------------------------------------------------------
#
# Child order is python-docx's business: its element classes declare their children with
# ZeroOrOne/ZeroOrMore and the children that must follow them (the schema's sequence), and
# get_or_add_x()/_insert_x() put a child in its place. Where python-docx does not declare a
# child this writer sets, the subclasses below declare it the same way (sequences from
# ECMA-376 Part 1, §17), registered for their tag, so every w:pPr, w:rPr, ... the writer or
# python-docx's parser makes is one of them.


class _OnePass:
    """python-docx's ``first_child_found_in`` (which ``_insert_x`` uses to find the child a new
    one goes before) in one pass over the children instead of one search per successor tag:
    the Word writer inserts into thousands of paragraph properties. The same child for a
    schema-valid element: the first successor present."""

    def first_child_found_in(self, *tagnames: str):
        namen = _clark_namen(tagnames)
        return next((kind for kind in self if kind.tag in namen), None)  # type: ignore[attr-defined]


@functools.cache
def _clark_namen(tagnames: tuple[str, ...]) -> frozenset[str]:
    return frozenset(qn(naam) for naam in tagnames)


# CT_ParaRPr (§17.3.1.29), the run properties of a paragraph mark: the revision marks, then
# CT_RPr's sequence (as python-docx's CT_RPr declares it), then w:rPrChange.
_RPR_REEKS = (
    "w:ins",
    "w:del",
    "w:moveFrom",
    "w:moveTo",
    "w:rStyle",
    "w:rFonts",
    "w:b",
    "w:bCs",
    "w:i",
    "w:iCs",
    "w:caps",
    "w:smallCaps",
    "w:strike",
    "w:dstrike",
    "w:outline",
    "w:shadow",
    "w:emboss",
    "w:imprint",
    "w:noProof",
    "w:snapToGrid",
    "w:vanish",
    "w:webHidden",
    "w:color",
    "w:spacing",
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
    "w:rPrChange",
)


class RunProperties(_OnePass, CT_RPr):
    """``w:rPr``: python-docx's run properties plus the revision marks of a paragraph mark
    and ``w:lang``."""

    ins = ZeroOrOne("w:ins", successors=_RPR_REEKS[1:])
    deletion = ZeroOrOne("w:del", successors=_RPR_REEKS[2:])
    moveFrom = ZeroOrOne("w:moveFrom", successors=_RPR_REEKS[3:])
    moveTo = ZeroOrOne("w:moveTo", successors=_RPR_REEKS[4:])
    lang = ZeroOrOne("w:lang", successors=_RPR_REEKS[_RPR_REEKS.index("w:lang") + 1 :])

    get_or_add_lang: Callable[[], BaseOxmlElement]
    _insert_ins: Callable[[BaseOxmlElement], BaseOxmlElement]
    _insert_deletion: Callable[[BaseOxmlElement], BaseOxmlElement]
    _insert_moveFrom: Callable[[BaseOxmlElement], BaseOxmlElement]
    _insert_moveTo: Callable[[BaseOxmlElement], BaseOxmlElement]

    def add_revision_mark(self, mark) -> None:
        """Add a ``w:ins``, ``w:del``, ``w:moveFrom`` or ``w:moveTo`` at its place."""
        invoegen = {
            _INS: self._insert_ins,
            _DEL: self._insert_deletion,
            _MOVE_FROM: self._insert_moveFrom,
            _MOVE_TO: self._insert_moveTo,
        }
        invoegen[mark.tag](mark)


_INS, _DEL, _MOVE_FROM, _MOVE_TO = (qn(f"w:{t}") for t in ("ins", "del", "moveFrom", "moveTo"))


class ParagraphProperties(_OnePass, CT_PPr):
    """``w:pPr`` (§17.3.1.26): python-docx's paragraph properties plus the paragraph mark's
    run properties (``w:rPr``)."""

    rPr = ZeroOrOne("w:rPr", successors=("w:sectPr", "w:pPrChange"))

    get_or_add_rPr: Callable[[], RunProperties]


class RowProperties(_OnePass, CT_TrPr):
    """``w:trPr`` (§17.4.82): python-docx's row properties plus the revision marks."""

    ins = ZeroOrOne("w:ins", successors=("w:del", "w:trPrChange"))
    deletion = ZeroOrOne("w:del", successors=("w:trPrChange",))

    _insert_ins: Callable[[BaseOxmlElement], BaseOxmlElement]
    _insert_deletion: Callable[[BaseOxmlElement], BaseOxmlElement]

    def add_revision_mark(self, mark) -> None:
        """Add a ``w:ins`` or ``w:del`` at its place."""
        if mark.tag == _INS:
            self._insert_ins(mark)
        else:
            self._insert_deletion(mark)


# CT_Settings (§17.15.1.78) from w:updateFields on, as python-docx's CT_Settings declares it.
_INSTELLINGEN_REEKS = (
    "w:updateFields",
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "sl:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
)


class Settings(CT_Settings):
    """``w:settings``: python-docx's settings plus fields update, footnote properties and the
    theme's font languages."""

    updateFields = ZeroOrOne("w:updateFields", successors=_INSTELLINGEN_REEKS[1:])
    footnotePr = ZeroOrOne("w:footnotePr", successors=_INSTELLINGEN_REEKS[3:])
    themeFontLang: BaseOxmlElement | None = ZeroOrOne(  # type: ignore[assignment]
        "w:themeFontLang", successors=_INSTELLINGEN_REEKS[10:]
    )

    get_or_add_footnotePr: Callable[[], BaseOxmlElement]
    _remove_updateFields: Callable[[], None]
    _remove_footnotePr: Callable[[], None]


class RPrDefault(BaseOxmlElement):
    """``w:rPrDefault`` (§17.7.5.5): the default run properties."""

    rPr = ZeroOrOne("w:rPr")

    get_or_add_rPr: Callable[[], RunProperties]


class DocDefaults(BaseOxmlElement):
    """``w:docDefaults`` (§17.7.5.1): default run and paragraph properties."""

    rPrDefault = ZeroOrOne("w:rPrDefault", successors=("w:pPrDefault",))
    pPrDefault = ZeroOrOne("w:pPrDefault")

    get_or_add_rPrDefault: Callable[[], RPrDefault]


class Styles(CT_Styles):
    """``w:styles`` (§17.7.4.18): python-docx's styles plus the document defaults."""

    docDefaults = ZeroOrOne("w:docDefaults", successors=("w:latentStyles", "w:style"))

    get_or_add_docDefaults: Callable[[], DocDefaults]


class NumberingDefinitions(CT_Numbering):
    """``w:numbering`` (§17.9.17): python-docx's numbering plus the abstract definitions,
    which come before every ``w:num``."""

    abstractNum = ZeroOrMore("w:abstractNum", successors=("w:num", "w:numIdMacAtCleanup"))

    abstractNum_lst: list[BaseOxmlElement]
    num_lst: list[BaseOxmlElement]
    _insert_abstractNum: Callable[[BaseOxmlElement], BaseOxmlElement]
    _insert_num: Callable[[BaseOxmlElement], BaseOxmlElement]


for _tag, _klasse in (
    ("w:rPr", RunProperties),
    ("w:pPr", ParagraphProperties),
    ("w:trPr", RowProperties),
    ("w:settings", Settings),
    ("w:rPrDefault", RPrDefault),
    ("w:docDefaults", DocDefaults),
    ("w:styles", Styles),
    ("w:numbering", NumberingDefinitions),
):
    register_element_cls(_tag, _klasse)


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
    p.get_or_add_pPr()._insert_tabs(tabs)


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
                rij.get_or_add_trPr().add_revision_mark(self.markering(soort))
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
        p.get_or_add_pPr().get_or_add_rPr().add_revision_mark(self.markering(soort))

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

    def __init__(self, numbering_el: NumberingDefinitions):
        self.el = numbering_el
        bestaande = [int(a.get(qn("w:abstractNumId"))) for a in self.el.abstractNum_lst]
        nums = [int(n.get(qn("w:numId"))) for n in self.el.num_lst]
        self._volgende_abstract = max(bestaande, default=-1) + 1
        self._volgende_num = max(nums, default=0) + 1

    def _voeg_abstract_toe(self, abstract) -> int:
        self.el._insert_abstractNum(abstract)
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
        self.el._insert_num(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}">'
                f'<w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'
            )
        )
        return num_id


def zet_nummering(ppr, num_id: int, ilvl: int = 0) -> None:
    """Give a paragraph's or style's ``w:pPr`` numbering (``num_id`` 0 switches it off)."""
    num_pr = element("w:numPr")
    num_pr.append(element("w:ilvl", val=str(ilvl)))
    num_pr.append(element("w:numId", val=str(num_id)))
    ppr._remove_numPr()
    ppr._insert_numPr(num_pr)


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


def instellingen(settings_el: Settings, taal: str, met_voetnoten: bool) -> None:
    """Set proofing language and footnote separators.

    No ``w:updateFields`` (also not one the house style brings): Word would ask the reader a
    question on every open. The table of contents gets its page numbers with a PDF build.
    """
    settings_el._remove_updateFields()
    settings_el._remove_footnotePr()
    if met_voetnoten:
        pr = settings_el.get_or_add_footnotePr()
        pr.append(element("w:footnote", id="-1"))
        pr.append(element("w:footnote", id="0"))
    thema = settings_el.themeFontLang
    if thema is not None:
        thema.set(qn("w:val"), taal)


def standaardtaal(styles_el: Styles, taal: str) -> None:
    """Set the document language in the style defaults (``w:docDefaults``)."""
    defaults = styles_el.get_or_add_docDefaults()
    lang = defaults.get_or_add_rPrDefault().get_or_add_rPr().get_or_add_lang()
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
