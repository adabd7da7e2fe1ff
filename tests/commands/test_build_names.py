"""Names read right for any region: no template puts 'regio' or 'jeugdregio' before the name,
so a name that already holds the word is never doubled in any document."""

from __future__ import annotations

import re
import zipfile
from html.parser import HTMLParser

import pytest

from tests.conftest import run_cli
from tests.regions import regio_yaml, werkmap

NAMEN = (
    "Jeugdregio Kustvallei",
    "Regio Rivierenland",
    "Holland Rijnland",
    "Zuid-Kennemerland en IJmond",
)
# Two equal words in a row (case-insensitive), e.g. "jeugdregio Jeugdregio" or "regio Regio".
DUBBEL = re.compile(r"\b(\w+)[ \t\u00a0]+\1\b", re.IGNORECASE)


class _Tekst(HTMLParser):
    def __init__(self):
        super().__init__()
        self.delen: list[str] = []

    def handle_data(self, data):
        self.delen.append(data)

    def handle_starttag(self, tag, attrs):
        self.delen.append("\n")


def _docx_tekst(pad) -> str:
    with zipfile.ZipFile(pad) as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    alinea = re.sub(r"</w:p>", "\n", xml)
    return re.sub(r"<[^>]+>", "", alinea)


def _html_tekst(pad) -> str:
    parser = _Tekst()
    parser.feed(pad.read_text(encoding="utf-8"))
    return "".join(parser.delen)


@pytest.mark.slow
@pytest.mark.parametrize("naam", NAMEN)
def test_every_document_type_has_no_doubled_words(tmp_path, naam):
    map_ = werkmap(tmp_path, regio_yaml(naam=naam))
    result = run_cli("build", map_, "--raadsstukken")
    assert result.returncode == 0, result.stderr
    result = run_cli("build", map_, "--soort", "opinienota", "-f", "docx")
    assert result.returncode == 0, result.stderr
    build = map_ / "build"
    teksten = {p.name: _docx_tekst(p) for p in build.rglob("*.docx")}
    teksten |= {p.name: _html_tekst(p) for p in build.glob("*.html")}
    assert {"regiovisie.docx", "regiovisie.html", "opinienota.docx"} <= set(teksten)
    assert "havenstede-raadsvoorstel.docx" in teksten
    assert "havenstede-raadsbesluit.docx" in teksten
    for bestand, tekst in teksten.items():
        assert naam in tekst, bestand
        dubbel = [m.group(0) for m in DUBBEL.finditer(tekst)]
        assert not dubbel, (bestand, dubbel)
        assert not re.search(r"\b(jeugd)?regio[ \t]+" + re.escape(naam), tekst, re.IGNORECASE), (
            bestand
        )
