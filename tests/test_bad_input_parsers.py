"""Bad input for the parsers (issue 12, items 4, 5, 7, 8, 9, 15, 16): YAML, Markdown, the
reaction files and what the Word writer gets from them.

Each case of the table changes one input of a workspace that built (or imported its
reactions) cleanly, runs the command as a user would and checks: exit code 2, a Dutch message
that says what is wrong, no English from a library, and no output damaged. Where a
regression would hang or exhaust CI (an alias bomb, deep nesting, a sheet claiming a million
rows, an entity in XML), the run has a time limit and a memory cap in a subprocess, so it
fails fast; the other cases run the command in-process (``run_cli``), with the warnings a
library would print to stderr added to its stderr.
"""

from __future__ import annotations

import io
import os
import resource
import shutil
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_example, run_cli
from tests.readers.reactie_bestanden import docx_with_comments, replace_part

GEHEUGEN = 1536 * 1024 * 1024  # address space per run; a normal build needs under 1 GB
SECONDEN = 60

# Fragments of library messages that must never reach a user.
ENGELS = ("Traceback", "Error", "could not", "found ", "expected ", " line ", "column ")

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
NL_KOP = "Naam;Organisatie;Soort indiener;Paragraaf;Reactie\r\n"


def _begrens() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (GEHEUGEN, GEHEUGEN))


def run_begrensd(*args: str | Path) -> subprocess.CompletedProcess:
    """The CLI in a subprocess with a memory cap and a time limit."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    try:
        return subprocess.run(
            [sys.executable, "-m", "regiovisie_builder", *map(str, args)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=SECONDEN,
            preexec_fn=_begrens,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{args[0]} did not finish within {SECONDEN} s")


def run_binnen(*args: str | Path) -> subprocess.CompletedProcess:
    """The CLI in-process; warnings Python would print in a process of its own (its default
    filters) are added to stderr, so a library's English still shows."""
    with warnings.catch_warnings(record=True) as gezien:
        warnings.simplefilter("default")
        stil = (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning)
        for soort in stil:
            warnings.filterwarnings("ignore", category=soort)
        uitkomst = run_cli(*args)
    uitkomst.stderr += "".join(
        warnings.formatwarning(w.message, w.category, w.filename, w.lineno) for w in gezien
    )
    return uitkomst


def momentopname(werkmap: Path) -> dict[str, bytes]:
    """Every output a failed run must leave alone: build/ and the answers file."""
    bestanden = {
        p.relative_to(werkmap).as_posix(): p.read_bytes()
        for p in (werkmap / "build").rglob("*")
        if p.is_file()
    }
    antwoorden = werkmap / "reacties" / "antwoorden.yaml"
    if antwoorden.is_file():
        bestanden["reacties/antwoorden.yaml"] = antwoorden.read_bytes()
    return bestanden


@pytest.fixture(scope="module")
def gebouwd(tmp_path_factory) -> Path:
    """The example workspace after one good build (in-process: only the refusals need a cap)."""
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path_factory.mktemp("gebouwd"))
    uitkomst = run_cli("build", werkmap)
    assert uitkomst.returncode == 0, uitkomst.stderr
    return werkmap


@pytest.fixture(scope="module")
def ingelezen(tmp_path_factory) -> Path:
    """The example workspace after one good import of two reactions."""
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path_factory.mktemp("ingelezen"))
    (werkmap / "reacties").mkdir()
    (werkmap / "reacties" / "formulier.csv").write_text(
        NL_KOP + ";;ouder;1.1;Graag meer over wachtlijsten.\r\n"
        "Jan;GGD;organisatie;2.1;Wie betrekt de jongeren?\r\n",
        encoding="utf-8",
    )
    uitkomst = run_cli("reactions", werkmap)
    assert uitkomst.returncode == 0, uitkomst.stderr
    return werkmap


def kopie(bron: Path, doel: Path) -> Path:
    werkmap = doel / bron.name
    shutil.copytree(bron, werkmap, symlinks=True)
    return werkmap


def voeg_toe(pad: Path, tekst: str) -> None:
    pad.write_text(pad.read_text(encoding="utf-8") + tekst, encoding="utf-8")


def vervang(pad: Path, oud: str, nieuw: str) -> None:
    tekst = pad.read_text(encoding="utf-8")
    assert oud in tekst
    pad.write_text(tekst.replace(oud, nieuw, 1), encoding="utf-8")


# --- the cases ----------------------------------------------------------------------------

