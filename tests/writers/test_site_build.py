"""The website (``--formaat site``) of other workspaces: tables (Rotterdam Rijnmond), a final
version with its own house colour, the same bytes for the same input, text that looks like
markup, refusals (a version number that cannot be a folder, no Sphinx).

The site of two versions side by side and the browser checks: tests/writers/test_site.py.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html

from regiovisie_builder.model import (
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
    Source,
    Strong,
    Table,
    Text,
)
from regiovisie_builder.writers import site as site_writer
from tests.conftest import ROOT, copy_built, copy_example, edit_yaml, run_cli
from tests.writers import browser
from tests.writers.sites import build as _build
from tests.writers.sites import hashes as _hashes
from tests.writers.sites import page as _page


@pytest.fixture(scope="module")
def rijnmond_built(tmp_path_factory) -> Path:
    """Rotterdam Rijnmond (consultation version 1.0) built once as site and single-file
    HTML; tests that build further work on a copy."""
    werkmap = copy_example("rotterdam-rijnmond", tmp_path_factory.mktemp("rijnmond"))
    outcome = _build(werkmap, "site", "html")
    assert outcome.returncode == 0, outcome.stderr
    return werkmap


@pytest.fixture(scope="module")
def final_purple(tmp_path_factory) -> Path:
    """Zuid-Kennemerland as a final version with its own house colour (a templates/
    kleuren.css of the workspace), built as single-file HTML and site."""
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path_factory.mktemp("definitief"))
    edit_yaml(werkmap, lambda d: d["document"].update(status="definitief"))
    colours = (ROOT / "templates" / "kleuren.css").read_text(encoding="utf-8")
    (werkmap / "templates").mkdir(exist_ok=True)
    (werkmap / "templates" / "kleuren.css").write_text(
        colours.replace("--accent: #154273;", "--accent: #6b1d5c;"), encoding="utf-8"
    )
    outcome = run_cli("build", werkmap, "-f", "html", "-f", "site")
    assert outcome.returncode == 0, outcome.stderr
    return werkmap


# --- tables, final version, colours, same bytes ------------------------------------------


def test_final_version_has_no_reaction_block(final_purple):
    page = _page(final_purple / "build" / "site" / "0.9" / "index.html")
    assert not page.xpath("//*[contains(@class,'reageren')]")
    assert "definitief" in page.xpath("//header")[0].text_content()


def test_one_colour_file_styles_every_web_output(final_purple, chromium):
    build = final_purple / "build"
    page = build / "regiovisie.html"
    hoofdstuk = build / "site" / "0.9" / "index.html"
    index = build / "site" / "index.html"
    for file in (page, build / "site" / "0.9" / "_static" / "kleuren.css", index):
        assert "--accent: #6b1d5c;" in file.read_text(encoding="utf-8")
    # The house colour reaches the screen: the banner and headers are drawn in it.
    tab = chromium.new_page()
    for file, chooser in ((page, ".banner"), (hoofdstuk, ".banner"), (index, "header")):
        tab.goto(file.as_uri())
        colour = tab.eval_on_selector(chooser, "e => getComputedStyle(e).backgroundColor")
        assert colour == "rgb(107, 29, 92)", (file, colour)
    tab.close()


def test_a_colour_file_cannot_end_the_style_element_and_add_a_script(zkij):
    """kleuren.css (and html/stijl.css) are inlined in a <style> element of the web page, the
    site's version list and its 404 page: a stylesheet from a workspace that writes
    ``</style><script>`` must stay CSS, not become a script on the published pages."""
    colours = (ROOT / "templates" / "kleuren.css").read_text(encoding="utf-8")
    (zkij / "templates").mkdir(exist_ok=True)
    (zkij / "templates" / "kleuren.css").write_text(
        colours.replace("--accent: #154273;", "--accent: #6b1d5c;")
        + '\n.x::after { content: "</style><script>alert(1)</script>"; }\n',
        encoding="utf-8",
    )
    (zkij / "templates" / "html").mkdir()
    (zkij / "templates" / "html" / "stijl.css").write_text(
        (ROOT / "templates" / "html" / "stijl.css").read_text(encoding="utf-8")
        + "\n</STYLE ><img src=x onerror=alert(2)>\n",
        encoding="utf-8",
    )
    outcome = run_cli("build", zkij, "-f", "html", "-f", "site")
    assert outcome.returncode == 0, outcome.stderr
    build = zkij / "build"
    for file in (
        build / "regiovisie.html",
        build / "site" / "index.html",
        build / "site" / "404.html",
    ):
        page = _page(file)
        assert not page.xpath("//script | //img[@onerror]"), file
        styles = page.xpath("//head/style")
        assert len(styles) == 1, file  # the whole stylesheet stayed inside its element
        assert "--accent: #6b1d5c;" in styles[0].text_content()


def test_tables_have_captions_and_scoped_header_cells(rijnmond_built):
    versie = rijnmond_built / "build" / "site" / "1.0"
    tables = []
    for path in sorted(versie.glob("*.html")):
        tables += _page(path).xpath("//main//table")
    # Twelve data tables (the work plan for the contracts is new), the appendix's inhabitants
    # and chart figures, the abbreviations and the four annex tables (agreements, evidence,
    # prose-only criteria, themes).
    assert len(tables) == 19
    for table in tables:
        assert table.xpath("./caption")[0].text_content().startswith("Tabel ")
        heading = table.xpath("./thead//th")
        assert heading and all(th.get("scope") == "col" for th in heading)
        for row in table.xpath("./tbody/tr"):
            assert row.xpath("./th")[0].get("scope") == "row"
        regio = table.getparent()
        assert regio.get("role") == "region" and regio.get("tabindex") == "0"
        assert regio.get("aria-label").startswith("Tabel ")
    budget = next(t for t in tables if t.get("id") == "tabel-12")
    amounts = budget.xpath("./tbody/tr[1]/td")
    assert all("right" in td.get("class", "") for td in amounts)


def test_same_input_gives_byte_identical_site(rijnmond_built, caplog):
    from regiovisie_builder import pipeline
    from regiovisie_builder.werkmap import Werkmap

    # Two builds of the same input: this one (in this process, no kept Sphinx state) and
    # the command's build of a copy of the workspace in another folder (rijnmond_built).
    werkmap = Werkmap(ROOT / "examples" / "rotterdam-rijnmond")
    with caplog.at_level("WARNING"):
        files = site_writer.unpack(pipeline.build(werkmap, ["site"]).output["site"])
    assert [r.getMessage() for r in caplog.records if "Website" in r.getMessage()] == []
    versie = rijnmond_built / "build" / "site" / "1.0"
    assert {name: (versie / name).read_bytes() for name in files} == files
    assert not any(name.startswith((".", "_sources")) for name in files)


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

    source = Source("content/proef.md", 1)
    awkward = "2021. *geen* `code` _x_ |y| :role:`z` [1]_ <b> \\ einde::"
    body = [
        Heading(1, (Text("Hoofdstuk"),), "h1", source, "1"),
        Heading(2, (Text("- Kop met "), Code("code")), "h1-kop", source, "1.1"),
        Heading(3, (Text("Zonder nummer"),), "zonder-nummer", source, None, numbered=False),
        Paragraph((Text(awkward),), source),
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
            source,
        ),
        ListBlock(True, ((Paragraph((Text("#. punt"),), source),),), source, start=3),
        Table(
            ((Text("Naam"),), (Text("Bedrag"),)),
            (((Text("a|b"),), (Text("€ 1"),)), ((), (Text("-"),))),
            (None, "right"),
            source,
            (Text("Proef"),),
            "tabel-1",
            1,
        ),
    ]
    # A ragged table without a header row still becomes a valid table.
    body.append(Table((), (((Text("los"),),), ((Text("x"),), (Text("y"),))), (), source))
    document = _document(body, {"n": (Paragraph((Text("Voetnoot *tekst*"),), source),)})
    resources = Werkmap(ROOT / "examples" / "rotterdam-rijnmond").read_resources()
    site = site_writer.build_site(document, resources)
    assert site.warnings == ()
    page = lxml_html.fromstring(site.files["h1.html"])
    text = page.xpath("//main")[0].text_content()
    assert awkward in text
    heading = page.xpath("//h2")[0]
    assert heading.xpath("./a[@class='paragraafnummer']")[0].text_content() == "1.1"
    assert "- Kop met code" in heading.text_content()
    without = page.xpath("//h3")[0]
    assert without.getparent().get("id") == "zonder-nummer"
    assert not without.xpath("./a[@class='paragraafnummer']")
    assert not without.xpath(".//a")  # one permalink style: only a number is a link
    paragraph = page.xpath("//main//section//p[strong]")[0]
    assert paragraph.xpath("./strong")[0].text_content() == "vet met link"
    assert paragraph.xpath("./em")[0].text_content() == "schuin"
    assert paragraph.xpath("./br")
    assert paragraph.xpath("./mark[@class='open']")[0].text_content() == (
        "[nog in te vullen: regio.aantal]"
    )
    assert paragraph.xpath(".//a[@href='#h1-kop']")[0].text_content() == "naar de kop"
    assert "Voetnoot *tekst*" in text
    items = page.xpath("//main//ol")[0]
    assert items.get("start") == "3" and items.text_content().strip() == "#. punt"
    tables = page.xpath("//main//table")
    cells = [c.text_content().strip() for c in tables[0].xpath(".//tbody//th | .//tbody//td")]
    assert cells == ["a|b", "€ 1", "", "-"]
    ragged = [[c.text_content() for c in r.xpath("./th|./td")] for r in tables[1].xpath(".//tr")]
    assert ragged == [["los", ""], ["x", "y"]]
    assert not tables[1].xpath(".//thead")


def test_text_that_starts_like_a_letter_enumerator_and_small_tables_stay_on_the_page():
    """'B. en W. besluiten' or a cell 'A. Zorg': docutils reads a letter or roman numeral
    with a full stop or bracket at the start of a line as a list item. The site must show
    the text as written (a paragraph, a cell), as Word and the single page do."""
    from regiovisie_builder.werkmap import Werkmap

    source = Source("content/proef.md", 1)
    starts = ["B. en W. besluiten dit samen.", "A) Eerste keuze", "iv. Vier", "x. Tien"]
    body = [
        Heading(1, (Text("Hoofdstuk"),), "h1", source, "1"),
        Heading(2, (Text("A. Inleiding"),), "h1-a", source, "1.1"),
        *(Paragraph((Text(t),), source) for t in starts),
        ListBlock(False, ((Paragraph((Text("C. Derde"),), source),),), source),
        Table(
            ((Text("Kolom"),), (Text("Uitleg"),)),
            (((Text("A. Zorg"),), (Text("iv. Vier"),)),),
            (),
            source,
        ),
        # One column, and a header without rows (a table still to be filled in): list-table
        # refused both, and the site left them out with an English error.
        Table(((Text("Alleen"),),), (((Text("een kolom"),),),), (), source),
        Table(((Text("Gemeente"),), (Text("Datum"),)), (), (), source),
    ]
    resources = Werkmap(ROOT / "examples" / "rotterdam-rijnmond").read_resources()
    site = site_writer.build_site(_document(body), resources)
    assert site.warnings == ()
    page = lxml_html.fromstring(site.files["h1.html"])
    main = page.xpath("//main")[0]
    one, header_only = main.xpath(".//table")[1:]
    assert [c.text_content().strip() for c in one.xpath(".//th | .//td")] == [
        "Alleen",
        "een kolom",
    ]
    assert one.xpath(".//thead//th") and not one.xpath(".//tbody//th")
    cells = [c.text_content().strip() for c in header_only.xpath(".//th | .//td")]
    assert cells == ["Gemeente", "Datum"]
    assert not main.xpath(".//ol")  # no list where the text had none
    paragraphs = [" ".join(p.text_content().split()) for p in main.xpath(".//section/p")]
    assert [t for t in starts if t not in paragraphs] == []
    assert [li.text_content().strip() for li in main.xpath(".//section//ul/li")] == ["C. Derde"]
    assert "A. Inleiding" in main.xpath(".//h2")[0].text_content()
    first = main.xpath(".//table")[0]
    cells = [c.text_content().strip() for c in first.xpath(".//tbody//th | .//tbody//td")]
    assert cells == ["A. Zorg", "iv. Vier"]


def test_line_separators_in_text_do_not_break_the_page_structure():
    """Word's line break (\\v) and U+2028 arrive in text by copy and paste. docutils ends a
    line at every character str.splitlines does, and the site writer flattened only \\r,
    \\n and tabs: a heading lost its title to a paragraph with '~~~', a sentence became a
    list and a table fell apart, with docutils' English warnings."""
    from regiovisie_builder.werkmap import Werkmap

    source = Source("content/proef.md", 1)
    breaks = "\v\f\x1c\x1d\x1e\x85\u2028\u2029"
    body = [
        Heading(1, (Text("Hoofdstuk"),), "h1", source, "1"),
        Heading(2, (Text("Kop\u2028met scheiding"),), "h1-kop", source, "1.1"),
        *(Paragraph((Text(f"Zin{c}{c}- geen lijst{c}   ingesprongen"),), source) for c in breaks),
        Table(
            ((Text("Kolom"),), (Text("Uitleg"),)),
            (((Text("x\u2028y"),), (Text("z\vz"),)),),
            (),
            source,
        ),
    ]
    resources = Werkmap(ROOT / "examples" / "rotterdam-rijnmond").read_resources()
    site = site_writer.build_site(_document(body), resources)
    assert site.warnings == ()
    main = lxml_html.fromstring(site.files["h1.html"]).xpath("//main")[0]
    heading = main.xpath(".//h2")[0].text_content().split()
    assert heading == ["1.1", "Kop", "met", "scheiding"]
    paragraphs = [" ".join(p.text_content().split()) for p in main.xpath(".//section/p")]
    assert paragraphs.count("Zin - geen lijst ingesprongen") == len(breaks), paragraphs
    assert not main.xpath(".//section//ul | .//section//dl | .//blockquote")
    cells = [" ".join(c.text_content().split()) for c in main.xpath(".//tbody//th | .//tbody//td")]
    assert cells == ["x y", "z z"]


