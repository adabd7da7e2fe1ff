"""Images of figures: untrusted input, checked before any writer sees them.

A figure's file is read by the workspace's snapshot (``Snapshot.image``, which keeps it inside
the workspace or the shipped library); this module checks the bytes. PNG and JPEG: only the
header is read (size in pixels), never the whole picture, so a "pixel bomb" (a small file
that claims to be 50000 x 50000 pixels) is refused before it costs memory. SVG: parsed with
the hardened XML parser (no DTDs, no entities), refused when it holds scripts, event
handlers or references to other files or addresses, and written out again from the parsed
tree, so comments and processing instructions do not pass.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import replace
from typing import assert_never

from regiovisie_builder import blok_cache
from regiovisie_builder.dutch import counted
from regiovisie_builder.errors import ContentError, Problem
from regiovisie_builder.model import (
    Block,
    BlockQuote,
    CodeBlock,
    Document,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    Revision,
    Table,
)
from regiovisie_builder.readers import charts, css

MAX_BYTES = 10 * 1024 * 1024  # 10 MB per image file
MAX_PIXELS = 40_000_000  # 40 megapixels: a large photo, far below a memory problem
MAX_ELEMENTS = 50_000  # parts of one SVG drawing
# Parts nested in each other in one SVG drawing. Writing the drawing out again and drawing it
# (cairosvg) walk the tree recursively: 40,000 levels (under MAX_ELEMENTS) ended in
# RecursionError. Drawings from real programs nest a few dozen levels at most.
MAX_DEPTH = 100
SOORTEN = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".svg": "svg"}

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
# Elements that run code or pull in other documents.
_FORBIDDEN = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
# What a browser drops from an address before it reads its scheme ("jav\tascript:").
_URL_IGNORED = re.compile(r"[\x00-\x20]")
# In a drawing even a data: address in url() is refused: only "#" stays inside it.
_DATA_URL = re.compile(r"url\(\s*['\"]?\s*data:", re.I)


def _fetches(text: str) -> bool:
    return css.fetches(text) or bool(_DATA_URL.search(css.unescaped(text)))


_UNITS = {
    "": 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0
}  # fmt: skip


class InvalidImage(ValueError):
    """The image cannot be used; ``args[0]`` is the Dutch reason."""


def soort_of(path: str) -> str:
    """ "png", "jpeg" or "svg" by the file name; ``InvalidImage`` for anything else."""
    point = path.rfind(".")
    soort = SOORTEN.get(path[point:].lower() if point >= 0 else "")
    if soort is None:
        raise InvalidImage(
            f"'{path}' is geen PNG-, JPEG- of SVG-bestand; alleen die soorten afbeeldingen "
            "kunnen in het document."
        )
    return soort


def check(data: bytes, path: str) -> tuple[str, bytes, int, int]:
    """The checked image: (soort, bytes, width, height in pixels).

    Raises ``InvalidImage`` with a Dutch reason when the file is too large, is not
    what its name says, claims too many pixels or (SVG) holds active or external content.
    """
    soort = soort_of(path)
    if len(data) > MAX_BYTES:
        raise InvalidImage(
            f"'{path}' is {len(data) // (1024 * 1024)} MB; een afbeelding mag hoogstens "
            f"{MAX_BYTES // (1024 * 1024)} MB zijn. Verklein de afbeelding."
        )
    if soort == "svg":
        svg, width, height = clean_svg(data, path)
        return soort, svg, width, height
    width, height = _grid_size(data, path, soort)
    return soort, data, width, height


def _too_large(path: str, size: str) -> InvalidImage:
    return InvalidImage(
        f"'{path}' is {size} pixels groot; dat is meer dan de "
        f"{MAX_PIXELS // 1_000_000} miljoen pixels die een afbeelding mag hebben. "
        "Verklein de afbeelding."
    )


def _grid_size(data: bytes, path: str, soort: str) -> tuple[int, int]:
    from PIL import Image, UnidentifiedImageError

    fmt = "PNG" if soort == "png" else "JPEG"
    try:
        # Image.open reads only the header; the pixels are never decoded here.
        with Image.open(io.BytesIO(data), formats=[fmt]) as picture:
            width, height = picture.size
    except Image.DecompressionBombError:
        raise _too_large(path, "veel te veel") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise InvalidImage(
            f"'{path}' is geen geldig {fmt}-bestand. Sla de afbeelding opnieuw op als {fmt}."
        ) from None
    if width <= 0 or height <= 0:
        raise InvalidImage(f"'{path}' heeft geen breedte of hoogte.")
    if width * height > MAX_PIXELS:
        raise _too_large(path, f"{width} x {height}")
    return width, height


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def _length(value: str | None) -> float | None:
    if not value:
        return None
    found = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*([a-z]*)\s*", value.lower())
    if not found or found.group(2) not in _UNITS:
        return None
    return float(found.group(1)) * _UNITS[found.group(2)]


def _check_repetitions(elements: list, refuse) -> None:
    """Refuse ``<use>`` that repeats something holding a ``<use>`` itself: such chains
    multiply (ten levels of ten copies draw ten billion shapes) and would hang the drawing."""
    ids = {e.get("id"): e for e in elements if e.get("id")}
    for element in elements:
        if _local(element.tag) != "use":
            continue
        target = next((w for a, w in element.attrib.items() if _local(a) == "href"), "")
        intended = ids.get(target.strip().removeprefix("#"))
        if intended is not None and any(_local(k.tag) == "use" for k in intended.iter()
                                       if isinstance(k.tag, str)):  # fmt: skip
            raise refuse("herhalingen van herhalingen (<use> binnen <use>)")


def _depth(root) -> int:
    """How many levels deep the elements of ``root`` are nested (walked without recursion)."""
    deepest, stack = 0, [(root, 1)]
    while stack:
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in element)
    return deepest


def clean_svg(data: bytes, path: str) -> tuple[bytes, int, int]:
    """The SVG written out again from its parsed tree, with its size in (CSS) pixels."""
    from xml.etree import ElementTree as ET

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(data, forbid_dtd=True)
    except (ET.ParseError, DefusedXmlException, ValueError):
        raise InvalidImage(
            f"'{path}' is geen geldige SVG-tekening (de XML klopt niet, of er staat een "
            "DOCTYPE of entiteit in). Exporteer de tekening opnieuw als gewone SVG."
        ) from None
    if root.tag != f"{{{SVG_NS}}}svg":
        raise InvalidImage(f"'{path}' is geen SVG-tekening (het hoofdelement is geen <svg>).")

    def refuse(what: str) -> InvalidImage:
        return InvalidImage(
            f"'{path}' bevat {what}. Dat mag niet in een afbeelding: haal het weg, of exporteer "
            "de tekening als PNG."
        )

    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    if len(elements) > MAX_ELEMENTS:
        raise refuse(f"meer dan {MAX_ELEMENTS} onderdelen")
    if _depth(root) > MAX_DEPTH:
        raise refuse(f"onderdelen die meer dan {MAX_DEPTH} lagen diep in elkaar zitten")
    _check_repetitions(elements, refuse)
    for element in elements:
        name = _local(element.tag)
        if name in _FORBIDDEN:
            raise refuse(f"een <{name}>-onderdeel (programmacode of een ingesloten document)")
        # The browser reads all the text of a <style>, also after an element inside it.
        if name == "style" and _fetches("".join(element.itertext())):
            raise refuse("een stijl die een ander bestand of adres ophaalt")
        for attribute, value in element.attrib.items():
            short = _local(attribute)
            if short.startswith("on"):
                raise refuse(f"een gebeurtenis ('{short}') die programmacode start")
            if short == "href" and not value.strip().startswith("#"):
                raise refuse(f"een verwijzing naar een ander bestand of adres ('{value[:60]}')")
            if short == "attributename" and value.strip().rsplit(":")[-1].lower() == "href":
                # <set>/<animate> would point a link or an image elsewhere after this check.
                raise refuse(f"een animatie die '{value.strip()}' verandert")
            if _fetches(value) or "javascript:" in _URL_IGNORED.sub("", value).lower():
                raise refuse("een verwijzing naar een ander bestand of adres")

    width = _length(root.get("width"))
    height = _length(root.get("height"))
    cell = [float(v) for v in re.split(r"[\s,]+", root.get("viewBox", "").strip()) if v][:4]
    if (width is None or height is None) and len(cell) == 4 and cell[2] > 0 and cell[3] > 0:
        if width is None and height is None:
            width, height = cell[2], cell[3]
        elif width is None:
            assert height is not None  # not both None: the branch above took that case
            width = height * cell[2] / cell[3]
        else:
            height = width * cell[3] / cell[2]
    width, height = width or 800.0, height or 600.0
    if width * height > MAX_PIXELS:
        raise _too_large(path, f"{int(width)} x {int(height)}")
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    clean = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return clean, max(1, round(width)), max(1, round(height))


def _checked_chart(path: str) -> tuple[str, bytes, int, int]:
    svg = charts.drawn(path)
    # matplotlib writes a DOCTYPE, which the hardened parser refuses.
    svg = re.sub(rb"<!DOCTYPE[^>]*>", b"", svg, count=1)
    return check(svg, "grafiek.svg")


def _chart(path: str) -> tuple[str, bytes, int, int]:
    """The checked drawing of a ``grafiek:`` path: from the running build's block cache
    when it was drawn before with the same matplotlib, so a rebuild loads no matplotlib.
    ``InvalidChart`` or ``InvalidImage`` when it cannot be drawn (never stored)."""
    parts = (path, blok_cache.library("matplotlib"))
    return blok_cache.fetched(blok_cache.CHART, parts, lambda: _checked_chart(path))


def fill_images(
    document: Document, read: Callable[[Figure], bytes | None], draw_charts: bool = True
) -> Document:
    """``document`` with every figure's image read (``read``) and checked, and every chart
    drawn; without ``draw_charts`` a chart's data is checked and the figure keeps no picture.

    ``read`` returns None for an image that is not available: the figure keeps no picture
    and the writers show its alt text.
    All problems are reported together in one ``ContentError`` (file and line per figure).
    ``read`` raises ``InvalidImage`` for a file it may not or cannot read.
    """
    problems: list[Problem] = []
    done: dict[tuple[str, str], Figure] = {}

    def fill(figure: Figure) -> Figure:
        if figure.data:
            return figure
        key = (figure.source.file, figure.path)
        if key not in done:
            try:
                if figure.path.startswith(charts.PREFIX) and not draw_charts:
                    charts.decode(figure.path)
                    return figure
                if figure.path.startswith(charts.PREFIX):
                    soort, data, width, height = _chart(figure.path)
                else:
                    content = read(figure)
                    if content is None:  # not available (an old published version)
                        return figure
                    soort, data, width, height = check(content, figure.path)
            except (InvalidImage, charts.InvalidChart) as error:
                problems.append(Problem(figure.source.file, figure.source.line, error.args[0]))
                return figure
            done[key] = replace(figure, format=soort, data=data, width=width, height=height)
        filled = done[key]
        return replace(
            figure, format=filled.format, data=filled.data, width=filled.width,
            height=filled.height,
        )  # fmt: skip

    def everywhere(node: Block) -> Block:
        """Figures also inside lists, quotes and tracked changes."""
        match node:
            case Figure():
                return fill(node)
            case ListBlock():
                items = tuple(tuple(everywhere(b) for b in item) for item in node.items)
                return replace(node, items=items)
            case BlockQuote() | Revision():
                return replace(node, blocks=tuple(everywhere(b) for b in node.blocks))
            case Heading() | Paragraph() | Table() | CodeBlock():
                return node
            case _:
                assert_never(node)

    body = tuple(everywhere(b) for b in document.body)
    if problems:
        raise ContentError(
            f"{counted(len(problems), 'afbeelding kan', 'afbeeldingen kunnen')} niet in het "
            "document. Er is niets gebouwd.",
            problems,
        )
    return replace(document, body=body)
