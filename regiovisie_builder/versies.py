"""Published versions on disk: ``WERKMAP/versies/<versie>/``, frozen and never overwritten.

Like ``werkmap.py`` this module touches the file system (for the ``versies/`` folder only).
A published version holds the region data, the outline and the rendered Markdown of every
block (``bronnen/``), the outputs (``uitvoer/``) and ``manifest.json`` with a sha256 per file.
Reading a version back uses those frozen sources, never the current blocks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from regiovisie_builder import nvo
from regiovisie_builder.errors import ConfigError, ContentError, Probleem
from regiovisie_builder.model import Document, Regio
from regiovisie_builder.transforms import transformeer

# Statuses in the order a regiovisie goes through them.
STATUS_VOLGORDE = tuple(nvo.STATUSSEN)  # the order in which a status may only go forward
WERKKOPIE = "werkkopie"
# A version number: numbers without leading zeros, with dots between (1.0, 0.9, 1.2.1).
# It becomes a folder name and is compared as numbers, so 'v1' or '0.05' would strand a
# workspace: a later '0.1' would sort wrong or collide.
VERSIE_PATROON = re.compile(r"^(0|[1-9][0-9]{0,5})(\.(0|[1-9][0-9]{0,5})){1,3}$")
VERSIE_VORM = (
    "Een versienummer bestaat uit getallen met punten ertussen, zonder voorloopnullen: "
    "bijvoorbeeld 1.0, 0.9 of 1.2.1."
)


def geldig_versienummer(versie: str) -> bool:
    """Whether ``versie`` has the form of a version number (see ``VERSIE_PATROON``)."""
    return bool(VERSIE_PATROON.match(versie))


FORMATEN = ("docx", "html")


def versiesleutel(versie: str) -> tuple:
    """Sort key for version numbers: 0.9 < 0.10 < 1.0 < 1.0.1."""
    delen = re.split(r"[.\-_]", versie)
    return tuple((0, int(d), "") if d.isdigit() else (1, 0, d) for d in delen)


@dataclass(frozen=True)
class Gepubliceerd:
    """A published version: its folder and manifest."""

    versie: str
    map: Path
    manifest: dict

    @property
    def status(self) -> str:
        return self.manifest.get("status", "")


def versiemap(werkmap_pad: Path) -> Path:
    return werkmap_pad / "versies"


def gepubliceerde_versies(werkmap_pad: Path) -> list[Gepubliceerd]:
    """Every published version, lowest number first."""
    map_ = versiemap(werkmap_pad)
    if not map_.is_dir():
        return []
    uit = []
    for kandidaat in map_.iterdir():
        manifest = kandidaat / "manifest.json"
        if kandidaat.name.startswith(".") or not manifest.is_file():
            continue
        try:
            gegevens = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise ConfigError(
                f"Het manifest van de gepubliceerde versie '{kandidaat.name}' is onleesbaar.",
                [Probleem(manifest.as_posix(), None, "herstel het bestand uit een back-up.")],
            ) from None
        uit.append(Gepubliceerd(kandidaat.name, kandidaat, gegevens))
    return sorted(uit, key=lambda g: versiesleutel(g.versie))


def zoek_versie(werkmap_pad: Path, versie: str) -> Gepubliceerd:
    """One published version; ``ConfigError`` naming the versions that do exist."""
    for gepubliceerd in gepubliceerde_versies(werkmap_pad):
        if gepubliceerd.versie == versie:
            return gepubliceerd
    bekend = ", ".join(g.versie for g in gepubliceerde_versies(werkmap_pad)) or "geen"
    raise ConfigError(
        f"Versie '{versie}' is niet gepubliceerd. Gepubliceerde versies: {bekend}. "
        f"Gebruik '{WERKKOPIE}' voor de huidige tekst."
    )


# --- publishing ---------------------------------------------------------------------------


def _bronbestand(blok, volgorde: int) -> str:
    """A frozen block: front matter with its placement, then the rendered Markdown."""
    kop = {
        "id": blok.id,
        "titel": blok.titel,
        "hoofdstuk": blok.hoofdstuk,
        "volgorde": volgorde,
        "afspraken": list(blok.afspraken),
        "themas": list(blok.themas),
    }
    if blok.route:
        kop["route"] = blok.route
    front = yaml.safe_dump(kop, allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n{blok.markdown}"


def controleer_volgorde(versie: str, status: str, eerdere: list[Gepubliceerd]) -> None:
    """Refuse a version number that exists or is lower, or a status that moves back."""
    if not geldig_versienummer(versie):
        raise ConfigError(
            f"Het versienummer '{versie}' kan niet als mapnaam dienen. {VERSIE_VORM} "
            "Pas 'document.versie' in regio.yaml aan; er is niets gepubliceerd."
        )
    for gepubliceerd in eerdere:
        if gepubliceerd.versie == versie:
            raise ConfigError(
                f"Versie {versie} is al gepubliceerd (op {gepubliceerd.manifest.get('datum')}). "
                "Een gepubliceerde versie wordt nooit overschreven; er is niets veranderd. "
                "Verhoog 'document.versie' in regio.yaml en publiceer opnieuw."
            )
    if not eerdere:
        return
    laatste = eerdere[-1]
    if versiesleutel(versie) < versiesleutel(laatste.versie):
        raise ConfigError(
            f"Versie {versie} is lager dan de laatst gepubliceerde versie {laatste.versie}. "
            "Een nieuwe versie krijgt een hoger nummer. Pas 'document.versie' in regio.yaml aan."
        )
    if (
        status in STATUS_VOLGORDE
        and laatste.status in STATUS_VOLGORDE
        and STATUS_VOLGORDE.index(status) < STATUS_VOLGORDE.index(laatste.status)
    ):
        volgorde = " → ".join(STATUS_VOLGORDE)
        raise ConfigError(
            f"De status '{status}' is een stap terug: versie {laatste.versie} had al de "
            f"status '{laatste.status}'. De status gaat alleen vooruit ({volgorde}). "
            "Pas 'document.status' in regio.yaml aan."
        )


def bevroren_bestanden(
    document: Document,
    regio_yaml: bytes,
    opzet_yaml: bytes,
    uitvoer: dict[str, bytes],
    raadsstukken: dict[str, bytes] | None = None,
) -> dict[str, bytes]:
    """The files of a version folder (relative path -> bytes), manifest included.

    ``raadsstukken`` are the per-municipality council documents ("raad/x.docx" -> bytes).
    """
    bestanden: dict[str, bytes] = {"regio.yaml": regio_yaml, "opzet.yaml": opzet_yaml}
    for plaats, blok in enumerate(document.blokken, start=1):
        bestanden[f"bronnen/{blok.id}.md"] = _bronbestand(blok, plaats * 10).encode("utf-8")
    afbeeldingen = bevroren_afbeeldingen(document)
    for pad, inhoud in afbeeldingen.values():
        bestanden[pad] = inhoud
    soort = document.meta.soort
    for formaat, inhoud in uitvoer.items():
        bestanden[f"uitvoer/{soort}.{formaat}"] = inhoud
    for pad, inhoud in (raadsstukken or {}).items():
        bestanden[f"uitvoer/{pad}"] = inhoud
    meta = document.meta
    manifest = {
        "versie": meta.versie,
        "status": meta.status,
        "datum": meta.datum.isoformat(),
        # The document date, not the clock: publishing the same input gives the same bytes.
        "gepubliceerd": dt.datetime.combine(meta.datum, dt.time()).isoformat(),
        "titel": meta.titel,
        "regio": meta.regio,
        "kenmerk": meta.kenmerk,
        "soort": soort,
        "blokken": [b.id for b in document.blokken],
        # Block id + image path as written in the block -> the frozen copy of the image.
        "afbeeldingen": {sleutel: pad for sleutel, (pad, _) in sorted(afbeeldingen.items())},
        "bestanden": {
            pad: hashlib.sha256(inhoud).hexdigest() for pad, inhoud in sorted(bestanden.items())
        },
    }
    tekst = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    bestanden["manifest.json"] = tekst.encode("utf-8")
    return bestanden


def _afbeeldingsleutel(blok_id: str, pad: str) -> str:
    return f"{blok_id}/{pad}"


def bevroren_afbeeldingen(document: Document) -> dict[str, tuple[str, bytes]]:
    """The image files a version keeps: key (block id and path) -> (file, checked bytes).

    Charts (``grafiek:``) are not kept: their data is in the frozen Markdown itself.
    """
    from regiovisie_builder.model import Figure, doorloop

    blok_van = {b.bron.bestand: b.id for b in document.blokken}
    uit: dict[str, tuple[str, bytes]] = {}
    for knoop in doorloop(document.body):
        if not isinstance(knoop, Figure) or not knoop.data or knoop.pad.startswith("grafiek:"):
            continue
        blok_id = blok_van.get(knoop.bron.bestand)
        if blok_id is None:
            continue
        extensie = {"jpeg": "jpg"}.get(knoop.soort, knoop.soort)
        naam = f"afbeeldingen/{hashlib.sha256(knoop.data).hexdigest()[:16]}.{extensie}"
        uit[_afbeeldingsleutel(blok_id, knoop.pad)] = (naam, knoop.data)
    return uit


def schrijf_versie(werkmap_pad: Path, versie: str, bestanden: dict[str, bytes]) -> Path:
    """Write a version folder all at once: a hidden work folder, then one rename."""
    from regiovisie_builder.errors import BuildError
    from regiovisie_builder.opslag import (
        WERKMAP_NAAM,
        controleer_binnen,
        maprechten,
        reden,
        schrijf_nieuwe_map,
    )

    map_ = versiemap(werkmap_pad)
    doel = map_ / versie
    try:
        controleer_binnen(doel, werkmap_pad)
    except BuildError as fout:
        raise ConfigError(fout.message) from None
    try:
        map_.mkdir(mode=maprechten(), parents=True, exist_ok=True)
        schrijf_nieuwe_map(doel, bestanden, map_ / WERKMAP_NAAM)
    except FileExistsError:
        raise ConfigError(
            f"Versie {versie} is al gepubliceerd. Er is niets overschreven."
        ) from None
    except OSError as fout:
        raise ConfigError(f"Publiceren mislukt: {reden(fout)}. Er is niets gepubliceerd.") from None
    return doel


# --- reading a published version back -------------------------------------------------------


def veranderde_bestanden(gepubliceerd: Gepubliceerd) -> list[Probleem]:
    """Every file of a published version (outputs included) that is missing or changed
    since publication, by the sha256 sums in its manifest."""
    map_ = gepubliceerd.map
    problemen = []
    for pad, hash_ in sorted(gepubliceerd.manifest.get("bestanden", {}).items()):
        bestand = map_ / pad
        if not bestand.resolve().is_relative_to(map_.resolve()):
            problemen.append(Probleem(bestand.as_posix(), None, "dit pad ligt buiten de versie."))
            continue
        try:
            inhoud = bestand.read_bytes() if bestand.is_file() else None
        except OSError:
            inhoud = None
        if inhoud is None:
            problemen.append(Probleem(bestand.as_posix(), None, "het bestand ontbreekt."))
        elif hashlib.sha256(inhoud).hexdigest() != hash_:
            problemen.append(
                Probleem(bestand.as_posix(), None, "het bestand is na publicatie veranderd.")
            )
    return problemen


def lees_bevroren(gepubliceerd: Gepubliceerd) -> tuple[Document, Regio]:
    """The numbered document of a published version and its region data, from its frozen
    sources.

    A file whose hash differs from the manifest is refused: a frozen version must not change.
    """
    from regiovisie_builder.readers.afbeeldingen import vul_afbeeldingen
    from regiovisie_builder.readers.blokken import lees_blok
    from regiovisie_builder.readers.document import lees_document, lees_opzet
    from regiovisie_builder.readers.regio import lees_regio

    map_ = gepubliceerd.map
    verwacht = gepubliceerd.manifest.get("bestanden", {})
    problemen = []
    teksten: dict[str, str] = {}
    beelden: dict[str, bytes] = {}
    for pad, hash_ in sorted(verwacht.items()):
        is_beeld = pad.startswith("afbeeldingen/")
        if not (pad.endswith(".md") or pad.endswith(".yaml") or is_beeld):
            continue
        bestand = map_ / pad
        if not bestand.resolve().is_relative_to(map_.resolve()):
            # A manifest names files of its own version only, never '../' or a symlink out.
            problemen.append(Probleem(bestand.as_posix(), None, "dit pad ligt buiten de versie."))
            continue
        try:
            inhoud = bestand.read_bytes()
        except OSError:
            problemen.append(Probleem(bestand.as_posix(), None, "het bestand ontbreekt."))
            continue
        if hashlib.sha256(inhoud).hexdigest() != hash_:
            problemen.append(
                Probleem(bestand.as_posix(), None, "het bestand is na publicatie veranderd.")
            )
            continue
        if is_beeld:
            beelden[pad] = inhoud
        else:
            teksten[pad] = inhoud.decode("utf-8")
    if problemen:
        raise ConfigError(
            f"De gepubliceerde versie {gepubliceerd.versie} is niet meer intact.", problemen
        )
    naam = f"versies/{gepubliceerd.versie}"
    for nodig in ("regio.yaml", "opzet.yaml"):
        if nodig not in teksten:
            raise ConfigError(
                f"De gepubliceerde versie {gepubliceerd.versie} is niet meer intact.",
                [Probleem(f"{naam}/manifest.json", None, f"{nodig} ontbreekt in het manifest.")],
            )
    regio = lees_regio(teksten["regio.yaml"], f"{naam}/regio.yaml")
    opzet = lees_opzet(yaml.safe_load(teksten["opzet.yaml"]), f"{naam}/opzet.yaml")
    blokken = []
    for pad, tekst in teksten.items():
        if pad.startswith("bronnen/"):
            try:
                blok = lees_blok(tekst, f"{naam}/{pad}", "versie")
            except ValueError as fout:
                raise ContentError(
                    f"Een bron van versie {gepubliceerd.versie} is onleesbaar.", fout.args[0]
                ) from None
            blokken.append(blok)
    # The frozen blocks belong to this document type, whatever their front matter says.
    blokken = [replace(b, documenten=(opzet.soort,)) for b in blokken]
    document = lees_document(regio, blokken, opzet, gerenderd=True)
    kopieen = gepubliceerd.manifest.get("afbeeldingen", {})

    def lees_beeld(figuur) -> bytes | None:
        # A frozen block is "versies/<versie>/bronnen/<id>.md": its id is the file's stem.
        blok_id = figuur.bron.bestand.rsplit("/", 1)[-1].removesuffix(".md")
        pad = kopieen.get(_afbeeldingsleutel(blok_id, figuur.pad))
        # None: a version published before images were kept shows the alt text instead.
        return beelden.get(pad) if pad else None

    return transformeer(vul_afbeeldingen(document, lees_beeld)), regio
