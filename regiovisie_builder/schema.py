"""The regio.yaml schema: one JSON Schema with a Dutch description on every field.

The same descriptions feed the validation messages, the user guide and editor completion
(``regiovisie schema`` prints it). Only ``regio.naam``, ``regio.gemeenten[].naam`` and the
``document`` keys are required; the agreement sections may be absent in an early draft.
"""

from __future__ import annotations

from regiovisie_builder import nvo


def _text(description: str, max_length: int | None = None) -> dict:
    schema = {"type": "string", "minLength": 1, "description": description}
    if max_length:
        # Word keeps these in document properties of at most 255 characters.
        schema["maxLength"] = max_length
    return schema


def _date(description: str) -> dict:
    return {"type": "string", "format": "date", "description": description}


def _yes_no(description: str) -> dict:
    return {"type": "boolean", "description": description}


def _choice(codes: dict[str, str], description: str) -> dict:
    return {"type": "string", "enum": list(codes), "description": description}


def _list(items: dict, description: str, **extra) -> dict:
    return {"type": "array", "items": items, "description": description, **extra}


def _object(properties: dict, description: str, required: tuple[str, ...] = ()) -> dict:
    # No other keys: a misspelt key is an error with "Bedoelt u …?", never silently ignored.
    schema = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
        "description": description,
    }
    if required:
        schema["required"] = list(required)
    return schema


def _budget(description: str) -> dict:
    """A budget table: a column per year, a row per item (``financien.begroting(en)``)."""
    return _object(
        {
            "titel": _text("Titel van de tabel."),
            "eenheid": _choice(
                {"euro": "euro", "duizend": "duizend euro"},
                "Bedragen in euro of in duizenden euro.",
            ),
            "nullen": _choice(
                {"nul": "€ 0", "leeg": "leeg vak", "streepje": "streepje"},
                "Hoe een bedrag van 0 in de tabel staat: als 0 (standaard), als leeg vak of "
                "als streepje.",
            ),
            "jaren": _list({"type": "integer"}, "De jaren (kolommen).", minItems=1),
            "posten": _list(
                _object(
                    {
                        "post": _text("Omschrijving."),
                        "bedragen": _list({"type": "number"}, "Een bedrag per jaar."),
                    },
                    "Een begrotingspost.",
                    required=("post", "bedragen"),
                ),
                "De begrotingsposten.",
                minItems=1,
            ),
        },
        description,
        required=("jaren", "posten"),
    )


_GEMEENTE = _object(
    {
        "naam": _text("Naam van de gemeente."),
        "inwoners": {"type": "integer", "minimum": 0, "description": "Aantal inwoners."},
        "adres": _text("Postadres van het gemeentehuis."),
        "portefeuillehouder": _text("Wethouder met jeugd in de portefeuille."),
        "kenmerk": _text(
            "Eigen kenmerk (zaaknummer) van de gemeente voor haar raadsvoorstel en raadsbesluit."
        ),
        "secretaris": _text("De gemeentesecretaris, die het raadsvoorstel mede ondertekent."),
        "aandeel": {
            "type": "number",
            "minimum": 0,
            "description": "Aandeel van de gemeente in de regionale kosten, in procenten "
            "(bij financien.verdeelsleutel: aandeel).",
        },
        "raad": _object(
            {
                "voorzitter": _text("Voorzitter van de raad (de burgemeester)."),
                "griffier": _text("Griffier van de raad."),
                "voorstel_datum": _date(
                    "Datum van het voorstel van burgemeester en wethouders aan de raad."
                ),
            },
            "Ondertekening van het raadsbesluit.",
        ),
        "vaststelling": _object(
            {
                "datum": _date("Datum van de raadsvergadering waarin de raad besluit."),
                "status": _choice(
                    nvo.ADOPTION_STATUSES,
                    "Stand van het raadsbesluit: gepland, vastgesteld, vastgesteld met "
                    "amendement, aangehouden of verworpen.",
                ),
            },
            "Vaststelling van de regiovisie door de gemeenteraad.",
        ),
    },
    "Een gemeente in de regio. Elke gemeenteraad stelt de regiovisie vast.",
    required=("naam",),
)

