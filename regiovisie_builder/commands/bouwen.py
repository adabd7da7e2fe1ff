"""``regiovisie build``: build one workspace, or many in parallel, as Word and/or HTML."""

from __future__ import annotations

import os
from pathlib import Path

import click

from regiovisie_builder.bouwcache import Bouwopties
from regiovisie_builder.errors import ConfigError, RegiovisieError
from regiovisie_builder.werkmapbouw import bouw_werkmap
from regiovisie_builder.writers import WRITERS


def _werkmappen(mappen: tuple[Path, ...]) -> list[Path]:
    """Each folder that is a workspace, or each workspace directly inside a folder."""
    gevonden: list[Path] = []
    for map_ in mappen:
        if (map_ / "regio.yaml").is_file():
            gevonden.append(map_)
        elif map_.is_dir():
            gevonden += sorted(p.parent for p in map_.glob("*/regio.yaml"))
        else:
            raise ConfigError(f"De map '{map_}' bestaat niet.")
    if not gevonden:
        raise ConfigError("Geen werkmappen gevonden (mappen met een regio.yaml).")
    return gevonden


def _bouw_in_proces(map_: Path, opties: Bouwopties):
    """Worker for batch builds: never raises, returns (map, ok, lines)."""
    try:
        return map_, True, bouw_werkmap(map_, opties)
    except RegiovisieError as fout:
        return map_, False, [f"{fout.kop}: {fout.format_message()}"]
    except Exception as fout:  # noqa: BLE001 - one broken workspace must not stop the batch
        return map_, False, [f"Onverwachte fout tijdens het bouwen ({type(fout).__name__})."]


def bouw_alle(mappen: list[Path], opties: Bouwopties, taken: int) -> bool:
    """Build many workspaces in parallel with a progress bar; True when all succeeded.

    The summary and the failed workspaces are always printed, also when a workspace
    crashes its worker process or the batch is interrupted.
    """
    from concurrent.futures import ProcessPoolExecutor, as_completed

    mislukt: dict[Path, list[str]] = {}
    klaar_mappen: set[Path] = set()
    try:
        with (
            ProcessPoolExecutor(max_workers=taken) as pool,
            click.progressbar(length=len(mappen), label="Bouwen", show_pos=True) as balk,
        ):
            opdrachten = {pool.submit(_bouw_in_proces, m, opties): m for m in mappen}
            for klaar in as_completed(opdrachten):
                try:
                    map_, ok, regels = klaar.result()
                except Exception as fout:  # noqa: BLE001 - e.g. the worker process died
                    map_, ok = opdrachten[klaar], False
                    regels = [f"Het bouwproces stopte onverwacht ({type(fout).__name__})."]
                klaar_mappen.add(map_)
                if not ok:
                    mislukt[map_] = regels
                balk.update(1)
    finally:
        for map_ in mappen:
            if map_ not in klaar_mappen and map_ not in mislukt:
                mislukt[map_] = ["Niet gebouwd: het bouwen is afgebroken."]
        click.echo(f"{len(mappen) - len(mislukt)} van {len(mappen)} werkmappen gebouwd.")
        for map_, regels in sorted(mislukt.items()):
            click.echo(f"Mislukt: {map_}", err=True)
            for regel in regels:
                click.echo(f"  {regel}", err=True)
    return not mislukt


@click.command("build")
@click.argument(
    "mappen",
    metavar="[MAP]...",
    nargs=-1,
    type=click.Path(file_okay=False, path_type=Path),
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
@click.option(
    "--soort",
    metavar="SOORT",
    help="Documentsoort uit templates/documenten/, bijvoorbeeld opinienota. "
    "Standaard: document.soort uit regio.yaml.",
)
@click.option(
    "--raadsstukken/--geen-raadsstukken",
    default=None,
    help="Maak ook per gemeente een raadsvoorstel en raadsbesluit (in build/raad/). "
    "Standaard alleen bij de status definitief of vastgesteld.",
)
@click.option(
    "--zonder-toetsing",
    is_flag=True,
    help="Laat de bijlage 'Toetsing aan de Norm voor Opdrachtgeverschap' weg.",
)
@click.option(
    "--alle",
    is_flag=True,
    help="Bouw alle werkmappen in de genoemde mappen tegelijk, op alle processorkernen.",
)
@click.option(
    "--taken", "-j", type=click.IntRange(min=1), default=None, metavar="AANTAL",
    help="Aantal werkmappen tegelijk bij --alle (standaard: aantal processorkernen).",
)  # fmt: skip
def build(
    mappen: tuple[Path, ...],
    formaten: tuple[str, ...],
    soort: str | None,
    raadsstukken: bool | None,
    zonder_toetsing: bool,
    alle: bool,
    taken: int | None,
) -> None:
    """Bouw het document van werkmap MAP (standaard: de huidige map) naar MAP/build/.

    Met --alle bouwt u veel regio's tegelijk: geef werkmappen of mappen met werkmappen.
    """
    opties = Bouwopties(formaten or ("docx", "html"), not zonder_toetsing, soort, raadsstukken)
    if alle:
        werkmappen = _werkmappen(mappen or (Path("."),))
        if not bouw_alle(werkmappen, opties, taken or os.cpu_count() or 1):
            raise SystemExit(1)  # some workspaces failed; each says why above
        return
    if len(mappen) > 1:
        raise ConfigError("Geef één werkmap, of gebruik --alle om er meer tegelijk te bouwen.")
    for regel in bouw_werkmap(mappen[0] if mappen else Path("."), opties, parallel=True):
        click.echo(regel)
