"""Open points a clerk can act on: all at once, the municipality by name and the line in
regio.yaml, singular and plural right; publish warns (--strikt refuses); the annex and the
council documents use plain Dutch without keys or block ids."""

from __future__ import annotations

import re

from tests.conftest import ROOT, run_cli
from tests.regions import gemeente_line, regio_yaml, werkmap


def _without(text: str, *lines: str) -> str:
    for line in lines:
        assert line in text, line
        text = text.replace(line, "", 1)
    return text


def test_every_open_point_at_once_with_municipality_and_line(tmp_path):
    text = _without(
        regio_yaml(status="definitief"),
        "      portefeuillehouder: wethouder Jeugd van Havenstede\n",
        "      portefeuillehouder: wethouder Jeugd van Polderveen\n",
        "        griffier: de griffier van Polderveen\n",
    )
    folder = werkmap(tmp_path, text)
    result = run_cli("build", folder)
    assert result.returncode == 2, result.stdout
    assert "maar er staan nog 3 open punten in de tekst of de raadsstukken" in result.stderr
    havenstede = gemeente_line(text, "Havenstede")
    polderveen = gemeente_line(text, "Polderveen")
    raad = text.splitlines().index("      raad:", polderveen) + 1
    assert f"Havenstede: portefeuillehouder ontbreekt (regio/regio.yaml, regel {havenstede})" in (
        result.stderr
    )
    assert f"Polderveen: portefeuillehouder ontbreekt (regio/regio.yaml, regel {polderveen})" in (
        result.stderr
    )
    assert f"Polderveen: raad.griffier ontbreekt (regio/regio.yaml, regel {raad})" in result.stderr
    assert "Duinwijk" not in result.stderr
    assert not (folder / "build").exists()


def test_one_open_point_is_singular(tmp_path):
    text = _without(regio_yaml(status="definitief"), "        griffier: de griffier van Duinwijk\n")
    result = run_cli("build", werkmap(tmp_path, text))
    assert result.returncode == 2
    assert "maar er staat nog 1 open punt in de tekst" in result.stderr
    assert "Duinwijk: raad.griffier ontbreekt" in result.stderr


def test_an_open_point_typed_by_hand_stops_a_final_version_too(tmp_path):
    """A council member reads "[nog in te vullen: ...]" typed in a block as an open point;
    the check counted only the markers made from regio.yaml, so a final version passed."""
    folder = werkmap(tmp_path, regio_yaml(status="definitief"))
    assert run_cli("build", folder, "-f", "html").returncode == 0
    before = (folder / "build" / "regiovisie.html").read_bytes()
    (folder / "content").mkdir()
    (folder / "content" / "vergadering.md").write_text(
        "---\nid: vergadering\ntitel: Vergadering\nhoofdstuk: inleiding\n---\n"
        "De raad besluit op [nog in te vullen: datum raadsvergadering].\n",
        encoding="utf-8",
    )
    result = run_cli("build", folder, "-f", "html")
    assert result.returncode == 2, result.stdout
    assert "maar er staat nog 1 open punt in de tekst" in result.stderr
    assert (
        "  - [nog in te vullen: datum raadsvergadering] staat zo in de tekst "
        "(regio/content/vergadering.md); vul het daar in"
    ) in result.stderr
    assert (folder / "build" / "regiovisie.html").read_bytes() == before


def test_an_open_point_in_an_outline_title_stops_a_final_version_too(tmp_path):
    """An outline's meta templates print a missing value as its marker (here on every
    raadsvoorstel's subtitle); only the blocks' markers were counted, so a final version
    passed with the marker on the page."""
    folder = werkmap(tmp_path, regio_yaml(status="definitief"))
    assert run_cli("build", folder, "-f", "docx").returncode == 0
    before = {p: p.read_bytes() for p in (folder / "build").rglob("*.docx")}
    outline = (ROOT / "templates" / "documenten" / "raadsvoorstel.yaml").read_text("utf-8")
    old = 'ondertitel: "Vaststelling'
    assert old in outline
    (folder / "templates" / "documenten").mkdir(parents=True)
    (folder / "templates" / "documenten" / "raadsvoorstel.yaml").write_text(
        outline.replace(old, 'ondertitel: "Aandeel {{ gemeente.aandeel }}%. Vaststelling'),
        encoding="utf-8",
    )
    result = run_cli("build", folder, "-f", "docx")
    assert result.returncode == 2, result.stdout
    assert "maar er staan nog 3 open punten in de tekst of de raadsstukken" in result.stderr
    line = gemeente_line(regio_yaml(), "Polderveen")
    assert f"  - Polderveen: aandeel ontbreekt (regio/regio.yaml, regel {line})" in result.stderr
    assert {p: p.read_bytes() for p in (folder / "build").rglob("*.docx")} == before


def test_a_draft_lists_its_open_points_and_builds(tmp_path):
    text = _without(regio_yaml(), "  besluitvorming: Het algemeen bestuur geeft de tekst vrij; "
                    "daarna besluit iedere raad.\n")  # fmt: skip
    result = run_cli("build", werkmap(tmp_path, text), "-f", "html")
    assert result.returncode == 0, result.stderr
    line = text.splitlines().index("proces:") + 1
    assert "Nog in te vullen: 1 open punt" in result.stdout
    assert f"  - proces.besluitvorming ontbreekt (regio/regio.yaml, regel {line})" in result.stdout


def test_publish_of_a_consultation_version_warns_and_strikt_refuses(tmp_path):
    text = _without(
        regio_yaml(status="consultatie", overgenomen="[thema-preventie]"),
        "      portefeuillehouder: wethouder Jeugd van Duinwijk\n",
        "  ontwikkeling: Minder verblijf, meer hulp dichtbij huis.\n",
    )
    folder = werkmap(tmp_path, text)
    strict = run_cli("publish", folder, "--strikt")
    assert strict.returncode == 1, strict.stderr
    assert "Niet gepubliceerd (--strikt)." in strict.stderr
    assert not (folder / "versies").exists()

    result = run_cli("publish", folder)
    assert result.returncode == 0, result.stderr
    assert "Waarschuwing: deze versie heeft nog 1 open punt:" in result.stderr
    assert "  - inkoop.ontwikkeling ontbreekt (" in result.stderr
    assert "paragrafen zijn standaardtekst, niet vastgesteld door de regio:" in result.stderr
    assert "Wijkgericht werken" in result.stderr
    assert (folder / "versies" / "1.0").is_dir()


def test_the_annex_speaks_plain_dutch(tmp_path):
    text = regio_yaml(overgenomen="[thema-preventie]").replace("brede_blik, ", "")
    text = _without(text, "  besluitvorming: Het algemeen bestuur geeft de tekst vrij; "
                    "daarna besluit iedere raad.\n")  # fmt: skip
    folder = werkmap(tmp_path, text)
    assert run_cli("build", folder, "-f", "html").returncode == 0
    html = (folder / "build" / "regiovisie.html").read_text(encoding="utf-8")
    bijlage = html[html.index('id="toetsing-nvo"') : html.index('class="voetnoten"')]
    visible = re.sub(r"<[^>]+>", " ", bijlage)
    assert "ontbreekt er 1" in visible or "basisfuncties" in visible
    assert "toegang.basisfuncties" not in visible
    assert "proces.besluitvorming" not in visible
    assert not re.search(r"\((proces|inkoop|toegang|thema)-[a-z-]+\)", visible)
    assert not re.search(r"\b[a-z_]+\.[a-z_]+\b", visible.replace("regio.yaml", ""))
