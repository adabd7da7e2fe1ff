"""Per-block cache: a changed block is read, rendered and parsed again, the others are not.

Three kinds of entries, all kept in ``build/.cache/blokken.pickle``:

- the front matter of a block file (a ``Blok``), keyed by the file's text, its name and
  where it comes from (shipped or the workspace's own);
- a rendered and parsed block (the Markdown after Jinja and its model blocks), keyed by
  the block (text, file, first line, id, title and the other front matter Jinja can see),
  the heading level it is placed at, and, only for a block with Jinja in it, the region
  data and extra template variables it is rendered with (a hash of regio.yaml's parsed
  values: honest and simple, a block without Jinja does not depend on them at all);
- the Word XML of a group of blocks (see ``writers.docx.blokxml``), which the Word helper
  process gets with the documents (``deel``) and reports back on (``verslag``).

Other state can be saved with the cache (``extra``): the site writer keeps Sphinx's
environment beside it (see ``sitecache``).

Every key also holds the code version: a hash of the size and modification time of each
module of this package and of the paths and modification times of the libraries that
render and parse (Jinja, markdown-it, its plugins, PyYAML). Numbering, cross-references
and the checklist always run on the whole document: they are linear passes and cheap, and
they are where one block affects another.

A cache file that cannot be read (damaged, from another version, or not ours) is ignored:
the build is then a full build. A workspace travels between municipalities with whatever
its ``build/`` holds, so the file is signed (HMAC-SHA256) with a key that only this user on
this machine has (``~/.cache/regiovisie-builder/blokcache.sleutel``, mode 0600): a cache
made elsewhere, or edited, is never used, so it can neither put text in a document that
its blocks do not hold nor reach the unpickler. Unpickling, besides, only accepts the
classes of the document model. The file is written with the
project's atomic write helper (without fsync: losing it only costs a full build). A
long-running process (the preview) keeps the cache in memory between builds.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import hmac
import io
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path

CACHEMAP = ".cache"
BESTAND = "blokken.pickle"
FORMAAT = 2
# An entry not used by this many builds in a row is dropped.
MAX_LEEFTIJD = 3
# The kind of entry that holds a group's Word XML (see ``writers.docx.blokxml``).
WORD = "word"

_PAKKET = Path(__file__).resolve().parent
_BIBLIOTHEKEN = ("jinja2", "markdown_it", "mdit_py_plugins", "yaml", "markupsafe")


def _bibliotheek(naam: str) -> str:
    """Where a library is installed and when it was changed, without importing it."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(naam)
    except (ImportError, ValueError):
        return f"{naam}:?"
    if spec is None or spec.origin is None:
        return f"{naam}:-"
    pad = Path(spec.origin)
    try:
        return f"{naam}:{pad}:{pad.stat().st_mtime_ns}"
    except OSError:
        return f"{naam}:{pad}"


_codeversie: str | None = None


def codeversie() -> str:
    """A hash of everything that decides how a block is read: our code and the libraries."""
    global _codeversie
    if _codeversie is None:
        from regiovisie_builder import __version__

        totaal = hashlib.sha256(f"{FORMAAT}\0{__version__}\0{sys.version}\0".encode())
        for naam in _BIBLIOTHEKEN:
            totaal.update(_bibliotheek(naam).encode() + b"\0")
        # Size and modification time of every module, as Python's own bytecode cache does:
        # reading them all would cost a full build more than the rest of this cache.
        for pad in sorted(_PAKKET.rglob("*.py")):
            if "__pycache__" not in pad.parts:
                info = pad.stat()
                totaal.update(
                    f"{pad.relative_to(_PAKKET)}:{info.st_size}:{info.st_mtime_ns}\0".encode()
                )
        _codeversie = totaal.hexdigest()
    return _codeversie


# What a cache file may contain: the model, the two reader classes and plain values.
_TOEGESTAAN = {
    "regiovisie_builder.model": None,  # any class of the document model
    "regiovisie_builder.readers.markdown": {"Uitkomst"},
    "regiovisie_builder.readers.blokken": {"Blok"},
    "datetime": {"date", "datetime", "time", "timedelta", "timezone"},
    "builtins": {"frozenset", "set", "tuple", "list", "dict", "str", "int", "float", "bool"},
}


