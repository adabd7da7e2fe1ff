"""``regiovisie reactions``: import consultation reactions and write the nota van beantwoording."""

from __future__ import annotations

import sys
from pathlib import Path


def lees_inzendingen(map_: Path, toon) -> tuple[list, list[str]]:
    """Every submission in MAP/reacties/; all files are read before anything is kept."""
    from regiovisie_builder.errors import ContentError, Probleem
    from regiovisie_builder.readers.eml import lees_eml
    from regiovisie_builder.readers.reactiebestanden import LEZERS

    LEZERS = {**LEZERS, ".eml": lees_eml}  # noqa: N806 (e-mails saved from a mail program)
    inzendingen, waarschuwingen, problemen = [], [], []
    from regiovisie_builder.werkmap import lees_gewoon_bestand

    bestanden = sorted(
        p
        for p in map_.iterdir()
        if p.suffix.lower() in LEZERS and not p.name.startswith(("~$", "."))
    )
    for pad in bestanden:
        try:
            # Only regular files inside the workspace: not a symlink to a file elsewhere.
            inhoud = lees_gewoon_bestand(pad, toon(pad), map_.parent)
            inlezing = LEZERS[pad.suffix.lower()](inhoud, toon(pad))
        except ContentError as fout:
            # Keep what went wrong with the file next to where: one list for all files.
            wat = fout.message.replace(" Er is niets ingelezen.", "").rstrip(".")
            problemen += [
                Probleem(p.bestand, p.regel, f"{wat}: {p.melding}")
                for p in fout.problemen or [Probleem(toon(pad), None, "")]
            ]
            continue
        inzendingen += inlezing.inzendingen
        waarschuwingen += inlezing.waarschuwingen
    if problemen:
        raise ContentError(
            "Niet alle bestanden met reacties konden worden gelezen. Er is niets ingelezen; "
            "antwoorden.yaml is niet veranderd.",
            problemen,
        )
    return inzendingen, waarschuwingen


def reactions(map_: Path, versie: str | None = None) -> int:
    """Read the reactions in ``map_/reacties/``, add the new ones to antwoorden.yaml and
    write the nota van beantwoording."""
    from regiovisie_builder import versies
    from regiovisie_builder.consultatie import reactieregister
    from regiovisie_builder.consultatie.nota import nota
    from regiovisie_builder.errors import ConfigError, toonbaar
    from regiovisie_builder.pipeline import (
        overzichtnaam,
        schrijf_atomisch,
        vergelijk_versies,
        versie_document,
    )
    from regiovisie_builder.werkmap import Werkmap
    from regiovisie_builder.writers import schrijver

    werkmap = Werkmap(map_)
    map_reacties = map_ / "reacties"
    if not map_reacties.is_dir():
        raise ConfigError(
            f"In '{map_}' staat geen map 'reacties'. Zet de exports van het reactieformulier "
            "(csv of xlsx), de teruggestuurde Word-bestanden en de e-mails (.eml) in MAP/reacties/."
        )
    gepubliceerd = versies.gepubliceerde_versies(map_)
    versie = versie or (gepubliceerd[-1].versie if gepubliceerd else versies.WERKKOPIE)
    geraadpleegd = versie_document(werkmap, versie)

    inzendingen, waarschuwingen = lees_inzendingen(map_reacties, werkmap.toon)
    antwoorden = map_reacties / "antwoorden.yaml"
    oude_tekst = (
        reactieregister.decodeer_antwoorden(antwoorden.read_bytes(), werkmap.toon(antwoorden))
        if antwoorden.is_file()
        else ""
    )
    bestaande = reactieregister.lees_antwoorden(oude_tekst, werkmap.toon(antwoorden))
    uitkomst = reactieregister.nieuwe_reacties(
        inzendingen, bestaande, reactieregister.Wegwijzer(geraadpleegd)
    )
    alle = bestaande + uitkomst.nieuw

    bestanden: dict[Path, bytes] = {}
    vergelijking = None
    if versie != versies.WERKKOPIE:
        vergelijking, bestanden = vergelijk_versies(
            werkmap, versie, versies.WERKKOPIE, oude=geraadpleegd
        )
    overzicht = f"{overzichtnaam(versie, versies.WERKKOPIE)}.docx"
    # Without a published version the reactions are about the current text and its number.
    label = geraadpleegd.meta.versie if versie == versies.WERKKOPIE else versie
    document = nota(
        alle,
        geraadpleegd,
        label,
        vergelijking,
        versies.WERKKOPIE,
        overzicht,
        meta=vergelijking.nieuw.meta if vergelijking else None,
    )
    nota_pad = werkmap.build / "nota-van-beantwoording.docx"
    bestanden[nota_pad] = schrijver("docx")(document, werkmap.lees_hulpbronnen())
    if uitkomst.nieuw or not antwoorden.is_file():
        nieuwe_tekst = reactieregister.bijgewerkt(
            oude_tekst, bestaande, uitkomst.nieuw, werkmap.toon(antwoorden)
        )
        bestanden[antwoorden] = nieuwe_tekst.encode("utf-8")
    schrijf_atomisch(bestanden, werkmap.pad)

    print(
        f"{len(uitkomst.nieuw)} nieuwe reactie(s); {uitkomst.dubbel} inzending(en) waren al "
        f"ingelezen of dubbel. In totaal {len(alle)} reactie(s) op versie {label}."
    )
    for melding in waarschuwingen + uitkomst.niet_gevonden:
        print(toonbaar(f"Let op: {melding}"), file=sys.stderr)
    onbeantwoord = sum(1 for r in alle if not str(r.get("antwoord") or "").strip())
    if onbeantwoord:
        print(f"Nog te beantwoorden in {werkmap.toon(antwoorden)}: {onbeantwoord}")
    for pad in bestanden:
        print(f"  geschreven: {werkmap.toon(pad)}")
    return 0
