"""``regiovisie import``: a Word draft becomes a workspace that builds and can be checked."""

from __future__ import annotations

import difflib
import json
import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, copy_example, require_tool, run_cli
from tests.readers import concept_bestanden as concept

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _front_matter(pad: Path) -> dict:
    tekst = pad.read_text(encoding="utf-8")
    return yaml.safe_load(tekst.split("---")[1])


def _opzet(werkmap: Path) -> dict:
    return yaml.safe_load(
        (werkmap / "templates" / "documenten" / "regiovisie.yaml").read_text(encoding="utf-8")
    )


def _docx_koppen(pad: Path) -> list[tuple[str, str]]:
    from lxml import etree

    wortel = etree.fromstring(zipfile.ZipFile(pad).read("word/document.xml"))
    uit = []
    for p in wortel.iter(f"{W}p"):
        stijl = p.find(f"{W}pPr/{W}pStyle")
        if stijl is not None and stijl.get(f"{W}val", "").startswith("Heading"):
            uit.append((stijl.get(f"{W}val"), "".join(t.text or "" for t in p.iter(f"{W}t"))))
    return uit


def test_import_creates_workspace_that_builds_and_checks(tmp_path):
    bron = concept.met_kopstijlen(tmp_path / "concept.docx")
    werkmap = tmp_path / "regio"
    uitkomst = run_cli("import", bron, werkmap)
    assert uitkomst.returncode == 0, uitkomst.stderr
    assert "3 blokken in 2 hoofdstukken" in uitkomst.stdout
    assert f"regiovisie check {werkmap}" in uitkomst.stdout
    assert (werkmap / "regio.yaml").is_file()
    # The outline lists the imported blocks in document order, nothing shipped.
    opzet = _opzet(werkmap)
    assert [(h["titel"], h["blokken"]) for h in opzet["hoofdstukken"]] == [
        ("Inleiding", ["aanleiding"]),
        ("Toegang tot jeugdhulp", ["de-lokale-teams", "tarieven"]),
    ]
    kop = _front_matter(werkmap / "content" / "de-lokale-teams.md")
    assert kop["herkomst"] == "import"
    assert kop["bron_bestand"] == "concept.docx"
    assert kop["voorstel_afspraken"] == [3]
    assert "afspraken" not in kop
    tekst = (werkmap / "content" / "de-lokale-teams.md").read_text(encoding="utf-8")
    assert "voorstel_afspraken: [3]  # gevonden: afspraak 3: toegang" in tekst
    assert "3. Toegang: de-lokale-teams" in uitkomst.stdout
    assert "8. Reële tarieven: tarieven" in uitkomst.stdout
    aanleiding = (werkmap / "content" / "aanleiding.md").read_text(encoding="utf-8")
    assert "# Waarom nu\n\nDe contracten lopen af." in aanleiding

    bouw = run_cli("build", werkmap, "--formaat", "docx")
    assert bouw.returncode == 0, bouw.stderr
    koppen = _docx_koppen(werkmap / "build" / "regiovisie.docx")
    assert koppen[:5] == [
        ("Heading1", "Inleiding"),
        ("Heading2", "Aanleiding"),
        ("Heading3", "Waarom nu"),
        ("Heading1", "Toegang tot jeugdhulp"),
        ("Heading2", "De lokale teams"),
    ]
    # No shipped block crept in.
    assert not any("basisfuncties" in t.lower() for _, t in koppen)

    check = run_cli("check", werkmap)
    assert check.returncode == 1
    assert "hebben voorstellen die nog niet meetellen" in check.stdout
    assert "(de-lokale-teams): voorstel voor afspraken 3" in check.stdout
    as_json = json.loads(run_cli("check", werkmap, "--json").stdout)
    assert {w["blok"] for w in as_json["wacht_op_bevestiging"]} == {"de-lokale-teams", "tarieven"}
    toegang = next(a for a in as_json["afspraken"] if a["nummer"] == 3)
    assert toegang["vindplaatsen"] == []  # a guess does not count

    # Confirming the guess makes the block count for the checklist.
    pad = werkmap / "content" / "de-lokale-teams.md"
    pad.write_text(pad.read_text(encoding="utf-8").replace("voorstel_afspraken", "afspraken"))
    as_json = json.loads(run_cli("check", werkmap, "--json").stdout)
    toegang = next(a for a in as_json["afspraken"] if a["nummer"] == 3)
    assert [v["blok"] for v in toegang["vindplaatsen"]] == ["de-lokale-teams"]


