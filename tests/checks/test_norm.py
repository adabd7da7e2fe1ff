"""Norm fidelity (issue 15): each gap of the audit and each over-strict rule, shown on a
complete region (the Rotterdam Rijnmond example, which meets all eight) with one value
changed.

Most cases only look at the checklist: they run it on the region in memory (regio.yaml's
values changed in a deep copy, read by the same readers and checked by ``run_toetsing``, the
steps ``regiovisie check`` takes), with the example's blocks read once per module and each
distinct rendered block text parsed once (``_read_markdown_once``). Where the
command's own output or exit code is what a case shows (--strikt, the table, an input
error), the changed region is written to a workspace and checked through the CLI; the
base case shows that both give the same report."""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from regiovisie_builder.checks.toetsing import as_json, run_toetsing
from regiovisie_builder.pipeline import _read_opzet, read_regio_text
from regiovisie_builder.readers import document
from regiovisie_builder.readers.blokken import Blok, combine, read_blok
from regiovisie_builder.readers.document import Opzet, read_document
from regiovisie_builder.readers.markdown import read_markdown
from regiovisie_builder.readers.regio import read_regio
from regiovisie_builder.transforms import transform
from regiovisie_builder.werkmap import Werkmap
from tests.conftest import copy_example, dump_yaml, edit_yaml, load_yaml, run_cli


@dataclass(frozen=True)
class Example:
    """The example workspace, read once: its files, regio.yaml and its parsed blocks."""

    werkmap: Path
    text: str
    data: dict
    default: list[Blok]
    own: list[Blok]
    own_folder: str  # the own blocks' folder as block file names show it
    opzet: Opzet


@dataclass
class Region:
    """One test's copy of the example region: regio.yaml's values and extra own blocks."""

    example: Example
    tmp: Path
    data: dict
    changed: bool = False
    blokken: dict[str, str] = field(default_factory=dict)  # own block file -> text

    def yaml_text(self) -> str:
        """regio.yaml as ``edit_yaml`` writes it (the example's own text when unchanged)."""
        if not self.changed:
            return self.example.text
        return dump_yaml(self.data)

    def werkmap(self) -> Path:
        """This region written to a workspace of its own (for the CLI)."""
        target = self.tmp / self.example.werkmap.name
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(self.example.werkmap, target)
        (target / "regio.yaml").write_text(self.yaml_text(), encoding="utf-8")
        for name, text in self.blokken.items():
            (target / "content" / name).write_text(text, encoding="utf-8")
        return target


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Example:
    werkmap = copy_example("rotterdam-rijnmond", tmp_path_factory.mktemp("norm"))
    snapshot = Werkmap(werkmap).snapshot()
    text, _ = read_regio_text(snapshot)
    default_folder, own_folder = snapshot.block_folders

    def blokken(folder) -> list[Blok]:
        return [read_blok(f.data.decode("utf-8"), f.name, folder.origin) for f in folder.files]

    regio = read_regio(text, snapshot.regio_yaml.name)
    return Example(
        werkmap,
        text,
        load_yaml(text),
        blokken(default_folder),
        blokken(own_folder),
        own_folder.name,
        _read_opzet(snapshot, regio.data["document"]["soort"]),
    )


@pytest.fixture
def region(example, tmp_path) -> Region:
    return Region(example, tmp_path, copy.deepcopy(example.data))


def edit(region: Region, change) -> None:
    """Let ``change(data)`` modify this test's regio.yaml values."""
    change(region.data)
    region.changed = True


_PARSED: dict[tuple, object] = {}


def _read_markdown_once(text: str, *args):
    """``read_markdown``, parsed once per distinct input in this module: most blocks render
    to the same text whatever value a case changes, and parsing is most of a check's time.
    The parse depends on its arguments only; the build's block cache reuses parses the
    same way (``blok_cache``, ``test_blok_cache``)."""
    key = (text, *args)
    if key not in _PARSED:
        _PARSED[key] = read_markdown(text, *args)
    return _PARSED[key]


