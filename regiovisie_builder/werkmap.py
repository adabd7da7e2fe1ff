"""A region's workspace on disk: the only module (with the commands) that reads input files.

``Werkmap.snapshot()`` reads every input of a build once, in one pass, into an immutable
``Snapshot``: regio.yaml, the shipped and the workspace's blocks, the outlines
(``templates/documenten/*.yaml``), the writer resources (``HULPBRONNEN``) and the word
lists, each with its bytes and a fingerprint (sha256). The readers then parse the snapshot;
no reader and no later stage opens an input file. Images are the one exception: see
``Snapshot.image``.

A workspace is untrusted: a name that becomes part of a path is checked against a strict
pattern (``controleer_naam``), and only regular files within a size cap that really lie
inside the workspace (or the toolkit's own resources) are read: a symlink to a file
elsewhere, a FIFO or ``/dev/zero`` is refused in Dutch. A file that cannot be read is kept
in the snapshot with its error, which is raised when a reader asks for the file: the errors
come in the order, and with the messages, of the stage that needs the file.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from regiovisie_builder import bronnen
from regiovisie_builder.errors import (
    ConfigError,
    ContentError,
    Probleem,
    RegiovisieError,
    toon_naam,
)

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

# The folder below templates/ that holds the document outlines (<soort>.yaml).
OPZETTEN = "documenten"

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
    return _binnen_echt(pad.resolve(), tuple(wortel.resolve() for wortel in wortels))


def _binnen_echt(echt: Path, wortels: tuple[Path, ...]) -> bool:
    return any(echt.is_relative_to(wortel) for wortel in wortels)


def lees_gewoon_bestand(pad: Path, bestand: str, *wortels: Path) -> bytes:
    """The bytes of ``pad`` when it is a regular file within the cap inside ``wortels``.

    A symlink out of the workspace, a folder, a FIFO, a device, a dangling symlink or a
    symlink loop is a ``ContentError`` with a Dutch message; nothing is opened before the
    checks, so a FIFO cannot make the build hang.
    """
    return _lees_gewoon(pad, bestand, tuple(wortel.resolve() for wortel in wortels))


def _lees_gewoon(
    pad: Path, bestand: str, wortels: tuple[Path, ...], map_binnen: bool = False
) -> bytes:
    """``lees_gewoon_bestand`` with the roots already resolved. With ``map_binnen`` the
    folder of ``pad`` is known to lie inside them (its real path was checked and no folder
    symlink is followed below it): then a file that is no symlink needs no resolving."""

    def fout(melding: str) -> ContentError:
        return ContentError(
            "Een bestand in de werkmap kan niet worden gelezen.", [Probleem(bestand, None, melding)]
        )

    try:
        gegevens = pad.lstat() if map_binnen else None
        if gegevens is None or stat.S_ISLNK(gegevens.st_mode):
            map_binnen = False
            gegevens = pad.stat()
    except OSError:
        if pad.is_symlink():
            raise fout(
                "dit is een koppeling (symlink) die nergens heen wijst of naar zichzelf; "
                "vervang hem door het bestand zelf."
            ) from None
        raise fout("het bestand bestaat niet of is niet leesbaar.") from None
    if wortels and not map_binnen and not _binnen_echt(pad.resolve(), wortels):
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
            # As large as the file (a buffer of the cap would cost more than the reading);
            # a file that grew since the check is read on, up to the cap.
            inhoud = invoer.read(gegevens.st_size + 1)
            if len(inhoud) > gegevens.st_size:
                inhoud += invoer.read(MAX_BESTAND + 1 - len(inhoud))
    except OSError:
        raise fout("het bestand is niet leesbaar.") from None
    if len(inhoud) > MAX_BESTAND:
        raise fout(f"het bestand is groter dan {MAX_BESTAND // (1024 * 1024)} MB.")
    return inhoud


def _md_bestanden(map_: Path) -> tuple[list[str], list[str]]:
    """Every ``*.md`` entry below ``map_`` (without following folder symlinks), sorted as
    paths; and every symlink to a folder, which is not followed. Both relative to ``map_``,
    with ``/``."""
    gevonden, koppelingen = [], []
    for wortel, mappen, bestanden in os.walk(map_):
        hier = os.path.relpath(wortel, map_).replace(os.sep, "/")
        voor = "" if hier == "." else f"{hier}/"
        for naam in list(mappen):
            if os.path.islink(os.path.join(wortel, naam)):
                koppelingen.append(voor + naam)
            elif naam.endswith(".md"):
                gevonden.append(voor + naam)  # a folder named x.md: reported when read
        gevonden += [voor + naam for naam in bestanden if naam.endswith(".md")]

    def als_pad(naam: str) -> list[str]:
        return naam.split("/")  # the order of sorted Paths

    return sorted(gevonden, key=als_pad), sorted(koppelingen, key=als_pad)


def _toon(pad: Path) -> str:
    return toon_naam(pad.as_posix())


def _bestaat(pad: Path) -> bool:
    """Whether there is an entry at ``pad``; a symlink, dangling or not, counts: reading it
    says what is wrong."""
    return os.path.lexists(pad)


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


@dataclass(frozen=True)
class InputFile:
    """One input file as the snapshot read it: its bytes and their sha256, or the error that
    reading it gave (raised by ``read``, when a reader asks for the file)."""

    name: str  # as shown in messages
    path: Path
    data: bytes = field(default=b"", repr=False)
    fingerprint: str = ""
    error: RegiovisieError | None = None

    def read(self) -> bytes:
        """The file's bytes; the error of reading it when it could not be read."""
        if self.error is not None:
            raise self.error
        return self.data


