"""The Word output as a council clerk gets it: opened with python-docx and as raw XML."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import docx
import pytest

from regiovisie_builder.readers.markdown import anchor
from tests.conftest import ROOT, copy_example, edit_yaml, run_cli
from tests.writers.docx_helpers import (
    NS,
    W,
    field_codes,
    number,
    part,
    parts,
    relationships,
    text,
)

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

EXAMPLES = ("zuid-kennemerland-ijmond", "rotterdam-rijnmond")


@pytest.fixture(scope="module")
def built(built_examples) -> dict[str, Path]:
    """Both examples built once (conftest's ``built_examples``: regiovisie and raadsstukken
    as Word and HTML, opinienota as Word). Read-only."""
    return built_examples


@pytest.fixture(scope="module")
def regiovisie(built) -> Path:
    return built["zuid-kennemerland-ijmond"] / "build" / "regiovisie.docx"


REFERENCE_BLOCK = (
    "---\nid: verwijzing\ntitel: Verwijzing\nhoofdstuk: inhoud\n---\n"
    "Zie [](#tabel-1) en [de eerste tabel](#tabel-1).\n"
)
QUOTE_BLOCK = (
    "---\nid: citaat\ntitel: Citaat\nhoofdstuk: inhoud\n---\n"
    "> Een ouder zei:\n>\n> - eerste punt in het citaat\n> - tweede punt in het citaat\n\n"
    "Tekst met een noot.[^lijst]\n\n"
    "[^lijst]: Noot met een lijst:\n\n"
    "    1. eerste punt in de noot\n    2. tweede punt in de noot\n"
)


@pytest.fixture(scope="module")
def changed(tmp_path_factory) -> Path:
    """Zuid-Kennemerland with the changes of four tests below, built once (a build each
    cost seconds): the budget in euros, a block that refers to a table, a block with lists
    in a quote and in a footnote, and a house style of the workspace's own. Each test reads
    only the part of the Word file its change is about; the changes touch different parts."""
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path_factory.mktemp("changed"))
    edit_yaml(werkmap, lambda d: d["financien"]["begroting"].update(eenheid="euro"))
    (werkmap / "content" / "verwijzing.md").write_text(REFERENCE_BLOCK, encoding="utf-8")
    (werkmap / "content" / "citaat.md").write_text(QUOTE_BLOCK, encoding="utf-8")
    _own_huisstijl(werkmap / "templates" / "huisstijl.docx")
    result = run_cli("build", werkmap, "-f", "docx", "--geen-raadsstukken")
    assert result.returncode == 0, result.stderr
    return werkmap / "build" / "regiovisie.docx"


# --- structure -----------------------------------------------------------------------------


def test_heading_styles_carry_multilevel_numbering(regiovisie):
    styles = part(regiovisie, "word/styles.xml")
    numbering = part(regiovisie, "word/numbering.xml")
    num_ids = set()
    for level in (1, 2, 3):
        style = styles.find(f"w:style[@w:styleId='Heading{level}']", NS)
        num_pr = style.find("w:pPr/w:numPr", NS)
        assert num_pr is not None, f"Heading {level} has no numbering"
        assert num_pr.find("w:ilvl", NS).get(f"{{{W}}}val") == str(level - 1)
        num_ids.add(num_pr.find("w:numId", NS).get(f"{{{W}}}val"))
    assert len(num_ids) == 1
    num = numbering.find(f"w:num[@w:numId='{num_ids.pop()}']", NS)
    abstract_id = num.find("w:abstractNumId", NS).get(f"{{{W}}}val")
    abstract = numbering.find(f"w:abstractNum[@w:abstractNumId='{abstract_id}']", NS)
    texts = [lvl.find("w:lvlText", NS).get(f"{{{W}}}val") for lvl in abstract.findall("w:lvl", NS)]
    assert texts[:3] == ["%1", "%1.%2", "%1.%2.%3"]


def test_headings_use_named_styles_in_document_order(regiovisie):
    doc = docx.Document(regiovisie)
    headings = [
        (p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings[0] == ("Heading 1", "Inleiding")
    assert ("Heading 2", "Aanleiding") in headings
    assert ("Heading 3", "Opinienota verwervingsstrategie") in headings


def test_only_named_styles_are_used(regiovisie):
    allowed = {
        "Normal",
        "Title",
        "Subtitle",
        "Heading 1",
        "Heading 2",
        "Heading 3",
        "Heading 4",
        "List Bullet",
        "List Number",
        "Caption",
        "Quote",
        "TOC Heading",
        "TOC 1",
        "TOC 2",
        "TOC 3",
    }
    doc = docx.Document(regiovisie)
    used = {p.style.name for p in doc.paragraphs}
    assert used <= allowed, used - allowed
    assert all(t.style.name == "Table Grid" for t in doc.tables)


def test_cover_page_has_title_region_and_version_facts(regiovisie):
    doc = docx.Document(regiovisie)
    first = doc.paragraphs[0]
    assert first.style.name == "Title"
    assert first.text == "Regiovisie Jeugdhulp 2022-2030"
    cover = "\n".join(p.text for p in doc.paragraphs[:12])
    for expected in (
        "Zuid-Kennemerland en IJmond",
        "Haarlem",
        "Heemskerk",
        "Versie: 0.9",
        "Status: concept",
        "Datum: 16 februari 2021",
        "Kenmerk: 2021/39654",
    ):
        assert expected in cover


def test_toc_field_is_present_without_an_instruction_or_an_update_prompt(regiovisie):
    document = part(regiovisie, "word/document.xml")
    assert any(c.startswith('TOC \\o "1-3" \\h') for c in field_codes(document))
    assert "Veld bijwerken" not in text(document)
    assert "Werk de inhoudsopgave bij" not in text(document)
    settings = part(regiovisie, "word/settings.xml")
    assert settings.find("w:updateFields", NS) is None, "Word would ask a question on open"
    begin = document.xpath("//w:instrText[starts-with(normalize-space(.), 'TOC')]", namespaces=NS)
    character = begin[0].getparent().getprevious().find("w:fldChar", NS)
    assert character.get(f"{{{W}}}fldCharType") == "begin"
    assert character.get(f"{{{W}}}dirty") is None


def test_ordered_lists_restart_their_numbering(regiovisie):
    doc = docx.Document(regiovisie)
    numbering = part(regiovisie, "word/numbering.xml")
    num_ids = []
    for p in doc.paragraphs:
        if p.style.name == "List Number":
            num_ids.append(p._p.pPr.numPr.numId.val)
    lists = list(dict.fromkeys(num_ids))
    assert len(lists) > 1, "each ordered list needs its own numbering instance"
    for num_id in lists:
        num = numbering.find(f"w:num[@w:numId='{num_id}']", NS)
        assert num.find("w:lvlOverride/w:startOverride", NS) is not None


def test_footer_has_kenmerk_version_status_and_page_x_of_y(regiovisie):
    footers = parts(regiovisie, r"word/footer\d+\.xml")
    assert footers
    footer = next(v for v in footers if "Kenmerk" in text(v))
    codes = field_codes(footer)
    assert "PAGE" in codes and "NUMPAGES" in codes
    assert "2021/39654" in text(footer)
    assert "versie 0.9" in text(footer)
    assert "pagina" in text(footer) and " van " in text(footer)


def test_language_is_dutch_in_the_style_defaults(regiovisie):
    styles = part(regiovisie, "word/styles.xml")
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(f"{{{W}}}val") == "nl-NL"


def test_footnotes_part_is_present_and_referenced(regiovisie):
    document = part(regiovisie, "word/document.xml")
    footnotes = part(regiovisie, "word/footnotes.xml")
    references = {r.get(f"{{{W}}}id") for r in document.iter(f"{{{W}}}footnoteReference")}
    notes = {
        n.get(f"{{{W}}}id"): text(n)
        for n in footnotes.findall("w:footnote", NS)
        if n.get(f"{{{W}}}type") is None
    }
    assert references, "the example has footnotes"
    assert references == set(notes)
    assert all(t.strip() for t in notes.values())
    with zipfile.ZipFile(regiovisie) as package:
        rels = package.read("word/_rels/document.xml.rels").decode()
    assert "footnotes.xml" in rels


def test_table_captions_are_numbered_with_seq_fields(regiovisie):
    doc = docx.Document(regiovisie)
    captions = [
        p for p in doc.paragraphs if p.style.name == "Caption" and p.text.startswith("Tabel")
    ]
    assert len(captions) == len(doc.tables)
    assert captions[0].text.startswith("Tabel 1")
    assert all("SEQ Tabel" in " ".join(field_codes(p._p)) for p in captions)


def _budget(path: Path):
    doc = docx.Document(path)
    return next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("Post"))


@pytest.mark.parametrize("name", EXAMPLES)
def test_budget_table_totals_equal_the_sum_of_the_cells(built, name):
    table = _budget(built[name] / "build" / "regiovisie.docx")
    heading = [c.text for c in table.rows[0].cells]
    assert heading[-1] == "Totaal"
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    items, total_row = rows[:-1], rows[-1]
    assert total_row[0] == "TOTAAL"
    for row in items:
        amounts = [number(c) for c in row[1:-1]]
        assert number(row[-1]) == sum(amounts)
    for column in range(1, len(heading)):
        assert number(total_row[column]) == sum(number(r[column]) for r in items)
    assert "." in total_row[-1], "thousands are separated the Dutch way"


def test_budget_in_euros_is_written_as_dutch_amounts(changed):
    table = _budget(changed)  # regio.yaml: financien.begroting.eenheid: euro
    assert table.rows[0].cells[0].text == "Post"
    total = table.rows[-1].cells[-1].text
    assert total == "€\u00a0412.100", "a no-break space keeps the euro sign with the amount"
    items = [number(r.cells[-1].text) for r in table.rows[1:-1]]
    assert number(total) == sum(items)


def test_numeric_columns_are_right_aligned_and_header_repeats(regiovisie):
    table = _budget(regiovisie)
    heading = table.rows[0]._tr
    assert heading.find("w:trPr/w:tblHeader", NS) is not None
    for row in table.rows[1:]:
        assert row.cells[0].paragraphs[0].alignment is None
        for cell in row.cells[1:]:
            assert cell._tc.find("w:p/w:pPr/w:jc", NS).get(f"{{{W}}}val") == "right"


def test_was_wordt_table_is_kept(regiovisie):
    doc = docx.Document(regiovisie)
    table = next(t for t in doc.tables if [c.text for c in t.rows[0].cells][1:] == ["Was", "Wordt"])
    assert len(table.rows) > 3


def test_cross_reference_shows_the_paragraph_number_and_links_to_its_bookmark(regiovisie):
    document = part(regiovisie, "word/document.xml")
    bookmarks = {b.get(f"{{{W}}}name") for b in document.iter(f"{{{W}}}bookmarkStart")}
    links: dict[str, list[str]] = {}
    for h in document.iter(f"{{{W}}}hyperlink"):
        if h.get(f"{{{W}}}anchor"):
            links.setdefault(h.get(f"{{{W}}}anchor"), []).append(text(h))
    assert "paragraaf 3.1" in links["p_inhoud_looptijd_en_continuiteit"]
    assert any(t.startswith("paragraaf 11.") for t in links["p_planning_financien"])
    assert set(links) <= bookmarks


def test_cross_reference_number_is_a_ref_field_word_can_update(regiovisie):
    document = part(regiovisie, "word/document.xml")
    headings = {}  # bookmark name -> the heading's number as Word shows it
    for p in document.iter(f"{{{W}}}p"):
        start = p.find("w:bookmarkStart", NS)
        style = p.find("w:pPr/w:pStyle", NS)
        if start is not None and style is not None and style.get(f"{{{W}}}val")[:7] == "Heading":
            headings[start.get(f"{{{W}}}name")] = text(p)
    found = 0
    for h in document.iter(f"{{{W}}}hyperlink"):
        anchor_ = h.get(f"{{{W}}}anchor")
        if not anchor_ or not field_codes(h) or anchor_.startswith("p_figuur"):
            continue  # references to figures: see test_figures.py
        found += 1
        # "paragraaf " + { REF bookmark \w } whose result is the number, all inside the link.
        assert field_codes(h) == [f"REF {anchor_} \\w"]
        runs = h.findall("w:r", NS)
        assert text(runs[0]) == "paragraaf "
        number = text(h).removeprefix("paragraaf ")
        assert number.replace(".", "").isdigit()
        visible = [r for r in runs if r.find("w:t", NS) is not None]
        assert all(r.find("w:rPr/w:rStyle", NS) is not None for r in visible)
        assert anchor_ in headings
    assert found == 3  # two in the chapters, one in the appendix


def test_table_reference_is_a_ref_to_the_caption_number(changed):
    document = part(changed, "word/document.xml")  # REFERENCE_BLOCK refers to table 1
    caption = next(
        p for p in document.iter(f"{{{W}}}p") if "SEQ Tabel \\* ARABIC" in field_codes(p)
    )
    start = caption.find("w:bookmarkStart", NS)
    name = start.get(f"{{{W}}}name")
    # The bookmark holds just the SEQ field: "Tabel " is before it, the caption text after.
    assert text(caption).startswith("Tabel 1")
    inside = []
    for kind in start.itersiblings():
        if kind.tag == f"{{{W}}}bookmarkEnd":
            break
        inside.append(kind)
    assert "".join(text(k) for k in inside) == "1"
    links = [h for h in document.iter(f"{{{W}}}hyperlink") if h.get(f"{{{W}}}anchor") == name]
    assert [text(h) for h in links] == ["tabel 1", "de eerste tabel"]
    assert field_codes(links[0]) == [f"REF {name}"]
    assert field_codes(links[1]) == []  # a link with its own text stays a plain link


def test_broken_cross_reference_is_a_content_error(zkij):
    blok = zkij / "content" / "regio-was-wordt.md"
    blok.write_text(blok.read_text(encoding="utf-8") + "\nZie [](#bestaat-niet).\n", "utf-8")
    result = run_cli("build", zkij, "-f", "docx")
    assert result.returncode == 2
    assert "#bestaat-niet" in result.stderr
    assert "regio-was-wordt.md, regel" in result.stderr
    assert not (zkij / "build" / "regiovisie.docx").exists()


# --- properties and reproducibility ---------------------------------------------------------


def test_core_properties_come_from_the_document(regiovisie):
    kern = docx.Document(regiovisie).core_properties
    assert kern.author == "Regionale werkgroep jeugd Zuid-Kennemerland en IJmond"
    assert "python-docx" not in (kern.author + kern.comments + kern.last_modified_by)
    assert kern.created.date().isoformat() == "2021-02-16"
    assert kern.title == "Regiovisie Jeugdhulp 2022-2030"
    assert kern.language == "nl-NL"


def test_building_twice_gives_identical_bytes(built, zkij):
    """A second full build (a fresh copy: nothing cached) gives the bytes of the module's
    build of the same workspace, made earlier with the same options."""

    def files(werkmap: Path) -> dict[str, bytes]:
        return {p.relative_to(werkmap).as_posix(): p.read_bytes() for p in werkmap.rglob("*.docx")}

    from regiovisie_builder.readers import charts
    from regiovisie_builder.writers.docx.images import drawn_png

    assert not (zkij / "build").exists()
    charts.drawn.cache_clear()  # the charts and their PNG stand-ins are drawn again too
    drawn_png.cache_clear()
    assert run_cli("build", zkij, "-f", "docx", "-f", "html", "--raadsstukken").returncode == 0
    second = files(zkij)
    first = files(built["zuid-kennemerland-ijmond"])
    del first["build/opinienota.docx"]  # the module's build made the opinienota as well
    assert len(first) == 1 + 2 * 7
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first["build/regiovisie.docx"])) as package:
        assert package.namelist()[0] == "[Content_Types].xml"
        assert {i.date_time for i in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}


# --- CONCEPT marking ----------------------------------------------------------------------------


def _watermarks(path: Path) -> list[str]:
    return [
        t.get("string")
        for heading in parts(path, r"word/header\d+\.xml")
        for t in heading.iter("{urn:schemas-microsoft-com:vml}textpath")
    ]


def _headers(path: Path) -> str:
    return " ".join(text(k) for k in parts(path, r"word/header\d+\.xml"))


@pytest.mark.parametrize("name", EXAMPLES)
def test_draft_carries_a_concept_watermark_and_header_text(built, name):
    path = built[name] / "build" / "regiovisie.docx"
    assert "CONCEPT" in _watermarks(path)
    assert "CONCEPT" in _headers(path)


@pytest.mark.parametrize("status", ["definitief", "vastgesteld"])
def test_final_version_has_no_concept_marking(zkij, status):
    def change(data):
        data["document"]["status"] = status
        if status == "vastgesteld":  # the norm: adopted by every council
            for gemeente in data["regio"]["gemeenten"]:
                gemeente["vaststelling"]["status"] = "vastgesteld"

    edit_yaml(zkij, change)
    result = run_cli("build", zkij, "-f", "docx")
    assert result.returncode == 0, result.stderr
    raad = zkij / "build" / "raad"
    papers = sorted(raad.iterdir()) if raad.is_dir() else []
    assert papers or status == "vastgesteld"  # adopted everywhere: no council documents
    for path in [zkij / "build" / "regiovisie.docx", *papers]:
        assert _watermarks(path) == []
        assert "CONCEPT" not in _headers(path)
        assert "CONCEPT" not in text(part(path, "word/document.xml"))


# --- house style ---------------------------------------------------------------------------------


def test_shipped_house_style_is_a4_with_dark_blue_headings(regiovisie):
    doc = docx.Document(regiovisie)
    section = doc.sections[-1]
    assert round(section.page_width.cm, 1) == 21.0
    assert round(section.page_height.cm, 1) == 29.7
    heading = doc.styles["Heading 1"]
    assert str(heading.font.color.rgb) == "154273"
    for name in ("TOC 1", "TOC 2", "TOC 3", "Footnote Text", "Caption", "List Bullet", "Quote"):
        assert name in {s.name for s in doc.styles}


def test_house_style_generator_is_deterministic_and_matches_the_shipped_file(tmp_path):
    from tools.maak_huisstijl import make

    first, second = make(), make()
    assert first == second
    sent = docx.Document(ROOT / "templates" / "huisstijl.docx")
    made = docx.Document(io.BytesIO(first))
    # Compared by content, not bytes: another python-docx release may serialise differently.
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Caption", "TOC 1", "Footnote Text"):
        assert sent.styles[name].element.xml == made.styles[name].element.xml, (
            f"{name} differs: run tools/maak_huisstijl.py and commit templates/huisstijl.docx"
        )
    assert sent.sections[0].page_width == made.sections[0].page_width


def _png(width: int, height: int) -> bytes:
    """A plain dark red PNG image, written by hand (no imaging library needed)."""
    import struct
    import zlib

    def paper(soort: bytes, content: bytes) -> bytes:
        crc = zlib.crc32(soort + content) & 0xFFFFFFFF
        return struct.pack(">I", len(content)) + soort + content + struct.pack(">I", crc)

    heading = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    lines = b"".join(b"\0" + b"\x80\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + paper(b"IHDR", heading)
        + paper(b"IDAT", zlib.compress(lines))
        + paper(b"IEND", b"")
    )


def test_each_web_address_has_one_relationship_found_without_a_search_per_link(
    tmp_path, monkeypatch
):
    """Every link's r:id leads to its own address; an address linked twice has one
    relationship, with the lowest free id, and an address the house style's document part
    links to already keeps that relationship, as python-docx's ``relate_to`` gives. The
    writer keeps them in a table of its own: ``relate_to`` looks through every relationship
    twice per link, so a block of 8,000 links took 16 s (the square of their number)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.rel import Relationships
    from lxml import etree

    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path)
    huisstijl = docx.Document(ROOT / "templates" / "huisstijl.docx")
    own = huisstijl.part.relate_to("https://example.org/7", RT.HYPERLINK, is_external=True)
    (werkmap / "templates").mkdir(exist_ok=True)
    huisstijl.save(werkmap / "templates" / "huisstijl.docx")
    links = "".join(f"[adres {i}](https://example.org/{i % 150}) " for i in range(300))
    (werkmap / "content" / "veel-links.md").write_text(
        "---\nid: veel-links\ntitel: Veel links\nhoofdstuk: inleiding\nvolgorde: 96\n---\n"
        f"{links}\n\nEen noot.[^n]\n\n[^n]: Met [een link](https://example.org/3).\n",
        encoding="utf-8",
    )
    searches: list[str] = []
    real_search = Relationships._get_matching

    def search(self, *args, **kwargs):
        searches.append(str(args[1]))
        return real_search(self, *args, **kwargs)

    monkeypatch.setattr(Relationships, "_get_matching", search)
    out = run_cli("build", werkmap, "-f", "docx")
    assert out.returncode == 0, out.stderr
    with zipfile.ZipFile(werkmap / "build" / "regiovisie.docx") as package:
        targets = relationships(package, "word/document.xml")
        body = etree.fromstring(package.read("word/document.xml"))
    ids: dict[str, set[str]] = {}
    for link in body.iter(f"{{{W}}}hyperlink"):
        shown = text(link)
        if shown.startswith("adres "):
            r_id = link.get(f"{{{NS['r']}}}id")
            assert targets[r_id] == f"https://example.org/{int(shown.split()[1]) % 150}"
            ids.setdefault(targets[r_id], set()).add(r_id)
    assert len(ids) == 150
    assert ids["https://example.org/7"] == {own}
    assert all(len(same) == 1 for same in ids.values())
    numbers = sorted(int(r_id[3:]) for r_id in targets)
    assert numbers == list(range(1, len(numbers) + 1))  # the lowest free id each time
    assert not [target for target in searches if "example.org" in target]


