"""The PDF as a council information system or an archive gets it, read with poppler's tools.

LibreOffice takes seconds per start, so each example is built once for the whole module.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import ROOT, copy_example, edit_yaml, listening, require_tool, run_cli
from tests.readers import concept_bestanden as concept
from tests.writers.docx_helpers import NS, W

pytestmark = [pytest.mark.extern, pytest.mark.slow]

_FOOTER_TEXT = re.compile(r"pagina \d+ van \d+")
_TOC_LINE = re.compile(r"^\s*(\S.*?)\s*\.{3,}\s*(\d+)\s*$")


def _tools() -> None:
    for tool in ("soffice", "pdfinfo", "pdffonts", "pdftotext"):
        require_tool(tool)


@pytest.fixture(scope="module")
def zkij_pdf(tmp_path_factory) -> Path:
    """Zuid-Kennemerland (a concept) built as Word and PDF, with its council documents."""
    _tools()
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path_factory.mktemp("zkij"))
    result = run_cli("build", werkmap, "-f", "docx", "-f", "pdf", "--raadsstukken")
    assert result.returncode == 0, result.stderr
    return werkmap


@pytest.fixture(scope="module")
def rijnmond_pdf(tmp_path_factory) -> Path:
    """Rotterdam Rijnmond as a definitief version, built with the default formats."""
    _tools()
    werkmap = copy_example("rotterdam-rijnmond", tmp_path_factory.mktemp("rijnmond"))
    edit_yaml(werkmap, lambda data: data["document"].update(status="definitief"))
    result = run_cli("build", werkmap, "--geen-raadsstukken")
    assert result.returncode == 0, result.stderr
    return werkmap


@pytest.fixture(scope="module")
def small_source(tmp_path_factory) -> Path:
    """A small workspace (a generated Word draft imported: three blocks, two municipalities)
    for the tests where the document does not matter, only what happens around LibreOffice.
    Read-only: tests copy it."""
    folder = tmp_path_factory.mktemp("klein")
    draft = concept.with_heading_styles(folder / "concept.docx")
    result = run_cli("import", draft, folder / "werkmap")
    assert result.returncode == 0, result.stderr
    return folder / "werkmap"


@pytest.fixture
def small(small_source, tmp_path) -> Path:
    """A copy of ``small_source`` to build in."""
    return Path(shutil.copytree(small_source, tmp_path / "klein"))


def _pdfinfo(pdf: Path, *options: str) -> str:
    return subprocess.run(
        ["pdfinfo", *options, str(pdf)], capture_output=True, text=True, check=True
    ).stdout


@functools.cache
def _pages(pdf: Path) -> tuple[str, ...]:
    """The text of every page, in layout mode.

    Read once per file: the module's builds are never changed after their fixture made them.
    """
    count = int(re.search(r"Pages:\s+(\d+)", _pdfinfo(pdf)).group(1))
    # poppler sets up a colour transform for the PDF/A output intent (the ICC profile) on
    # every page: 0.1 s a page, 40 times the text extraction itself. The text does not depend
    # on it, so pdftotext reads the file with that one key renamed (same length: every offset
    # stays valid); the first page is read from the untouched file as well, to be sure.
    content = pdf.read_bytes()
    assert content.count(b"/OutputIntents") == 1, "PDF/A names its output intent once"

    def text(data: bytes, *pages: str) -> str:
        return subprocess.run(
            ["pdftotext", "-layout", *pages, "-", "-"], input=data, capture_output=True, check=True
        ).stdout.decode("utf-8")

    # One pdftotext for the whole file: it ends every page with a form feed, just as a run
    # per page (-f n -l n) does, so the split gives the same texts.
    pages = text(content.replace(b"/OutputIntents", b"/OutputIntentX")).split("\f")
    assert pages[0] + "\f" == text(content, "-f", "1", "-l", "1")
    assert len(pages) == count + 1 and pages[-1] == "", f"{pdf}: not {count} pages of text"
    return tuple(page + "\f" for page in pages[:count])


def _lines(page: str) -> list[str]:
    """A page's non-empty lines, whitespace collapsed, without the running footer."""
    return [
        " ".join(r.split()) for r in page.splitlines() if r.strip() and not _FOOTER_TEXT.search(r)
    ]


