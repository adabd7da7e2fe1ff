"""The NvO checklist: both examples pass; each broken variant fails exactly its agreement,
with a message that names the problem and the real value."""

import json

import pytest

from tests.conftest import edit_yaml, run_cli


def check_json(werkmap) -> tuple[int, dict]:
    result = run_cli("check", werkmap, "--json")
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)


def statuses(report: dict) -> dict[int, str]:
    return {a["nummer"]: a["status"] for a in report["afspraken"]}


def findings(report: dict, number: int) -> list[str]:
    return next(a["bevindingen"] for a in report["afspraken"] if a["nummer"] == number)


@pytest.mark.parametrize("example", ["zkij", "rijnmond"])
def test_examples_meet_all_eight(example, request):
    code, report = check_json(request.getfixturevalue(example))
    assert code == 0
    assert report["voldaan"] is True
    assert set(statuses(report).values()) == {"voldaan"}
    assert all(t["behandeld"] for t in report["themas"])
    assert report["route5"]["behandeld"] is True
    assert report["uitgangssituatie"]["nummer"] == 1


def test_json_has_the_spec_shape(zkij):
    _, report = check_json(zkij)
    assert list(report)[:5] == ["regio", "document", "versie", "voldaan", "afspraken"]
    afspraak = report["afspraken"][6]
    assert {"nummer", "titel", "status", "bevindingen", "vindplaatsen"} <= set(afspraak)
    assert afspraak["vindplaatsen"][0] == {
        "paragraaf": "8.1",
        "blok": "inkoop-zorgvuldigheid",
        "bron": "overgenomen",
    }
    assert set(report["themas"][0]) == {"id", "titel", "behandeld", "bron", "vindplaatsen"}
    assert [t["id"] for t in report["themas"]] == [
        "preventie", "demedicaliseren", "wijkgericht-werken", "jeugdhulp-en-onderwijs",
        "zo-thuis-mogelijk", "complexe-casuistiek", "integreren-en-ontschotten",
    ]  # fmt: skip


def _contract(**changes):
    return lambda d: d["contractering"].update(changes)


def _drop_group(group):
    def change(d):
        d["proces"]["betrokkenen"] = [b for b in d["proces"]["betrokkenen"] if b["groep"] != group]

    return change


def _drop_adoption(d):
    d["regio"]["gemeenten"][1].pop("vaststelling")


