"""Regions written from scratch for tests: a complete, compliant regio.yaml as text.

The text is written by hand (not dumped from a dict) so tests can rely on the line numbers
of its keys; ``GEMEENTE_REGELS`` gives the line of each municipality's entry.
"""

from __future__ import annotations

from pathlib import Path

GEMEENTEN = ("Havenstede", "Duinwijk", "Polderveen")


def _gemeente(name: str, inhabitants: int, status: str = "gepland") -> str:
    return f"""\
    - naam: {name}
      inwoners: {inhabitants}
      kenmerk: RV-2026/{name[:3].upper()}
      portefeuillehouder: wethouder Jeugd van {name}
      secretaris: de gemeentesecretaris van {name}
      raad:
        voorzitter: de burgemeester van {name}
        griffier: de griffier van {name}
        voorstel_datum: 2026-05-12
      vaststelling: {{datum: 2026-07-02, status: {status}}}
"""


def regio_yaml(
    name: str = "Kustvallei",
    status: str = "concept",
    overgenomen: str = "alle",
    gemeenten: tuple[str, ...] = GEMEENTEN,
    vastgesteld: tuple[str, ...] = (),
    opinienota: bool = False,
) -> str:
    """A regio.yaml meeting all eight agreements (with the shipped blocks adopted)."""
    members = "".join(
        _gemeente(g, 20000 + 10000 * i, "vastgesteld" if g in vastgesteld else "gepland")
        for i, g in enumerate(gemeenten)
    )
    adoption = f"overgenomen: {overgenomen}\n\n" if overgenomen else ""
    opinion = OPINIENOTA if opinienota else ""
    return f"""\
# A test region, written from scratch.
regio:
  naam: {name}
  gemeenten:
{members}
document:
  soort: regiovisie
  titel: Regiovisie Jeugdhulp 2027-2034
  kenmerk: KV-2026/0042
  versie: "1.0"
  status: {status}
  datum: 2026-04-01
  looptijd: {{van: 2027-01-01, tot: 2034-12-31}}

{adoption}proces:
  betrokkenen:
    - {{groep: aanbieders, wijze: drie dialoogtafels over het zorglandschap}}
    - {{groep: gecertificeerde_instellingen, wijze: een werkatelier over de toegang}}
    - {{groep: veilig_thuis, wijze: werkoverleg over meldingen}}
    - {{groep: professionals, wijze: vier regionale bijeenkomsten}}
    - {{groep: jongeren_en_ouders, wijze: gesprekken met de jongerenraad en een ouderpanel}}
    - {{groep: ketenpartners, wijze: een ketenbijeenkomst}}
    - {{groep: onderwijs, wijze: overleg met de samenwerkingsverbanden}}
    - {{groep: huisartsen, wijze: gesprekken met de huisartsenkring}}
  stappen:
    - {{stap: procesbeschrijving, periode: najaar 2025}}
    - {{stap: inventarisatie, periode: winter 2025}}
    - {{stap: schrijven, periode: voorjaar 2026}}
    - {{stap: consulteren, periode: april 2026}}
    - {{stap: vaststellen, periode: zomer 2026}}
  besluitvorming: Het algemeen bestuur geeft de tekst vrij; daarna besluit iedere raad.

inkoop:
  model: regionaal_tenzij
  functies:
    jeugdbescherming_jeugdreclassering: regionaal
    gesloten_jeugdhulp: bovenregionaal
    orthopedagogische_behandelcentra: bovenregionaal
    verplichte_ggz: bovenregionaal
    pleegzorg: regionaal
    verslavingszorg: bovenregionaal
    forensische_zorg: bovenregionaal
    lta: landelijk
  ontwikkeling: Minder verblijf, meer hulp dichtbij huis.
  gevolgen: De schaal van de inkoop verandert niet.

toegang:
  basisfuncties: [veilige_leefomgeving, aanwezig_bij_doelgroep, bereikbaar_en_aanspreekbaar,
                  brede_blik, leren_en_verbeteren]
  huisarts: De huisartsen verwijzen in overleg met het lokale team.
  gi: De gecertificeerde instellingen zetten hulp in bij gecontracteerde aanbieders.
  aansluiting: >-
    Het lokale team zet hulp in bij aanbieders met een contract van de regio en blijft
    betrokken tot de hulp is afgerond.

governance:
  vorm: een gemeenschappelijke regeling
  meerjarig: true
  geformaliseerd: true
  taakverdeling: Het algemeen bestuur stelt de inkoopstrategie vast.
  looptijd: {{van: 2026-01-01, tot: 2034-12-31}}
  aanspreekpunt:
    naam: de voorzitter van het algemeen bestuur
    functie: bestuurlijk aanspreekpunt
    rol: bestuurlijk

bovenregionaal:
  functies:
    - {{functie: gesloten_jeugdhulp, samen_met: [Noordkust], criteria: [schaal, kennis]}}
    - {{functie: orthopedagogische_behandelcentra, samen_met: [Noordkust], criteria: [schaal]}}
    - {{functie: verplichte_ggz, samen_met: [Noordkust], criteria: [kennis]}}
    - {{functie: verslavingszorg, samen_met: [Noordkust], criteria: [schaal]}}
    - {{functie: forensische_zorg, samen_met: [Noordkust], criteria: [kennis]}}

administratieve_lasten:
  uitvoeringsvarianten: [inspanningsgericht, outputgericht, taakgericht]
  gelijke_contractvoorwaarden: true
  gezamenlijk_contractbeheer: true

contractering:
  publicatie: 2026-03-01
  ondertekening: 2026-09-01
  ingang: 2027-01-01
  einde: 2034-12-31
  evaluaties: [in 2030]
  continuiteit: De hulp loopt door tot het behandelplan klaar is.

tarieven:
  kostprijselementen: [personeel, niet_productieve_uren, reis_en_opleiding, overhead,
                       gemeentelijke_verplichtingen, huisvesting, verzorging, indexatie]
  methoden: [kostenonderzoek, dialoog]
  cao_conform: true
  transparantie: Aanbieders laten met een vast model zien hoe hun tarief is opgebouwd.
  fasen:
    - {{fase: reikwijdte, stand: gedaan, periode: voorjaar 2026}}
    - {{fase: uitvraag, stand: gedaan, periode: voorjaar 2026}}
    - {{fase: analyse, stand: gedaan, periode: zomer 2026}}
    - {{fase: rapportage, stand: gedaan, periode: zomer 2026}}
    - {{fase: vaststelling, stand: gedaan, periode: najaar 2026}}

financien:
  begroting:
    titel: Begroting regionale jeugdhulp
    eenheid: euro
    jaren: [2027, 2028]
    posten:
      - {{post: Jeugdhulp, bedragen: [900000, 960000]}}
{opinion}"""


