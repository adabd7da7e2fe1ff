"""Read regio.yaml: safe YAML, schema validation with every problem at once, dates parsed."""

from __future__ import annotations

from regiovisie_builder.dutch import counted
from regiovisie_builder.errors import ConfigError, Problem
from regiovisie_builder.model import Regio
from regiovisie_builder.readers.validation import make_dates, unknown_keys, validate
from regiovisie_builder.readers.yaml_source import YamlDocument, load_yaml
from regiovisie_builder.schema import REGIO_SCHEMA


def _without_empty_values(value):
    """Drop keys left empty (``ingang:``): in a draft an empty key means 'not filled in yet'."""
    if isinstance(value, dict):
        return {k: _without_empty_values(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_empty_values(v) for v in value if v is not None]
    return value


def _extra_checks(data: dict, source: YamlDocument, file: str) -> list[Problem]:
    """Rules the schema cannot express: consistency between fields."""
    problems = []
    term = data.get("document", {}).get("looptijd", {})
    if term.get("van") and term.get("tot") and term["tot"] < term["van"]:
        problems.append(
            Problem(
                file,
                source.line(("document", "looptijd", "tot")),
                "'document.looptijd.tot' ligt voor 'document.looptijd.van'.",
            )
        )
    nota = data.get("opinienota") or {}
    if nota.get("status") and not nota.get("datum"):
        # The nota's status with the regiovisie's date ('vastgesteld, 1 april') would state
        # a date on which nobody decided anything.
        problems.append(
            Problem(
                file,
                source.line(("opinienota", "status")),
                f"'opinienota.status' is '{nota['status']}', maar 'opinienota.datum' ontbreekt. "
                "Bij een eigen status hoort de datum van de opinienota; zonder die datum zou de "
                "nota de datum van de regiovisie noemen.",
            )
        )
    finances = data.get("financien", {})
    budgets: list[tuple[tuple, dict]] = [
        (("financien", "begroting"), finances.get("begroting") or {})
    ]
    budgets += [
        (("financien", "begrotingen", i), b)
        for i, b in enumerate(finances.get("begrotingen") or [])
        if isinstance(b, dict)
    ]
    for spot, budget in budgets:
        problems += _check_budget(budget, spot, source, file)
    return problems


def _check_budget(budget: dict, spot: tuple, source: YamlDocument, file: str) -> list:
    problems = []
    years = budget.get("jaren", [])
    for index, post in enumerate(budget.get("posten", [])):
        if len(post.get("bedragen", [])) != len(years):
            problems.append(
                Problem(
                    file,
                    source.line((*spot, "posten", index, "bedragen")),
                    f"de post '{post.get('post')}' heeft {len(post.get('bedragen', []))} bedragen, "
                    f"maar er zijn {len(years)} jaren; geef voor elk jaar één bedrag.",
                )
            )
    return problems


def read_regio(text: str, file: str = "regio.yaml") -> Regio:
    """Parse and validate regio.yaml text; ``ConfigError`` lists every problem found."""
    try:
        source = load_yaml(text, file)
    except ValueError as error:
        raise ConfigError("regio.yaml is geen geldige YAML.", [error.args[0]]) from None
    if not isinstance(source.data, dict):
        raise ConfigError(
            "regio.yaml moet sleutels bevatten, te beginnen met 'regio:' en 'document:'.",
            [Problem(file, 1, "het bestand is leeg of bevat geen sleutels.")],
        )
    # Unknown keys are looked for before empty ones are dropped: a misspelt key left empty
    # ('opstelller:') must not vanish either.
    unknown = unknown_keys(source, REGIO_SCHEMA, file)
    source = YamlDocument(_without_empty_values(source.data), source.lines, source.double)
    problems = sorted(
        unknown + validate(source, REGIO_SCHEMA, file, unknown=False),
        key=lambda p: (p.line or 0, p.message),
    )
    if problems:
        raise ConfigError(_errors(len(problems)), problems)
    data = make_dates(source.data, REGIO_SCHEMA)
    assert isinstance(data, dict)  # the schema check above requires a mapping
    problems = _extra_checks(data, source, file)
    if problems:
        raise ConfigError(_errors(len(problems)), problems)
    return Regio(data, file, source.lines)


def _errors(count: int) -> str:
    return f"regio.yaml bevat {counted(count, 'fout', 'fouten')}. Er is niets gebouwd."
