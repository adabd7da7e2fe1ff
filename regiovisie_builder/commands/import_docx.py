"""``regiovisie import``: turn an existing Word draft into blocks of a workspace.

Read -> plan -> write: the draft is read completely and every file to write is planned
before anything touches the disk, so a bad draft or a clash leaves the workspace as it was.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from regiovisie_builder import keywords, nvo, sources
from regiovisie_builder.dutch import counted
from regiovisie_builder.errors import ConfigError, ContentError, Problem
from regiovisie_builder.readers.docx_import import (
    MAX_FILE,
    MISSING_DESCRIPTION,
    Picture,
    Reading,
    Section,
    escape,
    read_docx,
)
from regiovisie_builder.readers.images import MAX_PIXELS, InvalidImage
from regiovisie_builder.readers.images import check as images_check
from regiovisie_builder.readers.markdown import anchor
from regiovisie_builder.werkmap import yaml_scalar
from regiovisie_builder.writers.pdf import BLOCK_LINKS, registry

OPZET = Path("templates") / "documenten" / "regiovisie.yaml"
IMAGES = "afbeeldingen"
# The first line of an outline this command wrote: only such an outline may be replaced.
OPZET_KENMERK = "# Documentopzet gemaakt door 'regiovisie import'"
CONVERT_TIME = 120  # seconds for LibreOffice to convert a .doc or .odt

# Image formats a build can show as they are, and those converted to PNG here.
USABLE = {".png", ".jpg", ".jpeg", ".svg"}
AROUND_TOO_SET = {".gif", ".bmp", ".tif", ".tiff"}
MAX_IMAGE = 10 * 1024 * 1024  # bytes; a build refuses larger image files
# Image files one import writes. Each place an image is shown gets a file of its own: a draft
# of 40 kB that shows one small picture 4,500 times wrote 4,500 files (a larger one could
# write hundreds of thousands). A real draft has a few hundred at most.
MAX_IMAGES = 1000
TOO_MANY_IMAGES = (
    f"de afbeeldingen na de eerste {MAX_IMAGES}: zoveel afbeeldingen neemt import niet over; "
    "voeg ze zelf toe als ze in het document horen"
)

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# --- reading the file ----------------------------------------------------------------------


def _error(file: str, message: str, guidance: str) -> ContentError:
    return ContentError(f"{message} Er is niets geschreven.", [Problem(file, None, guidance)])


def _soort(contents: bytes) -> str:
    """ "docx", "odt", "doc", "rtf" by the file's content (its name can lie)."""
    if contents.startswith(b"PK\x03\x04"):
        if b"mimetypeapplication/vnd.oasis.opendocument.text" in contents[:200]:
            return "odt"
        return "docx"
    if contents.startswith(_OLE):
        return "doc"
    if contents.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    return ""


def read_file(path: Path) -> tuple[bytes, str]:
    """The draft as .docx bytes (converted by LibreOffice when needed) and its name."""
    name = path.name
    if not path.is_file():
        raise ConfigError(f"Het bestand '{path}' bestaat niet. Er is niets geschreven.")
    if path.stat().st_size > MAX_FILE:
        raise _error(
            name,
            "Dit Word-bestand is te groot om in te lezen.",
            f"de grens is {MAX_FILE // (1024 * 1024)} MB. Haal grote afbeeldingen eruit of "
            "splits het document.",
        )
    contents = path.read_bytes()
    soort = _soort(contents)
    if soort == "docx":
        return contents, name
    if soort in ("doc", "odt", "rtf"):
        return _convert(contents, soort, name), name
    raise _error(
        name,
        "Dit bestand is geen Word-document.",
        "het is geen .docx, .doc of .odt, ook al heet het zo. Open het in Word of LibreOffice, "
        "sla het op als Word-document (.docx) en probeer het opnieuw.",
    )


