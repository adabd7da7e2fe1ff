"""``regiovisie import``: turn an existing Word draft into blocks of a workspace.

Read -> plan -> write: the draft is read completely and every file to write is planned
before anything touches the disk, so a bad draft or a clash leaves the workspace as it was.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from regiovisie_builder import bronnen, nvo, trefwoorden
from regiovisie_builder.errors import ConfigError, ContentError, Probleem
from regiovisie_builder.readers.docx_import import (
    MAX_BESTAND,
    ONTBREKENDE_BESCHRIJVING,
    Afbeelding,
    Inlezing,
    Sectie,
    lees_docx,
    ontsnap,
)
from regiovisie_builder.readers.markdown import anker

OPZET = Path("templates") / "documenten" / "regiovisie.yaml"
AFBEELDINGEN = "afbeeldingen"
# The first line of an outline this command wrote: only such an outline may be replaced.
OPZET_KENMERK = "# Documentopzet gemaakt door 'regiovisie import'"
OMZET_TIJD = 120  # seconds for LibreOffice to convert a .doc or .odt

# Image formats a build can show as they are, and those converted to PNG here.
BRUIKBAAR = {".png", ".jpg", ".jpeg", ".svg"}
OM_TE_ZETTEN = {".gif", ".bmp", ".tif", ".tiff"}
MAX_AFBEELDING = 10 * 1024 * 1024  # bytes; a build refuses larger image files

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# --- reading the file ----------------------------------------------------------------------


def _fout(bestand: str, melding: str, uitleg: str) -> ContentError:
    return ContentError(f"{melding} Er is niets geschreven.", [Probleem(bestand, None, uitleg)])


def _soort(inhoud: bytes) -> str:
    """ "docx", "odt", "doc", "rtf" by the file's content (its name can lie)."""
    if inhoud.startswith(b"PK\x03\x04"):
        if b"mimetypeapplication/vnd.oasis.opendocument.text" in inhoud[:200]:
            return "odt"
        return "docx"
    if inhoud.startswith(_OLE):
        return "doc"
    if inhoud.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    return ""


def lees_bestand(pad: Path) -> tuple[bytes, str]:
    """The draft as .docx bytes (converted by LibreOffice when needed) and its name."""
    naam = pad.name
    if not pad.is_file():
        raise ConfigError(f"Het bestand '{pad}' bestaat niet. Er is niets geschreven.")
    if pad.stat().st_size > MAX_BESTAND:
        raise _fout(
            naam,
            "Dit Word-bestand is te groot om in te lezen.",
            f"de grens is {MAX_BESTAND // (1024 * 1024)} MB. Haal grote afbeeldingen eruit of "
            "splits het document.",
        )
    inhoud = pad.read_bytes()
    soort = _soort(inhoud)
    if soort == "docx":
        return inhoud, naam
    if soort in ("doc", "odt", "rtf"):
        return _zet_om(inhoud, soort, naam), naam
    raise _fout(
        naam,
        "Dit bestand is geen Word-document.",
        "het is geen .docx, .doc of .odt, ook al heet het zo. Open het in Word of LibreOffice, "
        "sla het op als Word-document (.docx) en probeer het opnieuw.",
    )