def _report(region: Region) -> tuple[int, dict]:
    """The checklist of ``region`` in memory: the exit code and JSON of ``check --json``."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(document, "read_markdown", _read_markdown_once)
        return _report_of(region)


def _report_of(region: Region) -> tuple[int, dict]:
    example = region.example
    regio = read_regio(region.yaml_text(), f"{example.werkmap.name}/regio.yaml")
    own = [
        *example.own,
        *(
            read_blok(text, f"{example.own_folder}/{name}", "werkmap")
            for name, text in sorted(region.blokken.items())
        ),
    ]
    blokken = combine(example.default, own)
    toetsing = run_toetsing(transform(read_document(regio, blokken, example.opzet)), regio)
    # Through JSON text, as the command prints it.
    return (0 if toetsing.voldaan else 1), json.loads(json.dumps(as_json(toetsing)))


def check(werkmap, *extra: str) -> tuple[int, dict]:
    if isinstance(werkmap, Region):
        assert not extra
        return _report(werkmap)
    result = run_cli("check", werkmap, "--json", *extra)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)


def afspraak(report: dict, number: int) -> dict:
    return next(a for a in report["afspraken"] if a["nummer"] == number)


def statuses(report: dict) -> dict[int, str]:
    return {a["nummer"]: a["status"] for a in report["afspraken"]}


def fails_only(werkmap, number: int, message: str) -> dict:
    """Check: exit 1, agreement ``nummer`` is 'deels' with ``message``, the rest voldaan."""
    code, report = check(werkmap)
    assert code == 1
    assert statuses(report) == {n: ("deels" if n == number else "voldaan") for n in range(1, 9)}
    bevindingen = afspraak(report, number)["bevindingen"]
    assert any(message in b for b in bevindingen), bevindingen
    return report


def advice_only(region: Region, number: int, message: str) -> dict:
    """Check: still voldaan (exit 0) with ``message`` as advice; --strikt makes it exit 1."""
    code, report = check(region)
    assert code == 0, report
    assert set(statuses(report).values()) == {"voldaan"}
    adviezen = afspraak(report, number)["adviezen"]
    assert any(message in a for a in adviezen), adviezen
    strict = run_cli("check", region.werkmap(), "--strikt")
    assert strict.returncode == 1
    assert f"advies: {message}" in strict.stdout or message in strict.stdout
    assert "Strikt: niet elk advies is gevolgd" in strict.stdout
    return report


def test_the_base_region_meets_all_eight_strictly(region):
    code, report = check(region.werkmap(), "--strikt")
    assert code == 0
    # The in-memory check the other cases use gives the command's report.
    assert check(region) == check(region.werkmap())
    assert all(not a["adviezen"] for a in report["afspraken"])
    assert all(a["bewijs"] for a in report["afspraken"])


# --- 1. Adoption --------------------------------------------------------------------------


def _guess(status: str, date: str = "2020-01-01", all_: bool = True):
    def change(d):
        d["document"]["status"] = "vastgesteld"
        for gemeente in d["regio"]["gemeenten"] if all_ else d["regio"]["gemeenten"][:1]:
            gemeente["vaststelling"] = {"datum": date, "status": status}

    return change


def test_1_vastgesteld_document_needs_every_council_adopted(region):
    edit(region, _guess("gepland"))
    report = fails_only(
        region, 1, "Het document heeft de status 'vastgesteld', maar niet elke raad"
    )
    bevindingen = " ".join(afspraak(report, 1)["bevindingen"])
    assert "Albrandswaard (gepland 1 januari 2020)" in bevindingen
    # A planned date before the document's own date is stale.
    assert "De raad van Albrandswaard zou op 1 januari 2020 besluiten" in bevindingen
    assert any(
        b.startswith("Vastgesteld door 0 van 14 raden; Albrandswaard: gepland 1 januari 2020")
        for b in afspraak(report, 1)["bewijs"]
    )


def test_1_adoption_with_amendment_counts(region):
    edit(region, _guess("vastgesteld_met_amendement", "2024-12-12"))
    code, report = check(region)
    assert statuses(report)[1] == "voldaan"
    assert any("Vastgesteld door 14 van 14 raden" in b for b in afspraak(report, 1)["bewijs"])


@pytest.mark.parametrize("status", ["aangehouden", "verworpen"])
def test_1_held_or_rejected_council_is_named(region, status):
    def change(d):
        d["regio"]["gemeenten"][8]["vaststelling"] = {"datum": "2024-12-12", "status": status}

    edit(region, change)
    fails_only(region, 1, f"De raad van Rotterdam heeft de regiovisie {status} op 12 december")


def test_1_evidence_shows_how_many_councils_adopted(region):
    def change(d):
        for gemeente in d["regio"]["gemeenten"][:13]:
            gemeente["vaststelling"]["status"] = "vastgesteld"

    edit(region, change)
    code, report = check(region)
    assert code == 0
    assert (
        "Vastgesteld door 13 van 14 raden; Voorne aan Zee: gepland 18 december 2024."
        in afspraak(report, 1)["bewijs"]
    )
    table = run_cli("check", region.werkmap())
    assert "✓ Vastgesteld door 13 van 14 raden; Voorne aan Zee: gepland 18 december 2024." in (
        table.stdout
    )


def test_1_a_region_of_one_municipality_is_not_regional(region):
    edit(region, lambda d: d["regio"].update(gemeenten=d["regio"]["gemeenten"][:1]))
    fails_only(region, 1, "De regio heeft één gemeente")


# --- 2. Bovenregionaal vs inkoop -----------------------------------------------------------


def test_2_supra_regional_level_must_be_described(region):
    edit(region, lambda d: d["inkoop"]["functies"].update(verslavingszorg="bovenregionaal"))
    fails_only(
        region,
        5,
        "'verslavingszorg voor jongeren' wordt bovenregionaal ingekocht (inkoop), maar staat "
        "niet bij bovenregionaal.functies",
    )


def test_2_described_supra_regional_function_must_have_that_level(region):
    edit(region, lambda d: d["inkoop"]["functies"].update(forensische_zorg="regionaal"))
    fails_only(
        region,
        5,
        "'forensische zorg' staat bij bovenregionaal.functies, maar wordt volgens de inkoop "
        "regionaal ingekocht",
    )


# --- 3. Model vs levels, LTA ---------------------------------------------------------------


def test_3_model_regionaal_with_local_crucial_functions_fails(region):
    edit(region, lambda d: d["inkoop"]["functies"].update(pleegzorg="lokaal"))
    fails_only(
        region,
        2,
        "Het inkoopmodel 'regionaal' past niet bij de niveaus: daarin worden alle functies "
        "regionaal ingekocht, maar pleegzorg staat op lokaal",
    )


def test_3_lokaal_tenzij_still_buys_crucial_functions_regionally(region):
    def change(d):
        d["inkoop"]["model"] = "lokaal_tenzij"
        d["inkoop"]["functies"]["jeugdbescherming_jeugdreclassering"] = "lokaal"

    edit(region, change)
    fails_only(region, 2, "jeugdbescherming en jeugdreclassering staat op lokaal")


def test_3_lta_is_bought_nationally(region):
    edit(region, lambda d: d["inkoop"]["functies"].update(lta="lokaal"))
    fails_only(region, 2, "De landelijk ingekochte zorg (LTA) staat op 'lokaal'")


# --- 4. Governance ------------------------------------------------------------------------


def test_4_one_year_covenant_is_not_multi_year(region):
    edit(region, lambda d: d["governance"].update(vorm="convenant voor één jaar"))
    fails_only(region, 4, "De vorm noemt een samenwerking voor één jaar")


def test_4_term_of_one_year_is_not_multi_year(region):
    term = {"van": "2025-01-01", "tot": "2025-12-31"}
    edit(region, lambda d: d["governance"].update(looptijd=term))
    report = fails_only(region, 4, "De samenwerking loopt 1 jaar (1 januari 2025 tot en met")
    assert any(
        "Meerjarig betekent meer dan één jaar" in b for b in afspraak(report, 4)["bevindingen"]
    )


def test_4_multi_year_needs_a_term(region):
    edit(region, lambda d: d["governance"].pop("looptijd"))
    fails_only(region, 4, "Noem de looptijd van de samenwerking (governance.looptijd")


def test_4_task_division_that_follows_later_is_missing(region):
    edit(region, lambda d: d["governance"].update(taakverdeling="volgt later"))
    fails_only(region, 4, "De taakverdeling (taken, verantwoordelijkheden en mandaten) ontbreekt")


def test_4_contact_must_be_bestuurlijk(region):
    def change(d):
        d["governance"]["aanspreekpunt"].update(naam="het regionaal inkoopbureau", rol="ambtelijk")

    edit(region, change)
    fails_only(region, 4, "Het aanspreekpunt (het regionaal inkoopbureau) is ambtelijk")


def test_4_contact_without_role_is_not_assumed_bestuurlijk(region):
    edit(region, lambda d: d["governance"]["aanspreekpunt"].pop("rol"))
    fails_only(region, 4, "Geef aan of het aanspreekpunt")


# --- 5. Realistic tariffs -----------------------------------------------------------------


def test_5_tariffs_must_follow_the_cao(region):
    edit(region, lambda d: d["tarieven"].update(cao_conform=False))
    fails_only(region, 8, "De tarieven volgen de cao niet (tarieven.cao_conform: false)")


def test_5_transparency_placeholder_is_missing(region):
    edit(region, lambda d: d["tarieven"].update(transparantie="n.v.t."))
    fails_only(region, 8, "(tarieven.transparantie)")


def test_5_every_phase_must_be_gone_through(region):
    def change(d):
        d["tarieven"]["fasen"] = [f for f in d["tarieven"]["fasen"] if f["fase"] != "analyse"]

    edit(region, change)
    report = fails_only(
        region, 8, "ontbreekt er 1 (tarieven.fasen): analyse en duiding met aanbieders"
    )
    bewijs = afspraak(report, 8)["bewijs"]
    assert any("vaststelling gepland (november 2024)" in b for b in bewijs)
    # Three methods: the label agrees (it read "Methode(n)").
    assert any(b.startswith("Methoden voor de tarieven: kostprijsonderzoek, ") for b in bewijs)


# --- 6. Toegang ---------------------------------------------------------------------------


def test_6_connection_with_contracted_care_is_required(region):
    edit(region, lambda d: d["toegang"].pop("aansluiting"))
    fails_only(region, 3, "Beschrijf hoe de lokale toegang verbonden is met de gecontracteerde")


@pytest.mark.parametrize("placeholder", ["n.v.t.", "-", "x", "volgt later", "nvt", "PM", " .. "])
def test_6_placeholders_count_as_missing(region, placeholder):
    edit(region, lambda d: d["toegang"].update(gi=placeholder))
    fails_only(region, 3, "Beschrijf")


# --- 7. Dates -----------------------------------------------------------------------------


def test_7_signing_before_publication_fails(region):
    edit(region, lambda d: d["contractering"].update(ondertekening="2024-03-01"))
    fails_only(region, 7, "Eerst publiceren, dan tekenen")


def test_7_every_procedure_is_checked(region):
    procedure = {
        "naam": "Hulp bij verblijf",
        "publicatie": "2025-03-01",
        "ondertekening": "2025-09-01",
        "ingang": "2026-01-01",
        "einde": "2027-12-31",
    }
    edit(region, lambda d: d["contractering"].update(procedures=[procedure]))
    fails_only(
        region,
        7,
        "Hulp bij verblijf: De contractduur is 2 jaar (1 januari 2026 tot en met 31 december "
        "2027); de norm vraagt minimaal 3 jaar.",
    )


def test_7_a_region_with_only_a_list_of_procedures_can_meet_it(region):
    def change(d):
        for key in ("publicatie", "ondertekening", "ingang", "einde"):
            d["contractering"].pop(key)
        d["contractering"]["procedures"] = [
            {
                "naam": name,
                "publicatie": "2024-03-15",
                "ondertekening": "2024-09-27",
                "ingang": "2025-01-01",
                "einde": end,
            }
            for name, end in (("Ambulante hulp", "2032-12-31"), ("Verblijf", "2029-12-31"))
        ]

    edit(region, change)
    code, report = check(region)
    assert statuses(report)[7] == "voldaan", afspraak(report, 7)
    assert any(
        b.startswith("Verblijf: De contractduur is 5 jaar") for b in afspraak(report, 7)["bewijs"]
    )


def test_7_continuity_must_say_something(region):
    edit(region, lambda d: d["contractering"].update(continuiteit="x"))
    fails_only(region, 7, "Bij de continuïteit van zorg staat alleen 'x'")


def test_7_contracts_shorter_than_the_visie_are_advice(region):
    def change(d):
        d["contractering"]["einde"] = "2029-12-31"

    edit(region, change)
    advice_only(
        region,
        2,
        "De contracten lopen tot en met 31 december 2029, de regiovisie tot en met "
        "31 december 2032.",
    )


# --- 8. More than reading -----------------------------------------------------------------


def _manner(group: str, manner: str):
    def change(d):
        for participant in d["proces"]["betrokkenen"]:
            if participant["groep"] == group:
                participant["wijze"] = manner

    return change


@pytest.mark.parametrize(
    "manner", ["Zij hebben de laatste conceptversie gelezen.", "Via de openbare consultatie."]
)
def test_8_reading_anywhere_in_the_sentence_is_not_involvement(region, manner):
    edit(region, _manner("professionals", manner))
    fails_only(region, 1, "Bij professionals staat niet wat de groep deed naast lezen")


def test_8_a_dash_is_no_involvement(region):
    edit(region, _manner("ketenpartners", "-"))
    fails_only(region, 1, "Bij ketenpartners staat niet hoe zij betrokken waren ('-')")


def test_8_reading_and_a_work_session_is_involvement(region):
    edit(region, _manner("veilig_thuis", "Meelezen, en daarna een werksessie."))
    code, report = check(region)
    assert code == 0
    assert "Veilig Thuis: werksessie." in afspraak(report, 1)["bewijs"]


# --- 9. A region's own block cannot switch a check off -------------------------------------


def _own_block(region: Region, blok: str, hoofdstuk: str, number: int) -> None:
    region.blokken[f"{blok}.md"] = (
        f"---\nid: {blok}\ntitel: Eigen tekst\nhoofdstuk: {hoofdstuk}\nafspraken: [{number}]\n"
        "---\nVolgt later.\n"
    )


@pytest.mark.parametrize(
    ("blok", "hoofdstuk", "number", "section", "key", "message"),
    [
        ("inhoud-zorglandschap", "inhoud", 2, "inkoop", "ontwikkeling", "(inkoop.ontwikkeling)"),
        ("governance-samenwerking", "governance", 4, "governance", "vorm", "(governance.vorm)"),
        ("proces-aanpak", "proces", 1, "proces", "besluitvorming", "(proces.besluitvorming)"),
    ],
)
def test_9_rules_read_data_not_markers(region, blok, hoofdstuk, number, section, key, message):
    _own_block(region, blok, hoofdstuk, number)
    edit(region, lambda d: d[section].pop(key))
    fails_only(region, number, message)


def test_9_contact_function_is_read_from_data(region):
    _own_block(region, "governance-aanspreekpunt", "governance", 4)
    edit(region, lambda d: d["governance"]["aanspreekpunt"].update(functie="volgt later"))
    fails_only(region, 4, "(governance.aanspreekpunt.functie)")


def test_9_a_change_of_scale_needs_its_consequences(region):
    def change(d):
        d["inkoop"]["schaal_verandert"] = True
        d["inkoop"].pop("gevolgen")

    edit(region, change)
    fails_only(region, 2, "Breng de gevolgen in kaart")


# --- 10. Bovenregionale 'hoe' ---------------------------------------------------------------


def test_10_partner_cannot_be_the_region_itself(region):
    def change(d):
        d["bovenregionaal"]["functies"][0]["samen_met"] = ["jeugdregio Rotterdam Rijnmond"]

    edit(region, change)
    fails_only(region, 5, "staat de eigen regio als partner ('jeugdregio Rotterdam Rijnmond')")


def test_10_mistyped_function_code_is_caught(region):
    edit(region, lambda d: d["bovenregionaal"]["functies"][0].update(functie="gesloten-jeugdhulp"))
    fails_only(region, 5, "'gesloten-jeugdhulp' is geen cruciale functie")
    _, report = check(region)
    assert any("Bedoelt u 'gesloten_jeugdhulp'?" in b for b in afspraak(report, 5)["bevindingen"])


def test_10_contracting_topics_come_from_data(region):
    edit(region, lambda d: d["bovenregionaal"].pop("afspraken"))
    advice_only(region, 5, "Noem waarover u bij bovenregionale contractering afspraken maakt")


# --- Not stricter than the norm ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("rollen", "Beschrijf welke rol de partijen vooraf kregen in het proces (proces.rollen)."),
        ("opdracht", "Noem wie het opdrachtdocument vaststelde en wanneer"),
    ],
)
def test_roles_and_commissioning_document_are_advice(region, key, message):
    edit(region, lambda d: d["proces"].pop(key))
    advice_only(region, 1, message)


def test_process_steps_are_an_example_so_advice(region):
    def change(d):
        d["proces"]["stappen"] = [
            s for s in d["proces"]["stappen"] if s["stap"] != "inventarisatie"
        ]

    edit(region, change)
    advice_only(region, 1, "Niet beschreven (proces.stappen): inventarisatie.")


def test_two_variants_used_consistently_is_advice(region):
    edit(
        region,
        lambda d: d["administratieve_lasten"]["uitvoeringsvarianten"].remove("taakgericht"),
    )
    advice_only(region, 6, "Niet toegepast: taakgericht.")


def test_cost_elements_depend_on_the_product_so_advice(region):
    def change(d):
        for element in ("huisvesting", "verzorging"):
            d["tarieven"]["kostprijselementen"].remove(element)

    edit(region, change)
    advice_only(region, 8, "Niet genoemd (tarieven.kostprijselementen): huisvesting en verblijf")


def test_own_functions_are_allowed_and_lta_is_not_required(region):
    def change(d):
        d["inkoop"]["eigen_functies"].append({"functie": "dagbehandeling", "niveau": "regionaal"})
        d["inkoop"]["functies"].pop("lta")

    edit(region, change)
    code, report = check(region)
    assert code == 0
    assert any("dagbehandeling (regionaal)" in b for b in afspraak(report, 2)["bewijs"])


def test_the_seven_regionally_bought_functions_stay_required(region):
    edit(region, lambda d: d["inkoop"]["functies"].pop("pleegzorg"))
    fails_only(region, 2, "Nog te plaatsen (inkoop.functies): pleegzorg.")


def test_a_typo_in_a_listed_function_stays_an_input_error(region):
    edit(region, lambda d: d["inkoop"]["functies"].update(pleegzorgg="regionaal"))
    result = run_cli("check", region.werkmap())
    assert result.returncode == 2
    assert "inkoop.functies" in result.stderr
    assert "pleegzorg" in result.stderr  # what to write instead


def _contract(**dates):
    return lambda d: d["contractering"].update(dates)


def test_publication_reading_uses_the_same_lead_time_for_another_start(region):
    # A start on 1 December: nine months ahead is 1 March of the same year, not 1 April
    # of the year before (which would demand twenty months).
    edit(
        region,
        _contract(publicatie="2025-02-28", ondertekening="2025-08-29", ingang="2025-12-01"),
    )
    code, report = check(region)
    assert statuses(report)[7] == "voldaan", afspraak(report, 7)
    bewijs = " ".join(afspraak(report, 7)["bewijs"])
    assert "de norm vraagt publicatie vóór 1 maart 2025" in bewijs
    assert "Wij lezen dat als 1 april van het jaar vóór een ingang op 1 januari" in bewijs
    assert "Bij een andere ingangsdatum geldt dezelfde termijn." in bewijs


def test_publication_one_day_too_late_for_another_start(region):
    edit(
        region,
        _contract(publicatie="2025-03-01", ondertekening="2025-08-29", ingang="2025-12-01"),
    )
    fails_only(
        region,
        7,
        "De aanbesteding wordt gepubliceerd op 1 maart 2025, 9 maanden voor de ingang op "
        "1 december 2025; de norm vraagt publicatie vóór 1 maart 2025.",
    )


def test_publication_rule_applies_from_2021(region):
    edit(
        region,
        _contract(publicatie="2020-05-01", ondertekening="2020-09-30", ingang="2021-01-01"),
    )
    code, report = check(region)
    assert statuses(report)[7] == "voldaan", afspraak(report, 7)
    assert any("geldt vanaf 2021" in b for b in afspraak(report, 7)["bewijs"])


def test_month_end_duration_is_stated_exactly(region):
    edit(
        region,
        _contract(publicatie="2024-03-01", ondertekening="2024-11-30", ingang="2025-02-28"),
    )
    report = fails_only(
        region,
        7,
        "De contracten worden getekend op 30 november 2024, 2 maanden en 28 dagen voor de "
        "ingang op 28 februari 2025; de norm vraagt minimaal 3 maanden (uiterlijk "
        "28 november 2024).",
    )
    assert not any("3 maanden voor de ingang" in b for b in afspraak(report, 7)["bevindingen"])


def test_contract_duration_one_day_short_is_not_rounded(region):
    edit(region, _contract(einde="2027-12-30"))
    fails_only(
        region,
        7,
        "De contractduur is 2 jaar, 11 maanden en 30 dagen (1 januari 2025 tot en met "
        "30 december 2027); de norm vraagt minimaal 3 jaar.",
    )


# --- Starting situation ---------------------------------------------------------------------


@pytest.fixture
def empty(tmp_path):
    werkmap = tmp_path / "leeg"
    assert run_cli("init", werkmap).returncode == 0
    return werkmap


def test_empty_workspace_is_situation_4(empty):
    code, report = check(empty)
    assert code == 1
    assert report["uitgangssituatie"]["nummer"] == 4
    assert "voldaan" not in statuses(report).values()


def test_agreements_on_some_parts_is_situation_3(empty):
    edit_yaml(
        empty,
        lambda d: d.update(
            contractering={
                "publicatie": dt.date(2027, 3, 15),
                "ondertekening": dt.date(2027, 9, 30),
                "ingang": dt.date(2028, 1, 1),
                "einde": dt.date(2033, 12, 31),
            }
        ),
    )
    _, report = check(empty)
    assert report["uitgangssituatie"]["nummer"] == 3


def test_a_visie_missing_one_agreement_is_situation_2(region):
    edit(region, lambda d: d["tarieven"].update(cao_conform=False))
    _, report = check(region)
    assert report["uitgangssituatie"]["nummer"] == 2


def test_a_complete_visie_is_situation_1(region):
    _, report = check(region)
    assert report["uitgangssituatie"]["nummer"] == 1


# --- Evidence and prose-only criteria in the annex ------------------------------------------


def _annex_tables(docx_path) -> dict[str, list[list[str]]]:
    """The annex tables of a built .docx, by their header row's first two cells."""
    import docx

    tables = {}
    for table in docx.Document(str(docx_path)).tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        tables[" | ".join(rows[0][:2])] = rows[1:]
    return tables


