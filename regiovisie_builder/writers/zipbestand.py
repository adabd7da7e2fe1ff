"""The one reproducible zip writer: .docx packages and the site archive.

Fixed entry times and a fixed order, so equal input gives equal bytes (reproducible builds).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping

# The earliest time a zip entry can carry; no build date leaks into the output.
VASTE_TIJD = (1980, 1, 1, 0, 0, 0)


def zip_van(onderdelen: Mapping[str, bytes], eerst: Iterable[str] = ()) -> bytes:
    """A zip of ``onderdelen`` (name -> bytes): the names in ``eerst`` first, in that order,
    then the rest sorted; every entry deflated, dated ``VASTE_TIJD``, mode 0644."""
    voorop = [naam for naam in eerst if naam in onderdelen]
    volgorde = voorop + sorted(n for n in onderdelen if n not in voorop)
    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w") as doel:
        for naam in volgorde:
            info = zipfile.ZipInfo(naam, date_time=VASTE_TIJD)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            doel.writestr(info, onderdelen[naam])
    return uit.getvalue()
