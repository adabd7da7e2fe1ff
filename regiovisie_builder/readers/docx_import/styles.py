"""Word styles and list numbering: heading levels (by name, localised name or outline level),
bold and italic from character styles, bullets or numbers per list level."""

from __future__ import annotations

import re
from dataclasses import dataclass

from regiovisie_builder.readers.docx_import.package import number, w

# --- styles and numbering ------------------------------------------------------------------

HEADING_NAME = re.compile(
    r"^(?:heading|kop|titel|überschrift|titre|titolo|título|rubrik|otsikko|nagłówek)\s*([1-9])$"
)
TOC_NAME = re.compile(
    r"^(?:toc|inhopg|inhoudsopgave|verz|contents)\s*\d|toc heading|"
    r"kop van inhoudsopgave|contents heading|inhoudsopgavekop|index"
)
TITLE_NAME = {"title", "titel", "subtitle", "ondertitel", "titre", "sous-titre"}
CAPTION_NAME = {
    "caption",
    "bijschrift",
    "légende",
    "beschriftung",
    "didascalia",
    "table caption",  # pandoc
    "image caption",  # pandoc
}
ENUMERATION_NAME = re.compile(r"^(?:list bullet|lijstopsommingsteken|opsommingsteken)")
NUMBERING_NAME = re.compile(r"^(?:list number|lijstnummering)")


@dataclass
class Style:
    name: str
    basis: str | None
    level: int | None  # outline level + 1
    bold: bool | None
    italic: bool | None
    numbering: tuple[str, int] | None  # (numId, ilvl)


def on(element) -> bool | None:
    """The value of an on/off property (``<w:b/>``, ``<w:b w:val="0"/>``) or None."""
    if element is None:
        return None
    return element.get(w("val"), "true").lower() not in ("0", "false", "off", "none")


MAX_CHAIN = 50  # styles followed through basedOn


class Styles:
    def __init__(self, root):
        self.styles: dict[str, Style] = {}
        if root is None:
            return
        for style in root.iter(w("style")):
            sid = style.get(w("styleId"), "")
            name_el = style.find(w("name"))
            name = (name_el.get(w("val"), "") if name_el is not None else sid).strip().lower()
            basis_el = style.find(w("basedOn"))
            ppr = style.find(w("pPr"))
            rpr = style.find(w("rPr"))
            level = None
            numbering = None
            if ppr is not None:
                lvl = ppr.find(w("outlineLvl"))
                value = number(lvl.get(w("val"))) if lvl is not None else None
                if value is not None:
                    level = value + 1 if value < 9 else None
                numbering = numpr(ppr.find(w("numPr")))
            self.styles[sid] = Style(
                name=name,
                basis=basis_el.get(w("val")) if basis_el is not None else None,
                level=level,
                bold=on(rpr.find(w("b"))) if rpr is not None else None,
                italic=on(rpr.find(w("i"))) if rpr is not None else None,
                numbering=numbering,
            )

    def chain(self, sid: str | None):
        """The style and the styles it is based on, at most ``MAX_CHAIN`` of them.

        Every run and paragraph walks its style's chain: a draft from outside with 4,000
        styles each based on the next, used by 4,000 runs, took seconds, and 100,000 took
        hours. Word's own chains are a few styles long."""
        seen: set[str] = set()
        while sid and sid in self.styles and sid not in seen and len(seen) < MAX_CHAIN:
            seen.add(sid)
            yield sid, self.styles[sid]
            sid = self.styles[sid].basis

    def name(self, sid: str | None) -> str:
        if sid and sid in self.styles:
            return self.styles[sid].name
        return (sid or "").lower()

    def heading_level(self, sid: str | None) -> int | None:
        """The heading level of a paragraph style: by (localised) name, else outline level."""
        for own_id, style in self.chain(sid):
            for name in (style.name, own_id.lower()):
                found = HEADING_NAME.match(name)
                if found:
                    return int(found.group(1))
            if style.level is not None:
                return style.level
        if sid and sid not in self.styles:
            found = HEADING_NAME.match(sid.lower())
            if found:
                return int(found.group(1))
        return None

    def has(self, sid: str | None, test) -> bool:
        if sid and sid not in self.styles:
            return test(sid.lower())
        return any(test(s.name) or test(i.lower()) for i, s in self.chain(sid))

    def prop(self, sid: str | None, name: str) -> bool | None:
        for _, style in self.chain(sid):
            value = getattr(style, name)
            if value is not None:
                return value
        return None


def numpr(numpr) -> tuple[str, int] | None:
    if numpr is None:
        return None
    num_id = numpr.find(w("numId"))
    ilvl = numpr.find(w("ilvl"))
    if num_id is None:
        return None
    level = number(ilvl.get(w("val"))) if ilvl is not None else None
    return num_id.get(w("val"), "0"), level or 0


class Numbering:
    """numId -> per level whether the list is numbered (not bullets)."""

    def __init__(self, root):
        self.soorten: dict[str, dict[int, str]] = {}
        if root is None:
            return
        abstract: dict[str, dict[int, str]] = {}
        for definition in root.iter(w("abstractNum")):
            levels = {}
            for lvl in definition.iter(w("lvl")):
                fmt = lvl.find(w("numFmt"))
                ilvl = lvl.get(w("ilvl"), "0")
                levels[number(ilvl) or 0] = (
                    fmt.get(w("val"), "decimal") if fmt is not None else "decimal"
                )
            abstract[definition.get(w("abstractNumId"), "")] = levels
        for num in root.iter(w("num")):
            reference = num.find(w("abstractNumId"))
            if reference is not None:
                self.soorten[num.get(w("numId"), "")] = abstract.get(
                    reference.get(w("val"), ""), {}
                )

    def soort(self, num_id: str, ilvl: int) -> str | None:
        """ "bullet", "nummer" or None (no list)."""
        if num_id == "0":
            return None
        fmt = self.soorten.get(num_id, {}).get(ilvl, "bullet")
        if fmt == "none":
            return None
        return "bullet" if fmt == "bullet" else "nummer"
