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

from regiovisie_builder.bouwcache import Bouwopties
from regiovisie_builder.errors import BuildError, ConfigError, RegiovisieError

VERSIE_PAD = "/__voorbeeld/versie"

# Asks for the build number and reloads the page when it changes. With ``?na=N`` the server
# answers as soon as a build after number N is done (a long poll): no polling delay.
HERLAADSCRIPT = f"""<script data-regiovisie-voorbeeld>
(() => {{
  let bekend = null;
  async function kijk() {{
    let pauze = 0;
    try {{
      const na = bekend === null ? "" : `?na=${{bekend}}`;
      const antwoord = await fetch(`{VERSIE_PAD}${{na}}`, {{cache: "no-store"}});
      const {{versie}} = await antwoord.json();
      if (bekend !== null && versie !== bekend) {{ location.reload(); return; }}
      bekend = versie;
    }} catch (fout) {{ pauze = 500; /* the preview was stopped; try again */ }}
    setTimeout(kijk, pauze);
  }}
  kijk();
}})();
</script>"""
# How long a long poll waits for a new build before it answers with the current number.
LANG_WACHTEN = 20.0

# Fixed at the top: the browser keeps the scroll position over a reload, so a notice in the
# flow of the page would push the page down and sit above the visible part.
_MELDING_STIJL = (
    "position:fixed;top:0;left:0;right:0;z-index:2147483647;max-height:50vh;overflow:auto;"
    "margin:0;padding:1rem 1.5rem;background:#fff4f4;color:#5c0000;"
    "border-bottom:4px solid #b00020;font-family:system-ui,sans-serif;"
    "box-shadow:0 4px 12px rgba(0,0,0,.3)"
)
POGINGEN = 20  # ports tried after a busy one


def foutmelding(fout: str) -> str:
    """The notice shown above the page when the last build failed."""
    return (
        f'<div role="alert" data-regiovisie-voorbeeld style="{_MELDING_STIJL}">'
        "<p><strong>Bouwen mislukt.</strong> U ziet hieronder de vorige versie. "
        "Herstel de fout en sla het bestand op; de pagina laadt dan vanzelf opnieuw.</p>"
        f'<pre style="white-space:pre-wrap;margin:0">{html.escape(fout)}</pre></div>'
    )


def lege_pagina(fout: str | None) -> str:
    """The page served before there is any output: waiting, or the error of the first build."""
    tekst = "Het document wordt gebouwd." if fout is None else "Er is nog geen document."
    return (
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
        "<title>Voorbeeld regiovisie</title></head><body>"
        f"<main><h1>Voorbeeld</h1><p>{tekst}</p></main></body></html>"
    )


def met_voorbeeld(pagina: str, fout: str | None) -> str:
    """``pagina`` with the error notice (if any) after ``<body>`` and the reload script."""
    if fout is not None:
        begin = pagina.find("<body")
        einde = pagina.find(">", begin) + 1 if begin >= 0 else 0
        pagina = pagina[:einde] + foutmelding(fout) + pagina[einde:]
    plek = pagina.rfind("</body>")
    plek = plek if plek >= 0 else len(pagina)
    return pagina[:plek] + HERLAADSCRIPT + pagina[plek:]


class Toestand:
    """What the server shows: the build number and the error of the last build, if any."""

    def __init__(self, build: Path):
        self.build = build
        self.versie = 0
        self.fout: str | None = None
        self._slot = threading.Condition()

    def klaar(self, fout: str | None) -> None:
        with self._slot:
            self.versie += 1
            self.fout = fout
            self._slot.notify_all()

    def wacht(self, na: int, tijd: float = LANG_WACHTEN) -> None:
        """Wait until there is a build after number ``na`` (at most ``tijd`` seconds)."""
        with self._slot:
            self._slot.wait_for(lambda: self.versie != na, tijd)

    def stand(self) -> tuple[int, str | None]:
        with self._slot:
            return self.versie, self.fout

    def pagina(self) -> str | None:
        """The name of the HTML document in build/, if there is one."""
        gevonden = sorted(p.name for p in self.build.glob("*.html"))
        if "regiovisie.html" in gevonden:
            return "regiovisie.html"
        return gevonden[0] if gevonden else None