def test_table_footnote_and_images_are_written(tmp_path):
    bron = concept.met_tabel_voetnoot_afbeelding(tmp_path / "tabel.docx")
    werkmap = tmp_path / "regio"
    uitkomst = run_cli("import", bron, werkmap)
    assert uitkomst.returncode == 0, uitkomst.stderr
    assert "1 tabel, 2 afbeeldingen, 1 voetnoot" in uitkomst.stdout
    tekst = (werkmap / "content" / "budget.md").read_text(encoding="utf-8")
    assert "![Kaart van de regio](afbeeldingen/budget-1.png)\nFiguur: De regio op de kaart" in tekst
    assert (
        "![\\[beschrijving ontbreekt\\]](afbeeldingen/budget-2.png)\n"
        "Figuur: \\[beschrijving ontbreekt\\]"
    ) in tekst
    assert "[^1]: Zie de Jeugdwet, artikel 2." in tekst
    assert "Tabel: Kosten per jaar" in tekst
    beeld = werkmap / "content" / "afbeeldingen" / "budget-1.png"
    assert beeld.read_bytes().startswith(b"\x89PNG")
    bouw = run_cli("build", werkmap, "--formaat", "docx")
    assert bouw.returncode == 0, bouw.stderr
    with zipfile.ZipFile(werkmap / "build" / "regiovisie.docx") as docx:
        assert "Zie de Jeugdwet" in docx.read("word/footnotes.xml").decode()
        assert docx.read("word/document.xml").count(b"<w:tbl>") >= 1


def test_tracked_changes_import_accepted_text_and_are_reported(tmp_path):
    bron = concept.met_wijzigingen(tmp_path / "wijzig.docx")
    werkmap = tmp_path / "regio"
    uitkomst = run_cli("import", bron, werkmap)
    assert uitkomst.returncode == 0, uitkomst.stderr
    tekst = (werkmap / "content" / "governance.md").read_text(encoding="utf-8")
    assert "De regio heeft sinds 2025 een gemeenschappelijke regeling." in tekst
    assert "misschien" not in tekst and "VERPLAATST" not in tekst
    assert "open wijzigingen" in uitkomst.stdout
    assert "1 invoeging, 1 verwijdering, 1 verplaatsing" in uitkomst.stdout
    assert "1 opmerking" in uitkomst.stdout


def _bestanden(map_: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(map_)): p.read_bytes() for p in sorted(map_.rglob("*")) if p.is_file()
    }


def test_existing_workspace_is_never_overwritten_without_forceer(tmp_path):
    werkmap = tmp_path / "regio"
    bron = concept.met_kopstijlen(tmp_path / "concept.docx")
    assert run_cli("import", bron, werkmap).returncode == 0
    eigen = werkmap / "content" / "eigen.md"
    eigen.write_text("---\nid: tarieven-eigen\ntitel: Eigen\n---\nEigen tekst.\n")
    # The writer edits an imported block and keeps the next one as their own.
    beschermd = werkmap / "content" / "aanleiding.md"
    beschermd.write_text(
        beschermd.read_text(encoding="utf-8").replace("herkomst: import\n", ""), encoding="utf-8"
    )
    voor = _bestanden(werkmap)

    opnieuw = run_cli("import", bron, werkmap)
    assert opnieuw.returncode == 2
    assert "eerdere import" in opnieuw.stderr and "--forceer" in opnieuw.stderr
    assert "Traceback" not in opnieuw.stderr
    assert _bestanden(werkmap) == voor

    geforceerd = run_cli("import", bron, werkmap, "--forceer")
    assert geforceerd.returncode == 0, geforceerd.stderr
    assert eigen.read_bytes() == voor["content/eigen.md"]
    assert beschermd.read_bytes() == voor["content/aanleiding.md"]
    # The protected block keeps its id; the new import takes another one.
    assert (werkmap / "content" / "aanleiding-2.md").is_file()
    assert (werkmap / "content" / "tarieven.md").is_file()


def test_own_outline_is_not_replaced(tmp_path):
    werkmap = tmp_path / "regio"
    opzet = werkmap / "templates" / "documenten" / "regiovisie.yaml"
    opzet.parent.mkdir(parents=True)
    opzet.write_text("soort: regiovisie\nhoofdstukken: []\n")
    bron = concept.met_kopstijlen(tmp_path / "concept.docx")
    uitkomst = run_cli("import", bron, werkmap, "--forceer")
    assert uitkomst.returncode == 2
    assert "eigen documentopzet" in uitkomst.stderr
    assert not (werkmap / "content").exists()


