"""The one-way flow of STYLE.md, guarded: readers and writers never import each other,
lxml and python-docx live only under writers/, only the command layer touches the disk."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "regiovisie_builder"


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def modules(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


@pytest.mark.parametrize("path", modules("readers"), ids=lambda p: p.name)
def test_readers_do_not_import_writers_or_checks(path):
    forbidden = ("regiovisie_builder.writers", "regiovisie_builder.checks", "docx", "lxml")
    bad = {m for m in imports(path) if m.startswith(forbidden)}
    assert not bad


@pytest.mark.parametrize("path", modules("writers"), ids=lambda p: p.name)
def test_writers_do_not_import_readers_or_touch_files(path):
    found = imports(path)
    assert not {m for m in found if m.startswith("regiovisie_builder.readers")}
    assert "regiovisie_builder.werkmap" not in found
    if path.name in ("sphinx.py", "pdf.py"):
        # Sphinx and LibreOffice only work on folders: their writers use a private temporary one.
        assert "tempfile" in found
    else:
        assert "pathlib" not in found
    source = path.read_text(encoding="utf-8")
    assert not re.search(r"(?<![\w.])open\(", source)  # builtin open(); Popen( is not a file


@pytest.mark.parametrize(
    "path",
    [p for p in PACKAGE.rglob("*.py") if "writers" not in p.parts],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_raw_ooxml_only_under_writers(path):
    assert not {m for m in imports(path) if m.startswith(("docx", "lxml"))}


def test_cli_help_does_not_import_heavy_modules():
    code = (
        "import sys; from regiovisie_builder.cli import regiovisie; "
        "heavy = [m for m in ('docx', 'lxml', 'sphinx', 'markdown_it', 'jsonschema', 'openpyxl') "
        "if m in sys.modules]; print(heavy)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=PACKAGE.parent)  # fmt: skip
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


def test_cli_help_and_usage_errors_are_dutch():
    from tests.conftest import run_cli

    hulp = run_cli("--help")
    assert hulp.returncode == 0
    for tekst in ("Gebruik: regiovisie [OPTIES] OPDRACHT", "Opties:", "Opdrachten:",
                  "Toon deze hulp en stop.", "Toon het versienummer en stop."):  # fmt: skip
        assert tekst in hulp.stdout
    fout = run_cli("build", "--formaat", "odt")
    assert fout.returncode == 2
    assert "Fout: Ongeldige waarde voor '--formaat'" in fout.stderr
    assert "Typ 'regiovisie build --help' voor hulp." in fout.stderr
    onbekend = run_cli("bouw")
    assert "Fout: De opdracht 'bouw' bestaat niet." in onbekend.stderr
    # Value types and paths have Dutch names too, in errors and in help.
    getal = run_cli("build", "--alle", "-j", "abc")
    assert "'abc' is geen geldig getal." in getal.stderr
    bestand = run_cli("check", "README.md")
    assert "Ongeldige waarde voor '[MAP]': Map 'README.md' is een bestand, geen map." in (
        bestand.stderr
    )
    for opdracht in ("build", "preview", "init", "reactions", "check", "diff", "taal"):
        hulptekst = run_cli(opdracht, "--help").stdout
        for engels in ("TEXT", "INTEGER", "RANGE", "PATH", "DIRECTORY", "FILE"):
            assert engels not in hulptekst, (opdracht, engels)


def run_entry_point(*args) -> tuple[subprocess.CompletedProcess, bool]:
    """Run the console entry point in a fresh interpreter; also say whether it loaded click."""
    code = (
        "import sys\nfrom regiovisie_builder.snelstart import main\n"
        f"sys.argv = ['regiovisie', *{[str(a) for a in args]!r}]\n"
        "try:\n    main()\nfinally:\n    print('click' in sys.modules, file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=PACKAGE.parent)  # fmt: skip
    *stderr, loaded = result.stderr.rstrip("\n").split("\n")
    result.stderr = "\n".join(stderr)
    return result, loaded == "True"


def test_plain_build_runs_without_click(zkij):
    # The console entry point builds a plain `build MAP` directly; click is only for the rest.
    result, click_loaded = run_entry_point("build", zkij, "--formaat", "html")
    assert result.returncode == 0, result.stderr
    assert not click_loaded
    assert "/build/regiovisie.html (" in result.stdout
    assert (zkij / "build" / "regiovisie.html").is_file()


def test_plain_build_error_is_dutch_without_click(zkij):
    (zkij / "regio.yaml").write_text("regio: [niet gesloten\n", encoding="utf-8")
    result, click_loaded = run_entry_point("build", zkij)
    assert result.returncode == 2
    assert result.stderr.startswith("Fout in de instellingen: ")
    assert "regio.yaml" in result.stderr
    assert not click_loaded
    assert not (zkij / "build").exists()


def test_other_calls_go_through_click(zkij):
    result, click_loaded = run_entry_point("build", zkij, "--formaat", "odt")
    assert result.returncode == 2
    assert "Fout: Ongeldige waarde voor '--formaat'" in result.stderr
    assert click_loaded
