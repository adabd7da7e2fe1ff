"""``regiovisie check``: the NvO checklist as a table or as JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from regiovisie_builder.checks.toetsing import places, summary


def show(toetsing, extended: bool = True) -> None:
    """Print the checklist table."""
    print("Toetsing aan de Norm voor Opdrachtgeverschap")
    print(f"{toetsing.regio}: {toetsing.document}, versie {toetsing.versie}")
    print()
    for line in summary(toetsing, bewijs=extended):
        print(line)
    if extended:
        print()
        print("Inhoudelijke thema's:")
        for t in (*toetsing.themas, toetsing.route5):
            character = "✔" if t.covered else "✘"
            print(f"  {character} {t.titel}: {places(t.vindplaatsen)}")
            for b in t.bevindingen:
                print(f"        - {b}")
        from regiovisie_builder.checks.toetsing import UITGANGSSITUATIES

        print()
        print(
            f"Uitgangssituatie {toetsing.uitgangssituatie}: "
            f"{UITGANGSSITUATIES[toetsing.uitgangssituatie]}"
        )
    count = sum(a.status == "voldaan" for a in toetsing.afspraken)
    if toetsing.voldaan:
        print("Resultaat: aan alle acht afspraken is voldaan.")
    else:
        print(f"Resultaat: {count} van de 8 afspraken voldaan.")


def check(folder: Path, as_json: bool = False, strict: bool = False) -> int:
    """Print the checklist of workspace ``folder`` (table or JSON); the exit code: 0 when all
    eight agreements are met (and, with ``strict``, every theme and all advice), else 1."""
    from regiovisie_builder.checks import toetsing as toetsing_module
    from regiovisie_builder.checks.proposals import pending_blokken
    from regiovisie_builder.pipeline import read
    from regiovisie_builder.werkmap import Werkmap
    from regiovisie_builder.writers.channels import warnings

    inputs = read(Werkmap(folder), draw_charts=False)
    toetsing = inputs.toetsing
    pending = pending_blokken(inputs.blokken, inputs.document)
    if as_json:
        data = toetsing_module.as_json(toetsing)
        if pending:
            data["wacht_op_bevestiging"] = [
                {
                    "blok": w.block_id,
                    "paragraaf": w.section_number,
                    "voorstel_afspraken": list(w.afspraken),
                    "voorstel_themas": list(w.themas),
                }
                for w in pending
            ]
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        show(toetsing)
        if pending:
            print()
            print(
                (
                    "1 blok uit 'regiovisie import' heeft voorstellen"
                    if len(pending) == 1
                    else f"{len(pending)} blokken uit 'regiovisie import' hebben voorstellen"
                )
                + " die nog niet meetellen. Kloppen ze, hernoem dan in de front matter "
                "voorstel_afspraken naar afspraken en voorstel_themas naar themas:"
            )
            for w in pending:
                print(f"  - {w.message}")
    # A consultation version must say until when and how readers can respond.
    consultatie = warnings(inputs.document.meta)
    for message in consultatie:
        print(f"Let op: {message}", file=sys.stderr)
    succeeded = toetsing.voldaan and (
        not strict or (toetsing.themas_complete and not toetsing.adviezen and not consultatie)
    )
    if strict and not toetsing.themas_complete and not as_json:
        print("Strikt: niet alle thema's of route 5 zijn volledig behandeld.")
    if strict and toetsing.adviezen and not as_json:
        print("Strikt: niet elk advies is gevolgd (zie 'advies' hierboven).")
    if strict and consultatie and not as_json:
        print("Strikt: de consultatieversie zegt niet tot wanneer of hoe lezers reageren.")
    return 0 if succeeded else 1