def test_met_standaardblokken_adds_the_shipped_chapters(tmp_path):
    werkmap = tmp_path / "regio"
    bron = concept.met_kopstijlen(tmp_path / "concept.docx")
    uitkomst = run_cli("import", bron, werkmap, "--met-standaardblokken")
    assert uitkomst.returncode == 0, uitkomst.stderr
    hoofdstukken = _opzet(werkmap)["hoofdstukken"]
    assert hoofdstukken[0]["blokken"] == ["aanleiding"]
    ids = [b for h in hoofdstukken for b in h["blokken"]]
    assert "toegang-basisfuncties" in ids
    assert len(ids) == len(set(ids))
    bouw = run_cli("build", werkmap, "--formaat", "docx")
    assert bouw.returncode == 0, bouw.stderr


def _zonder_geheugen(*args: str | Path) -> subprocess.CompletedProcess:
    """Run the CLI with a memory cap and a timeout: a bomb must fail fast, not exhaust."""

    def begrens() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1024 * 1024 * 1024, 1024 * 1024 * 1024))

    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "regiovisie_builder", *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=begrens,
    )


@pytest.mark.parametrize(
    "naam, maak, melding",
    [
        ("kapot.docx", lambda p: p.write_bytes(b"PK\x03\x04 dit is geen zip"), "beschadigd"),
        ("oud.doc", lambda p: p.write_text("Ik ben gewone tekst.\n"), "geen Word-document"),
        ("bom.docx", concept.zip_bom, "zip-bom"),
        ("entiteit.docx", concept.met_entiteiten, "niet zijn toegestaan"),
    ],
)
def test_bad_files_exit_2_in_dutch_and_write_nothing(tmp_path, naam, maak, melding):
    bron = tmp_path / naam
    maak(bron)
    werkmap = tmp_path / "regio"
    uitkomst = _zonder_geheugen("import", bron, werkmap)
    assert uitkomst.returncode == 2, uitkomst.stderr
    assert melding in uitkomst.stderr
    assert "Er is niets geschreven" in uitkomst.stderr
    assert "Traceback" not in uitkomst.stderr
    assert not werkmap.exists()