REGIO_SCHEMA: dict = _object(
    {
        "overgenomen": {
            "type": ["string", "array"],
            "pattern": "^alle$",
            "items": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
            "uniqueItems": True,
            "default": [],
            "description": "De standaardblokken die de regio als eigen tekst overneemt: "
            "'alle' of een lijst van blok-ids. Een standaardblok dat niet is overgenomen, "
            "telt niet mee in de toetsing en staat in een concept gemarkeerd als "
            "standaardtekst.",
        },
        "regio": _object(
            {
                "naam": _text("Naam van de jeugdregio.", 150),
                "code": _text("Korte code van de regio, bijvoorbeeld voor bestandsnamen."),
                "gemeenten": _list(_GEMEENTE, "Alle gemeenten van de regio.", minItems=1),
                "subregios": _list(_text("Naam van een subregio."), "Subregio's."),
            },
            "De jeugdregio en haar gemeenten.",
            required=("naam", "gemeenten"),
        ),
        "document": _object(
            {
                "soort": _choice(nvo.DOCUMENTSOORTEN, "Soort document."),
                "titel": _text("Titel op de voorkant.", 200),
                "ondertitel": _text("Ondertitel op de voorkant."),
                "kenmerk": _text("Kenmerk (documentnummer) in de voettekst.", 100),
                "versie": _text('Versienummer als tekst, bijvoorbeeld "0.9".'),
                "status": _choice(nvo.STATUSES, "Status van deze versie."),
                "datum": _date("Datum van deze versie."),
                "looptijd": _object(
                    {
                        "van": _date("Eerste dag van de looptijd."),
                        "tot": _date("Laatste dag van de looptijd."),
                    },
                    "Looptijd van de regiovisie.",
                    required=("van", "tot"),
                ),
                "opsteller": _text("Wie het document schreef, bijvoorbeeld een werkgroep.", 200),
                "website": {
                    **_text(
                        "Webadres (https://) waar de website (--formaat site) komt te staan; "
                        "nodig voor sitemap.xml."
                    ),
                    "pattern": r"^https://[^\s/?#@]+[^\s?#]*$",
                },
            },
            "Gegevens van het document zelf.",
            required=("soort", "titel", "kenmerk", "versie", "status", "datum", "looptijd"),
        ),
        "proces": _object(
            {
                "betrokkenen": _list(
                    _object(
                        {
                            "groep": _text(
                                "Groep: " + ", ".join(nvo.PARTICIPANTS) + " of een eigen naam."
                            ),
                            "wijze": _text("Hoe de groep betrokken was."),
                        },
                        "Een groep die meedacht.",
                        required=("groep",),
                    ),
                    "De groepen die betrokken waren en hoe.",
                ),
                "stappen": _list(
                    _object(
                        {
                            "stap": _choice(nvo.PROCESS_STEPS, "De processtap."),
                            "periode": _text("Wanneer, bijvoorbeeld 'jan-mrt 2021'."),
                            "toelichting": _text("Korte toelichting."),
                        },
                        "Een stap in het proces.",
                        required=("stap",),
                    ),
                    "De stappen van het proces (afspraak 1).",
                ),
                "besluitvorming": _text("Wie wanneer besluit."),
                "rollen": _text(
                    "Welke rol de gemeenten vooraf aan de partijen gaven in het proces."
                ),
                "opdracht": _object(
                    {
                        "datum": _date("Datum waarop de bestuurders het vaststelden."),
                        "door": _text("Wie het vaststelde, bijvoorbeeld het algemeen bestuur."),
                    },
                    "Het opdrachtdocument (de procesbeschrijving), vastgesteld voordat het "
                    "werk begon.",
                ),
            },
            "Afspraak 1: hoe de regiovisie tot stand kwam.",
        ),
        "inkoop": _object(
            {
                "model": _choice(nvo.PURCHASING_MODELS, "Het gekozen inkoopmodel."),
                "functies": {
                    "type": "object",
                    "properties": {
                        code: _choice(nvo.LEVELS, f"Niveau van {label}.")
                        for code, label in nvo.CRUCIAL_FUNCTIONS.items()
                    },
                    "additionalProperties": False,
                    "description": "Per cruciale functie het niveau waarop die wordt ingekocht.",
                },
                "eigen_functies": _list(
                    _object(
                        {
                            "functie": _text("Naam van de functie, bijvoorbeeld dagbehandeling."),
                            "niveau": _choice(nvo.LEVELS, "Niveau waarop die wordt ingekocht."),
                        },
                        "Een functie die de regio zelf aan de lijst toevoegt.",
                        required=("functie", "niveau"),
                    ),
                    "Eigen functies naast de cruciale functies, elk met een niveau.",
                ),
                "ontwikkeling": _text("Gewenste ontwikkeling van het zorglandschap."),
                "schaal_verandert": _yes_no(
                    "De schaal van samenwerking verandert met deze regiovisie. Zo ja, "
                    "beschrijf de gevolgen in inkoop.gevolgen."
                ),
                "gevolgen": _text("Gevolgen van een andere schaal van samenwerking."),
            },
            "Afspraak 2: inkoopmodel en cruciale functies.",
        ),
        "toegang": _object(
            {
                "basisfuncties": _list(
                    _choice(nvo.BASIC_FUNCTIONS, "Een basisfunctie."),
                    "De basisfuncties die de lokale teams vervullen.",
                    uniqueItems=True,
                ),
                "aansluiting": _text(
                    "Hoe de lokale toegang verbonden is met de gecontracteerde hulp."
                ),
                "huisarts": _text("Hoe de verwijzing door de huisarts aansluit."),
                "gi": _text("Hoe de gecertificeerde instellingen aansluiten."),
                "overige": _text("Andere verwijzers: medisch specialisten, rechters."),
            },
            "Afspraak 3: de lokale toegang.",
        ),
        "governance": _object(
            {
                "vorm": _text("Juridische vorm, bijvoorbeeld gemeenschappelijke regeling."),
                "meerjarig": _yes_no("De samenwerking is meerjarig."),
                "looptijd": _object(
                    {
                        "van": _date("Eerste dag van de samenwerking."),
                        "tot": _date("Laatste dag; laat leeg bij onbepaalde tijd."),
                    },
                    "Looptijd van de samenwerkingsafspraak (meer dan één jaar).",
                    required=("van",),
                ),
                "geformaliseerd": _yes_no("De samenwerking is op papier gezet en besloten."),
                "besluit": _text("Het besluit dat de samenwerking vastlegt: wie, wanneer."),
                "taakverdeling": _text("Taken, verantwoordelijkheden en mandaten."),
                "aanspreekpunt": _object(
                    {
                        "naam": _text("Naam."),
                        "functie": _text("Functie."),
                        "rol": _choice(
                            nvo.AANSPREEKPUNT_ROLES,
                            "bestuurlijk (een bestuurder) of ambtelijk; de norm vraagt "
                            "een bestuurlijk aanspreekpunt.",
                        ),
                    },
                    "Het bestuurlijk aanspreekpunt van de regio.",
                ),
            },
            "Afspraak 4: de regionale governance.",
        ),
        "bovenregionaal": _object(
            {
                "functies": _list(
                    _object(
                        {
                            "functie": _text("Cruciale functie (code) of eigen omschrijving."),
                            "samen_met": _list(_text("Regio."), "Samen met welke regio's."),
                            "criteria": _list(
                                _choice(nvo.CRITERIA, "Criterium."),
                                "Waarom bovenregionaal: " + ", ".join(nvo.CRITERIA) + ".",
                                uniqueItems=True,
                            ),
                            "toelichting": _text("Toelichting."),
                        },
                        "Een functie die de regio met andere regio's regelt.",
                        required=("functie",),
                    ),
                    "Bovenregionale functies.",
                ),
                "afspraken": _list(
                    _choice(nvo.SUPRA_REGIONAL_AFSPRAKEN, "Onderwerp."),
                    "Waarover de regio bij bovenregionale contractering afspraken maakt: "
                    + ", ".join(nvo.SUPRA_REGIONAL_AFSPRAKEN)
                    + ".",
                    uniqueItems=True,
                ),
                "accounthouder": _text("Accounthoudende regio en afspraken daarover."),
                "expertisecentrum": _text("Aansluiting op het expertisecentrum."),
            },
            "Afspraak 5: bovenregionale samenwerking.",
        ),
        "administratieve_lasten": _object(
            {
                "uitvoeringsvarianten": _list(
                    _choice(nvo.IMPLEMENTATION_VARIANTS, "Uitvoeringsvariant."),
                    "De uitvoeringsvarianten die de regio toepast.",
                    uniqueItems=True,
                ),
                "gelijke_contractvoorwaarden": _yes_no(
                    "Alle gemeenten hanteren dezelfde voorwaarden."
                ),
                "gezamenlijk_contractbeheer": _yes_no(
                    "De gemeenten doen het contractbeheer samen."
                ),
                "maatregelen": _list(_text("Maatregel."), "Andere maatregelen."),
            },
            "Afspraak 6: administratieve lasten beperken.",
        ),
        "contractering": _object(
            {
                "publicatie": _date("Publicatie van de aanbesteding."),
                "ondertekening": _date("Ondertekening van de contracten."),
                "ingang": _date("Ingangsdatum van de contracten."),
                "einde": _date("Laatste dag van de contracten."),
                "continuiteit": _text("Afspraken over continuïteit van zorg bij het einde."),
                "procedures": _list(
                    _object(
                        {
                            "naam": _text("Naam van de procedure, bijvoorbeeld 'ambulante hulp'."),
                            "publicatie": _date("Publicatie van de aanbesteding."),
                            "ondertekening": _date("Ondertekening van de contracten."),
                            "ingang": _date("Ingangsdatum van de contracten."),
                            "einde": _date("Laatste dag van de contracten."),
                        },
                        "Een inkoopprocedure met haar eigen data.",
                        required=("naam",),
                    ),
                    "Meer inkoopprocedures, elk met eigen data. De sleutels publicatie, "
                    "ondertekening, ingang en einde hierboven gelden dan als één procedure.",
                ),
                "evaluaties": _list(_text("Evaluatiemoment."), "Evaluatiemomenten."),
            },
            "Afspraak 7: zorgvuldigheidseisen bij de inkoop.",
        ),
        "tarieven": _object(
            {
                "kostprijselementen": _list(
                    _choice(nvo.COST_PRICE_ELEMENTS, "Kostprijselement."),
                    "De kostprijselementen in de tarieven.",
                    uniqueItems=True,
                ),
                "methoden": _list(
                    _choice(nvo.TARIFF_METHODS, "Methode."),
                    "De methoden om de tarieven te bepalen.",
                    uniqueItems=True,
                ),
                "cao_conform": _yes_no(
                    "De tarieven zijn hoog genoeg om de cao te volgen (reëel tarief)."
                ),
                "transparantie": _text("Hoe aanbieders laten zien hoe hun tarief is opgebouwd."),
                "fasen": _list(
                    _object(
                        {
                            "fase": _choice(nvo.TARIFF_PHASES, "De fase."),
                            "stand": _choice(nvo.PHASE_STATES, "gedaan, bezig of gepland."),
                            "periode": _text("Wanneer, bijvoorbeeld 'voorjaar 2026'."),
                        },
                        "Een fase van het tariefproces.",
                        required=("fase", "stand"),
                    ),
                    "De vijf fasen om tot een tarief te komen: "
                    + ", ".join(nvo.TARIFF_PHASES)
                    + ".",
                ),
                "toelichting": _text("Toelichting."),
            },
            "Afspraak 8: reële tarieven.",
        ),
        "financien": _object(
            {
                "verdeelsleutel": {
                    **_choice(
                        {"inwoners": "inwoners", "aandeel": "aandeel"},
                        "Hoe de regionale kosten over de gemeenten worden verdeeld: naar "
                        "inwoners, of naar het aandeel dat bij elke gemeente staat.",
                    ),
                    "default": "inwoners",
                },
                "begroting": _budget("Begroting per jaar."),
                "begrotingen": _list(
                    _budget("Een begrotingstabel."),
                    "Meer begrotingstabellen, elk met een eigen titel (naast of in plaats van "
                    "'begroting').",
                ),
            },
            "Financiën.",
        ),
        "opinienota": _object(
            {
                "versie": _text('Versie van de opinienota zelf, bijvoorbeeld "1.0".'),
                "status": _choice(nvo.STATUSES, "Status van de opinienota zelf."),
                "datum": _date("Datum van de opinienota; nodig bij een eigen status."),
                "per_gemeente": {
                    **_yes_no("Maak een opinienota per gemeente (anders één voor de regio)."),
                    "default": False,
                },
                "onderwerp": _text("Onderwerp van de opinienota, bovenaan de voorkant."),
                "portefeuillehouder": _text(
                    "Portefeuillehouder op het voorblad van de regionale nota (per gemeente: "
                    "de portefeuillehouder van die gemeente)."
                ),
                "kenmerk": _text(
                    "Eigen kenmerk van de opinienota (anders dat van het document).", 100
                ),
                "commissie": _text("De raadscommissie die de nota bespreekt."),
                "vergadering": _date("Datum van de commissievergadering."),
                "kernvraag": _text("De kernvraag aan de commissie."),
                "behandelvoorstel": _text("Hoe de commissie de nota het best kan bespreken."),
                "eerdere_besluiten": _list(
                    _object(
                        {
                            "omschrijving": _text("Wat er besloten is."),
                            "nummer": _text("Documentnummer van het besluit."),
                            "datum": _date("Datum van het besluit."),
                        },
                        "Een eerder besluit over dit onderwerp.",
                        required=("omschrijving",),
                    ),
                    "Relevante eerdere besluiten, met hun documentnummer.",
                ),
                "besluit_college": _object(
                    {
                        "datum": _date("Datum waarop het college de nota vaststelde."),
                        "secretaris": _text("De secretaris die het besluit ondertekent."),
                        "burgemeester": _text("De burgemeester die het besluit ondertekent."),
                    },
                    "Het besluit van het college over deze nota.",
                ),
            },
            "Opinienota: de voorkant voor de raadscommissie (kernvraag, behandelvoorstel, "
            "eerdere besluiten, besluit college).",
        ),
        "consultatie": _object(
            {
                "reageren_tot": _date("Laatste dag om te reageren."),
                "wijze": _text("Hoe lezers kunnen reageren."),
                "contact": _text("Contactpersoon of adres."),
                "formulier": {
                    **_text(
                        "Webadres (https://) van het reactieformulier. {paragraaf} en {versie} "
                        "in het adres worden per paragraaf ingevuld."
                    ),
                    "pattern": r"^https://[^\s/?#@]+[^\s]*$",
                },
                "email": {
                    **_text("E-mailadres waarop lezers kunnen reageren."),
                    "pattern": r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$",
                },
                "adres": _text("Postadres voor reacties per brief."),
            },
            "De consultatieronde.",
        ),
    },
    "regio.yaml: gegevens van de regio en het document.",
    required=("regio", "document"),
)