def _toc(pages: tuple[str, ...]) -> tuple[list[tuple[str, int]], int]:
    """The TOC entries (title, page number) and the number of the last TOC page."""
    lines, last = [], 0
    for number, page in enumerate(pages[:6], start=1):
        for line in page.splitlines():
            found = _TOC_LINE.match(line)
            if found:
                lines.append((" ".join(found.group(1).split()), int(found.group(2))))
                last = number
    return lines, last


def _examples(zkij_pdf: Path, rijnmond_pdf: Path) -> list[Path]:
    return [zkij_pdf / "build" / "regiovisie.pdf", rijnmond_pdf / "build" / "regiovisie.pdf"]


@pytest.fixture(scope="module")
def pdfs(zkij_pdf, rijnmond_pdf) -> list[Path]:
    """Both examples' main PDF and one council document."""
    raad = sorted((zkij_pdf / "build" / "raad").glob("*-raadsvoorstel.pdf"))
    return [*_examples(zkij_pdf, rijnmond_pdf), raad[0]]


def test_both_examples_build_to_pdf(zkij_pdf, rijnmond_pdf):
    for pdf in _examples(zkij_pdf, rijnmond_pdf):
        assert pdf.read_bytes().startswith(b"%PDF-")
        assert int(re.search(r"Pages:\s+(\d+)", _pdfinfo(pdf)).group(1)) > 10


def test_a_final_version_gets_a_pdf_by_default(rijnmond_pdf):
    assert (rijnmond_pdf / "build" / "regiovisie.pdf").is_file()
    assert (rijnmond_pdf / "build" / "regiovisie.docx").is_file()
    assert (rijnmond_pdf / "build" / "regiovisie.html").is_file()


def test_pdf_is_archival_tagged_dutch_with_metadata(pdfs):
    for pdf in pdfs:
        info = _pdfinfo(pdf)
        assert re.search(r"^Tagged:\s+yes", info, re.M), pdf
        meta = _pdfinfo(pdf, "-meta")
        assert re.search(r"<pdfaid:part>2</pdfaid:part>", meta), "PDF/A-2 identification"
        assert re.search(r"<pdfaid:conformance>[BU]</pdfaid:conformance>", meta)
        assert "<pdfuaid:part>1</pdfuaid:part>" in meta, "PDF/UA identification"
        assert b"/Lang(nl-NL)" in pdf.read_bytes(), "document language in the catalog"
        assert re.search(r"^Title:\s+\S", info, re.M)
        assert re.search(r"^Author:\s+\S", info, re.M)


def test_title_and_author_come_from_the_document(zkij_pdf):
    info = _pdfinfo(zkij_pdf / "build" / "regiovisie.pdf")
    assert re.search(r"^Title:\s+Regiovisie Jeugdhulp 2022-2030$", info, re.M)
    assert "Regionale werkgroep jeugd Zuid-Kennemerland en IJmond" in info
    # dates from the document (16 February 2021), not from the moment of the build
    assert re.search(r"^CreationDate:.*Feb 16 .*2021", info, re.M)
    assert "<xmp:CreateDate>2021-02-16T" in _pdfinfo(zkij_pdf / "build" / "regiovisie.pdf", "-meta")


def test_every_font_is_embedded(pdfs):
    for pdf in pdfs:
        output = subprocess.run(
            ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
        ).stdout.splitlines()
        heading = output[0]
        column = heading.index("emb")
        fonts = output[2:]
        assert fonts, "no fonts listed"
        for line in fonts:
            assert line[column : column + 3] == "yes", f"{pdf.name}: not embedded: {line}"
        # Carlito stands in for Calibri with the same widths: the layout Word has
        assert any("Carlito" in line or "Calibri" in line for line in fonts)


def _title(value: bytes) -> str:
    """A PDF text string: UTF-16 in hex (``<FEFF…>``) or a literal ``(…)``."""
    if value.startswith(b"<"):
        return bytes.fromhex(value[1:-1].decode()).decode("utf-16")
    return value[1:-1].decode("latin-1")


