"""The build as a visible list of stages: read -> assemble -> transforms -> checks -> write.

The read stage takes the workspace's snapshot (``Werkmap.snapshot``: every input read once)
and parses it on the way down: regio.yaml, blocks, outlines. Pure with respect to the file
system except through that snapshot (reading; images when a figure asks for one) and
``schrijf_atomisch`` (writing through ``opslag``, called by the commands).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from regiovisie_builder.checks import Toetsing
from regiovisie_builder.checks.bijlage import voeg_toetsing_toe
from regiovisie_builder.checks.toetsing import raadsvariabelen, toets, weigering
from regiovisie_builder.errors import (
    BuildError,
    ConfigError,
    ContentError,
    Probleem,
    ToetsingError,
)
from regiovisie_builder.model import Document, Regio
from regiovisie_builder.nvo import AFGERONDE_STATUSSEN
from regiovisie_builder.readers.afbeeldingen import vul_afbeeldingen
from regiovisie_builder.readers.blokken import Blok, combineer, lees_blok
from regiovisie_builder.readers.document import Opzet, lees_document, lees_opzet, overgenomen
from regiovisie_builder.readers.regio import lees_regio
from regiovisie_builder.readers.yamlbron import laad_yaml
from regiovisie_builder.transforms import transformeer as _transformeer
from regiovisie_builder.werkmap import BlockFolder, InputFile, Snapshot, Werkmap, controleer_naam

if TYPE_CHECKING:
    from regiovisie_builder.hulpproces import Hulpproces


# Statuses in which open "nog in te vullen" markers are not acceptable.


@dataclass
class Invoer:
    """Everything read from a workspace for one document, numbered and checked."""

    regio: Regio
    document: Document
    toetsing: Toetsing
    blokken: list[Blok] = field(default_factory=list)
    opzet: Opzet | None = None
    # The reason given with --ondanks-toetsing; council documents state it.
    reden: str = ""

    @property
    def is_regiovisie(self) -> bool:
        """True when this document is the regiovisie (the document the check is about)."""
        return self.document.meta.soort == "regiovisie"

    def raadsvariabelen(self) -> dict:
        """Template variables of the council documents: the checklist result."""
        return {"toetsing": raadsvariabelen(self.toetsing, self.reden)}


@dataclass
class Bouwresultaat:
    """A built document and its outputs (format -> bytes), not yet on disk."""

    invoer: Invoer
    uitvoer: dict[str, bytes] = field(default_factory=dict)
    raadsstukken: dict[str, bytes] = field(default_factory=dict)  # "raad/x.docx" -> bytes
    raad_markeringen: tuple[str, ...] = ()  # open markers in the council documents
    open_punten: tuple[str, ...] = ()  # all open points, described for a clerk

    @property
    def document(self) -> Document:
        return self.invoer.document


def _met_afbeeldingen(snapshot: Snapshot, document: Document) -> Document:
    """The document with its figures' image files (read through the snapshot) checked."""
    return vul_afbeeldingen(document, lambda f: snapshot.image(f.bron.bestand, f.pad))


def lees_regio_tekst(snapshot: Snapshot) -> tuple[str, str]:
    """The text of regio.yaml and its name for messages."""
    bestand = snapshot.regio_yaml.name
    try:
        return snapshot.regio_yaml.read().decode("utf-8-sig"), bestand
    except UnicodeDecodeError:
        raise ConfigError(
            "regio.yaml kan niet worden gelezen.",
            [Probleem(bestand, None, "sla het bestand op als UTF-8-tekst.")],
        ) from None


def _lees_blok(bestand: InputFile, herkomst: str) -> Blok:
    """``lees_blok`` through the block cache of the running build (see ``blokcache``),
    keyed by the file's fingerprint: an unchanged file is not decoded or parsed again."""
    from regiovisie_builder import blokcache

    cache = blokcache.actief()
    if cache is None:
        return lees_blok(bestand.data.decode("utf-8"), bestand.name, herkomst)
    return cache.haal(
        "kop",
        (bestand.fingerprint, bestand.name, herkomst),
        lambda: lees_blok(bestand.data.decode("utf-8"), bestand.name, herkomst),
    )


