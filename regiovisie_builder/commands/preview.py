"""``regiovisie preview``: a live preview in the browser while the workgroup writes."""

from __future__ import annotations

from pathlib import Path


def preview(
    folder: Path, port: int = 8000, formats: tuple[str, ...] = (), no_browser: bool = False
) -> int:
    """Show workspace ``folder`` in the browser and rebuild it on every change (Ctrl+C stops)."""
    from regiovisie_builder.preview.server import run

    run(folder, port, formats, no_browser)
    return 0
