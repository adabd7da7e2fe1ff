"""Raw OOXML helpers: fields, bookmarks, numbering, footnotes, settings, reproducible zip.

The only place (with the docx writer package) that knows WordprocessingML element names.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping
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

from regiovisie_builder.writers import zip_archive

# Characters XML cannot hold (lxml refuses them, the whole document would fail), and the ones
# Word and Excel use for a soft line break (U+000B) or a page break (U+000C) in pasted text.
_NOT_IN_XML = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_HYPHENATION = re.compile("[\x0b\x0c]")


def _escape(text: str) -> str:
    """``xml.sax.saxutils.escape`` without importing it (it loads urllib.request, http,
    email and ssl: a quarter of the Word helper's start-up)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_text(text: str) -> str:
    """``text`` as XML can hold it: breaks become spaces, other control characters go."""
    return _NOT_IN_XML.sub("", _HYPHENATION.sub(" ", text))


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
        names = _clark_names(tagnames)
        return next((kind for kind in self if kind.tag in names), None)  # type: ignore[attr-defined]


@functools.cache
def _clark_names(tagnames: tuple[str, ...]) -> frozenset[str]:
    return frozenset(qn(name) for name in tagnames)


# CT_ParaRPr (§17.3.1.29), the run properties of a paragraph mark: the revision marks, then
# CT_RPr's sequence (as python-docx's CT_RPr declares it), then w:rPrChange.
_RPR_SERIES = (
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

    ins = ZeroOrOne("w:ins", successors=_RPR_SERIES[1:])
    deletion = ZeroOrOne("w:del", successors=_RPR_SERIES[2:])
    moveFrom = ZeroOrOne("w:moveFrom", successors=_RPR_SERIES[3:])
    moveTo = ZeroOrOne("w:moveTo", successors=_RPR_SERIES[4:])
    lang = ZeroOrOne("w:lang", successors=_RPR_SERIES[_RPR_SERIES.index("w:lang") + 1 :])

    get_or_add_lang: Callable[[], BaseOxmlElement]
    _insert_ins: Callable[[BaseOxmlElement], BaseOxmlElement]
    _insert_deletion: Callable[[BaseOxmlElement], BaseOxmlElement]
    _insert_moveFrom: Callable[[BaseOxmlElement], BaseOxmlElement]
    _insert_moveTo: Callable[[BaseOxmlElement], BaseOxmlElement]

    def add_revision_mark(self, mark) -> None:
        """Add a ``w:ins``, ``w:del``, ``w:moveFrom`` or ``w:moveTo`` at its place."""
        insert = {
            _INS: self._insert_ins,
            _DEL: self._insert_deletion,
            _MOVE_FROM: self._insert_moveFrom,
            _MOVE_TO: self._insert_moveTo,
        }
        insert[mark.tag](mark)


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
_SETTINGS_SERIES = (
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

    updateFields = ZeroOrOne("w:updateFields", successors=_SETTINGS_SERIES[1:])
    footnotePr = ZeroOrOne("w:footnotePr", successors=_SETTINGS_SERIES[3:])
    ThemeFontLong: BaseOxmlElement | None = ZeroOrOne(  # type: ignore[assignment]
        "w:themeFontLang", successors=_SETTINGS_SERIES[10:]
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


for _tag, _class in (
    ("w:rPr", RunProperties),
    ("w:pPr", ParagraphProperties),
    ("w:trPr", RowProperties),
    ("w:settings", Settings),
    ("w:rPrDefault", RPrDefault),
    ("w:docDefaults", DocDefaults),
    ("w:styles", Styles),
    ("w:numbering", NumberingDefinitions),
):
    register_element_cls(_tag, _class)


@functools.cache
def _preview(tag: str):
    """An empty element of a prefixed tag, made as python-docx's ``OxmlElement`` makes it."""
    name = NamespacePrefixedTag(tag)
    return oxml_parser.makeelement(name.clark_name, nsmap=name.nsmap)


@functools.cache
def _attribute(name: str) -> str:
    return qn(f"w:{name}")


def element(tag: str, **attributes: str):
    """A new ``w:`` element with ``w:`` attributes, e.g. ``element("w:lang", val="nl-NL")``.

    The same as python-docx's ``OxmlElement`` (custom element classes included). The writer
    makes thousands of elements, so each is a copy of a cached empty one: about three times
    faster than creating it with its namespace map.
    """
    new = _preview(tag).__copy__()
    for name, value in attributes.items():
        new.set(_attribute(name), str(value))
    return new


def unbreakable(text: str) -> str:
    """``text`` with a no-break space after "§" and "€": "§ 3.1" and "€ 350.000" never wrap."""
    if "§ " in text or "€ " in text:
        return text.replace("§ ", "§\u00a0").replace("€ ", "€\u00a0")
    return text


_YEAR_SERIES = re.compile(r"(?<=\d)-(?=\d)")


def title_run(text: str, rpr=None):
    """A ``w:r`` for a title: "2022-2030" gets Word's non-breaking hyphen (``w:noBreakHyphen``),
    so a title never breaks between the two years."""
    run = element("w:r")
    if rpr is not None:
        run.append(rpr)
    for index, paper in enumerate(_YEAR_SERIES.split(unbreakable(text))):
        if index:
            run.append(element("w:noBreakHyphen"))
        t = element("w:t")
        t.text = paper
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        run.append(t)
    return run


def text_run(text: str, rpr=None):
    """A ``w:r`` holding ``text`` (spaces preserved), with an optional ``w:rPr``.

    "§ 3.1" and "€ 350.000" keep their sign with the number (see ``unbreakable``).
    """
    text = unbreakable(text)
    run = element("w:r")
    if rpr is not None:
        run.append(rpr)
    for index, part in enumerate(_HYPHENATION.split(_NOT_IN_XML.sub("", text))):
        if index:
            run.append(element("w:br"))  # a soft line break from Word or Excel
        t = element("w:t")
        t.text = part
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        run.append(t)
    return run


def field(instruction: str, result: str, rpr_factory=None) -> list:
    """The runs of a complex field (``PAGE``, ``NUMPAGES``, ``TOC``, ``SEQ``) with a result."""

    def rpr():
        return rpr_factory() if rpr_factory else None

    begin = element("w:r")
    if rpr_factory:
        begin.append(rpr())
    begin.append(element("w:fldChar", fldCharType="begin", dirty="true"))
    instr = element("w:r")
    if rpr_factory:
        instr.append(rpr())
    instr_t = element("w:instrText")
    instr_t.text = f" {instruction} "
    instr_t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.append(instr_t)
    separation = element("w:r")
    separation.append(element("w:fldChar", fldCharType="separate"))
    end = element("w:r")
    end.append(element("w:fldChar", fldCharType="end"))
    return [begin, instr, separation, text_run(result, rpr()), end]


def around_bookmark(runs: list, name: str, number: int) -> list:
    """``runs`` between the start and end of a bookmark named ``naam``."""
    start = element("w:bookmarkStart", id=str(number), name=name)
    return [start, *runs, element("w:bookmarkEnd", id=str(number))]


def bookmark(p, name: str, number: int) -> None:
    """Wrap the content of paragraph ``p`` in a bookmark named ``naam``."""
    start = element("w:bookmarkStart", id=str(number), name=name)
    end = element("w:bookmarkEnd", id=str(number))
    ppr = p.find(qn("w:pPr"))
    position = 1 if ppr is not None else 0
    p.insert(position, start)
    p.append(end)


def not_update(begin_run) -> None:
    """Drop the "dirty" flag of a field's begin run, so Word does not ask to update it."""
    for character in begin_run.iter(qn("w:fldChar")):
        character.attrib.pop(qn("w:dirty"), None)


def tab_right(p, position: int) -> None:
    """A right-aligned tab stop with a dot leader at ``position`` (twips), for page numbers."""
    tabs = element("w:tabs")
    tabs.append(element("w:tab", val="right", leader="dot", pos=str(position)))
    p.get_or_add_pPr()._insert_tabs(tabs)


def _toc_lines(body) -> list:
    """The paragraphs of the first TOC field in ``body``, in order."""
    instructions = [
        i for i in body.iter(qn("w:instrText")) if (i.text or "").split()[:1] == ["TOC"]
    ]
    if not instructions:
        return []
    p = instructions[0].getparent().getparent()
    lines = []
    while p is not None and p.tag == qn("w:p"):
        lines.append(p)
        ends = [f for f in p.iter(qn("w:fldChar")) if f.get(qn("w:fldCharType")) == "end"]
        if ends:
            break
        p = p.getnext()
    return lines


def toc_page_numbers(document_xml: bytes, pages) -> bytes | None:
    """``word/document.xml`` with a tab and a page number after each TOC entry.

    None when the number of entries and of page numbers differ (then nothing is changed).
    """
    from lxml import etree

    # Our own output, read back as it is (no blank-text removal as in python-docx's parser).
    root = etree.fromstring(document_xml, etree.XMLParser(resolve_entities=False, huge_tree=True))
    lines = _toc_lines(root)
    if not lines or len(lines) != len(pages):
        return None
    for line, page in zip(lines, pages, strict=True):
        tab = element("w:r")
        tab.append(element("w:tab"))
        for run in (tab, text_run(str(page))):
            last = line[-1] if len(line) else None
            if last is not None and last.find(qn("w:fldChar")) is not None:
                last.addprevious(run)  # the field ends after the last entry's number
            else:
                line.append(run)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- revisions (tracked changes) ---------------------------------------------------------


_REVISION_TAGS = frozenset(qn(f"w:{t}") for t in ("ins", "del", "moveFrom", "moveTo"))


class Revisions:
    """Makes ``w:ins``/``w:del`` marks with one author and date and unique ids."""

    def __init__(self, author: str, date: str, next_id):
        self.author = author
        self.datum = date  # ISO 8601, e.g. 2021-03-01T00:00:00Z
        self.next_id = next_id  # shared with bookmarks: annotation ids must be unique

    def markering(self, soort: str):
        """A ``w:ins``, ``w:del``, ``w:moveFrom`` or ``w:moveTo`` element (``soort``)."""
        return element(f"w:{soort}", id=str(self.next_id()), author=self.author, date=self.datum)

    def wrap(self, soort: str, runs: list):
        """Runs wrapped in one tracked insertion or deletion (deleted text as w:delText)."""
        markering = self.markering(soort)
        for run in runs:
            if soort == "del":
                as_deleted(run)
            markering.append(run)
        return markering

    def mark_blok(self, soort: str, elements: list) -> None:
        """Mark whole paragraphs, tables and their rows as inserted or deleted."""
        for block in elements:
            for row in block.iter(qn("w:tr")):
                row.get_or_add_trPr().add_revision_mark(self.markering(soort))
            for p in block.iter(qn("w:p")):
                self._mark_paragraph(soort, p)

    def _mark_paragraph(self, soort: str, p) -> None:
        """Mark a paragraph's runs and its paragraph mark with ``w:<soort>`` (ins, del,
        moveFrom, moveTo); runs that already carry a mark keep it."""
        for run in list(p.iter(qn("w:r"))):
            parent = run.getparent()
            if parent.tag in _REVISION_TAGS:
                continue
            markering = self.markering(soort)
            run.addprevious(markering)
            if soort == "del":
                as_deleted(run)
            markering.append(run)
        p.get_or_add_pPr().get_or_add_rPr().add_revision_mark(self.markering(soort))

    def mark_move(self, soort: str, name: str, elements: list) -> None:
        """Mark whole paragraphs as moved away (``soort`` "del") or moved here ("ins").

        Word pairs the two places by ``naam``: a range (``w:moveFromRangeStart`` ...
        ``w:moveFromRangeEnd``) around the paragraphs, their runs in ``w:moveFrom`` (the text
        stays ``w:t``) and the paragraph marks marked ``w:moveFrom``; likewise ``w:moveTo``.
        """
        tag = "moveFrom" if soort == "del" else "moveTo"
        paragraph_s = [p for block in elements for p in block.iter(qn("w:p"))]
        if not paragraph_s:
            return
        for p in paragraph_s:
            self._mark_paragraph(tag, p)
        span = str(self.next_id())
        start = element(
            f"w:{tag}RangeStart", id=span, author=self.author, date=self.datum, name=name
        )
        first = paragraph_s[0]
        first.insert(1 if first.find(qn("w:pPr")) is not None else 0, start)
        paragraph_s[-1].append(element(f"w:{tag}RangeEnd", id=span))


def as_deleted(run) -> None:
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
_TEXT_PATH = (
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


def watermark(text: str, seq_no: int):
    """A run with a diagonal, light grey text watermark, as Word's Design > Watermark makes.

    It belongs in a header paragraph; Word and LibreOffice show it behind every page's text.
    """
    return parse_xml(
        f"<w:r {nsdecls('w')} {_VML}><w:rPr><w:noProof/></w:rPr><w:pict>{_TEXT_PATH}"
        f'<v:shape id="PowerPlusWaterMarkObject{seq_no}" o:spid="_x0000_s{2048 + seq_no}" '
        'type="#_x0000_t136" style="position:absolute;margin-left:0;margin-top:0;'
        "width:415pt;height:138pt;rotation:315;z-index:-251657216;"
        "mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
        'mso-position-vertical:center;mso-position-vertical-relative:margin" '
        'o:allowincell="f" fillcolor="silver" stroked="f"><v:fill opacity=".5"/>'
        f'<v:textpath style="font-family:&quot;Calibri&quot;;font-size:1pt" string="{text}"/>'
        '<w10:wrap anchorx="margin" anchory="margin"/></v:shape></w:pict></w:r>'
    )


# --- numbering ----------------------------------------------------------------------------


def _level(ilvl: int, fmt: str, text: str, links: int, style: str | None = None) -> str:
    pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
    hanging = 360 if fmt == "bullet" else 432 + 144 * ilvl
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'{pstyle}<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{links}" w:hanging="{hanging}"/></w:pPr></w:lvl>'
    )


def _abstract(abstract_id: int, levels: Iterable[str], name: str) -> object:
    return parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="multilevel"/><w:name w:val="{name}"/>'
        f"{''.join(levels)}</w:abstractNum>"
    )


class Numbering:
    """Numbering definitions added to ``numbering.xml``: headings, bullets, numbered lists."""

    def __init__(self, numbering_el: NumberingDefinitions):
        self.el = numbering_el
        existing = [int(a.get(qn("w:abstractNumId"))) for a in self.el.abstractNum_lst]
        nums = [int(n.get(qn("w:numId"))) for n in self.el.num_lst]
        self._next_abstract = max(existing, default=-1) + 1
        self._next_num = max(nums, default=0) + 1

    def _add_abstract(self, abstract) -> int:
        self.el._insert_abstractNum(abstract)
        return int(abstract.get(qn("w:abstractNumId")))

    def abstract(self, soort: str) -> int:
        """Add an abstract definition: ``headings`` (1, 1.1, 1.1.1), ``bullet`` or ``decimaal``."""
        number = self._next_abstract
        self._next_abstract += 1
        if soort == "koppen":
            levels = [
                _level(0, "decimal", "%1", 432, "Heading1"),
                _level(1, "decimal", "%1.%2", 576, "Heading2"),
                _level(2, "decimal", "%1.%2.%3", 720, "Heading3"),
            ]
        elif soort == "bullet":
            characters = ["•", "–", "▪"]
            levels = [_level(i, "bullet", characters[i], 720 + 360 * i) for i in range(3)]
        else:
            levels = [
                _level(0, "decimal", "%1.", 720),
                _level(1, "lowerLetter", "%2.", 1080),
                _level(2, "lowerRoman", "%3.", 1440),
            ]
        return self._add_abstract(_abstract(number, levels, f"regiovisie-{soort}-{number}"))

    def num(self, abstract_id: int, restart: bool = False, start: int = 1) -> int:
        """A concrete list instance; ``restart`` makes its numbering begin at ``start``."""
        num_id = self._next_num
        self._next_num += 1
        override = (
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>'
            if restart
            else ""
        )
        self.el._insert_num(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}">'
                f'<w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'
            )
        )
        return num_id


def set_numbering(ppr, num_id: int, ilvl: int = 0) -> None:
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


def footnotes_element():
    """An empty ``w:footnotes`` root with the two separator footnotes Word expects."""
    return parse_xml(f"<w:footnotes {nsdecls('w', 'r')}>{_SEPARATORS}</w:footnotes>")


def link_footnotes(document_part, footnotes, links: Mapping[str, str]) -> None:
    """Store ``footnotes`` as ``word/footnotes.xml``, replacing any footnotes the reference
    had, with the relationships of the web links inside them (``links``: target -> id)."""
    from lxml import etree

    blob = etree.tostring(footnotes, xml_declaration=True, encoding="UTF-8", standalone=True)
    for rel in list(document_part.rels.values()):
        if rel.reltype == RT.FOOTNOTES:
            del document_part.rels[rel.rId]
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, blob, document_part.package)
    for target, r_id in links.items():
        part.rels.add_relationship(RT.HYPERLINK, target, r_id, is_external=True)
    document_part.relate_to(part, RT.FOOTNOTES)


