"""Bad input for the parsers (issue 12, items 4, 5, 7, 8, 9, 15, 16): YAML, Markdown, the
reaction files and what the Word writer gets from them.

Each case of the table changes one input of a workspace that built (or imported its
reactions) cleanly, runs the command as a user would and checks: exit code 2, a Dutch message
that says what is wrong, no English from a library, and no output damaged. Where a
regression would hang or exhaust CI (an alias bomb, deep nesting, a sheet claiming a million
rows, an entity in XML), the run has a time limit and a memory cap in a process of its own
(``tests/capped.py``: forked from one parent that imports the package once), so it fails
fast; the other cases run the command in-process (``run_cli``), with the warnings a
library would print to stderr added to its stderr.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import warnings
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ALIAS_BOMB, copy_example, run_cli
from tests.readers.reactie_bestanden import docx_with_comments, replace_part

MEMORY = 1536 * 1024 * 1024  # address space per run; a normal build needs under 1 GB
SECONDS = 60

# Fragments of library messages that must never reach a user.
ENGLISH = ("Traceback", "Error", "could not", "found ", "expected ", " line ", "column ")

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
NL_HEADING = "Naam;Organisatie;Soort indiener;Paragraaf;Reactie\r\n"


def run_inside(*args: str | Path) -> subprocess.CompletedProcess:
    """The CLI in-process; warnings Python would print in a process of its own (its default
    filters) are added to stderr, so a library's English still shows."""
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("default")
        quiet = (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning)
        for soort in quiet:
            warnings.filterwarnings("ignore", category=soort)
        outcome = run_cli(*args)
    outcome.stderr += "".join(
        warnings.formatwarning(w.message, w.category, w.filename, w.lineno) for w in seen
    )
    return outcome


def snapshot(werkmap: Path) -> dict[str, bytes]:
    """Every output a failed run must leave alone: build/ and the answers file."""
    files = {
        p.relative_to(werkmap).as_posix(): p.read_bytes()
        for p in (werkmap / "build").rglob("*")
        if p.is_file()
    }
    answers = werkmap / "reacties" / "antwoorden.yaml"
    if answers.is_file():
        files["reacties/antwoorden.yaml"] = answers.read_bytes()
    return files


@pytest.fixture(scope="module")
def read(tmp_path_factory) -> Path:
    """The example workspace after one good import of two reactions."""
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path_factory.mktemp("ingelezen"))
    (werkmap / "reacties").mkdir()
    (werkmap / "reacties" / "formulier.csv").write_text(
        NL_HEADING + ";;ouder;1.1;Graag meer over wachtlijsten.\r\n"
        "Jan;GGD;organisatie;2.1;Wie betrekt de jongeren?\r\n",
        encoding="utf-8",
    )
    outcome = run_cli("reactions", werkmap)
    assert outcome.returncode == 0, outcome.stderr
    return werkmap


def copy(source: Path, target: Path) -> Path:
    werkmap = target / source.name
    shutil.copytree(source, werkmap, symlinks=True)
    return werkmap


