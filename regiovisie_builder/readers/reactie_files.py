"""Read consultation reactions: csv/xlsx exports of a response form, Word files with comments.

Readers take bytes (the command layer reads the files) and return raw submissions; linking
them to the document and giving them ids happens in ``consultatie/reacties.py``. A file that
cannot be read raises ``ContentError`` with a Dutch message; unknown columns are warnings.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from regiovisie_builder.dutch import counted
from regiovisie_builder.errors import ContentError, Problem
from regiovisie_builder.readers.ooxml import Package

# Column name (normalised) -> field. Form tools name their columns in many ways.
COLUMNS: dict[str, str] = {}
for _field, _names in {
    "naam": "naam, indiener, name, ingediend door, afzender, uw naam, naam indiener, "
    "volledige naam, contactpersoon",
    "organisatie": "organisatie, organisation, organization, namens, namens organisatie, "
    "bedrijf, instelling, naam organisatie, uw organisatie",
    "soort": "soort indiener, type, soort, type indiener, hoedanigheid, rol, categorie, "
    "ik reageer als, u reageert als",
    "paragraaf": "paragraaf, par, §, paragraph, section, paragraafnummer, hoofdstuk paragraaf, "
    "onderdeel, over paragraaf, blok, tekstonderdeel",
    "tekst": "reactie, opmerking, tekst, text, comment, zienswijze, inbreng, uw reactie, "
    "toelichting, vraag of opmerking, reactie of vraag",
}.items():
    for _name in _names.split(","):
        COLUMNS[_name.strip()] = _field
REQUIRED = ("paragraaf", "tekst")


@dataclass(frozen=True)
class Submission:
    """One reaction as submitted, before it is linked to the document."""

    source: str  # file and row or comment, for messages and the answers file
    name: str
    organisation: str
    soort: str
    section_number: str  # as typed in the form; for Word comments the heading it sits under
    text: str
    quote: str = ""  # the text a Word comment is anchored to
    paragraph: str = ""  # the whole paragraph a Word comment sits in
    anchors: tuple[str, ...] = ()  # bookmarks of the headings above a Word comment


@dataclass
class Reading:
    """What one file gave: submissions and warnings."""

    submissions: list[Submission] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def normalise_column(name: str) -> str:
    name = name.replace("\ufeff", "").strip().lower()
    name = re.sub(r"[^\w§]+", " ", name)
    return " ".join(name.split())


# Line breaks in the forms Excel, Word and old Macs write them (U+000B is a soft line break
# in an Excel cell or a Word text), and characters no document can hold: C0 control
# characters, lone surrogates, U+FFFE/U+FFFF.
_LINE_END = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """``text`` with every line break as ``\\n`` and other control characters dropped.

    Used on import and again on reactions read back from antwoorden.yaml, so one reaction
    pasted from Excel or Word can never stop a later run.
    """
    return _CONTROL_CHARACTERS.sub("", _LINE_END.sub("\n", text))


def _clean(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(str(value)).strip()


# --- tables (csv, xlsx) -----------------------------------------------------------------


def _column_layout(heading: list, file: str) -> tuple[dict[str, int], list[str]]:
    """Map fields to column indexes; unknown column names become warnings."""
    layout: dict[str, int] = {}
    unknown = []
    for index, name in enumerate(heading):
        field = COLUMNS.get(normalise_column(_clean(name)))
        if field and field not in layout:
            layout[field] = index
        elif _clean(name):
            unknown.append(_clean(name))
    missing = [v for v in REQUIRED if v not in layout]
    if missing:
        found = ", ".join(f"'{_clean(k)}'" for k in heading if _clean(k)) or "geen"
        examples = {"paragraaf": "'Paragraaf' of '§'", "tekst": "'Reactie' of 'Opmerking'"}
        raise ContentError(
            "In de kop van de tabel ontbreken kolommen die nodig zijn. Er is niets ingelezen.",
            [
                Problem(
                    file,
                    1,
                    f"geen kolom voor {field} (bijvoorbeeld {examples[field]}); "
                    f"gevonden kolommen: {found}.",
                )
                for field in missing
            ],
        )
    warnings = [
        f"{file}: kolom '{name}' is niet herkend en wordt overgeslagen." for name in unknown
    ]
    return layout, warnings


def _from_rows(rows, file: str, unit: str = "regel", numbers=None) -> Reading:
    """Submissions from table rows (header first); empty rows are skipped.

    ``numbers`` gives each row's line number when rows and lines differ (csv fields with
    line breaks); by default row i is line i.
    """
    rows = iter(list(zip(numbers or range(1, len(rows) + 1), rows, strict=True)))
    heading = None
    for _, row in rows:
        if any(_clean(c) for c in row):
            heading = list(row)
            break
    if heading is None:
        raise ContentError(
            "Het bestand met reacties is leeg. Er is niets ingelezen.",
            [Problem(file, None, "er staat geen kopregel en geen reactie in.")],
        )
    layout, warnings = _column_layout(heading, file)
    outcome = Reading(warnings=warnings)
    problems = []
    for number, row in rows:
        row = list(row)
        if not any(_clean(c) for c in row):
            continue
        if len(row) > len(heading) and any(_clean(c) for c in row[len(heading) :]):
            problems.append(
                Problem(
                    file,
                    number,
                    f"deze rij heeft {len(row)} velden, maar de kop heeft er {len(heading)}; "
                    "staat er een scheidingsteken of aanhalingsteken te veel in?",
                )
            )
            continue

        def field(name: str, row=row) -> str:
            index = layout.get(name)
            return _clean(row[index]) if index is not None and index < len(row) else ""

        if not field("tekst"):
            outcome.warnings.append(f"{file}, {unit} {number}: reactie is leeg.")
            continue
        outcome.submissions.append(
            Submission(
                source=f"{file}, {unit} {number}",
                name=field("naam"),
                organisation=field("organisatie"),
                soort=field("soort"),
                section_number=field("paragraaf"),
                text=field("tekst"),
            )
        )
    if problems:
        raise ContentError(
            "Het bestand met reacties is niet goed opgebouwd "
            f"({counted(len(problems), 'rij', 'rijen')}). "
            "Er is niets ingelezen.",
            problems,
        )
    return outcome


def _decode(content: bytes, file: str) -> str:
    if b"\x00" in content[:4096]:
        raise ContentError(
            "Dit csv-bestand is geen tekst. Er is niets ingelezen.",
            [Problem(file, None, "exporteer de reacties opnieuw als csv (UTF-8).")],
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ContentError(
        "De tekenset van dit csv-bestand is niet te herkennen. Er is niets ingelezen.",
        [Problem(file, None, "exporteer de reacties opnieuw als csv (UTF-8).")],
    )


def _separator(text: str) -> str:
    monster = text[:8192]
    try:
        return csv.Sniffer().sniff(monster, delimiters=";,\t").delimiter
    except csv.Error:
        heading_line = monster.split("\n", 1)[0]
        return max(";,\t", key=heading_line.count)


def _csv_message(error: str) -> str:
    """The csv module's English error in plain Dutch."""
    if "unexpected end of data" in error:
        return "een aanhalingsteken wordt niet afgesloten; controleer de aanhalingstekens."
    if "expected after" in error:
        return "na een afsluitend aanhalingsteken hoort een scheidingsteken te staan."
    if "NUL" in error:
        return "de regel bevat een nul-teken; dit lijkt geen tekstbestand."
    if "field limit" in error:
        return "een veld is te lang; staat er een aanhalingsteken te veel in?"
    return "deze regel kan niet worden gelezen; controleer de aanhalingstekens."


