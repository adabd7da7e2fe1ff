"""The one reproducible zip writer: .docx packages and the site archive.

Fixed entry times and a fixed order, so equal input gives equal bytes (reproducible builds).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping

# The earliest time a zip entry can carry; no build date leaks into the output.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def zip_of(components: Mapping[str, bytes], first: Iterable[str] = ()) -> bytes:
    """A zip of ``components`` (name -> bytes): the names in ``first`` first, in that order,
    then the rest sorted; every entry deflated, dated ``FIXED_TIME``, mode 0644."""
    leading = [name for name in first if name in components]
    order = leading + sorted(n for n in components if n not in leading)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, components[name])
    return out.getvalue()
