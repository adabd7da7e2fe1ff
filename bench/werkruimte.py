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

ROOT = Path(__file__).resolve().parent.parent
PREVIEW = ROOT / "examples" / "zuid-kennemerland-ijmond" / "regio.yaml"
DEFAULT = ROOT / "content"
OPZET = ROOT / "templates" / "documenten" / "regiovisie.yaml"

BLOKKEN_PER_UNIT = 48
WORDS_PER_UNIT = 14_000
TABLE_EVERY = 6  # 8 tables in 48 blocks
FOOTNOTE_EVERY = 2  # 24 footnotes in 48 blocks

_WORD_LIST = """
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
WORDS = _WORD_LIST.split()

HEADING_WORDS = [w for w in WORDS if len(w) > 4]


@dataclass(frozen=True)
class Section:
    """One generated block: its front matter and Markdown body (sub-headings as '# ')."""

    id: str
    titel: str
    references: dict
    text: str


def _zin(chance: random.Random, length: tuple[int, int] = (8, 18)) -> str:
    words = [chance.choice(WORDS) for _ in range(chance.randint(*length))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _heading(chance: random.Random) -> str:
    words = [chance.choice(HEADING_WORDS) for _ in range(chance.randint(2, 4))]
    return " ".join(words).capitalize()


def _table(chance: random.Random, number: int) -> list[str]:
    columns = [_heading(chance) for _ in range(3)]
    lines = ["| " + " | ".join(columns) + " |", "|---|---|---:|"]
    for _ in range(chance.randint(5, 8)):
        cells = [_zin(chance, (2, 5))[:-1], _zin(chance, (3, 7))[:-1]]
        cells.append(f"{chance.randint(10, 9999)}")
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, "", f"Tabel: Overzicht {number}"]


def _section(index: int, chance: random.Random, words: int) -> tuple[str, str]:
    """(title, body) of block ``index`` with about ``words`` words of body text."""
    parts: list[str] = []
    counted = 0
    footnote = index % FOOTNOTE_EVERY == 0
    if index % TABLE_EVERY == 0:
        table = _table(chance, index // TABLE_EVERY + 1)
        counted += sum(len(r.split()) for r in table)
    else:
        table = []
    if index % 3 != 2:
        enumeration = [f"- {_zin(chance, (4, 10))}" for _ in range(chance.randint(3, 6))]
        counted += sum(len(r.split()) for r in enumeration)
    else:
        enumeration = []
    paragraphs: list[str] = []
    while counted < words:
        paragraph = " ".join(_zin(chance) for _ in range(chance.randint(3, 6)))
        paragraphs.append(paragraph)
        counted += len(paragraph.split())
    if footnote:
        paragraphs[0] += f"[^v{index}]"
    middle = max(1, len(paragraphs) // 2)
    parts += paragraphs[:middle]
    if enumeration:
        parts.append("\n".join(enumeration))
    if index % 2 == 1:
        parts.append(f"# {_heading(chance)}")
    parts += paragraphs[middle:]
    if table:
        parts.append("\n".join(table))
    if footnote:
        parts.append(f"[^v{index}]: {_zin(chance, (10, 20))}")
    return _heading(chance), "\n\n".join(parts) + "\n"


def standaardblokken() -> list[dict]:
    """Front matter of every shipped block of a regiovisie, in a stable order (blocks of
    other document types, such as the council documents, never appear in it)."""
    references = []
    for path in sorted(DEFAULT.rglob("*.md")):
        heading = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        if "regiovisie" in heading.get("documenten", ["regiovisie"]):
            references.append(heading)
    return references


def sections(scale: int, seed: int = 2026) -> list[Section]:
    """The blocks of a workspace at ``scale`` (1 = one regiovisie), always the same."""
    chance = random.Random(seed)
    hoofdstukken = [h["id"] for h in yaml.safe_load(OPZET.read_text("utf-8"))["hoofdstukken"]]
    default = standaardblokken()
    count = BLOKKEN_PER_UNIT * scale
    per_blok = WORDS_PER_UNIT / BLOKKEN_PER_UNIT
    out = []
    for index in range(count):
        title, text = _section(index, chance, round(per_blok * 0.9))
        if index < len(default):
            source = default[index]
            references = {k: v for k, v in source.items() if k not in ("id", "titel")}
            id_ = source["id"]
        else:
            id_ = f"sectie-{index:04d}"
            references = {
                "hoofdstuk": hoofdstukken[index % len(hoofdstukken)],
                "volgorde": index,
            }
        out.append(Section(id_, f"{title} {index}", references, text))
    return out


def maak_werkmap(folder: Path, scale: int, seed: int = 2026, name: str | None = None) -> Path:
    """Write a workspace at ``scale`` into ``folder`` (replacing what was there)."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "content").mkdir(parents=True)
    regio = PREVIEW.read_text(encoding="utf-8")
    if name:
        regio = regio.replace("naam: Zuid-Kennemerland en IJmond", f"naam: {name}", 1)
    (folder / "regio.yaml").write_text(regio, encoding="utf-8")
    for section in sections(scale, seed):
        heading = yaml.safe_dump(
            {"id": section.id, "titel": section.titel, **section.references},
            allow_unicode=True,
            sort_keys=False,
        )
        (folder / "content" / f"{section.id}.md").write_text(
            f"---\n{heading}---\n{section.text}", encoding="utf-8"
        )
    return folder


def as_markdown(scale: int, seed: int = 2026) -> str:
    """The same text as one Markdown file for pandoc: blocks as '##', sub-headings as '###'."""
    parts = []
    for section in sections(scale, seed):
        text = re.sub(r"^# ", "### ", section.text, flags=re.MULTILINE)
        text = text.replace("\nTabel: ", "\nTable: ")
        parts.append(f"## {section.titel}\n\n{text}")
    return "\n".join(parts)


def words(scale: int, seed: int = 2026) -> int:
    """Number of words of body text at ``scale`` (tokens with a letter; no Markdown marks)."""
    return sum(
        sum(any(t.isalpha() for t in w) for w in s.text.split()) for s in sections(scale, seed)
    )