BROKEN = {
    "two_year_contract": (
        _contract(einde="2023-12-31"), 7,
        "De contractduur is 2 jaar (1 januari 2022 tot en met 31 december 2023); "
        "de norm vraagt minimaal 3 jaar.",
    ),
    "publication_15_april": (
        _contract(publicatie="2021-04-15"), 7,
        "De aanbesteding wordt gepubliceerd op 15 april 2021, 8 maanden en 16 dagen voor de "
        "ingang op 1 januari 2022; de norm vraagt publicatie vóór 1 april 2021.",
    ),
    "signing_one_month_before": (
        _contract(ondertekening="2021-12-01"), 7,
        "De contracten worden getekend op 1 december 2021, 1 maand voor de ingang op "
        "1 januari 2022; de norm vraagt minimaal 3 maanden (uiterlijk 1 oktober 2021).",
    ),
    "no_continuity": (
        lambda d: d["contractering"].pop("continuiteit"), 7,
        "Beschrijf de afspraken over continuïteit van zorg als een contract afloopt "
        "(contractering.continuiteit).",
    ),
    "no_aanspreekpunt": (
        lambda d: d["governance"].pop("aanspreekpunt"), 4,
        "Er is geen bestuurlijk aanspreekpunt met naam genoemd (governance.aanspreekpunt.naam).",
    ),
    "not_formalised": (
        lambda d: d["governance"].update(geformaliseerd=False), 4,
        "De samenwerking is nog niet geformaliseerd (governance.geformaliseerd: false).",
    ),
    "veilig_thuis_missing": (
        _drop_group("veilig_thuis"), 1,
        "De groep 'Veilig Thuis' ontbreekt bij de betrokkenen (proces.betrokkenen).",
    ),
    "municipality_without_vaststelling": (
        _drop_adoption, 1,
        "Voor Zandvoort is geen vaststelling door de raad gepland "
        "(regio.gemeenten[1].vaststelling: datum en status).",
    ),
    "no_purchasing_model": (
        lambda d: d["inkoop"].pop("model"), 2, "Er is geen inkoopmodel gekozen",
    ),
    "crucial_function_unplaced": (
        lambda d: d["inkoop"]["functies"].pop("pleegzorg"), 2,
        "Nog te plaatsen (inkoop.functies): pleegzorg.",
    ),
    "basic_function_missing": (
        lambda d: d["toegang"]["basisfuncties"].remove("brede_blik"), 3,
        "ontbreekt er 1 (toegang.basisfuncties): werken met een brede blik.",
    ),
    "no_gp_connection": (
        lambda d: d["toegang"].pop("huisarts"), 3,
        "Beschrijf de aansluiting met de huisarts (toegang.huisarts).",
    ),
    "no_supra_regional_function": (
        lambda d: d["bovenregionaal"].pop("functies"), 5,
        "Er is geen bovenregionale functie beschreven",
    ),
    "no_joint_contract_management": (
        lambda d: d["administratieve_lasten"].update(gezamenlijk_contractbeheer=False), 6,
        "Er is nog geen gezamenlijk contractbeheer",
    ),
    "different_contract_conditions": (
        lambda d: d["administratieve_lasten"].update(gelijke_contractvoorwaarden=False), 6,
        "De gemeenten gebruiken nog niet dezelfde contractvoorwaarden "
        "(administratieve_lasten.gelijke_contractvoorwaarden: false).",
    ),
    "contract_conditions_not_stated": (
        lambda d: d["administratieve_lasten"].pop("gelijke_contractvoorwaarden"), 6,
        "Niet aangegeven of alle gemeenten dezelfde contractvoorwaarden gebruiken "
        "(administratieve_lasten.gelijke_contractvoorwaarden).",
    ),
    "no_tariff_method": (
        lambda d: d["tarieven"].pop("methoden"), 8, "Noem de methode om reële tarieven",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_variant_fails_only_its_agreement(case, zkij):
    change, number, message = BROKEN[case]
    edit_yaml(zkij, change)
    code, report = check_json(zkij)
    assert code == 1
    result = statuses(report)
    assert result[number] == "deels", result
    assert {n: s for n, s in result.items() if n != number} == {
        n: "voldaan" for n in result if n != number
    }
    assert any(message in f for f in findings(report, number)), findings(report, number)


def test_override_that_empties_toegang_fails_agreement_3(zkij):
    for blok in ("toegang-basisfuncties", "toegang-verwijzers"):
        (zkij / "content" / f"{blok}.md").write_text(
            f"---\nid: {blok}\ntitel: Leeg\nhoofdstuk: toegang\nafspraken: [3]\n---\n\n",
            encoding="utf-8",
        )
    code, report = check_json(zkij)
    assert code == 1
    result = statuses(report)
    assert result[3] == "deels"
    assert [n for n, s in result.items() if s != "voldaan"] == [3]
    assert any("is leeg" in f for f in findings(report, 3))


def test_open_marker_in_a_tagged_block_keeps_agreement_from_voldaan(zkij):
    (zkij / "content" / "extra.md").write_text(
        "---\nid: extra\ntitel: Extra\nhoofdstuk: governance\nafspraken: [4]\n---\n"
        "Vorm: {{ governance.vorm }}; gevolgen: {{ inkoop.gevolgen }}\n",
        encoding="utf-8",
    )
    edit_yaml(zkij, lambda d: d["inkoop"].pop("gevolgen", None))
    code, report = check_json(zkij)
    assert statuses(report)[4] == "deels"
    assert any("staat nog 1 open punt (inkoop.gevolgen)" in f for f in findings(report, 4))


def test_region_without_agreement_sections_is_checked_not_an_input_error(zkij):
    def strip(d):
        for key in ("proces", "inkoop", "toegang", "governance", "bovenregionaal",
                    "administratieve_lasten", "contractering", "tarieven"):  # fmt: skip
            d.pop(key)
        for gemeente in d["regio"]["gemeenten"]:
            gemeente.pop("vaststelling")

    edit_yaml(zkij, strip)
    code, report = check_json(zkij)
    assert code == 1
    assert set(statuses(report).values()) <= {"deels", "ontbreekt"}
    assert report["uitgangssituatie"]["nummer"] in (3, 4)


def test_missing_theme_block_and_strict_mode(zkij):
    (zkij / "content" / "thema-preventie.md").write_text(
        "---\nid: thema-preventie\ntitel: Preventie\nhoofdstuk: themas\n"
        "themas: [preventie]\n---\n\n",
        encoding="utf-8",
    )
    code, report = check_json(zkij)
    assert code == 0
    preventie = next(t for t in report["themas"] if t["id"] == "preventie")
    assert preventie["behandeld"] is False
    result = run_cli("check", zkij, "--strikt")
    assert result.returncode == 1
    assert "✘ Preventie en vroegsignalering" in result.stdout


def test_readable_table_and_exit_codes(zkij):
    result = run_cli("check", zkij)
    assert result.returncode == 0
    assert "✔ 7. Zorgvuldigheidseisen bij inkoop" in result.stdout
    assert "Resultaat: aan alle acht afspraken is voldaan." in result.stdout
    edit_yaml(zkij, _contract(einde="2023-12-31"))
    result = run_cli("check", zkij)
    assert result.returncode == 1
    assert "◐ 7. Zorgvuldigheidseisen bij inkoop" in result.stdout
    assert "De contractduur is 2 jaar" in result.stdout
    (zkij / "regio.yaml").write_text("regio: [\n", encoding="utf-8")
    result = run_cli("check", zkij)
    assert result.returncode == 2
    assert "regio.yaml is geen geldige YAML" in result.stderr


def _docx_heading_numbers(path) -> dict[str, str]:
    """Heading text -> the number Word shows, derived from the numbered heading styles."""
    import docx

    counters = [0, 0, 0]
    numbers = {}
    for paragraph in docx.Document(str(path)).paragraphs:
        name = paragraph.style.name
        if not name.startswith("Heading ") or int(name[-1]) > 3:
            continue
        num_pr = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
        if num_pr is not None and num_pr.numId is not None and num_pr.numId.val == 0:
            continue  # explicitly unnumbered (the annex)
        level = int(name[-1]) - 1
        counters[level] += 1
        counters[level + 1 :] = [0] * (2 - level)
        numbers[paragraph.text] = ".".join(map(str, counters[: level + 1]))
    return numbers


def test_vindplaatsen_use_the_numbers_the_documents_show(zkij):
    from html.parser import HTMLParser

    assert run_cli("build", zkij).returncode == 0
    _, report = check_json(zkij)

    class Headings(HTMLParser):
        def __init__(self):
            super().__init__()
            self.numbers, self._id, self._in_number = {}, None, False

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag in ("h2", "h3", "h4") and "id" in attrs:
                self._id = attrs["id"]
            elif attrs.get("class") in ("nummer", "paragraafnummer") and self._id:
                self._in_number = True

        def handle_data(self, data):
            if self._in_number:
                self.numbers[self._id] = data
                self._in_number, self._id = False, None

    parser = Headings()
    parser.feed((zkij / "build" / "regiovisie.html").read_text(encoding="utf-8"))
    word = _docx_heading_numbers(zkij / "build" / "regiovisie.docx")
    from regiovisie_builder.pipeline import read
    from regiovisie_builder.werkmap import Werkmap

    blokken = {b.id: b.titel for b in read(Werkmap(zkij)).document.blokken}
    places = [v for a in report["afspraken"] for v in a["vindplaatsen"]]
    places += [v for t in report["themas"] for v in t["vindplaatsen"]]
    assert len(places) > 20
    for place in places:
        assert parser.numbers[place["blok"]] == place["paragraaf"]
        assert word[blokken[place["blok"]]] == place["paragraaf"], place
