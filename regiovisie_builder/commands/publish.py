"""``regiovisie publish``: freeze the current version under MAP/versies/<versie>/."""

from __future__ import annotations

import sys
from pathlib import Path


def publish(folder: Path, strict: bool = False) -> int:
    """Freeze the current version of workspace ``folder`` in ``versies/<versie>/``; a draft
    with open points or unadopted standard text is published with a warning, and with
    ``strict`` not at all (exit code 1)."""
    from regiovisie_builder import versies
    from regiovisie_builder.model import Meta
    from regiovisie_builder.nvo import FINISHED_STATUSES
    from regiovisie_builder.pipeline import build
    from regiovisie_builder.pipeline import warnings as pipeline_warnings
    from regiovisie_builder.werkmap import Werkmap

    werkmap = Werkmap(folder)

    def in_order(meta: Meta) -> None:
        # Before the Word and HTML writers run: a version that cannot follow the published
        # ones is refused at once.
        versies.check_order(meta.versie, meta.status, versies.published_versies(folder))

    # As 'build' does by default: a final version comes with its council documents.
    result = build(
        werkmap,
        versies.FORMATS,
        raadsstukken=None,
        raad_statuses=FINISHED_STATUSES,
        check_meta=in_order,
    )
    meta = result.document.meta
    warnings = [
        r if r.startswith("  ") else f"Waarschuwing: {r[0].lower()}{r[1:]}"
        for r in pipeline_warnings(result)
    ]
    for line in warnings:
        print(line, file=sys.stderr)
    if strict and warnings:
        print("Niet gepubliceerd (--strikt).", file=sys.stderr)
        return 1
    # The sources as the build above read them (from its snapshot, not the disk again).
    snapshot = werkmap.snapshot()
    opzet = snapshot.outline(meta.soort)
    assert opzet is not None, "the build above read this outline"
    files = versies.bevroren_files(
        result.document,
        snapshot.regio_yaml.read(),
        opzet.read(),
        result.output,
        result.raadsstukken,
    )
    target = versies.write_versie(folder, meta.versie, files)
    print(
        f"Versie {meta.versie} ({meta.status}) van '{meta.titel}' is gepubliceerd in "
        f"{werkmap.show(target)}: {len(result.document.blokken)} blokken, "
        f"{len(files)} bestanden."
    )
    return 0
