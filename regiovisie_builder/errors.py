"""The error types of the toolkit.

Every error a user can cause derives from :class:`RegiovisieError`, so the CLI prints a Dutch
message and exits with the code of its kind, never a traceback. The errors do not depend on
click, so library code below the command line never imports it (``cli.py`` is the only
module that does).
"""

from __future__ import annotations

import errno
import re
import sys
from dataclasses import dataclass

# Control characters (C0 but tab and newline, DEL, C1) and the bidirectional overrides that
# can reorder what a terminal shows. Names and texts from outside (a reaction file sent by
# e-mail, a block's file name) could otherwise move the cursor, recolour or hide text.
_CONTROL_CHARACTERS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def _as_code(found: re.Match) -> str:
    character = ord(found.group(0))
    return f"\\x{character:02x}" if character < 0x100 else f"\\u{character:04x}"


def show_name(text: str) -> str:
    """``text`` (a file name, a column name) safe to print: control characters as ``\\x1b``.

    Use it wherever a name from outside is echoed; it leaves ordinary text unchanged and is
    idempotent, so a name shown twice is not escaped twice.
    """
    text = str(text)
    if "\n" in text or "\t" in text:
        text = text.replace("\n", "\\n").replace("\t", "\\t")
    return _CONTROL_CHARACTERS.sub(_as_code, text)


def showable(text: str) -> str:
    """A message safe for the terminal: like ``show_name`` but keeps its line breaks."""
    return _CONTROL_CHARACTERS.sub(_as_code, text)


def _as_unicode(found: re.Match) -> str:
    return f"\\u{ord(found.group(0)):04x}"


class ShowableStream:
    """A text stream (stdout, stderr) that writes control characters and bidirectional
    overrides as ``\\u001b`` codes: everything a command prints is safe for the terminal,
    also the values from regio.yaml in the checklist's findings (a municipality named
    "Haarlem\\r\\x1b[2K  ✔ ... voldaan\\x1b[8m" would overwrite its finding and hide the rest
    of ``check``'s output). The code is a valid escape in a JSON string, so the output of
    ``check --json`` stays JSON that reads back to the same text. ``unfiltered`` is the
    stream itself, for the toolkit's own progress line (a carriage return)."""

    def __init__(self, stream):
        self.unfiltered = stream

    def write(self, text: str) -> int:
        return self.unfiltered.write(_CONTROL_CHARACTERS.sub(_as_unicode, text))

    def __getattr__(self, name: str):
        return getattr(self.unfiltered, name)


@dataclass(frozen=True)
class Problem:
    """One problem in an input file: where it is and what to do about it."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        file = show_name(self.file)
        place = f"{file}, regel {self.line}" if self.line else file
        return f"{place}: {self.message}"


class RegiovisieError(Exception):
    """Base class: a Dutch message and an exit code per kind."""

    exit_code = 2
    heading = "Fout"

    def __init__(self, message: str, problems: list[Problem] | tuple[Problem, ...] = ()):
        self.message = message
        self.problems = tuple(problems)
        super().__init__(message)

    def __reduce__(self):
        # Keeps the problems when the error crosses a process boundary (batch, Word writer).
        return (type(self), (self.message, self.problems))

    def __str__(self) -> str:
        return self.message

    def format_message(self) -> str:
        lines = [self.message]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)

    def show(self, file=None) -> None:
        """Print the message to standard error (or ``file``)."""
        out = file if file is not None else sys.stderr
        out.write(showable(f"{self.heading}: {self.format_message()}") + "\n")
        out.flush()


class InvalidValue(ValueError):
    """A value a block or template gives a filter or function that cannot use it; the
    message is Dutch and meant for the writer (``'abc' is geen getal``)."""


class ConfigError(RegiovisieError):
    """regio.yaml or another configuration file is missing, unreadable or invalid."""

    heading = "Fout in de instellingen"


class ContentError(RegiovisieError):
    """A content block (front matter, Jinja, Markdown) is wrong."""

    heading = "Fout in de inhoud"


class BuildError(RegiovisieError):
    """The document cannot be built or written as asked."""

    heading = "Bouwen mislukt"


class ToetsingError(RegiovisieError):
    """A final version does not meet the norm: nothing is written (exit 1, like ``check``)."""

    exit_code = 1
    heading = "Niet gebouwd"


# Dutch reasons for the file operations that fail in practice (a full disk, no rights ...).
_REASONS = {
    errno.ENOSPC: "de schijf is vol",
    errno.EDQUOT: "de schijfruimte (quotum) is op",
    errno.EFBIG: "het bestand is te groot voor deze schijf",
    errno.EACCES: "u hebt geen schrijfrechten op deze map",
    errno.EPERM: "dit mag niet op deze map (geen rechten)",
    errno.EROFS: "de schijf is alleen-lezen",
    errno.EISDIR: "er staat een map waar een bestand moet komen",
    errno.ENOTDIR: "er staat een bestand waar een map moet komen",
    errno.EEXIST: "er staat al iets met die naam",
    errno.ENOENT: "een map bestaat niet (meer)",
    errno.ENAMETOOLONG: "de bestandsnaam is te lang",
    errno.ELOOP: "een koppeling (symlink) wijst naar zichzelf",
}


def reason(error: OSError) -> str:
    """A Dutch description of a failed file operation, with the file when known."""
    text = _REASONS.get(error.errno or 0, f"fout {error.errno} van het besturingssysteem")
    return f"{text} ({error.filename})" if error.filename else text