_SECURITY = "/org.openoffice.Office.Common/Security/Scripting"
# LibreOffice settings for converting a file from outside: links to other files and
# addresses are not followed (BLOCK_LINKS), no macro runs.
_PROFILE_SETTINGS = registry(
    BLOCK_LINKS,
    (_SECURITY, "MacroSecurityLevel", "3"),
    (_SECURITY, "DisableMacrosExecution", "true"),
)


def _convert(contents: bytes, soort: str, name: str) -> bytes:
    """A .doc/.odt/.rtf converted to .docx by LibreOffice, with its own private profile."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise _error(
            name,
            f"Een .{soort}-bestand kan alleen worden ingelezen als LibreOffice is geïnstalleerd.",
            f"open het bestand in Word of LibreOffice en kies 'Opslaan als' > Word-document "
            f"(.docx); of installeer LibreOffice. Daarna: regiovisie import {Path(name).stem}.docx "
            "MAP",
        )
    with tempfile.TemporaryDirectory(prefix="regiovisie-import-") as temporary:
        folder = Path(temporary)
        source = folder / f"concept.{soort}"
        source.write_bytes(contents)
        # A fresh profile with its settings written first: a draft from outside with a
        # linked picture or section would otherwise make LibreOffice fetch that address
        # while converting; and macros never run.
        (folder / "profiel" / "user").mkdir(parents=True)
        (folder / "profiel" / "user" / "registrymodifications.xcu").write_text(
            _PROFILE_SETTINGS, encoding="utf-8"
        )
        profile = (folder / "profiel").as_uri()
        # A session of its own: on a timeout the whole group is ended. Killing only the
        # 'soffice' started here left LibreOffice's own process (soffice.bin) running on
        # the draft, without limit, after the import had given up.
        process = subprocess.Popen(
            [
                soffice,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "docx",
                "--outdir",
                str(folder / "uit"),
                str(source),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env={**os.environ, "HOME": temporary},
        )
        try:
            process.communicate(timeout=CONVERT_TIME)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(OSError):
                os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise _error(
                name,
                "LibreOffice kon het bestand niet op tijd omzetten.",
                f"het omzetten duurde langer dan {CONVERT_TIME} seconden. Sla het bestand zelf op "
                "als .docx en probeer het opnieuw.",
            ) from None
        result = folder / "uit" / "concept.docx"
        if process.returncode != 0 or not result.is_file():
            raise _error(
                name,
                f"LibreOffice kon dit .{soort}-bestand niet omzetten.",
                "het bestand is misschien beschadigd of beveiligd. Open het in Word of "
                "LibreOffice, sla het op als .docx en probeer het opnieuw.",
            )
        return result.read_bytes()


# --- planning the blocks -------------------------------------------------------------------


@dataclass
class BlokPlan:
    """One block to write: front matter values and Markdown parts."""

    id: str
    titel: str
    hoofdstuk: str
    parts: list = field(default_factory=list)  # Markdown text or (Afbeelding, caption)
    footnotes: list[str] = field(default_factory=list)
    proposal: keywords.Proposal | None = None


@dataclass
class HoofdstukPlan:
    id: str
    titel: str
    blokken: list[BlokPlan] = field(default_factory=list)


_NOTE_LABEL = re.compile(r"\[\^(\d+)\]")


def _add(blok: BlokPlan, section: Section, heading: str | None = None) -> None:
    """A section's parts and footnotes added to a block; footnote labels renumbered."""
    shift = len(blok.footnotes)

    def renumber(text: str) -> str:
        return _NOTE_LABEL.sub(lambda m: f"[^{int(m.group(1)) + shift}]", text)

    if heading:
        blok.parts.append(heading)
    for part in section.parts:
        blok.parts.append(renumber(part) if isinstance(part, str) else part)
    blok.footnotes.extend(section.footnotes)


def _slug(title: str) -> str:
    """An id from a title, cut at a word boundary so file names stay readable."""
    slug = anchor(title)
    if len(slug) > 60:
        slug = slug[:60].rsplit("-", 1)[0]
    return slug


