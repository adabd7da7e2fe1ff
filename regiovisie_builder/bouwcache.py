"""Skip a build when nothing changed: a content hash of every input, stored with the outputs.

The key covers regio.yaml, every content block and template (shipped and the workspace's
own), the options and the toolkit's own code, so any change that could alter the output
forces a real build. A hit also checks that the outputs on disk are still the ones written.
Only hashlib and json are needed, so a no-op rebuild imports none of the heavy modules.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from regiovisie_builder import __version__, bronnen

CACHEBESTAND = ".regiovisie-cache.json"

# Statuses for which the council documents are made without being asked.
RAAD_STATUSSEN = ("definitief", "vastgesteld")


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

    def sleuteltekst(self) -> str:
        return (
            f"{','.join(self.formaten)};bijlage={self.bijlage};soort={self.soort};"
            f"raad={self.raadsstukken};ondanks={self.ondanks_toetsing!r}"
            + (";pdf=afgerond" if self.pdf_bij_afgerond else "")
        )


_PAKKET = Path(__file__).resolve().parent


def _bestanden(map_: Path, patroon: str = "*") -> list[Path]:
    if not map_.is_dir():
        return []
    return sorted(p for p in map_.rglob(patroon) if p.is_file() and "__pycache__" not in p.parts)


AFBEELDINGEN = (".png", ".jpg", ".jpeg", ".svg")


def _afbeeldingen(werkmap: Path) -> list[Path]:
    """Image files figures may show: next to the blocks or in ``afbeeldingen/``."""
    return [
        p
        for map_ in (werkmap / "content", werkmap / "afbeeldingen")
        for p in _bestanden(map_)
        if p.suffix.lower() in AFBEELDINGEN
    ]


def sleutel(werkmap: Path, opties: str) -> str:
    """The hash of everything a build of ``werkmap`` with ``opties`` reads."""
    totaal = hashlib.sha256(f"{__version__}\0{opties}\0".encode())
    bronbestanden = (
        [werkmap / "regio.yaml"]
        + _bestanden(werkmap / "content", "*.md")
        + _afbeeldingen(werkmap)
        + _bestanden(werkmap / "templates")
        + _bestanden(bronnen.CONTENT, "*.md")
        + _bestanden(bronnen.TEMPLATES)
        + _bestanden(_PAKKET, "*.py")
    )
    for pad in bronbestanden:
        totaal.update(str(pad).encode() + b"\0")
        totaal.update(pad.read_bytes() if pad.is_file() else b"<ontbreekt>")
        totaal.update(b"\0")
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
    vorige = geldig(werkmap / "build", sleutel_ or sleutel(werkmap, opties))
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
