"""``regiovisie taal``: plain-language advice per paragraph (long sentences, long words,
unexplained abbreviations) and spelling, with Hunspell's Dutch dictionary."""

from __future__ import annotations

import sys
from pathlib import Path


def taal(map_: Path, strikt: bool = False, zonder_spelling: bool = False) -> int:
    """Print the language advice for workspace ``map_``; the exit code (1: advice with
    ``strikt``)."""
    from regiovisie_builder.checks.spelling import INSTALLATIE, GeenSpellingcontrole, hunspell
    from regiovisie_builder.checks.taal import MAX_WOORDEN, adviseer
    from regiovisie_builder.pipeline import lees, lees_woorden
    from regiovisie_builder.werkmap import Werkmap

    werkmap = Werkmap(map_)
    document = lees(werkmap).document
    bekend = lees_woorden(werkmap.snapshot())
    adviezen = None
    if not zonder_spelling:
        try:
            adviezen = adviseer(document, hunspell, bekend)
        except GeenSpellingcontrole as reden:
            print(
                f"Spellingcontrole overgeslagen: {reden}. Installeer het met: {INSTALLATIE}",
                file=sys.stderr,
            )
    gespeld = adviezen is not None
    if adviezen is None:
        adviezen = adviseer(document)
    if not adviezen:
        spelling = " en de spelling klopt" if gespeld else ""
        print(f"Geen taaladvies: de zinnen zijn kort, alle afkortingen zijn uitgelegd{spelling}.")
        return 0
    vorige = None
    for advies in adviezen:
        if (advies.paragraaf, advies.blok) != vorige:
            vorige = (advies.paragraaf, advies.blok)
            print(f"Paragraaf {advies.paragraaf} ({advies.blok}):")
        print(f"  - {advies.melding}")
    print(
        f"{len(adviezen)} taaladvies(en). Richtlijn B1: zinnen tot ongeveer 20 woorden "
        f"(gemeld vanaf {MAX_WOORDEN + 1}), afkortingen de eerste keer voluit."
    )
    if any(a.soort == "spelling" for a in adviezen):
        print(
            "Is een woord toch goed gespeld (een vakterm)? Zet het op een eigen regel in "
            "templates/woorden.txt in de werkmap."
        )
    return 1 if strikt else 0
