"""Reading Word drafts for ``regiovisie import``: sections, Markdown, safety limits."""

from __future__ import annotations

import io
import zipfile

import pytest

from regiovisie_builder.errors import ContentError
from regiovisie_builder.readers.docx_import import Picture, read_docx
from regiovisie_builder.readers.markdown import read_markdown
from tests.readers import concept_bestanden as concept


def _read(path):
    return read_docx(path.read_bytes(), path.name)


def _headings(reading):
    return [(s.level, s.titel) for s in reading.sections]


def _text(section):
    return "\n\n".join(d for d in section.parts if isinstance(d, str))


def test_heading_styles_make_sections_and_cover_is_left_out(tmp_path):
    reading = _read(concept.with_heading_styles(tmp_path / "concept.docx"))
    assert _headings(reading) == [
        (1, "Inleiding"),
        (2, "Aanleiding"),
        (3, "Waarom nu"),
        (1, "Toegang tot jeugdhulp"),
        (2, "De lokale teams"),
        (2, "Tarieven"),
    ]
    assert reading.titel == "Regiovisie jeugdhulp Voorbeeldregio"
    all_ = " ".join(_text(s) for s in reading.sections)
    assert "Versie 0.3" not in all_
    assert any("voorblad" in o for o in reading.skipped)


def test_inline_formatting_links_and_lists_become_block_markdown(tmp_path):
    reading = _read(concept.with_heading_styles(tmp_path / "concept.docx"))
    occasion = _text(reading.sections[1])
    assert occasion == (
        "Sinds 2015 zijn de **gemeenten** verantwoordelijk voor *jeugdhulp*. "
        "Lees meer bij [de VNG](https://vng.nl/norm)."
    )
    teams = _text(reading.sections[4])
    assert "- bereikbaar zijn\n- met een brede blik werken" in teams
    assert "1. eerst het gesprek\n2. dan de verwijzing" in teams
    # The Markdown reader of the blocks sees one bullet and one numbered list.
    blokken = read_markdown(teams, "x.md", 1, "x").blocks
    lists = [b for b in blokken if type(b).__name__ == "ListBlock"]
    assert [items.ordered for items in lists] == [False, True]


def test_localised_style_names_and_outline_level(tmp_path):
    reading = _read(concept.with_local_heading_names(tmp_path / "kop.docx"))
    assert _headings(reading) == [(1, "Visie"), (2, "Wat wij willen"), (1, "Governance")]


def test_without_styles_numbered_and_bold_lines_mark_sections(tmp_path):
    reading = _read(concept.without_styles(tmp_path / "plat.docx"))
    assert _headings(reading) == [
        (1, "Inleiding"),
        (2, "Aanleiding"),
        (1, "Beleidskader"),
        (2, "Toegang"),
        (3, "Wat vinden ouders"),
        (1, "Vertaling visie naar inkoop …"),
    ]
    # A numbered sentence stays text, escaped so it does not turn into a list.
    access = _text(reading.sections[3])
    assert access == "1\\. Dit is een genummerde zin in de tekst en geen kop."
    (paragraph,) = read_markdown(access, "x.md", 1, "x").blocks
    assert type(paragraph).__name__ == "Paragraph"


def test_table_footnote_and_images(tmp_path):
    reading = _read(concept.with_table_footnote_image(tmp_path / "tabel.docx"))
    assert (reading.tables, reading.images, reading.footnotes) == (1, 2, 1)
    budget = reading.sections[1]
    assert budget.footnotes == ["Zie de Jeugdwet, artikel 2."]
    text = _text(budget)
    assert "De kosten stijgen[^1] elk jaar." in text
    # Header row kept, a pipe in a cell escaped, the merged cell simplified, caption after.
    assert (
        "| Post | 2026 | 2027 |\n|---|---|---|\n| Jeugdhulp \\| ambulant | € 100 | € 110 |\n"
        "| Samen | € 210 |  |\n\nTabel: Kosten per jaar"
    ) in text
    pictures = [d for d in budget.parts if isinstance(d, Picture)]
    assert [b.alt for b in pictures] == ["Kaart van de regio", ""]
    assert pictures[0].content.startswith(b"\x89PNG")
    # The caption that follows the first image belongs to it, not to the second.
    first = budget.parts.index(pictures[0])
    assert budget.parts[first + 1] == "De regio op de kaart"
    assert budget.parts[budget.parts.index(pictures[1]) + 1] == "[beschrijving ontbreekt]"
    markdown = text + "\n\n[^1]: " + budget.footnotes[0]
    outcome = read_markdown(markdown, "x.md", 1, "x")
    (table,) = [b for b in outcome.blocks if type(b).__name__ == "Table"]
    assert len(table.header) == 3 and len(table.rows) == 2
    assert table.caption
    assert list(outcome.footnotes) == ["x:1"]


