"""``regiovisie import``: a Word draft becomes a workspace that builds and can be checked."""

from __future__ import annotations

import difflib
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml

from tests.conftest import ALIAS_BOMB, listening, require_tool, run_cli, run_cli_capped
from tests.readers import concept_bestanden as concept

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---")[1])


def _opzet(werkmap: Path) -> dict:
    return yaml.safe_load(
        (werkmap / "templates" / "documenten" / "regiovisie.yaml").read_text(encoding="utf-8")
    )


def _docx_headings(path: Path) -> list[tuple[str, str]]:
    from lxml import etree

    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    out = []
    for p in root.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val", "").startswith("Heading"):
            out.append((style.get(f"{W}val"), "".join(t.text or "" for t in p.iter(f"{W}t"))))
    return out


def test_import_creates_workspace_that_builds_and_checks(tmp_path):
    source = concept.with_heading_styles(tmp_path / "concept.docx")
    werkmap = tmp_path / "regio"
    outcome = run_cli("import", source, werkmap)
    assert outcome.returncode == 0, outcome.stderr
    assert "3 blokken in 2 hoofdstukken" in outcome.stdout
    assert f"regiovisie check {werkmap}" in outcome.stdout
    assert (werkmap / "regio.yaml").is_file()
    # The outline lists the imported blocks in document order, nothing shipped.
    opzet = _opzet(werkmap)
    assert [(h["titel"], h["blokken"]) for h in opzet["hoofdstukken"]] == [
        ("Inleiding", ["aanleiding"]),
        ("Toegang tot jeugdhulp", ["de-lokale-teams", "tarieven"]),
    ]
    heading = _front_matter(werkmap / "content" / "de-lokale-teams.md")
    assert heading["herkomst"] == "import"
    assert heading["bron_bestand"] == "concept.docx"
    assert heading["voorstel_afspraken"] == [3]
    assert "afspraken" not in heading
    text = (werkmap / "content" / "de-lokale-teams.md").read_text(encoding="utf-8")
    assert "voorstel_afspraken: [3]  # gevonden: afspraak 3: toegang" in text
    assert "3. Toegang: de-lokale-teams" in outcome.stdout
    assert "8. Reële tarieven: tarieven" in outcome.stdout
    occasion = (werkmap / "content" / "aanleiding.md").read_text(encoding="utf-8")
    assert "# Waarom nu\n\nDe contracten lopen af." in occasion

    build = run_cli("build", werkmap, "--formaat", "docx")
    assert build.returncode == 0, build.stderr
    headings = _docx_headings(werkmap / "build" / "regiovisie.docx")
    assert headings[:5] == [
        ("Heading1", "Inleiding"),
        ("Heading2", "Aanleiding"),
        ("Heading3", "Waarom nu"),
        ("Heading1", "Toegang tot jeugdhulp"),
        ("Heading2", "De lokale teams"),
    ]
    # No shipped block crept in.
    assert not any("basisfuncties" in t.lower() for _, t in headings)

    check = run_cli("check", werkmap)
    assert check.returncode == 1
    assert "hebben voorstellen die nog niet meetellen" in check.stdout
    assert "(de-lokale-teams): voorstel voor afspraken 3" in check.stdout
    as_json = json.loads(run_cli("check", werkmap, "--json").stdout)
    assert {w["blok"] for w in as_json["wacht_op_bevestiging"]} == {"de-lokale-teams", "tarieven"}
    access = next(a for a in as_json["afspraken"] if a["nummer"] == 3)
    assert access["vindplaatsen"] == []  # a guess does not count

    # Confirming the guess makes the block count for the checklist.
    path = werkmap / "content" / "de-lokale-teams.md"
    path.write_text(path.read_text(encoding="utf-8").replace("voorstel_afspraken", "afspraken"))
    as_json = json.loads(run_cli("check", werkmap, "--json").stdout)
    access = next(a for a in as_json["afspraken"] if a["nummer"] == 3)
    assert [v["blok"] for v in access["vindplaatsen"]] == ["de-lokale-teams"]


def test_table_footnote_and_images_are_written(tmp_path):
    source = concept.with_table_footnote_image(tmp_path / "tabel.docx")
    werkmap = tmp_path / "regio"
    outcome = run_cli("import", source, werkmap)
    assert outcome.returncode == 0, outcome.stderr
    assert "1 tabel, 2 afbeeldingen, 1 voetnoot" in outcome.stdout
    text = (werkmap / "content" / "budget.md").read_text(encoding="utf-8")
    assert "![Kaart van de regio](afbeeldingen/budget-1.png)\nFiguur: De regio op de kaart" in text
    assert (
        "![\\[beschrijving ontbreekt\\]](afbeeldingen/budget-2.png)\n"
        "Figuur: \\[beschrijving ontbreekt\\]"
    ) in text
    assert "[^1]: Zie de Jeugdwet, artikel 2." in text
    assert "Tabel: Kosten per jaar" in text
    picture = werkmap / "content" / "afbeeldingen" / "budget-1.png"
    assert picture.read_bytes().startswith(b"\x89PNG")
    build = run_cli("build", werkmap, "--formaat", "docx")
    assert build.returncode == 0, build.stderr
    with zipfile.ZipFile(werkmap / "build" / "regiovisie.docx") as docx:
        assert "Zie de Jeugdwet" in docx.read("word/footnotes.xml").decode()
        assert docx.read("word/document.xml").count(b"<w:tbl>") >= 1


