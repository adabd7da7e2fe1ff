"""Read content blocks: Markdown files with YAML front matter.

Blocks come from the shipped ``content/`` folder and from a workspace's ``content/``; a
workspace block with the id of a shipped block replaces it. Two blocks with one id from the
same source are an error.
"""

from __future__ import annotations

from dataclasses import dataclass

from regiovisie_builder import nvo
from regiovisie_builder.errors import ContentError, Problem
from regiovisie_builder.readers.validation import validate
from regiovisie_builder.readers.yaml_source import load_yaml

FRONT_MATTER_SCHEMA: dict = {
    "type": "object",
    "required": ["id", "titel"],
    "additionalProperties": False,
    "properties": {
        "id": {
            "type": "string",
            "pattern": "^[a-z0-9][a-z0-9-]*$",
            "description": "Unieke naam van het blok: kleine letters, cijfers en streepjes.",
        },
        "titel": {"type": "string", "minLength": 1, "description": "Kop van de paragraaf."},
        "hoofdstuk": {"type": "string", "minLength": 1, "description": "Id van het hoofdstuk."},
        "route": {"type": "integer", "enum": list(nvo.ROUTES), "description": "NvO-route 1-5."},
        "afspraken": {
            "type": "array",
            "items": {"type": "integer", "enum": list(nvo.AFSPRAKEN)},
            "uniqueItems": True,
            "description": "De afspraken (1-8) die dit blok invult.",
        },
        "themas": {
            "type": "array",
            "items": {"type": "string", "enum": list(nvo.THEMAS)},
            "uniqueItems": True,
            "description": "De inhoudelijke thema's van dit blok.",
        },
        "volgorde": {
            "type": "integer",
            "default": 100,
            "description": "Volgorde binnen het hoofdstuk.",
        },
        "documenten": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "minItems": 1,
            "default": ["regiovisie"],
            "description": "De documentsoorten waarin dit blok staat (standaard: regiovisie).",
        },
        # Written by `regiovisie import`; the guesses count for nothing until a writer renames
        # them to route/afspraken/themas (`check` lists the blocks that wait for that).
        "herkomst": {
            "type": "string",
            "enum": ["import"],
            "description": "'import': het blok is gemaakt door regiovisie import; "
            "--forceer mag het vervangen. Haal de sleutel weg om het blok te beschermen.",
        },
        "bron_bestand": {
            "type": "string",
            "description": "Het Word-bestand waaruit het blok is ingelezen.",
        },
        "voorstel_route": {
            "type": "integer",
            "enum": list(nvo.ROUTES),
            "description": "Geraden route; telt pas mee als u de sleutel 'route' noemt.",
        },
        "voorstel_afspraken": {
            "type": "array",
            "items": {"type": "integer", "enum": list(nvo.AFSPRAKEN)},
            "uniqueItems": True,
            "description": "Geraden afspraken; tellen pas mee als u de sleutel 'afspraken' noemt.",
        },
        "voorstel_themas": {
            "type": "array",
            "items": {"type": "string", "enum": list(nvo.THEMAS)},
            "uniqueItems": True,
            "description": "Geraden thema's; tellen pas mee als u de sleutel 'themas' noemt.",
        },
    },
}


@dataclass(frozen=True)
class Blok:
    """A content block as read from disk, before templating."""

    id: str
    titel: str
    hoofdstuk: str | None
    route: int | None
    afspraken: tuple[int, ...]
    themas: tuple[str, ...]
    order: int
    documents: tuple[str, ...]
    file: str
    text: str
    text_line: int
    origin: str  # "standaard" (shipped) or "werkmap"
    # Guesses by `regiovisie import` that a writer has not confirmed yet.
    proposal_afspraken: tuple[int, ...] = ()
    proposal_themas: tuple[str, ...] = ()


def read_blok(text: str, file: str, origin: str) -> Blok:
    """Parse one block file's text; raise ``ValueError`` with the problems found."""
    text = text.lstrip("\ufeff")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ValueError(
            [Problem(file, 1, "het blok begint niet met front matter ('---' op regel 1).")]
        )
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        raise ValueError(
            [Problem(file, 1, "de front matter wordt niet afgesloten met '---'.")]
        ) from None
    try:
        heading = load_yaml("\n".join(lines[1:end]), file, first_line=2)
    except ValueError as error:
        raise ValueError([error.args[0]]) from None
    if not isinstance(heading.data, dict):
        raise ValueError(
            [Problem(file, 2, "de front matter moet sleutels bevatten (id, titel, ...).")]
        )
    problems = validate(heading, FRONT_MATTER_SCHEMA, file)
    if problems:
        raise ValueError(problems)
    references = heading.data
    return Blok(
        id=references["id"],
        titel=references["titel"],
        hoofdstuk=references.get("hoofdstuk"),
        route=references.get("route"),
        afspraken=tuple(references.get("afspraken") or ()),
        themas=tuple(references.get("themas") or ()),
        order=references.get("volgorde", 100),
        documents=tuple(references.get("documenten") or ("regiovisie",)),
        file=file,
        text="\n".join(lines[end + 1 :]),
        text_line=end + 2,
        origin=origin,
        proposal_afspraken=tuple(references.get("voorstel_afspraken") or ()),
        proposal_themas=tuple(references.get("voorstel_themas") or ()),
    )


def _duplicate_ids(blokken: list[Blok]) -> list[Problem]:
    first: dict[str, Blok] = {}
    problems = []
    for blok in blokken:
        if blok.id in first:
            problems.append(
                Problem(
                    blok.file,
                    2,
                    f"het id '{blok.id}' wordt al gebruikt in {first[blok.id].file}; "
                    "geef elk blok een eigen id.",
                )
            )
        else:
            first[blok.id] = blok
    return problems


def combine(default: list[Blok], own: list[Blok]) -> list[Blok]:
    """Shipped blocks with workspace blocks laid over them by id.

    Raises ``ContentError`` listing every duplicate id within one source.
    """
    problems = _duplicate_ids(default) + _duplicate_ids(own)
    if problems:
        raise ContentError("Er zijn blokken met hetzelfde id.", problems)
    together = {blok.id: blok for blok in default}
    together.update({blok.id: blok for blok in own})
    return list(together.values())
