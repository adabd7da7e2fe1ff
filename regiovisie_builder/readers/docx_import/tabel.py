"""A Word table to a Markdown pipe table: the first row is the header, merged cells are
simplified (the text in the first cell, empty cells beside and below it)."""

from __future__ import annotations

import re

from regiovisie_builder.readers.docx_import.alinea import Lezer, Stuk, als_markdown
from regiovisie_builder.readers.docx_import.pakket import w
from regiovisie_builder.readers.docx_import.stijlen import Stijlen
from regiovisie_builder.readers.docx_import.uitkomst import Afbeelding


def lees_tabel(tabel, lezer: Lezer, stijlen: Stijlen, beelden: list[Afbeelding]) -> str:
    """A Markdown pipe table; merged cells are simplified (content in the first cell)."""
    rijen: list[list[str]] = []
    for rij in _rijen(tabel):
        trpr = rij.find(w("trPr"))
        if trpr is not None and trpr.find(w("del")) is not None:
            continue
        cellen = []
        for cel in rij:
            if cel.tag == w("sdt"):
                cel = cel.find(f"{w('sdtContent')}/{w('tc')}")
                if cel is None:
                    continue
            if cel.tag != w("tc"):
                continue
            tcpr = cel.find(w("tcPr"))
            span = 1
            doorgaand = False
            if tcpr is not None:
                gs = tcpr.find(w("gridSpan"))
                if gs is not None and gs.get(w("val"), "1").isdigit():
                    span = max(1, min(int(gs.get(w("val"))), 64))
                vm = tcpr.find(w("vMerge"))
                doorgaand = vm is not None and vm.get(w("val"), "continue") == "continue"
            tekst = "" if doorgaand else _celtekst(cel, lezer, stijlen, beelden)
            cellen.append(tekst)
            cellen.extend([""] * (span - 1))
        if cellen:
            rijen.append(cellen)
    if not rijen or not any(c for r in rijen for c in r):
        return ""
    breedte = max(len(r) for r in rijen)
    rijen = [r + [""] * (breedte - len(r)) for r in rijen]
    kop = [re.sub(r"^\*\*(.*)\*\*$", r"\1", c) for c in rijen[0]]
    regels = ["| " + " | ".join(kop) + " |", "|" + "|".join(["---"] * breedte) + "|"]
    regels += ["| " + " | ".join(r) + " |" for r in rijen[1:]]
    return "\n".join(regels)


def _rijen(element):
    """The rows of a table, also those inside an insertion or content control; the rows of
    nested tables are read as text of their cell."""
    for kind in element:
        if kind.tag == w("tr"):
            yield kind
        elif kind.tag in (w("ins"), w("customXml"), w("sdt"), w("sdtContent")):
            yield from _rijen(kind)


def _celtekst(cel, lezer: Lezer, stijlen: Stijlen, beelden: list[Afbeelding]) -> str:
    delen = []
    for p in cel.iter(w("p")):
        alinea = lezer.alinea(p, stijlen)
        beelden.extend(alinea.afbeeldingen)
        stukken = [
            Stuk(" ", ruw=True) if s.ruw and s.tekst == "\\\n" else s for s in alinea.stukken
        ]
        tekst = als_markdown(stukken, in_cel=True)
        if tekst:
            delen.append(tekst)
    return " ".join(delen)
