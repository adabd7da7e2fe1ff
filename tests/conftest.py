"""Shared fixtures: the repository root, example workspaces copied to a temp dir, the CLI."""

from __future__ import annotations

import contextlib
import inspect
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


# Where a test's own source calls one of these, it needs a tool outside Python: it gets the
# ``extern`` marker at collection, so ``-m "not extern"`` leaves it out without anyone having
# to remember the decorator.
EXTERN_CALLS = ("require_tool(", "browser.", "chromium(", "vnu(", "axe_bron(")
_MISSING_PREFIX = "external tool missing: "


# Whether this process has bytecode writing off (``PYTHONDONTWRITEBYTECODE``); the
# collection turns it on for its own time (``pytest_collectstart``).
_NO_BYTECODE = sys.dont_write_bytecode


def pytest_configure(config) -> None:
    """Keep compiled code, as Python does by default, where ``PYTHONDONTWRITEBYTECODE`` is
    set (as on our 2-core test machine): nothing compiled was kept there.

    - The package is compiled once, as ``pip install`` does for an installed one. Many tests
      start Python processes that import it (the CLI as a user starts it, the preview, the
      capped runs, the helper process tests), and each of them compiled all of the package's
      modules again: about 10 s of a run. Only pytest's main process does this (the
      pytest-xdist workers start after it); ``compile_dir`` skips modules whose bytecode is
      current.
    - pytest keeps the test modules it rewrote for its assertions (in ``tests/__pycache__``)
      only when bytecode may be written. Without them each worker rewrote every test module
      on every run: collection took 2.9 s of CPU instead of 1.4 s. Writing is on while a
      process collects (``pytest_collectstart`` to ``pytest_collection_finish``): in the
      workers, or in pytest's own process without pytest-xdist.
    """
    if _NO_BYTECODE and not hasattr(config, "workerinput"):
        import compileall

        compileall.compile_dir(ROOT / "regiovisie_builder", quiet=1)


def pytest_collectstart(collector) -> None:
    sys.dont_write_bytecode = False


def pytest_collection_finish(session) -> None:
    sys.dont_write_bytecode = _NO_BYTECODE


def require_tool(name: str) -> str:
    """Path of an external tool; skip when absent on a laptop, fail when absent in CI."""
    path = shutil.which(name)
    if path is None:
        missing_tool(name)
    return path


def missing_tool(name: str) -> None:
    """Skip (laptop) or fail (CI) a test that needs ``name``, which is not installed."""
    if IN_CI:
        pytest.fail(f"{name} is required in CI but not installed (see .ci/run)")
    pytest.skip(f"{_MISSING_PREFIX}{name}")


