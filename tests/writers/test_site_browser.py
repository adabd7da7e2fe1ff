"""The consultation site in a real browser, as a resident, a partner and a printer use it.

One workspace is published as consultation version 0.9 (with a response form and a Word
download), then changed and built as 1.0. One Chromium serves every test of this module.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from docx import Document as WordDocument

from tests.commands.versioning import change_to_1_0, publish
from tests.conftest import copy_example, edit_yaml, require_tool, run_cli
from tests.writers import browser
from tests.writers.sites import page as _page

pytestmark = [pytest.mark.extern, pytest.mark.slow]

FORM = "https://reageren.example/regiovisie?paragraaf={paragraaf}&versie={versie}"


def _hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> dict:
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path_factory.mktemp("consultatie"))

    def consultatie(data):
        data["document"]["status"] = "consultatie"
        data["document"]["website"] = "https://regiovisie.example/jeugd/"
        data["consultatie"].update(
            formulier=FORM, email="reacties@regio.example", reageren_tot="2099-12-31"
        )

    edit_yaml(werkmap, consultatie)
    publish(werkmap)
    # The Word download and the single-file page come from the published (frozen) 0.9.
    first = run_cli("build", werkmap, "-f", "site")
    assert first.returncode == 0, first.stderr
    sitemap = werkmap / "build" / "site"
    before = _hashes(sitemap / "0.9")
    change_to_1_0(werkmap)
    second = run_cli("build", werkmap, "-f", "site")
    assert second.returncode == 0, second.stderr
    return {"werkmap": werkmap, "site": sitemap, "voor": before, "na": _hashes(sitemap / "0.9")}


@pytest.fixture(scope="module")
def chromium(site, chromium):
    """The test process's Chromium (``chromium`` of tests/conftest.py) and the address where
    this module's site is served."""
    with browser.serve(site["site"]) as basis:
        yield chromium, basis


@pytest.fixture
def page(chromium):
    chromium_, basis = chromium
    context = chromium_.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.basis = basis
    yield page
    context.close()


def _versies_read(page) -> None:
    """Wait until the page's versies.js (a version's pages have it; the site's own index
    does not) has read versies.json and changed the page accordingly, or found it missing:
    it then marks the body."""
    page.wait_for_function(
        "!document.querySelector('script[src$=\"versies.js\"]')"
        " || 'versiesGelezen' in document.body.dataset"
    )