def _blokken_uit(map_: BlockFolder) -> tuple[list[Blok], list[Probleem]]:
    blokken: list[Blok] = []
    problemen = [
        Probleem(
            naam,
            None,
            "dit is een koppeling (symlink) naar een map; die wordt niet gevolgd. "
            "Zet de blokken zelf in content/.",
        )
        for naam in map_.folder_links
    ]
    for bestand in map_.files:
        if bestand.error is not None:
            problemen += [Probleem(bestand.name, None, p.melding) for p in bestand.error.problemen]
            continue
        try:
            blokken.append(_lees_blok(bestand, map_.origin))
        except UnicodeDecodeError:
            problemen.append(Probleem(bestand.name, None, "het bestand is geen UTF-8-tekst."))
        except ValueError as fout:
            problemen.extend(fout.args[0])
    return blokken, problemen


def lees_blokken(snapshot: Snapshot) -> list[Blok]:
    """Shipped blocks with the workspace's own blocks laid over them (same id replaces)."""
    standaard, problemen = _blokken_uit(snapshot.block_folders[0])
    eigen, eigen_problemen = _blokken_uit(snapshot.block_folders[1])
    problemen += eigen_problemen
    if problemen:
        raise ContentError(
            f"{len(problemen)} fout(en) in de front matter van blokken. Er is niets gebouwd.",
            problemen,
        )
    return combineer(standaard, eigen)


def lees_woorden(snapshot: Snapshot) -> frozenset[str]:
    """Words the spelling check accepts: the shipped list plus the workspace's own.

    ``templates/woorden.txt``, one word per line; ``#`` starts a comment.
    """
    woorden: set[str] = set()
    for lijst in snapshot.word_lists:
        for regel in lijst.read().decode("utf-8-sig").splitlines():
            woord = regel.split("#", 1)[0].strip()
            if woord:
                woorden.add(woord)
    return frozenset(woorden)


def _lees_opzet(snapshot: Snapshot, soort: str) -> Opzet:
    """An outline whose ``soort`` (it names the output files) is a safe file name."""
    controleer_naam(soort, "De documentsoort")
    bestand = snapshot.outline(soort)
    if bestand is None:
        raise ConfigError(f"Er is geen documentopzet voor de documentsoort '{soort}'.")
    naam = bestand.name
    try:
        gegevens = laad_yaml(bestand.read().decode("utf-8"), naam).gegevens
    except ValueError as fout:
        raise ConfigError(f"De documentopzet {naam} is geen geldige YAML.", fout.args) from None
    opzet = lees_opzet(gegevens, naam)
    controleer_naam(opzet.soort, "De documentsoort", naam)
    for raadsstuk in opzet.raadsstukken:
        controleer_naam(raadsstuk, "De documentsoort", naam)
    return opzet


def lees(werkmap: Werkmap, soort: str | None = None, reden: str = "") -> Invoer:
    """Read and assemble the document of a workspace (default: its ``document.soort``).

    The checklist always runs on the regiovisie: another type (an opinienota) gets that
    result as the template variable ``toetsing``.
    """
    snapshot = werkmap.snapshot()
    regio = lees_regio(*lees_regio_tekst(snapshot))
    blokken = lees_blokken(snapshot)
    _controleer_overgenomen(regio, blokken)
    opzet = _lees_opzet(snapshot, soort or regio.gegevens["document"]["soort"])
    if opzet.per_gemeente:
        raise ConfigError(
            f"De documentsoort '{opzet.soort}' wordt per gemeente gemaakt, samen met het "
            "hoofddocument. Bouw de werkmap zonder --soort: regiovisie build MAP"
        )
    if opzet.soort == "regiovisie":
        document = _transformeer(_met_afbeeldingen(snapshot, lees_document(regio, blokken, opzet)))
        return Invoer(regio, document, toets(document, regio), blokken, opzet, reden)
    visie = _lees_opzet(snapshot, "regiovisie")
    toetsing = toets(_transformeer(lees_document(regio, blokken, visie)), regio)
    extra = {"toetsing": raadsvariabelen(toetsing, reden)}
    document = lees_document(regio, blokken, opzet, extra=extra)
    document = _transformeer(_met_afbeeldingen(snapshot, document))
    return Invoer(regio, document, toetsing, blokken, opzet, reden)


