"""Spelling with Hunspell's Dutch dictionary, the adapter ``checks.taal`` is given.

Hunspell is an outside program (Debian: ``apt-get install hunspell hunspell-nl``); when it or
its dictionary is missing, ``GeenSpellingcontrole`` says why and the other language advice
still comes.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence

# Hunspell's Dutch dictionary (Debian/Ubuntu: apt-get install hunspell hunspell-nl).
WOORDENBOEK = "nl_NL"
INSTALLATIE = "apt-get install hunspell hunspell-nl"


class GeenSpellingcontrole(Exception):
    """Hunspell or its Dutch dictionary is not available; the reason is the message."""


def hunspell(woorden: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """The words Hunspell's Dutch dictionary does not know, each with its suggestions.

    Uses Hunspell's pipe mode (``-a``): one word per line, answered per line with ``*``/``+``/
    ``-`` (known), ``& woord n positie: suggesties`` or ``# woord positie`` (unknown).
    """
    programma = shutil.which("hunspell")
    if programma is None:
        raise GeenSpellingcontrole("het programma hunspell is niet geïnstalleerd")
    uitkomst = subprocess.run(
        [programma, "-d", WOORDENBOEK, "-a", "-i", "utf-8"],
        input="".join(f"^{woord}\n" for woord in woorden),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    if uitkomst.returncode != 0:
        raise GeenSpellingcontrole(
            f"hunspell kan het woordenboek {WOORDENBOEK} niet openen "
            f"({uitkomst.stderr.strip() or uitkomst.returncode})"
        )
    fout: dict[str, tuple[str, ...]] = {}
    for regel in uitkomst.stdout.splitlines():
        if regel.startswith("& "):
            kop, _, suggesties = regel.partition(": ")
            fout[kop.split()[1]] = tuple(s.strip() for s in suggesties.split(",") if s.strip())
        elif regel.startswith("# "):
            fout[regel.split()[1]] = ()
    return fout
