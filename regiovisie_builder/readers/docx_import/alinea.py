"""Paragraphs of a Word part to Markdown: runs with bold, italic and links, fields, footnote
references, images; tracked changes accepted (w:ins and w:moveTo kept, w:del and w:moveFrom
dropped)."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from regiovisie_builder.readers.docx_import.pakket import MC, WP, A, Pakket, R, V, w
from regiovisie_builder.readers.docx_import.stijlen import Stijlen, aan, numpr
from regiovisie_builder.readers.docx_import.uitkomst import Afbeelding

AFBEELDING_SOORTEN = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".svg", ".emf")

# --- Markdown text ------------------------------------------------------------------------

_JINJA = re.compile(r"\{(?=[{%#])")
_REGELBEGIN = re.compile(r"^(\s*)([#>+\-*]|\d+[.)])(?=\s|$)")


def ontsnap(tekst: str) -> str:
    """Plain text made safe for Markdown and for the Jinja templating of blocks."""
    tekst = tekst.replace("\\", "\\\\")
    tekst = re.sub(r"([*_`\[\]<])", r"\\\1", tekst)
    return _JINJA.sub("{{ '{' }}", tekst)


def ontsnap_begin(tekst: str) -> str:
    """Escape what would make a paragraph's first characters a list, heading or quote."""
    return _REGELBEGIN.sub(
        lambda m: m.group(1) + (m.group(2)[:-1] + "\\" + m.group(2)[-1]), tekst, count=1
    )


@dataclass
class Stuk:
    """A run of text with its formatting, before it becomes Markdown."""

    tekst: str
    vet: bool = False
    cursief: bool = False
    link: str = ""
    ruw: bool = False  # already Markdown (footnote reference, line break)


def als_markdown(stukken: list[Stuk], in_cel: bool = False) -> str:
    """Inline Markdown for runs: adjacent runs with the same formatting are joined and the
    spaces at the edge of a bold or italic span move outside it (CommonMark needs that)."""
    samengevoegd: list[Stuk] = []
    for stuk in stukken:
        if not stuk.tekst:
            continue
        vorige = samengevoegd[-1] if samengevoegd else None
        if (
            vorige is not None
            and not vorige.ruw
            and not stuk.ruw
            and (vorige.vet, vorige.cursief, vorige.link) == (stuk.vet, stuk.cursief, stuk.link)
        ):
            vorige.tekst += stuk.tekst
        else:
            samengevoegd.append(Stuk(stuk.tekst, stuk.vet, stuk.cursief, stuk.link, stuk.ruw))
    uit = []
    for stuk in samengevoegd:
        if stuk.ruw:
            uit.append(stuk.tekst)
            continue
        tekst = re.sub(r"[\n\t]", " ", stuk.tekst)
        kern = tekst.strip()
        if not kern:
            uit.append(" " if tekst else "")
            continue
        voor = tekst[: len(tekst) - len(tekst.lstrip())]
        na = tekst[len(tekst.rstrip()) :]
        inhoud = ontsnap(re.sub(r"[ \t]+", " ", kern))
        if in_cel:
            inhoud = inhoud.replace("|", "\\|")
        if stuk.vet and stuk.cursief:
            inhoud = f"***{inhoud}***"
        elif stuk.vet:
            inhoud = f"**{inhoud}**"
        elif stuk.cursief:
            inhoud = f"*{inhoud}*"
        if stuk.link:
            doel = stuk.link.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
            inhoud = f"[{inhoud}]({doel})"
        uit.append(voor + inhoud + na)
    tekst = re.sub(r" {2,}", " ", "".join(uit)).strip()
    return re.sub(r"^(?:\\\n\s*)+|(?:\s*\\\n)+$", "", tekst)


def platte_tekst(stukken: list[Stuk]) -> str:
    return re.sub(r"\s+", " ", "".join(s.tekst for s in stukken if not s.ruw)).strip()


# --- the document walk ---------------------------------------------------------------------


@dataclass
class Veld:
    instructie: str = ""
    resultaat: bool = False


@dataclass
class Alinea:
    """One paragraph read from the body."""

    stijl: str | None
    stukken: list[Stuk]
    afbeeldingen: list[Afbeelding]
    voetnoten: list[str]  # footnote ids referenced, in order
    nummering: tuple[str, int] | None
    overzicht: int | None  # outline level set on the paragraph itself
    inhoudsopgave: bool  # part of a TOC field
    mark_verwijderd: bool  # the paragraph mark is a tracked deletion