def lees_raadsstukken(werkmap: Werkmap, invoer: Invoer) -> list[tuple[str, str, Document]]:
    """The per-municipality documents that accompany ``invoer``'s document.

    One (municipality name, document type, document) per municipality and per type listed
    under ``raadsstukken`` in the outline, e.g. a raadsvoorstel and a raadsbesluit.
    """
    from regiovisie_builder.readers.markdown import anker

    stukken = []
    namen: dict[str, str] = {}
    for gemeente in invoer.regio.gemeenten:
        # The name becomes part of a file name: two names with one slug would collide.
        slug = controleer_naam(anker(gemeente["naam"]), "De gemeentenaam", invoer.regio.bestand)
        if slug in namen:
            raise ConfigError(
                f"De gemeenten '{namen[slug]}' en '{gemeente['naam']}' krijgen dezelfde "
                f"bestandsnaam '{slug}'. Maak de namen verschillend.",
            )
        namen[slug] = gemeente["naam"]
    extra = invoer.raadsvariabelen()
    snapshot = werkmap.snapshot()
    for soort in invoer.opzet.raadsstukken if invoer.opzet else ():
        opzet = _lees_opzet(snapshot, soort)
        for index, gemeente in enumerate(invoer.regio.gemeenten):
            if al_vastgesteld(gemeente):
                continue
            document = lees_document(
                invoer.regio, invoer.blokken, opzet, gemeente=index, extra=extra
            )
            document = _met_afbeeldingen(snapshot, document)
            stukken.append((gemeente["naam"], opzet.soort, _transformeer(document)))
    return stukken


def _controleer_overgenomen(regio: Regio, blokken: list[Blok]) -> None:
    """Every id under ``overgenomen`` must be a shipped block, else a typo adopts nothing."""
    from regiovisie_builder.readers.validatie import suggestie

    geadopteerd = overgenomen(regio)
    if not geadopteerd:
        return
    standaard = {b.id for b in blokken if b.herkomst == "standaard"}
    eigen = {b.id for b in blokken if b.herkomst != "standaard"}
    onbekend = sorted(geadopteerd - standaard - eigen)
    if not onbekend:
        return
    lijst = list(regio.gegevens.get("overgenomen") or ())
    problemen = [
        Probleem(
            regio.bestand,
            regio.regels.get(
                ("overgenomen", lijst.index(naam)), regio.regels.get(("overgenomen",))
            ),
            f"'{naam}' onder 'overgenomen' is geen standaardblok.{suggestie(naam, standaard)}",
        )
        for naam in onbekend
    ]
    raise ConfigError("regio.yaml noemt onbekende blokken onder 'overgenomen'.", problemen)


def controleer_standaardtekst(document: Document, bestand: str) -> None:
    """Refuse a final version with shipped text the region has not adopted (exit 2; not
    lifted by --ondanks-toetsing: adopting is one line in regio.yaml)."""
    standaard = [b for b in document.blokken if b.herkomst == "standaard"]
    if document.meta.status in AFGERONDE_STATUSSEN and standaard:
        aantal = len(standaard)
        raise BuildError(
            f"De status is '{document.meta.status}', maar {aantal} "
            f"{'paragraaf is' if aantal == 1 else 'paragrafen zijn'} standaardtekst die de "
            "regio niet heeft vastgesteld. Pas de tekst aan in een eigen blok, of neem hem "
            "over: zet de blok-id onder 'overgenomen' in regio.yaml (of 'overgenomen: alle').",
            [
                Probleem(bestand, None, f"§ {b.paragraaf} {b.titel} (blok-id: {b.id})")
                for b in standaard
            ],
        )


