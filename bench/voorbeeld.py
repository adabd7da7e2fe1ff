"""Preview latency for ``bench/run.py``: from saving a block to Chromium showing the new text.

Starts ``regiovisie preview`` on a workspace (a long-running process: its start-up is not
part of the figure), opens the page in headless Chromium (Playwright, the flags of
``tests/writers/browser.py``), then saves a block with a new sentence again and again and
waits until the page in the browser shows it. Each time is measured from just before the
file is written to the moment the text is in the page.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

WORTEL = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"


def _chromium_args() -> list[str]:
    sys.path.insert(0, str(WORTEL))
    from tests.writers.browser import CHROMIUM_ARGS

    return list(CHROMIUM_ARGS)


def _wacht_op_adres(proces: subprocess.Popen, regels: list[str]) -> str:
    einde = time.monotonic() + 300
    while time.monotonic() < einde:
        for regel in regels:
            if regel.startswith("Voorbeeld op "):
                return regel.split()[2]
        if proces.poll() is not None:
            raise SystemExit(f"Het voorbeeld stopte: {''.join(regels)}")
        time.sleep(0.05)
    raise SystemExit("Het voorbeeld noemde geen adres.")


def _versie(adres: str) -> int:
    with urllib.request.urlopen(adres + "__voorbeeld/versie", timeout=30) as antwoord:
        return json.loads(antwoord.read())["versie"]


def meet_voorbeeld(map_: Path, keer: int, omgeving: dict) -> dict:
    """Median seconds from saving a block to the new text in Chromium, over ``keer`` edits."""
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        return {"overgeslagen": "chromium ontbreekt"}
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        return {"overgeslagen": "playwright ontbreekt"}
    import threading

    proces = subprocess.Popen(
        [sys.executable, "-m", "regiovisie_builder", "preview", str(map_), "--poort", "0",
         "--geen-browser"],
        env=omgeving, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    regels: list[str] = []
    threading.Thread(target=regels.extend, args=(proces.stdout,), daemon=True).start()
    blok = sorted((map_ / "content").glob("sectie-*.md"))[1]
    origineel = blok.read_text(encoding="utf-8")
    tijden: list[float] = []
    try:
        adres = _wacht_op_adres(proces, regels)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=_chromium_args())
            pagina = browser.new_page()
            pagina.goto(adres)
            pagina.wait_for_selector("main")
            for nummer in range(keer):
                versie = _versie(adres)
                # The page's long poll has to be waiting again after the previous reload.
                time.sleep(0.4)
                zin = f"Nieuwe voorbeeldzin nummer {nummer} van de meting."
                begin = time.perf_counter()
                blok.write_text(origineel + f"\n{zin}\n", encoding="utf-8")
                while True:
                    # Checked inside the page every 10 ms; a reload ends the check (Error),
                    # and it starts again on the new page.
                    try:
                        pagina.wait_for_function(
                            "z => document.body && document.body.innerText.includes(z)",
                            arg=zin,
                            polling=10,
                            timeout=60_000,
                        )
                        break
                    except Error:
                        if time.perf_counter() - begin > 60:
                            raise SystemExit(
                                f"Het voorbeeld toonde de wijziging niet: {regels}"
                            ) from None
                tijden.append(time.perf_counter() - begin)
                if _versie(adres) <= versie:
                    raise SystemExit("Het voorbeeld bouwde niet opnieuw.")
            browser.close()
    finally:
        blok.write_text(origineel, encoding="utf-8")
        if proces.poll() is None:
            proces.send_signal(signal.SIGINT)
            try:
                proces.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proces.kill()
                proces.wait()
    return {
        "mediaan_s": statistics.median(tijden),
        "min_s": min(tijden),
        "max_s": max(tijden),
        "keer": len(tijden),
        "alle_s": [round(t, 4) for t in tijden],
    }


if __name__ == "__main__":
    omgeving = {**os.environ, "PYTHONPATH": str(WORTEL)}
    print(json.dumps(meet_voorbeeld(Path(sys.argv[1]), int(sys.argv[2]), omgeving), indent=1))