def _uses_external_tool(function, seen: dict[object, bool]) -> bool:
    """Whether ``function``'s source, or a helper of its own module that it calls (followed
    through further helpers), uses an external tool."""
    if function in seen:
        return seen[function]
    seen[function] = False  # a helper that calls itself (or a cycle) ends here
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        return False
    found = any(call in source for call in EXTERN_CALLS)
    if not found:
        module = getattr(function, "__module__", None)
        for name, value in getattr(function, "__globals__", {}).items():
            if (
                inspect.isfunction(value)
                and value is not function
                and value.__module__ == module
                and f"{name}(" in source
                and _uses_external_tool(value, seen)
            ):
                found = True
                break
    seen[function] = found
    return found


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test whose source (or a helper it calls) uses an external tool as
    ``extern``."""
    seen: dict[object, bool] = {}
    for item in items:
        function = getattr(item, "function", None)
        if function is None:
            continue
        # A test that gets its browser from a ``chromium`` fixture needs it as much.
        if _uses_external_tool(function, seen) or "chromium" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.extern)
    # Modules with many tests that start external tools or are slow run first, so that under
    # xdist (--dist loadfile: one module on one worker) no heavy module starts last and runs
    # alone at the end while the other core idles. The order within a module is kept.
    weight: Counter[str] = Counter(
        item.nodeid.split("::")[0]
        for item in items
        if item.get_closest_marker("extern") or item.get_closest_marker("slow")
    )
    items.sort(key=lambda item: -weight[item.nodeid.split("::")[0]])


def pytest_terminal_summary(terminalreporter) -> None:
    """One line that says which external tools were missing and how to get them."""
    tools: set[str] = set()
    count = 0
    for report in terminalreporter.stats.get("skipped", []):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else ""
        if _MISSING_PREFIX in reason:
            count += 1
            tools.add(reason.split(_MISSING_PREFIX, 1)[1].strip())
    if tools:
        terminalreporter.write_line(
            f"{count} tests skipped because these tools are missing: {', '.join(sorted(tools))}."
            " Install them with the apt-get and npm steps of .ci/run (CI=true makes this a"
            " failure).",
            yellow=True,
            bold=True,
        )


def run_cli_subprocess(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m regiovisie_builder ARGS`` in a new process, as a user would.

    For tests where the process itself is what is tested: the console entry point, the
    Word helper process, signals, resource limits, start-up imports.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "regiovisie_builder", *map(str, args)],
        cwd=cwd or ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@contextlib.contextmanager
def listening():
    """A web server on 127.0.0.1 that answers 404 to everything and notes each request:
    yields (its address, the requests as "METHOD /path"). For tests that show a program
    fetches nothing from an address named in a file."""
    import http.server
    import threading

    asked: list[str] = []

    class Listener(http.server.BaseHTTPRequestHandler):
        def _note(self) -> None:
            asked.append(f"{self.command} {self.path}")
            self.send_response(404)
            self.end_headers()

        do_GET = do_HEAD = do_OPTIONS = do_PROPFIND = _note  # noqa: N815

        def log_message(self, format, *args):  # noqa: A002
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Listener)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", asked
    finally:
        server.shutdown()
        server.server_close()


GIB = 1024 * 1024 * 1024


def run_cli_capped(
    *args: str | Path, memory: int = GIB, timeout: float = 60
) -> subprocess.CompletedProcess:
    """``python -m regiovisie_builder ARGS`` in a new process with a memory cap and a time
    limit: where accepting a bomb would exhaust the machine or hang, the test fails fast.
    (Many such cases in one test: ``tests/capped.py`` starts them cheaper.)"""
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "regiovisie_builder", *map(str, args)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, preexec_fn=limit,
    )  # fmt: skip


def run_cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the ``regiovisie`` command in this process and report it like a subprocess.

    The same entry point as the console script (``cli.main``), with argv, working
    folder, stdout and stderr of its own; a ``SystemExit`` becomes the return code. The Word
    helper process is not forked here (the test process may hold threads); the helper has
    its own tests through ``run_cli_subprocess``.
    """
    import contextlib
    import io

    from regiovisie_builder import cli, helper_process

    stdout, stderr = io.StringIO(), io.StringIO()
    old_folder, old_argv = Path.cwd(), sys.argv
    returncode = 0
    try:
        os.chdir(cwd or ROOT)
        sys.argv = ["regiovisie", *map(str, args)]
        with (
            contextlib.redirect_stdout(stdout),
            contextlib.redirect_stderr(stderr),
            pytest.MonkeyPatch.context() as patch,
        ):
            patch.setattr(helper_process, "_cores", lambda: 1)
            try:
                cli.main()
            except SystemExit as end:
                code = end.code
                if code is None:
                    returncode = 0
                elif isinstance(code, int):
                    returncode = code
                else:
                    stderr.write(f"{code}\n")
                    returncode = 1
    finally:
        sys.argv = old_argv
        os.chdir(old_folder)
    return subprocess.CompletedProcess(
        ["regiovisie", *map(str, args)], returncode, stdout.getvalue(), stderr.getvalue()
    )


def copy_example(name: str, dest: Path) -> Path:
    """A fresh copy of an example workspace, without build output."""
    target = dest / name
    shutil.copytree(EXAMPLES / name, target, ignore=shutil.ignore_patterns("build", "versies"))
    return target


def copy_built(werkmap: Path, dest: Path) -> Path:
    """A copy of a built or published workspace into ``dest``, build output, versions and
    kept caches included (a copy costs a fraction of a build)."""
    target = dest / werkmap.name
    shutil.copytree(werkmap, target, symlinks=True)
    return target


