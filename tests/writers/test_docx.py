"""The Word output as a council clerk gets it: opened with python-docx and as raw XML."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import docx
import pytest

from regiovisie_builder.readers.markdown import anker
from tests.conftest import copy_example, edit_yaml, run_cli
from tests.writers.docx_helpers import NS, W, deel, delen, getal, tekst, veldcodes

VOORBEELDEN = ("zuid-kennemerland-ijmond", "rotterdam-rijnmond")


@pytest.fixture(scope="module")
def gebouwd(tmp_path_factory) -> dict[str, Path]:
    """Both examples built once with the CLI (regiovisie, raadsstukken, opinienota)."""
    werkmappen = {}
    for naam in VOORBEELDEN:
        werkmap = copy_example(naam, tmp_path_factory.mktemp(naam))
        resultaat = run_cli("build", werkmap, "--raadsstukken")
        assert resultaat.returncode == 0, resultaat.stderr
        resultaat = run_cli("build", werkmap, "--soort", "opinienota", "-f", "docx")
        assert resultaat.returncode == 0, resultaat.stderr
        werkmappen[naam] = werkmap
    return werkmappen


@pytest.fixture(scope="module")
def regiovisie(gebouwd) -> Path:
    return gebouwd["zuid-kennemerland-ijmond"] / "build" / "regiovisie.docx"


# --- structure -----------------------------------------------------------------------------


def test_heading_styles_carry_multilevel_numbering(regiovisie):
    styles = deel(regiovisie, "word/styles.xml")
    numbering = deel(regiovisie, "word/numbering.xml")
    num_ids = set()
    for niveau in (1, 2, 3):
        stijl = styles.find(f"w:style[@w:styleId='Heading{niveau}']", NS)
        num_pr = stijl.find("w:pPr/w:numPr", NS)
        assert num_pr is not None, f"Heading {niveau} has no numbering"
        assert num_pr.find("w:ilvl", NS).get(f"{{{W}}}val") == str(niveau - 1)
        num_ids.add(num_pr.find("w:numId", NS).get(f"{{{W}}}val"))
    assert len(num_ids) == 1
    num = numbering.find(f"w:num[@w:numId='{num_ids.pop()}']", NS)
    abstract_id = num.find("w:abstractNumId", NS).get(f"{{{W}}}val")
    abstract = numbering.find(f"w:abstractNum[@w:abstractNumId='{abstract_id}']", NS)
    teksten = [
        lvl.find("w:lvlText", NS).get(f"{{{W}}}val") for lvl in abstract.findall("w:lvl", NS)
    ]
    assert teksten[:3] == ["%1", "%1.%2", "%1.%2.%3"]


def test_headings_use_named_styles_in_document_order(regiovisie):
    doc = docx.Document(regiovisie)
    koppen = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert koppen[0] == ("Heading 1", "Inleiding")
    assert ("Heading 2", "Aanleiding") in koppen
    assert ("Heading 3", "Opinienota verwervingsstrategie") in koppen


def test_only_named_styles_are_used(regiovisie):
    toegestaan = {
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
    gebruikt = {p.style.name for p in doc.paragraphs}
    assert gebruikt <= toegestaan, gebruikt - toegestaan
    assert all(t.style.name == "Table Grid" for t in doc.tables)


def test_cover_page_has_title_region_and_version_facts(regiovisie):
    doc = docx.Document(regiovisie)
    eerste = doc.paragraphs[0]
    assert eerste.style.name == "Title"
    assert eerste.text == "Regiovisie Jeugdhulp 2022-2030"
    voorblad = "\n".join(p.text for p in doc.paragraphs[:12])
    for verwacht in (
        "Zuid-Kennemerland en IJmond",
        "Haarlem",
        "Heemskerk",
        "Versie: 0.9",
        "Status: concept",
        "Datum: 16 februari 2021",
        "Kenmerk: 2021/39654",
    ):
        assert verwacht in voorblad


def test_toc_field_is_present_without_an_instruction_or_an_update_prompt(regiovisie):
    document = deel(regiovisie, "word/document.xml")
    assert any(c.startswith('TOC \\o "1-3" \\h') for c in veldcodes(document))
    assert "Veld bijwerken" not in tekst(document)
    assert "Werk de inhoudsopgave bij" not in tekst(document)
    settings = deel(regiovisie, "word/settings.xml")
    assert settings.find("w:updateFields", NS) is None, "Word would ask a question on open"
    begin = document.xpath("//w:instrText[starts-with(normalize-space(.), 'TOC')]", namespaces=NS)
    teken = begin[0].getparent().getprevious().find("w:fldChar", NS)
    assert teken.get(f"{{{W}}}fldCharType") == "begin"
    assert teken.get(f"{{{W}}}dirty") is None


def test_ordered_lists_restart_their_numbering(regiovisie):
    doc = docx.Document(regiovisie)
    numbering = deel(regiovisie, "word/numbering.xml")
    num_ids = []
    for p in doc.paragraphs:
        if p.style.name == "List Number":
            num_ids.append(p._p.pPr.numPr.numId.val)
    lijsten = list(dict.fromkeys(num_ids))
    assert len(lijsten) > 1, "each ordered list needs its own numbering instance"
    for num_id in lijsten:
        num = numbering.find(f"w:num[@w:numId='{num_id}']", NS)
        assert num.find("w:lvlOverride/w:startOverride", NS) is not None


def test_footer_has_kenmerk_version_status_and_page_x_of_y(regiovisie):
    voeten = delen(regiovisie, r"word/footer\d+\.xml")
    assert voeten
    voet = next(v for v in voeten if "Kenmerk" in tekst(v))
    codes = veldcodes(voet)
    assert "PAGE" in codes and "NUMPAGES" in codes
    assert "2021/39654" in tekst(voet)
    assert "versie 0.9" in tekst(voet)
    assert "pagina" in tekst(voet) and " van " in tekst(voet)


def test_language_is_dutch_in_the_style_defaults(regiovisie):
    styles = deel(regiovisie, "word/styles.xml")
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(f"{{{W}}}val") == "nl-NL"


def test_footnotes_part_is_present_and_referenced(regiovisie):
    document = deel(regiovisie, "word/document.xml")
    voetnoten = deel(regiovisie, "word/footnotes.xml")
    verwijzingen = {r.get(f"{{{W}}}id") for r in document.iter(f"{{{W}}}footnoteReference")}
    noten = {
        n.get(f"{{{W}}}id"): tekst(n)
        for n in voetnoten.findall("w:footnote", NS)
        if n.get(f"{{{W}}}type") is None
    }
    assert verwijzingen, "the example has footnotes"
    assert verwijzingen == set(noten)
    assert all(t.strip() for t in noten.values())
    with zipfile.ZipFile(regiovisie) as pakket:
        rels = pakket.read("word/_rels/document.xml.rels").decode()
    assert "footnotes.xml" in rels


def test_table_captions_are_numbered_with_seq_fields(regiovisie):
    doc = docx.Document(regiovisie)
    bijschriften = [
        p for p in doc.paragraphs if p.style.name == "Caption" and p.text.startswith("Tabel")
    ]
    assert len(bijschriften) == len(doc.tables)
    assert bijschriften[0].text.startswith("Tabel 1")
    assert all("SEQ Tabel" in " ".join(veldcodes(p._p)) for p in bijschriften)


def _begroting(pad: Path):
    doc = docx.Document(pad)
    return next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("Post"))


@pytest.mark.parametrize("naam", VOORBEELDEN)
def test_budget_table_totals_equal_the_sum_of_the_cells(gebouwd, naam):
    tabel = _begroting(gebouwd[naam] / "build" / "regiovisie.docx")
    kop = [c.text for c in tabel.rows[0].cells]
    assert kop[-1] == "Totaal"
    rijen = [[c.text for c in r.cells] for r in tabel.rows[1:]]
    posten, totaalrij = rijen[:-1], rijen[-1]
    assert totaalrij[0] == "TOTAAL"
    for rij in posten:
        bedragen = [getal(c) for c in rij[1:-1]]
        assert getal(rij[-1]) == sum(bedragen)
    for kolom in range(1, len(kop)):
        assert getal(totaalrij[kolom]) == sum(getal(r[kolom]) for r in posten)
    assert "." in totaalrij[-1], "thousands are separated the Dutch way"


def test_budget_in_euros_is_written_as_dutch_amounts(zkij):
    edit_yaml(zkij, lambda d: d["financien"]["begroting"].update(eenheid="euro"))
    assert run_cli("build", zkij, "-f", "docx", "--geen-raadsstukken").returncode == 0
    tabel = _begroting(zkij / "build" / "regiovisie.docx")
    assert tabel.rows[0].cells[0].text == "Post"
    totaal = tabel.rows[-1].cells[-1].text
    assert totaal == "€\u00a0412.100", "a no-break space keeps the euro sign with the amount"
    posten = [getal(r.cells[-1].text) for r in tabel.rows[1:-1]]
    assert getal(totaal) == sum(posten)


def test_numeric_columns_are_right_aligned_and_header_repeats(regiovisie):
    tabel = _begroting(regiovisie)
    kop = tabel.rows[0]._tr
    assert kop.find("w:trPr/w:tblHeader", NS) is not None
    for rij in tabel.rows[1:]:
        assert rij.cells[0].paragraphs[0].alignment is None
        for cel in rij.cells[1:]:
            assert cel._tc.find("w:p/w:pPr/w:jc", NS).get(f"{{{W}}}val") == "right"


def test_was_wordt_table_is_kept(regiovisie):
    doc = docx.Document(regiovisie)
    tabel = next(t for t in doc.tables if [c.text for c in t.rows[0].cells][1:] == ["Was", "Wordt"])
    assert len(tabel.rows) > 3


def test_cross_reference_shows_the_paragraph_number_and_links_to_its_bookmark(regiovisie):
    document = deel(regiovisie, "word/document.xml")
    bladwijzers = {b.get(f"{{{W}}}name") for b in document.iter(f"{{{W}}}bookmarkStart")}
    links: dict[str, list[str]] = {}
    for h in document.iter(f"{{{W}}}hyperlink"):
        if h.get(f"{{{W}}}anchor"):
            links.setdefault(h.get(f"{{{W}}}anchor"), []).append(tekst(h))
    assert "paragraaf 3.1" in links["p_inhoud_looptijd_en_continuiteit"]
    assert any(t.startswith("paragraaf 11.") for t in links["p_planning_financien"])
    assert set(links) <= bladwijzers


def test_cross_reference_number_is_a_ref_field_word_can_update(regiovisie):
    document = deel(regiovisie, "word/document.xml")
    koppen = {}  # bookmark name -> the heading's number as Word shows it
    for p in document.iter(f"{{{W}}}p"):
        start = p.find("w:bookmarkStart", NS)
        stijl = p.find("w:pPr/w:pStyle", NS)
        if start is not None and stijl is not None and stijl.get(f"{{{W}}}val")[:7] == "Heading":
            koppen[start.get(f"{{{W}}}name")] = tekst(p)
    gevonden = 0
    for h in document.iter(f"{{{W}}}hyperlink"):
        anker_ = h.get(f"{{{W}}}anchor")
        if not anker_ or not veldcodes(h) or anker_.startswith("p_figuur"):
            continue  # references to figures: see test_figures.py
        gevonden += 1
        # "paragraaf " + { REF bookmark \w } whose result is the number, all inside the link.
        assert veldcodes(h) == [f"REF {anker_} \\w"]
        runs = h.findall("w:r", NS)
        assert tekst(runs[0]) == "paragraaf "
        nummer = tekst(h).removeprefix("paragraaf ")
        assert nummer.replace(".", "").isdigit()
        zichtbaar = [r for r in runs if r.find("w:t", NS) is not None]
        assert all(r.find("w:rPr/w:rStyle", NS) is not None for r in zichtbaar)
        assert anker_ in koppen
    assert gevonden == 3  # two in the chapters, one in the appendix


def test_table_reference_is_a_ref_to_the_caption_number(zkij):
    (zkij / "content" / "verwijzing.md").write_text(
        "---\nid: verwijzing\ntitel: Verwijzing\nhoofdstuk: inhoud\n---\n"
        "Zie [](#tabel-1) en [de eerste tabel](#tabel-1).\n",
        encoding="utf-8",
    )
    assert run_cli("build", zkij, "-f", "docx").returncode == 0
    document = deel(zkij / "build" / "regiovisie.docx", "word/document.xml")
    bijschrift = next(
        p for p in document.iter(f"{{{W}}}p") if "SEQ Tabel \\* ARABIC" in veldcodes(p)
    )
    start = bijschrift.find("w:bookmarkStart", NS)
    naam = start.get(f"{{{W}}}name")
    # The bookmark holds just the SEQ field: "Tabel " is before it, the caption text after.
    assert tekst(bijschrift).startswith("Tabel 1")
    binnen = []
    for kind in start.itersiblings():
        if kind.tag == f"{{{W}}}bookmarkEnd":
            break
        binnen.append(kind)
    assert "".join(tekst(k) for k in binnen) == "1"
    links = [h for h in document.iter(f"{{{W}}}hyperlink") if h.get(f"{{{W}}}anchor") == naam]
    assert [tekst(h) for h in links] == ["tabel 1", "de eerste tabel"]
    assert veldcodes(links[0]) == [f"REF {naam}"]
    assert veldcodes(links[1]) == []  # a link with its own text stays a plain link


def test_broken_cross_reference_is_a_content_error(zkij):
    blok = zkij / "content" / "regio-was-wordt.md"
    blok.write_text(blok.read_text(encoding="utf-8") + "\nZie [](#bestaat-niet).\n", "utf-8")
    resultaat = run_cli("build", zkij, "-f", "docx")
    assert resultaat.returncode == 2
    assert "#bestaat-niet" in resultaat.stderr
    assert "regio-was-wordt.md, regel" in resultaat.stderr
    assert not (zkij / "build" / "regiovisie.docx").exists()


# --- properties and reproducibility ---------------------------------------------------------


def test_core_properties_come_from_the_document(regiovisie):
    kern = docx.Document(regiovisie).core_properties
    assert kern.author == "Regionale werkgroep jeugd Zuid-Kennemerland en IJmond"
    assert "python-docx" not in (kern.author + kern.comments + kern.last_modified_by)
    assert kern.created.date().isoformat() == "2021-02-16"
    assert kern.title == "Regiovisie Jeugdhulp 2022-2030"
    assert kern.language == "nl-NL"


def test_building_twice_gives_identical_bytes(zkij):
    def bouw() -> dict[str, bytes]:
        shutil.rmtree(zkij / "build", ignore_errors=True)  # a real second build, not a cache hit
        assert run_cli("build", zkij, "--raadsstukken").returncode == 0
        return {p.relative_to(zkij).as_posix(): p.read_bytes() for p in zkij.rglob("*.docx")}

    eerste = bouw()
    tweede = bouw()
    assert len(eerste) == 1 + 2 * 7
    assert eerste == tweede
    with zipfile.ZipFile(io.BytesIO(eerste["build/regiovisie.docx"])) as pakket:
        assert pakket.namelist()[0] == "[Content_Types].xml"
        assert {i.date_time for i in pakket.infolist()} == {(1980, 1, 1, 0, 0, 0)}


# --- CONCEPT marking ----------------------------------------------------------------------------


def _watermerken(pad: Path) -> list[str]:
    return [
        t.get("string")
        for kop in delen(pad, r"word/header\d+\.xml")
        for t in kop.iter("{urn:schemas-microsoft-com:vml}textpath")
    ]


def _kopteksten(pad: Path) -> str:
    return " ".join(tekst(k) for k in delen(pad, r"word/header\d+\.xml"))


@pytest.mark.parametrize("naam", VOORBEELDEN)
def test_draft_carries_a_concept_watermark_and_header_text(gebouwd, naam):
    pad = gebouwd[naam] / "build" / "regiovisie.docx"
    assert "CONCEPT" in _watermerken(pad)
    assert "CONCEPT" in _kopteksten(pad)


@pytest.mark.parametrize("status", ["definitief", "vastgesteld"])
def test_final_version_has_no_concept_marking(zkij, status):
    def wijzig(data):
        data["document"]["status"] = status
        if status == "vastgesteld":  # the norm: adopted by every council
            for gemeente in data["regio"]["gemeenten"]:
                gemeente["vaststelling"]["status"] = "vastgesteld"

    edit_yaml(zkij, wijzig)
    resultaat = run_cli("build", zkij, "-f", "docx")
    assert resultaat.returncode == 0, resultaat.stderr
    raad = zkij / "build" / "raad"
    stukken = sorted(raad.iterdir()) if raad.is_dir() else []
    assert stukken or status == "vastgesteld"  # adopted everywhere: no council documents
    for pad in [zkij / "build" / "regiovisie.docx", *stukken]:
        assert _watermerken(pad) == []
        assert "CONCEPT" not in _kopteksten(pad)
        assert "CONCEPT" not in tekst(deel(pad, "word/document.xml"))


# --- house style ---------------------------------------------------------------------------------


def test_shipped_house_style_is_a4_with_dark_blue_headings(regiovisie):
    doc = docx.Document(regiovisie)
    sectie = doc.sections[-1]
    assert round(sectie.page_width.cm, 1) == 21.0
    assert round(sectie.page_height.cm, 1) == 29.7
    kop = doc.styles["Heading 1"]
    assert str(kop.font.color.rgb) == "154273"
    for naam in ("TOC 1", "TOC 2", "TOC 3", "Footnote Text", "Caption", "List Bullet", "Quote"):
        assert naam in {s.name for s in doc.styles}


def test_house_style_generator_is_deterministic_and_matches_the_shipped_file(tmp_path):
    from tools.maak_huisstijl import maak

    eerste, tweede = maak(), maak()
    assert eerste == tweede
    verzonden = docx.Document(Path(__file__).resolve().parents[2] / "templates" / "huisstijl.docx")
    gemaakt = docx.Document(io.BytesIO(eerste))
    # Compared by content, not bytes: another python-docx release may serialise differently.
    for naam in ("Normal", "Title", "Heading 1", "Heading 2", "Caption", "TOC 1", "Footnote Text"):
        assert verzonden.styles[naam].element.xml == gemaakt.styles[naam].element.xml, (
            f"{naam} differs: run tools/maak_huisstijl.py and commit templates/huisstijl.docx"
        )
    assert verzonden.sections[0].page_width == gemaakt.sections[0].page_width


def _png(breedte: int, hoogte: int) -> bytes:
    """A plain dark red PNG image, written by hand (no imaging library needed)."""
    import struct
    import zlib

    def stuk(soort: bytes, inhoud: bytes) -> bytes:
        crc = zlib.crc32(soort + inhoud) & 0xFFFFFFFF
        return struct.pack(">I", len(inhoud)) + soort + inhoud + struct.pack(">I", crc)

    kop = struct.pack(">IIBBBBB", breedte, hoogte, 8, 2, 0, 0, 0)
    regels = b"".join(b"\0" + b"\x80\x00\x00" * breedte for _ in range(hoogte))
    return (
        b"\x89PNG\r\n\x1a\n"
        + stuk(b"IHDR", kop)
        + stuk(b"IDAT", zlib.compress(regels))
        + stuk(b"IEND", b"")
    )


def _eigen_huisstijl(pad: Path) -> None:
    """A municipality's own reference document: A5, a Georgia red Heading 1, a header logo."""
    from docx.shared import Cm, Pt, RGBColor

    doc = docx.Document()
    sectie = doc.sections[0]
    sectie.page_width, sectie.page_height = Cm(14.8), Cm(21)
    kop = doc.styles["Heading 1"]
    kop.font.name = "Georgia"
    kop.font.size = Pt(20)
    kop.font.color.rgb = RGBColor(0x80, 0x00, 0x00)
    koptekst = sectie.header.paragraphs[0]
    koptekst.text = "Gemeente Voorbeeldstad"
    koptekst.add_run().add_picture(io.BytesIO(_png(40, 20)), width=Cm(2))
    pad.parent.mkdir(parents=True, exist_ok=True)
    doc.save(pad)


