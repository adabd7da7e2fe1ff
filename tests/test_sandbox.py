"""The sandbox's limits end a runaway template early, and leave ordinary templates alone."""

import pytest

from regiovisie_builder.sandbox import ChangeError, LimitError, Sandbox, limited


def fill_in(text: str) -> str:
    return limited(Sandbox().from_string(text).generate, {})


@pytest.mark.parametrize(
    "text",
    [
        "{{ 9**999999999 }}",
        "{{ 7 * 2**64000 }}",
        "{{ [1] * 10**9 }}",
        "{{ 'a' * 10**9 }}",
        "{{ ('a' * 1500000) + ('b' * 1500000) }}",
        "{{ '%0999999999d' % 1 }}",
        "{{ ('a' * 1000000) | replace('a', 'aaaa') }}",
        "{{ ('x\n' * 100000) | indent(1000) }}",
        "{{ 'a'.rjust(10**9) }}",
        "{{ '%*d' % (10**9, 1) }}",
        "{{ '{:{}}'.format(1, 10**9) }}",
        "{{ '%*d' | format(10**9, 1) }}",
        "{{ 'a b' | wordwrap(10**9) }}",
        "{% for i in range(10) %}{{ 'x' * 300000 }}{% endfor %}",
        "{% for a in 'x' * 100000 %}{% for b in 'x' * 100000 %}{% endfor %}{% endfor %}",
        "{% macro m() %}{{ caller() }}{% endmacro %}"
        "{% macro r(n) %}{{ r(n) }}{% endmacro %}{{ r(0) }}",
    ],
)
def test_limits_stop_runaway_templates(text):
    with pytest.raises(LimitError):
        fill_in(text)


def test_ordinary_templates_still_work():
    text = (
        "{{ 2 ** 10 }} {{ 'ab' * 3 }} {% for i in range(3) %}{{ i }}{% endfor %} "
        "{{ 'x' | center(5) }}|{{ '{:>4}'.format(7) }} {{ '%03d' % 7 }} "
        "{% set ns = namespace(n=0) %}{% for i in range(5) %}{% set ns.n = ns.n + i %}"
        "{% endfor %}{{ ns.n }} {{ lipsum(1, html=False) | length > 0 }} "
        "{{ '%d' | format(1250000) }} {{ '{}'.format(1250000) }} {{ '%d' % 1250000 }}"
    )
    assert fill_in(text) == "1024 ababab 012   x  |   7 007 10 True 1250000 1250000 1250000"


def test_each_rendering_gets_a_fresh_budget():
    template = Sandbox().from_string("{% for i in range(90000) %}{% endfor %}ok")
    for _ in range(30):  # 2.7 million steps together, well below the limit each time
        assert limited(template.generate, {}) == "ok"


@pytest.mark.parametrize(
    "text", ["{{ data.update(a=2) }}", "{{ data.b.append(3) }}", "{{ data.b.sort() }}"]
)
def test_a_template_cannot_change_what_it_is_given(text):
    data = {"a": 1, "b": [2, 1]}
    with pytest.raises(ChangeError, match="het probeert gegevens te veranderen"):
        limited(Sandbox().from_string(text).generate, {"data": data})
    assert data == {"a": 1, "b": [2, 1]}


def test_python_errors_get_a_plain_dutch_reason():
    from regiovisie_builder.sandbox import runtime_message

    assert runtime_message(IndexError("list index out of range")).endswith(
        "een element bestaat niet: de lijst of tekst is korter."
    )
    assert "onderdeel" in runtime_message(AttributeError("'str' object has no attribute 'x'"))
    for error in (IndexError("list index out of range"), AttributeError("'str' object")):
        assert "index" not in runtime_message(error) and "object" not in runtime_message(error)
