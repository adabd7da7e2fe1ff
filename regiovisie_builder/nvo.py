"""The Norm voor Opdrachtgeverschap as data: agreements, routes, themes and code lists.

This is the toolkit's own copy of the domain rules (see SPEC: never load the domain brief at
run time). The schema, the Jinja ``description`` filter and the checklist all read from here,
so a code value and its Dutch label are defined exactly once.
"""

from __future__ import annotations

AFSPRAKEN: dict[int, str] = {
    1: "Regiovisie: proces",
    2: "Regiovisie: inhoud",
    3: "Toegang",
    4: "Regionale governance",
    5: "Bovenregionale samenwerking",
    6: "Administratieve lasten",
    7: "Zorgvuldigheidseisen bij inkoop",
    8: "Reële tarieven",
}

ROUTES: dict[int, tuple[str, tuple[int, ...]]] = {
    1: ("Regiovisie (proces)", (1,)),
    2: ("Regiovisie (inhoud, toegang, governance, bovenregionaal)", (2, 3, 4, 5)),
    3: ("Administratieve lasten", (6,)),
    4: ("Opdrachtgeverschap (zorgvuldigheid, reële tarieven)", (7, 8)),
    5: ("Leren en verbeteren", ()),
}

THEMAS: dict[str, str] = {
    "preventie": "Preventie en vroegsignalering",
    "demedicaliseren": "Demedicaliseren",
    "wijkgericht-werken": "Wijkgericht werken",
    "jeugdhulp-en-onderwijs": "Jeugdhulp en onderwijs",
    "zo-thuis-mogelijk": "Zo thuis mogelijk",
    "complexe-casuistiek": "Beter omgaan met complexe casuïstiek",
    "integreren-en-ontschotten": "Integreren en ontschotten van gespecialiseerde hulp",
}

PURCHASING_MODELS: dict[str, str] = {
    "lokaal_tenzij": "lokaal, tenzij",
    "regionaal": "regionaal",
    "regionaal_tenzij": "regionaal, tenzij",
}

LEVELS: dict[str, str] = {
    "lokaal": "lokaal",
    "regionaal": "regionaal",
    "bovenregionaal": "bovenregionaal",
    "landelijk": "landelijk",
}

CRUCIAL_FUNCTIONS: dict[str, str] = {
    "jeugdbescherming_jeugdreclassering": "jeugdbescherming en jeugdreclassering",
    "gesloten_jeugdhulp": "gesloten jeugdhulp",
    "orthopedagogische_behandelcentra": "zorg in orthopedagogische behandelcentra",
    "verplichte_ggz": "verplichte ggz voor jongeren (Wvggz)",
    "pleegzorg": "pleegzorg",
    "verslavingszorg": "verslavingszorg voor jongeren",
    "forensische_zorg": "forensische zorg",
    "lta": "landelijk ingekochte zorg (LTA)",
}

# The six groups afspraak 1 names; other groups may be listed as well.
REQUIRED_PARTICIPANTS: dict[str, str] = {
    "aanbieders": "aanbieders",
    "gecertificeerde_instellingen": "gecertificeerde instellingen",
    "veilig_thuis": "Veilig Thuis",
    "professionals": "professionals",
    "jongeren_en_ouders": "jongeren en ouders",
    "ketenpartners": "ketenpartners",
}
PARTICIPANTS: dict[str, str] = {
    **REQUIRED_PARTICIPANTS,
    "onderwijs": "onderwijs",
    "huisartsen": "huisartsen",
    "gemeenteraden": "gemeenteraden",
    "colleges": "colleges van B en W",
}

PROCESS_STEPS: dict[str, str] = {
    "procesbeschrijving": "procesbeschrijving",
    "inventarisatie": "inventarisatie",
    "schrijven": "schrijven",
    "consulteren": "consulteren",
    "vaststellen": "vaststellen",
}

BASIC_FUNCTIONS: dict[str, str] = {
    "veilige_leefomgeving": "oog houden voor een veilige leefomgeving",
    "aanwezig_bij_doelgroep": "aanwezig zijn waar jeugdigen en gezinnen zijn",
    "bereikbaar_en_aanspreekbaar": "bereikbaar en aanspreekbaar zijn",
    "brede_blik": "werken met een brede blik",
    "leren_en_verbeteren": "inzichten verzamelen, leren en verbeteren",
}