def test_legacy_file_without_libreoffice_says_how_to_convert(tmp_path):
    bron = tmp_path / "oud.doc"
    bron.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    werkmap = tmp_path / "regio"
    lege_path = tmp_path / "bin"
    lege_path.mkdir()
    env = {
        **os.environ,
        "PATH": str(lege_path),
        "PYTHONPATH": str(ROOT),
        "PYTHONIOENCODING": "utf-8",
    }
    uitkomst = subprocess.run(
        [sys.executable, "-m", "regiovisie_builder", "import", str(bron), str(werkmap)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert uitkomst.returncode == 2
    assert "LibreOffice" in uitkomst.stderr and "Opslaan als" in uitkomst.stderr
    assert not werkmap.exists()


@pytest.mark.extern
@pytest.mark.slow
def test_legacy_doc_without_styles_via_libreoffice(tmp_path):
    """A plain text saved as .doc by LibreOffice: only numbered lines mark the sections."""
    soffice = require_tool("soffice")
    tekst = tmp_path / "concept.txt"
    tekst.write_text(
        "Regiovisie jeugdhulp\n\n1. Inleiding\n\nDeze visie gaat over samenwerken.\n\n"
        "1.1 Aanleiding\n\nDe contracten lopen af.\n\n2. Beleidskader\n\n"
        "2.1 Toegang\n\nDe lokale teams zijn de toegang.\n\n"
        "4. Vertaling visie naar inkoop …\n\nWe kopen samen in.\n",
        encoding="utf-8",
    )
    profiel = (tmp_path / "profiel").as_uri()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profiel}",
            "--headless",
            "--convert-to",
            "doc",
            "--outdir",
            str(tmp_path),
            str(tekst),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    werkmap = tmp_path / "regio"
    uitkomst = run_cli("import", tmp_path / "concept.doc", werkmap)
    assert uitkomst.returncode == 0, uitkomst.stderr
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
    bron = tmp_path / "p.md"
    bron.write_text(
        "# Samen sturen\n\n## Governance\n\nDe gemeenschappelijke regeling en het "
        "aanspreekpunt; de governance is meerjarig.\n\n| A | B |\n|---|---|\n| 1 | 2 |\n",
        encoding="utf-8",
    )
    doel = tmp_path / "p.docx"
    subprocess.run([pandoc, str(bron), "-o", str(doel)], check=True, timeout=60)
    werkmap = tmp_path / "regio"
    uitkomst = run_cli("import", doel, werkmap)
    assert uitkomst.returncode == 0, uitkomst.stderr
    kop = _front_matter(werkmap / "content" / "governance.md")
    assert kop["voorstel_afspraken"] == [4]
    assert "| A | B |" in (werkmap / "content" / "governance.md").read_text(encoding="utf-8")
    assert run_cli("build", werkmap, "--formaat", "docx").returncode == 0


def _inhoud(pad: Path) -> tuple[list[str], list[str]]:
    """Words of headings, paragraphs and tables from the first chapter up to the annex, and
    the text of each table."""
    from lxml import etree

    wortel = etree.fromstring(zipfile.ZipFile(pad).read("word/document.xml"))
    delen: list[str] = []
    tabellen: list[str] = []
    begonnen = False
    for element in wortel.find(f"{W}body"):
        if element.tag == f"{W}p":
            stijl = element.find(f"{W}pPr/{W}pStyle")
            stijl = stijl.get(f"{W}val") if stijl is not None else ""
            tekst = "".join(t.text or "" for t in element.iter(f"{W}t"))
            if stijl == "Heading1":
                if "Toetsing aan de Norm" in tekst:
                    break
                begonnen = True
            if begonnen:
                delen.append(tekst)
        elif element.tag == f"{W}tbl" and begonnen:
            tabellen.append(" ".join(t.text or "" for t in element.iter(f"{W}t")))
            delen.append(tabellen[-1])
    return " ".join(delen).split(), tabellen


def rondgang(voorbeeld: str, tmp_path: Path) -> tuple[float, Path, Path]:
    """Build an example, import its Word file, rebuild: the share of identical words."""
    origineel = copy_example(voorbeeld, tmp_path)
    assert run_cli("build", origineel, "--formaat", "docx").returncode == 0
    kopie = tmp_path / "kopie"
    kopie.mkdir()
    (kopie / "regio.yaml").write_bytes((origineel / "regio.yaml").read_bytes())
    uitkomst = run_cli("import", origineel / "build" / "regiovisie.docx", kopie)
    assert uitkomst.returncode == 0, uitkomst.stderr
    bouw = run_cli("build", kopie, "--formaat", "docx")
    assert bouw.returncode == 0, bouw.stderr
    a, _ = _inhoud(origineel / "build" / "regiovisie.docx")
    b, _ = _inhoud(kopie / "build" / "regiovisie.docx")
    gelijk = sum(
        blok.size
        for blok in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    )
    return gelijk / max(len(a), len(b)), origineel, kopie


@pytest.mark.slow
@pytest.mark.parametrize("voorbeeld", ["zuid-kennemerland-ijmond", "rotterdam-rijnmond"])
def test_round_trip_of_a_built_regiovisie(tmp_path, voorbeeld):
    aandeel, origineel, kopie = rondgang(voorbeeld, tmp_path)
    assert aandeel >= 0.99, f"{voorbeeld}: {aandeel:.4f}"
    a = origineel / "build" / "regiovisie.docx"
    b = kopie / "build" / "regiovisie.docx"
    koppen_a = _docx_koppen(a)
    einde = next(i for i, (s, t) in enumerate(koppen_a) if "Toetsing aan de Norm" in t)
    assert _docx_koppen(b)[:einde] == koppen_a[:einde]
    assert _inhoud(b)[1] == _inhoud(a)[1]


def test_new_workspace_takes_the_drafts_title(tmp_path):
    bron = concept.met_kopstijlen(tmp_path / "concept.docx")
    werkmap = tmp_path / "regio"
    assert run_cli("import", bron, werkmap, "--naam", "Voorbeeldregio").returncode == 0
    regio = yaml.safe_load((werkmap / "regio.yaml").read_text(encoding="utf-8"))
    assert regio["document"]["titel"] == "Regiovisie jeugdhulp Voorbeeldregio"
    assert regio["regio"]["naam"] == "Voorbeeldregio"


def test_outline_naming_a_missing_block_is_a_dutch_error(tmp_path):
    bron = concept.met_kopstijlen(tmp_path / "concept.docx")
    werkmap = tmp_path / "regio"
    assert run_cli("import", bron, werkmap).returncode == 0
    (werkmap / "content" / "tarieven.md").unlink()
    bouw = run_cli("build", werkmap, "--formaat", "html")
    assert bouw.returncode == 2
    assert "noemt het blok 'tarieven', maar dat blok bestaat niet" in bouw.stderr
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
    bron = concept.met_tabel_voetnoot_afbeelding(tmp_path / "tabel.docx")
    profiel = (tmp_path / "profiel").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profiel}", "--headless", "--convert-to", "odt",
         "--outdir", str(tmp_path / "odt"), str(bron)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    werkmap = tmp_path / "regio"
    uitkomst = run_cli("import", tmp_path / "odt" / "tabel.odt", werkmap)
    assert uitkomst.returncode == 0, uitkomst.stderr
    assert "1 tabel, 2 afbeeldingen, 1 voetnoot" in uitkomst.stdout
    tekst = (werkmap / "content" / "budget.md").read_text(encoding="utf-8")
    assert "| Post | 2026 | 2027 |" in tekst
    assert "[^1]: Zie de Jeugdwet, artikel 2." in tekst
    assert "![Kaart van de regio](afbeeldingen/budget-1.png)" in tekst


