"""``regiovisie check``: the NvO checklist as a table or as JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from regiovisie_builder.checks.toetsing import plaatsen, samenvatting


def toon(toetsing, uitgebreid: bool = True) -> None:
    """Print the checklist table."""
    print("Toetsing aan de Norm voor Opdrachtgeverschap")
    print(f"{toetsing.regio}: {toetsing.document}, versie {toetsing.versie}")
    print()
    for regel in samenvatting(toetsing, bewijs=uitgebreid):
        print(regel)
    if uitgebreid:
        print()
        print("Inhoudelijke thema's:")
        for t in (*toetsing.themas, toetsing.route5):
            teken = "✔" if t.behandeld else "✘"
            print(f"  {teken} {t.titel}: {plaatsen(t.vindplaatsen)}")
            for b in t.bevindingen:
                print(f"        - {b}")
        from regiovisie_builder.checks.toetsing import UITGANGSSITUATIES

        print()
        print(
            f"Uitgangssituatie {toetsing.uitgangssituatie}: "
            f"{UITGANGSSITUATIES[toetsing.uitgangssituatie]}"
        )
    aantal = sum(a.status == "voldaan" for a in toetsing.afspraken)
    if toetsing.voldaan:
        print("Resultaat: aan alle acht afspraken is voldaan.")
    else:
        print(f"Resultaat: {aantal} van de 8 afspraken voldaan.")


def check(map_: Path, als_json: bool = False, strikt: bool = False) -> int:
    """Print the checklist of workspace ``map_`` (table or JSON); the exit code: 0 when all
    eight agreements are met (and, with ``strikt``, every theme and all advice), else 1."""
    from regiovisie_builder.checks import toetsing as toetsing_module
    from regiovisie_builder.checks.voorstellen import wachtende_blokken
    from regiovisie_builder.pipeline import lees
    from regiovisie_builder.werkmap import Werkmap
    from regiovisie_builder.writers.kanalen import waarschuwingen

    invoer = lees(Werkmap(map_))
    toetsing = invoer.toetsing
    wachtend = wachtende_blokken(invoer.blokken, invoer.document)
    if als_json:
        gegevens = toetsing_module.als_json(toetsing)
        if wachtend:
            gegevens["wacht_op_bevestiging"] = [
                {
                    "blok": w.blok,
                    "paragraaf": w.paragraaf,
                    "voorstel_afspraken": list(w.afspraken),
                    "voorstel_themas": list(w.themas),
                }
                for w in wachtend
            ]
        print(json.dumps(gegevens, ensure_ascii=False, indent=2))
    else:
        toon(toetsing)
        if wachtend:
            print()
            print(
                (
                    "1 blok uit 'regiovisie import' heeft voorstellen"
                    if len(wachtend) == 1
                    else f"{len(wachtend)} blokken uit 'regiovisie import' hebben voorstellen"
                )
                + " die nog niet meetellen. Kloppen ze, hernoem dan in de front matter "
                "voorstel_afspraken naar afspraken en voorstel_themas naar themas:"
            )
            for w in wachtend:
                print(f"  - {w.melding}")
    # A consultation version must say until when and how readers can respond.
    consultatie = waarschuwingen(invoer.document.meta)
    for melding in consultatie:
        print(f"Let op: {melding}", file=sys.stderr)
    geslaagd = toetsing.voldaan and (
        not strikt or (toetsing.themas_compleet and not toetsing.adviezen and not consultatie)
    )
    if strikt and not toetsing.themas_compleet and not als_json:
        print("Strikt: niet alle thema's of route 5 zijn volledig behandeld.")
    if strikt and toetsing.adviezen and not als_json:
        print("Strikt: niet elk advies is gevolgd (zie 'advies' hierboven).")
    if strikt and consultatie and not als_json:
        print("Strikt: de consultatieversie zegt niet tot wanneer of hoe lezers reageren.")
    return 0 if geslaagd else 1
