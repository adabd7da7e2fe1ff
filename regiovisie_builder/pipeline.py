"""The build as a visible list of stages: read -> assemble -> transforms -> checks -> write.

The read stage takes the workspace's snapshot (``Werkmap.snapshot``: every input read once)
and parses it on the way down: regio.yaml, blocks, outlines. Pure with respect to the file
system except through that snapshot (reading; images when a figure asks for one) and
``write_atomic`` (writing through ``storage``, called by the commands).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from regiovisie_builder import blok_cache
from regiovisie_builder.checks import Toetsing
from regiovisie_builder.checks.bijlage import add_toetsing
from regiovisie_builder.checks.toetsing import raad_variables, refusal, run_toetsing
from regiovisie_builder.dutch import counted
from regiovisie_builder.errors import (
    BuildError,
    ConfigError,
    ContentError,
    Problem,
    ToetsingError,
)
from regiovisie_builder.model import Document, Meta, Regio
from regiovisie_builder.nvo import FINISHED_STATUSES
from regiovisie_builder.readers.blokken import Blok, combine, read_blok
from regiovisie_builder.readers.document import Opzet, overgenomen, read_document, read_opzet
from regiovisie_builder.readers.images import fill_images
from regiovisie_builder.readers.regio import read_regio
from regiovisie_builder.readers.yaml_source import load_yaml
from regiovisie_builder.transforms import transform as _transform
from regiovisie_builder.werkmap import BlockFolder, InputFile, Snapshot, Werkmap, check_name

if TYPE_CHECKING:
    from regiovisie_builder.helper_process import HelperProcess


# Statuses in which open "nog in te vullen" markers are not acceptable.


@dataclass
class Inputs:
    """Everything read from a workspace for one document, numbered and checked."""

    regio: Regio
    document: Document
    toetsing: Toetsing
    blokken: list[Blok] = field(default_factory=list)
    opzet: Opzet | None = None
    # The reason given with --ondanks-toetsing; council documents state it.
    reason: str = ""

    @property
    def is_regiovisie(self) -> bool:
        """True when this document is the regiovisie (the document the check is about)."""
        return self.document.meta.soort == "regiovisie"

    def raad_variables(self) -> dict:
        """Template variables of the council documents: the checklist result."""
        return {"toetsing": raad_variables(self.toetsing, self.reason)}


@dataclass
class BuildResult:
    """A built document and its outputs (format -> bytes), not yet on disk."""

    inputs: Inputs
    output: dict[str, bytes] = field(default_factory=dict)
    raadsstukken: dict[str, bytes] = field(default_factory=dict)  # "raad/x.docx" -> bytes
    raad_markeringen: tuple[str, ...] = ()  # open markers in the council documents
    open_points: tuple[str, ...] = ()  # all open points, described for a clerk

    @property
    def document(self) -> Document:
        return self.inputs.document


def _with_images(snapshot: Snapshot, document: Document, draw_charts: bool = True) -> Document:
    """The document with its figures' image files (read through the snapshot) checked, and
    its charts drawn (``draw_charts``) or only their data checked."""
    return fill_images(
        document, lambda f: snapshot.image(f.source.file, f.path), draw_charts=draw_charts
    )


P = ParamSpec("P")
T = TypeVar("T")


def _with_last_build(
    stage: Callable[Concatenate[Werkmap, P], T],
) -> Callable[Concatenate[Werkmap, P], T]:
    """``stage`` with the block cache of the workspace's last build, read only, when no build
    runs its own (see ``blok_cache.reading``): a command that only reads (check, taal) or
    writes elsewhere (publish, diff, reactions) renders, parses and draws only what changed
    since."""

    @functools.wraps(stage)
    def with_cache(werkmap: Werkmap, *args: P.args, **kwargs: P.kwargs) -> T:
        with blok_cache.reading(werkmap.build):
            return stage(werkmap, *args, **kwargs)

    return with_cache


def read_regio_text(snapshot: Snapshot) -> tuple[str, str]:
    """The text of regio.yaml and its name for messages."""
    file = snapshot.regio_yaml.name
    try:
        return snapshot.regio_yaml.read().decode("utf-8-sig"), file
    except UnicodeDecodeError:
        raise ConfigError(
            "regio.yaml kan niet worden gelezen.",
            [Problem(file, None, "sla het bestand op als UTF-8-tekst.")],
        ) from None


def _read_blok(file: InputFile, origin: str) -> Blok:
    """``read_blok`` through the block cache of the running build (see ``blok_cache``),
    keyed by the file's fingerprint: an unchanged file is not decoded or parsed again."""
    return blok_cache.fetched(
        "kop",
        (file.fingerprint, file.name, origin),
        lambda: read_blok(file.data.decode("utf-8"), file.name, origin),
    )


