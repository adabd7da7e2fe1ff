"""The one reproducible zip writer: .docx packages and the site archive.

Fixed entry times and a fixed order, so equal input gives equal bytes (reproducible builds).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping

# The earliest time a zip entry can carry; no build date leaks into the output.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


class _Compressed:
    """Stands in for the compressor of zipfile's write handle: the stream is made already."""

    def __init__(self, stream: bytes):
        self.stream = stream

    def compress(self, data: bytes) -> bytes:
        out, self.stream = self.stream, b""
        return out

    def flush(self) -> bytes:
        return b""


def zip_of(
    components: Mapping[str, bytes],
    first: Iterable[str] = (),
    deflated: Mapping[str, bytes] | None = None,
) -> bytes:
    """A zip of ``components`` (name -> bytes): the names in ``first`` first, in that order,
    then the rest sorted; every entry deflated, dated ``FIXED_TIME``, mode 0644.

    ``deflated`` gives, for some names, their bytes compressed already: a complete raw
    deflate stream (see ``writers.docx.blokxml.Blokxml.deflate``), which goes into the zip
    as it is. zipfile has no public way to take such a stream; its write handle keeps its
    compressor in ``_compressor`` (CPython 3.6 to 3.14), which is replaced here, so zipfile
    still computes the checksum and sizes from the bytes. Where a Python has no such
    attribute, the entry is compressed as usual (a test notices that).
    """
    leading = [name for name in first if name in components]
    order = leading + sorted(n for n in components if n not in leading)
    given = deflated or {}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            data = components[name]
            if name not in given:
                target.writestr(info, data)
                continue
            info.file_size = len(data)  # as writestr: it decides on zip64 extensions
            with target.open(info, "w") as handle:
                if hasattr(handle, "_compressor"):
                    handle._compressor = _Compressed(given[name])
                handle.write(data)
    return out.getvalue()