def test_tracked_changes_import_accepted_text_and_are_reported(tmp_path):
    source = concept.with_changes(tmp_path / "wijzig.docx")
    werkmap = tmp_path / "regio"
    outcome = run_cli("import", source, werkmap)
    assert outcome.returncode == 0, outcome.stderr
    text = (werkmap / "content" / "governance.md").read_text(encoding="utf-8")
    assert "De regio heeft sinds 2025 een gemeenschappelijke regeling." in text
    assert "misschien" not in text and "VERPLAATST" not in text
    assert "open wijzigingen" in outcome.stdout
    assert "1 invoeging, 1 verwijdering, 1 verplaatsing" in outcome.stdout
    assert "1 opmerking" in outcome.stdout


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_existing_workspace_is_never_overwritten_without_forceer(tmp_path):
    werkmap = tmp_path / "regio"
    source = concept.with_heading_styles(tmp_path / "concept.docx")
    assert run_cli("import", source, werkmap).returncode == 0
    own = werkmap / "content" / "eigen.md"
    own.write_text("---\nid: tarieven-eigen\ntitel: Eigen\n---\nEigen tekst.\n")
    # The writer edits an imported block and keeps the next one as their own.
    protected = werkmap / "content" / "aanleiding.md"
    protected.write_text(
        protected.read_text(encoding="utf-8").replace("herkomst: import\n", ""), encoding="utf-8"
    )
    before = _files(werkmap)

    again = run_cli("import", source, werkmap)
    assert again.returncode == 2
    assert "eerdere import" in again.stderr and "--forceer" in again.stderr
    assert "Traceback" not in again.stderr
    assert _files(werkmap) == before

    forced = run_cli("import", source, werkmap, "--forceer")
    assert forced.returncode == 0, forced.stderr
    assert own.read_bytes() == before["content/eigen.md"]
    assert protected.read_bytes() == before["content/aanleiding.md"]
    # The protected block keeps its id; the new import takes another one.
    assert (werkmap / "content" / "aanleiding-2.md").is_file()
    assert (werkmap / "content" / "tarieven.md").is_file()


def test_import_writes_nothing_through_a_link_out_of_the_workspace(tmp_path):
    """A workspace that came from elsewhere may hold a symbolic link: content/ pointing at
    a folder elsewhere on the computer. Importing a draft into it must not write the
    blocks there."""
    werkmap = tmp_path / "regio"
    assert run_cli("init", werkmap).returncode == 0
    outside = tmp_path / "elders"
    outside.mkdir()
    shutil.rmtree(werkmap / "content")
    (werkmap / "content").symlink_to(outside)
    before = _files(werkmap)
    source = concept.with_heading_styles(tmp_path / "concept.docx")
    outcome = run_cli("import", source, werkmap)
    assert outcome.returncode == 2, outcome.stderr
    assert "ligt buiten de werkmap" in outcome.stderr
    assert "Er is niets geschreven." in outcome.stderr
    assert "Traceback" not in outcome.stderr
    assert list(outside.iterdir()) == []
    assert _files(werkmap) == before
    assert not (werkmap / "templates").exists()


def test_own_outline_is_not_replaced(tmp_path):
    werkmap = tmp_path / "regio"
    opzet = werkmap / "templates" / "documenten" / "regiovisie.yaml"
    opzet.parent.mkdir(parents=True)
    opzet.write_text("soort: regiovisie\nhoofdstukken: []\n")
    source = concept.with_heading_styles(tmp_path / "concept.docx")
    outcome = run_cli("import", source, werkmap, "--forceer")
    assert outcome.returncode == 2
    assert "eigen documentopzet" in outcome.stderr
    assert not (werkmap / "content").exists()


def test_met_standaardblokken_adds_the_shipped_chapters(tmp_path):
    werkmap = tmp_path / "regio"
    source = concept.with_heading_styles(tmp_path / "concept.docx")
    outcome = run_cli("import", source, werkmap, "--met-standaardblokken")
    assert outcome.returncode == 0, outcome.stderr
    hoofdstukken = _opzet(werkmap)["hoofdstukken"]
    assert hoofdstukken[0]["blokken"] == ["aanleiding"]
    ids = [b for h in hoofdstukken for b in h["blokken"]]
    assert "toegang-basisfuncties" in ids
    assert len(ids) == len(set(ids))
    build = run_cli("build", werkmap, "--formaat", "docx")
    assert build.returncode == 0, build.stderr


def _draft(text: str = "Tekst."):
    """A Word draft (python-docx) with one chapter, one section under it and ``text``."""
    from docx import Document

    document = Document()
    document.add_heading("Inleiding", level=1)
    document.add_heading("Aanleiding", level=2)
    document.add_paragraph(text)
    return document