def _blokken_from(folder: BlockFolder) -> tuple[list[Blok], list[Problem]]:
    blokken: list[Blok] = []
    problems = [
        Problem(
            name,
            None,
            "dit is een koppeling (symlink) naar een map; die wordt niet gevolgd. "
            "Zet de blokken zelf in content/.",
        )
        for name in folder.folder_links
    ]
    for file in folder.files:
        if file.error is not None:
            problems += [Problem(file.name, None, p.message) for p in file.error.problems]
            continue
        try:
            blokken.append(_read_blok(file, folder.origin))
        except UnicodeDecodeError:
            problems.append(Problem(file.name, None, "het bestand is geen UTF-8-tekst."))
        except ValueError as error:
            problems.extend(error.args[0])
    return blokken, problems


def read_blokken(snapshot: Snapshot) -> list[Blok]:
    """Shipped blocks with the workspace's own blocks laid over them (same id replaces)."""
    default, problems = _blokken_from(snapshot.block_folders[0])
    own, own_problems = _blokken_from(snapshot.block_folders[1])
    problems += own_problems
    if problems:
        raise ContentError(
            f"{counted(len(problems), 'fout', 'fouten')} in de front matter van blokken. "
            "Er is niets gebouwd.",
            problems,
        )
    return combine(default, own)


def read_words(snapshot: Snapshot) -> frozenset[str]:
    """Words the spelling check accepts: the shipped list plus the workspace's own.

    ``templates/woorden.txt``, one word per line; ``#`` starts a comment.
    """
    words: set[str] = set()
    for items in snapshot.word_lists:
        for line in items.read().decode("utf-8-sig").splitlines():
            word = line.split("#", 1)[0].strip()
            if word:
                words.add(word)
    return frozenset(words)


def _read_opzet(snapshot: Snapshot, soort: str) -> Opzet:
    """An outline whose ``soort`` (it names the output files) is a safe file name."""
    check_name(soort, "De documentsoort")
    file = snapshot.outline(soort)
    if file is None:
        raise ConfigError(f"Er is geen documentopzet voor de documentsoort '{soort}'.")
    name = file.name
    try:
        data = load_yaml(file.read().decode("utf-8"), name).data
    except ValueError as error:
        raise ConfigError(f"De documentopzet {name} is geen geldige YAML.", error.args) from None
    opzet = read_opzet(data, name)
    check_name(opzet.soort, "De documentsoort", name)
    for raadsstuk in opzet.raadsstukken:
        check_name(raadsstuk, "De documentsoort", name)
    return opzet