def test_code_with_spaces_at_its_edges_is_code_on_the_page():
    """A code span may start or end with a space or tab (`` ` x` `` in Markdown). reST ends
    a role only at a backquote after text: the site showed ':literal:`' and the rest as
    plain text, with docutils' English warning. A code span of spaces only lost its space;
    a heading with tabs or wide characters got docutils' "underline too short"."""
    from regiovisie_builder.werkmap import Werkmap

    source = Source("content/proef.md", 1)
    body = [
        Heading(1, (Text("Hoofdstuk"),), "h1", source, "1"),
        Heading(2, (Text("Kop\tmet\ttabs en 👶👶👶👶👶👶"),), "h1-kop", source, "1.1"),
        Paragraph((Text("Typ"), Code(" regio.naam"), Text(" of "), Code("1.\t")), source),
        Paragraph((Strong((Text("vet "), Code("\tcode "))), Text("einde")), source),
        Paragraph((Text("los"), Code("  "), Text("woord")), source),  # code of spaces only
    ]
    resources = Werkmap(ROOT / "examples" / "rotterdam-rijnmond").read_resources()
    site = site_writer.build_site(_document(body), resources)
    assert site.warnings == ()
    page = lxml_html.fromstring(site.files["h1.html"])
    main = page.xpath("//main")[0]
    assert ":literal:" not in main.text_content()
    assert "Kop met tabs en 👶👶👶👶👶👶" in " ".join(main.xpath(".//h2")[0].text_content().split())
    codes = [c.text_content() for c in main.xpath(".//section/p/code")]
    assert codes == ["regio.naam", "1."]
    first, second, third = (" ".join(p.text_content().split()) for p in main.xpath(".//section/p"))
    assert first == "Typ regio.naam of 1."
    assert second == "vet code einde"
    assert third == "los woord"


