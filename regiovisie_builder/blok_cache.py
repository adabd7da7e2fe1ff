"""Per-block cache: a changed block is read, rendered and parsed again, the others are not.

These kinds of entries, all kept in ``build/.cache/blokken.pickle``:

- the front matter of a block file (a ``Blok``), keyed by the file's text, its name and
  where it comes from (shipped or the workspace's own);
- a rendered and parsed block (the Markdown after Jinja and its model blocks), keyed by
  the block (text, file, first line, id, title and the other front matter Jinja can see),
  the heading level it is placed at, and, only for a block with Jinja in it, the region
  data and extra template variables it is rendered with (a hash of regio.yaml's parsed
  values: honest and simple, a block without Jinja does not depend on them at all);
- the Word XML of a group of blocks (see ``writers.docx.blokxml``), which the Word helper
  process gets with the documents (``part``) and reports back on (``report``), and the
  compressed pieces of the Word file's document.xml, keyed by their bytes (the same);
- drawings: a chart's checked SVG, keyed by its data (``readers.images``), and the PNG
  stand-in of an SVG figure in Word, keyed by the SVG (``writers.docx.images``). Each key
  also holds where the drawing library is installed and when it was changed (matplotlib,
  cairosvg). Drawing one chart costs about a second in a new process (loading matplotlib
  and Cairo, then drawing); a build after one changed block then loads neither.
- parsed YAML (regio.yaml, an outline, a block's front matter), keyed by the text: a block
  whose text changed below an unchanged front matter, or any rebuild, parses no YAML;
- compiled templates (the HTML layout, the site's theme; see ``sandbox.StoredTemplates``),
  keyed by the template's text, file and the environment that compiled it in the sandbox.

Other state can be saved with the cache (``extra``): the site writer keeps Sphinx's
environment beside it (see ``sitecache``).

Every key also holds the code version: a hash of the size and modification time of each
module of this package and of the paths and modification times of the libraries that
render and parse (Jinja, markdown-it, its plugins, PyYAML). Numbering, cross-references
and the checklist always run on the whole document: they are linear passes and cheap, and
they are where one block affects another.

A cache file that cannot be read (damaged, from another version, or not ours) is ignored:
the build is then a full build. Rewriting the whole file after one changed block would cost
as much as the rest of saving a build (13 MB at 20x the example's size): a build whose new
entries are at most a quarter of the main file, while at least half of that is still in use,
writes only those entries and the age of every entry to a small file beside it
(``blokken-erbij.pickle``), bound to the main file by the main file's signature; otherwise it
writes the main file again and removes the small one. A small file of another main file
(or not ours) is ignored. A workspace travels between municipalities with whatever
its ``build/`` holds, so both files are signed (HMAC-SHA256) with a key that only this user on
this machine has (``~/.cache/regiovisie-builder/blokcache.sleutel``, mode 0600): a cache
made elsewhere, or edited, is never used, so it can neither put text in a document that
its blocks do not hold nor reach the unpickler. Unpickling, besides, only accepts the
classes of the document model. A compiled template is code that runs when it is loaded, so
for those entries the signature is the whole of the protection, as it is for Sphinx's
pickled state beside the cache (``sitecache``): only this user's own builds can have
written them. The file is written with the
project's atomic write helper (without fsync: losing it only costs a full build). A
long-running process (the preview) keeps the cache in memory between builds.
Commands that read a workspace without building it (``check``, ``taal``, ``publish``) use
the cache of the last build read only (``reading``): they never write it.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import hmac
import io
import os
import pickle
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar, cast

CACHE_FOLDER = ".cache"
FILE = "blokken.pickle"
# Beside it: the entries a build made since the main file was written, and the ages of all.
DELTA = "blokken-erbij.pickle"
FORMAT = 2
# An entry not used by this many builds in a row is dropped.
MAX_AGE = 3
# The kind of entry that holds a group's Word XML (see ``writers.docx.blokxml``).
WORD = "word"
# The kind of entry that holds a compressed piece of document.xml (``Blokxml.deflate``).
DEFLATE = "deflate"
# The kind of entry that holds a compiled template (see ``sandbox.StoredTemplates``).
JINJA = "jinja"
# The kind of entry that holds a parsed YAML text (see ``readers.yaml_source.load_yaml``).
YAML = "yaml"
# The kinds of entry that hold drawings: a chart's SVG and an SVG's PNG stand-in.
CHART, PNG = "grafiek", "png"

_PACKAGE = Path(__file__).resolve().parent
T = TypeVar("T")
_LIBRARIES = ("jinja2", "markdown_it", "mdit_py_plugins", "yaml", "markupsafe")


def library(name: str) -> str:
    """Where a library is installed and when it was changed, without importing it."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return f"{name}:?"
    if spec is None or spec.origin is None:
        return f"{name}:-"
    path = Path(spec.origin)
    try:
        return f"{name}:{path}:{path.stat().st_mtime_ns}"
    except OSError:
        return f"{name}:{path}"


