"""Read consultation reactions: csv/xlsx exports of a response form, Word files with comments.

Readers take bytes (the command layer reads the files) and return raw submissions; linking
them to the document and giving them ids happens in ``consultatie/reacties.py``. A file that
cannot be read raises ``ContentError`` with a Dutch message; unknown columns are warnings.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from regiovisie_builder.errors import ContentError, Probleem
from regiovisie_builder.readers.ooxml import Pakket

# Column name (normalised) -> field. Form tools name their columns in many ways.
KOLOMMEN: dict[str, str] = {}
for _veld, _namen in {
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
    for _naam in _namen.split(","):
        KOLOMMEN[_naam.strip()] = _veld
VERPLICHT = ("paragraaf", "tekst")


@dataclass(frozen=True)
class Inzending:
    """One reaction as submitted, before it is linked to the document."""

    bron: str  # file and row or comment, for messages and the answers file
    naam: str
    organisatie: str
    soort: str
    paragraaf: str  # as typed in the form; for Word comments the heading it sits under
    tekst: str
    citaat: str = ""  # the text a Word comment is anchored to
    alinea: str = ""  # the whole paragraph a Word comment sits in
    ankers: tuple[str, ...] = ()  # bookmarks of the headings above a Word comment


@dataclass
class Inlezing:
    """What one file gave: submissions and warnings."""

    inzendingen: list[Inzending] = field(default_factory=list)
    waarschuwingen: list[str] = field(default_factory=list)


def normaliseer_kolom(naam: str) -> str:
    naam = naam.replace("\ufeff", "").strip().lower()
    naam = re.sub(r"[^\w§]+", " ", naam)
    return " ".join(naam.split())


# Line breaks in the forms Excel, Word and old Macs write them (U+000B is a soft line break
# in an Excel cell or a Word text), and characters no document can hold: C0 control
# characters, lone surrogates, U+FFFE/U+FFFF.
_REGELEINDE = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_STUURTEKENS = re.compile("[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def schone_tekst(tekst: str) -> str:
    """``tekst`` with every line break as ``\\n`` and other control characters dropped.

    Used on import and again on reactions read back from antwoorden.yaml, so one reaction
    pasted from Excel or Word can never stop a later run.
    """
    return _STUURTEKENS.sub("", _REGELEINDE.sub("\n", tekst))


def _schoon(waarde) -> str:
    if waarde is None:
        return ""
    if isinstance(waarde, float) and waarde.is_integer():
        waarde = int(waarde)
    return schone_tekst(str(waarde)).strip()


# --- tables (csv, xlsx) -----------------------------------------------------------------


def _kolomindeling(kop: list, bestand: str) -> tuple[dict[str, int], list[str]]:
    """Map fields to column indexes; unknown column names become warnings."""
    indeling: dict[str, int] = {}
    onbekend = []
    for index, naam in enumerate(kop):
        veld = KOLOMMEN.get(normaliseer_kolom(_schoon(naam)))
        if veld and veld not in indeling:
            indeling[veld] = index
        elif _schoon(naam):
            onbekend.append(_schoon(naam))
    ontbreekt = [v for v in VERPLICHT if v not in indeling]
    if ontbreekt:
        gevonden = ", ".join(f"'{_schoon(k)}'" for k in kop if _schoon(k)) or "geen"
        voorbeelden = {"paragraaf": "'Paragraaf' of '§'", "tekst": "'Reactie' of 'Opmerking'"}
        raise ContentError(
            "In de kop van de tabel ontbreken kolommen die nodig zijn. Er is niets ingelezen.",
            [
                Probleem(
                    bestand,
                    1,
                    f"geen kolom voor {veld} (bijvoorbeeld {voorbeelden[veld]}); "
                    f"gevonden kolommen: {gevonden}.",
                )
                for veld in ontbreekt
            ],
        )
    waarschuwingen = [
        f"{bestand}: kolom '{naam}' is niet herkend en wordt overgeslagen." for naam in onbekend
    ]
    return indeling, waarschuwingen


def _uit_rijen(rijen, bestand: str, eenheid: str = "regel", nummers=None) -> Inlezing:
    """Submissions from table rows (header first); empty rows are skipped.

    ``nummers`` gives each row's line number when rows and lines differ (csv fields with
    line breaks); by default row i is line i.
    """
    rijen = iter(list(zip(nummers or range(1, len(rijen) + 1), rijen, strict=True)))
    kop = None
    for _, rij in rijen:
        if any(_schoon(c) for c in rij):
            kop = list(rij)
            break
    if kop is None:
        raise ContentError(
            "Het bestand met reacties is leeg. Er is niets ingelezen.",
            [Probleem(bestand, None, "er staat geen kopregel en geen reactie in.")],
        )
    indeling, waarschuwingen = _kolomindeling(kop, bestand)
    uitkomst = Inlezing(waarschuwingen=waarschuwingen)
    problemen = []
    for nummer, rij in rijen:
        rij = list(rij)
        if not any(_schoon(c) for c in rij):
            continue
        if len(rij) > len(kop) and any(_schoon(c) for c in rij[len(kop) :]):
            problemen.append(
                Probleem(
                    bestand,
                    nummer,
                    f"deze rij heeft {len(rij)} velden, maar de kop heeft er {len(kop)}; "
                    "staat er een scheidingsteken of aanhalingsteken te veel in?",
                )
            )
            continue

        def veld(naam: str, rij=rij) -> str:
            index = indeling.get(naam)
            return _schoon(rij[index]) if index is not None and index < len(rij) else ""

        if not veld("tekst"):
            uitkomst.waarschuwingen.append(f"{bestand}, {eenheid} {nummer}: reactie is leeg.")
            continue
        uitkomst.inzendingen.append(
            Inzending(
                bron=f"{bestand}, {eenheid} {nummer}",
                naam=veld("naam"),
                organisatie=veld("organisatie"),
                soort=veld("soort"),
                paragraaf=veld("paragraaf"),
                tekst=veld("tekst"),
            )
        )
    if problemen:
        raise ContentError(
            f"Het bestand met reacties is niet goed opgebouwd ({len(problemen)} rij(en)). "
            "Er is niets ingelezen.",
            problemen,
        )
    return uitkomst


def _decodeer(inhoud: bytes, bestand: str) -> str:
    if b"\x00" in inhoud[:4096]:
        raise ContentError(
            "Dit csv-bestand is geen tekst. Er is niets ingelezen.",
            [Probleem(bestand, None, "exporteer de reacties opnieuw als csv (UTF-8).")],
        )
    for codering in ("utf-8-sig", "cp1252"):
        try:
            return inhoud.decode(codering)
        except UnicodeDecodeError:
            continue
    raise ContentError(
        "De tekenset van dit csv-bestand is niet te herkennen. Er is niets ingelezen.",
        [Probleem(bestand, None, "exporteer de reacties opnieuw als csv (UTF-8).")],
    )


def _scheidingsteken(tekst: str) -> str:
    monster = tekst[:8192]
    try:
        return csv.Sniffer().sniff(monster, delimiters=";,\t").delimiter
    except csv.Error:
        kopregel = monster.split("\n", 1)[0]
        return max(";,\t", key=kopregel.count)


def _csv_melding(fout: str) -> str:
    """The csv module's English error in plain Dutch."""
    if "unexpected end of data" in fout:
        return "een aanhalingsteken wordt niet afgesloten; controleer de aanhalingstekens."
    if "expected after" in fout:
        return "na een afsluitend aanhalingsteken hoort een scheidingsteken te staan."
    if "NUL" in fout:
        return "de regel bevat een nul-teken; dit lijkt geen tekstbestand."
    if "field limit" in fout:
        return "een veld is te lang; staat er een aanhalingsteken te veel in?"
    return "deze regel kan niet worden gelezen; controleer de aanhalingstekens."