def test_generated_text_with_every_rest_special_reaches_the_page_as_written():
    """Whatever a writer types, the site shows the same text in the same kind of element.

    Paragraphs, headings and list items made of random pieces that mean something in reST
    (markup, escapes, enumerators, '::', roles, tabs, wide characters) and of emphasis, bold
    and code around them: the page text of each equals the model's plain text (whitespace
    collapsed, as a browser shows it), and docutils has nothing to warn about. This found the
    letter lists, the code spans with spaces at their edges and the short underlines."""
    import random

    from regiovisie_builder.model import plain_text
    from regiovisie_builder.werkmap import Werkmap
    from tests.writers.test_site_tables import PIECES

    chance = random.Random(2026)
    source = Source("content/proef.md", 1)
    pieces = [*PIECES, "👶", "\t"]

    def text() -> str:
        return "".join(chance.choice(pieces) for _ in range(chance.randint(1, 5)))

    def spans(nested: bool = False) -> tuple:
        out: list = []
        for _ in range(chance.randint(1, 4)):
            kind = 0 if nested else chance.randrange(5)
            if kind <= 1:
                out.append(Text(text()))
            elif kind == 2:
                out.append(Strong(spans(True)))
            elif kind == 3:
                out.append(Emph(spans(True)))
            else:
                out.append(Code(text()))
        return tuple(out)

    def shown(value: str) -> str:
        return " ".join(value.split())

    body: list = [Heading(1, (Text("Hoofdstuk"),), "h1", source, "1")]
    paragraphs, headings, items = [], [], []
    for number in range(1, 21):
        headings.append(spans())
        body.append(Heading(2, headings[-1], f"kop-{number}", source, f"1.{number}"))
        for _ in range(10):
            paragraphs.append(spans())
            body.append(Paragraph(paragraphs[-1], source))
        items += [spans(), spans()]
        body.append(ListBlock(False, tuple((Paragraph(i, source),) for i in items[-2:]), source))
    resources = Werkmap(ROOT / "examples" / "rotterdam-rijnmond").read_resources()
    site = site_writer.build_site(_document(body), resources)
    assert site.warnings == ()
    main = lxml_html.fromstring(site.files["h1.html"]).xpath("//main")[0]
    on_page = {shown(p.text_content()) for p in main.xpath(".//section/p")}
    in_lists = {shown(li.text_content()) for li in main.xpath(".//section//li")}
    titles = [shown(h.text_content()) for h in main.xpath(".//h2")]
    lost = [plain_text(p) for p in paragraphs if shown(plain_text(p)) not in on_page | {""}]
    assert lost == []
    assert [plain_text(i) for i in items if shown(plain_text(i)) not in in_lists | {""}] == []
    assert len(titles) == len(headings)
    for title, heading in zip(titles, headings, strict=True):
        assert title.endswith(shown(plain_text(heading))), (title, heading)


