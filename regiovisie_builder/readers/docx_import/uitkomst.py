"""What reading a Word draft gives: sections of Markdown, images and counts for the report."""

from __future__ import annotations

from dataclasses import dataclass, field

ONTBREKENDE_BESCHRIJVING = "[beschrijving ontbreekt]"


# --- results -------------------------------------------------------------------------------


@dataclass
class Afbeelding:
    """An image from the draft: its bytes, the extension to save it with, its alt text."""

    inhoud: bytes
    extensie: str
    alt: str
    naam: str = ""  # file name below content/afbeeldingen/, chosen by the command


@dataclass
class Sectie:
    """One section of the draft: heading level (1-3), title and body parts in order.

    A body part is Markdown text, or an ``Afbeelding`` followed by its caption (the
    command names the image file and then writes the figure Markdown).
    """

    niveau: int
    titel: str
    delen: list = field(default_factory=list)
    voetnoten: list[str] = field(default_factory=list)  # Markdown of each footnote, in order
    bijlage: bool = False  # a top-level "Bijlage A ..." section: an appendix


@dataclass
class Inlezing:
    """A Word draft read into sections, with counts for the report."""

    secties: list[Sectie]
    titel: str = ""
    tabellen: int = 0
    afbeeldingen: int = 0
    voetnoten: int = 0
    invoegingen: int = 0
    verwijderingen: int = 0
    verplaatsingen: int = 0
    opmerkingen: int = 0
    overgeslagen: list[str] = field(default_factory=list)  # what was left out, in Dutch
