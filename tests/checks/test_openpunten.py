"""Open points a clerk can act on: all at once, the municipality by name and the line in
regio.yaml, singular and plural right; publish warns (--strikt refuses); the annex and the
council documents use plain Dutch without keys or block ids."""

from __future__ import annotations

import re

from tests.conftest import run_cli
from tests.regions import gemeente_regel, regio_yaml, werkmap


def _zonder(tekst: str, *regels: str) -> str:
    for regel in regels:
        assert regel in tekst, regel
        tekst = tekst.replace(regel, "", 1)
    return tekst


def test_every_open_point_at_once_with_municipality_and_line(tmp_path):
    tekst = _zonder(
        regio_yaml(status="definitief"),
        "      portefeuillehouder: wethouder Jeugd van Havenstede\n",
        "      portefeuillehouder: wethouder Jeugd van Polderveen\n",
        "        griffier: de griffier van Polderveen\n",
    )
    map_ = werkmap(tmp_path, tekst)
    result = run_cli("build", map_)
    assert result.returncode == 2, result.stdout
    assert "maar er staan nog 3 open punten in de tekst of de raadsstukken" in result.stderr
    havenstede = gemeente_regel(tekst, "Havenstede")
    polderveen = gemeente_regel(tekst, "Polderveen")
    raad = tekst.splitlines().index("      raad:", polderveen) + 1
    assert f"Havenstede: portefeuillehouder ontbreekt (regio/regio.yaml, regel {havenstede})" in (
        result.stderr
    )
    assert f"Polderveen: portefeuillehouder ontbreekt (regio/regio.yaml, regel {polderveen})" in (
        result.stderr
    )
    assert f"Polderveen: raad.griffier ontbreekt (regio/regio.yaml, regel {raad})" in result.stderr
    assert "Duinwijk" not in result.stderr
    assert not (map_ / "build").exists()


def test_one_open_point_is_singular(tmp_path):
    tekst = _zonder(regio_yaml(status="definitief"), "        griffier: de griffier van Duinwijk\n")
    result = run_cli("build", werkmap(tmp_path, tekst))
    assert result.returncode == 2
    assert "maar er staat nog 1 open punt in de tekst" in result.stderr
    assert "Duinwijk: raad.griffier ontbreekt" in result.stderr


def test_a_draft_lists_its_open_points_and_builds(tmp_path):
    tekst = _zonder(regio_yaml(), "  besluitvorming: Het algemeen bestuur geeft de tekst vrij; "
                    "daarna besluit iedere raad.\n")  # fmt: skip
    result = run_cli("build", werkmap(tmp_path, tekst), "-f", "html")
    assert result.returncode == 0, result.stderr
    regel = tekst.splitlines().index("proces:") + 1
    assert "Nog in te vullen: 1 open punt" in result.stdout
    assert f"  - proces.besluitvorming ontbreekt (regio/regio.yaml, regel {regel})" in result.stdout


def test_publish_of_a_consultation_version_warns_and_strikt_refuses(tmp_path):
    tekst = _zonder(
        regio_yaml(status="consultatie", overgenomen="[thema-preventie]"),
        "      portefeuillehouder: wethouder Jeugd van Duinwijk\n",
        "  ontwikkeling: Minder verblijf, meer hulp dichtbij huis.\n",
    )
    map_ = werkmap(tmp_path, tekst)
    strikt = run_cli("publish", map_, "--strikt")
    assert strikt.returncode == 1, strikt.stderr
    assert "Niet gepubliceerd (--strikt)." in strikt.stderr
    assert not (map_ / "versies").exists()

    result = run_cli("publish", map_)
    assert result.returncode == 0, result.stderr
    assert "Waarschuwing: deze versie heeft nog 1 open punt:" in result.stderr
    assert "  - inkoop.ontwikkeling ontbreekt (" in result.stderr
    assert "paragrafen zijn standaardtekst, niet vastgesteld door de regio:" in result.stderr
    assert "Wijkgericht werken" in result.stderr
    assert (map_ / "versies" / "1.0").is_dir()


def test_the_annex_speaks_plain_dutch(tmp_path):
    tekst = regio_yaml(overgenomen="[thema-preventie]").replace("brede_blik, ", "")
    tekst = _zonder(tekst, "  besluitvorming: Het algemeen bestuur geeft de tekst vrij; "
                    "daarna besluit iedere raad.\n")  # fmt: skip
    map_ = werkmap(tmp_path, tekst)
    assert run_cli("build", map_, "-f", "html").returncode == 0
    html = (map_ / "build" / "regiovisie.html").read_text(encoding="utf-8")
    bijlage = html[html.index('id="toetsing-nvo"') : html.index('class="voetnoten"')]
    zichtbaar = re.sub(r"<[^>]+>", " ", bijlage)
    assert "ontbreken er 1" in zichtbaar or "basisfuncties" in zichtbaar
    assert "toegang.basisfuncties" not in zichtbaar
    assert "proces.besluitvorming" not in zichtbaar
    assert not re.search(r"\((proces|inkoop|toegang|thema)-[a-z-]+\)", zichtbaar)
    assert not re.search(r"\b[a-z_]+\.[a-z_]+\b", zichtbaar.replace("regio.yaml", ""))
