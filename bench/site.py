"""Write the Sphinx sources of a workspace's site to a folder, for a plain ``sphinx-build``.

Run by ``bench/run.py``: the same pages, configuration and theme the site writer gives
Sphinx (see ``writers/site/sphinx.py``), so ``sphinx-build -b html BRON UIT`` on them is
the baseline for the site build.

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
    (thema / "static").mkdir(parents=True)
    (thema / "theme.toml").write_text(sphinx._THEMA_TOML, encoding="utf-8")
    for name, target in sphinx.THEMA_FILES.items():
        (thema / target).write_bytes(resources[name])
    for page in rst.pages(document):
        (source / f"{page.name}.rst").write_text(page.text, encoding="utf-8")
        for path, content in page.files:
            (source / path).parent.mkdir(parents=True, exist_ok=True)
            (source / path).write_bytes(content)
    (source / "conf.py").write_text(sphinx._conf(conf), encoding="utf-8")


if __name__ == "__main__":
    write_sources(Path(sys.argv[1]), Path(sys.argv[2]))
