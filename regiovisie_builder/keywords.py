"""Guess which NvO agreements and themes a text addresses, from the words it uses.

Used by ``regiovisie import`` to propose ``proposal_afspraken`` / ``proposal_themas`` for
text written outside the toolkit. A guess is only a proposal, with the matching words as
evidence; it counts for the checklist once a writer confirms it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from regiovisie_builder import nvo

# Word stems (lower case, matched at the start of a word) per agreement. Built from the terms
# of the norm and the routekaart as kept in ``nvo``.
AFSPRAAK_WORDS: dict[int, tuple[str, ...]] = {
    1: (
        "procesbeschrijving",
        "participatie",
        "betrokken",
        "consultatie",
        "consulteren",
        "inventarisatie",
        "ketenpartner",
        "veilig thuis",
        "gecertificeerde instelling",
        "jongeren en ouders",
        "vaststelling",
        "vaststellen",
        "gemeenteraad",
        "raadsbesluit",
        "besluitvorming",
        "totstandkoming",
    ),
    2: (
        "inkoopmodel",
        "lokaal, tenzij",
        "lokaal tenzij",
        "regionaal, tenzij",
        "regionaal tenzij",
        "cruciale",
        "zorglandschap",
        "beschikbaarheid",
        "continuïteit",
        *(v for v in nvo.CRUCIAL_FUNCTIONS.values() if len(v.split()) <= 3),
    ),
    3: (
        "toegang",
        "lokale team",
        "lokale teams",
        "wijkteam",
        "basisfunctie",
        "huisarts",
        "verwijzer",
        "verwijzing",
        "medisch specialist",
        "poh",
    ),
    4: (
        "governance",
        "gemeenschappelijke regeling",
        "centrumgemeente",
        "aanspreekpunt",
        "bestuurlijk overleg",
        "taakverdeling",
        "mandaat",
        "meerjarig",
        "geformaliseerd",
        "samenwerkingsovereenkomst",
    ),
    5: (
        "bovenregiona",
        "andere regio",
        "accounthoudend",
        "expertisecentr",
        "expertisenetwerk",
        "landelijk",
        "schaarse",
    ),
    6: (
        "administratieve last",
        "administratieve lasten",
        "uitvoeringsvariant",
        "inspanningsgericht",
        "outputgericht",
        "taakgericht",
        "contractvoorwaarden",
        "contractbeheer",
        "regeldruk",
        "standaardisatie",
        "istandaard",
        "backoffice",
    ),
    7: (
        "aanbesteding",
        "inkoopprocedure",
        "inkoopproces",
        "publicatie",
        "contractduur",
        "looptijd",
        "ondertekening",
        "contractering",
        "zorgvuldig",
        "implementatietermijn",
        "goede gewoonten",
        "bekendmaking",
        "ondertekend",
        "opdrachtgeverschap",
        "ozj",
    ),
    8: (
        "tarief",
        "tarieven",
        "kostprijs",
        "kostprijsonderzoek",
        "kostenonderzoek",
        "reële",
        "amvb",
        "indexatie",
        "overhead",
        "cao",
        "referentiecijfer",
    ),
}

THEMA_WORDS: dict[str, tuple[str, ...]] = {
    "preventie": ("preventie", "preventief", "vroegsignalering", "voorliggend"),
    "demedicaliseren": ("demedicaliser", "medicaliser", "normaliser"),
    "wijkgericht-werken": ("wijkgericht", "wijkteam", "in de wijk", "buurt"),
    "jeugdhulp-en-onderwijs": ("onderwijs", "school", "scholen", "leerplicht"),
    "zo-thuis-mogelijk": ("zo thuis mogelijk", "thuis wonen", "gezinshuis", "gezinsgericht"),
    "complexe-casuistiek": (
        "complexe casuïstiek",
        "complexe casu",
        "complexe situatie",
        "escalatie",
    ),
    "integreren-en-ontschotten": ("ontschot", "integraal", "domeinoverstijgend", "18-/18+", "18+"),
}

ROUTE5_WORDS = ("leren en verbeteren", "monitor", "evaluatie", "lerend", "dashboard")

# A guess needs this much evidence: a match in the title counts three times.
THRESHOLD = 3


@dataclass
class Proposal:
    """Guessed agreements, themes and route, each with the words that matched."""

    afspraken: dict[int, list[str]] = field(default_factory=dict)
    themas: dict[str, list[str]] = field(default_factory=dict)
    route: int | None = None
    route_bewijs: list[str] = field(default_factory=list)


def _pattern(stem: str) -> re.Pattern:
    return re.compile(r"(?<![\w])" + re.escape(stem) + r"\w*", re.IGNORECASE)


_PATTERNS: dict[str, re.Pattern] = {}


def _tally(words: tuple[str, ...], title: str, text: str) -> tuple[int, int, list[str]]:
    """Score (a title match counts three times), the evidence's weight (distinct stems, a
    stem in the title counting two) and the evidence."""
    score = 0
    weight = 0
    bewijs: Counter[str] = Counter()
    for stem in words:
        pattern = _PATTERNS.setdefault(stem, _pattern(stem))
        in_title = len(pattern.findall(title))
        in_text = len(pattern.findall(text))
        if in_title or in_text:
            score += 3 * in_title + in_text
            weight += 2 if in_title else 1
            bewijs[stem] += in_title + in_text
    return score, weight, [f"{w} ({n}x)" if n > 1 else w for w, n in bewijs.most_common(4)]


def _choose(table: dict, title: str, text: str) -> dict:
    """The keys with enough evidence: over the threshold with two different words (or one in
    the title), and at least half the score of the best one (a text mentions other subjects
    in passing)."""
    threshold = max(THRESHOLD, len(text.split()) // 150)
    scores = {}
    for key, words in table.items():
        score, different, bewijs = _tally(words, title, text)
        if score >= threshold and different >= 2:
            scores[key] = (score, bewijs)
    if not scores:
        return {}
    best = max(score for score, _ in scores.values())
    return {k: bewijs for k, (score, bewijs) in scores.items() if 2 * score >= best}


def raad(title: str, text: str) -> Proposal:
    """The agreements and themes a block's title and text seem to address."""
    proposal = Proposal()
    proposal.afspraken = _choose(AFSPRAAK_WORDS, title, text)
    proposal.themas = _choose(THEMA_WORDS, title, text)
    routes = {
        route
        for route, (_, numbers) in nvo.ROUTES.items()
        for number in proposal.afspraken
        if number in numbers
    }
    if len(routes) == 1:
        proposal.route = routes.pop()
    elif not routes:
        score, different, bewijs = _tally(ROUTE5_WORDS, title, text)
        if score >= THRESHOLD and different >= 2:
            proposal.route, proposal.route_bewijs = 5, bewijs
    return proposal
