"""``regiovisie diff``: what changed between two versions (or a version and the working copy)."""

from __future__ import annotations

from pathlib import Path

import click


def laad(werkmap, versie: str):
    """The document of a published version, or of the working copy, as ``build`` makes it.

    A regiovisie gets its checklist annex, like the published Word and web files.
    """
    from regiovisie_builder import versies
    from regiovisie_builder.checks.toetsing import toets
    from regiovisie_builder.pipeline import lees
    from regiovisie_builder.transforms.toetsingsbijlage import voeg_toetsing_toe

    if versie == versies.WERKKOPIE:
        invoer = lees(werkmap)
        document, regio = invoer.document, invoer.regio
    else:
        document, regio = versies.lees_bevroren(versies.zoek_versie(werkmap.pad, versie))
    if document.meta.soort == "regiovisie":
        document = voeg_toetsing_toe(document, toets(document, regio))
    return document


def overzichtnaam(oud: str, nieuw: str) -> str:
    return f"wijzigingsoverzicht-{oud}-{nieuw}"


def vergelijk_versies(werkmap, oud: str, nieuw: str, oude=None, nieuwe=None):
    """Compare two versions; returns the comparison and its output files (path -> bytes)."""
    from regiovisie_builder.consultatie.overzicht import wijzigingsoverzicht
    from regiovisie_builder.consultatie.vergelijken import vergelijk
    from regiovisie_builder.writers import schrijver

    oude = oude if oude is not None else laad(werkmap, oud)
    nieuwe = nieuwe if nieuwe is not None else laad(werkmap, nieuw)
    vergelijking = vergelijk(oude, nieuwe)
    revisies = werkmap.build / f"{nieuwe.meta.soort}-{oud}-{nieuw}-wijzigingen.docx"
    overzicht = wijzigingsoverzicht(vergelijking, oud, nieuw, revisies.name)
    hulpbronnen = werkmap.lees_hulpbronnen()
    basis = overzichtnaam(oud, nieuw)
    bestanden = {
        revisies: schrijver("docx")(vergelijking.document, hulpbronnen),
        # The same for web readers: insertions and deletions as <ins> and <del>.
        revisies.with_suffix(".html"): schrijver("html")(vergelijking.document, hulpbronnen),
        werkmap.build / f"{basis}.docx": schrijver("docx")(overzicht, hulpbronnen),
        werkmap.build / f"{basis}.html": schrijver("html")(overzicht, hulpbronnen),
    }
    return vergelijking, bestanden


@click.command("diff")
@click.argument("map_", metavar="MAP", type=click.Path(file_okay=False, path_type=Path))
@click.argument("oud")
@click.argument("nieuw", default="werkkopie")
def diff(map_: Path, oud: str, nieuw: str) -> None:
    """Vergelijk versie OUD met versie NIEUW (standaard: de werkkopie, de huidige tekst).

    Schrijft naar MAP/build/ een wijzigingsoverzicht (Word en web) en het volledige document
    van de nieuwe versie met bijgehouden wijzigingen (Word en web); in Word kunt u elke
    wijziging accepteren of weigeren.
    """
    from regiovisie_builder.pipeline import schrijf_atomisch
    from regiovisie_builder.werkmap import Werkmap

    werkmap = Werkmap(map_)
    vergelijking, bestanden = vergelijk_versies(werkmap, oud, nieuw)
    schrijf_atomisch(bestanden, werkmap.pad)
    click.echo(
        f"Versie {oud} → {nieuw}: {len(vergelijking.wijzigingen)} wijziging(en) in "
        f"{len(vergelijking.gewijzigde_blokken)} paragraaf/paragrafen."
    )
    for pad in bestanden:
        click.echo(f"  geschreven: {werkmap.toon(pad)}")
    # The comparison uses the frozen sources; a changed published output is said apart.
    from regiovisie_builder import versies

    for versie in dict.fromkeys((oud, nieuw)):
        if versie == versies.WERKKOPIE:
            continue
        for probleem in versies.veranderde_bestanden(versies.zoek_versie(map_, versie)):
            click.echo(
                f"Let op: versie {versie} is niet meer zoals gepubliceerd: {probleem}", err=True
            )
