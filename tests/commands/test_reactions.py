"""``regiovisie reactions``: import reactions, keep the workgroup's answers, write the nota."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml
from docx import Document as WordDocument

from tests.commands.versioning import change_to_1_0, publish
from tests.conftest import copy_built, copy_example, require_tool, run_cli, run_cli_capped
from tests.readers.reactie_bestanden import (
    assert_reactions_refused,
    docx_with_comments,
    reactions,
    replace_part,
    with_xxe,
    write_csv,
    write_xlsx,
    zip_bomb,
)
from tests.readers.test_eml import mail

NL = {
    "naam": "Naam",
    "organisatie": "Organisatie",
    "soort": "Soort indiener",
    "paragraaf": "Paragraaf",
    "tekst": "Reactie",
}
OTHERWISE = {
    "naam": "Indiener",
    "organisatie": "Namens organisatie",
    "soort": "Type",
    "paragraaf": "Par.",
    "tekst": "Opmerking",
    "email": "E-mailadres",
}
ENGLISH = {"naam": "name", "organisatie": "organisation", "paragraaf": "§", "tekst": "text"}


def fill_reacties(werkmap: Path) -> Path:
    """30 csv reactions in three encodings, an xlsx (one duplicate), a Word file with comments."""
    folder = werkmap / "reacties"
    folder.mkdir()
    write_csv(folder / "formulier-1.csv", reactions(12, 0), NL, "utf-8-sig", ";")
    write_csv(folder / "formulier-2.csv", reactions(10, 12), OTHERWISE, "cp1252", ";")
    write_csv(folder / "formulier-3.csv", reactions(8, 22), ENGLISH, "utf-8", ",")
    write_xlsx(folder / "formulier.xlsx", reactions(3, 30) + reactions(1, 0), NL)
    (folder / "terug.docx").write_bytes(
        docx_with_comments(
            werkmap / "versies/0.9/uitvoer/regiovisie.docx",
            [
                ("Dat is het moment", "Welk moment precies?", "Jan de Vries"),
                ("Dat is het moment", "Noem ook de kosten.", "Piet Jansen"),
            ],
        )
    )
    return folder


def load_answers(folder: Path) -> list[dict]:
    return yaml.safe_load((folder / "antwoorden.yaml").read_text(encoding="utf-8"))["reacties"]


def nota_text(werkmap: Path) -> tuple[list[str], str]:
    word = WordDocument(str(werkmap / "build" / "nota-van-beantwoording.docx"))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 2"]
    return headings, "\n".join(p.text for p in word.paragraphs)


def reactions_cli(werkmap: Path):
    result = run_cli("reactions", werkmap)
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """Version 0.9 published once for the module, with the reaction files. Read-only: every
    test gets a copy of its own (``consultatie``)."""
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path_factory.mktemp("gepubliceerd"))
    publish(werkmap)  # version 0.9 goes out for consultation
    fill_reacties(werkmap)
    return werkmap


@pytest.fixture
def consultatie(published, tmp_path) -> Path:
    return copy_built(published, tmp_path)


@pytest.fixture(scope="module")
def imported(published, tmp_path_factory):
    """The reactions of ``published`` read in once for the module: (workspace, result of
    ``regiovisie reactions``). Read-only: tests that go on from here get a copy
    (``after_import``)."""
    werkmap = copy_built(published, tmp_path_factory.mktemp("ingelezen"))
    return werkmap, reactions_cli(werkmap)


@pytest.fixture
def after_import(imported, tmp_path) -> Path:
    return copy_built(imported[0], tmp_path)


def test_import_links_anonymises_and_writes_nota(imported):
    consultatie, result = imported
    assert "35 nieuwe reacties; 1 inzending was al ingelezen of dubbel" in result.stdout
    assert "kolom 'E-mailadres' is niet herkend" in result.stderr
    assert "paragraaf '99.9' niet gevonden" in result.stderr
    answers = load_answers(consultatie / "reacties")
    assert len(answers) == 35
    assert len({a["id"] for a in answers}) == 35
    assert all(a["id"].startswith("R-") and len(a["id"]) == 10 for a in answers)
    assert all(a["antwoord"] == "" and a["tekst_aangepast"] is None for a in answers)

    by_source = {a["bron"]: a for a in answers}
    first = by_source["zuid-kennemerland-ijmond/reacties/formulier-1.csv, regel 2"]
    assert first["indiener"] == "Stichting Jeugdformaat"
    assert (first["paragraaf"], first["blok"]) == ("1.1", "inleiding-aanleiding")
    assert first["hoofdstuk"] == "1 Inleiding"
    by_title = next(a for a in answers if a["reactie"].startswith("Reactie 6:"))
    assert by_title["blok"] == "inleiding-aanleiding"  # "Aanleiding" resolved by title
    comment = next(a for a in answers if a["reactie"] == "Welk moment precies?")
    assert comment["blok"] == "inleiding-aanleiding"
    assert "Dat is het moment om de inkoop" in comment["citaat"]
    assert comment["indiener"].startswith("Inwoner ")
    general = next(a for a in answers if a["paragraaf"] == "99.9")
    assert general["hoofdstuk"] == "Algemene reacties"

    # Private persons are anonymised, consistently; organisations keep their names.
    text = (consultatie / "reacties" / "antwoorden.yaml").read_text(encoding="utf-8")
    for name in ("Jan de Vries", "Piet Jansen", "Noëlle Ünal"):
        assert name not in text
    jan = {a["indiener"] for a in answers if a.get("persoon") == comment["persoon"]}
    assert jan == {comment["indiener"]}

    headings, nota = nota_text(consultatie)
    for answer in answers:
        assert sum(h.startswith(answer["id"] + " ") for h in headings) == 1
    assert len(headings) == 35
    assert "Jan de Vries" not in nota
    assert "GGD Kennemerland" in nota
    assert "[nog in te vullen: antwoord op" in nota


def test_reimport_keeps_answers_and_adds_only_new(after_import):
    consultatie = after_import  # read in once already
    folder = consultatie / "reacties"
    path = folder / "antwoorden.yaml"
    first_id = load_answers(folder)[0]["id"]
    text = path.read_text(encoding="utf-8")
    text = text.replace("antwoord: ''", "antwoord: Dank, we vullen de aanleiding aan.", 1)
    text = text.replace("tekst_aangepast: null", "tekst_aangepast: true", 1)
    text = text.replace("reacties:\n", "reacties:\n  # bijgewerkt door de werkgroep\n", 1)
    path.write_text(text, encoding="utf-8")
    filled = path.read_bytes()

    change_to_1_0(consultatie)  # the workgroup changes the text after the consultation
    write_csv(folder / "formulier-4.csv", reactions(2, 40), NL, "utf-8", ";")
    result = reactions_cli(consultatie)
    assert "2 nieuwe reacties; 36 inzendingen waren al ingelezen" in result.stdout
    assert path.read_bytes().startswith(filled)
    answers = load_answers(folder)
    assert len(answers) == 37
    assert answers[0]["id"] == first_id
    assert answers[0]["antwoord"] == "Dank, we vullen de aanleiding aan."
    assert answers[0]["tekst_aangepast"] is True

    headings, nota = nota_text(consultatie)
    assert len(headings) == 37
    assert "Dank, we vullen de aanleiding aan." in nota
    assert "Ja: in versie werkkopie is paragraaf 1.1 gewijzigd" in nota
    assert "wijzigingsoverzicht-0.9-werkkopie.docx" in nota
    assert (consultatie / "build" / "wijzigingsoverzicht-0.9-werkkopie.docx").is_file()

    # A third run with nothing new leaves the answers file byte for byte alone.
    before = path.read_bytes()
    result = reactions_cli(consultatie)
    assert "0 nieuwe reacties; 38 inzendingen waren al ingelezen" in result.stdout
    assert path.read_bytes() == before


def bad_csv(folder: Path) -> str:
    (folder / "kapot.csv").write_bytes(b'naam;paragraaf;reactie\r\nJan;1.1;"open\r\n')
    return "niet goed opgebouwd"


def bad_xlsx(folder: Path) -> str:
    write_xlsx(folder / "zonder-kolommen.xlsx", reactions(2), {"naam": "Naam"})
    return "ontbreken kolommen"


def corrupt_docx(folder: Path) -> str:
    (folder / "kapot.docx").write_bytes((folder / "terug.docx").read_bytes()[:3000])
    return "beschadigd"


def bomb_docx(folder: Path) -> str:
    (folder / "bom.docx").write_bytes(zip_bomb((folder / "terug.docx").read_bytes()))
    return "zip-bom"


def xxe_docx(folder: Path) -> str:
    (folder / "xxe.docx").write_bytes(with_xxe((folder / "terug.docx").read_bytes()))
    return "DOCTYPE of ENTITY"


@pytest.mark.parametrize("bad", [bad_csv, bad_xlsx, corrupt_docx, bomb_docx, xxe_docx])
def test_bad_file_imports_nothing(after_import, bad):
    consultatie = after_import  # read in once already
    folder = consultatie / "reacties"
    answers_before = (folder / "antwoorden.yaml").read_bytes()
    nota = consultatie / "build" / "nota-van-beantwoording.docx"
    nota_before = (nota.read_bytes(), nota.stat().st_mtime_ns)
    write_csv(folder / "nieuw.csv", reactions(2, 50), NL, "utf-8", ";")  # would be new
    message = bad(folder)
    result = run_cli("reactions", consultatie)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Er is niets ingelezen" in result.stderr
    assert "Traceback" not in result.stderr
    assert (folder / "antwoorden.yaml").read_bytes() == answers_before
    assert (nota.read_bytes(), nota.stat().st_mtime_ns) == nota_before


def test_bad_file_on_first_import_creates_nothing(consultatie):
    folder = consultatie / "reacties"
    xxe_docx(folder)
    result = run_cli("reactions", consultatie)
    assert result.returncode == 2
    assert not (folder / "antwoorden.yaml").exists()
    assert not (consultatie / "build" / "nota-van-beantwoording.docx").exists()


def test_reactions_on_an_appendix_land_in_the_appendix(consultatie):
    # "A.1" used to be read as "1", so the reaction landed in chapter 1 (Inleiding).
    rows = [
        {"naam": "Jan", "paragraaf": "A.1", "tekst": "Graag de begroting per gemeente."},
        {"naam": "Piet", "paragraaf": "Bijlage A", "tekst": "Noem ook de wethouders."},
        {"naam": "Kees", "paragraaf": "§ 2.1", "tekst": "Wij willen eerder meedoen."},
    ]
    write_csv(consultatie / "reacties" / "formulier-1.csv", rows, NL, "utf-8", ";")
    # A mail sent from the site's "Reageer op A.1" link.
    (consultatie / "reacties" / "a1.eml").write_bytes(
        mail("Els <els@gmail.com>", "Reactie op A.1 – versie 0.9", "Ook per wijk graag.")
    )
    reactions_cli(consultatie)
    placed = {
        a["reactie"]: (a["paragraaf"], a["hoofdstuk"])
        for a in load_answers(consultatie / "reacties")
    }
    appendix = "Bijlage A De gemeenten van de regio"
    assert placed["Graag de begroting per gemeente."] == ("A.1", appendix)
    assert placed["Ook per wijk graag."] == ("A.1", appendix)
    assert placed["Noem ook de wethouders."] == ("Bijlage A", appendix)
    assert placed["Wij willen eerder meedoen."][0] == "2.1"


def test_without_reacties_folder(zkij):
    result = run_cli("reactions", zkij)
    assert result.returncode == 2
    assert "staat geen map 'reacties'" in result.stderr


def test_libreoffice_opens_nota_and_overview(after_import, tmp_path):
    soffice = require_tool("soffice")
    consultatie = after_import
    change_to_1_0(consultatie)
    reactions_cli(consultatie)
    build = consultatie / "build"
    files = [
        build / "nota-van-beantwoording.docx",
        build / "wijzigingsoverzicht-0.9-werkkopie.docx",
    ]
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'lo-profiel'}",
            "--headless",
            "--convert-to",
            "txt:Text",
            "--outdir",
            str(tmp_path / "txt"),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr
    nota = (tmp_path / "txt" / "nota-van-beantwoording.txt").read_text(encoding="utf-8-sig")
    assert "Nota van beantwoording" in nota
    assert "Stichting Jeugdformaat" in nota
    overview = (tmp_path / "txt" / "wijzigingsoverzicht-0.9-werkkopie.txt").read_text(
        encoding="utf-8-sig"
    )
    assert "grondig" in overview


def test_reactions_without_published_version_use_the_current_text(zkij):
    folder = zkij / "reacties"
    folder.mkdir()
    write_csv(folder / "formulier.csv", reactions(4), NL, "utf-8", ";")
    result = reactions_cli(zkij)
    assert "4 reacties op versie 0.9" in result.stdout
    answers = load_answers(folder)
    assert answers[0]["blok"] == "inleiding-aanleiding"
    headings, nota = nota_text(zkij)
    assert len(headings) == 4
    assert "Op versie 0.9 van 'Regiovisie Jeugdhulp 2022-2030' kwamen 4 reacties binnen" in nota
    assert not list((zkij / "build").glob("wijzigingsoverzicht-*"))


def test_unknown_consulted_version(consultatie):
    result = run_cli("reactions", consultatie, "--versie", "0.5")
    assert result.returncode == 2
    assert "Versie '0.5' is niet gepubliceerd" in result.stderr
    assert not (consultatie / "reacties" / "antwoorden.yaml").exists()


def test_a_word_file_with_thousands_of_open_comments_is_read_in_seconds(consultatie):
    """A returned Word file from outside with 20,000 comment ranges that all start before
    20,000 runs of text: the quote of every comment was gathered by copying each run into
    each open range (400 million entries, gigabytes for a file of 800 kB). Now each comment's
    quote is taken once, and cut off after 2,000 characters, within a memory cap."""
    folder = consultatie / "reacties"
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    starts = "".join(f'<w:commentRangeStart w:id="{n}"/>' for n in range(20_000))
    document = (
        f"<w:document {w}><w:body><w:p>{starts}<w:r>{'<w:t>woord </w:t>' * 20_000}</w:r>"
        "</w:p></w:body></w:document>"
    ).encode()
    comments = (
        f'<w:comments {w}><w:comment w:id="0" w:author="Jan de Vries"><w:p><w:r>'
        "<w:t>Dit stuk is veel te lang.</w:t></w:r></w:p></w:comment></w:comments>"
    ).encode()
    package = replace_part((folder / "terug.docx").read_bytes(), "word/document.xml", document)
    (folder / "terug.docx").write_bytes(replace_part(package, "word/comments.xml", comments))

    outcome = run_cli_capped("reactions", str(consultatie))
    assert outcome.returncode == 0, outcome.stderr[-3000:]
    [reactie] = [r for r in load_answers(folder) if r["reactie"] == "Dit stuk is veel te lang."]
    assert reactie["citaat"].startswith("woord woord")
    assert reactie["citaat"].endswith("…")  # 120,000 characters would not help a reader


def test_one_long_shared_text_repeated_in_every_row_is_refused_quickly(consultatie):
    """An .xlsx of 760 kB whose 2,000 rows all point at one shared string of a million
    characters: read, cleaned and stored once per row, that is two billion characters
    (minutes of work, then gigabytes in antwoorden.yaml). A cell longer than a csv field may
    be is now refused before anything is copied, within a memory cap and a time limit."""
    from tests.readers.reactie_bestanden import xlsx_with_one_shared_text

    folder = consultatie / "reacties"
    (folder / "herhaald.xlsx").write_bytes(xlsx_with_one_shared_text(2_000, 1_000_000))

    assert_reactions_refused(
        consultatie,
        "Dit Excel-bestand is te groot om als reacties in te lezen",
        "rij 2 heeft een cel met meer dan 131072 tekens",
    )


def test_a_small_word_file_with_millions_of_xml_elements_is_refused_within_a_memory_cap(
    consultatie,
):
    """A returned Word file of about 1 MB whose document part unpacks to 48 MB of empty
    elements (a little random text keeps it under the packing ratio of a zip bomb): as a
    tree that is 12 million elements, more than a gigabyte. Counted while parsing, it is
    refused at two million."""
    import random
    import string

    folder = consultatie / "reacties"
    letters = random.Random(1)
    filler = "".join(
        "<b/>" * 99 + "".join(letters.choices(string.ascii_letters, k=8)) for _ in range(120_000)
    )
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = f"<w:document {w}><w:body>{filler}</w:body></w:document>".encode()
    (folder / "terug.docx").write_bytes(
        replace_part((folder / "terug.docx").read_bytes(), "word/document.xml", document)
    )

    assert_reactions_refused(
        consultatie,
        "Dit Word-bestand is te groot om in te lezen",
        "word/document.xml bestaat uit meer dan 2 miljoen XML-elementen",
    )


def test_an_xlsx_with_millions_of_empty_elements_is_refused_within_a_memory_cap(consultatie):
    """An .xlsx of under a megabyte whose sheet holds six million empty elements. The check
    for a DTD emptied each element but left it in the tree, and openpyxl keeps elements it
    does not know: such a file was read slowly, and one of 2 MB with 25 million elements
    ran out of 1.5 GB. The check now keeps nothing and refuses a part of more than five
    million elements."""
    from tests.readers.reactie_bestanden import xlsx_with_empty_elements

    folder = consultatie / "reacties"
    (folder / "leeg.xlsx").write_bytes(xlsx_with_empty_elements(60_000))

    assert_reactions_refused(
        consultatie,
        "Dit Excel-bestand is te groot om in te lezen",
        "xl/worksheets/sheet1.xml bestaat uit meer dan 5 miljoen XML-elementen",
    )


def test_csv_files_with_millions_of_rows_or_columns_are_refused_within_a_memory_cap(
    consultatie,
):
    """An Excel sheet is read up to 20,000 rows of 100 columns; a csv file had no caps. 17 MB
    of "1.1;a" lines are 2.5 million reactions, 18 MB of ";x" a heading of 9 million
    unknown columns (a warning each): both ran out of 1.5 GB. The csv now has the caps of
    a sheet."""
    folder = consultatie / "reacties"
    (folder / "rijen.csv").write_bytes(b"Paragraaf;Reactie\r\n" + b"1.1;a\r\n" * 2_500_000)
    (folder / "kolommen.csv").write_bytes(b"Paragraaf;Reactie" + b";x" * 9_000_000 + b"\r\n")

    assert_reactions_refused(
        consultatie,
        "rijen.csv: Dit csv-bestand is te groot om als reacties in te lezen: er staan ",
        "meer dan 20000 reacties in",
        "kolommen.csv: Dit csv-bestand is te groot om als reacties in te lezen: regel 1 ",
        "heeft iets in kolom 9000002; er worden hoogstens 100 kolommen gelezen",
    )
