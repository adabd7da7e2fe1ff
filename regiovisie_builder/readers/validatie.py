"""Validate YAML data against a JSON Schema and explain every problem in Dutch.

All problems are collected before anything stops (like mkdocs' config validation), each with
the file and line of the offending key.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from regiovisie_builder.errors import Probleem
from regiovisie_builder.readers import snelschema
from regiovisie_builder.readers.yamlbron import YamlDocument, pad_tekst

_TYPEN = {
    "string": "een tekst",
    "integer": "een geheel getal",
    "number": "een getal",
    "boolean": "ja of nee (true of false)",
    "array": "een lijst (regels die beginnen met '- ')",
    "object": "een groep sleutels (sleutel: waarde, ingesprongen)",
    "null": "leeg",
}


def _soort_waarde(waarde: object) -> str:
    if waarde is None:
        return "niets (leeg)"
    if isinstance(waarde, bool):
        return "ja/nee"
    if isinstance(waarde, int | float):
        return f"het getal {waarde}"
    if isinstance(waarde, str):
        return f"de tekst '{waarde}'"
    if isinstance(waarde, list):
        return "een lijst"
    if isinstance(waarde, dict):
        return "een groep sleutels"
    return type(waarde).__name__


def _melding(fout) -> str:
    """Dutch message for one ``jsonschema.ValidationError``."""
    pad = pad_tekst(tuple(fout.absolute_path))
    waar = f"'{pad}'" if pad else "het bestand"
    soort = fout.validator
    waarde = fout.instance
    if soort == "required":
        sleutel = fout.message.split("'")[1]
        volledig = f"{pad}.{sleutel}" if pad else sleutel
        beschrijving = fout.schema.get("properties", {}).get(sleutel, {}).get("description", "")
        return f"de verplichte sleutel '{volledig}' ontbreekt. {beschrijving}".strip()
    if soort == "type":
        verwacht = fout.validator_value
        verwacht = verwacht if isinstance(verwacht, list) else [verwacht]
        namen = " of ".join(_TYPEN.get(t) or str(t) for t in verwacht)
        hint = ""
        if (
            "string" in verwacht
            and isinstance(waarde, int | float)
            and not isinstance(waarde, bool)
        ):
            hint = f' Zet de waarde tussen aanhalingstekens: "{waarde}".'
        return f"{waar} moet {namen} zijn, maar is {_soort_waarde(waarde)}.{hint}"
    if soort == "enum":
        keuzes = ", ".join(str(k) for k in fout.validator_value)
        return f"{waar} heeft de onbekende waarde '{waarde}'. Kies uit: {keuzes}."
    if soort == "format" and fout.validator_value == "date":
        return (
            f"{waar} is geen geldige datum: '{waarde}'. "
            "Schrijf een bestaande datum als JJJJ-MM-DD, bijvoorbeeld 2022-01-01."
        )
    if soort == "pattern" and pad == "overgenomen":
        return (
            "'overgenomen' moet 'alle' zijn of een lijst van ids van standaardblokken, "
            f"maar is '{waarde}'."
        )
    if soort == "pattern":
        uitleg = fout.schema.get("description", "")
        return f"{waar} heeft niet de juiste vorm: '{waarde}'. {uitleg}".strip()
    if soort == "minLength":
        return f"{waar} is leeg; vul een tekst in of laat de sleutel weg."
    if soort == "maxLength":
        return (
            f"{waar} is te lang: {len(waarde)} tekens, er mogen er hoogstens "
            f"{fout.validator_value} zijn (Word bewaart dit in de documenteigenschappen). "
            "Maak de tekst korter."
        )
    if soort == "minItems":
        return f"{waar} moet minstens {fout.validator_value} onderdeel bevatten."
    if soort == "minimum":
        return f"{waar} mag niet kleiner zijn dan {fout.validator_value}."
    if soort == "uniqueItems":
        return f"{waar} bevat een waarde twee keer."
    if soort == "additionalProperties":
        bekend = ", ".join(fout.schema.get("properties", {}))
        return f"{waar} bevat een onbekende sleutel. Toegestaan zijn: {bekend}."
    return f"{waar}: ongeldige waarde ({fout.message})."


def _zonder_accenten(tekst: str) -> str:
    """``continuïteit`` -> ``continuiteit``: the spelling people type vs. the key's."""
    ontleed = unicodedata.normalize("NFKD", tekst)
    return "".join(t for t in ontleed if not unicodedata.combining(t)).lower()


