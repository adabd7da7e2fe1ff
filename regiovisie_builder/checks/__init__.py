"""The NvO checklist: one rule per agreement, in an ordered registry, same signature.

A rule reads the assembled document and the region data and returns findings; the pass
combines them with the prose in the document into a status per agreement.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from regiovisie_builder.model import Document, Regio

VOLDAAN, DEELS, ONTBREEKT = "voldaan", "deels", "ontbreekt"

# Kinds of finding: a requirement of the norm; advice where the routekaart gives an example
# or a guideline (shown, fatal only with --strikt); a fact that is shown as evidence but is
# no regional agreement (the document's own term, planned council dates).
EIS, ADVIES, GEGEVEN = "eis", "advies", "gegeven"


@dataclass(frozen=True)
class Bevinding:
    """One measurable part of an agreement: whether it holds and a Dutch message saying so."""

    ok: bool
    melding: str
    soort: str = EIS


@dataclass(frozen=True)
class Vindplaats:
    """Where the document addresses something: paragraph number and content block id."""

    paragraaf: str
    blok: str
    bron: str = "eigen"  # eigen | overgenomen | standaard (see ``BlokInfo.herkomst``)
    titel: str = ""


@dataclass(frozen=True)
class AfspraakUitkomst:
    """The verdict on one agreement."""

    nummer: int
    titel: str
    status: str
    bevindingen: tuple[str, ...]
    vindplaatsen: tuple[Vindplaats, ...]
    # What was verified and holds (the basis of a 'voldaan'), and advice not followed.
    bewijs: tuple[str, ...] = ()
    adviezen: tuple[str, ...] = ()
    # Whether the region's data record a regional agreement here (a requirement that holds).
    in_gegevens: bool = False


@dataclass(frozen=True)
class ThemaUitkomst:
    """Whether a content theme is covered, and where."""

    id: str
    titel: str
    behandeld: bool
    vindplaatsen: tuple[Vindplaats, ...]
    bevindingen: tuple[str, ...] = ()
    bron: str = "eigen"  # eigen | overgenomen | standaard: what made it behandeld (or not)


@dataclass(frozen=True)
class Toetsing:
    """The result of the whole checklist pass."""

    regio: str
    document: str
    versie: str
    afspraken: tuple[AfspraakUitkomst, ...]
    themas: tuple[ThemaUitkomst, ...]
    route5: ThemaUitkomst
    uitgangssituatie: int

    @property
    def voldaan(self) -> bool:
        return all(a.status == VOLDAAN for a in self.afspraken)

    @property
    def adviezen(self) -> bool:
        """Whether any agreement has advice that was not followed (fatal with --strikt)."""
        return any(a.adviezen for a in self.afspraken)

    @property
    def themas_compleet(self) -> bool:
        return all(t.behandeld for t in self.themas) and self.route5.behandeld


Regel = Callable[[Document, Regio], list[Bevinding]]

# Filled by ``checks.afspraken`` with one rule per agreement, in order 1..8.
REGELS: dict[int, Regel] = {}


def regel(nummer: int) -> Callable[[Regel], Regel]:
    """Register the rule for agreement ``nummer``."""

    def registreer(functie: Regel) -> Regel:
        REGELS[nummer] = functie
        return functie

    return registreer
