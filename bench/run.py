"""Benchmark of ``regiovisie build``: against pandoc, per stage, scaling, no-op and batch builds.

    python bench/run.py            # full run: 1x (15 runs), 10x, 20x (5 runs), 42 regions
    python bench/run.py --snel     # quick run for CI: 1x (3 runs), 2x, 4x, 4 regions

Whole-process times are the median of several runs, taken side by side with pandoc in one
run of this script, because the machines are shared and noisy: compare the ratios, not the
seconds. CPU time (user + system) of each child and all processes it waited for (the Word helper)
is reported next to wall time. The package is
byte-compiled first, as ``pip install`` does: with PYTHONDONTWRITEBYTECODE set (as on these
machines) a source checkout would otherwise be compiled again in every process. Writes
``bench/results/<date>.json`` (and ``--uit``) and prints a short table. Never fails on slow
figures; it fails only when a build fails.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import hashlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import werkruimte  # noqa: E402
from voorbeeld import meet_voorbeeld  # noqa: E402

BENCH = Path(__file__).resolve().parent
WORTEL = BENCH.parent
OMGEVING = {**os.environ, "PYTHONPATH": str(WORTEL)}
BOUW = [sys.executable, "-m", "regiovisie_builder", "build"]

DOELEN = {
    "verhouding_pandoc": 1.0,
    "schaling": 1.2,
    "niets_veranderd_s": 0.2,
    "batch_versnelling": 1.6,
    "geheugen_10x_mib": 300,
    "cpu_verhouding_pandoc": 1.0,
    "een_blok_1x": 0.6,  # one changed block / full build, wall, at 1x
    "een_blok_groot": 0.2,  # the same at the largest scale (20x)
    "voorbeeld_1x_s": 0.3,  # preview: saving a block -> new text in Chromium, median
    "voorbeeld_10x_s": 0.6,
    "site_een_blok_s": 0.5,  # site of a version after one changed block, at 1x
}


def meet(opdracht: list[str], voorbereiding=None) -> dict:
    """Run ``opdracht`` once: wall seconds, CPU seconds and peak memory (MiB) of the child."""
    if voorbereiding:
        voorbereiding()
    voor = resource.getrusage(resource.RUSAGE_CHILDREN)
    begin = time.perf_counter()
    proces = subprocess.Popen(
        opdracht, env=OMGEVING, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, gebruik = os.wait4(proces.pid, 0)
    wand = time.perf_counter() - begin
    na = resource.getrusage(resource.RUSAGE_CHILDREN)
    proces.returncode = os.waitstatus_to_exitcode(status)
    fouten = proces.stderr.read().decode("utf-8", "replace")
    proces.stderr.close()
    if proces.returncode != 0:
        raise SystemExit(f"Mislukt ({proces.returncode}): {' '.join(opdracht)}\n{fouten}")
    # CPU of the whole process tree: the child and every process it (or its children)
    # waited for, such as the Word helper; RUSAGE_CHILDREN grows by all of them at the wait.
    return {
        "wand_s": wand,
        "cpu_s": (na.ru_utime - voor.ru_utime) + (na.ru_stime - voor.ru_stime),
        "piek_mib": gebruik.ru_maxrss / 1024,
    }


def mediaan(metingen: list[dict]) -> dict:
    """Median of each figure over several runs, plus the runs themselves."""
    return {
        "wand_s": statistics.median(m["wand_s"] for m in metingen),
        "cpu_s": statistics.median(m["cpu_s"] for m in metingen),
        "piek_mib": max(m["piek_mib"] for m in metingen),
        "runs": len(metingen),
        "wand_alle_s": [round(m["wand_s"], 4) for m in metingen],
    }


def leeg_build(map_: Path):
    """A preparation that removes the build folder, so the next build does all the work."""
    return lambda: shutil.rmtree(map_ / "build", ignore_errors=True)


def _uitvoer(map_: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((map_ / "build").glob("regiovisie.*"))
    }


def zijaanzij(schalen, runs: int, werk: Path) -> tuple[dict, dict]:
    """Whole-process build (docx + html) and pandoc (docx) per scale.

    Runs are interleaved (each round builds every scale with both tools), so a change in
    the machine's load during the measurement touches every figure alike, after one untimed
    warm-up run of each program. The smallest scale
    gets three times as many rounds: its runs take half a second, and the target on it is the
    one closest to the noise. Each scale also keeps the ratio per round (ours / pandoc run
    right after it), whose spread shows how much the machine's noise moves the median.
    """
    metingen: dict = {schaal: ([], []) for schaal in schalen}
    docx = str(werk / "pandoc.docx")

    def beide(schaal: int) -> tuple[dict, dict]:
        """Our build of the workspace, then pandoc on the same text, each timed."""
        map_ = werk / f"werkmap-{schaal}x"
        markdown = str(werk / f"tekst-{schaal}x.md")
        eigen = meet([*BOUW, str(map_)], leeg_build(map_))
        return eigen, meet(["pandoc", "-f", "markdown", "-t", "docx", "-o", docx, markdown])

    # One untimed round first, as hyperfine's --warmup does: the first start of each program
    # after the workspaces were written pays for a cold file cache, which is not the build.
    beide(schalen[0])
    rondes = 3 * runs
    for ronde in range(rondes):
        for schaal in schalen if ronde < runs else schalen[:1]:
            for lijst, meting in zip(metingen[schaal], beide(schaal), strict=True):
                lijst.append(meting)
        print(f"  ronde {ronde + 1} van {rondes}", flush=True)
    eigen = {schaal: mediaan(metingen[schaal][0]) for schaal in schalen}
    pandoc = {schaal: mediaan(metingen[schaal][1]) for schaal in schalen}
    for schaal in schalen:
        per_ronde = sorted(
            e["wand_s"] / p["wand_s"] for e, p in zip(*metingen[schaal], strict=True)
        )
        eigen[schaal]["verhouding_per_ronde"] = {
            "min": round(per_ronde[0], 3),
            "mediaan": round(statistics.median(per_ronde), 3),
            "max": round(per_ronde[-1], 3),
            "rondes": len(per_ronde),
        }
        print(
            f"  {schaal:>2}x: regiovisie {eigen[schaal]['wand_s']:.3f} s, "
            f"pandoc {pandoc[schaal]['wand_s']:.3f} s",
            flush=True,
        )
    return eigen, pandoc


def marginaal(waarden: dict, schalen) -> dict:
    """Marginal cost per unit of text from the middle to the largest scale against the first
    step; the fixed start-up cost drops out of both differences."""
    klein, midden, groot = schalen
    eerste = (waarden[midden] - waarden[klein]) / (midden - klein)
    tweede = (waarden[groot] - waarden[midden]) / (groot - midden)
    return {
        f"marginaal_{klein}_{midden}_s": eerste,
        f"marginaal_{midden}_{groot}_s": tweede,
        "verhouding": tweede / eerste if eerste > 0 and tweede >= 0 else None,
    }


def schaling(tijden: dict, stadia_: dict, schalen) -> dict:
    """Scaling of the whole process (wall and CPU) and of the in-process stages (warm CPU,
    in total and per stage: the figure that shows which step is superlinear)."""
    uit = {
        maat: marginaal({s: tijden[s][maat] for s in schalen}, schalen)
        for maat in ("wand_s", "cpu_s")
    }
    namen = [n for n in stadia_[schalen[0]]["warm"] if n != "importeren"]
    per_stadium = {
        naam: marginaal({s: stadia_[s]["warm"][naam]["cpu_s"] for s in schalen}, schalen)
        for naam in namen
    }
    totaal = {s: sum(stadia_[s]["warm"][n]["cpu_s"] for n in namen) for s in schalen}
    uit["stadia_cpu_s"] = {**marginaal(totaal, schalen), "per_stadium": per_stadium}
    return uit


def stadia(mappen: list[Path], rondes: int) -> dict:
    """Per-stage seconds of in-process builds, one process for all scales (see ``stadia.py``)."""
    uit = subprocess.run(
        [sys.executable, str(BENCH / "stadia.py"), *map(str, mappen), "--rondes", str(rondes)],
        env=OMGEVING,
        capture_output=True,
        text=True,
        check=False,
    )
    if uit.returncode != 0:
        raise SystemExit(f"Stadia mislukt:\n{uit.stderr}")
    return json.loads(uit.stdout)


def herbouw(map_: Path, runs: int, alleen_een_blok: bool = False) -> dict:
    """No-op rebuilds and rebuilds after one changed block; are the outputs byte-identical?

    After one changed block the outputs must equal those of a clean full build of the
    changed workspace (the per-block cache may not change a byte).
    """
    shutil.rmtree(map_ / "build", ignore_errors=True)
    meet([*BOUW, str(map_)])
    uit: dict = {}
    if not alleen_een_blok:
        eerste = _uitvoer(map_)
        uit["niets_veranderd"] = mediaan([meet([*BOUW, str(map_)]) for _ in range(runs)])
        uit["uitvoer_ongewijzigd_na_noop"] = _uitvoer(map_) == eerste
        # A full build from scratch of the same inputs must give the same bytes.
        meet([*BOUW, str(map_)], leeg_build(map_))
        uit["uitvoer_gelijk_na_volledige_bouw"] = _uitvoer(map_) == eerste
    blok = sorted((map_ / "content").glob("sectie-*.md"))[0]
    origineel = blok.read_text(encoding="utf-8")
    teller = iter(range(10**6))

    def wijzig() -> None:
        blok.write_text(origineel + f"\nEen extra zin, versie {next(teller)}.\n", "utf-8")

    try:
        uit["een_blok_veranderd"] = mediaan([meet([*BOUW, str(map_)], wijzig) for _ in range(runs)])
        na_een_blok = _uitvoer(map_)
        meet([*BOUW, str(map_)], leeg_build(map_))
        uit["uitvoer_gelijk_na_een_blok"] = _uitvoer(map_) == na_een_blok
    finally:
        blok.write_text(origineel, encoding="utf-8")
    return uit


def site(map_: Path, werk: Path, runs: int) -> dict:
    """The site of one version: full build, after one changed block, and plain sphinx-build.

    Whole processes: ``regiovisie build -f site`` from an empty build folder, the same after
    one changed block (build folder and caches kept), and ``sphinx-build`` on the same
    sources (pages, configuration, theme; see ``site.py``).
    """
    opdracht = [*BOUW, str(map_), "--formaat", "site"]
    volledig = mediaan([meet(opdracht, leeg_build(map_)) for _ in range(runs)])
    blok = sorted((map_ / "content").glob("sectie-*.md"))[2]
    origineel = blok.read_text(encoding="utf-8")
    teller = iter(range(10**6))

    def wijzig() -> None:
        blok.write_text(origineel + f"\nEen zin voor de website, {next(teller)}.\n", "utf-8")

    try:
        meet(opdracht)
        een_blok = mediaan([meet(opdracht, wijzig) for _ in range(runs)])
    finally:
        blok.write_text(origineel, encoding="utf-8")
    bron, uit = werk / "sphinx-bron", werk / "sphinx-uit"
    shutil.rmtree(bron, ignore_errors=True)
    bron.mkdir()
    subprocess.run(
        [sys.executable, str(BENCH / "site.py"), str(map_), str(bron)], env=OMGEVING, check=True
    )
    sphinx = mediaan(
        [
            meet(
                [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-E", str(bron), str(uit)],
                lambda: shutil.rmtree(uit, ignore_errors=True),
            )
            for _ in range(runs)
        ]
    )
    shutil.rmtree(map_ / "build", ignore_errors=True)
    return {"volledig": volledig, "een_blok_veranderd": een_blok, "sphinx_build": sphinx}


def batch(werk: Path, regios: int, runs: int, een_regio: dict) -> dict:
    """``build --alle`` over ``regios`` generated workspaces against one region times N."""
    map_ = werk / "regios"
    for nummer in range(regios):
        werkruimte.maak_werkmap(
            map_ / f"regio-{nummer:02d}", 1, zaad=1000 + nummer, naam=f"Regio {nummer:02d}"
        )

    def leeg() -> None:
        for regio in map_.iterdir():
            shutil.rmtree(regio / "build", ignore_errors=True)

    alle = mediaan([meet([*BOUW, "--alle", str(map_)], leeg) for _ in range(runs)])
    opeenvolgend = regios * een_regio["wand_s"]
    return {
        "regios": regios,
        "kernen": os.cpu_count(),
        "alle": alle,
        "een_regio_s": een_regio["wand_s"],
        "versnelling": opeenvolgend / alle["wand_s"],
    }


def uitkomst(r: dict) -> dict:
    """Each target: the measured figure, the target and whether it was met."""
    s = r["schalen"]
    e, p = r["eigen"], r["pandoc"]
    gemeten = {
        "verhouding_pandoc": e[s[0]]["wand_s"] / p[s[0]]["wand_s"],
        "schaling": r["schaling"]["wand_s"]["verhouding"],
        "niets_veranderd_s": r["herbouw"]["niets_veranderd"]["wand_s"],
        "batch_versnelling": r["batch"]["versnelling"],
        "geheugen_10x_mib": e[s[1]]["piek_mib"],
        "cpu_verhouding_pandoc": e[s[0]]["cpu_s"] / p[s[0]]["cpu_s"],
        "een_blok_1x": r["herbouw"]["een_blok_veranderd"]["wand_s"] / e[s[0]]["wand_s"],
        "een_blok_groot": r["herbouw_groot"]["een_blok_veranderd"]["wand_s"] / e[s[2]]["wand_s"],
        "voorbeeld_1x_s": r["voorbeeld"][str(s[0])].get("mediaan_s"),
        "voorbeeld_10x_s": r["voorbeeld"][str(s[1])].get("mediaan_s"),
        "site_een_blok_s": r["site"]["een_blok_veranderd"]["wand_s"],
    }
    hoger_beter = {"batch_versnelling"}
    # A figure can be missing in quick mode: when the machine's noise makes a larger workspace
    # build faster than a smaller one, the scaling ratio has no meaning and is None.
    return {
        naam: {"gemeten": None, "doel": DOELEN[naam], "gehaald": None}
        if waarde is None
        else {
            "gemeten": round(waarde, 3),
            "doel": DOELEN[naam],
            "gehaald": (
                waarde > DOELEN[naam]
                if naam in hoger_beter
                else waarde <= DOELEN[naam]
                if naam in ("schaling", "een_blok_1x", "een_blok_groot")
                or naam.startswith(("voorbeeld", "site"))
                else waarde < DOELEN[naam]
            ),
        }
        for naam, waarde in gemeten.items()
    }


def _verhouding(waarde: float | None) -> str:
    return "onbekend (ruis groter dan het verschil)" if waarde is None else f"{waarde:.2f}"


def tabel(r: dict) -> str:
    """The short table printed at the end."""
    s = r["schalen"]
    e, p = r["eigen"], r["pandoc"]
    regels = [
        f"Meting {r['datum']} op {r['machine']['kernen']} kernen "
        f"(belasting {r['machine']['belasting_voor']} / {r['machine']['belasting_na']}), "
        f"{'snel' if r['snel'] else 'volledig'}",
        f"python -c pass: {r['python_start']['wand_s'] * 1000:.0f} ms",
        "",
        f"{'schaal':<8}{'woorden':>9}{'regiovisie s':>14}{'pandoc s':>10}"
        f"{'verhouding':>12}{'cpu-verh.':>11}{'piek MiB':>10}",
    ]
    for schaal in s:
        regels.append(
            f"{schaal:<8}{r['woorden'][str(schaal)]:>9}{e[schaal]['wand_s']:>14.3f}"
            f"{p[schaal]['wand_s']:>10.3f}{e[schaal]['wand_s'] / p[schaal]['wand_s']:>12.2f}"
            f"{e[schaal]['cpu_s'] / p[schaal]['cpu_s']:>11.2f}{e[schaal]['piek_mib']:>10.0f}"
        )
    regels.append("")
    namen = list(r["stadia"][s[0]]["koud"])
    regels.append(
        f"{'stadium (cpu-s)':<18}" + "".join(f"{f'{x}x':>10}" for x in s) + "   (warm; import koud)"
    )
    for naam in namen:
        waarden = ""
        for x in s:
            stadium = r["stadia"][x]
            if naam == "importeren":  # only the first workspace's first round imports
                waarden += f"{stadium['koud'][naam]['cpu_s']:>10.3f}" if x == s[0] else f"{'':>10}"
                continue
            waarden += f"{(stadium['warm'] or stadium['koud'])[naam]['cpu_s']:>10.3f}"
        regels.append(f"{naam:<18}{waarden}")
    overgeslagen = {n: m for x in s for n, m in r["stadia"][x]["overgeslagen"].items()}
    for naam, melding in overgeslagen.items():
        regels.append(f"  writer {naam} overgeslagen: {melding}")
    sc = r["schaling"]["wand_s"]
    h = r["herbouw"]
    hg = r["herbouw_groot"]
    b = r["batch"]
    regels += [
        "",
        f"Schaling: marginale kosten {s[1]}x->{s[2]}x / {s[0]}x->{s[1]}x = "
        f"{_verhouding(sc['verhouding'])} (wand), "
        f"{_verhouding(r['schaling']['cpu_s']['verhouding'])} (cpu), "
        f"{_verhouding(r['schaling']['stadia_cpu_s']['verhouding'])} (stadia in het proces, cpu)"
        f"  doel <= {DOELEN['schaling']}",
        f"Niets veranderd: {h['niets_veranderd']['wand_s']:.3f} s  doel < "
        f"{DOELEN['niets_veranderd_s']} s; uitvoer byte-identiek: "
        f"{h['uitvoer_ongewijzigd_na_noop'] and h['uitvoer_gelijk_na_volledige_bouw']}",
        f"Eén blok veranderd, {s[0]}x: {h['een_blok_veranderd']['wand_s']:.3f} s = "
        f"{r['uitkomst']['een_blok_1x']['gemeten']:.2f} x volledige bouw  doel <= "
        f"{DOELEN['een_blok_1x']}; {s[2]}x: {hg['een_blok_veranderd']['wand_s']:.3f} s = "
        f"{r['uitkomst']['een_blok_groot']['gemeten']:.2f} x  doel <= {DOELEN['een_blok_groot']}; "
        f"uitvoer gelijk aan volledige bouw: "
        f"{h['uitvoer_gelijk_na_een_blok'] and hg['uitvoer_gelijk_na_een_blok']}",
        "Voorbeeld (blok opslaan -> nieuwe tekst in Chromium, mediaan): "
        + "; ".join(
            f"{x}: "
            + (
                f"{v['mediaan_s']:.3f} s ({v['min_s']:.3f}-{v['max_s']:.3f}, {v['keer']} keer)"
                if "mediaan_s" in v
                else v.get("overgeslagen", "?")
            )
            for x, v in r["voorbeeld"].items()
        )
        + f"  doel <= {DOELEN['voorbeeld_1x_s']} s / {DOELEN['voorbeeld_10x_s']} s",
        f"Website {s[0]}x (hele proces): volledig {r['site']['volledig']['wand_s']:.3f} s "
        f"(cpu {r['site']['volledig']['cpu_s']:.3f}), na één blok "
        f"{r['site']['een_blok_veranderd']['wand_s']:.3f} s  doel <= "
        f"{DOELEN['site_een_blok_s']} s; sphinx-build van dezelfde bronnen "
        f"{r['site']['sphinx_build']['wand_s']:.3f} s "
        f"(cpu {r['site']['sphinx_build']['cpu_s']:.3f})",
        f"Cpu-verhouding regiovisie/pandoc bij {s[0]}x (alle processen): "
        f"{e[s[0]]['cpu_s']:.3f} / {p[s[0]]['cpu_s']:.3f} s = "
        f"{e[s[0]]['cpu_s'] / p[s[0]]['cpu_s']:.2f}  doel < {DOELEN['cpu_verhouding_pandoc']}",
        f"Batch {b['regios']} regio's: {b['alle']['wand_s']:.2f} s; {b['regios']} x één regio "
        f"= {b['regios'] * b['een_regio_s']:.2f} s; versnelling {b['versnelling']:.2f}"
        f"  doel > {DOELEN['batch_versnelling']}",
        f"Piekgeheugen {s[1]}x: {e[s[1]]['piek_mib']:.0f} MiB  doel < "
        f"{DOELEN['geheugen_10x_mib']} MiB",
        f"Verhouding regiovisie/pandoc bij {s[0]}x: "
        f"{e[s[0]]['wand_s'] / p[s[0]]['wand_s']:.2f}  doel < {DOELEN['verhouding_pandoc']}"
        f"  (per ronde: {e[s[0]]['verhouding_per_ronde']['min']:.2f} tot "
        f"{e[s[0]]['verhouding_per_ronde']['max']:.2f}, mediaan "
        f"{e[s[0]]['verhouding_per_ronde']['mediaan']:.2f}, "
        f"{e[s[0]]['verhouding_per_ronde']['rondes']} rondes)",
        "Doelen gehaald: "
        + ", ".join(
            f"{n} {'onbekend' if u['gehaald'] is None else 'ja' if u['gehaald'] else 'NEE'}"
            for n, u in r["uitkomst"].items()
        ),
    ]
    return "\n".join(regels)


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark van regiovisie build.")
    parser.add_argument("--snel", action="store_true", help="kleine maten, één run (voor CI)")
    parser.add_argument("--runs", type=int, help="runs per meting (standaard 5; snel: 1)")
    parser.add_argument("--regios", type=int, help="werkmappen in de batch (standaard 42)")
    parser.add_argument("--uit", type=Path, help="schrijf de JSON ook naar dit bestand")
    args = parser.parse_args()
    if not shutil.which("pandoc"):
        raise SystemExit("pandoc ontbreekt: installeer het met apt-get install pandoc.")
    schalen = (1, 2, 4) if args.snel else (1, 10, 20)
    runs = args.runs or (1 if args.snel else 5)
    regios = args.regios or (4 if args.snel else 42)
    begin = time.perf_counter()
    resultaat: dict = {
        "datum": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "snel": args.snel,
        "schalen": list(schalen),
        "machine": {
            "kernen": os.cpu_count(),
            "python": platform.python_version(),
            "pandoc": subprocess.run(
                ["pandoc", "--version"], capture_output=True, text=True
            ).stdout.split("\n")[0],
            "belasting_voor": round(os.getloadavg()[0], 2),
        },
        "doelen": DOELEN,
    }
    # What an installed wheel has: bytecode next to the sources (pip compiles on install).
    compileall.compile_dir(WORTEL / "regiovisie_builder", quiet=1)
    with tempfile.TemporaryDirectory(prefix="regiovisie-bench-") as tijdelijk:
        werk = Path(tijdelijk)
        print(f"Werkmappen maken ({', '.join(f'{s}x' for s in schalen)}) ...", flush=True)
        for schaal in schalen:
            werkruimte.maak_werkmap(werk / f"werkmap-{schaal}x", schaal)
            (werk / f"tekst-{schaal}x.md").write_text(
                werkruimte.als_markdown(schaal), encoding="utf-8"
            )
        resultaat["woorden"] = {str(s): werkruimte.woorden(s) for s in schalen}
        resultaat["python_start"] = mediaan(
            [meet([sys.executable, "-c", "pass"]) for _ in range(max(runs, 3))]
        )
        print("Hele proces naast pandoc ...", flush=True)
        eigen, pandoc = zijaanzij(schalen, runs, werk)
        resultaat["eigen"], resultaat["pandoc"] = eigen, pandoc
        print("Stadia in het proces ...", flush=True)
        mappen = [werk / f"werkmap-{s}x" for s in schalen]
        per_map = stadia(mappen, 3)
        resultaat["stadia"] = {s: per_map[str(m)] for s, m in zip(schalen, mappen, strict=True)}
        resultaat["schaling"] = schaling(eigen, resultaat["stadia"], schalen)
        print("Herbouwen ...", flush=True)
        resultaat["herbouw"] = herbouw(werk / f"werkmap-{schalen[0]}x", runs)
        resultaat["herbouw_groot"] = herbouw(
            werk / f"werkmap-{schalen[-1]}x", runs, alleen_een_blok=True
        )
        print("Voorbeeld in Chromium ...", flush=True)
        keer = 3 if args.snel else 20
        resultaat["voorbeeld"] = {
            str(x): meet_voorbeeld(werk / f"werkmap-{x}x", keer, OMGEVING) for x in schalen[:2]
        }
        print("Website ...", flush=True)
        resultaat["site"] = site(werk / f"werkmap-{schalen[0]}x", werk, runs)
        print(f"Batch van {regios} werkmappen ...", flush=True)
        resultaat["batch"] = batch(werk, regios, 1 if args.snel else 2, eigen[schalen[0]])
    resultaat["machine"]["belasting_na"] = round(os.getloadavg()[0], 2)
    resultaat["uitkomst"] = uitkomst(resultaat)
    resultaat["duur_s"] = round(time.perf_counter() - begin, 1)
    tekst = tabel(resultaat)
    print()
    print(tekst)
    resultaat["tabel"] = tekst.split("\n")
    data = json.dumps(resultaat, indent=1, ensure_ascii=False, default=str) + "\n"
    uitmap = BENCH / "results"
    uitmap.mkdir(exist_ok=True)
    naam = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H%M") + ("-snel" if args.snel else "")
    (uitmap / f"{naam}.json").write_text(data, encoding="utf-8")
    if args.uit:
        args.uit.write_text(data, encoding="utf-8")
    print(f"\nGeschreven: {uitmap / f'{naam}.json'}")


if __name__ == "__main__":
    main()
