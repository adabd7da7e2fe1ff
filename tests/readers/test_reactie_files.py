"""Reading reaction files: encodings, separators, column names, Word comments, hostile files."""

from __future__ import annotations

import pytest

from regiovisie_builder.errors import ContentError
from regiovisie_builder.readers.reactie_files import read_csv, read_docx, read_xlsx
from tests.readers.reactie_bestanden import (
    docx_with_comments,
    reactions,
    replace_part,
    with_xxe,
    write_csv,
    write_xlsx,
    zip_bomb,
)

COLUMNS = {
    "naam": "Naam",
    "organisatie": "Organisatie",
    "soort": "Soort indiener",
    "paragraaf": "Paragraaf",
    "tekst": "Reactie",
}


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8-sig", ";"), ("cp1252", ";"), ("utf-8", ","), ("utf-8", "\t")],
)
def test_csv_in_any_common_encoding_and_separator(tmp_path, encoding, delimiter):
    rows = reactions(6)
    path = tmp_path / "formulier.csv"
    write_csv(path, rows, COLUMNS, encoding, delimiter)
    outcome = read_csv(path.read_bytes(), "reacties/formulier.csv")
    assert [i.text for i in outcome.submissions] == [r["tekst"] for r in rows]
    assert "Café-overleg kost € 50; “graag”" in outcome.submissions[0].text
    assert outcome.submissions[0].name == "Jan de Vries"
    assert outcome.submissions[0].organisation == "Stichting Jeugdformaat"
    assert outcome.submissions[2].source == "reacties/formulier.csv, regel 4"
    assert outcome.warnings == []


def test_flexible_column_names_and_unknown_columns_reported(tmp_path):
    path = tmp_path / "export.csv"
    columns = {
        "naam": "Indiener",
        "organisatie": "Namens organisatie",
        "paragraaf": "§",
        "tekst": "Opmerking",
        "email": "E-mailadres",
    }
    write_csv(path, reactions(3), columns, "utf-8", ",")
    outcome = read_csv(path.read_bytes(), "export.csv")
    assert len(outcome.submissions) == 3
    assert outcome.submissions[1].section_number == "§ 1.1"
    assert outcome.warnings == [
        "export.csv: kolom 'E-mailadres' is niet herkend en wordt overgeslagen."
    ]


def test_quoted_fields_with_separators_and_newlines(tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes(
        b'naam;paragraaf;reactie\r\n"Jansen; P.";1.1;"Eerste regel\r\ntweede; regel"\r\n'
    )
    [submission] = read_csv(path.read_bytes(), "r.csv").submissions
    assert submission.name == "Jansen; P."
    assert submission.text == "Eerste regel\ntweede; regel"


def test_malformed_csv_is_refused_in_dutch():
    broken = b'naam;paragraaf;reactie\r\nJan;1.1;"niet afgesloten\r\n'
    with pytest.raises(ContentError) as error:
        read_csv(broken, "kapot.csv")
    assert "niet goed opgebouwd" in error.value.format_message()
    assert "Er is niets ingelezen" in error.value.format_message()
    too_many = b"naam;paragraaf;reactie\r\nJan;1.1;goed\r\nPiet;2.1;een;twee;drie\r\n"
    with pytest.raises(ContentError) as error:
        read_csv(too_many, "veld.csv")
    assert "veld.csv, regel 3: deze rij heeft 5 velden, maar de kop heeft er 3" in (
        error.value.format_message()
    )
    with pytest.raises(ContentError) as error:
        read_csv(b"\x00\x01\x02binary", "bin.csv")
    assert "geen tekst" in error.value.format_message()


def test_xlsx_reactions(tmp_path):
    path = tmp_path / "formulier.xlsx"
    rows = reactions(4)
    write_xlsx(path, rows, COLUMNS)
    outcome = read_xlsx(path.read_bytes(), "formulier.xlsx")
    assert [i.text for i in outcome.submissions] == [r["tekst"] for r in rows]
    assert outcome.submissions[0].source == "formulier.xlsx, rij 2"


def test_xlsx_without_needed_columns_is_refused(tmp_path):
    path = tmp_path / "verkeerd.xlsx"
    write_xlsx(path, reactions(2), {"naam": "Naam", "organisatie": "Organisatie"})
    with pytest.raises(ContentError) as error:
        read_xlsx(path.read_bytes(), "verkeerd.xlsx")
    raw_message = error.value.format_message()
    assert "ontbreken kolommen" in raw_message
    assert "geen kolom voor paragraaf" in raw_message
    assert "geen kolom voor tekst" in raw_message
    assert "gevonden kolommen: 'Naam', 'Organisatie'" in raw_message


def test_word_comments_with_anchor_and_heading():
    content = docx_with_comments(
        None,
        [
            ("Dat is het moment", "Dit is te vaag.", "Jan de Vries"),
            ("De lokale teams", "Ook voor jongeren boven 18?", "GGD"),
        ],
    )
    outcome = read_docx(content, "terug.docx")
    first, second = outcome.submissions
    assert first.text == "Dit is te vaag."
    assert first.name == "Jan de Vries"
    assert first.quote == "Dat is het moment om de inkoop opnieuw in te richten."
    assert first.section_number == "Aanleiding"
    assert second.section_number == "Lokale teams"
    assert second.paragraph == "De lokale teams zijn er voor iedereen."


def encrypted(package: bytes) -> bytes:
    """The package with every entry marked as encrypted (as a password-protected zip)."""
    out = bytearray(package)
    position = out.find(b"PK\x01\x02")  # central directory entries
    while position != -1:
        out[position + 8] |= 0x01  # general purpose flag: encrypted
        position = out.find(b"PK\x01\x02", position + 4)
    return bytes(out)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda b: b[: len(b) // 2], "beschadigd"),
        (lambda b: b"dit is geen zip", "beschadigd"),
        (zip_bomb, "zip-bom"),
        (with_xxe, "DOCTYPE of ENTITY"),
        (encrypted, "kan niet worden gelezen"),
    ],
    ids=["afgebroken", "geen-zip", "zip-bom", "xxe", "versleuteld"],
)
def test_hostile_or_corrupt_word_files_are_refused(make, message):
    good = docx_with_comments(None, [("Dat is het moment", "Prima.", "Jan")])
    with pytest.raises(ContentError) as error:
        read_docx(make(good), "terug.docx")
    assert message in error.value.format_message()
    assert "Er is niets ingelezen" in error.value.format_message()