def lees_per_gemeente(invoer: Invoer) -> list[tuple[str, str, Document]]:
    """An opinienota per municipality too, when regio.yaml asks for it
    (``opinienota.per_gemeente``); each sees its municipality as ``gemeente``."""
    opzet = invoer.opzet
    sectie = invoer.regio.sectie(opzet.meta_uit) if opzet and opzet.meta_uit else {}
    if opzet is None or not sectie.get("per_gemeente"):
        return []
    extra = invoer.raadsvariabelen()
    return [
        (
            gemeente["naam"],
            opzet.soort,
            _transformeer(
                lees_document(invoer.regio, invoer.blokken, opzet, gemeente=index, extra=extra)
            ),
        )
        for index, gemeente in enumerate(invoer.regio.gemeenten)
    ]


# A council that already adopted the regiovisie gets no new council documents.
VASTGESTELD = ("vastgesteld", "vastgesteld_met_amendement")


def al_vastgesteld(gemeente) -> bool:
    """True when this municipality's council has already adopted the regiovisie."""
    return (gemeente.get("vaststelling") or {}).get("status") in VASTGESTELD


def controleer_toetsing(invoer: Invoer) -> None:
    """Refuse a final version of the main document that does not meet the norm (exit 1),
    unless a reason to build it anyway was given (``--ondanks-toetsing``)."""
    status = invoer.document.meta.status
    gezakt = invoer.is_regiovisie and not invoer.toetsing.voldaan
    if status in AFGERONDE_STATUSSEN and gezakt and not invoer.reden:
        raise ToetsingError(weigering(invoer.toetsing, status))


def open_punten(invoer: Invoer, stukken=()) -> list[str]:
    """Every open point of the document and its council documents, once each, described
    for a clerk (municipality by name, line in regio.yaml)."""
    from regiovisie_builder.checks.openpunten import beschrijf_alle

    paden = [*invoer.document.markeringen]
    for _, _, document in stukken:
        paden += document.markeringen
    return beschrijf_alle(paden, invoer.regio)


def controleer_markeringen(invoer: Invoer, stukken=()) -> None:
    """Refuse a final version that still has open points, listing all of them at once."""
    from regiovisie_builder.checks.openpunten import aantal_punten

    punten = open_punten(invoer, stukken)
    status = invoer.document.meta.status
    if status in AFGERONDE_STATUSSEN and punten:
        raise BuildError(
            f"De status is '{status}', maar er {'staat' if len(punten) == 1 else 'staan'} "
            f"nog {aantal_punten(len(punten))} in de tekst of de raadsstukken. Vul ze in "
            "regio.yaml in, of zet de status terug op concept.\n"
            + "\n".join(f"  - {punt}" for punt in punten)
        )