def test_workspace_house_style_wins_and_keeps_its_header(zkij):
    _eigen_huisstijl(zkij / "templates" / "huisstijl.docx")
    resultaat = run_cli("build", zkij, "-f", "docx", "--geen-raadsstukken")
    assert resultaat.returncode == 0, resultaat.stderr
    pad = zkij / "build" / "regiovisie.docx"
    doc = docx.Document(pad)
    assert round(doc.sections[-1].page_width.cm, 1) == 14.8
    kop = doc.styles["Heading 1"]
    assert kop.font.name == "Georgia"
    assert str(kop.font.color.rgb) == "800000"
    standaard = doc.sections[-1].header
    assert "Gemeente Voorbeeldstad" in "".join(p.text for p in standaard.paragraphs)
    assert standaard._element.find(".//w:drawing", NS) is not None, "the logo is kept"
    with zipfile.ZipFile(pad) as pakket:
        assert any(n.startswith("word/media/") for n in pakket.namelist())
    # the writer's own additions still land in the workspace style
    assert "CONCEPT" in _watermerken(pad)
    assert "2021/39654" in "".join(p.text for p in doc.sections[-1].footer.paragraphs)


# --- raadsvoorstel and raadsbesluit per municipality --------------------------------------------


@pytest.mark.parametrize("naam", VOORBEELDEN)
def test_every_municipality_gets_a_raadsvoorstel_and_raadsbesluit(gebouwd, naam):
    import yaml

    werkmap = gebouwd[naam]
    regio = yaml.safe_load((werkmap / "regio.yaml").read_text(encoding="utf-8"))
    for gemeente in regio["regio"]["gemeenten"]:
        for soort in ("raadsvoorstel", "raadsbesluit"):
            pad = werkmap / "build" / "raad" / f"{anker(gemeente['naam'])}-{soort}.docx"
            assert pad.is_file(), pad
            doc = docx.Document(pad)
            assert doc.paragraphs[0].style.name == "Title"
            assert gemeente["naam"] in doc.paragraphs[0].text


