"""The ``regiovisie`` command line: thin, it only wires commands to the library."""

from __future__ import annotations

import sys

import click

from regiovisie_builder import __version__
from regiovisie_builder.commands.bouwen import build
from regiovisie_builder.commands.import_docx import import_
from regiovisie_builder.commands.init import init
from regiovisie_builder.commands.publiceren import publish
from regiovisie_builder.commands.reacties import reactions
from regiovisie_builder.commands.schema import schema
from regiovisie_builder.commands.taal import taal
from regiovisie_builder.commands.toetsen import check
from regiovisie_builder.commands.vergelijken import diff
from regiovisie_builder.commands.voorbeeld import preview
from regiovisie_builder.errors import RegiovisieError


@click.group(
    context_settings={"help_option_names": ["-h", "--help"]},
    options_metavar="[OPTIES]",
    subcommand_metavar="OPDRACHT [ARGUMENTEN]...",
)
@click.version_option(
    __version__,
    prog_name="regiovisie",
    message="%(prog)s %(version)s",
    help="Toon het versienummer en stop.",
)
def regiovisie() -> None:
    """Bouw een regiovisie jeugdhulp uit inhoudsblokken en regio.yaml, en toets haar aan de
    Norm voor Opdrachtgeverschap."""


regiovisie.add_command(init)
regiovisie.add_command(build)
regiovisie.add_command(preview)
regiovisie.add_command(check)
regiovisie.add_command(schema)
regiovisie.add_command(publish)
regiovisie.add_command(diff)
regiovisie.add_command(reactions)
regiovisie.add_command(taal)
regiovisie.add_command(import_)


for _opdracht in regiovisie.commands.values():
    _opdracht.options_metavar = "[OPTIES]"


def main() -> None:
    """Entry point of the console script."""
    from regiovisie_builder import clitaal

    clitaal.installeer(regiovisie)
    try:
        regiovisie(prog_name="regiovisie")
    except RegiovisieError as fout:
        fout.show()
        sys.exit(fout.exit_code)
