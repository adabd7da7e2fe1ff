"""Time the build of one workspace in-process, stage by stage (run by ``bench/run.py``).

Mirrors ``pipeline.lees`` and ``pipeline.bouw`` step by step so a regression shows where it
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


def _ronde(map_: Path) -> tuple[dict[str, dict[str, float]], dict[str, str]]:
    """One build in memory: wall and CPU seconds per stage, and writers that could not run."""
    tijden: dict[str, dict[str, float]] = {}
    overgeslagen: dict[str, str] = {}
    klok = (time.perf_counter(), time.process_time())

    def stap(naam: str) -> None:
        nonlocal klok
        nu = (time.perf_counter(), time.process_time())
        tijden[naam] = {"wand_s": nu[0] - klok[0], "cpu_s": nu[1] - klok[1]}
        klok = nu

    from regiovisie_builder.checks.bijlage import voeg_toetsing_toe
    from regiovisie_builder.checks.toetsing import toets
    from regiovisie_builder.pipeline import lees_blokken, lees_regio_tekst
    from regiovisie_builder.readers.document import lees_document, lees_opzet
    from regiovisie_builder.readers.regio import lees_regio
    from regiovisie_builder.readers.yamlbron import laad_yaml
    from regiovisie_builder.transforms import TRANSFORMS
    from regiovisie_builder.werkmap import Werkmap
    from regiovisie_builder.writers import WRITERS, schrijver

    stap("importeren")
    snapshot = Werkmap(map_).snapshot()  # every input read once, then parsed
    regio = lees_regio(*lees_regio_tekst(snapshot))
    blokken = lees_blokken(snapshot)
    bestand = snapshot.outline(regio.gegevens["document"]["soort"])
    assert bestand is not None, "the example workspaces have their outline"
    opzet = lees_opzet(
        laad_yaml(bestand.read().decode("utf-8"), bestand.name).gegevens, bestand.name
    )
    hulpbronnen = snapshot.hulpbronnen()
    stap("lezen")
    document = lees_document(regio, blokken, opzet)
    stap("renderen")
    for transform in TRANSFORMS:
        document = transform(document)
    stap("nummeren")
    toetsing = toets(document, regio)
    document = voeg_toetsing_toe(document, toetsing)
    stap("toetsen")
    for naam in sorted(WRITERS):
        try:
            schrijf = schrijver(naam)
        except ImportError as fout:  # a writer whose dependencies are missing here
            overgeslagen[naam] = f"kan niet laden: {fout}"
            stap(f"schrijven {naam}")
            continue
        try:
            schrijf(document, hulpbronnen)
        except Exception as fout:  # noqa: BLE001 - reported, not hidden
            overgeslagen[naam] = f"mislukt: {type(fout).__name__}: {fout}"
        stap(f"schrijven {naam}")
    return tijden, overgeslagen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("werkmappen", type=Path, nargs="+")
    parser.add_argument("--rondes", type=int, default=3)
    args = parser.parse_args()
    koud, overgeslagen, warm = {}, {}, {}
    for map_ in args.werkmappen:
        koud[map_], overgeslagen[map_] = _ronde(map_)
    # Rounds interleave the workspaces, so a change in the machine's load touches each alike.
    for _ in range(max(0, args.rondes - 1)):
        for map_ in args.werkmappen:
            tijden, _ = _ronde(map_)
            for naam, waarde in tijden.items():
                warm.setdefault(map_, {}).setdefault(naam, []).append(waarde)
    uitkomst = {
        str(map_): {
            "koud": koud[map_],
            "warm": {
                naam: {maat: statistics.median(r[maat] for r in rondes) for maat in rondes[0]}
                for naam, rondes in warm.get(map_, {}).items()
            },
            "overgeslagen": overgeslagen[map_],
        }
        for map_ in args.werkmappen
    }
    json.dump(uitkomst, sys.stdout)


if __name__ == "__main__":
    main()
