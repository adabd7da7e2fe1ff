"""``regiovisie schema``: the regio.yaml schema, for editors and for the user guide."""

from __future__ import annotations

import json
import sys


def schema(as_markdown: bool = False) -> int:
    """Print the JSON Schema of regio.yaml, or the table of its keys in Markdown."""
    from regiovisie_builder.schema import REGIO_SCHEMA
    from regiovisie_builder.schema import as_markdown as markdown

    if as_markdown:
        sys.stdout.write(markdown())
    else:
        complete = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "regio.yaml",
            **REGIO_SCHEMA,
        }
        print(json.dumps(complete, ensure_ascii=False, indent=2))
    return 0
