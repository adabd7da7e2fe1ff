"""Block bodies as sandboxed Jinja: markers for unfilled keys, strict errors for typos."""

import pytest

from regiovisie_builder.errors import ContentError
from regiovisie_builder.readers.blokken import read_blok
from regiovisie_builder.readers.regio import read_regio
from regiovisie_builder.readers.templates import MARKER_BEGIN, MARKER_END, context, render
from tests.readers.test_regio import MINIMAL


def blok(body: str):
    text = "---\nid: test\ntitel: Test\n---\n" + body
    return read_blok(text, "content/test.md", "standaard")


def vars_(extra: str = ""):
    return context(read_regio(MINIMAL + extra).data)


def test_region_data_and_dutch_filters():
    extra = "contractering:\n  ingang: 2022-01-01\n  einde: 2030-12-31\n"
    body = (
        "{{ regio.naam }}: {{ regio.gemeenten | opsomming('naam') }}, "
        "{{ contractering.ingang | datum }}, {{ jaren(contractering.ingang, contractering.einde) }}"
        " jaar, {{ 125000 | bedrag }}, {{ 'regionaal_tenzij' | omschrijving }}"
    )
    assert render(blok(body), vars_(extra)) == (
        "Testregio: Aadorp, 1 januari 2022, 9 jaar, € 125.000, regionaal, tenzij"
    )


def test_unfilled_schema_key_renders_as_marker_even_through_filters():
    body = "Start: {{ contractering.ingang | datum }}; {{ governance.aanspreekpunt.naam }}"
    out = render(blok(body), vars_())
    assert out == (
        f"Start: {MARKER_BEGIN}contractering.ingang{MARKER_END}; "
        f"{MARKER_BEGIN}governance.aanspreekpunt.naam{MARKER_END}"
    )


def test_unfilled_list_is_empty_and_falsy():
    body = (
        "{% for b in proces.betrokkenen %}x{% else %}leeg{% endfor %}"
        "{% if inkoop.model %}!{% endif %}"
    )
    assert render(blok(body), vars_()) == "leeg"


def test_typo_in_variable_is_an_error_with_file_line_and_suggestion():
    with pytest.raises(ContentError) as caught:
        render(blok("Regel een\n\n{{ regio.nam }}"), vars_())
    (problem,) = caught.value.problems
    assert problem.file == "content/test.md"
    assert problem.line == 7
    assert "'nam' bestaat niet in de regiogegevens. Bedoelt u 'naam'?" in problem.message


def test_unknown_top_level_variable_is_an_error():
    with pytest.raises(ContentError) as caught:
        render(blok("{{ contracteren.ingang }}"), vars_())
    assert "Bedoelt u 'contractering'?" in caught.value.problems[0].message


def test_malformed_jinja_names_the_line():
    with pytest.raises(ContentError) as caught:
        render(blok("a\n{% for g in regio.gemeenten %}\n{{ g.naam }}"), vars_())
    (problem,) = caught.value.problems
    assert problem.line >= 5
    assert "{% endfor %}" in problem.message


@pytest.mark.parametrize(
    "escape",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ regio.__class__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ regio._waarden }}",
    ],
)
def test_sandbox_escapes_are_refused(escape):
    with pytest.raises(ContentError) as caught:
        render(blok(escape), vars_())
    message = caught.value.problems[0].message
    assert "niet toegestaan" in message or "bestaat niet" in message
    assert "unsafe" not in message and "object" not in message  # Jinja's English


def test_no_file_access_from_a_block():
    with pytest.raises(ContentError):
        render(blok("{% include '/etc/passwd' %}"), vars_())


def test_filter_misuse_is_a_dutch_content_error():
    with pytest.raises(ContentError) as caught:
        render(blok("{{ regio.naam | datum }}"), vars_())
    assert "is geen datum" in caught.value.problems[0].message


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("{{ 1 / 0 }}", "bij het invullen ging iets mis: er wordt gedeeld door nul."),
        (
            "{{ 'a' + 1 }}",
            "twee waarden passen niet bij elkaar, bijvoorbeeld een tekst en een getal",
        ),
        ("{{ regio.naam() }}", "iets wordt gebruikt als lijst of als functie"),
        ("{{ regio.naam | bedrag }}", "bij het invullen ging iets mis: 'Testregio' is geen getal."),
        ("{{ (10 ** 400) / 3 }}", "bij het invullen ging iets mis: een getal wordt te groot."),
        ("{{ [] | random }}", "een gevraagde waarde bestaat niet, bijvoorbeeld omdat een lijst"),
        (
            "{{ regio.gemeenten[10].naam }}",
            "element 10 bestaat niet in de regiogegevens: de lijst is korter",
        ),
        (
            "{{ datum | datum }}",
            "'datum' bestaat niet in de regiogegevens. Bedoelt u 'document.datum'",
        ),
        ("{{ naam }}", "Bedoelt u 'regio.naam' of 'governance.aanspreekpunt.naam'?"),
        ("{% if %}x{% endif %}", "hier ontbreekt een waarde of een voorwaarde (vóór '%}')."),
        ("{% set x = %}", "hier ontbreekt een waarde of een voorwaarde (vóór '%}')."),
        ("{{ a b }}", "de Jinja-opmaak klopt niet: verwachtte '}}' maar vond 'b'."),
        ('{{ "abc }}', "onverwacht teken '\"': staat er een aanhalingsteken te veel of te weinig?"),
        ("{{ regio.naam ", "ontbreekt er een '}}' of '%}'?"),
    ],
)
def test_mistakes_in_a_block_are_explained_in_dutch(body, expected):
    # Python's own English messages and class names never reach the writer, and a key that
    # lives deeper in regio.yaml is named by its whole path.
    with pytest.raises(ContentError) as caught:
        render(blok(body), vars_())
    (problem,) = caught.value.problems
    assert expected in problem.message
    assert not problem.message.endswith("?.")
    for english in (
        "division",
        "concatenate",
        "object",
        "regiovisie_builder",
        "Expected",
        "'int'",
        "'str'",
    ):
        assert english not in problem.message


@pytest.mark.parametrize(
    "body",
    [
        "Gewone tekst.\n\n- een\n- twee\n",
        "Regels met\r\nWindows-einden\rklassieke einden\n\n\n",
        "Accolades { } en %} los, 50% en {niet} Jinja.\n",
        "",
    ],
)
def test_block_without_jinja_renders_exactly_as_jinja_would(body):
    from regiovisie_builder.readers.templates import _environment

    assert render(blok(body), vars_()) == _environment().from_string(body).render()
