"""Figures as a reader meets them: a picture with its description and a numbered caption in
Word, HTML and the website, and a Dutch refusal for images that cannot be trusted."""

from __future__ import annotations

import base64
import re
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import pytest

from tests.conftest import copy_example, run_cli, run_cli_capped
from tests.writers.docx_helpers import NS, W, field_codes, part, text

MEMORY = 2 * 1024**3  # address space for one refused build

MAP_SVG = (
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


def png(width: int, height: int) -> bytes:
    """A valid PNG header (and a tiny image body) claiming ``width`` x ``height`` pixels."""

    def chunk(soort: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + soort
            + data
            + struct.pack(">I", zlib.crc32(soort + data) & 0xFFFFFFFF)
        )

    heading = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    row = b"\0" + b"\xc0\x20\x20" * min(width, 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", heading)
        + chunk(b"IDAT", zlib.compress(row * min(height, 64)))
        + chunk(b"IEND", b"")
    )


def werkmap_with(tmp: Path, image: str = "![Schema van de samenwerking](schema.png)") -> Path:
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp)
    # Only this test's figures: the example's own appendix (a drawing and a chart) goes.
    (werkmap / "content" / "bijlage-gemeenten.md").unlink()
    (werkmap / "content" / "kaart.svg").write_text(MAP_SVG, encoding="utf-8")
    (werkmap / "content" / "schema.png").write_bytes(png(64, 48))
    (werkmap / "content" / "kaart-van-de-regio.md").write_text(
        BLOK.format(afbeelding=image), encoding="utf-8"
    )
    return werkmap


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    werkmap = werkmap_with(tmp_path_factory.mktemp("figuren"))
    result = run_cli("build", werkmap, "-f", "docx", "-f", "html", "-f", "site")
    assert result.returncode == 0, result.stderr
    return werkmap / "build"


def test_word_has_pictures_with_description_and_seq_caption(built):
    docx = built / "regiovisie.docx"
    with zipfile.ZipFile(docx) as package:
        media = [n for n in package.namelist() if n.startswith("word/media/")]
    # The SVG is kept as SVG and as its PNG stand-in; the PNG as it is.
    assert any(n.endswith(".svg") for n in media)
    assert sum(n.endswith(".png") for n in media) == 2
    body = part(docx, "word/document.xml")
    wp = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
    descriptions = [d.get("descr") for d in body.iter(f"{wp}docPr")]
    assert descriptions == [
        "Kaart van de regio met de gemeenten als vlakken",
        "Schema van de samenwerking",
    ]
    captions = [
        p for p in body.iter(f"{{{W}}}p") if text(p).startswith("Figuur ") and field_codes(p)
    ]
    assert [text(p) for p in captions] == [
        "Figuur 1. De gemeenten van de regio",
        "Figuur 2. Het schema van de samenwerking",
    ]
    for p in captions:
        assert field_codes(p) == ["SEQ Figuur \\* ARABIC"]
        assert p.find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val") == "Caption"
    # The picture fits the text width and keeps its aspect ratio (400 x 300).
    extent = next(body.iter(f"{wp}extent"))
    cx, cy = int(extent.get("cx")), int(extent.get("cy"))
    assert cx <= 6 * 914400 and abs(cx / cy - 4 / 3) < 0.01
    # "[](#figuur-2)" became "figuur 2" with a REF field to the caption number.
    reference = next(p for p in body.iter(f"{{{W}}}p") if "De kaart staat in" in text(p))
    assert "figuur 1" in text(reference) and "figuur 2" in text(reference)
    assert any(code.startswith("REF p_figuur_2") for code in field_codes(reference))


def test_html_figure_has_img_alt_and_figcaption(built):
    html = (built / "regiovisie.html").read_text(encoding="utf-8")
    figures = re.findall(r"<figure[^>]*>.*?</figure>", html, re.S)
    assert len(figures) == 2
    assert 'id="figuur-1"' in figures[0]
    svg = r'<img src="data:image/svg\+xml;base64,[^"]+" alt="Kaart van de regio'
    assert re.search(svg, figures[0])
    assert "<figcaption>Figuur 1. De gemeenten van de regio</figcaption>" in figures[0]
    assert re.search(r'<img src="data:image/png;base64,[^"]+" alt="Schema van de', figures[1])
    assert '<a href="#figuur-2">figuur 2</a>' in html