def _soort(schema: dict) -> str:
    if schema.get("format") == "date":
        return "datum (JJJJ-MM-DD)"
    if schema.get("type") == ["string", "array"]:
        return "`alle` of een lijst van blok-ids"
    if "enum" in schema:
        return "één van: " + ", ".join(f"`{w}`" for w in schema["enum"])
    if schema.get("type") == "array":
        return "lijst van " + _soort(schema.get("items", {})).replace("één van", "elk één van")
    return {
        "string": "tekst",
        "boolean": "`true` of `false`",
        "integer": "geheel getal",
        "number": "getal",
        "object": "groep sleutels",
    }.get(schema.get("type", ""), "")


def _rows(schema: dict, path: str, required: bool, out: list[str]) -> None:
    if path:
        character = " (verplicht)" if required else ""
        description = schema.get("description", "")
        out.append(f"| `{path}`{character} | {_soort(schema)} | {description} |")
    items = schema.get("items", {})
    if schema.get("type") == "array" and items.get("type") == "object":
        for name, below in items.get("properties", {}).items():
            _rows(below, f"{path}[].{name}", name in items.get("required", []), out)
    for name, below in schema.get("properties", {}).items():
        _rows(below, f"{path}.{name}" if path else name, name in schema.get("required", []), out)


def as_markdown() -> str:
    """Every key of regio.yaml as a Markdown table: key, kind of value, description."""
    lines = ["| sleutel | waarde | betekenis |", "| --- | --- | --- |"]
    _rows(REGIO_SCHEMA, "", True, lines)
    return "\n".join(lines) + "\n"
