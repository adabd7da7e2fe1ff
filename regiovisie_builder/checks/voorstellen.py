"""Which blocks carry guesses of ``regiovisie import`` that a writer has not confirmed yet.

A guess (``voorstel_afspraken``, ``voorstel_themas``) never counts for the checklist: the
check only says where a confirmation would change the result.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from regiovisie_builder.model import Document


@dataclass(frozen=True)
class Wachtend:
    """A block in the document with unconfirmed guesses."""

    blok: str
    paragraaf: str
    afspraken: tuple[int, ...]
    themas: tuple[str, ...]

    @property
    def melding(self) -> str:
        delen = []
        if self.afspraken:
            delen.append("afspraken " + ", ".join(str(n) for n in self.afspraken))
        if self.themas:
            delen.append("thema's " + ", ".join(self.themas))
        plaats = f"§ {self.paragraaf} ({self.blok})" if self.paragraaf else self.blok
        return f"{plaats}: voorstel voor {' en '.join(delen)}"


def wachtende_blokken(blokken: Iterable, document: Document) -> list[Wachtend]:
    """Blocks placed in ``document`` whose front matter still has ``voorstel_*`` keys."""
    paragrafen = {b.id: b.paragraaf or "" for b in document.blokken}
    uit = []
    for blok in blokken:
        afspraken = tuple(getattr(blok, "voorstel_afspraken", ()))
        themas = tuple(getattr(blok, "voorstel_themas", ()))
        if blok.id in paragrafen and (afspraken or themas):
            uit.append(Wachtend(blok.id, paragrafen[blok.id], afspraken, themas))
    return uit