# --- settings -----------------------------------------------------------------------------


def settings(settings_el: Settings, taal: str, with_footnotes: bool) -> None:
    """Set proofing language and footnote separators.

    No ``w:updateFields`` (also not one the house style brings): Word would ask the reader a
    question on every open. The table of contents gets its page numbers with a PDF build.
    """
    settings_el._remove_updateFields()
    settings_el._remove_footnotePr()
    if with_footnotes:
        pr = settings_el.get_or_add_footnotePr()
        pr.append(element("w:footnote", id="-1"))
        pr.append(element("w:footnote", id="0"))
    thema = settings_el.ThemeFontLong
    if thema is not None:
        thema.set(qn("w:val"), taal)


_ATTACHED_TEMPLATE = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
)


def detach_template(settings_part) -> None:
    """No attached template in the document. A house style made from a template remembers
    where that was, often on a municipality's network share (``\\\\server\\sjablonen``):
    Word on a reader's computer would contact that server when the document is opened (and
    Windows would send it the reader's login). The styles are in the document itself."""
    for found in settings_part.element.findall(qn("w:attachedTemplate")):
        settings_part.element.remove(found)
    for r_id, relationship in list(settings_part.rels.items()):
        if relationship.reltype == _ATTACHED_TEMPLATE:
            del settings_part.rels[r_id]