OPINIENOTA = """
opinienota:
  onderwerp: Inkoop jeugdhulp 2027
  kenmerk: KV-2026/0007
  commissie: commissie Samenleving
  vergadering: 2026-03-04
  kernvraag: Wat vindt de commissie van de keuzes voor de inkoop?
  behandelvoorstel: De commissie bespreekt de nota in een vergadering.
  portefeuillehouder: de wethouder Jeugd van Havenstede, namens de regio
  versie: "1.0"
  status: vastgesteld
  datum: 2026-02-16
  besluit_college:
    datum: 2026-02-16
    secretaris: de gemeentesecretaris van Havenstede
    burgemeester: de burgemeester van Havenstede
  eerdere_besluiten:
    - {omschrijving: Besluit regionale samenwerking jeugd, nummer: RB-2019/12, datum: 2019-12-12}
"""


def gemeente_line(text: str, name: str) -> int:
    """The 1-based line of ``- naam: <naam>`` in a regio.yaml text."""
    return text.splitlines().index(f"    - naam: {name}") + 1


def werkmap(tmp_path: Path, text: str | None = None, name: str = "regio") -> Path:
    """A workspace folder with the given regio.yaml text (default: ``regio_yaml()``)."""
    folder = tmp_path / name
    folder.mkdir(parents=True)
    (folder / "regio.yaml").write_text(text or regio_yaml(), encoding="utf-8")
    return folder
