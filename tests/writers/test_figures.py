"""Figures as a reader meets them: a picture with its description and a numbered caption in
Word, HTML and the website, and a Dutch refusal for images that cannot be trusted."""

from __future__ import annotations

import base64
import os
import re
import resource
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_example, run_cli
from tests.writers.docx_helpers import NS, W, deel, tekst, veldcodes

GEHEUGEN = 2 * 1024**3  # address space for one refused build

KAART = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" viewBox="0 0 400 300">'
    '<rect width="400" height="300" fill="#eef"/><circle cx="120" cy="150" r="60" fill="#369"/>'
    "</svg>"
)
BLOK = """---
id: kaart-van-de-regio
titel: De regio op de kaart
hoofdstuk: inleiding
volgorde: 90
---
De kaart staat in [](#figuur-1); het schema in [](#figuur-2).

![Kaart van de regio met de gemeenten als vlakken](kaart.svg)
Figuur: De gemeenten van de regio

{afbeelding}

Figuur: Het schema van de samenwerking
"""


def png(breedte: int, hoogte: int) -> bytes:
    """A valid PNG header (and a tiny image body) claiming ``breedte`` x ``hoogte`` pixels."""

    def chunk(soort: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + soort
            + data
            + struct.pack(">I", zlib.crc32(soort + data) & 0xFFFFFFFF)
        )

    kop = struct.pack(">IIBBBBB", breedte, hoogte, 8, 2, 0, 0, 0)
    rij = b"\0" + b"\xc0\x20\x20" * min(breedte, 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", kop)
        + chunk(b"IDAT", zlib.compress(rij * min(hoogte, 64)))
        + chunk(b"IEND", b"")
    )


def werkmap_met(tmp: Path, afbeelding: str = "![Schema van de samenwerking](schema.png)") -> Path:
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp)
    # Only this test's figures: the example's own appendix (a drawing and a chart) goes.
    (werkmap / "content" / "bijlage-gemeenten.md").unlink()
    (werkmap / "content" / "kaart.svg").write_text(KAART, encoding="utf-8")
    (werkmap / "content" / "schema.png").write_bytes(png(64, 48))
    (werkmap / "content" / "kaart-van-de-regio.md").write_text(
        BLOK.format(afbeelding=afbeelding), encoding="utf-8"
    )
    return werkmap


@pytest.fixture(scope="module")
def gebouwd(tmp_path_factory) -> Path:
    werkmap = werkmap_met(tmp_path_factory.mktemp("figuren"))
    resultaat = run_cli("build", werkmap, "-f", "docx", "-f", "html", "-f", "site")
    assert resultaat.returncode == 0, resultaat.stderr
    return werkmap / "build"


def test_word_has_pictures_with_description_and_seq_caption(gebouwd):
    docx = gebouwd / "regiovisie.docx"
    with zipfile.ZipFile(docx) as pakket:
        media = [n for n in pakket.namelist() if n.startswith("word/media/")]
    # The SVG is kept as SVG and as its PNG stand-in; the PNG as it is.
    assert any(n.endswith(".svg") for n in media)
    assert sum(n.endswith(".png") for n in media) == 2
    body = deel(docx, "word/document.xml")
    wp = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
    beschrijvingen = [d.get("descr") for d in body.iter(f"{wp}docPr")]
    assert beschrijvingen == [
        "Kaart van de regio met de gemeenten als vlakken",
        "Schema van de samenwerking",
    ]
    bijschriften = [
        p for p in body.iter(f"{{{W}}}p") if tekst(p).startswith("Figuur ") and veldcodes(p)
    ]
    assert [tekst(p) for p in bijschriften] == [
        "Figuur 1. De gemeenten van de regio",
        "Figuur 2. Het schema van de samenwerking",
    ]
    for p in bijschriften:
        assert veldcodes(p) == ["SEQ Figuur \\* ARABIC"]
        assert p.find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val") == "Caption"
    # The picture fits the text width and keeps its aspect ratio (400 x 300).
    extent = next(body.iter(f"{wp}extent"))
    cx, cy = int(extent.get("cx")), int(extent.get("cy"))
    assert cx <= 6 * 914400 and abs(cx / cy - 4 / 3) < 0.01
    # "[](#figuur-2)" became "figuur 2" with a REF field to the caption number.
    verwijzing = next(p for p in body.iter(f"{{{W}}}p") if "De kaart staat in" in tekst(p))
    assert "figuur 1" in tekst(verwijzing) and "figuur 2" in tekst(verwijzing)
    assert any(code.startswith("REF p_figuur_2") for code in veldcodes(verwijzing))


def test_html_figure_has_img_alt_and_figcaption(gebouwd):
    html = (gebouwd / "regiovisie.html").read_text(encoding="utf-8")
    figuren = re.findall(r"<figure[^>]*>.*?</figure>", html, re.S)
    assert len(figuren) == 2
    assert 'id="figuur-1"' in figuren[0]
    svg = r'<img src="data:image/svg\+xml;base64,[^"]+" alt="Kaart van de regio'
    assert re.search(svg, figuren[0])
    assert "<figcaption>Figuur 1. De gemeenten van de regio</figcaption>" in figuren[0]
    assert re.search(r'<img src="data:image/png;base64,[^"]+" alt="Schema van de', figuren[1])
    assert '<a href="#figuur-2">figuur 2</a>' in html


