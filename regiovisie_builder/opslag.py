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

import errno
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from regiovisie_builder.errors import BuildError

# Hidden work folder for whole-folder writes, next to (never inside) the uploaded folder.
WERKMAP_NAAM = ".regiovisie-opslag"

_REDENEN = {
    errno.ENOSPC: "de schijf is vol",
    errno.EDQUOT: "de schijfruimte (quotum) is op",
    errno.EFBIG: "het bestand is te groot voor deze schijf",
    errno.EACCES: "u hebt geen schrijfrechten op deze map",
    errno.EPERM: "dit mag niet op deze map (geen rechten)",
    errno.EROFS: "de schijf is alleen-lezen",
    errno.EISDIR: "er staat een map waar een bestand moet komen",
    errno.ENOTDIR: "er staat een bestand waar een map moet komen",
    errno.EEXIST: "er staat al iets met die naam",
    errno.ENOENT: "een map bestaat niet (meer)",
    errno.ENAMETOOLONG: "de bestandsnaam is te lang",
    errno.ELOOP: "een koppeling (symlink) wijst naar zichzelf",
}


def reden(fout: OSError) -> str:
    """A Dutch description of a failed file operation, with the file when known."""
    tekst = _REDENEN.get(fout.errno or 0, f"fout {fout.errno} van het besturingssysteem")
    return f"{tekst} ({fout.filename})" if fout.filename else tekst


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
    reserves: dict[Path, Path | None] = {}
    try:
        for tijdelijk, pad in klaar:
            reserve = None
            if pad.exists() and not pad.is_symlink():
                # A hard link keeps the old version, so a failure further on can put it back.
                reserve = tijdelijk.with_suffix(".oud")
                try:
                    os.link(pad, reserve)
                except OSError:
                    reserve = None
            os.replace(tijdelijk, pad)
            reserves[pad] = reserve
    except OSError as fout:
        for pad, reserve in reserves.items():
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
        for reserve in reserves.values():
            if reserve is not None:
                reserve.unlink(missing_ok=True)
