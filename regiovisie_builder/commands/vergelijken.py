"""``regiovisie diff``: what changed between two versions (or a version and the working copy)."""

from __future__ import annotations

from pathlib import Path

import click


def laad(werkmap, versie: str):
    """The numbered document of a published version, or of the working copy."""
    from regiovisie_builder import versies
    from regiovisie_builder.pipeline import lees

    if versie == versies.WERKKOPIE:
        return lees(werkmap).document
    return versies.lees_bevroren(versies.zoek_versie(werkmap.pad, versie))


@click.command("diff")
@click.argument("map_", metavar="MAP", type=click.Path(file_okay=False, path_type=Path))
@click.argument("oud")
@click.argument("nieuw", default="werkkopie")
def diff(map_: Path, oud: str, nieuw: str) -> None:
    """Vergelijk versie OUD met versie NIEUW (standaard: de werkkopie, de huidige tekst).

    Schrijft naar MAP/build/ een wijzigingsoverzicht (Word en web) en het volledige document
    van de nieuwe versie met bijgehouden wijzigingen, die u in Word kunt accepteren of
    weigeren.
    """
    from regiovisie_builder.consultatie.overzicht import wijzigingsoverzicht
    from regiovisie_builder.consultatie.vergelijken import vergelijk
    from regiovisie_builder.pipeline import schrijf_atomisch
    from regiovisie_builder.werkmap import Werkmap
    from regiovisie_builder.writers import schrijver

    werkmap = Werkmap(map_)
    oude, nieuwe = laad(werkmap, oud), laad(werkmap, nieuw)
    vergelijking = vergelijk(oude, nieuwe)
    soort = nieuwe.meta.soort
    revisies = werkmap.build / f"{soort}-{oud}-{nieuw}-wijzigingen.docx"
    overzicht = wijzigingsoverzicht(vergelijking, oud, nieuw, revisies.name)
    hulpbronnen = werkmap.lees_hulpbronnen()
    basis = f"wijzigingsoverzicht-{oud}-{nieuw}"
    bestanden = {
        revisies: schrijver("docx")(vergelijking.document, hulpbronnen),
        werkmap.build / f"{basis}.docx": schrijver("docx")(overzicht, hulpbronnen),
        werkmap.build / f"{basis}.html": schrijver("html")(overzicht, hulpbronnen),
    }
    schrijf_atomisch(bestanden)
    click.echo(
        f"Versie {oud} → {nieuw}: {len(vergelijking.wijzigingen)} wijziging(en) in "
        f"{len(vergelijking.gewijzigde_blokken)} paragraaf/paragrafen."
    )
    for pad in bestanden:
        click.echo(f"  geschreven: {werkmap.toon(pad)}")