def read_csv(content: bytes, file: str) -> Reading:
    """Reactions from a csv export (UTF-8 with or without BOM, or Windows-1252; ; , or tab)."""
    text = _decode(content, file)
    # Excel writes a "sep=;" line first when asked to; it names the separator.
    first, _, rest = text.partition("\n")
    if re.fullmatch(r"sep=.\r?", first):
        reader = csv.reader(io.StringIO(rest, newline=""), delimiter=first[4], strict=True)
        return _read_rows(reader, file, first_line=2)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_separator(text), strict=True)
    return _read_rows(reader, file)


def _read_rows(reader, file: str, first_line: int = 1) -> Reading:
    rows, numbers = [], []
    begin = first_line
    filled = 0
    try:
        for row in reader:
            # The caps of an Excel sheet (``MAX_ROWS``, ``MAX_COLUMNS``): without them 18 MB
            # of "1.1;a" lines or of separators took more than 1.5 GB.
            if len(row) > MAX_COLUMNS:
                if any(c.strip() for c in row[MAX_COLUMNS:]):
                    raise _TooLarge(
                        f"regel {begin} heeft iets in kolom {len(row)}; er worden hoogstens "
                        f"{MAX_COLUMNS} kolommen gelezen"
                    )
                row = row[:MAX_COLUMNS]
            filled += any(c.strip() for c in row)
            if filled > MAX_ROWS + 1:  # and the heading
                raise _TooLarge(
                    f"er staan meer dan {MAX_ROWS} reacties in; er worden hoogstens "
                    f"{MAX_ROWS} rijen gelezen"
                )
            rows.append(row)
            numbers.append(begin)  # the line a row starts on
            begin = reader.line_num + first_line
    except csv.Error as error:
        raise ContentError(
            "Dit csv-bestand is niet goed opgebouwd. Er is niets ingelezen.",
            [Problem(file, reader.line_num + first_line - 1, _csv_message(str(error)))],
        ) from None
    except _TooLarge as error:
        raise ContentError(
            "Dit csv-bestand is te groot om als reacties in te lezen. Er is niets ingelezen.",
            [Problem(file, None, f"{error}. Haal lege of overbodige rijen en kolommen weg.")],
        ) from None
    return _from_rows(rows, file, numbers=numbers)


