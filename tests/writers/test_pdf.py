"""The PDF as a council information system or an archive gets it, read with poppler's tools.

LibreOffice takes seconds per start, so each example is built once for the whole module.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import ROOT, copy_example, edit_yaml, require_tool, run_cli
from tests.writers.docx_helpers import NS, W

pytestmark = [pytest.mark.extern, pytest.mark.slow]

_VOETTEKST = re.compile(r"pagina \d+ van \d+")
_TOC_REGEL = re.compile(r"^\s*(\S.*?)\s*\.{3,}\s*(\d+)\s*$")


def _tools() -> None:
    for tool in ("soffice", "pdfinfo", "pdffonts", "pdftotext"):
        require_tool(tool)


@pytest.fixture(scope="module")
def zkij_pdf(tmp_path_factory) -> Path:
    """Zuid-Kennemerland (a concept) built as Word and PDF, with its council documents."""
    _tools()
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path_factory.mktemp("zkij"))
    resultaat = run_cli("build", werkmap, "-f", "docx", "-f", "pdf", "--raadsstukken")
    assert resultaat.returncode == 0, resultaat.stderr
    return werkmap


@pytest.fixture(scope="module")
def rijnmond_pdf(tmp_path_factory) -> Path:
    """Rotterdam Rijnmond as a definitief version, built with the default formats."""
    _tools()
    werkmap = copy_example("rotterdam-rijnmond", tmp_path_factory.mktemp("rijnmond"))
    edit_yaml(werkmap, lambda data: data["document"].update(status="definitief"))
    resultaat = run_cli("build", werkmap, "--geen-raadsstukken")
    assert resultaat.returncode == 0, resultaat.stderr
    return werkmap


def _pdfinfo(pdf: Path, *opties: str) -> str:
    return subprocess.run(
        ["pdfinfo", *opties, str(pdf)], capture_output=True, text=True, check=True
    ).stdout


@functools.cache
def _paginas(pdf: Path) -> tuple[str, ...]:
    """The text of every page, in layout mode.

    Read once per file: the module's builds are never changed after their fixture made them.
    """
    aantal = int(re.search(r"Pages:\s+(\d+)", _pdfinfo(pdf)).group(1))
    return tuple(
        subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, aantal + 1)
    )


def _regels(pagina: str) -> list[str]:
    """A page's non-empty lines, whitespace collapsed, without the running footer."""
    return [
        " ".join(r.split()) for r in pagina.splitlines() if r.strip() and not _VOETTEKST.search(r)
    ]


def _inhoudsopgave(paginas: tuple[str, ...]) -> tuple[list[tuple[str, int]], int]:
    """The TOC entries (title, page number) and the number of the last TOC page."""
    regels, laatste = [], 0
    for nummer, pagina in enumerate(paginas[:6], start=1):
        for regel in pagina.splitlines():
            gevonden = _TOC_REGEL.match(regel)
            if gevonden:
                regels.append((" ".join(gevonden.group(1).split()), int(gevonden.group(2))))
                laatste = nummer
    return regels, laatste


def _voorbeelden(zkij_pdf: Path, rijnmond_pdf: Path) -> list[Path]:
    return [zkij_pdf / "build" / "regiovisie.pdf", rijnmond_pdf / "build" / "regiovisie.pdf"]


@pytest.fixture(scope="module")
def pdfs(zkij_pdf, rijnmond_pdf) -> list[Path]:
    """Both examples' main PDF and one council document."""
    raad = sorted((zkij_pdf / "build" / "raad").glob("*-raadsvoorstel.pdf"))
    return [*_voorbeelden(zkij_pdf, rijnmond_pdf), raad[0]]


def test_both_examples_build_to_pdf(zkij_pdf, rijnmond_pdf):
    for pdf in _voorbeelden(zkij_pdf, rijnmond_pdf):
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
        uitvoer = subprocess.run(
            ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
        ).stdout.splitlines()
        kop = uitvoer[0]
        kolom = kop.index("emb")
        fonts = uitvoer[2:]
        assert fonts, "no fonts listed"
        for regel in fonts:
            assert regel[kolom : kolom + 3] == "yes", f"{pdf.name}: not embedded: {regel}"
        # Carlito stands in for Calibri with the same widths: the layout Word has
        assert any("Carlito" in regel or "Calibri" in regel for regel in fonts)


def _titel(waarde: bytes) -> str:
    """A PDF text string: UTF-16 in hex (``<FEFF…>``) or a literal ``(…)``."""
    if waarde.startswith(b"<"):
        return bytes.fromhex(waarde[1:-1].decode()).decode("utf-16")
    return waarde[1:-1].decode("latin-1")