BOM = "".join(
    f"{naam}: &{naam} [{', '.join([f'*{vorige}'] * 9) if vorige else ', '.join(['lol'] * 9)}]\n"
    for vorige, naam in zip([None, *"abcdefgh"], "abcdefghi", strict=True)
)


def regio_alias_bom(werkmap: Path) -> str:
    voeg_toe(werkmap / "regio.yaml", BOM)  # 9 lines, 9**9 values when expanded
    return "aliassen) zijn niet toegestaan"


def regio_500_niveaus(werkmap: Path) -> str:
    diep = "".join("  " * i + f"n{i}:\n" for i in range(1, 501)) + "  " * 501 + "x\n"
    voeg_toe(werkmap / "regio.yaml", "extra:\n" + diep)
    return "te diep genest"


def regio_50000_haken(werkmap: Path) -> str:
    voeg_toe(werkmap / "regio.yaml", "extra: " + "[" * 50000 + "]" * 50000 + "\n")
    return "te diep genest"


def regio_lang_getal(werkmap: Path) -> str:
    voeg_toe(werkmap / "regio.yaml", "extra: " + "7" * 5000 + "\n")
    return "getal is te lang"


def regio_python_tag(werkmap: Path) -> str:
    voeg_toe(werkmap / "regio.yaml", "extra: !!python/object/apply:os.system ['true']\n")
    return "onbekende markering met ! of !!"


def regio_stuurteken(werkmap: Path) -> str:
    vervang(werkmap / "regio.yaml", "  naam: Zuid-Kennemerland", "  naam: Zuid-\x0bKennemerland")
    return "zachte regelafbreking"


def regio_lange_titel(werkmap: Path) -> str:
    vervang(werkmap / "regio.yaml", "titel: Regiovisie Jeugdhulp", "titel: " + "Lang " * 60)
    return "'document.titel' is te lang"


def regio_lange_naam(werkmap: Path) -> str:
    vervang(werkmap / "regio.yaml", "  naam: Zuid-Kennemerland", "  naam: " + "Zuid " * 60)
    return "'regio.naam' is te lang"


def regio_lang_kenmerk(werkmap: Path) -> str:
    vervang(werkmap / "regio.yaml", "kenmerk: 2021/39654", "kenmerk: " + "K" * 300)
    return "'document.kenmerk' is te lang"


def blok_5000_sterren(werkmap: Path) -> str:
    voeg_toe(werkmap / "content" / "regio-was-wordt.md", "\n" + "*" * 5000 + "x" + "*" * 5000)
    return "meer dan 20 keer cursief, vet of een link binnen elkaar"


def blok_naam_met_stuurcode(werkmap: Path) -> str:
    (werkmap / "content" / "\x1b[31mrood.md").write_text(
        "---\nid: rood\ntitel: [kapot\n---\nTekst.\n", encoding="utf-8"
    )
    return "\\x1b[31mrood.md"


def _blad(rijen: str, dimensie: str = "A1:XFD1048576") -> bytes:
    return (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimensie}"/><sheetData>{rijen}</sheetData></worksheet>'
    ).encode()


