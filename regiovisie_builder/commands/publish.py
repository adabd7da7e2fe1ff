"""``regiovisie publish``: freeze the current version under MAP/versies/<versie>/."""

from __future__ import annotations

import sys
from pathlib import Path


def publish(map_: Path, strikt: bool = False) -> int:
    """Freeze the current version of workspace ``map_`` in ``versies/<versie>/``; a draft
    with open points or unadopted standard text is published with a warning, and with
    ``strikt`` not at all (exit code 1)."""
    from regiovisie_builder import versies
    from regiovisie_builder.nvo import AFGERONDE_STATUSSEN
    from regiovisie_builder.pipeline import bouw
    from regiovisie_builder.pipeline import waarschuwingen as pipeline_waarschuwingen
    from regiovisie_builder.werkmap import Werkmap

    werkmap = Werkmap(map_)
    # As 'build' does by default: a final version comes with its council documents.
    resultaat = bouw(
        werkmap, versies.FORMATEN, raadsstukken=None, raad_statussen=AFGERONDE_STATUSSEN
    )
    meta = resultaat.document.meta
    versies.controleer_volgorde(meta.versie, meta.status, versies.gepubliceerde_versies(map_))
    waarschuwingen = [
        r if r.startswith("  ") else f"Waarschuwing: {r[0].lower()}{r[1:]}"
        for r in pipeline_waarschuwingen(resultaat)
    ]
    for regel in waarschuwingen:
        print(regel, file=sys.stderr)
    if strikt and waarschuwingen:
        print("Niet gepubliceerd (--strikt).", file=sys.stderr)
        return 1
    # The sources as the build above read them (from its snapshot, not the disk again).
    snapshot = werkmap.snapshot()
    opzet = snapshot.outline(meta.soort)
    assert opzet is not None, "the build above read this outline"
    bestanden = versies.bevroren_bestanden(
        resultaat.document,
        snapshot.regio_yaml.read(),
        opzet.read(),
        resultaat.uitvoer,
        resultaat.raadsstukken,
    )
    doel = versies.schrijf_versie(map_, meta.versie, bestanden)
    print(
        f"Versie {meta.versie} ({meta.status}) van '{meta.titel}' is gepubliceerd in "
        f"{werkmap.toon(doel)}: {len(resultaat.document.blokken)} blokken, "
        f"{len(bestanden)} bestanden."
    )
    return 0