def test_raadsbesluit_has_the_decision_text_meeting_date_and_signatures(gebouwd):
    pad = gebouwd["zuid-kennemerland-ijmond"] / "build" / "raad" / "haarlem-raadsbesluit.docx"
    doc = docx.Document(pad)
    tekst_ = "\n".join(p.text for p in doc.paragraphs)
    assert "De raad van de gemeente Haarlem," in tekst_
    assert "gelezen het voorstel van burgemeester en wethouders van 1 juni 2021" in tekst_
    assert "besluit:" in tekst_
    assert "de Regiovisie Jeugdhulp 2022-2030 van Zuid-Kennemerland en IJmond vast" in tekst_
    assert "vergadering van 8 juli 2021" in tekst_
    ondertekening = [[c.text for c in rij.cells] for rij in doc.tables[-1].rows]
    assert ondertekening[-1] == ["de griffier van Haarlem", "de burgemeester van Haarlem"]
    besluitpunten = [p for p in doc.paragraphs if p.style.name == "List Number"]
    assert len(besluitpunten) == 3
    # a short document: no cover page, no table of contents, no headings
    assert not any(c.startswith("TOC") for c in veldcodes(deel(pad, "word/document.xml")))
    assert not [p for p in doc.paragraphs if p.style.name.startswith("Heading")]
    # the municipality's own kenmerk, not the region's
    assert "2021/RV-001" in "".join(p.text for p in doc.sections[-1].footer.paragraphs)


