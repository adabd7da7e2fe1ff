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

from regiovisie_builder.errors import ContentError, Probleem
from regiovisie_builder.model import (
    Block,
    BlockQuote,
    CodeBlock,
    Document,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    Revisie,
    Table,
)
from regiovisie_builder.readers import grafieken

MAX_BYTES = 10 * 1024 * 1024  # 10 MB per image file
MAX_PIXELS = 40_000_000  # 40 megapixels: a large photo, far below a memory problem
MAX_ELEMENTEN = 50_000  # parts of one SVG drawing
SOORTEN = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".svg": "svg"}

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
# Elements that run code or pull in other documents.
_VERBODEN = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
_EXTERNE_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.I)
_EENHEDEN = {
    "": 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0
}  # fmt: skip


class OngeldigeAfbeelding(ValueError):
    """The image cannot be used; ``args[0]`` is the Dutch reason."""


def soort_van(pad: str) -> str:
    """ "png", "jpeg" or "svg" by the file name; ``OngeldigeAfbeelding`` for anything else."""
    punt = pad.rfind(".")
    soort = SOORTEN.get(pad[punt:].lower() if punt >= 0 else "")
    if soort is None:
        raise OngeldigeAfbeelding(
            f"'{pad}' is geen PNG-, JPEG- of SVG-bestand; alleen die soorten afbeeldingen "
            "kunnen in het document."
        )
    return soort


def controleer(data: bytes, pad: str) -> tuple[str, bytes, int, int]:
    """The checked image: (soort, bytes, width, height in pixels).

    Raises ``OngeldigeAfbeelding`` with a Dutch reason when the file is too large, is not
    what its name says, claims too many pixels or (SVG) holds active or external content.
    """
    soort = soort_van(pad)
    if len(data) > MAX_BYTES:
        raise OngeldigeAfbeelding(
            f"'{pad}' is {len(data) // (1024 * 1024)} MB; een afbeelding mag hoogstens "
            f"{MAX_BYTES // (1024 * 1024)} MB zijn. Verklein de afbeelding."
        )
    if soort == "svg":
        svg, breedte, hoogte = schoon_svg(data, pad)
        return soort, svg, breedte, hoogte
    breedte, hoogte = _rastermaat(data, pad, soort)
    return soort, data, breedte, hoogte


def _te_groot(pad: str, maat: str) -> OngeldigeAfbeelding:
    return OngeldigeAfbeelding(
        f"'{pad}' is {maat} pixels groot; dat is meer dan de "
        f"{MAX_PIXELS // 1_000_000} miljoen pixels die een afbeelding mag hebben. "
        "Verklein de afbeelding."
    )


def _rastermaat(data: bytes, pad: str, soort: str) -> tuple[int, int]:
    from PIL import Image, UnidentifiedImageError

    formaat = "PNG" if soort == "png" else "JPEG"
    try:
        # Image.open reads only the header; the pixels are never decoded here.
        with Image.open(io.BytesIO(data), formats=[formaat]) as beeld:
            breedte, hoogte = beeld.size
    except Image.DecompressionBombError:
        raise _te_groot(pad, "veel te veel") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise OngeldigeAfbeelding(
            f"'{pad}' is geen geldig {formaat}-bestand. Sla de afbeelding opnieuw op als {formaat}."
        ) from None
    if breedte <= 0 or hoogte <= 0:
        raise OngeldigeAfbeelding(f"'{pad}' heeft geen breedte of hoogte.")
    if breedte * hoogte > MAX_PIXELS:
        raise _te_groot(pad, f"{breedte} x {hoogte}")
    return breedte, hoogte


def _lokaal(naam: str) -> str:
    return naam.rsplit("}", 1)[-1].lower()


def _lengte(waarde: str | None) -> float | None:
    if not waarde:
        return None
    gevonden = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*([a-z]*)\s*", waarde.lower())
    if not gevonden or gevonden.group(2) not in _EENHEDEN:
        return None
    return float(gevonden.group(1)) * _EENHEDEN[gevonden.group(2)]


def _controleer_herhalingen(elementen: list, weiger) -> None:
    """Refuse ``<use>`` that repeats something holding a ``<use>`` itself: such chains
    multiply (ten levels of ten copies draw ten billion shapes) and would hang the drawing."""
    ids = {e.get("id"): e for e in elementen if e.get("id")}
    for element in elementen:
        if _lokaal(element.tag) != "use":
            continue
        doel = next((w for a, w in element.attrib.items() if _lokaal(a) == "href"), "")
        bedoeld = ids.get(doel.strip().removeprefix("#"))
        if bedoeld is not None and any(_lokaal(k.tag) == "use" for k in bedoeld.iter()
                                       if isinstance(k.tag, str)):  # fmt: skip
            raise weiger("herhalingen van herhalingen (<use> binnen <use>)")


