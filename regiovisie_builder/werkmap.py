"""A region's workspace on disk: the only module (with the commands) that reads input files.

It gathers regio.yaml, shipped and workspace blocks, the outline and the writer resources,
and hands their text to the readers. A workspace is untrusted: a name that becomes part of a
path is checked against a strict pattern (``controleer_naam``), and only regular files
within a size cap that really lie inside the workspace (or the toolkit's own resources)
are read: a symlink to a file elsewhere, a FIFO or ``/dev/zero`` is refused in Dutch.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from regiovisie_builder import bronnen
from regiovisie_builder.errors import ConfigError, ContentError, Probleem, toon_naam
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


# Names that become part of a file name: document types (soort), slugs.
NAAM_PATROON = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
MAX_BESTAND = 20 * 1024 * 1024  # bytes of one input file (a huisstijl.docx with images)


def controleer_naam(naam: object, wat: str, bestand: str | None = None) -> str:
    """``naam`` when it is safe as part of a file name; ``ConfigError`` otherwise."""
    if isinstance(naam, str) and NAAM_PATROON.match(naam):
        return naam
    melding = (
        f"{wat} '{naam}' kan geen bestandsnaam worden. Gebruik alleen kleine letters, "
        "cijfers, streepjes en liggende streepjes (hoogstens 64), bijvoorbeeld 'opinienota'."
    )
    raise ConfigError(melding, [Probleem(bestand, None, melding)] if bestand else [])


def binnen(pad: Path, *wortels: Path) -> bool:
    """Whether ``pad``, symlinks resolved, lies inside one of ``wortels``."""
    echt = pad.resolve()
    return any(echt.is_relative_to(wortel.resolve()) for wortel in wortels)


def lees_gewoon_bestand(pad: Path, bestand: str, *wortels: Path) -> bytes:
    """The bytes of ``pad`` when it is a regular file within the cap inside ``wortels``.

    A symlink out of the workspace, a folder, a FIFO, a device, a dangling symlink or a
    symlink loop is a ``ContentError`` with a Dutch message; nothing is opened before the
    checks, so a FIFO cannot make the build hang.
    """

    def fout(melding: str) -> ContentError:
        return ContentError(
            "Een bestand in de werkmap kan niet worden gelezen.", [Probleem(bestand, None, melding)]
        )

    try:
        gegevens = pad.stat()
    except OSError:
        if pad.is_symlink():
            raise fout(
                "dit is een koppeling (symlink) die nergens heen wijst of naar zichzelf; "
                "vervang hem door het bestand zelf."
            ) from None
        raise fout("het bestand bestaat niet of is niet leesbaar.") from None
    if wortels and not binnen(pad, *wortels):
        raise fout(
            "dit is een koppeling (symlink) naar een bestand buiten de werkmap; dat wordt "
            "niet gelezen. Zet een kopie van het bestand in de werkmap."
        )
    if stat.S_ISDIR(gegevens.st_mode):
        raise fout("dit is een map, geen bestand; geef de map een naam zonder deze extensie.")
    if not stat.S_ISREG(gegevens.st_mode):
        raise fout("dit is geen gewoon bestand (maar bijvoorbeeld een pijp of apparaat).")
    if gegevens.st_size > MAX_BESTAND:
        raise fout(f"het bestand is groter dan {MAX_BESTAND // (1024 * 1024)} MB.")
    try:
        with open(pad, "rb") as invoer:
            inhoud = invoer.read(MAX_BESTAND + 1)
    except OSError:
        raise fout("het bestand is niet leesbaar.") from None
    if len(inhoud) > MAX_BESTAND:
        raise fout(f"het bestand is groter dan {MAX_BESTAND // (1024 * 1024)} MB.")
    return inhoud


def _lees_blok(tekst: str, bestand: str, herkomst: str) -> Blok:
    """``lees_blok`` through the block cache of the running build (see ``blokcache``)."""
    from regiovisie_builder import blokcache

    cache = blokcache.actief()
    if cache is None:
        return lees_blok(tekst, bestand, herkomst)
    sleutel = (tekst, bestand, herkomst)
    return cache.haal("kop", sleutel, lambda: lees_blok(*sleutel))


def _md_bestanden(map_: Path) -> tuple[list[Path], list[Path]]:
    """Every ``*.md`` entry below ``map_`` (without following folder symlinks), sorted; and
    every symlink to a folder, which is not followed."""
    gevonden, koppelingen = [], []
    for wortel, mappen, bestanden in os.walk(map_):
        hier = Path(wortel)
        for naam in list(mappen):
            if (hier / naam).is_symlink():
                koppelingen.append(hier / naam)
            elif naam.endswith(".md"):
                gevonden.append(hier / naam)  # a folder named x.md: reported when read
        gevonden += [hier / naam for naam in bestanden if naam.endswith(".md")]
    return sorted(gevonden), sorted(koppelingen)


def maak_werkmap(map_: Path, naam: str) -> Path:
    """Copy the workspace template into ``map_`` (existing files are kept); its regio.yaml."""
    import shutil

    voorbeeld = bronnen.TEMPLATES / "werkmap"
    map_.mkdir(parents=True, exist_ok=True)
    for bron in sorted(voorbeeld.rglob("*")):
        doel = map_ / bron.relative_to(voorbeeld)
        if bron.is_dir():
            doel.mkdir(exist_ok=True)
        elif not doel.exists():
            shutil.copyfile(bron, doel)
    regio_yaml = map_ / "regio.yaml"
    regio_yaml.write_text(
        regio_yaml.read_text(encoding="utf-8").replace("Mijn regio", naam), encoding="utf-8"
    )
    return regio_yaml


@dataclass
class Werkmap:
    """A workspace folder and what was read from it."""

    pad: Path
    # Block file as shown in messages -> its path on disk, for images next to a block.
    blokpaden: dict[str, Path] = field(default_factory=dict, repr=False)

    @property
    def regio_yaml(self) -> Path:
        return self.pad / "regio.yaml"

    @property
    def build(self) -> Path:
        return self.pad / "build"

    def toon(self, pad: Path) -> str:
        """A path as shown in messages: relative to the workspace's parent when possible."""
        try:
            return toon_naam(pad.relative_to(self.pad.parent).as_posix())
        except ValueError:
            return toon_naam(pad.as_posix())

    def _lees(self, pad: Path) -> bytes:
        bestand = self.toon(pad)
        return lees_gewoon_bestand(pad, bestand, self.pad, bronnen.CONTENT, bronnen.TEMPLATES)

    def lees_regio_tekst(self) -> tuple[str, str]:
        """The text of regio.yaml and its name for messages."""
        if not self.pad.is_dir():
            raise ConfigError(f"De werkmap '{self.pad}' bestaat niet.")
        if not (self.regio_yaml.exists() or self.regio_yaml.is_symlink()):
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
        blokken: list[Blok] = []
        problemen: list[Probleem] = []
        if not map_.is_dir():
            return blokken, problemen
        paden, koppelingen = _md_bestanden(map_)
        for pad in koppelingen:
            problemen.append(
                Probleem(
                    f"{toon_als}/{pad.relative_to(map_).as_posix()}",
                    None,
                    "dit is een koppeling (symlink) naar een map; die wordt niet gevolgd. "
                    "Zet de blokken zelf in content/.",
                )
            )
        for pad in paden:
            bestand = f"{toon_als}/{pad.relative_to(map_).as_posix()}"
            self.blokpaden[bestand] = pad
            try:
                tekst = self._lees(pad).decode("utf-8")
            except ContentError as fout:
                problemen += [Probleem(bestand, None, p.melding) for p in fout.problemen]
                continue
            except UnicodeDecodeError:
                problemen.append(Probleem(bestand, None, "het bestand is geen UTF-8-tekst."))
                continue
            try:
                blokken.append(_lees_blok(tekst, bestand, herkomst))
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

    def lees_afbeelding(self, bestand: str, pad: str) -> bytes:
        """The bytes of an image a block shows, ``pad`` relative to the block's file.

        Only files inside the workspace or the shipped library may be read (no absolute
        paths, no addresses, no way out with ``..`` or a link); ``OngeldigeAfbeelding`` with
        a Dutch reason otherwise, and for a missing or too large file.
        """
        from pathlib import PurePosixPath, PureWindowsPath

        from regiovisie_builder.readers.afbeeldingen import MAX_BYTES, OngeldigeAfbeelding

        buiten = OngeldigeAfbeelding(
            f"de afbeelding '{pad}' staat niet in de werkmap. Zet het bestand in de werkmap "
            "(bijvoorbeeld naast het blok) en schrijf het pad vanaf het blok, zoals "
            "'kaart.svg' of 'afbeeldingen/kaart.png'."
        )
        if (
            not pad
            or PurePosixPath(pad).is_absolute()
            or PureWindowsPath(pad).is_absolute()
            or PureWindowsPath(pad).drive
            or ":" in pad
            or "\0" in pad
        ):
            raise buiten
        blokpad = self.blokpaden.get(bestand)
        if blokpad is None:
            raise OngeldigeAfbeelding(f"de afbeelding '{pad}' kan hier niet worden gelezen.")
        kandidaat = (blokpad.parent / pad).resolve()
        wortels = (self.pad.resolve(), bronnen.CONTENT.resolve(), bronnen.TEMPLATES.resolve())
        if not any(kandidaat.is_relative_to(w) for w in wortels):
            raise buiten
        if not kandidaat.is_file():
            raise OngeldigeAfbeelding(
                f"de afbeelding '{pad}' bestaat niet (gezocht: {self.toon(kandidaat)})."
            )
        if kandidaat.stat().st_size > MAX_BYTES:
            raise OngeldigeAfbeelding(
                f"'{pad}' is groter dan {MAX_BYTES // (1024 * 1024)} MB; verklein de afbeelding."
            )
        return self._lees(kandidaat)

    def zoek_sjabloon(self, naam: str) -> Path | None:
        """A template file: the workspace's ``templates/`` first, then the shipped one."""
        for map_ in (self.pad / "templates", bronnen.TEMPLATES):
            kandidaat = map_ / naam
            # A symlink, dangling or not, is returned too: reading it says what is wrong.
            if kandidaat.is_file() or kandidaat.is_symlink() or kandidaat.exists():
                return kandidaat
        return None

    def lees_opzet(self, soort: str) -> tuple[object, str]:
        """The parsed outline of a document type and its name for messages."""
        controleer_naam(soort, "De documentsoort")
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
            if pad.exists() or pad.is_symlink():
                for regel in self._lees(pad).decode("utf-8-sig").splitlines():
                    woord = regel.split("#", 1)[0].strip()
                    if woord:
                        woorden.add(woord)
        return frozenset(woorden)