def _unique(basis: str, taken: set[str]) -> str:
    candidate, number = basis, 2
    while candidate in taken:
        candidate = f"{basis}-{number}"
        number += 1
    taken.add(candidate)
    return candidate


# The chapter id that makes a block an appendix (Bijlage A, B, ...) after all chapters.
BIJLAGEN = "bijlagen"


def plan_hoofdstukken(sections: list[Section], taken: set[str], hoofdstuk_ids: set[str]):
    """Level 1 sections become chapters, level 2 blocks, level 3 headings inside a block.

    Text right under a chapter heading becomes a block with the chapter's title. An
    appendix ("Bijlage A ...") becomes one block with ``hoofdstuk: bijlagen``, its sections
    headings inside it. Returns the chapters and the appendices (a plan with id
    ``bijlagen``).
    """
    hoofdstukken: list[HoofdstukPlan] = []
    bijlagen = HoofdstukPlan(BIJLAGEN, "Bijlagen")
    blok: BlokPlan | None = None
    in_bijlage = False

    def new_hoofdstuk(title: str) -> HoofdstukPlan:
        hoofdstuk = HoofdstukPlan(_unique(_slug(title), hoofdstuk_ids), title)
        hoofdstukken.append(hoofdstuk)
        return hoofdstuk

    def new_blok(title: str) -> BlokPlan:
        hoofdstuk = hoofdstukken[-1] if hoofdstukken else new_hoofdstuk(title)
        new = BlokPlan(_unique(_slug(title), taken), title, hoofdstuk.id)
        hoofdstuk.blokken.append(new)
        return new

    for section in sections:
        if section.level == 1 and section.bijlage:
            blok = BlokPlan(_unique(_slug(section.titel), taken), section.titel, BIJLAGEN)
            bijlagen.blokken.append(blok)
            _add(blok, section)
            in_bijlage = True
            continue
        if in_bijlage and section.level > 1 and blok is not None:
            # An appendix's own headings start one level higher (A.1 is '#').
            _add(blok, section, heading="#" * (section.level - 1) + " " + escape(section.titel))
            continue
        in_bijlage = False
        if section.level == 1:
            new_hoofdstuk(section.titel)
            blok = None
            if section.parts:
                blok = new_blok(section.titel)
                _add(blok, section)
        elif section.level == 2 or blok is None:
            blok = new_blok(section.titel)
            _add(blok, section)
        else:
            _add(blok, section, heading="# " + escape(section.titel))
    return hoofdstukken, bijlagen


def _plain_text(blok: BlokPlan) -> str:
    return " ".join(d for d in blok.parts if isinstance(d, str))


# --- writing Markdown ----------------------------------------------------------------------