def test_a_picture_in_a_footnote_is_reported_as_left_out(tmp_path):
    # A build refuses a picture in a footnote, so the import leaves it out and says so.
    path = concept.with_table_footnote_image(tmp_path / "tabel.docx")
    with zipfile.ZipFile(path) as source:
        parts = {item.filename: source.read(item.filename) for item in source.infolist()}
    body = parts["word/document.xml"].decode()
    drawing = body[body.index("<w:drawing>") : body.index("</w:drawing>") + len("</w:drawing>")]
    embed = drawing.split('r:embed="')[1].split('"')[0]
    namespaces = " ".join(
        f'xmlns:{prefix}="{body.split(f"xmlns:{prefix}=")[1].split(chr(34))[1]}"'
        for prefix in ("wp", "a", "pic", "r")
    )
    notes = parts["word/footnotes.xml"].decode()
    notes = notes.replace("<w:footnotes ", f"<w:footnotes {namespaces} ", 1).replace(
        "artikel 2.</w:t></w:r>", f"artikel 2.</w:t></w:r><w:r>{drawing}</w:r>", 1
    )
    parts["word/footnotes.xml"] = notes.encode()
    target = parts["word/_rels/document.xml.rels"].decode().split(f'Id="{embed}"')[1]
    target = target.split('Target="')[1].split('"')[0]
    parts["word/_rels/footnotes.xml.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="{embed}" Type="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/relationships/image" Target="{target}"/></Relationships>'
    ).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    reading = _read(path)
    assert reading.sections[1].footnotes == ["Zie de Jeugdwet, artikel 2."]
    assert "1 afbeelding in een voetnoot" in reading.skipped
    assert reading.images == 2  # the two pictures in the text, as before


def test_tracked_changes_are_accepted_and_counted(tmp_path):
    reading = _read(concept.with_changes(tmp_path / "wijzig.docx"))
    (governance,) = reading.sections
    assert _text(governance) == (
        "De regio heeft sinds 2025 een gemeenschappelijke regeling.\n\nTweede alinea."
    )
    assert (reading.insertions, reading.deletions, reading.moves) == (1, 1, 1)
    assert reading.comments == 1


def test_python_docx_alone_would_drop_the_inserted_text(tmp_path):
    """Guards why the reader walks the XML itself (python-docx skips w:ins runs)."""
    from docx import Document

    path = concept.with_changes(tmp_path / "wijzig.docx")
    text = Document(str(path)).paragraphs[1].text
    assert "sinds 2025" not in text
    assert "sinds 2025" in _text(_read(path).sections[0])


def test_table_of_contents_field_and_generated_annex_are_left_out(tmp_path):
    from docx import Document
    from docx.oxml import parse_xml

    document = Document()
    document.add_paragraph("Inhoud", style="TOC Heading")
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document.element.body.append(
        parse_xml(
            f'<w:p {w}><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> TOC '
            '\\o "1-3" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            "<w:r><w:t>1 Inleiding 3</w:t></w:r></w:p>"
        )
    )
    document.element.body.append(
        parse_xml(
            f"<w:p {w}><w:r><w:t>2 Toegang 5</w:t></w:r>"
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        )
    )
    document.add_heading("Inleiding", level=1)
    document.add_paragraph("Echte tekst.")
    document.add_heading("Bijlage: Toetsing aan de Norm voor Opdrachtgeverschap", level=1)
    document.add_paragraph("Gegenereerd.")
    path = tmp_path / "toc.docx"
    document.save(path)
    reading = _read(path)
    assert _headings(reading) == [(1, "Inleiding")]
    assert _text(reading.sections[0]) == "Echte tekst."


