"""The build as a visible list of stages: read -> assemble -> transforms -> checks -> write.

Pure with respect to the file system except through ``Werkmap`` (reading) and
``schrijf_atomisch`` (writing, called by the commands).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from regiovisie_builder.checks import Toetsing
from regiovisie_builder.checks.toetsing import raadsvariabelen, toets, weigering
from regiovisie_builder.errors import BuildError, ConfigError, Probleem, ToetsingError
from regiovisie_builder.model import Document, Regio
from regiovisie_builder.readers.blokken import Blok
from regiovisie_builder.readers.document import Opzet, lees_document, lees_opzet, overgenomen
from regiovisie_builder.readers.regio import lees_regio
from regiovisie_builder.transforms.nummering import nummer
from regiovisie_builder.transforms.toetsingsbijlage import voeg_toetsing_toe
from regiovisie_builder.transforms.verwijzingen import verwijs
from regiovisie_builder.werkmap import Werkmap

if TYPE_CHECKING:
    from regiovisie_builder.hulpproces import Hulpproces

TRANSFORMS: list[Callable[[Document], Document]] = [nummer, verwijs]

# Statuses in which open "nog in te vullen" markers are not acceptable.
AFGEROND = ("definitief", "vastgesteld")


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


def _transformeer(document: Document) -> Document:
    for transform in TRANSFORMS:
        document = transform(document)
    return document


def lees(werkmap: Werkmap, soort: str | None = None, reden: str = "") -> Invoer:
    """Read and assemble the document of a workspace (default: its ``document.soort``).

    The checklist always runs on the regiovisie: another type (an opinienota) gets that
    result as the template variable ``toetsing``.
    """
    tekst, bestand = werkmap.lees_regio_tekst()
    regio = lees_regio(tekst, bestand)
    blokken = werkmap.lees_blokken()
    _controleer_overgenomen(regio, blokken)
    opzet = lees_opzet(*werkmap.lees_opzet(soort or regio.gegevens["document"]["soort"]))
    if opzet.per_gemeente:
        raise ConfigError(
            f"De documentsoort '{opzet.soort}' wordt per gemeente gemaakt, samen met het "
            "hoofddocument. Bouw de werkmap zonder --soort: regiovisie build MAP"
        )
    if opzet.soort == "regiovisie":
        document = _transformeer(lees_document(regio, blokken, opzet))
        return Invoer(regio, document, toets(document, regio), blokken, opzet, reden)
    visie = lees_opzet(*werkmap.lees_opzet("regiovisie"))
    toetsing = toets(_transformeer(lees_document(regio, blokken, visie)), regio)
    extra = {"toetsing": raadsvariabelen(toetsing, reden)}
    document = _transformeer(lees_document(regio, blokken, opzet, extra=extra))
    return Invoer(regio, document, toetsing, blokken, opzet, reden)


def lees_raadsstukken(werkmap: Werkmap, invoer: Invoer) -> list[tuple[str, str, Document]]:
    """The per-municipality documents that accompany ``invoer``'s document.

    One (municipality name, document type, document) per municipality and per type listed
    under ``raadsstukken`` in the outline, e.g. a raadsvoorstel and a raadsbesluit.
    """
    stukken = []
    extra = invoer.raadsvariabelen()
    for soort in invoer.opzet.raadsstukken if invoer.opzet else ():
        opzet = lees_opzet(*werkmap.lees_opzet(soort))
        for index, gemeente in enumerate(invoer.regio.gemeenten):
            if al_vastgesteld(gemeente):
                continue
            document = lees_document(
                invoer.regio, invoer.blokken, opzet, gemeente=index, extra=extra
            )
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
    if document.meta.status in AFGEROND and standaard:
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
    if status in AFGEROND and gezakt and not invoer.reden:
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
    if status in AFGEROND and punten:
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
    ondanks_toetsing: str | None = None,
) -> Bouwresultaat:
    """Read, transform and write a workspace's document in memory.

    With ``raadsstukken`` (and docx among the formats) also every per-municipality document
    the outline lists, as Word files under ``raad/<gemeente>-<soort>.docx``; ``None`` means:
    only when the document's status is one of ``raad_statussen``. With
    ``bijlage`` a regiovisie gets the checklist result as the annex "Toetsing aan de Norm voor
    Opdrachtgeverschap". With ``hulp`` (see ``hulpproces``) the Word files are written by that
    helper process while this one writes the other formats. A final version that does not
    meet the norm is refused (``ToetsingError``) unless ``ondanks_toetsing`` gives the reason
    to build it anyway; the council documents then state that reason.
    """
    from regiovisie_builder.readers.markdown import anker
    from regiovisie_builder.writers import schrijver

    formaten = tuple(formaten)
    if ondanks_toetsing is not None and not ondanks_toetsing.strip():
        raise ConfigError("Geef bij --ondanks-toetsing een reden, tussen aanhalingstekens.")
    invoer = lees(werkmap, soort, ondanks_toetsing or "")
    if raadsstukken is None:
        raadsstukken = invoer.document.meta.status in raad_statussen
    stukken = lees_raadsstukken(werkmap, invoer) if raadsstukken and "docx" in formaten else []
    if "docx" in formaten:
        stukken += lees_per_gemeente(invoer)
    controleer_markeringen(invoer, stukken)
    controleer_standaardtekst(invoer.document, invoer.regio.bestand)
    controleer_toetsing(invoer)
    hulpbronnen = werkmap.lees_hulpbronnen()
    document = invoer.document
    if bijlage and document.meta.soort == "regiovisie":
        document = voeg_toetsing_toe(document, invoer.toetsing)
    resultaat = Bouwresultaat(invoer)
    word = ([document] if "docx" in formaten else []) + [d for _, _, d in stukken]
    if hulp is not None and word:
        hulp.geef(word, hulpbronnen)
    uitvoer = {
        formaat: schrijver(formaat)(document, hulpbronnen)
        for formaat in formaten
        if formaat != "docx"
    }
    geschreven = hulp.ontvang() if hulp is not None and word else None
    if geschreven is None:
        geschreven = [schrijver("docx")(d, hulpbronnen) for d in word]
    if "docx" in formaten:
        uitvoer["docx"] = geschreven.pop(0)
    resultaat.uitvoer = {formaat: uitvoer[formaat] for formaat in formaten}
    for (gemeente, soort_, _), inhoud in zip(stukken, geschreven, strict=True):
        resultaat.raadsstukken[f"raad/{anker(gemeente)}-{soort_}.docx"] = inhoud
    resultaat.raad_markeringen = tuple(
        dict.fromkeys(m for _, _, document in stukken for m in document.markeringen)
    )
    resultaat.open_punten = tuple(open_punten(invoer, stukken))
    return resultaat


def _umask() -> int:
    huidig = os.umask(0o022)
    os.umask(huidig)
    return huidig


def schrijf_atomisch(bestanden: dict[Path, bytes]) -> None:
    """Write all files or none: each goes to a temporary file first, then all are renamed."""
    klaar: list[tuple[str, Path]] = []
    try:
        for pad, inhoud in bestanden.items():
            pad.parent.mkdir(parents=True, exist_ok=True)
            handvat, tijdelijk = tempfile.mkstemp(prefix=f".{pad.name}.", dir=pad.parent)
            klaar.append((tijdelijk, pad))
            # mkstemp makes the file private (0600); outputs get the usual permissions so
            # colleagues on a shared drive can read them.
            os.fchmod(handvat, 0o666 & ~_umask())
            with os.fdopen(handvat, "wb") as uit:
                uit.write(inhoud)
                uit.flush()
                os.fsync(uit.fileno())
    except OSError as fout:
        for tijdelijk, _ in klaar:
            Path(tijdelijk).unlink(missing_ok=True)
        raise BuildError(
            f"Schrijven mislukt: {fout}. Eerdere uitvoer is niet aangeraakt."
        ) from None
    for tijdelijk, pad in klaar:
        os.replace(tijdelijk, pad)