def test_bookmarks_follow_the_headings(zkij_pdf):
    pdf = zkij_pdf / "build" / "regiovisie.pdf"
    inhoud = pdf.read_bytes()
    wortel = re.search(rb"/Outlines (\d+) 0 R", inhoud).group(1)
    object_ = re.search(rb"\n" + wortel + rb" 0 obj\s*<<(.*?)>>", inhoud, re.S).group(1)
    toc, _ = _inhoudsopgave(_paginas(pdf))
    assert int(re.search(rb"/Count (\d+)", object_).group(1)) >= len(toc)
    eerste = re.search(rb"/First (\d+) 0 R", object_).group(1)
    item = re.search(rb"\n" + eerste + rb" 0 obj\s*<<(.*?)>>\s*endobj", inhoud, re.S).group(1)
    titel = re.search(rb"/Title\s*(<[0-9A-Fa-f]+>|\([^)]*\))", item).group(1)
    assert " ".join(_titel(titel).split()) == "1 Inleiding"
    assert b"/Dest" in item


def test_toc_page_numbers_match_the_pages_of_the_headings(zkij_pdf, rijnmond_pdf):
    for pdf in _voorbeelden(zkij_pdf, rijnmond_pdf):
        paginas = _paginas(pdf)
        inhoud, laatste = _inhoudsopgave(paginas)
        assert len(inhoud) > 40, f"{pdf}: TOC without page numbers"
        for titel, pagina in inhoud:
            gevonden = [
                n
                for n, tekst in enumerate(paginas, start=1)
                if n > laatste and any(r.startswith(titel[:45]) for r in _regels(tekst))
            ]
            assert gevonden, f"heading not found: {titel}"
            assert gevonden[0] == pagina, f"{titel}: TOC says {pagina}, heading on {gevonden[0]}"


def test_no_page_ends_with_a_heading(zkij_pdf, rijnmond_pdf):
    for pdf in _voorbeelden(zkij_pdf, rijnmond_pdf):
        paginas = _paginas(pdf)
        inhoud, laatste = _inhoudsopgave(paginas)
        titels = [titel[:45] for titel, _ in inhoud]
        for nummer, tekst in enumerate(paginas, start=1):
            regels = _regels(tekst)
            if nummer > laatste and regels:
                assert not any(regels[-1].startswith(t) for t in titels), (
                    f"{pdf.name}: page {nummer} ends with the heading '{regels[-1]}'"
                )


def test_the_annex_starts_on_a_new_page(zkij_pdf):
    paginas = _paginas(zkij_pdf / "build" / "regiovisie.pdf")
    _, laatste = _inhoudsopgave(paginas)
    for tekst in paginas[laatste:]:
        regels = [r for r in _regels(tekst) if not r.startswith("CONCEPT")]
        if any(r.startswith("Bijlage: Toetsing aan de Norm") for r in regels):
            assert regels[0].startswith("Bijlage: Toetsing aan de Norm")
            return
    pytest.fail("annex not found")


def _toc_nummers(docx: Path) -> list[str]:
    with zipfile.ZipFile(docx) as pakket:
        document = etree.fromstring(pakket.read("word/document.xml"))
    regels = []
    for p in document.iter(f"{{{W}}}p"):
        stijl = p.find("w:pPr/w:pStyle", NS)
        if stijl is not None and re.fullmatch(r"TOC\d", stijl.get(f"{{{W}}}val")):
            regels.append(p)
    return ["".join(p.itertext(f"{{{W}}}t")) for p in regels]


def test_docx_built_with_the_pdf_has_the_same_page_numbers(zkij_pdf, rijnmond_pdf):
    for werkmap in (zkij_pdf, rijnmond_pdf):
        regels = _toc_nummers(werkmap / "build" / "regiovisie.docx")
        assert len(regels) > 40
        inhoud, _ = _inhoudsopgave(_paginas(werkmap / "build" / "regiovisie.pdf"))
        nummers = [int(re.search(r"(\d+)$", r).group(1)) for r in regels]
        assert nummers == [pagina for _, pagina in inhoud]
    # the page number follows a tab, which the TOC styles align right with a dot leader
    with zipfile.ZipFile(zkij_pdf / "build" / "regiovisie.docx") as pakket:
        document = etree.fromstring(pakket.read("word/document.xml"))
    instructie = document.find(".//w:instrText", NS)
    eerste = instructie.getparent().getparent()
    assert eerste.find("w:r/w:tab", NS) is not None