class _Verzoeken(http.server.SimpleHTTPRequestHandler):
    """Serves build/, the build number, and HTML pages with the preview additions."""

    toestand: Toestand
    server: http.server.ThreadingHTTPServer  # always the one ``_server`` makes (a TCP address)

    def log_message(self, format, *args):  # noqa: A002 (signature of the base class)
        pass

    def _stuur(self, inhoud: bytes, soort: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", soort)
        self.send_header("Content-Length", str(len(inhoud)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(inhoud)

    def _host_toegestaan(self) -> bool:
        """Only this computer by name: a DNS-rebinding page elsewhere sends its own Host."""
        host = (self.headers.get("Host") or "").strip().lower()
        poort = self.server.server_address[1]
        toegestaan = {f"127.0.0.1:{poort}", f"localhost:{poort}"}
        if poort == 80:
            toegestaan |= {"127.0.0.1", "localhost"}
        return host in toegestaan

    def _weiger(self) -> None:
        inhoud = b"Alleen te bekijken via 127.0.0.1 of localhost op deze computer."
        self.send_response(403)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(inhoud)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(inhoud)

    def do_HEAD(self) -> None:  # noqa: N802 (name required by http.server)
        if not self._host_toegestaan():
            self._weiger()
            return
        super().do_HEAD()

    def do_GET(self) -> None:  # noqa: N802 (name required by http.server)
        if not self._host_toegestaan():
            self._weiger()
            return
        pad, _, vraag = self.path.partition("?")
        if pad == VERSIE_PAD and vraag.startswith("na=") and vraag[3:].isdigit():
            self.toestand.wacht(int(vraag[3:]))
        versie, fout = self.toestand.stand()
        if pad == VERSIE_PAD:
            antwoord = json.dumps({"versie": versie, "fout": fout}, ensure_ascii=False)
            self._stuur(antwoord.encode("utf-8"), "application/json; charset=utf-8")
            return
        if pad == "/":
            naam = self.toestand.pagina()
            if naam is None:
                self._stuur(met_voorbeeld(lege_pagina(fout), fout).encode(), "text/html")
                return
            pad = f"/{naam}"
        bestand = Path(self.translate_path(pad))
        if bestand.suffix == ".html" and bestand.is_file():
            pagina = bestand.read_text(encoding="utf-8")
            self._stuur(met_voorbeeld(pagina, fout).encode("utf-8"), "text/html; charset=utf-8")
            return
        super().do_GET()


def _server(toestand: Toestand, poort: int) -> http.server.ThreadingHTTPServer:
    """A server on ``poort``, or on the next free port when it is busy (said in the terminal)."""
    import errno

    verzoeken = type("Verzoeken", (_Verzoeken,), {"toestand": toestand})
    handler = functools.partial(verzoeken, directory=str(toestand.build))
    laatste = poort if poort == 0 else min(poort + POGINGEN, 65535)
    fout: OSError | None = None
    for kandidaat in range(poort, laatste + 1):
        try:
            server = http.server.ThreadingHTTPServer(("127.0.0.1", kandidaat), handler)
        except OSError as probleem:
            fout = probleem
            if probleem.errno != errno.EADDRINUSE:
                break
            continue
        if kandidaat != poort:
            print(f"Poort {poort} is bezet; het voorbeeld gebruikt poort {kandidaat}.")
        return server
    reden = fout.strerror if fout is not None else "onbekend"
    bereik = f"{poort} tot en met {laatste}" if laatste != poort else str(poort)
    raise BuildError(
        f"Het voorbeeld kan niet starten op poort {bereik} ({reden}). "
        "Kies een andere poort met --poort, bijvoorbeeld --poort 8765."
    )


def _tijd() -> str:
    return dt.datetime.now().strftime("%H:%M:%S")


def _bouw(map_: Path, opties: Bouwopties, toestand: Toestand, eerst_html: bool = False) -> None:
    """Build once and report it in the terminal; a user error is shown, never raised.

    With ``eerst_html`` (a rebuild) the web page is built and shown first and the other
    formats follow: the browser need not wait for the Word file. The build number goes up
    once, unless the second build fails (then the page shows that error).
    """
    from dataclasses import replace

    from regiovisie_builder.werkmapbouw import bouw_werkmap

    eerst_html = eerst_html and len(opties.formaten) > 1 and "html" in opties.formaten
    try:
        if eerst_html:
            # In one process: this one has threads (server, watcher), so it must not fork.
            bouw_werkmap(map_, replace(opties, formaten=("html",)), parallel=False)
            toestand.klaar(None)
        regels = bouw_werkmap(map_, opties, parallel=False)
    except RegiovisieError as fout:
        tekst = f"{fout.kop}: {fout.format_message()}"
        toestand.klaar(tekst)
        print(f"[{_tijd()}] {tekst}", file=sys.stderr)
        return
    if not eerst_html:
        toestand.klaar(None)
    kort = [regels[0]] + [r for r in regels if r.startswith(("Toetsing NvO", "Nog in te vullen"))]
    print(f"[{_tijd()}] " + "\n           ".join(kort))


def _filter(map_: Path):
    """Watch regio.yaml, content/ and templates/ of the workspace and the toolkit's own
    content/ and templates/ (for people working on the toolkit); skip build/ and versies/."""
    from watchfiles import DefaultFilter

    from regiovisie_builder import bronnen as gedeeld

    bronnen = (
        map_ / "regio.yaml",
        map_ / "content",
        map_ / "templates",
        gedeeld.CONTENT.resolve(),
        gedeeld.TEMPLATES.resolve(),
    )
    standaard = DefaultFilter()

    def telt(wijziging, pad: str) -> bool:
        gewijzigd = Path(pad).resolve()
        binnen = any(gewijzigd == b or b in gewijzigd.parents for b in bronnen)
        return binnen and standaard(wijziging, pad)

    return telt


def draai(
    map_: Path, poort: int = 8000, formaten: tuple[str, ...] = (), geen_browser: bool = False
) -> None:
    """Build workspace ``map_``, serve ``build/`` on 127.0.0.1:``poort`` and build again on
    every change, until Ctrl+C."""
    from watchfiles import watch

    from regiovisie_builder import bronnen

    if not map_.is_dir():
        raise ConfigError(f"De map '{map_}' bestaat niet. Geef de map van een werkmap.")
    if not (map_ / "regio.yaml").is_file():
        raise ConfigError(
            f"In de map '{map_}' staat geen regio.yaml; dat is geen werkmap. "
            "Maak er een met: regiovisie init MAP"
        )
    map_ = map_.resolve()
    opties = Bouwopties(tuple(dict.fromkeys((*formaten, "html"))) if formaten else ("docx", "html"))
    toestand = Toestand(map_ / "build")
    server = _server(toestand, poort)
    draad = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2})
    draad.daemon = True
    draad.start()
    adres = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        _bouw(map_, opties, toestand)
        print(f"Voorbeeld op {adres} (stop met Ctrl+C)")
        if not geen_browser:
            import webbrowser

            webbrowser.open(adres)
        gedeeld = [p for p in (bronnen.CONTENT, bronnen.TEMPLATES) if p.is_dir()]
        for _ in watch(map_, *gedeeld, watch_filter=_filter(map_), debounce=300, step=50):
            _bouw(map_, opties, toestand, eerst_html=True)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
    print("Voorbeeld gestopt.")
