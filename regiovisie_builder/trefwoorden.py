"""Guess which NvO agreements and themes a text addresses, from the words it uses.

Used by ``regiovisie import`` to propose ``voorstel_afspraken`` / ``voorstel_themas`` for
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
AFSPRAAK_WOORDEN: dict[int, tuple[str, ...]] = {
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
        *(v for v in nvo.CRUCIALE_FUNCTIES.values() if len(v.split()) <= 3),
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

THEMA_WOORDEN: dict[str, tuple[str, ...]] = {
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

ROUTE5_WOORDEN = ("leren en verbeteren", "monitor", "evaluatie", "lerend", "dashboard")

# A guess needs this much evidence: a match in the title counts three times.
DREMPEL = 3


@dataclass
class Voorstel:
    """Guessed agreements, themes and route, each with the words that matched."""

    afspraken: dict[int, list[str]] = field(default_factory=dict)
    themas: dict[str, list[str]] = field(default_factory=dict)
    route: int | None = None
    route_bewijs: list[str] = field(default_factory=list)


def _patroon(stam: str) -> re.Pattern:
    return re.compile(r"(?<![\w])" + re.escape(stam) + r"\w*", re.IGNORECASE)


_PATRONEN: dict[str, re.Pattern] = {}


def _tel(woorden: tuple[str, ...], titel: str, tekst: str) -> tuple[int, int, list[str]]:
    """Score (a title match counts three times), the evidence's weight (distinct stems, a
    stem in the title counting two) and the evidence."""
    score = 0
    gewicht = 0
    bewijs: Counter[str] = Counter()
    for stam in woorden:
        patroon = _PATRONEN.setdefault(stam, _patroon(stam))
        in_titel = len(patroon.findall(titel))
        in_tekst = len(patroon.findall(tekst))
        if in_titel or in_tekst:
            score += 3 * in_titel + in_tekst
            gewicht += 2 if in_titel else 1
            bewijs[stam] += in_titel + in_tekst
    return score, gewicht, [f"{w} ({n}x)" if n > 1 else w for w, n in bewijs.most_common(4)]


def _kies(tabel: dict, titel: str, tekst: str) -> dict:
    """The keys with enough evidence: over the threshold with two different words (or one in
    the title), and at least half the score of the best one (a text mentions other subjects
    in passing)."""
    drempel = max(DREMPEL, len(tekst.split()) // 150)
    scores = {}
    for sleutel, woorden in tabel.items():
        score, verschillend, bewijs = _tel(woorden, titel, tekst)
        if score >= drempel and verschillend >= 2:
            scores[sleutel] = (score, bewijs)
    if not scores:
        return {}
    beste = max(score for score, _ in scores.values())
    return {k: bewijs for k, (score, bewijs) in scores.items() if 2 * score >= beste}


def raad(titel: str, tekst: str) -> Voorstel:
    """The agreements and themes a block's title and text seem to address."""
    voorstel = Voorstel()
    voorstel.afspraken = _kies(AFSPRAAK_WOORDEN, titel, tekst)
    voorstel.themas = _kies(THEMA_WOORDEN, titel, tekst)
    routes = {
        route
        for route, (_, nummers) in nvo.ROUTES.items()
        for nummer in voorstel.afspraken
        if nummer in nummers
    }
    if len(routes) == 1:
        voorstel.route = routes.pop()
    elif not routes:
        score, verschillend, bewijs = _tel(ROUTE5_WOORDEN, titel, tekst)
        if score >= DREMPEL and verschillend >= 2:
            voorstel.route, voorstel.route_bewijs = 5, bewijs
    return voorstel
