"""The console entry point, with a fast path for the most common call: a rebuild of one
workspace in which nothing changed.

Writing groups rebuild many times a day; when the content hash of all inputs matches the
last build (see ``bouwcache``) the summary is printed from the cache without importing
click, Jinja, python-docx or anything else. Every other call goes to the click CLI.
"""

from __future__ import annotations

import sys
from pathlib import Path


def _eenvoudige_build(argumenten: list[str]):
    """(map, options) for a plain ``build [MAP]`` with build options, else None."""
    from regiovisie_builder.bouwcache import Bouwopties

    if not argumenten or argumenten[0] != "build":
        return None
    mappen, formaten = [], []
    soort, bijlage, raad = None, True, None
    rest = iter(argumenten[1:])
    for argument in rest:
        if argument in ("-f", "--formaat"):
            formaten.append(next(rest, ""))
        elif argument.startswith("--formaat="):
            formaten.append(argument.split("=", 1)[1])
        elif argument == "--soort":
            soort = next(rest, "")
        elif argument == "--zonder-toetsing":
            bijlage = False
        elif argument in ("--raadsstukken", "--geen-raadsstukken"):
            raad = argument == "--raadsstukken"
        elif argument.startswith("-"):
            return None
        else:
            mappen.append(argument)
    if len(mappen) > 1 or not all(formaten) or soort == "":
        return None
    opties = Bouwopties(tuple(formaten) or ("docx", "html"), bijlage, soort, raad)
    return Path(mappen[0] if mappen else "."), opties


def main() -> None:
    """Entry point of the ``regiovisie`` console script and ``python -m``."""
    opdracht = _eenvoudige_build(sys.argv[1:])
    if opdracht is not None:
        from regiovisie_builder import bouwcache

        map_, opties = opdracht
        regels = bouwcache.actuele_samenvatting(map_, opties.sleuteltekst())
        if regels is not None:
            sys.stdout.write("\n".join(regels) + "\n")
            return
    from regiovisie_builder.cli import main as volledige_cli

    volledige_cli()