@pytest.mark.slow
def test_annex_shows_evidence_advice_and_prose_only_criteria(rijnmond):
    def change(d):
        d["tarieven"]["kostprijselementen"].remove("verzorging")
        for gemeente in d["regio"]["gemeenten"][:3]:
            gemeente["vaststelling"]["status"] = "vastgesteld"

    edit_yaml(rijnmond, change)
    result = run_cli("build", rijnmond, "--formaat", "docx")
    assert result.returncode == 0, result.stderr
    tables = _annex_tables(rijnmond / "build" / "regiovisie.docx")
    bewijs = dict(tables["Afspraak | Nagegaan en in orde"])
    assert bewijs["1. Regiovisie: proces"].count("\n") >= 8  # one line per verified item
    assert "Vastgesteld door 3 van 14 raden; Barendrecht" not in bewijs["1. Regiovisie: proces"]
    assert (
        "Vastgesteld door 3 van 14 raden; Krimpen aan den IJssel: gepland 10 december 2024"
        in (bewijs["1. Regiovisie: proces"])
    )
    assert (
        "De contracten worden getekend op 27 september 2024, 3 maanden en 4 dagen"
        in (bewijs["7. Zorgvuldigheidseisen bij inkoop"])
    )
    afspraken = {r[0]: r for r in tables["Afspraak | Status"]}
    assert afspraken["8. Reële tarieven"][1] == "Voldaan"
    assert "Advies: Niet genoemd" in afspraken["8. Reële tarieven"][3]
    assert "verzorging." in afspraken["8. Reële tarieven"][3]
    prose = tables["Afspraak | Onderdeel van de norm"]
    assert {r[0][0] for r in prose} == set("12345678")
    seven = [r for r in prose if r[1] == "de Zeven Goede Gewoonten"]
    assert seven[0][2] == "niet automatisch te toetsen: zie paragraaf 8.1 en 8.2"


