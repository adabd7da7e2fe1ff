"""``regiovisie diff``: what changed between two versions (or a version and the working copy)."""

from __future__ import annotations

import sys
from pathlib import Path


def diff(map_: Path, oud: str, nieuw: str = "werkkopie") -> int:
    """Write the change overview and the tracked-changes document of ``oud`` → ``nieuw``."""
    from regiovisie_builder.pipeline import schrijf_atomisch, vergelijk_versies
    from regiovisie_builder.werkmap import Werkmap

    werkmap = Werkmap(map_)
    vergelijking, bestanden = vergelijk_versies(werkmap, oud, nieuw)
    schrijf_atomisch(bestanden, werkmap.pad)
    print(
        f"Versie {oud} → {nieuw}: {len(vergelijking.wijzigingen)} wijziging(en) in "
        f"{len(vergelijking.gewijzigde_blokken)} paragraaf/paragrafen."
    )
    for pad in bestanden:
        print(f"  geschreven: {werkmap.toon(pad)}")
    # The comparison uses the frozen sources; a changed published output is said apart.
    from regiovisie_builder import versies

    for versie in dict.fromkeys((oud, nieuw)):
        if versie == versies.WERKKOPIE:
            continue
        for probleem in versies.veranderde_bestanden(versies.zoek_versie(map_, versie)):
            print(
                f"Let op: versie {versie} is niet meer zoals gepubliceerd: {probleem}",
                file=sys.stderr,
            )
    return 0
