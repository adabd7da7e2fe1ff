"""``regiovisie build``: build the workspace's document as Word and/or HTML."""

from __future__ import annotations

from pathlib import Path

import click

from regiovisie_builder.writers import WRITERS


def _grootte(aantal: int) -> str:
    return f"{aantal / 1024:.0f} kB" if aantal >= 1024 else f"{aantal} bytes"


@click.command("build")
@click.argument(
    "map_", metavar="[MAP]", default=".", type=click.Path(file_okay=False, path_type=Path)
)
@click.option(
    "--formaat",
    "-f",
    "formaten",
    multiple=True,
    type=click.Choice(sorted(WRITERS)),
    help="Uitvoerformaat; herhaal voor meer formaten. Standaard: docx en html.",
)
@click.option(
    "--soort",
    metavar="SOORT",
    help="Documentsoort uit templates/documenten/, bijvoorbeeld opinienota. "
    "Standaard: document.soort uit regio.yaml.",
)
@click.option(
    "--raadsstukken/--geen-raadsstukken",
    default=True,
    show_default=True,
    help="Maak ook per gemeente een raadsvoorstel en raadsbesluit (in build/raad/).",
)
def build(map_: Path, formaten: tuple[str, ...], soort: str | None, raadsstukken: bool) -> None:
    """Bouw het document van werkmap MAP naar MAP/build/."""
    from regiovisie_builder.pipeline import bouw, schrijf_atomisch
    from regiovisie_builder.werkmap import Werkmap

    werkmap = Werkmap(map_)
    formaten = formaten or ("docx", "html")
    resultaat = bouw(werkmap, formaten, soort=soort, raadsstukken=raadsstukken)
    document = resultaat.document
    soort = document.meta.soort
    bestanden = {
        werkmap.build / f"{soort}{WRITERS[f][1]}": inhoud for f, inhoud in resultaat.uitvoer.items()
    }
    stukken = {werkmap.build / pad: inhoud for pad, inhoud in resultaat.raadsstukken.items()}
    schrijf_atomisch({**bestanden, **stukken})
    click.echo(
        f"{document.meta.titel} ({document.meta.regio}), versie {document.meta.versie}, "
        f"{document.meta.status}: {len(document.blokken)} blokken"
    )
    for pad, inhoud in bestanden.items():
        click.echo(f"  geschreven: {werkmap.toon(pad)} ({_grootte(len(inhoud))})")
    if stukken:
        map_raad = werkmap.toon(werkmap.build / "raad")
        click.echo(f"  geschreven: {len(stukken)} raadsstukken in {map_raad}/")
    if document.markeringen:
        click.echo(f"Nog in te vullen ({len(document.markeringen)}):")
        for pad in document.markeringen:
            click.echo(f"  - {pad}")
    if resultaat.raad_markeringen:
        click.echo(f"Nog in te vullen voor de raadsstukken ({len(resultaat.raad_markeringen)}):")
        for pad in resultaat.raad_markeringen:
            click.echo(f"  - {pad}")
