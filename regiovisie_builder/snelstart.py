"""The console entry point, with a fast path for the most common call: ``build`` of one
workspace.

Writing groups rebuild many times a day. A plain ``build [MAP] [options]`` runs without
importing click: when the content hash of all inputs matches the last build (see
``bouwcache``) the summary is printed from the cache without importing Jinja, python-docx or
anything else, and otherwise the workspace is built directly. Every other call (help, other
commands, ``--alle``, options it does not know, a wrong value) goes to the click CLI, which
gives the same result and the Dutch usage messages.
"""

from __future__ import annotations

import sys
from pathlib import Path


def _eenvoudige_build(argumenten: list[str]):
    """(map, options) for a plain ``build [MAP]`` with build options, else None."""
    from regiovisie_builder.bouwcache import Bouwopties
    from regiovisie_builder.writers import WRITERS

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
    if len(mappen) > 1 or soort == "" or any(f not in WRITERS for f in formaten):
        return None
    map_ = Path(mappen[0] if mappen else ".")
    if not map_.is_dir():  # click explains a missing folder or a file given as folder
        return None
    opties = Bouwopties(tuple(formaten) or ("docx", "html"), bijlage, soort, raad, not formaten)
    return map_, opties


def main() -> None:
    """Entry point of the ``regiovisie`` console script and ``python -m``."""
    opdracht = _eenvoudige_build(sys.argv[1:])
    if opdracht is not None:
        from regiovisie_builder.errors import RegiovisieError
        from regiovisie_builder.werkmapbouw import bouw_werkmap

        try:
            regels = bouw_werkmap(*opdracht, parallel=True)
        except RegiovisieError as fout:
            fout.show()
            sys.exit(fout.exit_code)
        sys.stdout.write("\n".join(regels) + "\n")
        return
    from regiovisie_builder.cli import main as volledige_cli

    volledige_cli()
