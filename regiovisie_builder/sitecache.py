"""Sphinx's state kept between site builds, so a site after one changed block rebuilds one page.

Sphinx can build incrementally: with its environment (``environment.pickle``), the parsed
pages (doctrees) and the previous output, it reads only sources that are newer than its
record and writes only pages whose source changed. This module keeps that state in the
workspace's cache folder (``build/.cache/site/``) and gives it back to the next build.

Trust: the environment and the doctrees are pickles, and a workspace travels by e-mail with
whatever its ``build/`` holds. The state is stored with a manifest (the sha256 of every file)
signed with this user's key (as the block cache, ``blok_cache``); a file is only put where
Sphinx reads it when the signed manifest lists its hash. A manifest made elsewhere, edited,
or made by another code or Sphinx version, means a full build.

Sphinx refuses an environment made for another source folder, so it works in a fixed
scratch folder per workspace in the temporary folder (made by this user, mode 0700, locked
while a build uses it; otherwise a private folder and a full build). The scratch folder is
emptied and filled from the verified state before every build, so nothing in it is trusted.

Same bytes as a full build: only what Sphinx tracks may change incrementally. The global
navigation shows every page's headings and pages refer to each other's anchors, so when the
page names, headings, anchors or images of any page differ from the stored build (the
"structure"), or the stored build had Sphinx warnings (an incremental build would not repeat
those of unchanged pages), the build is a full one with a fresh environment. Files are
restored with one old modification time; a source that changed is written now, so it is
newer than Sphinx's record of reading it, and only its page is outdated (the restored
output gets the time of restoring: newer than every template, older than a changed source).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import stat
import sys
import tempfile
import time
from pathlib import Path

from regiovisie_builder import blok_cache, folders

SITE_FOLDER = "site"  # below the block cache's folder (build/.cache/)
MANIFEST = "manifest.json"
FORMAT = 1
_OLD = 946684800  # 2000-01-01: every restored file gets this time (see the module docstring)
PARTS = ("bron", "uit", "cache")  # sources, output, environment and doctrees

# A heading (a line with an underline of one punctuation character), a label, an image.
_STRUCTURE = re.compile(r"^(.+)\n([=\-~^\"'`#*+:.])\2+$|^\.\. _[^:]+:$|_afbeeldingen/\S+", re.M)


def structure(pages) -> str:
    """A hash of what other pages show of each page: names, headings, anchors, images."""
    total = hashlib.sha256()
    for page in pages:
        total.update(page.name.encode() + b"\0")
        for found in _STRUCTURE.finditer(page.text):
            total.update(found.group(0).encode("utf-8", "surrogatepass") + b"\0")
        for path, _ in page.files:
            total.update(path.encode() + b"\1")
    return total.hexdigest()


def _versie() -> str:
    import sphinx

    return f"{FORMAT}\0{blok_cache.code_version()}\0{sphinx.__version__}\0{sys.version}"


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Environment:
    """The stored Sphinx state of one workspace: restored into a scratch folder, kept after
    a build in memory, and saved with the block cache when the build succeeds."""

    def __init__(self, cache_folder: Path):
        self.map = cache_folder / SITE_FOLDER
        self.manifest: dict = {}
        self.new: dict[str, bytes] | None = None  # files to save (relative path -> bytes)
        self.equal: set[str] = set()  # files whose stored copy is already right

    def _read_manifest(self) -> dict | None:
        stored = blok_cache.read_cache_file(self.map / MANIFEST)
        try:
            data = blok_cache.signed(stored) if stored is not None else None
            manifest = json.loads(data) if data is not None else None
        except (ValueError, RecursionError):
            return None
        if (
            not isinstance(manifest, dict)
            or manifest.get("versie") != _versie()
            or not isinstance(manifest.get("bestanden"), dict)
        ):
            return None
        return manifest

    def restore(self, work: Path, fingerprint: str) -> bool:
        """Fill the empty folder ``work`` with the stored state; False when there is none
        that may be used (then ``work`` stays empty and the build is a full one)."""
        manifest = self._read_manifest()
        if (
            manifest is None
            or manifest.get("structuur") != fingerprint
            or manifest.get("waarschuwingen")
        ):
            return False
        # Output is newer than every source and template (Sphinx's own ones included), a
        # source written after this is newer than the output of its page.
        output_time = time.time() - 1
        for name, expected in manifest["bestanden"].items():
            parts = Path(name).parts
            if not parts or parts[0] not in PARTS or ".." in parts or Path(name).is_absolute():
                return _empty(work)
            data = blok_cache.read_cache_file(self.map / name)
            if data is None or _hash(data) != expected:
                return _empty(work)
            target = work / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            elapsed = output_time if parts[0] == "uit" else _OLD
            os.utime(target, (elapsed, elapsed))
        for part in PARTS:
            (work / part).mkdir(exist_ok=True)
        self.manifest = manifest
        return True

    def remember(self, work: Path, fingerprint: str, warnings: bool) -> None:
        """Keep the state of the build that ran in ``work`` for ``keep``."""
        files: dict[str, bytes] = {}
        for part in PARTS:
            for path in sorted((work / part).rglob("*")):
                if path.is_file() and not path.is_symlink():
                    files[path.relative_to(work).as_posix()] = path.read_bytes()
        hashes = {name: _hash(data) for name, data in files.items()}
        old = self.manifest.get("bestanden", {}) if self.manifest else {}
        self.equal = {name for name, h in hashes.items() if old.get(name) == h}
        manifest = {
            "versie": _versie(),
            "structuur": fingerprint,
            "waarschuwingen": warnings,
            "bestanden": hashes,
        }
        files[MANIFEST] = blok_cache.sign(json.dumps(manifest, sort_keys=True).encode())
        self.new = files

    def files(self) -> tuple[dict[Path, bytes], list[Path]]:
        """What saving writes (changed files and the manifest) and what it removes."""
        if self.new is None or not blok_cache.own_folders(self.map):
            return {}, []  # through a link, removing would delete files elsewhere
        write = {self.map / n: d for n, d in self.new.items() if n not in self.equal}
        away = []
        if self.map.is_dir():
            for name, entry in folders.entries(self.map):  # not rglob: see ``folders``
                if entry.is_file() and name not in self.new:
                    away.append(Path(entry.path))
        return write, away


def _empty(work: Path) -> bool:
    for kind in work.iterdir():
        if kind.is_dir() and not kind.is_symlink():
            shutil.rmtree(kind)
        else:
            kind.unlink()
    return False


@contextlib.contextmanager
def werkmap(environment: Environment | None):
    """A scratch folder for one Sphinx run: the fixed one of this workspace (empty, locked)
    when a state is kept, else a private temporary one. Yields (folder, fixed)."""
    vast = _fixed_folder(environment) if environment is not None else None
    if vast is None:
        with tempfile.TemporaryDirectory(
            prefix="regiovisie-site-", ignore_cleanup_errors=True
        ) as temporary:
            yield Path(temporary), False
        return
    folder, slot = vast
    try:
        _empty(folder / "werk")
        yield folder / "werk", True
    finally:
        # Nothing stays behind in the temporary folder, also after a failed run (a full
        # disk): the state itself lives in build/.cache/site, only the path has to be fixed.
        shutil.rmtree(folder, ignore_errors=True)  # unlinks the lock file we still hold
        os.close(slot)


def _fixed_folder(environment: Environment) -> tuple[Path, int] | None:
    """The fixed scratch folder of this workspace and its lock, or None (then a private one)."""
    import fcntl

    key = hashlib.sha256(str(environment.map.resolve()).encode()).hexdigest()[:20]
    folder = Path(tempfile.gettempdir()) / f"regiovisie-site-{os.getuid()}-{key}"
    try:
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=0o700)
        info = os.lstat(folder)
        # Someone else's folder, or a symlink placed there: never used.
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
            return None
        slot = os.open(folder / "slot", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    except OSError:
        return None
    try:
        fcntl.flock(slot, fcntl.LOCK_EX | fcntl.LOCK_NB)
        (folder / "werk").mkdir(exist_ok=True)
        if (folder / "werk").is_symlink():
            raise OSError("werk is a symlink")
    except OSError:
        os.close(slot)
        return None
    return folder, slot
