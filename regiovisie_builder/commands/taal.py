"""``regiovisie taal``: plain-language advice per paragraph (long sentences, long words,
unexplained abbreviations)."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command("taal")
@click.argument(
    "map_", metavar="[MAP]", default=".", type=click.Path(file_okay=False, path_type=Path)
)
@click.option("--strikt", is_flag=True, help="Exitcode 1 als er taaladvies is.")
def taal(map_: Path, strikt: bool) -> None:
    """Geef taaladvies voor de tekst van werkmap MAP: lange zinnen, lange woorden en
    afkortingen zonder uitleg (taalniveau B1)."""
    from regiovisie_builder.checks.taal import MAX_WOORDEN, adviseer
    from regiovisie_builder.pipeline import lees
    from regiovisie_builder.werkmap import Werkmap

    adviezen = adviseer(lees(Werkmap(map_)).document)
    if not adviezen:
        click.echo("Geen taaladvies: de zinnen zijn kort en alle afkortingen zijn uitgelegd.")
        return
    vorige = None
    for advies in adviezen:
        if (advies.paragraaf, advies.blok) != vorige:
            vorige = (advies.paragraaf, advies.blok)
            click.echo(f"Paragraaf {advies.paragraaf} ({advies.blok}):")
        click.echo(f"  - {advies.melding}")
    click.echo(
        f"{len(adviezen)} taaladvies(en). Richtlijn B1: zinnen tot ongeveer 20 woorden "
        f"(gemeld vanaf {MAX_WOORDEN + 1}), afkortingen de eerste keer voluit."
    )
    if strikt:
        sys.exit(1)
