"""The single-file HTML (for e-mail and intranet) at the same accessibility level as the site."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from tests.conftest import copy_example, edit_yaml, run_cli
from tests.writers import browser

EXAMPLES = ("zuid-kennemerland-ijmond", "rotterdam-rijnmond")


@pytest.fixture(scope="module")
def html_files(tmp_path_factory) -> dict[str, Path]:
    """Both examples built to single-file HTML, in folders of their own."""
    built = {}
    for name in EXAMPLES:
        werkmap = copy_example(name, tmp_path_factory.mktemp(name))
        outcome = run_cli("build", werkmap, "--formaat", "html")
        assert outcome.returncode == 0, outcome.stderr
        built[name] = werkmap / "build" / "regiovisie.html"
    return built


def test_single_file_has_no_serious_axe_violations(html_files, chromium):
    # The whole document on one page (about 1,400 elements, five times a site page) makes
    # each axe run take a second or two, mostly the colour-contrast rule, which looks at
    # every text element. Each page is loaded once and checked in both colour sets:
    # switching prefers-color-scheme restyles the loaded page as a reload would.
    source = browser.axe_source()
    problems = []
    page = chromium.new_page()
    for name, path in html_files.items():
        with browser.serve(path.parent) as basis:
            page.emulate_media(color_scheme="light")
            page.goto(f"{basis}/{path.name}")
            for schema in ("light", "dark"):  # prefers-color-scheme: both colour sets
                page.emulate_media(color_scheme=schema)
                assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (
                    schema == "dark"
                )
                found = browser.severe(browser.axe(page, source))
                problems += [f"{name} ({schema}): {r}" for r in found]
    page.close()
    assert problems == []


def test_single_file_fits_a_phone_without_horizontal_scrolling(html_files, tmp_path, chromium):
    page = chromium.new_page(viewport={"width": 375, "height": 740})
    for name, path in html_files.items():
        with browser.serve(path.parent) as basis:
            page.goto(f"{basis}/{path.name}")
            width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            page.screenshot(path=str(tmp_path / f"{name}-375.png"))
        assert width[0] <= width[1], (name, width)
    page.close()


def test_single_file_banner_tells_how_to_react_while_in_consultation(html_files, tmp_path):
    page = lxml_html.fromstring(html_files["rotterdam-rijnmond"].read_bytes())
    banner = " ".join(page.xpath("//header")[0].text_content().split())
    assert "consultatieversie" in banner and "versie 1.0" in banner
    assert "Reageren kan tot en met 24 oktober 2024" in banner
    assert "online reactieformulier" in banner

    werkmap = copy_example("rotterdam-rijnmond", tmp_path)
    edit_yaml(werkmap, lambda d: d["document"].update(status="definitief"))
    assert run_cli("build", werkmap, "--formaat", "html").returncode == 0
    definitief = lxml_html.fromstring((werkmap / "build" / "regiovisie.html").read_bytes())
    assert not definitief.xpath("//*[contains(@class,'reageren')]")


def test_skip_link_target_never_clashes_with_a_chapter_id(html_files):
    # The example has a chapter with id "inhoud"; the skip link must still land on <main>.
    page = lxml_html.fromstring(html_files["zuid-kennemerland-ijmond"].read_bytes())
    target = page.xpath("//a[@class='skiplink']/@href")[0][1:]
    assert [e.tag for e in page.xpath(f"//*[@id='{target}']")] == ["main"]
    assert page.xpath("//*[@id='inhoud']")[0].tag == "h2"
