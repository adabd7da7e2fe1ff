"""The website (``--formaat site``): pages, paragraph numbers, banner, tables, versions.

The browser checks (axe-core, 375 px, print) and the HTML validator run on a site with two
versions side by side, built once for this module. Tables, a final version, the colour file,
the writer on its own and refusals: tests/writers/test_site_build.py; Sphinx's state kept
between builds: tests/test_sitecache.py.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from tests.conftest import copy_built, copy_example, edit_yaml
from tests.writers import browser
from tests.writers.sites import build as _build
from tests.writers.sites import hashes as _hashes
from tests.writers.sites import page as _page

# Chapter numbers (2.1) and appendix numbers (Bijlage A, A.1).
NUMBER = re.compile(r"^(\d+(\.\d+)*|Bijlage [A-Z]+|[A-Z]+(\.\d+)+)$")


@pytest.fixture(scope="module")
def two_versies(tmp_path_factory) -> dict:
    """Zuid-Kennemerland built as concept 0.9 (site and single-file HTML), then as
    consultation version 1.0 (site)."""
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path_factory.mktemp("site"))
    first = _build(werkmap, "site", "html")
    assert first.returncode == 0, first.stderr
    sitemap = werkmap / "build" / "site"
    before = _hashes(sitemap / "0.9")

    def to_1_0(data):
        data["document"]["versie"] = "1.0"
        data["document"]["status"] = "consultatie"
        data["document"]["datum"] = dt.date(2021, 3, 1)

    edit_yaml(werkmap, to_1_0)
    second = _build(werkmap)
    assert second.returncode == 0, second.stderr
    return {
        "werkmap": werkmap,
        "site": sitemap,
        "uitvoer": first.stdout + second.stdout,
        "voor": before,
        "na": _hashes(sitemap / "0.9"),
    }


# --- one version: pages, numbers, banner -------------------------------------------------


def test_build_writes_one_page_per_chapter_and_reports_it(two_versies):
    versie = two_versies["site"] / "0.9"
    assert "website: zuid-kennemerland-ijmond/build/site/0.9/" in two_versies["uitvoer"]
    index = _page(versie / "index.html")
    hoofdstukken = index.xpath("//main//li[contains(@class,'toctree-l1')]/a/@href")
    # Eleven chapters, the appendix, the list of abbreviations and the checklist annex.
    assert len(hoofdstukken) == 14
    assert "toetsing-nvo.html" in hoofdstukken
    bijlage = _page(versie / "toetsing-nvo.html")
    assert bijlage.xpath("//main//table/caption") and bijlage.xpath("//main//th[@scope='col']")
    for href in hoofdstukken:
        page = _page(versie / href)
        assert len(page.xpath("//main//h1")) == 1
    assert (versie / "search.html").is_file() and (versie / "searchindex.js").is_file()
    manifest = json.loads((versie / "versie.json").read_text(encoding="utf-8"))
    assert manifest["versie"] == "0.9" and manifest["status"] == "concept"


def test_pages_are_dutch_with_landmarks_and_prev_next(two_versies):
    versie = two_versies["site"] / "0.9"
    for path in sorted(versie.glob("*.html")):
        page = _page(path)
        assert page.get("lang") == "nl", path.name
        assert page.xpath("//a[@class='skiplink']/@href") == ["#_inhoud"]
        assert len(page.xpath("//main[@id='_inhoud']")) == 1
        assert page.xpath("//header[@class='banner']") and page.xpath("//footer")
    process = _page(versie / "proces.html")
    previous = process.xpath("//nav[@class='vorige-volgende']//a[@rel='prev']")[0]
    following = process.xpath("//nav[@class='vorige-volgende']//a[@rel='next']")[0]
    assert previous.get("href") == "inleiding.html" and "Inleiding" in previous.text_content()
    assert following.get("href") == "inhoud.html"
    search = _page(versie / "search.html")
    assert search.xpath("//label[@for='zoekveld']")[0].text_content() == "Zoekterm"
    assert "Zoeken" in search.xpath("//title")[0].text_content()


def test_every_numbered_heading_links_to_itself_with_its_number(two_versies):
    werkmap, versie = two_versies["werkmap"], two_versies["site"] / "0.9"
    seen = {}
    for path in sorted(versie.glob("*.html")):
        page = _page(path)
        for heading in page.xpath("//main//*[self::h1 or self::h2 or self::h3 or self::h4]"):
            number = heading.xpath("./a[@class='paragraafnummer']")
            if not number:
                continue
            link = number[0]
            assert NUMBER.match(link.text_content()), link.text_content()
            anchor = link.get("href")[1:]
            assert heading.getparent().get("id") == anchor, (path.name, anchor)
            assert not heading.xpath(".//a[@class='headerlink']"), "no second permalink"
            seen[link.text_content()] = (path.name, anchor)
    assert seen["2.1"] == ("proces.html", "proces-aanpak")
    # The anchors are the ones of the single-file HTML, so both outputs cite alike.
    single = _page(werkmap / "build" / "regiovisie.html")
    in_single = {
        n.text_content(): n.getparent().get("id")
        for n in single.xpath("//main//a[@class='paragraafnummer']")
    }
    assert {k: v[1] for k, v in seen.items()} == in_single


def test_banner_shows_version_status_date_and_how_to_react(two_versies):
    for path in sorted((two_versies["site"] / "0.9").glob("*.html")):
        page = _page(path)
        banner = " ".join(page.xpath("//header[@class='banner']")[0].text_content().split())
        assert "concept versie 0.9, 16 februari 2021" in banner, path.name
        # How to respond is open at the top of every page, not folded away in the banner.
        respond = page.xpath("//main/div[@class='reageren']")
        assert respond and not respond[0].xpath("ancestor-or-self::details"), path.name
        text = " ".join(respond[0].text_content().split())
        assert "Reageren kan tot en met 19 maart 2021" in text
        assert "online reactieformulier" in text
        assert "Contact: de regionale werkgroep jeugd" in text


# --- versions side by side ---------------------------------------------------------------


def test_new_version_leaves_older_version_byte_identical(two_versies):
    assert two_versies["voor"] == two_versies["na"]
    assert "nieuwste versie: 1.0" in two_versies["uitvoer"]


def test_index_lists_versions_newest_first_with_status_and_date(two_versies):
    index = _page(two_versies["site"] / "index.html")
    rows = [
        [" ".join(c.text_content().split()) for c in row.xpath("./th|./td")]
        for row in index.xpath("//tbody/tr")
    ]
    assert [r[:3] for r in rows] == [
        ["versie 1.0", "consultatieversie", "1 maart 2021"],
        ["versie 0.9", "concept", "16 februari 2021"],
    ]
    assert index.xpath("//tbody//a/@href") == ["1.0/index.html", "0.9/index.html"]
    assert index.xpath("//main//p/a/@href") == ["latest/index.html"]


def test_latest_is_a_copy_of_the_newest_version(two_versies):
    sitemap = two_versies["site"]
    newest = {k: v[0] for k, v in _hashes(sitemap / "1.0").items()}
    assert {k: v[0] for k, v in _hashes(sitemap / "latest").items()} == newest
    banner = _page(sitemap / "latest" / "index.html").xpath("//header")[0].text_content()
    assert "versie 1.0" in banner and "consultatieversie" in banner


def test_rebuilding_a_version_replaces_only_that_version(two_versies, tmp_path):
    werkmap = copy_built(two_versies["werkmap"], tmp_path)  # 0.9 and 1.0 built
    sitemap = werkmap / "build" / "site"
    old = _hashes(sitemap / "0.9")
    edit_yaml(werkmap, lambda d: d["document"].update(titel="Nieuwe titel"))  # still 1.0
    (sitemap / "1.0" / "weg.html").write_text("oud bestand", encoding="utf-8")
    outcome = _build(werkmap)
    assert outcome.returncode == 0, outcome.stderr
    assert not (sitemap / "1.0" / "weg.html").exists()
    assert "Nieuwe titel" in (sitemap / "1.0" / "index.html").read_text(encoding="utf-8")
    assert _hashes(sitemap / "0.9") == old
    assert "Nieuwe titel" in (sitemap / "latest" / "index.html").read_text(encoding="utf-8")
    assert not [p for p in sitemap.iterdir() if p.name.startswith(".")]


# --- in the browser ----------------------------------------------------------------------


# Of the older version (0.9) one page of every kind: the table of contents, a chapter and
# the checklist annex with its wide tables (its search page, with results, is added in
# page_checks). Its other pages are made by the same template from the same text as 1.0's,
# which are all checked; what differs (banner, status, reaction block) is on every page.
OLDER_VERSION_PAGES = ("index.html", "proces.html", "toetsing-nvo.html")


def _pages_to_check(sitemap: Path) -> list[str]:
    """Every page of the site, except latest/ (a byte copy of the newest version:
    test_latest_is_a_copy_of_the_newest_version) and the older version's chapters beyond
    one of every kind (OLDER_VERSION_PAGES)."""
    pages = [p.relative_to(sitemap).as_posix() for p in sorted(sitemap.rglob("*.html"))]
    chosen = [
        p
        for p in pages
        if not p.startswith(("latest/", "0.9/")) or p in {f"0.9/{n}" for n in OLDER_VERSION_PAGES}
    ]
    assert {p.split("/")[0] for p in chosen} >= {"index.html", "0.9", "1.0"}
    return chosen


@pytest.fixture(scope="module")
def page_checks(two_versies, chromium) -> dict:
    """Every page to check (``_pages_to_check``) loaded once in Chromium: axe-core's serious
    violations at desktop width, then the page's width at 375 px (the page restyled to a
    phone's width: its scripts do not look at the width)."""
    source = browser.axe_source()
    sitemap = two_versies["site"]
    pages = _pages_to_check(sitemap) + ["0.9/search.html?q=jeugdhulp"]
    problems, too_wide = [], []
    with browser.serve(sitemap) as basis:
        page = chromium.new_page()
        for path in pages:
            page.set_viewport_size({"width": 1280, "height": 720})
            page.goto(f"{basis}/{path}")
            if "?q=" in path:
                page.wait_for_selector("#search-results ul.search li", timeout=20000)
            problems += [f"{path}: {r}" for r in browser.severe(browser.axe(page, source))]
            page.set_viewport_size({"width": 375, "height": 740})
            width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if width[0] > width[1]:
                too_wide.append((path, width))
        page.close()
    return {"pages": pages, "axe": problems, "te breed": too_wide}