def test_markdown_and_jinja_characters_in_text_are_escaped(tmp_path):
    from docx import Document

    from regiovisie_builder.readers import templates
    from regiovisie_builder.readers.blokken import read_blok

    document = Document()
    document.add_heading("Tekens", level=1)
    document.add_paragraph("Gebruik {{ regio.naam }} en {% if %} niet; *sterren* en [haken].")
    path = tmp_path / "tekens.docx"
    document.save(path)
    text = _text(_read(path).sections[0])
    blok = read_blok(f"---\nid: t\ntitel: T\n---\n{text}\n", "t.md", "werkmap")
    rendered = templates.render(blok, {})
    (paragraph,) = read_markdown(rendered, "t.md", 1, "t").blocks
    from regiovisie_builder.model import plain_text

    assert plain_text(paragraph.content) == (
        "Gebruik {{ regio.naam }} en {% if %} niet; *sterren* en [haken]."
    )


@pytest.mark.parametrize(
    "make, message",
    [
        (concept.zip_bom, "zip-bom"),
        (concept.with_entities, "DOCTYPE of ENTITY"),
    ],
)
def test_unsafe_files_are_refused_in_dutch(tmp_path, make, message):
    path = make(tmp_path / "kwaad.docx")
    with pytest.raises(ContentError) as error:
        _read(path)
    assert message in error.value.format_message()
    assert error.value.exit_code == 2


def test_corrupt_and_non_word_zip_are_refused(tmp_path):
    with pytest.raises(ContentError, match="beschadigd"):
        read_docx(b"PK\x03\x04 kapot", "kapot.docx")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("iets.txt", "geen Word")
    with pytest.raises(ContentError, match="geen Word-document"):
        read_docx(out.getvalue(), "zip.docx")


@pytest.mark.extern
def test_pandoc_draft(tmp_path):
    import subprocess

    from tests.conftest import require_tool

    pandoc = require_tool("pandoc")
    source = tmp_path / "p.md"
    source.write_text(
        "---\ntitle: Concept\n---\n\n# Inleiding\n\nTekst met *nadruk*.[^1]\n\n"
        "[^1]: Een voetnoot.\n\n## Toegang\n\n- een\n- twee\n\n"
        "| A | B |\n|---|---|\n| 1 | 2 |\n\n: Overzicht\n",
        encoding="utf-8",
    )
    target = tmp_path / "p.docx"
    subprocess.run([pandoc, str(source), "-o", str(target)], check=True, timeout=60)
    reading = _read(target)
    assert _headings(reading) == [(1, "Inleiding"), (2, "Toegang")]
    assert reading.titel == "Concept"
    assert _text(reading.sections[0]) == "Tekst met *nadruk*.[^1]"
    assert reading.sections[0].footnotes == ["Een voetnoot."]
    access = _text(reading.sections[1])
    assert "- een\n- twee" in access
    assert "| A | B |\n|---|---|\n| 1 | 2 |\n\nTabel: Overzicht" in access


def test_image_in_a_table_cell_follows_the_table(tmp_path):
    from docx import Document

    picture = tmp_path / "p.png"
    picture.write_bytes(concept.png())
    document = Document()
    document.add_heading("Overzicht", level=1)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Naam"
    table.cell(0, 1).text = "Logo"
    table.cell(1, 0).text = "Regio"
    table.cell(1, 1).paragraphs[0].add_run().add_picture(str(picture))
    path = tmp_path / "cel.docx"
    document.save(path)
    (section,) = _read(path).sections
    assert section.parts[0].startswith("| Naam | Logo |")
    assert isinstance(section.parts[1], Picture)


