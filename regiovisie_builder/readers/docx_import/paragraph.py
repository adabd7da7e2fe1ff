"""Paragraphs of a Word part to Markdown: runs with bold, italic and links, fields, footnote
references, images; tracked changes accepted (w:ins and w:moveTo kept, w:del and w:moveFrom
dropped)."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from regiovisie_builder.readers.docx_import.outcome import Picture
from regiovisie_builder.readers.docx_import.package import MC, WP, A, Package, R, V, number, w
from regiovisie_builder.readers.docx_import.styles import Styles, numpr, on

IMAGE_SOORTEN = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".svg", ".emf")

# --- Markdown text ------------------------------------------------------------------------

_JINJA = re.compile(r"\{(?=[{%#])")
# In a link target: what would end the Markdown link (spaces, line breaks, brackets) or
# start Jinja templating or raw HTML. The target comes from the draft, so it is encoded.
_UNSAFE_IN_LINK = re.compile(r"[\x00-\x20\x7f()<>{}\\]")
_LINE_START = re.compile(r"^(\s*)([#>+\-*]|\d+[.)])(?=\s|$)")


def escape(text: str) -> str:
    """Plain text made safe for Markdown and for the Jinja templating of blocks."""
    text = text.replace("\\", "\\\\")
    text = re.sub(r"([*_`\[\]<])", r"\\\1", text)
    return _JINJA.sub("{{ '{' }}", text)


def escape_begin(text: str) -> str:
    """Escape what would make a paragraph's first characters a list, heading or quote."""
    return _LINE_START.sub(
        lambda m: m.group(1) + (m.group(2)[:-1] + "\\" + m.group(2)[-1]), text, count=1
    )


