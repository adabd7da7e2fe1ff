"""``regiovisie build``: build one workspace, or many in parallel."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from regiovisie_builder.build_cache import BuildOptions
from regiovisie_builder.errors import ConfigError, RegiovisieError
from regiovisie_builder.werkmap_build import build_werkmap


def _werkmappen(folders: tuple[Path, ...]) -> list[Path]:
    """Each folder that is a workspace, or each workspace directly inside a folder."""
    found: list[Path] = []
    for folder in folders:
        if (folder / "regio.yaml").is_file():
            found.append(folder)
        elif folder.is_dir():
            found += sorted(p.parent for p in folder.glob("*/regio.yaml"))
        else:
            raise ConfigError(f"De map '{folder}' bestaat niet.")
    if not found:
        raise ConfigError("Geen werkmappen gevonden (mappen met een regio.yaml).")
    return found


def _build_in_process(folder: Path, options: BuildOptions):
    """Worker for batch builds: never raises, returns (map, ok, lines)."""
    try:
        return folder, True, build_werkmap(folder, options)
    except RegiovisieError as error:
        return folder, False, [f"{error.heading}: {error.format_message()}"]
    except Exception as error:  # noqa: BLE001 - one broken workspace must not stop the batch
        return folder, False, [f"Onverwachte fout tijdens het bouwen ({type(error).__name__})."]


def _progress(done: int, total: int) -> None:
    """A progress line on a terminal (rewritten in place); nothing in a log or a pipe."""
    if sys.stderr.isatty():
        end = "\n" if done == total else ""
        # Past the filter of control characters (``ShowableStream``): this one is ours.
        stream = getattr(sys.stderr, "unfiltered", sys.stderr)
        print(f"\rBouwen: {done} van {total}", end=end, file=stream, flush=True)


def build_all(folders: list[Path], options: BuildOptions, taken: int) -> bool:
    """Build many workspaces in parallel with a progress line; True when all succeeded.

    The summary and the failed workspaces are always printed, also when a workspace
    crashes its worker process or the batch is interrupted.
    """
    from concurrent.futures import ProcessPoolExecutor, as_completed

    failed: dict[Path, list[str]] = {}
    done_folders: set[Path] = set()
    try:
        with ProcessPoolExecutor(max_workers=taken) as pool:
            commands = {pool.submit(_build_in_process, m, options): m for m in folders}
            for count, done in enumerate(as_completed(commands), start=1):
                try:
                    folder, ok, lines = done.result()
                except Exception as error:  # noqa: BLE001 - e.g. the worker process died
                    folder, ok = commands[done], False
                    lines = [f"Het bouwproces stopte onverwacht ({type(error).__name__})."]
                done_folders.add(folder)
                if not ok:
                    failed[folder] = lines
                _progress(count, len(folders))
    finally:
        for folder in folders:
            if folder not in done_folders and folder not in failed:
                failed[folder] = ["Niet gebouwd: het bouwen is afgebroken."]
        print(f"{len(folders) - len(failed)} van {len(folders)} werkmappen gebouwd.")
        for folder, lines in sorted(failed.items()):
            print(f"Mislukt: {folder}", file=sys.stderr)
            for line in lines:
                print(f"  {line}", file=sys.stderr)
    return not failed


def build(
    folders: tuple[Path, ...] = (),
    formats: tuple[str, ...] = (),
    soort: str | None = None,
    raadsstukken: bool | None = None,
    without_toetsing: bool = False,
    despite_toetsing: str | None = None,
    all_: bool = False,
    taken: int | None = None,
    strict: bool = False,
) -> int:
    """Build one workspace (default: the current folder) into its build/ folder, or with
    ``all_`` every workspace in ``folders`` in parallel; the exit code."""
    options = BuildOptions(
        formats or ("docx", "html"),
        not without_toetsing,
        soort,
        raadsstukken,
        pdf_at_afgerond=not formats,
        despite_toetsing=despite_toetsing,
        strict=strict,
    )
    if all_:
        werkmappen = _werkmappen(folders or (Path("."),))
        # 1: some workspaces failed; each says why above.
        return 0 if build_all(werkmappen, options, taken or os.cpu_count() or 1) else 1
    if len(folders) > 1:
        raise ConfigError("Geef één werkmap, of gebruik --alle om er meer tegelijk te bouwen.")
    for line in build_werkmap(folders[0] if folders else Path("."), options, parallel=True):
        print(line)
    return 0
