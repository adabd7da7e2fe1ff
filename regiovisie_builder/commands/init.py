"""``regiovisie init``: create a workspace that builds at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from regiovisie_builder import bronnen
from regiovisie_builder.errors import ConfigError


@click.command("init")
@click.argument("map_", metavar="MAP", type=click.Path(file_okay=False, path_type=Path))
@click.option("--naam", default="Mijn regio", show_default=True, help="Naam van de jeugdregio.")
def init(map_: Path, naam: str) -> None:
    """Maak een nieuwe werkmap MAP met een regio.yaml die meteen bouwt."""
    if (map_ / "regio.yaml").exists():
        raise ConfigError(f"In '{map_}' staat al een regio.yaml. Er is niets overschreven.")
    regio_yaml = maak_werkmap(map_, naam)
    click.echo(f"Werkmap gemaakt: {map_}")
    click.echo(f"Vul {regio_yaml} aan en bouw met: regiovisie build {map_}")


def maak_werkmap(map_: Path, naam: str) -> Path:
    """Copy the workspace template into ``map_`` (existing files are kept); its regio.yaml."""
    voorbeeld = bronnen.TEMPLATES / "werkmap"
    map_.mkdir(parents=True, exist_ok=True)
    for bron in sorted(voorbeeld.rglob("*")):
        doel = map_ / bron.relative_to(voorbeeld)
        if bron.is_dir():
            doel.mkdir(exist_ok=True)
        elif not doel.exists():
            shutil.copyfile(bron, doel)
    regio_yaml = map_ / "regio.yaml"
    regio_yaml.write_text(
        regio_yaml.read_text(encoding="utf-8").replace("Mijn regio", naam), encoding="utf-8"
    )
    return regio_yaml