def test_council_documents_are_pdfs_too(zkij_pdf):
    import yaml

    regio = yaml.safe_load((zkij_pdf / "regio.yaml").read_text(encoding="utf-8"))
    raad = zkij_pdf / "build" / "raad"
    assert len(list(raad.glob("*.pdf"))) == 2 * len(regio["regio"]["gemeenten"])
    for pdf in raad.glob("*.pdf"):
        assert (raad / f"{pdf.stem}.docx").is_file()
    eerste = sorted(raad.glob("*-raadsvoorstel.pdf"))[0]
    tekst = subprocess.run(
        ["pdftotext", str(eerste), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Raadsvoorstel gemeente" in tekst


def test_parallel_builds_give_the_same_pdf_bytes(zkij_pdf, tmp_path):
    """Two workspaces built at once (``--alle``): each LibreOffice start has a profile of its
    own, and the same input gives byte-identical PDFs, also identical to the earlier build."""
    mappen = [copy_example("zuid-kennemerland-ijmond", tmp_path / naam) for naam in "ab"]
    resultaat = run_cli("build", "--alle", "-j", "2", *mappen, "-f", "pdf", "--geen-raadsstukken")
    assert resultaat.returncode == 0, resultaat.stderr + resultaat.stdout
    eerste = (zkij_pdf / "build" / "regiovisie.pdf").read_bytes()
    for werkmap in mappen:
        assert (werkmap / "build" / "regiovisie.pdf").read_bytes() == eerste
        assert not (werkmap / "build" / "regiovisie.docx").exists(), "only the formats asked for"


def _bouw_met_path(
    werkmap: Path, path: str, *argumenten: str, **omgeving: str
) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8", "PATH": path}
    env.update(omgeving)
    return subprocess.run(
        [sys.executable, "-m", "regiovisie_builder", "build", str(werkmap), *argumenten],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _bouw_in_proces(monkeypatch, werkmap: Path, path: str, *argumenten: str):
    """``build`` in this process with another PATH: where LibreOffice is looked up is all
    that differs, a new process would prove nothing more."""
    monkeypatch.setenv("PATH", path)
    return run_cli("build", werkmap, *argumenten)


def test_missing_libreoffice_gives_dutch_advice_and_writes_nothing(zkij, tmp_path, monkeypatch):
    leeg = tmp_path / "bin"
    leeg.mkdir()
    resultaat = _bouw_in_proces(monkeypatch, zkij, str(leeg), "-f", "docx", "-f", "pdf")
    assert resultaat.returncode == 2
    assert "LibreOffice is niet gevonden" in resultaat.stderr
    assert "apt-get install" in resultaat.stderr
    assert "Traceback" not in resultaat.stderr
    assert not (zkij / "build" / "regiovisie.docx").exists()


def test_a_draft_without_pdf_starts_no_libreoffice(zkij, tmp_path, monkeypatch):
    nep = tmp_path / "bin"
    nep.mkdir()
    spoor = tmp_path / "gestart"
    for naam in ("soffice", "libreoffice"):
        (nep / naam).write_text(f"#!/bin/sh\ntouch '{spoor}'\nexit 1\n")
        (nep / naam).chmod(0o755)
    resultaat = _bouw_in_proces(monkeypatch, zkij, f"{nep}:{os.environ.get('PATH', '')}")
    assert resultaat.returncode == 0, resultaat.stderr
    assert (zkij / "build" / "regiovisie.docx").is_file()
    assert not (zkij / "build" / "regiovisie.pdf").exists()
    assert not spoor.exists(), "LibreOffice was started for a draft build"


def test_a_libreoffice_that_fails_gives_a_dutch_error(zkij, tmp_path, monkeypatch):
    nep = tmp_path / "bin"
    nep.mkdir()
    (nep / "soffice").write_text("#!/bin/sh\necho 'kapot' >&2\nexit 1\n")
    (nep / "soffice").chmod(0o755)
    pad = f"{nep}:{os.environ.get('PATH', '')}"
    resultaat = _bouw_in_proces(monkeypatch, zkij, pad, "-f", "pdf")
    assert resultaat.returncode == 2
    assert "LibreOffice kon de PDF niet maken" in resultaat.stderr
    assert "Traceback" not in resultaat.stderr
    assert not (zkij / "build" / "regiovisie.pdf").exists()


def test_fixed_dates_keep_the_cross_reference_table_valid(pdfs):
    """The export moment is replaced after LibreOffice wrote the file (a recompressed colour
    profile moves later objects): every offset must still point at its object."""
    for pdf in pdfs:
        inhoud = pdf.read_bytes()
        start = int(re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", inhoud).group(1))
        assert inhoud[start:].startswith(b"xref")
        tabel = inhoud[start : inhoud.index(b"trailer", start)]
        eerste = int(re.match(rb"xref\s+(\d+) \d+", tabel).group(1))
        regels = re.findall(rb"(?m)^(\d{10}) \d{5} ([nf])", tabel)
        assert len(regels) > 10
        for nummer, (positie, soort) in enumerate(regels, start=eerste):
            if soort == b"n":
                assert inhoud[int(positie) :].startswith(b"%d 0 obj" % nummer), (pdf, nummer)


def test_a_hanging_libreoffice_is_stopped_with_its_children(zkij, tmp_path):
    nep = tmp_path / "bin"
    nep.mkdir()
    kind = tmp_path / "kind.pid"
    (nep / "soffice").write_text(f"#!/bin/sh\nsleep 300 &\necho $! > '{kind}'\nwait\n")
    (nep / "soffice").chmod(0o755)
    pad = f"{nep}:{os.environ.get('PATH', '')}"
    resultaat = _bouw_met_path(zkij, pad, "-f", "pdf", REGIOVISIE_PDF_WACHTTIJD="3")
    assert resultaat.returncode == 2
    assert "niet binnen 3 seconden" in resultaat.stderr
    assert not (zkij / "build" / "regiovisie.pdf").exists()
    pid = int(kind.read_text())
    try:
        toestand = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return  # gone
    if toestand != "Z":  # a killed child waiting to be reaped by init is a zombie: dead
        os.kill(pid, 9)
        pytest.fail("LibreOffice's child process survived the timeout")
