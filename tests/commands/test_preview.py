"""`regiovisie preview`: serve, rebuild on change, show errors, reload in a real browser."""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_built, copy_example, run_cli

MARK = "data-regiovisie-voorbeeld"


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Preview:
    """A running `regiovisie preview` process and what it printed."""

    def __init__(self, workspace: Path, *extra: str, root: Path = ROOT):
        env = {**os.environ, "PYTHONPATH": str(root), "PYTHONIOENCODING": "utf-8"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "regiovisie_builder", "preview", str(workspace),
             "--poort", "0", "--geen-browser", *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=root,
            # Ctrl+C as in a terminal, also when this suite runs as a background job (where
            # the shell starts it with SIGINT ignored, and the child would inherit that).
            preexec_fn=_default_sigint,
        )  # fmt: skip
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self._readers = [
            threading.Thread(target=lines.extend, args=(stream,), daemon=True)
            for stream, lines in ((self.proc.stdout, self.stdout), (self.proc.stderr, self.stderr))
        ]
        for reader in self._readers:
            reader.start()
        self.url = self._wait_for_url()

    def _wait_for_url(self) -> str:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            for line in list(self.stdout):
                if line.startswith("Voorbeeld op "):
                    return line.split()[2]
            if self.proc.poll() is not None:
                pytest.fail(f"preview stopped: {''.join(self.stdout)}{''.join(self.stderr)}")
            time.sleep(0.05)
        pytest.fail("preview did not print its address")

    def get(self, path: str = "") -> str:
        with urllib.request.urlopen(self.url + path, timeout=10) as response:
            return response.read().decode("utf-8")

    def state(self) -> dict:
        return json.loads(self.get("__voorbeeld/versie"))

    def _built(self, after: int, seconds: float) -> dict | None:
        """The state of the first build after number ``after`` served within ``seconds``."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if (state := self.state())["versie"] > after:
                return state
            time.sleep(0.05)
        return None

    def wait_for_build(self, after: int, timeout: float = 60) -> dict:
        state = self._built(after, timeout)
        if state is None:
            pytest.fail(f"no new build after version {after}: {''.join(self.stderr)}")
        return state

    def save_until_built(self, after: int, save) -> dict:
        """Call ``save`` until a build after number ``after`` is served, and return its state.
        The watcher starts just after the address is printed, so a save at that moment may
        come before it; the next save (as a writer saves again) is seen."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            save()
            if (state := self._built(after, 0.5)) is not None:
                return state
        pytest.fail(f"no new build after version {after}: {''.join(self.stderr)}")

    def wait_for_stderr(self, text: str, timeout: float = 30) -> str:
        """Everything printed to stderr once ``text`` is in it: the reader thread may get a
        line a little after the build state that the line reports is served."""
        deadline = time.monotonic() + timeout
        while text not in (printed := "".join(self.stderr)):
            if time.monotonic() > deadline:
                pytest.fail(f"{text!r} not printed to stderr: {printed}")
            time.sleep(0.05)
        return printed

    def stop(self) -> int:
        """Stop as Ctrl+C does; the exit code, once all output has been read."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        code = self.proc.wait(timeout=30)
        for reader in self._readers:
            reader.join(timeout=30)  # the pipes are closed: each reader reaches the end
        return code


@pytest.fixture(scope="module")
def built_once(tmp_path_factory) -> Path:
    """The example built once (Word and HTML), block cache with its chart drawings included."""
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path_factory.mktemp("gebouwd"))
    result = run_cli("build", werkmap, "-f", "docx", "-f", "html")
    assert result.returncode == 0, result.stderr
    return werkmap


@pytest.fixture
def built(built_once, tmp_path) -> Path:
    """A copy of the built example: a writer who starts the preview again on a workspace
    built before. Its first build takes the blocks and drawings from the block cache, so
    the test does not wait for matplotlib and Cairo (the first build from nothing is
    ``test_serves_rebuilds_long_polls_and_shows_a_failed_build``'s)."""
    return copy_built(built_once, tmp_path / "gebouwd")


@pytest.fixture
def preview(request):
    """Start previews of the test's workspace: ``built`` when the test asks for it, else
    ``zkij``."""
    werkmap = request.getfixturevalue("built" if "built" in request.fixturenames else "zkij")
    started = []

    def start(*extra, root=ROOT):
        started.append(Preview(werkmap, *extra, root=root))
        return started[-1]

    yield start
    for p in started:
        if p.proc.poll() is None:
            p.proc.kill()
            p.proc.wait()


def rename_region(workspace: Path, old: str, new: str) -> None:
    path = workspace / "regio.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_serves_rebuilds_long_polls_and_shows_a_failed_build(zkij, tmp_path, preview):
    """One preview session (a start builds Word and HTML: the costly part) through what a
    writer sees: the first build, a rebuild after a new block, the long poll of the reload
    script, a failed build and its repair."""
    p = preview()
    assert p.state() == {"versie": 1, "fout": None}
    page = p.get()
    assert "Zuid-Kennemerland en IJmond" in page
    assert MARK in page  # the reload script, in the served page only

    # The file on disk is exactly what `regiovisie build` writes.
    on_disk = (zkij / "build" / "regiovisie.html").read_bytes()
    assert MARK.encode() not in on_disk
    reference = copy_example("zuid-kennemerland-ijmond", tmp_path / "ref")
    assert run_cli("build", reference, "-f", "html").returncode == 0
    assert on_disk == (reference / "build" / "regiovisie.html").read_bytes()
    assert (zkij / "build" / "regiovisie.docx").is_file()

    # A new block: a rebuild that serves it.
    (zkij / "content" / "nieuw-blok.md").write_text(
        "---\nid: nieuw-blok\ntitel: Een nieuw blok\nhoofdstuk: inhoud\n---\n"
        "Deze zin is net toegevoegd.\n",
        encoding="utf-8",
    )
    assert p.wait_for_build(1) == {"versie": 2, "fout": None}
    assert "Deze zin is net toegevoegd." in p.get()
    assert "Deze zin is net toegevoegd." in p.get("regiovisie.html")

    # The long poll answers when the next build is done, not before.
    answer: list[dict] = []
    waiting = threading.Thread(
        target=lambda: answer.append(json.loads(p.get("__voorbeeld/versie?na=2")))
    )
    waiting.start()
    time.sleep(0.5)
    assert answer == []  # no build after number 2 yet: the request waits
    block = zkij / "content" / "regio-was-wordt.md"
    block.write_text(block.read_text(encoding="utf-8") + "\nEen zin erbij.\n", "utf-8")
    waiting.join(timeout=60)
    assert answer == [{"versie": 3, "fout": None}]
    assert "Een zin erbij." in p.get()
    # The web page comes first; the Word file follows without another reload.
    docx = zkij / "build" / "regiovisie.docx"
    deadline = time.monotonic() + 60
    while "Een zin erbij." not in zipfile.ZipFile(docx).read("word/document.xml").decode():
        assert time.monotonic() < deadline, "the Word file was not rebuilt"
        time.sleep(0.1)
    assert p.state() == {"versie": 3, "fout": None}

    # A failed build shows the error over the previous version and keeps the output.
    before = (zkij / "build" / "regiovisie.html").read_bytes()
    rename_region(zkij, "  naam: Zuid-Kennemerland en IJmond", "  naam: Zuid: Kennemerland")
    state = p.wait_for_build(3)
    assert state["fout"].startswith("Fout in de instellingen: regio.yaml is geen geldige YAML.")
    assert "regio.yaml, regel" in state["fout"]
    page = p.get()
    assert 'role="alert"' in page and "Bouwen mislukt." in page
    assert "Zuid-Kennemerland en IJmond" in page  # the previous version under the notice
    assert (zkij / "build" / "regiovisie.html").read_bytes() == before
    p.wait_for_stderr("regio.yaml is geen geldige YAML")

    rename_region(zkij, "  naam: Zuid: Kennemerland", "  naam: Zuid-Kennemerland en IJmond")
    assert p.wait_for_build(state["versie"])["fout"] is None
    assert 'role="alert"' not in p.get()
    assert p.stop() == 0
    assert "Voorbeeld gestopt." in "".join(p.stdout)


def test_no_free_port_is_a_dutch_error(zkij):
    with socket.socket() as taken:
        try:
            taken.bind(("127.0.0.1", 65535))
            taken.listen()
        except OSError:
            pass  # already taken by someone else: just as good
        result = run_cli("preview", zkij, "--poort", "65535", "--geen-browser")
    assert result.returncode == 2
    assert "Het voorbeeld kan niet starten op poort 65535" in result.stderr
    assert "--poort" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (zkij / "build").exists()


def test_missing_folder_is_a_dutch_error_without_starting(tmp_path):
    for folder, text in (
        (tmp_path / "bestaat-niet", "bestaat niet"),
        (tmp_path, "geen regio.yaml"),
    ):
        result = run_cli("preview", folder, "--poort", "0", "--geen-browser")
        assert result.returncode == 2, result.stderr
        assert text in result.stderr
        assert "Traceback" not in result.stderr and "Voorbeeld op" not in result.stdout


def test_rebuilds_when_the_shipped_templates_change(built, preview, tmp_path):
    # A copy of the toolkit, so its shipped templates can be edited as a developer would.
    toolkit = tmp_path / "toolkit"
    for name in ("regiovisie_builder", "templates", "content"):
        # With the compiled modules (still valid: copytree keeps the times of the sources),
        # so the preview process does not compile the package again.
        shutil.copytree(ROOT / name, toolkit / name)
    p = preview("--formaat", "html", root=toolkit)
    style = toolkit / "templates" / "html" / "stijl.css"

    def save() -> None:
        style.write_text(style.read_text(encoding="utf-8") + "\n.proef-regel { color: red; }\n")

    assert p.save_until_built(1, save)["fout"] is None
    assert ".proef-regel" in p.get()
    assert p.stop() == 0


def test_page_reloads_itself_in_a_browser_and_shows_the_error_in_view(built, preview, chromium):
    p = preview("--formaat", "html")
    # A page with a script of its own (as a site page has): the preview reloads it instead of
    # patching it, so its script runs again.
    (built / "build" / "eigen.html").write_text(
        '<!DOCTYPE html><html lang="nl"><head><title>Eigen</title><script>window.keer = 1'
        "</script></head><body><p>Eigen pagina</p></body></html>",
        encoding="utf-8",
    )
    page = chromium.new_page(viewport={"width": 1000, "height": 700})
    page.goto(p.url)
    assert "Zuid-Kennemerland en IJmond" in page.inner_text("body")
    own = chromium.new_page()
    own.goto(p.url + "eigen.html")
    assert own.evaluate("window.keer") == 1
    for shown in (page, own):
        shown.evaluate("window.nogDezePagina = true")
    rename_region(
        built, "  naam: Zuid-Kennemerland en IJmond", "  naam: Zuid-Kennemerland en IJmond-Oost"
    )
    page.wait_for_function(
        "document.body.innerText.includes('IJmond-Oost')", timeout=60_000, polling=200
    )
    own.wait_for_function("window.nogDezePagina === undefined && window.keer === 1", polling=100)
    # The web page is updated in place, without a navigation (which would clear the
    # window's variables); the page with its own script was reloaded.
    assert page.evaluate("window.nogDezePagina") is True
    assert page.title() and page.locator("[data-regiovisie-voorbeeld]").count() == 1
    own.close()
    # Only changed elements were replaced, and the result is the page as a fresh load.
    fresh = chromium.new_page()
    fresh.goto(p.url)
    whole = "document.documentElement.outerHTML"
    assert page.evaluate(whole) == fresh.evaluate(whole)
    fresh.close()
    # The writer reads further down the page when the build fails.
    page.evaluate("window.scrollTo(0, 3000)")
    rename_region(built, "  naam: Zuid-Kennemerland en IJmond-Oost", "  naam: Zuid: fout")
    message = page.wait_for_selector("[role=alert]", timeout=60_000)
    assert "regio.yaml is geen geldige YAML" in message.inner_text()
    assert page.evaluate("window.scrollY") > 1000  # the reload kept the place
    cell = message.bounding_box()
    assert cell["y"] == 0 and cell["height"] <= 350, cell  # at the top, in view
    page.reload()
    cell = page.wait_for_selector("[role=alert]").bounding_box()
    assert cell["y"] == 0
    page.close()
    assert p.stop() == 0


def _status(url: str, host: str | None, method: str = "GET") -> int:
    import http.client
    import urllib.parse

    address = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    try:
        path = "/__voorbeeld/versie" if method == "GET" else "/regiovisie.html"
        connection.putrequest(method, path, skip_host=True)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        return connection.getresponse().status
    finally:
        connection.close()


def test_html_only_preview_on_a_busy_port_answers_only_this_computer_and_ignores_output(
    zkij, preview
):
    """One preview of HTML only (a start builds: the costly part) for three things a writer
    does not see: a busy port, requests from other sites, files that are not sources."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        p = preview("--formaat", "html", "--poort", str(port))
        said = [r for r in p.stdout if r.startswith(f"Poort {port} is bezet")]
        assert said, p.stdout
        new = int(said[0].rsplit(" ", 1)[1].rstrip(".\n"))
        assert new > port and p.url == f"http://127.0.0.1:{new}/"
        assert "Zuid-Kennemerland en IJmond" in p.get()

    # The same preview (one start: the costly part) and DNS rebinding: a page on
    # evil.example resolves its name to 127.0.0.1 and fetches from the preview; its requests
    # carry Host: evil.example:PORT and must be refused.
    port = str(new)
    assert _status(p.url, f"127.0.0.1:{port}") == 200
    assert _status(p.url, f"localhost:{port}") == 200
    assert _status(p.url, f"LOCALHOST:{port}", "HEAD") == 200
    for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1.evil.example:{port}",
                 f"localhost:{int(port) + 1}", "", None):  # fmt: skip
        assert _status(p.url, host) == 403, host
    assert _status(p.url, f"evil.example:{port}", "HEAD") == 403

    # Output and unrelated files do not trigger a build.
    (zkij / "build" / "los.txt").write_text("x", encoding="utf-8")
    (zkij / "aantekeningen.txt").write_text("x", encoding="utf-8")
    (zkij / "content" / ".blok.md.swp").write_text("x", encoding="utf-8")
    time.sleep(1.5)
    assert p.state()["versie"] == 1
    assert not (zkij / "build" / "regiovisie.docx").exists()  # only the asked format
    assert p.stop() == 0


def test_quick_saves_show_the_page_each_time_and_build_word_once_after_them(built, preview):
    p = preview()
    docx = built / "build" / "regiovisie.docx"
    block = built / "content" / "regio-was-wordt.md"
    original = block.read_text(encoding="utf-8")
    versie = p.state()["versie"]
    for number in range(3):
        sentence = f"Snelle zin nummer {number}."
        block.write_text(original + f"\n{sentence}\n", "utf-8")
        versie = p.wait_for_build(versie)["versie"]
        assert sentence in p.get()  # the web page shows every save
        # The Word file waits until the writer has been quiet for a second.
        assert sentence not in zipfile.ZipFile(docx).read("word/document.xml").decode()
    deadline = time.monotonic() + 60
    while "Snelle zin nummer 2." not in zipfile.ZipFile(docx).read("word/document.xml").decode():
        assert time.monotonic() < deadline, "the Word file did not follow"
        time.sleep(0.1)
    time.sleep(0.5)
    assert p.state()["versie"] == versie  # the Word file does not reload the page
    assert p.stop() == 0
    printed = "".join(p.stdout)
    assert printed.count("Webpagina bijgewerkt; de andere bestanden volgen") == 3
    # One full build at the start and one after the last save, none in between.
    assert printed.count("Toetsing NvO") == 2, printed


def test_links_in_build_that_lead_outside_it_are_not_served(tmp_path):
    """build/ travels with a workspace, so a symbolic link in it may point at any file of
    the writer's computer (an SSH key), and a page in build/ (an older site version) could
    read that file from the preview's address and send it away. The preview serves only
    what lies inside build/. The server runs here in the test process, without a build:
    what it serves does not depend on how build/ was filled."""
    secret = tmp_path / "geheim.txt"
    secret.write_text("GEHEIM", encoding="utf-8")
    build = tmp_path / "werkmap" / "build"
    build.mkdir(parents=True)
    (build / "regiovisie.html").write_text("<html><body><p>Inhoud</p></body></html>", "utf-8")
    (build / "sleutel.txt").symlink_to(secret)
    (build / "pagina.html").symlink_to(secret)
    (build / "map").symlink_to(tmp_path)
    (build / "lus").symlink_to(build / "lus")
    with _serving(build) as ask:
        assert ask("GET", "/") == (200, ask("GET", "/regiovisie.html")[1])
        assert b"Inhoud" in ask("GET", "/")[1]
        for path in ("/sleutel.txt", "/pagina.html", "/map/geheim.txt", "/map/", "/lus"):
            for method in ("GET", "HEAD"):
                status, body = ask(method, path)
                assert status == 404 and b"GEHEIM" not in body, (method, path, status)


def test_a_page_that_is_no_utf8_and_a_named_pipe_get_an_answer(tmp_path, capfd):
    """build/ travels with a workspace. A page in another encoding made the preview drop
    the connection with a traceback in the terminal; a named pipe kept the request (and the
    browser) waiting for ever."""
    build = tmp_path / "build"
    build.mkdir()
    (build / "regiovisie.html").write_bytes(b"<html><body><p>caf\xe9</p></body></html>")
    os.mkfifo(build / "pijp.txt")
    with _serving(build) as ask:
        status, body = ask("GET", "/")
        assert status == 200 and "caf\ufffd" in body.decode("utf-8")
        assert ask("GET", "/pijp.txt")[0] == 404
        assert ask("HEAD", "/pijp.txt")[0] == 404
    assert "Traceback" not in capfd.readouterr().err


def test_a_build_number_too_long_for_python_is_answered_at_once(tmp_path, capfd):
    """Any web page the writer visits can ask the build number (it cannot read the answer).
    A number of 5,000 digits made int() fail: no answer, and a traceback in the terminal
    for every such request, between the build messages."""
    from regiovisie_builder.preview.server import VERSIE_PATH

    build = tmp_path / "build"
    build.mkdir()
    with _serving(build) as ask:
        status, body = ask("GET", f"{VERSIE_PATH}?na={'9' * 5000}")
    assert status == 200 and json.loads(body) == {"versie": 0, "fout": None}
    assert "Traceback" not in capfd.readouterr().err


@contextlib.contextmanager
def _serving(build: Path):
    """The preview's server over ``build`` in this process, without building; yields
    ``ask(method, path) -> (status, body)``."""
    import http.client

    from regiovisie_builder.preview import server as preview_server

    httpd = preview_server._server(preview_server.State(build), 0)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()

    def ask(method: str, path: str) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", httpd.server_address[1], timeout=5)
        try:
            connection.request(method, path)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    try:
        yield ask
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)
