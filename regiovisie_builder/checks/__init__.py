"""The NvO checklist: one rule per agreement, in an ordered registry, same signature.

A rule reads the assembled document and the region data and returns findings; the pass
combines them with the prose in the document into a status per agreement.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from regiovisie_builder.model import Document, Regio

VOLDAAN, PARTLY, MISSING = "voldaan", "deels", "ontbreekt"

# Kinds of finding: a requirement of the norm; advice where the routekaart gives an example
# or a guideline (shown, fatal only with --strikt); a fact that is shown as evidence but is
# no regional agreement (the document's own term, planned council dates).
EIS, ADVIES, GEGEVEN = "eis", "advies", "gegeven"


@dataclass(frozen=True)
class Bevinding:
    """One measurable part of an agreement: whether it holds and a Dutch message saying so."""

    ok: bool
    message: str
    soort: str = EIS


@dataclass(frozen=True)
class Vindplaats:
    """Where the document addresses something: paragraph number and content block id."""

    section_number: str
    block_id: str
    source: str = "eigen"  # eigen | overgenomen | standaard (see ``BlokInfo.origin``)
    titel: str = ""


@dataclass(frozen=True)
class AfspraakOutcome:
    """The verdict on one agreement."""

    number: int
    titel: str
    status: str
    bevindingen: tuple[str, ...]
    vindplaatsen: tuple[Vindplaats, ...]
    # What was verified and holds (the basis of a 'voldaan'), and advice not followed.
    bewijs: tuple[str, ...] = ()
    adviezen: tuple[str, ...] = ()
    # Whether the region's data record a regional agreement here (a requirement that holds).
    in_data: bool = False


@dataclass(frozen=True)
class ThemaOutcome:
    """Whether a content theme is covered, and where."""

    id: str
    titel: str
    covered: bool
    vindplaatsen: tuple[Vindplaats, ...]
    bevindingen: tuple[str, ...] = ()
    source: str = "eigen"  # eigen | overgenomen | standaard: what made it behandeld (or not)


@dataclass(frozen=True)
class Toetsing:
    """The result of the whole checklist pass."""

    regio: str
    document: str
    versie: str
    afspraken: tuple[AfspraakOutcome, ...]
    themas: tuple[ThemaOutcome, ...]
    route5: ThemaOutcome
    uitgangssituatie: int

    @property
    def voldaan(self) -> bool:
        return all(a.status == VOLDAAN for a in self.afspraken)

    @property
    def adviezen(self) -> bool:
        """Whether any agreement has advice that was not followed (fatal with --strikt)."""
        return any(a.adviezen for a in self.afspraken)

    @property
    def themas_complete(self) -> bool:
        return all(t.covered for t in self.themas) and self.route5.covered


Line = Callable[[Document, Regio], list[Bevinding]]

# Filled by ``checks.afspraken`` with one rule per agreement, in order 1..8.
LINES: dict[int, Line] = {}


def line(number: int) -> Callable[[Line], Line]:
    """Register the rule for agreement ``nummer``."""

    def register(function: Line) -> Line:
        LINES[number] = function
        return function

    return register