@dataclass(frozen=True)
class BlockFolder:
    """A folder of content blocks as read: the ``*.md`` files and the folder symlinks in it
    (which are not followed)."""

    name: str  # as shown in messages: "content" for the shipped blocks
    origin: str  # "standaard" (shipped) or "werkmap"
    files: tuple[InputFile, ...] = ()
    folder_links: tuple[str, ...] = ()  # their names as shown in messages


@dataclass(frozen=True)
class Snapshot:
    """Every input of a build, read once (see the module docstring); immutable.

    ``templates`` maps a name below templates/ (``documenten/regiovisie.yaml``,
    ``huisstijl.docx``) to the file that counts: the workspace's own, else the shipped one.
    """

    root: Path
    regio_yaml: InputFile
    block_folders: tuple[BlockFolder, ...]
    templates: Mapping[str, InputFile]
    word_lists: tuple[InputFile, ...]  # templates/woorden.txt: shipped, then the workspace's
    # The images figures show, read when a figure asks for one (see ``image``): the only
    # part that grows after the snapshot is taken. Keyed by (block file, path as written).
    _images: dict[tuple[str, str], InputFile] = field(
        default_factory=dict, repr=False, compare=False
    )
    _display: Callable[[Path], str] = field(
        default_factory=lambda: _toon, repr=False, compare=False
    )

    @property
    def images(self) -> Mapping[tuple[str, str], InputFile]:
        """The images read so far, keyed by (block file, path as written in the block)."""
        return MappingProxyType(self._images)

    def files(self) -> tuple[InputFile, ...]:
        """Every file the snapshot holds, in the order it was read (images not included)."""
        return (
            self.regio_yaml,
            *(f for folder in self.block_folders for f in folder.files),
            *self.templates.values(),
            *self.word_lists,
        )

    def fingerprints(self) -> dict[str, str] | None:
        """File name -> sha256 of every file the snapshot holds; None when one could not be
        read or a folder symlink was skipped: such a workspace is never "unchanged"."""
        if any(folder.folder_links for folder in self.block_folders):
            return None
        gevonden = {}
        for bestand in self.files():
            if bestand.error is not None:
                return None
            gevonden[str(bestand.path)] = bestand.fingerprint
        return gevonden

    def outline(self, soort: str) -> InputFile | None:
        """The outline file of a document type (``soort`` checked by the caller)."""
        return self.templates.get(f"{OPZETTEN}/{soort}.yaml")

    def hulpbronnen(self) -> dict[str, bytes]:
        """Every writer resource that exists (huisstijl, HTML layout, stylesheet)."""
        return {naam: self.templates[naam].read() for naam in HULPBRONNEN if naam in self.templates}

    def image(self, bestand: str, pad: str) -> bytes:
        """The bytes of an image a block shows, ``pad`` relative to the block's file.

        Read lazily, and then once: which images a build needs is only known once the
        blocks are rendered (Jinja may write the path) and parsed, and reading every image
        of the workspace up front would cost a build for each unused one. What was read is
        kept in ``images`` (the build cache checks those files on the next build).

        Only files inside the workspace or the shipped library may be read (no absolute
        paths, no addresses, no way out with ``..`` or a link); ``OngeldigeAfbeelding`` with
        a Dutch reason otherwise, and for a missing or too large file.
        """
        from pathlib import PurePosixPath, PureWindowsPath

        from regiovisie_builder.readers.afbeeldingen import MAX_BYTES, OngeldigeAfbeelding

        eerder = self._images.get((bestand, pad))
        if eerder is not None:
            return eerder.read()
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
        blokpad = next(
            (f.path for folder in self.block_folders for f in folder.files if f.name == bestand),
            None,
        )
        if blokpad is None:
            raise OngeldigeAfbeelding(f"de afbeelding '{pad}' kan hier niet worden gelezen.")
        kandidaat = (blokpad.parent / pad).resolve()
        wortels = (self.root.resolve(), bronnen.CONTENT.resolve(), bronnen.TEMPLATES.resolve())
        if not any(kandidaat.is_relative_to(w) for w in wortels):
            raise buiten
        if not kandidaat.is_file():
            raise OngeldigeAfbeelding(
                f"de afbeelding '{pad}' bestaat niet (gezocht: {self._display(kandidaat)})."
            )
        if kandidaat.stat().st_size > MAX_BYTES:
            raise OngeldigeAfbeelding(
                f"'{pad}' is groter dan {MAX_BYTES // (1024 * 1024)} MB; verklein de afbeelding."
            )
        gelezen = _lees_invoer(kandidaat, self._display(kandidaat), wortels)
        data = gelezen.read()  # an unreadable image is not kept: it fails the build anyway
        self._images[(bestand, pad)] = gelezen
        return data