def _zet_om(inhoud: bytes, soort: str, naam: str) -> bytes:
    """A .doc/.odt/.rtf converted to .docx by LibreOffice, with its own private profile."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise _fout(
            naam,
            f"Een .{soort}-bestand kan alleen worden ingelezen als LibreOffice is geïnstalleerd.",
            f"open het bestand in Word of LibreOffice en kies 'Opslaan als' > Word-document "
            f"(.docx); of installeer LibreOffice. Daarna: regiovisie import {Path(naam).stem}.docx "
            "MAP",
        )
    with tempfile.TemporaryDirectory(prefix="regiovisie-import-") as tijdelijk:
        map_ = Path(tijdelijk)
        bron = map_ / f"concept.{soort}"
        bron.write_bytes(inhoud)
        profiel = (map_ / "profiel").as_uri()
        try:
            uitkomst = subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation={profiel}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "docx",
                    "--outdir",
                    str(map_ / "uit"),
                    str(bron),
                ],
                capture_output=True,
                timeout=OMZET_TIJD,
                check=False,
                env={**os.environ, "HOME": tijdelijk},
            )
        except subprocess.TimeoutExpired:
            raise _fout(
                naam,
                "LibreOffice kon het bestand niet op tijd omzetten.",
                f"het omzetten duurde langer dan {OMZET_TIJD} seconden. Sla het bestand zelf op "
                "als .docx en probeer het opnieuw.",
            ) from None
        resultaat = map_ / "uit" / "concept.docx"
        if uitkomst.returncode != 0 or not resultaat.is_file():
            raise _fout(
                naam,
                f"LibreOffice kon dit .{soort}-bestand niet omzetten.",
                "het bestand is misschien beschadigd of beveiligd. Open het in Word of "
                "LibreOffice, sla het op als .docx en probeer het opnieuw.",
            )
        return resultaat.read_bytes()


# --- planning the blocks -------------------------------------------------------------------


@dataclass
class Blokplan:
    """One block to write: front matter values and Markdown parts."""

    id: str
    titel: str
    hoofdstuk: str
    delen: list = field(default_factory=list)  # Markdown text or (Afbeelding, caption)
    voetnoten: list[str] = field(default_factory=list)
    voorstel: trefwoorden.Voorstel | None = None


@dataclass
class Hoofdstukplan:
    id: str
    titel: str
    blokken: list[Blokplan] = field(default_factory=list)


_NOOTLABEL = re.compile(r"\[\^(\d+)\]")


def _voeg_toe(blok: Blokplan, sectie: Sectie, kop: str | None = None) -> None:
    """A section's parts and footnotes added to a block; footnote labels renumbered."""
    verschuiving = len(blok.voetnoten)

    def hernummer(tekst: str) -> str:
        return _NOOTLABEL.sub(lambda m: f"[^{int(m.group(1)) + verschuiving}]", tekst)

    if kop:
        blok.delen.append(kop)
    for deel in sectie.delen:
        blok.delen.append(hernummer(deel) if isinstance(deel, str) else deel)
    blok.voetnoten.extend(sectie.voetnoten)


def _slug(titel: str) -> str:
    """An id from a title, cut at a word boundary so file names stay readable."""
    slug = anker(titel)
    if len(slug) > 60:
        slug = slug[:60].rsplit("-", 1)[0]
    return slug


def _uniek(basis: str, bezet: set[str]) -> str:
    kandidaat, nummer = basis, 2
    while kandidaat in bezet:
        kandidaat = f"{basis}-{nummer}"
        nummer += 1
    bezet.add(kandidaat)
    return kandidaat


# The chapter id that makes a block an appendix (Bijlage A, B, ...) after all chapters.
BIJLAGEN = "bijlagen"


def plan_hoofdstukken(secties: list[Sectie], bezet: set[str], hoofdstuk_ids: set[str]):
    """Level 1 sections become chapters, level 2 blocks, level 3 headings inside a block.

    Text right under a chapter heading becomes a block with the chapter's title. An
    appendix ("Bijlage A ...") becomes one block with ``hoofdstuk: bijlagen``, its sections
    headings inside it. Returns the chapters and the appendices (a plan with id
    ``bijlagen``).
    """
    hoofdstukken: list[Hoofdstukplan] = []
    bijlagen = Hoofdstukplan(BIJLAGEN, "Bijlagen")
    blok: Blokplan | None = None
    in_bijlage = False

    def nieuw_hoofdstuk(titel: str) -> Hoofdstukplan:
        hoofdstuk = Hoofdstukplan(_uniek(_slug(titel), hoofdstuk_ids), titel)
        hoofdstukken.append(hoofdstuk)
        return hoofdstuk

    def nieuw_blok(titel: str) -> Blokplan:
        hoofdstuk = hoofdstukken[-1] if hoofdstukken else nieuw_hoofdstuk(titel)
        nieuw = Blokplan(_uniek(_slug(titel), bezet), titel, hoofdstuk.id)
        hoofdstuk.blokken.append(nieuw)
        return nieuw

    for sectie in secties:
        if sectie.niveau == 1 and sectie.bijlage:
            blok = Blokplan(_uniek(_slug(sectie.titel), bezet), sectie.titel, BIJLAGEN)
            bijlagen.blokken.append(blok)
            _voeg_toe(blok, sectie)
            in_bijlage = True
            continue
        if in_bijlage and sectie.niveau > 1 and blok is not None:
            # An appendix's own headings start one level higher (A.1 is '#').
            _voeg_toe(blok, sectie, kop="#" * (sectie.niveau - 1) + " " + ontsnap(sectie.titel))
            continue
        in_bijlage = False
        if sectie.niveau == 1:
            nieuw_hoofdstuk(sectie.titel)
            blok = None
            if sectie.delen:
                blok = nieuw_blok(sectie.titel)
                _voeg_toe(blok, sectie)
        elif sectie.niveau == 2 or blok is None:
            blok = nieuw_blok(sectie.titel)
            _voeg_toe(blok, sectie)
        else:
            _voeg_toe(blok, sectie, kop="# " + ontsnap(sectie.titel))
    return hoofdstukken, bijlagen


