"""``regiovisie preview``: a live preview in the browser while the workgroup writes."""

from __future__ import annotations

from pathlib import Path


def preview(
    map_: Path, poort: int = 8000, formaten: tuple[str, ...] = (), geen_browser: bool = False
) -> int:
    """Show workspace ``map_`` in the browser and rebuild it on every change (Ctrl+C stops)."""
    from regiovisie_builder.preview.server import draai

    draai(map_, poort, formaten, geen_browser)
    return 0