def test_bookmarks_follow_the_headings(zkij_pdf):
    pdf = zkij_pdf / "build" / "regiovisie.pdf"
    content = pdf.read_bytes()
    root = re.search(rb"/Outlines (\d+) 0 R", content).group(1)
    object_ = re.search(rb"\n" + root + rb" 0 obj\s*<<(.*?)>>", content, re.S).group(1)
    toc, _ = _toc(_pages(pdf))
    assert int(re.search(rb"/Count (\d+)", object_).group(1)) >= len(toc)
    first = re.search(rb"/First (\d+) 0 R", object_).group(1)
    item = re.search(rb"\n" + first + rb" 0 obj\s*<<(.*?)>>\s*endobj", content, re.S).group(1)
    title = re.search(rb"/Title\s*(<[0-9A-Fa-f]+>|\([^)]*\))", item).group(1)
    assert " ".join(_title(title).split()) == "1 Inleiding"
    assert b"/Dest" in item


def test_toc_page_numbers_match_the_pages_of_the_headings(zkij_pdf, rijnmond_pdf):
    for pdf in _examples(zkij_pdf, rijnmond_pdf):
        pages = _pages(pdf)
        content, last = _toc(pages)
        assert len(content) > 40, f"{pdf}: TOC without page numbers"
        for title, page in content:
            found = [
                n
                for n, text in enumerate(pages, start=1)
                if n > last and any(r.startswith(title[:45]) for r in _lines(text))
            ]
            assert found, f"heading not found: {title}"
            assert found[0] == page, f"{title}: TOC says {page}, heading on {found[0]}"


def test_no_page_ends_with_a_heading(zkij_pdf, rijnmond_pdf):
    for pdf in _examples(zkij_pdf, rijnmond_pdf):
        pages = _pages(pdf)
        content, last = _toc(pages)
        titles = [title[:45] for title, _ in content]
        for number, text in enumerate(pages, start=1):
            lines = _lines(text)
            if number > last and lines:
                assert not any(lines[-1].startswith(t) for t in titles), (
                    f"{pdf.name}: page {number} ends with the heading '{lines[-1]}'"
                )


def test_footer_and_cross_reference_fields_are_laid_out(zkij_pdf, rijnmond_pdf):
    """LibreOffice computes the Word fields: the footer's page X of Y with the real page
    count, and a cross-reference (a REF field) shows its paragraph number."""
    for pdf in _examples(zkij_pdf, rijnmond_pdf):
        pages = _pages(pdf)
        text = " ".join(" ".join(pages).split())
        assert f"pagina {len(pages)} van {len(pages)}" in text, pdf
        if pdf.is_relative_to(zkij_pdf):
            assert "paragraaf 3.1" in text


def test_the_annex_starts_on_a_new_page(zkij_pdf):
    pages = _pages(zkij_pdf / "build" / "regiovisie.pdf")
    _, last = _toc(pages)
    for text in pages[last:]:
        lines = [r for r in _lines(text) if not r.startswith("CONCEPT")]
        if any(r.startswith("Bijlage: Toetsing aan de Norm") for r in lines):
            assert lines[0].startswith("Bijlage: Toetsing aan de Norm")
            return
    pytest.fail("annex not found")


def _toc_numbers(docx: Path) -> list[str]:
    with zipfile.ZipFile(docx) as package:
        document = etree.fromstring(package.read("word/document.xml"))
    lines = []
    for p in document.iter(f"{{{W}}}p"):
        style = p.find("w:pPr/w:pStyle", NS)
        if style is not None and re.fullmatch(r"TOC\d", style.get(f"{{{W}}}val")):
            lines.append(p)
    return ["".join(p.itertext(f"{{{W}}}t")) for p in lines]


def test_docx_built_with_the_pdf_has_the_same_page_numbers(zkij_pdf, rijnmond_pdf):
    for werkmap in (zkij_pdf, rijnmond_pdf):
        lines = _toc_numbers(werkmap / "build" / "regiovisie.docx")
        assert len(lines) > 40
        content, _ = _toc(_pages(werkmap / "build" / "regiovisie.pdf"))
        numbers = [int(re.search(r"(\d+)$", r).group(1)) for r in lines]
        assert numbers == [page for _, page in content]
    # the page number follows a tab, which the TOC styles align right with a dot leader
    with zipfile.ZipFile(zkij_pdf / "build" / "regiovisie.docx") as package:
        document = etree.fromstring(package.read("word/document.xml"))
    instruction = document.find(".//w:instrText", NS)
    first = instruction.getparent().getparent()
    assert first.find("w:r/w:tab", NS) is not None