def test_excel_separator_hint_line(tmp_path):
    content = "sep=;\r\nNaam;Paragraaf;Reactie\r\nJan;1.1;Goed plan, één vraag\r\n".encode("cp1252")
    [submission] = read_csv(content, "excel.csv").submissions
    assert submission.text == "Goed plan, één vraag"
    assert submission.source == "excel.csv, regel 3"


def test_xlsx_with_external_entity_is_refused(tmp_path):
    path = tmp_path / "formulier.xlsx"
    write_xlsx(path, reactions(2), COLUMNS)

    xxe = replace_part(
        path.read_bytes(),
        "xl/sharedStrings.xml",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&e;</t>'
        b"</si></sst>",
    )
    with pytest.raises(ContentError) as error:
        read_xlsx(xxe, "formulier.xlsx")
    assert "DOCTYPE of ENTITY" in error.value.format_message()


def test_line_numbers_count_line_breaks_inside_fields():
    content = (
        b'naam;paragraaf;reactie\r\nJan;1.1;"een\r\ntwee\r\ndrie"\r\n'
        b"Piet;2.1;kort\r\nKees;2.1;een;twee\r\n"
    )
    with pytest.raises(ContentError) as error:
        read_csv(content, "r.csv")
    assert "r.csv, regel 6: deze rij heeft 4 velden" in error.value.format_message()
    good = read_csv(content.rsplit(b"Kees", 1)[0], "r.csv").submissions
    assert [i.source for i in good] == ["r.csv, regel 2", "r.csv, regel 5"]


def test_word_file_with_more_comments_than_a_form_has_rows_is_refused():
    """Each comment carries a quote of up to 2,000 characters: 20,001 comments that all
    point at the same long text would hold 40 MB of copies, and more comments more."""
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    comments = "".join(
        f'<w:comment w:id="{n}"><w:p><w:r><w:t>Reactie {n}</w:t></w:r></w:p></w:comment>'
        for n in range(20_001)
    )
    good = docx_with_comments(None, [("Dat is het moment", "Prima.", "Jan")])
    hostile = replace_part(
        good, "word/comments.xml", f"<w:comments {w}>{comments}</w:comments>".encode()
    )
    with pytest.raises(ContentError) as error:
        read_docx(hostile, "terug.docx")
    assert "te veel opmerkingen" in error.value.format_message()
    assert "hoogstens 20000 opmerkingen" in error.value.format_message()
    assert "Er is niets ingelezen" in error.value.format_message()


def test_xlsx_whose_cells_together_hold_too_much_text_is_refused():
    """Each cell under the cap, but 200 rows of one shared text of 120,000 characters are
    24 million characters to clean and store."""
    from tests.readers.reactie_bestanden import xlsx_with_one_shared_text

    with pytest.raises(ContentError) as error:
        read_xlsx(xlsx_with_one_shared_text(200, 120_000), "herhaald.xlsx")
    message = error.value.format_message()
    assert "Dit Excel-bestand is te groot om als reacties in te lezen" in message
    assert "hebben samen meer dan 20 miljoen tekens" in message
