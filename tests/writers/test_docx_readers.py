"""Independent readers agree with our model: LibreOffice converts every .docx to PDF, and
pandoc recovers the same headings, tables and footnotes."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from regiovisie_builder.checks.bijlage import voeg_toetsing_toe
from regiovisie_builder.model import Heading, Paragraph, Table, platte_tekst
from regiovisie_builder.pipeline import lees
from regiovisie_builder.werkmap import Werkmap
from regiovisie_builder.writers.voetnoten import volgorde
from tests.conftest import copy_example, require_tool, run_cli

VOORBEELDEN = ("zuid-kennemerland-ijmond", "rotterdam-rijnmond")


@pytest.fixture(scope="module")
def werkmappen(tmp_path_factory) -> dict[str, Path]:
    """Both examples built with the CLI: regiovisie, raadsstukken and opinienota."""
    gebouwd = {}
    for naam in VOORBEELDEN:
        werkmap = copy_example(naam, tmp_path_factory.mktemp(naam))
        for extra in (("--raadsstukken",), ("--soort", "opinienota")):
            resultaat = run_cli("build", werkmap, "-f", "docx", *extra)
            assert resultaat.returncode == 0, resultaat.stderr
        gebouwd[naam] = werkmap
    return gebouwd


def test_libreoffice_converts_every_produced_docx_to_pdf(werkmappen, tmp_path):
    soffice = require_tool("soffice")
    pdfinfo = require_tool("pdfinfo")
    bestanden = sorted(p for w in werkmappen.values() for p in (w / "build").rglob("*.docx"))
    # regiovisie + opinienota per example, and a raadsvoorstel and raadsbesluit per municipality
    assert len(bestanden) == 2 * 2 + 2 * (7 + 14)
    uit = tmp_path / "pdf"
    profiel = tmp_path / "lo-profiel"
    # One LibreOffice start per example: a run writes all its PDFs into one folder, so the
    # stems must differ within a run (every example has regiovisie.docx, hence not one run).
    for naam, werkmap in sorted(werkmappen.items()):
        groep = sorted((werkmap / "build").rglob("*.docx"))
        assert len({p.stem for p in groep}) == len(groep)
        doel = uit / naam
        resultaat = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profiel}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(doel),
                *map(str, groep),
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert resultaat.returncode == 0, resultaat.stderr
        for docx_pad in groep:
            pdf = doel / f"{docx_pad.stem}.pdf"
            assert pdf.is_file(), f"LibreOffice did not convert {docx_pad.name}"
            info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True)
            assert info.returncode == 0, info.stderr
            pagina_s = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))
            assert pagina_s >= 1
            if docx_pad.stem == "regiovisie":
                tekst = subprocess.run(
                    [require_tool("pdftotext"), "-layout", str(pdf), "-"],
                    capture_output=True,
                    text=True,
                ).stdout
                # the footer fields are laid out: page X of Y, with the real page count
                assert f"pagina {pagina_s} van {pagina_s}" in " ".join(tekst.split())
                if "zuid-kennemerland" in str(docx_pad):
                    # a cross-reference (a REF field) shows its paragraph number
                    assert "paragraaf 3.1" in " ".join(tekst.split())


# --- pandoc -------------------------------------------------------------------------------------


def _tekst(inlines) -> str:
    """Pandoc inlines as plain text (footnote contents left out, like in our model)."""
    delen = []
    for item in inlines:
        soort, inhoud = item["t"], item.get("c")
        if soort == "Str":
            delen.append(inhoud)
        elif soort in ("Space", "SoftBreak", "LineBreak"):
            delen.append(" ")
        elif soort in ("Emph", "Strong", "Underline", "SmallCaps", "Strikeout"):
            delen.append(_tekst(inhoud))
        elif soort in ("Link", "Span"):
            delen.append(_tekst(inhoud[1]))
        elif soort in ("Quoted",):
            teken = '"' if inhoud[0]["t"] == "DoubleQuote" else "'"
            delen.append(teken + _tekst(inhoud[1]) + teken)
        elif soort == "Code":
            delen.append(inhoud[1])
    return "".join(delen)


def _schoon(tekst: str) -> str:
    return " ".join(tekst.replace("\u2019", "'").split())


def _blokken(blokken):
    """Every block of a pandoc document, depth first (into lists, quotes and divs)."""
    for blok in blokken:
        yield blok
        soort, inhoud = blok["t"], blok.get("c")
        if soort in ("BulletList",):
            for item in inhoud:
                yield from _blokken(item)
        elif soort == "OrderedList":
            for item in inhoud[1]:
                yield from _blokken(item)
        elif soort == "BlockQuote":
            yield from _blokken(inhoud)
        elif soort == "Div":
            yield from _blokken(inhoud[1])


def _cellen(rij) -> list[str]:
    # pandoc >= 2.10: Row attr [Cell attr align rowspan colspan [Block]]
    uit = []
    for cel in rij[1]:
        blokken = cel[4]
        uit.append(
            _schoon(" ".join(_tekst(b["c"]) for b in blokken if b["t"] in ("Plain", "Para")))
        )
    return uit


def _tabellen(ast) -> list[tuple[list[str], list[list[str]]]]:
    tabellen = []
    for blok in _blokken(ast["blocks"]):
        if blok["t"] != "Table":
            continue
        _, _, _, kop, lichamen, _ = blok["c"]
        kopregels = [_cellen(r) for r in kop[1]]
        rijen = [_cellen(r) for lichaam in lichamen for r in lichaam[3]]
        tabellen.append((kopregels[0] if kopregels else [], rijen))
    return tabellen


def _noten(ast) -> list[str]:
    noten = []

    def zoek(knoop) -> None:
        if isinstance(knoop, dict):
            if knoop.get("t") == "Note":
                noten.append(
                    _schoon(
                        " ".join(_tekst(b["c"]) for b in knoop["c"] if b["t"] in ("Para", "Plain"))
                    )
                )
                return
            for waarde in knoop.values():
                zoek(waarde)
        elif isinstance(knoop, list):
            for kind in knoop:
                zoek(kind)

    zoek(ast["blocks"])
    return noten


def _pandoc(pad: Path) -> dict:
    pandoc = require_tool("pandoc")
    resultaat = subprocess.run(
        [pandoc, "-f", "docx", "-t", "json", str(pad)], capture_output=True, text=True, timeout=120
    )
    assert resultaat.returncode == 0, resultaat.stderr
    return json.loads(resultaat.stdout)


@pytest.mark.parametrize("naam", VOORBEELDEN)
@pytest.mark.parametrize("soort", [None, "opinienota"])
def test_pandoc_recovers_headings_tables_and_footnotes(werkmappen, naam, soort):
    werkmap = werkmappen[naam]
    invoer = lees(Werkmap(werkmap), soort)
    document = invoer.document
    if document.meta.soort == "regiovisie":  # as written by build: with the checklist annex
        document = voeg_toetsing_toe(document, invoer.toetsing)
    ast = _pandoc(werkmap / "build" / f"{document.meta.soort}.docx")

    def kop_in_word(b: Heading) -> str:
        # Appendix numbers (Bijlage A, A.1) are text in Word; chapter numbers are numbering.
        letters = b.number and not b.number[0].isdigit()
        return (f"{b.number} " if letters else "") + platte_tekst(b.content)

    koppen = [
        (min(b.level, 4), _schoon(kop_in_word(b))) for b in document.body if isinstance(b, Heading)
    ]
    gelezen = [
        (blok["c"][0], _schoon(_tekst(blok["c"][2])))
        for blok in _blokken(ast["blocks"])
        if blok["t"] == "Header"
    ]
    assert gelezen == koppen

    tabellen = [
        (
            [_schoon(platte_tekst(c)) for c in t.header],
            [[_schoon(platte_tekst(c)) for c in rij] for rij in t.rows],
        )
        for t in document.body
        if isinstance(t, Table)
    ]
    assert _tabellen(ast) == tabellen

    nummers = volgorde(document)
    noten = [
        _schoon(
            " ".join(
                platte_tekst(b.content) for b in document.footnotes[s] if isinstance(b, Paragraph)
            )
        )
        for s in sorted(nummers, key=nummers.get)
    ]
    assert _noten(ast) == noten


def test_pandoc_reads_the_raadsbesluit_text(werkmappen):
    ast = _pandoc(
        werkmappen["rotterdam-rijnmond"] / "build" / "raad" / "rotterdam-raadsbesluit.docx"
    )
    alineas = [
        _schoon(_tekst(b["c"])) for b in _blokken(ast["blocks"]) if b["t"] in ("Para", "Plain")
    ]
    assert "De raad van de gemeente Rotterdam," in alineas
    assert "besluit:" in alineas
    assert not [b for b in _blokken(ast["blocks"]) if b["t"] == "Header"]
