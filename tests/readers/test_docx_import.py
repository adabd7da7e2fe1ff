"""Reading Word drafts for ``regiovisie import``: sections, Markdown, safety limits."""

from __future__ import annotations

import io
import zipfile

import pytest

from regiovisie_builder.errors import ContentError
from regiovisie_builder.readers.docx_import import Afbeelding, lees_docx
from regiovisie_builder.readers.markdown import lees_markdown
from tests.readers import concept_bestanden as concept


def _lees(path):
    return lees_docx(path.read_bytes(), path.name)


def _koppen(inlezing):
    return [(s.niveau, s.titel) for s in inlezing.secties]


def _tekst(sectie):
    return "\n\n".join(d for d in sectie.delen if isinstance(d, str))


def test_heading_styles_make_sections_and_cover_is_left_out(tmp_path):
    inlezing = _lees(concept.met_kopstijlen(tmp_path / "concept.docx"))
    assert _koppen(inlezing) == [
        (1, "Inleiding"),
        (2, "Aanleiding"),
        (3, "Waarom nu"),
        (1, "Toegang tot jeugdhulp"),
        (2, "De lokale teams"),
        (2, "Tarieven"),
    ]
    assert inlezing.titel == "Regiovisie jeugdhulp Voorbeeldregio"
    alle = " ".join(_tekst(s) for s in inlezing.secties)
    assert "Versie 0.3" not in alle
    assert any("voorblad" in o for o in inlezing.overgeslagen)


def test_inline_formatting_links_and_lists_become_block_markdown(tmp_path):
    inlezing = _lees(concept.met_kopstijlen(tmp_path / "concept.docx"))
    aanleiding = _tekst(inlezing.secties[1])
    assert aanleiding == (
        "Sinds 2015 zijn de **gemeenten** verantwoordelijk voor *jeugdhulp*. "
        "Lees meer bij [de VNG](https://vng.nl/norm)."
    )
    teams = _tekst(inlezing.secties[4])
    assert "- bereikbaar zijn\n- met een brede blik werken" in teams
    assert "1. eerst het gesprek\n2. dan de verwijzing" in teams
    # The Markdown reader of the blocks sees one bullet and one numbered list.
    blokken = lees_markdown(teams, "x.md", 1, "x").blocks
    lijsten = [b for b in blokken if type(b).__name__ == "ListBlock"]
    assert [lijst.ordered for lijst in lijsten] == [False, True]


def test_localised_style_names_and_outline_level(tmp_path):
    inlezing = _lees(concept.met_lokale_kopnamen(tmp_path / "kop.docx"))
    assert _koppen(inlezing) == [(1, "Visie"), (2, "Wat wij willen"), (1, "Governance")]


def test_without_styles_numbered_and_bold_lines_mark_sections(tmp_path):
    inlezing = _lees(concept.zonder_stijlen(tmp_path / "plat.docx"))
    assert _koppen(inlezing) == [
        (1, "Inleiding"),
        (2, "Aanleiding"),
        (1, "Beleidskader"),
        (2, "Toegang"),
        (3, "Wat vinden ouders"),
        (1, "Vertaling visie naar inkoop …"),
    ]
    # A numbered sentence stays text, escaped so it does not turn into a list.
    toegang = _tekst(inlezing.secties[3])
    assert toegang == "1\\. Dit is een genummerde zin in de tekst en geen kop."
    (alinea,) = lees_markdown(toegang, "x.md", 1, "x").blocks
    assert type(alinea).__name__ == "Paragraph"


def test_table_footnote_and_images(tmp_path):
    inlezing = _lees(concept.met_tabel_voetnoot_afbeelding(tmp_path / "tabel.docx"))
    assert (inlezing.tabellen, inlezing.afbeeldingen, inlezing.voetnoten) == (1, 2, 1)
    budget = inlezing.secties[1]
    assert budget.voetnoten == ["Zie de Jeugdwet, artikel 2."]
    tekst = _tekst(budget)
    assert "De kosten stijgen[^1] elk jaar." in tekst
    # Header row kept, a pipe in a cell escaped, the merged cell simplified, caption after.
    assert (
        "| Post | 2026 | 2027 |\n|---|---|---|\n| Jeugdhulp \\| ambulant | € 100 | € 110 |\n"
        "| Samen | € 210 |  |\n\nTabel: Kosten per jaar"
    ) in tekst
    beelden = [d for d in budget.delen if isinstance(d, Afbeelding)]
    assert [b.alt for b in beelden] == ["Kaart van de regio", ""]
    assert beelden[0].inhoud.startswith(b"\x89PNG")
    # The caption that follows the first image belongs to it, not to the second.
    eerste = budget.delen.index(beelden[0])
    assert budget.delen[eerste + 1] == "De regio op de kaart"
    assert budget.delen[budget.delen.index(beelden[1]) + 1] == "[beschrijving ontbreekt]"
    markdown = tekst + "\n\n[^1]: " + budget.voetnoten[0]
    uitkomst = lees_markdown(markdown, "x.md", 1, "x")
    (tabel,) = [b for b in uitkomst.blocks if type(b).__name__ == "Table"]
    assert len(tabel.header) == 3 and len(tabel.rows) == 2
    assert tabel.caption
    assert list(uitkomst.footnotes) == ["x:1"]


