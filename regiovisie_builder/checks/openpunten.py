"""Open points ("nog in te vullen") described so a clerk can act on them: the municipality
by name and the line in regio.yaml where the value belongs."""

from __future__ import annotations

import re

from regiovisie_builder.model import Regio

_DEEL = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _delen(pad: str) -> tuple:
    return tuple(naam if naam else int(index) for naam, index in _DEEL.findall(pad))


def _regel(regio: Regio, delen: tuple) -> int | None:
    """The line of the deepest part of ``delen`` that regio.yaml has."""
    while delen:
        if delen in regio.regels:
            return regio.regels[delen]
        delen = delen[:-1]
    return None


def beschrijf(pad: str, regio: Regio) -> str:
    """``regio.gemeenten[1].portefeuillehouder`` ->
    ``Havenstede: portefeuillehouder ontbreekt (regio.yaml, regel 12)``."""
    delen = _delen(pad)
    regel = _regel(regio, delen)
    plaats = f"{regio.bestand}, regel {regel}" if regel else regio.bestand
    if delen[:2] == ("regio", "gemeenten") and len(delen) > 3 and isinstance(delen[2], int):
        gemeenten = regio.gemeenten
        naam = gemeenten[delen[2]]["naam"] if delen[2] < len(gemeenten) else f"gemeente {delen[2]}"
        rest = ".".join(str(d) for d in delen[3:])
        return f"{naam}: {rest} ontbreekt ({plaats})"
    return f"{pad} ontbreekt ({plaats})"


def aantal_punten(aantal: int) -> str:
    """``1 open punt`` / ``3 open punten``."""
    return f"{aantal} open {'punt' if aantal == 1 else 'punten'}"


def beschrijf_alle(paden, regio: Regio) -> list[str]:
    """Every open point once, in order, described."""
    return [beschrijf(pad, regio) for pad in dict.fromkeys(paden)]