def _platte_tekst(blok: Blokplan) -> str:
    return " ".join(d for d in blok.delen if isinstance(d, str))


# --- writing Markdown ----------------------------------------------------------------------


def _scalar(waarde: str) -> str:
    """A YAML scalar on one line, quoted when the text needs it."""
    return yaml.safe_dump(waarde, allow_unicode=True, width=10_000).strip().removesuffix("\n...")


def _front_matter(blok: Blokplan, volgorde: int, bron_bestand: str) -> str:
    def scalar(waarde) -> str:
        return (
            yaml.safe_dump(waarde, allow_unicode=True, width=10_000).strip().removesuffix("\n...")
        )

    regels = [
        "---",
        f"id: {blok.id}",
        f"titel: {_scalar(blok.titel)}",
        f"hoofdstuk: {blok.hoofdstuk}",
        f"volgorde: {volgorde}",
        "herkomst: import",
        f"bron_bestand: {_scalar(bron_bestand)}",
    ]
    voorstel = blok.voorstel
    if voorstel and (voorstel.afspraken or voorstel.themas or voorstel.route):
        regels += [
            "# Voorstel van 'regiovisie import'. Klopt het? Hernoem dan voorstel_afspraken",
            "# naar afspraken, voorstel_themas naar themas en voorstel_route naar route.",
        ]
        if voorstel.route:
            bewijs = "; ".join(voorstel.route_bewijs) or "volgt uit de afspraken"
            regels.append(f"voorstel_route: {voorstel.route}  # {bewijs}")
        if voorstel.afspraken:
            nummers = ", ".join(str(n) for n in sorted(voorstel.afspraken))
            bewijs = "; ".join(
                f"afspraak {n}: {', '.join(w)}" for n, w in sorted(voorstel.afspraken.items())
            )
            regels.append(f"voorstel_afspraken: [{nummers}]  # gevonden: {bewijs}")
        if voorstel.themas:
            namen = ", ".join(voorstel.themas)
            bewijs = "; ".join(f"{t}: {', '.join(w)}" for t, w in voorstel.themas.items())
            regels.append(f"voorstel_themas: [{namen}]  # gevonden: {bewijs}")
    regels.append("---")
    return "\n".join(regels) + "\n"


def _afbeelding_bytes(afbeelding: Afbeelding) -> tuple[bytes, str] | None:
    """The image as a format the build can show (bytes, extension), or None."""
    if afbeelding.extensie in BRUIKBAAR:
        return afbeelding.inhoud, afbeelding.extensie
    if afbeelding.extensie in OM_TE_ZETTEN:
        try:
            from PIL import Image

            with Image.open(io.BytesIO(afbeelding.inhoud)) as beeld:
                uit = io.BytesIO()
                beeld.save(uit, format="PNG")
                return uit.getvalue(), ".png"
        except Exception:  # noqa: BLE001 - any failure: the image is reported as skipped
            return None
    return None


def _markdown(
    blok: Blokplan, afbeeldingen: dict[str, bytes], overgeslagen: list[str], bezet: set[str]
) -> str:
    """The block body; its images are added to ``afbeeldingen`` under names not in ``bezet``
    (files of the workspace that must not be overwritten)."""
    delen = []
    nummer = 0
    index = 0
    while index < len(blok.delen):
        deel = blok.delen[index]
        index += 1
        if isinstance(deel, str):
            delen.append(deel)
            continue
        bijschrift = blok.delen[index] if index < len(blok.delen) else ""
        index += 1
        omgezet = _afbeelding_bytes(deel)
        if omgezet is not None and len(omgezet[0]) > MAX_AFBEELDING:
            overgeslagen.append(
                f"een afbeelding in '{blok.titel}': groter dan "
                f"{MAX_AFBEELDING // (1024 * 1024)} MB; verklein haar en voeg haar zelf toe"
            )
            continue
        if omgezet is None:
            overgeslagen.append(
                f"een afbeelding ({deel.extensie.lstrip('.')}) in '{blok.titel}': dit formaat "
                "kan de bouw niet tonen; sla haar op als PNG en voeg haar zelf toe"
            )
            continue
        inhoud, extensie = omgezet
        nummer += 1
        while f"{blok.id}-{nummer}{extensie}" in bezet:
            nummer += 1
        naam = f"{blok.id}-{nummer}{extensie}"
        afbeeldingen[naam] = inhoud
        alt = ontsnap(deel.alt or ONTBREKENDE_BESCHRIJVING)
        tekst = ontsnap(bijschrift) if bijschrift else alt
        delen.append(f"![{alt}]({AFBEELDINGEN}/{naam})\nFiguur: {tekst}")
    for n, noot in enumerate(blok.voetnoten, start=1):
        delen.append(f"[^{n}]: {noot or ONTBREKENDE_BESCHRIJVING}")
    return "\n\n".join(delen) + "\n"


