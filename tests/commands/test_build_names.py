"""Names read right for any region: no template puts 'regio' or 'jeugdregio' before the name,
so a name that already holds the word is never doubled in any document."""

from __future__ import annotations

import re
import zipfile
from html.parser import HTMLParser

import pytest

from tests.conftest import run_cli
from tests.regions import regio_yaml, werkmap

NAMES = (
    "Jeugdregio Kustvallei",
    "Regio Rivierenland",
    "Holland Rijnland",
    "Zuid-Kennemerland en IJmond",
)
# Two equal words in a row (case-insensitive), e.g. "jeugdregio Jeugdregio" or "regio Regio".
DOUBLE = re.compile(r"\b(\w+)[ \t\u00a0]+\1\b", re.IGNORECASE)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_starttag(self, tag, attrs):
        self.parts.append("\n")


def _docx_text(path) -> str:
    with zipfile.ZipFile(path) as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    paragraph = re.sub(r"</w:p>", "\n", xml)
    return re.sub(r"<[^>]+>", "", paragraph)


def _html_text(path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return "".join(parser.parts)


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_every_document_type_has_no_doubled_words(tmp_path, name):
    folder = werkmap(tmp_path, regio_yaml(name=name))
    result = run_cli("build", folder, "--raadsstukken")
    assert result.returncode == 0, result.stderr
    result = run_cli("build", folder, "--soort", "opinienota", "-f", "docx")
    assert result.returncode == 0, result.stderr
    build = folder / "build"
    texts = {p.name: _docx_text(p) for p in build.rglob("*.docx")}
    texts |= {p.name: _html_text(p) for p in build.glob("*.html")}
    assert {"regiovisie.docx", "regiovisie.html", "opinienota.docx"} <= set(texts)
    assert "havenstede-raadsvoorstel.docx" in texts
    assert "havenstede-raadsbesluit.docx" in texts
    for file, text in texts.items():
        assert name in text, file
        double = [m.group(0) for m in DOUBLE.finditer(text)]
        assert not double, (file, double)
        assert not re.search(r"\b(jeugd)?regio[ \t]+" + re.escape(name), text, re.IGNORECASE), file
