"""The file-system side of the ``site`` format: versions side by side under ``build/site/``.

    build/site/index.html        every version, newest first (from each versie.json)
    build/site/<versie>/...      the site of one version, never touched by another version
    build/site/latest/...        a copy of the newest version
    build/site/versies.json      every version with its downloads (read by each page's
                                 _static/versies.js: "Er is een nieuwere versie", the list
                                 of versions), rewritten with every new version
    build/site/404.html          the Dutch "page not found" page

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
from regiovisie_builder.writers.site import uitpakken, versie_index


@dataclass(frozen=True)
class Sitepublicatie:
    """Where a built version landed."""

    map: Path
    aantal: int
    index: Path
    nieuwste: str


def _bestaande_versies(sitemap: Path) -> dict[str, versie_index.Versie]:
    gevonden: dict[str, versie_index.Versie] = {}
    if not sitemap.is_dir():
        return gevonden
    for map_ in sorted(sitemap.iterdir()):
        manifest = map_ / versie_index.MANIFEST
        if (
            map_.name == versie_index.NIEUWSTE
            or map_.name.startswith(".")
            or not manifest.is_file()
        ):
            continue
        versie = versie_index.lees_manifest(manifest.read_bytes())
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
    wortel: Mapping[str, bytes]  # index.html, versies.json, 404.html at the site root

    def schrijf(self) -> Sitepublicatie:
        """Write the version folder, refresh ``latest/`` when needed, then the index."""
        vervang_map(self.sitemap / self.versie, self.bestanden)
        nieuwste_map = self.sitemap / versie_index.NIEUWSTE
        if self.nieuwste == self.versie:
            vervang_map(nieuwste_map, self.bestanden)
        elif not nieuwste_map.is_dir():
            vervang_map(nieuwste_map, _lees_map(self.sitemap / self.nieuwste))
        schrijf_atomisch(
            {self.sitemap / naam: inhoud for naam, inhoud in self.wortel.items()},
            self.sitemap.parent.parent,
        )
        return Sitepublicatie(
            self.sitemap / self.versie,
            len(self.bestanden),
            self.sitemap / "index.html",
            self.nieuwste,
        )


def downloads(
    werkmap, document, uitvoer: Mapping[str, bytes], writers: Mapping[str, tuple]
) -> dict[str, bytes]:
    """Files for a version's folder besides its pages: Word/PDF, the change overview.

    The Word (and PDF) file of a published version is the frozen one from ``versies/``;
    otherwise the one built in this same run. The change overview compares the text with
    the highest published version below this one.
    """
    from regiovisie_builder import versies as publicaties

    meta = document.meta
    extra: dict[str, bytes] = {}
    gepubliceerd = {g.versie: g for g in publicaties.gepubliceerde_versies(werkmap.pad)}
    eigen = gepubliceerd.get(meta.versie)
    for formaat in ("docx", "pdf"):
        naam = f"{meta.soort}-{meta.versie}.{formaat}"
        bevroren = eigen.map / "uitvoer" / f"{meta.soort}.{formaat}" if eigen else None
        if bevroren is not None and bevroren.is_file():
            extra[naam] = bevroren.read_bytes()
        elif formaat in uitvoer and writers.get(formaat, ("", ""))[1] == f".{formaat}":
            extra[naam] = uitvoer[formaat]
    eerdere = [
        g
        for g in gepubliceerd.values()
        if publicaties.versiesleutel(g.versie) < publicaties.versiesleutel(meta.versie)
    ]
    if eerdere:
        from regiovisie_builder.consultatie.overzicht import wijzigingsoverzicht
        from regiovisie_builder.consultatie.vergelijken import vergelijk
        from regiovisie_builder.pipeline import versie_document
        from regiovisie_builder.writers import schrijver

        vorige = max(eerdere, key=lambda g: publicaties.versiesleutel(g.versie)).versie
        vergelijking = vergelijk(versie_document(werkmap, vorige), document)
        overzicht = wijzigingsoverzicht(vergelijking, vorige, meta.versie, "")
        extra[f"wijzigingen-{vorige}-{meta.versie}.html"] = schrijver("html")(
            overzicht, werkmap.lees_hulpbronnen()
        )
    return extra


def _grootte(aantal: int) -> str:
    return f"{max(1, round(aantal / 1024))} kB"


def versielijst(sitemap: Path, nieuw: versie_index.Versie, nieuwe_bestanden: Mapping[str, bytes]):
    """Every version with its downloads, as written to ``versies.json``."""
    alle = _bestaande_versies(sitemap)
    alle[nieuw.versie] = nieuw
    lijst = []
    for v in versie_index.nieuwste_eerst(alle.values()):
        if v.versie == nieuw.versie:
            namen = {n: len(b) for n, b in nieuwe_bestanden.items() if "/" not in n}
        else:
            map_ = sitemap / v.versie
            namen = {p.name: p.stat().st_size for p in sorted(map_.iterdir()) if p.is_file()}
        soorten = {".docx": "Word", ".pdf": "PDF"}
        downloads = [
            {"pad": n, "label": f"{soorten[Path(n).suffix]} ({_grootte(g)})"}
            for n, g in sorted(namen.items())
            if Path(n).suffix in soorten
        ]
        wijzigingen = next(
            (n for n in sorted(namen) if n.startswith("wijzigingen-") and n.endswith(".html")),
            None,
        )
        lijst.append(
            {
                "versie": v.versie,
                "status": v.status,
                "statuslabel": v.statuslabel,
                "datum": v.datum,
                "datum_tekst": v.datum_tekst,
                "titel": v.titel,
                "regio": v.regio,
                "kenmerk": v.kenmerk,
                "downloads": downloads,
                "wijzigingen": {
                    "pad": wijzigingen,
                    "tegen": wijzigingen.removeprefix("wijzigingen-").split("-", 1)[0],
                }
                if wijzigingen
                else None,
            }
        )
    return lijst


def zoekmachinekaart(
    sitemap: Path, lijst: list[dict], nieuw: str, bestanden: Mapping[str, bytes], website: str
) -> bytes:
    """``sitemap.xml``: every page of every version, at its own (canonical) address."""
    from xml.sax.saxutils import escape

    basis = website.rstrip("/")
    regels = ['<?xml version="1.0" encoding="UTF-8"?>']
    regels.append('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
    regels.append(f"  <url><loc>{escape(basis)}/index.html</loc></url>")
    for v in lijst:
        if v["versie"] == nieuw:
            namen = sorted(n for n in bestanden if n.endswith(".html") and "/" not in n)
        else:
            namen = sorted(p.name for p in (sitemap / v["versie"]).glob("*.html"))
        for naam in namen:
            if naam in ("search.html", "genindex.html"):
                continue
            adres = escape(f"{basis}/{v['versie']}/{naam}")
            regels.append(f"  <url><loc>{adres}</loc><lastmod>{v['datum']}</lastmod></url>")
    regels.append("</urlset>")
    return ("\n".join(regels) + "\n").encode("utf-8")


def plan_site(
    sitemap: Path,
    archief: bytes,
    hulpbronnen: Mapping[str, bytes],
    extra: Mapping[str, bytes] | None = None,
    website: str = "",
) -> Siteplan:
    """Check a built version's site and work out the index; ``BuildError`` when it cannot land."""
    bestanden = {**uitpakken(archief), **(extra or {})}
    versie = versie_index.lees_manifest(bestanden.get(versie_index.MANIFEST, b""))
    if versie is None:
        raise BuildError("De website is onvolledig gebouwd: versie.json ontbreekt.")
    if not (versie_index.geldige_versie(versie.versie) and geldig_versienummer(versie.versie)):
        raise BuildError(
            f"Het versienummer '{versie.versie}' kan geen mapnaam van de website zijn. "
            f"{VERSIE_VORM} Pas 'document.versie' in regio.yaml aan. Er is niets geschreven."
        )
    opslag.herstel(_werkruimte(sitemap), sitemap)  # a crash may have moved a version away
    lijst = versielijst(sitemap, versie, bestanden)
    nieuwste = lijst[0]["versie"]
    index = versie_index.index(lijst, hulpbronnen)
    wortel = {
        "index.html": index,
        versie_index.LIJST: versie_index.lijst_json(nieuwste, lijst),
        "404.html": versie_index.niet_gevonden(lijst, hulpbronnen),
    }
    if website:
        wortel["sitemap.xml"] = zoekmachinekaart(sitemap, lijst, versie.versie, bestanden, website)
    wortel = {naam: inhoud for naam, inhoud in wortel.items() if inhoud}
    return Siteplan(sitemap, versie.versie, bestanden, nieuwste, index, wortel)
