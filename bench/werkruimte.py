"""Generate regiovisie-sized workspaces for the benchmark, deterministically.

At scale 1 a workspace has about 14,000 words in 48 blocks (sections), 8 Markdown tables,
24 footnotes and bulleted lists; scale N has N times as many blocks with the same mix. The
blocks reuse the ids of every shipped block (so only generated text is in the document) and
add new ones, spread over the chapters of the regiovisie outline. The text is Jinja-free, so
the same Markdown can be given to pandoc.
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

WORTEL = Path(__file__).resolve().parent.parent
VOORBEELD = WORTEL / "examples" / "zuid-kennemerland-ijmond" / "regio.yaml"
STANDAARD = WORTEL / "content"
OPZET = WORTEL / "templates" / "documenten" / "regiovisie.yaml"

BLOKKEN_PER_EENHEID = 48
WOORDEN_PER_EENHEID = 14_000
TABEL_ELKE = 6  # 8 tables in 48 blocks
VOETNOOT_ELKE = 2  # 24 footnotes in 48 blocks

_WOORDENLIJST = """
jeugdhulp gemeente regio aanbieder gezin jongere ouders kind zorg hulp toegang team wijk
school onderwijs huisarts contract inkoop tarief kosten budget afspraak norm route thema
preventie veiligheid verblijf behandeling begeleiding pleegzorg crisis opvang samenwerking
overleg bestuur wethouder raad college besluit planning evaluatie monitor resultaat doel
kwaliteit continuïteit looptijd verantwoording administratie registratie gegevens privacy
signaal zorgen vragen passend dichtbij lichte zware specialistische lokale regionale
landelijke samen beter sneller eenvoudig duidelijk eerlijk zorgvuldig open vaste nieuwe
eerste tweede komende jaren maanden periode moment stap fase plan aanpak werkwijze keuze
ruimte rol taak verantwoordelijkheid professional medewerker netwerk partner keten leren
verbeteren ontwikkelen versterken afbouwen opbouwen inzetten bieden vragen kijken zorgen
werken helpen steunen bespreken besluiten vaststellen uitvoeren meten volgen delen houden
de het een en van in op met voor door bij naar over als dat die dit om te zijn wordt worden
heeft hebben kan kunnen moet moeten wil willen gaan blijft ook nog meer minder veel weinig
"""
WOORDEN = _WOORDENLIJST.split()

KOPWOORDEN = [w for w in WOORDEN if len(w) > 4]


@dataclass(frozen=True)
class Sectie:
    """One generated block: its front matter and Markdown body (sub-headings as '# ')."""

    id: str
    titel: str
    kenmerken: dict
    tekst: str


def _zin(toeval: random.Random, lengte: tuple[int, int] = (8, 18)) -> str:
    woorden = [toeval.choice(WOORDEN) for _ in range(toeval.randint(*lengte))]
    return woorden[0].capitalize() + " " + " ".join(woorden[1:]) + "."


def _kop(toeval: random.Random) -> str:
    woorden = [toeval.choice(KOPWOORDEN) for _ in range(toeval.randint(2, 4))]
    return " ".join(woorden).capitalize()


def _tabel(toeval: random.Random, nummer: int) -> list[str]:
    kolommen = [_kop(toeval) for _ in range(3)]
    regels = ["| " + " | ".join(kolommen) + " |", "|---|---|---:|"]
    for _ in range(toeval.randint(5, 8)):
        cellen = [_zin(toeval, (2, 5))[:-1], _zin(toeval, (3, 7))[:-1]]
        cellen.append(f"{toeval.randint(10, 9999)}")
        regels.append("| " + " | ".join(cellen) + " |")
    return [*regels, "", f"Tabel: Overzicht {nummer}"]


def _sectie(index: int, toeval: random.Random, woorden: int) -> tuple[str, str]:
    """(title, body) of block ``index`` with about ``woorden`` words of body text."""
    delen: list[str] = []
    geteld = 0
    voetnoot = index % VOETNOOT_ELKE == 0
    if index % TABEL_ELKE == 0:
        tabel = _tabel(toeval, index // TABEL_ELKE + 1)
        geteld += sum(len(r.split()) for r in tabel)
    else:
        tabel = []
    if index % 3 != 2:
        opsomming = [f"- {_zin(toeval, (4, 10))}" for _ in range(toeval.randint(3, 6))]
        geteld += sum(len(r.split()) for r in opsomming)
    else:
        opsomming = []
    alineas: list[str] = []
    while geteld < woorden:
        alinea = " ".join(_zin(toeval) for _ in range(toeval.randint(3, 6)))
        alineas.append(alinea)
        geteld += len(alinea.split())
    if voetnoot:
        alineas[0] += f"[^v{index}]"
    midden = max(1, len(alineas) // 2)
    delen += alineas[:midden]
    if opsomming:
        delen.append("\n".join(opsomming))
    if index % 2 == 1:
        delen.append(f"# {_kop(toeval)}")
    delen += alineas[midden:]
    if tabel:
        delen.append("\n".join(tabel))
    if voetnoot:
        delen.append(f"[^v{index}]: {_zin(toeval, (10, 20))}")
    return _kop(toeval), "\n\n".join(delen) + "\n"


def standaardblokken() -> list[dict]:
    """Front matter of every shipped block of a regiovisie, in a stable order (blocks of
    other document types, such as the council documents, never appear in it)."""
    kenmerken = []
    for pad in sorted(STANDAARD.rglob("*.md")):
        kop = yaml.safe_load(pad.read_text(encoding="utf-8").split("---\n")[1])
        if "regiovisie" in kop.get("documenten", ["regiovisie"]):
            kenmerken.append(kop)
    return kenmerken


def secties(schaal: int, zaad: int = 2026) -> list[Sectie]:
    """The blocks of a workspace at ``schaal`` (1 = one regiovisie), always the same."""
    toeval = random.Random(zaad)
    hoofdstukken = [h["id"] for h in yaml.safe_load(OPZET.read_text("utf-8"))["hoofdstukken"]]
    standaard = standaardblokken()
    aantal = BLOKKEN_PER_EENHEID * schaal
    per_blok = WOORDEN_PER_EENHEID / BLOKKEN_PER_EENHEID
    uit = []
    for index in range(aantal):
        titel, tekst = _sectie(index, toeval, round(per_blok * 0.9))
        if index < len(standaard):
            bron = standaard[index]
            kenmerken = {k: v for k, v in bron.items() if k not in ("id", "titel")}
            id_ = bron["id"]
        else:
            id_ = f"sectie-{index:04d}"
            kenmerken = {
                "hoofdstuk": hoofdstukken[index % len(hoofdstukken)],
                "volgorde": index,
            }
        uit.append(Sectie(id_, f"{titel} {index}", kenmerken, tekst))
    return uit


def maak_werkmap(map_: Path, schaal: int, zaad: int = 2026, naam: str | None = None) -> Path:
    """Write a workspace at ``schaal`` into ``map_`` (replacing what was there)."""
    if map_.exists():
        shutil.rmtree(map_)
    (map_ / "content").mkdir(parents=True)
    regio = VOORBEELD.read_text(encoding="utf-8")
    if naam:
        regio = regio.replace("naam: Zuid-Kennemerland en IJmond", f"naam: {naam}", 1)
    (map_ / "regio.yaml").write_text(regio, encoding="utf-8")
    for sectie in secties(schaal, zaad):
        kop = yaml.safe_dump(
            {"id": sectie.id, "titel": sectie.titel, **sectie.kenmerken},
            allow_unicode=True,
            sort_keys=False,
        )
        (map_ / "content" / f"{sectie.id}.md").write_text(
            f"---\n{kop}---\n{sectie.tekst}", encoding="utf-8"
        )
    return map_


def als_markdown(schaal: int, zaad: int = 2026) -> str:
    """The same text as one Markdown file for pandoc: blocks as '##', sub-headings as '###'."""
    delen = []
    for sectie in secties(schaal, zaad):
        tekst = re.sub(r"^# ", "### ", sectie.tekst, flags=re.MULTILINE)
        tekst = tekst.replace("\nTabel: ", "\nTable: ")
        delen.append(f"## {sectie.titel}\n\n{tekst}")
    return "\n".join(delen)


def woorden(schaal: int, zaad: int = 2026) -> int:
    """Number of words of body text at ``schaal`` (tokens with a letter; no Markdown marks)."""
    return sum(
        sum(any(t.isalpha() for t in w) for w in s.tekst.split()) for s in secties(schaal, zaad)
    )
