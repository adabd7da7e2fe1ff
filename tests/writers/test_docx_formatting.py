"""Layout that holds in Word and in LibreOffice: what the .docx asks for, read from its XML.

(The PDF tests check the result on real pages; these run without LibreOffice.)
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest

from tests.conftest import copy_example, run_cli
from tests.writers.docx_helpers import NS, W, part, text
from tests.writers.test_docx import _png


@pytest.fixture(scope="module")
def regiovisie(built_examples) -> Path:
    return built_examples["zuid-kennemerland-ijmond"] / "build" / "regiovisie.docx"


@pytest.fixture(scope="module")
def own_style(tmp_path_factory) -> Path:
    """The example built with a house style of its own that has what three tests below are
    about, built once (a build each cost seconds): a Heading 2 without keep-with-next, a
    logo in the header, and properties the writer adds to already in place (Heading 1,
    settings, style defaults; see test_properties_a_house_style_already_has_keep_the_schema_
    order). Each test reads the part of the Word file its property is about."""
    from docx.shared import Cm

    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path_factory.mktemp("huisstijl"))
    huisstijl = docx.Document()
    huisstijl.styles["Heading 2"].paragraph_format.keep_with_next = False
    header = huisstijl.sections[0].header.paragraphs[0]
    header.add_run().add_picture(io.BytesIO(_png(40, 20)), width=Cm(3))
    heading = huisstijl.styles["Heading 1"]
    heading.paragraph_format.keep_with_next = False  # the writer adds it back, before the rest
    heading.paragraph_format.left_indent = 0  # w:ind and w:jc come after the numbering
    heading.paragraph_format.alignment = 0
    settings_element = huisstijl.settings.element
    update = settings_element.makeelement(f"{{{W}}}updateFields", {f"{{{W}}}val": "true"})
    settings_element.find(f"{{{W}}}compat").addprevious(update)
    default = huisstijl.styles.element.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    default.remove(default.find("w:lang", NS))
    default.append(default.makeelement(f"{{{W}}}eastAsianLayout", {f"{{{W}}}id": "1"}))
    (werkmap / "templates").mkdir(exist_ok=True)
    huisstijl.save(werkmap / "templates" / "huisstijl.docx")
    result = run_cli("build", werkmap, "-f", "docx", "--geen-raadsstukken")
    assert result.returncode == 0, result.stderr
    return werkmap / "build" / "regiovisie.docx"


def test_document_properties_name_this_toolkit(regiovisie):
    with zipfile.ZipFile(regiovisie) as package:
        app = package.read("docProps/app.xml").decode("utf-8")
    assert "<Application>regiovisie-builder" in app
    assert "Microsoft" not in app
    # no Company: Word keeps it when a resident saves the file with comments
    assert "<Company>" not in app


def test_headings_keep_with_the_next_paragraph(regiovisie):
    styles = part(regiovisie, "word/styles.xml")
    for level in (1, 2, 3, 4):
        style = styles.find(f"w:style[@w:styleId='Heading{level}']", NS)
        assert style.find("w:pPr/w:keepNext", NS) is not None, f"Heading {level}"
        assert style.find("w:pPr/w:keepLines", NS) is not None, f"Heading {level}"


def test_a_house_style_without_keep_with_next_still_gets_it(own_style):
    doc = docx.Document(own_style)  # its house style's Heading 2 has keep_with_next off
    assert doc.styles["Heading 2"].paragraph_format.keep_with_next is True


def test_the_annex_starts_on_a_new_page(regiovisie):
    doc = docx.Document(regiovisie)
    bijlage = [
        p
        for p in doc.paragraphs
        if p.style.name == "Heading 1" and p.text.startswith("Bijlage: Toetsing aan de Norm")
    ]
    assert len(bijlage) == 1
    assert bijlage[0].paragraph_format.page_break_before is True
    # numbered chapters do not get a page break of their own
    hoofdstuk = next(p for p in doc.paragraphs if p.text == "Zo kwam deze regiovisie tot stand")
    assert not hoofdstuk.paragraph_format.page_break_before


def test_year_range_in_the_title_does_not_break(regiovisie):
    document = part(regiovisie, "word/document.xml")
    title = document.xpath("//w:p[w:pPr/w:pStyle/@w:val='Title']", namespaces=NS)[0]
    run = title.find("w:r", NS)
    children = [k.tag.split("}")[1] for k in run if k.tag != f"{{{W}}}rPr"]
    assert children == ["t", "noBreakHyphen", "t"]
    assert [t.text for t in run.findall("w:t", NS)] == ["Regiovisie Jeugdhulp 2022", "2030"]


def test_paragraph_and_euro_signs_stay_with_their_number(regiovisie):
    content = text(part(regiovisie, "word/document.xml"))
    assert re.search("§\u00a0\\d", content), "the annex names paragraphs (§ 2.1)"
    assert re.search("€\u00a0\\d", content)
    assert not re.search(r"[§€] \d", content), "an ordinary space lets the line break there"


def test_no_instruction_paragraph_and_no_update_prompt(regiovisie):
    content = text(part(regiovisie, "word/document.xml"))
    assert "Werk de inhoudsopgave bij" not in content
    assert part(regiovisie, "word/settings.xml").find("w:updateFields", NS) is None


def test_cover_page_shows_the_logo_from_the_house_style_header(own_style):
    doc = docx.Document(own_style)  # its house style has a logo in the header
    first = doc.paragraphs[0]
    assert first._p.find(".//w:drawing", NS) is not None, "the logo opens the cover page"
    assert doc.paragraphs[1].style.name == "Title"
    blip = first._p.find(".//{http://schemas.openxmlformats.org/drawingml/2006/main}blip")
    r_id = blip.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed")
    assert doc.part.related_parts[r_id].blob.startswith(b"\x89PNG")
    # the running header keeps its own copy
    assert doc.sections[-1].header._element.find(".//w:drawing", NS) is not None
    ids = [e.get("id") for e in doc.element.body.iter() if e.tag.endswith("}docPr")]
    assert len(ids) == len(set(ids))


# Children of w:pPr in the order ECMA-376 Part 1 §17.3.1.26 prescribes (Word refuses a
# document with another order).
_PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]


def _in_schema_order(element, order: list[str]) -> bool:
    positions = [order.index(child.tag.split("}")[1]) for child in element]
    return positions == sorted(positions)


def test_properties_a_house_style_already_has_keep_the_schema_order(own_style):
    """What the writer adds (heading numbering, keep-with-next, footnote settings, the
    document language) goes between what the house style brings, where the schema puts it.

    The house style (see ``own_style``): Heading 1 without keep-with-next but with an indent
    and an alignment, settings with updateFields, style defaults without a language and with
    an East Asian layout after where the language goes."""
    path = own_style
    styles, document = part(path, "word/styles.xml"), part(path, "word/document.xml")
    properties = styles.findall(".//w:pPr", NS) + document.findall(".//w:pPr", NS)
    assert properties
    for ppr in properties:
        assert _in_schema_order(ppr, _PPR_ORDER), [c.tag.split("}")[1] for c in ppr]
    heading1 = styles.find("w:style[@w:styleId='Heading1']/w:pPr", NS)
    assert [c.tag.split("}")[1] for c in heading1][:3] == ["keepNext", "keepLines", "numPr"]

    settings = [c.tag.split("}")[1] for c in part(path, "word/settings.xml")]
    assert "updateFields" not in settings  # Word would ask a question on every open
    assert settings.index("footnotePr") < settings.index("compat")

    default = part(path, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    assert [c.tag.split("}")[1] for c in default][-2:] == ["lang", "eastAsianLayout"]
    assert default.find("w:lang", NS).get(f"{{{W}}}val") == "nl-NL"
