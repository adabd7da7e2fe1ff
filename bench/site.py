"""Write the Sphinx sources of a workspace's site to a folder, for a plain ``sphinx-build``.

Run by ``bench/run.py``: the same pages, configuration and theme the site writer gives
Sphinx (see ``writers/site/sphinx.py``), so ``sphinx-build -b html BRON UIT`` on them is
the baseline for the site build. A file that already holds the same bytes is left alone
(it keeps its time), so after one changed block only that page is newer than Sphinx's
record, and ``sphinx-build`` without ``-E`` is Sphinx's own incremental rebuild.

    python bench/site.py WERKMAP BRON
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def write_sources(folder: Path, source: Path) -> None:
    from regiovisie_builder import pipeline
    from regiovisie_builder.werkmap import Werkmap
    from regiovisie_builder.writers import site
    from regiovisie_builder.writers.site import rst, sphinx

    werkmap = Werkmap(folder)
    inputs = pipeline.read(werkmap)
    document = pipeline.with_toetsing_bijlage(inputs.document, inputs.toetsing)
    resources = werkmap.read_resources()
    meta = document.meta
    conf = sphinx.settings(meta.titel, meta.versie, site.context(meta))
    thema = source / "_thema" / sphinx.THEMA
    _write = sphinx._write  # writes only what differs: unchanged files keep their time
    _write(thema / "theme.toml", sphinx._THEMA_TOML.encode())
    for name, target in sphinx.THEMA_FILES.items():
        _write(thema / target, resources[name])
    for page in rst.pages(document):
        _write(source / f"{page.name}.rst", page.text.encode())
        for path, content in page.files:
            _write(source / path, content)
    _write(source / "conf.py", sphinx._conf(conf).encode())


if __name__ == "__main__":
    write_sources(Path(sys.argv[1]), Path(sys.argv[2]))