def lees_csv(inhoud: bytes, bestand: str) -> Inlezing:
    """Reactions from a csv export (UTF-8 with or without BOM, or Windows-1252; ; , or tab)."""
    tekst = _decodeer(inhoud, bestand)
    # Excel writes a "sep=;" line first when asked to; it names the separator.
    eerste, _, rest = tekst.partition("\n")
    if re.fullmatch(r"sep=.\r?", eerste):
        lezer = csv.reader(io.StringIO(rest, newline=""), delimiter=eerste[4], strict=True)
        return _lees_rijen(lezer, bestand, eerste_regel=2)
    lezer = csv.reader(
        io.StringIO(tekst, newline=""), delimiter=_scheidingsteken(tekst), strict=True
    )
    return _lees_rijen(lezer, bestand)


def _lees_rijen(lezer, bestand: str, eerste_regel: int = 1) -> Inlezing:
    rijen, nummers = [], []
    begin = eerste_regel
    try:
        for rij in lezer:
            rijen.append(rij)
            nummers.append(begin)  # the line a row starts on
            begin = lezer.line_num + eerste_regel
    except csv.Error as fout:
        raise ContentError(
            "Dit csv-bestand is niet goed opgebouwd. Er is niets ingelezen.",
            [Probleem(bestand, lezer.line_num + eerste_regel - 1, _csv_melding(str(fout)))],
        ) from None
    return _uit_rijen(rijen, bestand, nummers=nummers)


