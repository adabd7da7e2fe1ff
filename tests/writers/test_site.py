"""The website (``--formaat site``): pages, paragraph numbers, banner, tables, versions.

The browser checks (axe-core, 375 px, print) and the HTML validator run on a site with two
versions side by side, built once for this module.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html

from regiovisie_builder.model import (
    Bron,
    Code,
    Document,
    Emph,
    FootnoteRef,
    Heading,
    LineBreak,
    Link,
    ListBlock,
    Marker,
    Meta,
    Paragraph,
    Strong,
    Table,
    Text,
)
from regiovisie_builder.writers import site as site_writer
from tests.conftest import ROOT, copy_example, edit_yaml, run_cli
from tests.writers import browser

# Chapter numbers (2.1) and appendix numbers (Bijlage A, A.1).
NUMMER = re.compile(r"^(\d+(\.\d+)*|Bijlage [A-Z]+|[A-Z]+(\.\d+)+)$")


def _build(werkmap: Path, *formaten: str):
    args = ["build", werkmap]
    for formaat in formaten or ("site",):
        args += ["--formaat", formaat]
    return run_cli(*args)


def _pagina(pad: Path):
    return lxml_html.fromstring(pad.read_bytes())


def _hashes(map_: Path) -> dict[str, tuple[str, int]]:
    return {
        p.relative_to(map_).as_posix(): (
            hashlib.sha256(p.read_bytes()).hexdigest(),
            p.stat().st_mtime_ns,
        )
        for p in sorted(map_.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def twee_versies(tmp_path_factory) -> dict:
    """Zuid-Kennemerland built as concept 0.9, then as consultation version 1.0."""
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path_factory.mktemp("site"))
    eerste = _build(werkmap, "site", "html")
    assert eerste.returncode == 0, eerste.stderr
    sitemap = werkmap / "build" / "site"
    voor = _hashes(sitemap / "0.9")

    def naar_1_0(data):
        data["document"]["versie"] = "1.0"
        data["document"]["status"] = "consultatie"
        data["document"]["datum"] = dt.date(2021, 3, 1)

    edit_yaml(werkmap, naar_1_0)
    tweede = _build(werkmap)
    assert tweede.returncode == 0, tweede.stderr
    return {
        "werkmap": werkmap,
        "site": sitemap,
        "uitvoer": eerste.stdout + tweede.stdout,
        "voor": voor,
        "na": _hashes(sitemap / "0.9"),
    }


@pytest.fixture(scope="module")
def chromium():
    """One headless Chromium for this module's browser tests; each opens a page (a context)
    of its own. Starting Chromium costs more than most checks that run in it."""
    with browser.chromium() as gestart:
        yield gestart


# --- one version: pages, numbers, banner, tables ----------------------------------------


def test_build_writes_one_page_per_chapter_and_reports_it(twee_versies):
    versie = twee_versies["site"] / "0.9"
    assert "website: zuid-kennemerland-ijmond/build/site/0.9/" in twee_versies["uitvoer"]
    index = _pagina(versie / "index.html")
    hoofdstukken = index.xpath("//main//li[contains(@class,'toctree-l1')]/a/@href")
    # Eleven chapters, the appendix, the list of abbreviations and the checklist annex.
    assert len(hoofdstukken) == 14
    assert "toetsing-nvo.html" in hoofdstukken
    bijlage = _pagina(versie / "toetsing-nvo.html")
    assert bijlage.xpath("//main//table/caption") and bijlage.xpath("//main//th[@scope='col']")
    for href in hoofdstukken:
        pagina = _pagina(versie / href)
        assert len(pagina.xpath("//main//h1")) == 1
    assert (versie / "search.html").is_file() and (versie / "searchindex.js").is_file()
    manifest = json.loads((versie / "versie.json").read_text(encoding="utf-8"))
    assert manifest["versie"] == "0.9" and manifest["status"] == "concept"


def test_pages_are_dutch_with_landmarks_and_prev_next(twee_versies):
    versie = twee_versies["site"] / "0.9"
    for pad in sorted(versie.glob("*.html")):
        pagina = _pagina(pad)
        assert pagina.get("lang") == "nl", pad.name
        assert pagina.xpath("//a[@class='skiplink']/@href") == ["#_inhoud"]
        assert len(pagina.xpath("//main[@id='_inhoud']")) == 1
        assert pagina.xpath("//header[@class='banner']") and pagina.xpath("//footer")
    proces = _pagina(versie / "proces.html")
    vorige = proces.xpath("//nav[@class='vorige-volgende']//a[@rel='prev']")[0]
    volgende = proces.xpath("//nav[@class='vorige-volgende']//a[@rel='next']")[0]
    assert vorige.get("href") == "inleiding.html" and "Inleiding" in vorige.text_content()
    assert volgende.get("href") == "inhoud.html"
    zoeken = _pagina(versie / "search.html")
    assert zoeken.xpath("//label[@for='zoekveld']")[0].text_content() == "Zoekterm"
    assert "Zoeken" in zoeken.xpath("//title")[0].text_content()


def test_every_numbered_heading_links_to_itself_with_its_number(twee_versies):
    werkmap, versie = twee_versies["werkmap"], twee_versies["site"] / "0.9"
    gezien = {}
    for pad in sorted(versie.glob("*.html")):
        pagina = _pagina(pad)
        for kop in pagina.xpath("//main//*[self::h1 or self::h2 or self::h3 or self::h4]"):
            nummer = kop.xpath("./a[@class='paragraafnummer']")
            if not nummer:
                continue
            link = nummer[0]
            assert NUMMER.match(link.text_content()), link.text_content()
            anker = link.get("href")[1:]
            assert kop.getparent().get("id") == anker, (pad.name, anker)
            assert not kop.xpath(".//a[@class='headerlink']"), "no second permalink"
            gezien[link.text_content()] = (pad.name, anker)
    assert gezien["2.1"] == ("proces.html", "proces-aanpak")
    # The anchors are the ones of the single-file HTML, so both outputs cite alike.
    enkel = _pagina(werkmap / "build" / "regiovisie.html")
    in_enkel = {
        n.text_content(): n.getparent().get("id")
        for n in enkel.xpath("//main//a[@class='paragraafnummer']")
    }
    assert {k: v[1] for k, v in gezien.items()} == in_enkel


def test_banner_shows_version_status_date_and_how_to_react(twee_versies):
    for pad in sorted((twee_versies["site"] / "0.9").glob("*.html")):
        pagina = _pagina(pad)
        banner = " ".join(pagina.xpath("//header[@class='banner']")[0].text_content().split())
        assert "concept versie 0.9, 16 februari 2021" in banner, pad.name
        # How to respond is open at the top of every page, not folded away in the banner.
        reageren = pagina.xpath("//main/div[@class='reageren']")
        assert reageren and not reageren[0].xpath("ancestor-or-self::details"), pad.name
        tekst = " ".join(reageren[0].text_content().split())
        assert "Reageren kan tot en met 19 maart 2021" in tekst
        assert "online reactieformulier" in tekst
        assert "Contact: de regionale werkgroep jeugd" in tekst


def test_final_version_has_no_reaction_block(tmp_path):
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path)

    edit_yaml(werkmap, lambda d: d["document"].update(status="definitief"))
    uitkomst = _build(werkmap)
    assert uitkomst.returncode == 0, uitkomst.stderr
    pagina = _pagina(werkmap / "build" / "site" / "0.9" / "index.html")
    assert not pagina.xpath("//*[contains(@class,'reageren')]")
    assert "definitief" in pagina.xpath("//header")[0].text_content()


def test_one_colour_file_styles_every_web_output(tmp_path, chromium):
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path)
    kleuren = (ROOT / "templates" / "kleuren.css").read_text(encoding="utf-8")
    (werkmap / "templates").mkdir(exist_ok=True)
    (werkmap / "templates" / "kleuren.css").write_text(
        kleuren.replace("--accent: #154273;", "--accent: #6b1d5c;"), encoding="utf-8"
    )
    uitkomst = run_cli("build", werkmap, "-f", "html", "-f", "site")
    assert uitkomst.returncode == 0, uitkomst.stderr
    build = werkmap / "build"
    pagina = build / "regiovisie.html"
    hoofdstuk = build / "site" / "0.9" / "index.html"
    index = build / "site" / "index.html"
    for bestand in (pagina, build / "site" / "0.9" / "_static" / "kleuren.css", index):
        assert "--accent: #6b1d5c;" in bestand.read_text(encoding="utf-8")
    # The house colour reaches the screen: the banner and headers are drawn in it.
    tab = chromium.new_page()
    for bestand, kiezer in ((pagina, ".banner"), (hoofdstuk, ".banner"), (index, "header")):
        tab.goto(bestand.as_uri())
        kleur = tab.eval_on_selector(kiezer, "e => getComputedStyle(e).backgroundColor")
        assert kleur == "rgb(107, 29, 92)", (bestand, kleur)
    tab.close()


def test_tables_have_captions_and_scoped_header_cells(tmp_path):
    werkmap = copy_example("rotterdam-rijnmond", tmp_path)
    assert _build(werkmap).returncode == 0
    versie = werkmap / "build" / "site" / "1.0"
    tabellen = []
    for pad in sorted(versie.glob("*.html")):
        tabellen += _pagina(pad).xpath("//main//table")
    # Twelve data tables (the work plan for the contracts is new), the appendix's inhabitants
    # and chart figures, the abbreviations and the four annex tables (agreements, evidence,
    # prose-only criteria, themes).
    assert len(tabellen) == 19
    for tabel in tabellen:
        assert tabel.xpath("./caption")[0].text_content().startswith("Tabel ")
        kop = tabel.xpath("./thead//th")
        assert kop and all(th.get("scope") == "col" for th in kop)
        for rij in tabel.xpath("./tbody/tr"):
            assert rij.xpath("./th")[0].get("scope") == "row"
        regio = tabel.getparent()
        assert regio.get("role") == "region" and regio.get("tabindex") == "0"
        assert regio.get("aria-label").startswith("Tabel ")
    begroting = next(t for t in tabellen if t.get("id") == "tabel-12")
    bedragen = begroting.xpath("./tbody/tr[1]/td")
    assert all("right" in td.get("class", "") for td in bedragen)


def test_same_input_gives_byte_identical_site():
    from regiovisie_builder.pipeline import lees
    from regiovisie_builder.werkmap import Werkmap

    werkmap = Werkmap(Path(__file__).resolve().parents[2] / "examples" / "rotterdam-rijnmond")
    document = lees(werkmap).document
    hulpbronnen = werkmap.lees_hulpbronnen()
    eerste = site_writer.bouw_site(document, hulpbronnen)
    tweede = site_writer.bouw_site(document, hulpbronnen)
    assert eerste.waarschuwingen == ()
    assert site_writer.inpakken(eerste.bestanden) == site_writer.inpakken(tweede.bestanden)
    assert not any(naam.startswith((".", "_sources")) for naam in eerste.bestanden)


# --- text that looks like markup stays text ---------------------------------------------


def _document(body, footnotes=None) -> Document:
    meta = Meta(
        soort="regiovisie",
        titel="Proef",
        regio="Proefregio",
        gemeenten=("Aa", "Bee"),
        kenmerk="K/1",
        versie="0.1",
        status="concept",
        datum=dt.date(2024, 1, 2),
    )
    return Document(meta, tuple(body), footnotes or {})


def test_markup_characters_and_nested_spans_come_through_as_text():
    from regiovisie_builder.werkmap import Werkmap

    bron = Bron("content/proef.md", 1)
    lastig = "2021. *geen* `code` _x_ |y| :role:`z` [1]_ <b> \\ einde::"
    body = [
        Heading(1, (Text("Hoofdstuk"),), "h1", bron, "1"),
        Heading(2, (Text("- Kop met "), Code("code")), "h1-kop", bron, "1.1"),
        Heading(3, (Text("Zonder nummer"),), "zonder-nummer", bron, None, numbered=False),
        Paragraph((Text(lastig),), bron),
        Paragraph(
            (
                Strong((Text("vet met "), Link((Text("link"),), "https://example.org/a_b"))),
                Text("vast"),
                Emph((Text(" schuin "),)),
                LineBreak(),
                Marker("regio.aantal"),
                FootnoteRef("n"),
                Link((Text("naar de kop"),), "#h1-kop"),
            ),
            bron,
        ),
        ListBlock(True, ((Paragraph((Text("#. punt"),), bron),),), bron, start=3),
        Table(
            ((Text("Naam"),), (Text("Bedrag"),)),
            (((Text("a|b"),), (Text("€ 1"),)), ((), (Text("-"),))),
            (None, "right"),
            bron,
            (Text("Proef"),),
            "tabel-1",
            1,
        ),
    ]
    # A ragged table without a header row still becomes a valid table.
    body.append(Table((), (((Text("los"),),), ((Text("x"),), (Text("y"),))), (), bron))
    document = _document(body, {"n": (Paragraph((Text("Voetnoot *tekst*"),), bron),)})
    hulpbronnen = Werkmap(ROOT / "examples" / "rotterdam-rijnmond").lees_hulpbronnen()
    site = site_writer.bouw_site(document, hulpbronnen)
    assert site.waarschuwingen == ()
    pagina = lxml_html.fromstring(site.bestanden["h1.html"])
    tekst = pagina.xpath("//main")[0].text_content()
    assert lastig in tekst
    kop = pagina.xpath("//h2")[0]
    assert kop.xpath("./a[@class='paragraafnummer']")[0].text_content() == "1.1"
    assert "- Kop met code" in kop.text_content()
    zonder = pagina.xpath("//h3")[0]
    assert zonder.getparent().get("id") == "zonder-nummer"
    assert not zonder.xpath("./a[@class='paragraafnummer']")
    assert not zonder.xpath(".//a")  # one permalink style: only a number is a link
    alinea = pagina.xpath("//main//section//p[strong]")[0]
    assert alinea.xpath("./strong")[0].text_content() == "vet met link"
    assert alinea.xpath("./em")[0].text_content() == "schuin"
    assert alinea.xpath("./br")
    assert alinea.xpath("./mark[@class='open']")[0].text_content() == (
        "[nog in te vullen: regio.aantal]"
    )
    assert alinea.xpath(".//a[@href='#h1-kop']")[0].text_content() == "naar de kop"
    assert "Voetnoot *tekst*" in tekst
    lijst = pagina.xpath("//main//ol")[0]
    assert lijst.get("start") == "3" and lijst.text_content().strip() == "#. punt"
    tabellen = pagina.xpath("//main//table")
    cellen = [c.text_content().strip() for c in tabellen[0].xpath(".//tbody//th | .//tbody//td")]
    assert cellen == ["a|b", "€ 1", "", "-"]
    rafelig = [[c.text_content() for c in r.xpath("./th|./td")] for r in tabellen[1].xpath(".//tr")]
    assert rafelig == [["los", ""], ["x", "y"]]
    assert not tabellen[1].xpath(".//thead")


def test_link_to_an_unknown_anchor_keeps_its_text_and_is_reported_in_dutch():
    from regiovisie_builder.werkmap import Werkmap

    bron = Bron("content/proef.md", 1)
    body = [
        Heading(1, (Text("Hoofdstuk"),), "h1", bron, "1"),
        Paragraph((Text("Zie "), Link((Text("de bijlage"),), "#bestaat-niet"), Text(".")), bron),
    ]
    hulpbronnen = Werkmap(ROOT / "examples" / "rotterdam-rijnmond").lees_hulpbronnen()
    site = site_writer.bouw_site(_document(body), hulpbronnen)
    assert site.waarschuwingen == (
        "h1: De link naar '#bestaat-niet' wijst naar een kop of tabel die niet bestaat; "
        "op de website staat alleen de linktekst.",
    )
    pagina = lxml_html.fromstring(site.bestanden["h1.html"])
    assert "Zie de bijlage." in pagina.xpath("//main")[0].text_content()


# --- versions side by side ---------------------------------------------------------------


def test_new_version_leaves_older_version_byte_identical(twee_versies):
    assert twee_versies["voor"] == twee_versies["na"]
    assert "nieuwste versie: 1.0" in twee_versies["uitvoer"]


def test_index_lists_versions_newest_first_with_status_and_date(twee_versies):
    index = _pagina(twee_versies["site"] / "index.html")
    rijen = [
        [" ".join(c.text_content().split()) for c in rij.xpath("./th|./td")]
        for rij in index.xpath("//tbody/tr")
    ]
    assert [r[:3] for r in rijen] == [
        ["versie 1.0", "consultatieversie", "1 maart 2021"],
        ["versie 0.9", "concept", "16 februari 2021"],
    ]
    assert index.xpath("//tbody//a/@href") == ["1.0/index.html", "0.9/index.html"]
    assert index.xpath("//main//p/a/@href") == ["latest/index.html"]


def test_latest_is_a_copy_of_the_newest_version(twee_versies):
    sitemap = twee_versies["site"]
    nieuwste = {k: v[0] for k, v in _hashes(sitemap / "1.0").items()}
    assert {k: v[0] for k, v in _hashes(sitemap / "latest").items()} == nieuwste
    banner = _pagina(sitemap / "latest" / "index.html").xpath("//header")[0].text_content()
    assert "versie 1.0" in banner and "consultatieversie" in banner


def test_rebuilding_a_version_replaces_only_that_version(tmp_path):
    werkmap = copy_example("rotterdam-rijnmond", tmp_path)
    assert _build(werkmap).returncode == 0
    sitemap = werkmap / "build" / "site"
    edit_yaml(werkmap, lambda d: d["document"].update(versie="0.5", status="concept"))
    assert _build(werkmap).returncode == 0
    oud = _hashes(sitemap / "0.5")
    edit_yaml(werkmap, lambda d: d["document"].update(versie="1.0", titel="Nieuwe titel"))
    (sitemap / "1.0" / "weg.html").write_text("oud bestand", encoding="utf-8")
    uitkomst = _build(werkmap)
    assert uitkomst.returncode == 0, uitkomst.stderr
    assert not (sitemap / "1.0" / "weg.html").exists()
    assert "Nieuwe titel" in (sitemap / "1.0" / "index.html").read_text(encoding="utf-8")
    assert _hashes(sitemap / "0.5") == oud
    assert "Nieuwe titel" in (sitemap / "latest" / "index.html").read_text(encoding="utf-8")
    assert not [p for p in sitemap.iterdir() if p.name.startswith(".")]


def test_version_number_that_cannot_be_a_folder_is_refused_and_nothing_written(tmp_path):
    werkmap = copy_example("rotterdam-rijnmond", tmp_path)
    assert _build(werkmap, "site", "html").returncode == 0
    voor = _hashes(werkmap / "build")
    edit_yaml(werkmap, lambda d: d["document"].update(versie="latest"))
    uitkomst = _build(werkmap, "html", "site")
    assert uitkomst.returncode == 2
    assert "Het versienummer 'latest' kan geen mapnaam van de website zijn" in uitkomst.stderr
    assert _hashes(werkmap / "build") == voor


# --- in the browser ----------------------------------------------------------------------


def _alle_paginas(sitemap: Path) -> list[str]:
    return [p.relative_to(sitemap).as_posix() for p in sorted(sitemap.rglob("*.html"))]


def test_every_page_has_no_serious_axe_violations(twee_versies, chromium):
    bron = browser.axe_bron()
    sitemap = twee_versies["site"]
    # latest/ is a byte copy of the newest version (test_latest_is_a_copy_of_the_newest_version):
    # its pages are checked as 1.0/.
    paginas = [p for p in _alle_paginas(sitemap) if not p.startswith("latest/")]
    paginas += ["0.9/search.html?q=jeugdhulp"]
    problemen = []
    with browser.serveer(sitemap) as basis:
        pagina = chromium.new_page()
        for pad in paginas:
            pagina.goto(f"{basis}/{pad}")
            if "?q=" in pad:
                pagina.wait_for_selector("#search-results ul.search li", timeout=20000)
            problemen += [f"{pad}: {r}" for r in browser.ernstige(browser.axe(pagina, bron))]
        pagina.close()
    assert len(paginas) > 25
    assert problemen == []


def test_no_horizontal_scrolling_on_a_phone(twee_versies, tmp_path, chromium):
    sitemap = twee_versies["site"]
    te_breed = []
    with browser.serveer(sitemap) as basis:
        pagina = chromium.new_page(viewport={"width": 375, "height": 740})
        for pad in _alle_paginas(sitemap):
            pagina.goto(f"{basis}/{pad}")
            breedte = pagina.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if breedte[0] > breedte[1]:
                te_breed.append((pad, breedte))
        pagina.goto(f"{basis}/1.0/planning.html")
        bewijs = tmp_path / "planning-375.png"
        pagina.screenshot(path=str(bewijs), full_page=True)
        pagina.close()
    assert te_breed == []
    assert bewijs.stat().st_size > 0


def test_print_stylesheet_hides_navigation(twee_versies, chromium):
    with browser.serveer(twee_versies["site"]) as basis:
        pagina = chromium.new_page()
        pagina.goto(f"{basis}/1.0/proces.html")
        zichtbaar = "s => getComputedStyle(document.querySelector(s)).display"
        assert pagina.evaluate(zichtbaar, ".inhoudsopgave") != "none"
        pagina.emulate_media(media="print")
        for selector in (".inhoudsopgave", ".zoeken", ".vorige-volgende", ".skiplink"):
            assert pagina.evaluate(zichtbaar, selector) == "none", selector
        assert pagina.evaluate(zichtbaar, ".banner") != "none"
        pagina.close()


def test_html_of_the_site_is_valid(twee_versies):
    fouten = browser.vnu(sorted(twee_versies["site"].rglob("*.html")))
    assert fouten == []


def test_missing_sphinx_gives_a_dutch_message_and_writes_nothing(tmp_path):
    werkmap = copy_example("rotterdam-rijnmond", tmp_path)
    zonder = tmp_path / "zonder-sphinx" / "sphinx"
    zonder.mkdir(parents=True)
    (zonder / "__init__.py").write_text("raise ImportError('no sphinx here')\n", encoding="utf-8")
    omgeving = {**os.environ, "PYTHONPATH": f"{zonder.parent}{os.pathsep}{ROOT}"}
    uitkomst = subprocess.run(
        [
            sys.executable,
            "-m",
            "regiovisie_builder",
            "build",
            str(werkmap),
            "-f",
            "html",
            "-f",
            "site",
        ],
        env=omgeving,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert uitkomst.returncode == 2
    assert "Voor de website (--formaat site) is Sphinx nodig" in uitkomst.stderr
    assert "Traceback" not in uitkomst.stderr
    assert not (werkmap / "build").exists()


# --- Sphinx's state kept between builds (sitecache.py) --------------------


@pytest.fixture
def sphinx_leest(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages Sphinx reads (parses) during the builds of a test, in order."""
    from sphinx.builders import Builder

    gelezen: list[str] = []
    echt = Builder.read_doc

    def lees(self, docname, *args, **kwargs):
        gelezen.append(docname)
        return echt(self, docname, *args, **kwargs)

    monkeypatch.setattr(Builder, "read_doc", lees)
    return gelezen


