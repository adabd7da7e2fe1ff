"""The live preview (``regiovisie preview``): a local server and a watcher while the
workgroup writes.

Builds the workspace, serves ``build/`` on 127.0.0.1 and builds again whenever regio.yaml, a
block or a template in the workspace changes (watched with watchfiles). The page in the
browser asks a small endpoint for the build number and reloads itself after every build.
When a build fails the previous output stays as it is (as with ``build``) and the page shows
the Dutch error above it, with file and line.

Only the page as it is served gets the reload script and the error notice: the files in
``build/`` are exactly what ``regiovisie build`` writes.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import http.server
import json
import sys
import threading
from pathlib import Path

from regiovisie_builder.build_cache import BuildOptions
from regiovisie_builder.errors import BuildError, ConfigError, RegiovisieError

VERSIE_PATH = "/__voorbeeld/versie"

# Asks for the build number and shows the new build when it changes. With ``?na=N`` the
# server answers as soon as a build after number N is done (a long poll): no polling delay.
# A page without scripts of its own (the web page of ``build``) is updated in place: the new
# page is fetched and only the elements that changed are replaced (``bij``), so the browser
# lays out one section again, not a whole long document, and the scroll position stays. A
# page with scripts of its own (a site page) is reloaded, so its scripts run again; so is any
# page whose update fails.
RELOAD_SCRIPT = f"""<script data-regiovisie-voorbeeld>
(() => {{
  let bekend = null;
  const eigen = "script:not([data-regiovisie-voorbeeld])";
  async function toon() {{
    if (document.querySelector(eigen)) {{ location.reload(); return false; }}
    const antwoord = await fetch(location.href, {{cache: "no-store"}});
    const nieuw = new DOMParser().parseFromString(await antwoord.text(), "text/html");
    if (!antwoord.ok || nieuw.querySelector(eigen)) {{ location.reload(); return false; }}
    if (!document.head.isEqualNode(nieuw.head)) document.head.replaceWith(nieuw.head);
    bij(document.body, nieuw.body);
    return true;
  }}
  function bij(oud, nieuw) {{
    const a = [...oud.childNodes], b = [...nieuw.childNodes];
    if (a.length !== b.length) {{ oud.replaceChildren(...b); return; }}
    a.forEach((x, i) => {{
      const y = b[i];
      if (x.isEqualNode(y)) return;
      if (x.nodeType === 1 && x.cloneNode(false).isEqualNode(y.cloneNode(false))) bij(x, y);
      else x.replaceWith(y);
    }});
  }}
  async function kijk() {{
    let pauze = 0;
    try {{
      const na = bekend === null ? "" : `?na=${{bekend}}`;
      const antwoord = await fetch(`{VERSIE_PATH}${{na}}`, {{cache: "no-store"}});
      const {{versie}} = await antwoord.json();
      if (bekend !== null && versie !== bekend) {{
        try {{ if (!(await toon())) return; }} catch (fout) {{ location.reload(); return; }}
      }}
      bekend = versie;
    }} catch (fout) {{ pauze = 500; /* the preview was stopped; try again */ }}
    setTimeout(kijk, pauze);
  }}
  kijk();
}})();
</script>"""
# How long a long poll waits for a new build before it answers with the current number.
LONG_WAITING = 20.0
# After a change only the web page is built, so the browser shows the new text at once.
# The other formats (the Word file) follow when the sources have been quiet this long: a
# writer who saves again and again does not wait for a Word file the next save replaces.
QUIET_MS = 1000
_REST = "de andere bestanden volgen als u een seconde niets opslaat."

# Fixed at the top: the browser keeps the scroll position over a reload, so a notice in the
# flow of the page would push the page down and sit above the visible part.
_MESSAGE_STYLE = (
    "position:fixed;top:0;left:0;right:0;z-index:2147483647;max-height:50vh;overflow:auto;"
    "margin:0;padding:1rem 1.5rem;background:#fff4f4;color:#5c0000;"
    "border-bottom:4px solid #b00020;font-family:system-ui,sans-serif;"
    "box-shadow:0 4px 12px rgba(0,0,0,.3)"
)
ATTEMPTS = 20  # ports tried after a busy one


def error_message(error: str) -> str:
    """The notice shown above the page when the last build failed."""
    return (
        f'<div role="alert" data-regiovisie-voorbeeld style="{_MESSAGE_STYLE}">'
        "<p><strong>Bouwen mislukt.</strong> U ziet hieronder de vorige versie. "
        "Herstel de fout en sla het bestand op; de pagina laadt dan vanzelf opnieuw.</p>"
        f'<pre style="white-space:pre-wrap;margin:0">{html.escape(error)}</pre></div>'
    )


def empty_page(error: str | None) -> str:
    """The page served before there is any output: waiting, or the error of the first build."""
    text = "Het document wordt gebouwd." if error is None else "Er is nog geen document."
    return (
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
        "<title>Voorbeeld regiovisie</title></head><body>"
        f"<main><h1>Voorbeeld</h1><p>{text}</p></main></body></html>"
    )


def with_preview(page: str, error: str | None) -> str:
    """``page`` with the error notice (if any) after ``<body>`` and the reload script."""
    if error is not None:
        begin = page.find("<body")
        end = page.find(">", begin) + 1 if begin >= 0 else 0
        page = page[:end] + error_message(error) + page[end:]
    spot = page.rfind("</body>")
    spot = spot if spot >= 0 else len(page)
    return page[:spot] + RELOAD_SCRIPT + page[spot:]


class State:
    """What the server shows: the build number and the error of the last build, if any."""

    def __init__(self, build: Path):
        self.build = build
        self.versie = 0
        self.error: str | None = None
        self._slot = threading.Condition()

    def done(self, error: str | None) -> None:
        with self._slot:
            self.versie += 1
            self.error = error
            self._slot.notify_all()

    def wait(self, after: int, elapsed: float = LONG_WAITING) -> None:
        """Wait until there is a build after number ``after`` (at most ``elapsed`` seconds)."""
        with self._slot:
            self._slot.wait_for(lambda: self.versie != after, elapsed)

    def standing(self) -> tuple[int, str | None]:
        with self._slot:
            return self.versie, self.error

    def page(self) -> str | None:
        """The name of the HTML document in build/, if there is one."""
        found = sorted(p.name for p in self.build.glob("*.html"))
        if "regiovisie.html" in found:
            return "regiovisie.html"
        return found[0] if found else None


class _Requests(http.server.SimpleHTTPRequestHandler):
    """Serves build/, the build number, and HTML pages with the preview additions."""

    state: State
    server: http.server.ThreadingHTTPServer  # always the one ``_server`` makes (a TCP address)

    def log_message(self, format, *args):  # noqa: A002 (signature of the base class)
        pass

    def _send(self, content: bytes, soort: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", soort)
        self.send_header("Content-Length", str(len(content)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(content)

    def _host_allowed(self) -> bool:
        """Only this computer by name: a DNS-rebinding page elsewhere sends its own Host."""
        host = (self.headers.get("Host") or "").strip().lower()
        port = self.server.server_address[1]
        allowed = {f"127.0.0.1:{port}", f"localhost:{port}"}
        if port == 80:
            allowed |= {"127.0.0.1", "localhost"}
        return host in allowed

    def _refuse(self) -> None:
        content = b"Alleen te bekijken via 127.0.0.1 of localhost op deze computer."
        self.send_response(403)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(content)

    def _refused(self, path: str) -> bool:
        """Whether ``path`` leads out of build/ through a symbolic link, or to something
        that is neither a file nor a folder. build/ travels with a workspace, so a link in
        it may point at any file of the writer's computer, and a page in build/ (an older
        site version) could read that file from this address; a named pipe would keep the
        answer waiting for ever."""
        build = self.state.build.resolve()
        try:
            file = Path(self.translate_path(path)).resolve()
            odd = file.exists() and not (file.is_file() or file.is_dir())
        except (OSError, RuntimeError):  # a loop of links (RuntimeError before Python 3.13)
            return True
        return odd or (file != build and build not in file.parents)

    def do_HEAD(self) -> None:  # noqa: N802 (name required by http.server)
        if not self._host_allowed():
            self._refuse()
            return
        if self._refused(self.path.partition("?")[0]):
            self.send_error(404)
            return
        super().do_HEAD()

    def do_GET(self) -> None:  # noqa: N802 (name required by http.server)
        if not self._host_allowed():
            self._refuse()
            return
        path, _, question = self.path.partition("?")
        after = question.removeprefix("na=") if question.startswith("na=") else ""
        # Any page the writer visits can ask this address; a number too long for int()
        # would put a traceback in the terminal: answer it at once, as without one.
        if path == VERSIE_PATH and after.isascii() and after.isdigit() and len(after) <= 18:
            self.state.wait(int(after))
        versie, error = self.state.standing()
        if path == VERSIE_PATH:
            answer = json.dumps({"versie": versie, "fout": error}, ensure_ascii=False)
            self._send(answer.encode("utf-8"), "application/json; charset=utf-8")
            return
        if path == "/":
            name = self.state.page()
            if name is None:
                self._send(with_preview(empty_page(error), error).encode(), "text/html")
                return
            path = f"/{name}"
        if self._refused(path):
            self.send_error(404)
            return
        file = Path(self.translate_path(path))
        if file.suffix == ".html" and file.is_file():
            page = file.read_bytes().decode("utf-8", errors="replace")
            self._send(with_preview(page, error).encode("utf-8"), "text/html; charset=utf-8")
            return
        super().do_GET()


def _server(state: State, port: int) -> http.server.ThreadingHTTPServer:
    """A server on ``port``, or on the next free port when it is busy (said in the terminal)."""
    import errno

    requests = type("Verzoeken", (_Requests,), {"state": state})
    handler = functools.partial(requests, directory=str(state.build))
    last = port if port == 0 else min(port + ATTEMPTS, 65535)
    error: OSError | None = None
    for candidate in range(port, last + 1):
        try:
            server = http.server.ThreadingHTTPServer(("127.0.0.1", candidate), handler)
        except OSError as problem:
            error = problem
            if problem.errno != errno.EADDRINUSE:
                break
            continue
        if candidate != port:
            print(f"Poort {port} is bezet; het voorbeeld gebruikt poort {candidate}.")
        return server
    reason = error.strerror if error is not None else "onbekend"
    span = f"{port} tot en met {last}" if last != port else str(port)
    raise BuildError(
        f"Het voorbeeld kan niet starten op poort {span} ({reason}). "
        "Kies een andere poort met --poort, bijvoorbeeld --poort 8765."
    )


def _time() -> str:
    return dt.datetime.now().strftime("%H:%M:%S")


def _build(
    folder: Path, options: BuildOptions, state: State, web_only: bool = False, show: bool = True
) -> bool:
    """Build once and report it in the terminal; a user error is shown, never raised.

    With ``web_only`` (a rebuild after a change) only the web page is built and shown; the
    answer is True when other formats (the Word file) are still to be built. The build number
    goes up when the browser should show something new: the web page, a full build with
    ``show`` (the first one), or an error (then the page shows it above the last output).
    """
    from dataclasses import replace

    from regiovisie_builder.werkmap_build import build_werkmap

    web_only = web_only and len(options.formats) > 1 and "html" in options.formats
    try:
        # In one process: this one has threads (server, watcher), so it must not fork.
        if web_only:
            build_werkmap(folder, replace(options, formats=("html",)), parallel=False)
            state.done(None)
            print(f"[{_time()}] Webpagina bijgewerkt; {_REST}")
            return True
        lines = build_werkmap(folder, options, parallel=False)
    except RegiovisieError as error:
        text = f"{error.heading}: {error.format_message()}"
        state.done(text)
        print(f"[{_time()}] {text}", file=sys.stderr)
        return False
    if show:
        state.done(None)
    short = [lines[0]] + [r for r in lines if r.startswith(("Toetsing NvO", "Nog in te vullen"))]
    print(f"[{_time()}] " + "\n           ".join(short))
    return False


def _filter(folder: Path):
    """Watch regio.yaml, content/ and templates/ of the workspace and the toolkit's own
    content/ and templates/ (for people working on the toolkit); skip build/ and versies/."""
    from watchfiles import DefaultFilter

    from regiovisie_builder import sources as shared

    sources = (
        folder / "regio.yaml",
        folder / "content",
        folder / "templates",
        shared.CONTENT.resolve(),
        shared.TEMPLATES.resolve(),
    )
    default = DefaultFilter()

    def tallies(change, path: str) -> bool:
        changed = Path(path).resolve()
        inside = any(changed == b or b in changed.parents for b in sources)
        return inside and default(change, path)

    return tallies


def run(
    folder: Path, port: int = 8000, formats: tuple[str, ...] = (), no_browser: bool = False
) -> None:
    """Build workspace ``folder``, serve ``build/`` on 127.0.0.1:``port`` and build again on
    every change, until Ctrl+C."""
    from watchfiles import watch

    from regiovisie_builder import sources

    if not folder.is_dir():
        raise ConfigError(f"De map '{folder}' bestaat niet. Geef de map van een werkmap.")
    if not (folder / "regio.yaml").is_file():
        raise ConfigError(
            f"In de map '{folder}' staat geen regio.yaml; dat is geen werkmap. "
            "Maak er een met: regiovisie init MAP"
        )
    folder = folder.resolve()
    options = BuildOptions(
        tuple(dict.fromkeys((*formats, "html"))) if formats else ("docx", "html")
    )
    state = State(folder / "build")
    server = _server(state, port)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2})
    thread.daemon = True
    thread.start()
    address = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        _build(folder, options, state)
        print(f"Voorbeeld op {address} (stop met Ctrl+C)")
        if not no_browser:
            import webbrowser

            webbrowser.open(address)
        shared = [p for p in (sources.CONTENT, sources.TEMPLATES) if p.is_dir()]
        rest = False  # formats still to build after the last change
        for changes in watch(
            folder,
            *shared,
            watch_filter=_filter(folder),
            # A save (also an editor's write-and-rename) is over within a few milliseconds:
            # a build starts 20 ms after the last change, or at most 300 ms after the first.
            debounce=300,
            step=20,
            rust_timeout=QUIET_MS,
            yield_on_timeout=True,
        ):
            if changes:
                rest = _build(folder, options, state, web_only=True)
            elif rest:  # quiet for QUIET_MS since the web page was built
                # Shown again only when it made pages a browser may show: the site's.
                rest = _build(folder, options, state, show="site" in options.formats)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
    print("Voorbeeld gestopt.")