# An export of a response form has a handful of columns and at most thousands of rows; the
# caps keep a sheet that claims (or holds) a million rows from filling the memory.
MAX_RIJEN = 20_000
MAX_KOLOMMEN = 100
_EXCEL_RIJEN = 1_048_576  # the most rows Excel itself allows


def lees_xlsx(inhoud: bytes, bestand: str) -> Inlezing:
    """Reactions from the first sheet of an Excel export.

    The sheet is streamed (openpyxl read-only) and its declared size is ignored: a sheet of a
    few kB can claim ``A1:XFD1048576``. Only real cells are read, within the caps above.
    """
    pakket = Pakket(inhoud, bestand, "Excel-bestand")
    # Every part, whatever its name (a relationship can point a sheet at "blad.png"), is
    # checked for a DTD before openpyxl parses anything; .xml and .rels must be valid XML.
    for naam in sorted(pakket.namen):
        pakket.controleer(naam, streng=naam.endswith((".xml", ".rels")))
    from openpyxl import load_workbook

    rijen, nummers = [], []
    try:
        boek = load_workbook(io.BytesIO(inhoud), read_only=True, data_only=True)
        try:
            blad = boek.worksheets[0]
            blad.reset_dimensions()  # the declared size can lie
            # Without a declared size each row is as wide as its last real cell, and a gap
            # of missing rows costs one empty tuple per row.
            for nummer, rij in enumerate(blad.iter_rows(values_only=True), start=1):
                if nummer > _EXCEL_RIJEN:
                    raise _TeGroot("het werkblad heeft meer rijen dan Excel toestaat")
                if all(_leeg(c) for c in rij):
                    continue
                if nummer > MAX_RIJEN:
                    raise _TeGroot(
                        f"er staat iets in rij {nummer}; er worden hoogstens {MAX_RIJEN} "
                        "rijen gelezen"
                    )
                if not all(_leeg(c) for c in rij[MAX_KOLOMMEN:]):
                    raise _TeGroot(
                        f"rij {nummer} heeft iets in kolom {len(rij)}; er worden hoogstens "
                        f"{MAX_KOLOMMEN} kolommen gelezen"
                    )
                rijen.append(rij[:MAX_KOLOMMEN])
                nummers.append(nummer)
        finally:
            boek.close()
    except _TeGroot as fout:
        raise ContentError(
            "Dit Excel-bestand is te groot om als reacties in te lezen. Er is niets ingelezen.",
            [Probleem(bestand, None, f"{fout}. Haal lege of overbodige rijen en kolommen weg.")],
        ) from None
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        raise ContentError(
            "Dit Excel-bestand kan niet worden gelezen. Er is niets ingelezen.",
            [
                Probleem(
                    bestand,
                    None,
                    "het werkblad is beschadigd of bevat een waarde die niet te lezen is; "
                    "sla het bestand in Excel opnieuw op.",
                )
            ],
        ) from None
    # Every row as wide as the columns actually used, like the sheet Excel shows.
    breedte = max((i + 1 for rij in rijen for i, c in enumerate(rij) if not _leeg(c)), default=0)
    rijen = [list(r[:breedte]) + [None] * (breedte - len(r)) for r in rijen]
    return _uit_rijen(rijen, bestand, "rij", nummers=nummers)


def _leeg(waarde) -> bool:
    return waarde is None or waarde == ""