def test_site_copies_the_image_as_an_asset(gebouwd):
    versie = next(p for p in (gebouwd / "site").iterdir() if p.is_dir() and p.name[0].isdigit())
    pagina = next(
        p for p in versie.rglob("*.html") if "Kaart van de regio" in p.read_text(encoding="utf-8")
    )
    html = pagina.read_text(encoding="utf-8")
    bron = re.search(r'<img alt="Kaart van de regio[^"]*" src="(_images/[0-9a-f]+\.svg)"', html)
    assert bron, html
    assert (pagina.parent / bron.group(1)).read_text(encoding="utf-8").count("<circle") == 1
    assert "<figcaption>" in html and "Figuur 1. De gemeenten van de regio" in html


@pytest.mark.parametrize(
    ("afbeelding", "bestand", "verwacht"),
    [
        ("![](schema.png)", None, "heeft geen alt-tekst"),
        ("![Wachtwoorden](../../../../../etc/x.png)", None, "staat niet in de werkmap"),
        ("![Wachtwoorden](/etc/x.png)", None, "staat niet in de werkmap"),
        ("![Bom](bom.png)", ("bom.png", png(50000, 50000)), "miljoen pixels"),
        (
            "![Tekening](eng.svg)",
            ("eng.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
            "<script>",
        ),
        (
            "![Tekening](haalt.svg)",
            (
                "haalt.svg",
                b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/'
                b'xlink"><image xlink:href="file:///etc/passwd"/></svg>',
            ),
            "ander bestand of adres",
        ),
        (
            "![Tekening](entiteit.svg)",
            (
                "entiteit.svg",
                b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                b'<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
            ),
            "DOCTYPE",
        ),
        (
            # Each level repeats the one below ten times: ten levels would be 10**10 shapes.
            "![Tekening](bom.svg)",
            (
                "bom.svg",
                b'<svg xmlns="http://www.w3.org/2000/svg"><defs><g id="a"><rect width="1" '
                b'height="1"/></g><g id="b"><use href="#a"/><use href="#a"/></g></defs>'
                b'<use href="#b"/></svg>',
            ),
            "herhalingen van herhalingen",
        ),
    ],
    ids=[
        "zonder-alt",
        "buiten-werkmap",
        "absoluut-pad",
        "pixelbom",
        "script",
        "extern",
        "dtd",
        "herhalingsbom",
    ],
)
def test_untrusted_images_are_refused_in_dutch(tmp_path, afbeelding, bestand, verwacht):
    werkmap = werkmap_met(tmp_path, afbeelding)
    if bestand:
        (werkmap / "content" / bestand[0]).write_bytes(bestand[1])
    # In a subprocess with a memory cap: decoding the pixel bomb would need gigabytes.
    resultaat = subprocess.run(
        [sys.executable, "-m", "regiovisie_builder", "build", str(werkmap), "-f", "docx",
         "-f", "html"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"},
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (GEHEUGEN, GEHEUGEN)),
    )  # fmt: skip
    assert resultaat.returncode == 2, resultaat.stderr
    assert "Traceback" not in resultaat.stderr
    assert verwacht in resultaat.stderr
    assert re.search(r"kaart-van-de-regio\.md, regel \d+", resultaat.stderr)
    assert not (werkmap / "build" / "regiovisie.docx").exists()


@pytest.mark.parametrize("voorbeeld", ["zuid-kennemerland-ijmond", "rotterdam-rijnmond"])
def test_examples_have_a_figure_a_chart_and_an_appendix(tmp_path, voorbeeld):
    werkmap = copy_example(voorbeeld, tmp_path)
    resultaat = run_cli("build", werkmap, "-f", "docx", "-f", "html")
    assert resultaat.returncode == 0, resultaat.stderr
    html = (werkmap / "build" / "regiovisie.html").read_text(encoding="utf-8")
    figuren = re.findall(r"<figure[^>]*>.*?</figure>", html, re.S)
    assert len(figuren) == 2  # the drawing of the municipalities and the budget chart
    assert re.search(r'<img src="data:image/svg\+xml;base64,[^"]+" alt="Schema', figuren[0])
    assert 'alt="Staafdiagram' in figuren[1]
    body = deel(werkmap / "build" / "regiovisie.docx", "word/document.xml")
    koppen = [
        tekst(p)
        for p in body.iter(f"{{{W}}}p")
        if (stijl := p.find("w:pPr/w:pStyle", NS)) is not None
        and stijl.get(f"{{{W}}}val") == "Heading1"
    ]
    # "Bijlage A", a tab, the title (tekst() joins only the text runs).
    assert "Bijlage ADe gemeenten van de regio" in koppen


def test_a_changed_image_forces_a_real_build(zkij):
    assert run_cli("build", zkij, "-f", "html").returncode == 0
    assert "Niets veranderd" in run_cli("build", zkij, "-f", "html").stdout
    tekening = zkij / "content" / "gemeenten.svg"
    tekening.write_text(tekening.read_text(encoding="utf-8").replace("#fbe7c2", "#f5d08a"))
    opnieuw = run_cli("build", zkij, "-f", "html")
    assert opnieuw.returncode == 0
    assert "Niets veranderd" not in opnieuw.stdout
    html = (zkij / "build" / "regiovisie.html").read_text(encoding="utf-8")
    svg = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="Schema', html).group(1)
    assert b"#f5d08a" in base64.b64decode(svg)
