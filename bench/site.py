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


def schrijf_bronnen(map_: Path, bron: Path) -> None:
    from regiovisie_builder import pipeline
    from regiovisie_builder.werkmap import Werkmap
    from regiovisie_builder.writers import site
    from regiovisie_builder.writers.site import rst, sphinx

    werkmap = Werkmap(map_)
    invoer = pipeline.lees(werkmap)
    document = pipeline.met_toetsingsbijlage(invoer.document, invoer.toetsing)
    hulpbronnen = werkmap.lees_hulpbronnen()
    meta = document.meta
    conf = sphinx.instellingen(meta.titel, meta.versie, site.context(meta))
    thema = bron / "_thema" / sphinx.THEMA
    (thema / "static").mkdir(parents=True)
    (thema / "theme.toml").write_text(sphinx._THEMA_TOML, encoding="utf-8")
    for naam, doel in sphinx.THEMABESTANDEN.items():
        (thema / doel).write_bytes(hulpbronnen[naam])
    for pagina in rst.paginas(document):
        (bron / f"{pagina.naam}.rst").write_text(pagina.tekst, encoding="utf-8")
        for pad, inhoud in pagina.bestanden:
            (bron / pad).parent.mkdir(parents=True, exist_ok=True)
            (bron / pad).write_bytes(inhoud)
    (bron / "conf.py").write_text(sphinx._conf(conf), encoding="utf-8")


if __name__ == "__main__":
    schrijf_bronnen(Path(sys.argv[1]), Path(sys.argv[2]))
