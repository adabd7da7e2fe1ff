"""Read regio.yaml: safe YAML, schema validation with every problem at once, dates parsed."""

from __future__ import annotations

from regiovisie_builder.errors import ConfigError, Probleem
from regiovisie_builder.model import Regio
from regiovisie_builder.readers.validatie import maak_datums, onbekende_sleutels, valideer
from regiovisie_builder.readers.yamlbron import YamlDocument, laad_yaml
from regiovisie_builder.schema import REGIO_SCHEMA


def _zonder_lege_waarden(waarde):
    """Drop keys left empty (``ingang:``): in a draft an empty key means 'not filled in yet'."""
    if isinstance(waarde, dict):
        return {k: _zonder_lege_waarden(v) for k, v in waarde.items() if v is not None}
    if isinstance(waarde, list):
        return [_zonder_lege_waarden(v) for v in waarde if v is not None]
    return waarde


def _extra_controles(gegevens: dict, bron: YamlDocument, bestand: str) -> list[Probleem]:
    """Rules the schema cannot express: consistency between fields."""
    problemen = []
    looptijd = gegevens.get("document", {}).get("looptijd", {})
    if looptijd.get("van") and looptijd.get("tot") and looptijd["tot"] < looptijd["van"]:
        problemen.append(
            Probleem(
                bestand,
                bron.regel(("document", "looptijd", "tot")),
                "'document.looptijd.tot' ligt voor 'document.looptijd.van'.",
            )
        )
    financien = gegevens.get("financien", {})
    begrotingen: list[tuple[tuple, dict]] = [
        (("financien", "begroting"), financien.get("begroting") or {})
    ]
    begrotingen += [
        (("financien", "begrotingen", i), b)
        for i, b in enumerate(financien.get("begrotingen") or [])
        if isinstance(b, dict)
    ]
    for plek, begroting in begrotingen:
        problemen += _controleer_begroting(begroting, plek, bron, bestand)
    return problemen


def _controleer_begroting(begroting: dict, plek: tuple, bron: YamlDocument, bestand: str) -> list:
    problemen = []
    jaren = begroting.get("jaren", [])
    for index, post in enumerate(begroting.get("posten", [])):
        if len(post.get("bedragen", [])) != len(jaren):
            problemen.append(
                Probleem(
                    bestand,
                    bron.regel((*plek, "posten", index, "bedragen")),
                    f"de post '{post.get('post')}' heeft {len(post.get('bedragen', []))} bedragen, "
                    f"maar er zijn {len(jaren)} jaren; geef voor elk jaar één bedrag.",
                )
            )
    return problemen


def lees_regio(tekst: str, bestand: str = "regio.yaml") -> Regio:
    """Parse and validate regio.yaml text; ``ConfigError`` lists every problem found."""
    try:
        bron = laad_yaml(tekst, bestand)
    except ValueError as fout:
        raise ConfigError("regio.yaml is geen geldige YAML.", [fout.args[0]]) from None
    if not isinstance(bron.gegevens, dict):
        raise ConfigError(
            "regio.yaml moet sleutels bevatten, te beginnen met 'regio:' en 'document:'.",
            [Probleem(bestand, 1, "het bestand is leeg of bevat geen sleutels.")],
        )
    # Unknown keys are looked for before empty ones are dropped: a misspelt key left empty
    # ('opstelller:') must not vanish either.
    onbekend = onbekende_sleutels(bron, REGIO_SCHEMA, bestand)
    bron = YamlDocument(_zonder_lege_waarden(bron.gegevens), bron.regels, bron.dubbel)
    problemen = sorted(
        onbekend + valideer(bron, REGIO_SCHEMA, bestand, onbekend=False),
        key=lambda p: (p.regel or 0, p.melding),
    )
    if problemen:
        raise ConfigError(_fouten(len(problemen)), problemen)
    gegevens = maak_datums(bron.gegevens, REGIO_SCHEMA)
    assert isinstance(gegevens, dict)  # the schema check above requires a mapping
    problemen = _extra_controles(gegevens, bron, bestand)
    if problemen:
        raise ConfigError(_fouten(len(problemen)), problemen)
    return Regio(gegevens, bestand, bron.regels)


def _fouten(aantal: int) -> str:
    return f"regio.yaml bevat {aantal} {'fout' if aantal == 1 else 'fouten'}. Er is niets gebouwd."
