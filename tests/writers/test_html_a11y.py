"""The single-file HTML (for e-mail and intranet) at the same accessibility level as the site."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from tests.conftest import copy_example, edit_yaml, run_cli
from tests.writers import browser

VOORBEELDEN = ("zuid-kennemerland-ijmond", "rotterdam-rijnmond")


@pytest.fixture(scope="module")
def html_bestanden(tmp_path_factory) -> dict[str, Path]:
    """Both examples built to single-file HTML, in folders of their own."""
    gebouwd = {}
    for naam in VOORBEELDEN:
        werkmap = copy_example(naam, tmp_path_factory.mktemp(naam))
        uitkomst = run_cli("build", werkmap, "--formaat", "html")
        assert uitkomst.returncode == 0, uitkomst.stderr
        gebouwd[naam] = werkmap / "build" / "regiovisie.html"
    return gebouwd


@pytest.fixture(scope="module")
def chromium():
    """One headless Chromium for this module; each test opens a page (a context) of its own."""
    with browser.chromium() as gestart:
        yield gestart


def test_single_file_has_no_serious_axe_violations(html_bestanden, chromium):
    bron = browser.axe_bron()
    problemen = []
    pagina = chromium.new_page()
    for naam, pad in html_bestanden.items():
        with browser.serveer(pad.parent) as basis:
            for schema in ("light", "dark"):  # prefers-color-scheme: both colour sets
                pagina.emulate_media(color_scheme=schema)
                pagina.goto(f"{basis}/{pad.name}")
                gevonden = browser.ernstige(browser.axe(pagina, bron))
                problemen += [f"{naam} ({schema}): {r}" for r in gevonden]
    pagina.close()
    assert problemen == []


def test_single_file_fits_a_phone_without_horizontal_scrolling(html_bestanden, tmp_path, chromium):
    pagina = chromium.new_page(viewport={"width": 375, "height": 740})
    for naam, pad in html_bestanden.items():
        with browser.serveer(pad.parent) as basis:
            pagina.goto(f"{basis}/{pad.name}")
            breedte = pagina.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            pagina.screenshot(path=str(tmp_path / f"{naam}-375.png"))
        assert breedte[0] <= breedte[1], (naam, breedte)
    pagina.close()


def test_single_file_html_is_valid(html_bestanden):
    assert browser.vnu(list(html_bestanden.values())) == []


def test_single_file_banner_tells_how_to_react_while_in_consultation(html_bestanden, tmp_path):
    pagina = lxml_html.fromstring(html_bestanden["rotterdam-rijnmond"].read_bytes())
    banner = " ".join(pagina.xpath("//header")[0].text_content().split())
    assert "consultatieversie" in banner and "versie 1.0" in banner
    assert "Reageren kan tot en met 24 oktober 2024" in banner
    assert "online reactieformulier" in banner

    werkmap = copy_example("rotterdam-rijnmond", tmp_path)
    edit_yaml(werkmap, lambda d: d["document"].update(status="definitief"))
    assert run_cli("build", werkmap, "--formaat", "html").returncode == 0
    definitief = lxml_html.fromstring((werkmap / "build" / "regiovisie.html").read_bytes())
    assert not definitief.xpath("//*[contains(@class,'reageren')]")


def test_skip_link_target_never_clashes_with_a_chapter_id(html_bestanden):
    # The example has a chapter with id "inhoud"; the skip link must still land on <main>.
    pagina = lxml_html.fromstring(html_bestanden["zuid-kennemerland-ijmond"].read_bytes())
    doel = pagina.xpath("//a[@class='skiplink']/@href")[0][1:]
    assert [e.tag for e in pagina.xpath(f"//*[@id='{doel}']")] == ["main"]
    assert pagina.xpath("//*[@id='inhoud']")[0].tag == "h2"
