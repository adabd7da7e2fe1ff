"""A region's workspace on disk: the only module (with the commands) that reads input files.

``Werkmap.snapshot()`` reads every input of a build once, in one pass, into an immutable
``Snapshot``: regio.yaml, the shipped and the workspace's blocks, the outlines
(``templates/documenten/*.yaml``), the writer resources (``RESOURCES``) and the word
lists, each with its bytes and a fingerprint (sha256). The readers then parse the snapshot;
no reader and no later stage opens an input file. Images are the one exception: see
``Snapshot.image``.

A workspace is untrusted: a name that becomes part of a path is checked against a strict
pattern (``check_name``), and only regular files within a size cap that really lie
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

from regiovisie_builder import sources
from regiovisie_builder.errors import (
    BuildError,
    ConfigError,
    ContentError,
    Problem,
    RegiovisieError,
    show_name,
)

# Writer resources: name -> path below templates/ (a workspace's templates/ wins).
WORD_LIST = "woorden.txt"

RESOURCES = (
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
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
MAX_FILE = 20 * 1024 * 1024  # bytes of one input file (a huisstijl.docx with images)


# Names Windows keeps for devices, with any extension: build/nul.docx cannot be opened on
# the shared drive or the laptop of a municipality that receives the workspace.
WINDOWS_DEVICES = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{kind}{n}" for kind in ("com", "lpt") for n in range(10)]
)


def check_name(name: object, what: str, file: str | None = None) -> str:
    """``naam`` when it is safe as part of a file name; ``ConfigError`` otherwise."""
    if isinstance(name, str) and name in WINDOWS_DEVICES:
        message = (
            f"{what} '{name}' kan geen bestandsnaam worden: Windows gebruikt die naam voor een "
            "apparaat, dus het bestand is daar niet te openen. Kies een andere naam."
        )
        raise ConfigError(message, [Problem(file, None, message)] if file else [])
    if isinstance(name, str) and NAME_PATTERN.match(name):
        return name
    message = (
        f"{what} '{name}' kan geen bestandsnaam worden. Gebruik alleen kleine letters, "
        "cijfers, streepjes en liggende streepjes (hoogstens 64), bijvoorbeeld 'opinienota'."
    )
    raise ConfigError(message, [Problem(file, None, message)] if file else [])


def inside(path: Path, *roots: Path) -> bool:
    """Whether ``pad``, symlinks resolved, lies inside one of ``roots``."""
    return _inside_real(path.resolve(), tuple(root.resolve() for root in roots))


def _inside_real(real: Path, roots: tuple[Path, ...]) -> bool:
    return any(real.is_relative_to(root) for root in roots)


def read_plain_file(path: Path, file: str, *roots: Path, limit: int = MAX_FILE) -> bytes:
    """The bytes of ``pad`` when it is a regular file within the cap (``limit`` bytes)
    inside ``roots``.

    A symlink out of the workspace, a folder, a FIFO, a device, a dangling symlink or a
    symlink loop is a ``ContentError`` with a Dutch message; nothing is opened before the
    checks, so a FIFO cannot make the build hang.
    """
    return _read_plain(path, file, tuple(root.resolve() for root in roots), limit=limit)


def _read_plain(
    path: Path,
    file: str,
    roots: tuple[Path, ...],
    folder_inside: bool = False,
    limit: int = MAX_FILE,
) -> bytes:
    """``read_plain_file`` with the roots already resolved. With ``folder_inside`` the
    folder of ``pad`` is known to lie inside them (its real path was checked and no folder
    symlink is followed below it): then a file that is no symlink needs no resolving."""

    def error(message: str) -> ContentError:
        return ContentError(
            "Een bestand in de werkmap kan niet worden gelezen.", [Problem(file, None, message)]
        )

    try:
        data = path.lstat() if folder_inside else None
        if data is None or stat.S_ISLNK(data.st_mode):
            folder_inside = False
            data = path.stat()
    except OSError:
        if path.is_symlink():
            raise error(
                "dit is een koppeling (symlink) die nergens heen wijst of naar zichzelf; "
                "vervang hem door het bestand zelf."
            ) from None
        raise error("het bestand bestaat niet of is niet leesbaar.") from None
    if roots and not folder_inside and not _inside_real(path.resolve(), roots):
        raise error(
            "dit is een koppeling (symlink) naar een bestand buiten de werkmap; dat wordt "
            "niet gelezen. Zet een kopie van het bestand in de werkmap."
        )
    if stat.S_ISDIR(data.st_mode):
        raise error("dit is een map, geen bestand; geef de map een naam zonder deze extensie.")
    if not stat.S_ISREG(data.st_mode):
        raise error("dit is geen gewoon bestand (maar bijvoorbeeld een pijp of apparaat).")
    if data.st_size > limit:
        raise error(f"het bestand is groter dan {limit // (1024 * 1024)} MB.")
    try:
        with open(path, "rb") as inputs:
            # As large as the file (a buffer of the cap would cost more than the reading);
            # a file that grew since the check is read on, up to the cap.
            content = inputs.read(data.st_size + 1)
            if len(content) > data.st_size:
                content += inputs.read(limit + 1 - len(content))
    except OSError:
        raise error("het bestand is niet leesbaar.") from None
    if len(content) > limit:
        raise error(f"het bestand is groter dan {limit // (1024 * 1024)} MB.")
    return content


def _md_files(folder: Path) -> tuple[list[str], list[str]]:
    """Every ``*.md`` entry below ``folder`` (without following folder symlinks), sorted as
    paths; and every symlink to a folder, which is not followed. Both relative to ``folder``,
    with ``/``."""
    from regiovisie_builder import folders

    found, links = [], []
    # Not os.walk: it recurses (in Python 3.11), and a workspace may nest folders deeper
    # than the recursion limit (see ``folders``).
    for name, entry in folders.entries(folder):
        try:
            link_to_folder = entry.is_symlink() and entry.is_dir()
        except OSError:
            link_to_folder = False
        if link_to_folder:
            links.append(name)
        elif name.endswith(".md"):
            found.append(name)  # a folder, pipe, ... named x.md: reported when read

    def as_path(name: str) -> list[str]:
        return name.split("/")  # the order of sorted Paths

    return sorted(found, key=as_path), sorted(links, key=as_path)


def _show(path: Path) -> str:
    return show_name(path.as_posix())


def _exists(path: Path) -> bool:
    """Whether there is an entry at ``pad``; a symlink, dangling or not, counts: reading it
    says what is wrong."""
    return os.path.lexists(path)


def yaml_scalar(value: str) -> str:
    """``value`` as a YAML scalar on one line, quoted when the text needs it (a name such as
    "'s-Hertogenbosch" or one with ': ' or ' #' would otherwise break regio.yaml)."""
    import json

    import yaml  # only when a workspace is made: a build does not need the emitter

    text = yaml.safe_dump(value, allow_unicode=True, width=10_000).strip().removesuffix("\n...")
    # A line break inside: YAML's double-quoted form with escapes (JSON's) stays on one line.
    return json.dumps(value, ensure_ascii=False) if "\n" in text else text


def werkmap_files(
    folder: Path, name: str, title: Callable[[str], str] | None = None
) -> dict[Path, bytes]:
    """The files that make ``folder`` a workspace: the workspace template (files that exist
    are kept) and a new regio.yaml with ``name`` as the region's name and ``title`` (when
    given) applied to its text. For ``storage.write_files`` with ``folder`` as ``inside``:
    ``folder`` may be a workspace that came from elsewhere (``import`` into it), whose
    symlinks (``content`` to a folder elsewhere, a dangling ``regio.yaml``) must make the
    write refuse, not land outside it."""
    preview = sources.TEMPLATES / "werkmap"
    files: dict[Path, bytes] = {}
    for source in sorted(preview.rglob("*")):
        target = folder / source.relative_to(preview)
        if source.is_file() and (source.name == "regio.yaml" or not target.exists()):
            files[target] = source.read_bytes()
    regio_yaml = folder / "regio.yaml"
    text = files[regio_yaml].decode("utf-8").replace("Mijn regio", yaml_scalar(name))
    files[regio_yaml] = (title(text) if title else text).encode("utf-8")
    return files


def write_into(folder: Path, files: Mapping[Path, bytes]) -> None:
    """Write ``files`` into workspace ``folder``, all or none, for ``init`` and ``import``:
    a path that leaves it (by a symlink) is refused before anything is written; a
    ``ConfigError`` (not a failed build) when something cannot be written."""
    from regiovisie_builder.storage import write_files

    try:
        write_files(files, folder)
    except BuildError as error:
        raise ConfigError(error.message, error.problems) from None


def maak_werkmap(folder: Path, name: str) -> Path:
    """Write the workspace template into ``folder`` (see ``werkmap_files``); its regio.yaml."""
    write_into(folder, werkmap_files(folder, name))
    return folder / "regio.yaml"


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


def _check_icon(content: bytes, file: str) -> None:
    """Refuse a site icon that holds code or fetches from elsewhere, as a figure would be.

    The site serves the icon as ``_static/favicon.svg``; opened in a browser tab it is a
    document on the site's address, where a script in it would run."""
    from regiovisie_builder.readers.images import InvalidImage, clean_svg

    try:
        clean_svg(content, Path(file).name)
    except InvalidImage as error:
        raise ContentError(
            "Het pictogram van de website kan niet worden gebruikt. Er is niets gebouwd.",
            [Problem(file, None, error.args[0])],
        ) from None


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
        default_factory=lambda: _show, repr=False, compare=False
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
        found = {}
        for file in self.files():
            if file.error is not None:
                return None
            found[str(file.path)] = file.fingerprint
        return found

    def outline(self, soort: str) -> InputFile | None:
        """The outline file of a document type (``soort`` checked by the caller)."""
        return self.templates.get(f"{OPZETTEN}/{soort}.yaml")

    def resources(self) -> dict[str, bytes]:
        """Every writer resource that exists (huisstijl, HTML layout, stylesheet). The
        workspace's own are checked here, before a writer uses them: a house style that looks
        like a zip bomb, holds code or makes Word fetch from elsewhere (``readers.ooxml``), a
        stylesheet that fetches from elsewhere (``readers.css``), a site icon with code."""
        out = {name: self.templates[name].read() for name in RESOURCES if name in self.templates}
        # Only the workspace's own: the shipped resources are part of this package (and
        # checking them would cost every build the SVG parser).
        own = {
            name: self.templates[name].name
            for name in out
            if not self.templates[name].path.is_relative_to(sources.TEMPLATES)
        }
        if any(name.endswith(".css") for name in own):
            from regiovisie_builder.readers.css import check_stylesheet

            for name, file in own.items():
                if name.endswith(".css"):  # the web pages' stylesheets: nothing from elsewhere
                    check_stylesheet(out[name], file)
        if "site/favicon.svg" in own:  # served as a file of the site: opened, it is a page
            _check_icon(out["site/favicon.svg"], own["site/favicon.svg"])
        if "huisstijl.docx" in own:
            from regiovisie_builder.readers.ooxml import check_house_style

            check_house_style(out["huisstijl.docx"], own["huisstijl.docx"])
        return out

    def image(self, file: str, path: str) -> bytes:
        """The bytes of an image a block shows, ``pad`` relative to the block's file.

        Read lazily, and then once: which images a build needs is only known once the
        blocks are rendered (Jinja may write the path) and parsed, and reading every image
        of the workspace up front would cost a build for each unused one. What was read is
        kept in ``images`` (the build cache checks those files on the next build).

        Only files inside the workspace or the shipped library may be read (no absolute
        paths, no addresses, no way out with ``..`` or a link); ``InvalidImage`` with
        a Dutch reason otherwise, and for a missing or too large file.
        """
        from pathlib import PurePosixPath, PureWindowsPath

        from regiovisie_builder.readers.images import MAX_BYTES, InvalidImage

        earlier = self._images.get((file, path))
        if earlier is not None:
            return earlier.read()
        outside = InvalidImage(
            f"de afbeelding '{path}' staat niet in de werkmap. Zet het bestand in de werkmap "
            "(bijvoorbeeld naast het blok) en schrijf het pad vanaf het blok, zoals "
            "'kaart.svg' of 'afbeeldingen/kaart.png'."
        )
        if (
            not path
            or PurePosixPath(path).is_absolute()
            or PureWindowsPath(path).is_absolute()
            or PureWindowsPath(path).drive
            or ":" in path
            or "\0" in path
        ):
            raise outside
        blok_path = next(
            (f.path for folder in self.block_folders for f in folder.files if f.name == file),
            None,
        )
        if blok_path is None:
            raise InvalidImage(f"de afbeelding '{path}' kan hier niet worden gelezen.")
        candidate = (blok_path.parent / path).resolve()
        roots = (self.root.resolve(), sources.CONTENT.resolve(), sources.TEMPLATES.resolve())
        if not any(candidate.is_relative_to(w) for w in roots):
            raise outside
        if not candidate.is_file():
            raise InvalidImage(
                f"de afbeelding '{path}' bestaat niet (gezocht: {self._display(candidate)})."
            )
        if candidate.stat().st_size > MAX_BYTES:
            raise InvalidImage(
                f"'{path}' is groter dan {MAX_BYTES // (1024 * 1024)} MB; verklein de afbeelding."
            )
        already_read = _read_input(candidate, self._display(candidate), roots)
        data = already_read.read()  # an unreadable image is not kept: it fails the build anyway
        self._images[(file, path)] = already_read
        return data


