"""``regiovisie taal``: plain-language advice per paragraph (long sentences, long words,
unexplained abbreviations) and spelling, with Hunspell's Dutch dictionary."""

from __future__ import annotations

import sys
from pathlib import Path

from regiovisie_builder.dutch import counted


def taal(folder: Path, strict: bool = False, without_spelling: bool = False) -> int:
    """Print the language advice for workspace ``folder``; the exit code (1: advice with
    ``strict``)."""
    from regiovisie_builder.checks.spelling import INSTALLATION, NoSpellChecker, hunspell
    from regiovisie_builder.checks.taal import MAX_WORDS, advise
    from regiovisie_builder.pipeline import read, read_words
    from regiovisie_builder.werkmap import Werkmap

    werkmap = Werkmap(folder)
    document = read(werkmap, draw_charts=False).document
    known = read_words(werkmap.snapshot())
    adviezen = None
    if not without_spelling:
        try:
            adviezen = advise(document, hunspell, known)
        except NoSpellChecker as reason:
            print(
                f"Spellingcontrole overgeslagen: {reason}. Installeer het met: {INSTALLATION}",
                file=sys.stderr,
            )
    spelled = adviezen is not None
    if adviezen is None:
        adviezen = advise(document)
    if not adviezen:
        spelling = " en de spelling klopt" if spelled else ""
        print(f"Geen taaladvies: de zinnen zijn kort, alle afkortingen zijn uitgelegd{spelling}.")
        return 0
    previous = None
    for advies in adviezen:
        if (advies.section_number, advies.block_id) != previous:
            previous = (advies.section_number, advies.block_id)
            print(f"Paragraaf {advies.section_number} ({advies.block_id}):")
        print(f"  - {advies.message}")
    print(
        f"{counted(len(adviezen), 'taaladvies', 'taaladviezen')}. Richtlijn B1: zinnen tot "
        "ongeveer 20 woorden "
        f"(gemeld vanaf {MAX_WORDS + 1}), afkortingen de eerste keer voluit."
    )
    if any(a.soort == "spelling" for a in adviezen):
        print(
            "Is een woord toch goed gespeld (een vakterm)? Zet het op een eigen regel in "
            "templates/woorden.txt in de werkmap."
        )
    return 1 if strict else 0