def test_council_documents_are_pdfs_too(zkij_pdf):
    import yaml

    regio = yaml.safe_load((zkij_pdf / "regio.yaml").read_text(encoding="utf-8"))
    raad = zkij_pdf / "build" / "raad"
    assert len(list(raad.glob("*.pdf"))) == 2 * len(regio["regio"]["gemeenten"])
    for pdf in raad.glob("*.pdf"):
        assert (raad / f"{pdf.stem}.docx").is_file()
    first = sorted(raad.glob("*-raadsvoorstel.pdf"))[0]
    text = subprocess.run(
        ["pdftotext", str(first), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Raadsvoorstel gemeente" in text


def test_parallel_builds_give_the_same_pdf_bytes(small_source, tmp_path):
    """Two workspaces built at once (``--alle``): each LibreOffice start has a profile of its
    own, and the same input gives byte-identical PDFs, also identical to an earlier build.

    The workspace is the small one (``small_source``, eight pages): what is tested is the
    start of two LibreOffices at the same moment and the export moment being replaced, not
    the size of the document (the examples are converted by the fixtures)."""
    _tools()
    folders = {}
    for name in ("eerder", "a", "b"):
        folders[name] = tmp_path / name
        shutil.copytree(small_source, folders[name])
    result = run_cli("build", folders["eerder"], "-f", "pdf", "--geen-raadsstukken")
    assert result.returncode == 0, result.stderr + result.stdout
    first = (folders["eerder"] / "build" / "regiovisie.pdf").read_bytes()
    result = run_cli(
        "build", "--alle", "-j", "2", folders["a"], folders["b"], "-f", "pdf", "--geen-raadsstukken"
    )
    assert result.returncode == 0, result.stderr + result.stdout
    for werkmap in (folders["a"], folders["b"]):
        assert (werkmap / "build" / "regiovisie.pdf").read_bytes() == first
        assert not (werkmap / "build" / "regiovisie.docx").exists(), "only the formats asked for"


def _build_with_path(
    werkmap: Path, path: str, *arguments: str, **environment: str
) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8", "PATH": path}
    env.update(environment)
    return subprocess.run(
        [sys.executable, "-m", "regiovisie_builder", "build", str(werkmap), *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _build_in_process(monkeypatch, werkmap: Path, path: str, *arguments: str):
    """``build`` in this process with another PATH: where LibreOffice is looked up is all
    that differs, a new process would prove nothing more."""
    monkeypatch.setenv("PATH", path)
    return run_cli("build", werkmap, *arguments)


def test_missing_libreoffice_gives_dutch_advice_and_writes_nothing(small, tmp_path, monkeypatch):
    empty = tmp_path / "bin"
    empty.mkdir()
    result = _build_in_process(monkeypatch, small, str(empty), "-f", "docx", "-f", "pdf")
    assert result.returncode == 2
    assert "LibreOffice is niet gevonden" in result.stderr
    assert "apt-get install" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (small / "build" / "regiovisie.docx").exists()


def test_a_draft_without_pdf_starts_no_libreoffice(small, tmp_path, monkeypatch):
    nep = tmp_path / "bin"
    nep.mkdir()
    track = tmp_path / "gestart"
    for name in ("soffice", "libreoffice"):
        (nep / name).write_text(f"#!/bin/sh\ntouch '{track}'\nexit 1\n")
        (nep / name).chmod(0o755)
    result = _build_in_process(monkeypatch, small, f"{nep}:{os.environ.get('PATH', '')}")
    assert result.returncode == 0, result.stderr
    assert (small / "build" / "regiovisie.docx").is_file()
    assert not (small / "build" / "regiovisie.pdf").exists()
    assert not track.exists(), "LibreOffice was started for a draft build"


def test_a_libreoffice_that_fails_gives_a_dutch_error(small, tmp_path, monkeypatch):
    nep = tmp_path / "bin"
    nep.mkdir()
    (nep / "soffice").write_text("#!/bin/sh\necho 'kapot' >&2\nexit 1\n")
    (nep / "soffice").chmod(0o755)
    path = f"{nep}:{os.environ.get('PATH', '')}"
    result = _build_in_process(monkeypatch, small, path, "-f", "pdf")
    assert result.returncode == 2
    assert "LibreOffice kon de PDF niet maken" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (small / "build" / "regiovisie.pdf").exists()


def test_fixed_dates_keep_the_cross_reference_table_valid(pdfs):
    """The export moment is replaced after LibreOffice wrote the file (a recompressed colour
    profile moves later objects): every offset must still point at its object."""
    for pdf in pdfs:
        content = pdf.read_bytes()
        start = int(re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", content).group(1))
        assert content[start:].startswith(b"xref")
        table = content[start : content.index(b"trailer", start)]
        first = int(re.match(rb"xref\s+(\d+) \d+", table).group(1))
        lines = re.findall(rb"(?m)^(\d{10}) \d{5} ([nf])", table)
        assert len(lines) > 10
        for number, (position, soort) in enumerate(lines, start=first):
            if soort == b"n":
                assert content[int(position) :].startswith(b"%d 0 obj" % number), (pdf, number)


def test_a_hanging_libreoffice_is_stopped_with_its_children(small, tmp_path):
    nep = tmp_path / "bin"
    nep.mkdir()
    kind = tmp_path / "kind.pid"
    (nep / "soffice").write_text(f"#!/bin/sh\nsleep 300 &\necho $! > '{kind}'\nwait\n")
    (nep / "soffice").chmod(0o755)
    path = f"{nep}:{os.environ.get('PATH', '')}"
    # One second is plenty for the fake to start its child; the build waits no longer.
    result = _build_with_path(small, path, "-f", "pdf", REGIOVISIE_PDF_WACHTTIJD="1")
    assert result.returncode == 2
    assert "niet binnen 1 seconden" in result.stderr
    assert not (small / "build" / "regiovisie.pdf").exists()
    pid = int(kind.read_text())
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return  # gone
    if state != "Z":  # a killed child waiting to be reaped by init is a zombie: dead
        os.kill(pid, 9)
        pytest.fail("LibreOffice's child process survived the timeout")


def test_libreoffice_follows_no_link_in_a_document_it_lays_out(tmp_path):
    """A picture in a Word file linked to a web address (DrawingML's r:link): LibreOffice
    fetched it while laying the document out for the PDF (OPTIONS, HEAD and GET). The Word
    writer makes no such links and a house style with one is refused; the PDF profile
    blocks them as well, as the import's profile does."""
    import io

    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml

    from regiovisie_builder.writers.pdf import convert

    require_tool("soffice")
    r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    pic = "http://schemas.openxmlformats.org/drawingml/2006/picture"
    with listening() as (address, asked):
        document = docx.Document()
        document.add_paragraph("Voor de figuur.")
        r_id = document.part.relate_to(f"{address}/volg.png", RT.IMAGE, is_external=True)
        size = '<a:ext cx="914400" cy="914400"/>'
        document.add_paragraph()._p.append(
            parse_xml(
                f'<w:r xmlns:w="{W}"><w:drawing><wp:inline xmlns:wp="{wp}">'
                '<wp:extent cx="914400" cy="914400"/><wp:docPr id="1" name="f"/>'
                f'<a:graphic xmlns:a="{a}"><a:graphicData uri="{pic}"><pic:pic xmlns:pic="{pic}">'
                '<pic:nvPicPr><pic:cNvPr id="1" name="f"/><pic:cNvPicPr/></pic:nvPicPr>'
                f'<pic:blipFill><a:blip xmlns:r="{r}" r:link="{r_id}"/><a:stretch><a:fillRect/>'
                '</a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
                f'{size}</a:xfrm><a:prstGeom prst="rect"/></pic:spPr></pic:pic>'
                "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
            )
        )
        document.add_paragraph("Na de figuur.")
        content = io.BytesIO()
        document.save(content)
        _, pdfs = convert([content.getvalue()])
    assert pdfs[0].startswith(b"%PDF")
    assert asked == []
