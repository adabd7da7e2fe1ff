"""The Word writer uses private methods of python-docx: only on the releases tested here.

``oxml.package`` hands python-docx's parts to our reproducible zip writer through three private
``PackageWriter`` methods. pyproject pins python-docx to the tested release; these tests fail
on any other release, on a changed or removed method, and when the package written that way
differs from the one python-docx itself reads back.
"""

import inspect
import io
import re

import docx
from docx.opc.pkgwriter import PackageWriter

from regiovisie_builder.writers.docx import oxml

# Releases whose PackageWriter internals oxml.pakket was checked against.
TESTED_RELEASES = ("1.2",)

# The private PackageWriter methods oxml.pakket calls, with their parameters.
PRIVATE_METHODS = {
    "_write_content_types_stream": ["phys_writer", "parts"],
    "_write_pkg_rels": ["phys_writer", "pkg_rels"],
    "_write_parts": ["phys_writer", "parts"],
}


def test_python_docx_is_a_tested_release():
    release = ".".join(docx.__version__.split(".")[:2])
    assert release in TESTED_RELEASES, (
        f"python-docx {docx.__version__} is untested: check writers/docx/oxml.pakket against "
        "its PackageWriter, then add the release here and widen the range in pyproject.toml"
    )


def test_the_private_methods_checked_here_are_the_ones_the_writer_calls():
    used = set(re.findall(r"PackageWriter\.(_\w+)", inspect.getsource(oxml.package)))
    assert used == set(PRIVATE_METHODS)


def test_the_private_package_writer_methods_have_the_expected_signatures():
    for name, parameters in PRIVATE_METHODS.items():
        method = getattr(PackageWriter, name)
        assert list(inspect.signature(method).parameters) == parameters, name


def _content(package) -> dict:
    """Every part of an opened package: name -> (content type, its relations, bytes)."""
    return {
        str(part.partname): (
            part.content_type,
            sorted((rel.reltype, rel.target_ref) for rel in part.rels.values()),
            part.blob,
        )
        for part in package.iter_parts()
    }


def test_the_package_holds_every_part_and_relation_python_docx_would_write():
    doc = docx.Document()
    doc.add_paragraph("Tekst")
    doc.sections[0].header.add_paragraph("Koptekst")  # a part of its own with a relation
    original = doc.part.package
    expected = _content(original)
    package_rels = sorted((r.reltype, r.target_ref) for r in original.rels.values())

    read_back = docx.Document(io.BytesIO(oxml.package(doc))).part.package

    assert sorted((r.reltype, r.target_ref) for r in read_back.rels.values()) == package_rels
    assert _content(read_back) == expected