def _read_input(
    path: Path, name: str, roots: tuple[Path, ...], folder_inside: bool = False
) -> InputFile:
    """``pad`` read into an ``InputFile`` (with its error when it cannot be read); see
    ``_read_plain`` for ``roots`` (resolved) and ``folder_inside``."""
    try:
        data = _read_plain(path, name, roots, folder_inside)
    except ContentError as error:
        return InputFile(name, path, error=error)
    return InputFile(name, path, data, hashlib.sha256(data).hexdigest())


@dataclass
class Werkmap:
    """A workspace folder; ``snapshot()`` holds what a build reads from it."""

    path: Path
    _snapshot: Snapshot | None = field(default=None, init=False, repr=False, compare=False)
    # Folder -> whether its real path lies inside the roots, while a snapshot is taken.
    _folders: dict[Path, bool] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def regio_yaml(self) -> Path:
        return self.path / "regio.yaml"

    @property
    def build(self) -> Path:
        return self.path / "build"

    def show(self, path: Path) -> str:
        """A path as shown in messages: relative to the workspace's parent when possible."""
        try:
            return show_name(path.relative_to(self.path.parent).as_posix())
        except ValueError:
            return show_name(path.as_posix())

    def snapshot(self) -> Snapshot:
        """Every input of a build, read in one pass when first asked for (see ``Snapshot``)."""
        if self._snapshot is None:
            try:
                self._snapshot = self._read_everything()
            finally:
                self._folders.clear()
        return self._snapshot

    def _roots(self) -> tuple[Path, ...]:
        """Where inputs may lie (resolved): the workspace and the toolkit's resources."""
        return tuple(p.resolve() for p in (self.path, sources.CONTENT, sources.TEMPLATES))

    def _read(self, path: Path, roots: tuple[Path, ...]) -> InputFile:
        # The real path of each folder is looked up once per snapshot (see _lees_gewoon).
        folder_inside = self._folders.get(path.parent)
        if folder_inside is None:
            folder_inside = self._folders[path.parent] = _inside_real(path.parent.resolve(), roots)
        return _read_input(path, self.show(path), roots, folder_inside)

    def _read_regio_yaml(self, roots: tuple[Path, ...]) -> InputFile:
        if not self.path.is_dir():
            error = ConfigError(f"De werkmap '{self.path}' bestaat niet.")
            return InputFile(self.show(self.regio_yaml), self.regio_yaml, error=error)
        if not _exists(self.regio_yaml):
            error = ConfigError(
                f"In '{self.path}' staat geen regio.yaml. "
                "Maak een nieuwe werkmap met: regiovisie init MAP"
            )
            return InputFile(self.show(self.regio_yaml), self.regio_yaml, error=error)
        return self._read(self.regio_yaml, roots)

    def _blok_folder(
        self, folder: Path, show_as: str, origin: str, roots: tuple[Path, ...]
    ) -> BlockFolder:
        if not folder.is_dir():
            return BlockFolder(show_as, origin)
        paths, links = _md_files(folder)
        # No folder symlink below map_ is followed: a file that is no symlink itself lies
        # where map_ really is.
        folder_inside = _inside_real(folder.resolve(), roots)
        files = tuple(
            _read_input(folder / path, f"{show_as}/{path}", roots, folder_inside) for path in paths
        )
        return BlockFolder(show_as, origin, files, tuple(f"{show_as}/{p}" for p in links))

    def _templates(self, roots: tuple[Path, ...]) -> dict[str, InputFile]:
        """The outlines and writer resources, the workspace's own before the shipped ones."""
        folders = (self.path / "templates", sources.TEMPLATES)
        names: list[str] = []
        for folder in folders:
            try:
                content = sorted(os.listdir(folder / OPZETTEN))
            except OSError:
                continue  # no such folder (or not a folder): no outlines from here
            names += [f"{OPZETTEN}/{n}" for n in content if n.endswith(".yaml")]
        found: dict[str, InputFile] = {}
        for name in [*dict.fromkeys(names), *RESOURCES]:
            path = next((m / name for m in folders if _exists(m / name)), None)
            if path is not None:
                found[name] = self._read(path, roots)
        return found

    def _read_everything(self) -> Snapshot:
        roots = self._roots()
        regio = self._read_regio_yaml(roots)
        blok_folders = (
            self._blok_folder(sources.CONTENT, "content", "standaard", roots),
            self._blok_folder(
                self.path / "content", self.show(self.path / "content"), "werkmap", roots
            ),
        )
        templates = self._templates(roots)
        word_lists = tuple(
            self._read(path, roots)
            for path in (sources.TEMPLATES / WORD_LIST, self.path / "templates" / WORD_LIST)
            if _exists(path)
        )
        return Snapshot(
            self.path,
            regio,
            blok_folders,
            MappingProxyType(templates),
            word_lists,
            _display=self.show,
        )

    def read_resources(self) -> dict[str, bytes]:
        """Every writer resource that exists, from the snapshot (see ``Snapshot.resources``)."""
        return self.snapshot().resources()