def _opzet(
    hoofdstukken: list[Hoofdstukplan],
    extra: list[tuple[str, str, list[str]]],
    bron: str,
    bijlagen: list[str],
) -> str:
    """The workspace outline: chapters with their blocks, then the appendices."""
    regels = [
        f"{OPZET_KENMERK} uit {bron}.",
        "# De hoofdstukken en blokken staan in de volgorde van het document. Alleen de blokken",
        "# die hier staan, komen in het document. Voeg een blok toe door zijn id in de lijst",
        "# 'blokken' van een hoofdstuk te zetten; de standaardblokken doen dan niet mee.",
        "soort: regiovisie",
        "raadsstukken: [raadsvoorstel, raadsbesluit]",
        "hoofdstukken:",
    ]
    rijen = [(h.id, h.titel, [b.id for b in h.blokken]) for h in hoofdstukken] + extra
    for id_, titel, blokken in rijen:
        if not blokken:
            continue
        regels += [
            f"  - id: {id_}",
            f"    titel: {_scalar(titel)}",
            "    blokken:",
            *(f"      - {b}" for b in blokken),
        ]
    if bijlagen:
        regels += ["# Bijlage A, B, ... na de hoofdstukken.", "bijlagen:"]
        regels += [f"  - {b}" for b in bijlagen]
    return "\n".join(regels) + "\n"


# --- the workspace as it is ----------------------------------------------------------------


def _bestaande_blokken(content: Path) -> dict[str, tuple[Path, bool]]:
    """Block id -> (file, made by an earlier import) for the workspace's blocks."""
    gevonden: dict[str, tuple[Path, bool]] = {}
    if not content.is_dir():
        return gevonden
    for pad in sorted(content.rglob("*.md")):
        kop: dict = {}
        try:
            tekst = pad.read_text(encoding="utf-8")
            delen = tekst.lstrip("\ufeff").split("\n---", 1)
            if delen[0].startswith("---"):
                kop = yaml.safe_load(delen[0][3:]) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            kop = {}
        if not isinstance(kop, dict):
            kop = {}
        id_ = str(kop.get("id") or pad.stem)
        gevonden[id_] = (pad, kop.get("herkomst") == "import")
        gevonden.setdefault(pad.stem, (pad, kop.get("herkomst") == "import"))
    return gevonden


def _overige_hoofdstukken(map_: Path, met_standaard: bool, eerder: set[str]):
    """The shipped outline's chapters with the blocks it would place in them: the
    workspace's own blocks always (an import must not make them vanish from the document),
    the shipped ones only when asked. Also every block id and chapter id already taken."""
    from regiovisie_builder.pipeline import lees_blokken
    from regiovisie_builder.readers.document import lees_opzet
    from regiovisie_builder.readers.yamlbron import laad_yaml
    from regiovisie_builder.werkmap import Werkmap

    pad = bronnen.TEMPLATES / "documenten" / "regiovisie.yaml"
    opzet = lees_opzet(laad_yaml(pad.read_text(encoding="utf-8"), str(pad)).gegevens, str(pad))
    alle = [b for b in lees_blokken(Werkmap(map_).snapshot()) if b.id not in eerder]
    rijen = []
    for hoofdstuk in opzet.hoofdstukken:
        blokken = sorted(
            (
                b
                for b in alle
                if "regiovisie" in b.documenten
                and (met_standaard or b.herkomst == "werkmap")
                and opzet.hoofdstuk_voor(b) == hoofdstuk
            ),
            key=lambda b: (b.volgorde, b.id),
        )
        rijen.append((hoofdstuk.id, hoofdstuk.titel, [b.id for b in blokken]))
    bijlagen = [
        b.id
        for b in sorted(alle, key=lambda b: (b.volgorde, b.id))
        if b.hoofdstuk == BIJLAGEN
        and "regiovisie" in b.documenten
        and (met_standaard or b.herkomst == "werkmap")
    ]
    geplaatst = {i for _, _, ids in rijen for i in ids} | set(bijlagen)
    los = [
        b.bestand
        for b in alle
        if b.herkomst == "werkmap" and "regiovisie" in b.documenten and b.id not in geplaatst
    ]
    return rijen, bijlagen, {b.id for b in alle}, {h.id for h in opzet.hoofdstukken}, los


