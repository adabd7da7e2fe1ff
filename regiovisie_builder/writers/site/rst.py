"""Model -> reStructuredText sources for Sphinx: an index page and one page per chapter.

Every piece of user text is backslash-escaped, so no content can turn into reST markup by
accident. reST cannot nest inline markup (no link inside bold, no bold inside italics): a
nested span is written as its plain text inside the outer one. Custom roles and the table
directive used here are defined in ``uitbreiding.py``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import assert_never

from regiovisie_builder import dutch
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
    Strong,
    Table,
    Text,
    plain_text,
)
from regiovisie_builder.writers.footnotes import order

# Characters that can start or end reST inline or block markup somewhere; escaping them all
# is harmless (a backslash before any other character just yields that character).
_SPECIAL = re.compile(r"([\\*`_|:\[\]<>])")
# Every character that ends a line for str.splitlines, and so for docutils (which reads a
# source with it), and the tab: in a piece of text it would start a new line of reST (a
# heading's end, a list, a table row). Word's line break (\v) and U+2028 come in by paste.
_LINE_BREAKS = re.compile("[\n\r\t\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# Letters or a roman numeral with a full stop or bracket, then a space or the end: docutils
# reads that at the start of a line as an enumerated list item ("B. en W.", "iv. Vier").
_LETTER_ENUMERATOR = re.compile(r"[A-Za-z]+[.)](\s|$)")
# Tracked changes go only to Word and the single web page (pipeline.vergelijk_versies); the
# site publishes a version as it is, so a change node reaching it is a programming error.
_NO_REVISIONS = "the site writer does not write tracked changes ({})"
# Section adornments by depth on a page: page title, then deeper levels.
_ADORNMENT = "=-~^\"'"
# Names Sphinx uses for its own pages; a chapter id never becomes one of these.
_RESERVED = {"index", "search", "genindex", "py-modindex", "versies"}


def _merge(papers: list[tuple[bool, str]]) -> str:
    """Join text and markup; an escaped space (which reST drops) where markup touches text."""
    out = ""
    previous_markup = False
    for markup, text in papers:
        if not text:
            continue
        if (markup or previous_markup) and out and not out[-1].isspace() and not text[0].isspace():
            out += "\\ "
        out += text
        previous_markup = markup
    return out


def escape(text: str) -> str:
    """Text with every reST markup character escaped, line breaks and tabs flattened."""
    return _SPECIAL.sub(r"\\\1", _LINE_BREAKS.sub(" ", text))


def _spaced_outside(text: str, markup: str) -> list[tuple[bool, str]]:
    """``markup`` made of ``text`` without its outer whitespace, with a space before or
    after it where ``text`` had whitespace at that edge. Whitespace just inside reST markup
    ends it unread (the page would show ``*`` or ``:literal:```), so it goes outside."""
    before = [(False, " ")] if text[:1].isspace() else []
    after = [(False, " ")] if text[-1:].isspace() else []
    return [*before, (True, markup), *after]


def _width(line: str) -> int:
    """The columns docutils counts for a line: wide characters (CJK, most emoji) take two.
    A section's underline must be at least that long."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def paragraph_line(rst: str) -> str:
    """A line of reST that cannot start a list, comment or other block construct.

    Text such as "2021. Daarna", "- los", "B. en W." or "iv. Vier" at the start would become
    a list: its first character gets escaped. Markup and escapes at the start are safe as
    they are.
    """
    if rst and (
        (not rst[0].isalpha() and rst[0] not in "\\*:`[|") or _LETTER_ENUMERATOR.match(rst)
    ):
        return "\\" + rst
    return rst


def page_name(hoofdstuk_id: str) -> str:
    """The page (docname) of a chapter: its id, made safe as a file name."""
    name = re.sub(r"[^a-z0-9-]+", "-", hoofdstuk_id.lower()).strip("-") or "hoofdstuk"
    return f"hoofdstuk-{name}" if name in _RESERVED else name


@dataclass(frozen=True)
class Page:
    """One source file: its docname, reST text and problems met while writing it (Dutch)."""

    name: str
    text: str
    messages: tuple[str, ...] = ()
    # Images the page shows: (path in the source folder, bytes); Sphinx copies them.
    files: tuple[tuple[str, bytes], ...] = ()


class _Writer:
    """Writes the blocks of one page; collects the footnotes that page refers to."""

    def __init__(self, document: Document, footnotes: dict[str, int], anchors: set[str]):
        self.document = document
        self.footnotes = footnotes
        self.anchors = anchors
        self.used: dict[str, int] = {}
        self.messages: list[str] = []
        self.files: dict[str, bytes] = {}

    # --- inline -----------------------------------------------------------------------

    def inline(self, content: Iterable[Inline], nested: bool = False) -> str:
        """Inline spans as reST; markup pieces are joined to text with escaped spaces."""
        papers: list[tuple[bool, str]] = []  # (is markup, reST)
        for item in content:
            match item:
                case Text():
                    papers.append((False, escape(item.text)))
                case LineBreak():
                    papers.append((False, " ") if nested else (True, "|br|"))
                case (
                    Emph() | Strong() | Code() | Link() | Marker() | FootnoteRef() | Ins() | Del()
                ) if nested:
                    # Inside emphasis, bold or a link text reST allows no more markup.
                    papers.append((False, escape(plain_text((item,)))))
                case Emph() | Strong():
                    papers += self._emphasis(item)
                case Code() if item.text.strip():
                    code = f":literal:`{escape(item.text.strip())}`"
                    papers += _spaced_outside(item.text, code)
                case Link():
                    papers.append((True, self._link(item)))
                    papers += self._footnotes_inside(item.content)
                case Marker():
                    papers.append((True, f":open:`{escape(item.path)}`"))
                case FootnoteRef() if item.key in self.footnotes:
                    papers.append((True, self._footnote_mark(item.key)))
                case Code() if item.text:  # only whitespace: a space, as in the other outputs
                    papers.append((False, " "))
                case Code() | FootnoteRef():
                    pass  # empty code, or a reference to a footnote the document does not have
                case Ins() | Del():
                    raise TypeError(_NO_REVISIONS.format(type(item).__name__))
                case _:
                    assert_never(item)  # a node type this writer does not know: fail loudly
        return _merge(papers)

    def _emphasis(self, item: Emph | Strong) -> list[tuple[bool, str]]:
        text = self.inline(item.content, nested=True)
        kern = text.strip()
        if not kern:
            return [(False, text), *self._footnotes_inside(item.content)]
        character = "*" if isinstance(item, Emph) else "**"
        marked = _spaced_outside(text, f"{character}{kern}{character}")
        return marked + self._footnotes_inside(item.content)

    def _footnote_mark(self, key: str) -> str:
        """The reference to footnote ``key`` (which the document has); its definition goes
        below this page."""
        number = self.footnotes[key]
        self.used[key] = number
        return f"[{number}]_"

    def _footnotes_inside(self, content: Iterable[Inline]) -> list[tuple[bool, str]]:
        """The footnote references inside emphasis or a link text, as references after it:
        reST has no markup inside those, and a reference left out would take its footnote
        off the page."""
        out: list[tuple[bool, str]] = []
        for item in content:
            match item:
                case FootnoteRef() if item.key in self.footnotes:
                    out.append((True, self._footnote_mark(item.key)))
                case Emph() | Strong() | Link() | Ins() | Del():
                    out += self._footnotes_inside(item.content)
                case Text() | LineBreak() | Code() | Marker() | FootnoteRef():
                    pass
                case _:
                    assert_never(item)
        return out

    def _link(self, link: Link) -> str:
        text = self.inline(link.content, nested=True).strip()
        if link.target.startswith("#"):
            anchor = link.target[1:]
            if anchor not in self.anchors:
                # Sphinx would warn in English and drop the link anyway; say it in Dutch.
                self.messages.append(
                    f"De link naar '#{anchor}' wijst naar een kop of tabel die niet bestaat; "
                    "op de website staat alleen de linktekst."
                )
                return text or escape(link.target)
            return f":ref:`{text} <{anchor}>`" if text else f":ref:`{anchor}`"
        target = escape(link.target)
        return f"`{text} <{target}>`__" if text else f"`<{target}>`__"

    # --- blocks -----------------------------------------------------------------------

    def blocks(self, blocks, depth: list[int]) -> list[str]:
        lines: list[str] = []
        for block in blocks:
            lines += self.block(block, depth)
            lines.append("")
        return lines

    def block(self, block: Block, depth: list[int]) -> list[str]:
        match block:
            case Heading():
                return self.heading(block, depth)
            case Paragraph():
                return [self.paragraph(block.content)]
            case ListBlock():
                return self.items(block, depth)
            case Table():
                return self.table(block)
            case Figure():
                return self.figure(block)
            case BlockQuote():
                # An empty comment first, so the quote never merges into a list above it.
                inside = self.blocks(block.blocks, depth)
                return ["..", ""] + [f"   {r}" if r else "" for r in inside]
            case CodeBlock() if block.text.strip():
                return ["::", ""] + [f"   {r}" if r else "" for r in block.text.splitlines()]
            case CodeBlock():
                return []  # an empty code block: nothing to show
            case Revision():
                raise TypeError(_NO_REVISIONS.format(type(block).__name__))
            case _:
                assert_never(block)  # a node type this writer does not know: fail loudly

    def paragraph(self, content) -> str:
        """Inline spans as one line of reST that always stays a paragraph."""
        return paragraph_line(self.inline(content).strip())

    def heading(self, heading: Heading, depth: list[int]) -> list[str]:
        # reST needs consistent levels: a heading may go at most one level deeper.
        level = max(1, min(heading.level, depth[0] + 1))
        depth[0] = level
        title = self.paragraph(heading.content) or escape(heading.id)
        # The role carries the model's anchor (and the number, when the heading has one).
        number = f"{heading.number} " if heading.number and heading.numbered else ""
        title = f":paragraaf:`{escape(number)}<{escape(heading.id)}>` {title}"
        return [title, _ADORNMENT[min(level - 1, 5)] * (_width(title) + 4)]

    def items(self, items: ListBlock, depth: list[int]) -> list[str]:
        lines: list[str] = []
        for i, item in enumerate(items.items):
            character = f"{items.start + i}." if items.ordered else "-"
            inside = self.blocks(item, depth) or [""]
            while inside and not inside[-1]:
                inside.pop()
            indent = " " * (len(character) + 1)
            lines.append(f"{character} {inside[0]}".rstrip() if inside else character)
            lines += [f"{indent}{r}" if r else "" for r in inside[1:]]
            lines.append("")
        return lines

    def table(self, table: Table) -> list[str]:
        rows = ([table.header] if table.header else []) + list(table.rows)
        columns = max((len(row) for row in rows), default=0)
        if not columns:
            return []
        caption = f"Tabel {table.number}" if table.number else "Tabel"
        if table.caption:
            caption += f". {self.paragraph(table.caption)}"
        alignment = [
            (table.align[i] if i < len(table.align) else None) or "left" for i in range(columns)
        ]
        # list-table wants a body row and a column besides the row headers: a table of one
        # column has no row headers, and a header without rows is written as its only row.
        lines = [
            f".. regiovisie-tabel:: {caption}",
            f"   :header-rows: {1 if table.header and table.rows else 0}",
            f"   :stub-columns: {1 if columns > 1 else 0}",
            f"   :uitlijning: {','.join(alignment)}",
        ]
        if table.id:
            lines.append(f"   :name: {table.id}")
        lines.append("")
        for row in rows:
            # list-table needs every row equally long: short rows get empty cells.
            cells = list(row) + [()] * (columns - len(row))
            for j, cell in enumerate(cells):
                character = "   * - " if j == 0 else "     - "
                lines.append(f"{character}{self.paragraph(cell)}".rstrip())
        return lines

    def figure(self, figure: Figure) -> list[str]:
        """A ``figure`` directive; the image is copied into the site as an asset."""
        caption = f"Figuur {figure.number}" if figure.number else "Figuur"
        if figure.caption:
            caption += f". {self.paragraph(figure.caption)}"
        if not figure.data:
            return [paragraph_line(escape(f"[Afbeelding: {figure.alt}]")), "", caption]
        extension = {"jpeg": "jpg"}.get(figure.format, figure.format)
        name = f"_afbeeldingen/{hashlib.sha256(figure.data).hexdigest()[:16]}.{extension}"
        self.files[name] = figure.data
        alt = " ".join(figure.alt.split())
        lines = [f".. figure:: {name}", f"   :alt: {alt}"]
        if figure.id:
            lines.append(f"   :name: {figure.id}")
        return [*lines, "", f"   {caption}"]

    def footnote_definitions(self) -> list[str]:
        lines: list[str] = []
        for key, number in sorted(self.used.items(), key=lambda kv: kv[1]):
            blocks = self.document.footnotes[key]
            inside = self.blocks(blocks, [9]) or [""]
            while inside and not inside[-1]:
                inside.pop()
            lines.append(f".. [{number}] {inside[0]}".rstrip())
            lines += [f"   {r}" if r else "" for r in inside[1:]]
            lines.append("")
        return lines


def _cover_page(meta, markeringen) -> list[str]:
    """Title, subtitle, municipalities and open points on the index page."""
    title = paragraph_line(escape(meta.titel))
    lines = ["=" * (_width(title) + 4), title, "=" * (_width(title) + 4), ""]
    if meta.ondertitel:
        lines += [".. rst-class:: ondertitel", "", paragraph_line(escape(meta.ondertitel)), ""]
    gemeenten = escape(dutch.enumeration(meta.gemeenten))
    lines += [f"Gemeenten: {gemeenten}", ""]
    if markeringen:
        lines += [
            ".. container:: open-punten",
            "",
            "   .. rubric:: Nog in te vullen",
            "",
            "   Deze versie is nog niet compleet. Vul dit aan in regio.yaml, of in de tekst "
            "waar u het zelf typte:",
            "",
            *(f"   - :literal:`{escape(path)}`" for path in markeringen),
            "",
        ]
    return lines


def _page(document, footnotes, anchors, name: str, heading: Heading | None, blocks) -> Page:
    writer = _Writer(document, footnotes, anchors)
    depth = [0]
    lines = [".. |br| raw:: html", "", "   <br>", ""]
    if heading is not None:
        lines += writer.heading(heading, depth) + [""]
    else:
        lines += _cover_page(document.meta, document.markeringen)
        depth[0] = 1
    lines += writer.blocks(blocks, depth)
    if writer.used:
        lines += [".. rubric:: Voetnoten", ""] + writer.footnote_definitions()
    return Page(
        name,
        "\n".join(lines).rstrip() + "\n",
        tuple(writer.messages),
        tuple(sorted(writer.files.items())),
    )


def pages(document: Document) -> list[Page]:
    """The index page (title, front matter, chapter list) and one page per chapter."""
    footnotes = order(document)
    anchors = {b.id for b in document.body if isinstance(b, Heading | Table | Figure) and b.id}
    before: list[Block] = []
    hoofdstukken: list[tuple[Heading, list[Block]]] = []
    for block in document.body:
        if isinstance(block, Heading) and block.level == 1:
            hoofdstukken.append((block, []))
        elif hoofdstukken:
            hoofdstukken[-1][1].append(block)
        else:
            before.append(block)
    names: list[str] = []
    for heading, _ in hoofdstukken:
        name = page_name(heading.id)
        while name in names:
            name += "-2"
        names.append(name)
    result = [
        _page(document, footnotes, anchors, name, heading, blocks)
        for name, (heading, blocks) in zip(names, hoofdstukken, strict=True)
    ]
    index = _page(document, footnotes, anchors, "index", None, before)
    toctree = ["", ".. toctree::", "   :maxdepth: 2", "", *(f"   {n}" for n in names), ""]
    index = Page(index.name, index.text + "\n".join(toctree), index.messages, index.files)
    return [index, *result]
