"""Model blocks and inline spans to WordprocessingML elements.

Elements are built detached and attached to the body in one go at the end, because
python-docx's ``add_paragraph`` searches the body for ``w:sectPr`` on every call, which would
make large documents quadratic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import assert_never

from docx.opc.constants import RELATIONSHIP_TYPE as RT

from regiovisie_builder.model import (
    Block,
    BlockQuote,
    Code,
    CodeBlock,
    Del,
    Document,
    Emph,
    Figure,
    FootnoteRef,
    Heading,
    Inline,
    Ins,
    LineBreak,
    Link,
    ListBlock,
    Marker,
    Paragraph,
    Revision,
    Source,
    Strong,
    Table,
    Text,
    plain_text,
)
from regiovisie_builder.writers.docx import oxml
from regiovisie_builder.writers.docx.images import Figures
from regiovisie_builder.writers.docx.sections import (
    LANDSCAPE,
    MAX_COLUMNS,
    PORTRAIT,
    SectionBreaks,
    landscape_width,
)
from regiovisie_builder.writers.docx.styles import style_id
from regiovisie_builder.writers.footnotes import order

# rPr children in schema order (CT_RPr): the writer only ever sets these.
_RPR_ORDER = ("rStyle", "rFonts", "b", "i", "color", "highlight", "vertAlign")


def rpr(**formatting) -> object | None:
    """A ``w:rPr`` with children in schema order, or None when there is no formatting."""
    if not any(formatting.values()):
        return None
    properties = oxml.element("w:rPr")
    for name in _RPR_ORDER:
        value = formatting.get(name)
        if not value:
            continue
        if name in ("b", "i"):
            properties.append(oxml.element(f"w:{name}"))
        elif name == "rFonts":
            properties.append(oxml.element("w:rFonts", ascii=value, hAnsi=value, cs=value))
        else:
            properties.append(oxml.element(f"w:{name}", val=value))
    return properties


# Tracked changes are signed by the toolkit, dated with the new version's date.
REVISION_AUTHOR = "regiovisie"


def _anchor_blokken(blocks: Iterable[Block]) -> Iterator[Block]:
    """Every top-level block, also those inside tracked insertions and deletions."""
    for block in blocks:
        if isinstance(block, Revision):
            yield from _anchor_blokken(block.blocks)
        else:
            yield block


def bookmark_name(anchor: str, used: set[str]) -> str:
    """A valid Word bookmark name (letter first, <= 40 chars, [A-Za-z0-9_]) for an anchor."""
    basis = "p_" + re.sub(r"[^A-Za-z0-9]", "_", anchor)
    name = basis[:40]
    counter = 1
    while name in used:
        counter += 1
        suffix = f"_{counter}"
        name = basis[: 40 - len(suffix)] + suffix
    used.add(name)
    return name


def _vast(content: Iterable[Inline]) -> list[Inline]:
    """Cell text with a no-break space after the euro sign: "€ 350.000" never splits."""
    out: list[Inline] = []
    for item in content:
        match item:
            case Text() if "€ " in item.text:
                item = Text(item.text.replace("€ ", "€\u00a0"))
            case Strong() | Emph():
                item = type(item)(tuple(_vast(item.content)))
            case Text() | Code() | Link() | LineBreak() | FootnoteRef() | Marker() | Ins() | Del():
                pass  # as it is (a link's text and tracked changes included)
            case _:
                assert_never(item)
        out.append(item)
    return out


def _is_heading(p) -> bool:
    style = p.find(f"{oxml.qn('w:pPr')}/{oxml.qn('w:pStyle')}")
    return style is not None and style.get(oxml.qn("w:val"), "").startswith("Heading")


def _font_size(tbl, half_points: int) -> None:
    """Give every run of a table the font size ``half_points`` / 2 pt."""
    for run in tbl.iter(oxml.qn("w:r")):
        run.get_or_add_rPr().get_or_add_sz().set(oxml.qn("w:val"), str(half_points))


# The ids of the footnotes part's link relationships: "rIdFootnoteLink1", ...
FOOTNOTE_LINK = "rIdFootnoteLink"


class WordContent:
    """Turns the document body into ``w:p`` / ``w:tbl`` elements."""

    def __init__(self, doc, document: Document, numbering: oxml.Numbering, width: int):
        self.doc = doc
        self.document = document
        self.numbering = numbering
        self.width = width  # text width in twips, for table grid columns
        self.footnote_numbers = order(document)
        self.footnotes = oxml.footnotes_element()
        self._footnote_done: set[str] = set()
        # Links inside footnotes: relationships of word/footnotes.xml (its own part, with
        # its own ids), target -> id, made in the order of first use.
        self.footnote_links: dict[str, str] = {}
        self._hyperlinks: dict[str, str] | None = None  # see ``_hyperlink_id``
        self._free_id = 1  # no relationship id below rId<this> is free
        self._in_footnote = False
        self._bullet = numbering.abstract("bullet")
        self._decimal = numbering.abstract("decimaal")
        self._bullet_num = numbering.num(self._bullet)
        self._bookmark_id = 0
        used: set[str] = set()
        self.bookmarks = {
            b.id: bookmark_name(b.id, used)
            for b in _anchor_blokken(document.body)
            if isinstance(b, Heading) or (isinstance(b, Table | Figure) and b.id)
        }
        for b in _anchor_blokken(document.body):  # a reference to a block id lands on its heading
            if isinstance(b, Heading) and b.block_id and b.block_id not in self.bookmarks:
                self.bookmarks[b.block_id] = self.bookmarks[b.id]
        # Cross-references whose text the numbering made ("paragraaf 3.2", "tabel 4") become
        # "paragraaf " + a REF field, so Word renumbers them when a clerk moves a chapter.
        self.cross_references: dict[str, tuple[str, str, str]] = {}  # anchor -> (voor, REF, nr)
        for b in _anchor_blokken(document.body):
            match b:
                case Heading() if b.number and b.number[0].isdigit():
                    field = (f"REF {self.bookmarks[b.id]} \\w", b.number)
                    for anchor in (b.id, b.block_id):
                        if anchor and anchor not in self.cross_references:
                            self.cross_references[anchor] = ("paragraaf ", *field)
                case Table() if b.id and b.number is not None:
                    field = (f"REF {self.bookmarks[b.id]}", str(b.number))
                    self.cross_references[b.id] = ("tabel ", *field)
                case Figure() if b.id and b.number is not None:
                    field = (f"REF {self.bookmarks[b.id]}", str(b.number))
                    self.cross_references[b.id] = ("figuur ", *field)
                case Heading() | Table() | Figure():
                    pass  # unnumbered: a reference to it keeps its own text
                case Paragraph() | ListBlock() | BlockQuote() | CodeBlock() | Revision():
                    pass  # not a target of a cross-reference
                case _:
                    assert_never(b)
        self._styles: dict[str, str] = {}
        self.figures = Figures(self)
        self.sections = SectionBreaks()
        self.landscape_width = landscape_width(doc)
        date = f"{document.meta.datum.isoformat()}T00:00:00Z"
        self.revisions = oxml.Revisions(REVISION_AUTHOR, date, self.next_id)

    def next_id(self) -> int:
        """A fresh id for a bookmark or tracked change (Word wants them unique)."""
        self._bookmark_id += 1
        return self._bookmark_id

    def style(self, name: str) -> str:
        if name not in self._styles:
            self._styles[name] = style_id(self.doc, name)
        return self._styles[name]

    # --- paragraphs --------------------------------------------------------------------

    def paragraph(self, style: str | None = None, runs=(), alignment: str | None = None):
        """A ``w:p`` with a named style and the given run elements."""
        p = oxml.element("w:p")
        if style or alignment:
            ppr = oxml.element("w:pPr")
            if style:
                ppr.append(oxml.element("w:pStyle", val=self.style(style)))
            if alignment:
                ppr.append(oxml.element("w:jc", val=alignment))
            p.append(ppr)
        for run in runs:
            p.append(run)
        return p

    def runs(self, content: Iterable[Inline], **formatting) -> list:
        """Run elements for inline spans, carrying bold/italic/code down the tree."""
        out: list = []
        for item in content:
            match item:
                case Text():
                    out.append(oxml.text_run(item.text, rpr(**formatting)))
                case Emph():
                    out += self.runs(item.content, **{**formatting, "i": True})
                case Strong():
                    out += self.runs(item.content, **{**formatting, "b": True})
                case Code():
                    out.append(
                        oxml.text_run(item.text, rpr(**{**formatting, "rFonts": "Consolas"}))
                    )
                case LineBreak():
                    run = oxml.element("w:r")
                    run.append(oxml.element("w:br"))
                    out.append(run)
                case Marker():
                    out.append(
                        oxml.text_run(item.text, rpr(**{**formatting, "highlight": "yellow"}))
                    )
                case Link():
                    out.append(self.hyperlink(item, formatting))
                case Ins() | Del():
                    runs = self.runs(item.content, **formatting)
                    if runs:
                        soort = "ins" if isinstance(item, Ins) else "del"
                        out.append(self.revisions.wrap(soort, runs))
                case FootnoteRef() if item.key in self.footnote_numbers:
                    out.append(self.footnote_reference(item.key))
                case FootnoteRef():
                    pass  # a reference to a footnote the document does not have shows nothing
                case _:
                    assert_never(item)  # a node type this writer does not know: fail loudly
        return out

    def hyperlink(self, link: Link, formatting: dict):
        element = oxml.element("w:hyperlink")
        formatting = {**formatting, "rStyle": self.style("Hyperlink")}
        runs = None
        if link.target.startswith("#"):
            anchor = link.target[1:]
            element.set(oxml.qn("w:anchor"), self.bookmarks.get(anchor, anchor))
            runs = self.cross_reference(anchor, plain_text(link.content), formatting)
        else:
            element.set(oxml.qn("r:id"), self.relate(link.target, self._in_footnote))
        for run in runs or self.runs(link.content, **formatting):
            element.append(run)
        return element

    def relate(self, target: str, in_footnote: bool) -> str:
        """The relationship id of a web link: of the document part, or, for a link inside a
        footnote, of the footnotes part (Word looks an id up in the part that holds it)."""
        if not in_footnote:
            return self._hyperlink_id(target)
        if target not in self.footnote_links:
            self.footnote_links[target] = f"{FOOTNOTE_LINK}{len(self.footnote_links) + 1}"
        return self.footnote_links[target]

    def _hyperlink_id(self, target: str) -> str:
        """What python-docx's ``relate_to`` gives for a web link: the id of the document
        part's link to ``target``, else a new one with the lowest free id. Kept here in a
        dict: ``relate_to`` looks through every relationship twice per link, so a block of
        8,000 links took 16 s (the square of their number)."""
        rels = self.doc.part.rels
        if self._hyperlinks is None:  # the links the house style's document part has
            self._hyperlinks = {}
            for rel in rels.values():
                if rel.is_external and rel.reltype == RT.HYPERLINK:
                    self._hyperlinks.setdefault(rel.target_ref, rel.rId)
        r_id = self._hyperlinks.get(target)
        if r_id is None:
            while f"rId{self._free_id}" in rels:
                self._free_id += 1
            r_id = f"rId{self._free_id}"
            rels.add_relationship(RT.HYPERLINK, target, r_id, is_external=True)
            self._hyperlinks[target] = r_id
        return r_id

    def cross_reference(self, anchor: str, text: str, formatting: dict) -> list | None:
        """The runs "paragraaf " + a REF field with the number, for a reference the numbering
        filled in; None for a link with its own text."""
        if anchor not in self.cross_references:
            return None
        before, instruction, number = self.cross_references[anchor]
        if text != before + number:
            return None
        return [
            oxml.text_run(before, rpr(**formatting)),
            *oxml.field(instruction, number, lambda: rpr(**formatting)),
        ]

    def footnote_reference(self, key: str):
        number = self.footnote_numbers[key]
        if key not in self._footnote_done:
            self._footnote_done.add(key)
            self.footnotes.append(self.footnote(number, self.document.footnotes[key]))
        run = oxml.element("w:r")
        run.append(rpr(rStyle=self.style("Footnote Reference")))
        run.append(oxml.element("w:footnoteReference", id=str(number)))
        return run

    def footnote(self, number: int, blocks):
        self._in_footnote = True
        try:
            return self._footnote(number, blocks)
        finally:
            self._in_footnote = False

    def _footnote(self, number: int, blocks):
        footnote = oxml.element("w:footnote", id=str(number))
        lines = _footnote_lines(blocks or (Paragraph((), Source("voetnoot")),))
        for index, (prefix, content) in enumerate(lines):
            runs = self.runs(content)
            if prefix:
                runs = [oxml.text_run(prefix), *runs]
            if index == 0:
                character = oxml.element("w:r")
                character.append(rpr(rStyle=self.style("Footnote Reference")))
                character.append(oxml.element("w:footnoteRef"))
                runs = [character, oxml.text_run(" "), *runs]
            footnote.append(self.paragraph("Footnote Text", runs))
        return footnote

    # --- blocks ------------------------------------------------------------------------

    def blocks(self, blocks, list_level: int = 0) -> list:
        out: list = []
        for block in blocks:
            elements = self.block(block, list_level)
            if elements and self.sections.is_limit(elements[0], PORTRAIT):
                self._merge_landscape(out, elements)
            out += elements
        return out

    def _merge_landscape(self, out: list, elements: list) -> None:
        """Two landscape tables with at most a few plain paragraphs between them share one
        landscape section (no portrait page holding only a sentence)."""
        for back in range(1, min(4, len(out)) + 1):
            end = out[-back]
            if not self.sections.is_limit(end, LANDSCAPE):
                continue
            between = out[len(out) - back + 1 :]
            if all(e.tag == oxml.qn("w:p") and not _is_heading(e) for e in between):
                out.remove(end)
                self.sections.forget(end)
                self.sections.forget(elements.pop(0))
            return

    def block(self, block: Block, list_level: int = 0) -> list:
        match block:
            case Heading():
                return [self.heading(block)]
            case Paragraph():
                return [self.paragraph(None, self.runs(block.content))]
            case ListBlock():
                return self.items(block, list_level)
            case Table():
                return self.table(block)
            case Figure():
                return self.figures.figure(block)
            case BlockQuote():
                # Paragraphs take the Quote style; anything else in a quote (a list, a table)
                # is written as it is outside one, never dropped.
                out: list = []
                for inner in block.blocks:
                    if isinstance(inner, Paragraph):
                        out.append(self.paragraph("Quote", self.runs(inner.content)))
                    else:
                        out += self.block(inner, list_level)
                return out
            case CodeBlock():
                return [
                    self.paragraph(None, [oxml.text_run(line, rpr(rFonts="Consolas"))])
                    for line in block.text.split("\n")
                ]
            case Revision():
                elements = self.blocks(block.blocks, list_level)
                if block.move:
                    self.revisions.mark_move(block.kind, block.move, elements)
                else:
                    self.revisions.mark_blok(block.kind, elements)
                return elements
            case _:
                assert_never(block)  # a node type this writer does not know: fail loudly

    def heading(self, heading: Heading):
        level = min(heading.level, 4)
        runs = self.runs(heading.content)
        number = heading.number or ""
        letters = bool(number) and not number[0].isdigit()
        if letters:  # an appendix: "Bijlage A" and "A.1" as text, not Word's chapter numbers
            tab = oxml.element("w:r")
            tab.append(oxml.element("w:tab"))
            runs = [oxml.text_run(number), tab, *runs]
        p = self.paragraph(f"Heading {level}", runs)
        if (not heading.number or letters) and level <= 3:
            oxml.set_numbering(p.get_or_add_pPr(), 0)  # an unnumbered heading (annex)
        if heading.appendix:
            p.get_or_add_pPr().pageBreakBefore_val = True
        oxml.bookmark(p, self.bookmarks[heading.id], self.next_id())
        return p

    def items(self, items: ListBlock, level: int) -> list:
        if items.ordered:
            num_id = self.numbering.num(self._decimal, restart=True, start=items.start)
            style = "List Number"
        else:
            num_id, style = self._bullet_num, "List Bullet"
        out: list = []
        for item in items.items:
            out += self._list_item(item, style, num_id, level)
        return out

    def _list_item(
        self, item: Iterable[Block], style: str, num_id: int, level: int, first: bool = True
    ) -> list:
        """One list item: its first paragraph carries the bullet or number."""
        out: list = []
        for block in item:
            match block:
                case Paragraph() if first:
                    p = self.paragraph(style, self.runs(block.content))
                    oxml.set_numbering(p.get_or_add_pPr(), num_id, min(level, 2))
                    out.append(p)
                    first = False
                case Revision():
                    # A tracked item (or first paragraph) keeps its bullet; after a deleted
                    # first paragraph the inserted one still takes the bullet.
                    elements = self._list_item(block.blocks, style, num_id, level, first)
                    self.revisions.mark_blok(block.kind, elements)
                    out += elements
                    first = first and block.kind == "del"
                case ListBlock():
                    out += self.items(block, level + 1)
                case Heading() | Paragraph() | Table() | Figure() | BlockQuote() | CodeBlock():
                    out += self.block(block, level + 1)  # as it is written outside a list
                case _:
                    assert_never(block)  # a node type this writer does not know: fail loudly
        return out

    def caption(self, table: Table):
        number = oxml.field("SEQ Tabel \\* ARABIC", str(table.number))
        if table.id in self.bookmarks:
            # The bookmark holds only the number, so a REF to it shows "4" (as Word's own
            # cross-reference "only label and number" minus the label).
            number = oxml.around_bookmark(number, self.bookmarks[table.id], self.next_id())
        runs = [oxml.text_run("Tabel "), *number]
        if table.caption:
            runs += [oxml.text_run(". "), *self.runs(table.caption)]
        p = self.paragraph("Caption", runs)
        p.get_or_add_pPr().keepNext_val = True
        return p

    def _minima(self, table: Table) -> tuple[list[int], list[int]]:
        """Per column the width of its longest word in twips, and its share of the rest."""
        character, margin = 150, 260  # twips per character (bold, wide fallback fonts) and padding
        columns = max(len(table.header), 1)
        weights, minima = [], []
        for index in range(columns):
            cells = [table.header[index] if index < len(table.header) else ()]
            cells += [row[index] for row in table.rows if index < len(row)]
            texts = [plain_text(c) for c in cells]
            longest = max(map(len, texts), default=1)
            number = index < len(table.align) and table.align[index] == "right"
            # A number column never breaks: its longest cell is its minimum.
            words = texts if number else [w for t in texts for w in t.split()]
            word = max(map(len, words), default=1)
            # Digits are narrower than the widest letters: about 110 twips at 10 pt.
            minima.append(max(word, 1) * (110 if number else character) + margin)
            weights.append(0 if number else min(max(longest, 12), 40))
        return minima, weights

    def landscape(self, table: Table) -> bool:
        """Whether a table goes on a landscape page: asked for, many columns, or too wide."""
        if table.landscape or len(table.header) > MAX_COLUMNS:
            return True
        # The minima assume wide bold glyphs; a table that misses by a little still fits.
        return sum(self._minima(table)[0]) * 4 > self.width * 5

    def column_widths(self, table: Table, width: int | None = None) -> list[int]:
        """Column widths in twips: every column fits its longest word (so numbers and short
        labels never break), and the remaining width goes to the text columns."""
        width = width or self.width
        minima, weights = self._minima(table)
        columns = len(minima)
        rest = width - sum(minima)
        if rest <= 0:  # too many columns: shrink proportionally, words may break
            return [width * m // sum(minima) for m in minima]
        total = sum(weights) or 1
        widths = [m + rest * g // total for m, g in zip(minima, weights, strict=True)]
        if not any(weights):
            widths = [m + rest // columns for m in minima]
        return widths

    def table(self, table: Table) -> list:
        landscape = self.landscape(table)
        widths = self.column_widths(table, self.landscape_width if landscape else None)
        tbl = oxml.element("w:tbl")
        tbl_pr = oxml.element("w:tblPr")
        tbl_pr.append(oxml.element("w:tblStyle", val=self.style("Table Grid")))
        tbl_pr.append(oxml.element("w:tblW", w="5000", type="pct"))
        tbl_pr.append(
            oxml.element(
                "w:tblLook",
                val="04A0",
                firstRow="1",
                lastRow="0",
                firstColumn="1",
                lastColumn="0",
                noHBand="0",
                noVBand="1",
            )
        )
        tbl.append(tbl_pr)
        grid = oxml.element("w:tblGrid")
        for width in widths:
            grid.append(oxml.element("w:gridCol", w=str(width)))
        tbl.append(grid)
        tbl.append(self._row(table.header, table.align, widths, heading=True))
        for row in table.rows:
            tbl.append(self._row(row, table.align, widths))
        needed = sum(self._minima(table)[0])
        available = self.landscape_width if landscape else self.width
        if needed > available:
            # Even a landscape page is too narrow: a smaller font (down to 7 pt), so the
            # columns shrink with their text and amounts still do not break.
            _font_size(tbl, max(14, int(20 * available / needed)))
        if landscape:
            return [
                self.sections.limit(PORTRAIT),
                self.caption(table),
                tbl,
                self.sections.limit(LANDSCAPE),
            ]
        return [self.caption(table), tbl, self.paragraph(None, [])]

    def _row(self, cells, alignment, widths: list[int], heading: bool = False):
        tr = oxml.element("w:tr")
        tr_pr = oxml.element("w:trPr")
        tr_pr.append(oxml.element("w:cantSplit"))  # a row never breaks across pages
        if heading:
            tr_pr.append(oxml.element("w:tblHeader"))  # repeated on every page
        tr.append(tr_pr)
        for index, cell in enumerate(cells):
            tc = oxml.element("w:tc")
            tc_pr = oxml.element("w:tcPr")
            width = widths[index] if index < len(widths) else widths[-1]
            tc_pr.append(oxml.element("w:tcW", w=str(width), type="dxa"))
            tc.append(tc_pr)
            direction = alignment[index] if index < len(alignment) else None
            jc = {"right": "right", "center": "center"}.get(direction or "")
            if direction == "right":
                tc_pr.append(oxml.element("w:noWrap"))  # an amount stays on one line
            cell = _vast(cell)
            runs = self.runs(cell, b=True) if heading else self.runs(cell)
            tc.append(self.paragraph(None, runs, alignment=jc))
            tr.append(tc)
        return tr


def _footnote_lines(blocks: Iterable[Block]) -> list[tuple[str, tuple]]:
    """The paragraphs of a footnote as (prefix, inline content): a list item starts with its
    bullet or number, a code line is kept as text, so no part of a footnote is lost in Word
    (a footnote holds only "Footnote Text" paragraphs)."""
    lines: list[tuple[str, tuple]] = []
    for block in blocks:
        match block:
            case Paragraph():
                lines.append(("", block.content))
            case ListBlock():
                for offset, item in enumerate(block.items):
                    mark = f"{block.start + offset}. " if block.ordered else "• "
                    for index, (prefix, content) in enumerate(_footnote_lines(item)):
                        lines.append(((mark if index == 0 else "") + prefix, content))
            case BlockQuote() | Revision():
                lines += _footnote_lines(block.blocks)
            case CodeBlock():
                lines += [("", (Text(line),)) for line in block.text.split("\n")]
            case Heading():
                lines.append(("", block.content))
            case Table():
                # A row per line, cells separated by a bar: Word has no table in a footnote.
                for row in (block.header, *block.rows):
                    cells: list = []
                    for index, cell in enumerate(row):
                        cells += [*([Text(" | ")] if index else []), *cell]
                    lines.append(("", tuple(cells)))
            case Figure():
                lines.append(("", block.caption))
            case _:
                assert_never(block)
    return lines