def test_site_copies_the_image_as_an_asset(built):
    versie = next(p for p in (built / "site").iterdir() if p.is_dir() and p.name[0].isdigit())
    page = next(
        p for p in versie.rglob("*.html") if "Kaart van de regio" in p.read_text(encoding="utf-8")
    )
    html = page.read_text(encoding="utf-8")
    source = re.search(r'<img alt="Kaart van de regio[^"]*" src="(_images/[0-9a-f]+\.svg)"', html)
    assert source, html
    assert (page.parent / source.group(1)).read_text(encoding="utf-8").count("<circle") == 1
    assert "<figcaption>" in html and "Figuur 1. De gemeenten van de regio" in html


@pytest.mark.parametrize(
    ("image", "file", "expected"),
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
        (
            # Under the limit on the number of parts, but 40,000 levels deep: writing the
            # drawing out again (and drawing it) recursed until Python gave up.
            "![Tekening](diep.svg)",
            (
                "diep.svg",
                b'<svg xmlns="http://www.w3.org/2000/svg">'
                + b"<g>" * 40_000
                + b"</g>" * 40_000
                + b"</svg>",
            ),
            "meer dan 100 lagen diep in elkaar",
        ),
        # The site serves a drawing as a file of its own (_images/...svg): opened in a
        # browser tab it is a document on the site's address. These passed the checks.
        (
            # A link made a script address by an animation (a tab the browser drops).
            "![Tekening](animatie.svg)",
            (
                "animatie.svg",
                b'<svg xmlns="http://www.w3.org/2000/svg"><a href="#r"><set attributeName='
                b'"href" to="jav&#9;ascript:alert(1)"/><rect id="r" width="9" height="9"/></a>'
                b"</svg>",
            ),
            "een animatie die 'href' verandert",
        ),
        (
            # An animation that points an image at another address after the check.
            "![Tekening](animatie-extern.svg)",
            (
                "animatie-extern.svg",
                b'<svg xmlns="http://www.w3.org/2000/svg"><image href="#a"><set attributeName='
                b'"xlink:href" to="https://voorbeeld.example/x.png"/></image></svg>',
            ),
            "een animatie die 'xlink:href' verandert",
        ),
        (
            # Style text after an element inside <style>, and @import written with an escape.
            "![Tekening](stijl.svg)",
            (
                "stijl.svg",
                b'<svg xmlns="http://www.w3.org/2000/svg"><style><g/>rect { fill: '
                b'url(https://voorbeeld.example/x) }</style><rect width="9" height="9"/></svg>',
            ),
            "een stijl die een ander bestand of adres ophaalt",
        ),
        (
            "![Tekening](import.svg)",
            (
                "import.svg",
                b'<svg xmlns="http://www.w3.org/2000/svg"><style>@\\69mport '
                b'"https://voorbeeld.example/x.css";</style></svg>',
            ),
            "een stijl die een ander bestand of adres ophaalt",
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
        "diepe-nesting",
        "animatie-javascript",
        "animatie-extern",
        "stijl-na-element",
        "stijl-escape",
    ],
)
def test_untrusted_images_are_refused_in_dutch(request, tmp_path, image, file, expected):
    werkmap = werkmap_with(tmp_path, image)
    if file:
        (werkmap / "content" / file[0]).write_bytes(file[1])
    if request.node.callspec.id in EXHAUSTING:
        result = _build_capped(werkmap)
    else:  # a wrong answer here would be output, not a hang: the quicker in-process build
        result = run_cli("build", werkmap, "-f", "docx", "-f", "html")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert expected in result.stderr
    assert re.search(r"kaart-van-de-regio\.md, regel \d+", result.stderr)
    assert not (werkmap / "build" / "regiovisie.docx").exists()