class _Lezer(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        toegestaan = _TOEGESTAAN.get(module, set())
        if module not in _TOEGESTAAN or (toegestaan is not None and name not in toegestaan):
            raise pickle.UnpicklingError(f"{module}.{name} hoort niet in de blokcache")
        klasse = super().find_class(module, name)
        if not isinstance(klasse, type):
            raise pickle.UnpicklingError(f"{module}.{name} is geen klasse")
        return klasse


_SLEUTEL: bytes | None = None


def _sleutel() -> bytes:
    """This user's key for signing block caches: made once, readable by the user only.

    When no key can be stored (no writable home), a key for this process only is used:
    the cache then never outlives the process, which is safe and merely slower.
    """
    global _SLEUTEL
    if _SLEUTEL is not None:
        return _SLEUTEL
    basis = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    pad = basis / "regiovisie-builder" / "blokcache.sleutel"
    sleutel = b""
    with contextlib.suppress(OSError):
        sleutel = pad.read_bytes()
    if len(sleutel) != 32:
        sleutel = os.urandom(32)
        try:
            pad.parent.mkdir(parents=True, exist_ok=True)
            nieuw = pad.with_name(f".{pad.name}.{os.getpid()}")
            handvat = os.open(nieuw, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(handvat, "wb") as uit:
                uit.write(sleutel)
            os.replace(nieuw, pad)
        except OSError:
            pass
    _SLEUTEL = sleutel
    return sleutel


def onderteken(data: bytes) -> bytes:
    """``data`` signed with this user's key (see ``ondertekend``)."""
    return hmac.new(_sleutel(), data, hashlib.sha256).digest() + data


_onderteken = onderteken


def ondertekend(data: bytes) -> bytes | None:
    """The signed content, or None when the signature is not this user's."""
    handtekening, inhoud = data[:32], data[32:]
    verwacht = hmac.new(_sleutel(), inhoud, hashlib.sha256).digest()
    return inhoud if hmac.compare_digest(handtekening, verwacht) else None


_ondertekend = ondertekend


def _hash(*delen: object) -> str:
    totaal = hashlib.sha256()
    for deel in delen:
        totaal.update(str(deel).encode("utf-8", "surrogatepass") + b"\0")
    return totaal.hexdigest()


def _laad(data: bytes):
    return _Lezer(io.BytesIO(data)).load()


class Blokcache:
    """The entries of one build folder: loaded once, looked up per block, saved once.

    Each entry is pickled on its own: loading the file reads bytes only, an entry is
    unpickled when a block asks for it, and saving pickles only the new entries.
    """

    def __init__(self, pad: Path | None, oud: dict | None = None):
        self.pad = pad
        self.code = codeversie()
        # key -> [age in the file, used by the current build, value or None, pickled value]
        self.items: dict[str, list] = {
            k: [a, False, None, data] for k, (a, data) in (oud or {}).items()
        }
        self.nieuw = 0  # entries made by the current build
        self.treffers = 0
        # Other state saved with the cache, in folders beside it (the site writer's Sphinx
        # state): name -> object whose ``bestanden()`` gives (files to write, files to remove).
        self.extra: dict[str, object] = {}

    @classmethod
    def laad(cls, build: Path | None) -> Blokcache:
        """The cache of ``build`` (empty when there is none or it cannot be used)."""
        if build is None:
            return cls(None)
        pad = build / CACHEMAP / BESTAND
        try:
            data = _ondertekend(pad.read_bytes())
        except OSError:
            return cls(pad)
        if data is None:  # made elsewhere or changed: never trusted
            return cls(pad)
        try:
            inhoud = _laad(data)
            if (
                not isinstance(inhoud, dict)
                or inhoud.get("formaat") != FORMAAT
                or inhoud.get("code") != codeversie()
                or not isinstance(inhoud.get("items"), dict)
            ):
                return cls(pad)
            oud = {
                k: (int(v[0]), v[1])
                for k, v in inhoud["items"].items()
                if isinstance(k, str)
                and isinstance(v, tuple | list)
                and len(v) == 2
                and isinstance(v[1], bytes)
            }
        except Exception:  # noqa: BLE001 - a damaged cache only means a full build
            return cls(pad)
        return cls(pad, oud)

    def begin(self) -> None:
        """Start counting the use of a new build (a cache kept in memory is reused)."""
        for item in self.items.values():
            item[1] = False
        self.nieuw = self.treffers = 0
        self.extra = {}

    def haal(self, soort: str, delen: tuple, maak: Callable[[], object]):
        """The value stored for ``delen``, or ``maak()`` (stored for the next build)."""
        sleutel = soort + ":" + _hash(self.code, *delen)
        gevonden = self.items.get(sleutel)
        if gevonden is not None and gevonden[2] is None:
            try:
                gevonden[2] = _laad(gevonden[3])
            except Exception:  # noqa: BLE001 - a damaged entry is made again
                gevonden = None
        if gevonden is not None:
            gevonden[1] = True
            self.treffers += 1
            return gevonden[2]
        waarde = maak()
        self.items[sleutel] = [0, True, waarde, None]
        self.nieuw += 1
        return waarde

    def zoek(self, soort: str, sleutel: str):
        """The value stored under a key the caller made itself (a hash), or None."""
        gevonden = self.items.get(soort + ":" + sleutel)
        if gevonden is None:
            return None
        if gevonden[2] is None:
            try:
                gevonden[2] = _laad(gevonden[3])
            except Exception:  # noqa: BLE001 - a damaged entry is made again
                return None
        gevonden[1] = True
        self.treffers += 1
        return gevonden[2]

    def zet(self, soort: str, sleutel: str, waarde: object) -> None:
        """Store ``waarde`` under a key the caller made (see ``zoek``) for the next build."""
        self.items[soort + ":" + sleutel] = [0, True, waarde, None]
        self.nieuw += 1

    def deel(self, soort: str) -> dict[str, bytes]:
        """The stored entries of one kind, pickled, for a helper process (see ``neem_over``)."""
        begin = soort + ":"
        uit = {}
        for sleutel, item in self.items.items():
            if sleutel.startswith(begin):
                if item[3] is None:
                    item[3] = pickle.dumps(item[2], protocol=pickle.HIGHEST_PROTOCOL)
                uit[sleutel] = item[3]
        return uit

    @classmethod
    def van_deel(cls, deel: dict[str, bytes]) -> Blokcache:
        """A cache in a helper process holding the entries ``deel`` gave it (not saved)."""
        return cls(None, {k: (0, v) for k, v in deel.items()})

    def verslag(self) -> tuple[list[str], dict[str, bytes]]:
        """What a helper's build used of the entries it got and what it made, for the
        main process (see ``neem_over``)."""
        gebruikt = [k for k, i in self.items.items() if i[1] and i[3] is not None]
        nieuw = {
            k: pickle.dumps(i[2], protocol=pickle.HIGHEST_PROTOCOL)
            for k, i in self.items.items()
            if i[3] is None
        }
        return gebruikt, nieuw

    def neem_over(self, verslag: object) -> None:
        """Take a helper's ``verslag`` in: its entries count as used and made by this build."""
        if not isinstance(verslag, tuple) or len(verslag) != 2:
            return
        gebruikt, nieuw = verslag
        for sleutel in gebruikt:
            if sleutel in self.items:
                self.items[sleutel][1] = True
        for sleutel, blob in nieuw.items():
            self.items[sleutel] = [0, True, None, blob]
            self.nieuw += 1

    def _volgende(self) -> dict[str, tuple[int, bytes]]:
        """The entries as the next build should find them: used ones young, others older."""
        volgende = {}
        for sleutel, item in self.items.items():
            leeftijd = 0 if item[1] else item[0] + 1
            if leeftijd < MAX_LEEFTIJD:
                if item[3] is None:
                    item[3] = pickle.dumps(item[2], protocol=pickle.HIGHEST_PROTOCOL)
                volgende[sleutel] = (leeftijd, item[3])
        return volgende

    def bewaar(self, schrijf: Callable[[dict[Path, bytes]], None]) -> None:
        """Write the cache when the entries (or their ages) differ from the file's.

        ``schrijf`` is the storage layer's writer (``opslag``): this module sits with the
        readers, below it."""
        if self.pad is None:
            return
        extra, self.extra = self.extra, {}
        for deel in extra.values():
            te_schrijven, weg = deel.bestanden()  # type: ignore[attr-defined]
            try:
                if te_schrijven:
                    schrijf(te_schrijven)
                for pad in weg:
                    pad.unlink(missing_ok=True)
            except Exception:  # noqa: BLE001 - state that cannot be saved is no error
                pass
        if not self.nieuw and all(i[1] and not i[0] for i in self.items.values()):
            return
        volgende = self._volgende()
        data = _onderteken(
            pickle.dumps(
                {"formaat": FORMAAT, "code": self.code, "items": volgende},
                protocol=pickle.HIGHEST_PROTOCOL,
            )
        )
        try:
            schrijf({self.pad: data})
        except Exception:  # noqa: BLE001 - a cache that cannot be written is no error
            _GEHEUGEN.pop(self.pad, None)
            return
        self.items = {k: [a, False, self.items[k][2], blob] for k, (a, blob) in volgende.items()}
        _GEHEUGEN[self.pad] = (_kenmerk(self.pad), self)


def _kenmerk(pad: Path) -> tuple[int, int, int] | None:
    try:
        info = pad.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino)


# A long-running process (the preview) keeps the caches it loaded or wrote, with the file's
# stat: as long as the file was not changed by another process, it need not be read again.
_GEHEUGEN: dict[Path, tuple[tuple[int, int, int] | None, Blokcache]] = {}

_ACTIEF: contextvars.ContextVar[Blokcache | None] = contextvars.ContextVar(
    "blokcache", default=None
)


def actief() -> Blokcache | None:
    """The cache of the build that runs now, if any (see ``gebruik``)."""
    return _ACTIEF.get()


_TEKENS: list[contextvars.Token] = []


def zet_actief(cache: Blokcache) -> None:
    """Make ``cache`` the running build's in a helper process, which never saves it."""
    _ACTIEF.set(cache)


def begin(build: Path | None) -> Blokcache:
    """Make the cache of ``build`` the running build's (until ``einde``); save it with
    ``Blokcache.bewaar`` when the build succeeds."""
    cache = None
    if build is not None:
        pad = build / CACHEMAP / BESTAND
        bekend = _GEHEUGEN.get(pad)
        if (
            bekend is not None
            and bekend[0] is not None
            and bekend[0] == _kenmerk(pad)
            and bekend[1].code == codeversie()
        ):
            cache = bekend[1]
    if cache is None:
        cache = Blokcache.laad(build)
    cache.begin()
    _TEKENS.append(_ACTIEF.set(cache))
    return cache


def einde() -> None:
    """The running build is over: no cache is active any more (see ``begin``)."""
    if _TEKENS:
        _ACTIEF.reset(_TEKENS.pop())
