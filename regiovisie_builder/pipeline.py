"""The build as a visible list of stages: read -> assemble -> transforms -> checks -> write.

Pure with respect to the file system except through ``Werkmap`` (reading) and
``schrijf_atomisch`` (writing, called by the commands).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from regiovisie_builder.checks import Toetsing
from regiovisie_builder.checks.toetsing import toets
from regiovisie_builder.errors import BuildError, Probleem
from regiovisie_builder.model import Document, Regio
from regiovisie_builder.readers.document import lees_document, lees_opzet
from regiovisie_builder.readers.regio import lees_regio
from regiovisie_builder.transforms.nummering import nummer
from regiovisie_builder.transforms.toetsingsbijlage import voeg_toetsing_toe
from regiovisie_builder.werkmap import Werkmap

TRANSFORMS: list[Callable[[Document], Document]] = [nummer]

# Statuses in which open "nog in te vullen" markers are not acceptable.
AFGEROND = ("definitief", "vastgesteld")


@dataclass
class Invoer:
    """Everything read from a workspace for one document, numbered and checked."""

    regio: Regio
    document: Document
    toetsing: Toetsing


@dataclass
class Bouwresultaat:
    """A built document and its outputs (format -> bytes), not yet on disk."""

    invoer: Invoer
    uitvoer: dict[str, bytes] = field(default_factory=dict)

    @property
    def document(self) -> Document:
        return self.invoer.document


def lees(werkmap: Werkmap, soort: str | None = None) -> Invoer:
    """Read and assemble the document of a workspace (default: its ``document.soort``)."""
    tekst, bestand = werkmap.lees_regio_tekst()
    regio = lees_regio(tekst, bestand)
    blokken = werkmap.lees_blokken()
    opzet = lees_opzet(*werkmap.lees_opzet(soort or regio.gegevens["document"]["soort"]))
    document = lees_document(regio, blokken, opzet)
    for transform in TRANSFORMS:
        document = transform(document)
    return Invoer(regio, document, toets(document, regio))


def controleer_markeringen(document: Document, bestand: str) -> None:
    """Refuse a final version that still has open markers."""
    if document.meta.status in AFGEROND and document.markeringen:
        raise BuildError(
            f"De status is '{document.meta.status}', maar er staan nog "
            f"{len(document.markeringen)} open punten in de tekst. Vul ze in regio.yaml in, "
            "of zet de status terug op concept.",
            [Probleem(bestand, None, f"nog in te vullen: {pad}") for pad in document.markeringen],
        )


def bouw(werkmap: Werkmap, formaten: Iterable[str], bijlage: bool = True) -> Bouwresultaat:
    """Read, check and write a workspace's document in memory.

    With ``bijlage`` the checklist result is added as the annex "Toetsing aan de Norm voor
    Opdrachtgeverschap".
    """
    from regiovisie_builder.writers import schrijver

    invoer = lees(werkmap)
    controleer_markeringen(invoer.document, invoer.regio.bestand)
    document = invoer.document
    if bijlage:
        document = voeg_toetsing_toe(document, invoer.toetsing)
    hulpbronnen = werkmap.lees_hulpbronnen()
    resultaat = Bouwresultaat(invoer)
    for formaat in formaten:
        resultaat.uitvoer[formaat] = schrijver(formaat)(document, hulpbronnen)
    return resultaat


def schrijf_atomisch(bestanden: dict[Path, bytes]) -> None:
    """Write all files or none: each goes to a temporary file first, then all are renamed."""
    klaar: list[tuple[str, Path]] = []
    try:
        for pad, inhoud in bestanden.items():
            pad.parent.mkdir(parents=True, exist_ok=True)
            handvat, tijdelijk = tempfile.mkstemp(prefix=f".{pad.name}.", dir=pad.parent)
            klaar.append((tijdelijk, pad))
            with os.fdopen(handvat, "wb") as uit:
                uit.write(inhoud)
                uit.flush()
                os.fsync(uit.fileno())
    except OSError as fout:
        for tijdelijk, _ in klaar:
            Path(tijdelijk).unlink(missing_ok=True)
        raise BuildError(
            f"Schrijven mislukt: {fout}. Eerdere uitvoer is niet aangeraakt."
        ) from None
    for tijdelijk, pad in klaar:
        os.replace(tijdelijk, pad)