def _with_body(draft: bytes, xml: str) -> bytes:
    """A saved Word draft with ``xml`` added at the end of its body (before the section
    properties)."""
    return concept._replace_part(
        draft,
        "word/document.xml",
        lambda part: part.replace(b"<w:sectPr", xml.encode() + b"<w:sectPr", 1),
    )


# The bombs run in a capped subprocess (accepting one would exhaust memory); a damaged or
# wrong file is refused at once, in-process.
@pytest.mark.parametrize(
    "name, make, message, bomb",
    [
        ("kapot.docx", lambda p: p.write_bytes(b"PK\x03\x04 dit is geen zip"), "beschadigd", False),
        ("oud.doc", lambda p: p.write_text("Ik ben gewone tekst.\n"), "geen Word-document", False),
        ("bom.docx", concept.zip_bom, "zip-bom", True),
        ("entiteit.docx", concept.with_entities, "niet zijn toegestaan", True),
    ],
)
def test_bad_files_exit_2_in_dutch_and_write_nothing(tmp_path, name, make, message, bomb):
    source = tmp_path / name
    make(source)
    werkmap = tmp_path / "regio"
    outcome = (run_cli_capped if bomb else run_cli)("import", source, werkmap)
    assert outcome.returncode == 2, outcome.stderr
    assert message in outcome.stderr
    assert "Er is niets geschreven" in outcome.stderr
    assert "Traceback" not in outcome.stderr
    assert not werkmap.exists()


def test_a_block_whose_front_matter_is_an_alias_bomb_does_not_hang_the_import(tmp_path):
    """Importing into an existing workspace reads the id of every block in it. A front
    matter with YAML aliases (nine lines that expand to 9**9 values) is refused by the
    hardened loader instead of expanded, so the import ends in seconds within the memory
    cap: with the Dutch message that names the block and line, and nothing written."""
    source = concept.with_heading_styles(tmp_path / "concept.docx")
    werkmap = tmp_path / "regio"
    assert run_cli("import", source, werkmap).returncode == 0
    hostile = werkmap / "content" / "bom.md"
    hostile.write_text(f"---\n{ALIAS_BOMB}id: *i\n---\nTekst.\n", encoding="utf-8")
    before = _files(werkmap)
    outcome = run_cli_capped("import", source, werkmap, "--forceer")
    assert outcome.returncode == 2, outcome.stderr
    assert "content/bom.md, regel 3: verwijzingen met * (aliassen)" in outcome.stderr
    assert "Traceback" not in outcome.stderr
    assert _files(werkmap) == before


@pytest.mark.parametrize("fmt", ["PNG", "GIF"])
def test_an_image_with_too_many_pixels_is_skipped_before_it_is_decoded(tmp_path, fmt):
    """40.3 million one-bit pixels make a file of a few kilobytes. The import reads the
    size from the header and skips the image with the reason (a build refuses more than
    40 million pixels; a GIF would have been decoded to convert it), in a capped process."""
    from PIL import Image

    big = tmp_path / f"groot.{fmt.lower()}"
    Image.new("1", (6400, 6300)).save(big, format=fmt)
    document = _draft("De tekst voor de figuur.")
    document.add_picture(str(big))
    document.add_paragraph("De tekst na de figuur.")
    source = tmp_path / "concept.docx"
    document.save(source)
    werkmap = tmp_path / "regio"
    outcome = run_cli_capped("import", source, werkmap)
    assert outcome.returncode == 0, outcome.stderr
    assert "meer dan 40 miljoen pixels; verklein haar en voeg haar zelf toe" in outcome.stdout
    assert [p for p in werkmap.rglob("*") if p.suffix in (".png", ".gif")] == []
    assert run_cli("build", werkmap, "-f", "html").returncode == 0


def test_a_draft_nested_thousands_of_levels_deep_is_a_dutch_error(tmp_path):
    """Content controls are read recursively: 5,000 of them inside each other ended the
    import in RecursionError."""
    import io

    plain = io.BytesIO()
    _draft().save(plain)
    deep = "<w:sdt><w:sdtContent>" * 5000 + "<w:p><w:r><w:t>diep</w:t></w:r></w:p>"
    deep += "</w:sdtContent></w:sdt>" * 5000
    source = tmp_path / "diep.docx"
    source.write_bytes(_with_body(plain.getvalue(), deep))
    werkmap = tmp_path / "regio"
    outcome = run_cli("import", source, werkmap)
    assert outcome.returncode == 2, outcome.stderr
    assert "Dit Word-bestand is te diep genest om in te lezen. Er is niets geschreven." in (
        outcome.stderr
    )
    assert "Traceback" not in outcome.stderr
    assert not werkmap.exists()