@_with_last_build
def read(
    werkmap: Werkmap, soort: str | None = None, reason: str = "", draw_charts: bool = True
) -> Inputs:
    """Read and assemble the document of a workspace (default: its ``document.soort``).

    The checklist always runs on the regiovisie: another type (an opinienota) gets that
    result as the template variable ``toetsing``. Without ``draw_charts`` the charts' data
    is checked but not drawn: for a command that writes no document (check, taal), which
    then does not load the drawing library.
    """
    snapshot = werkmap.snapshot()
    regio = read_regio(*read_regio_text(snapshot))
    blokken = read_blokken(snapshot)
    _check_overgenomen(regio, blokken)
    opzet = _read_opzet(snapshot, soort or regio.data["document"]["soort"])
    if opzet.per_gemeente:
        raise ConfigError(
            f"De documentsoort '{opzet.soort}' wordt per gemeente gemaakt, samen met het "
            "hoofddocument. Bouw de werkmap zonder --soort: regiovisie build MAP"
        )
    if opzet.soort == "regiovisie":
        document = read_document(regio, blokken, opzet)
        document = _transform(_with_images(snapshot, document, draw_charts))
        return Inputs(regio, document, run_toetsing(document, regio), blokken, opzet, reason)
    visie = _read_opzet(snapshot, "regiovisie")
    toetsing = run_toetsing(_transform(read_document(regio, blokken, visie)), regio)
    extra = {"toetsing": raad_variables(toetsing, reason)}
    document = read_document(regio, blokken, opzet, extra=extra)
    document = _transform(_with_images(snapshot, document, draw_charts))
    return Inputs(regio, document, toetsing, blokken, opzet, reason)


def read_raadsstukken(werkmap: Werkmap, inputs: Inputs) -> list[tuple[str, str, Document]]:
    """The per-municipality documents that accompany ``inputs``'s document.

    One (municipality name, document type, document) per municipality and per type listed
    under ``raadsstukken`` in the outline, e.g. a raadsvoorstel and a raadsbesluit.
    """
    from regiovisie_builder.readers.markdown import anchor

    papers = []
    names: dict[str, str] = {}
    for gemeente in inputs.regio.gemeenten:
        # The name becomes part of a file name: two names with one slug would collide.
        slug = check_name(anchor(gemeente["naam"]), "De gemeentenaam", inputs.regio.file)
        if slug in names:
            raise ConfigError(
                f"De gemeenten '{names[slug]}' en '{gemeente['naam']}' krijgen dezelfde "
                f"bestandsnaam '{slug}'. Maak de namen verschillend.",
            )
        names[slug] = gemeente["naam"]
    extra = inputs.raad_variables()
    snapshot = werkmap.snapshot()
    for soort in inputs.opzet.raadsstukken if inputs.opzet else ():
        opzet = _read_opzet(snapshot, soort)
        for index, gemeente in enumerate(inputs.regio.gemeenten):
            if already_vastgesteld(gemeente):
                continue
            document = read_document(
                inputs.regio, inputs.blokken, opzet, gemeente=index, extra=extra
            )
            document = _with_images(snapshot, document)
            papers.append((gemeente["naam"], opzet.soort, _transform(document)))
    return papers


def _check_overgenomen(regio: Regio, blokken: list[Blok]) -> None:
    """Every id under ``overgenomen`` must be a shipped block, else a typo adopts nothing."""
    from regiovisie_builder.readers.validation import suggestion

    adopted = overgenomen(regio)
    if not adopted:
        return
    default = {b.id for b in blokken if b.origin == "standaard"}
    own = {b.id for b in blokken if b.origin != "standaard"}
    unknown = sorted(adopted - default - own)
    if not unknown:
        return
    items = list(regio.data.get("overgenomen") or ())
    problems = [
        Problem(
            regio.file,
            regio.lines.get(("overgenomen", items.index(name)), regio.lines.get(("overgenomen",))),
            f"'{name}' onder 'overgenomen' is geen standaardblok.{suggestion(name, default)}",
        )
        for name in unknown
    ]
    raise ConfigError("regio.yaml noemt onbekende blokken onder 'overgenomen'.", problems)


