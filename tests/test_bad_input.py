"""Bad input from a workspace, tried as an attacker would (issue 12).

A table of cases: a mutation of a fresh example workspace, the command, the exit code and a
fragment of the Dutch message. Every case also checks that no traceback is shown, that the
payload never ran (it would create ``PWNED``) and that nothing outside the workspace was
written. Every command runs in a subprocess with a timeout and a memory cap, so a hang or
an exhaustion fails fast instead of taking CI down.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_example

GEHEUGEN = 3 * 1024**3  # bytes of address space for one command
TIJD = 120  # seconds; every case ends within seconds when it works


def run_begrensd(*args: str | Path, cwd: Path | None = None, env: dict | None = None):
    """Run the CLI like ``run_cli``, with a memory cap and a timeout."""

    def begrens() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (GEHEUGEN, GEHEUGEN))

    omgeving = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "regiovisie_builder", *map(str, args)],
        cwd=cwd or ROOT,
        env=omgeving,
        capture_output=True,
        text=True,
        timeout=TIJD,
        preexec_fn=begrens,
    )


def payload(marker: Path) -> str:
    """Jinja that runs a shell command when a template is rendered outside the sandbox."""
    return f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}"


def zet_in_sjabloon(werkmap: Path, naam: str, tekst: str, regel: int = 3) -> None:
    """A workspace copy of shipped template ``naam`` with ``tekst`` inserted as line ``regel``."""
    regels = (ROOT / "templates" / naam).read_text(encoding="utf-8").split("\n")
    regels.insert(regel - 1, tekst)
    doel = werkmap / "templates" / naam
    doel.parent.mkdir(parents=True, exist_ok=True)
    doel.write_text("\n".join(regels), encoding="utf-8")


def blok(werkmap: Path, tekst: str, naam: str = "aanval.md") -> Path:
    """A workspace block that sits in the first chapter of the regiovisie."""
    pad = werkmap / "content" / naam
    pad.parent.mkdir(parents=True, exist_ok=True)
    pad.write_text(
        f"---\nid: aanval\ntitel: Aanval\nhoofdstuk: inleiding\n---\n{tekst}\n", encoding="utf-8"
    )
    return pad


@dataclass(frozen=True)
class Geval:
    naam: str
    wijzig: Callable[[Path, Path], None]  # (werkmap, marker) -> None
    args: tuple[str, ...]  # after the workspace: build WERKMAP ARGS
    code: int
    melding: str
    opdracht: str = "build"
    traag: bool = False


GEVALLEN = [
    # 1. Workspace templates are rendered in the sandbox.
    Geval(
        "html-layout-runs-code",
        lambda w, m: zet_in_sjabloon(w, "html/document.html", payload(m)),
        ("-f", "html"),
        2,
        "templates/html/document.html, regel 3: dit is niet toegestaan in een sjabloon",
    ),
    Geval(
        "html-layout-syntax-error",
        lambda w, m: zet_in_sjabloon(w, "html/document.html", "{% if meta %}"),
        ("-f", "html"),
        2,
        "templates/html/document.html, regel",
    ),
    Geval(
        "html-layout-unknown-filter",
        lambda w, m: zet_in_sjabloon(w, "html/document.html", "{{ meta | onbekend }}"),
        ("-f", "html"),
        2,
        "templates/html/document.html, regel 3: de Jinja-opmaak klopt niet: onbekend filter",
    ),
    Geval(
        "html-layout-huge-number",
        lambda w, m: zet_in_sjabloon(w, "html/document.html", "{{ 9**999999999 }}"),
        ("-f", "html"),
        2,
        "templates/html/document.html, regel 3: een getal wordt te groot",
    ),
    Geval(
        "site-index-runs-code",
        lambda w, m: zet_in_sjabloon(w, "site/versies.html", payload(m)),
        ("-f", "site"),
        2,
        "templates/site/versies.html, regel 3: dit is niet toegestaan in een sjabloon",
        traag=True,
    ),
    Geval(
        "site-layout-runs-code",
        lambda w, m: zet_in_sjabloon(w, "site/layout.html", payload(m), regel=4),
        ("-f", "site"),
        2,
        "templates/site/layout.html, regel 4: dit is niet toegestaan in een sjabloon",
        traag=True,
    ),
]


def _bestanden(map_: Path) -> dict[str, bytes]:
    return {
        p.relative_to(map_).as_posix(): p.read_bytes()
        for p in sorted(map_.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


@pytest.mark.parametrize(
    "geval",
    [pytest.param(g, marks=[pytest.mark.slow] if g.traag else []) for g in GEVALLEN],
    ids=lambda g: g.naam,
)
def test_bad_input_is_refused_in_dutch(geval: Geval, tmp_path: Path):
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path / "regio")
    elders = tmp_path / "elders"
    elders.mkdir()
    (elders / "index.html").write_text("niet aankomen", encoding="utf-8")
    marker = tmp_path / "PWNED"
    geval.wijzig(werkmap, marker)
    buiten_voor = _bestanden(tmp_path / "elders")

    uitkomst = run_begrensd(geval.opdracht, werkmap, *geval.args)

    assert uitkomst.returncode == geval.code, uitkomst.stdout + uitkomst.stderr
    assert geval.melding in uitkomst.stderr, uitkomst.stderr
    assert "Traceback" not in uitkomst.stderr
    assert not marker.exists(), "the payload ran"
    assert _bestanden(tmp_path / "elders") == buiten_voor
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elders", "regio"]
