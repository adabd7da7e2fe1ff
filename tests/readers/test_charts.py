"""Charts from region data: grafiek(...) in a block draws a figure with generated alt text,
keeps the numbers as a table, and gives the same bytes for the same data."""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
import zipfile

import pytest

from regiovisie_builder.readers import charts
from tests.conftest import ROOT, copy_example, run_cli
from tests.writers.docx_helpers import part, text

BUDGET = {
    "titel": "Begroting jeugdhulp",
    "eenheid": "duizend",
    "jaren": [2022, 2023, 2024],
    "posten": [
        {"post": "Jeugdhulp zonder verblijf", "bedragen": [48600, 49300, 49900]},
        {"post": "Jeugdhulp met verblijf", "bedragen": [31200, 30400, 29800]},
    ],
}
BLOK = """---
id: grafiek-proef
titel: De begroting in beeld
hoofdstuk: planning
volgorde: 90
---
De grafiek in [](#figuur-1) laat de begroting zien.

{{ grafiek(financien.begroting) }}
"""


@pytest.fixture(scope="module")
def other_process(tmp_path_factory) -> dict:
    """One fresh Python process (matplotlib's start-up is most of its cost) that reads the
    example workspace, says whether that imported matplotlib, and then draws BUDGET."""
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path_factory.mktemp("zkij"))
    code = (
        "import sys, json, base64; from pathlib import Path; "
        "from regiovisie_builder.pipeline import read; "
        "from regiovisie_builder.werkmap import Werkmap; "
        "read(Werkmap(Path(sys.argv[1]))); matplotlib = 'matplotlib' in sys.modules; "
        "from regiovisie_builder.readers import charts; "
        "svg = charts.character(json.loads(sys.argv[2])); "
        "print(json.dumps({'matplotlib': matplotlib, 'svg': base64.b64encode(svg).decode()}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(werkmap), json.dumps(charts.data_of(BUDGET))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    result = json.loads(out)
    return {"matplotlib": result["matplotlib"], "svg": base64.b64decode(result["svg"])}


def test_same_data_gives_the_same_svg_bytes_also_in_another_process(other_process):
    data = charts.data_of(BUDGET)
    first = charts.character(data)
    assert first == charts.character(data)
    other = other_process["svg"]
    assert other == first
    assert b"<svg" in first and b"Jeugdhulp zonder verblijf" in first
    assert b"<dc:date>" not in first  # no build date in the drawing


def test_alt_text_describes_the_chart_in_dutch():
    alt = charts.alt_text(charts.data_of(BUDGET))
    assert alt.startswith("Staafdiagram 'Begroting jeugdhulp' van 2022 tot en met 2024")
    assert "Jeugdhulp zonder verblijf en Jeugdhulp met verblijf" in alt
    assert "het hoogst in 2022 (79.800 duizend euro)" in alt
    assert "het laagst in 2023 (79.700 duizend euro)" in alt


def test_damaged_chart_path_is_refused():
    with pytest.raises(charts.InvalidChart, match="beschadigd"):
        charts.decode("grafiek:bm90LWRlLWdlZ2V2ZW5z")
    with pytest.raises(charts.InvalidChart):
        charts.decode(charts.encode({"soort": "staaf"}))  # incomplete data


def test_grafiek_in_a_block_gives_figure_alt_text_and_data_table(tmp_path):
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path)
    (werkmap / "content" / "grafiek-proef.md").write_text(BLOK, encoding="utf-8")
    result = run_cli("build", werkmap, "-f", "docx", "-f", "html")
    assert result.returncode == 0, result.stderr
    docx = werkmap / "build" / "regiovisie.docx"
    with zipfile.ZipFile(docx) as package:
        assert any(n.endswith(".svg") for n in package.namelist() if n.startswith("word/media/"))
    body = part(docx, "word/document.xml")
    wp = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
    description = next(
        d.get("descr") for d in body.iter(f"{wp}docPr") if "Staafdiagram" in d.get("descr")
    )
    assert "Begroting regionaal ingekochte jeugdhulp" in description
    everything = text(body)
    assert "Figuur 1. Begroting regionaal ingekochte jeugdhulp" in everything
    assert "De cijfers bij de figuur 'Begroting regionaal ingekochte jeugdhulp'" in everything
    html = (werkmap / "build" / "regiovisie.html").read_text(encoding="utf-8")
    figure = re.search(r'<figure id="figuur-1">.*?</figure>', html, re.S).group(0)
    assert 'alt="Staafdiagram' in figure and "data:image/svg+xml;base64," in figure
    # The same workspace built again elsewhere gives the same Word file, byte for byte, also
    # when the chart and its PNG stand-in are drawn again (not taken from the process cache).
    _forget_drawings()
    second = copy_example("zuid-kennemerland-ijmond", tmp_path / "tweede")
    (second / "content" / "grafiek-proef.md").write_text(BLOK, encoding="utf-8")
    assert run_cli("build", second, "-f", "docx").returncode == 0
    assert (second / "build" / "regiovisie.docx").read_bytes() == docx.read_bytes()


def test_matplotlib_is_imported_only_when_a_chart_is_asked_for(other_process, zkij):
    # the example's appendix has a chart: reading it imported matplotlib
    assert other_process["matplotlib"] is True

    def imports_matplotlib() -> str:
        code = (
            "import sys; from pathlib import Path; from regiovisie_builder.pipeline import read; "
            "from regiovisie_builder.werkmap import Werkmap; "
            f"read(Werkmap(Path({str(zkij)!r}))); print('matplotlib' in sys.modules)"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
        )
        return out.stdout.strip() or out.stderr

    (zkij / "content" / "bijlage-gemeenten.md").unlink()
    assert imports_matplotlib() == "False"


def _forget_drawings() -> None:
    """Empty the per-process caches of chart drawings and PNG stand-ins."""
    from regiovisie_builder.readers import charts
    from regiovisie_builder.writers.docx.images import drawn_png

    charts.drawn.cache_clear()
    drawn_png.cache_clear()