def test_tracked_changes_are_accepted_and_counted(tmp_path):
    inlezing = _lees(concept.met_wijzigingen(tmp_path / "wijzig.docx"))
    (governance,) = inlezing.secties
    assert _tekst(governance) == (
        "De regio heeft sinds 2025 een gemeenschappelijke regeling.\n\nTweede alinea."
    )
    assert (inlezing.invoegingen, inlezing.verwijderingen, inlezing.verplaatsingen) == (1, 1, 1)
    assert inlezing.opmerkingen == 1


def test_python_docx_alone_would_drop_the_inserted_text(tmp_path):
    """Guards why the reader walks the XML itself (python-docx skips w:ins runs)."""
    from docx import Document

    pad = concept.met_wijzigingen(tmp_path / "wijzig.docx")
    tekst = Document(str(pad)).paragraphs[1].text
    assert "sinds 2025" not in tekst
    assert "sinds 2025" in _tekst(_lees(pad).secties[0])


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
    pad = tmp_path / "toc.docx"
    document.save(pad)
    inlezing = _lees(pad)
    assert _koppen(inlezing) == [(1, "Inleiding")]
    assert _tekst(inlezing.secties[0]) == "Echte tekst."


def test_markdown_and_jinja_characters_in_text_are_escaped(tmp_path):
    from docx import Document

    from regiovisie_builder.readers import sjablonen
    from regiovisie_builder.readers.blokken import lees_blok

    document = Document()
    document.add_heading("Tekens", level=1)
    document.add_paragraph("Gebruik {{ regio.naam }} en {% if %} niet; *sterren* en [haken].")
    pad = tmp_path / "tekens.docx"
    document.save(pad)
    tekst = _tekst(_lees(pad).secties[0])
    blok = lees_blok(f"---\nid: t\ntitel: T\n---\n{tekst}\n", "t.md", "werkmap")
    gerenderd = sjablonen.render(blok, {})
    (alinea,) = lees_markdown(gerenderd, "t.md", 1, "t").blocks
    from regiovisie_builder.model import platte_tekst

    assert platte_tekst(alinea.content) == (
        "Gebruik {{ regio.naam }} en {% if %} niet; *sterren* en [haken]."
    )


@pytest.mark.parametrize(
    "maak, melding",
    [
        (concept.zip_bom, "zip-bom"),
        (concept.met_entiteiten, "DOCTYPE of ENTITY"),
    ],
)
def test_unsafe_files_are_refused_in_dutch(tmp_path, maak, melding):
    pad = maak(tmp_path / "kwaad.docx")
    with pytest.raises(ContentError) as fout:
        _lees(pad)
    assert melding in fout.value.format_message()
    assert fout.value.exit_code == 2


def test_corrupt_and_non_word_zip_are_refused(tmp_path):
    with pytest.raises(ContentError, match="beschadigd"):
        lees_docx(b"PK\x03\x04 kapot", "kapot.docx")
    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w") as z:
        z.writestr("iets.txt", "geen Word")
    with pytest.raises(ContentError, match="geen Word-document"):
        lees_docx(uit.getvalue(), "zip.docx")


@pytest.mark.extern
def test_pandoc_draft(tmp_path):
    import subprocess

    from tests.conftest import require_tool

    pandoc = require_tool("pandoc")
    bron = tmp_path / "p.md"
    bron.write_text(
        "---\ntitle: Concept\n---\n\n# Inleiding\n\nTekst met *nadruk*.[^1]\n\n"
        "[^1]: Een voetnoot.\n\n## Toegang\n\n- een\n- twee\n\n"
        "| A | B |\n|---|---|\n| 1 | 2 |\n\n: Overzicht\n",
        encoding="utf-8",
    )
    doel = tmp_path / "p.docx"
    subprocess.run([pandoc, str(bron), "-o", str(doel)], check=True, timeout=60)
    inlezing = _lees(doel)
    assert _koppen(inlezing) == [(1, "Inleiding"), (2, "Toegang")]
    assert inlezing.titel == "Concept"
    assert _tekst(inlezing.secties[0]) == "Tekst met *nadruk*.[^1]"
    assert inlezing.secties[0].voetnoten == ["Een voetnoot."]
    toegang = _tekst(inlezing.secties[1])
    assert "- een\n- twee" in toegang
    assert "| A | B |\n|---|---|\n| 1 | 2 |\n\nTabel: Overzicht" in toegang


