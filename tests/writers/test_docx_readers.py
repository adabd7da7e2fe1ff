"""Independent readers agree with our model: LibreOffice converts every kind of .docx we
write to PDF, and pandoc recovers the same headings, tables and footnotes."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from regiovisie_builder.checks.bijlage import add_toetsing
from regiovisie_builder.model import Heading, Paragraph, Table, plain_text
from regiovisie_builder.pipeline import read
from regiovisie_builder.werkmap import Werkmap
from regiovisie_builder.writers.footnotes import order
from tests.conftest import require_tool
from tests.writers.docx_helpers import NS, relationships

EXAMPLES = ("zuid-kennemerland-ijmond", "rotterdam-rijnmond")


# Of each example's council documents one pair goes to LibreOffice here: every pair comes
# from the same outline and the same writer, only names and amounts differ, so the other
# pairs (a second each) added no other kind of Word content. Zuid-Kennemerland's 14 are all
# converted by LibreOffice in tests/writers/test_pdf.py's zkij_pdf build.
CONVERTED_MUNICIPALITIES = ("haarlem", "capelle-aan-den-ijssel")
# The regiovisie files are left out here too: test_pdf.py builds both examples as PDF, so
# LibreOffice opens and lays out the very same Word bytes (a concept and a definitief
# version); its test_footer_and_cross_reference_fields_are_laid_out checks the footer's
# page X of Y and a cross-reference's paragraph number on those pages.


@pytest.fixture(scope="module")
def werkmappen(built_examples) -> dict[str, Path]:
    """Both examples built with the CLI (conftest's ``built_examples``): regiovisie and
    raadsstukken, and the opinienota. Read-only."""
    return built_examples


def test_every_relationship_id_resolves_in_its_own_part(werkmappen):
    # Word looks an r:id (a link, a picture, a header) up in the relationships of the part
    # that holds it; an id from another part is a broken package (dcc57e5 fixed the links
    # in footnotes). Checked over every kind of Word file both examples produce.
    files = sorted(p for w in werkmappen.values() for p in (w / "build").rglob("*.docx"))
    assert len(files) == 2 * 2 + 2 * (7 + 14)
    broken = []
    for path in files:
        with zipfile.ZipFile(path) as package:
            for name in sorted(package.namelist()):
                if not name.endswith(".xml") or "_rels/" in name or name.startswith("["):
                    continue
                tree = etree.fromstring(package.read(name))
                ids = {
                    value
                    for element in tree.iter()
                    for key, value in element.attrib.items()
                    if key.startswith(f"{{{NS['r']}}}")
                }
                have = set(relationships(package, name))
                broken += [f"{path.name}: {name} {i}" for i in sorted(ids - have)]
    assert broken == []


def test_libreoffice_converts_every_kind_of_produced_docx_to_pdf(werkmappen, tmp_path):
    soffice = require_tool("soffice")
    pdfinfo = require_tool("pdfinfo")
    files = sorted(p for w in werkmappen.values() for p in (w / "build").rglob("*.docx"))
    # regiovisie + opinienota per example, a raadsvoorstel and raadsbesluit per municipality
    assert len(files) == 2 * 2 + 2 * (7 + 14)
    files = [
        p
        for p in files
        if p.stem != "regiovisie"
        and (p.parent.name != "raad" or p.stem.rsplit("-", 1)[0] in CONVERTED_MUNICIPALITIES)
    ]
    assert len(files) == 2 + 2 * 2
    # One LibreOffice start for all: a run writes its PDFs into one folder, named after the
    # input, so every file goes in under a name of its own (both examples have regiovisie).
    inputs = tmp_path / "docx"
    inputs.mkdir()
    names = {}
    for docx_path in files:
        name = next(n for n, w in werkmappen.items() if docx_path.is_relative_to(w))
        copy = inputs / f"{name}--{docx_path.stem}.docx"
        assert copy not in names
        copy.write_bytes(docx_path.read_bytes())
        names[copy] = docx_path
    out = tmp_path / "pdf"
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'lo-profiel'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, names),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    for copy, docx_path in names.items():
        pdf = out / f"{copy.stem}.pdf"
        assert pdf.is_file(), f"LibreOffice did not convert {docx_path}"
        info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True)
        assert info.returncode == 0, info.stderr
        page_s = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))
        assert page_s >= 1


# --- pandoc -------------------------------------------------------------------------------------


def _text(inlines) -> str:
    """Pandoc inlines as plain text (footnote contents left out, like in our model)."""
    parts = []
    for item in inlines:
        soort, content = item["t"], item.get("c")
        if soort == "Str":
            parts.append(content)
        elif soort in ("Space", "SoftBreak", "LineBreak"):
            parts.append(" ")
        elif soort in ("Emph", "Strong", "Underline", "SmallCaps", "Strikeout"):
            parts.append(_text(content))
        elif soort in ("Link", "Span"):
            parts.append(_text(content[1]))
        elif soort in ("Quoted",):
            character = '"' if content[0]["t"] == "DoubleQuote" else "'"
            parts.append(character + _text(content[1]) + character)
        elif soort == "Code":
            parts.append(content[1])
    return "".join(parts)


def _clean(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split())


def _blokken(blokken):
    """Every block of a pandoc document, depth first (into lists, quotes and divs)."""
    for blok in blokken:
        yield blok
        soort, content = blok["t"], blok.get("c")
        if soort in ("BulletList",):
            for item in content:
                yield from _blokken(item)
        elif soort == "OrderedList":
            for item in content[1]:
                yield from _blokken(item)
        elif soort == "BlockQuote":
            yield from _blokken(content)
        elif soort == "Div":
            yield from _blokken(content[1])


def _cells(row) -> list[str]:
    # pandoc >= 2.10: Row attr [Cell attr align rowspan colspan [Block]]
    out = []
    for cell in row[1]:
        blokken = cell[4]
        out.append(_clean(" ".join(_text(b["c"]) for b in blokken if b["t"] in ("Plain", "Para"))))
    return out


def _tables(ast) -> list[tuple[list[str], list[list[str]]]]:
    tables = []
    for blok in _blokken(ast["blocks"]):
        if blok["t"] != "Table":
            continue
        _, _, _, heading, bodies, _ = blok["c"]
        heading_lines = [_cells(r) for r in heading[1]]
        rows = [_cells(r) for body in bodies for r in body[3]]
        tables.append((heading_lines[0] if heading_lines else [], rows))
    return tables


def _notes(ast) -> list[str]:
    notes = []

    def find(node) -> None:
        if isinstance(node, dict):
            if node.get("t") == "Note":
                notes.append(
                    _clean(
                        " ".join(_text(b["c"]) for b in node["c"] if b["t"] in ("Para", "Plain"))
                    )
                )
                return
            for value in node.values():
                find(value)
        elif isinstance(node, list):
            for kind in node:
                find(kind)

    find(ast["blocks"])
    return notes


def _pandoc(path: Path) -> dict:
    pandoc = require_tool("pandoc")
    result = subprocess.run(
        [pandoc, "-f", "docx", "-t", "json", str(path)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("name", EXAMPLES)
@pytest.mark.parametrize("soort", [None, "opinienota"])
def test_pandoc_recovers_headings_tables_and_footnotes(werkmappen, name, soort):
    werkmap = werkmappen[name]
    inputs = read(Werkmap(werkmap), soort)
    document = inputs.document
    if document.meta.soort == "regiovisie":  # as written by build: with the checklist annex
        document = add_toetsing(document, inputs.toetsing)
    ast = _pandoc(werkmap / "build" / f"{document.meta.soort}.docx")

    def heading_in_word(b: Heading) -> str:
        # Appendix numbers (Bijlage A, A.1) are text in Word; chapter numbers are numbering.
        letters = b.number and not b.number[0].isdigit()
        return (f"{b.number} " if letters else "") + plain_text(b.content)

    headings = [
        (min(b.level, 4), _clean(heading_in_word(b)))
        for b in document.body
        if isinstance(b, Heading)
    ]
    already_read = [
        (blok["c"][0], _clean(_text(blok["c"][2])))
        for blok in _blokken(ast["blocks"])
        if blok["t"] == "Header"
    ]
    assert already_read == headings

    tables = [
        (
            [_clean(plain_text(c)) for c in t.header],
            [[_clean(plain_text(c)) for c in row] for row in t.rows],
        )
        for t in document.body
        if isinstance(t, Table)
    ]
    assert _tables(ast) == tables

    numbers = order(document)
    notes = [
        _clean(
            " ".join(
                plain_text(b.content) for b in document.footnotes[s] if isinstance(b, Paragraph)
            )
        )
        for s in sorted(numbers, key=numbers.get)
    ]
    assert _notes(ast) == notes


def test_pandoc_reads_the_raadsbesluit_text(werkmappen):
    ast = _pandoc(
        werkmappen["rotterdam-rijnmond"] / "build" / "raad" / "rotterdam-raadsbesluit.docx"
    )
    paragraphs = [
        _clean(_text(b["c"])) for b in _blokken(ast["blocks"]) if b["t"] in ("Para", "Plain")
    ]
    assert "De raad van de gemeente Rotterdam," in paragraphs
    assert "besluit:" in paragraphs
    assert not [b for b in _blokken(ast["blocks"]) if b["t"] == "Header"]