def check_standard_text(document: Document, file: str) -> None:
    """Refuse a final version with shipped text the region has not adopted (exit 2; not
    lifted by --ondanks-toetsing: adopting is one line in regio.yaml)."""
    default = [b for b in document.blokken if b.origin == "standaard"]
    if document.meta.status in FINISHED_STATUSES and default:
        count = len(default)
        raise BuildError(
            f"De status is '{document.meta.status}', maar {count} "
            f"{'paragraaf is' if count == 1 else 'paragrafen zijn'} standaardtekst die de "
            "regio niet heeft vastgesteld. Pas de tekst aan in een eigen blok, of neem hem "
            "over: zet de blok-id onder 'overgenomen' in regio.yaml (of 'overgenomen: alle').",
            [
                Problem(file, None, f"§ {b.section_number} {b.titel} (blok-id: {b.id})")
                for b in default
            ],
        )


def read_per_gemeente(inputs: Inputs) -> list[tuple[str, str, Document]]:
    """An opinienota per municipality too, when regio.yaml asks for it
    (``opinienota.per_gemeente``); each sees its municipality as ``gemeente``."""
    opzet = inputs.opzet
    section = inputs.regio.section(opzet.meta_from) if opzet and opzet.meta_from else {}
    if opzet is None or not section.get("per_gemeente"):
        return []
    extra = inputs.raad_variables()
    return [
        (
            gemeente["naam"],
            opzet.soort,
            _transform(
                read_document(inputs.regio, inputs.blokken, opzet, gemeente=index, extra=extra)
            ),
        )
        for index, gemeente in enumerate(inputs.regio.gemeenten)
    ]


# A council that already adopted the regiovisie gets no new council documents.
VASTGESTELD = ("vastgesteld", "vastgesteld_met_amendement")


def already_vastgesteld(gemeente) -> bool:
    """True when this municipality's council has already adopted the regiovisie."""
    return (gemeente.get("vaststelling") or {}).get("status") in VASTGESTELD


def check_toetsing(inputs: Inputs) -> None:
    """Refuse a final version of the main document that does not meet the norm (exit 1),
    unless a reason to build it anyway was given (``--ondanks-toetsing``)."""
    status = inputs.document.meta.status
    dropped = inputs.is_regiovisie and not inputs.toetsing.voldaan
    if status in FINISHED_STATUSES and dropped and not inputs.reason:
        raise ToetsingError(refusal(inputs.toetsing, status))


def open_points(inputs: Inputs, papers=()) -> list[str]:
    """Every open point of the document and its council documents, once each, described
    for a clerk (municipality by name, line in regio.yaml)."""
    from regiovisie_builder.checks.openpunten import describe_all

    documents = [inputs.document, *(document for _, _, document in papers)]
    paths = [(path, None) for document in documents for path in document.meta_markeringen]
    paths += [
        (path, blok.source.file)
        for document in documents
        for blok in document.blokken
        for path in blok.markeringen
    ]
    return describe_all(paths, inputs.regio)


def check_markeringen(inputs: Inputs, papers=()) -> None:
    """Refuse a final version that still has open points, listing all of them at once."""
    from regiovisie_builder.checks.openpunten import count_points

    points = open_points(inputs, papers)
    status = inputs.document.meta.status
    if status in FINISHED_STATUSES and points:
        raise BuildError(
            f"De status is '{status}', maar er {'staat' if len(points) == 1 else 'staan'} "
            f"nog {count_points(len(points))} in de tekst of de raadsstukken. Vul ze in "
            "op de plek die bij elk punt staat, of zet de status terug op concept.\n"
            + "\n".join(f"  - {point}" for point in points)
        )