def test_legacy_file_without_libreoffice_says_how_to_convert(tmp_path, monkeypatch):
    source = tmp_path / "oud.doc"
    source.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    werkmap = tmp_path / "regio"
    empty_path = tmp_path / "bin"
    empty_path.mkdir()
    # In-process with another PATH: where LibreOffice is looked up is all that differs.
    monkeypatch.setenv("PATH", str(empty_path))
    outcome = run_cli("import", source, werkmap)
    assert outcome.returncode == 2
    assert "LibreOffice" in outcome.stderr and "Opslaan als" in outcome.stderr
    assert not werkmap.exists()


@pytest.mark.extern
@pytest.mark.slow
def test_legacy_doc_without_styles_via_libreoffice(tmp_path):
    """A plain text saved as .doc by LibreOffice: only numbered lines mark the sections."""
    soffice = require_tool("soffice")
    text = tmp_path / "concept.txt"
    text.write_text(
        "Regiovisie jeugdhulp\n\n1. Inleiding\n\nDeze visie gaat over samenwerken.\n\n"
        "1.1 Aanleiding\n\nDe contracten lopen af.\n\n2. Beleidskader\n\n"
        "2.1 Toegang\n\nDe lokale teams zijn de toegang.\n\n"
        "4. Vertaling visie naar inkoop …\n\nWe kopen samen in.\n",
        encoding="utf-8",
    )
    profile = (tmp_path / "profiel").as_uri()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "doc",
            "--outdir",
            str(tmp_path),
            str(text),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    werkmap = tmp_path / "regio"
    outcome = run_cli("import", tmp_path / "concept.doc", werkmap)
    assert outcome.returncode == 0, outcome.stderr
    opzet = _opzet(werkmap)
    assert [(h["titel"], h["blokken"]) for h in opzet["hoofdstukken"]] == [
        ("Inleiding", ["inleiding", "aanleiding"]),
        ("Beleidskader", ["toegang"]),
        ("Vertaling visie naar inkoop …", ["vertaling-visie-naar-inkoop"]),
    ]
    assert "De lokale teams zijn de toegang." in (werkmap / "content" / "toegang.md").read_text(
        encoding="utf-8"
    )


@pytest.mark.extern
def test_pandoc_draft_imports(tmp_path):
    pandoc = require_tool("pandoc")
    source = tmp_path / "p.md"
    source.write_text(
        "# Samen sturen\n\n## Governance\n\nDe gemeenschappelijke regeling en het "
        "aanspreekpunt; de governance is meerjarig.\n\n| A | B |\n|---|---|\n| 1 | 2 |\n",
        encoding="utf-8",
    )
    target = tmp_path / "p.docx"
    subprocess.run([pandoc, str(source), "-o", str(target)], check=True, timeout=60)
    werkmap = tmp_path / "regio"
    outcome = run_cli("import", target, werkmap)
    assert outcome.returncode == 0, outcome.stderr
    heading = _front_matter(werkmap / "content" / "governance.md")
    assert heading["voorstel_afspraken"] == [4]
    assert "| A | B |" in (werkmap / "content" / "governance.md").read_text(encoding="utf-8")
    assert run_cli("build", werkmap, "--formaat", "docx").returncode == 0


def _content(path: Path) -> tuple[list[str], list[str]]:
    """Words of headings, paragraphs and tables from the first chapter up to the annex, and
    the text of each table."""
    from lxml import etree

    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    parts: list[str] = []
    tables: list[str] = []
    started = False
    for element in root.find(f"{W}body"):
        if element.tag == f"{W}p":
            style = element.find(f"{W}pPr/{W}pStyle")
            style = style.get(f"{W}val") if style is not None else ""
            text = "".join(t.text or "" for t in element.iter(f"{W}t"))
            if style == "Heading1":
                if "Toetsing aan de Norm" in text:
                    break
                started = True
            if started:
                parts.append(text)
        elif element.tag == f"{W}tbl" and started:
            tables.append(" ".join(t.text or "" for t in element.iter(f"{W}t")))
            parts.append(tables[-1])
    return " ".join(parts).split(), tables


def round_trip(original: Path, tmp_path: Path) -> tuple[float, Path, Path]:
    """Import a built example's Word file, rebuild: the share of identical words."""
    copy = tmp_path / "kopie"
    copy.mkdir()
    (copy / "regio.yaml").write_bytes((original / "regio.yaml").read_bytes())
    outcome = run_cli("import", original / "build" / "regiovisie.docx", copy)
    assert outcome.returncode == 0, outcome.stderr
    build = run_cli("build", copy, "--formaat", "docx")
    assert build.returncode == 0, build.stderr
    a, _ = _content(original / "build" / "regiovisie.docx")
    b, _ = _content(copy / "build" / "regiovisie.docx")
    equal = sum(
        blok.size
        for blok in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    )
    return equal / max(len(a), len(b)), original, copy


