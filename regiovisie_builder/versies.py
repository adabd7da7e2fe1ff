"""Published versions on disk: ``WERKMAP/versies/<versie>/``, frozen and never overwritten.

Like ``werkmap.py`` this module touches the file system (for the ``versies/`` folder only).
A published version holds the region data, the outline and the rendered Markdown of every
block (``bronnen/``), the outputs (``uitvoer/``) and ``manifest.json`` with a sha256 per file.
Reading a version back uses those frozen sources, never the current blocks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from regiovisie_builder import nvo
from regiovisie_builder.errors import BuildError, ConfigError, ContentError, Problem
from regiovisie_builder.model import Document, Regio
from regiovisie_builder.transforms import transform
from regiovisie_builder.werkmap import read_plain_file

# Statuses in the order a regiovisie goes through them.
STATUS_ORDER = tuple(nvo.STATUSES)  # the order in which a status may only go forward
WORKING_COPY = "werkkopie"
# A version number: numbers without leading zeros, with dots between (1.0, 0.9, 1.2.1).
# It becomes a folder name and is compared as numbers, so 'v1' or '0.05' would strand a
# workspace: a later '0.1' would sort wrong or collide.
VERSIE_PATTERN = re.compile(r"^(0|[1-9][0-9]{0,5})(\.(0|[1-9][0-9]{0,5})){1,3}$")
VERSIE_FORM = (
    "Een versienummer bestaat uit getallen met punten ertussen, zonder voorloopnullen: "
    "bijvoorbeeld 1.0, 0.9 of 1.2.1."
)


def valid_versie_number(versie: str) -> bool:
    """Whether ``versie`` has the form of a version number (see ``VERSIE_PATTERN``)."""
    return bool(VERSIE_PATTERN.match(versie))


def check_site_versie(versie: str) -> None:
    """Refuse a version number that cannot be the folder of its version on the website.

    Checked before the site is built (Sphinx takes seconds) and again where the built
    version lands (``site_publication``)."""
    from regiovisie_builder.writers.site.versie_index import valid_versie

    if not (valid_versie(versie) and valid_versie_number(versie)):
        raise BuildError(
            f"Het versienummer '{versie}' kan geen mapnaam van de website zijn. "
            f"{VERSIE_FORM} Pas 'document.versie' in regio.yaml aan. Er is niets geschreven."
        )


FORMATS = ("docx", "html")


def versie_key(versie: str) -> tuple:
    """Sort key for version numbers: 0.9 < 0.10 < 1.0 < 1.0.1. A part of other digits than
    0-9 (a folder in versies/ named '²', which int() refuses) sorts as text."""
    parts = re.split(r"[.\-_]", versie)
    return tuple((0, int(d), "") if d.isascii() and d.isdigit() else (1, 0, d) for d in parts)


@dataclass(frozen=True)
class Published:
    """A published version: its folder and manifest."""

    versie: str
    map: Path
    manifest: dict

    @property
    def status(self) -> str:
        return self.manifest.get("status", "")


def versie_folder(werkmap_path: Path) -> Path:
    return werkmap_path / "versies"


def published_versies(werkmap_path: Path) -> list[Published]:
    """Every published version, lowest number first."""
    folder = versie_folder(werkmap_path)
    if not folder.is_dir():
        return []
    out = []
    for candidate in folder.iterdir():
        manifest = candidate / "manifest.json"
        if candidate.name.startswith(".") or not os.path.lexists(manifest):
            continue
        unreadable = f"Het manifest van de gepubliceerde versie '{candidate.name}' is onleesbaar."
        try:
            # versies/ travels with a workspace: a pipe, a symlink out of it or a huge file
            # is refused as any input is (werkmap.read_plain_file).
            text = read_plain_file(manifest, manifest.as_posix(), werkmap_path)
        except ContentError as error:
            raise ConfigError(unreadable, error.problems) from None
        try:
            data = json.loads(text.decode("utf-8"))
        except (ValueError, RecursionError):  # RecursionError: nested too deeply
            raise ConfigError(
                unreadable,
                [Problem(manifest.as_posix(), None, "herstel het bestand uit een back-up.")],
            ) from None
        out.append(Published(candidate.name, candidate, data))
    return sorted(out, key=lambda g: versie_key(g.versie))


def find_versie(werkmap_path: Path, versie: str) -> Published:
    """One published version; ``ConfigError`` naming the versions that do exist."""
    for published in published_versies(werkmap_path):
        if published.versie == versie:
            return published
    known = ", ".join(g.versie for g in published_versies(werkmap_path)) or "geen"
    raise ConfigError(
        f"Versie '{versie}' is niet gepubliceerd. Gepubliceerde versies: {known}. "
        f"Gebruik '{WORKING_COPY}' voor de huidige tekst."
    )


# --- publishing ---------------------------------------------------------------------------


def _source_file(blok, order: int) -> str:
    """A frozen block: front matter with its placement, then the rendered Markdown."""
    heading = {
        "id": blok.id,
        "titel": blok.titel,
        "hoofdstuk": blok.hoofdstuk,
        "volgorde": order,
        "afspraken": list(blok.afspraken),
        "themas": list(blok.themas),
    }
    if blok.route:
        heading["route"] = blok.route
    import yaml  # only when publishing: a build that reads versions does not load PyYAML

    front = yaml.safe_dump(heading, allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n{blok.markdown}"


def check_order(versie: str, status: str, earlier: list[Published]) -> None:
    """Refuse a version number that exists or is lower, or a status that moves back."""
    if not valid_versie_number(versie):
        raise ConfigError(
            f"Het versienummer '{versie}' kan niet als mapnaam dienen. {VERSIE_FORM} "
            "Pas 'document.versie' in regio.yaml aan; er is niets gepubliceerd."
        )
    for published in earlier:
        if published.versie == versie:
            raise ConfigError(
                f"Versie {versie} is al gepubliceerd (op {published.manifest.get('datum')}). "
                "Een gepubliceerde versie wordt nooit overschreven; er is niets veranderd. "
                "Verhoog 'document.versie' in regio.yaml en publiceer opnieuw."
            )
    if not earlier:
        return
    last = earlier[-1]
    if versie_key(versie) < versie_key(last.versie):
        raise ConfigError(
            f"Versie {versie} is lager dan de laatst gepubliceerde versie {last.versie}. "
            "Een nieuwe versie krijgt een hoger nummer. Pas 'document.versie' in regio.yaml aan."
        )
    if (
        status in STATUS_ORDER
        and last.status in STATUS_ORDER
        and STATUS_ORDER.index(status) < STATUS_ORDER.index(last.status)
    ):
        order = " → ".join(STATUS_ORDER)
        raise ConfigError(
            f"De status '{status}' is een stap terug: versie {last.versie} had al de "
            f"status '{last.status}'. De status gaat alleen vooruit ({order}). "
            "Pas 'document.status' in regio.yaml aan."
        )


def bevroren_files(
    document: Document,
    regio_yaml: bytes,
    opzet_yaml: bytes,
    output: dict[str, bytes],
    raadsstukken: dict[str, bytes] | None = None,
) -> dict[str, bytes]:
    """The files of a version folder (relative path -> bytes), manifest included.

    ``raadsstukken`` are the per-municipality council documents ("raad/x.docx" -> bytes).
    """
    files: dict[str, bytes] = {"regio.yaml": regio_yaml, "opzet.yaml": opzet_yaml}
    for place, blok in enumerate(document.blokken, start=1):
        files[f"bronnen/{blok.id}.md"] = _source_file(blok, place * 10).encode("utf-8")
    images = bevroren_images(document)
    for path, content in images.values():
        files[path] = content
    soort = document.meta.soort
    for fmt, content in output.items():
        files[f"uitvoer/{soort}.{fmt}"] = content
    for path, content in (raadsstukken or {}).items():
        files[f"uitvoer/{path}"] = content
    meta = document.meta
    manifest = {
        "versie": meta.versie,
        "status": meta.status,
        "datum": meta.datum.isoformat(),
        # The document date, not the clock: publishing the same input gives the same bytes.
        "gepubliceerd": dt.datetime.combine(meta.datum, dt.time()).isoformat(),
        "titel": meta.titel,
        "regio": meta.regio,
        "kenmerk": meta.kenmerk,
        "soort": soort,
        "blokken": [b.id for b in document.blokken],
        # Block id + image path as written in the block -> the frozen copy of the image.
        "afbeeldingen": {key: path for key, (path, _) in sorted(images.items())},
        "bestanden": {
            path: hashlib.sha256(content).hexdigest() for path, content in sorted(files.items())
        },
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    files["manifest.json"] = text.encode("utf-8")
    return files


def _image_key(blok_id: str, path: str) -> str:
    return f"{blok_id}/{path}"


def bevroren_images(document: Document) -> dict[str, tuple[str, bytes]]:
    """The image files a version keeps: key (block id and path) -> (file, checked bytes).

    Charts (``grafiek:``) are not kept: their data is in the frozen Markdown itself.
    """
    from regiovisie_builder.model import Figure, walk

    blok_of = {b.source.file: b.id for b in document.blokken}
    out: dict[str, tuple[str, bytes]] = {}
    for node in walk(document.body):
        if not isinstance(node, Figure) or not node.data or node.path.startswith("grafiek:"):
            continue
        blok_id = blok_of.get(node.source.file)
        if blok_id is None:
            continue
        extension = {"jpeg": "jpg"}.get(node.format, node.format)
        name = f"afbeeldingen/{hashlib.sha256(node.data).hexdigest()[:16]}.{extension}"
        out[_image_key(blok_id, node.path)] = (name, node.data)
    return out


def write_versie(werkmap_path: Path, versie: str, files: dict[str, bytes]) -> Path:
    """Write a version folder all at once: a hidden work folder, then one rename."""
    from regiovisie_builder.errors import BuildError
    from regiovisie_builder.storage import (
        WERKMAP_NAME,
        check_inside,
        folder_mode,
        reason,
        write_new_folder,
    )

    folder = versie_folder(werkmap_path)
    target = folder / versie
    try:
        check_inside(target, werkmap_path)
    except BuildError as error:
        raise ConfigError(error.message) from None
    try:
        folder.mkdir(mode=folder_mode(), parents=True, exist_ok=True)
        write_new_folder(target, files, folder / WERKMAP_NAME)
    except FileExistsError:
        raise ConfigError(
            f"Versie {versie} is al gepubliceerd. Er is niets overschreven."
        ) from None
    except OSError as error:
        raise ConfigError(
            f"Publiceren mislukt: {reason(error)}. Er is niets gepubliceerd."
        ) from None
    return target


# --- reading a published version back -------------------------------------------------------

# Bytes of one frozen output (a Word file or PDF with its images may be larger than an input).
MAX_OUTPUT = 200 * 1024 * 1024


def read_output(published: Published, name: str) -> bytes | None:
    """Frozen output ``uitvoer/<name>`` of ``published``, as its manifest vouches for it;
    None when the version has no such file.

    A workspace travels with its ``versies/``, and a frozen output is put on the website
    as the version's download: it must be a regular file inside the workspace within a cap
    (not a symlink to a file elsewhere on this computer, not a pipe) with the sha256 the
    manifest names. Otherwise ``ConfigError``: the version is not intact.
    """
    path = f"uitvoer/{name}"
    file = published.map / path
    if not os.path.lexists(file):
        return None
    shown = f"versies/{published.versie}/{path}"
    try:
        content = read_plain_file(file, shown, published.map.parent.parent, limit=MAX_OUTPUT)
    except ContentError as error:
        problems = error.problems
    else:
        expected = published.manifest.get("bestanden", {}).get(path)
        if hashlib.sha256(content).hexdigest() == expected:
            return content
        problems = (Problem(shown, None, "het bestand is na publicatie veranderd."),)
    message = f"De gepubliceerde versie {published.versie} is niet meer intact."
    raise ConfigError(message, problems)


def changed_files(published: Published) -> list[Problem]:
    """Every file of a published version (outputs included) that is missing or changed
    since publication, by the sha256 sums in its manifest."""
    folder = published.map
    problems = []
    for path, hash_ in sorted(published.manifest.get("bestanden", {}).items()):
        file = folder / path
        if not file.resolve().is_relative_to(folder.resolve()):
            problems.append(Problem(file.as_posix(), None, "dit pad ligt buiten de versie."))
            continue
        if not os.path.lexists(file):
            problems.append(Problem(file.as_posix(), None, "het bestand ontbreekt."))
            continue
        try:
            content = read_plain_file(file, file.as_posix(), folder.parent.parent, limit=MAX_OUTPUT)
        except ContentError as error:
            problems += error.problems
            continue
        if hashlib.sha256(content).hexdigest() != hash_:
            problems.append(
                Problem(file.as_posix(), None, "het bestand is na publicatie veranderd.")
            )
    return problems


def read_bevroren(published: Published) -> tuple[Document, Regio]:
    """The numbered document of a published version and its region data, from its frozen
    sources.

    A file whose hash differs from the manifest is refused: a frozen version must not change.
    """
    from regiovisie_builder.readers.blokken import read_blok
    from regiovisie_builder.readers.document import read_document, read_opzet
    from regiovisie_builder.readers.images import fill_images
    from regiovisie_builder.readers.regio import read_regio
    from regiovisie_builder.readers.yaml_source import load_yaml

    folder = published.map
    expected = published.manifest.get("bestanden", {})
    problems = []
    texts: dict[str, str] = {}
    pictures: dict[str, bytes] = {}
    for path, hash_ in sorted(expected.items()):
        is_picture = path.startswith("afbeeldingen/")
        if not (path.endswith(".md") or path.endswith(".yaml") or is_picture):
            continue
        file = folder / path
        if not file.resolve().is_relative_to(folder.resolve()):
            # A manifest names files of its own version only, never '../' or a symlink out.
            problems.append(Problem(file.as_posix(), None, "dit pad ligt buiten de versie."))
            continue
        if not os.path.lexists(file):
            problems.append(Problem(file.as_posix(), None, "het bestand ontbreekt."))
            continue
        try:
            content = read_plain_file(file, file.as_posix(), folder.parent.parent)
        except ContentError as error:
            problems += error.problems
            continue
        if hashlib.sha256(content).hexdigest() != hash_:
            problems.append(
                Problem(file.as_posix(), None, "het bestand is na publicatie veranderd.")
            )
            continue
        if is_picture:
            pictures[path] = content
        else:
            texts[path] = content.decode("utf-8")
    if problems:
        raise ConfigError(
            f"De gepubliceerde versie {published.versie} is niet meer intact.", problems
        )
    name = f"versies/{published.versie}"
    for needed in ("regio.yaml", "opzet.yaml"):
        if needed not in texts:
            raise ConfigError(
                f"De gepubliceerde versie {published.versie} is niet meer intact.",
                [Problem(f"{name}/manifest.json", None, f"{needed} ontbreekt in het manifest.")],
            )
    regio = read_regio(texts["regio.yaml"], f"{name}/regio.yaml")
    # Through the hardened loader, as the working copy's outline: the manifest that vouches
    # for this file travels with the workspace, so the file may be anything (an alias bomb).
    try:
        outline = load_yaml(texts["opzet.yaml"], f"{name}/opzet.yaml").data
    except ValueError as error:
        raise ConfigError(
            f"De documentopzet van versie {published.versie} is geen geldige YAML.", error.args
        ) from None
    opzet = read_opzet(outline, f"{name}/opzet.yaml")
    blokken = []
    for path, text in texts.items():
        if path.startswith("bronnen/"):
            try:
                blok = read_blok(text, f"{name}/{path}", "versie")
            except ValueError as error:
                raise ContentError(
                    f"Een bron van versie {published.versie} is onleesbaar.", error.args[0]
                ) from None
            blokken.append(blok)
    # The frozen blocks belong to this document type, whatever their front matter says.
    blokken = [replace(b, documents=(opzet.soort,)) for b in blokken]
    document = read_document(regio, blokken, opzet, rendered=True)
    copies = published.manifest.get("afbeeldingen", {})

    def read_picture(figure) -> bytes | None:
        # A frozen block is "versies/<versie>/bronnen/<id>.md": its id is the file's stem.
        blok_id = figure.source.file.rsplit("/", 1)[-1].removesuffix(".md")
        path = copies.get(_image_key(blok_id, figure.path))
        # None: a version published before images were kept shows the alt text instead.
        return pictures.get(path) if path else None

    return transform(fill_images(document, read_picture)), regio