_code_version: str | None = None


def code_version() -> str:
    """A hash of everything that decides how a block is read: our code and the libraries."""
    global _code_version
    if _code_version is None:
        from regiovisie_builder import __version__

        total = hashlib.sha256(f"{FORMAT}\0{__version__}\0{sys.version}\0".encode())
        for name in _LIBRARIES:
            total.update(library(name).encode() + b"\0")
        # Size and modification time of every module, as Python's own bytecode cache does:
        # reading them all would cost a full build more than the rest of this cache.
        for path in sorted(_PACKAGE.rglob("*.py")):
            if "__pycache__" not in path.parts:
                info = path.stat()
                total.update(
                    f"{path.relative_to(_PACKAGE)}:{info.st_size}:{info.st_mtime_ns}\0".encode()
                )
        _code_version = total.hexdigest()
    return _code_version


# What a cache file may contain: the model, the two reader classes and plain values.
_ALLOWED = {
    "regiovisie_builder.model": None,  # any class of the document model
    "regiovisie_builder.readers.markdown": {"Outcome"},
    "regiovisie_builder.readers.blokken": {"Blok"},
    "regiovisie_builder.readers.yaml_source": {"YamlDocument"},
    "regiovisie_builder.errors": {"Problem"},
    "datetime": {"date", "datetime", "time", "timedelta", "timezone"},
    "builtins": {"frozenset", "set", "tuple", "list", "dict", "str", "int", "float", "bool"},
}


