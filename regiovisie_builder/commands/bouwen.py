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
    help=(
        "Uitvoerformaat; herhaal voor meer formaten. Standaard: docx en html. "
        "Met site komt een website per versie in build/site/."
    ),
)
def build(map_: Path, formaten: tuple[str, ...]) -> None:
    """Bouw het document van werkmap MAP naar MAP/build/."""
    from regiovisie_builder.pipeline import bouw, schrijf_atomisch
    from regiovisie_builder.werkmap import Werkmap

    werkmap = Werkmap(map_)
    formaten = formaten or ("docx", "html")
    resultaat = bouw(werkmap, formaten)
    document = resultaat.document
    soort = document.meta.soort
    site = resultaat.uitvoer.pop("site", None)
    if site is not None:
        from regiovisie_builder.commands.siteversies import plan_site

        # Checked before anything is written, so a refused version leaves all output as it was.
        siteplan = plan_site(werkmap.build / "site", site, werkmap.lees_hulpbronnen())
    bestanden = {
        werkmap.build / f"{soort}{WRITERS[f][1]}": inhoud for f, inhoud in resultaat.uitvoer.items()
    }
    schrijf_atomisch(bestanden)
    if site is not None:
        publicatie = siteplan.schrijf()
    click.echo(
        f"{document.meta.titel} ({document.meta.regio}), versie {document.meta.versie}, "
        f"{document.meta.status}: {len(document.blokken)} blokken"
    )
    for pad, inhoud in bestanden.items():
        click.echo(f"  geschreven: {werkmap.toon(pad)} ({_grootte(len(inhoud))})")
    if site is not None:
        click.echo(
            f"  website: {werkmap.toon(publicatie.map)}/ ({publicatie.aantal} bestanden); "
            f"alle versies: {werkmap.toon(publicatie.index)}; "
            f"nieuwste versie: {publicatie.nieuwste}"
        )
    if document.markeringen:
        click.echo(f"Nog in te vullen ({len(document.markeringen)}):")
        for pad in document.markeringen:
            click.echo(f"  - {pad}")