def _site(werkmap: Path) -> dict[str, bytes]:
    map_ = werkmap / "build" / "site"
    return {p.relative_to(map_).as_posix(): p.read_bytes() for p in map_.rglob("*") if p.is_file()}


def _volledige_site(werkmap: Path, tmp_path: Path) -> dict[str, bytes]:
    import shutil

    kopie = tmp_path / "volledig"
    shutil.rmtree(kopie, ignore_errors=True)
    shutil.copytree(werkmap, kopie, ignore=shutil.ignore_patterns("build"))
    assert _build(kopie).returncode == 0
    return _site(kopie)


def _voeg_toe(blok: Path, tekst: str) -> None:
    blok.write_text(blok.read_text("utf-8") + tekst, "utf-8")


def test_site_after_one_changed_block_reads_one_page(tmp_path, sphinx_leest):
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path)
    assert _build(werkmap).returncode == 0
    alle = len(sphinx_leest)
    assert alle > 3
    _voeg_toe(werkmap / "content" / "regio-was-wordt.md", "\nEen zin alleen voor de website.\n")
    sphinx_leest.clear()
    uit = _build(werkmap)
    assert uit.returncode == 0, uit.stderr
    assert len(sphinx_leest) == 1  # only the changed chapter is parsed again
    pagina = werkmap / "build" / "site" / "latest" / f"{sphinx_leest[0]}.html"
    assert "Een zin alleen voor de website." in pagina.read_text("utf-8")
    assert _site(werkmap) == _volledige_site(werkmap, tmp_path)


