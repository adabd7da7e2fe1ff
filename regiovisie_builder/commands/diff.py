"""``regiovisie diff``: what changed between two versions (or a version and the working copy)."""

from __future__ import annotations

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
    return 0
