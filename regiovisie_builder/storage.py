"""The one place that writes outputs to disk: all files or none, all of a folder or none.

- ``write_files``: several files; each is written to a temporary file next to its
  target, and only when every one is written are they renamed into place. A rename that
  still fails puts back what was replaced, so a failure leaves the previous outputs.
- ``replace_folder``: a whole folder (a version of the website); it is built in a hidden
  work folder *outside* the folder that gets uploaded and swapped in with renames; a crash
  between the two renames is repaired on the next run (``restore``). Files that the old
  folder already holds with the same bytes are hard-linked, not written and flushed again.
- ``write_new_folder``: a folder that must not exist yet (a published version).

One permission policy: outputs get what the umask gives (``0666``/``0777`` minus the
umask), also when they were made as private temporary files or folders. Every target is
checked to lie inside the workspace (``inside``) before anything is written. Errors are
``BuildError`` (or ``ConfigError`` for versions) with a Dutch reason.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from regiovisie_builder.errors import BuildError, reason

# Hidden work folder for whole-folder writes, next to (never inside) the uploaded folder.
WERKMAP_NAME = ".regiovisie-opslag"


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def file_mode() -> int:
    """Permissions of a written file: what the umask gives, as for any new file."""
    return 0o666 & ~_umask()


def folder_mode() -> int:
    """Permissions of a written folder: what the umask gives (never mkdtemp's 0700)."""
    return 0o777 & ~_umask()


def check_inside(path: Path, root: Path) -> None:
    """Refuse ``pad`` when, with symlinks resolved, it lies outside ``root``."""
    if not path.resolve().is_relative_to(root.resolve()):
        raise BuildError(
            f"'{path}' ligt buiten de werkmap (bijvoorbeeld door een koppeling/symlink). "
            "Er is niets geschreven."
        )


def _check_real_folders(path: Path, root: Path) -> None:
    """Refuse a target reached through a folder of the workspace that is a symlink.

    A link inside the workspace passes ``check_inside``, but would send the output to
    another place of the workspace: build/ linked to ``versies/1.0/uitvoer`` made a build
    overwrite the frozen documents of a published version."""
    try:
        relative = Path(os.path.abspath(path)).relative_to(os.path.abspath(root))
    except ValueError:
        return
    below = Path(os.path.abspath(root))
    for part in relative.parts[:-1]:
        below = below / part
        if below.is_symlink():
            raise BuildError(
                f"'{below}' is een koppeling (symlink) naar een andere map. Het programma "
                "schrijft alleen in gewone mappen van de werkmap, zodat het niets anders "
                "overschrijft, zoals een gepubliceerde versie. Vervang de koppeling door een "
                "gewone map. Er is niets geschreven."
            )


def check_targets(
    files: Iterable[Path], folders: Iterable[Path] = (), inside: Path | None = None
) -> None:
    """Refuse, before anything is written, targets that cannot be written: a path that
    lies outside ``inside`` (by a symlink), a folder where one of ``files`` must go, or a
    file where a folder above a target must go.

    A build writes its documents and then its website; each write is all or nothing, so
    both are checked before the first one starts: a website that cannot land must not leave
    new documents behind a message that nothing was written.
    """
    files = list(files)
    for path in [*files, *folders]:
        if inside is not None:
            check_inside(path, inside)
            _check_real_folders(path, inside)
        for parent in path.parents:
            if parent.is_dir():
                break
            if os.path.lexists(parent):
                raise BuildError(
                    f"Schrijven mislukt: '{parent}' is een bestand, maar daar moet een map "
                    "komen. Verwijder of hernoem dat bestand. Er is niets geschreven."
                )
    for path in files:
        if path.is_dir() and not path.is_symlink():
            raise BuildError(
                f"Schrijven mislukt: '{path}' is een map, maar daar moet een bestand komen. "
                "Verwijder of hernoem die map. Er is niets geschreven."
            )


def _make_folder(folder: Path) -> None:
    """``mkdir -p`` with the folder permissions of the policy; without recursion, as a
    folder copied from build/ may be nested deeper than the recursion limit (``folders``)."""
    missing = []
    while not folder.is_dir() and folder.parent != folder:
        missing.append(folder)
        folder = folder.parent
    for each in reversed(missing):
        each.mkdir(mode=folder_mode(), exist_ok=True)


def remove_tree(path: Path) -> None:
    """Remove ``path`` and everything below it, as far as possible (``rm -rf``): a symlink
    is removed, never followed. Without recursion, unlike ``shutil.rmtree`` in Python 3.11:
    build/ travels with a workspace and may hold folders nested a thousand deep."""
    from regiovisie_builder import folders

    try:
        if path.is_symlink() or not path.is_dir():
            path.unlink(missing_ok=True)
            return
    except OSError:
        return
    below = [path]
    for _, entry in folders.entries(path):
        try:
            if entry.is_dir(follow_symlinks=False):
                below.append(Path(entry.path))
            else:
                os.unlink(entry.path)
        except OSError:
            pass
    for folder in reversed(below):  # a folder after everything below it
        with contextlib.suppress(OSError):
            folder.rmdir()


def write_files(
    files: Mapping[Path, bytes], inside: Path | None = None, durable: bool = True
) -> None:
    """Write all files or none (see the module docstring).

    Without ``durable`` the files are not flushed to the disk before the rename (for a
    cache, whose loss after a power cut only costs time): still all or nothing, never torn.
    """
    check_targets(files, inside=inside)
    done: list[tuple[Path, Path]] = []
    try:
        for path, content in files.items():
            _make_folder(path.parent)
            handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            done.append((Path(name), path))
            os.fchmod(handle, file_mode())
            with os.fdopen(handle, "wb") as out:
                out.write(content)
                if durable:
                    out.flush()
                    os.fsync(out.fileno())
    except OSError as error:
        for temporary, _ in done:
            temporary.unlink(missing_ok=True)
        raise BuildError(
            f"Schrijven mislukt: {reason(error)}. Eerdere uitvoer is niet aangeraakt."
        ) from None
    _put_in_place(done)


def _put_in_place(done: list[tuple[Path, Path]]) -> None:
    """Rename the written temporary files over their targets; undo all when one fails."""
    reserves: list[Path] = []
    replace: list[tuple[Path, Path | None]] = []
    try:
        for temporary, path in done:
            reserve = None
            if path.exists() and not path.is_symlink():
                # A hard link keeps the old version, so a failure further on can put it back.
                reserve = temporary.with_suffix(".oud")
                try:
                    os.link(path, reserve)
                    reserves.append(reserve)
                except OSError:
                    reserve = None
            os.replace(temporary, path)
            replace.append((path, reserve))
    except OSError as error:
        for path, reserve in replace:
            if reserve is not None:
                os.replace(reserve, path)
            else:
                path.unlink(missing_ok=True)
        for temporary, _ in done:
            temporary.unlink(missing_ok=True)
        raise BuildError(
            f"Schrijven mislukt: {reason(error)}. Eerdere uitvoer is teruggezet."
        ) from None
    finally:
        for reserve in reserves:
            reserve.unlink(missing_ok=True)


# --- whole folders ---------------------------------------------------------------------------


def _switch(a: Path, b: Path) -> bool:
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
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(error, os.strerror(error), str(b))


def restore(werkruimte: Path, parent: Path) -> None:
    """Repair what a crash in ``replace_folder`` left: put a moved-away folder back, drop
    half-written ones, and remove the work folder when it is empty."""
    if not werkruimte.is_dir() or werkruimte.is_symlink():
        return
    # Best effort: what cannot be repaired now stays in the work folder for the next run.
    with contextlib.suppress(OSError):
        for item in sorted(werkruimte.iterdir()):
            target = parent / item.name.removesuffix(".oud")
            if item.name.endswith(".oud") and not (target.exists() or target.is_symlink()):
                os.replace(item, target)  # the crash came between the two renames
            else:
                remove_tree(item)
        werkruimte.rmdir()


def _fill_folder(folder: Path, files: Mapping[str, bytes], same: Sequence[Path] = ()) -> None:
    os.chmod(folder, folder_mode())  # mkdtemp makes it private (0700)
    for name, content in files.items():
        path = folder / name
        if not path.resolve().is_relative_to(folder.resolve()):
            raise BuildError(f"De naam '{name}' ligt buiten de map. Er is niets geschreven.")
        _make_folder(path.parent)
        if any(_link_same(path, content, other, name) for other in same):
            continue
        with open(path, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())


def _link_same(path: Path, content: bytes, folder: Path, name: str) -> bool:
    """Hard-link ``path`` to ``folder/name`` when that holds exactly ``content``.

    Such a file was written and flushed to the disk before, so linking it saves writing it
    and waiting for the disk (a site after one changed block changes one or two pages of
    dozens). Only a plain file of this user's, inside ``folder``, with the permissions this
    module gives, is linked: a ``build/`` folder that came with a workspace may hold
    anything. Where linking is not possible (a file system without hard links), False: the
    caller writes the file.
    """
    source = folder / name
    try:
        info = os.lstat(source)
        if (
            not stat.S_ISREG(info.st_mode)
            or info.st_uid != os.getuid()
            or stat.S_IMODE(info.st_mode) != file_mode()
            or info.st_size != len(content)
            or not source.resolve().is_relative_to(folder.resolve())
        ):
            return False
        with open(source, "rb") as existing:
            if existing.read(len(content) + 1) != content:
                return False
        os.link(source, path, follow_symlinks=False)
    except OSError:
        return False
    return True


def replace_folder(
    target: Path,
    files: Mapping[str, bytes],
    werkruimte: Path,
    inside: Path | None = None,
    same: Sequence[Path] = (),
) -> None:
    """Replace folder ``target`` by exactly these files (relative path -> bytes), all or nothing.

    The new folder is written in ``werkruimte`` (hidden, never inside the folder that is
    uploaded) and swapped in at once where the system can; elsewhere with two renames whose
    gap ``restore`` repairs on the next run. A file that ``target`` (or a folder in ``same``)
    already holds with the same bytes is hard-linked into the new folder, not written again
    (see ``_link_same``).
    """
    if inside is not None:
        check_inside(target, inside)
    restore(werkruimte, target.parent)
    new = None
    try:
        _make_folder(target.parent)
        _make_folder(werkruimte)
        new = Path(tempfile.mkdtemp(prefix=f"{target.name}.nieuw-", dir=werkruimte))
        earlier = [target] if target.is_dir() and not target.is_symlink() else []
        _fill_folder(new, files, [*earlier, *same])
        if target.is_dir() and not target.is_symlink() and _switch(new, target):
            pass  # 'nieuw' now holds the old folder; it is removed below
        else:
            old = werkruimte / f"{target.name}.oud"
            if target.exists() or target.is_symlink():
                os.replace(target, old)
            os.replace(new, target)
            new = old
    except OSError as error:
        restore(werkruimte, target.parent)
        raise BuildError(
            f"Schrijven van {target} mislukt: {reason(error)}. Eerdere uitvoer is niet aangeraakt."
        ) from None
    except BuildError:
        restore(werkruimte, target.parent)
        raise
    if new is not None:
        remove_tree(new)
    restore(werkruimte, target.parent)


def write_new_folder(target: Path, files: Mapping[str, bytes], werkruimte: Path) -> None:
    """Write folder ``target``, which must not exist yet, all at once: ``FileExistsError``
    when it does, ``OSError`` when writing fails; nothing stays behind either way."""
    restore(werkruimte, target.parent)
    try:
        _make_folder(werkruimte)
        new = Path(tempfile.mkdtemp(prefix=f"{target.name}.nieuw-", dir=werkruimte))
        _fill_folder(new, files)
        if target.exists() or target.is_symlink():
            raise FileExistsError(errno.EEXIST, "bestaat al", str(target))
        os.rename(new, target)
    finally:
        restore(werkruimte, target.parent)