def suggestie(naam: str, bekend) -> str:
    """ " Bedoelt u '…'?" for the known names closest to ``naam`` (accents ignored), or ""."""
    gevouwen: dict[str, str] = {}
    for kandidaat in bekend:
        gevouwen.setdefault(_zonder_accenten(kandidaat), kandidaat)
    sleutel = _zonder_accenten(naam)
    if sleutel in gevouwen:
        voorstellen = [gevouwen[sleutel]]
    else:
        import difflib  # only for a message: not loaded by a build without errors

        voorstellen = [
            gevouwen[v] for v in difflib.get_close_matches(sleutel, gevouwen, n=2, cutoff=0.6)
        ]
    if not voorstellen:
        return ""
    return " Bedoelt u " + " of ".join(f"'{v}'" for v in voorstellen) + "?"


def _onbekend(gegevens: object, schema: dict, pad: tuple, bron, bestand, uit: list) -> None:
    if isinstance(gegevens, list):
        items = schema.get("items")
        if isinstance(items, dict):
            for index, item in enumerate(gegevens):
                _onbekend(item, items, (*pad, index), bron, bestand, uit)
        return
    if not isinstance(gegevens, dict):
        return
    eigen = schema.get("properties", {})
    for naam, waarde in gegevens.items():
        if naam in eigen:
            _onbekend(waarde, eigen[naam], (*pad, naam), bron, bestand, uit)
        elif schema.get("additionalProperties") is False:
            waar = f" onder '{pad_tekst(pad)}'" if pad else ""
            hint = suggestie(str(naam), eigen) or (
                " Toegestaan zijn: " + ", ".join(eigen) + "." if eigen else ""
            )
            uit.append(
                Probleem(
                    bestand,
                    bron.regel((*pad, naam)),
                    f"onbekende sleutel '{naam}'{waar}.{hint} Een onbekende sleutel wordt niet "
                    "gebruikt: controleer de spelling.",
                )
            )


def onbekende_sleutels(bron: YamlDocument, schema: dict, bestand: str) -> list[Probleem]:
    """Every key the schema does not know, with its line and the closest known key."""
    uit: list[Probleem] = []
    _onbekend(bron.gegevens, schema, (), bron, bestand, uit)
    return uit


def valideer(
    bron: YamlDocument, schema: dict, bestand: str, onbekend: bool = True
) -> list[Probleem]:
    """Every schema problem in ``bron``, sorted by line.

    Unknown keys are reported one by one on their own line (see ``onbekende_sleutels``);
    with ``onbekend=False`` the caller has done that already on the raw data.
    """
    problemen = list(bron.dubbel)
    if onbekend:
        problemen += onbekende_sleutels(bron, schema, bestand)
    if not snelschema.geldig(bron.gegevens, schema):
        # Some problem (or doubt): the full validator finds and describes every one.
        for fout in _validator(id(schema), schema).iter_errors(bron.gegevens):
            if fout.validator == "additionalProperties":
                continue  # reported per key, with a suggestion
            pad = tuple(fout.absolute_path)
            problemen.append(Probleem(bestand, bron.regel(pad), _melding(fout)))
    problemen.sort(key=lambda p: (p.regel or 0, p.melding))
    return problemen


_VALIDATORS: dict[int, tuple[dict, object]] = {}


def _validator(sleutel: int, schema: dict):
    """One ``jsonschema`` validator per schema (imported lazily: it is slow to load)."""
    if sleutel not in _VALIDATORS or _VALIDATORS[sleutel][0] is not schema:
        import jsonschema

        _VALIDATORS[sleutel] = (
            schema,
            jsonschema.Draft202012Validator(
                schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
            ),
        )
    return _VALIDATORS[sleutel][1]


def maak_datums(waarde: object, schema: dict) -> object:
    """Copy of ``waarde`` where every schema field of format ``date`` is a ``datetime.date``.

    Call only on data that validated, so every such string is a valid ISO date.
    """
    if schema.get("format") == "date" and isinstance(waarde, str):
        return dt.date.fromisoformat(waarde)
    if isinstance(waarde, dict):
        eigen = schema.get("properties", {})
        return {k: maak_datums(v, eigen.get(k, {})) for k, v in waarde.items()}
    if isinstance(waarde, list):
        items = schema.get("items", {})
        return [maak_datums(v, items) for v in waarde]
    return waarde
