"""What reading a Word draft gives: sections of Markdown, images and counts for the report."""

from __future__ import annotations

from dataclasses import dataclass, field

MISSING_DESCRIPTION = "[beschrijving ontbreekt]"


# --- results -------------------------------------------------------------------------------


@dataclass
class Picture:
    """An image from the draft: its bytes, the extension to save it with, its alt text."""

    content: bytes
    extension: str
    alt: str
    name: str = ""  # file name below content/afbeeldingen/, chosen by the command


@dataclass
class Section:
    """One section of the draft: heading level (1-3), title and body parts in order.

    A body part is Markdown text, or an ``Picture`` followed by its caption (the
    command names the image file and then writes the figure Markdown).
    """

    level: int
    titel: str
    parts: list = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)  # Markdown of each footnote, in order
    bijlage: bool = False  # a top-level "Bijlage A ..." section: an appendix


@dataclass
class Reading:
    """A Word draft read into sections, with counts for the report."""

    sections: list[Section]
    titel: str = ""
    tables: int = 0
    images: int = 0
    footnotes: int = 0
    insertions: int = 0
    deletions: int = 0
    moves: int = 0
    comments: int = 0
    skipped: list[str] = field(default_factory=list)  # what was left out, in Dutch
