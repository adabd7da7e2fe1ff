"""Spelling with Hunspell's Dutch dictionary, the adapter ``checks.taal`` is given.

Hunspell is an outside program (Debian: ``apt-get install hunspell hunspell-nl``); when it or
its dictionary is missing, ``NoSpellChecker`` says why and the other language advice
still comes.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence

# Hunspell's Dutch dictionary (Debian/Ubuntu: apt-get install hunspell hunspell-nl).
DICTIONARY = "nl_NL"
INSTALLATION = "apt-get install hunspell hunspell-nl"


class NoSpellChecker(Exception):
    """Hunspell or its Dutch dictionary is not available; the reason is the message."""


def hunspell(words: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """The words Hunspell's Dutch dictionary does not know, each with its suggestions.

    Uses Hunspell's pipe mode (``-a``): one word per line, answered per line with ``*``/``+``/
    ``-`` (known), ``& woord n positie: suggesties`` or ``# woord positie`` (unknown).
    """
    program = shutil.which("hunspell")
    if program is None:
        raise NoSpellChecker("het programma hunspell is niet geïnstalleerd")
    outcome = subprocess.run(
        [program, "-d", DICTIONARY, "-a", "-i", "utf-8"],
        input="".join(f"^{word}\n" for word in words),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    if outcome.returncode != 0:
        raise NoSpellChecker(
            f"hunspell kan het woordenboek {DICTIONARY} niet openen "
            f"({outcome.stderr.strip() or outcome.returncode})"
        )
    error: dict[str, tuple[str, ...]] = {}
    for line in outcome.stdout.splitlines():
        if line.startswith("& "):
            heading, _, suggestions = line.partition(": ")
            error[heading.split()[1]] = tuple(
                s.strip() for s in suggestions.split(",") if s.strip()
            )
        elif line.startswith("# "):
            error[line.split()[1]] = ()
    return error