def add(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def substitute(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- the cases ----------------------------------------------------------------------------


def regio_alias_bom(werkmap: Path) -> str:
    add(werkmap / "regio.yaml", ALIAS_BOMB)  # 9 lines, 9**9 values when expanded
    return "aliassen) zijn niet toegestaan"


def regio_500_levels(werkmap: Path) -> str:
    deep = "".join("  " * i + f"n{i}:\n" for i in range(1, 501)) + "  " * 501 + "x\n"
    add(werkmap / "regio.yaml", "extra:\n" + deep)
    return "te diep genest"


def regio_50000_braces(werkmap: Path) -> str:
    add(werkmap / "regio.yaml", "extra: " + "[" * 50000 + "]" * 50000 + "\n")
    return "te diep genest"


def regio_long_number(werkmap: Path) -> str:
    add(werkmap / "regio.yaml", "extra: " + "7" * 5000 + "\n")
    return "getal is te lang"


def regio_python_tag(werkmap: Path) -> str:
    add(werkmap / "regio.yaml", "extra: !!python/object/apply:os.system ['true']\n")
    return "onbekende markering met ! of !!"


def regio_control_character(werkmap: Path) -> str:
    substitute(werkmap / "regio.yaml", "  naam: Zuid-Kennemerland", "  naam: Zuid-\x0bKennemerland")
    return "zachte regelafbreking"


def regio_half_pair(werkmap: Path) -> str:
    # PyYAML makes '\ud800' half of a UTF-16 pair, which no writer can encode.
    substitute(werkmap / "regio.yaml", "kenmerk: 2021/39654", 'kenmerk: "2021/\\ud800"')
    return "regio.yaml, regel 94: hier staat de code \\uD800: dat is geen teken"


def regio_amount_not_a_number(werkmap: Path) -> str:
    # A budget of .nan or .inf: the documents would print "€ nan" or fail in English.
    substitute(werkmap / "regio.yaml", "bedragen: [48600,", "bedragen: [.nan,")
    return "regio.yaml, regel 338: dit getal is oneindig of geen getal (.inf of .nan)"


def regio_long_title(werkmap: Path) -> str:
    substitute(werkmap / "regio.yaml", "titel: Regiovisie Jeugdhulp", "titel: " + "Lang " * 60)
    return "'document.titel' is te lang"


def regio_long_name(werkmap: Path) -> str:
    substitute(werkmap / "regio.yaml", "  naam: Zuid-Kennemerland", "  naam: " + "Zuid " * 60)
    return "'regio.naam' is te lang"


def regio_long_kenmerk(werkmap: Path) -> str:
    substitute(werkmap / "regio.yaml", "kenmerk: 2021/39654", "kenmerk: " + "K" * 300)
    return "'document.kenmerk' is te lang"


def blok_5000_stars(werkmap: Path) -> str:
    add(werkmap / "content" / "regio-was-wordt.md", "\n" + "*" * 5000 + "x" + "*" * 5000)
    return "meer dan 20 keer cursief, vet of een link binnen elkaar"


def blok_name_with_control_code(werkmap: Path) -> str:
    (werkmap / "content" / "\x1b[31mrood.md").write_text(
        "---\nid: rood\ntitel: [kapot\n---\nTekst.\n", encoding="utf-8"
    )
    return "\\x1b[31mrood.md"


def _sheet(rows: str, dimension: str = "A1:XFD1048576") -> bytes:
    return (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
    ).encode()


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER_ROWS = (
    f'<row r="1">{_cell("A1", "Paragraaf")}{_cell("B1", "Reactie")}</row>'
    f'<row r="2">{_cell("A2", "1.1")}{_cell("B2", "Noem ook de kosten van de overgang.")}</row>'
)


def _xlsx(sheet: bytes) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["x"])
    out = io.BytesIO()
    book.save(out)
    return replace_part(out.getvalue(), "xl/worksheets/sheet1.xml", sheet)


def xlsx_row_1048576(werkmap: Path) -> str:
    last = f'<row r="1048576">{_cell("A1048576", "verstopt")}</row>'
    (werkmap / "reacties" / "groot.xlsx").write_bytes(_xlsx(_sheet(HEADER_ROWS + last)))
    return "hoogstens 20000 rijen"


def xlsx_column_xfd(werkmap: Path) -> str:
    ver = f'<row r="3">{_cell("XFD3", "ver weg")}</row>'
    (werkmap / "reacties" / "breed.xlsx").write_bytes(_xlsx(_sheet(HEADER_ROWS + ver)))
    return "hoogstens 100 kolommen"


def xlsx_long_number(werkmap: Path) -> str:
    number = f'<row r="3"><c r="A3"><v>{"7" * 5000}</v></c></row>'
    (werkmap / "reacties" / "getal.xlsx").write_bytes(_xlsx(_sheet(HEADER_ROWS + number, "A1:B3")))
    return "een waarde die niet te lezen is"


def answers_alias_bom(werkmap: Path) -> str:
    path = werkmap / "reacties" / "antwoorden.yaml"
    substitute(path, "    antwoord: ''", "    antwoord: *i")
    path.write_text(ALIAS_BOMB + path.read_text(encoding="utf-8"), encoding="utf-8")
    return "aliassen) zijn niet toegestaan"


def answers_2000_deep(werkmap: Path) -> str:
    substitute(
        werkmap / "reacties" / "antwoorden.yaml",
        "    antwoord: ''",
        "    antwoord: " + "[" * 2000 + "]" * 2000,
    )
    return "te diep genest"


def answers_no_utf8(werkmap: Path) -> str:
    path = werkmap / "reacties" / "antwoorden.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "    antwoord: ''", "    antwoord: Geen café", 1
    )
    path.write_bytes(text.encode("cp1252"))
    return "antwoorden.yaml is geen UTF-8-tekst"


