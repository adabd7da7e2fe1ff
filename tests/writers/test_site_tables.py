"""The site's tables: the directive's quick path gives the nodes docutils' list-table gives.

``RegiovisieTable`` reads the cells the site writer writes (one line each, always a
paragraph) with the inline parser only. This differential test writes 120 tables through
the real writer (``rst._Writer.table``) from generated model cells, full of characters that
mean something in reST, and parses each page twice with docutils: with the quick path and
with list-table's own parsing. The document trees (nodes, attributes, text, system
messages) must be the same. Content of another form (not written by our writer) must take
list-table's path and give its result, messages included.
"""

from __future__ import annotations

import random

import pytest
from docutils.core import publish_doctree
from docutils.parsers.rst import directives, roles

from regiovisie_builder.model import (
    Code,
    Emph,
    FootnoteRef,
    LineBreak,
    Link,
    Marker,
    Source,
    Strong,
    Table,
    Text,
)
from regiovisie_builder.writers.site import extension, rst

SOURCE = Source("content/proef.md", 1)
# Characters with a meaning in reST (markup, escapes, enumerators, literal blocks), letters
# that start enumerators, and ordinary text.
PIECES = [
    "*", "**", "`", "``", "_", "|", ":", "::", "\\", "[1]_", "<", ">", "-", "+", "#.", "1.",
    "B.", "iv.", "A)", "(a)", "..", ">>>", "=", "----", "€", "ë", " ", "  ", "tekst", "Zorg",
    "2021.", "x", "a_b", ":role:`z`", "http://a.b/c_d", "\t",
]  # fmt: skip


def _text(chance: random.Random) -> str:
    return "".join(chance.choice(PIECES) for _ in range(chance.randint(0, 6)))


def _inline(chance: random.Random, depth: int = 0) -> tuple:
    spans: list = []
    for _ in range(chance.randint(0, 4)):
        kind = chance.randrange(9 if depth == 0 else 1)
        if kind <= 2:
            spans.append(Text(_text(chance)))
        elif kind == 3:
            spans.append(Strong(_inline(chance, depth + 1)))
        elif kind == 4:
            spans.append(Emph(_inline(chance, depth + 1)))
        elif kind == 5:
            spans.append(Code(_text(chance)))
        elif kind == 6:
            spans.append(Link(_inline(chance, depth + 1), "https://example.org/" + _text(chance)))
        elif kind == 7:
            spans.append(Marker("regio." + chance.choice(["naam", "a_b", "x|y"])))
        else:
            spans.append(chance.choice([LineBreak(), FootnoteRef("n")]))
    return tuple(spans)


def _tables(count: int) -> list[Table]:
    chance = random.Random(2026)
    tables = []
    for number in range(count):
        columns = chance.randint(1, 4)
        rows = tuple(
            tuple(_inline(chance) for _ in range(chance.randint(1, columns)))
            for _ in range(chance.randint(1, 4))
        )
        header = tuple(_inline(chance) for _ in range(columns)) if chance.random() < 0.7 else ()
        align = tuple(chance.choice([None, "right", "center"]) for _ in range(columns))
        tables.append(Table(header, rows, align, SOURCE, _inline(chance), f"t{number}", number))
    return tables


def _page(lines: list[str]) -> str:
    """A page as the writer starts one (the |br| substitution), then ``lines``."""
    return "\n".join([".. |br| raw:: html", "", "   <br>", "", *lines, ""])


@pytest.fixture
def parse(monkeypatch: pytest.MonkeyPatch):
    """Parse reST with our directive and roles, either way: ``quick`` or list-table's.

    docutils keeps directives and roles in module-level registries, which Sphinx uses too:
    they are registered here on copies that are put back after the test."""
    monkeypatch.setattr(directives, "_directives", dict(directives._directives))
    monkeypatch.setattr(roles, "_roles", dict(roles._roles))
    directives.register_directive("regiovisie-tabel", extension.RegiovisieTable)
    roles.register_local_role("open", extension.open_role)
    roles.register_local_role("paragraaf", extension.paragraph_role)
    real = extension.RegiovisieTable._one_line_cells
    used: list[bool] = []

    def parse(text: str, quick: bool) -> str:
        def cells(self):
            found = real(self) if quick else None
            used.append(found is not None)
            return found

        monkeypatch.setattr(extension.RegiovisieTable, "_one_line_cells", cells)
        settings = {"report_level": 5, "halt_level": 5, "warning_stream": False}
        return publish_doctree(text, settings_overrides=settings).pformat()

    parse.used = used  # type: ignore[attr-defined]
    return parse


def test_quick_path_gives_list_tables_nodes_for_every_written_table(parse):
    tables = _tables(120)
    writer = rst._Writer(None, {"n": 1}, set())  # type: ignore[arg-type]
    lines = [line for table in tables for line in [*writer.table(table), ""]]
    text = _page(lines)
    quick = parse(text, quick=True)
    # Nearly every table takes the quick path; a cell such as "\\\\" (an escaped backslash)
    # matches docutils' pattern of a transition line and goes the long way.
    assert len(parse.used) == len(tables) and parse.used.count(True) > 0.95 * len(tables)
    parse.used.clear()
    assert quick == parse(text, quick=False)
    assert quick.count("<table") == len(tables)
    assert "<paragraph" in quick and "<entry>" in quick


@pytest.mark.parametrize(
    "body",
    [
        ["   * - `open", "     - text::"],  # markup left open; a literal block would follow
        ["   * - a", "   * - b", "     - c"],  # rows of different lengths: list-table's error
        ["   * - a", "", "     - b"],  # a blank line in the list
        ["   * -  two spaces"],  # not the writer's form
        ["   * - - a nested list"],
        ["   * - A. Zorg"],  # an enumerator (the writer escapes it; as raw content a list)
        ["   - a"],  # no row marker
    ],
)
def test_other_content_gives_list_tables_result(parse, body):
    text = _page([".. regiovisie-tabel:: Proef", "   :header-rows: 0", "", *body])
    assert parse(text, quick=True) == parse(text, quick=False)