def test_every_page_has_no_serious_axe_violations(page_checks):
    assert len(page_checks["pages"]) > 20
    assert page_checks["axe"] == []


def test_no_horizontal_scrolling_on_a_phone(two_versies, page_checks, tmp_path, chromium):
    assert page_checks["te breed"] == []
    with browser.serve(two_versies["site"]) as basis:
        page = chromium.new_page(viewport={"width": 375, "height": 740})
        page.goto(f"{basis}/1.0/planning.html")
        bewijs = tmp_path / "planning-375.png"
        page.screenshot(path=str(bewijs), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.close()
    assert bewijs.stat().st_size > 0


def test_print_stylesheet_hides_navigation(two_versies, chromium):
    with browser.serve(two_versies["site"]) as basis:
        page = chromium.new_page()
        page.goto(f"{basis}/1.0/proces.html")
        visible = "s => getComputedStyle(document.querySelector(s)).display"
        assert page.evaluate(visible, ".inhoudsopgave") != "none"
        page.emulate_media(media="print")
        for selector in (".inhoudsopgave", ".zoeken", ".vorige-volgende", ".skiplink"):
            assert page.evaluate(visible, selector) == "none", selector
        assert page.evaluate(visible, ".banner") != "none"
        page.close()


def test_html_of_the_site_is_valid(two_versies):
    # One Nu HTML Checker run (a Java start costs more than checking fifty pages): every
    # page of the site, and the single-file HTML built with 0.9.
    single = two_versies["werkmap"] / "build" / "regiovisie.html"
    assert single.is_file()
    errors = browser.vnu([*sorted(two_versies["site"].rglob("*.html")), single])
    assert errors == []
