"""A Word table to a Markdown pipe table: the first row is the header, merged cells are
simplified (the text in the first cell, empty cells beside and below it)."""

from __future__ import annotations

import re

from regiovisie_builder.readers.docx_import.outcome import Picture
from regiovisie_builder.readers.docx_import.package import number, w
from regiovisie_builder.readers.docx_import.paragraph import Document, Reader, as_markdown
from regiovisie_builder.readers.docx_import.styles import Styles

# Word makes tables of at most 63 columns. Every row is padded to the widest, so without a
# cap one row of 2,000 cells spanning 64 columns each made a 37 kB draft 78 MB of Markdown.
MAX_COLUMNS = 64


def read_table(table, reader: Reader, styles: Styles, pictures: list[Picture]) -> str:
    """A Markdown pipe table; merged cells are simplified (content in the first cell)."""
    rows: list[list[str]] = []
    for row in _rows(table):
        trpr = row.find(w("trPr"))
        if trpr is not None and trpr.find(w("del")) is not None:
            continue
        cells = []
        for cell in row:
            if cell.tag == w("sdt"):
                cell = cell.find(f"{w('sdtContent')}/{w('tc')}")
                if cell is None:
                    continue
            if cell.tag != w("tc"):
                continue
            tcpr = cell.find(w("tcPr"))
            span = 1
            continuous = False
            if tcpr is not None:
                gs = tcpr.find(w("gridSpan"))
                columns = number(gs.get(w("val"))) if gs is not None else None
                if columns is not None:
                    span = max(1, min(columns, 64))
                vm = tcpr.find(w("vMerge"))
                continuous = vm is not None and vm.get(w("val"), "continue") == "continue"
            text = "" if continuous else _cell_text(cell, reader, styles, pictures)
            cells.append(text)
            cells.extend([""] * (span - 1))
        if cells:
            rows.append(cells[:MAX_COLUMNS])
    if not rows or not any(c for r in rows for c in r):
        return ""
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    heading = [re.sub(r"^\*\*(.*)\*\*$", r"\1", c) for c in rows[0]]
    lines = ["| " + " | ".join(heading) + " |", "|" + "|".join(["---"] * width) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(lines)


def _rows(element):
    """The rows of a table, also those inside an insertion or content control; the rows of
    nested tables are read as text of their cell."""
    for kind in element:
        if kind.tag == w("tr"):
            yield kind
        elif kind.tag in (w("ins"), w("customXml"), w("sdt"), w("sdtContent")):
            yield from _rows(kind)


def _cell_text(cell, reader: Reader, styles: Styles, pictures: list[Picture]) -> str:
    parts = []
    for p in cell.iter(w("p")):
        paragraph = reader.paragraph(p, styles)
        pictures.extend(paragraph.images)
        papers = [
            Document(" ", raw=True) if s.raw and s.text == "\\\n" else s for s in paragraph.papers
        ]
        text = as_markdown(papers, in_cell=True)
        if text:
            parts.append(text)
    return " ".join(parts)