def _lees_invoer(
    pad: Path, naam: str, wortels: tuple[Path, ...], map_binnen: bool = False
) -> InputFile:
    """``pad`` read into an ``InputFile`` (with its error when it cannot be read); see
    ``_lees_gewoon`` for ``wortels`` (resolved) and ``map_binnen``."""
    try:
        data = _lees_gewoon(pad, naam, wortels, map_binnen)
    except ContentError as fout:
        return InputFile(naam, pad, error=fout)
    return InputFile(naam, pad, data, hashlib.sha256(data).hexdigest())


@dataclass
class Werkmap:
    """A workspace folder; ``snapshot()`` holds what a build reads from it."""

    pad: Path
    _snapshot: Snapshot | None = field(default=None, init=False, repr=False, compare=False)
    # Folder -> whether its real path lies inside the roots, while a snapshot is taken.
    _mappen: dict[Path, bool] = field(default_factory=dict, init=False, repr=False, compare=False)

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

    def snapshot(self) -> Snapshot:
        """Every input of a build, read in one pass when first asked for (see ``Snapshot``)."""
        if self._snapshot is None:
            try:
                self._snapshot = self._lees_alles()
            finally:
                self._mappen.clear()
        return self._snapshot

    def _wortels(self) -> tuple[Path, ...]:
        """Where inputs may lie (resolved): the workspace and the toolkit's resources."""
        return tuple(p.resolve() for p in (self.pad, bronnen.CONTENT, bronnen.TEMPLATES))

    def _lees(self, pad: Path, wortels: tuple[Path, ...]) -> InputFile:
        # The real path of each folder is looked up once per snapshot (see _lees_gewoon).
        map_binnen = self._mappen.get(pad.parent)
        if map_binnen is None:
            map_binnen = self._mappen[pad.parent] = _binnen_echt(pad.parent.resolve(), wortels)
        return _lees_invoer(pad, self.toon(pad), wortels, map_binnen)

    def _lees_regio_yaml(self, wortels: tuple[Path, ...]) -> InputFile:
        if not self.pad.is_dir():
            fout = ConfigError(f"De werkmap '{self.pad}' bestaat niet.")
            return InputFile(self.toon(self.regio_yaml), self.regio_yaml, error=fout)
        if not _bestaat(self.regio_yaml):
            fout = ConfigError(
                f"In '{self.pad}' staat geen regio.yaml. "
                "Maak een nieuwe werkmap met: regiovisie init MAP"
            )
            return InputFile(self.toon(self.regio_yaml), self.regio_yaml, error=fout)
        return self._lees(self.regio_yaml, wortels)

    def _blokmap(
        self, map_: Path, toon_als: str, herkomst: str, wortels: tuple[Path, ...]
    ) -> BlockFolder:
        if not map_.is_dir():
            return BlockFolder(toon_als, herkomst)
        paden, koppelingen = _md_bestanden(map_)
        # No folder symlink below map_ is followed: a file that is no symlink itself lies
        # where map_ really is.
        map_binnen = _binnen_echt(map_.resolve(), wortels)
        bestanden = tuple(
            _lees_invoer(map_ / pad, f"{toon_als}/{pad}", wortels, map_binnen) for pad in paden
        )
        return BlockFolder(
            toon_als, herkomst, bestanden, tuple(f"{toon_als}/{p}" for p in koppelingen)
        )

    def _sjablonen(self, wortels: tuple[Path, ...]) -> dict[str, InputFile]:
        """The outlines and writer resources, the workspace's own before the shipped ones."""
        mappen = (self.pad / "templates", bronnen.TEMPLATES)
        namen: list[str] = []
        for map_ in mappen:
            try:
                inhoud = sorted(os.listdir(map_ / OPZETTEN))
            except OSError:
                continue  # no such folder (or not a folder): no outlines from here
            namen += [f"{OPZETTEN}/{n}" for n in inhoud if n.endswith(".yaml")]
        gevonden: dict[str, InputFile] = {}
        for naam in [*dict.fromkeys(namen), *HULPBRONNEN]:
            pad = next((m / naam for m in mappen if _bestaat(m / naam)), None)
            if pad is not None:
                gevonden[naam] = self._lees(pad, wortels)
        return gevonden

    def _lees_alles(self) -> Snapshot:
        wortels = self._wortels()
        regio = self._lees_regio_yaml(wortels)
        blokmappen = (
            self._blokmap(bronnen.CONTENT, "content", "standaard", wortels),
            self._blokmap(
                self.pad / "content", self.toon(self.pad / "content"), "werkmap", wortels
            ),
        )
        sjablonen = self._sjablonen(wortels)
        woordenlijsten = tuple(
            self._lees(pad, wortels)
            for pad in (bronnen.TEMPLATES / WOORDENLIJST, self.pad / "templates" / WOORDENLIJST)
            if _bestaat(pad)
        )
        return Snapshot(
            self.pad,
            regio,
            blokmappen,
            MappingProxyType(sjablonen),
            woordenlijsten,
            _display=self.toon,
        )

    def lees_hulpbronnen(self) -> dict[str, bytes]:
        """Every writer resource that exists, from the snapshot (see ``Snapshot.hulpbronnen``)."""
        return self.snapshot().hulpbronnen()