def restore_built(snapshot: Path, werkmap: Path) -> Path:
    """Put ``snapshot`` (a ``copy_built`` of a built workspace) back into ``werkmap``, the
    folder it was built in. The build cache and Sphinx's kept state are tied to that folder
    (their keys hold its paths), so a test of a rebuild starts as a user who built before;
    in a new folder it would get one full build."""
    shutil.rmtree(werkmap)
    shutil.copytree(snapshot, werkmap, symlinks=True)
    return werkmap


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium per test process (per pytest-xdist worker), started for the
    first test that asks for it; each test opens a page or context of its own and closes it.
    Starting Chromium (with Playwright's driver) and its first page costs about 0.7 s of
    CPU, more than most checks that run in it."""
    from tests.writers import browser

    with browser.chromium() as started:
        yield started


@pytest.fixture
def zkij(tmp_path: Path) -> Path:
    """A copy of the Zuid-Kennemerland en IJmond example workspace."""
    return copy_example("zuid-kennemerland-ijmond", tmp_path)


@pytest.fixture
def rijnmond(tmp_path: Path) -> Path:
    """A copy of the Rotterdam Rijnmond example workspace."""
    return copy_example("rotterdam-rijnmond", tmp_path)


def load_yaml(text: str):
    """``yaml.safe_load`` through libyaml (PyYAML's C loader): the same data, eight times
    faster than the pure-Python loader on regio.yaml."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def dump_yaml(data) -> str:
    """``yaml.safe_dump`` through libyaml, block style and key order kept (for both examples'
    regio.yaml the same text as the pure-Python dumper)."""
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False)


def edit_yaml(werkmap: Path, change) -> None:
    """Load regio.yaml, let ``change(data)`` modify it, write it back."""
    path = werkmap / "regio.yaml"
    data = load_yaml(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(dump_yaml(data), encoding="utf-8")


@pytest.fixture(scope="session")
def built_example(tmp_path_factory) -> Path:
    """The example Zuid-Kennemerland en IJmond (it has a chart) after one default build,
    made once per test process. Read-only: a test that changes files works on a copy."""
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path_factory.mktemp("gebouwd"))
    outcome = run_cli("build", werkmap)
    assert outcome.returncode == 0, outcome.stderr
    return werkmap


@pytest.fixture(scope="session")
def built_examples(tmp_path_factory) -> dict[str, Path]:
    """Both example workspaces built once per test process, for tests that only read the
    output: Word and HTML with the raadsstukken, and the opinienota as Word. Read-only: a
    test that changes files copies the workspace first (shutil.copytree)."""
    built = {}
    for name in ("zuid-kennemerland-ijmond", "rotterdam-rijnmond"):
        werkmap = copy_example(name, tmp_path_factory.mktemp(name))
        for options in (
            ("-f", "docx", "-f", "html", "--raadsstukken"),
            ("--soort", "opinienota", "-f", "docx"),
        ):
            result = run_cli("build", werkmap, *options)
            assert result.returncode == 0, result.stderr
        built[name] = werkmap
    return built


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files of the templates the sandbox compiles (not taken from a cache)."""
    from regiovisie_builder import sandbox

    files: list[str] = []
    real = sandbox.Sandbox.compile

    def compile_(self, source, name=None, filename=None, *args, **kwargs):
        files.append(str(filename))
        return real(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(sandbox.Sandbox, "compile", compile_)
    return files


def as_new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget what a process keeps in memory, as a new process starts: the block caches it
    loaded and the templates it compiled."""
    from regiovisie_builder import blok_cache, sandbox
    from regiovisie_builder.writers.site import extension

    monkeypatch.setattr(blok_cache, "_MEMORY", {})
    monkeypatch.setattr(sandbox._WRITE_TEMPLATES, "_stored", {})
    monkeypatch.setattr(extension.COMPILED, "_stored", {})


# A YAML "billion laughs": nine lines, each a list of nine references to the line before,
# so the last anchor (``i``) stands for 9**9 values once expanded.
ALIAS_BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{before}'] * 9) if before else ', '.join(['x'] * 9)}]\n"
    for before, name in zip([None, *"abcdefgh"], "abcdefghi", strict=True)
)
