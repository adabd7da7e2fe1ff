"""``regiovisie publish``: freeze the current version under MAP/versies/<versie>/."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("publish")
@click.argument(
    "map_", metavar="[MAP]", default=".", type=click.Path(file_okay=False, path_type=Path)
)
@click.option(
    "--strikt",
    is_flag=True,
    help="Publiceer niet (exitcode 1) als een concept of consultatieversie nog open punten "
    "of niet overgenomen standaardtekst heeft.",
)
def publish(map_: Path, strikt: bool) -> None:
    """Publiceer de huidige versie van werkmap MAP.

    De teksten (na het invullen van de regiogegevens), regio.yaml, de Word- en webversie en
    een manifest met controlegetallen komen in MAP/versies/<versie>/. Een gepubliceerde versie
    wordt nooit overschreven; de status mag alleen vooruit (concept, consultatie, definitief,
    vastgesteld). Een concept of consultatieversie met open punten of niet overgenomen
    standaardtekst wordt gepubliceerd met een waarschuwing; met --strikt niet.
    """
    from regiovisie_builder import versies
    from regiovisie_builder.bouwcache import RAAD_STATUSSEN
    from regiovisie_builder.pipeline import bouw
    from regiovisie_builder.werkmap import Werkmap

    werkmap = Werkmap(map_)
    # As 'build' does by default: a final version comes with its council documents.
    resultaat = bouw(werkmap, versies.FORMATEN, raadsstukken=None, raad_statussen=RAAD_STATUSSEN)
    meta = resultaat.document.meta
    versies.controleer_volgorde(meta.versie, meta.status, versies.gepubliceerde_versies(map_))
    waarschuwingen = _waarschuwingen(resultaat)
    for regel in waarschuwingen:
        click.echo(regel, err=True)
    if strikt and waarschuwingen:
        click.echo("Niet gepubliceerd (--strikt).", err=True)
        raise SystemExit(1)
    opzet = werkmap.zoek_sjabloon(f"documenten/{meta.soort}.yaml")
    bestanden = versies.bevroren_bestanden(
        resultaat.document,
        werkmap.regio_yaml.read_bytes(),
        opzet.read_bytes(),
        resultaat.uitvoer,
        resultaat.raadsstukken,
    )
    doel = versies.schrijf_versie(map_, meta.versie, bestanden)
    click.echo(
        f"Versie {meta.versie} ({meta.status}) van '{meta.titel}' is gepubliceerd in "
        f"{werkmap.toon(doel)}: {len(resultaat.document.blokken)} blokken, "
        f"{len(bestanden)} bestanden."
    )


def _waarschuwingen(resultaat) -> list[str]:
    """Open points and unadopted standard text of a draft, as warning lines."""
    from regiovisie_builder.checks.openpunten import aantal_punten

    regels = []
    if resultaat.open_punten:
        regels.append(
            f"Waarschuwing: deze versie heeft nog {aantal_punten(len(resultaat.open_punten))}:"
        )
        regels += [f"  - {punt}" for punt in resultaat.open_punten]
    standaard = [b for b in resultaat.document.blokken if b.herkomst == "standaard"]
    if standaard:
        aantal = len(standaard)
        regels.append(
            f"Waarschuwing: {aantal} {'paragraaf is' if aantal == 1 else 'paragrafen zijn'} "
            "standaardtekst, niet vastgesteld door de regio:"
        )
        regels += [f"  - § {b.paragraaf} {b.titel}" for b in standaard]
    return regels