def default_language(styles_el: Styles, taal: str) -> None:
    """Set the document language in the style defaults (``w:docDefaults``)."""
    defaults = styles_el.get_or_add_docDefaults()
    lang = defaults.get_or_add_rPrDefault().get_or_add_rPr().get_or_add_lang()
    lang.set(qn("w:val"), taal)
    lang.set(qn("w:eastAsia"), taal)
    lang.set(qn("w:bidi"), "ar-SA")


# --- extended properties (docProps/app.xml) -------------------------------------------------

_APP = "/docProps/app.xml"


def application(package) -> None:
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
    for rel in list(package.rels.values()):
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            del package.rels[rel.rId]
    part = Part(PackURI(_APP), CT.OFC_EXTENDED_PROPERTIES, blob, package)
    package.relate_to(part, RT.EXTENDED_PROPERTIES)


# --- reproducible package -----------------------------------------------------------------


def reproducible(package: bytes) -> bytes:
    """Re-zip a package with fixed entry times, so equal input gives equal bytes."""
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        return zip_of({name: source.read(name) for name in source.namelist()})


class _Components(dict):
    """Collects what python-docx's package writer would put in the zip: name -> bytes."""

    def write(self, pack_uri, blob: bytes) -> None:
        self[pack_uri.membername] = blob


