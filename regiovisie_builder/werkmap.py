"""A region's workspace on disk: the only module (with the commands) that reads input files.

It gathers regio.yaml, shipped and workspace blocks, the outline and the writer resources,
and hands their text to the readers.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from regiovisie_builder import bronnen
from regiovisie_builder.errors import ConfigError, ContentError, Probleem
from regiovisie_builder.readers.blokken import Blok, combineer, lees_blok
from regiovisie_builder.readers.yamlbron import laad_yaml

# Writer resources: name -> path below templates/ (a workspace's templates/ wins).
WOORDENLIJST = "woorden.txt"

HULPBRONNEN = (
    "huisstijl.docx",
    "kleuren.css",
    "html/document.html",
    "html/stijl.css",
    "site/layout.html",
    "site/search.html",
    "site/regiovisie.css",
    "site/versies.html",
    "site/versies.js",
    "site/zoeken.js",
    "site/favicon.svg",
    "site/404.html",
)


@dataclass
class Werkmap:
    """A workspace folder and what was read from it."""

    pad: Path
    vingerafdruk: hashlib._Hash = field(default_factory=hashlib.sha256)

    @property
    def regio_yaml(self) -> Path:
        return self.pad / "regio.yaml"

    @property
    def build(self) -> Path:
        return self.pad / "build"

    def toon(self, pad: Path) -> str:
        """A path as shown in messages: relative to the workspace's parent when possible."""
        try:
            return pad.relative_to(self.pad.parent).as_posix()
        except ValueError:
            return pad.as_posix()

    def _lees(self, pad: Path) -> bytes:
        inhoud = pad.read_bytes()
        self.vingerafdruk.update(pad.as_posix().encode() + b"\0" + inhoud + b"\0")
        return inhoud

    def lees_regio_tekst(self) -> tuple[str, str]:
        """The text of regio.yaml and its name for messages."""
        if not self.pad.is_dir():
            raise ConfigError(f"De werkmap '{self.pad}' bestaat niet.")
        if not self.regio_yaml.is_file():
            raise ConfigError(
                f"In '{self.pad}' staat geen regio.yaml. "
                "Maak een nieuwe werkmap met: regiovisie init MAP"
            )
        bestand = self.toon(self.regio_yaml)
        try:
            return self._lees(self.regio_yaml).decode("utf-8-sig"), bestand
        except UnicodeDecodeError:
            raise ConfigError(
                "regio.yaml kan niet worden gelezen.",
                [Probleem(bestand, None, "sla het bestand op als UTF-8-tekst.")],
            ) from None

    def _blokken_uit(self, map_: Path, toon_als: str, herkomst: str) -> tuple[list[Blok], list]:
        blokken, problemen = [], []
        if not map_.is_dir():
            return blokken, problemen
        for pad in sorted(map_.rglob("*.md")):
            bestand = f"{toon_als}/{pad.relative_to(map_).as_posix()}"
            try:
                tekst = self._lees(pad).decode("utf-8")
            except UnicodeDecodeError:
                problemen.append(Probleem(bestand, None, "het bestand is geen UTF-8-tekst."))
                continue
            try:
                blokken.append(lees_blok(tekst, bestand, herkomst))
            except ValueError as fout:
                problemen.extend(fout.args[0])
        return blokken, problemen

    def lees_blokken(self) -> list[Blok]:
        """Shipped blocks with the workspace's own blocks laid over them (same id replaces)."""
        standaard, problemen = self._blokken_uit(bronnen.CONTENT, "content", "standaard")
        eigen, eigen_problemen = self._blokken_uit(
            self.pad / "content", self.toon(self.pad / "content"), "werkmap"
        )
        problemen += eigen_problemen
        if problemen:
            raise ContentError(
                f"{len(problemen)} fout(en) in de front matter van blokken. Er is niets gebouwd.",
                problemen,
            )
        return combineer(standaard, eigen)

    def zoek_sjabloon(self, naam: str) -> Path | None:
        """A template file: the workspace's ``templates/`` first, then the shipped one."""
        for map_ in (self.pad / "templates", bronnen.TEMPLATES):
            kandidaat = map_ / naam
            if kandidaat.is_file():
                return kandidaat
        return None

    def lees_opzet(self, soort: str) -> tuple[object, str]:
        """The parsed outline of a document type and its name for messages."""
        pad = self.zoek_sjabloon(f"documenten/{soort}.yaml")
        if pad is None:
            raise ConfigError(f"Er is geen documentopzet voor de documentsoort '{soort}'.")
        naam = self.toon(pad)
        try:
            return laad_yaml(self._lees(pad).decode("utf-8"), naam).gegevens, naam
        except ValueError as fout:
            raise ConfigError(f"De documentopzet {naam} is geen geldige YAML.", fout.args) from None

    def lees_hulpbronnen(self) -> dict[str, bytes]:
        """Every writer resource that exists (huisstijl, HTML layout, stylesheet)."""
        gevonden = {}
        for naam in HULPBRONNEN:
            pad = self.zoek_sjabloon(naam)
            if pad is not None:
                gevonden[naam] = self._lees(pad)
        return gevonden

    def lees_woorden(self) -> frozenset[str]:
        """Words the spelling check accepts: the shipped list plus the workspace's own.

        ``templates/woorden.txt``, one word per line; ``#`` starts a comment.
        """
        woorden: set[str] = set()
        for pad in (bronnen.TEMPLATES / WOORDENLIJST, self.pad / "templates" / WOORDENLIJST):
            if pad.is_file():
                for regel in self._lees(pad).decode("utf-8-sig").splitlines():
                    woord = regel.split("#", 1)[0].strip()
                    if woord:
                        woorden.add(woord)
        return frozenset(woorden)