def test_own_blocks_of_an_existing_workspace_stay_in_the_document(tmp_path):
    werkmap = tmp_path / "regio"
    assert run_cli("init", werkmap).returncode == 0
    eigen = werkmap / "content" / "onze-toegang.md"
    eigen.write_text(
        "---\nid: onze-toegang\ntitel: Onze toegang\nafspraken: [3]\n---\nDe wijkteams.\n",
        encoding="utf-8",
    )
    los = werkmap / "content" / "los.md"
    los.write_text("---\nid: los\ntitel: Los\n---\nNergens.\n", encoding="utf-8")
    bron = concept.met_kopstijlen(tmp_path / "concept.docx")
    uitkomst = run_cli("import", bron, werkmap)
    assert uitkomst.returncode == 0, uitkomst.stderr
    assert "los.md past in geen hoofdstuk" in uitkomst.stdout
    hoofdstukken = _opzet(werkmap)["hoofdstukken"]
    assert {"id": "toegang", "titel": "De toegang tot jeugdhulp", "blokken": ["onze-toegang"]} in (
        hoofdstukken
    )
    assert eigen.read_text(encoding="utf-8").endswith("De wijkteams.\n")
    bouw = run_cli("build", werkmap, "--formaat", "docx")
    assert bouw.returncode == 0, bouw.stderr
    koppen = [t for _, t in _docx_koppen(werkmap / "build" / "regiovisie.docx")]
    assert "Onze toegang" in koppen and "De lokale teams" in koppen


def test_images_already_in_the_workspace_are_not_overwritten(tmp_path):
    werkmap = tmp_path / "regio"
    assert run_cli("init", werkmap).returncode == 0
    eigen = werkmap / "content" / "afbeeldingen" / "budget-1.png"
    eigen.parent.mkdir(parents=True)
    eigen.write_bytes(b"eigen plaatje")
    bron = concept.met_tabel_voetnoot_afbeelding(tmp_path / "tabel.docx")
    uitkomst = run_cli("import", bron, werkmap)
    assert uitkomst.returncode == 0, uitkomst.stderr
    assert eigen.read_bytes() == b"eigen plaatje"
    tekst = (werkmap / "content" / "budget.md").read_text(encoding="utf-8")
    assert "(afbeeldingen/budget-2.png)" in tekst and "(afbeeldingen/budget-3.png)" in tekst


def test_appendices_become_appendix_blocks(tmp_path):
    from docx import Document

    document = Document()
    document.add_heading("Inleiding", level=1)
    document.add_heading("Aanleiding", level=2)
    document.add_paragraph("Tekst.")
    document.add_heading("Bijlage 1: Overzicht aanbieders", level=1)
    document.add_paragraph("De aanbieders.")
    document.add_heading("Per gemeente", level=2)
    document.add_paragraph("Per gemeente verschillend.")
    bron = tmp_path / "bijlage.docx"
    document.save(bron)
    werkmap = tmp_path / "regio"
    uitkomst = run_cli("import", bron, werkmap)
    assert uitkomst.returncode == 0, uitkomst.stderr
    assert "2 blokken in 1 hoofdstuk geschreven" in uitkomst.stdout
    assert "waarvan 1 bijlage" in uitkomst.stdout
    assert _opzet(werkmap)["bijlagen"] == ["overzicht-aanbieders"]
    pad = werkmap / "content" / "overzicht-aanbieders.md"
    assert _front_matter(pad)["hoofdstuk"] == "bijlagen"
    assert "De aanbieders.\n\n# Per gemeente\n\nPer gemeente verschillend." in pad.read_text(
        encoding="utf-8"
    )
