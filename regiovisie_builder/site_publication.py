"""The file-system side of the ``site`` format: versions side by side under ``build/site/``.

    build/site/index.html        every version, newest first (from each versie.json)
    build/site/<versie>/...      the site of one version, never touched by another version
    build/site/latest/...        a copy of the newest version
    build/site/versies.json      every version with its downloads (read by each page's
                                 _static/versies.js: "Er is een nieuwere versie", the list
                                 of versions), rewritten with every new version
    build/site/404.html          the Dutch "page not found" page

``latest/`` is a plain copy, not a symlink or a redirect: symlinks are lost or refused by
many web hosts and upload tools, and a redirect page would only cover the start page,
while a copy keeps every deep link (``latest/proces.html#proces-aanpak``) working.
Each folder is written next to its target first and then swapped in with renames, so a
failed build leaves the previous folder as it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from regiovisie_builder import blok_cache, folders, storage
from regiovisie_builder.errors import BuildError
from regiovisie_builder.pipeline import write_atomic
from regiovisie_builder.versies import check_site_versie
from regiovisie_builder.writers.site import unpack, versie_index


@dataclass(frozen=True)
class SitePublication:
    """Where a built version landed."""

    map: Path
    count: int
    index: Path
    newest: str


# An older version folder copied to latest/: bytes of one file, and of all its files.
MAX_FILE = 200 * 1024 * 1024
MAX_FOLDER = 1024 * 1024 * 1024


def _existing_versies(sitemap: Path) -> dict[str, versie_index.Versie]:
    found: dict[str, versie_index.Versie] = {}
    if not sitemap.is_dir():
        return found
    for folder in sorted(sitemap.iterdir()):
        # build/ travels with a workspace: a folder whose name is no version number (say
        # 'javascript:alert(1)') would become a link on the version list; a version file
        # that is a pipe, a link or huge is no version file. Not listed.
        if not versie_index.valid_versie(folder.name):
            continue
        content = blok_cache.read_cache_file(folder / versie_index.MANIFEST, 1024 * 1024)
        versie = versie_index.read_manifest(content) if content is not None else None
        if versie is not None and versie.versie == folder.name:
            found[versie.versie] = versie
    return found


def _read_folder(folder: Path) -> dict[str, bytes]:
    """The files of an older version folder. build/ travels with a workspace: a symbolic
    link in it may point at any file of this computer, which must not land in the site,
    and a named pipe is no file (both are left out); a file too large to hold (a huge file
    packed small in a zip) is refused, before anything is written."""
    files: dict[str, bytes] = {}
    total = 0
    for path in sorted(Path(entry.path) for _, entry in folders.entries(folder)):
        opened = blok_cache.open_plain(path)
        if opened is None:
            continue
        with opened:
            try:
                content = opened.read(MAX_FILE + 1)
            except OSError:
                continue
        total += len(content)
        if len(content) > MAX_FILE or total > MAX_FOLDER:
            raise BuildError(
                f"De website kan niet worden bijgewerkt: de oudere versie in '{folder}' is "
                f"te groot om over te nemen in latest/ (bijvoorbeeld '{path.name}', hoogstens "
                f"{MAX_FILE // (1024 * 1024)} MB per bestand en {MAX_FOLDER // (1024**3)} GB "
                "samen). Verwijder die map of het te grote bestand. Er is niets geschreven."
            )
        files[path.relative_to(folder).as_posix()] = content
    return files


def replace_folder(target: Path, files: Mapping[str, bytes], same: tuple[Path, ...] = ()) -> None:
    """Replace folder ``target`` under ``build/site/`` by exactly these files, all or nothing.

    The work folder is ``build/.regiovisie-opslag/``: beside the site, never in it, so no
    hidden half-written folder is ever uploaded with it. Files that ``target`` or a folder
    in ``same`` already holds are linked, not written again (``storage.replace_folder``).
    """
    storage.replace_folder(
        target, files, _workspace(target.parent), inside=target.parent.parent, same=same
    )


def _workspace(sitemap: Path) -> Path:
    return sitemap.parent / storage.WERKMAP_NAME


@dataclass(frozen=True)
class SitePlan:
    """What writing one version's site will do; made before anything is written."""

    sitemap: Path
    versie: str
    files: Mapping[str, bytes]
    newest: str
    index: bytes
    root: Mapping[str, bytes]  # index.html, versies.json, 404.html at the site root
    # latest/ from an older version that is the newest, when latest/ is missing (read
    # when planning, so a folder that cannot be copied stops the build before it writes).
    latest: Mapping[str, bytes] | None = None

    def check(self) -> None:
        """Refuse a place the site cannot be written to (``storage.check_targets``), before
        anything of the build is written: a link out of the workspace, a file where a
        folder goes. Found after the version folder (or the documents) was written, it would
        leave half a build behind a message that nothing was written."""
        storage.check_targets(
            (self.sitemap / name for name in self.root),
            (self.sitemap / self.versie, self.sitemap / versie_index.NEWEST),
            self.sitemap.parent.parent,
        )

    def write(self) -> SitePublication:
        """Write the version folder, refresh ``latest/`` when needed, then the index."""
        version_folder = self.sitemap / self.versie
        self.check()
        replace_folder(version_folder, self.files)
        newest_folder = self.sitemap / versie_index.NEWEST
        if self.newest == self.versie:  # the same files as the version's: linked to them
            replace_folder(newest_folder, self.files, (version_folder,))
        elif self.latest is not None:
            replace_folder(newest_folder, self.latest, (self.sitemap / self.newest,))
        write_atomic(
            {self.sitemap / name: content for name, content in self.root.items()},
            self.sitemap.parent.parent,
        )
        return SitePublication(
            self.sitemap / self.versie,
            len(self.files),
            self.sitemap / "index.html",
            self.newest,
        )