CRITERIA: dict[str, str] = {
    "schaal": "schaal",
    "personeel": "personeel",
    "kennis": "kennis",
    "innovatie": "innovatie",
}

IMPLEMENTATION_VARIANTS: dict[str, str] = {
    "inspanningsgericht": "inspanningsgericht",
    "outputgericht": "outputgericht",
    "taakgericht": "taakgericht",
}

COST_PRICE_ELEMENTS: dict[str, str] = {
    "personeel": "personeelskosten",
    "niet_productieve_uren": "niet-productieve uren",
    "reis_en_opleiding": "reis- en opleidingskosten",
    "overhead": "overhead",
    "gemeentelijke_verplichtingen": "kosten van gemeentelijke verplichtingen",
    "huisvesting": "huisvesting en verblijf",
    "verzorging": "verzorging",
    "indexatie": "indexatie",
}

TARIFF_METHODS: dict[str, str] = {
    "kostenonderzoek": "kostprijsonderzoek",
    "dialoog": "dialoog met aanbieders",
    "referentiecijfers": "referentiecijfers",
}

DOCUMENTSOORTEN: dict[str, str] = {
    "regiovisie": "regiovisie",
    "opinienota": "opinienota",
    "ontwikkelagenda": "ontwikkelagenda",
    "verwervingsstrategie": "verwervingsstrategie",
}

STATUSES: dict[str, str] = {
    "concept": "concept",
    "consultatie": "consultatieversie",
    "definitief": "definitief",
    "vastgesteld": "vastgesteld",
}
# Statuses in which a document is still a draft and carries a CONCEPT marking.
CONCEPT_STATUSES = frozenset({"concept", "consultatie"})
# Final statuses: no open points, a failed check is refused, the council documents and a
# PDF are made without being asked.
FINISHED_STATUSES = ("definitief", "vastgesteld")

ADOPTION_STATUSES: dict[str, str] = {
    "gepland": "gepland",
    "vastgesteld": "vastgesteld",
    "vastgesteld_met_amendement": "vastgesteld met amendement",
    "aangehouden": "aangehouden",
    "verworpen": "verworpen",
}
# Council decisions that count as adoption of the regiovisie.
VASTGESTELD = frozenset({"vastgesteld", "vastgesteld_met_amendement"})

# The crucial functions a region buys itself; LTA is on the list but bought nationally.
REGIONAL_BOUGHT: dict[str, str] = {
    code: name for code, name in CRUCIAL_FUNCTIONS.items() if code != "lta"
}

AANSPREEKPUNT_ROLES: dict[str, str] = {"bestuurlijk": "bestuurlijk", "ambtelijk": "ambtelijk"}

# The five phases of setting a realistic tariff; the routekaart says all must be gone through.
TARIFF_PHASES: dict[str, str] = {
    "reikwijdte": "informatiebehoefte en reikwijdte bepalen",
    "uitvraag": "uitvraag en validatie",
    "analyse": "analyse en duiding met aanbieders",
    "rapportage": "transparante rapportage",
    "vaststelling": "vaststelling van het tarief door de gemeente(n)",
}
PHASE_STATES: dict[str, str] = {"gedaan": "gedaan", "bezig": "bezig", "gepland": "gepland"}

# The topics of supra-regional contracting the routekaart names (as a list to choose from).
SUPRA_REGIONAL_AFSPRAKEN: dict[str, str] = {
    "inhoudelijke_doelen": "commitment op inhoudelijke doelen",
    "beweging_aanbieders": "afspraken over de gewenste beweging van aanbieders",
    "beperkt_aantal_aanbieders": "een beperkt aantal aanbieders",
    "passende_financiering": "passende financiering",
    "vast_aanspreekpunt": "een vast aanspreekpunt voor de aanbieders",
    "monitoring": "monitoring en sturing op de afgesproken ontwikkeling",
    "aansluiting": "aansluiting op de expertisecentra en de lokale voorzieningen",
}