# Where the municipality's template lives: on its network share, as Word records it.
TEMPLATE_ON_SHARE = "file://///voorbeeldstad.local/sjablonen/huisstijl.dotx"
WEBSITE = "https://www.voorbeeldstad.nl/jeugd"


def _own_huisstijl(path: Path) -> None:
    """A municipality's own reference document: A5, a Georgia red Heading 1, a header logo,
    a link to its website in the footer, made from a template on its network share."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml
    from docx.shared import Cm, Pt, RGBColor

    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(14.8), Cm(21)
    heading = doc.styles["Heading 1"]
    heading.font.name = "Georgia"
    heading.font.size = Pt(20)
    heading.font.color.rgb = RGBColor(0x80, 0x00, 0x00)
    header = section.header.paragraphs[0]
    header.text = "Gemeente Voorbeeldstad"
    header.add_run().add_picture(io.BytesIO(_png(40, 20)), width=Cm(2))
    footer = section.footer
    r_id = footer.part.relate_to(WEBSITE, RT.HYPERLINK, is_external=True)
    footer.paragraphs[0]._p.append(
        parse_xml(
            f'<w:hyperlink xmlns:w="{W}" xmlns:r="{R}" r:id="{r_id}"><w:r><w:t>'
            "voorbeeldstad.nl/jeugd</w:t></w:r></w:hyperlink>"
        )
    )
    settings = doc.part.part_related_by(RT.SETTINGS)
    r_id = settings.relate_to(TEMPLATE_ON_SHARE, f"{R}/attachedTemplate", is_external=True)
    settings.element.insert(
        0, parse_xml(f'<w:attachedTemplate xmlns:w="{W}" xmlns:r="{R}" r:id="{r_id}"/>')
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)


def test_house_style_template_on_a_share_is_left_out_its_website_link_kept(changed):
    """Word on a reader's computer would contact the share of the attached template when
    the document is opened (and Windows would send the reader's login): the document has no
    attached template. A link a reader clicks on to a web page stays."""
    with zipfile.ZipFile(changed) as package:
        names = package.namelist()
        everything = b"".join(package.read(n) for n in names if n.endswith((".xml", ".rels")))
        footers = [package.read(n) for n in names if n.startswith("word/_rels/footer")]
    assert b"voorbeeldstad.local" not in everything
    assert b"attachedTemplate" not in everything
    assert any(WEBSITE.encode() in rels for rels in footers)


def test_workspace_house_style_wins_and_keeps_its_header(changed):
    path = changed  # built with _own_huisstijl() as templates/huisstijl.docx
    doc = docx.Document(path)
    assert round(doc.sections[-1].page_width.cm, 1) == 14.8
    heading = doc.styles["Heading 1"]
    assert heading.font.name == "Georgia"
    assert str(heading.font.color.rgb) == "800000"
    default = doc.sections[-1].header
    assert "Gemeente Voorbeeldstad" in "".join(p.text for p in default.paragraphs)
    assert default._element.find(".//w:drawing", NS) is not None, "the logo is kept"
    with zipfile.ZipFile(path) as package:
        assert any(n.startswith("word/media/") for n in package.namelist())
    # the writer's own additions still land in the workspace style
    assert "CONCEPT" in _watermarks(path)
    assert "2021/39654" in "".join(p.text for p in doc.sections[-1].footer.paragraphs)


# --- raadsvoorstel and raadsbesluit per municipality --------------------------------------------


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_municipality_gets_a_raadsvoorstel_and_raadsbesluit(built, name):
    import yaml

    werkmap = built[name]
    regio = yaml.safe_load((werkmap / "regio.yaml").read_text(encoding="utf-8"))
    for gemeente in regio["regio"]["gemeenten"]:
        for soort in ("raadsvoorstel", "raadsbesluit"):
            path = werkmap / "build" / "raad" / f"{anchor(gemeente['naam'])}-{soort}.docx"
            assert path.is_file(), path
            doc = docx.Document(path)
            assert doc.paragraphs[0].style.name == "Title"
            assert gemeente["naam"] in doc.paragraphs[0].text


def test_raadsbesluit_has_the_decision_text_meeting_date_and_signatures(built):
    path = built["zuid-kennemerland-ijmond"] / "build" / "raad" / "haarlem-raadsbesluit.docx"
    doc = docx.Document(path)
    text_ = "\n".join(p.text for p in doc.paragraphs)
    assert "De raad van de gemeente Haarlem," in text_
    assert "gelezen het voorstel van burgemeester en wethouders van 1 juni 2021" in text_
    assert "besluit:" in text_
    assert "de Regiovisie Jeugdhulp 2022-2030 van Zuid-Kennemerland en IJmond vast" in text_
    assert "vergadering van 8 juli 2021" in text_
    signing = [[c.text for c in row.cells] for row in doc.tables[-1].rows]
    assert signing[-1] == ["de griffier van Haarlem", "de burgemeester van Haarlem"]
    decision_points = [p for p in doc.paragraphs if p.style.name == "List Number"]
    assert len(decision_points) == 3
    # a short document: no cover page, no table of contents, no headings
    assert not any(c.startswith("TOC") for c in field_codes(part(path, "word/document.xml")))
    assert not [p for p in doc.paragraphs if p.style.name.startswith("Heading")]
    # the municipality's own kenmerk, not the region's
    assert "2021/RV-001" in "".join(p.text for p in doc.sections[-1].footer.paragraphs)


def test_raadsvoorstel_has_subject_proposal_and_budget(built):
    path = (
        built["rotterdam-rijnmond"] / "build" / "raad" / "capelle-aan-den-ijssel-raadsvoorstel.docx"
    )
    doc = docx.Document(path)
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "Wat wij u voorstellen" in headings
    everything = "\n".join(p.text for p in doc.paragraphs)
    assert "Capelle aan den IJssel" in everything
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Jaar")
    # A no-break space keeps the euro sign with the amount.
    assert table.rows[0].cells[2].text == "Capelle aan den IJssel (x €\u00a01.000)"
    assert table.rows[-1].cells[0].text == "Totaal"
    assert not any(c.startswith("TOC") for c in field_codes(part(path, "word/document.xml")))


def test_missing_council_data_gives_a_marker_not_a_crash(zkij):
    edit_yaml(zkij, lambda d: d["regio"]["gemeenten"][0].pop("raad"))
    result = run_cli("build", zkij, "-f", "docx", "--raadsstukken")
    assert result.returncode == 0, result.stderr
    assert "Haarlem: raad.voorzitter ontbreekt" in result.stdout
    decision = docx.Document(zkij / "build" / "raad" / "haarlem-raadsbesluit.docx")
    signing = [c.text for c in decision.tables[-1].rows[-1].cells]
    assert "[nog in te vullen: regio.gemeenten[0].raad.griffier]" in signing


def test_final_version_with_missing_council_data_is_refused(built, tmp_path):
    # A copy of the module's built workspace: its earlier Word file must survive the refusal.
    zkij = tmp_path / "zkij"
    shutil.copytree(built["zuid-kennemerland-ijmond"], zkij)
    earlier = (zkij / "build" / "regiovisie.docx").read_bytes()

    def change(d):
        d["document"]["status"] = "definitief"
        d["regio"]["gemeenten"][0]["raad"].pop("voorzitter")

    edit_yaml(zkij, change)
    result = run_cli("build", zkij, "-f", "docx")
    assert result.returncode == 2
    assert "definitief" in result.stderr
    assert "Haarlem: raad.voorzitter ontbreekt" in result.stderr
    assert (zkij / "build" / "regiovisie.docx").read_bytes() == earlier


def test_per_municipality_type_cannot_be_built_on_its_own(zkij):
    result = run_cli("build", zkij, "--soort", "raadsbesluit")
    assert result.returncode == 2
    assert "per gemeente" in result.stderr


def test_without_raadsstukken_option_no_council_documents(changed):
    # 'changed' is built with --geen-raadsstukken
    assert changed.parent.name == "build" and changed.is_file()
    assert not (changed.parent / "raad").exists()


# --- opinienota ----------------------------------------------------------------------------------


def test_opinienota_has_the_council_front_sheet(built):
    path = built["zuid-kennemerland-ijmond"] / "build" / "opinienota.docx"
    doc = docx.Document(path)
    assert doc.paragraphs[0].text == "Opinienota Verwervingsstrategie jeugdhulp 2022-2030"
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    for heading in (
        "Kernvraag aan de commissie",
        "Behandelvoorstel voor de commissie",
        "Relevante eerdere besluiten",
        "Besluit college",
    ):
        assert heading in headings
    everything = "\n".join(p.text for p in doc.paragraphs)
    assert "Besluit college d.d. 16 februari 2021" in everything
    signature = [[c.text for c in row.cells] for row in doc.tables[2].rows]
    assert signature[-1] == ["de gemeentesecretaris van Haarlem", "de burgemeester van Haarlem"]
    decisions = next(t for t in doc.tables if t.rows[0].cells[1].text == "Documentnummer")
    assert decisions.rows[1].cells[1].text == "2019/1046552"
    assert part(path, "word/footnotes.xml") is not None
    assert _budget(path).rows[-1].cells[0].text == "TOTAAL"


def test_opinienota_without_its_keys_builds_with_markers(built):
    path = built["rotterdam-rijnmond"] / "build" / "opinienota.docx"
    everything = text(part(path, "word/document.xml"))
    assert "[nog in te vullen: opinienota.kernvraag]" in everything


def test_unknown_document_type_is_a_config_error(zkij):
    result = run_cli("build", zkij, "--soort", "bestaat-niet")
    assert result.returncode == 2
    assert "Er is geen documentopzet voor de documentsoort 'bestaat-niet'" in result.stderr


def test_outline_with_unknown_meta_key_is_a_config_error(zkij):
    opzet = zkij / "templates" / "documenten" / "opinienota.yaml"
    opzet.parent.mkdir(parents=True)
    opzet.write_text(
        "soort: opinienota\nmeta: {kleur: rood}\nhoofdstukken:\n  - {id: nota, titel: Nota}\n",
        encoding="utf-8",
    )
    result = run_cli("build", zkij, "--soort", "opinienota")
    assert result.returncode == 2
    assert "'meta' mag alleen deze sleutels hebben" in result.stderr


def test_lists_inside_a_quote_or_a_footnote_reach_the_word_file(changed):
    # Regression: a list inside a block quote vanished from the Word file and a list inside
    # a footnote became an empty paragraph, while HTML and the site showed both.
    regiovisie = changed  # with QUOTE_BLOCK
    body = [text(p) for p in part(regiovisie, "word/document.xml").iter(f"{{{W}}}p")]
    quote = body.index("Een ouder zei:")
    assert body[quote + 1 : quote + 3] == [
        "eerste punt in het citaat",
        "tweede punt in het citaat",
    ]
    notes = part(regiovisie, "word/footnotes.xml")
    note = next(n for n in notes.iter(f"{{{W}}}footnote") if "Noot met een lijst" in text(n))
    lines = [text(p).strip() for p in note.iter(f"{{{W}}}p")]
    assert lines == [
        "Noot met een lijst:",
        "1. eerste punt in de noot",
        "2. tweede punt in de noot",
    ]
