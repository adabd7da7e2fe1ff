"""Read a Word draft from outside (.docx) into sections of Markdown, for ``regiovisie import``.

The draft is untrusted: the zip is checked for bombs before anything is unpacked, every part
is read with a size cap, and XML is parsed with defusedxml (a DTD or entity is refused).

Sections come from heading styles (by name, localised name or the style's outline level) and,
in a draft without them, from numbered lines ("2.1 Beleidskader") and short bold lines. The
text is taken as Word shows it with every tracked change accepted: inserted and moved-to text
is kept, deleted and moved-from text is dropped. The table of contents, the cover page (all
before the first heading), headers and footers are left out.

The parts: ``pakket`` (the checked zip and XML), ``stijlen`` (styles, list numbering),
``alinea`` (runs to Markdown), ``secties`` (headings, tables, lists, sections).
"""

from regiovisie_builder.readers.docx_import.alinea import ontsnap
from regiovisie_builder.readers.docx_import.pakket import MAX_BESTAND
from regiovisie_builder.readers.docx_import.secties import lees_docx
from regiovisie_builder.readers.docx_import.uitkomst import (
    ONTBREKENDE_BESCHRIJVING,
    Afbeelding,
    Inlezing,
    Sectie,
)

__all__ = [
    "MAX_BESTAND",
    "ONTBREKENDE_BESCHRIJVING",
    "Afbeelding",
    "Inlezing",
    "Sectie",
    "lees_docx",
    "ontsnap",
]
