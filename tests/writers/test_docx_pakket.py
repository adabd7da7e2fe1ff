"""The Word writer uses private methods of python-docx: only on the releases tested here."""

import inspect

import docx
from docx.opc.pkgwriter import PackageWriter

# Releases whose PackageWriter internals oxml.pakket was checked against.
GETESTE_RELEASES = ("1.2",)


def test_python_docx_is_a_tested_release():
    release = ".".join(docx.__version__.split(".")[:2])
    assert release in GETESTE_RELEASES, (
        f"python-docx {docx.__version__} is untested: check writers/docx/oxml.pakket against "
        "its PackageWriter, then add the release here and widen the range in pyproject.toml"
    )


def test_the_private_package_writer_methods_have_the_expected_signatures():
    verwacht = {
        "_write_content_types_stream": ["phys_writer", "parts"],
        "_write_pkg_rels": ["phys_writer", "pkg_rels"],
        "_write_parts": ["phys_writer", "parts"],
    }
    for naam, parameters in verwacht.items():
        methode = getattr(PackageWriter, naam)
        assert list(inspect.signature(methode).parameters) == parameters, naam