def test_site_after_a_heading_or_footnote_change_is_a_full_builds_bytes(tmp_path, sphinx_leest):
    """A new heading shows in every page's navigation; a new footnote renumbers the later
    ones on other pages: the site is still the bytes of a clean build."""
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path)
    assert _build(werkmap).returncode == 0
    alle = len(sphinx_leest)
    _voeg_toe(werkmap / "content" / "inleiding-aanleiding.md", "\n# Een nieuwe kop\n\nTekst.\n")
    sphinx_leest.clear()
    assert _build(werkmap).returncode == 0
    assert len(sphinx_leest) == alle  # the structure changed: Sphinx starts afresh
    assert _site(werkmap) == _volledige_site(werkmap, tmp_path)
    _voeg_toe(
        werkmap / "content" / "inleiding-aanleiding.md",
        "\nMet een voetnoot[^extra].\n\n[^extra]: Een extra voetnoot.\n",
    )
    assert _build(werkmap).returncode == 0
    assert _site(werkmap) == _volledige_site(werkmap, tmp_path)


@pytest.mark.parametrize("schade", ["andere-sleutel", "pickle-vervangen", "manifest-weg"])
def test_site_state_that_is_not_ours_is_never_unpickled(tmp_path, sphinx_leest, schade):
    """A workspace travels with its build/ folder: Sphinx's pickles in it are only used
    when this user's signed manifest vouches for every byte."""
    import pickle

    from regiovisie_builder import blokcache

    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path)
    assert _build(werkmap).returncode == 0
    alle = len(sphinx_leest)
    staat = werkmap / "build" / ".cache" / "site"
    manifest = staat / "manifest.json"
    gevaar = tmp_path / "uitgevoerd"

    class Bom:
        def __reduce__(self):
            return (os.system, (f"touch {gevaar}",))

    if schade == "andere-sleutel":  # a state made by someone else, pickle included
        inhoud = blokcache.ondertekend(manifest.read_bytes())
        assert inhoud is not None
        gegevens = json.loads(inhoud)
        bom = pickle.dumps(Bom())
        (staat / "cache" / "environment.pickle").write_bytes(bom)
        gegevens["bestanden"]["cache/environment.pickle"] = hashlib.sha256(bom).hexdigest()
        manifest.write_bytes(bytes(32) + json.dumps(gegevens).encode())
    elif schade == "pickle-vervangen":
        (staat / "cache" / "environment.pickle").write_bytes(pickle.dumps(Bom()))
    else:
        manifest.unlink()
    _voeg_toe(werkmap / "content" / "regio-was-wordt.md", "\nNog een zin.\n")
    sphinx_leest.clear()
    assert _build(werkmap).returncode == 0
    assert not gevaar.exists()
    assert len(sphinx_leest) == alle  # a full build
    assert _site(werkmap) == _volledige_site(werkmap, tmp_path)
    # The state was replaced by a good one: the next change reads one page again.
    _voeg_toe(werkmap / "content" / "regio-was-wordt.md", "\nEn nog een.\n")
    sphinx_leest.clear()
    assert _build(werkmap).returncode == 0
    assert len(sphinx_leest) == 1
