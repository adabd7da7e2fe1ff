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

pytestmark = [pytest.mark.extern, pytest.mark.slow]

FORMULIER = "https://reageren.example/regiovisie?paragraaf={paragraaf}&versie={versie}"


def _hashes(map_: Path) -> dict[str, str]:
    return {
        p.relative_to(map_).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(map_.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> dict:
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path_factory.mktemp("consultatie"))

    def consultatie(data):
        data["document"]["status"] = "consultatie"
        data["document"]["website"] = "https://regiovisie.example/jeugd/"
        data["consultatie"].update(
            formulier=FORMULIER, email="reacties@regio.example", reageren_tot="2099-12-31"
        )

    edit_yaml(werkmap, consultatie)
    publish(werkmap)
    # The Word download and the single-file page come from the published (frozen) 0.9.
    eerste = run_cli("build", werkmap, "-f", "site")
    assert eerste.returncode == 0, eerste.stderr
    sitemap = werkmap / "build" / "site"
    voor = _hashes(sitemap / "0.9")
    change_to_1_0(werkmap)
    tweede = run_cli("build", werkmap, "-f", "site")
    assert tweede.returncode == 0, tweede.stderr
    return {"werkmap": werkmap, "site": sitemap, "voor": voor, "na": _hashes(sitemap / "0.9")}


@pytest.fixture(scope="module")
def chromium(site):
    with browser.serveer(site["site"]) as basis, browser.chromium() as chromium:
        yield chromium, basis


@pytest.fixture
def pagina(chromium):
    chromium_, basis = chromium
    context = chromium_.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.fouten = []
    page.on("pageerror", lambda fout: page.fouten.append(str(fout)))
    page.on("console", lambda m: m.type == "error" and page.fouten.append(m.text))
    page.basis = basis
    yield page
    context.close()


def test_small_things_users_expect(site):
    from lxml import etree
    from lxml import html as lxml_html

    sitemap = site["site"]
    for pad in sorted((sitemap / "latest").glob("*.html")):
        if pad.name.startswith("wijzigingen-"):
            continue  # the change overview is a single-file page
        pagina = lxml_html.fromstring(pad.read_bytes())
        assert len(pagina.xpath("//meta[@name='viewport']")) == 1, pad.name
        assert pagina.xpath("//link[@rel='icon']/@href") == ["_static/favicon.svg"]
        # latest/ is a copy: its canonical address is the version's own page.
        assert pagina.xpath("//link[@rel='canonical']/@href") == [f"../1.0/{pad.name}"]
        beschrijving = pagina.xpath("//meta[@name='description']/@content")[0]
        assert "Zuid-Kennemerland en IJmond" in beschrijving and "1.0" in beschrijving
        assert (
            "versie versie" not in beschrijving and "consultatieversie versie" not in beschrijving
        )
    assert (sitemap / "latest" / "_static" / "favicon.svg").read_bytes().startswith(b"<svg")
    kaart = etree.fromstring((sitemap / "sitemap.xml").read_bytes())
    adressen = [e.text for e in kaart.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://regiovisie.example/jeugd/1.0/proces.html" in adressen
    assert "https://regiovisie.example/jeugd/0.9/proces.html" in adressen
    assert not [a for a in adressen if "search.html" in a or "/latest/" in a]
    niet_gevonden = lxml_html.fromstring((sitemap / "404.html").read_bytes())
    assert niet_gevonden.get("lang") == "nl"
    assert niet_gevonden.xpath("//h1")[0].text_content() == "Deze pagina bestaat niet"
    assert "/latest/index.html" in niet_gevonden.xpath("//a/@href")


def test_respond_link_to_form_export_to_reactions_to_nota(site, pagina):
    gevolgd = []

    def formulier(route):
        gevolgd.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<p>Formulier</p>")

    pagina.route("https://reageren.example/**", formulier)
    pagina.goto(f"{pagina.basis}/latest/proces.html")
    links = pagina.locator(".reageer-op a")
    assert links.count() > 3
    link = pagina.get_by_role("link", name="Reageer op 2.1", exact=True)
    assert link.is_visible()
    link.click()
    pagina.wait_for_url("https://reageren.example/**")
    vraag = parse_qs(urlsplit(gevolgd[0]).query)
    assert vraag == {"paragraaf": ["2.1"], "versie": ["1.0"]}

    # The form tool's export has the prefilled paragraph in its own column.
    werkmap = site["werkmap"]
    (werkmap / "reacties").mkdir()
    (werkmap / "reacties" / "formulier.csv").write_text(
        "Naam;Organisatie;Paragraaf;Reactie\n"
        f"Sanne de Boer;;{vraag['paragraaf'][0]};Betrek ook de jongerenraad bij stap 3.\n",
        encoding="utf-8",
    )
    uitkomst = run_cli("reactions", werkmap, "--versie", "werkkopie")
    assert uitkomst.returncode == 0, uitkomst.stderr
    nota = WordDocument(str(werkmap / "build" / "nota-van-beantwoording.docx"))
    hoofdstuk = kop = ""
    for alinea in nota.paragraphs:
        if alinea.style.name.startswith("Heading 1"):
            hoofdstuk = alinea.text
        elif alinea.style.name.startswith("Heading 2"):
            kop = alinea.text
        elif "Betrek ook de jongerenraad" in alinea.text:
            break
    else:
        pytest.fail("reaction not in the nota")
    assert kop.endswith("paragraaf 2.1") and "Inwoner 1" in kop
    assert hoofdstuk.startswith("2 ")
    assert "Sanne" not in "\n".join(p.text for p in nota.paragraphs)


def test_older_version_says_a_newer_one_exists_and_stops_inviting(site, pagina):
    assert site["voor"] == site["na"]  # its files are byte-identical after 1.0 was built
    pagina.goto(f"{pagina.basis}/0.9/proces.html")
    nieuwer = pagina.locator("[data-nieuwer]")
    nieuwer.wait_for(state="visible")
    assert nieuwer.inner_text().startswith("Er is een nieuwere versie: 1.0")
    assert nieuwer.locator("a").get_attribute("href") == "../1.0/index.html"
    assert pagina.locator(".reageer-op").first.is_hidden()
    assert pagina.locator(".kanalen").is_hidden()

    # The version switcher lists both versions with downloads and the change overview.
    pagina.get_by_text("Versies", exact=True).click()
    lijst = pagina.locator("[data-versielijst]")
    tekst = lijst.inner_text()
    assert "versie 1.0" in tekst and "versie 0.9" in tekst
    assert lijst.locator("[aria-current=page]").inner_text() == "versie 0.9"
    word = lijst.get_by_role("link", name=re.compile("^Word"))
    assert word.get_attribute("href") == "../0.9/regiovisie-0.9.docx"
    antwoord = pagina.request.get(f"{pagina.basis}/0.9/regiovisie-0.9.docx")
    assert antwoord.ok and antwoord.body()[:2] == b"PK"
    wijzigingen = lijst.get_by_role("link", name="wijzigingen t.o.v. 0.9")
    wijzigingen.click()
    pagina.wait_for_url("**/1.0/wijzigingen-0.9-1.0.html")
    assert "0.9" in pagina.inner_text("main")

    # The newest version invites reactions until the deadline, not after it.
    pagina.goto(f"{pagina.basis}/latest/proces.html")
    pagina.wait_for_load_state("networkidle")
    assert pagina.locator("[data-nieuwer]").is_hidden()
    assert pagina.locator(".reageer-op").first.is_visible()
    pagina.clock.set_fixed_time(dt.datetime(2100, 1, 2))
    pagina.reload()
    pagina.wait_for_load_state("networkidle")
    assert pagina.locator(".reageer-op").first.is_hidden()
    assert "die termijn is voorbij" in pagina.inner_text(".reageren")
    assert pagina.fouten == []


def test_search_counts_in_dutch_for_screen_readers_without_errors(pagina):
    pagina.goto(f"{pagina.basis}/1.0/search.html?q=jeugdhulp")
    pagina.wait_for_selector("#search-results ul.search li")
    status = pagina.locator("[role=status]")
    pagina.wait_for_function("document.querySelector('[role=status]').textContent.length > 0")
    assert re.fullmatch(r"Klaar met zoeken: \d+ pagina's gevonden\.", status.text_content())
    pagina.goto(f"{pagina.basis}/1.0/search.html?q=qwxzv")
    pagina.wait_for_function("document.querySelector('[role=status]').textContent.length > 0")
    assert "Geen pagina's gevonden" in status.text_content()
    assert "categorie" not in pagina.inner_text("body")
    assert pagina.fouten == []


def test_phone_banner_menu_and_wide_tables(chromium):
    chromium_, basis = chromium
    context = chromium_.new_context(viewport={"width": 375, "height": 812}, is_mobile=True)
    pagina = context.new_page()
    pagina.goto(f"{basis}/latest/proces.html")
    hoogte = pagina.locator("header.banner").bounding_box()["height"]
    assert hoogte <= 812 / 4, hoogte
    menu = pagina.get_by_role("link", name="Inhoud", exact=True).first
    assert menu.is_visible() and menu.bounding_box()["y"] < 812 / 4
    menu.click()
    inhoud = pagina.locator("#inhoudsopgave-kop").bounding_box()
    assert 0 <= inhoud["y"] < 812

    # A wide table scrolls in its own region; its caption stays in view, every column
    # can be reached.
    pagina.goto(f"{basis}/latest/toetsing-nvo.html")
    tabel = pagina.locator("div.tabel").first
    tabel.scroll_into_view_if_needed()
    maat = tabel.evaluate("e => [e.scrollWidth, e.clientWidth]")
    bijschrift = tabel.locator("caption").bounding_box()
    assert bijschrift["x"] >= 0 and bijschrift["x"] + bijschrift["width"] <= 375
    tabel.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    laatste = tabel.locator("thead th").last.bounding_box()
    assert laatste["x"] + laatste["width"] <= 376, (maat, laatste)
    bijschrift = tabel.locator("caption").bounding_box()
    assert bijschrift["x"] >= 0, "caption scrolled away"
    context.close()


# The root index, an older version's page (newer-version notice, respond box), search.
PAGINAS = ["index.html", "0.9/proces.html", "1.0/search.html?q=jeugdhulp"]


# Contrast of each focus ring with the background just outside the focused element.
FOCUSCONTRAST = """() => {
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
    pagina = context.new_page()
    bron = browser.axe_bron()
    problemen, zwak = [], []
    enkel = site["werkmap"] / "versies" / "0.9" / "uitvoer" / "regiovisie.html"
    adressen = [f"{basis}/{p}" for p in PAGINAS]
    with browser.serveer(enkel.parent) as los:
        adressen.append(f"{los}/{enkel.name}")
        for adres in adressen:
            pagina.goto(adres)
            pagina.wait_for_load_state("networkidle")
            if schema == "dark" and adres.startswith(basis):  # light: test_site.py
                gevonden = browser.ernstige(browser.axe(pagina, bron))
                problemen += [f"{adres}: {r}" for r in gevonden]
                pagina.reload()
            for _ in range(15):
                pagina.keyboard.press("Tab")
                focus = pagina.evaluate(FOCUSCONTRAST)
                if focus["wie"].startswith("<body"):
                    break  # past the last link
                if focus["stijl"] == "none" or focus["breedte"] < 2 or focus["contrast"] < 3:
                    zwak.append((adres, focus))
    context.close()
    assert problemen == []
    assert not zwak, "\n".join(map(str, zwak))


def test_printed_page_shows_how_to_respond_and_version_on_every_page(chromium, tmp_path):
    pdftotext = require_tool("pdftotext")
    chromium_, basis = chromium
    pagina = chromium_.new_page()
    pagina.goto(f"{basis}/latest/proces.html")
    pagina.wait_for_load_state("networkidle")
    pagina.emulate_media(media="print")
    reageren = pagina.locator(".reageren")
    assert reageren.is_visible()
    assert "Reageer via" in reageren.inner_text()
    na = "e => getComputedStyle(e, '::after').content"
    formulier = reageren.locator("a.extern")
    assert formulier.evaluate(na) == '" (" attr(href) ")"' or "reageren.example" in (
        formulier.evaluate(na)
    )
    pdf = tmp_path / "proces.pdf"
    pagina.pdf(path=str(pdf), display_header_footer=False, prefer_css_page_size=True)
    tekst = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    paginas = [p for p in tekst.split("\f") if p.strip()]
    assert len(paginas) >= 2
    for nummer, inhoud in enumerate(paginas, start=1):
        regel = " ".join(inhoud.split())
        assert "consultatieversie 1.0" in regel and "kenmerk" in regel, nummer
        assert f"pagina {nummer} van {len(paginas)}" in regel
    assert "Reageer via" in paginas[0]
    assert "(https://reageren.example/regiovisie?paragraaf=&versie=1.0)" in "".join(
        paginas[0].split()
    ), paginas[0]
