"""The regio.yaml schema: one JSON Schema with a Dutch description on every field.

The same descriptions feed the validation messages, the user guide and editor completion
(``regiovisie schema`` prints it). Only ``regio.naam``, ``regio.gemeenten[].naam`` and the
``document`` keys are required; the agreement sections may be absent in an early draft.
"""

from __future__ import annotations

from regiovisie_builder import nvo


def _tekst(beschrijving: str, max_lengte: int | None = None) -> dict:
    schema = {"type": "string", "minLength": 1, "description": beschrijving}
    if max_lengte:
        # Word keeps these in document properties of at most 255 characters.
        schema["maxLength"] = max_lengte
    return schema


def _datum(beschrijving: str) -> dict:
    return {"type": "string", "format": "date", "description": beschrijving}


def _ja_nee(beschrijving: str) -> dict:
    return {"type": "boolean", "description": beschrijving}


def _keuze(codes: dict[str, str], beschrijving: str) -> dict:
    return {"type": "string", "enum": list(codes), "description": beschrijving}


def _lijst(items: dict, beschrijving: str, **extra) -> dict:
    return {"type": "array", "items": items, "description": beschrijving, **extra}


def _object(eigenschappen: dict, beschrijving: str, verplicht: tuple[str, ...] = ()) -> dict:
    # No other keys: a misspelt key is an error with "Bedoelt u …?", never silently ignored.
    schema = {
        "type": "object",
        "properties": eigenschappen,
        "additionalProperties": False,
        "description": beschrijving,
    }
    if verplicht:
        schema["required"] = list(verplicht)
    return schema


def _begroting(beschrijving: str) -> dict:
    """A budget table: a column per year, a row per item (``financien.begroting(en)``)."""
    return _object(
        {
            "titel": _tekst("Titel van de tabel."),
            "eenheid": _keuze(
                {"euro": "euro", "duizend": "duizend euro"},
                "Bedragen in euro of in duizenden euro.",
            ),
            "nullen": _keuze(
                {"nul": "€ 0", "leeg": "leeg vak", "streepje": "streepje"},
                "Hoe een bedrag van 0 in de tabel staat: als 0 (standaard), als leeg vak of "
                "als streepje.",
            ),
            "jaren": _lijst({"type": "integer"}, "De jaren (kolommen).", minItems=1),
            "posten": _lijst(
                _object(
                    {
                        "post": _tekst("Omschrijving."),
                        "bedragen": _lijst({"type": "number"}, "Een bedrag per jaar."),
                    },
                    "Een begrotingspost.",
                    verplicht=("post", "bedragen"),
                ),
                "De begrotingsposten.",
                minItems=1,
            ),
        },
        beschrijving,
        verplicht=("jaren", "posten"),
    )


