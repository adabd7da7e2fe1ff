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

from regiovisie_builder import dutch, nvo
from regiovisie_builder.model import Document, Meta
from regiovisie_builder.writers import channels
from regiovisie_builder.writers.site import rst, versie_index
from regiovisie_builder.writers.site.sphinx import Site, build, settings
from regiovisie_builder.writers.zip_archive import zip_of

log = logging.getLogger(__name__)


def context(meta: Meta) -> dict[str, object]:
    """Template variables for the banner and footer (plain strings, so conf.py can hold them)."""
    consultatie = meta.consultatie
    until = consultatie.reageren_tot if consultatie else None
    return {
        "regiovisie": {
            "titel": meta.titel,
            "regio": meta.regio,
            "kenmerk": meta.kenmerk,
            "versie": meta.versie,
            "status": meta.status,
            "statuslabel": nvo.STATUSES.get(meta.status, meta.status),
            "datum": dutch.date(meta.datum),
            "concept": meta.concept,
            "reageren_tot": dutch.date(until) if until else "",
            "wijze": consultatie.wijze if consultatie else "",
            "contact": consultatie.contact if consultatie else "",
            "formulier": consultatie.formulier if consultatie else "",
            "email": consultatie.email if consultatie else "",
            "adres": consultatie.adres if consultatie else "",
            "reageren_tot_iso": until.isoformat() if until else "",
            "kanalen": channels.channels_html(meta),
            "per_paragraaf": bool(meta.status == channels.STATUS and channels.link_for(meta, "1")),
            "beschrijving": channels.description(meta),
            "drukregel": channels.print_line(meta),
        }
    }


def _environment():
    """Sphinx's state kept in the running build's cache folder, if there is one."""
    from regiovisie_builder import blok_cache
    from regiovisie_builder.sitecache import SITE_FOLDER, Environment

    cache = blok_cache.active()
    if cache is None or cache.path is None:
        return None
    environment = Environment(cache.path.parent)
    cache.extra[SITE_FOLDER] = environment
    return environment


def build_site(document: Document, resources: Mapping[str, bytes]) -> Site:
    """The built site of this version (path -> bytes) and Sphinx's warnings."""
    meta = document.meta
    conf = settings(meta.titel, meta.versie, context(meta))
    pages = rst.pages(document)
    site = build(pages, resources, conf, _environment())
    files = dict(site.files)
    files[versie_index.MANIFEST] = versie_index.manifest(meta)
    messages = tuple(f"{p.name}: {m}" for p in pages for m in p.messages)
    return Site(files, messages + site.warnings)


def pack(files: Mapping[str, bytes]) -> bytes:
    """A zip archive of the files, in a fixed order with fixed times."""
    return zip_of(files)


def unpack(archive: bytes) -> dict[str, bytes]:
    """The files of an archive made by ``pack`` (path -> bytes)."""
    with zipfile.ZipFile(io.BytesIO(archive)) as zip_:
        return {name: zip_.read(name) for name in zip_.namelist() if not name.endswith("/")}


def write(document: Document, resources: Mapping[str, bytes]) -> bytes:
    """The site of this version as a zip archive (see the module docstring)."""
    site = build_site(document, resources)
    for message in site.warnings:
        log.warning("Website: %s", message)
    return pack(site.files)
