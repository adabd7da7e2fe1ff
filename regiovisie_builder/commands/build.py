"""``regiovisie build``: build one workspace, or many in parallel."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from regiovisie_builder.bouwcache import Bouwopties
from regiovisie_builder.errors import ConfigError, RegiovisieError
from regiovisie_builder.werkmapbouw import bouw_werkmap


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


def _voortgang(klaar: int, totaal: int) -> None:
    """A progress line on a terminal (rewritten in place); nothing in a log or a pipe."""
    if sys.stderr.isatty():
        einde = "\n" if klaar == totaal else ""
        print(f"\rBouwen: {klaar} van {totaal}", end=einde, file=sys.stderr, flush=True)


def bouw_alle(mappen: list[Path], opties: Bouwopties, taken: int) -> bool:
    """Build many workspaces in parallel with a progress line; True when all succeeded.

    The summary and the failed workspaces are always printed, also when a workspace
    crashes its worker process or the batch is interrupted.
    """
    from concurrent.futures import ProcessPoolExecutor, as_completed

    mislukt: dict[Path, list[str]] = {}
    klaar_mappen: set[Path] = set()
    try:
        with ProcessPoolExecutor(max_workers=taken) as pool:
            opdrachten = {pool.submit(_bouw_in_proces, m, opties): m for m in mappen}
            for aantal, klaar in enumerate(as_completed(opdrachten), start=1):
                try:
                    map_, ok, regels = klaar.result()
                except Exception as fout:  # noqa: BLE001 - e.g. the worker process died
                    map_, ok = opdrachten[klaar], False
                    regels = [f"Het bouwproces stopte onverwacht ({type(fout).__name__})."]
                klaar_mappen.add(map_)
                if not ok:
                    mislukt[map_] = regels
                _voortgang(aantal, len(mappen))
    finally:
        for map_ in mappen:
            if map_ not in klaar_mappen and map_ not in mislukt:
                mislukt[map_] = ["Niet gebouwd: het bouwen is afgebroken."]
        print(f"{len(mappen) - len(mislukt)} van {len(mappen)} werkmappen gebouwd.")
        for map_, regels in sorted(mislukt.items()):
            print(f"Mislukt: {map_}", file=sys.stderr)
            for regel in regels:
                print(f"  {regel}", file=sys.stderr)
    return not mislukt


def build(
    mappen: tuple[Path, ...] = (),
    formaten: tuple[str, ...] = (),
    soort: str | None = None,
    raadsstukken: bool | None = None,
    zonder_toetsing: bool = False,
    ondanks_toetsing: str | None = None,
    alle: bool = False,
    taken: int | None = None,
    strikt: bool = False,
) -> int:
    """Build one workspace (default: the current folder) into its build/ folder, or with
    ``alle`` every workspace in ``mappen`` in parallel; the exit code."""
    opties = Bouwopties(
        formaten or ("docx", "html"),
        not zonder_toetsing,
        soort,
        raadsstukken,
        pdf_bij_afgerond=not formaten,
        ondanks_toetsing=ondanks_toetsing,
        strikt=strikt,
    )
    if alle:
        werkmappen = _werkmappen(mappen or (Path("."),))
        # 1: some workspaces failed; each says why above.
        return 0 if bouw_alle(werkmappen, opties, taken or os.cpu_count() or 1) else 1
    if len(mappen) > 1:
        raise ConfigError("Geef één werkmap, of gebruik --alle om er meer tegelijk te bouwen.")
    for regel in bouw_werkmap(mappen[0] if mappen else Path("."), opties, parallel=True):
        print(regel)
    return 0
