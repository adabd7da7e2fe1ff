"""MkDocs hook: put the regio.yaml table, made from the schema's descriptions, in the guide."""

import sys
from pathlib import Path

# The guide documents this checkout's code, installed or not.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from regiovisie_builder.readers.templates import GUIDANCE  # noqa: E402
from regiovisie_builder.schema import as_markdown  # noqa: E402


def on_page_markdown(markdown, page, config, files):
    """Replace the placeholders with text generated from the code itself."""
    markdown = markdown.replace("<!-- SCHEMA -->", as_markdown())
    filters = "\n".join(f"- {guidance}" for guidance in GUIDANCE.values())
    return markdown.replace("<!-- FILTERS -->", filters)
