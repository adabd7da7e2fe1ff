"""``regiovisie check``: the NvO checklist as a table or as JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from regiovisie_builder.checks.toetsing import plaatsen, samenvatting


def toon(toetsing, uitgebreid: bool = True) -> None:
    """Print the checklist table."""
    click.echo("Toetsing aan de Norm voor Opdrachtgeverschap")
    click.echo(f"{toetsing.regio}: {toetsing.document}, versie {toetsing.versie}")
    click.echo("")
    for regel in samenvatting(toetsing):
        click.echo(regel)
    if uitgebreid:
        click.echo("")
        click.echo("Inhoudelijke thema's:")
        for t in (*toetsing.themas, toetsing.route5):
            teken = "✔" if t.behandeld else "✘"
            click.echo(f"  {teken} {t.titel}: {plaatsen(t.vindplaatsen)}")
            for b in t.bevindingen:
                click.echo(f"        - {b}")
        from regiovisie_builder.checks.toetsing import UITGANGSSITUATIES

        click.echo("")
        click.echo(
            f"Uitgangssituatie {toetsing.uitgangssituatie}: "
            f"{UITGANGSSITUATIES[toetsing.uitgangssituatie]}"
        )
    aantal = sum(a.status == "voldaan" for a in toetsing.afspraken)
    if toetsing.voldaan:
        click.echo("Resultaat: aan alle acht afspraken is voldaan.")
    else:
        click.echo(f"Resultaat: {aantal} van de 8 afspraken voldaan.")


@click.command("check")
@click.argument(
    "map_", metavar="[MAP]", default=".", type=click.Path(file_okay=False, path_type=Path)
)
@click.option("--json", "als_json", is_flag=True, help="Uitvoer als JSON.")
@click.option(
    "--strikt",
    is_flag=True,
    help="Ook mislukken als een thema of route 5 niet (volledig) is behandeld, of als een "
    "consultatieversie niet zegt tot wanneer en hoe lezers kunnen reageren.",
)
def check(map_: Path, als_json: bool, strikt: bool) -> None:
    """Toets werkmap MAP aan de acht afspraken van de Norm voor Opdrachtgeverschap.

    Exitcode 0: alle afspraken voldaan; 1: niet alle; 2: fout in de invoer.
    """
    from regiovisie_builder.checks import toetsing as toetsing_module
    from regiovisie_builder.pipeline import lees
    from regiovisie_builder.werkmap import Werkmap
    from regiovisie_builder.writers.kanalen import waarschuwingen

    invoer = lees(Werkmap(map_))
    toetsing = invoer.toetsing
    if als_json:
        uitvoer = json.dumps(toetsing_module.als_json(toetsing), ensure_ascii=False, indent=2)
        click.echo(uitvoer)
    else:
        toon(toetsing)
    # A consultation version must say until when and how readers can respond.
    consultatie = waarschuwingen(invoer.document.meta)
    for melding in consultatie:
        click.echo(f"Let op: {melding}", err=True)
    geslaagd = toetsing.voldaan and ((toetsing.themas_compleet and not consultatie) or not strikt)
    if strikt and not toetsing.themas_compleet and not als_json:
        click.echo("Strikt: niet alle thema's of route 5 zijn volledig behandeld.")
    if strikt and consultatie and not als_json:
        click.echo("Strikt: de consultatieversie zegt niet tot wanneer of hoe lezers reageren.")
    sys.exit(0 if geslaagd else 1)
