"""Reproducible PDF bytes: the moment of export is replaced by the document's date.

Runs without LibreOffice on a small PDF shaped like LibreOffice's (dates in the document
information and XMP, a compressed colour profile with its own creation date, a file
identifier and checksum in the trailer).
"""

from __future__ import annotations

import datetime as dt
import re
import zlib

from regiovisie_builder.writers.pdf import freeze

DOCUMENT_DATE = dt.datetime(2021, 2, 16, 12, 0, tzinfo=dt.UTC)


def _icc(moment: dt.datetime) -> bytes:
    fields = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    heading = b"\0\0\x02\x1clcms" + b"\x02\x10\0\0mntrRGB XYZ "
    heading += b"".join(v.to_bytes(2, "big") for v in fields)
    return heading + b"acsp" + bytes(range(88)) + b"kleurgegevens" * 20


def _pdf(moment: dt.datetime, kenmerk: str) -> bytes:
    """A PDF as LibreOffice writes one, stamped with ``moment``."""
    profile = zlib.compress(_icc(moment), 6)
    date = moment.strftime("%Y%m%d%H%M%S").encode()
    xmp = moment.strftime("%Y-%m-%dT%H:%M:%S").encode()
    objects = [
        b"<</Type/Catalog/Pages 2 0 R/Metadata 6 0 R/Lang(nl-NL)>>",
        b"<</Type/Pages/Kids[]/Count 0>>",
        b"<</N 3/Length 4 0 R/Filter/FlateDecode>>\nstream\n" + profile + b"\nendstream",
        str(len(profile)).encode(),
        b"<</Title(Regiovisie)/CreationDate(D:" + date + b"Z')>>",
        b"<</Type/Metadata/Subtype/XML/Length 60>>\nstream\n<xmp:CreateDate>"
        + xmp
        + b"Z</xmp:CreateDate>\nendstream",
    ]
    out = b"%PDF-1.6\n"
    positions = []
    for number, content in enumerate(objects, start=1):
        positions.append(len(out))
        out += b"%d 0 obj\n" % number + content + b"\nendobj\n\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % p for p in positions)
    out += (
        b"trailer\n<</Size 7/Root 1 0 R\n/Info 5 0 R\n/ID [ <"
        + kenmerk.encode()
        + b">\n<"
        + kenmerk.encode()
        + b"> ]\n/DocChecksum /"
        + kenmerk.encode()
        + b"\n>>\nstartxref\n%d\n%%%%EOF\n" % xref
    )
    return out


def _objects_agree(pdf: bytes) -> None:
    start = int(re.search(rb"startxref\s+(\d+)", pdf).group(1))
    assert pdf[start:].startswith(b"xref")
    lines = re.findall(rb"(?m)^(\d{10}) \d{5} n", pdf[start:])
    for number, position in enumerate(lines, start=1):
        assert pdf[int(position) :].startswith(b"%d 0 obj" % number), number


def test_two_exports_at_different_moments_give_the_same_bytes():
    first = _pdf(dt.datetime(2026, 11, 30, 8, 0, 8), "EE29F1636D38725E29AA0E6BC690893A")
    second = _pdf(dt.datetime(2026, 11, 30, 9, 59, 34), "C19E7B4B6B267C90C907A6791CBAFA47")
    _objects_agree(first)
    assert first != second
    a, b = freeze(first, DOCUMENT_DATE), freeze(second, DOCUMENT_DATE)
    assert a == b
    _objects_agree(a)


def test_dates_become_the_document_date():
    out = freeze(_pdf(dt.datetime(2026, 11, 30, 8, 0, 8), "0" * 32), DOCUMENT_DATE)
    assert b"/CreationDate(D:20210216120000Z')" in out
    assert b"<xmp:CreateDate>2021-02-16T12:00:00Z</xmp:CreateDate>" in out
    stream = re.search(rb"/FlateDecode>>\nstream\n(.*?)\nendstream", out, re.S).group(1)
    length = int(re.search(rb"4 0 obj\n(\d+)", out).group(1))
    assert length == len(stream), "the stream length follows the recompressed profile"
    profile = zlib.decompress(stream)
    assert profile == _icc(dt.datetime(2021, 2, 16, 12, 0, 0))
    kenmerk = re.search(rb"/ID \[ <([0-9A-F]{32})>", out).group(1)
    assert kenmerk != b"0" * 32
    assert b"/DocChecksum /" + kenmerk in out


def test_a_pdf_without_export_stamps_is_left_alone():
    plain = b"%PDF-1.4\n1 0 obj\n<</Type/Catalog>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
    assert freeze(plain, DOCUMENT_DATE) == plain