def test_raadsvoorstel_has_subject_proposal_and_budget(gebouwd):
    pad = (
        gebouwd["rotterdam-rijnmond"]
        / "build"
        / "raad"
        / "capelle-aan-den-ijssel-raadsvoorstel.docx"
    )
    doc = docx.Document(pad)
    koppen = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "Wat wij u voorstellen" in koppen
    alles = "\n".join(p.text for p in doc.paragraphs)
    assert "Capelle aan den IJssel" in alles
    tabel = next(t for t in doc.tables if t.rows[0].cells[0].text == "Jaar")
    # A no-break space keeps the euro sign with the amount.
    assert tabel.rows[0].cells[2].text == "Capelle aan den IJssel (x €\u00a01.000)"
    assert tabel.rows[-1].cells[0].text == "Totaal"
    assert not any(c.startswith("TOC") for c in veldcodes(deel(pad, "word/document.xml")))


def test_missing_council_data_gives_a_marker_not_a_crash(zkij):
    edit_yaml(zkij, lambda d: d["regio"]["gemeenten"][0].pop("raad"))
    resultaat = run_cli("build", zkij, "-f", "docx", "--raadsstukken")
    assert resultaat.returncode == 0, resultaat.stderr
    assert "Haarlem: raad.voorzitter ontbreekt" in resultaat.stdout
    besluit = docx.Document(zkij / "build" / "raad" / "haarlem-raadsbesluit.docx")
    ondertekening = [c.text for c in besluit.tables[-1].rows[-1].cells]
    assert "[nog in te vullen: regio.gemeenten[0].raad.griffier]" in ondertekening