def test_link_to_an_unknown_anchor_keeps_its_text_and_is_reported_in_dutch():
    from regiovisie_builder.werkmap import Werkmap

    source = Source("content/proef.md", 1)
    body = [
        Heading(1, (Text("Hoofdstuk"),), "h1", source, "1"),
        Paragraph((Text("Zie "), Link((Text("de bijlage"),), "#bestaat-niet"), Text(".")), source),
    ]
    resources = Werkmap(ROOT / "examples" / "rotterdam-rijnmond").read_resources()
    site = site_writer.build_site(_document(body), resources)
    assert site.warnings == (
        "h1: De link naar '#bestaat-niet' wijst naar een kop of tabel die niet bestaat; "
        "op de website staat alleen de linktekst.",
    )
    page = lxml_html.fromstring(site.files["h1.html"])
    assert "Zie de bijlage." in page.xpath("//main")[0].text_content()


# --- refusals -----------------------------------------------------------------------------


def test_version_number_that_cannot_be_a_folder_is_refused_and_nothing_written(
    rijnmond_built, tmp_path, monkeypatch
):
    from regiovisie_builder.writers.site import sphinx

    def no_sphinx(*args, **kwargs):
        raise AssertionError("the site was built before the version number was checked")

    # Refused before Sphinx runs: the writer does not wait seconds for a site it cannot place.
    monkeypatch.setattr(sphinx, "build", no_sphinx)
    monkeypatch.setattr(site_writer, "build", no_sphinx)
    werkmap = copy_built(rijnmond_built, tmp_path)  # built as site and html
    before = _hashes(werkmap / "build")
    for versie in ("latest", "1.0/../x", "01.0"):
        edit_yaml(werkmap, lambda d, v=versie: d["document"].update(versie=v))
        outcome = _build(werkmap, "html", "site")
        assert outcome.returncode == 2, outcome.stderr
        assert f"Het versienummer '{versie}' kan geen mapnaam van de website zijn" in (
            outcome.stderr
        )
        assert "Traceback" not in outcome.stderr
        assert _hashes(werkmap / "build") == before


