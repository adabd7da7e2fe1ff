"""Build one workspace: the content-hash cache, the pipeline, atomic writes, summary lines.

Used by ``regiovisie build`` (one workspace, or each worker of ``--alle``) and by the live
preview.
"""

from __future__ import annotations

from pathlib import Path

from regiovisie_builder import bouwcache
from regiovisie_builder.bouwcache import Bouwopties
from regiovisie_builder.nvo import AFGERONDE_STATUSSEN
from regiovisie_builder.werkmap import Werkmap
from regiovisie_builder.writers import WRITERS


def _grootte(aantal: int) -> str:
    return f"{aantal / 1024:.0f} kB" if aantal >= 1024 else f"{aantal} bytes"


def bouw_werkmap(map_: Path, opties: Bouwopties, parallel: bool = False) -> list[str]:
    """Build one workspace into MAP/build/ and return the summary lines to print.

    Skips all work when the inputs are unchanged since the last build (see ``bouwcache``).
    With ``parallel`` the Word files are written by a helper process (see ``hulpproces``).
    """
    # Every input is read once, into the snapshot: the key is taken from it and the build
    # parses it, so the key describes exactly the bytes the outputs were made from.
    werkmap = Werkmap(map_)
    sleutel = bouwcache.sleutel(werkmap.snapshot(), opties.sleuteltekst())
    actueel = bouwcache.actuele_samenvatting(werkmap.build, sleutel)
    if actueel is not None:
        return actueel

    from regiovisie_builder.checks.toetsing import samenvatting
    from regiovisie_builder.pipeline import bouw, schrijf_atomisch

    hulp = None
    if parallel and "docx" in opties.formaten:
        from regiovisie_builder.hulpproces import Hulpproces

        # Forked after the modules both processes need (the model above all), so they are
        # loaded once; the helper then loads the Word writer while this process reads.
        hulp = Hulpproces.start("docx")
    from regiovisie_builder import blokcache

    try:
        # Blocks unchanged since the last build are not read, rendered or parsed again.
        cache = blokcache.begin(werkmap.build)
        resultaat = bouw(
            werkmap,
            opties.formaten,
            soort=opties.soort,
            raadsstukken=opties.raadsstukken,
            raad_statussen=AFGERONDE_STATUSSEN,
            bijlage=opties.bijlage,
            hulp=hulp,
            pdf_statussen=AFGERONDE_STATUSSEN if opties.pdf_bij_afgerond else (),
            ondanks_toetsing=opties.ondanks_toetsing,
        )
    finally:
        blokcache.einde()
        if hulp is not None:
            hulp.stop()
    document = resultaat.document
    site = resultaat.uitvoer.pop("site", None)
    if site is not None:
        # Checked before anything is written, so a refused version leaves all output as it was.
        from regiovisie_builder.sitepublicatie import downloads, plan_site

        extra = downloads(werkmap, document, resultaat.uitvoer, WRITERS)
        website = str(resultaat.invoer.regio.sectie("document").get("website") or "")
        siteplan = plan_site(
            werkmap.build / "site", site, werkmap.lees_hulpbronnen(), extra, website
        )
    bestanden = {
        werkmap.build / f"{document.meta.soort}{WRITERS[f][1]}": inhoud
        for f, inhoud in resultaat.uitvoer.items()
    }
    stukken = {werkmap.build / pad: inhoud for pad, inhoud in resultaat.raadsstukken.items()}
    regels = [
        f"{document.meta.titel} ({document.meta.regio}), versie {document.meta.versie}, "
        f"{document.meta.status}: {len(document.blokken)} blokken"
    ]
    regels += [
        f"  geschreven: {werkmap.toon(p)} ({_grootte(len(b))})" for p, b in bestanden.items()
    ]
    if stukken:
        map_raad = werkmap.toon(werkmap.build / "raad")
        wat = "raadsstukken" if document.meta.soort == "regiovisie" else "stukken per gemeente"
        regels.append(f"  geschreven: {len(stukken)} {wat} in {map_raad}/")
    if document.meta.soort == "regiovisie" and (stukken or opties.raadsstukken):
        from regiovisie_builder import nederlands
        from regiovisie_builder.pipeline import al_vastgesteld

        for gemeente in resultaat.invoer.regio.gemeenten:
            if al_vastgesteld(gemeente):
                datum = gemeente["vaststelling"].get("datum")
                op = f" op {nederlands.datum(datum)}" if datum else ""
                regels.append(
                    f"  {gemeente['naam']}: de raad heeft de regiovisie al vastgesteld{op}; "
                    "geen raadsvoorstel en raadsbesluit gemaakt."
                )
    if document.meta.soort == "regiovisie":
        toetsing = resultaat.invoer.toetsing
        aantal = sum(a.status == "voldaan" for a in toetsing.afspraken)
        regels.append(f"Toetsing NvO: {aantal} van de 8 afspraken voldaan.")
        regels += samenvatting(toetsing)
        if not toetsing.voldaan and resultaat.invoer.reden:
            regels.append(
                "Let op: gebouwd ondanks de toetsing. De raadsvoorstellen noemen wat niet "
                f"voldaan is en de reden: {resultaat.invoer.reden}"
            )
    if resultaat.open_punten:
        from regiovisie_builder.checks.openpunten import aantal_punten

        regels.append(f"Nog in te vullen: {aantal_punten(len(resultaat.open_punten))}")
        regels += [f"  - {punt}" for punt in resultaat.open_punten]
    from regiovisie_builder.writers.kanalen import waarschuwingen

    regels += [f"Let op: {w}" for w in waarschuwingen(document.meta)]
    if opties.strikt:
        from regiovisie_builder.errors import ToetsingError
        from regiovisie_builder.pipeline import waarschuwingen as bezwaren

        if gevonden := bezwaren(resultaat):
            raise ToetsingError(
                "Er is niets geschreven (--strikt): de waarschuwingen tellen als fout.\n"
                + "\n".join(
                    f"  {regel}" if not regel.startswith("  ") else regel for regel in gevonden
                )
            )
    geschreven = {**bestanden, **stukken}
    schrijf_atomisch(geschreven, werkmap.pad)
    if site is not None:
        publicatie = siteplan.schrijf()
        regels.insert(
            1 + len(bestanden) + bool(stukken),
            f"  website: {werkmap.toon(publicatie.map)}/ ({publicatie.aantal} bestanden); "
            f"alle versies: {werkmap.toon(publicatie.index)}; "
            f"nieuwste versie: {publicatie.nieuwste}",
        )
        geschreven |= {publicatie.map / naam: data for naam, data in siteplan.bestanden.items()}
        geschreven |= {werkmap.build / "site" / n: data for n, data in siteplan.wortel.items()}
    from regiovisie_builder.opslag import schrijf_bestanden

    # Saved only once the outputs are written: a failed build leaves build/ as it was.
    # Without fsync: losing the cache only costs a full build.
    cache.bewaar(lambda b: schrijf_bestanden(b, werkmap.pad, duurzaam=False))
    if sleutel is not None:  # None: an input is no plain file, so never "unchanged"
        samenvatting_ = bouwcache.inhoud(
            werkmap.build, sleutel, geschreven, regels, werkmap.snapshot().images.values()
        )
        schrijf_atomisch({werkmap.build / bouwcache.CACHEBESTAND: samenvatting_}, werkmap.pad)
    return regels