def schoon_svg(data: bytes, pad: str) -> tuple[bytes, int, int]:
    """The SVG written out again from its parsed tree, with its size in (CSS) pixels."""
    from xml.etree import ElementTree as ET

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        wortel = fromstring(data, forbid_dtd=True)
    except (ET.ParseError, DefusedXmlException, ValueError):
        raise OngeldigeAfbeelding(
            f"'{pad}' is geen geldige SVG-tekening (de XML klopt niet, of er staat een "
            "DOCTYPE of entiteit in). Exporteer de tekening opnieuw als gewone SVG."
        ) from None
    if wortel.tag != f"{{{SVG_NS}}}svg":
        raise OngeldigeAfbeelding(f"'{pad}' is geen SVG-tekening (het hoofdelement is geen <svg>).")

    def weiger(wat: str) -> OngeldigeAfbeelding:
        return OngeldigeAfbeelding(
            f"'{pad}' bevat {wat}. Dat mag niet in een afbeelding: haal het weg, of exporteer "
            "de tekening als PNG."
        )

    elementen = [e for e in wortel.iter() if isinstance(e.tag, str)]
    if len(elementen) > MAX_ELEMENTEN:
        raise weiger(f"meer dan {MAX_ELEMENTEN} onderdelen")
    _controleer_herhalingen(elementen, weiger)
    for element in elementen:
        naam = _lokaal(element.tag)
        if naam in _VERBODEN:
            raise weiger(f"een <{naam}>-onderdeel (programmacode of een ingesloten document)")
        stijl = (element.text or "") if naam == "style" else ""
        if _EXTERNE_URL.search(stijl) or "@import" in stijl.lower():
            raise weiger("een stijl die een ander bestand of adres ophaalt")
        for attribuut, waarde in element.attrib.items():
            kort = _lokaal(attribuut)
            if kort.startswith("on"):
                raise weiger(f"een gebeurtenis ('{kort}') die programmacode start")
            if kort == "href" and not waarde.strip().startswith("#"):
                raise weiger(f"een verwijzing naar een ander bestand of adres ('{waarde[:60]}')")
            if _EXTERNE_URL.search(waarde) or "javascript:" in waarde.lower():
                raise weiger("een verwijzing naar een ander bestand of adres")

    breedte = _lengte(wortel.get("width"))
    hoogte = _lengte(wortel.get("height"))
    vak = [float(v) for v in re.split(r"[\s,]+", wortel.get("viewBox", "").strip()) if v][:4]
    if (breedte is None or hoogte is None) and len(vak) == 4 and vak[2] > 0 and vak[3] > 0:
        if breedte is None and hoogte is None:
            breedte, hoogte = vak[2], vak[3]
        elif breedte is None:
            assert hoogte is not None  # not both None: the branch above took that case
            breedte = hoogte * vak[2] / vak[3]
        else:
            hoogte = breedte * vak[3] / vak[2]
    breedte, hoogte = breedte or 800.0, hoogte or 600.0
    if breedte * hoogte > MAX_PIXELS:
        raise _te_groot(pad, f"{int(breedte)} x {int(hoogte)}")
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    schoon = ET.tostring(wortel, encoding="utf-8", xml_declaration=True)
    return schoon, max(1, round(breedte)), max(1, round(hoogte))


def vul_afbeeldingen(document: Document, lees: Callable[[Figure], bytes | None]) -> Document:
    """``document`` with every figure's image read (``lees``) and checked.

    ``lees`` returns None for an image that is not available: the figure keeps no picture
    and the writers show its alt text.
    All problems are reported together in one ``ContentError`` (file and line per figure).
    ``lees`` raises ``OngeldigeAfbeelding`` for a file it may not or cannot read.
    """
    problemen: list[Probleem] = []
    klaar: dict[tuple[str, str], Figure] = {}

    def vul(figuur: Figure) -> Figure:
        if figuur.data:
            return figuur
        sleutel = (figuur.bron.bestand, figuur.pad)
        if sleutel not in klaar:
            try:
                if figuur.pad.startswith(grafieken.VOORVOEGSEL):
                    svg = grafieken.teken(grafieken.decodeer(figuur.pad))
                    # matplotlib writes a DOCTYPE, which the hardened parser refuses.
                    svg = re.sub(rb"<!DOCTYPE[^>]*>", b"", svg, count=1)
                    soort, data, breedte, hoogte = controleer(svg, "grafiek.svg")
                else:
                    inhoud = lees(figuur)
                    if inhoud is None:  # not available (an old published version)
                        return figuur
                    soort, data, breedte, hoogte = controleer(inhoud, figuur.pad)
            except (OngeldigeAfbeelding, grafieken.OngeldigeGrafiek) as fout:
                problemen.append(Probleem(figuur.bron.bestand, figuur.bron.regel, fout.args[0]))
                return figuur
            klaar[sleutel] = replace(figuur, soort=soort, data=data, breedte=breedte, hoogte=hoogte)
        gevuld = klaar[sleutel]
        return replace(
            figuur, soort=gevuld.soort, data=gevuld.data, breedte=gevuld.breedte,
            hoogte=gevuld.hoogte,
        )  # fmt: skip

    def overal(knoop: Block) -> Block:
        """Figures also inside lists, quotes and tracked changes."""
        match knoop:
            case Figure():
                return vul(knoop)
            case ListBlock():
                items = tuple(tuple(overal(b) for b in item) for item in knoop.items)
                return replace(knoop, items=items)
            case BlockQuote() | Revisie():
                return replace(knoop, blocks=tuple(overal(b) for b in knoop.blocks))
            case Heading() | Paragraph() | Table() | CodeBlock():
                return knoop
            case _:
                assert_never(knoop)

    body = tuple(overal(b) for b in document.body)
    if problemen:
        raise ContentError(
            f"{len(problemen)} afbeelding(en) kunnen niet in het document. Er is niets gebouwd.",
            problemen,
        )
    return replace(document, body=body)
