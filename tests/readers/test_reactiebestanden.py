"""Reading reaction files: encodings, separators, column names, Word comments, hostile files."""

from __future__ import annotations

import pytest

from regiovisie_builder.errors import ContentError
from regiovisie_builder.readers.reactiebestanden import lees_csv, lees_docx, lees_xlsx
from tests.readers.reactie_bestanden import (
    docx_with_comments,
    reactions,
    with_xxe,
    write_csv,
    write_xlsx,
    zip_bomb,
)

KOLOMMEN = {
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
    write_csv(path, rows, KOLOMMEN, encoding, delimiter)
    uitkomst = lees_csv(path.read_bytes(), "reacties/formulier.csv")
    assert [i.tekst for i in uitkomst.inzendingen] == [r["tekst"] for r in rows]
    assert "Café-overleg kost € 50; “graag”" in uitkomst.inzendingen[0].tekst
    assert uitkomst.inzendingen[0].naam == "Jan de Vries"
    assert uitkomst.inzendingen[0].organisatie == "Stichting Jeugdformaat"
    assert uitkomst.inzendingen[2].bron == "reacties/formulier.csv, regel 4"
    assert uitkomst.waarschuwingen == []


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
    uitkomst = lees_csv(path.read_bytes(), "export.csv")
    assert len(uitkomst.inzendingen) == 3
    assert uitkomst.inzendingen[1].paragraaf == "§ 1.1"
    assert uitkomst.waarschuwingen == [
        "export.csv: kolom 'E-mailadres' is niet herkend en wordt overgeslagen."
    ]


def test_quoted_fields_with_separators_and_newlines(tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes(
        b'naam;paragraaf;reactie\r\n"Jansen; P.";1.1;"Eerste regel\r\ntweede; regel"\r\n'
    )
    [inzending] = lees_csv(path.read_bytes(), "r.csv").inzendingen
    assert inzending.naam == "Jansen; P."
    assert inzending.tekst == "Eerste regel\ntweede; regel"


def test_malformed_csv_is_refused_in_dutch():
    kapot = b'naam;paragraaf;reactie\r\nJan;1.1;"niet afgesloten\r\n'
    with pytest.raises(ContentError) as fout:
        lees_csv(kapot, "kapot.csv")
    assert "niet goed opgebouwd" in fout.value.format_message()
    assert "Er is niets ingelezen" in fout.value.format_message()
    te_veel = b"naam;paragraaf;reactie\r\nJan;1.1;goed\r\nPiet;2.1;een;twee;drie\r\n"
    with pytest.raises(ContentError) as fout:
        lees_csv(te_veel, "veld.csv")
    assert "veld.csv, regel 3: deze rij heeft 5 velden, maar de kop heeft er 3" in (
        fout.value.format_message()
    )
    with pytest.raises(ContentError) as fout:
        lees_csv(b"\x00\x01\x02binary", "bin.csv")
    assert "geen tekst" in fout.value.format_message()


def test_xlsx_reactions(tmp_path):
    path = tmp_path / "formulier.xlsx"
    rows = reactions(4)
    write_xlsx(path, rows, KOLOMMEN)
    uitkomst = lees_xlsx(path.read_bytes(), "formulier.xlsx")
    assert [i.tekst for i in uitkomst.inzendingen] == [r["tekst"] for r in rows]
    assert uitkomst.inzendingen[0].bron == "formulier.xlsx, rij 2"


def test_xlsx_without_needed_columns_is_refused(tmp_path):
    path = tmp_path / "verkeerd.xlsx"
    write_xlsx(path, reactions(2), {"naam": "Naam", "organisatie": "Organisatie"})
    with pytest.raises(ContentError) as fout:
        lees_xlsx(path.read_bytes(), "verkeerd.xlsx")
    bericht = fout.value.format_message()
    assert "ontbreken kolommen" in bericht
    assert "geen kolom voor paragraaf" in bericht
    assert "geen kolom voor tekst" in bericht
    assert "gevonden kolommen: 'Naam', 'Organisatie'" in bericht


def test_word_comments_with_anchor_and_heading():
    inhoud = docx_with_comments(
        None,
        [
            ("Dat is het moment", "Dit is te vaag.", "Jan de Vries"),
            ("De lokale teams", "Ook voor jongeren boven 18?", "GGD"),
        ],
    )
    uitkomst = lees_docx(inhoud, "terug.docx")
    eerste, tweede = uitkomst.inzendingen
    assert eerste.tekst == "Dit is te vaag."
    assert eerste.naam == "Jan de Vries"
    assert eerste.citaat == "Dat is het moment om de inkoop opnieuw in te richten."
    assert eerste.paragraaf == "Aanleiding"
    assert tweede.paragraaf == "Lokale teams"
    assert tweede.alinea == "De lokale teams zijn er voor iedereen."


def encrypted(pakket: bytes) -> bytes:
    """The package with every entry marked as encrypted (as a password-protected zip)."""
    uit = bytearray(pakket)
    positie = uit.find(b"PK\x01\x02")  # central directory entries
    while positie != -1:
        uit[positie + 8] |= 0x01  # general purpose flag: encrypted
        positie = uit.find(b"PK\x01\x02", positie + 4)
    return bytes(uit)


@pytest.mark.parametrize(
    ("maak", "melding"),
    [
        (lambda b: b[: len(b) // 2], "beschadigd"),
        (lambda b: b"dit is geen zip", "beschadigd"),
        (zip_bomb, "zip-bom"),
        (with_xxe, "DOCTYPE of ENTITY"),
        (encrypted, "kan niet worden gelezen"),
    ],
    ids=["afgebroken", "geen-zip", "zip-bom", "xxe", "versleuteld"],
)
def test_hostile_or_corrupt_word_files_are_refused(maak, melding):
    goed = docx_with_comments(None, [("Dat is het moment", "Prima.", "Jan")])
    with pytest.raises(ContentError) as fout:
        lees_docx(maak(goed), "terug.docx")
    assert melding in fout.value.format_message()
    assert "Er is niets ingelezen" in fout.value.format_message()


def test_excel_separator_hint_line(tmp_path):
    inhoud = "sep=;\r\nNaam;Paragraaf;Reactie\r\nJan;1.1;Goed plan, één vraag\r\n".encode("cp1252")
    [inzending] = lees_csv(inhoud, "excel.csv").inzendingen
    assert inzending.tekst == "Goed plan, één vraag"
    assert inzending.bron == "excel.csv, regel 3"


def test_xlsx_with_external_entity_is_refused(tmp_path):
    path = tmp_path / "formulier.xlsx"
    write_xlsx(path, reactions(2), KOLOMMEN)
    from tests.readers.reactie_bestanden import replace_part

    xxe = replace_part(
        path.read_bytes(),
        "xl/sharedStrings.xml",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&e;</t>'
        b"</si></sst>",
    )
    with pytest.raises(ContentError) as fout:
        lees_xlsx(xxe, "formulier.xlsx")
    assert "DOCTYPE of ENTITY" in fout.value.format_message()


def test_line_numbers_count_line_breaks_inside_fields():
    inhoud = (
        b'naam;paragraaf;reactie\r\nJan;1.1;"een\r\ntwee\r\ndrie"\r\n'
        b"Piet;2.1;kort\r\nKees;2.1;een;twee\r\n"
    )
    with pytest.raises(ContentError) as fout:
        lees_csv(inhoud, "r.csv")
    assert "r.csv, regel 6: deze rij heeft 4 velden" in fout.value.format_message()
    goed = lees_csv(inhoud.rsplit(b"Kees", 1)[0], "r.csv").inzendingen
    assert [i.bron for i in goed] == ["r.csv, regel 2", "r.csv, regel 5"]
