"""The user guide builds with MkDocs in strict mode and documents every regio.yaml key."""

import importlib.util
import subprocess
import sys
from pathlib import Path

from regiovisie_builder.readers.templates import FILTERS
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
    for name in FILTERS:
        assert f"| {name}" in blokken, name

    # Self-contained: works offline, nothing loaded from elsewhere; the hook is no page.
    import re

    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        extern = re.findall(
            r"<(?:script|link|img|iframe)\b[^>]*(?:src|href)=\"(?:https?:)?//", text
        )
        assert extern == [], page
    assert not list(site.rglob("hooks.py")) and not list(site.rglob("hooks*"))


def _sections(text: str) -> dict[str, str]:
    """The text of each '## regiovisie <command>' section of the guide."""
    import re

    parts = re.split(r"^## regiovisie (\S+)\s*$", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_every_command_and_option_is_in_the_guide():
    import click

    from regiovisie_builder.cli import regiovisie

    text = (ROOT / "docs" / "opdrachten.md").read_text(encoding="utf-8")
    sections = _sections(text)
    missing = []
    for name, command in regiovisie.commands.items():
        if name not in sections:
            missing.append(f"regiovisie {name}")
            continue
        for option in command.params:
            if not isinstance(option, click.Option) or option.hidden:
                continue
            for shape in (*option.opts, *option.secondary_opts):
                if f"`{shape}" not in sections[name]:
                    missing.append(f"regiovisie {name} {shape}")
    for option in regiovisie.params:
        for shape in getattr(option, "opts", ()):
            if shape.startswith("--") and f"`regiovisie {shape}`" not in text:
                missing.append(f"regiovisie {shape}")
    assert missing == []


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
    from regiovisie_builder.readers.templates import FUNCTIONS, GUIDANCE

    assert set(GUIDANCE) == set(FILTERS) | set(FUNCTIONS)
