"""How readers respond: the channels in regio.yaml, the link per paragraph, the warnings."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

from lxml import html as lxml_html

from regiovisie_builder.writers.channels import respond_link
from tests.conftest import copy_example, edit_yaml, run_cli


def test_form_link_fills_in_paragraph_and_version_url_encoded():
    form = "https://formulier.example/r?par={paragraaf}&v={versie}"
    address = respond_link(form, "x@regio.example", "0.9 concept&", "2.3.1")
    assert parse_qs(urlsplit(address).query) == {"par": ["2.3.1"], "v": ["0.9 concept&"]}


def test_mail_link_when_there_is_no_form():
    address = respond_link("", "reacties@regio.example", "0.9", "2.3.1")
    assert address.startswith("mailto:reacties@regio.example?subject=")
    assert unquote(address.split("subject=", 1)[1]) == "Reactie op 2.3.1 – versie 0.9"
    assert respond_link("", "", "0.9", "2.3.1") == ""


def test_consultation_pages_get_a_respond_link_under_every_numbered_heading(tmp_path):
    werkmap = copy_example("rotterdam-rijnmond", tmp_path)
    outcome = run_cli("build", werkmap, "--formaat", "html")
    assert outcome.returncode == 0, outcome.stderr
    assert "Let op" not in outcome.stdout
    page = lxml_html.fromstring((werkmap / "build" / "regiovisie.html").read_bytes())
    headings = page.xpath(
        "//main//*[self::h2 or self::h3 or self::h4][a[@class='paragraafnummer']]"
    )
    assert len(headings) > 20
    for heading in headings:
        number = heading.xpath("./a[@class='paragraafnummer']")[0].text_content()
        link = heading.getnext().xpath("./a")[0]
        assert link.text_content() == f"Reageer op {number}"
        assert parse_qs(urlsplit(link.get("href")).query)["paragraaf"] == [number]

    # A final version invites no reactions.
    edit_yaml(werkmap, lambda d: d["document"].update(status="definitief"))
    assert run_cli("build", werkmap, "--formaat", "html").returncode == 0
    definitief = (werkmap / "build" / "regiovisie.html").read_text(encoding="utf-8")
    assert "Reageer op" not in definitief


def test_a_form_address_that_is_not_https_is_an_input_error(tmp_path):
    werkmap = copy_example("rotterdam-rijnmond", tmp_path)
    for address in ("http://formulier.example/r", "javascript:alert(1)", "ftp://x.example/"):
        edit_yaml(werkmap, lambda d, a=address: d["consultatie"].update(formulier=a))
        outcome = run_cli("build", werkmap, "--formaat", "html")
        assert outcome.returncode == 2, address
        assert "consultatie.formulier" in outcome.stderr and "https://" in outcome.stderr
        assert "Traceback" not in outcome.stderr
        assert not (werkmap / "build" / "regiovisie.html").exists()


def test_consultation_without_date_or_channel_warns_and_strict_check_fails(tmp_path):
    werkmap = copy_example("rotterdam-rijnmond", tmp_path)
    assert run_cli("check", werkmap, "--strikt").returncode == 0

    def without(d):
        d["consultatie"] = {"wijze": "Reageer gerust."}

    edit_yaml(werkmap, without)
    outcome = run_cli("build", werkmap, "--formaat", "html")
    assert outcome.returncode == 0, outcome.stderr
    assert "Let op: Dit is een consultatieversie, maar regio.yaml noemt geen laatste dag" in (
        outcome.stdout
    )
    assert "zegt niet hoe lezers kunnen reageren" in outcome.stdout
    assert run_cli("check", werkmap).returncode == 0
    strict = run_cli("check", werkmap, "--strikt")
    assert strict.returncode == 1
    assert "consultatie.reageren_tot" in strict.stderr