def _comments(xml: str, encoding: str) -> bytes:
    basis = docx_with_comments(None, [("Dat is het moment", "Welk moment?", "Jan")])
    return replace_part(basis, "word/comments.xml", xml.encode(encoding))


def docx_utf16_entity(werkmap: Path) -> str:
    xml = (
        '<?xml version="1.0" encoding="UTF-16" standalone="yes"?>'
        '<!DOCTYPE w:comments [<!ENTITY x "INGESLOPEN">]>'
        f'<w:comments {W}><w:comment w:id="0" w:author="X"><w:p><w:r><w:t>&x;</w:t></w:r>'
        "</w:p></w:comment></w:comments>"
    )
    (werkmap / "reacties" / "utf16.docx").write_bytes(_comments(xml, "utf-16"))
    return "DOCTYPE of ENTITY"


def docx_broken_xml(werkmap: Path) -> str:
    xml = f'<w:comments {W}><w:comment w:id="0"><w:p></w:comment></w:comments>'
    (werkmap / "reacties" / "kapot.docx").write_bytes(_comments(xml, "utf-8"))
    return "is geen geldige XML (regel 1"


def csv_name_with_control_code(werkmap: Path) -> str:
    (werkmap / "reacties" / "\x1b[2Jkapot.csv").write_text("Naam;Wat\r\nJan;iets\r\n")
    return "\\x1b[2Jkapot.csv"


BUILD = [
    regio_alias_bom,
    regio_500_levels,
    regio_50000_braces,
    regio_long_number,
    regio_python_tag,
    regio_control_character,
    regio_half_pair,
    regio_amount_not_a_number,
    regio_long_title,
    regio_long_name,
    regio_long_kenmerk,
    blok_5000_stars,
    blok_name_with_control_code,
]
REACTIES = [
    xlsx_row_1048576,
    xlsx_column_xfd,
    xlsx_long_number,
    answers_alias_bom,
    answers_2000_deep,
    answers_no_utf8,
    docx_utf16_entity,
    docx_broken_xml,
    csv_name_with_control_code,
]


# The cases where a regression would be a hang or an exhaustion: run with a cap.
LIMITED = {
    regio_alias_bom,
    regio_500_levels,
    regio_50000_braces,
    blok_5000_stars,
    xlsx_row_1048576,
    xlsx_column_xfd,
    answers_alias_bom,
    answers_2000_deep,
    docx_utf16_entity,
}


def _check_outcome(werkmap: Path, fragment: str, before: dict, outcome) -> None:
    assert outcome.returncode is not None, f"did not finish within {SECONDS} s"
    assert outcome.returncode == 2, outcome.stderr[-3000:]
    assert fragment in outcome.stderr
    assert not [e for e in ENGLISH if e in outcome.stderr], outcome.stderr[-3000:]
    assert "\x1b" not in outcome.stderr + outcome.stdout
    assert snapshot(werkmap) == before


@pytest.fixture(scope="module")
def capped(built_example, read, tmp_path_factory) -> dict[str, tuple]:
    """Every case of ``LIMITED`` (and the sheet that claims a million rows), prepared in a
    folder of its own and run in a process of its own with the memory cap and time limit
    (``tests/capped.py``: forked from one parent that imports the package once). By case
    name: the workspace, the message fragment, the snapshot before and the outcome."""
    from tests.capped import Batch

    batch = Batch(tmp_path_factory.mktemp("uitvoer"))
    prepared = {}
    for command, source, cases in (("build", built_example, BUILD), ("reactions", read, REACTIES)):
        for case in cases:
            if case in LIMITED:
                werkmap = copy(source, tmp_path_factory.mktemp(case.__name__))
                fragment = case(werkmap)
                prepared[case.__name__] = (werkmap, fragment, snapshot(werkmap))
                batch.add(case.__name__, command, werkmap, memory=MEMORY, timeout=SECONDS)
    werkmap = copy(read, tmp_path_factory.mktemp("miljoen"))
    # Excel writes a formatted but empty cell as a cell without a value: not real content.
    formatted = '<row r="1048576"><c r="XFD1048576" s="0"/></row>'
    (werkmap / "reacties" / "verklaard.xlsx").write_bytes(_xlsx(_sheet(HEADER_ROWS + formatted)))
    prepared["miljoen"] = (werkmap, None, None)
    batch.add("miljoen", "reactions", werkmap, memory=MEMORY, timeout=SECONDS)
    outcomes = batch.run()
    return {name: (*prepared[name], outcomes[name]) for name in prepared}


