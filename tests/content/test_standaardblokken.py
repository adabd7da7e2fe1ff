"""The shipped standard blocks never state a commitment on a region's behalf (issue 14).

A concrete commitment, number, date or plan in a shipped block either comes from a
regio.yaml value (and is left out or shown as an open marker when that value is absent) or
is phrased as a choice the region makes. Facts of the norm itself (the NvO, its routekaart,
the Jeugdwet) may stay: each number that does is on a reviewed allow-list with the reason.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from regiovisie_builder import pipeline, sources
from regiovisie_builder.readers import templates
from regiovisie_builder.readers.blokken import Blok, read_blok
from regiovisie_builder.readers.document import gemeente_variable
from regiovisie_builder.werkmap import Werkmap
from tests.conftest import EXAMPLES
from tests.regions import regio_yaml

CONTENT = sources.CONTENT

# Numbers that may stand in a shipped block's own text, per block: facts of the norm, the
# routekaart or the law, never a choice of a region. Each pattern is removed before the
# block's text is searched for digits, so an unlisted number anywhere fails the test.
NORM_FACTS: dict[str, list[tuple[str, str]]] = {
    "inleiding-aanleiding": [
        (r"Sinds 2015", "the Jeugdwet took effect on 1 January 2015"),
        (r"10 juni 2020", "the date the VNG members adopted the NvO (routekaart, line 30)"),
    ],
    "inleiding-leeswijzer": [
        (r"\(afspraak [1-8]\)", "the numbers of the norm's own agreements"),
        (r"\(afspraken 7 en 8\)", "the numbers of the norm's own agreements"),
    ],
    "raadsvoorstel-aanleiding": [
        (r"sinds 2015", "the Jeugdwet took effect on 1 January 2015"),
        (r"In 2020", "the year the NvO was adopted (routekaart, line 30)"),
    ],
    "raadsbesluit-tekst": [
        (r"artikel 2\.2", "Jeugdwet article on the council's plan for youth care"),
        (r"artikel 2\.8", "Jeugdwet article on cooperation between municipalities"),
    ],
    "inhoud-zorglandschap": [
        (r"sinds 2015", "the Jeugdwet took effect on 1 January 2015"),
    ],
    "toegang-verwijzers": [
        (r"ongeveer 30%", "the routekaart's estimate of the GI's share of costs (line 334)"),
    ],
    "inkoop-zorgvuldigheid": [
        (r"vóór 1 april", "the norm's publication deadline (afspraak 7)"),
        (r"op 1 januari", "the routekaart's reading of that deadline (afspraak 7)"),
        (r"1 april van het jaar ervoor", "the routekaart's reading of that deadline"),
    ],
    "tarieven-reeel": [
        (r"1 april 2021", "the AMvB on transparent tariffs took effect then"),
    ],
    "thema-complexe-casuistiek": [
        (r"30 tot 40", "routekaart rule of thumb: complex cases per municipality (line 741)"),
        (r"€ 40\.000 tot € 50\.000", "routekaart rule of thumb: cost per family (line 741)"),
        (r"15% tot 25%", "routekaart estimate: share of youth-care costs (line 739)"),
    ],
}

# Numbers in a block's Jinja code (not its text). 0 and 1 are arithmetic (an index, the
# other municipalities, singular or plural); any other must be a minimum of the norm.
CODE_NUMBERS: dict[str, set[str]] = {
    "inkoop-zorgvuldigheid": {"3"},  # the norm's minima: three years, three months
}

# Phrasings that stated a commitment no region made (removed in the review of issue 14).
# They must not come back in a shipped block, whatever the region data.
COMMITMENTS = [
    r"\bw(ij|e) garanderen\b",
    r"\belke school (en elk consultatiebureau )?(heeft|krijgt)\b",
    r"\bzal(len)? [^.?!]* worden\b",
    r"\bw(ij|e) kopen in voor\b",
    r"\b(elk|ieder) jaar\b",
    r"\bjaarlijks\b",
    r"\bregelmatig\b",
    r"\balle reacties die wij krijgen\b",
    r"\bwel maken wij goede afspraken\b",
    r"\bwij maken met hen afspraken\b",
    r"\bwij passen de varianten toe\b",
    r"\bwij leggen dit nog vast\b",
    r"\bwij werken daar nog aan\b",
    r"\bdaarom hebben wij één bestuurlijk aanspreekpunt\b",
    r"\bwij spreken met aanbieders af\b",
    r"\bwe spreken met aanbieders af\b",
    r"\bwij informeren de gemeenteraden\b",
    r"\blaat het college dat weten\b",
    r"\bgaat het college eerst in overleg\b",
    r"\bwij houden deze tabel bij\b",
    r"\bregionaal expertteam\b",
]

# First person with an action verb: a plan of the region. With no region data, such a
# sentence may only stand where it names a regio.yaml value (an open marker shows then).
_ACTIONS = (
    r"zorgen|spreken|maken|kopen|evalueren|informeren|beantwoorden|garanderen|regelen|sluiten|"
    r"werven|houden|bespreken|delen|nemen|volgen|kijken|kiezen|zoeken|doen|werken|plannen|"
    r"passen|gebruiken|letten|leggen|vragen|beperken|onderzoeken|brengen|stoppen|helpen|"
    r"willen|geven|praten|zetten|betalen|bieden|richten|combineren|gaan|luisteren"
)
# A main clause in the first person with an action verb ("Wij sluiten ...", "Daarom werven
# we ..."): a plan of the region. With no region data, such a sentence may only stand where
# it names a regio.yaml value (an open marker shows then).
FIRST_PERSON_PLAN = re.compile(
    rf"^(wij|we)\s+({_ACTIONS})\b|^[^,;:]*?\b({_ACTIONS})\s+(wij|we)\b", re.IGNORECASE
)


def _shipped_blocks(content: Path = CONTENT) -> list[Blok]:
    return [
        read_blok(path.read_text(encoding="utf-8"), str(path.relative_to(content)), "standaard")
        for path in sorted(content.rglob("*.md"))
    ]


def _own_text(blok: Blok) -> tuple[str, list[str]]:
    """The block's own words (literal text and quoted strings in its Jinja), and the numbers
    in its Jinja code."""
    papers, numbers = [], []
    for _line, soort, value in templates._environment().lex(blok.text):
        if soort == "data":
            papers.append(value)
        elif soort == "string":
            papers.append(" " + value + " ")
        elif soort in ("integer", "float"):
            numbers.append(value)
        elif soort in ("variable_begin", "block_begin"):
            papers.append(" ")
    return "".join(papers), numbers


def test_every_folder_of_shipped_blocks_is_read():
    blokken = _shipped_blocks()
    folders = {Path(b.file).parts[0] for b in blokken}
    assert {"algemeen", "opinienota", "raad", "routes", "themas"} <= folders
    assert len(blokken) >= 45


@pytest.mark.parametrize("blok", _shipped_blocks(), ids=lambda b: b.id)
def test_no_number_in_shipped_text_except_facts_of_the_norm(blok):
    text, numbers = _own_text(blok)
    text = re.sub(r"(?m)^\s*\d+\.\s", "", text)  # numbered-list markers
    for pattern, _why in NORM_FACTS.get(blok.id, []):
        assert re.search(pattern, text), f"allow-list entry {pattern!r} no longer used"
        text = re.sub(pattern, "", text)
    found = [
        text[max(0, m.start() - 40) : m.end() + 40].replace("\n", " ")
        for m in re.finditer(r"\d+", text)
    ]
    assert not found, f"{blok.file}: a number in shipped text: {found}"
    allowed = {"0", "1"} | CODE_NUMBERS.get(blok.id, set())
    assert set(numbers) <= allowed, f"{blok.file}: numbers in Jinja code: {numbers}"


@pytest.mark.parametrize("blok", _shipped_blocks(), ids=lambda b: b.id)
def test_no_removed_commitment_in_shipped_text(blok):
    text, _ = _own_text(blok)
    text = " ".join(text.split()).lower()
    found = [p for p in COMMITMENTS if re.search(p, text)]
    assert not found, f"{blok.file}: states a commitment: {found}"


def _minimal_region(folder: Path) -> Path:
    folder.mkdir()
    (folder / "regio.yaml").write_text(
        "regio:\n"
        "  naam: Kustvallei\n"
        "  gemeenten:\n"
        "    - naam: Havenstede\n"
        "    - naam: Duinwijk\n"
        "document:\n"
        "  soort: regiovisie\n"
        "  titel: Regiovisie Jeugdhulp Kustvallei\n"
        "  kenmerk: KV-regiovisie\n"
        '  versie: "0.1"\n'
        "  status: concept\n"
        "  datum: 2026-04-01\n"
        "  looptijd: {van: 2027-01-01, tot: 2030-12-31}\n",
        encoding="utf-8",
    )
    return folder


def _rendered(werkmap: Path, blokken: list[Blok]) -> dict[str, str]:
    """Every shipped block rendered with this workspace's data, as the build renders it:
    council blocks for the first municipality, the others also without one."""
    inputs = pipeline.read(Werkmap(werkmap))
    basis = templates.context(inputs.regio.data)
    basis.update(inputs.raad_variables())
    out = {}
    for blok in blokken:
        texts = []
        if not {"raadsvoorstel", "raadsbesluit"} & set(blok.documents):
            texts.append(templates.render(blok, basis))
        if set(blok.documents) - {"regiovisie"}:
            with_gemeente = {**basis, "gemeente": gemeente_variable(inputs.regio, 0)}
            texts.append(templates.render(blok, with_gemeente))
        out[blok.id] = "\n".join(texts)
    return out


def test_with_no_region_data_no_block_states_a_plan_of_the_region(tmp_path):
    """Where regio.yaml says nothing, a block says nothing on the region's behalf: a sentence
    in the first person with an action verb stands only with an open marker in it."""
    rendered = _rendered(_minimal_region(tmp_path / "leeg"), _shipped_blocks())
    errors = []
    for id_, text in rendered.items():
        text = re.sub(r"(?m)^\s*(\d+\.|-|\|)\s*", "", text)
        for zin in re.split(r"(?<=[.?!:])\s+|\n+", text):
            if templates.MARKER_BEGIN in zin:
                continue
            if FIRST_PERSON_PLAN.search(zin.strip("*# ")):
                errors.append(f"{id_}: {zin.strip()}")
    assert not errors, "plans stated for a region that said nothing:\n" + "\n".join(errors)


@pytest.mark.slow
@pytest.mark.parametrize("source", ["volledig", *sorted(p.name for p in EXAMPLES.iterdir())])
def test_shipped_blocks_render_for_full_regions_without_commitments(tmp_path, source):
    """With data, the guarded sentences render; a removed commitment comes back only when the
    region wrote it in regio.yaml itself."""
    folder = tmp_path / source
    if source == "volledig":
        folder.mkdir()
        (folder / "regio.yaml").write_text(regio_yaml(), encoding="utf-8")
    else:
        shutil.copytree(EXAMPLES / source, folder)
    regio_text = " ".join((folder / "regio.yaml").read_text(encoding="utf-8").split()).lower()
    rendered = _rendered(folder, _shipped_blocks())
    assert all(text.strip() for text in rendered.values())
    for id_, text in rendered.items():
        text = " ".join(text.split()).lower()
        for pattern in COMMITMENTS:
            hit = re.search(pattern, text)
            assert not hit or re.search(pattern, regio_text), (id_, hit)