def test_a_picture_in_a_footnote_is_refused_and_the_last_build_stays(tmp_path):
    # Word keeps no picture in a footnote: accepted, the picture would be in the web page
    # and silently missing from Word.
    werkmap = werkmap_with(tmp_path)
    assert run_cli("build", werkmap, "-f", "docx", "-f", "html").returncode == 0
    before = {p.name: p.read_bytes() for p in (werkmap / "build").glob("regiovisie.*")}
    assert set(before) == {"regiovisie.docx", "regiovisie.html"}
    blok = werkmap / "content" / "kaart-van-de-regio.md"
    blok.write_text(
        blok.read_text(encoding="utf-8").replace("De kaart staat", "De kaart[^k] staat")
        + "\n[^k]: Een toelichting.\n\n    - ![Schema van de samenwerking](schema.png)\n",
        encoding="utf-8",
    )
    line = (
        blok.read_text(encoding="utf-8")
        .splitlines()
        .index("    - ![Schema van de samenwerking](schema.png)")
    )
    result = run_cli("build", werkmap, "-f", "docx", "-f", "html")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert (
        f"content/kaart-van-de-regio.md, regel {line + 1}: blok 'kaart-van-de-regio': een "
        "voetnoot kan geen afbeelding bevatten. Zet de afbeelding 'schema.png' in de tekst "
        "zelf, in een eigen alinea met daaronder een regel 'Figuur: bijschrift'."
    ) in result.stderr
    after = {p.name: p.read_bytes() for p in (werkmap / "build").glob("regiovisie.*")}
    assert after == before


# The bombs: accepting one would need gigabytes or hours, so they are built in a process
# of their own with a memory cap and a timeout.
EXHAUSTING = ("pixelbom", "herhalingsbom")


def _build_capped(werkmap: Path) -> subprocess.CompletedProcess:
    """``build`` in a subprocess with a memory cap: decoding the pixel bomb would need
    gigabytes."""
    return run_cli_capped("build", werkmap, "-f", "docx", "-f", "html", memory=MEMORY, timeout=120)


@pytest.mark.parametrize("preview", ["zuid-kennemerland-ijmond", "rotterdam-rijnmond"])
def test_examples_have_a_figure_a_chart_and_an_appendix(built_examples, preview):
    werkmap = built_examples[preview]  # built as docx and html (conftest), read-only
    html = (werkmap / "build" / "regiovisie.html").read_text(encoding="utf-8")
    figures = re.findall(r"<figure[^>]*>.*?</figure>", html, re.S)
    assert len(figures) == 2  # the drawing of the municipalities and the budget chart
    assert re.search(r'<img src="data:image/svg\+xml;base64,[^"]+" alt="Schema', figures[0])
    assert 'alt="Staafdiagram' in figures[1]
    body = part(werkmap / "build" / "regiovisie.docx", "word/document.xml")
    headings = [
        text(p)
        for p in body.iter(f"{{{W}}}p")
        if (style := p.find("w:pPr/w:pStyle", NS)) is not None
        and style.get(f"{{{W}}}val") == "Heading1"
    ]
    # "Bijlage A", a tab, the title (tekst() joins only the text runs).
    assert "Bijlage ADe gemeenten van de regio" in headings


def test_a_changed_image_forces_a_real_build(zkij):
    assert run_cli("build", zkij, "-f", "html").returncode == 0
    assert "Niets veranderd" in run_cli("build", zkij, "-f", "html").stdout
    drawing = zkij / "content" / "gemeenten.svg"
    drawing.write_text(drawing.read_text(encoding="utf-8").replace("#fbe7c2", "#f5d08a"))
    again = run_cli("build", zkij, "-f", "html")
    assert again.returncode == 0
    assert "Niets veranderd" not in again.stdout
    html = (zkij / "build" / "regiovisie.html").read_text(encoding="utf-8")
    svg = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="Schema', html).group(1)
    assert b"#f5d08a" in base64.b64decode(svg)
