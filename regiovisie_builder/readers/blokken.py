"""Read content blocks: Markdown files with YAML front matter.

Blocks come from the shipped ``content/`` folder and from a workspace's ``content/``; a
workspace block with the id of a shipped block replaces it. Two blocks with one id from the
same source are an error.
"""

from __future__ import annotations

from dataclasses import dataclass

from regiovisie_builder import nvo
from regiovisie_builder.errors import ContentError, Probleem
from regiovisie_builder.readers.validatie import valideer
from regiovisie_builder.readers.yamlbron import laad_yaml

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
    volgorde: int
    documenten: tuple[str, ...]
    bestand: str
    tekst: str
    tekst_regel: int
    herkomst: str  # "standaard" (shipped) or "werkmap"
    # Guesses by `regiovisie import` that a writer has not confirmed yet.
    voorstel_afspraken: tuple[int, ...] = ()
    voorstel_themas: tuple[str, ...] = ()


def lees_blok(tekst: str, bestand: str, herkomst: str) -> Blok:
    """Parse one block file's text; raise ``ValueError`` with the problems found."""
    tekst = tekst.lstrip("\ufeff")
    regels = tekst.split("\n")
    if not regels or regels[0].strip() != "---":
        raise ValueError(
            [Probleem(bestand, 1, "het blok begint niet met front matter ('---' op regel 1).")]
        )
    try:
        einde = next(i for i in range(1, len(regels)) if regels[i].strip() in ("---", "..."))
    except StopIteration:
        raise ValueError(
            [Probleem(bestand, 1, "de front matter wordt niet afgesloten met '---'.")]
        ) from None
    try:
        kop = laad_yaml("\n".join(regels[1:einde]), bestand, eerste_regel=2)
    except ValueError as fout:
        raise ValueError([fout.args[0]]) from None
    if not isinstance(kop.gegevens, dict):
        raise ValueError(
            [Probleem(bestand, 2, "de front matter moet sleutels bevatten (id, titel, ...).")]
        )
    problemen = valideer(kop, FRONT_MATTER_SCHEMA, bestand)
    if problemen:
        raise ValueError(problemen)
    kenmerken = kop.gegevens
    return Blok(
        id=kenmerken["id"],
        titel=kenmerken["titel"],
        hoofdstuk=kenmerken.get("hoofdstuk"),
        route=kenmerken.get("route"),
        afspraken=tuple(kenmerken.get("afspraken") or ()),
        themas=tuple(kenmerken.get("themas") or ()),
        volgorde=kenmerken.get("volgorde", 100),
        documenten=tuple(kenmerken.get("documenten") or ("regiovisie",)),
        bestand=bestand,
        tekst="\n".join(regels[einde + 1 :]),
        tekst_regel=einde + 2,
        herkomst=herkomst,
        voorstel_afspraken=tuple(kenmerken.get("voorstel_afspraken") or ()),
        voorstel_themas=tuple(kenmerken.get("voorstel_themas") or ()),
    )


def _dubbele_ids(blokken: list[Blok]) -> list[Probleem]:
    eerste: dict[str, Blok] = {}
    problemen = []
    for blok in blokken:
        if blok.id in eerste:
            problemen.append(
                Probleem(
                    blok.bestand,
                    2,
                    f"het id '{blok.id}' wordt al gebruikt in {eerste[blok.id].bestand}; "
                    "geef elk blok een eigen id.",
                )
            )
        else:
            eerste[blok.id] = blok
    return problemen


def combineer(standaard: list[Blok], eigen: list[Blok]) -> list[Blok]:
    """Shipped blocks with workspace blocks laid over them by id.

    Raises ``ContentError`` listing every duplicate id within one source.
    """
    problemen = _dubbele_ids(standaard) + _dubbele_ids(eigen)
    if problemen:
        raise ContentError("Er zijn blokken met hetzelfde id.", problemen)
    samen = {blok.id: blok for blok in standaard}
    samen.update({blok.id: blok for blok in eigen})
    return list(samen.values())