def bouw(
    werkmap: Werkmap,
    formaten: Iterable[str],
    soort: str | None = None,
    raadsstukken: bool | None = False,
    raad_statussen: tuple[str, ...] = (),
    bijlage: bool = True,
    hulp: Hulpproces | None = None,
    pdf_statussen: tuple[str, ...] = (),
    ondanks_toetsing: str | None = None,
) -> Bouwresultaat:
    """Read, transform and write a workspace's document in memory.

    With ``raadsstukken`` (and docx among the formats) also every per-municipality document
    the outline lists, as Word files under ``raad/<gemeente>-<soort>.docx``; ``None`` means:
    only when the document's status is one of ``raad_statussen``. With
    ``bijlage`` a regiovisie gets the checklist result as the annex "Toetsing aan de Norm voor
    Opdrachtgeverschap". With ``hulp`` (see ``hulpproces``) the Word files are written by that
    helper process while this one writes the other formats. With ``pdf`` among the formats, or
    the status one of ``pdf_statussen``, LibreOffice makes a PDF of every Word document in one
    start, and the Word files get the page numbers of that layout in their table of contents.
    A final version that does not meet the norm is refused (``ToetsingError``) unless
    ``ondanks_toetsing`` gives the reason to build it anyway; the council documents then
    state that reason.
    """
    from regiovisie_builder.readers.markdown import anker
    from regiovisie_builder.writers import schrijver

    formaten = tuple(formaten)
    if ondanks_toetsing is not None and not ondanks_toetsing.strip():
        raise ConfigError("Geef bij --ondanks-toetsing een reden, tussen aanhalingstekens.")
    invoer = lees(werkmap, soort, ondanks_toetsing or "")
    if raadsstukken is None:
        raadsstukken = invoer.document.meta.status in raad_statussen
    if invoer.document.meta.status in pdf_statussen and "pdf" not in formaten:
        formaten += ("pdf",)
    word_of_pdf = "docx" in formaten or "pdf" in formaten
    stukken = lees_raadsstukken(werkmap, invoer) if raadsstukken and word_of_pdf else []
    if word_of_pdf:
        stukken += lees_per_gemeente(invoer)
    controleer_markeringen(invoer, stukken)
    controleer_standaardtekst(invoer.document, invoer.regio.bestand)
    controleer_toetsing(invoer)
    hulpbronnen = werkmap.lees_hulpbronnen()
    document = invoer.document
    if bijlage:
        document = met_toetsingsbijlage(document, invoer.toetsing)
    resultaat = Bouwresultaat(invoer)
    word = ([document] if word_of_pdf else []) + [d for _, _, d in stukken]
    if hulp is not None and word:
        hulp.geef(word, hulpbronnen)
    uitvoer = {
        formaat: schrijver(formaat)(document, hulpbronnen)
        for formaat in formaten
        if formaat not in ("docx", "pdf")
    }
    geschreven = hulp.ontvang() if hulp is not None and word else None
    if geschreven is None:
        geschreven = [schrijver("docx")(d, hulpbronnen) for d in word]
    pdfs: list[bytes] = []
    if "pdf" in formaten:
        from regiovisie_builder.writers.pdf import zet_om

        geschreven, pdfs = zet_om(geschreven)
        uitvoer["pdf"] = pdfs.pop(0)
    if word_of_pdf:
        hoofddocument = geschreven.pop(0)
        if "docx" in formaten:
            uitvoer["docx"] = hoofddocument
    resultaat.uitvoer = {formaat: uitvoer[formaat] for formaat in formaten}
    for (gemeente, soort_, _), inhoud in zip(stukken, geschreven, strict=True):
        naam = f"raad/{anker(gemeente)}-{soort_}"
        if "docx" in formaten:
            resultaat.raadsstukken[f"{naam}.docx"] = inhoud
        if pdfs:
            resultaat.raadsstukken[f"{naam}.pdf"] = pdfs.pop(0)
    resultaat.raad_markeringen = tuple(
        dict.fromkeys(m for _, _, document in stukken for m in document.markeringen)
    )
    resultaat.open_punten = tuple(open_punten(invoer, stukken))
    return resultaat


