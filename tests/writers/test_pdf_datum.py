"""Reproducible PDF bytes: the moment of export is replaced by the document's date.

Runs without LibreOffice on a small PDF shaped like LibreOffice's (dates in the document
information and XMP, a compressed colour profile with its own creation date, a file
identifier and checksum in the trailer).
"""

from __future__ import annotations

import datetime as dt
import re
import zlib

from regiovisie_builder.writers.pdf import vastzetten

DOCUMENTDATUM = dt.datetime(2021, 2, 16, 12, 0, tzinfo=dt.UTC)


def _icc(moment: dt.datetime) -> bytes:
    velden = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    kop = b"\0\0\x02\x1clcms" + b"\x02\x10\0\0mntrRGB XYZ "
    kop += b"".join(v.to_bytes(2, "big") for v in velden)
    return kop + b"acsp" + bytes(range(88)) + b"kleurgegevens" * 20


def _pdf(moment: dt.datetime, kenmerk: str) -> bytes:
    """A PDF as LibreOffice writes one, stamped with ``moment``."""
    profiel = zlib.compress(_icc(moment), 6)
    datum = moment.strftime("%Y%m%d%H%M%S").encode()
    xmp = moment.strftime("%Y-%m-%dT%H:%M:%S").encode()
    objecten = [
        b"<</Type/Catalog/Pages 2 0 R/Metadata 6 0 R/Lang(nl-NL)>>",
        b"<</Type/Pages/Kids[]/Count 0>>",
        b"<</N 3/Length 4 0 R/Filter/FlateDecode>>\nstream\n" + profiel + b"\nendstream",
        str(len(profiel)).encode(),
        b"<</Title(Regiovisie)/CreationDate(D:" + datum + b"Z')>>",
        b"<</Type/Metadata/Subtype/XML/Length 60>>\nstream\n<xmp:CreateDate>"
        + xmp
        + b"Z</xmp:CreateDate>\nendstream",
    ]
    uit = b"%PDF-1.6\n"
    posities = []
    for nummer, inhoud in enumerate(objecten, start=1):
        posities.append(len(uit))
        uit += b"%d 0 obj\n" % nummer + inhoud + b"\nendobj\n\n"
    xref = len(uit)
    uit += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objecten) + 1)
    uit += b"".join(b"%010d 00000 n \n" % p for p in posities)
    uit += (
        b"trailer\n<</Size 7/Root 1 0 R\n/Info 5 0 R\n/ID [ <"
        + kenmerk.encode()
        + b">\n<"
        + kenmerk.encode()
        + b"> ]\n/DocChecksum /"
        + kenmerk.encode()
        + b"\n>>\nstartxref\n%d\n%%%%EOF\n" % xref
    )
    return uit


def _objecten_kloppen(pdf: bytes) -> None:
    start = int(re.search(rb"startxref\s+(\d+)", pdf).group(1))
    assert pdf[start:].startswith(b"xref")
    regels = re.findall(rb"(?m)^(\d{10}) \d{5} n", pdf[start:])
    for nummer, positie in enumerate(regels, start=1):
        assert pdf[int(positie) :].startswith(b"%d 0 obj" % nummer), nummer


def test_two_exports_at_different_moments_give_the_same_bytes():
    eerste = _pdf(dt.datetime(2026, 11, 30, 8, 0, 8), "EE29F1636D38725E29AA0E6BC690893A")
    tweede = _pdf(dt.datetime(2026, 11, 30, 9, 59, 34), "C19E7B4B6B267C90C907A6791CBAFA47")
    _objecten_kloppen(eerste)
    assert eerste != tweede
    a, b = vastzetten(eerste, DOCUMENTDATUM), vastzetten(tweede, DOCUMENTDATUM)
    assert a == b
    _objecten_kloppen(a)


def test_dates_become_the_document_date():
    uit = vastzetten(_pdf(dt.datetime(2026, 11, 30, 8, 0, 8), "0" * 32), DOCUMENTDATUM)
    assert b"/CreationDate(D:20210216120000Z')" in uit
    assert b"<xmp:CreateDate>2021-02-16T12:00:00Z</xmp:CreateDate>" in uit
    stroom = re.search(rb"/FlateDecode>>\nstream\n(.*?)\nendstream", uit, re.S).group(1)
    lengte = int(re.search(rb"4 0 obj\n(\d+)", uit).group(1))
    assert lengte == len(stroom), "the stream length follows the recompressed profile"
    profiel = zlib.decompress(stroom)
    assert profiel == _icc(dt.datetime(2021, 2, 16, 12, 0, 0))
    kenmerk = re.search(rb"/ID \[ <([0-9A-F]{32})>", uit).group(1)
    assert kenmerk != b"0" * 32
    assert b"/DocChecksum /" + kenmerk in uit


def test_a_pdf_without_export_stamps_is_left_alone():
    gewoon = b"%PDF-1.4\n1 0 obj\n<</Type/Catalog>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
    assert vastzetten(gewoon, DOCUMENTDATUM) == gewoon
