"""The one place that writes outputs to disk: all files or none, all of a folder or none.

- ``schrijf_bestanden``: several files; each is written to a temporary file next to its
  target, and only when every one is written are they renamed into place. A rename that
  still fails puts back what was replaced, so a failure leaves the previous outputs.
- ``vervang_map``: a whole folder (a version of the website); it is built in a hidden
  work folder *outside* the folder that gets uploaded and swapped in with renames; a crash
  between the two renames is repaired on the next run (``herstel``).
- ``schrijf_nieuwe_map``: a folder that must not exist yet (a published version).

One permission policy: outputs get what the umask gives (``0666``/``0777`` minus the
umask), also when they were made as private temporary files or folders. Every target is
checked to lie inside the workspace (``binnen``) before anything is written. Errors are
``BuildError`` (or ``ConfigError`` for versions) with a Dutch reason.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from regiovisie_builder.errors import BuildError, reden

# Hidden work folder for whole-folder writes, next to (never inside) the uploaded folder.
WERKMAP_NAAM = ".regiovisie-opslag"


def _umask() -> int:
    huidig = os.umask(0o022)
    os.umask(huidig)
    return huidig


def bestandsrechten() -> int:
    """Permissions of a written file: what the umask gives, as for any new file."""
    return 0o666 & ~_umask()


def maprechten() -> int:
    """Permissions of a written folder: what the umask gives (never mkdtemp's 0700)."""
    return 0o777 & ~_umask()


def controleer_binnen(pad: Path, wortel: Path) -> None:
    """Refuse ``pad`` when, with symlinks resolved, it lies outside ``wortel``."""
    if not pad.resolve().is_relative_to(wortel.resolve()):
        raise BuildError(
            f"'{pad}' ligt buiten de werkmap (bijvoorbeeld door een koppeling/symlink). "
            "Er is niets geschreven."
        )


def _maak_map(map_: Path) -> None:
    """``mkdir -p`` with the folder permissions of the policy."""
    map_.mkdir(mode=maprechten(), parents=True, exist_ok=True)


def schrijf_bestanden(
    bestanden: Mapping[Path, bytes], binnen: Path | None = None, duurzaam: bool = True
) -> None:
    """Write all files or none (see the module docstring).

    Without ``duurzaam`` the files are not flushed to the disk before the rename (for a
    cache, whose loss after a power cut only costs time): still all or nothing, never torn.
    """
    for pad in bestanden:
        if binnen is not None:
            controleer_binnen(pad, binnen)
        if pad.is_dir() and not pad.is_symlink():
            raise BuildError(
                f"Schrijven mislukt: '{pad}' is een map, maar daar moet een bestand komen. "
                "Verwijder of hernoem die map. Er is niets geschreven."
            )
    klaar: list[tuple[Path, Path]] = []
    try:
        for pad, inhoud in bestanden.items():
            _maak_map(pad.parent)
            handvat, naam = tempfile.mkstemp(prefix=f".{pad.name}.", suffix=".tmp", dir=pad.parent)
            klaar.append((Path(naam), pad))
            os.fchmod(handvat, bestandsrechten())
            with os.fdopen(handvat, "wb") as uit:
                uit.write(inhoud)
                if duurzaam:
                    uit.flush()
                    os.fsync(uit.fileno())
    except OSError as fout:
        for tijdelijk, _ in klaar:
            tijdelijk.unlink(missing_ok=True)
        raise BuildError(
            f"Schrijven mislukt: {reden(fout)}. Eerdere uitvoer is niet aangeraakt."
        ) from None
    _zet_op_hun_plaats(klaar)


def _zet_op_hun_plaats(klaar: list[tuple[Path, Path]]) -> None:
    """Rename the written temporary files over their targets; undo all when one fails."""
    reserves: list[Path] = []
    vervangen: list[tuple[Path, Path | None]] = []
    try:
        for tijdelijk, pad in klaar:
            reserve = None
            if pad.exists() and not pad.is_symlink():
                # A hard link keeps the old version, so a failure further on can put it back.
                reserve = tijdelijk.with_suffix(".oud")
                try:
                    os.link(pad, reserve)
                    reserves.append(reserve)
                except OSError:
                    reserve = None
            os.replace(tijdelijk, pad)
            vervangen.append((pad, reserve))
    except OSError as fout:
        for pad, reserve in vervangen:
            if reserve is not None:
                os.replace(reserve, pad)
            else:
                pad.unlink(missing_ok=True)
        for tijdelijk, _ in klaar:
            tijdelijk.unlink(missing_ok=True)
        raise BuildError(
            f"Schrijven mislukt: {reden(fout)}. Eerdere uitvoer is teruggezet."
        ) from None
    finally:
        for reserve in reserves:
            reserve.unlink(missing_ok=True)


# --- whole folders ---------------------------------------------------------------------------


def _wissel(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux ``renameat2`` with ``RENAME_EXCHANGE``).

    False when the system cannot, and the caller falls back to two renames.
    """
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    fout = ctypes.get_errno()
    if fout in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(fout, os.strerror(fout), str(b))


def herstel(werkruimte: Path, ouder: Path) -> None:
    """Repair what a crash in ``vervang_map`` left: put a moved-away folder back, drop
    half-written ones, and remove the work folder when it is empty."""
    if not werkruimte.is_dir() or werkruimte.is_symlink():
        return
    # Best effort: what cannot be repaired now stays in the work folder for the next run.
    with contextlib.suppress(OSError):
        for item in sorted(werkruimte.iterdir()):
            doel = ouder / item.name.removesuffix(".oud")
            if item.name.endswith(".oud") and not (doel.exists() or doel.is_symlink()):
                os.replace(item, doel)  # the crash came between the two renames
            else:
                shutil.rmtree(item, ignore_errors=True)
        werkruimte.rmdir()


def _vul_map(map_: Path, bestanden: Mapping[str, bytes]) -> None:
    os.chmod(map_, maprechten())  # mkdtemp makes it private (0700)
    for naam, inhoud in bestanden.items():
        pad = map_ / naam
        if not pad.resolve().is_relative_to(map_.resolve()):
            raise BuildError(f"De naam '{naam}' ligt buiten de map. Er is niets geschreven.")
        _maak_map(pad.parent)
        with open(pad, "wb") as uit:
            uit.write(inhoud)
            uit.flush()
            os.fsync(uit.fileno())


def vervang_map(
    doel: Path,
    bestanden: Mapping[str, bytes],
    werkruimte: Path,
    binnen: Path | None = None,
) -> None:
    """Replace folder ``doel`` by exactly these files (relative path -> bytes), all or nothing.

    The new folder is written in ``werkruimte`` (hidden, never inside the folder that is
    uploaded) and swapped in at once where the system can; elsewhere with two renames whose
    gap ``herstel`` repairs on the next run.
    """
    if binnen is not None:
        controleer_binnen(doel, binnen)
    herstel(werkruimte, doel.parent)
    nieuw = None
    try:
        _maak_map(doel.parent)
        _maak_map(werkruimte)
        nieuw = Path(tempfile.mkdtemp(prefix=f"{doel.name}.nieuw-", dir=werkruimte))
        _vul_map(nieuw, bestanden)
        if doel.is_dir() and not doel.is_symlink() and _wissel(nieuw, doel):
            pass  # 'nieuw' now holds the old folder; it is removed below
        else:
            oud = werkruimte / f"{doel.name}.oud"
            if doel.exists() or doel.is_symlink():
                os.replace(doel, oud)
            os.replace(nieuw, doel)
            nieuw = oud
    except OSError as fout:
        herstel(werkruimte, doel.parent)
        raise BuildError(
            f"Schrijven van {doel} mislukt: {reden(fout)}. Eerdere uitvoer is niet aangeraakt."
        ) from None
    except BuildError:
        herstel(werkruimte, doel.parent)
        raise
    if nieuw is not None:
        shutil.rmtree(nieuw, ignore_errors=True)
    herstel(werkruimte, doel.parent)


def schrijf_nieuwe_map(doel: Path, bestanden: Mapping[str, bytes], werkruimte: Path) -> None:
    """Write folder ``doel``, which must not exist yet, all at once: ``FileExistsError``
    when it does, ``OSError`` when writing fails; nothing stays behind either way."""
    herstel(werkruimte, doel.parent)
    try:
        _maak_map(werkruimte)
        nieuw = Path(tempfile.mkdtemp(prefix=f"{doel.name}.nieuw-", dir=werkruimte))
        _vul_map(nieuw, bestanden)
        if doel.exists() or doel.is_symlink():
            raise FileExistsError(errno.EEXIST, "bestaat al", str(doel))
        os.rename(nieuw, doel)
    finally:
        herstel(werkruimte, doel.parent)