@pytest.mark.slow
@pytest.mark.parametrize("preview", ["zuid-kennemerland-ijmond", "rotterdam-rijnmond"])
def test_round_trip_of_a_built_regiovisie(built_examples, tmp_path, preview):
    # the example as built by conftest's built_examples (read-only; -f docx among its formats)
    share, original, copy = round_trip(built_examples[preview], tmp_path)
    assert share >= 0.99, f"{preview}: {share:.4f}"
    a = original / "build" / "regiovisie.docx"
    b = copy / "build" / "regiovisie.docx"
    headings_a = _docx_headings(a)
    end = next(i for i, (s, t) in enumerate(headings_a) if "Toetsing aan de Norm" in t)
    assert _docx_headings(b)[:end] == headings_a[:end]
    assert _content(b)[1] == _content(a)[1]


def test_new_workspace_takes_the_drafts_title(tmp_path):
    source = concept.with_heading_styles(tmp_path / "concept.docx")
    werkmap = tmp_path / "regio"
    assert run_cli("import", source, werkmap, "--naam", "Voorbeeldregio").returncode == 0
    regio = yaml.safe_load((werkmap / "regio.yaml").read_text(encoding="utf-8"))
    assert regio["document"]["titel"] == "Regiovisie jeugdhulp Voorbeeldregio"
    assert regio["regio"]["naam"] == "Voorbeeldregio"


def test_outline_naming_a_missing_block_is_a_dutch_error(tmp_path):
    source = concept.with_heading_styles(tmp_path / "concept.docx")
    werkmap = tmp_path / "regio"
    assert run_cli("import", source, werkmap).returncode == 0
    (werkmap / "content" / "tarieven.md").unlink()
    build = run_cli("build", werkmap, "--formaat", "html")
    assert build.returncode == 2
    assert "noemt het blok 'tarieven', maar dat blok bestaat niet" in build.stderr
    assert not (werkmap / "build" / "regiovisie.html").exists()