def test_final_version_with_missing_council_data_is_refused(zkij):
    assert run_cli("build", zkij, "-f", "docx").returncode == 0
    eerder = (zkij / "build" / "regiovisie.docx").read_bytes()

    def wijzig(d):
        d["document"]["status"] = "definitief"
        d["regio"]["gemeenten"][0]["raad"].pop("voorzitter")

    edit_yaml(zkij, wijzig)
    resultaat = run_cli("build", zkij, "-f", "docx")
    assert resultaat.returncode == 2
    assert "definitief" in resultaat.stderr
    assert "Haarlem: raad.voorzitter ontbreekt" in resultaat.stderr
    assert (zkij / "build" / "regiovisie.docx").read_bytes() == eerder


def test_per_municipality_type_cannot_be_built_on_its_own(zkij):
    resultaat = run_cli("build", zkij, "--soort", "raadsbesluit")
    assert resultaat.returncode == 2
    assert "per gemeente" in resultaat.stderr


def test_without_raadsstukken_option_no_council_documents(zkij):
    resultaat = run_cli("build", zkij, "--geen-raadsstukken")
    assert resultaat.returncode == 0, resultaat.stderr
    assert not (zkij / "build" / "raad").exists()


# --- opinienota ----------------------------------------------------------------------------------


def test_opinienota_has_the_council_front_sheet(gebouwd):
    pad = gebouwd["zuid-kennemerland-ijmond"] / "build" / "opinienota.docx"
    doc = docx.Document(pad)
    assert doc.paragraphs[0].text == "Opinienota Verwervingsstrategie jeugdhulp 2022-2030"
    koppen = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    for kop in (
        "Kernvraag aan de commissie",
        "Behandelvoorstel voor de commissie",
        "Relevante eerdere besluiten",
        "Besluit college",
    ):
        assert kop in koppen
    alles = "\n".join(p.text for p in doc.paragraphs)
    assert "Besluit college d.d. 16 februari 2021" in alles
    handtekening = [[c.text for c in rij.cells] for rij in doc.tables[2].rows]
    assert handtekening[-1] == ["de gemeentesecretaris van Haarlem", "de burgemeester van Haarlem"]
    besluiten = next(t for t in doc.tables if t.rows[0].cells[1].text == "Documentnummer")
    assert besluiten.rows[1].cells[1].text == "2019/1046552"
    assert deel(pad, "word/footnotes.xml") is not None
    assert _begroting(pad).rows[-1].cells[0].text == "TOTAAL"


def test_opinienota_without_its_keys_builds_with_markers(gebouwd):
    pad = gebouwd["rotterdam-rijnmond"] / "build" / "opinienota.docx"
    alles = tekst(deel(pad, "word/document.xml"))
    assert "[nog in te vullen: opinienota.kernvraag]" in alles


def test_unknown_document_type_is_a_config_error(zkij):
    resultaat = run_cli("build", zkij, "--soort", "bestaat-niet")
    assert resultaat.returncode == 2
    assert "Er is geen documentopzet voor de documentsoort 'bestaat-niet'" in resultaat.stderr


def test_outline_with_unknown_meta_key_is_a_config_error(zkij):
    opzet = zkij / "templates" / "documenten" / "opinienota.yaml"
    opzet.parent.mkdir(parents=True)
    opzet.write_text(
        "soort: opinienota\nmeta: {kleur: rood}\nhoofdstukken:\n  - {id: nota, titel: Nota}\n",
        encoding="utf-8",
    )
    resultaat = run_cli("build", zkij, "--soort", "opinienota")
    assert resultaat.returncode == 2
    assert "'meta' mag alleen deze sleutels hebben" in resultaat.stderr
