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
from preview import measure_preview  # noqa: E402

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
ENVIRONMENT = {**os.environ, "PYTHONPATH": str(ROOT)}
BUILD = [sys.executable, "-m", "regiovisie_builder", "build"]

TARGETS = {
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


LIBRARIES = "import click, yaml, jinja2, markdown_it, mdit_py_plugins.footnote, docx"


def measure(command: list[str], preparation=None) -> dict:
    """Run ``command`` once: wall seconds, CPU seconds and peak memory (MiB) of the child."""
    if preparation:
        preparation()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    begin = time.perf_counter()
    process = subprocess.Popen(
        command, env=ENVIRONMENT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, use = os.wait4(process.pid, 0)
    wall = time.perf_counter() - begin
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode("utf-8", "replace")
    process.stderr.close()
    if process.returncode != 0:
        raise SystemExit(f"Mislukt ({process.returncode}): {' '.join(command)}\n{errors}")
    # CPU of the whole process tree: the child and every process it (or its children)
    # waited for, such as the Word helper; RUSAGE_CHILDREN grows by all of them at the wait.
    return {
        "wand_s": wall,
        "cpu_s": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "piek_mib": use.ru_maxrss / 1024,
    }


def median(measurements: list[dict]) -> dict:
    """Median of each figure over several runs, plus the runs themselves."""
    return {
        "wand_s": statistics.median(m["wand_s"] for m in measurements),
        "cpu_s": statistics.median(m["cpu_s"] for m in measurements),
        "piek_mib": max(m["piek_mib"] for m in measurements),
        "runs": len(measurements),
        "wand_alle_s": [round(m["wand_s"], 4) for m in measurements],
    }


def empty_build(folder: Path):
    """A preparation that removes the build folder, so the next build does all the work."""
    return lambda: shutil.rmtree(folder / "build", ignore_errors=True)


def _output(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((folder / "build").glob("regiovisie.*"))
    }


def side_by_side(scales, runs: int, work: Path) -> tuple[dict, dict]:
    """Whole-process build (docx + html) and pandoc (docx) per scale.

    Runs are interleaved (each round builds every scale with both tools), so a change in
    the machine's load during the measurement touches every figure alike, after one untimed
    warm-up run of each program. The smallest scale
    gets three times as many rounds: its runs take half a second, and the target on it is the
    one closest to the noise. Each scale also keeps the ratio per round (ours / pandoc run
    right after it), whose spread shows how much the machine's noise moves the median.
    """
    measurements: dict = {scale: ([], []) for scale in scales}
    docx = str(work / "pandoc.docx")

    def both(scale: int) -> tuple[dict, dict]:
        """Our build of the workspace, then pandoc on the same text, each timed."""
        folder = work / f"werkmap-{scale}x"
        markdown = str(work / f"tekst-{scale}x.md")
        own = measure([*BUILD, str(folder)], empty_build(folder))
        return own, measure(["pandoc", "-f", "markdown", "-t", "docx", "-o", docx, markdown])

    # One untimed round first, as hyperfine's --warmup does: the first start of each program
    # after the workspaces were written pays for a cold file cache, which is not the build.
    both(scales[0])
    rounds = 3 * runs
    for round_ in range(rounds):
        for scale in scales if round_ < runs else scales[:1]:
            for items, measurement in zip(measurements[scale], both(scale), strict=True):
                items.append(measurement)
        print(f"  ronde {round_ + 1} van {rounds}", flush=True)
    own = {scale: median(measurements[scale][0]) for scale in scales}
    pandoc = {scale: median(measurements[scale][1]) for scale in scales}
    for scale in scales:
        per_round = sorted(
            e["wand_s"] / p["wand_s"] for e, p in zip(*measurements[scale], strict=True)
        )
        own[scale]["verhouding_per_ronde"] = {
            "min": round(per_round[0], 3),
            "mediaan": round(statistics.median(per_round), 3),
            "max": round(per_round[-1], 3),
            "rondes": len(per_round),
        }
        print(
            f"  {scale:>2}x: regiovisie {own[scale]['wand_s']:.3f} s, "
            f"pandoc {pandoc[scale]['wand_s']:.3f} s",
            flush=True,
        )
    return own, pandoc


def marginal(values: dict, scales) -> dict:
    """Marginal cost per unit of text from the middle to the largest scale against the first
    step; the fixed start-up cost drops out of both differences."""
    small, middle, large = scales
    first = (values[middle] - values[small]) / (middle - small)
    second = (values[large] - values[middle]) / (large - middle)
    return {
        f"marginaal_{small}_{middle}_s": first,
        f"marginaal_{middle}_{large}_s": second,
        "verhouding": second / first if first > 0 and second >= 0 else None,
    }


def scaling(durations: dict, stages_: dict, scales) -> dict:
    """Scaling of the whole process (wall and CPU) and of the in-process stages (warm CPU,
    in total and per stage: the figure that shows which step is superlinear)."""
    out = {
        size: marginal({s: durations[s][size] for s in scales}, scales)
        for size in ("wand_s", "cpu_s")
    }
    names = [n for n in stages_[scales[0]]["warm"] if n != "importeren"]
    per_stage = {
        name: marginal({s: stages_[s]["warm"][name]["cpu_s"] for s in scales}, scales)
        for name in names
    }
    total = {s: sum(stages_[s]["warm"][n]["cpu_s"] for n in names) for s in scales}
    out["stadia_cpu_s"] = {**marginal(total, scales), "per_stadium": per_stage}
    return out


def stages(folders: list[Path], rounds: int) -> dict:
    """Per-stage seconds of in-process builds, one process for all scales (see ``stadia.py``)."""
    out = subprocess.run(
        [sys.executable, str(BENCH / "stadia.py"), *map(str, folders), "--rondes", str(rounds)],
        env=ENVIRONMENT,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"Stadia mislukt:\n{out.stderr}")
    return json.loads(out.stdout)


def rebuild(folder: Path, runs: int, only_one_blok: bool = False) -> dict:
    """No-op rebuilds and rebuilds after one changed block; are the outputs byte-identical?

    Each rebuild after one changed block comes right after a full build from an empty build
    folder, and the target's ratio is the median of those pairs: this machine's speed moves
    by tens of percents within minutes, so a rebuild measured minutes after the full builds
    of ``side_by_side`` would compare two states of the machine, not two builds.
    After one changed block the outputs must equal those of a clean full build of the
    changed workspace (the per-block cache may not change a byte).
    """
    shutil.rmtree(folder / "build", ignore_errors=True)
    measure([*BUILD, str(folder)])
    out: dict = {}
    if not only_one_blok:
        first = _output(folder)
        out["niets_veranderd"] = median([measure([*BUILD, str(folder)]) for _ in range(runs)])
        out["uitvoer_ongewijzigd_na_noop"] = _output(folder) == first
        # A full build from scratch of the same inputs must give the same bytes.
        measure([*BUILD, str(folder)], empty_build(folder))
        out["uitvoer_gelijk_na_volledige_bouw"] = _output(folder) == first
    blok = sorted((folder / "content").glob("sectie-*.md"))[0]
    original = blok.read_text(encoding="utf-8")
    counter = iter(range(10**6))

    def change() -> None:
        blok.write_text(original + f"\nEen extra zin, versie {next(counter)}.\n", "utf-8")

    try:
        pairs = [
            (
                measure([*BUILD, str(folder)], empty_build(folder)),
                measure([*BUILD, str(folder)], change),
            )
            for _ in range(runs)
        ]
        out["een_blok_veranderd"] = median([one for _, one in pairs])
        ratios = sorted(one["wand_s"] / full["wand_s"] for full, one in pairs)
        out["een_blok_verhouding"] = {
            "mediaan": round(statistics.median(ratios), 3),
            "min": round(ratios[0], 3),
            "max": round(ratios[-1], 3),
            "volledig_wand_s": round(median([full for full, _ in pairs])["wand_s"], 4),
        }
        after_one_blok = _output(folder)
        measure([*BUILD, str(folder)], empty_build(folder))
        out["uitvoer_gelijk_na_een_blok"] = _output(folder) == after_one_blok
    finally:
        blok.write_text(original, encoding="utf-8")
    return out


def site(folder: Path, work: Path, runs: int) -> dict:
    """The site of one version: full build, after one changed block, and plain sphinx-build.

    Whole processes: ``regiovisie build -f site`` from an empty build folder, the same after
    one changed block (build folder and caches kept), and ``sphinx-build`` on the same
    sources (pages, configuration, theme; see ``site.py``): from scratch (``-E``), and
    Sphinx's own incremental rebuild after the same change to the same block (the sources
    written again, only the changed page newer; environment and output kept).
    """
    command = [*BUILD, str(folder), "--formaat", "site"]
    complete = median([measure(command, empty_build(folder)) for _ in range(runs)])
    blok = sorted((folder / "content").glob("sectie-*.md"))[2]
    original = blok.read_text(encoding="utf-8")
    counter = iter(range(10**6))

    def change() -> None:
        blok.write_text(original + f"\nEen zin voor de website, {next(counter)}.\n", "utf-8")

    try:
        measure(command)
        one_blok = median([measure(command, change) for _ in range(runs)])
    finally:
        blok.write_text(original, encoding="utf-8")
    source, out = work / "sphinx-bron", work / "sphinx-uit"
    shutil.rmtree(source, ignore_errors=True)
    source.mkdir()

    def sources() -> None:
        subprocess.run(
            [sys.executable, str(BENCH / "site.py"), str(folder), str(source)],
            env=ENVIRONMENT,
            check=True,
        )

    sphinx_build = [sys.executable, "-m", "sphinx", "-b", "html", "-q"]
    sources()
    sphinx = median(
        [
            measure(
                [*sphinx_build, "-E", str(source), str(out)],
                lambda: shutil.rmtree(out, ignore_errors=True),
            )
            for _ in range(runs)
        ]
    )

    def change_sources() -> None:
        change()
        sources()

    try:
        measure([*sphinx_build, str(source), str(out)])
        sphinx_one = median(
            [measure([*sphinx_build, str(source), str(out)], change_sources) for _ in range(runs)]
        )
    finally:
        blok.write_text(original, encoding="utf-8")
    shutil.rmtree(folder / "build", ignore_errors=True)
    return {
        "volledig": complete,
        "een_blok_veranderd": one_blok,
        "sphinx_build": sphinx,
        "sphinx_build_een_blok": sphinx_one,
    }


def batch(work: Path, regios: int, runs: int, one_regio: dict) -> dict:
    """``build --alle`` over ``regios`` generated workspaces against one region times N."""
    folder = work / "regios"
    for number in range(regios):
        werkruimte.maak_werkmap(
            folder / f"regio-{number:02d}", 1, seed=1000 + number, name=f"Regio {number:02d}"
        )

    def empty() -> None:
        for regio in folder.iterdir():
            shutil.rmtree(regio / "build", ignore_errors=True)

    all_ = median([measure([*BUILD, "--alle", str(folder)], empty) for _ in range(runs)])
    consecutive = regios * one_regio["wand_s"]
    return {
        "regios": regios,
        "kernen": os.cpu_count(),
        "alle": all_,
        "een_regio_s": one_regio["wand_s"],
        "versnelling": consecutive / all_["wand_s"],
    }


# Blocks as large as a block may get: the largest table (20,000 parts, see readers.markdown),
# and many links or footnotes. Each maker gives a block's Markdown for a size n.
BIG_BLOCKS = {
    "tabel": lambda n: "Tekst.\n\n| a | b |\n|---|---|\n" + "| 1 | 2 |\n" * n,
    "links": lambda n: "".join(f"[link {i}](https://example.org/{i}) " for i in range(n)),
    "voetnoten": lambda n: (
        "".join(f"Zin {i}.[^n{i}]\n\n" for i in range(n))
        + "".join(f"[^n{i}]: Noot {i}.\n" for i in range(n))
    ),
}


def big_blocks(folder: Path, runs: int, sizes: tuple[int, int]) -> dict:
    """The Word file (whole process, empty build folder) of the workspace with one block
    that is a table of n rows, n links or n footnotes, for n = 0 and both ``sizes``.

    Reported, not a target: per kind the marginal cost of the larger step per item against
    that of the smaller one, about 1 when the Word writer is linear in the block's size (it
    was quadratic for all three: 4,999 table rows took 2.4 s, 8,000 links 16 s).
    """
    blok = sorted((folder / "content").glob("sectie-*.md"))[1]
    original = blok.read_text(encoding="utf-8")
    front, _, _ = original.partition("\n---\n")
    command = [*BUILD, str(folder), "--formaat", "docx"]
    out: dict = {}
    try:
        for kind, make in BIG_BLOCKS.items():
            seconds = {}
            for count in (0, *sizes):
                blok.write_text(f"{front}\n---\n{make(count)}\n", encoding="utf-8")
                seconds[count] = median(
                    [measure(command, empty_build(folder)) for _ in range(runs)]
                )["wand_s"]
            small, large = sizes
            first = (seconds[small] - seconds[0]) / small
            second = (seconds[large] - seconds[small]) / (large - small)
            out[kind] = {
                "wand_s": {str(n): round(t, 3) for n, t in seconds.items()},
                "verhouding": round(second / first, 2) if first > 0 else None,
            }
    finally:
        blok.write_text(original, encoding="utf-8")
        shutil.rmtree(folder / "build", ignore_errors=True)
    return out


def outcome(r: dict) -> dict:
    """Each target: the measured figure, the target and whether it was met."""
    s = r["schalen"]
    e, p = r["eigen"], r["pandoc"]
    measured = {
        "verhouding_pandoc": e[s[0]]["wand_s"] / p[s[0]]["wand_s"],
        "schaling": r["schaling"]["wand_s"]["verhouding"],
        "niets_veranderd_s": r["herbouw"]["niets_veranderd"]["wand_s"],
        "batch_versnelling": r["batch"]["versnelling"],
        "geheugen_10x_mib": e[s[1]]["piek_mib"],
        "cpu_verhouding_pandoc": e[s[0]]["cpu_s"] / p[s[0]]["cpu_s"],
        "een_blok_1x": r["herbouw"]["een_blok_verhouding"]["mediaan"],
        "een_blok_groot": r["herbouw_groot"]["een_blok_verhouding"]["mediaan"],
        "voorbeeld_1x_s": r["voorbeeld"][str(s[0])].get("mediaan_s"),
        "voorbeeld_10x_s": r["voorbeeld"][str(s[1])].get("mediaan_s"),
        "site_een_blok_s": r["site"]["een_blok_veranderd"]["wand_s"],
    }
    higher_better = {"batch_versnelling"}
    # A figure can be missing in quick mode: when the machine's noise makes a larger workspace
    # build faster than a smaller one, the scaling ratio has no meaning and is None.
    return {
        name: {"gemeten": None, "doel": TARGETS[name], "gehaald": None}
        if value is None
        else {
            "gemeten": round(value, 3),
            "doel": TARGETS[name],
            "gehaald": (
                value > TARGETS[name]
                if name in higher_better
                else value <= TARGETS[name]
                if name in ("schaling", "een_blok_1x", "een_blok_groot")
                or name.startswith(("voorbeeld", "site"))
                else value < TARGETS[name]
            ),
        }
        for name, value in measured.items()
    }


def _spread(ratio: dict) -> str:
    """The spread of the per-pair ratios of one-block rebuilds, for the table."""
    return (
        f"per paar {ratio['min']:.2f}-{ratio['max']:.2f}, volledig {ratio['volledig_wand_s']:.3f} s"
    )


def _ratio(value: float | None) -> str:
    return "onbekend (ruis groter dan het verschil)" if value is None else f"{value:.2f}"


def table(r: dict) -> str:
    """The short table printed at the end."""
    s = r["schalen"]
    e, p = r["eigen"], r["pandoc"]
    lines = [
        f"Meting {r['datum']} op {r['machine']['kernen']} kernen "
        f"(belasting {r['machine']['belasting_voor']} / {r['machine']['belasting_na']}), "
        f"{'snel' if r['snel'] else 'volledig'}",
        f"python -c pass: {r['python_start']['wand_s'] * 1000:.0f} ms; alleen de bibliotheken "
        f"laden: {r['bibliotheken_laden']['cpu_s'] * 1000:.0f} ms cpu",
        "",
        f"{'schaal':<8}{'woorden':>9}{'regiovisie s':>14}{'pandoc s':>10}"
        f"{'verhouding':>12}{'cpu-verh.':>11}{'piek MiB':>10}",
    ]
    for scale in s:
        lines.append(
            f"{scale:<8}{r['woorden'][str(scale)]:>9}{e[scale]['wand_s']:>14.3f}"
            f"{p[scale]['wand_s']:>10.3f}{e[scale]['wand_s'] / p[scale]['wand_s']:>12.2f}"
            f"{e[scale]['cpu_s'] / p[scale]['cpu_s']:>11.2f}{e[scale]['piek_mib']:>10.0f}"
        )
    lines.append("")
    names = list(r["stadia"][s[0]]["koud"])
    lines.append(
        f"{'stadium (cpu-s)':<18}" + "".join(f"{f'{x}x':>10}" for x in s) + "   (warm; import koud)"
    )
    for name in names:
        values = ""
        for x in s:
            stage = r["stadia"][x]
            if name == "importeren":  # only the first workspace's first round imports
                values += f"{stage['koud'][name]['cpu_s']:>10.3f}" if x == s[0] else f"{'':>10}"
                continue
            values += f"{(stage['warm'] or stage['koud'])[name]['cpu_s']:>10.3f}"
        lines.append(f"{name:<18}{values}")
    skipped = {n: m for x in s for n, m in r["stadia"][x]["overgeslagen"].items()}
    for name, message in skipped.items():
        lines.append(f"  writer {name} overgeslagen: {message}")
    sc = r["schaling"]["wand_s"]
    h = r["herbouw"]
    hg = r["herbouw_groot"]
    b = r["batch"]
    lines += [
        "",
        f"Schaling: marginale kosten {s[1]}x->{s[2]}x / {s[0]}x->{s[1]}x = "
        f"{_ratio(sc['verhouding'])} (wand), "
        f"{_ratio(r['schaling']['cpu_s']['verhouding'])} (cpu), "
        f"{_ratio(r['schaling']['stadia_cpu_s']['verhouding'])} (stadia in het proces, cpu)"
        f"  doel <= {TARGETS['schaling']}",
        f"Niets veranderd: {h['niets_veranderd']['wand_s']:.3f} s  doel < "
        f"{TARGETS['niets_veranderd_s']} s; uitvoer byte-identiek: "
        f"{h['uitvoer_ongewijzigd_na_noop'] and h['uitvoer_gelijk_na_volledige_bouw']}",
        f"Eén blok veranderd, {s[0]}x: {h['een_blok_veranderd']['wand_s']:.3f} s = "
        f"{r['uitkomst']['een_blok_1x']['gemeten']:.2f} x de volledige bouw ervoor "
        f"({_spread(h['een_blok_verhouding'])})  doel <= {TARGETS['een_blok_1x']}; "
        f"{s[2]}x: {hg['een_blok_veranderd']['wand_s']:.3f} s = "
        f"{r['uitkomst']['een_blok_groot']['gemeten']:.2f} x "
        f"({_spread(hg['een_blok_verhouding'])})  doel <= {TARGETS['een_blok_groot']}; "
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
        + f"  doel <= {TARGETS['voorbeeld_1x_s']} s / {TARGETS['voorbeeld_10x_s']} s",
        f"Website {s[0]}x (hele proces): volledig {r['site']['volledig']['wand_s']:.3f} s "
        f"(cpu {r['site']['volledig']['cpu_s']:.3f}), na één blok "
        f"{r['site']['een_blok_veranderd']['wand_s']:.3f} s  doel <= "
        f"{TARGETS['site_een_blok_s']} s; sphinx-build van dezelfde bronnen "
        f"{r['site']['sphinx_build']['wand_s']:.3f} s "
        f"(cpu {r['site']['sphinx_build']['cpu_s']:.3f}), na dezelfde wijziging (Sphinx "
        f"zelf incrementeel) {r['site']['sphinx_build_een_blok']['wand_s']:.3f} s "
        f"(cpu {r['site']['sphinx_build_een_blok']['cpu_s']:.3f})",
        f"Cpu-verhouding regiovisie/pandoc bij {s[0]}x (alle processen): "
        f"{e[s[0]]['cpu_s']:.3f} / {p[s[0]]['cpu_s']:.3f} s = "
        f"{e[s[0]]['cpu_s'] / p[s[0]]['cpu_s']:.2f}  doel < {TARGETS['cpu_verhouding_pandoc']}"
        f" (Python met alleen de bibliotheken laden: {r['bibliotheken_laden']['cpu_s']:.3f} s = "
        f"{r['bibliotheken_laden']['cpu_s'] / p[s[0]]['cpu_s']:.2f})",
        f"Batch {b['regios']} regio's: {b['alle']['wand_s']:.2f} s; {b['regios']} x één regio "
        f"= {b['regios'] * b['een_regio_s']:.2f} s; versnelling {b['versnelling']:.2f}"
        f"  doel > {TARGETS['batch_versnelling']}",
        "Grote blokken in Word (hele proces, docx; marginale kosten groot / klein, lineair: "
        "ongeveer 1): "
        + "; ".join(
            f"{kind} "
            + ", ".join(f"{n}: {t:.2f} s" for n, t in v["wand_s"].items())
            + f", verhouding {_ratio(v['verhouding'])}"
            for kind, v in r["grote_blokken"].items()
        ),
        f"Piekgeheugen {s[1]}x: {e[s[1]]['piek_mib']:.0f} MiB  doel < "
        f"{TARGETS['geheugen_10x_mib']} MiB",
        f"Verhouding regiovisie/pandoc bij {s[0]}x: "
        f"{e[s[0]]['wand_s'] / p[s[0]]['wand_s']:.2f}  doel < {TARGETS['verhouding_pandoc']}"
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
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark van regiovisie build.")
    parser.add_argument(
        "--snel", action="store_true", dest="fast", help="kleine maten, één run (voor CI)"
    )
    parser.add_argument("--runs", type=int, help="runs per meting (standaard 5; snel: 1)")
    parser.add_argument("--regios", type=int, help="werkmappen in de batch (standaard 42)")
    parser.add_argument("--uit", type=Path, dest="out", help="schrijf de JSON ook naar dit bestand")
    args = parser.parse_args()
    if not shutil.which("pandoc"):
        raise SystemExit("pandoc ontbreekt: installeer het met apt-get install pandoc.")
    scales = (1, 2, 4) if args.fast else (1, 10, 20)
    runs = args.runs or (1 if args.fast else 5)
    regios = args.regios or (4 if args.fast else 42)
    begin = time.perf_counter()
    result: dict = {
        "datum": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "snel": args.fast,
        "schalen": list(scales),
        "machine": {
            "kernen": os.cpu_count(),
            "python": platform.python_version(),
            "pandoc": subprocess.run(
                ["pandoc", "--version"], capture_output=True, text=True
            ).stdout.split("\n")[0],
            "belasting_voor": round(os.getloadavg()[0], 2),
        },
        "doelen": TARGETS,
    }
    # What an installed wheel has: bytecode next to the sources (pip compiles on install).
    compileall.compile_dir(ROOT / "regiovisie_builder", quiet=1)
    with tempfile.TemporaryDirectory(prefix="regiovisie-bench-") as temporary:
        work = Path(temporary)
        print(f"Werkmappen maken ({', '.join(f'{s}x' for s in scales)}) ...", flush=True)
        for scale in scales:
            werkruimte.maak_werkmap(work / f"werkmap-{scale}x", scale)
            (work / f"tekst-{scale}x.md").write_text(
                werkruimte.as_markdown(scale), encoding="utf-8"
            )
        result["woorden"] = {str(s): werkruimte.words(s) for s in scales}
        result["python_start"] = median(
            [measure([sys.executable, "-c", "pass"]) for _ in range(max(runs, 3))]
        )
        # The floor under the CPU ratio: Python plus only importing the libraries a build
        # of docx + html cannot do without (the CLI, regio.yaml, the blocks' Jinja and
        # Markdown, the Word file).
        result["bibliotheken_laden"] = median(
            [measure([sys.executable, "-c", LIBRARIES]) for _ in range(max(runs, 3))]
        )
        print("Hele proces naast pandoc ...", flush=True)
        own, pandoc = side_by_side(scales, runs, work)
        result["eigen"], result["pandoc"] = own, pandoc
        print("Stadia in het proces ...", flush=True)
        folders = [work / f"werkmap-{s}x" for s in scales]
        per_folder = stages(folders, 3)
        result["stadia"] = {s: per_folder[str(m)] for s, m in zip(scales, folders, strict=True)}
        result["schaling"] = scaling(own, result["stadia"], scales)
        print("Herbouwen ...", flush=True)
        result["herbouw"] = rebuild(work / f"werkmap-{scales[0]}x", runs)
        result["herbouw_groot"] = rebuild(work / f"werkmap-{scales[-1]}x", runs, only_one_blok=True)
        print("Voorbeeld in Chromium ...", flush=True)
        times = 3 if args.fast else 20
        result["voorbeeld"] = {
            str(x): measure_preview(work / f"werkmap-{x}x", times, ENVIRONMENT) for x in scales[:2]
        }
        print("Website ...", flush=True)
        result["site"] = site(work / f"werkmap-{scales[0]}x", work, runs)
        print("Grote blokken in Word ...", flush=True)
        # 4,999 rows of two cells: the largest table a block may hold (20,000 parts).
        result["grote_blokken"] = big_blocks(
            work / f"werkmap-{scales[0]}x", runs, (250, 1_000) if args.fast else (1_250, 4_999)
        )
        print(f"Batch van {regios} werkmappen ...", flush=True)
        result["batch"] = batch(work, regios, 1 if args.fast else 2, own[scales[0]])
    result["machine"]["belasting_na"] = round(os.getloadavg()[0], 2)
    result["uitkomst"] = outcome(result)
    result["duur_s"] = round(time.perf_counter() - begin, 1)
    text = table(result)
    print()
    print(text)
    result["tabel"] = text.split("\n")
    data = json.dumps(result, indent=1, ensure_ascii=False, default=str) + "\n"
    out_folder = BENCH / "results"
    out_folder.mkdir(exist_ok=True)
    name = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H%M") + ("-snel" if args.fast else "")
    (out_folder / f"{name}.json").write_text(data, encoding="utf-8")
    if args.out:
        args.out.write_text(data, encoding="utf-8")
    print(f"\nGeschreven: {out_folder / f'{name}.json'}")


if __name__ == "__main__":
    main()