def test_html_of_the_final_and_rijnmond_sites_and_single_files_is_valid(
    rijnmond_built, final_purple
):
    # One Nu HTML Checker run: the single-file HTML of Rotterdam Rijnmond (consultation)
    # and of the final version, and their sites.
    files = []
    for werkmap in (rijnmond_built, final_purple):
        files.append(werkmap / "build" / "regiovisie.html")
        files += sorted((werkmap / "build" / "site").rglob("*.html"))
    assert all(file.is_file() for file in files)
    assert browser.vnu(files) == []


def test_missing_sphinx_gives_a_dutch_message_and_writes_nothing(tmp_path):
    werkmap = copy_example("rotterdam-rijnmond", tmp_path)
    without = tmp_path / "zonder-sphinx" / "sphinx"
    without.mkdir(parents=True)
    (without / "__init__.py").write_text("raise ImportError('no sphinx here')\n", encoding="utf-8")
    environment = {**os.environ, "PYTHONPATH": f"{without.parent}{os.pathsep}{ROOT}"}
    outcome = subprocess.run(
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
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert outcome.returncode == 2
    assert "Voor de website (--formaat site) is Sphinx nodig" in outcome.stderr
    assert "Traceback" not in outcome.stderr
    assert not (werkmap / "build").exists()


def test_compiled_theme_is_kept_and_follows_every_change_of_the_layout(tmp_path, monkeypatch):
    """A process that builds the site again and again (the preview, a batch) compiles the
    theme once (``extension.COMPILED``). A changed layout of the workspace is compiled again
    and used at once, and an error in it still names the workspace's file and line."""
    from regiovisie_builder.writers.site import extension

    werkmap = tmp_path / "proef"
    assert run_cli("init", werkmap, "--naam", "Regio Proef").returncode == 0
    compiled: list[str] = []
    dump = extension.COMPILED.dump_bytecode
    monkeypatch.setattr(
        extension.COMPILED, "dump_bytecode", lambda b: (compiled.append(b.key), dump(b))
    )
    layout = (ROOT / "templates" / "site" / "layout.html").read_text(encoding="utf-8")
    title_end = "(versie {{ rv.versie|e }})</title>"
    assert title_end in layout
    own = werkmap / "templates" / "site" / "layout.html"
    own.parent.mkdir(parents=True)

    def build_with(text: str) -> tuple[subprocess.CompletedProcess, str]:
        own.write_text(text, encoding="utf-8")
        compiled.clear()
        result = run_cli("build", werkmap, "-f", "site")
        index = next((werkmap / "build" / "site").glob("*/index.html"), None)
        return result, index.read_text(encoding="utf-8") if index else ""

    first, page = build_with(layout.replace(title_end, title_end.replace(")", ") PROEF-EEN")))
    assert first.returncode == 0, first.stderr
    assert "PROEF-EEN</title>" in page and len(compiled) >= 2  # the layout and Sphinx's own
    changed, page = build_with(layout.replace(title_end, title_end.replace(")", ") PROEF-TWEE")))
    assert changed.returncode == 0, changed.stderr
    assert "PROEF-TWEE</title>" in page and "PROEF-EEN" not in page
    assert len(compiled) == 1  # only the changed layout: Sphinx's templates came from memory
    lines = layout.split("\n")
    line = next(i for i, r in enumerate(lines, start=1) if r.rstrip().endswith("#}")) + 1
    lines.insert(line - 1, "{{ 9**999999999 }}")
    broken, _ = build_with("\n".join(lines))
    assert broken.returncode == 2
    assert f"templates/site/layout.html, regel {line}: een getal wordt te groot" in broken.stderr
    # The same broken layout again, now compiled from memory: the same message.
    compiled.clear()
    assert run_cli("build", werkmap, "-f", "site").stderr == broken.stderr
    assert compiled == []