def _front_matter(blok: BlokPlan, order: int, source_file: str) -> str:
    lines = [
        "---",
        f"id: {blok.id}",
        f"titel: {yaml_scalar(blok.titel)}",
        f"hoofdstuk: {blok.hoofdstuk}",
        f"volgorde: {order}",
        "herkomst: import",
        f"bron_bestand: {yaml_scalar(source_file)}",
    ]
    proposal = blok.proposal
    if proposal and (proposal.afspraken or proposal.themas or proposal.route):
        lines += [
            "# Voorstel van 'regiovisie import'. Klopt het? Hernoem dan voorstel_afspraken",
            "# naar afspraken, voorstel_themas naar themas en voorstel_route naar route.",
        ]
        if proposal.route:
            bewijs = "; ".join(proposal.route_bewijs) or "volgt uit de afspraken"
            lines.append(f"voorstel_route: {proposal.route}  # {bewijs}")
        if proposal.afspraken:
            numbers = ", ".join(str(n) for n in sorted(proposal.afspraken))
            bewijs = "; ".join(
                f"afspraak {n}: {', '.join(w)}" for n, w in sorted(proposal.afspraken.items())
            )
            lines.append(f"voorstel_afspraken: [{numbers}]  # gevonden: {bewijs}")
        if proposal.themas:
            names = ", ".join(proposal.themas)
            bewijs = "; ".join(f"{t}: {', '.join(w)}" for t, w in proposal.themas.items())
            lines.append(f"voorstel_themas: [{names}]  # gevonden: {bewijs}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def _too_many_pixels(image: Picture) -> bool:
    """More pixels than a build accepts (``readers.images.MAX_PIXELS``)? Read from the
    header only: a small compressed file can hold an image that fills the memory when it
    is decoded (a GIF, a TIFF), so this is asked before any conversion."""
    if image.extension == ".svg":
        return False
    from PIL import Image

    try:
        with Image.open(io.BytesIO(image.content)) as picture:
            width, height = picture.size
    except Image.DecompressionBombError:
        return True
    except Exception:  # noqa: BLE001 - not readable: the conversion reports it as skipped
        return False
    return width * height > MAX_PIXELS


def _image_bytes(image: Picture) -> tuple[bytes, str] | None:
    """The image as a format the build can show (bytes, extension), or None."""
    if image.extension in USABLE:
        return image.content, image.extension
    if image.extension in AROUND_TOO_SET:
        try:
            from PIL import Image

            with Image.open(io.BytesIO(image.content)) as picture:
                out = io.BytesIO()
                picture.save(out, format="PNG")
                return out.getvalue(), ".png"
        except Exception:  # noqa: BLE001 - any failure: the image is reported as skipped
            return None
    return None


def _markdown(blok: BlokPlan, images: dict[str, bytes], skipped: list[str], taken: set[str]) -> str:
    """The block body; its images are added to ``images`` under names not in ``taken``
    (files of the workspace that must not be overwritten)."""
    parts = []
    number = 0
    index = 0
    while index < len(blok.parts):
        part = blok.parts[index]
        index += 1
        if isinstance(part, str):
            parts.append(part)
            continue
        caption = blok.parts[index] if index < len(blok.parts) else ""
        index += 1
        if len(images) >= MAX_IMAGES:
            if TOO_MANY_IMAGES not in skipped:
                skipped.append(TOO_MANY_IMAGES)
            continue
        if _too_many_pixels(part):
            skipped.append(
                f"een afbeelding in '{blok.titel}': meer dan {MAX_PIXELS // 1_000_000} miljoen "
                "pixels; verklein haar en voeg haar zelf toe"
            )
            continue
        converted = _image_bytes(part)
        if converted is not None and len(converted[0]) > MAX_IMAGE:
            skipped.append(
                f"een afbeelding in '{blok.titel}': groter dan "
                f"{MAX_IMAGE // (1024 * 1024)} MB; verklein haar en voeg haar zelf toe"
            )
            continue
        if converted is None:
            skipped.append(
                f"een afbeelding ({part.extension.lstrip('.')}) in '{blok.titel}': dit formaat "
                "kan de bouw niet tonen; sla haar op als PNG en voeg haar zelf toe"
            )
            continue
        contents, extension = converted
        number += 1
        while f"{blok.id}-{number}{extension}" in taken:
            number += 1
        name = f"{blok.id}-{number}{extension}"
        # The checks of a build: a drawing with scripts or links to other files or addresses
        # (an SVG from the draft), or a file that is not what its name says, is not written
        # into the workspace; an SVG is written as the build would clean it.
        try:
            contents = images_check(contents, f"afbeelding{extension}")[1]
        except InvalidImage as reason:
            number -= 1
            skipped.append(f"een afbeelding in '{blok.titel}': {reason.args[0]}")
            continue
        images[name] = contents
        alt = escape(part.alt or MISSING_DESCRIPTION)
        text = escape(caption) if caption else alt
        parts.append(f"![{alt}]({IMAGES}/{name})\nFiguur: {text}")
    for n, note in enumerate(blok.footnotes, start=1):
        parts.append(f"[^{n}]: {note or MISSING_DESCRIPTION}")
    return "\n\n".join(parts) + "\n"


def _opzet(
    hoofdstukken: list[HoofdstukPlan],
    extra: list[tuple[str, str, list[str]]],
    source: str,
    bijlagen: list[str],
) -> str:
    """The workspace outline: chapters with their blocks, then the appendices."""
    lines = [
        f"{OPZET_KENMERK} uit {source}.",
        "# De hoofdstukken en blokken staan in de volgorde van het document. Alleen de blokken",
        "# die hier staan, komen in het document. Voeg een blok toe door zijn id in de lijst",
        "# 'blokken' van een hoofdstuk te zetten; de standaardblokken doen dan niet mee.",
        "soort: regiovisie",
        "raadsstukken: [raadsvoorstel, raadsbesluit]",
        "hoofdstukken:",
    ]
    rows = [(h.id, h.titel, [b.id for b in h.blokken]) for h in hoofdstukken] + extra
    for id_, title, blokken in rows:
        if not blokken:
            continue
        lines += [
            f"  - id: {id_}",
            f"    titel: {yaml_scalar(title)}",
            "    blokken:",
            *(f"      - {b}" for b in blokken),
        ]
    if bijlagen:
        lines += ["# Bijlage A, B, ... na de hoofdstukken.", "bijlagen:"]
        lines += [f"  - {b}" for b in bijlagen]
    return "\n".join(lines) + "\n"


# --- the workspace as it is ----------------------------------------------------------------


def _existing_blokken(content: Path) -> dict[str, tuple[Path, bool]]:
    """Block id -> (file, made by an earlier import) for the workspace's blocks."""
    from regiovisie_builder.readers.yaml_source import load_yaml

    found: dict[str, tuple[Path, bool]] = {}
    if not content.is_dir():
        return found
    from regiovisie_builder import folders

    files = (Path(e.path) for n, e in folders.entries(content) if n.endswith(".md"))
    for path in sorted(files):  # not rglob: see ``folders``
        heading: object = {}
        try:
            text = path.read_text(encoding="utf-8")
            parts = text.lstrip("\ufeff").split("\n---", 1)
            if parts[0].startswith("---"):
                # The hardened loader: a front matter with aliases (a few lines that expand
                # to billions of values) is refused, not expanded when its id is read.
                heading = load_yaml(parts[0][3:], str(path)).data or {}
        except (OSError, UnicodeDecodeError, ValueError):
            heading = {}
        if not isinstance(heading, dict):
            heading = {}
        id_ = str(heading.get("id") or path.stem)
        found[id_] = (path, heading.get("herkomst") == "import")
        found.setdefault(path.stem, (path, heading.get("herkomst") == "import"))
    return found


def _other_hoofdstukken(folder: Path, with_default: bool, earlier: set[str]):
    """The shipped outline's chapters with the blocks it would place in them: the
    workspace's own blocks always (an import must not make them vanish from the document),
    the shipped ones only when asked. Also every block id and chapter id already taken."""
    from regiovisie_builder.pipeline import read_blokken
    from regiovisie_builder.readers.document import read_opzet
    from regiovisie_builder.readers.yaml_source import load_yaml
    from regiovisie_builder.werkmap import Werkmap

    path = sources.TEMPLATES / "documenten" / "regiovisie.yaml"
    opzet = read_opzet(load_yaml(path.read_text(encoding="utf-8"), str(path)).data, str(path))
    all_ = [b for b in read_blokken(Werkmap(folder).snapshot()) if b.id not in earlier]
    rows = []
    for hoofdstuk in opzet.hoofdstukken:
        blokken = sorted(
            (
                b
                for b in all_
                if "regiovisie" in b.documents
                and (with_default or b.origin == "werkmap")
                and opzet.hoofdstuk_for(b) == hoofdstuk
            ),
            key=lambda b: (b.order, b.id),
        )
        rows.append((hoofdstuk.id, hoofdstuk.titel, [b.id for b in blokken]))
    bijlagen = [
        b.id
        for b in sorted(all_, key=lambda b: (b.order, b.id))
        if b.hoofdstuk == BIJLAGEN
        and "regiovisie" in b.documents
        and (with_default or b.origin == "werkmap")
    ]
    placed = {i for _, _, ids in rows for i in ids} | set(bijlagen)
    loose = [
        b.file
        for b in all_
        if b.origin == "werkmap" and "regiovisie" in b.documents and b.id not in placed
    ]
    return rows, bijlagen, {b.id for b in all_}, {h.id for h in opzet.hoofdstukken}, loose


# --- the command ---------------------------------------------------------------------------


def import_(
    file: Path,
    folder: Path,
    with_standaardblokken: bool = False,
    force: bool = False,
    name: str = "Mijn regio",
) -> int:
    """Read Word draft ``file`` (.docx, .doc or .odt) into blocks of workspace ``folder``
    (made when it does not exist) and print a report."""
    from regiovisie_builder.werkmap import werkmap_files, write_into

    contents, source = read_file(file)
    reading = read_docx(contents, source)

    content_dir = folder / "content"
    existing = _existing_blokken(content_dir)
    earlier = {id_: path for id_, (path, imported) in existing.items() if imported}
    opzet_path = folder / OPZET
    if earlier and not force:
        names = sorted({p.name for p in earlier.values()})
        raise ConfigError(
            "In deze werkmap staan al blokken van een eerdere import. Er is niets geschreven.",
            [
                Problem(
                    str(content_dir),
                    None,
                    f"{', '.join(names[:8])}{' …' if len(names) > 8 else ''}. Gebruik --forceer "
                    "om ze te vervangen, of kies een andere map.",
                )
            ],
        )
    if opzet_path.exists():
        own = not opzet_path.read_text(encoding="utf-8", errors="replace").startswith(OPZET_KENMERK)
        if own or not force:
            raise ConfigError(
                "Deze werkmap heeft al een eigen documentopzet. Er is niets geschreven.",
                [
                    Problem(
                        str(opzet_path),
                        None,
                        "import schrijft een nieuwe opzet met de ingelezen hoofdstukken; "
                        "hernoem of verwijder dit bestand, of kies een andere map.",
                    )
                ],
            )

    other, own_bijlagen, blok_ids, hoofdstuk_ids, loose = _other_hoofdstukken(
        folder, with_standaardblokken, set(earlier)
    )
    # Ids of blocks that stay: the workspace's own blocks and the shipped ones.
    taken = {i for i, (_, imported) in existing.items() if not imported} | blok_ids
    hoofdstukken, bijlagen = plan_hoofdstukken(reading.sections, taken, hoofdstuk_ids)

    # Image files stay, except those of blocks an earlier import made (--forceer).
    folder_images = content_dir / IMAGES
    taken_images = {
        p.name
        for p in (folder_images.iterdir() if folder_images.is_dir() else ())
        if not any(p.name.startswith(f"{i}-") for i in earlier)
    }
    files: dict[Path, bytes] = {}
    images: dict[str, bytes] = {}
    skipped = list(reading.skipped)
    order = 0
    for hoofdstuk in (*hoofdstukken, bijlagen):
        for blok in hoofdstuk.blokken:
            order += 10
            blok.proposal = keywords.raad(blok.titel, _plain_text(blok))
            text = _front_matter(blok, order, source) + _markdown(
                blok, images, skipped, taken_images
            )
            files[content_dir / f"{blok.id}.md"] = text.encode("utf-8")
    for name_, data in images.items():
        files[content_dir / IMAGES / name_] = data
    bijlage_ids = [b.id for b in bijlagen.blokken] + own_bijlagen
    files[opzet_path] = _opzet(hoofdstukken, other, source, bijlage_ids).encode("utf-8")

    new = {blok.id for h in (*hoofdstukken, bijlagen) for blok in h.blokken}
    away = sorted({path for id_, path in earlier.items() if id_ not in new and path.exists()})

    # Inside the workspace only: one that came from elsewhere may hold a symlink (content/
    # to a folder elsewhere), through which a write would land outside it.
    made = not (folder / "regio.yaml").exists()
    if made:
        title = reading.titel
        files = {
            **werkmap_files(folder, name, (lambda t: _set_title(t, title)) if title else None),
            **files,
        }
    write_into(folder, files)
    if made:
        print(f"Werkmap gemaakt: {folder}")
    for path in sorted(set(away) - set(files)):
        path.unlink(missing_ok=True)
    _report(reading, hoofdstukken, bijlagen, source, folder, skipped, len(images), away)
    for file in loose:
        print(
            f"Let op: {file} past in geen hoofdstuk en staat niet in de documentopzet. "
            "Zet zijn id in de lijst 'blokken' van een hoofdstuk in "
            f"{OPZET.as_posix()} als het in het document hoort."
        )
    return 0


def _set_title(text: str, title: str) -> str:
    """The text of a new regio.yaml with the draft's title as the document title."""
    return re.sub(
        r"^(document:\n(?:  .*\n)*?  titel: ).*$",
        lambda m: m.group(1) + yaml_scalar(title),
        text,
        count=1,
        flags=re.M,
    )


def _report(
    reading: Reading,
    hoofdstukken: list[HoofdstukPlan],
    bijlagen: HoofdstukPlan,
    source: str,
    folder: Path,
    skipped: list[str],
    images: int,
    away: list[Path],
) -> None:
    blokken = [b for h in (*hoofdstukken, bijlagen) for b in h.blokken]
    print(f"Ingelezen: {source}")
    print(
        f"  {counted(len(blokken), 'blok', 'blokken')} in "
        f"{counted(len(hoofdstukken), 'hoofdstuk', 'hoofdstukken')} geschreven naar "
        f"{folder / 'content'}"
    )
    if bijlagen.blokken:
        print(f"  waarvan {counted(len(bijlagen.blokken), 'bijlage', 'bijlagen')}")
    print(
        f"  {counted(reading.tables, 'tabel', 'tabellen')}, "
        f"{counted(images, 'afbeelding', 'afbeeldingen')}, "
        f"{counted(reading.footnotes, 'voetnoot', 'voetnoten')}"
    )
    print(f"  documentopzet: {folder / OPZET}")
    if away:
        print(
            f"  {counted(len(away), 'blok', 'blokken')} van de vorige import verwijderd "
            "(niet meer in het document)"
        )
    if reading.insertions or reading.deletions or reading.moves:
        print(
            "  Let op: het document had open wijzigingen (bijhouden van wijzigingen): "
            f"{counted(reading.insertions, 'invoeging', 'invoegingen')}, "
            f"{counted(reading.deletions, 'verwijdering', 'verwijderingen')}, "
            f"{counted(reading.moves, 'verplaatsing', 'verplaatsingen')}. "
            "Ingelezen is de tekst met alle wijzigingen geaccepteerd."
        )
    if reading.comments:
        print(
            "  Let op: het document had "
            f"{counted(reading.comments, 'opmerking', 'opmerkingen')}. Die zijn niet "
            "ingelezen; bekijk ze in het Word-bestand."
        )
    for what in skipped:
        print(f"  Overgeslagen: {what}")
    print()
    print("Afspraken van de norm die de ingelezen tekst lijkt te behandelen (een voorstel):")
    for number, title in nvo.AFSPRAKEN.items():
        ids = [b.id for b in blokken if b.proposal and number in b.proposal.afspraken]
        print(f"  {number}. {title}: {', '.join(ids) if ids else '–'}")
    print()
    print(
        "Controleer per blok de voorstellen in de front matter en hernoem ze naar afspraken, "
        "themas en route als ze kloppen."
    )
    print(f"Bekijk daarna wat er nog ontbreekt met: regiovisie check {folder}")