def test_file_kind_comes_from_the_content_not_the_name():
    from regiovisie_builder.commands.import_docx import _soort

    assert _soort(
        b"PK\x03\x04" + b"\0" * 26 + b"mimetypeapplication/vnd.oasis.opendocument.text"
    ) == ("odt")
    assert _soort(b"PK\x03\x04rest") == "docx"
    assert _soort(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest") == "doc"
    assert _soort(b"{\\rtf1\\ansi tekst}") == "rtf"
    assert _soort(b"Gewone tekst die zich .doc noemt") == ""


@pytest.mark.extern
@pytest.mark.slow
def test_odt_written_by_libreoffice_keeps_table_footnote_and_image(tmp_path):
    soffice = require_tool("soffice")
    source = concept.with_table_footnote_image(tmp_path / "tabel.docx")
    profile = (tmp_path / "profiel").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "odt",
         "--outdir", str(tmp_path / "odt"), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    werkmap = tmp_path / "regio"
    outcome = run_cli("import", tmp_path / "odt" / "tabel.odt", werkmap)
    assert outcome.returncode == 0, outcome.stderr
    assert "1 tabel, 2 afbeeldingen, 1 voetnoot" in outcome.stdout
    text = (werkmap / "content" / "budget.md").read_text(encoding="utf-8")
    assert "| Post | 2026 | 2027 |" in text
    assert "[^1]: Zie de Jeugdwet, artikel 2." in text
    assert "![Kaart van de regio](afbeeldingen/budget-1.png)" in text


def test_own_blocks_of_an_existing_workspace_stay_in_the_document(tmp_path):
    werkmap = tmp_path / "regio"
    assert run_cli("init", werkmap).returncode == 0
    own = werkmap / "content" / "onze-toegang.md"
    own.write_text(
        "---\nid: onze-toegang\ntitel: Onze toegang\nafspraken: [3]\n---\nDe wijkteams.\n",
        encoding="utf-8",
    )
    loose = werkmap / "content" / "los.md"
    loose.write_text("---\nid: los\ntitel: Los\n---\nNergens.\n", encoding="utf-8")
    source = concept.with_heading_styles(tmp_path / "concept.docx")
    outcome = run_cli("import", source, werkmap)
    assert outcome.returncode == 0, outcome.stderr
    assert "los.md past in geen hoofdstuk" in outcome.stdout
    hoofdstukken = _opzet(werkmap)["hoofdstukken"]
    assert {"id": "toegang", "titel": "De toegang tot jeugdhulp", "blokken": ["onze-toegang"]} in (
        hoofdstukken
    )
    assert own.read_text(encoding="utf-8").endswith("De wijkteams.\n")
    build = run_cli("build", werkmap, "--formaat", "docx")
    assert build.returncode == 0, build.stderr
    headings = [t for _, t in _docx_headings(werkmap / "build" / "regiovisie.docx")]
    assert "Onze toegang" in headings and "De lokale teams" in headings


def test_images_already_in_the_workspace_are_not_overwritten(tmp_path):
    werkmap = tmp_path / "regio"
    assert run_cli("init", werkmap).returncode == 0
    own = werkmap / "content" / "afbeeldingen" / "budget-1.png"
    own.parent.mkdir(parents=True)
    own.write_bytes(b"eigen plaatje")
    source = concept.with_table_footnote_image(tmp_path / "tabel.docx")
    outcome = run_cli("import", source, werkmap)
    assert outcome.returncode == 0, outcome.stderr
    assert own.read_bytes() == b"eigen plaatje"
    text = (werkmap / "content" / "budget.md").read_text(encoding="utf-8")
    assert "(afbeeldingen/budget-2.png)" in text and "(afbeeldingen/budget-3.png)" in text


def test_appendices_become_appendix_blocks(tmp_path):
    document = _draft()
    document.add_heading("Bijlage 1: Overzicht aanbieders", level=1)
    document.add_paragraph("De aanbieders.")
    document.add_heading("Per gemeente", level=2)
    document.add_paragraph("Per gemeente verschillend.")
    source = tmp_path / "bijlage.docx"
    document.save(source)
    werkmap = tmp_path / "regio"
    outcome = run_cli("import", source, werkmap)
    assert outcome.returncode == 0, outcome.stderr
    assert "2 blokken in 1 hoofdstuk geschreven" in outcome.stdout
    assert "waarvan 1 bijlage" in outcome.stdout
    assert _opzet(werkmap)["bijlagen"] == ["overzicht-aanbieders"]
    path = werkmap / "content" / "overzicht-aanbieders.md"
    assert _front_matter(path)["hoofdstuk"] == "bijlagen"
    assert "De aanbieders.\n\n# Per gemeente\n\nPer gemeente verschillend." in path.read_text(
        encoding="utf-8"
    )


def test_link_targets_from_the_draft_stay_literal_in_blocks_and_output(tmp_path):
    """A block is a Jinja template: a link in the draft to "...?q={{7*7}}" came out as
    "?q=49", one to "...{#" made every build fail, and a line break in a target split the
    paragraph. Link targets are now percent-encoded like the rest of the text is escaped."""
    document = _draft("Zie ")
    paragraph = document.paragraphs[-1]
    concept._link(paragraph, "de som", "https://example.org/?q={{7*7}}")
    paragraph.add_run(", ")
    concept._link(paragraph, "het commentaar", "https://example.org/a{#b")
    paragraph.add_run(" en ")
    concept._link(paragraph, "de kop", "https://example.org/\n\n#\tKop")
    paragraph.add_run(".")
    source = tmp_path / "links.docx"
    document.save(source)
    werkmap = tmp_path / "regio"
    assert run_cli("import", source, werkmap).returncode == 0
    build = run_cli("build", werkmap, "-f", "html")
    assert build.returncode == 0, build.stderr
    html = (werkmap / "build" / "regiovisie.html").read_text(encoding="utf-8")
    assert '<a href="https://example.org/?q=%7B%7B7*7%7D%7D">de som</a>' in html
    assert '<a href="https://example.org/a%7B#b">het commentaar</a>' in html
    assert '<a href="https://example.org/%0A%0A#%09Kop">de kop</a>.</p>' in html
    assert "q=49" not in html


def test_a_drawing_with_a_script_is_not_written_into_the_workspace(tmp_path):
    """An SVG in the draft with an event handler and a link to an address was copied into
    content/afbeeldingen/ as it was: active content in the workspace, and a workspace that
    no longer builds (the build refuses the drawing). The import now checks each image as
    a build does and leaves such a drawing out, with the reason."""
    import io

    document = _draft("Voor de figuur.")
    picture = tmp_path / "kaart.png"
    picture.write_bytes(concept.png())
    document.add_picture(str(picture))
    plain = io.BytesIO()
    document.save(plain)
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)">'
        b'<image href="https://example.org/volg.png" width="10" height="10"/></svg>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain.getvalue())) as old, zipfile.ZipFile(out, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename.endswith(".png"):
                new.writestr(item.filename.removesuffix(".png") + ".svg", svg)
                continue
            if item.filename.endswith(".rels") or item.filename == "[Content_Types].xml":
                data = data.replace(b".png", b".svg")
            new.writestr(item, data)
    source = tmp_path / "tekening.docx"
    source.write_bytes(out.getvalue())
    werkmap = tmp_path / "regio"
    outcome = run_cli("import", source, werkmap)
    assert outcome.returncode == 0, outcome.stderr
    assert "Overgeslagen: een afbeelding in 'Aanleiding': 'afbeelding.svg' bevat een " in (
        outcome.stdout
    )
    assert not [p for p in werkmap.rglob("*.svg")]
    assert run_cli("build", werkmap, "-f", "html").returncode == 0