# An export of a response form has a handful of columns and at most thousands of rows; the
# caps keep a sheet that claims (or holds) a million rows from filling the memory.
MAX_ROWS = 20_000
MAX_COLUMNS = 100
# A cell can point at a shared string: one long text in the file, repeated in every row
# that names it. Characters in one cell (as many as in a csv field) and in all cells read.
MAX_CELL = 131_072
MAX_TEXT = 20_000_000
_EXCEL_ROWS = 1_048_576  # the most rows Excel itself allows


def read_xlsx(content: bytes, file: str) -> Reading:
    """Reactions from the first sheet of an Excel export.

    The sheet is streamed (openpyxl read-only) and its declared size is ignored: a sheet of a
    few kB can claim ``A1:XFD1048576``. Only real cells are read, within the caps above.
    """
    package = Package(content, file, "Excel-bestand")
    # Every part, whatever its name (a relationship can point a sheet at "blad.png"), is
    # checked for a DTD before openpyxl parses anything; .xml and .rels must be valid XML.
    for name in sorted(package.names):
        package.check(name, strict=name.endswith((".xml", ".rels")))
    from openpyxl import load_workbook

    rows, numbers = [], []
    characters = 0
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            sheet.reset_dimensions()  # the declared size can lie
            # Without a declared size each row is as wide as its last real cell, and a gap
            # of missing rows costs one empty tuple per row.
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                if number > _EXCEL_ROWS:
                    raise _TooLarge("het werkblad heeft meer rijen dan Excel toestaat")
                if all(_empty(c) for c in row):
                    continue
                if number > MAX_ROWS:
                    raise _TooLarge(
                        f"er staat iets in rij {number}; er worden hoogstens {MAX_ROWS} "
                        "rijen gelezen"
                    )
                if not all(_empty(c) for c in row[MAX_COLUMNS:]):
                    raise _TooLarge(
                        f"rij {number} heeft iets in kolom {len(row)}; er worden hoogstens "
                        f"{MAX_COLUMNS} kolommen gelezen"
                    )
                row = row[:MAX_COLUMNS]
                for value in row:
                    if isinstance(value, str):
                        if len(value) > MAX_CELL:
                            raise _TooLarge(
                                f"rij {number} heeft een cel met meer dan {MAX_CELL} tekens"
                            )
                        characters += len(value)
                if characters > MAX_TEXT:
                    raise _TooLarge(
                        f"de cellen tot en met rij {number} hebben samen meer dan "
                        f"{MAX_TEXT // 1_000_000} miljoen tekens"
                    )
                rows.append(row)
                numbers.append(number)
        finally:
            book.close()
    except _TooLarge as error:
        raise ContentError(
            "Dit Excel-bestand is te groot om als reacties in te lezen. Er is niets ingelezen.",
            [Problem(file, None, f"{error}. Haal lege of overbodige rijen en kolommen weg.")],
        ) from None
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        raise ContentError(
            "Dit Excel-bestand kan niet worden gelezen. Er is niets ingelezen.",
            [
                Problem(
                    file,
                    None,
                    "het werkblad is beschadigd of bevat een waarde die niet te lezen is; "
                    "sla het bestand in Excel opnieuw op.",
                )
            ],
        ) from None
    # Every row as wide as the columns actually used, like the sheet Excel shows.
    width = max((i + 1 for row in rows for i, c in enumerate(row) if not _empty(c)), default=0)
    rows = [list(r[:width]) + [None] * (width - len(r)) for r in rows]
    return _from_rows(rows, file, "rij", numbers=numbers)


