"""``regiovisie schema``: the regio.yaml schema, for editors and for the user guide."""

from __future__ import annotations

import json

import click


@click.command("schema")
@click.option(
    "--markdown", "als_markdown", is_flag=True, help="Als tabel in Markdown (voor de handleiding)."
)
def schema(als_markdown: bool) -> None:
    """Toon het schema van regio.yaml (JSON Schema).

    Gebruik het in uw editor voor aanvullen en controleren, bijvoorbeeld met de regel
    '# yaml-language-server: $schema=regio.schema.json' bovenaan regio.yaml.
    """
    from regiovisie_builder.schema import REGIO_SCHEMA
    from regiovisie_builder.schema import als_markdown as markdown

    if als_markdown:
        click.echo(markdown(), nl=False)
    else:
        volledig = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "regio.yaml",
            **REGIO_SCHEMA,
        }
        click.echo(json.dumps(volledig, ensure_ascii=False, indent=2))
