"""The error types of the toolkit.

Every error a user can cause derives from :class:`RegiovisieError`, so the CLI prints a Dutch
message and exits with the code of its kind, never a traceback. The errors do not depend on
click: a plain ``build`` runs without importing it (see ``snelstart``).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class Probleem:
    """One problem in an input file: where it is and what to do about it."""

    bestand: str
    regel: int | None
    melding: str

    def __str__(self) -> str:
        plaats = f"{self.bestand}, regel {self.regel}" if self.regel else self.bestand
        return f"{plaats}: {self.melding}"


class RegiovisieError(Exception):
    """Base class: a Dutch message and an exit code per kind."""

    exit_code = 2
    kop = "Fout"

    def __init__(self, message: str, problemen: list[Probleem] | tuple[Probleem, ...] = ()):
        self.message = message
        self.problemen = tuple(problemen)
        super().__init__(message)

    def __reduce__(self):
        # Keeps the problems when the error crosses a process boundary (batch, Word writer).
        return (type(self), (self.message, self.problemen))

    def __str__(self) -> str:
        return self.message

    def format_message(self) -> str:
        regels = [self.message]
        regels += [f"  - {p}" for p in self.problemen]
        return "\n".join(regels)

    def show(self, file=None) -> None:
        """Print the message to standard error (or ``file``)."""
        uit = file if file is not None else sys.stderr
        uit.write(f"{self.kop}: {self.format_message()}\n")
        uit.flush()


class ConfigError(RegiovisieError):
    """regio.yaml or another configuration file is missing, unreadable or invalid."""

    kop = "Fout in de instellingen"


class ContentError(RegiovisieError):
    """A content block (front matter, Jinja, Markdown) is wrong."""

    kop = "Fout in de inhoud"


class BuildError(RegiovisieError):
    """The document cannot be built or written as asked."""

    kop = "Bouwen mislukt"


class ToetsingError(RegiovisieError):
    """A final version does not meet the norm: nothing is written (exit 1, like ``check``)."""

    exit_code = 1
    kop = "Niet gebouwd"
