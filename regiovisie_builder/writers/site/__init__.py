"""The website of one version: the document as a Sphinx site, returned as one zip archive.

Contract with the command layer: ``schrijf(document, hulpbronnen)`` returns the bytes of a
zip archive (fixed entry order and times, so equal input gives equal bytes) holding the
site of this version, with ``versie.json`` (see ``versie_index.py``) at its root. The command
layer unpacks it into ``build/site/<versie>/`` and refreshes the version index and
``latest/``. One archive keeps the registry's one-function, bytes-out shape for every
format, and lets the command layer write the whole folder at once or not at all.
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Mapping

from regiovisie_builder import nederlands, nvo
from regiovisie_builder.model import Document, Meta
from regiovisie_builder.writers import kanalen
from regiovisie_builder.writers.site import rst, versie_index
from regiovisie_builder.writers.site.sphinx import Site, bouw, instellingen
from regiovisie_builder.writers.zipbestand import zip_van

log = logging.getLogger(__name__)


def context(meta: Meta) -> dict[str, object]:
    """Template variables for the banner and footer (plain strings, so conf.py can hold them)."""
    consultatie = meta.consultatie
    tot = consultatie.reageren_tot if consultatie else None
    return {
        "regiovisie": {
            "titel": meta.titel,
            "regio": meta.regio,
            "kenmerk": meta.kenmerk,
            "versie": meta.versie,
            "status": meta.status,
            "statuslabel": nvo.STATUSSEN.get(meta.status, meta.status),
            "datum": nederlands.datum(meta.datum),
            "concept": meta.concept,
            "reageren_tot": nederlands.datum(tot) if tot else "",
            "wijze": consultatie.wijze if consultatie else "",
            "contact": consultatie.contact if consultatie else "",
            "formulier": consultatie.formulier if consultatie else "",
            "email": consultatie.email if consultatie else "",
            "adres": consultatie.adres if consultatie else "",
            "reageren_tot_iso": tot.isoformat() if tot else "",
            "kanalen": kanalen.kanalen_html(meta),
            "per_paragraaf": bool(meta.status == kanalen.STATUS and kanalen.link_voor(meta, "1")),
            "beschrijving": kanalen.beschrijving(meta),
            "drukregel": kanalen.drukregel(meta),
        }
    }


def _omgeving():
    """Sphinx's state kept in the running build's cache folder, if there is one."""
    from regiovisie_builder import blokcache
    from regiovisie_builder.sitecache import MAP, Omgeving

    cache = blokcache.actief()
    if cache is None or cache.pad is None:
        return None
    omgeving = Omgeving(cache.pad.parent)
    cache.extra[MAP] = omgeving
    return omgeving


def bouw_site(document: Document, hulpbronnen: Mapping[str, bytes]) -> Site:
    """The built site of this version (path -> bytes) and Sphinx's warnings."""
    meta = document.meta
    conf = instellingen(meta.titel, meta.versie, context(meta))
    paginas = rst.paginas(document)
    site = bouw(paginas, hulpbronnen, conf, _omgeving())
    bestanden = dict(site.bestanden)
    bestanden[versie_index.MANIFEST] = versie_index.manifest(meta)
    meldingen = tuple(f"{p.naam}: {m}" for p in paginas for m in p.meldingen)
    return Site(bestanden, meldingen + site.waarschuwingen)


def inpakken(bestanden: Mapping[str, bytes]) -> bytes:
    """A zip archive of the files, in a fixed order with fixed times."""
    return zip_van(bestanden)


def uitpakken(archief: bytes) -> dict[str, bytes]:
    """The files of an archive made by ``inpakken`` (path -> bytes)."""
    with zipfile.ZipFile(io.BytesIO(archief)) as zip_:
        return {naam: zip_.read(naam) for naam in zip_.namelist() if not naam.endswith("/")}


def schrijf(document: Document, hulpbronnen: Mapping[str, bytes]) -> bytes:
    """The site of this version as a zip archive (see the module docstring)."""
    site = bouw_site(document, hulpbronnen)
    for melding in site.waarschuwingen:
        log.warning("Website: %s", melding)
    return inpakken(site.bestanden)
