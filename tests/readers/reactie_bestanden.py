"""Reaction files as a consultation brings them in, made in the test: csv, xlsx, Word."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from tests.conftest import run_cli_capped

# (naam, organisatie, soort, paragraaf, tekst); paragraph numbers of the example workspace.
SUBJECTS = [
    ("1.1", "De aanleiding is helder, maar noem ook de wachtlijsten."),
    ("§ 1.1", "Graag een voorbeeld van een lokale afspraak."),
    ("2.1", "Hoe worden jongeren betrokken bij de uitvoering?"),
    ("paragraaf 2.2", "De rol van de huisarts mag sterker."),
    ("3.1", "Wat betekent dit voor de wijkteams in Velsen?"),
    ("Aanleiding", "Zeg duidelijker wat er verandert voor ouders."),
    (
        "inleiding-aanleiding",
        "De looptijd van negen jaar is lang; is tussentijds evalueren mogelijk?",
    ),
    ("99.9", "Een algemene opmerking over de leesbaarheid."),
]
PERSONS = ["Jan de Vries", "Noëlle Ünal", "Piet Jansen", "Anouk Bakker", "Sem Visser"]
ORGANISATIONS = ["Stichting Jeugdformaat", "GGD Kennemerland", "Veilig Thuis Kennemerland"]


def reactions(count: int, begin: int = 0) -> list[dict]:
    """``count`` distinct reactions: private persons and organisations mixed."""
    rows = []
    for i in range(begin, begin + count):
        section_number, subject = SUBJECTS[i % len(SUBJECTS)]
        organisation = ORGANISATIONS[(i // 3) % len(ORGANISATIONS)] if i % 3 == 0 else ""
        rows.append(
            {
                "naam": PERSONS[i % len(PERSONS)],
                "organisatie": organisation,
                "soort": "aanbieder" if organisation else "ouder",
                "paragraaf": section_number,
                "tekst": f"Reactie {i + 1}: {subject} Café-overleg kost € 50; “graag” reageren.",
            }
        )
    return rows


def write_csv(path: Path, rows, columns: dict[str, str], encoding: str, delimiter: str) -> None:
    """Write rows with the given column names (field -> header) in an encoding."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns.values())
    for row in rows:
        writer.writerow([row.get(field, "") for field in columns])
    path.write_bytes(buffer.getvalue().encode(encoding))


def write_xlsx(path: Path, rows, columns: dict[str, str]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(columns.values()))
    for row in rows:
        sheet.append([row.get(field, "") for field in columns])
    book.save(path)


def docx_with_comments(source: Path | None, comments: list[tuple[str, str, str]]) -> bytes:
    """A Word file (``source`` or a small new one) with comments anchored to text.

    ``comments``: (text of the paragraph to anchor to, comment text, author).
    """
    import docx

    document = docx.Document(str(source)) if source else docx.Document()
    if source is None:
        document.add_heading("Inleiding", 1)
        document.add_heading("Aanleiding", 2)
        document.add_paragraph("Dat is het moment om de inkoop opnieuw in te richten.")
        document.add_heading("Toegang", 1)
        document.add_heading("Lokale teams", 2)
        document.add_paragraph("De lokale teams zijn er voor iedereen.")
    for anchor, text, author in comments:
        paragraph = next(p for p in document.paragraphs if anchor in p.text)
        document.add_comment(paragraph.runs, text=text, author=author, initials="X")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def replace_part(package: bytes, name: str, content: bytes) -> bytes:
    """A copy of a zip package with one part replaced (or added)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info.filename))
        target.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def zip_bomb(package: bytes) -> bytes:
    """A Word file whose document part unpacks to 20 MB of nothing (ratio > 1000)."""
    return replace_part(package, "word/document.xml", b" " * (20 * 1024 * 1024))


def with_xxe(package: bytes) -> bytes:
    """A Word file whose comments part declares an external entity (XXE)."""
    xml = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<!DOCTYPE w:comments [<!ENTITY geheim SYSTEM "file:///etc/passwd">]>'
        b'<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b'<w:comment w:id="0" w:author="X"><w:p><w:r><w:t>&geheim;</w:t></w:r></w:p>'
        b"</w:comment></w:comments>"
    )
    return replace_part(package, "word/comments.xml", xml)


def xlsx_with_one_shared_text(rows: int, size: int) -> bytes:
    """An Excel file of which every row's reaction is the same shared string of ``size``
    random letters: the file holds the text once, a reader that copies it per row
    ``rows`` times."""
    import random
    import string

    from openpyxl import Workbook

    text = "".join(random.Random(1).choices(string.ascii_letters + " ", k=size))
    book = Workbook()
    book.active.append(["x"])
    plain = io.BytesIO()
    book.save(plain)
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    sheet = (
        f'<worksheet xmlns="{main}"><sheetData><row r="1">'
        '<c r="A1" t="inlineStr"><is><t>Paragraaf</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Reactie</t></is></c></row>'
        + "".join(
            f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>1.1</t></is></c>'
            f'<c r="B{n}" t="s"><v>0</v></c></row>'
            for n in range(2, rows + 2)
        )
        + "</sheetData></worksheet>"
    )
    shared = f'<sst xmlns="{main}" count="1" uniqueCount="1"><si><t>{text}</t></si></sst>'
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    package = replace_part(plain.getvalue(), "xl/worksheets/sheet1.xml", sheet.encode())
    types = zipfile.ZipFile(io.BytesIO(package)).read("[Content_Types].xml")
    types = types.replace(
        b"</Types>",
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kind}"/></Types>'.encode(),
    )
    package = replace_part(package, "[Content_Types].xml", types)
    return replace_part(package, "xl/sharedStrings.xml", shared.encode())


def xlsx_with_empty_elements(count: int) -> bytes:
    """An Excel file whose sheet holds ``count`` hundred empty elements after its rows, with
    a comment of random letters between every hundred so the part does not pack like a zip
    bomb."""
    import random
    import string

    from openpyxl import Workbook

    letters = random.Random(1)
    filler = "".join(
        "<x/>" * 99 + "<!--" + "".join(letters.choices(string.ascii_letters, k=8)) + "-->"
        for _ in range(count)
    )
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    sheet = (
        f'<worksheet xmlns="{main}"><sheetData><row r="1">'
        '<c r="A1" t="inlineStr"><is><t>Paragraaf</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Reactie</t></is></c></row></sheetData>'
        f"{filler}</worksheet>"
    )
    book = Workbook()
    book.active.append(["x"])
    plain = io.BytesIO()
    book.save(plain)
    return replace_part(plain.getvalue(), "xl/worksheets/sheet1.xml", sheet.encode())


def assert_reactions_refused(werkmap: Path, *messages: str) -> None:
    """``regiovisie reactions`` under the time and memory cap: exit 2 with every one of
    ``messages``, no traceback, and no antwoorden.yaml written."""
    outcome = run_cli_capped("reactions", str(werkmap))
    assert outcome.returncode == 2, outcome.stderr[-3000:]
    for message in messages:
        assert message in outcome.stderr
    assert "Traceback" not in outcome.stderr
    assert not (werkmap / "reacties" / "antwoorden.yaml").exists()
