"""Writers: turn a Document into output bytes. Registered by name; they never read files.

Each writer is ``schrijf(document, hulpbronnen) -> bytes`` where ``resources`` maps a
resource name (``"huisstijl.docx"``, ``"html/document.html"``) to its bytes, loaded by the
command layer.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the model is not needed to list the writers (keeps CLI start-up lean)
    from regiovisie_builder.model import Document

Writer = Callable[["Document", Mapping[str, bytes]], bytes]

# name -> (module, file extension); modules are imported only when that format is asked for.
WRITERS: dict[str, tuple[str, str]] = {
    "docx": ("regiovisie_builder.writers.docx", ".docx"),
    "html": ("regiovisie_builder.writers.html", ".html"),
    # A zip of the whole site of one version; the command layer unpacks it (see writers/site).
    "site": ("regiovisie_builder.writers.site", ".zip"),
    # Through the Word writer and LibreOffice; the pipeline converts all PDFs of a build at once.
    "pdf": ("regiovisie_builder.writers.pdf", ".pdf"),
}


def writer(name: str) -> Writer:
    """The ``write`` function of the writer registered as ``naam``."""
    module, _ = WRITERS[name]
    return importlib.import_module(module).write
