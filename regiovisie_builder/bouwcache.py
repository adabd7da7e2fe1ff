"""Skip a build when nothing changed: a content hash of every input, stored with the outputs.

The key covers every file of the build's snapshot (regio.yaml, every content block, the
outlines and writer resources, shipped and the workspace's own) by its fingerprint, the
options and the toolkit's own code, so any change that could alter the output forces a real
build. A hit also checks that the images the last build showed and the outputs on disk are
still the ones read and written. Only hashlib and json are needed besides the snapshot, so
a no-op rebuild imports none of the heavy modules.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from regiovisie_builder import __version__
from regiovisie_builder.errors import ContentError
from regiovisie_builder.werkmap import InputFile, Snapshot, lees_gewoon_bestand

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


def _code() -> list[str]:
    """The toolkit's own modules (their bytes are part of the key)."""
    gevonden = []
    for plek, mappen, namen in os.walk(_PAKKET):
        mappen[:] = [m for m in mappen if m != "__pycache__"]
        gevonden += [os.path.join(plek, n) for n in namen if n.endswith(".py")]
    return sorted(gevonden)


def sleutel(snapshot: Snapshot, opties: str) -> str | None:
    """The hash of everything a build of the workspace with ``opties`` reads.

    The inputs come as the snapshot read them (``werkmap.Snapshot``), by their
    fingerprints: the build then parses those same bytes, so an edit made during the build
    is never missed. None when an input could not be read (a FIFO, a symlink out of the
    workspace, a folder named ``x.md``): such a workspace is never "unchanged", so the
    build reports it. The images a build reads are checked apart (see ``geldig``).
    """
    vingerafdrukken = snapshot.fingerprints()
    if vingerafdrukken is None:
        return None
    totaal = hashlib.sha256(f"{__version__}\0{opties}\0".encode())
    try:
        for naam, vingerafdruk in vingerafdrukken.items():
            totaal.update(f"{naam}\0{vingerafdruk}\0".encode("utf-8", "surrogatepass"))
        for pad in _code():
            with open(pad, "rb") as module:
                totaal.update(pad.encode() + b"\0" + module.read() + b"\0")
    except OSError:
        return None
    return totaal.hexdigest()


NIETS_VERANDERD = "Niets veranderd sinds de vorige bouw: de bestanden in build/ zijn nog actueel."


def actuele_samenvatting(build: Path, sleutel_: str | None) -> list[str] | None:
    """The summary to print when the build into ``build`` with key ``sleutel_`` is up to date."""
    if sleutel_ is None:
        return None
    vorige = geldig(build, sleutel_)
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
        # The images the last build read, each checked as the build reads it.
        for naam, waarde in opgeslagen["afbeeldingen"].items():
            pad = Path(naam)
            if hashlib.sha256(lees_gewoon_bestand(pad, naam)).hexdigest() != waarde:
                return None
        return list(opgeslagen["regels"])
    except (OSError, ValueError, KeyError, TypeError, ContentError):
        return None


def inhoud(
    build: Path,
    sleutel_: str,
    bestanden: dict[Path, bytes],
    regels: list[str],
    afbeeldingen: Iterable[InputFile] = (),
) -> bytes:
    """The cache file's bytes for a build that wrote ``bestanden`` and read ``afbeeldingen``."""
    return json.dumps(
        {
            "sleutel": sleutel_,
            "bestanden": {
                pad.relative_to(build).as_posix(): hashlib.sha256(data).hexdigest()
                for pad, data in bestanden.items()
            },
            "regels": regels,
            "afbeeldingen": {str(a.path): a.fingerprint for a in afbeeldingen},
        },
        ensure_ascii=False,
        indent=1,
    ).encode("utf-8")