def test_image_in_a_table_cell_follows_the_table(tmp_path):
    from docx import Document

    plaatje = tmp_path / "p.png"
    plaatje.write_bytes(concept.png())
    document = Document()
    document.add_heading("Overzicht", level=1)
    tabel = document.add_table(rows=2, cols=2)
    tabel.cell(0, 0).text = "Naam"
    tabel.cell(0, 1).text = "Logo"
    tabel.cell(1, 0).text = "Regio"
    tabel.cell(1, 1).paragraphs[0].add_run().add_picture(str(plaatje))
    pad = tmp_path / "cel.docx"
    document.save(pad)
    (sectie,) = _lees(pad).secties
    assert sectie.delen[0].startswith("| Naam | Logo |")
    assert isinstance(sectie.delen[1], Afbeelding)


def test_deleted_paragraph_mark_joins_the_paragraphs(tmp_path):
    """Accepting the deletion of a paragraph mark makes one paragraph of two."""
    from docx import Document
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = Document()
    document.add_heading("Samen", level=1)
    document.add_paragraph("en tweede deel.")
    lichaam = document.element.body
    lichaam.insert(
        len(lichaam) - 2,  # before the second paragraph (the last child is w:sectPr)
        parse_xml(
            f'<w:p {w}><w:pPr><w:rPr><w:del w:id="5" w:author="R"/></w:rPr></w:pPr>'
            "<w:r><w:t>Eerste deel</w:t></w:r></w:p>"
        ),
    )
    pad = tmp_path / "mark.docx"
    document.save(pad)
    (sectie,) = _lees(pad).secties
    assert sectie.delen == ["Eerste deel en tweede deel."]


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
    pad = tmp_path / "titel.docx"
    document.save(pad)
    inlezing = _lees(pad)
    assert inlezing.titel == "Regiovisie jeugdhulp 2026-2030"
    assert _koppen(inlezing) == [(1, "Inleiding"), (2, "Aanleiding"), (1, "Toegang")]


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
    pad = tmp_path / "inhoud.docx"
    document.save(pad)
    inlezing = _lees(pad)
    assert _koppen(inlezing) == [(1, "Inleiding"), (1, "Toegang")]
    assert _tekst(inlezing.secties[0]) == "Tekst over de inleiding."


def test_tab_aligned_amounts_stay_text(tmp_path):
    from docx import Document

    document = Document()
    document.add_heading("Kosten", level=1)
    document.add_paragraph("Haarlem\t163")
    pad = tmp_path / "tab.docx"
    document.save(pad)
    assert _tekst(_lees(pad).secties[0]) == "Haarlem 163"


def test_hidden_text_is_left_out(tmp_path):
    from docx import Document

    document = Document()
    document.add_heading("Tekst", level=1)
    p = document.add_paragraph("Zichtbaar")
    p.add_run(" GEHEIM").font.hidden = True
    p.add_run(" en verder.")
    pad = tmp_path / "verborgen.docx"
    document.save(pad)
    assert _tekst(_lees(pad).secties[0]) == "Zichtbaar en verder."


def test_appendix_headings_are_marked(tmp_path):
    from docx import Document

    document = Document()
    document.add_heading("Inleiding", level=1)
    document.add_paragraph("Tekst.")
    document.add_heading("Bijlage A\tDe gemeenten van de regio", level=1)
    document.add_paragraph("Zeven gemeenten.")
    document.add_heading("A.1\tInwoners", level=2)
    document.add_paragraph("Veel inwoners.")
    pad = tmp_path / "bijlage.docx"
    document.save(pad)
    secties = _lees(pad).secties
    assert [(s.niveau, s.titel, s.bijlage) for s in secties] == [
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
    pad = tmp_path / "afk.docx"
    document.save(pad)
    inlezing = _lees(pad)
    assert _koppen(inlezing) == [(1, "Inleiding")]
    assert any("Lijst van afkortingen" in o for o in inlezing.overgeslagen)
