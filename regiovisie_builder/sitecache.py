"""Sphinx's state kept between site builds, so a site after one changed block rebuilds one page.

Sphinx can build incrementally: with its environment (``environment.pickle``), the parsed
pages (doctrees) and the previous output, it reads only sources that are newer than its
record and writes only pages whose source changed. This module keeps that state in the
workspace's cache folder (``build/.cache/site/``) and gives it back to the next build.

Trust: the environment and the doctrees are pickles, and a workspace travels by e-mail with
whatever its ``build/`` holds. The state is stored with a manifest (the sha256 of every file)
signed with this user's key (as the block cache, ``blokcache``); a file is only put where
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

from regiovisie_builder import blokcache

MAP = "site"  # below the block cache's folder (build/.cache/)
MANIFEST = "manifest.json"
FORMAAT = 1
_OUD = 946684800  # 2000-01-01: every restored file gets this time (see the module docstring)
DELEN = ("bron", "uit", "cache")  # sources, output, environment and doctrees

# A heading (a line with an underline of one punctuation character), a label, an image.
_STRUCTUUR = re.compile(r"^(.+)\n([=\-~^\"'`#*+:.])\2+$|^\.\. _[^:]+:$|_afbeeldingen/\S+", re.M)


def structuur(paginas) -> str:
    """A hash of what other pages show of each page: names, headings, anchors, images."""
    totaal = hashlib.sha256()
    for pagina in paginas:
        totaal.update(pagina.naam.encode() + b"\0")
        for gevonden in _STRUCTUUR.finditer(pagina.tekst):
            totaal.update(gevonden.group(0).encode("utf-8", "surrogatepass") + b"\0")
        for pad, _ in pagina.bestanden:
            totaal.update(pad.encode() + b"\1")
    return totaal.hexdigest()


def _versie() -> str:
    import sphinx

    return f"{FORMAAT}\0{blokcache.codeversie()}\0{sphinx.__version__}\0{sys.version}"


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Omgeving:
    """The stored Sphinx state of one workspace: restored into a scratch folder, kept after
    a build in memory, and saved with the block cache when the build succeeds."""

    def __init__(self, cachemap: Path):
        self.map = cachemap / MAP
        self.manifest: dict = {}
        self.nieuw: dict[str, bytes] | None = None  # files to save (relative path -> bytes)
        self.gelijk: set[str] = set()  # files whose stored copy is already right

    def _gelezen_manifest(self) -> dict | None:
        try:
            data = blokcache.ondertekend((self.map / MANIFEST).read_bytes())
            manifest = json.loads(data) if data is not None else None
        except (OSError, ValueError):
            return None
        if (
            not isinstance(manifest, dict)
            or manifest.get("versie") != _versie()
            or not isinstance(manifest.get("bestanden"), dict)
        ):
            return None
        return manifest

    def herstel(self, werk: Path, vingerafdruk: str) -> bool:
        """Fill the empty folder ``werk`` with the stored state; False when there is none
        that may be used (then ``werk`` stays empty and the build is a full one)."""
        manifest = self._gelezen_manifest()
        if (
            manifest is None
            or manifest.get("structuur") != vingerafdruk
            or manifest.get("waarschuwingen")
        ):
            return False
        # Output is newer than every source and template (Sphinx's own ones included), a
        # source written after this is newer than the output of its page.
        uitvoertijd = time.time() - 1
        for naam, verwacht in manifest["bestanden"].items():
            delen = Path(naam).parts
            if not delen or delen[0] not in DELEN or ".." in delen or Path(naam).is_absolute():
                return _leeg(werk)
            try:
                data = (self.map / naam).read_bytes()
            except OSError:
                return _leeg(werk)
            if _hash(data) != verwacht:
                return _leeg(werk)
            doel = werk / naam
            doel.parent.mkdir(parents=True, exist_ok=True)
            doel.write_bytes(data)
            tijd = uitvoertijd if delen[0] == "uit" else _OUD
            os.utime(doel, (tijd, tijd))
        for deel in DELEN:
            (werk / deel).mkdir(exist_ok=True)
        self.manifest = manifest
        return True

    def onthoud(self, werk: Path, vingerafdruk: str, waarschuwingen: bool) -> None:
        """Keep the state of the build that ran in ``werk`` for ``bewaar``."""
        bestanden: dict[str, bytes] = {}
        for deel in DELEN:
            for pad in sorted((werk / deel).rglob("*")):
                if pad.is_file() and not pad.is_symlink():
                    bestanden[pad.relative_to(werk).as_posix()] = pad.read_bytes()
        hashes = {naam: _hash(data) for naam, data in bestanden.items()}
        oud = self.manifest.get("bestanden", {}) if self.manifest else {}
        self.gelijk = {naam for naam, h in hashes.items() if oud.get(naam) == h}
        manifest = {
            "versie": _versie(),
            "structuur": vingerafdruk,
            "waarschuwingen": waarschuwingen,
            "bestanden": hashes,
        }
        bestanden[MANIFEST] = blokcache.onderteken(json.dumps(manifest, sort_keys=True).encode())
        self.nieuw = bestanden

    def bestanden(self) -> tuple[dict[Path, bytes], list[Path]]:
        """What saving writes (changed files and the manifest) and what it removes."""
        if self.nieuw is None:
            return {}, []
        schrijven = {self.map / n: d for n, d in self.nieuw.items() if n not in self.gelijk}
        weg = []
        if self.map.is_dir():
            for pad in self.map.rglob("*"):
                naam = pad.relative_to(self.map).as_posix()
                if pad.is_file() and naam not in self.nieuw:
                    weg.append(pad)
        return schrijven, weg


def _leeg(werk: Path) -> bool:
    for kind in werk.iterdir():
        if kind.is_dir() and not kind.is_symlink():
            shutil.rmtree(kind)
        else:
            kind.unlink()
    return False


@contextlib.contextmanager
def werkmap(omgeving: Omgeving | None):
    """A scratch folder for one Sphinx run: the fixed one of this workspace (empty, locked)
    when a state is kept, else a private temporary one. Yields (folder, fixed)."""
    vast = _vaste_map(omgeving) if omgeving is not None else None
    if vast is None:
        with tempfile.TemporaryDirectory(
            prefix="regiovisie-site-", ignore_cleanup_errors=True
        ) as tijdelijk:
            yield Path(tijdelijk), False
        return
    map_, slot = vast
    try:
        _leeg(map_ / "werk")
        yield map_ / "werk", True
    finally:
        with contextlib.suppress(OSError):
            _leeg(map_ / "werk")
        os.close(slot)


def _vaste_map(omgeving: Omgeving) -> tuple[Path, int] | None:
    """The fixed scratch folder of this workspace and its lock, or None (then a private one)."""
    import fcntl

    sleutel = hashlib.sha256(str(omgeving.map.resolve()).encode()).hexdigest()[:20]
    map_ = Path(tempfile.gettempdir()) / f"regiovisie-site-{os.getuid()}-{sleutel}"
    try:
        with contextlib.suppress(FileExistsError):
            map_.mkdir(mode=0o700)
        info = os.lstat(map_)
        # Someone else's folder, or a symlink placed there: never used.
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
            return None
        slot = os.open(map_ / "slot", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    except OSError:
        return None
    try:
        fcntl.flock(slot, fcntl.LOCK_EX | fcntl.LOCK_NB)
        (map_ / "werk").mkdir(exist_ok=True)
        if (map_ / "werk").is_symlink():
            raise OSError("werk is a symlink")
    except OSError:
        os.close(slot)
        return None
    return map_, slot