def downloads(
    werkmap, document, output: Mapping[str, bytes], writers: Mapping[str, tuple]
) -> dict[str, bytes]:
    """Files for a version's folder besides its pages: Word/PDF, the change overview.

    The Word (and PDF) file of a published version is the frozen one from ``versies/``;
    otherwise the one built in this same run. The change overview compares the text with
    the highest published version below this one.
    """
    from regiovisie_builder import versies as publications

    meta = document.meta
    extra: dict[str, bytes] = {}
    published = {g.versie: g for g in publications.published_versies(werkmap.path)}
    own = published.get(meta.versie)
    for fmt in ("docx", "pdf"):
        name = f"{meta.soort}-{meta.versie}.{fmt}"
        bevroren = publications.read_output(own, f"{meta.soort}.{fmt}") if own else None
        if bevroren is not None:
            extra[name] = bevroren
        elif fmt in output and writers.get(fmt, ("", ""))[1] == f".{fmt}":
            extra[name] = output[fmt]
    earlier = [
        g
        for g in published.values()
        if publications.versie_key(g.versie) < publications.versie_key(meta.versie)
    ]
    if earlier:
        from regiovisie_builder.consultatie.compare import compare
        from regiovisie_builder.consultatie.overview import change_overview
        from regiovisie_builder.pipeline import versie_document
        from regiovisie_builder.writers import writer

        previous = max(earlier, key=lambda g: publications.versie_key(g.versie)).versie
        comparison = compare(versie_document(werkmap, previous), document)
        overview = change_overview(comparison, previous, meta.versie, "")
        extra[f"wijzigingen-{previous}-{meta.versie}.html"] = writer("html")(
            overview, werkmap.read_resources()
        )
    return extra


def _size(count: int) -> str:
    return f"{max(1, round(count / 1024))} kB"


def versie_list(sitemap: Path, new: versie_index.Versie, new_files: Mapping[str, bytes]):
    """Every version with its downloads, as written to ``versies.json``."""
    all_ = _existing_versies(sitemap)
    all_[new.versie] = new
    items = []
    for v in versie_index.newest_first(all_.values()):
        if v.versie == new.versie:
            names = {n: len(b) for n, b in new_files.items() if "/" not in n}
        else:
            folder = sitemap / v.versie
            names = {p.name: p.stat().st_size for p in sorted(folder.iterdir()) if p.is_file()}
        soorten = {".docx": "Word", ".pdf": "PDF"}
        downloads = [
            {"pad": n, "label": f"{soorten[Path(n).suffix]} ({_size(g)})"}
            for n, g in sorted(names.items())
            if Path(n).suffix in soorten
        ]
        changes = next(
            (n for n in sorted(names) if n.startswith("wijzigingen-") and n.endswith(".html")),
            None,
        )
        items.append(
            {
                "versie": v.versie,
                "status": v.status,
                "statuslabel": v.statuslabel,
                "datum": v.datum,
                "datum_tekst": v.date_text,
                "titel": v.titel,
                "regio": v.regio,
                "kenmerk": v.kenmerk,
                "downloads": downloads,
                "wijzigingen": {
                    "pad": changes,
                    "tegen": changes.removeprefix("wijzigingen-").split("-", 1)[0],
                }
                if changes
                else None,
            }
        )
    return items


def sitemap_xml(
    sitemap: Path, items: list[dict], new: str, files: Mapping[str, bytes], website: str
) -> bytes:
    """``sitemap.xml``: every page of every version, at its own (canonical) address."""
    from xml.sax.saxutils import escape

    basis = website.rstrip("/")
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    lines.append('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
    lines.append(f"  <url><loc>{escape(basis)}/index.html</loc></url>")
    for v in items:
        if v["versie"] == new:
            names = sorted(n for n in files if n.endswith(".html") and "/" not in n)
        else:
            names = sorted(p.name for p in (sitemap / v["versie"]).glob("*.html"))
        for name in names:
            if name in ("search.html", "genindex.html"):
                continue
            address = escape(f"{basis}/{v['versie']}/{name}")
            lines.append(f"  <url><loc>{address}</loc><lastmod>{v['datum']}</lastmod></url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def plan_site(
    sitemap: Path,
    archive: bytes,
    resources: Mapping[str, bytes],
    extra: Mapping[str, bytes] | None = None,
    website: str = "",
) -> SitePlan:
    """Check a built version's site and work out the index; ``BuildError`` when it cannot land."""
    files = {**unpack(archive), **(extra or {})}
    versie = versie_index.read_manifest(files.get(versie_index.MANIFEST, b""))
    if versie is None:
        raise BuildError("De website is onvolledig gebouwd: versie.json ontbreekt.")
    check_site_versie(versie.versie)
    storage.restore(_workspace(sitemap), sitemap)  # a crash may have moved a version away
    items = versie_list(sitemap, versie, files)
    newest = items[0]["versie"]
    index = versie_index.index(items, resources)
    root = {
        "index.html": index,
        versie_index.LIST: versie_index.list_json(newest, items),
        "404.html": versie_index.not_found(items, resources),
    }
    if website:
        root["sitemap.xml"] = sitemap_xml(sitemap, items, versie.versie, files, website)
    root = {name: content for name, content in root.items() if content}
    latest = None
    if newest != versie.versie and not (sitemap / versie_index.NEWEST).is_dir():
        latest = _read_folder(sitemap / newest)
    return SitePlan(sitemap, versie.versie, files, newest, index, root, latest)
