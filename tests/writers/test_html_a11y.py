"""The single-file HTML (for e-mail and intranet) at the same accessibility level as the site."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from tests.conftest import ROOT, copy_example, edit_yaml, run_cli
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
    # switching prefers-color-scheme restyles the loaded page as a reload would. The dark set
    # only swaps colours (test_dark_mode_swaps_only_the_colour_variables): there axe's colour
    # rules are the ones whose outcome can differ from the light run with every rule.
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
                rules = browser.COLOUR_RULES if schema == "dark" else ()
                found = browser.severe(browser.axe(page, source, rules))
                problems += [f"{name} ({schema}): {r}" for r in found]
    page.close()
    assert problems == []


def _declared(rules) -> list[tuple[str, str]]:
    """(selector, property) of every declaration of ``rules``, which must all be plain rules
    (no nested @media or the like)."""
    import tinycss2

    found = []
    for rule in rules:
        assert rule.type == "qualified-rule", tinycss2.serialize([rule])
        selector = tinycss2.serialize(rule.prelude).strip()
        for item in tinycss2.parse_blocks_contents(
            rule.content, skip_comments=True, skip_whitespace=True
        ):
            assert item.type == "declaration", tinycss2.serialize([item])
            found.append((selector, item.name))
    return found


def test_dark_mode_swaps_only_the_colour_variables():
    """The dark colour scheme gives the colour variables of kleuren.css other values and
    changes nothing else: not what is shown, not the layout, not a script's behaviour. So a
    page that passes all of axe's rules in the light scheme can only fail the colour rules in
    the dark one (the axe tests check the dark scheme with those: browser.COLOUR_RULES)."""
    # tinycss2 comes with CairoSVG (which draws the figures for Word).
    import tinycss2

    colours = (ROOT / "templates" / "kleuren.css").read_text(encoding="utf-8")
    sheet = tinycss2.parse_stylesheet(colours, skip_comments=True, skip_whitespace=True)
    [dark] = [r for r in sheet if r.type == "at-rule"]
    assert dark.lower_at_keyword == "media"
    light = _declared([r for r in sheet if r is not dark])
    assert {selector for selector, _ in light} == {":root"}
    variables = {name for _, name in light}
    assert len(variables) > 5 and all(name.startswith("--") for name in variables)
    assert " ".join(tinycss2.serialize(dark.prelude).split()) == "(prefers-color-scheme: dark)"
    contents = tinycss2.parse_blocks_contents(
        dark.content, skip_comments=True, skip_whitespace=True
    )
    assert sorted(_declared(contents)) == sorted((":root", name) for name in variables)
    # No other style sheet, page template, script or writer looks at the scheme. The pages
    # say <meta name="color-scheme" content="light dark">: the browser's own colours (form
    # fields, scroll bars) follow the scheme too.
    meta = '<meta name="color-scheme" content="light dark">'
    others = [
        p
        for folder in (ROOT / "templates", ROOT / "regiovisie_builder")
        for p in folder.rglob("*")
        if p.is_file() and p.suffix in {".css", ".html", ".js", ".py"} and p.name != "kleuren.css"
    ]
    assert len(others) > 50
    for path in others:
        text = path.read_text(encoding="utf-8")
        assert "matchMedia" not in text and "prefers-color" not in text, path
        assert "color-scheme" not in text.replace(meta, ""), path


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