def _odt(path: Path, body: str) -> Path:
    """A minimal OpenDocument text with ``body`` (ODF elements) after two headings."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content office:version="1.2" '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
        'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
        'xmlns:xlink="http://www.w3.org/1999/xlink"><office:body><office:text>'
        '<text:h text:outline-level="1">Inleiding</text:h>'
        '<text:h text:outline-level="2">Aanleiding</text:h>'
        f"{body}</office:text></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest manifest:version="1.2" '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        package.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


@pytest.mark.extern
@pytest.mark.slow
def test_converting_an_odt_fetches_nothing_from_its_links(tmp_path):
    """An .odt from outside with a picture linked to an address: LibreOffice fetched it
    while converting (an OPTIONS and a GET request to the address in the file: a tracking
    beacon, or a request into the local network). The conversion profile now blocks links."""
    require_tool("soffice")
    with listening() as (address, asked):
        source = _odt(
            tmp_path / "gekoppeld.odt",
            "<text:p>Voor de figuur.</text:p><text:p>"
            '<draw:frame draw:name="f" svg:width="2cm" svg:height="2cm">'
            f'<draw:image xlink:href="{address}/volg.png" xlink:type="simple" '
            'xlink:show="embed" xlink:actuate="onLoad"/></draw:frame></text:p>'
            "<text:p>Na de figuur.</text:p>",
        )
        werkmap = tmp_path / "regio"
        outcome = run_cli("import", source, werkmap)
    assert outcome.returncode == 0, outcome.stderr
    assert "Na de figuur." in (werkmap / "content" / "aanleiding.md").read_text(encoding="utf-8")
    assert asked == []


@pytest.mark.extern
@pytest.mark.slow
def test_a_conversion_that_takes_too_long_leaves_no_libreoffice_running(tmp_path, monkeypatch):
    """On a timeout only the 'soffice' script's process was killed; LibreOffice's own
    process (soffice.bin) went on with the draft from outside, unlimited, after the import
    had said it gave up. Now the whole process group ends."""
    import contextlib
    import signal
    import tempfile
    import time

    from regiovisie_builder.commands import import_docx

    require_tool("soffice")
    source = _odt(tmp_path / "traag.odt", "<text:p>Een gewone alinea.</text:p>")
    temporary = tmp_path / "tijdelijk"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    monkeypatch.setattr(import_docx, "CONVERT_TIME", 0.5)  # LibreOffice needs seconds
    werkmap = tmp_path / "regio"
    outcome = run_cli("import", source, werkmap)
    assert outcome.returncode == 2, outcome.stderr
    assert "LibreOffice kon het bestand niet op tijd omzetten." in outcome.stderr
    assert not werkmap.exists()

    time.sleep(0.5)
    left = {}
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if entry.name.isdigit() and str(temporary).encode() in command:
            left[int(entry.name)] = command.replace(b"\0", b" ").decode(errors="replace")
    for pid in left:  # started by this test: not left behind when it fails
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    assert left == {}


def test_a_chain_of_thousands_of_based_on_styles_does_not_hang_the_import(tmp_path):
    """Every run looks up bold and italic through its style and the styles that style is
    based on. A draft of 150 kB with 8,000 styles each based on the next, used by 8,000
    runs, took 64 million steps (40 s; 100,000 of each would take hours). The chain is
    followed at most MAX_CHAIN styles deep."""
    import io

    plain = io.BytesIO()
    _draft("Tekst.").save(plain)
    styles = "".join(
        f'<w:style w:type="character" w:styleId="s{n}"><w:name w:val="s{n}"/>'
        f'<w:basedOn w:val="s{n + 1}"/></w:style>'
        for n in range(8000)
    )
    runs = '<w:p><w:r><w:rPr><w:rStyle w:val="s0"/></w:rPr><w:t>a</w:t></w:r></w:p>' * 8000
    content = concept._replace_part(
        plain.getvalue(),
        "word/styles.xml",
        lambda xml: xml.replace(b"</w:styles>", styles.encode() + b"</w:styles>"),
    )
    content = _with_body(content, runs)
    source = tmp_path / "stijlen.docx"
    source.write_bytes(content)
    werkmap = tmp_path / "regio"
    try:
        outcome = run_cli_capped("import", source, werkmap, timeout=20)
    except subprocess.TimeoutExpired:
        pytest.fail("the import did not finish within 20 s")
    assert outcome.returncode == 0, outcome.stderr
    text = (werkmap / "content" / "aanleiding.md").read_text(encoding="utf-8")
    assert text.splitlines().count("a") == 8000  # every run's paragraph


def test_a_table_row_of_thousands_of_wide_cells_does_not_blow_up_the_blocks(tmp_path):
    """Every row of a table is padded to the widest row. One row of 10,000 cells that each
    span 64 columns, above 1,000 rows of one cell, made a draft of 40 kB into 640 million
    table cells (gigabytes of Markdown). Word's tables have at most 63 columns; the import
    reads at most 64."""
    import io

    plain = io.BytesIO()
    _draft("Voor de tabel.").save(plain)
    wide = (
        '<w:tc><w:tcPr><w:gridSpan w:val="64"/></w:tcPr><w:p><w:r><w:t>kop</w:t></w:r></w:p></w:tc>'
    )
    low = "<w:tr><w:tc><w:p><w:r><w:t>waarde</w:t></w:r></w:p></w:tc></w:tr>"
    table = f"<w:tbl><w:tr>{wide * 10_000}</w:tr>{low * 1000}</w:tbl>"
    source = tmp_path / "tabel.docx"
    source.write_bytes(_with_body(plain.getvalue(), table))
    werkmap = tmp_path / "regio"
    outcome = run_cli_capped("import", source, werkmap)
    assert outcome.returncode == 0, outcome.stderr[-3000:]
    text = (werkmap / "content" / "aanleiding.md").read_text(encoding="utf-8")
    assert text.count("| waarde |") == 1000
    assert len(text) < 1_000_000


def test_one_long_footnote_referenced_thousands_of_times_is_refused(tmp_path):
    """Each reference to a footnote writes its text again under the block. A draft of
    about 1 MB with a footnote of 100,000 characters referenced 15,000 times became 1.5
    billion characters of Markdown (a MemoryError traceback under a 1 GB cap); now it is
    refused with a Dutch message and nothing is written."""
    import io
    import random
    import string

    plain = io.BytesIO()
    _draft("Voor de voetnoten.").save(plain)
    note = "".join(random.Random(1).choices(string.ascii_letters + " ", k=100_000))
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    footnotes = (
        f'<w:footnotes {w}><w:footnote w:id="1"><w:p><w:r><w:t>{note}</w:t></w:r></w:p>'
        "</w:footnote></w:footnotes>"
    )
    references = '<w:p><w:r><w:footnoteReference w:id="1"/></w:r></w:p>' * 15_000
    content = _with_body(plain.getvalue(), references)
    buffer = io.BytesIO(content)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/footnotes.xml", footnotes)
    source = tmp_path / "voetnoten.docx"
    source.write_bytes(buffer.getvalue())
    werkmap = tmp_path / "regio"
    outcome = run_cli_capped("import", source, werkmap)
    assert outcome.returncode == 2, outcome.stderr[-3000:]
    assert "Dit Word-bestand is te groot om in te lezen. Er is niets geschreven." in (
        outcome.stderr
    )
    assert "de voetnoten zouden samen meer dan 10 miljoen tekens worden" in outcome.stderr
    assert "Traceback" not in outcome.stderr
    assert not werkmap.exists()


def test_one_picture_shown_thousands_of_times_does_not_write_thousands_of_files(tmp_path):
    """Each place a picture is shown gets an image file of its own. A draft of 40 kB that
    shows one small picture 4,500 times wrote 4,500 files into the workspace (a larger one,
    hundreds of thousands). The import now writes at most 1,000 and says so."""
    import io
    import re

    picture = tmp_path / "klein.png"
    picture.write_bytes(concept.png())
    document = _draft("Voor de figuren.")
    document.add_picture(str(picture))
    plain = io.BytesIO()
    document.save(plain)
    relations = zipfile.ZipFile(plain).read("word/_rels/document.xml.rels").decode()
    rid = re.search(r'Id="(rId\d+)"[^>]*media/image1\.png', relations)
    rid = rid or re.search(r'media/image1\.png"[^>]*Id="(rId\d+)"', relations)
    assert rid is not None
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    shown = (
        f'<w:p><w:r><w:drawing><a:blip xmlns:a="{a}" xmlns:r="{r}" r:embed="{rid.group(1)}"/>'
        "</w:drawing></w:r></w:p>"
    ) * 4500
    source = tmp_path / "figuren.docx"
    source.write_bytes(_with_body(plain.getvalue(), shown))
    werkmap = tmp_path / "regio"
    outcome = run_cli("import", source, werkmap)
    assert outcome.returncode == 0, outcome.stderr
    assert "1000 afbeeldingen" in outcome.stdout
    assert "Overgeslagen: de afbeeldingen na de eerste 1000: zoveel afbeeldingen neemt " in (
        outcome.stdout
    )
    assert len(list((werkmap / "content" / "afbeeldingen").iterdir())) == 1000


@pytest.mark.parametrize(
    "xml",
    [
        '<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="²"/></w:tcPr>'
        "<w:p><w:r><w:t>cel</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
        f'<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="{"9" * 5000}"/></w:tcPr>'
        "<w:p><w:r><w:t>cel</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
        '<w:p><w:pPr><w:numPr><w:ilvl w:val="³"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        "<w:r><w:t>cel</w:t></w:r></w:p>",
        '<w:p><w:pPr><w:outlineLvl w:val="¹"/></w:pPr><w:r><w:t>cel</w:t></w:r></w:p>',
    ],
    ids=["superscript-span", "5000-digit-span", "superscript-list-level", "superscript-level"],
)
def test_numbers_in_a_draft_that_are_no_plain_numbers_are_ignored(tmp_path, xml):
    """A span, list level or outline level was read with isdigit() and int(): "²" passes
    isdigit() but not int(), and int() refuses 5,000 digits, so such a draft ended the
    import in a ValueError traceback. Such a value is now ignored."""
    import io

    plain = io.BytesIO()
    _draft("Voor.").save(plain)
    source = tmp_path / "getal.docx"
    source.write_bytes(_with_body(plain.getvalue(), xml))
    werkmap = tmp_path / "regio"
    outcome = run_cli("import", source, werkmap)
    assert outcome.returncode == 0, outcome.stderr
    assert "cel" in (werkmap / "content" / "aanleiding.md").read_text(encoding="utf-8")
