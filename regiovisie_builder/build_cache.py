"""Skip a build when nothing changed: a content hash of every input, stored with the outputs.

The key covers every file of the build's snapshot (regio.yaml, every content block, the
outlines and writer resources, shipped and the workspace's own) by its fingerprint, the
options and the toolkit's own code, so any change that could alter the output forces a real
build. A hit also checks that the images the last build showed and the outputs on disk are
still the ones read and written. The file is signed with this user's key, as the block
cache is: one made elsewhere means a full build. Only hashlib, json and ``blok_cache``
(its reader of cache files and the signature) are needed besides the snapshot, so a no-op
rebuild imports none of the heavy modules.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from regiovisie_builder import __version__, blok_cache
from regiovisie_builder.errors import ContentError
from regiovisie_builder.werkmap import InputFile, Snapshot, read_plain_file

CACHE_FILE = ".regiovisie-cache.json"


@dataclass(frozen=True)
class BuildOptions:
    """What to build; also part of the cache key."""

    formats: tuple[str, ...] = ("docx", "html")
    bijlage: bool = True
    soort: str | None = None
    raadsstukken: bool | None = None  # None: only for a definitief or vastgesteld version
    # The default formats (no --formaat given): a definitief or vastgesteld version gets a PDF.
    pdf_at_afgerond: bool = False
    despite_toetsing: str | None = None  # the reason to build a final version that fails
    strict: bool = False  # warnings (pipeline.waarschuwingen) make the build fail

    def key_text(self) -> str:
        return (
            f"{','.join(self.formats)};bijlage={self.bijlage};soort={self.soort};"
            f"raad={self.raadsstukken};ondanks={self.despite_toetsing!r}"
            + (";pdf=afgerond" if self.pdf_at_afgerond else "")
            + (";strikt" if self.strict else "")
        )


_PACKAGE = Path(__file__).resolve().parent


def _code() -> list[str]:
    """The toolkit's own modules (their bytes are part of the key)."""
    found = []
    for spot, folders, names in os.walk(_PACKAGE):
        folders[:] = [m for m in folders if m != "__pycache__"]
        found += [os.path.join(spot, n) for n in names if n.endswith(".py")]
    return sorted(found)


def key(snapshot: Snapshot, options: str) -> str | None:
    """The hash of everything a build of the workspace with ``options`` reads.

    The inputs come as the snapshot read them (``werkmap.Snapshot``), by their
    fingerprints: the build then parses those same bytes, so an edit made during the build
    is never missed. None when an input could not be read (a FIFO, a symlink out of the
    workspace, a folder named ``x.md``): such a workspace is never "unchanged", so the
    build reports it. The images a build reads are checked apart (see ``valid``).
    """
    fingerprints = snapshot.fingerprints()
    if fingerprints is None:
        return None
    total = hashlib.sha256(f"{__version__}\0{options}\0".encode())
    try:
        for name, fingerprint in fingerprints.items():
            total.update(f"{name}\0{fingerprint}\0".encode("utf-8", "surrogatepass"))
        for path in _code():
            with open(path, "rb") as module:
                total.update(path.encode() + b"\0" + module.read() + b"\0")
    except OSError:
        return None
    return total.hexdigest()


NOTHING_CHANGED = "Niets veranderd sinds de vorige bouw: de bestanden in build/ zijn nog actueel."


def current_summary(build: Path, key_: str | None) -> list[str] | None:
    """The summary to print when the build into ``build`` with key ``key_`` is up to date."""
    if key_ is None:
        return None
    previous = valid(build, key_)
    return None if previous is None else [*previous, NOTHING_CHANGED]


def _hash(build: Path, name: str) -> str | None:
    """The sha256 of output ``name`` in ``build``; None when it is no regular file there.

    build/ travels with a workspace: what the cache file names may be a FIFO or a symlink to
    ``/dev/zero`` by now (see ``blok_cache.open_plain``), or lie elsewhere."""
    from pathlib import PurePosixPath

    if PurePosixPath(name).is_absolute() or ".." in PurePosixPath(name).parts:
        return None
    opened = blok_cache.open_plain(build / name)
    if opened is None:
        return None
    with opened:
        return hashlib.file_digest(opened, "sha256").hexdigest()


def valid(build: Path, key_: str) -> list[str] | None:
    """The stored summary when the last build had this key and its outputs are unchanged."""
    try:
        data = blok_cache.read_cache_file(build / CACHE_FILE)
        # Signed with this user's key: build/ travels with a workspace (and lies on shared
        # drives), and a cache file made or edited elsewhere, naming outputs someone else
        # wrote, would keep them as "unchanged" and print its own summary (the checklist).
        text = blok_cache.signed(data) if data is not None else None
        if text is None:
            return None
        stored = json.loads(text.decode("utf-8"))
        if stored["sleutel"] != key_:
            return None
        for name, value in stored["bestanden"].items():
            if _hash(build, name) != value:
                return None
        # The images the last build read, each checked as the build reads it.
        for name, value in stored["afbeeldingen"].items():
            path = Path(name)
            if hashlib.sha256(read_plain_file(path, name)).hexdigest() != value:
                return None
        return list(stored["regels"])
    # RecursionError: a file nested too deeply for json (build/ travels with a workspace).
    except (OSError, ValueError, KeyError, TypeError, RecursionError, ContentError):
        return None


def content(
    build: Path,
    key_: str,
    files: dict[Path, bytes],
    lines: list[str],
    images: Iterable[InputFile] = (),
) -> bytes:
    """The cache file's bytes for a build that wrote ``files`` and read ``images``: JSON,
    signed with this user's key (``blok_cache.sign``; see ``valid``)."""
    text = json.dumps(
        {
            "sleutel": key_,
            "bestanden": {
                path.relative_to(build).as_posix(): hashlib.sha256(data).hexdigest()
                for path, data in files.items()
            },
            "regels": lines,
            "afbeeldingen": {str(a.path): a.fingerprint for a in images},
        },
        ensure_ascii=False,
        indent=1,
    ).encode("utf-8")
    return blok_cache.sign(text)
