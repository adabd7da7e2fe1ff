"""Read a Word draft from outside (.docx) into sections of Markdown, for ``regiovisie import``.

The draft is untrusted: the zip is checked for bombs before anything is unpacked, every part
is read with a size cap, and XML is parsed with defusedxml (a DTD or entity is refused).

Sections come from heading styles (by name, localised name or the style's outline level) and,
in a draft without them, from numbered lines ("2.1 Beleidskader") and short bold lines. The
text is taken as Word shows it with every tracked change accepted: inserted and moved-to text
is kept, deleted and moved-from text is dropped. The table of contents, the cover page (all
before the first heading), headers and footers are left out.

The parts: ``package`` (the checked zip and XML), ``styles`` (styles, list numbering),
``paragraph`` (runs to Markdown), ``sections`` (headings, tables, lists, sections).
"""

from regiovisie_builder.readers.docx_import.outcome import (
    MISSING_DESCRIPTION,
    Picture,
    Reading,
    Section,
)
from regiovisie_builder.readers.docx_import.package import MAX_FILE
from regiovisie_builder.readers.docx_import.paragraph import escape
from regiovisie_builder.readers.docx_import.sections import read_docx

__all__ = [
    "MAX_FILE",
    "MISSING_DESCRIPTION",
    "Picture",
    "Reading",
    "Section",
    "read_docx",
    "escape",
]
