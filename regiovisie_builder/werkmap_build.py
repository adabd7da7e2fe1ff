"""Build one workspace: the content-hash cache, the pipeline, atomic writes, summary lines.

Used by ``regiovisie build`` (one workspace, or each worker of ``--alle``) and by the live
preview.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from regiovisie_builder import build_cache
from regiovisie_builder.build_cache import BuildOptions
from regiovisie_builder.errors import BuildError
from regiovisie_builder.nvo import FINISHED_STATUSES
from regiovisie_builder.werkmap import Werkmap
from regiovisie_builder.writers import WRITERS


def _size(count: int) -> str:
    return f"{count / 1024:.0f} kB" if count >= 1024 else f"{count} bytes"


def build_werkmap(folder: Path, options: BuildOptions, parallel: bool = False) -> list[str]:
    """Build one workspace into MAP/build/ and return the summary lines to print.

    Skips all work when the inputs are unchanged since the last build (see ``build_cache``).
    With ``parallel`` the Word files are written by a helper process (see ``helper_process``).
    """
    # Every input is read once, into the snapshot: the key is taken from it and the build
    # parses it, so the key describes exactly the bytes the outputs were made from.
    werkmap = Werkmap(folder)
    key = build_cache.key(werkmap.snapshot(), options.key_text())
    current = build_cache.current_summary(werkmap.build, key)
    if current is not None:
        return current

    from regiovisie_builder.checks.toetsing import summary
    from regiovisie_builder.pipeline import build, write_atomic

    helper = None
    if parallel and "docx" in options.formats:
        from regiovisie_builder.helper_process import HelperProcess

        # Forked after the modules both processes need (the model above all), so they are
        # loaded once; the helper then loads the Word writer while this process reads.
        helper = HelperProcess.start("docx")
    from regiovisie_builder import blok_cache

    try:
        # Blocks unchanged since the last build are not read, rendered or parsed again.
        cache = blok_cache.begin(werkmap.build)
        result = build(
            werkmap,
            options.formats,
            soort=options.soort,
            raadsstukken=options.raadsstukken,
            raad_statuses=FINISHED_STATUSES,
            bijlage=options.bijlage,
            helper=helper,
            pdf_statuses=FINISHED_STATUSES if options.pdf_at_afgerond else (),
            despite_toetsing=options.despite_toetsing,
        )
        document = result.document
        site = result.output.pop("site", None)
        if site is not None:
            # Checked before anything is written, so a refused version leaves all output
            # as it was. While the cache is active: it keeps the compiled page templates.
            from regiovisie_builder.site_publication import downloads, plan_site

            extra = downloads(werkmap, document, result.output, WRITERS)
            website = str(result.inputs.regio.section("document").get("website") or "")
            site_plan = plan_site(
                werkmap.build / "site", site, werkmap.read_resources(), extra, website
            )
    finally:
        blok_cache.end()
        if helper is not None:
            helper.stop()
    files = {
        werkmap.build / f"{document.meta.soort}{WRITERS[f][1]}": content
        for f, content in result.output.items()
    }
    papers = {werkmap.build / path: content for path, content in result.raadsstukken.items()}
    lines = [
        f"{document.meta.titel} ({document.meta.regio}), versie {document.meta.versie}, "
        f"{document.meta.status}: {len(document.blokken)} blokken"
    ]
    lines += [f"  geschreven: {werkmap.show(p)} ({_size(len(b))})" for p, b in files.items()]
    if papers:
        folder_raad = werkmap.show(werkmap.build / "raad")
        what = "raadsstukken" if document.meta.soort == "regiovisie" else "stukken per gemeente"
        lines.append(f"  geschreven: {len(papers)} {what} in {folder_raad}/")
    if document.meta.soort == "regiovisie" and (papers or options.raadsstukken):
        from regiovisie_builder import dutch
        from regiovisie_builder.pipeline import already_vastgesteld

        for gemeente in result.inputs.regio.gemeenten:
            if already_vastgesteld(gemeente):
                date = gemeente["vaststelling"].get("datum")
                on = f" op {dutch.date(date)}" if date else ""
                lines.append(
                    f"  {gemeente['naam']}: de raad heeft de regiovisie al vastgesteld{on}; "
                    "geen raadsvoorstel en raadsbesluit gemaakt."
                )
    if document.meta.soort == "regiovisie":
        toetsing = result.inputs.toetsing
        count = sum(a.status == "voldaan" for a in toetsing.afspraken)
        lines.append(f"Toetsing NvO: {count} van de 8 afspraken voldaan.")
        lines += summary(toetsing)
        if not toetsing.voldaan and result.inputs.reason:
            lines.append(
                "Let op: gebouwd ondanks de toetsing. De raadsvoorstellen noemen wat niet "
                f"voldaan is en de reden: {result.inputs.reason}"
            )
    if result.open_points:
        from regiovisie_builder.checks.openpunten import count_points

        lines.append(f"Nog in te vullen: {count_points(len(result.open_points))}")
        lines += [f"  - {point}" for point in result.open_points]
    from regiovisie_builder.writers.channels import warnings

    lines += [f"Let op: {w}" for w in warnings(document.meta)]
    if options.strict:
        from regiovisie_builder.errors import ToetsingError
        from regiovisie_builder.pipeline import warnings as objections

        if found := objections(result):
            raise ToetsingError(
                "Er is niets geschreven (--strikt): de waarschuwingen tellen als fout.\n"
                + "\n".join(f"  {line}" if not line.startswith("  ") else line for line in found)
            )
    written = {**files, **papers}
    if site is not None:
        site_plan.check()  # before the documents are written (see ``SitePlan.check``)
    write_atomic(written, werkmap.path)
    if site is not None:
        publication = site_plan.write()
        lines.insert(
            1 + len(files) + bool(papers),
            f"  website: {werkmap.show(publication.map)}/ ({publication.count} bestanden); "
            f"alle versies: {werkmap.show(publication.index)}; "
            f"nieuwste versie: {publication.newest}",
        )
        written |= {publication.map / name: data for name, data in site_plan.files.items()}
        written |= {werkmap.build / "site" / n: data for n, data in site_plan.root.items()}
    from regiovisie_builder.storage import write_files

    # Saved only once the outputs are written: a failed build leaves build/ as it was.
    # Without fsync: losing the cache only costs a full build.
    cache.keep(lambda b: write_files(b, werkmap.path, durable=False))
    if key is not None:  # None: an input is no plain file, so never "unchanged"
        summary_ = build_cache.content(
            werkmap.build, key, written, lines, werkmap.snapshot().images.values()
        )
        # The outputs are written: a cache file that cannot be written (a folder or a link
        # out of the workspace in its place) only costs the next build its shortcut, as an
        # old one never matches these outputs.
        with contextlib.suppress(BuildError):
            write_atomic({werkmap.build / build_cache.CACHE_FILE: summary_}, werkmap.path)
    return lines