_GEMEENTE = _object(
    {
        "naam": _tekst("Naam van de gemeente."),
        "inwoners": {"type": "integer", "minimum": 0, "description": "Aantal inwoners."},
        "adres": _tekst("Postadres van het gemeentehuis."),
        "portefeuillehouder": _tekst("Wethouder met jeugd in de portefeuille."),
        "kenmerk": _tekst(
            "Eigen kenmerk (zaaknummer) van de gemeente voor haar raadsvoorstel en raadsbesluit."
        ),
        "secretaris": _tekst("De gemeentesecretaris, die het raadsvoorstel mede ondertekent."),
        "aandeel": {
            "type": "number",
            "minimum": 0,
            "description": "Aandeel van de gemeente in de regionale kosten, in procenten "
            "(bij financien.verdeelsleutel: aandeel).",
        },
        "raad": _object(
            {
                "voorzitter": _tekst("Voorzitter van de raad (de burgemeester)."),
                "griffier": _tekst("Griffier van de raad."),
                "voorstel_datum": _datum(
                    "Datum van het voorstel van burgemeester en wethouders aan de raad."
                ),
            },
            "Ondertekening van het raadsbesluit.",
        ),
        "vaststelling": _object(
            {
                "datum": _datum("Datum van de raadsvergadering waarin de raad besluit."),
                "status": _keuze(
                    nvo.VASTSTELLINGSSTATUSSEN,
                    "Stand van het raadsbesluit: gepland, vastgesteld, vastgesteld met "
                    "amendement, aangehouden of verworpen.",
                ),
            },
            "Vaststelling van de regiovisie door de gemeenteraad.",
        ),
    },
    "Een gemeente in de regio. Elke gemeenteraad stelt de regiovisie vast.",
    verplicht=("naam",),
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
                "naam": _tekst("Naam van de jeugdregio.", 150),
                "code": _tekst("Korte code van de regio, bijvoorbeeld voor bestandsnamen."),
                "gemeenten": _lijst(_GEMEENTE, "Alle gemeenten van de regio.", minItems=1),
                "subregios": _lijst(_tekst("Naam van een subregio."), "Subregio's."),
            },
            "De jeugdregio en haar gemeenten.",
            verplicht=("naam", "gemeenten"),
        ),
        "document": _object(
            {
                "soort": _keuze(nvo.DOCUMENTSOORTEN, "Soort document."),
                "titel": _tekst("Titel op de voorkant.", 200),
                "ondertitel": _tekst("Ondertitel op de voorkant."),
                "kenmerk": _tekst("Kenmerk (documentnummer) in de voettekst.", 100),
                "versie": _tekst('Versienummer als tekst, bijvoorbeeld "0.9".'),
                "status": _keuze(nvo.STATUSSEN, "Status van deze versie."),
                "datum": _datum("Datum van deze versie."),
                "looptijd": _object(
                    {
                        "van": _datum("Eerste dag van de looptijd."),
                        "tot": _datum("Laatste dag van de looptijd."),
                    },
                    "Looptijd van de regiovisie.",
                    verplicht=("van", "tot"),
                ),
                "opsteller": _tekst("Wie het document schreef, bijvoorbeeld een werkgroep.", 200),
                "website": {
                    **_tekst(
                        "Webadres (https://) waar de website (--formaat site) komt te staan; "
                        "nodig voor sitemap.xml."
                    ),
                    "pattern": r"^https://[^\s/?#@]+[^\s?#]*$",
                },
            },
            "Gegevens van het document zelf.",
            verplicht=("soort", "titel", "kenmerk", "versie", "status", "datum", "looptijd"),
        ),
        "proces": _object(
            {
                "betrokkenen": _lijst(
                    _object(
                        {
                            "groep": _tekst(
                                "Groep: " + ", ".join(nvo.BETROKKENEN) + " of een eigen naam."
                            ),
                            "wijze": _tekst("Hoe de groep betrokken was."),
                        },
                        "Een groep die meedacht.",
                        verplicht=("groep",),
                    ),
                    "De groepen die betrokken waren en hoe.",
                ),
                "stappen": _lijst(
                    _object(
                        {
                            "stap": _keuze(nvo.PROCESSTAPPEN, "De processtap."),
                            "periode": _tekst("Wanneer, bijvoorbeeld 'jan-mrt 2021'."),
                            "toelichting": _tekst("Korte toelichting."),
                        },
                        "Een stap in het proces.",
                        verplicht=("stap",),
                    ),
                    "De stappen van het proces (afspraak 1).",
                ),
                "besluitvorming": _tekst("Wie wanneer besluit."),
                "rollen": _tekst(
                    "Welke rol de gemeenten vooraf aan de partijen gaven in het proces."
                ),
                "opdracht": _object(
                    {
                        "datum": _datum("Datum waarop de bestuurders het vaststelden."),
                        "door": _tekst("Wie het vaststelde, bijvoorbeeld het algemeen bestuur."),
                    },
                    "Het opdrachtdocument (de procesbeschrijving), vastgesteld voordat het "
                    "werk begon.",
                ),
            },
            "Afspraak 1: hoe de regiovisie tot stand kwam.",
        ),
        "inkoop": _object(
            {
                "model": _keuze(nvo.INKOOPMODELLEN, "Het gekozen inkoopmodel."),
                "functies": {
                    "type": "object",
                    "properties": {
                        code: _keuze(nvo.NIVEAUS, f"Niveau van {label}.")
                        for code, label in nvo.CRUCIALE_FUNCTIES.items()
                    },
                    "additionalProperties": False,
                    "description": "Per cruciale functie het niveau waarop die wordt ingekocht.",
                },
                "eigen_functies": _lijst(
                    _object(
                        {
                            "functie": _tekst("Naam van de functie, bijvoorbeeld dagbehandeling."),
                            "niveau": _keuze(nvo.NIVEAUS, "Niveau waarop die wordt ingekocht."),
                        },
                        "Een functie die de regio zelf aan de lijst toevoegt.",
                        verplicht=("functie", "niveau"),
                    ),
                    "Eigen functies naast de cruciale functies, elk met een niveau.",
                ),
                "ontwikkeling": _tekst("Gewenste ontwikkeling van het zorglandschap."),
                "schaal_verandert": _ja_nee(
                    "De schaal van samenwerking verandert met deze regiovisie. Zo ja, "
                    "beschrijf de gevolgen in inkoop.gevolgen."
                ),
                "gevolgen": _tekst("Gevolgen van een andere schaal van samenwerking."),
            },
            "Afspraak 2: inkoopmodel en cruciale functies.",
        ),
        "toegang": _object(
            {
                "basisfuncties": _lijst(
                    _keuze(nvo.BASISFUNCTIES, "Een basisfunctie."),
                    "De basisfuncties die de lokale teams vervullen.",
                    uniqueItems=True,
                ),
                "aansluiting": _tekst(
                    "Hoe de lokale toegang verbonden is met de gecontracteerde hulp."
                ),
                "huisarts": _tekst("Hoe de verwijzing door de huisarts aansluit."),
                "gi": _tekst("Hoe de gecertificeerde instellingen aansluiten."),
                "overige": _tekst("Andere verwijzers: medisch specialisten, rechters."),
            },
            "Afspraak 3: de lokale toegang.",
        ),
        "governance": _object(
            {
                "vorm": _tekst("Juridische vorm, bijvoorbeeld gemeenschappelijke regeling."),
                "meerjarig": _ja_nee("De samenwerking is meerjarig."),
                "looptijd": _object(
                    {
                        "van": _datum("Eerste dag van de samenwerking."),
                        "tot": _datum("Laatste dag; laat leeg bij onbepaalde tijd."),
                    },
                    "Looptijd van de samenwerkingsafspraak (meer dan één jaar).",
                    verplicht=("van",),
                ),
                "geformaliseerd": _ja_nee("De samenwerking is op papier gezet en besloten."),
                "besluit": _tekst("Het besluit dat de samenwerking vastlegt: wie, wanneer."),
                "taakverdeling": _tekst("Taken, verantwoordelijkheden en mandaten."),
                "aanspreekpunt": _object(
                    {
                        "naam": _tekst("Naam."),
                        "functie": _tekst("Functie."),
                        "rol": _keuze(
                            nvo.AANSPREEKPUNT_ROLLEN,
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
                "functies": _lijst(
                    _object(
                        {
                            "functie": _tekst("Cruciale functie (code) of eigen omschrijving."),
                            "samen_met": _lijst(_tekst("Regio."), "Samen met welke regio's."),
                            "criteria": _lijst(
                                _keuze(nvo.CRITERIA, "Criterium."),
                                "Waarom bovenregionaal: " + ", ".join(nvo.CRITERIA) + ".",
                                uniqueItems=True,
                            ),
                            "toelichting": _tekst("Toelichting."),
                        },
                        "Een functie die de regio met andere regio's regelt.",
                        verplicht=("functie",),
                    ),
                    "Bovenregionale functies.",
                ),
                "afspraken": _lijst(
                    _keuze(nvo.BOVENREGIONALE_AFSPRAKEN, "Onderwerp."),
                    "Waarover de regio bij bovenregionale contractering afspraken maakt: "
                    + ", ".join(nvo.BOVENREGIONALE_AFSPRAKEN)
                    + ".",
                    uniqueItems=True,
                ),
                "accounthouder": _tekst("Accounthoudende regio en afspraken daarover."),
                "expertisecentrum": _tekst("Aansluiting op het expertisecentrum."),
            },
            "Afspraak 5: bovenregionale samenwerking.",
        ),
        "administratieve_lasten": _object(
            {
                "uitvoeringsvarianten": _lijst(
                    _keuze(nvo.UITVOERINGSVARIANTEN, "Uitvoeringsvariant."),
                    "De uitvoeringsvarianten die de regio toepast.",
                    uniqueItems=True,
                ),
                "gelijke_contractvoorwaarden": _ja_nee(
                    "Alle gemeenten hanteren dezelfde voorwaarden."
                ),
                "gezamenlijk_contractbeheer": _ja_nee(
                    "De gemeenten doen het contractbeheer samen."
                ),
                "maatregelen": _lijst(_tekst("Maatregel."), "Andere maatregelen."),
            },
            "Afspraak 6: administratieve lasten beperken.",
        ),
        "contractering": _object(
            {
                "publicatie": _datum("Publicatie van de aanbesteding."),
                "ondertekening": _datum("Ondertekening van de contracten."),
                "ingang": _datum("Ingangsdatum van de contracten."),
                "einde": _datum("Laatste dag van de contracten."),
                "continuiteit": _tekst("Afspraken over continuïteit van zorg bij het einde."),
                "procedures": _lijst(
                    _object(
                        {
                            "naam": _tekst("Naam van de procedure, bijvoorbeeld 'ambulante hulp'."),
                            "publicatie": _datum("Publicatie van de aanbesteding."),
                            "ondertekening": _datum("Ondertekening van de contracten."),
                            "ingang": _datum("Ingangsdatum van de contracten."),
                            "einde": _datum("Laatste dag van de contracten."),
                        },
                        "Een inkoopprocedure met haar eigen data.",
                        verplicht=("naam",),
                    ),
                    "Meer inkoopprocedures, elk met eigen data. De sleutels publicatie, "
                    "ondertekening, ingang en einde hierboven gelden dan als één procedure.",
                ),
                "evaluaties": _lijst(_tekst("Evaluatiemoment."), "Evaluatiemomenten."),
            },
            "Afspraak 7: zorgvuldigheidseisen bij de inkoop.",
        ),
        "tarieven": _object(
            {
                "kostprijselementen": _lijst(
                    _keuze(nvo.KOSTPRIJSELEMENTEN, "Kostprijselement."),
                    "De kostprijselementen in de tarieven.",
                    uniqueItems=True,
                ),
                "methoden": _lijst(
                    _keuze(nvo.TARIEFMETHODEN, "Methode."),
                    "De methoden om de tarieven te bepalen.",
                    uniqueItems=True,
                ),
                "cao_conform": _ja_nee(
                    "De tarieven zijn hoog genoeg om de cao te volgen (reëel tarief)."
                ),
                "transparantie": _tekst("Hoe aanbieders laten zien hoe hun tarief is opgebouwd."),
                "fasen": _lijst(
                    _object(
                        {
                            "fase": _keuze(nvo.TARIEFFASEN, "De fase."),
                            "stand": _keuze(nvo.FASESTANDEN, "gedaan, bezig of gepland."),
                            "periode": _tekst("Wanneer, bijvoorbeeld 'voorjaar 2026'."),
                        },
                        "Een fase van het tariefproces.",
                        verplicht=("fase", "stand"),
                    ),
                    "De vijf fasen om tot een tarief te komen: " + ", ".join(nvo.TARIEFFASEN) + ".",
                ),
                "toelichting": _tekst("Toelichting."),
            },
            "Afspraak 8: reële tarieven.",
        ),
        "financien": _object(
            {
                "verdeelsleutel": {
                    **_keuze(
                        {"inwoners": "inwoners", "aandeel": "aandeel"},
                        "Hoe de regionale kosten over de gemeenten worden verdeeld: naar "
                        "inwoners, of naar het aandeel dat bij elke gemeente staat.",
                    ),
                    "default": "inwoners",
                },
                "begroting": _begroting("Begroting per jaar."),
                "begrotingen": _lijst(
                    _begroting("Een begrotingstabel."),
                    "Meer begrotingstabellen, elk met een eigen titel (naast of in plaats van "
                    "'begroting').",
                ),
            },
            "Financiën.",
        ),
        "opinienota": _object(
            {
                "versie": _tekst('Versie van de opinienota zelf, bijvoorbeeld "1.0".'),
                "status": _keuze(nvo.STATUSSEN, "Status van de opinienota zelf."),
                "datum": _datum("Datum van de opinienota."),
                "per_gemeente": {
                    **_ja_nee("Maak een opinienota per gemeente (anders één voor de regio)."),
                    "default": False,
                },
                "onderwerp": _tekst("Onderwerp van de opinienota, bovenaan de voorkant."),
                "portefeuillehouder": _tekst(
                    "Portefeuillehouder op het voorblad van de regionale nota (per gemeente: "
                    "de portefeuillehouder van die gemeente)."
                ),
                "kenmerk": _tekst(
                    "Eigen kenmerk van de opinienota (anders dat van het document).", 100
                ),
                "commissie": _tekst("De raadscommissie die de nota bespreekt."),
                "vergadering": _datum("Datum van de commissievergadering."),
                "kernvraag": _tekst("De kernvraag aan de commissie."),
                "behandelvoorstel": _tekst("Hoe de commissie de nota het best kan bespreken."),
                "eerdere_besluiten": _lijst(
                    _object(
                        {
                            "omschrijving": _tekst("Wat er besloten is."),
                            "nummer": _tekst("Documentnummer van het besluit."),
                            "datum": _datum("Datum van het besluit."),
                        },
                        "Een eerder besluit over dit onderwerp.",
                        verplicht=("omschrijving",),
                    ),
                    "Relevante eerdere besluiten, met hun documentnummer.",
                ),
                "besluit_college": _object(
                    {
                        "datum": _datum("Datum waarop het college de nota vaststelde."),
                        "secretaris": _tekst("De secretaris die het besluit ondertekent."),
                        "burgemeester": _tekst("De burgemeester die het besluit ondertekent."),
                    },
                    "Het besluit van het college over deze nota.",
                ),
            },
            "Opinienota: de voorkant voor de raadscommissie (kernvraag, behandelvoorstel, "
            "eerdere besluiten, besluit college).",
        ),
        "consultatie": _object(
            {
                "reageren_tot": _datum("Laatste dag om te reageren."),
                "wijze": _tekst("Hoe lezers kunnen reageren."),
                "contact": _tekst("Contactpersoon of adres."),
                "formulier": {
                    **_tekst(
                        "Webadres (https://) van het reactieformulier. {paragraaf} en {versie} "
                        "in het adres worden per paragraaf ingevuld."
                    ),
                    "pattern": r"^https://[^\s/?#@]+[^\s]*$",
                },
                "email": {
                    **_tekst("E-mailadres waarop lezers kunnen reageren."),
                    "pattern": r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$",
                },
                "adres": _tekst("Postadres voor reacties per brief."),
            },
            "De consultatieronde.",
        ),
    },
    "regio.yaml: gegevens van de regio en het document.",
    verplicht=("regio", "document"),
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


def _rijen(schema: dict, pad: str, verplicht: bool, uit: list[str]) -> None:
    if pad:
        teken = " (verplicht)" if verplicht else ""
        beschrijving = schema.get("description", "")
        uit.append(f"| `{pad}`{teken} | {_soort(schema)} | {beschrijving} |")
    items = schema.get("items", {})
    if schema.get("type") == "array" and items.get("type") == "object":
        for naam, onder in items.get("properties", {}).items():
            _rijen(onder, f"{pad}[].{naam}", naam in items.get("required", []), uit)
    for naam, onder in schema.get("properties", {}).items():
        _rijen(onder, f"{pad}.{naam}" if pad else naam, naam in schema.get("required", []), uit)


def als_markdown() -> str:
    """Every key of regio.yaml as a Markdown table: key, kind of value, description."""
    regels = ["| sleutel | waarde | betekenis |", "| --- | --- | --- |"]
    _rijen(REGIO_SCHEMA, "", True, regels)
    return "\n".join(regels) + "\n"