def _empty(value) -> bool:
    return value is None or value == ""


class _TooLarge(Exception):
    """A sheet beyond the caps of ``read_xlsx``."""


# --- Word comments --------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# The text a comment points at is shown in the nota; a longer stretch is cut off with "…".
MAX_QUOTE = 2000


def _heading_level(p) -> int | None:
    style = p.find(f"{W}pPr/{W}pStyle")
    if style is None:
        return None
    name = (style.get(f"{W}val") or "").lower().replace(" ", "")
    found = re.fullmatch(r"(?:heading|kop)([1-9])", name)
    return int(found.group(1)) if found else None


def _events(root):
    """("start", element) and ("end", element) in document order, without recursion (a
    file from outside can nest elements thousands deep)."""
    yield "start", root
    stack = [(root, iter(root))]
    while stack:
        element, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            yield "end", element
        else:
            yield "start", child
            stack.append((child, iter(child)))


class _Paragraph:
    """A paragraph met during the walk: its own text (not that of paragraphs nested in it,
    as in a text box) and its bookmarks."""

    def __init__(self):
        self.pieces: list[str] = []
        self.anchors: list[str] = []
        self._text: str | None = None

    def text(self) -> str:
        if self._text is None:
            self._text = clean_text("".join(self.pieces)).strip()
        return self._text


@dataclass
class _Place:
    """Where a comment sits: its paragraph, the headings above it, and the stretches of
    text (start and end index into all texts) it points at."""

    paragraph: _Paragraph | None
    headings: dict[int, _Paragraph]
    stretches: list[tuple[int, int]] = field(default_factory=list)


def _comment_places(document) -> tuple[dict[str | None, _Place], Callable[[_Place], str]]:
    """Every comment's place, in one walk through the document.

    One walk, and a quote kept as positions rather than copied text: a file from outside
    with thousands of open comment ranges, or paragraphs nested thousands deep, would
    otherwise take time and memory that grow with the square of its size.
    """
    texts: list[str] = []
    places: dict[str | None, _Place] = {}
    open_since: dict[str | None, int] = {}
    headings: dict[int, _Paragraph] = {}
    inside: list[_Paragraph] = []
    for event, node in _events(document):
        tag = node.tag
        if event == "end":
            if tag == f"{W}p":
                inside.pop()
            continue
        if tag == f"{W}p":
            paragraph = _Paragraph()
            inside.append(paragraph)
            level = _heading_level(node)
            if level is not None:
                headings = {n: k for n, k in headings.items() if n < level}
                headings[level] = paragraph
        elif tag == f"{W}t":
            texts.append(node.text or "")
            if inside:
                inside[-1].pieces.append(node.text or "")
        elif tag == f"{W}bookmarkStart":
            if inside:
                inside[-1].anchors.append(node.get(f"{W}name", ""))
        elif tag in (f"{W}commentRangeStart", f"{W}commentReference"):
            key = node.get(f"{W}id")
            if key not in places:
                places[key] = _Place(inside[-1] if inside else None, dict(headings))
            if tag == f"{W}commentRangeStart":
                open_since.setdefault(key, len(texts))
        elif tag == f"{W}commentRangeEnd":
            key = node.get(f"{W}id")
            if key in open_since:
                places[key].stretches.append((open_since.pop(key), len(texts)))
    for key, start in open_since.items():  # never closed: up to the end of the document
        places[key].stretches.append((start, len(texts)))

    whole = "".join(texts)
    offsets = [0]
    for text in texts:
        offsets.append(offsets[-1] + len(text))

    def quote(place: _Place) -> str:
        """The text a comment points at, at most ``MAX_QUOTE`` characters of it."""
        out = ""
        for start, end in place.stretches:
            begin = offsets[start]
            out += whole[begin : min(offsets[end], begin + MAX_QUOTE + 1 - len(out))]
            if len(out) > MAX_QUOTE:
                return clean_text(out[:MAX_QUOTE]).strip() + "…"
        return clean_text(out).strip()

    return places, quote