def is_inhoudsveld(veld: Veld) -> bool:
    return veld.instructie.strip().upper().startswith(("TOC", "INDEX"))


class Lezer:
    def __init__(self, pakket: Pakket, deel: str):
        self.pakket = pakket
        self.deel = deel
        self.relaties = pakket.relaties(deel)
        self.velden: list[Veld] = []
        self.invoegingen = 0
        self.verwijderingen = 0
        self.verplaatsingen = 0

    # runs and inline content ---------------------------------------------------------------

    def _in_inhoudsopgave(self) -> bool:
        return any(is_inhoudsveld(v) for v in self.velden)

    def _zichtbaar(self) -> bool:
        return all(v.resultaat for v in self.velden) and not self._in_inhoudsopgave()

    def inline(self, element, alinea: Alinea, stijlen: Stijlen, link: str = "") -> None:
        for kind in element:
            tag = kind.tag
            naam = tag.rsplit("}", 1)[-1]
            if tag == w("r"):
                self.run(kind, alinea, stijlen, link)
            elif tag in (w("del"), w("moveFrom")):
                if naam == "del":
                    self.verwijderingen += 1
                else:
                    self.verplaatsingen += 1
            elif tag in (w("ins"), w("moveTo")):
                if naam == "ins":
                    self.invoegingen += 1
                self.inline(kind, alinea, stijlen, link)
            elif tag == w("hyperlink"):
                doel = ""
                rid = kind.get(f"{{{R}}}id")
                if rid and rid in self.relaties:
                    doel = self.relaties[rid][0]
                if not doel.lower().startswith(("http://", "https://", "mailto:")):
                    doel = ""  # internal anchors: the numbers are made again on a build
                self.inline(kind, alinea, stijlen, doel)
            elif tag == w("fldSimple"):
                instructie = kind.get(w("instr"), "").strip().upper()
                if instructie.startswith(("TOC", "INDEX")):
                    continue
                doel = link
                gevonden = re.match(r'HYPERLINK\s+"([^"]+)"', kind.get(w("instr"), "").strip())
                if gevonden and gevonden.group(1).startswith(("http://", "https://")):
                    doel = gevonden.group(1)
                self.inline(kind, alinea, stijlen, doel)
            elif tag == f"{{{MC}}}AlternateContent":
                keuze = kind.find(f"{{{MC}}}Choice")
                if keuze is None:
                    keuze = kind.find(f"{{{MC}}}Fallback")
                if keuze is not None:
                    self.inline(keuze, alinea, stijlen, link)
            elif naam in ("smartTag", "customXml", "sdt", "sdtContent", "dir", "bdo"):
                self.inline(kind, alinea, stijlen, link)

    def run(self, run, alinea: Alinea, stijlen: Stijlen, link: str) -> None:
        rpr = run.find(w("rPr"))
        stijl = None
        vet = cursief = None
        verborgen = False
        if rpr is not None:
            rstijl = rpr.find(w("rStyle"))
            stijl = rstijl.get(w("val")) if rstijl is not None else None
            vet = aan(rpr.find(w("b")))
            cursief = aan(rpr.find(w("i")))
            # Hidden text is not shown, but its field characters still count.
            verborgen = bool(aan(rpr.find(w("vanish"))))
        if vet is None:
            vet = stijlen.eigenschap(stijl, "vet")
        if cursief is None:
            cursief = stijlen.eigenschap(stijl, "cursief")
        for kind in run:
            tag = kind.tag
            naam = tag.rsplit("}", 1)[-1]
            if naam == "fldChar":
                soort = kind.get(w("fldCharType"))
                if soort == "begin":
                    self.velden.append(Veld())
                elif soort == "separate" and self.velden:
                    self.velden[-1].resultaat = True
                elif soort == "end" and self.velden:
                    self.velden.pop()
                continue
            if naam == "instrText":
                if self.velden and not self.velden[-1].resultaat:
                    self.velden[-1].instructie += kind.text or ""
                continue
            if self._in_inhoudsopgave():
                alinea.inhoudsopgave = True
                continue
            if verborgen or not self._zichtbaar():
                continue
            veld_link = self._veld_link() or link
            if naam == "t":
                alinea.stukken.append(Stuk(kind.text or "", bool(vet), bool(cursief), veld_link))
            elif naam in ("tab", "ptab"):
                alinea.stukken.append(Stuk("\t", bool(vet), bool(cursief), veld_link))
            elif naam in ("br", "cr"):
                if kind.get(w("type"), "textWrapping") == "textWrapping":
                    alinea.stukken.append(Stuk("\\\n", ruw=True))
            elif naam == "noBreakHyphen":
                alinea.stukken.append(Stuk("-", bool(vet), bool(cursief), veld_link))
            elif naam in ("footnoteReference", "endnoteReference"):
                soort = "f" if naam == "footnoteReference" else "e"
                alinea.voetnoten.append(soort + kind.get(w("id"), ""))
                alinea.stukken.append(
                    Stuk(f"\0voetnoot:{soort}{kind.get(w('id'), '')}\0", ruw=True)
                )
            elif naam == "drawing":
                self.tekening(kind, alinea)
            elif naam == "pict" or naam == "object":
                self.vml(kind, alinea)
            elif naam == "AlternateContent":
                keuze = kind.find(f"{{{MC}}}Choice")
                if keuze is not None:
                    for onder in keuze:
                        if onder.tag == w("drawing"):
                            self.tekening(onder, alinea)

    def _veld_link(self) -> str:
        for veld in self.velden:
            gevonden = re.match(r'\s*HYPERLINK\s+"([^"]+)"', veld.instructie)
            if gevonden and gevonden.group(1).startswith(("http://", "https://", "mailto:")):
                return gevonden.group(1)
        return ""

    def tekening(self, tekening, alinea: Alinea) -> None:
        beschrijving = ""
        for docpr in tekening.iter(f"{{{WP}}}docPr"):
            beschrijving = (docpr.get("descr") or docpr.get("title") or "").strip()
            break
        for blip in tekening.iter(f"{{{A}}}blip"):
            self._afbeelding(blip.get(f"{{{R}}}embed"), beschrijving, alinea)
            break

    def vml(self, element, alinea: Alinea) -> None:
        for beeld in element.iter(f"{{{V}}}imagedata"):
            beschrijving = (beeld.get("title") or beeld.get(f"{{{R}}}title") or "").strip()
            self._afbeelding(beeld.get(f"{{{R}}}id"), beschrijving, alinea)
            break

    def _afbeelding(self, rid: str | None, beschrijving: str, alinea: Alinea) -> None:
        if not rid or rid not in self.relaties:
            return
        doel, modus = self.relaties[rid]
        if modus == "External":
            return
        pad = posixpath.normpath(posixpath.join(posixpath.dirname(self.deel), doel))
        pad = pad.lstrip("/")
        extensie = posixpath.splitext(pad)[1].lower()
        if extensie not in AFBEELDING_SOORTEN:
            return
        inhoud = self.pakket.lees(pad)
        if inhoud:
            alinea.afbeeldingen.append(Afbeelding(inhoud, extensie, beschrijving))

    # paragraphs ----------------------------------------------------------------------------

    def alinea(self, p, stijlen: Stijlen) -> Alinea:
        ppr = p.find(w("pPr"))
        stijl = None
        nummering = None
        overzicht = None
        mark_verwijderd = False
        if ppr is not None:
            pstijl = ppr.find(w("pStyle"))
            stijl = pstijl.get(w("val")) if pstijl is not None else None
            nummering = numpr(ppr.find(w("numPr")))
            lvl = ppr.find(w("outlineLvl"))
            if lvl is not None and lvl.get(w("val"), "").isdigit():
                waarde = int(lvl.get(w("val")))
                overzicht = waarde + 1 if waarde < 9 else None
            rpr = ppr.find(w("rPr"))
            if rpr is not None and (
                rpr.find(w("del")) is not None or rpr.find(w("moveFrom")) is not None
            ):
                mark_verwijderd = True
        if nummering is None:
            for _, s in stijlen.keten(stijl):
                if s.nummering is not None:
                    nummering = s.nummering
                    break
        alinea = Alinea(stijl, [], [], [], nummering, overzicht, False, mark_verwijderd)
        self.inline(p, alinea, stijlen)
        return alinea
