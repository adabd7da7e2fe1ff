"""Time the build of one workspace in-process, stage by stage (run by ``bench/run.py``).

Mirrors ``pipeline.read`` and ``pipeline.build`` step by step so a regression shows where it
is: read (the workspace's snapshot; regio.yaml, blocks, outline, resources parsed from
it), render (Jinja + Markdown + assembly), number, check (checklist + annex), then every
writer registered in ``writers.WRITERS``. The first round of the first workspace includes
the lazy imports ("koud"); later rounds are warm (median), interleaved over the
workspaces. Wall and CPU seconds per stage; CPU time is the steadier figure on a shared
machine. Prints JSON, one entry per workspace.

    python bench/stadia.py WERKMAP... [--rondes N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _round(folder: Path) -> tuple[dict[str, dict[str, float]], dict[str, str]]:
    """One build in memory: wall and CPU seconds per stage, and writers that could not run."""
    durations: dict[str, dict[str, float]] = {}
    skipped: dict[str, str] = {}
    clock = (time.perf_counter(), time.process_time())

    def step(name: str) -> None:
        nonlocal clock
        nu = (time.perf_counter(), time.process_time())
        durations[name] = {"wand_s": nu[0] - clock[0], "cpu_s": nu[1] - clock[1]}
        clock = nu

    from regiovisie_builder.checks.bijlage import add_toetsing
    from regiovisie_builder.checks.toetsing import run_toetsing
    from regiovisie_builder.pipeline import read_blokken, read_regio_text
    from regiovisie_builder.readers.document import read_document, read_opzet
    from regiovisie_builder.readers.regio import read_regio
    from regiovisie_builder.readers.yaml_source import load_yaml
    from regiovisie_builder.transforms import TRANSFORMS
    from regiovisie_builder.werkmap import Werkmap
    from regiovisie_builder.writers import WRITERS, writer

    step("importeren")
    snapshot = Werkmap(folder).snapshot()  # every input read once, then parsed
    regio = read_regio(*read_regio_text(snapshot))
    blokken = read_blokken(snapshot)
    file = snapshot.outline(regio.data["document"]["soort"])
    assert file is not None, "the example workspaces have their outline"
    opzet = read_opzet(load_yaml(file.read().decode("utf-8"), file.name).data, file.name)
    resources = snapshot.resources()
    step("lezen")
    document = read_document(regio, blokken, opzet)
    step("renderen")
    for transform in TRANSFORMS:
        document = transform(document)
    step("nummeren")
    toetsing = run_toetsing(document, regio)
    document = add_toetsing(document, toetsing)
    step("toetsen")
    for name in sorted(WRITERS):
        try:
            write = writer(name)
        except ImportError as error:  # a writer whose dependencies are missing here
            skipped[name] = f"kan niet laden: {error}"
            step(f"schrijven {name}")
            continue
        try:
            write(document, resources)
        except Exception as error:  # noqa: BLE001 - reported, not hidden
            skipped[name] = f"mislukt: {type(error).__name__}: {error}"
        step(f"schrijven {name}")
    return durations, skipped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("werkmappen", type=Path, nargs="+")
    parser.add_argument("--rondes", type=int, default=3, dest="rounds")
    args = parser.parse_args()
    cold, skipped, warm = {}, {}, {}
    for folder in args.werkmappen:
        cold[folder], skipped[folder] = _round(folder)
    # Rounds interleave the workspaces, so a change in the machine's load touches each alike.
    for _ in range(max(0, args.rounds - 1)):
        for folder in args.werkmappen:
            durations, _ = _round(folder)
            for name, value in durations.items():
                warm.setdefault(folder, {}).setdefault(name, []).append(value)
    outcome = {
        str(folder): {
            "koud": cold[folder],
            "warm": {
                name: {size: statistics.median(r[size] for r in rounds) for size in rounds[0]}
                for name, rounds in warm.get(folder, {}).items()
            },
            "overgeslagen": skipped[folder],
        }
        for folder in args.werkmappen
    }
    json.dump(outcome, sys.stdout)


if __name__ == "__main__":
    main()