# Values that fill a field without saying anything: they count as not filled in.
PLACEHOLDERS = frozenset(
    {
        "n.v.t.", "nvt", "n.v.t", "nvt.", "niet van toepassing", "-", "--", "x", "xx", "xxx",
        "volgt", "volgt later", "volgt nog", "pm", "p.m.", "p.m", "tbd", "nnb", "n.n.b.",
        "nader te bepalen", "nog in te vullen", "in te vullen", "nog niet bekend", "onbekend",
        "...", "?", "todo", "ntb", "n.t.b.", "zie boven", "zie elders", "idem", "nee", "ja",
    }
)  # fmt: skip

# The date from which the norm's publication deadline applies: 1 April 2021, i.e. contracts
# that start on or after 1 January 2022 (the routekaart: "vanaf 2021 voor 1 april").
PUBLICATION_FROM_INGANG = (2022, 1, 1)
# The lead time the reading of "vóór 1 april" gives for a start on 1 January: nine months.
PUBLICATION_MONTHS = 9
SIGNING_MONTHS = 3
MINIMAL_CONTRACT_YEARS = 3

# What the check cannot read from data: per agreement, the routekaart's criteria that only
# the prose can answer. The annex lists them with the paragraphs to read.
PROSE_CRITERIA: dict[int, tuple[str, ...]] = {
    1: ("raadsleden zijn tijdens de consultatie gepolst",),
    2: (
        "de inhoudelijke thema's (voorbeelden) komen aan bod",
        "de vorm volgt de visie",
        "passend onderwijs en Veilig Thuis vragen een regionale schaal",
    ),
    3: (
        "de onderwerpen van de aansluiting: informatie over gecontracteerde partijen, "
        "specialisten voor preventie en consultatie, waar de toegang eindigt, complexe "
        "casussen, terugkoppeling naar het contractmanagement",
    ),
    4: ("de transformatiedoelen zijn vooraf samen met aanbieders geformuleerd",),
    5: (
        "de verbinding met het lokale veld en vaste aanspreekpunten",
        "eerst een analyse, daarna gesprekken met aanbieders",
        "de afspraken zijn strategisch van aard, niet alleen productieafspraken",
    ),
    6: ("andere maatregelen: werkprocessen met aanbieders doorlopen, KPI's samen opstellen",),
    7: ("de Zeven Goede Gewoonten",),
    8: (
        "een vergoeding voor een systeemfunctie",
        "op tijd beginnen met het tariefproces",
        "wat er gevraagd wordt: intensiteit, opleidingsniveau, groepsgrootte",
    ),
}

# Every code list whose labels the ``description`` filter knows. Later lists win on clashes,
# which only happens for codes whose label is the same word anyway.
DESCRIPTIONS: dict[str, str] = {
    **STATUSES,
    **ADOPTION_STATUSES,
    **DOCUMENTSOORTEN,
    **TARIFF_METHODS,
    **IMPLEMENTATION_VARIANTS,
    **BASIC_FUNCTIONS,
    **PROCESS_STEPS,
    **PARTICIPANTS,
    **LEVELS,
    **PURCHASING_MODELS,
    **CRUCIAL_FUNCTIONS,
    **THEMAS,
    **COST_PRICE_ELEMENTS,
    **CRITERIA,  # "personeel" reads as the criterion; as a cost element it is still clear
    **AANSPREEKPUNT_ROLES,
    **TARIFF_PHASES,
    **PHASE_STATES,
    **SUPRA_REGIONAL_AFSPRAKEN,
}

# Named code lists, for ``omschrijving(code, lijst)`` when a code is ambiguous.
CODE_LISTS: dict[str, dict[str, str]] = {
    "status": STATUSES,
    "documentsoort": DOCUMENTSOORTEN,
    "methode": TARIFF_METHODS,
    "uitvoeringsvariant": IMPLEMENTATION_VARIANTS,
    "criterium": CRITERIA,
    "basisfunctie": BASIC_FUNCTIONS,
    "stap": PROCESS_STEPS,
    "groep": PARTICIPANTS,
    "niveau": LEVELS,
    "inkoopmodel": PURCHASING_MODELS,
    "functie": CRUCIAL_FUNCTIONS,
    "thema": THEMAS,
    "kostprijselement": COST_PRICE_ELEMENTS,
    "vaststelling": ADOPTION_STATUSES,
    "rol": AANSPREEKPUNT_ROLES,
    "fase": TARIFF_PHASES,
    "stand": PHASE_STATES,
    "bovenregionale_afspraak": SUPRA_REGIONAL_AFSPRAKEN,
}