@_with_last_build
def build(
    werkmap: Werkmap,
    formats: Iterable[str],
    soort: str | None = None,
    raadsstukken: bool | None = False,
    raad_statuses: tuple[str, ...] = (),
    bijlage: bool = True,
    helper: HelperProcess | None = None,
    pdf_statuses: tuple[str, ...] = (),
    despite_toetsing: str | None = None,
    check_meta: Callable[[Meta], None] | None = None,
) -> BuildResult:
    """Read, transform and write a workspace's document in memory.

    With ``raadsstukken`` (and docx among the formats) also every per-municipality document
    the outline lists, as Word files under ``raad/<gemeente>-<soort>.docx``; ``None`` means:
    only when the document's status is one of ``raad_statuses``. With
    ``bijlage`` a regiovisie gets the checklist result as the annex "Toetsing aan de Norm voor
    Opdrachtgeverschap". With ``helper`` (see ``helper_process``) the Word files are written by that
    helper process while this one writes the other formats. With ``pdf`` among the formats, or
    the status one of ``pdf_statuses``, LibreOffice makes a PDF of every Word document in one
    start, and the Word files get the page numbers of that layout in their table of contents.
    A final version that does not meet the norm is refused (``ToetsingError``) unless
    ``despite_toetsing`` gives the reason to build it anyway; the council documents then
    state that reason. ``check_meta`` is called with the document's meta data once it is
    read, before anything is written: a refusal it raises costs no writer's time.
    """
    from regiovisie_builder.readers.markdown import anchor
    from regiovisie_builder.writers import writer

    formats = tuple(formats)
    if despite_toetsing is not None and not despite_toetsing.strip():
        raise ConfigError("Geef bij --ondanks-toetsing een reden, tussen aanhalingstekens.")
    inputs = read(werkmap, soort, despite_toetsing or "")
    if "site" in formats:  # before any writer: the site takes seconds to build
        from regiovisie_builder.versies import check_site_versie

        check_site_versie(inputs.document.meta.versie)
    if check_meta is not None:
        check_meta(inputs.document.meta)
    if raadsstukken is None:
        raadsstukken = inputs.document.meta.status in raad_statuses
    if inputs.document.meta.status in pdf_statuses and "pdf" not in formats:
        formats += ("pdf",)
    word_of_pdf = "docx" in formats or "pdf" in formats
    papers = read_raadsstukken(werkmap, inputs) if raadsstukken and word_of_pdf else []
    if word_of_pdf:
        papers += read_per_gemeente(inputs)
    check_markeringen(inputs, papers)
    check_standard_text(inputs.document, inputs.regio.file)
    check_toetsing(inputs)
    resources = werkmap.read_resources()
    document = inputs.document
    if bijlage:
        document = with_toetsing_bijlage(document, inputs.toetsing)
    result = BuildResult(inputs)
    word = ([document] if word_of_pdf else []) + [d for _, _, d in papers]
    if helper is not None and word:
        helper.give(word, resources)
    output = {
        fmt: writer(fmt)(document, resources) for fmt in formats if fmt not in ("docx", "pdf")
    }
    written = helper.receive() if helper is not None and word else None
    if written is None:
        written = [writer("docx")(d, resources) for d in word]
    pdfs: list[bytes] = []
    if "pdf" in formats:
        from regiovisie_builder.writers.pdf import convert

        written, pdfs = convert(written)
        output["pdf"] = pdfs.pop(0)
    if word_of_pdf:
        main_document = written.pop(0)
        if "docx" in formats:
            output["docx"] = main_document
    result.output = {fmt: output[fmt] for fmt in formats}
    for (gemeente, soort_, _), content in zip(papers, written, strict=True):
        name = f"raad/{anchor(gemeente)}-{soort_}"
        if "docx" in formats:
            result.raadsstukken[f"{name}.docx"] = content
        if pdfs:
            result.raadsstukken[f"{name}.pdf"] = pdfs.pop(0)
    result.raad_markeringen = tuple(
        dict.fromkeys(m for _, _, document in papers for m in document.markeringen)
    )
    result.open_points = tuple(open_points(inputs, papers))
    return result


