"""Write the Word files in a second process while the main process does the rest of a build.

A single build on a machine with more than one core forks a helper as soon as it knows it
has work to do. While the main process reads and renders the workspace, the helper loads
python-docx and the Word writer. It then receives the finished documents (pickled, through a
pipe), writes them and sends the bytes back, while the main process writes the HTML. The
bytes are the same as those of an in-process build: the helper runs the same writer on the
same documents.

A user error in the helper (a broken house-style file) comes back as the same Dutch error.
If the helper cannot be started, dies, or fails in an unexpected way, the main process
writes the Word files itself, so such a failure shows with its own traceback. Batch builds
(``build --alle``) do not use a helper: their workers already keep every core busy.

Plain ``os.fork`` and two pipes: ``multiprocessing`` would cost more to start than it saves.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
from collections.abc import Mapping, Sequence

from regiovisie_builder.errors import RegiovisieError

# A pipe buffer large enough for the pickled documents of a regiovisie-sized build, so the
# main process can hand them over without waiting for the helper to finish loading.
_PIJPGROOTTE = 1 << 20


def _kernen() -> int:
    """The cores this process may run on (a container can allow fewer than the machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _vergroot(fd: int) -> None:
    with contextlib.suppress(ImportError, AttributeError, OSError):  # not Linux, or too big
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, _PIJPGROOTTE)


def _helper(opdrachten: int, antwoorden: int, formaat: str) -> None:
    """The helper's whole life: load the writer, write what arrives, answer, exit."""
    status = 0
    try:
        with os.fdopen(opdrachten, "rb") as invoer, os.fdopen(antwoorden, "wb") as uitvoer:
            from regiovisie_builder.writers import schrijver

            schrijf = schrijver(formaat)
            documenten, hulpbronnen, deel = pickle.load(invoer)
            antwoord: tuple
            cache = None
            if deel is not None:  # the main process's Word cache (see ``writers.docx.blokxml``)
                from regiovisie_builder import blokcache

                cache = blokcache.Blokcache.van_deel(deel)
                blokcache.zet_actief(cache)
            try:
                geschreven = [schrijf(d, hulpbronnen) for d in documenten]
                antwoord = ("klaar", geschreven, cache.verslag() if cache else None)
            except RegiovisieError as fout:
                antwoord = ("fout", fout)
            pickle.dump(antwoord, uitvoer, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:  # noqa: BLE001 - the main process notices and writes itself
        status = 1
    finally:
        os._exit(status)  # never run the main process's exit handlers or flush its buffers


class Hulpproces:
    """A forked process that writes documents in one format (see the module docstring)."""

    def __init__(self, pid: int, opdrachten: int, antwoorden: int):
        self.pid = pid
        self._opdrachten: int | None = opdrachten
        self._antwoorden: int | None = antwoorden
        self._gegeven = False

    @classmethod
    def start(cls, formaat: str = "docx") -> Hulpproces | None:
        """Fork a helper for ``formaat``, or None where that is not possible or useful."""
        if not hasattr(os, "fork") or _kernen() < 2:
            return None
        try:
            naar_helper = os.pipe()
            van_helper = os.pipe()
        except OSError:
            return None
        _vergroot(naar_helper[1])
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            pid = os.fork()
        except OSError:
            for fd in (*naar_helper, *van_helper):
                os.close(fd)
            return None
        if pid == 0:
            os.close(naar_helper[1])
            os.close(van_helper[0])
            _helper(naar_helper[0], van_helper[1], formaat)
        os.close(naar_helper[0])
        os.close(van_helper[1])
        return cls(pid, naar_helper[1], van_helper[0])

    def geef(self, documenten: Sequence, hulpbronnen: Mapping[str, bytes]) -> None:
        """Hand the documents over; the helper starts writing at once."""
        from regiovisie_builder import blokcache

        self._gegeven = True
        assert self._opdrachten is not None, "the documents are handed over once"
        # The helper gets the stored Word XML of the running build's block cache, and sends
        # back what it used and made (``ontvang``), so this process saves one cache.
        cache = blokcache.actief()
        deel = cache.deel(blokcache.WORD) if cache is not None else None
        try:
            with os.fdopen(self._opdrachten, "wb") as uit:
                self._opdrachten = None
                opdracht = (list(documenten), dict(hulpbronnen), deel)
                pickle.dump(opdracht, uit, pickle.HIGHEST_PROTOCOL)
        except OSError:  # the helper is gone; ``ontvang`` reports that
            pass

    def ontvang(self) -> list[bytes] | None:
        """The written documents, in order; None when the helper failed (write them here).

        Raises the helper's own error when a document could not be written by the user's fault.
        """
        if not self._gegeven or self._antwoorden is None:
            return None
        try:
            with os.fdopen(self._antwoorden, "rb") as invoer:
                self._antwoorden = None
                soort, inhoud, *verslag = pickle.load(invoer)
        except Exception:  # noqa: BLE001 - died, killed, or answered nonsense
            return None
        finally:
            self.stop()
        if soort == "fout":
            raise inhoud
        from regiovisie_builder import blokcache

        cache = blokcache.actief()
        if cache is not None and verslag and verslag[0] is not None:
            cache.neem_over(verslag[0])
        return inhoud

    def stop(self) -> None:
        """End the helper (if it still runs) and release its pipes; safe to call twice."""
        for naam in ("_opdrachten", "_antwoorden"):
            fd = getattr(self, naam)
            if fd is not None:
                os.close(fd)
                setattr(self, naam, None)
        if self.pid:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)  # harmless when it already exited
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = 0