# --- the command ---------------------------------------------------------------------------


def import_(
    bestand: Path,
    map_: Path,
    met_standaardblokken: bool = False,
    forceer: bool = False,
    naam: str = "Mijn regio",
) -> int:
    """Read Word draft ``bestand`` (.docx, .doc or .odt) into blocks of workspace ``map_``
    (made when it does not exist) and print a report."""
    from regiovisie_builder.pipeline import schrijf_atomisch
    from regiovisie_builder.werkmap import maak_werkmap

    inhoud, bron = lees_bestand(bestand)
    inlezing = lees_docx(inhoud, bron)

    content_dir = map_ / "content"
    bestaand = _bestaande_blokken(content_dir)
    eerder = {id_: pad for id_, (pad, geimporteerd) in bestaand.items() if geimporteerd}
    opzet_pad = map_ / OPZET
    if eerder and not forceer:
        namen = sorted({p.name for p in eerder.values()})
        raise ConfigError(
            "In deze werkmap staan al blokken van een eerdere import. Er is niets geschreven.",
            [
                Probleem(
                    str(content_dir),
                    None,
                    f"{', '.join(namen[:8])}{' …' if len(namen) > 8 else ''}. Gebruik --forceer "
                    "om ze te vervangen, of kies een andere map.",
                )
            ],
        )
    if opzet_pad.exists():
        eigen = not opzet_pad.read_text(encoding="utf-8", errors="replace").startswith(
            OPZET_KENMERK
        )
        if eigen or not forceer:
            raise ConfigError(
                "Deze werkmap heeft al een eigen documentopzet. Er is niets geschreven.",
                [
                    Probleem(
                        str(opzet_pad),
                        None,
                        "import schrijft een nieuwe opzet met de ingelezen hoofdstukken; "
                        "hernoem of verwijder dit bestand, of kies een andere map.",
                    )
                ],
            )

    overige, eigen_bijlagen, blok_ids, hoofdstuk_ids, los = _overige_hoofdstukken(
        map_, met_standaardblokken, set(eerder)
    )
    # Ids of blocks that stay: the workspace's own blocks and the shipped ones.
    bezet = {i for i, (_, geimporteerd) in bestaand.items() if not geimporteerd} | blok_ids
    hoofdstukken, bijlagen = plan_hoofdstukken(inlezing.secties, bezet, hoofdstuk_ids)

    # Image files stay, except those of blocks an earlier import made (--forceer).
    map_afbeeldingen = content_dir / AFBEELDINGEN
    bezette_afbeeldingen = {
        p.name
        for p in (map_afbeeldingen.iterdir() if map_afbeeldingen.is_dir() else ())
        if not any(p.name.startswith(f"{i}-") for i in eerder)
    }
    bestanden: dict[Path, bytes] = {}
    afbeeldingen: dict[str, bytes] = {}
    overgeslagen = list(inlezing.overgeslagen)
    volgorde = 0
    for hoofdstuk in (*hoofdstukken, bijlagen):
        for blok in hoofdstuk.blokken:
            volgorde += 10
            blok.voorstel = trefwoorden.raad(blok.titel, _platte_tekst(blok))
            tekst = _front_matter(blok, volgorde, bron) + _markdown(
                blok, afbeeldingen, overgeslagen, bezette_afbeeldingen
            )
            bestanden[content_dir / f"{blok.id}.md"] = tekst.encode("utf-8")
    for naam_, data in afbeeldingen.items():
        bestanden[content_dir / AFBEELDINGEN / naam_] = data
    bijlage_ids = [b.id for b in bijlagen.blokken] + eigen_bijlagen
    bestanden[opzet_pad] = _opzet(hoofdstukken, overige, bron, bijlage_ids).encode("utf-8")

    nieuw = {blok.id for h in (*hoofdstukken, bijlagen) for blok in h.blokken}
    weg = sorted({pad for id_, pad in eerder.items() if id_ not in nieuw and pad.exists()})

    if not (map_ / "regio.yaml").exists():
        regio_yaml = maak_werkmap(map_, naam)
        if inlezing.titel:
            _zet_titel(regio_yaml, inlezing.titel)
        print(f"Werkmap gemaakt: {map_}")
    schrijf_atomisch(bestanden)
    for pad in sorted(set(weg) - set(bestanden)):
        pad.unlink(missing_ok=True)
    _verslag(inlezing, hoofdstukken, bijlagen, bron, map_, overgeslagen, len(afbeeldingen), weg)
    for bestand in los:
        print(
            f"Let op: {bestand} past in geen hoofdstuk en staat niet in de documentopzet. "
            "Zet zijn id in de lijst 'blokken' van een hoofdstuk in "
            f"{OPZET.as_posix()} als het in het document hoort."
        )
    return 0


