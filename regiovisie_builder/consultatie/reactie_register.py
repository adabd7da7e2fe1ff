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

from regiovisie_builder.errors import ConfigError, Problem
from regiovisie_builder.model import Document, Heading, plain_text
from regiovisie_builder.readers.reactie_files import Submission, clean_text
from regiovisie_builder.readers.yaml_source import load_yaml

# Words in a "soort indiener" column that mean a private person.
PRIVATE = (
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
INHABITANT, ORGANISATION = "inwoner", "organisatie"
GENERAL = "Algemene reacties"

HEADER = """\
# Reacties uit de consultatie en de antwoorden van de werkgroep.
# Vul per reactie in:
#   antwoord:         het antwoord dat in de nota van beantwoording komt
#   tekst_aangepast:  true als de tekst daarom is aangepast, false als niet
#   toelichting:      waar of waarom (niet) aangepast (optioneel)
# 'regiovisie reactions' voegt nieuwe reacties onderaan toe en verandert bestaande nooit.
# Namen van inwoners staan hier niet in; zij heten 'Inwoner 1', 'Inwoner 2' enzovoort.
reacties:
"""


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(text.split())


def reactie_id(submission: Submission) -> str:
    """A stable id from who, where and what: the same reaction twice gets the same id."""
    parts = (
        submission.name,
        submission.organisation,
        submission.section_number,
        submission.quote,
        submission.text,
    )
    key = "\0".join(_norm(d) for d in parts)
    return "R-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]


def is_private(submission: Submission) -> bool:
    """A private person unless the submission names an organisation (and not a private role)."""
    soort = _norm(submission.soort)
    if any(word in soort for word in PRIVATE):
        return True
    return not submission.organisation.strip()


@dataclass(frozen=True)
class Place:
    """Where a reaction belongs: paragraph number, block id and chapter title."""

    section_number: str = ""
    block_id: str = ""
    hoofdstuk: str = ""


class Signpost:
    """Resolves a paragraph number, block id, title or Word bookmark to a place."""

    def __init__(self, document: Document):
        self._by_number: dict[str, Place] = {}
        self._by_name: dict[str, Place] = {}
        self._by_anchor: dict[str, Place] = {}
        hoofdstuk = blok = ""
        blok_place = Place()
        for heading in document.body:
            if not isinstance(heading, Heading):
                continue
            title = plain_text(heading.content)
            if heading.level == 1:
                hoofdstuk, blok = f"{heading.number or ''} {title}".strip(), ""
                place = blok_place = Place(heading.number or "", "", hoofdstuk)
            elif heading.level == 2:
                blok = heading.block_id or heading.id
                place = blok_place = Place(heading.number or "", blok, hoofdstuk)
            else:
                place = blok_place  # a sub-heading belongs to its block
            if heading.number:
                self._by_number.setdefault(heading.number, place)
            self._by_name.setdefault(_norm(title), place)
            if blok and heading.level == 2:
                self._by_name.setdefault(_norm(blok), place)
            self._by_anchor.setdefault(_bookmark(heading.id), place)

    def find(self, submission: Submission) -> Place | None:
        for anchor in submission.anchors:
            if anchor in self._by_anchor:
                return self._by_anchor[anchor]
        reference = submission.section_number.strip()
        if not reference:
            return None
        for number in _NUMBER.finditer(reference):
            digits, appendix, letter, rest = number.groups()
            if digits:
                found = digits
            elif appendix:
                found = f"Bijlage {appendix.upper()}"
            else:
                found = letter.upper() + rest
            if found in self._by_number:
                return self._by_number[found]
        without_number = re.sub(r"^[\s§.\d]*", "", reference)
        for candidate in (reference, without_number):
            if _norm(candidate) in self._by_name:
                return self._by_name[_norm(candidate)]
        return None


# A section number as a reader types it: "2.1", "§ 3", and in an appendix "Bijlage B" or
# "B.2" (a lone letter is too common in free text to count without "Bijlage").
_NUMBER = re.compile(
    r"(?<![\w.])(\d+(?:\.\d+)*)|\bbijlage\s+([a-z])\b|(?<![\w.])([a-z])((?:\.\d+)+)", re.I
)


def _bookmark(anchor: str) -> str:
    """The bookmark name the Word writer gives a heading (see writers/docx/inhoud.py)."""
    return ("p_" + re.sub(r"[^A-Za-z0-9]", "_", anchor))[:40]


# --- the answers file ---------------------------------------------------------------------


def decode_answers(content: bytes, file: str) -> str:
    """The text of antwoorden.yaml; ``ConfigError`` when it is not UTF-8."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content.count(b"\n", 0, error.start) + 1
        raise ConfigError(
            "antwoorden.yaml is geen UTF-8-tekst. Er is niets ingelezen.",
            [
                Problem(
                    file,
                    line,
                    "hier staat een teken in een andere tekenset; sla het bestand op als "
                    "UTF-8 (in Kladblok: Opslaan als, Codering UTF-8).",
                )
            ],
        ) from None


def _clean(value):
    """Texts of a stored reaction without control characters (see ``clean_text``)."""
    return clean_text(value) if isinstance(value, str) else value


def read_answers(text: str, file: str) -> list[dict]:
    """The entries of antwoorden.yaml; ``ConfigError`` when the file is not valid."""
    try:
        data = load_yaml(text, file).data if text.strip() else {}
    except ValueError as error:
        raise ConfigError(
            "antwoorden.yaml is geen geldige YAML. Er is niets ingelezen.", list(error.args)
        ) from None
    data = data or {}
    reacties = data.get("reacties") if isinstance(data, Mapping) else None
    if reacties is None:
        reacties = []
    if not isinstance(reacties, list) or not all(
        isinstance(r, Mapping) and r.get("id") for r in reacties
    ):
        raise ConfigError(
            "antwoorden.yaml heeft niet de verwachte vorm. Er is niets ingelezen.",
            [Problem(file, None, "verwacht 'reacties:' met per reactie een 'id'.")],
        )
    return [{key: _clean(w) for key, w in r.items()} for r in reacties]


@dataclass
class Import:
    """The outcome of merging new submissions into the answers."""

    new: list[dict]
    double: int
    not_found: list[str]


def new_reacties(submissions: list[Submission], existing: list[dict], signpost: Signpost) -> Import:
    """Entries for submissions not yet in the answers file; duplicates are counted."""
    known = {str(r["id"]) for r in existing}
    persons: dict[str, str] = {
        str(r["persoon"]): str(r["indiener"]) for r in existing if r.get("persoon")
    }
    inhabitants = len(set(persons.values()))
    new, double, not_found = [], 0, []
    for submission in submissions:
        key = reactie_id(submission)
        if key in known:
            double += 1
            continue
        known.add(key)
        person = ""
        if is_private(submission):
            soort = INHABITANT
            name = _norm(submission.name) or f"anoniem {key}"
            person = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
            if person not in persons:
                inhabitants += 1
                persons[person] = f"Inwoner {inhabitants}"
            submitter = persons[person]
        else:
            soort, submitter = ORGANISATION, submission.organisation.strip()
        place = signpost.find(submission)
        if place is None:
            not_found.append(
                f"{submission.source}: paragraaf '{submission.section_number}' niet gevonden; "
                "de reactie komt bij de algemene reacties."
            )
            place = Place()
        entry: dict[str, object] = {
            "id": key,
            "indiener": submitter,
            "soort": soort,
        }
        if person:
            entry["persoon"] = person
        entry.update(
            {
                "bron": submission.source,
                "paragraaf": place.section_number or submission.section_number,
                "blok": place.block_id,
                "hoofdstuk": place.hoofdstuk or GENERAL,
                "reactie": submission.text,
            }
        )
        if submission.quote:
            entry["citaat"] = submission.quote
        entry.update({"antwoord": "", "tekst_aangepast": None, "toelichting": ""})
        new.append(entry)
    return Import(new, double, not_found)


class _Dumper(yaml.SafeDumper):
    """Multi-line texts as readable blocks (``|``) instead of quoted strings."""

    def ignore_aliases(self, data) -> bool:
        return True  # never &id001/*id001: the YAML reader refuses aliases


def _text_as_blok(dumper: yaml.SafeDumper, value: str):
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _text_as_blok)


def as_text(new: list[dict]) -> str:
    """New entries as YAML list items under ``reacties:``, to append to the file."""
    if not new:
        return ""
    text = yaml.dump(new, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return "".join(f"  {line}\n" if line else "\n" for line in text.splitlines())


def updated(old_text: str, existing: list[dict], new: list[dict], file: str) -> str:
    """The new text of antwoorden.yaml: the old text unchanged, new entries appended.

    When the workgroup reshaped the file so that appending would not give the right list,
    the whole file is written again from the parsed entries (their values are kept).
    """
    if not old_text.strip():
        return HEADER + as_text(new)
    basis = old_text if old_text.endswith("\n") else old_text + "\n"
    if re.search(r"^reacties:\s*\[\s*\]\s*$", basis, re.MULTILINE):
        basis = re.sub(r"^reacties:\s*\[\s*\]\s*$", "reacties:", basis, flags=re.MULTILINE)
    candidate = basis + as_text(new)
    try:
        if read_answers(candidate, file) == existing + new:
            return candidate
    except ConfigError:
        pass
    return HEADER + as_text(existing + new)
