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

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"


def _chromium_args() -> list[str]:
    sys.path.insert(0, str(ROOT))
    from tests.writers.browser import CHROMIUM_ARGS

    return list(CHROMIUM_ARGS)


def _wait_on_address(process: subprocess.Popen, lines: list[str]) -> str:
    end = time.monotonic() + 300
    while time.monotonic() < end:
        for line in lines:
            if line.startswith("Voorbeeld op "):
                return line.split()[2]
        if process.poll() is not None:
            raise SystemExit(f"Het voorbeeld stopte: {''.join(lines)}")
        time.sleep(0.05)
    raise SystemExit("Het voorbeeld noemde geen adres.")


def _versie(address: str) -> int:
    with urllib.request.urlopen(address + "__voorbeeld/versie", timeout=30) as answer:
        return json.loads(answer.read())["versie"]


def measure_preview(folder: Path, times: int, environment: dict) -> dict:
    """Median seconds from saving a block to the new text in Chromium, over ``times`` edits."""
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        return {"overgeslagen": "chromium ontbreekt"}
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        return {"overgeslagen": "playwright ontbreekt"}
    import threading

    process = subprocess.Popen(
        [sys.executable, "-m", "regiovisie_builder", "preview", str(folder), "--poort", "0",
         "--geen-browser"],
        env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        # Ctrl+C as in a terminal, also when started from a background job (SIGINT ignored).
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    lines: list[str] = []
    threading.Thread(target=lines.extend, args=(process.stdout,), daemon=True).start()
    blok = sorted((folder / "content").glob("sectie-*.md"))[1]
    original = blok.read_text(encoding="utf-8")
    durations: list[float] = []
    try:
        address = _wait_on_address(process, lines)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=_chromium_args())
            page = browser.new_page()
            page.goto(address)
            page.wait_for_selector("main")
            for number in range(times):
                versie = _versie(address)
                # The page's long poll has to be waiting again after the previous reload.
                time.sleep(0.4)
                zin = f"Nieuwe voorbeeldzin nummer {number} van de meting."
                begin = time.perf_counter()
                blok.write_text(original + f"\n{zin}\n", encoding="utf-8")
                while True:
                    # Checked inside the page every 10 ms; a reload ends the check (Error),
                    # and it starts again on the new page.
                    try:
                        page.wait_for_function(
                            "z => document.body && document.body.innerText.includes(z)",
                            arg=zin,
                            polling=10,
                            timeout=60_000,
                        )
                        break
                    except Error:
                        if time.perf_counter() - begin > 60:
                            raise SystemExit(
                                f"Het voorbeeld toonde de wijziging niet: {lines}"
                            ) from None
                durations.append(time.perf_counter() - begin)
                if _versie(address) <= versie:
                    raise SystemExit("Het voorbeeld bouwde niet opnieuw.")
            browser.close()
    finally:
        blok.write_text(original, encoding="utf-8")
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    return {
        "mediaan_s": statistics.median(durations),
        "min_s": min(durations),
        "max_s": max(durations),
        "keer": len(durations),
        "alle_s": [round(t, 4) for t in durations],
    }


if __name__ == "__main__":
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    print(json.dumps(measure_preview(Path(sys.argv[1]), int(sys.argv[2]), environment), indent=1))