def _zet_titel(regio_yaml: Path, titel: str) -> None:
    """The draft's title as the document title of a workspace just made."""
    tekst = regio_yaml.read_text(encoding="utf-8")
    tekst = re.sub(
        r"^(document:\n(?:  .*\n)*?  titel: ).*$",
        lambda m: m.group(1) + _scalar(titel),
        tekst,
        count=1,
        flags=re.M,
    )
    regio_yaml.write_text(tekst, encoding="utf-8")


def _aantal(aantal: int, enkelvoud: str, meervoud: str) -> str:
    return f"{aantal} {enkelvoud if aantal == 1 else meervoud}"


def _verslag(
    inlezing: Inlezing,
    hoofdstukken: list[Hoofdstukplan],
    bijlagen: Hoofdstukplan,
    bron: str,
    map_: Path,
    overgeslagen: list[str],
    afbeeldingen: int,
    weg: list[Path],
) -> None:
    blokken = [b for h in (*hoofdstukken, bijlagen) for b in h.blokken]
    print(f"Ingelezen: {bron}")
    print(
        f"  {_aantal(len(blokken), 'blok', 'blokken')} in "
        f"{_aantal(len(hoofdstukken), 'hoofdstuk', 'hoofdstukken')} geschreven naar "
        f"{map_ / 'content'}"
    )
    if bijlagen.blokken:
        print(f"  waarvan {_aantal(len(bijlagen.blokken), 'bijlage', 'bijlagen')}")
    print(
        f"  {_aantal(inlezing.tabellen, 'tabel', 'tabellen')}, "
        f"{_aantal(afbeeldingen, 'afbeelding', 'afbeeldingen')}, "
        f"{_aantal(inlezing.voetnoten, 'voetnoot', 'voetnoten')}"
    )
    print(f"  documentopzet: {map_ / OPZET}")
    if weg:
        print(
            f"  {_aantal(len(weg), 'blok', 'blokken')} van de vorige import verwijderd "
            "(niet meer in het document)"
        )
    if inlezing.invoegingen or inlezing.verwijderingen or inlezing.verplaatsingen:
        print(
            "  Let op: het document had open wijzigingen (bijhouden van wijzigingen): "
            f"{_aantal(inlezing.invoegingen, 'invoeging', 'invoegingen')}, "
            f"{_aantal(inlezing.verwijderingen, 'verwijdering', 'verwijderingen')}, "
            f"{_aantal(inlezing.verplaatsingen, 'verplaatsing', 'verplaatsingen')}. "
            "Ingelezen is de tekst met alle wijzigingen geaccepteerd."
        )
    if inlezing.opmerkingen:
        print(
            "  Let op: het document had "
            f"{_aantal(inlezing.opmerkingen, 'opmerking', 'opmerkingen')}. Die zijn niet "
            "ingelezen; bekijk ze in het Word-bestand."
        )
    for wat in overgeslagen:
        print(f"  Overgeslagen: {wat}")
    print()
    print("Afspraken van de norm die de ingelezen tekst lijkt te behandelen (een voorstel):")
    for nummer, titel in nvo.AFSPRAKEN.items():
        ids = [b.id for b in blokken if b.voorstel and nummer in b.voorstel.afspraken]
        print(f"  {nummer}. {titel}: {', '.join(ids) if ids else '–'}")
    print()
    print(
        "Controleer per blok de voorstellen in de front matter en hernoem ze naar afspraken, "
        "themas en route als ze kloppen."
    )
    print(f"Bekijk daarna wat er nog ontbreekt met: regiovisie check {map_}")