class _Reader(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        allowed = _ALLOWED.get(module, set())
        if module not in _ALLOWED or (allowed is not None and name not in allowed):
            raise pickle.UnpicklingError(f"{module}.{name} hoort niet in de blokcache")
        cls = super().find_class(module, name)
        if not isinstance(cls, type):
            raise pickle.UnpicklingError(f"{module}.{name} is geen klasse")
        return cls


# Bytes of one cache file read back (the block cache, a file of Sphinx's state).
MAX_CACHE = 256 * 1024 * 1024


def open_plain(path: Path) -> io.BufferedReader | None:
    """``path`` opened for reading when it is a regular file and no symlink; None otherwise.

    build/ travels with a workspace, so a file the toolkit wrote there (a cache) may since
    have become anything: a FIFO (opening it would wait for a writer forever) or a symlink
    to ``/dev/zero`` (reading it would never end). The file is opened without following a
    symlink and without waiting, then its kind is checked on what was opened.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
    try:
        handle = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except (OSError, ValueError):  # ValueError: a NUL in the name
        return None
    try:
        if stat.S_ISREG(os.fstat(handle).st_mode):
            return os.fdopen(handle, "rb")
    except OSError:
        pass
    os.close(handle)
    return None


def read_cache_file(path: Path, limit: int = MAX_CACHE) -> bytes | None:
    """The bytes of a cache file, or another file the toolkit wrote into build/ (see
    ``open_plain``); None when it is no regular file or larger than ``limit``: a cache that
    cannot be used only means a full build."""
    opened = open_plain(path)
    if opened is None:
        return None
    with opened:
        try:
            data = opened.read(limit + 1)
        except OSError:
            return None
    return data if len(data) <= limit else None


def own_folders(*folders: Path) -> bool:
    """Whether each of ``folders`` is a folder of its own or does not exist yet: no symlink
    (to a folder elsewhere in the workspace), no file.

    build/ travels with a workspace. Saving a cache removes the files of its folder that it
    no longer needs (Sphinx's state): through a link such as ``build/.cache/site ->
    ../../content`` that would delete the workspace's blocks, and the cache files would land
    among them. The caches are then not saved: every build is a full one.
    """
    for folder in folders:
        try:
            info = os.lstat(folder)
        except FileNotFoundError:
            continue
        except OSError:
            return False
        if not stat.S_ISDIR(info.st_mode):
            return False
    return True


_KEY: bytes | None = None


def _key() -> bytes:
    """This user's key for signing block caches: made once, readable by the user only.

    When no key can be stored (no writable home), a key for this process only is used:
    the cache then never outlives the process, which is safe and merely slower.
    """
    global _KEY
    if _KEY is not None:
        return _KEY
    basis = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    path = basis / "regiovisie-builder" / "blokcache.sleutel"
    with contextlib.suppress(OSError):
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not _own_private_folder(path.parent):
        # Another user could read or replace a key stored here (XDG_CACHE_HOME on a shared
        # folder), and sign a cache that runs code here: a key for this process only.
        _KEY = os.urandom(32)
        return _KEY
    key = _read_private_key(path)
    if len(key) != 32:
        key = os.urandom(32)
        try:
            new = path.with_name(f".{path.name}.{os.getpid()}")
            handle = os.open(new, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(handle, "wb") as out:
                out.write(key)
            os.replace(new, path)
        except OSError:
            pass
    _KEY = key
    return key


def _own_private_folder(folder: Path) -> bool:
    """Whether ``folder`` is this user's own folder (no symlink) that only this user can
    write to; one that only the group or others may also write to is made private first."""
    try:
        info = os.lstat(folder)
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
            return False
        if info.st_mode & 0o022:
            os.chmod(folder, stat.S_IMODE(info.st_mode) & 0o700)
    except OSError:
        return False
    return True


def _read_private_key(path: Path) -> bytes:
    """The key stored in ``path`` when it is this user's regular file that nobody else can
    read (a key others could read signs nothing of ours); otherwise empty (a new key)."""
    opened = open_plain(path)
    if opened is None:
        return b""
    with opened:
        try:
            info = os.fstat(opened.fileno())
            if info.st_uid != os.getuid() or info.st_mode & 0o077:
                return b""
            return opened.read(33)
        except OSError:
            return b""


def sign(data: bytes) -> bytes:
    """``data`` signed with this user's key (see ``signed``)."""
    return hmac.new(_key(), data, hashlib.sha256).digest() + data


_sign = sign


def signed(data: bytes) -> bytes | None:
    """The signed content, or None when the signature is not this user's."""
    # Over a view: a slice would copy the whole file once more before it is checked.
    expected = hmac.digest(_key(), memoryview(data)[32:], "sha256")
    return data[32:] if hmac.compare_digest(data[:32], expected) else None


_signed = signed


def _hash(*parts: object) -> str:
    total = hashlib.sha256()
    for part in parts:
        total.update(str(part).encode("utf-8", "surrogatepass") + b"\0")
    return total.hexdigest()


def _load(data: bytes):
    return _Reader(io.BytesIO(data)).load()


def _dumps(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _open_signed(path: Path) -> tuple[bytes, dict] | None:
    """The signature and content of a cache file of this user, this format and this code
    version; None for anything else (see the module's docstring)."""
    stored = read_cache_file(path)
    if stored is None:
        return None
    data = _signed(stored)
    if data is None:  # made elsewhere or changed: never trusted
        return None
    try:
        content = _load(data)
    except Exception:  # noqa: BLE001 - a damaged cache only means a full build
        return None
    if (
        not isinstance(content, dict)
        or content.get("fmt") != FORMAT
        or content.get("code") != code_version()
    ):
        return None
    return stored[:32], content


def _entries(items: object) -> dict[str, tuple[int, bytes]] | None:
    """The entries of a cache file's content: key -> (age, pickled value)."""
    if not isinstance(items, dict):
        return None
    return {
        k: (v[0], v[1])
        for k, v in items.items()
        if isinstance(k, str)
        and isinstance(v, tuple | list)
        and len(v) == 2
        and isinstance(v[0], int)
        and isinstance(v[1], bytes)
    }


class BlokCache:
    """The entries of one build folder: loaded once, looked up per block, saved once.

    Each entry is pickled on its own: loading the file reads bytes only, an entry is
    unpickled when a block asks for it, and saving pickles only the new entries.
    """

    def __init__(
        self,
        path: Path | None,
        old: dict | None = None,
        base: tuple[bytes, frozenset[str], int] | None = None,
    ):
        self.path = path
        # The main file as this cache last read or wrote it: its signature, its keys and
        # the bytes of its entries (see ``keep``).
        self.base = base
        self.code = code_version()
        # key -> [age in the file, used by the current build, value or None, pickled value]
        self.items: dict[str, list] = {
            k: [a, False, None, data] for k, (a, data) in (old or {}).items()
        }
        self.made: set[str] = set()  # keys of the entries made by the current build
        self.hits = 0
        # Other state saved with the cache, in folders beside it (the site writer's Sphinx
        # state): name -> object whose ``files()`` gives (files to write, files to remove).
        self.extra: dict[str, object] = {}

    @classmethod
    def load(cls, build: Path | None) -> BlokCache:
        """The cache of ``build`` (empty when there is none or it cannot be used): the
        main file, with the newer entries and ages of the file beside it (``DELTA``) when
        that one was written on top of this main file."""
        if build is None:
            return cls(None)
        path = build / CACHE_FOLDER / FILE
        opened = _open_signed(path)
        if opened is None:
            return cls(path)
        signature, content = opened
        old = _entries(content.get("items"))
        if old is None:
            return cls(path)
        cache = cls(path, old)
        cache.base = (signature, frozenset(old), sum(len(blob) for _, blob in old.values()))
        opened = _open_signed(path.with_name(DELTA))
        if opened is None or opened[1].get("base") != signature:
            return cache  # no delta, or one written on top of another main file
        newer, ages = _entries(opened[1].get("items")), opened[1].get("ages")
        if newer is None or not isinstance(ages, dict):
            return cache
        merged = {}
        for key, age in ages.items():
            found = newer.get(key) or old.get(key)
            if found is not None and isinstance(age, int):
                merged[key] = (age, found[1])
        return cls(path, merged, cache.base)

    def begin(self) -> None:
        """Start counting the use of a new build (a cache kept in memory is reused)."""
        for item in self.items.values():
            item[1] = False
        self.made = set()
        self.hits = 0
        self.extra = {}

    def fetch(self, soort: str, parts: tuple, make: Callable[[], object]):
        """The value stored for ``parts``, or ``make()`` (stored for the next build)."""
        key = soort + ":" + _hash(self.code, *parts)
        found = self.items.get(key)
        if found is not None and found[2] is None:
            try:
                found[2] = _load(found[3])
            except Exception:  # noqa: BLE001 - a damaged entry is made again
                found = None
        if found is not None:
            found[1] = True
            self.hits += 1
            return found[2]
        value = make()
        self.items[key] = [0, True, value, None]
        self.made.add(key)
        return value

    def fetch_own(self, soort: str, parts: tuple, make: Callable[[], T]) -> T:
        """As ``fetch``, but every call gets an object of its own (unpickled from the stored
        bytes), for values a caller may change, such as parsed YAML's dicts and lists. The
        cache keeps only the bytes, so what a caller does to its object stays its own."""
        key = soort + ":" + _hash(self.code, *parts)
        found = self.items.get(key)
        if found is not None and found[3] is not None:
            try:
                value = _load(found[3])
            except Exception:  # noqa: BLE001 - a damaged entry is made again
                pass
            else:
                found[1] = True
                self.hits += 1
                return cast(T, value)
        value = make()
        self.items[key] = [0, True, None, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)]
        self.made.add(key)
        return value

    def find(self, soort: str, key: str):
        """The value stored under a key the caller made itself (a hash), or None."""
        found = self.items.get(soort + ":" + key)
        if found is None:
            return None
        if found[2] is None:
            try:
                found[2] = _load(found[3])
            except Exception:  # noqa: BLE001 - a damaged entry is made again
                return None
        found[1] = True
        self.hits += 1
        return found[2]

    def set(self, soort: str, key: str, value: object) -> None:
        """Store ``value`` under a key the caller made (see ``find``) for the next build."""
        self.items[soort + ":" + key] = [0, True, value, None]
        self.made.add(soort + ":" + key)

    def part(self, *soorten: str) -> dict[str, bytes]:
        """The stored entries of these kinds, pickled, for a helper process (see
        ``neem_over``)."""
        begin = tuple(soort + ":" for soort in soorten)
        out = {}
        for key, item in self.items.items():
            if key.startswith(begin):
                if item[3] is None:
                    item[3] = pickle.dumps(item[2], protocol=pickle.HIGHEST_PROTOCOL)
                out[key] = item[3]
        return out

    @classmethod
    def of_part(cls, part: dict[str, bytes]) -> BlokCache:
        """A cache in a helper process holding the entries ``part`` gave it (not saved)."""
        return cls(None, {k: (0, v) for k, v in part.items()})

    def report(self) -> tuple[list[str], dict[str, bytes]]:
        """What a helper's build used of the entries it got and what it made, for the
        main process (see ``neem_over``)."""
        used = [k for k, i in self.items.items() if i[1] and k not in self.made]
        # In the order they were made (not the set's): the main process saves them so.
        new = {
            k: i[3] if i[3] is not None else pickle.dumps(i[2], protocol=pickle.HIGHEST_PROTOCOL)
            for k, i in self.items.items()
            if k in self.made
        }
        return used, new

    def neem_over(self, report: object) -> None:
        """Take a helper's ``report`` in: its entries count as used and made by this build."""
        if not isinstance(report, tuple) or len(report) != 2:
            return
        used, new = report
        for key in used:
            if key in self.items:
                self.items[key][1] = True
        for key, blob in new.items():
            self.items[key] = [0, True, None, blob]
            self.made.add(key)

    def _next(self) -> dict[str, tuple[int, bytes]]:
        """The entries as the next build should find them: used ones young, others older."""
        following = {}
        for key, item in self.items.items():
            age = 0 if item[1] else item[0] + 1
            if age < MAX_AGE:
                if item[3] is None:
                    item[3] = pickle.dumps(item[2], protocol=pickle.HIGHEST_PROTOCOL)
                following[key] = (age, item[3])
        return following

    def keep(self, write: Callable[[dict[Path, bytes]], None]) -> None:
        """Write the cache when the entries (or their ages) differ from the file's.

        ``write`` is the storage layer's writer (``storage``): this module sits with the
        readers, below it."""
        if self.path is None:
            return
        if not own_folders(self.path.parent, self.path.parent.parent):
            self.extra = {}  # written through the link, it would land in another folder
            return
        extra, self.extra = self.extra, {}
        for part in extra.values():
            to_write, away = part.files()  # type: ignore[attr-defined]
            try:
                if to_write:
                    write(to_write)
                for path in away:
                    path.unlink(missing_ok=True)
            except Exception:  # noqa: BLE001 - state that cannot be saved is no error
                pass
        if not self.made and all(i[1] and not i[0] for i in self.items.values()):
            return
        following = self._next()
        try:
            if self._only_delta(following):
                self._write_delta(following, write)
            else:
                self._write_main(following, write)
        except Exception:  # noqa: BLE001 - a cache that cannot be written is no error
            _MEMORY.pop(self.path, None)
            return
        self.items = {k: [a, False, self.items[k][2], blob] for k, (a, blob) in following.items()}
        _MEMORY[self.path] = (_kenmerk(self.path), self)

    def _only_delta(self, following: dict[str, tuple[int, bytes]]) -> bool:
        """Whether the new entries go in the small file beside the main one: they are at
        most a quarter of the main file, and at least half of it is still in use."""
        if self.base is None:
            return False
        _, keys, size = self.base
        new = live = 0
        for key, (_, blob) in following.items():
            if key in keys:
                live += len(blob)
            else:
                new += len(blob)
        return new * 4 <= size and live * 2 >= size

    def _write_delta(
        self, following: dict[str, tuple[int, bytes]], write: Callable[[dict[Path, bytes]], None]
    ) -> None:
        """Write the entries the main file lacks and the ages of all, signed and bound to
        the main file's signature; the main file itself stays as it is."""
        assert self.path is not None and self.base is not None
        signature, keys, _ = self.base
        content = {
            "fmt": FORMAT,
            "code": self.code,
            "base": signature,
            "ages": {key: age for key, (age, _) in following.items()},
            "items": {k: (a, blob) for k, (a, blob) in following.items() if k not in keys},
        }
        write({self.path.with_name(DELTA): _sign(_dumps(content))})

    def _write_main(
        self, following: dict[str, tuple[int, bytes]], write: Callable[[dict[Path, bytes]], None]
    ) -> None:
        """Write all entries to the main file; a delta beside it no longer belongs to it."""
        assert self.path is not None
        data = _sign(_dumps({"fmt": FORMAT, "code": self.code, "items": following}))
        write({self.path: data})
        size = sum(len(blob) for _, blob in following.values())
        self.base = (data[:32], frozenset(following), size)
        with contextlib.suppress(OSError):
            self.path.with_name(DELTA).unlink(missing_ok=True)


def _kenmerk(path: Path) -> tuple | None:
    """The stat of the cache's main file and of the delta beside it: what a process that
    keeps the cache in memory compares to see whether another process wrote either."""
    found: list[tuple[int, int, int] | None] = []
    for file in (path, path.with_name(DELTA)):
        try:
            info = file.stat()
        except FileNotFoundError:
            found.append(None)
            continue
        except OSError:
            return None
        found.append((info.st_mtime_ns, info.st_size, info.st_ino))
    return tuple(found) if found[0] is not None else None


# A long-running process (the preview) keeps the caches it loaded or wrote, with the file's
# stat: as long as the file was not changed by another process, it need not be read again.
_MEMORY: dict[Path, tuple[tuple | None, BlokCache]] = {}

_ACTIVE: contextvars.ContextVar[BlokCache | None] = contextvars.ContextVar(
    "blok_cache", default=None
)


def active() -> BlokCache | None:
    """The cache of the build that runs now, if any (see ``use``)."""
    return _ACTIVE.get()


def fetched(soort: str, parts: tuple, make: Callable[[], T]) -> T:
    """``make()`` through the running build's cache (``BlokCache.fetch``); without a
    running build (a single read, a test), just ``make()``."""
    cache = active()
    if cache is None:
        return make()
    return cast(T, cache.fetch(soort, parts, make))


_CHARACTERS: list[contextvars.Token] = []


def set_active(cache: BlokCache) -> None:
    """Make ``cache`` the running build's in a helper process, which never saves it."""
    _ACTIVE.set(cache)


def begin(build: Path | None) -> BlokCache:
    """Make the cache of ``build`` the running build's (until ``einde``); save it with
    ``BlokCache.keep`` when the build succeeds."""
    cache = None
    if build is not None:
        path = build / CACHE_FOLDER / FILE
        known = _MEMORY.get(path)
        if (
            known is not None
            and known[0] is not None
            and known[0] == _kenmerk(path)
            and known[1].code == code_version()
        ):
            cache = known[1]
    if cache is None:
        cache = BlokCache.load(build)
    cache.begin()
    _CHARACTERS.append(_ACTIVE.set(cache))
    return cache


def end() -> None:
    """The running build is over: no cache is active any more (see ``begin``)."""
    if _CHARACTERS:
        _ACTIVE.reset(_CHARACTERS.pop())


@contextlib.contextmanager
def reading(build: Path | None) -> Iterator[BlokCache]:
    """The cache of the last build in ``build``, read only, while a command reads a workspace
    without building it (``check``, ``taal``, ``publish``): blocks, YAML and drawings that
    build stored are not rendered, parsed or drawn again; nothing is saved. Inside a running
    build that build's own cache is used (and saved by the build)."""
    running = active()
    if running is not None:
        yield running
        return
    cache = begin(build)
    try:
        yield cache
    finally:
        end()
