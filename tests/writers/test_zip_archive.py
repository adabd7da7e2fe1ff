"""The reproducible zip writer, and a part handed to it compressed already.

``zip_archive.zip_of`` puts a raw deflate stream made by the caller (the Word cache's
pieces of document.xml) into the zip as it is, through the compressor attribute of
zipfile's private write handle. These tests fail when a Python release changes that
handle, and when the entry it writes is not one every zip reader accepts.
"""

from __future__ import annotations

import inspect
import io
import struct
import zipfile
import zlib

from regiovisie_builder.writers import zip_archive

DATA = b"".join(b"<w:p><w:r><w:t>regel %d van de tekst</w:t></w:r></w:p>" % i for i in range(3000))


def _raw(archive: bytes, name: str) -> bytes:
    """The compressed bytes of ``name`` as they are in the archive (after its local header)."""
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        info = z.getinfo(name)
    header = archive[info.header_offset : info.header_offset + 30]
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    begin = info.header_offset + 30 + name_length + extra_length
    return archive[begin : begin + info.compress_size]


def _stream(data: bytes, level: int) -> bytes:
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def test_zipfile_write_handle_still_has_the_compressor_the_writer_replaces():
    with zipfile.ZipFile(io.BytesIO(), "w") as z, z.open("x", "w") as handle:
        assert hasattr(handle, "_compressor"), "zipfile changed: see zip_archive.zip_of"
    assert "self._compressor.compress(data)" in inspect.getsource(zipfile._ZipWriteFile.write)


def test_a_stream_compressed_already_goes_into_the_zip_as_it_is():
    # Compressed differently from what zipfile would do (level 1), so a test that passes
    # shows the given stream was used and not one zipfile made.
    given = _stream(DATA, 1)
    assert given != _stream(DATA, 6)
    archive = zip_archive.zip_of(
        {"word/document.xml": DATA, "a.xml": b"<a/>"}, deflated={"word/document.xml": given}
    )
    assert _raw(archive, "word/document.xml") == given
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        assert z.testzip() is None  # every entry's checksum matches its bytes
        assert z.read("word/document.xml") == DATA
        assert z.read("a.xml") == b"<a/>"
        info = z.getinfo("word/document.xml")
        assert (info.file_size, info.CRC) == (len(DATA), zlib.crc32(DATA))
        assert info.compress_type == zipfile.ZIP_DEFLATED
        assert info.date_time == zip_archive.FIXED_TIME
        assert info.external_attr == 0o644 << 16


def test_without_a_given_stream_the_bytes_are_as_before():
    plain = zip_archive.zip_of({"b.xml": DATA, "a.xml": b"<a/>"}, first=("b.xml",))
    with zipfile.ZipFile(io.BytesIO(plain)) as z:
        assert z.namelist() == ["b.xml", "a.xml"]
    # The same entry given as zipfile itself compresses it gives the same archive.
    same = zip_archive.zip_of(
        {"b.xml": DATA, "a.xml": b"<a/>"}, first=("b.xml",), deflated={"b.xml": _stream(DATA, 6)}
    )
    assert same == plain
