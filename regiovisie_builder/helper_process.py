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
_PIPE_SIZE = 1 << 20


def _cores() -> int:
    """The cores this process may run on (a container can allow fewer than the machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _enlarge(fd: int) -> None:
    with contextlib.suppress(ImportError, AttributeError, OSError):  # not Linux, or too big
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, _PIPE_SIZE)


def _helper(commands: int, answers: int, fmt: str) -> None:
    """The helper's whole life: load the writer, write what arrives, answer, exit."""
    status = 0
    try:
        with os.fdopen(commands, "rb") as inputs, os.fdopen(answers, "wb") as output:
            from regiovisie_builder.writers import writer

            write = writer(fmt)
            documents, resources, part = pickle.load(inputs)
            answer: tuple
            cache = None
            if part is not None:  # the main process's Word cache (see ``writers.docx.blokxml``)
                from regiovisie_builder import blok_cache

                cache = blok_cache.BlokCache.of_part(part)
                blok_cache.set_active(cache)
            try:
                written = [write(d, resources) for d in documents]
                answer = ("klaar", written, cache.report() if cache else None)
            except RegiovisieError as error:
                answer = ("fout", error)
            pickle.dump(answer, output, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:  # noqa: BLE001 - the main process notices and writes itself
        status = 1
    finally:
        os._exit(status)  # never run the main process's exit handlers or flush its buffers


class HelperProcess:
    """A forked process that writes documents in one format (see the module docstring)."""

    def __init__(self, pid: int, commands: int, answers: int):
        self.pid = pid
        self._commands: int | None = commands
        self._answers: int | None = answers
        self._gegeven = False

    @classmethod
    def start(cls, fmt: str = "docx") -> HelperProcess | None:
        """Fork a helper for ``fmt``, or None where that is not possible or useful."""
        if not hasattr(os, "fork") or _cores() < 2:
            return None
        try:
            to_helper = os.pipe()
            of_helper = os.pipe()
        except OSError:
            return None
        _enlarge(to_helper[1])
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            pid = os.fork()
        except OSError:
            for fd in (*to_helper, *of_helper):
                os.close(fd)
            return None
        if pid == 0:
            os.close(to_helper[1])
            os.close(of_helper[0])
            _helper(to_helper[0], of_helper[1], fmt)
        os.close(to_helper[0])
        os.close(of_helper[1])
        return cls(pid, to_helper[1], of_helper[0])

    def give(self, documents: Sequence, resources: Mapping[str, bytes]) -> None:
        """Hand the documents over; the helper starts writing at once."""
        from regiovisie_builder import blok_cache

        self._gegeven = True
        assert self._commands is not None, "the documents are handed over once"
        # The helper gets the stored Word XML, compressed pieces of document.xml and PNG
        # drawings of the running build's block cache, and sends back what it used and made
        # (``receive``), so this process saves one cache.
        cache = blok_cache.active()
        part = (
            cache.part(blok_cache.WORD, blok_cache.DEFLATE, blok_cache.PNG)
            if cache is not None
            else None
        )
        try:
            with os.fdopen(self._commands, "wb") as out:
                self._commands = None
                command = (list(documents), dict(resources), part)
                pickle.dump(command, out, pickle.HIGHEST_PROTOCOL)
        except OSError:  # the helper is gone; ``receive`` reports that
            pass

    def receive(self) -> list[bytes] | None:
        """The written documents, in order; None when the helper failed (write them here).

        Raises the helper's own error when a document could not be written by the user's fault.
        """
        if not self._gegeven or self._answers is None:
            return None
        try:
            with os.fdopen(self._answers, "rb") as inputs:
                self._answers = None
                soort, content, *report = pickle.load(inputs)
        except Exception:  # noqa: BLE001 - died, killed, or answered nonsense
            return None
        finally:
            self.stop()
        if soort == "fout":
            raise content
        from regiovisie_builder import blok_cache

        cache = blok_cache.active()
        if cache is not None and report and report[0] is not None:
            cache.neem_over(report[0])
        return content

    def stop(self) -> None:
        """End the helper (if it still runs) and release its pipes; safe to call twice."""
        for name in ("_commands", "_answers"):
            fd = getattr(self, name)
            if fd is not None:
                os.close(fd)
                setattr(self, name, None)
        if self.pid:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)  # harmless when it already exited
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = 0
