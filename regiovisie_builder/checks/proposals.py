"""Which blocks carry guesses of ``regiovisie import`` that a writer has not confirmed yet.

A guess (``proposal_afspraken``, ``proposal_themas``) never counts for the checklist: the
check only says where a confirmation would change the result.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from regiovisie_builder.model import Document


@dataclass(frozen=True)
class Pending:
    """A block in the document with unconfirmed guesses."""

    block_id: str
    section_number: str
    afspraken: tuple[int, ...]
    themas: tuple[str, ...]

    @property
    def message(self) -> str:
        parts = []
        if self.afspraken:
            parts.append("afspraken " + ", ".join(str(n) for n in self.afspraken))
        if self.themas:
            parts.append("thema's " + ", ".join(self.themas))
        place = (
            f"§ {self.section_number} ({self.block_id})" if self.section_number else self.block_id
        )
        return f"{place}: voorstel voor {' en '.join(parts)}"


def pending_blokken(blokken: Iterable, document: Document) -> list[Pending]:
    """Blocks placed in ``document`` whose front matter still has ``voorstel_*`` keys."""
    section_numbers = {b.id: b.section_number or "" for b in document.blokken}
    out = []
    for blok in blokken:
        afspraken = tuple(getattr(blok, "proposal_afspraken", ()))
        themas = tuple(getattr(blok, "proposal_themas", ()))
        if blok.id in section_numbers and (afspraken or themas):
            out.append(Pending(blok.id, section_numbers[blok.id], afspraken, themas))
    return out