@dataclass
class Document:
    """A run of text with its formatting, before it becomes Markdown."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str = ""
    raw: bool = False  # already Markdown (footnote reference, line break)


def as_markdown(papers: list[Document], in_cell: bool = False) -> str:
    """Inline Markdown for runs: adjacent runs with the same formatting are joined and the
    spaces at the edge of a bold or italic span move outside it (CommonMark needs that)."""
    merged: list[Document] = []
    for paper in papers:
        if not paper.text:
            continue
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and not previous.raw
            and not paper.raw
            and (previous.bold, previous.italic, previous.link)
            == (paper.bold, paper.italic, paper.link)
        ):
            previous.text += paper.text
        else:
            merged.append(Document(paper.text, paper.bold, paper.italic, paper.link, paper.raw))
    out = []
    for paper in merged:
        if paper.raw:
            out.append(paper.text)
            continue
        text = re.sub(r"[\n\t]", " ", paper.text)
        kern = text.strip()
        if not kern:
            out.append(" " if text else "")
            continue
        before = text[: len(text) - len(text.lstrip())]
        after = text[len(text.rstrip()) :]
        content = escape(re.sub(r"[ \t]+", " ", kern))
        if in_cell:
            content = content.replace("|", "\\|")
        if paper.bold and paper.italic:
            content = f"***{content}***"
        elif paper.bold:
            content = f"**{content}**"
        elif paper.italic:
            content = f"*{content}*"
        if paper.link:
            target = _UNSAFE_IN_LINK.sub(lambda m: f"%{ord(m.group()):02X}", paper.link)
            content = f"[{content}]({target})"
        out.append(before + content + after)
    text = re.sub(r" {2,}", " ", "".join(out)).strip()
    return re.sub(r"^(?:\\\n\s*)+|(?:\s*\\\n)+$", "", text)


def plain_text(papers: list[Document]) -> str:
    return re.sub(r"\s+", " ", "".join(s.text for s in papers if not s.raw)).strip()


# --- the document walk ---------------------------------------------------------------------


@dataclass
class Field:
    instruction: str = ""
    result: bool = False


@dataclass
class Paragraph:
    """One paragraph read from the body."""

    style: str | None
    papers: list[Document]
    images: list[Picture]
    footnotes: list[str]  # footnote ids referenced, in order
    numbering: tuple[str, int] | None
    overview: int | None  # outline level set on the paragraph itself
    inhoudsopgave: bool  # part of a TOC field
    mark_deleted: bool  # the paragraph mark is a tracked deletion


def is_toc_field(field: Field) -> bool:
    return field.instruction.strip().upper().startswith(("TOC", "INDEX"))


class Reader:
    def __init__(self, package: Package, part: str):
        self.package = package
        self.part = part
        self.relations = package.relations(part)
        self.fields: list[Field] = []
        self.insertions = 0
        self.deletions = 0
        self.moves = 0

    # runs and inline content ---------------------------------------------------------------

    def _in_toc(self) -> bool:
        return any(is_toc_field(v) for v in self.fields)

    def _visible(self) -> bool:
        return all(v.result for v in self.fields) and not self._in_toc()

    def inline(self, element, paragraph: Paragraph, styles: Styles, link: str = "") -> None:
        for kind in element:
            tag = kind.tag
            name = tag.rsplit("}", 1)[-1]
            if tag == w("r"):
                self.run(kind, paragraph, styles, link)
            elif tag in (w("del"), w("moveFrom")):
                if name == "del":
                    self.deletions += 1
                else:
                    self.moves += 1
            elif tag in (w("ins"), w("moveTo")):
                if name == "ins":
                    self.insertions += 1
                self.inline(kind, paragraph, styles, link)
            elif tag == w("hyperlink"):
                target = ""
                rid = kind.get(f"{{{R}}}id")
                if rid and rid in self.relations:
                    target = self.relations[rid][0]
                if not target.lower().startswith(("http://", "https://", "mailto:")):
                    target = ""  # internal anchors: the numbers are made again on a build
                self.inline(kind, paragraph, styles, target)
            elif tag == w("fldSimple"):
                instruction = kind.get(w("instr"), "").strip().upper()
                if instruction.startswith(("TOC", "INDEX")):
                    continue
                target = link
                found = re.match(r'HYPERLINK\s+"([^"]+)"', kind.get(w("instr"), "").strip())
                if found and found.group(1).startswith(("http://", "https://")):
                    target = found.group(1)
                self.inline(kind, paragraph, styles, target)
            elif tag == f"{{{MC}}}AlternateContent":
                choice = kind.find(f"{{{MC}}}Choice")
                if choice is None:
                    choice = kind.find(f"{{{MC}}}Fallback")
                if choice is not None:
                    self.inline(choice, paragraph, styles, link)
            elif name in ("smartTag", "customXml", "sdt", "sdtContent", "dir", "bdo"):
                self.inline(kind, paragraph, styles, link)

    def run(self, run, paragraph: Paragraph, styles: Styles, link: str) -> None:
        rpr = run.find(w("rPr"))
        style = None
        bold = italic = None
        hidden = False
        if rpr is not None:
            rstyle = rpr.find(w("rStyle"))
            style = rstyle.get(w("val")) if rstyle is not None else None
            bold = on(rpr.find(w("b")))
            italic = on(rpr.find(w("i")))
            # Hidden text is not shown, but its field characters still count.
            hidden = bool(on(rpr.find(w("vanish"))))
        if bold is None:
            bold = styles.prop(style, "bold")
        if italic is None:
            italic = styles.prop(style, "italic")
        for kind in run:
            tag = kind.tag
            name = tag.rsplit("}", 1)[-1]
            if name == "fldChar":
                soort = kind.get(w("fldCharType"))
                if soort == "begin":
                    self.fields.append(Field())
                elif soort == "separate" and self.fields:
                    self.fields[-1].result = True
                elif soort == "end" and self.fields:
                    self.fields.pop()
                continue
            if name == "instrText":
                if self.fields and not self.fields[-1].result:
                    self.fields[-1].instruction += kind.text or ""
                continue
            if self._in_toc():
                paragraph.inhoudsopgave = True
                continue
            if hidden or not self._visible():
                continue
            field_link = self._field_link() or link
            if name == "t":
                paragraph.papers.append(
                    Document(kind.text or "", bool(bold), bool(italic), field_link)
                )
            elif name in ("tab", "ptab"):
                paragraph.papers.append(Document("\t", bool(bold), bool(italic), field_link))
            elif name in ("br", "cr"):
                if kind.get(w("type"), "textWrapping") == "textWrapping":
                    paragraph.papers.append(Document("\\\n", raw=True))
            elif name == "noBreakHyphen":
                paragraph.papers.append(Document("-", bool(bold), bool(italic), field_link))
            elif name in ("footnoteReference", "endnoteReference"):
                soort = "f" if name == "footnoteReference" else "e"
                paragraph.footnotes.append(soort + kind.get(w("id"), ""))
                paragraph.papers.append(
                    Document(f"\0voetnoot:{soort}{kind.get(w('id'), '')}\0", raw=True)
                )
            elif name == "drawing":
                self.drawing(kind, paragraph)
            elif name == "pict" or name == "object":
                self.vml(kind, paragraph)
            elif name == "AlternateContent":
                choice = kind.find(f"{{{MC}}}Choice")
                if choice is not None:
                    for below in choice:
                        if below.tag == w("drawing"):
                            self.drawing(below, paragraph)

    def _field_link(self) -> str:
        for field in self.fields:
            found = re.match(r'\s*HYPERLINK\s+"([^"]+)"', field.instruction)
            if found and found.group(1).startswith(("http://", "https://", "mailto:")):
                return found.group(1)
        return ""

    def drawing(self, drawing, paragraph: Paragraph) -> None:
        description = ""
        for docpr in drawing.iter(f"{{{WP}}}docPr"):
            description = (docpr.get("descr") or docpr.get("title") or "").strip()
            break
        for blip in drawing.iter(f"{{{A}}}blip"):
            self._image(blip.get(f"{{{R}}}embed"), description, paragraph)
            break

    def vml(self, element, paragraph: Paragraph) -> None:
        for picture in element.iter(f"{{{V}}}imagedata"):
            description = (picture.get("title") or picture.get(f"{{{R}}}title") or "").strip()
            self._image(picture.get(f"{{{R}}}id"), description, paragraph)
            break

    def _image(self, rid: str | None, description: str, paragraph: Paragraph) -> None:
        if not rid or rid not in self.relations:
            return
        target, mode = self.relations[rid]
        if mode == "External":
            return
        path = posixpath.normpath(posixpath.join(posixpath.dirname(self.part), target))
        path = path.lstrip("/")
        extension = posixpath.splitext(path)[1].lower()
        if extension not in IMAGE_SOORTEN:
            return
        content = self.package.read(path)
        if content:
            paragraph.images.append(Picture(content, extension, description))

    # paragraphs ----------------------------------------------------------------------------

    def paragraph(self, p, styles: Styles) -> Paragraph:
        ppr = p.find(w("pPr"))
        style = None
        numbering = None
        overview = None
        mark_deleted = False
        if ppr is not None:
            pstyle = ppr.find(w("pStyle"))
            style = pstyle.get(w("val")) if pstyle is not None else None
            numbering = numpr(ppr.find(w("numPr")))
            lvl = ppr.find(w("outlineLvl"))
            value = number(lvl.get(w("val"))) if lvl is not None else None
            if value is not None:
                overview = value + 1 if value < 9 else None
            rpr = ppr.find(w("rPr"))
            if rpr is not None and (
                rpr.find(w("del")) is not None or rpr.find(w("moveFrom")) is not None
            ):
                mark_deleted = True
        if numbering is None:
            for _, s in styles.chain(style):
                if s.numbering is not None:
                    numbering = s.numbering
                    break
        paragraph = Paragraph(style, [], [], [], numbering, overview, False, mark_deleted)
        self.inline(p, paragraph, styles)
        return paragraph