class _TeGroot(Exception):
    """A sheet beyond the caps of ``lees_xlsx``."""


# --- Word comments --------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


_OPMERKINGSKNOPEN = {
    f"{W}{naam}" for naam in ("commentRangeStart", "commentRangeEnd", "t", "commentReference")
}


def _kopniveau(p) -> int | None:
    stijl = p.find(f"{W}pPr/{W}pStyle")
    if stijl is None:
        return None
    naam = (stijl.get(f"{W}val") or "").lower().replace(" ", "")
    gevonden = re.fullmatch(r"(?:heading|kop)([1-9])", naam)
    return int(gevonden.group(1)) if gevonden else None


def _tekst(element) -> str:
    return schone_tekst("".join(t.text or "" for t in element.iter(f"{W}t")))


def lees_docx(inhoud: bytes, bestand: str) -> Inlezing:
    """Reactions from the comments in a returned Word file, with the text they point at."""
    pakket = Pakket(inhoud, bestand)
    document = pakket.xml("word/document.xml")
    if document is None:
        raise ContentError(
            "Dit bestand is geen Word-document. Er is niets ingelezen.",
            [Probleem(bestand, None, "word/document.xml ontbreekt.")],
        )
    opmerkingen = pakket.xml("word/comments.xml")
    uitkomst = Inlezing()
    if opmerkingen is None:
        uitkomst.waarschuwingen.append(f"{bestand}: het document bevat geen opmerkingen.")
        return uitkomst
    organisatie = ""
    app = pakket.xml("docProps/app.xml")
    if app is not None:
        bedrijf = app.find(
            "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}Company"
        )
        organisatie = schone_tekst(bedrijf.text or "").strip() if bedrijf is not None else ""

    # One pass in document order: the heading each comment sits under, its paragraph and
    # the text between commentRangeStart and commentRangeEnd.
    koppen: dict[int, tuple[str, tuple[str, ...]]] = {}
    plaats: dict[str, dict] = {}
    open_ids: set[str] = set()
    for p in document.iter(f"{W}p"):
        niveau = _kopniveau(p)
        if niveau is not None:
            ankers = tuple(b.get(f"{W}name", "") for b in p.iter(f"{W}bookmarkStart"))
            koppen = {n: k for n, k in koppen.items() if n < niveau}
            koppen[niveau] = (_tekst(p), ankers)
        for knoop in p.iter():
            if knoop.tag not in _OPMERKINGSKNOPEN:
                continue
            sleutel = knoop.get(f"{W}id")
            if knoop.tag in (f"{W}commentRangeStart", f"{W}commentReference"):
                if sleutel not in plaats:
                    plaats[sleutel] = {"alinea": _tekst(p), "koppen": dict(koppen), "citaat": []}
                if knoop.tag == f"{W}commentRangeStart":
                    open_ids.add(sleutel)
            elif knoop.tag == f"{W}commentRangeEnd":
                open_ids.discard(sleutel)
            else:
                for open_id in open_ids:
                    plaats[open_id]["citaat"].append(knoop.text or "")
    for opmerking in opmerkingen.iter(f"{W}comment"):
        sleutel = opmerking.get(f"{W}id")
        tekst = "\n".join(t for p in opmerking.iter(f"{W}p") if (t := _tekst(p).strip()))
        if not tekst:
            continue
        waar = plaats.get(sleutel, {"alinea": "", "koppen": {}, "citaat": []})
        dichtstbij = [waar["koppen"][n] for n in sorted(waar["koppen"], reverse=True)]
        uitkomst.inzendingen.append(
            Inzending(
                bron=f"{bestand}, opmerking {sleutel}",
                naam=schone_tekst(opmerking.get(f"{W}author") or "").strip(),
                organisatie=organisatie,
                soort="",
                paragraaf=dichtstbij[0][0] if dichtstbij else "",
                tekst=tekst,
                citaat=schone_tekst("".join(waar["citaat"])).strip(),
                alinea=waar["alinea"].strip(),
                ankers=tuple(a for _, ankers in dichtstbij for a in ankers),
            )
        )
    return uitkomst


LEZERS = {".csv": lees_csv, ".xlsx": lees_xlsx, ".docx": lees_docx}