def package(
    doc,
    finish: Callable[[bytes], bytes] | None = None,
    deflate: Callable[[bytes], bytes] | None = None,
) -> bytes:
    """``doc`` as reproducible .docx bytes, each part compressed once.

    Does what python-docx's ``OpcPackage.save`` does (content types, package relations,
    every part with its relations) but hands the parts to ``zip_of`` instead of zipping
    them first and re-zipping them for fixed entry times. ``finish`` gets the main
    document part's XML before it is zipped (the Word cache puts stored groups in), and
    ``deflate`` compresses it (the Word cache reuses the pieces that did not change).
    """
    from docx.opc.pkgwriter import PackageWriter

    opc = doc.part.package
    parts = list(opc.parts)
    for part in parts:
        part.before_marshal()
    # _Onderdelen has the one method (write) these private writers call on a PhysPkgWriter;
    # pyproject pins python-docx to the tested range and a test fails on any other version.
    components: Any = _Components()
    PackageWriter._write_content_types_stream(components, parts)
    PackageWriter._write_pkg_rels(components, opc.rels)
    PackageWriter._write_parts(components, parts)
    name = doc.part.partname.membername
    if finish is not None:
        components[name] = finish(components[name])
    deflated = {name: deflate(components[name])} if deflate is not None else None
    return zip_of(components, deflated)


def zip_of(components: dict[str, bytes], deflated: dict[str, bytes] | None = None) -> bytes:
    """A reproducible .docx zip: ``[Content_Types].xml`` first, as Word writes it."""
    return zip_archive.zip_of(components, ("[Content_Types].xml",), deflated)
