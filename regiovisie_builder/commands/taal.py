"""``regiovisie taal``: plain-language advice per paragraph (long sentences, long words,
unexplained abbreviations) and spelling, with Hunspell's Dutch dictionary."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import click

# Hunspell's Dutch dictionary (Debian/Ubuntu: apt-get install hunspell hunspell-nl).
WOORDENBOEK = "nl_NL"
INSTALLATIE = "apt-get install hunspell hunspell-nl"


class GeenSpellingcontrole(Exception):
    """Hunspell or its Dutch dictionary is not available; the reason is the message."""


def hunspell(woorden: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """The words Hunspell's Dutch dictionary does not know, each with its suggestions.

    Uses Hunspell's pipe mode (``-a``): one word per line, answered per line with ``*``/``+``/
    ``-`` (known), ``& woord n positie: suggesties`` or ``# woord positie`` (unknown).
    """
    programma = shutil.which("hunspell")
    if programma is None:
        raise GeenSpellingcontrole("het programma hunspell is niet geïnstalleerd")
    uitkomst = subprocess.run(
        [programma, "-d", WOORDENBOEK, "-a", "-i", "utf-8"],
        input="".join(f"^{woord}\n" for woord in woorden),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    if uitkomst.returncode != 0:
        raise GeenSpellingcontrole(
            f"hunspell kan het woordenboek {WOORDENBOEK} niet openen "
            f"({uitkomst.stderr.strip() or uitkomst.returncode})"
        )
    fout: dict[str, tuple[str, ...]] = {}
    for regel in uitkomst.stdout.splitlines():
        if regel.startswith("& "):
            kop, _, suggesties = regel.partition(": ")
            fout[kop.split()[1]] = tuple(s.strip() for s in suggesties.split(",") if s.strip())
        elif regel.startswith("# "):
            fout[regel.split()[1]] = ()
    return fout


@click.command("taal")
@click.argument(
    "map_", metavar="[MAP]", default=".", type=click.Path(file_okay=False, path_type=Path)
)
@click.option("--strikt", is_flag=True, help="Exitcode 1 als er taaladvies is.")
@click.option("--zonder-spelling", is_flag=True, help="Sla de spellingcontrole over.")
def taal(map_: Path, strikt: bool, zonder_spelling: bool) -> None:
    """Geef taaladvies voor de tekst van werkmap MAP: lange zinnen, lange woorden,
    afkortingen zonder uitleg (taalniveau B1) en spelling."""
    from regiovisie_builder.checks.taal import MAX_WOORDEN, adviseer
    from regiovisie_builder.pipeline import lees
    from regiovisie_builder.werkmap import Werkmap

    werkmap = Werkmap(map_)
    document = lees(werkmap).document
    bekend = werkmap.lees_woorden()
    adviezen = None
    if not zonder_spelling:
        try:
            adviezen = adviseer(document, hunspell, bekend)
        except GeenSpellingcontrole as reden:
            click.echo(
                f"Spellingcontrole overgeslagen: {reden}. Installeer het met: {INSTALLATIE}",
                err=True,
            )
    gespeld = adviezen is not None
    if adviezen is None:
        adviezen = adviseer(document)
    if not adviezen:
        spelling = " en de spelling klopt" if gespeld else ""
        click.echo(
            f"Geen taaladvies: de zinnen zijn kort, alle afkortingen zijn uitgelegd{spelling}."
        )
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
    if any(a.soort == "spelling" for a in adviezen):
        click.echo(
            "Is een woord toch goed gespeld (een vakterm)? Zet het op een eigen regel in "
            "templates/woorden.txt in de werkmap."
        )
    if strikt:
        sys.exit(1)
