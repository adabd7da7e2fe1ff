"""The user guide builds with MkDocs in strict mode and documents every regio.yaml key."""

import importlib.util
import subprocess
import sys
from pathlib import Path

from regiovisie_builder.readers.sjablonen import FILTERS
from tests.conftest import missing_tool

ROOT = Path(__file__).resolve().parent.parent


def test_guide_builds_strict_with_generated_tables(tmp_path):
    # The guide is built with this interpreter's mkdocs (``python -m``), so that is what must
    # be importable; whether a ``mkdocs`` script is on PATH does not matter (a venv without
    # its bin/ on PATH).
    if importlib.util.find_spec("mkdocs") is None:
        missing_tool('mkdocs (pip install -e ".[dev]")')
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    regio = (site / "regio-yaml" / "index.html").read_text(encoding="utf-8")
    for key in ("contractering.publicatie", "governance.aanspreekpunt.naam",
                "proces.betrokkenen[].groep", "tarieven.kostprijselementen"):  # fmt: skip
        assert f"<code>{key}</code>" in regio
    blokken = (site / "blokken" / "index.html").read_text(encoding="utf-8")
    for naam in FILTERS:
        assert f"| {naam}" in blokken, naam


def test_schema_command_prints_json_schema():
    import json

    result = subprocess.run(
        [sys.executable, "-m", "regiovisie_builder", "schema"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    schema = json.loads(result.stdout)
    assert schema["properties"]["inkoop"]["properties"]["model"]["enum"] == [
        "lokaal_tenzij", "regionaal", "regionaal_tenzij",
    ]  # fmt: skip


def test_every_filter_and_function_has_a_dutch_explanation():
    from regiovisie_builder.readers.sjablonen import FUNCTIES, UITLEG

    assert set(UITLEG) == set(FILTERS) | set(FUNCTIES)