def test_deleted_paragraph_mark_joins_the_paragraphs(tmp_path):
    """Accepting the deletion of a paragraph mark makes one paragraph of two."""
    from docx import Document
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = Document()
    document.add_heading("Samen", level=1)
    document.add_paragraph("en tweede deel.")
    body = document.element.body
    body.insert(
        len(body) - 2,  # before the second paragraph (the last child is w:sectPr)
        parse_xml(
            f'<w:p {w}><w:pPr><w:rPr><w:del w:id="5" w:author="R"/></w:rPr></w:pPr>'
            "<w:r><w:t>Eerste deel</w:t></w:r></w:p>"
        ),
    )
    path = tmp_path / "mark.docx"
    document.save(path)
    (section,) = _read(path).sections
    assert section.parts == ["Eerste deel en tweede deel."]


def test_single_top_heading_is_the_title_not_a_chapter(tmp_path):
    from docx import Document

    document = Document()
    document.add_heading("Regiovisie jeugdhulp 2026-2030", level=1)
    document.add_heading("Inleiding", level=2)
    document.add_paragraph("Tekst.")
    document.add_heading("Aanleiding", level=3)
    document.add_paragraph("Meer tekst.")
    document.add_heading("Toegang", level=2)
    document.add_paragraph("De lokale teams.")
    path = tmp_path / "titel.docx"
    document.save(path)
    reading = _read(path)
    assert reading.titel == "Regiovisie jeugdhulp 2026-2030"
    assert _headings(reading) == [(1, "Inleiding"), (2, "Aanleiding"), (1, "Toegang")]


def test_typed_table_of_contents_lines_are_left_out(tmp_path):
    from docx import Document

    document = Document()
    document.add_paragraph().add_run("Inhoudsopgave").bold = True
    document.add_paragraph("1. Inleiding ........................ 3")
    document.add_paragraph("2. Toegang\t5")
    document.add_paragraph("1. Inleiding")
    document.add_paragraph("Tekst over de inleiding.")
    document.add_paragraph("2. Toegang")
    document.add_paragraph("Tekst over de toegang.")
    path = tmp_path / "inhoud.docx"
    document.save(path)
    reading = _read(path)
    assert _headings(reading) == [(1, "Inleiding"), (1, "Toegang")]
    assert _text(reading.sections[0]) == "Tekst over de inleiding."


def test_tab_aligned_amounts_stay_text(tmp_path):
    from docx import Document

    document = Document()
    document.add_heading("Kosten", level=1)
    document.add_paragraph("Haarlem\t163")
    path = tmp_path / "tab.docx"
    document.save(path)
    assert _text(_read(path).sections[0]) == "Haarlem 163"


def test_hidden_text_is_left_out(tmp_path):
    from docx import Document

    document = Document()
    document.add_heading("Tekst", level=1)
    p = document.add_paragraph("Zichtbaar")
    p.add_run(" GEHEIM").font.hidden = True
    p.add_run(" en verder.")
    path = tmp_path / "verborgen.docx"
    document.save(path)
    assert _text(_read(path).sections[0]) == "Zichtbaar en verder."


def test_appendix_headings_are_marked(tmp_path):
    from docx import Document

    document = Document()
    document.add_heading("Inleiding", level=1)
    document.add_paragraph("Tekst.")
    document.add_heading("Bijlage A\tDe gemeenten van de regio", level=1)
    document.add_paragraph("Zeven gemeenten.")
    document.add_heading("A.1\tInwoners", level=2)
    document.add_paragraph("Veel inwoners.")
    path = tmp_path / "bijlage.docx"
    document.save(path)
    sections = _read(path).sections
    assert [(s.level, s.titel, s.bijlage) for s in sections] == [
        (1, "Inleiding", False),
        (1, "De gemeenten van de regio", True),
        (2, "Inwoners", False),
    ]


def test_generated_list_of_abbreviations_is_left_out(tmp_path):
    from docx import Document

    document = Document()
    document.add_heading("Inleiding", level=1)
    document.add_paragraph("De GI en de VNG.")
    document.add_heading("Lijst van afkortingen", level=1)
    document.add_paragraph("GI: gecertificeerde instelling")
    path = tmp_path / "afk.docx"
    document.save(path)
    reading = _read(path)
    assert _headings(reading) == [(1, "Inleiding")]
    assert any("Lijst van afkortingen" in o for o in reading.skipped)