@pytest.mark.slow
def test_shipped_blocks_state_only_what_the_region_data_say(rijnmond):
    """The tariff phases and the supra-regional contracting topics come from the data,
    so the document no longer claims them for every region."""

    def change(d):
        d["bovenregionaal"]["afspraken"] = ["monitoring"]
        d["tarieven"]["fasen"] = [{"fase": "reikwijdte", "stand": "bezig", "periode": "2024"}]

    edit_yaml(rijnmond, change)
    result = run_cli("build", rijnmond, "--formaat", "html")
    assert result.returncode == 0, result.stderr
    html = (rijnmond / "build" / "regiovisie.html").read_text(encoding="utf-8")
    assert "Wij volgen samen hoe het gaat met de hulp" in html
    assert "Wij werken met een klein aantal aanbieders" not in html
    assert "informatiebehoefte en reikwijdte bepalen: bezig (2024)" in html
    assert "transparante rapportage:" not in html
    _, report = check(rijnmond)
    assert statuses(report)[8] == "deels"  # four phases are missing


@pytest.mark.slow
def test_document_text_agrees_with_the_check_at_a_month_end(rijnmond):
    edit_yaml(
        rijnmond,
        _contract(publicatie="2024-03-01", ondertekening="2024-11-30", ingang="2025-02-28"),
    )
    result = run_cli("build", rijnmond, "--formaat", "html")
    assert result.returncode == 0, result.stderr
    html = (rijnmond / "build" / "regiovisie.html").read_text(encoding="utf-8")
    assert "Tussen de ondertekening en de ingang zitten 2 maanden." in html
    assert "Dat is korter dan de drie maanden die de norm vraagt." in html
    assert "Bij een andere ingangsdatum geldt dezelfde termijn." in html