def _cel(ref: str, tekst: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{tekst}</t></is></c>'


KOPRIJEN = (
    f'<row r="1">{_cel("A1", "Paragraaf")}{_cel("B1", "Reactie")}</row>'
    f'<row r="2">{_cel("A2", "1.1")}{_cel("B2", "Noem ook de kosten van de overgang.")}</row>'
)


def _xlsx(blad: bytes) -> bytes:
    from openpyxl import Workbook

    boek = Workbook()
    boek.active.append(["x"])
    uit = io.BytesIO()
    boek.save(uit)
    return replace_part(uit.getvalue(), "xl/worksheets/sheet1.xml", blad)


def xlsx_rij_1048576(werkmap: Path) -> str:
    laatste = f'<row r="1048576">{_cel("A1048576", "verstopt")}</row>'
    (werkmap / "reacties" / "groot.xlsx").write_bytes(_xlsx(_blad(KOPRIJEN + laatste)))
    return "hoogstens 20000 rijen"


def xlsx_kolom_xfd(werkmap: Path) -> str:
    ver = f'<row r="3">{_cel("XFD3", "ver weg")}</row>'
    (werkmap / "reacties" / "breed.xlsx").write_bytes(_xlsx(_blad(KOPRIJEN + ver)))
    return "hoogstens 100 kolommen"


def xlsx_lang_getal(werkmap: Path) -> str:
    getal = f'<row r="3"><c r="A3"><v>{"7" * 5000}</v></c></row>'
    (werkmap / "reacties" / "getal.xlsx").write_bytes(_xlsx(_blad(KOPRIJEN + getal, "A1:B3")))
    return "een waarde die niet te lezen is"


def antwoorden_alias_bom(werkmap: Path) -> str:
    pad = werkmap / "reacties" / "antwoorden.yaml"
    vervang(pad, "    antwoord: ''", "    antwoord: *i")
    pad.write_text(BOM + pad.read_text(encoding="utf-8"), encoding="utf-8")
    return "aliassen) zijn niet toegestaan"


def antwoorden_2000_diep(werkmap: Path) -> str:
    vervang(
        werkmap / "reacties" / "antwoorden.yaml",
        "    antwoord: ''",
        "    antwoord: " + "[" * 2000 + "]" * 2000,
    )
    return "te diep genest"


def antwoorden_geen_utf8(werkmap: Path) -> str:
    pad = werkmap / "reacties" / "antwoorden.yaml"
    tekst = pad.read_text(encoding="utf-8").replace(
        "    antwoord: ''", "    antwoord: Geen café", 1
    )
    pad.write_bytes(tekst.encode("cp1252"))
    return "antwoorden.yaml is geen UTF-8-tekst"


def _opmerkingen(xml: str, codering: str) -> bytes:
    basis = docx_with_comments(None, [("Dat is het moment", "Welk moment?", "Jan")])
    return replace_part(basis, "word/comments.xml", xml.encode(codering))


def docx_utf16_entiteit(werkmap: Path) -> str:
    xml = (
        '<?xml version="1.0" encoding="UTF-16" standalone="yes"?>'
        '<!DOCTYPE w:comments [<!ENTITY x "INGESLOPEN">]>'
        f'<w:comments {W}><w:comment w:id="0" w:author="X"><w:p><w:r><w:t>&x;</w:t></w:r>'
        "</w:p></w:comment></w:comments>"
    )
    (werkmap / "reacties" / "utf16.docx").write_bytes(_opmerkingen(xml, "utf-16"))
    return "DOCTYPE of ENTITY"


def docx_kapotte_xml(werkmap: Path) -> str:
    xml = f'<w:comments {W}><w:comment w:id="0"><w:p></w:comment></w:comments>'
    (werkmap / "reacties" / "kapot.docx").write_bytes(_opmerkingen(xml, "utf-8"))
    return "is geen geldige XML (regel 1"


def csv_naam_met_stuurcode(werkmap: Path) -> str:
    (werkmap / "reacties" / "\x1b[2Jkapot.csv").write_text("Naam;Wat\r\nJan;iets\r\n")
    return "\\x1b[2Jkapot.csv"


BOUWEN = [
    regio_alias_bom,
    regio_500_niveaus,
    regio_50000_haken,
    regio_lang_getal,
    regio_python_tag,
    regio_stuurteken,
    regio_lange_titel,
    regio_lange_naam,
    regio_lang_kenmerk,
    blok_5000_sterren,
    blok_naam_met_stuurcode,
]
REACTIES = [
    xlsx_rij_1048576,
    xlsx_kolom_xfd,
    xlsx_lang_getal,
    antwoorden_alias_bom,
    antwoorden_2000_diep,
    antwoorden_geen_utf8,
    docx_utf16_entiteit,
    docx_kapotte_xml,
    csv_naam_met_stuurcode,
]


# The cases where a regression would be a hang or an exhaustion: run with a cap.
BEGRENSD = {
    regio_alias_bom,
    regio_500_niveaus,
    regio_50000_haken,
    blok_5000_sterren,
    xlsx_rij_1048576,
    xlsx_kolom_xfd,
    antwoorden_alias_bom,
    antwoorden_2000_diep,
    docx_utf16_entiteit,
}


def _controleer_weigering(werkmap: Path, opdracht: str, geval) -> None:
    fragment = geval(werkmap)
    voor = momentopname(werkmap)
    uitkomst = (run_begrensd if geval in BEGRENSD else run_binnen)(opdracht, werkmap)
    assert uitkomst.returncode == 2, uitkomst.stderr[-3000:]
    assert fragment in uitkomst.stderr
    assert not [e for e in ENGELS if e in uitkomst.stderr], uitkomst.stderr[-3000:]
    assert "\x1b" not in uitkomst.stderr + uitkomst.stdout
    assert momentopname(werkmap) == voor


@pytest.mark.slow
@pytest.mark.parametrize("geval", BOUWEN, ids=lambda g: g.__name__)
def test_build_refuses_bad_input(gebouwd, tmp_path, geval):
    _controleer_weigering(kopie(gebouwd, tmp_path), "build", geval)


@pytest.mark.slow
@pytest.mark.parametrize("geval", REACTIES, ids=lambda g: g.__name__)
def test_reactions_refuse_bad_input(ingelezen, tmp_path, geval):
    _controleer_weigering(kopie(ingelezen, tmp_path), "reactions", geval)


# --- input that is fine once cleaned ------------------------------------------------------


def _document_xml(docx: Path) -> str:
    with zipfile.ZipFile(docx) as pakket:
        return pakket.read("word/document.xml").decode("utf-8")


@pytest.mark.slow
def test_xlsx_claiming_a_million_rows_reads_only_its_real_cells(ingelezen, tmp_path):
    werkmap = kopie(ingelezen, tmp_path)
    # Excel writes a formatted but empty cell as a cell without a value: not real content.
    opgemaakt = '<row r="1048576"><c r="XFD1048576" s="0"/></row>'
    (werkmap / "reacties" / "verklaard.xlsx").write_bytes(_xlsx(_blad(KOPRIJEN + opgemaakt)))
    uitkomst = run_begrensd("reactions", werkmap)
    assert uitkomst.returncode == 0, uitkomst.stderr[-3000:]
    assert "1 nieuwe reactie(s)" in uitkomst.stdout
    nota = _document_xml(werkmap / "build" / "nota-van-beantwoording.docx")
    assert "Noem ook de kosten van de overgang." in nota


@pytest.mark.slow
def test_control_characters_in_blocks_and_regio_yaml_become_breaks(gebouwd, tmp_path):
    werkmap = kopie(gebouwd, tmp_path)
    voeg_toe(
        werkmap / "content" / "regio-was-wordt.md",
        "\nEerste regel\x0btweede\x01 regel.\n",
    )
    vervang(werkmap / "regio.yaml", "kenmerk: 2021/39654", 'kenmerk: "2021/\\v39654\\x02"')
    uitkomst = run_binnen("build", werkmap, "-f", "docx")
    assert uitkomst.returncode == 0, uitkomst.stderr[-3000:]
    xml = _document_xml(werkmap / "build" / "regiovisie.docx")
    assert 'Eerste regel</w:t><w:br/><w:t xml:space="preserve">tweede regel.' in xml
    with zipfile.ZipFile(werkmap / "build" / "regiovisie.docx") as pakket:
        kern = pakket.read("docProps/core.xml").decode("utf-8")
    assert "2021/ 39654<" in kern


@pytest.mark.slow
def test_reaction_with_control_characters_imports_and_keeps_working(ingelezen, tmp_path):
    werkmap = kopie(ingelezen, tmp_path)
    (werkmap / "reacties" / "plakwerk.csv").write_text(
        NL_KOP + 'Piet;;ouder;1.1;"Uit Excel:\x0bnieuwe regel\x01 en\x0cmeer."\r\n',
        encoding="utf-8",
    )
    for _ in range(2):  # the second run reads the stored reaction back
        uitkomst = run_binnen("reactions", werkmap)
        assert uitkomst.returncode == 0, uitkomst.stderr[-3000:]
    nota = _document_xml(werkmap / "build" / "nota-van-beantwoording.docx")
    assert "Uit Excel:</w:t></w:r><w:r><w:br/>" in nota or "Uit Excel:</w:t><w:br/>" in nota
    antwoorden = (werkmap / "reacties" / "antwoorden.yaml").read_text(encoding="utf-8")
    assert "Uit Excel:\n" in antwoorden.replace("    ", "").replace("  ", "")
    assert "\x01" not in antwoorden and "\\x01" not in antwoorden


@pytest.mark.slow
def test_stored_reaction_with_control_characters_does_not_stop_later_runs(ingelezen, tmp_path):
    werkmap = kopie(ingelezen, tmp_path)
    vervang(
        werkmap / "reacties" / "antwoorden.yaml",
        "    antwoord: ''",
        '    antwoord: "Zie\\vbijlage\\x01 twee."',
    )
    uitkomst = run_binnen("reactions", werkmap)
    assert uitkomst.returncode == 0, uitkomst.stderr[-3000:]
    nota = _document_xml(werkmap / "build" / "nota-van-beantwoording.docx")
    assert "bijlage twee." in nota
