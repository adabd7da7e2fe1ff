"""Skip a build when nothing changed: a content hash of every input, stored with the outputs.

The key covers regio.yaml, every content block and template (shipped and the workspace's
own), the options and the toolkit's own code, so any change that could alter the output
forces a real build. A hit also checks that the outputs on disk are still the ones written.
Only hashlib and json are needed, so a no-op rebuild imports none of the heavy modules.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

from regiovisie_builder import __version__, bronnen

CACHEBESTAND = ".regiovisie-cache.json"


@dataclass(frozen=True)
class Bouwopties:
    """What to build; also part of the cache key."""

    formaten: tuple[str, ...] = ("docx", "html")
    bijlage: bool = True
    soort: str | None = None
    raadsstukken: bool | None = None  # None: only for a definitief or vastgesteld version
    # The default formats (no --formaat given): a definitief or vastgesteld version gets a PDF.
    pdf_bij_afgerond: bool = False
    ondanks_toetsing: str | None = None  # the reason to build a final version that fails
    strikt: bool = False  # warnings (pipeline.waarschuwingen) make the build fail

    def sleuteltekst(self) -> str:
        return (
            f"{','.join(self.formaten)};bijlage={self.bijlage};soort={self.soort};"
            f"raad={self.raadsstukken};ondanks={self.ondanks_toetsing!r}"
            + (";pdf=afgerond" if self.pdf_bij_afgerond else "")
            + (";strikt" if self.strikt else "")
        )


_PAKKET = Path(__file__).resolve().parent
MAX_BESTAND = 20 * 1024 * 1024  # as werkmap.MAX_BESTAND: a larger input is refused anyway


class _Onzeker(Exception):
    """An input is not a plain file whose fingerprint can be taken: no cached answer."""


def _gewoon(pad: Path, wortel: Path | None) -> Path:
    """``pad`` when it is a regular file within the cap (inside ``wortel``); else ``_Onzeker``."""
    try:
        gegevens = pad.stat()
    except OSError:
        raise _Onzeker from None  # dangling symlink, symlink loop, unreadable
    if not stat.S_ISREG(gegevens.st_mode) or gegevens.st_size > MAX_BESTAND:
        raise _Onzeker  # a FIFO, a device, a folder: only a real build reports it
    if wortel is not None and not pad.resolve().is_relative_to(wortel.resolve()):
        raise _Onzeker  # a symlink out of the workspace
    return pad


def _bestanden(map_: Path, patroon: str = "*", wortel: Path | None = None) -> list[Path]:
    """Every input file below ``map_`` matching ``patroon``, each checked by ``_gewoon``."""
    if not map_.is_dir():
        return []
    gevonden = []
    for plek, mappen, namen in os.walk(map_):
        hier = Path(plek)
        if "__pycache__" in hier.parts:
            continue
        for naam in mappen:
            if (hier / naam).is_symlink() or (patroon != "*" and fnmatch(naam, patroon)):
                raise _Onzeker  # a symlinked folder, or a folder named like a block
        gevonden += [_gewoon(hier / n, wortel) for n in namen if fnmatch(n, patroon)]
    return sorted(gevonden)


AFBEELDINGEN = (".png", ".jpg", ".jpeg", ".svg")


def _afbeeldingen(werkmap: Path) -> list[Path]:
    """Image files figures may show: anywhere in the workspace but its output folders.

    Folders are walked one by one, so the (large) build output is never listed; every file
    found is checked as an input (``_gewoon``).
    """
    gevonden: list[Path] = []
    for kind in sorted(werkmap.iterdir()) if werkmap.is_dir() else ():
        if kind.name in ("build", "versies") or kind.name.startswith("."):
            continue  # outputs, frozen versions, .git and other hidden folders
        if kind.is_dir() and not kind.is_symlink():
            gevonden += _bestanden(kind, wortel=werkmap)
        elif kind.suffix.lower() in AFBEELDINGEN:
            gevonden.append(_gewoon(kind, werkmap))
    return sorted(p for p in gevonden if p.suffix.lower() in AFBEELDINGEN)


def sleutel(werkmap: Path, opties: str) -> str | None:
    """The hash of everything a build of ``werkmap`` with ``opties`` reads.

    None when an input is not a regular file (a FIFO, a symlink out of the workspace, a
    folder named ``x.md``): such a workspace is never "unchanged", so the build reports it.
    """
    totaal = hashlib.sha256(f"{__version__}\0{opties}\0".encode())
    try:
        regio = werkmap / "regio.yaml"
        bronbestanden = (
            ([_gewoon(regio, werkmap)] if regio.exists() or regio.is_symlink() else [regio])
            + _bestanden(werkmap / "content", "*.md", werkmap)
            + _afbeeldingen(werkmap)
            + _bestanden(werkmap / "templates", wortel=werkmap)
            + _bestanden(bronnen.CONTENT, "*.md")
            + _bestanden(bronnen.TEMPLATES)
            + _bestanden(_PAKKET, "*.py")
        )
        for pad in bronbestanden:
            totaal.update(str(pad).encode() + b"\0")
            totaal.update(pad.read_bytes() if pad.is_file() else b"<ontbreekt>")
            totaal.update(b"\0")
    except (_Onzeker, OSError):
        return None
    return totaal.hexdigest()


NIETS_VERANDERD = "Niets veranderd sinds de vorige bouw: de bestanden in build/ zijn nog actueel."


def actuele_samenvatting(
    werkmap: Path, opties: str, sleutel_: str | None = None
) -> list[str] | None:
    """The summary to print when the build of ``werkmap`` with ``opties`` is up to date.

    ``sleutel_`` is the key when the caller already has it (hashing reads every input).
    """
    if not (werkmap / "regio.yaml").is_file():
        return None
    sleutel_ = sleutel_ or sleutel(werkmap, opties)
    if sleutel_ is None:
        return None
    vorige = geldig(werkmap / "build", sleutel_)
    return None if vorige is None else [*vorige, NIETS_VERANDERD]


def _hash(pad: Path) -> str:
    return hashlib.sha256(pad.read_bytes()).hexdigest()


def geldig(build: Path, sleutel_: str) -> list[str] | None:
    """The stored summary when the last build had this key and its outputs are unchanged."""
    try:
        opgeslagen = json.loads((build / CACHEBESTAND).read_text(encoding="utf-8"))
        if opgeslagen["sleutel"] != sleutel_:
            return None
        for naam, waarde in opgeslagen["bestanden"].items():
            if _hash(build / naam) != waarde:
                return None
        return list(opgeslagen["regels"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def inhoud(build: Path, sleutel_: str, bestanden: dict[Path, bytes], regels: list[str]) -> bytes:
    """The cache file's bytes for a build that wrote ``bestanden``."""
    return json.dumps(
        {
            "sleutel": sleutel_,
            "bestanden": {
                pad.relative_to(build).as_posix(): hashlib.sha256(data).hexdigest()
                for pad, data in bestanden.items()
            },
            "regels": regels,
        },
        ensure_ascii=False,
        indent=1,
    ).encode("utf-8")
