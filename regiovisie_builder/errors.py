"""The error types of the toolkit.

Every error a user can cause derives from :class:`RegiovisieError` (a ``click.ClickException``)
so the CLI prints a Dutch message and exits with the code of its kind, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

import click


@dataclass(frozen=True)
class Probleem:
    """One problem in an input file: where it is and what to do about it."""

    bestand: str
    regel: int | None
    melding: str

    def __str__(self) -> str:
        plaats = f"{self.bestand}, regel {self.regel}" if self.regel else self.bestand
        return f"{plaats}: {self.melding}"


class RegiovisieError(click.ClickException):
    """Base class: a Dutch message and an exit code per kind."""

    exit_code = 2
    kop = "Fout"

    def __init__(self, message: str, problemen: list[Probleem] | tuple[Probleem, ...] = ()):
        self.problemen = tuple(problemen)
        super().__init__(message)

    def format_message(self) -> str:
        regels = [self.message]
        regels += [f"  - {p}" for p in self.problemen]
        return "\n".join(regels)

    def show(self, file=None) -> None:
        click.echo(f"{self.kop}: {self.format_message()}", file=file, err=True)


class ConfigError(RegiovisieError):
    """regio.yaml or another configuration file is missing, unreadable or invalid."""

    kop = "Fout in de instellingen"


class ContentError(RegiovisieError):
    """A content block (front matter, Jinja, Markdown) is wrong."""

    kop = "Fout in de inhoud"


class BuildError(RegiovisieError):
    """The document cannot be built or written as asked."""

    kop = "Bouwen mislukt"