def waarschuwingen(resultaat: Bouwresultaat) -> list[str]:
    """What ``--strikt`` turns into a failure, on every command that has it: open points,
    standard text the region did not adopt, a consultation version that does not say how or
    until when to respond, advice of the norm not followed, themes not covered, and a final
    version built despite a failed check."""
    from regiovisie_builder.checks.openpunten import aantal_punten
    from regiovisie_builder.writers.kanalen import waarschuwingen as kanaalwaarschuwingen

    regels: list[str] = []
    if resultaat.open_punten:
        regels.append(f"Deze versie heeft nog {aantal_punten(len(resultaat.open_punten))}:")
        regels += [f"  - {punt}" for punt in resultaat.open_punten]
    standaard = [b for b in resultaat.document.blokken if b.herkomst == "standaard"]
    if standaard:
        aantal = len(standaard)
        regels.append(
            f"{aantal} {'paragraaf is' if aantal == 1 else 'paragrafen zijn'} "
            "standaardtekst, niet vastgesteld door de regio:"
        )
        regels += [f"  - § {b.paragraaf} {b.titel}" for b in standaard]
    regels += kanaalwaarschuwingen(resultaat.document.meta)
    if resultaat.invoer.is_regiovisie:
        toetsing = resultaat.invoer.toetsing
        for afspraak in toetsing.afspraken:
            regels += [f"Advies bij afspraak {afspraak.nummer}: {a}" for a in afspraak.adviezen]
        if not toetsing.themas_compleet:
            regels.append("Niet alle thema's of route 5 zijn volledig behandeld.")
        if not toetsing.voldaan:
            regels.append("Niet aan alle acht afspraken van de norm is voldaan.")
    return regels


def met_toetsingsbijlage(document: Document, toetsing: Toetsing) -> Document:
    """The annex stage: a regiovisie gets the checklist result as its last annex, "Toetsing
    aan de Norm voor Opdrachtgeverschap"; other document types are left as they are."""
    if document.meta.soort != "regiovisie":
        return document
    return voeg_toetsing_toe(document, toetsing)


def versie_document(werkmap: Werkmap, versie: str) -> Document:
    """The document of a published version, or of the working copy, as ``build`` makes it
    (with its checklist annex, like the published Word and web files)."""
    from regiovisie_builder import versies

    if versie == versies.WERKKOPIE:
        invoer = lees(werkmap)
        document, regio = invoer.document, invoer.regio
    else:
        document, regio = versies.lees_bevroren(versies.zoek_versie(werkmap.pad, versie))
    return met_toetsingsbijlage(document, toets(document, regio))


def overzichtnaam(oud: str, nieuw: str) -> str:
    """File name (without extension) of the change overview between two versions."""
    return f"wijzigingsoverzicht-{oud}-{nieuw}"


def vergelijk_versies(
    werkmap: Werkmap,
    oud: str,
    nieuw: str,
    oude: Document | None = None,
    nieuwe: Document | None = None,
):
    """Compare two versions; the comparison and its output files (path -> bytes): the new
    version with tracked changes and the change overview, each as Word and web page."""
    from regiovisie_builder.consultatie.overzicht import wijzigingsoverzicht
    from regiovisie_builder.consultatie.vergelijken import vergelijk
    from regiovisie_builder.writers import schrijver

    oude = oude if oude is not None else versie_document(werkmap, oud)
    nieuwe = nieuwe if nieuwe is not None else versie_document(werkmap, nieuw)
    vergelijking = vergelijk(oude, nieuwe)
    revisies = werkmap.build / f"{nieuwe.meta.soort}-{oud}-{nieuw}-wijzigingen.docx"
    overzicht = wijzigingsoverzicht(vergelijking, oud, nieuw, revisies.name)
    hulpbronnen = werkmap.lees_hulpbronnen()
    basis = overzichtnaam(oud, nieuw)
    bestanden = {
        revisies: schrijver("docx")(vergelijking.document, hulpbronnen),
        # The same for web readers: insertions and deletions as <ins> and <del>.
        revisies.with_suffix(".html"): schrijver("html")(vergelijking.document, hulpbronnen),
        werkmap.build / f"{basis}.docx": schrijver("docx")(overzicht, hulpbronnen),
        werkmap.build / f"{basis}.html": schrijver("html")(overzicht, hulpbronnen),
    }
    return vergelijking, bestanden


def schrijf_atomisch(bestanden: dict[Path, bytes], binnen: Path | None = None) -> None:
    """Write all files or none (see ``opslag.schrijf_bestanden``), inside ``binnen``."""
    from regiovisie_builder.opslag import schrijf_bestanden

    schrijf_bestanden(bestanden, binnen)
