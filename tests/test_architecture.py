"""The one-way flow of STYLE.md, guarded: readers and writers never import each other,
lxml and python-docx live only under writers/, only the command layer touches the disk."""

import ast
import functools
import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "regiovisie_builder"


@functools.cache  # each module is parsed once, whichever rules look at it
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


@functools.cache
def imports(path: Path) -> frozenset[str]:
    tree = _tree(path)
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return frozenset(found)


def modules(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


@pytest.mark.parametrize("path", modules("readers"), ids=lambda p: p.name)
def test_readers_do_not_import_writers_or_checks(path):
    forbidden = ("regiovisie_builder.writers", "regiovisie_builder.checks", "docx")
    bad = {m for m in imports(path) if m.startswith(forbidden)}
    assert not bad
    # Readers of Word files from outside may use lxml, always through a hardened parser.
    if any(m.startswith("lxml") for m in imports(path)):
        source = path.read_text(encoding="utf-8")
        assert "resolve_entities=False" in source and "no_network=True" in source
        assert "etree.parse(" not in source and "etree.XML(" not in source


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
    found = {m for m in imports(path) if m.startswith(("docx", "lxml"))}
    if path.name == "docx_import.py":
        # STYLE 3: a reader of Word files from outside may read them with lxml (through the
        # hardened parser, see test_readers_do_not_import_writers_or_checks); never python-docx.
        found = {m for m in found if not m.startswith("lxml")}
    assert not found


def test_cli_gives_back_the_garbage_collector_settings(zkij):
    """A build runs with a larger young generation of the garbage collector (``cli.main``);
    a caller in a longer-running process (the tests, the preview's builds) gets its own
    settings back, also when the command fails."""
    import gc

    from tests.conftest import run_cli

    before = gc.get_threshold()
    assert run_cli("build", zkij).returncode == 0
    assert gc.get_threshold() == before
    assert run_cli("build", zkij / "bestaat-niet").returncode == 2
    assert gc.get_threshold() == before


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

    helper = run_cli("--help")
    assert helper.returncode == 0
    for text in ("Gebruik: regiovisie [OPTIES] OPDRACHT", "Opties:", "Opdrachten:",
                  "Toon deze hulp en stop.", "Toon het versienummer en stop."):  # fmt: skip
        assert text in helper.stdout
    error = run_cli("build", "--formaat", "odt")
    assert error.returncode == 2
    assert "Fout: Ongeldige waarde voor '--formaat'" in error.stderr
    assert "Typ 'regiovisie build --help' voor hulp." in error.stderr
    unknown = run_cli("bouw")
    assert "Fout: De opdracht 'bouw' bestaat niet." in unknown.stderr
    # Value types and paths have Dutch names too, in errors and in help.
    number = run_cli("build", "--alle", "-j", "abc")
    assert "'abc' is geen geldig getal." in number.stderr
    file = run_cli("check", "README.md")
    assert "Ongeldige waarde voor '[MAP]': Map 'README.md' is een bestand, geen map." in (
        file.stderr
    )
    for command in ("build", "preview", "init", "reactions", "check", "diff", "taal"):
        help_text = run_cli(command, "--help").stdout
        for english in ("TEXT", "INTEGER", "RANGE", "PATH", "DIRECTORY", "FILE"):
            assert english not in help_text, (command, english)


# The layers of CONTRIBUTING.md, bottom (0) to top. A module may import from its own layer
# and the layers below it, never from above. Subpackages take their folder's layer.
LAYERS = {
    "__init__": 0,  # __version__
    "errors": 0,
    "model": 0,
    "nvo": 0,
    "dutch": 0,
    "sources": 0,
    "keywords": 0,
    "folders": 0,  # walking a folder tree without recursion
    "schema": 1,
    "readers": 1,
    "sandbox": 1,
    "blok_cache": 1,  # what the readers cache; written through opslag by its caller
    "sitecache": 1,  # Sphinx's state between site builds; saved with the block cache
    "transforms": 2,
    "checks": 3,
    "writers": 4,
    "consultatie": 5,
    "storage": 6,
    "werkmap": 6,
    "build_cache": 6,
    "helper_process": 6,
    "versies": 6,
    "pipeline": 7,
    "site_publication": 7,
    "werkmap_build": 8,
    "preview": 9,
    "commands": 10,
    "cli_language": 0,  # a table of texts
    "cli": 11,
    "__main__": 12,
}


def layer(module: str) -> int | None:
    """The layer of a module of ours (``regiovisie_builder.x.y``), None for other modules."""
    parts = module.split(".")
    if parts[0] != "regiovisie_builder":
        return None
    if len(parts) == 1:
        return 0
    assert parts[1] in LAYERS, f"{module}: new top-level module, give it a layer in LAGEN"
    return LAYERS[parts[1]]


def own_imports(path: Path) -> set[str]:
    """Every module of ours that ``path`` imports, ``from regiovisie_builder import x`` as x."""
    found = set()
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module == "regiovisie_builder":
            found |= {f"regiovisie_builder.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return {m for m in found if m.startswith("regiovisie_builder")}


def _module(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)


@pytest.mark.parametrize(
    "path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_imports_run_one_way(path):
    own = layer(_module(path))
    up = {m for m in own_imports(path) if m != "regiovisie_builder.__version__" and layer(m) > own}
    assert not up, f"{_module(path)} (layer {own}) imports upwards: {sorted(up)}"


@pytest.mark.parametrize("path", modules("commands"), ids=lambda p: p.name)
def test_commands_do_not_import_each_other(path):
    assert not {m for m in own_imports(path) if m.startswith("regiovisie_builder.commands.")}


def test_a_wrong_way_import_is_caught(tmp_path):
    # The rule itself: a model module importing the pipeline would be refused.
    bad = tmp_path / "model.py"
    bad.write_text("from regiovisie_builder.pipeline import read\n", encoding="utf-8")
    assert layer("regiovisie_builder.model") < max(layer(m) for m in own_imports(bad))


@pytest.mark.parametrize(
    "path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_only_cli_imports_click(path):
    if path.name != "cli.py":
        assert not {m for m in imports(path) if m == "click" or m.startswith("click.")}


def test_console_entry_point_builds_and_reports_errors_in_dutch(zkij):
    from tests.conftest import run_cli_subprocess

    result = run_cli_subprocess("build", zkij, "--formaat", "html")
    assert result.returncode == 0, result.stderr
    assert "/build/regiovisie.html (" in result.stdout
    (zkij / "regio.yaml").write_text("regio: [niet gesloten\n", encoding="utf-8")
    result = run_cli_subprocess("build", zkij)
    assert result.returncode == 2
    assert result.stderr.startswith("Fout in de instellingen: ")
    assert "Traceback" not in result.stderr
