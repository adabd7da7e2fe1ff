"""``regiovisie reactions``: import consultation reactions and write the nota van beantwoording."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from regiovisie_builder.dutch import counted


def read_submissions(folder: Path, show) -> tuple[list, list[str]]:
    """Every submission in MAP/reacties/; all files are read before anything is kept."""
    from regiovisie_builder.errors import ContentError, Problem
    from regiovisie_builder.readers.eml import read_eml
    from regiovisie_builder.readers.reactie_files import READERS

    READERS = {**READERS, ".eml": read_eml}  # noqa: N806 (e-mails saved from a mail program)
    submissions, warnings, problems = [], [], []
    from regiovisie_builder.werkmap import read_plain_file

    files = sorted(
        p
        for p in folder.iterdir()
        if p.suffix.lower() in READERS and not p.name.startswith(("~$", "."))
    )
    for path in files:
        try:
            # Only regular files inside the workspace: not a symlink to a file elsewhere.
            content = read_plain_file(path, show(path), folder.parent)
            reading = READERS[path.suffix.lower()](content, show(path))
        except ContentError as error:
            # Keep what went wrong with the file next to where: one list for all files.
            what = error.message.replace(" Er is niets ingelezen.", "").rstrip(".")
            problems += [
                Problem(p.file, p.line, f"{what}: {p.message}")
                for p in error.problems or [Problem(show(path), None, "")]
            ]
            continue
        submissions += reading.submissions
        warnings += reading.warnings
    if problems:
        raise ContentError(
            "Niet alle bestanden met reacties konden worden gelezen. Er is niets ingelezen; "
            "antwoorden.yaml is niet veranderd.",
            problems,
        )
    return submissions, warnings


def reactions(folder: Path, versie: str | None = None) -> int:
    """Read the reactions in ``map_/reacties/``, add the new ones to antwoorden.yaml and
    write the nota van beantwoording."""
    from regiovisie_builder import versies
    from regiovisie_builder.consultatie import reactie_register
    from regiovisie_builder.consultatie.nota import nota
    from regiovisie_builder.errors import ConfigError, showable
    from regiovisie_builder.pipeline import (
        compare_versies,
        overview_name,
        versie_document,
        write_atomic,
    )
    from regiovisie_builder.werkmap import Werkmap, read_plain_file
    from regiovisie_builder.writers import writer

    werkmap = Werkmap(folder)
    folder_reacties = folder / "reacties"
    if not folder_reacties.is_dir():
        raise ConfigError(
            f"In '{folder}' staat geen map 'reacties'. Zet de exports van het reactieformulier "
            "(csv of xlsx), de teruggestuurde Word-bestanden en de e-mails (.eml) in MAP/reacties/."
        )
    published = versies.published_versies(folder)
    versie = versie or (published[-1].versie if published else versies.WORKING_COPY)
    consulted = versie_document(werkmap, versie)

    submissions, warnings = read_submissions(folder_reacties, werkmap.show)
    answers = folder_reacties / "antwoorden.yaml"
    # Only a regular file inside the workspace, as the reaction files: a symlink to another
    # workspace's answers would put its (personal) reactions in this nota.
    exists = os.path.lexists(answers)
    old_text = (
        reactie_register.decode_answers(
            read_plain_file(answers, werkmap.show(answers), folder), werkmap.show(answers)
        )
        if exists
        else ""
    )
    existing = reactie_register.read_answers(old_text, werkmap.show(answers))
    outcome = reactie_register.new_reacties(
        submissions, existing, reactie_register.Signpost(consulted)
    )
    all_ = existing + outcome.new

    files: dict[Path, bytes] = {}
    comparison = None
    if versie != versies.WORKING_COPY:
        comparison, files = compare_versies(
            werkmap, versie, versies.WORKING_COPY, old_one=consulted
        )
    overview = f"{overview_name(versie, versies.WORKING_COPY)}.docx"
    # Without a published version the reactions are about the current text and its number.
    label = consulted.meta.versie if versie == versies.WORKING_COPY else versie
    document = nota(
        all_,
        consulted,
        label,
        comparison,
        versies.WORKING_COPY,
        overview,
        meta=comparison.new.meta if comparison else None,
    )
    nota_path = werkmap.build / "nota-van-beantwoording.docx"
    files[nota_path] = writer("docx")(document, werkmap.read_resources())
    if outcome.new or not exists:
        new_text = reactie_register.updated(old_text, existing, outcome.new, werkmap.show(answers))
        files[answers] = new_text.encode("utf-8")
    write_atomic(files, werkmap.path)

    print(
        f"{counted(len(outcome.new), 'nieuwe reactie', 'nieuwe reacties')}; "
        f"{counted(outcome.double, 'inzending was', 'inzendingen waren')} al ingelezen of "
        f"dubbel. In totaal {counted(len(all_), 'reactie', 'reacties')} op versie {label}."
    )
    for message in warnings + outcome.not_found:
        print(showable(f"Let op: {message}"), file=sys.stderr)
    unanswered = sum(1 for r in all_ if not str(r.get("antwoord") or "").strip())
    if unanswered:
        print(f"Nog te beantwoorden in {werkmap.show(answers)}: {unanswered}")
    for path in files:
        print(f"  geschreven: {werkmap.show(path)}")
    return 0
