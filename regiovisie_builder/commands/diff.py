"""``regiovisie diff``: what changed between two versions (or a version and the working copy)."""

from __future__ import annotations

import sys
from pathlib import Path


def _summary(changes) -> str:
    """``geen wijzigingen`` / ``1 wijziging in 1 paragraaf`` / ``5 wijzigingen in 3 paragrafen``.

    A place is a numbered section (or a whole chapter): also a section inside a block or an
    appendix, which has a number but no block id of its own."""
    from regiovisie_builder.dutch import counted

    if not changes:
        return "geen wijzigingen"
    places = len({change.section_number or change.hoofdstuk for change in changes})
    return (
        f"{counted(len(changes), 'wijziging', 'wijzigingen')} in "
        f"{counted(places, 'paragraaf', 'paragrafen')}"
    )


def diff(folder: Path, old: str, new: str = "werkkopie") -> int:
    """Write the change overview and the tracked-changes document of ``old`` → ``new``."""
    from regiovisie_builder.pipeline import compare_versies, write_atomic
    from regiovisie_builder.werkmap import Werkmap

    werkmap = Werkmap(folder)
    comparison, files = compare_versies(werkmap, old, new)
    write_atomic(files, werkmap.path)
    print(f"Versie {old} → {new}: {_summary(comparison.changes)}.")
    for path in files:
        print(f"  geschreven: {werkmap.show(path)}")
    # The comparison uses the frozen sources; a changed published output is said apart.
    from regiovisie_builder import versies

    for versie in dict.fromkeys((old, new)):
        if versie == versies.WORKING_COPY:
            continue
        for problem in versies.changed_files(versies.find_versie(folder, versie)):
            print(
                f"Let op: versie {versie} is niet meer zoals gepubliceerd: {problem}",
                file=sys.stderr,
            )
    return 0