def _check_refusal(source: Path, tmp_path: Path, command: str, case, request) -> None:
    if case in LIMITED:
        _check_outcome(*request.getfixturevalue("capped")[case.__name__])
        return
    werkmap = copy(source, tmp_path)
    fragment = case(werkmap)
    before = snapshot(werkmap)
    _check_outcome(werkmap, fragment, before, run_inside(command, werkmap))


@pytest.mark.slow
@pytest.mark.parametrize("case", BUILD, ids=lambda g: g.__name__)
def test_build_refuses_bad_input(built_example, tmp_path, case, request):
    _check_refusal(built_example, tmp_path, "build", case, request)


@pytest.mark.slow
@pytest.mark.parametrize("case", REACTIES, ids=lambda g: g.__name__)
def test_reactions_refuse_bad_input(read, tmp_path, case, request):
    _check_refusal(read, tmp_path, "reactions", case, request)


# --- input that is fine once cleaned ------------------------------------------------------


def _document_xml(docx: Path) -> str:
    with zipfile.ZipFile(docx) as package:
        return package.read("word/document.xml").decode("utf-8")


@pytest.mark.slow
def test_xlsx_claiming_a_million_rows_reads_only_its_real_cells(capped):
    werkmap, _, _, outcome = capped["miljoen"]  # run with the cap: see ``capped``
    assert outcome.returncode == 0, outcome.stderr[-3000:]
    assert "1 nieuwe reactie;" in outcome.stdout
    nota = _document_xml(werkmap / "build" / "nota-van-beantwoording.docx")
    assert "Noem ook de kosten van de overgang." in nota


@pytest.mark.slow
def test_control_characters_in_blocks_and_regio_yaml_become_breaks(built_example, tmp_path):
    werkmap = copy(built_example, tmp_path)
    add(
        werkmap / "content" / "regio-was-wordt.md",
        "\nEerste regel\x0btweede\x01 regel.\n",
    )
    substitute(werkmap / "regio.yaml", "kenmerk: 2021/39654", 'kenmerk: "2021/\\v39654\\x02"')
    outcome = run_inside("build", werkmap, "-f", "docx")
    assert outcome.returncode == 0, outcome.stderr[-3000:]
    xml = _document_xml(werkmap / "build" / "regiovisie.docx")
    assert 'Eerste regel</w:t><w:br/><w:t xml:space="preserve">tweede regel.' in xml
    with zipfile.ZipFile(werkmap / "build" / "regiovisie.docx") as package:
        kern = package.read("docProps/core.xml").decode("utf-8")
    assert "2021/ 39654<" in kern


@pytest.mark.slow
def test_reaction_with_control_characters_imports_and_keeps_working(read, tmp_path):
    werkmap = copy(read, tmp_path)
    (werkmap / "reacties" / "plakwerk.csv").write_text(
        NL_HEADING + 'Piet;;ouder;1.1;"Uit Excel:\x0bnieuwe regel\x01 en\x0cmeer."\r\n',
        encoding="utf-8",
    )
    for _ in range(2):  # the second run reads the stored reaction back
        outcome = run_inside("reactions", werkmap)
        assert outcome.returncode == 0, outcome.stderr[-3000:]
    nota = _document_xml(werkmap / "build" / "nota-van-beantwoording.docx")
    assert "Uit Excel:</w:t></w:r><w:r><w:br/>" in nota or "Uit Excel:</w:t><w:br/>" in nota
    answers = (werkmap / "reacties" / "antwoorden.yaml").read_text(encoding="utf-8")
    assert "Uit Excel:\n" in answers.replace("    ", "").replace("  ", "")
    assert "\x01" not in answers and "\\x01" not in answers


@pytest.mark.slow
def test_stored_reaction_with_control_characters_does_not_stop_later_runs(read, tmp_path):
    werkmap = copy(read, tmp_path)
    substitute(
        werkmap / "reacties" / "antwoorden.yaml",
        "    antwoord: ''",
        '    antwoord: "Zie\\vbijlage\\x01 twee."',
    )
    outcome = run_inside("reactions", werkmap)
    assert outcome.returncode == 0, outcome.stderr[-3000:]
    nota = _document_xml(werkmap / "build" / "nota-van-beantwoording.docx")
    assert "bijlage twee." in nota
