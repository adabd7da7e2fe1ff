"""Reactions: ids, link to a paragraph/block, anonymise, and keep them in antwoorden.yaml.

``antwoorden.yaml`` is the workgroup's file: they write the answers in it. A re-import only
appends reactions with a new id, as text at the end of the file, so answers and comments the
workgroup wrote stay exactly as they are.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

import yaml

from regiovisie_builder.errors import ConfigError, Probleem
from regiovisie_builder.model import Document, Heading, platte_tekst
from regiovisie_builder.readers.reactiebestanden import Inzending, schone_tekst
from regiovisie_builder.readers.yamlbron import laad_yaml

# Words in a "soort indiener" column that mean a private person.
PRIVE = (
    "inwoner",
    "particulier",
    "ouder",
    "jongere",
    "burger",
    "privé",
    "prive",
    "persoon",
    "ervaringsdeskundige",
    "pleegouder",
    "cliënt",
    "client",
)
INWONER, ORGANISATIE = "inwoner", "organisatie"
ALGEMEEN = "Algemene reacties"

KOPTEKST = """\
# Reacties uit de consultatie en de antwoorden van de werkgroep.
# Vul per reactie in:
#   antwoord:         het antwoord dat in de nota van beantwoording komt
#   tekst_aangepast:  true als de tekst daarom is aangepast, false als niet
#   toelichting:      waar of waarom (niet) aangepast (optioneel)
# 'regiovisie reactions' voegt nieuwe reacties onderaan toe en verandert bestaande nooit.
# Namen van inwoners staan hier niet in; zij heten 'Inwoner 1', 'Inwoner 2' enzovoort.
reacties:
"""


def _norm(tekst: str) -> str:
    tekst = unicodedata.normalize("NFKC", tekst).casefold()
    return " ".join(tekst.split())


def reactie_id(inzending: Inzending) -> str:
    """A stable id from who, where and what: the same reaction twice gets the same id."""
    delen = (
        inzending.naam,
        inzending.organisatie,
        inzending.paragraaf,
        inzending.citaat,
        inzending.tekst,
    )
    sleutel = "\0".join(_norm(d) for d in delen)
    return "R-" + hashlib.sha256(sleutel.encode("utf-8")).hexdigest()[:8]


def is_prive(inzending: Inzending) -> bool:
    """A private person unless the submission names an organisation (and not a private role)."""
    soort = _norm(inzending.soort)
    if any(woord in soort for woord in PRIVE):
        return True
    return not inzending.organisatie.strip()


@dataclass(frozen=True)
class Plaats:
    """Where a reaction belongs: paragraph number, block id and chapter title."""

    paragraaf: str = ""
    blok: str = ""
    hoofdstuk: str = ""


class Wegwijzer:
    """Resolves a paragraph number, block id, title or Word bookmark to a place."""

    def __init__(self, document: Document):
        self._op_nummer: dict[str, Plaats] = {}
        self._op_naam: dict[str, Plaats] = {}
        self._op_anker: dict[str, Plaats] = {}
        hoofdstuk = blok = ""
        blokplaats = Plaats()
        for kop in document.body:
            if not isinstance(kop, Heading):
                continue
            titel = platte_tekst(kop.content)
            if kop.level == 1:
                hoofdstuk, blok = f"{kop.number or ''} {titel}".strip(), ""
                plaats = blokplaats = Plaats(kop.number or "", "", hoofdstuk)
            elif kop.level == 2:
                blok = kop.blok or kop.id
                plaats = blokplaats = Plaats(kop.number or "", blok, hoofdstuk)
            else:
                plaats = blokplaats  # a sub-heading belongs to its block
            if kop.number:
                self._op_nummer.setdefault(kop.number, plaats)
            self._op_naam.setdefault(_norm(titel), plaats)
            if blok and kop.level == 2:
                self._op_naam.setdefault(_norm(blok), plaats)
            self._op_anker.setdefault(_bladwijzer(kop.id), plaats)

    def zoek(self, inzending: Inzending) -> Plaats | None:
        for anker in inzending.ankers:
            if anker in self._op_anker:
                return self._op_anker[anker]
        verwijzing = inzending.paragraaf.strip()
        if not verwijzing:
            return None
        nummer = re.search(r"\d+(?:\.\d+)*", verwijzing)
        if nummer and nummer.group(0) in self._op_nummer:
            return self._op_nummer[nummer.group(0)]
        zonder_nummer = re.sub(r"^[\s§.\d]*", "", verwijzing)
        for kandidaat in (verwijzing, zonder_nummer):
            if _norm(kandidaat) in self._op_naam:
                return self._op_naam[_norm(kandidaat)]
        return None


def _bladwijzer(anker: str) -> str:
    """The bookmark name the Word writer gives a heading (see writers/docx/inhoud.py)."""
    return ("p_" + re.sub(r"[^A-Za-z0-9]", "_", anker))[:40]


# --- the answers file ---------------------------------------------------------------------


def decodeer_antwoorden(inhoud: bytes, bestand: str) -> str:
    """The text of antwoorden.yaml; ``ConfigError`` when it is not UTF-8."""
    try:
        return inhoud.decode("utf-8-sig")
    except UnicodeDecodeError as fout:
        regel = inhoud.count(b"\n", 0, fout.start) + 1
        raise ConfigError(
            "antwoorden.yaml is geen UTF-8-tekst. Er is niets ingelezen.",
            [
                Probleem(
                    bestand,
                    regel,
                    "hier staat een teken in een andere tekenset; sla het bestand op als "
                    "UTF-8 (in Kladblok: Opslaan als, Codering UTF-8).",
                )
            ],
        ) from None


def _schoon(waarde):
    """Texts of a stored reaction without control characters (see ``schone_tekst``)."""
    return schone_tekst(waarde) if isinstance(waarde, str) else waarde


def lees_antwoorden(tekst: str, bestand: str) -> list[dict]:
    """The entries of antwoorden.yaml; ``ConfigError`` when the file is not valid."""
    try:
        gegevens = laad_yaml(tekst, bestand).gegevens if tekst.strip() else {}
    except ValueError as fout:
        raise ConfigError(
            "antwoorden.yaml is geen geldige YAML. Er is niets ingelezen.", list(fout.args)
        ) from None
    gegevens = gegevens or {}
    reacties = gegevens.get("reacties") if isinstance(gegevens, Mapping) else None
    if reacties is None:
        reacties = []
    if not isinstance(reacties, list) or not all(
        isinstance(r, Mapping) and r.get("id") for r in reacties
    ):
        raise ConfigError(
            "antwoorden.yaml heeft niet de verwachte vorm. Er is niets ingelezen.",
            [Probleem(bestand, None, "verwacht 'reacties:' met per reactie een 'id'.")],
        )
    return [{sleutel: _schoon(w) for sleutel, w in r.items()} for r in reacties]


@dataclass
class Import:
    """The outcome of merging new submissions into the answers."""

    nieuw: list[dict]
    dubbel: int
    niet_gevonden: list[str]


def nieuwe_reacties(
    inzendingen: list[Inzending], bestaande: list[dict], wegwijzer: Wegwijzer
) -> Import:
    """Entries for submissions not yet in the answers file; duplicates are counted."""
    bekend = {str(r["id"]) for r in bestaande}
    personen: dict[str, str] = {
        str(r["persoon"]): str(r["indiener"]) for r in bestaande if r.get("persoon")
    }
    inwoners = len(set(personen.values()))
    nieuw, dubbel, niet_gevonden = [], 0, []
    for inzending in inzendingen:
        sleutel = reactie_id(inzending)
        if sleutel in bekend:
            dubbel += 1
            continue
        bekend.add(sleutel)
        persoon = ""
        if is_prive(inzending):
            soort = INWONER
            naam = _norm(inzending.naam) or f"anoniem {sleutel}"
            persoon = hashlib.sha256(naam.encode("utf-8")).hexdigest()[:8]
            if persoon not in personen:
                inwoners += 1
                personen[persoon] = f"Inwoner {inwoners}"
            indiener = personen[persoon]
        else:
            soort, indiener = ORGANISATIE, inzending.organisatie.strip()
        plaats = wegwijzer.zoek(inzending)
        if plaats is None:
            niet_gevonden.append(
                f"{inzending.bron}: paragraaf '{inzending.paragraaf}' niet gevonden; "
                "de reactie komt bij de algemene reacties."
            )
            plaats = Plaats()
        entry: dict[str, object] = {
            "id": sleutel,
            "indiener": indiener,
            "soort": soort,
        }
        if persoon:
            entry["persoon"] = persoon
        entry.update(
            {
                "bron": inzending.bron,
                "paragraaf": plaats.paragraaf or inzending.paragraaf,
                "blok": plaats.blok,
                "hoofdstuk": plaats.hoofdstuk or ALGEMEEN,
                "reactie": inzending.tekst,
            }
        )
        if inzending.citaat:
            entry["citaat"] = inzending.citaat
        entry.update({"antwoord": "", "tekst_aangepast": None, "toelichting": ""})
        nieuw.append(entry)
    return Import(nieuw, dubbel, niet_gevonden)


class _Dumper(yaml.SafeDumper):
    """Multi-line texts as readable blocks (``|``) instead of quoted strings."""

    def ignore_aliases(self, data) -> bool:
        return True  # never &id001/*id001: the YAML reader refuses aliases


def _tekst_als_blok(dumper: yaml.SafeDumper, waarde: str):
    if "\n" in waarde:
        return dumper.represent_scalar("tag:yaml.org,2002:str", waarde, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", waarde)


_Dumper.add_representer(str, _tekst_als_blok)


def als_tekst(nieuw: list[dict]) -> str:
    """New entries as YAML list items under ``reacties:``, to append to the file."""
    if not nieuw:
        return ""
    tekst = yaml.dump(nieuw, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return "".join(f"  {regel}\n" if regel else "\n" for regel in tekst.splitlines())


def bijgewerkt(oude_tekst: str, bestaande: list[dict], nieuw: list[dict], bestand: str) -> str:
    """The new text of antwoorden.yaml: the old text unchanged, new entries appended.

    When the workgroup reshaped the file so that appending would not give the right list,
    the whole file is written again from the parsed entries (their values are kept).
    """
    if not oude_tekst.strip():
        return KOPTEKST + als_tekst(nieuw)
    basis = oude_tekst if oude_tekst.endswith("\n") else oude_tekst + "\n"
    if re.search(r"^reacties:\s*\[\s*\]\s*$", basis, re.MULTILINE):
        basis = re.sub(r"^reacties:\s*\[\s*\]\s*$", "reacties:", basis, flags=re.MULTILINE)
    kandidaat = basis + als_tekst(nieuw)
    try:
        if lees_antwoorden(kandidaat, bestand) == bestaande + nieuw:
            return kandidaat
    except ConfigError:
        pass
    return KOPTEKST + als_tekst(bestaande + nieuw)