def test_small_things_users_expect(site):
    from lxml import etree
    from lxml import html as lxml_html

    sitemap = site["site"]
    for path in sorted((sitemap / "latest").glob("*.html")):
        if path.name.startswith("wijzigingen-"):
            continue  # the change overview is a single-file page
        page = lxml_html.fromstring(path.read_bytes())
        assert len(page.xpath("//meta[@name='viewport']")) == 1, path.name
        assert page.xpath("//link[@rel='icon']/@href") == ["_static/favicon.svg"]
        # latest/ is a copy: its canonical address is the version's own page.
        assert page.xpath("//link[@rel='canonical']/@href") == [f"../1.0/{path.name}"]
        description = page.xpath("//meta[@name='description']/@content")[0]
        assert "Zuid-Kennemerland en IJmond" in description and "1.0" in description
        assert "versie versie" not in description and "consultatieversie versie" not in description
    assert (sitemap / "latest" / "_static" / "favicon.svg").read_bytes().startswith(b"<svg")
    chart_map = etree.fromstring((sitemap / "sitemap.xml").read_bytes())
    addresses = [e.text for e in chart_map.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://regiovisie.example/jeugd/1.0/proces.html" in addresses
    assert "https://regiovisie.example/jeugd/0.9/proces.html" in addresses
    assert not [a for a in addresses if "search.html" in a or "/latest/" in a]
    not_found = lxml_html.fromstring((sitemap / "404.html").read_bytes())
    assert not_found.get("lang") == "nl"
    assert not_found.xpath("//h1")[0].text_content() == "Deze pagina bestaat niet"
    assert "/latest/index.html" in not_found.xpath("//a/@href")


def test_respond_link_to_form_export_to_reactions_to_nota(site, page):
    followed = []

    def form(route):
        followed.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<p>Formulier</p>")

    page.route("https://reageren.example/**", form)
    page.goto(f"{page.basis}/latest/proces.html")
    links = page.locator(".reageer-op a")
    assert links.count() > 3
    link = page.get_by_role("link", name="Reageer op 2.1", exact=True)
    assert link.is_visible()
    link.click()
    page.wait_for_url("https://reageren.example/**")
    question = parse_qs(urlsplit(followed[0]).query)
    assert question == {"paragraaf": ["2.1"], "versie": ["1.0"]}

    # The form tool's export has the prefilled paragraph in its own column.
    werkmap = site["werkmap"]
    (werkmap / "reacties").mkdir()
    (werkmap / "reacties" / "formulier.csv").write_text(
        "Naam;Organisatie;Paragraaf;Reactie\n"
        f"Sanne de Boer;;{question['paragraaf'][0]};Betrek ook de jongerenraad bij stap 3.\n",
        encoding="utf-8",
    )
    outcome = run_cli("reactions", werkmap, "--versie", "werkkopie")
    assert outcome.returncode == 0, outcome.stderr
    nota = WordDocument(str(werkmap / "build" / "nota-van-beantwoording.docx"))
    hoofdstuk = heading = ""
    for paragraph in nota.paragraphs:
        if paragraph.style.name.startswith("Heading 1"):
            hoofdstuk = paragraph.text
        elif paragraph.style.name.startswith("Heading 2"):
            heading = paragraph.text
        elif "Betrek ook de jongerenraad" in paragraph.text:
            break
    else:
        pytest.fail("reaction not in the nota")
    assert heading.endswith("paragraaf 2.1") and "Inwoner 1" in heading
    assert hoofdstuk.startswith("2 ")
    assert "Sanne" not in "\n".join(p.text for p in nota.paragraphs)


def test_older_version_says_a_newer_one_exists_and_stops_inviting(site, page):
    assert site["voor"] == site["na"]  # its files are byte-identical after 1.0 was built
    page.goto(f"{page.basis}/0.9/proces.html")
    newer = page.locator("[data-nieuwer]")
    newer.wait_for(state="visible")
    assert newer.inner_text().startswith("Er is een nieuwere versie: 1.0")
    assert newer.locator("a").get_attribute("href") == "../1.0/index.html"
    assert page.locator(".reageer-op").first.is_hidden()
    assert page.locator(".kanalen").is_hidden()

    # The version switcher lists both versions with downloads and the change overview.
    page.get_by_text("Versies", exact=True).click()
    items = page.locator("[data-versielijst]")
    text = items.inner_text()
    assert "versie 1.0" in text and "versie 0.9" in text
    assert items.locator("[aria-current=page]").inner_text() == "versie 0.9"
    word = items.get_by_role("link", name=re.compile("^Word"))
    assert word.get_attribute("href") == "../0.9/regiovisie-0.9.docx"
    answer = page.request.get(f"{page.basis}/0.9/regiovisie-0.9.docx")
    assert answer.ok and answer.body()[:2] == b"PK"
    changes = items.get_by_role("link", name="wijzigingen t.o.v. 0.9")
    changes.click()
    page.wait_for_url("**/1.0/wijzigingen-0.9-1.0.html")
    assert "0.9" in page.inner_text("main")

    # The newest version invites reactions until the deadline, not after it.
    page.goto(f"{page.basis}/latest/proces.html")
    _versies_read(page)
    assert page.locator("[data-nieuwer]").is_hidden()
    assert page.locator(".reageer-op").first.is_visible()
    page.clock.set_fixed_time(dt.datetime(2100, 1, 2))
    page.reload()
    _versies_read(page)
    assert page.locator(".reageer-op").first.is_hidden()
    assert "die termijn is voorbij" in page.inner_text(".reageren")
    assert page.errors == []


def test_search_counts_in_dutch_for_screen_readers_without_errors(page):
    page.goto(f"{page.basis}/1.0/search.html?q=jeugdhulp")
    page.wait_for_selector("#search-results ul.search li")
    status = page.locator("[role=status]")
    page.wait_for_function("document.querySelector('[role=status]').textContent.length > 0")
    assert re.fullmatch(r"Klaar met zoeken: \d+ pagina's gevonden\.", status.text_content())
    page.goto(f"{page.basis}/1.0/search.html?q=qwxzv")
    page.wait_for_function("document.querySelector('[role=status]').textContent.length > 0")
    assert "Geen pagina's gevonden" in status.text_content()
    assert "categorie" not in page.inner_text("body")
    assert page.errors == []


def test_browser_stems_every_word_of_the_site_as_the_search_index_does(site, page):
    """The search index is stemmed in Python (snowballstemmer, through PyStemmer's C code
    when installed), a query in the browser by the site's own JavaScript stemmer. They must
    agree, or a word on a page cannot be found: checked for every word of the site."""
    from sphinx.search.nl import SearchDutch

    language = SearchDutch({})
    text = " ".join(
        _page(path).text_content() for path in sorted((site["site"] / "1.0").glob("*.html"))
    )
    words = sorted({w.lower() for w in language.split(text) if len(w) > 2})
    assert len(words) > 1000
    page.goto(f"{page.basis}/1.0/search.html")
    in_browser = page.evaluate("words => words.map(w => new Stemmer().stemWord(w))", words)
    differ = [(w, b, language.stem(w)) for w, b in zip(words, in_browser, strict=True)]
    assert [d for d in differ if d[1] != d[2]] == []


def test_phone_banner_menu_and_wide_tables(chromium):
    chromium_, basis = chromium
    context = chromium_.new_context(viewport={"width": 375, "height": 812}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{basis}/latest/proces.html")
    height = page.locator("header.banner").bounding_box()["height"]
    assert height <= 812 / 4, height
    menu = page.get_by_role("link", name="Inhoud", exact=True).first
    assert menu.is_visible() and menu.bounding_box()["y"] < 812 / 4
    menu.click()
    content = page.locator("#inhoudsopgave-kop").bounding_box()
    assert 0 <= content["y"] < 812

    # A wide table scrolls in its own region; its caption stays in view, every column
    # can be reached.
    page.goto(f"{basis}/latest/toetsing-nvo.html")
    table = page.locator("div.tabel").first
    table.scroll_into_view_if_needed()
    size = table.evaluate("e => [e.scrollWidth, e.clientWidth]")
    caption = table.locator("caption").bounding_box()
    assert caption["x"] >= 0 and caption["x"] + caption["width"] <= 375
    table.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    last = table.locator("thead th").last.bounding_box()
    assert last["x"] + last["width"] <= 376, (size, last)
    caption = table.locator("caption").bounding_box()
    assert caption["x"] >= 0, "caption scrolled away"
    context.close()


# The root index, an older version's page (newer-version notice, respond box), search.
PAGES = ["index.html", "0.9/proces.html", "1.0/search.html?q=jeugdhulp"]


# Contrast of each focus ring with the background just outside the focused element.
FOCUS_CONTRAST = """() => {
  const rgb = (k) => (k.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const el = document.activeElement;
  if (el === document.body) return { wie: "<body>" };
  const stijl = getComputedStyle(el);
  const html = getComputedStyle(document.documentElement).backgroundColor;
  let ouder = el.parentElement, achter = rgb(html).length === 3 ? html : "rgb(255, 255, 255)";
  while (ouder) {
    const k = getComputedStyle(ouder).backgroundColor;
    if (rgb(k).length === 3 || (rgb(k).length === 4 && rgb(k)[3] > 0)) { achter = k; break; }
    ouder = ouder.parentElement;
  }
  const a = lum(rgb(stijl.outlineColor)), b = lum(rgb(achter));
  return {
    wie: el.outerHTML.slice(0, 80),
    stijl: stijl.outlineStyle, breedte: parseFloat(stijl.outlineWidth),
    contrast: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05),
  };
}"""


@pytest.mark.parametrize("schema", ["light", "dark"])
def test_axe_clean_and_visible_focus_in_light_and_dark_mode(site, chromium, schema):
    chromium_, basis = chromium
    context = chromium_.new_context(color_scheme=schema, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    source = browser.axe_source()
    problems, weak = [], []
    single = site["werkmap"] / "versies" / "0.9" / "uitvoer" / "regiovisie.html"
    addresses = [f"{basis}/{p}" for p in PAGES]
    with browser.serve(single.parent) as loose:
        addresses.append(f"{loose}/{single.name}")
        for address in addresses:
            page.goto(address)
            _versies_read(page)
            if "?q=" in address:
                page.wait_for_selector("#search-results ul.search li")
            for _ in range(15):
                page.keyboard.press("Tab")
                focus = page.evaluate(FOCUS_CONTRAST)
                if focus["wie"].startswith("<body"):
                    break  # past the last link
                if focus["stijl"] == "none" or focus["breedte"] < 2 or focus["contrast"] < 3:
                    weak.append((address, focus))
            if schema == "dark" and address.startswith(basis):  # light: test_site.py
                # The page as loaded (no focus, at the top), without loading it again: the
                # focus walk only moved the focus and the scroll position. test_site.py ran
                # every rule on it in the light scheme; the dark one swaps only colours.
                page.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")
                found = browser.severe(browser.axe(page, source, browser.COLOUR_RULES))
                problems += [f"{address}: {r}" for r in found]
    context.close()
    assert problems == []
    assert not weak, "\n".join(map(str, weak))


def test_printed_page_shows_how_to_respond_and_version_on_every_page(chromium, tmp_path):
    pdftotext = require_tool("pdftotext")
    chromium_, basis = chromium
    page = chromium_.new_page()
    page.goto(f"{basis}/latest/proces.html")
    _versies_read(page)
    page.emulate_media(media="print")
    respond = page.locator(".reageren")
    assert respond.is_visible()
    assert "Reageer via" in respond.inner_text()
    after = "e => getComputedStyle(e, '::after').content"
    form = respond.locator("a.extern")
    assert form.evaluate(after) == '" (" attr(href) ")"' or "reageren.example" in (
        form.evaluate(after)
    )
    pdf = tmp_path / "proces.pdf"
    page.pdf(path=str(pdf), display_header_footer=False, prefer_css_page_size=True)
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) >= 2
    for number, content in enumerate(pages, start=1):
        line = " ".join(content.split())
        assert "consultatieversie 1.0" in line and "kenmerk" in line, number
        assert f"pagina {number} van {len(pages)}" in line
    assert "Reageer via" in pages[0]
    assert "(https://reageren.example/regiovisie?paragraaf=&versie=1.0)" in "".join(
        pages[0].split()
    ), pages[0]