def _comments(root) -> list[tuple[Element, str]]:
    """Each comment (its element) with its text, a line per paragraph, in one walk: nested
    paragraphs or comments are each read once."""
    found: list[tuple[Element, list[_Paragraph]]] = []
    open_comments: list[list[_Paragraph]] = []
    inside: list[_Paragraph] = []
    for event, node in _events(root):
        tag = node.tag
        if tag == f"{W}comment":
            if event == "start":
                found.append((node, []))
                open_comments.append(found[-1][1])
            else:
                open_comments.pop()
        elif tag == f"{W}p":
            if event == "start":
                inside.append(_Paragraph())
                if open_comments:
                    open_comments[-1].append(inside[-1])
            else:
                inside.pop()
        elif tag == f"{W}t" and event == "start" and inside:
            inside[-1].pieces.append(node.text or "")
    return [(c, "\n".join(t for p in paragraphs if (t := p.text()))) for c, paragraphs in found]


def read_docx(content: bytes, file: str) -> Reading:
    """Reactions from the comments in a returned Word file, with the text they point at."""
    package = Package(content, file)
    document = package.xml("word/document.xml")
    if document is None:
        raise ContentError(
            "Dit bestand is geen Word-document. Er is niets ingelezen.",
            [Problem(file, None, "word/document.xml ontbreekt.")],
        )
    comments = package.xml("word/comments.xml")
    outcome = Reading()
    if comments is None:
        outcome.warnings.append(f"{file}: het document bevat geen opmerkingen.")
        return outcome
    organisation = ""
    app = package.xml("docProps/app.xml")
    if app is not None:
        company = app.find(
            "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}Company"
        )
        organisation = clean_text(company.text or "").strip() if company is not None else ""

    places, quote = _comment_places(document)
    for comment, text in _comments(comments):
        key = comment.get(f"{W}id")
        if not text:
            continue
        if len(outcome.submissions) >= MAX_ROWS:  # each carries a quote of up to MAX_QUOTE
            raise ContentError(
                "Dit Word-bestand heeft te veel opmerkingen om als reacties in te lezen. "
                "Er is niets ingelezen.",
                [Problem(file, None, f"er worden hoogstens {MAX_ROWS} opmerkingen gelezen.")],
            )
        where = places.get(key, _Place(None, {}))
        nearest = [where.headings[n] for n in sorted(where.headings, reverse=True)]
        outcome.submissions.append(
            Submission(
                source=f"{file}, opmerking {key}",
                name=clean_text(comment.get(f"{W}author") or "").strip(),
                organisation=organisation,
                soort="",
                section_number=nearest[0].text() if nearest else "",
                text=text,
                quote=quote(where),
                paragraph=where.paragraph.text() if where.paragraph else "",
                anchors=tuple(a for heading in nearest for a in heading.anchors),
            )
        )
    return outcome


READERS = {".csv": read_csv, ".xlsx": read_xlsx, ".docx": read_docx}