def warnings(result: BuildResult) -> list[str]:
    """What ``--strikt`` turns into a failure, on every command that has it: open points,
    standard text the region did not adopt, a consultation version that does not say how or
    until when to respond, advice of the norm not followed, themes not covered, and a final
    version built despite a failed check."""
    from regiovisie_builder.checks.openpunten import count_points
    from regiovisie_builder.writers.channels import warnings as channel_warnings

    lines: list[str] = []
    if result.open_points:
        lines.append(f"Deze versie heeft nog {count_points(len(result.open_points))}:")
        lines += [f"  - {point}" for point in result.open_points]
    default = [b for b in result.document.blokken if b.origin == "standaard"]
    if default:
        count = len(default)
        lines.append(
            f"{count} {'paragraaf is' if count == 1 else 'paragrafen zijn'} "
            "standaardtekst, niet vastgesteld door de regio:"
        )
        lines += [f"  - § {b.section_number} {b.titel}" for b in default]
    lines += channel_warnings(result.document.meta)
    if result.inputs.is_regiovisie:
        toetsing = result.inputs.toetsing
        for afspraak in toetsing.afspraken:
            lines += [f"Advies bij afspraak {afspraak.number}: {a}" for a in afspraak.adviezen]
        if not toetsing.themas_complete:
            lines.append("Niet alle thema's of route 5 zijn volledig behandeld.")
        if not toetsing.voldaan:
            lines.append("Niet aan alle acht afspraken van de norm is voldaan.")
    return lines


def with_toetsing_bijlage(document: Document, toetsing: Toetsing) -> Document:
    """The annex stage: a regiovisie gets the checklist result as its last annex, "Toetsing
    aan de Norm voor Opdrachtgeverschap"; other document types are left as they are."""
    if document.meta.soort != "regiovisie":
        return document
    return add_toetsing(document, toetsing)


@_with_last_build
def versie_document(werkmap: Werkmap, versie: str) -> Document:
    """The document of a published version, or of the working copy, as ``build`` makes it
    (with its checklist annex, like the published Word and web files)."""
    from regiovisie_builder import versies

    if versie == versies.WORKING_COPY:
        inputs = read(werkmap)
        document, regio = inputs.document, inputs.regio
    else:
        document, regio = versies.read_bevroren(versies.find_versie(werkmap.path, versie))
    return with_toetsing_bijlage(document, run_toetsing(document, regio))


def overview_name(old: str, new: str) -> str:
    """File name (without extension) of the change overview between two versions."""
    return f"wijzigingsoverzicht-{old}-{new}"


@_with_last_build
def compare_versies(
    werkmap: Werkmap,
    old: str,
    new: str,
    old_one: Document | None = None,
    new_one: Document | None = None,
):
    """Compare two versions; the comparison and its output files (path -> bytes): the new
    version with tracked changes and the change overview, each as Word and web page."""
    from regiovisie_builder.consultatie.compare import compare
    from regiovisie_builder.consultatie.overview import change_overview
    from regiovisie_builder.writers import writer

    old_one = old_one if old_one is not None else versie_document(werkmap, old)
    new_one = new_one if new_one is not None else versie_document(werkmap, new)
    comparison = compare(old_one, new_one)
    revisions = werkmap.build / f"{new_one.meta.soort}-{old}-{new}-wijzigingen.docx"
    overview = change_overview(comparison, old, new, revisions.name)
    resources = werkmap.read_resources()
    basis = overview_name(old, new)
    files = {
        revisions: writer("docx")(comparison.document, resources),
        # The same for web readers: insertions and deletions as <ins> and <del>.
        revisions.with_suffix(".html"): writer("html")(comparison.document, resources),
        werkmap.build / f"{basis}.docx": writer("docx")(overview, resources),
        werkmap.build / f"{basis}.html": writer("html")(overview, resources),
    }
    return comparison, files


def write_atomic(files: dict[Path, bytes], inside: Path | None = None) -> None:
    """Write all files or none (see ``storage.write_files``), inside ``inside``."""
    from regiovisie_builder.storage import write_files

    write_files(files, inside)
