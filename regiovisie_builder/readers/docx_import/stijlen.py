"""Word styles and list numbering: heading levels (by name, localised name or outline level),
bold and italic from character styles, bullets or numbers per list level."""

from __future__ import annotations

import re
from dataclasses import dataclass

from regiovisie_builder.readers.docx_import.pakket import w

# --- styles and numbering ------------------------------------------------------------------

KOPNAAM = re.compile(
    r"^(?:heading|kop|titel|überschrift|titre|titolo|título|rubrik|otsikko|nagłówek)\s*([1-9])$"
)
INHOUDSNAAM = re.compile(
    r"^(?:toc|inhopg|inhoudsopgave|verz|contents)\s*\d|toc heading|"
    r"kop van inhoudsopgave|contents heading|inhoudsopgavekop|index"
)
TITELNAAM = {"title", "titel", "subtitle", "ondertitel", "titre", "sous-titre"}
BIJSCHRIFTNAAM = {
    "caption",
    "bijschrift",
    "légende",
    "beschriftung",
    "didascalia",
    "table caption",  # pandoc
    "image caption",  # pandoc
}
OPSOMMINGNAAM = re.compile(r"^(?:list bullet|lijstopsommingsteken|opsommingsteken)")
NUMMERINGNAAM = re.compile(r"^(?:list number|lijstnummering)")


@dataclass
class Stijl:
    naam: str
    basis: str | None
    niveau: int | None  # outline level + 1
    vet: bool | None
    cursief: bool | None
    nummering: tuple[str, int] | None  # (numId, ilvl)


def aan(element) -> bool | None:
    """The value of an on/off property (``<w:b/>``, ``<w:b w:val="0"/>``) or None."""
    if element is None:
        return None
    return element.get(w("val"), "true").lower() not in ("0", "false", "off", "none")


class Stijlen:
    def __init__(self, wortel):
        self.stijlen: dict[str, Stijl] = {}
        if wortel is None:
            return
        for stijl in wortel.iter(w("style")):
            sid = stijl.get(w("styleId"), "")
            naam_el = stijl.find(w("name"))
            naam = (naam_el.get(w("val"), "") if naam_el is not None else sid).strip().lower()
            basis_el = stijl.find(w("basedOn"))
            ppr = stijl.find(w("pPr"))
            rpr = stijl.find(w("rPr"))
            niveau = None
            nummering = None
            if ppr is not None:
                lvl = ppr.find(w("outlineLvl"))
                if lvl is not None and lvl.get(w("val"), "").isdigit():
                    waarde = int(lvl.get(w("val")))
                    niveau = waarde + 1 if waarde < 9 else None
                nummering = numpr(ppr.find(w("numPr")))
            self.stijlen[sid] = Stijl(
                naam=naam,
                basis=basis_el.get(w("val")) if basis_el is not None else None,
                niveau=niveau,
                vet=aan(rpr.find(w("b"))) if rpr is not None else None,
                cursief=aan(rpr.find(w("i"))) if rpr is not None else None,
                nummering=nummering,
            )

    def keten(self, sid: str | None):
        gezien = set()
        while sid and sid in self.stijlen and sid not in gezien:
            gezien.add(sid)
            yield sid, self.stijlen[sid]
            sid = self.stijlen[sid].basis

    def naam(self, sid: str | None) -> str:
        if sid and sid in self.stijlen:
            return self.stijlen[sid].naam
        return (sid or "").lower()

    def kopniveau(self, sid: str | None) -> int | None:
        """The heading level of a paragraph style: by (localised) name, else outline level."""
        for eigen_id, stijl in self.keten(sid):
            for naam in (stijl.naam, eigen_id.lower()):
                gevonden = KOPNAAM.match(naam)
                if gevonden:
                    return int(gevonden.group(1))
            if stijl.niveau is not None:
                return stijl.niveau
        if sid and sid not in self.stijlen:
            gevonden = KOPNAAM.match(sid.lower())
            if gevonden:
                return int(gevonden.group(1))
        return None

    def heeft(self, sid: str | None, test) -> bool:
        if sid and sid not in self.stijlen:
            return test(sid.lower())
        return any(test(s.naam) or test(i.lower()) for i, s in self.keten(sid))

    def eigenschap(self, sid: str | None, naam: str) -> bool | None:
        for _, stijl in self.keten(sid):
            waarde = getattr(stijl, naam)
            if waarde is not None:
                return waarde
        return None


def numpr(numpr) -> tuple[str, int] | None:
    if numpr is None:
        return None
    num_id = numpr.find(w("numId"))
    ilvl = numpr.find(w("ilvl"))
    if num_id is None:
        return None
    niveau = ilvl.get(w("val"), "0") if ilvl is not None else "0"
    return num_id.get(w("val"), "0"), int(niveau) if niveau.isdigit() else 0


class Nummering:
    """numId -> per level whether the list is numbered (not bullets)."""

    def __init__(self, wortel):
        self.soorten: dict[str, dict[int, str]] = {}
        if wortel is None:
            return
        abstract: dict[str, dict[int, str]] = {}
        for definitie in wortel.iter(w("abstractNum")):
            niveaus = {}
            for lvl in definitie.iter(w("lvl")):
                fmt = lvl.find(w("numFmt"))
                ilvl = lvl.get(w("ilvl"), "0")
                niveaus[int(ilvl) if ilvl.isdigit() else 0] = (
                    fmt.get(w("val"), "decimal") if fmt is not None else "decimal"
                )
            abstract[definitie.get(w("abstractNumId"), "")] = niveaus
        for num in wortel.iter(w("num")):
            verwijzing = num.find(w("abstractNumId"))
            if verwijzing is not None:
                self.soorten[num.get(w("numId"), "")] = abstract.get(
                    verwijzing.get(w("val"), ""), {}
                )

    def soort(self, num_id: str, ilvl: int) -> str | None:
        """ "bullet", "nummer" or None (no list)."""
        if num_id == "0":
            return None
        fmt = self.soorten.get(num_id, {}).get(ilvl, "bullet")
        if fmt == "none":
            return None
        return "bullet" if fmt == "bullet" else "nummer"
