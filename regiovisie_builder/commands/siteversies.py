"""The file-system side of the ``site`` format: versions side by side under ``build/site/``.

    build/site/index.html        every version, newest first (from each versie.json)
    build/site/<versie>/...      the site of one version, never touched by another version
    build/site/latest/...        a copy of the newest version

``latest/`` is a plain copy, not a symlink or a redirect: symlinks are lost or refused by
many web hosts and upload tools, and a redirect page would only cover the start page,
while a copy keeps every deep link (``latest/proces.html#proces-aanpak``) working.
Each folder is written next to its target first and then swapped in with renames, so a
failed build leaves the previous folder as it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from regiovisie_builder import opslag
from regiovisie_builder.errors import BuildError
from regiovisie_builder.pipeline import schrijf_atomisch
from regiovisie_builder.versies import VERSIE_VORM, geldig_versienummer
from regiovisie_builder.writers.site import uitpakken, versies


@dataclass(frozen=True)
class Sitepublicatie:
    """Where a built version landed."""

    map: Path
    aantal: int
    index: Path
    nieuwste: str


def _bestaande_versies(sitemap: Path) -> dict[str, versies.Versie]:
    gevonden: dict[str, versies.Versie] = {}
    if not sitemap.is_dir():
        return gevonden
    for map_ in sorted(sitemap.iterdir()):
        manifest = map_ / versies.MANIFEST
        if map_.name == versies.NIEUWSTE or map_.name.startswith(".") or not manifest.is_file():
            continue
        versie = versies.lees_manifest(manifest.read_bytes())
        if versie is not None and versie.versie == map_.name:
            gevonden[versie.versie] = versie
    return gevonden


def _lees_map(map_: Path) -> dict[str, bytes]:
    return {
        pad.relative_to(map_).as_posix(): pad.read_bytes()
        for pad in sorted(map_.rglob("*"))
        if pad.is_file()
    }


def vervang_map(doel: Path, bestanden: Mapping[str, bytes]) -> None:
    """Replace folder ``doel`` under ``build/site/`` by exactly these files, all or nothing.

    The work folder is ``build/.regiovisie-opslag/``: beside the site, never in it, so no
    hidden half-written folder is ever uploaded with it.
    """
    opslag.vervang_map(doel, bestanden, _werkruimte(doel.parent), binnen=doel.parent.parent)


def _werkruimte(sitemap: Path) -> Path:
    return sitemap.parent / opslag.WERKMAP_NAAM


@dataclass(frozen=True)
class Siteplan:
    """What writing one version's site will do; made before anything is written."""

    sitemap: Path
    versie: str
    bestanden: Mapping[str, bytes]
    nieuwste: str
    index: bytes

    def schrijf(self) -> Sitepublicatie:
        """Write the version folder, refresh ``latest/`` when needed, then the index."""
        vervang_map(self.sitemap / self.versie, self.bestanden)
        nieuwste_map = self.sitemap / versies.NIEUWSTE
        if self.nieuwste == self.versie:
            vervang_map(nieuwste_map, self.bestanden)
        elif not nieuwste_map.is_dir():
            vervang_map(nieuwste_map, _lees_map(self.sitemap / self.nieuwste))
        schrijf_atomisch({self.sitemap / "index.html": self.index}, self.sitemap.parent.parent)
        return Sitepublicatie(
            self.sitemap / self.versie,
            len(self.bestanden),
            self.sitemap / "index.html",
            self.nieuwste,
        )


def plan_site(sitemap: Path, archief: bytes, hulpbronnen: Mapping[str, bytes]) -> Siteplan:
    """Check a built version's site and work out the index; ``BuildError`` when it cannot land."""
    bestanden = uitpakken(archief)
    versie = versies.lees_manifest(bestanden.get(versies.MANIFEST, b""))
    if versie is None:
        raise BuildError("De website is onvolledig gebouwd: versie.json ontbreekt.")
    if not (versies.geldige_versie(versie.versie) and geldig_versienummer(versie.versie)):
        raise BuildError(
            f"Het versienummer '{versie.versie}' kan geen mapnaam van de website zijn. "
            f"{VERSIE_VORM} Pas 'document.versie' in regio.yaml aan. Er is niets geschreven."
        )
    opslag.herstel(_werkruimte(sitemap), sitemap)  # a crash may have moved a version away
    alle = _bestaande_versies(sitemap)
    alle[versie.versie] = versie
    nieuwste = versies.nieuwste_eerst(alle.values())[0]
    return Siteplan(
        sitemap,
        versie.versie,
        bestanden,
        nieuwste.versie,
        versies.index(alle.values(), hulpbronnen),
    )
