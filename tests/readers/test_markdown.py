"""The Markdown reader: markdown-it's syntax tree to model blocks.

Every node type the parser (CommonMark, tables, footnotes) produces becomes a model node or
is left out on purpose; a node type the reader does not know stops the build with a Dutch
message that names the file and line, so no text vanishes from the document.
"""

from __future__ import annotations

import pytest

from regiovisie_builder.errors import ContentError
from regiovisie_builder.model import (
    BlockQuote,
    Code,
    CodeBlock,
    Emph,
    Figure,
    FootnoteRef,
    Heading,
    LineBreak,
    Link,
    ListBlock,
    Marker,
    Paragraph,
    Source,
    Strong,
    Table,
    Text,
)
from regiovisie_builder.readers import markdown
from regiovisie_builder.readers.markdown import read_markdown

# \ue000...\ue001: an open marker as the template step leaves it (readers/sjablonen.py).
EVERYTHING = """\
# Kop met *nadruk*

Tekst met *schuin*, **vet**, `code`, [een link](https://example.org/) en
een harde\\
regelafbreking[^1]. Open: \ue000regio.naam\ue001.

- een
- twee

3. drie
4. vier

> citaat

```
code
```

---

| Post | Bedrag |
|:-----|-------:|
| Huur | 10 |
| Rest |

Tabel: Kosten {.liggend}

![Kaart van de regio](kaart.png)
Figuur: De *regio*

[^1]: Een noot.
"""


def test_every_construct_becomes_its_model_node_with_its_source_line():
    outcome = read_markdown(EVERYTHING, "content/a.md", 10, "a")
    source = [getattr(b, "source", None) for b in outcome.blocks]
    assert [type(b) for b in outcome.blocks] == [
        Heading,
        Paragraph,
        ListBlock,
        ListBlock,
        BlockQuote,
        CodeBlock,
        Table,
        Figure,
    ]  # the thematic break (---) carries no content
    assert source == [Source("content/a.md", r) for r in (10, 12, 16, 19, 22, 24, 30, 37)]
    heading, paragraph, items, numbered, quote, code, table, figure = outcome.blocks
    assert heading == Heading(3, (Text("Kop met "), Emph((Text("nadruk"),))), "a-kop-met-nadruk",
                          Source("content/a.md", 10), block_id=None, numbered=True)  # fmt: skip
    assert paragraph.content == (
        Text("Tekst met "),
        Emph((Text("schuin"),)),
        Text(", "),
        Strong((Text("vet"),)),
        Text(", "),
        Code("code"),
        Text(", "),
        Link((Text("een link"),), "https://example.org/"),
        Text(" en een harde"),
        LineBreak(),
        Text("regelafbreking"),
        FootnoteRef("a:1"),
        Text(". Open: "),
        Marker("regio.naam"),
        Text("."),
    )
    assert not items.ordered and len(items.items) == 2
    assert numbered.ordered and numbered.start == 3
    assert quote.blocks == (Paragraph((Text("citaat"),), Source("content/a.md", 22)),)
    assert code.text == "code"
    assert table.header == ((Text("Post"),), (Text("Bedrag"),))
    assert table.rows == (((Text("Huur"),), (Text("10"),)), ((Text("Rest"),), ()))
    assert table.align == ("left", "right")
    assert table.caption == (Text("Kosten"),) and table.landscape
    assert (figure.alt, figure.path) == ("Kaart van de regio", "kaart.png")
    assert figure.caption == (Text("De "), Emph((Text("regio"),)))
    # The footnote plugin's back link does not end up in the footnote's text.
    assert outcome.footnotes == {
        "a:1": (Paragraph((Text("Een noot."),), Source("content/a.md", 40)),)
    }


def test_a_footnote_that_ends_in_a_list_keeps_only_its_content():
    text = "Zie[^n].\n\n[^n]: Noot:\n\n    - a\n    - b\n"
    outcome = read_markdown(text, "content/a.md", 1, "a")
    (paragraph, items) = outcome.footnotes["a:n"]
    assert paragraph.content == (Text("Noot:"),)
    assert isinstance(items, ListBlock) and len(items.items) == 2


def test_a_node_type_the_reader_does_not_know_stops_with_file_and_line(monkeypatch):
    # As if someone enabled a parser extension (here strikethrough) without teaching the
    # reader: the text must not silently disappear.
    parser = markdown._parser().__class__("commonmark", {"html": False}).enable("strikethrough")
    monkeypatch.setattr(markdown, "_parser", lambda: parser)
    with pytest.raises(ContentError) as error:
        read_markdown("Eerst.\n\nDit is ~~weg~~.\n", "content/a.md", 5, "a")
    (problem,) = error.value.problems
    assert str(problem) == (
        "content/a.md, regel 7: blok 'a': opmaak van de soort 's' kan niet in het document. "
        "Schrijf dit deel als gewone tekst."
    )


def test_deep_emphasis_is_refused_with_its_line_even_in_a_figure_caption():
    deep = "*" * 60 + "k" + "*" * 60
    with pytest.raises(ContentError) as error:
        read_markdown(f"Tekst.\n\n![Kaart](k.png)\nFiguur: {deep}\n", "content/a.md", 1, "a")
    (problem,) = error.value.problems
    assert problem.line == 3 and "meer dan 20 keer cursief" in problem.message


def test_an_earlier_problem_in_the_block_is_reported_before_deep_emphasis():
    deep = "*" * 3000 + "k" + "*" * 3000
    with pytest.raises(ContentError) as error:
        read_markdown(f"Zie ![kaart](k.png) en {deep}\n", "content/a.md", 1, "a")
    assert "midden in de tekst" in str(error.value)
    with pytest.raises(ContentError) as error:
        read_markdown(f"Zie {deep} en ![kaart](k.png)\n", "content/a.md", 1, "a")
    assert "te diep genest" in str(error.value)


def test_deep_emphasis_in_an_image_description_is_only_its_text():
    deep = "*" * 3000 + "k" + "*" * 3000
    (figure,) = read_markdown(f"![{deep}](k.png)\n", "content/a.md", 1, "a").blocks
    assert isinstance(figure, Figure) and figure.path == "k.png" and "k" in figure.alt


def _only_problem(text: str) -> tuple[int | None, str]:
    """Line and message of the one problem of reading ``text`` as block 'a' of
    content/a.md, from line 10."""
    with pytest.raises(ContentError) as error:
        read_markdown(text, "content/a.md", 10, "a")
    (problem,) = error.value.problems
    assert problem.file == "content/a.md"
    return problem.line, problem.message


FIGURE_IN_FOOTNOTE = (
    "een voetnoot kan geen afbeelding bevatten. Zet de afbeelding 'k.png' in de tekst zelf, "
    "in een eigen alinea met daaronder een regel 'Figuur: bijschrift'."
)
TABLE_IN_FOOTNOTE = (
    "een voetnoot kan geen tabel bevatten. Zet de tabel in de tekst zelf, met daaronder een "
    "regel 'Tabel: bijschrift'."
)
HEADING_IN_FOOTNOTE = (
    "een voetnoot kan geen kop bevatten. Schrijf de kop als gewone tekst, of zet hem in de "
    "tekst zelf."
)


@pytest.mark.parametrize(
    ("footnote", "where", "message"),
    [
        ("[^1]: ![Kaart](k.png)\n", "![", FIGURE_IN_FOOTNOTE),
        (
            "[^1]: Zie de kaart.\n\n    ![Kaart](k.png)\n    Figuur: De regio\n",
            "    ![",
            FIGURE_IN_FOOTNOTE,
        ),
        ("[^1]: Zie:\n\n    > ![Kaart](k.png)\n", "    > ![", FIGURE_IN_FOOTNOTE),
        (
            "[^1]: Zie de tabel.\n\n    | Jaar | Bedrag |\n    |---|---|\n    | 2026 | 1 |\n",
            "    | Jaar",
            TABLE_IN_FOOTNOTE,
        ),
        ("[^1]: Zie:\n\n    - ## Een kop\n", "    - ##", HEADING_IN_FOOTNOTE),
    ],
    ids=["picture-alone", "picture-after-text", "picture-in-a-quote", "table", "heading-in-a-list"],
)
def test_a_picture_table_or_heading_in_a_footnote_is_refused_with_its_line(
    footnote, where, message
):
    # The outputs have no place for them in a footnote: Word dropped a picture, the web
    # page showed a table without a number, the website lost a heading.
    text = f"Tekst[^1].\n\n{footnote}"
    line = 10 + text[: text.index(where)].count("\n")
    assert _only_problem(text) == (line, f"blok 'a': {message}")


def test_a_footnote_keeps_text_lists_quotes_and_code():
    text = (
        "Tekst[^1].\n\n[^1]: Eerst tekst.\n\n    - een punt\n\n    > een citaat\n\n        code\n"
    )
    outcome = read_markdown(text, "content/a.md", 1, "a")
    kinds = [type(b).__name__ for b in outcome.footnotes["a:1"]]
    assert kinds == ["Paragraph", "ListBlock", "BlockQuote", "CodeBlock"]


def test_a_footnote_that_refers_to_a_footnote_is_refused_with_its_line():
    # Word has no footnote inside a footnote; every writer dropped the inner one's text.
    text = "Tekst[^a].\n\n[^a]: Eerst.\n\n    Zie ook[^b].\n\n[^b]: Meer.\n"
    assert _only_problem(text) == (
        14,
        "blok 'a': een voetnoot verwijst naar voetnoot [^b]. Een voetnoot kan geen eigen "
        "voetnoot hebben. Zet die tekst in deze voetnoot, of zet [^b] in de tekst zelf.",
    )


def test_footnotes_the_text_never_refers_to_are_refused_each_with_its_line():
    # markdown-it leaves such a footnote out, so its text would vanish from every output.
    text = "Tekst[^a].\n\n[^a]: Gebruikt.\n\n[^los]: Niet gebruikt.\n   [^x]: Ook niet.\n"
    with pytest.raises(ContentError) as error:
        read_markdown(text, "content/a.md", 10, "a")
    assert [(p.line, p.message) for p in error.value.problems] == [
        (
            14,
            "blok 'a': de tekst verwijst nergens naar voetnoot [^los], dus die zou niet in het "
            "document komen. Zet [^los] in de tekst waar de voetnoot hoort, of haal de "
            "voetnoot weg.",
        ),
        (
            15,
            "blok 'a': de tekst verwijst nergens naar voetnoot [^x], dus die zou niet in het "
            "document komen. Zet [^x] in de tekst waar de voetnoot hoort, of haal de "
            "voetnoot weg.",
        ),
    ]


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (
            "- punt\n\n  | A | B |\n  |---|---|\n  | 1 | 2 |\n",
            "  | A",
            "een opsomming kan geen tabel bevatten. Zet de tabel na de opsomming, met daaronder "
            "een regel 'Tabel: bijschrift'.",
        ),
        (
            "1. punt\n\n   ![Kaart](k.png)\n   Figuur: De regio\n",
            "   ![",
            "een opsomming kan geen afbeelding bevatten. Zet de afbeelding 'k.png' na de "
            "opsomming, in een eigen alinea met daaronder een regel 'Figuur: bijschrift'.",
        ),
        (
            "- punt\n  # Kop\n",
            "  # Kop",
            "een opsomming kan geen kop bevatten. Schrijf de kop als gewone tekst, of zet hem "
            "na de opsomming.",
        ),
        (
            "> Citaat.\n>\n> - punt\n>\n>   | A | B |\n>   |---|---|\n",
            ">   | A",
            "een citaat kan geen tabel bevatten. Zet de tabel na het citaat, met daaronder een "
            "regel 'Tabel: bijschrift'.",
        ),
    ],
    ids=["table-in-a-list", "picture-in-a-list", "heading-in-a-list", "table-in-a-list-in-a-quote"],
)
def test_a_table_picture_or_heading_in_a_list_or_quote_is_refused_with_its_line(
    text, where, message
):
    # Headings, tables and figures are numbered at the top level (as Word's own numbering
    # counts them); inside a list or quote a table was shown as "Tabel None". The message
    # names the outermost place the block has to leave.
    line = 12 + text[: text.index(where)].count("\n")
    assert _only_problem(f"Tekst.\n\n{text}") == (line, f"blok 'a': {message}")


def test_two_footnotes_with_one_label_are_refused_with_both_lines():
    # markdown-it keeps the last definition: the first one's text would vanish.
    text = "Tekst[^a].\n\n[^a]: Eerste.\n\n[^a]: Tweede.\n"
    assert _only_problem(text) == (
        12,
        "blok 'a': er staan 2 voetnoten [^a] onderaan het blok (regel 12 en 14). Geef elke "
        "voetnoot een eigen naam, zoals [^a] en [^a-2].",
    )


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("Tekst [^q] zonder voetnoten.\n", 10),
        ("Tekst[^a].\n\n- punt [^q]\n\n[^a]: Wel.\n", 12),
        ("| A | B |\n|---|---|\n| [^q] | 1 |\n", 10),
    ],
    ids=["no-footnotes-at-all", "in-a-list", "in-a-table"],
)
def test_a_reference_to_a_footnote_that_does_not_exist_is_refused(text, line):
    # markdown-it leaves it as the text "[^q]": a typo would reach the council as is.
    assert _only_problem(text) == (
        line,
        "blok 'a': de tekst verwijst naar voetnoot [^q], maar die staat niet onderaan het "
        "blok. Voeg onderaan '[^q]: ...' toe, of verbeter de naam.",
    )


def test_footnote_syntax_in_code_or_escaped_stays_as_written():
    # ``\\[^3]`` is how a writer (and the Word import) shows the text "[^3]".
    text = "Schrijf `[^1]` in de tekst.\n\n    [^2]\n\nOf \\[^3] en \\[^4\\].\n"
    outcome = read_markdown(text, "content/a.md", 1, "a")
    assert [type(b).__name__ for b in outcome.blocks] == ["Paragraph", "CodeBlock", "Paragraph"]
    assert outcome.blocks[2].content == (Text("Of [^3] en [^4]."),)


def test_a_table_row_with_more_cells_than_the_header_is_refused_with_its_line():
    # markdown-it drops the extra cells (as GitHub does): their text would vanish.
    text = "| A | B |\n|---|---|\n| 1 | 2 |\n| 3 \\| drie | 4 | 5 |\n"
    assert _only_problem(text) == (
        13,
        "blok 'a': de rij '| 3 \\| drie | 4 | 5 |' heeft 3 cellen, de kopregel van de tabel 2. "
        "De cellen na de 2e zouden verdwijnen. Voeg de kolom toe aan de kopregel en aan de "
        "regel met streepjes, of haal de extra cellen weg. Let op: een | in een waarde uit "
        "regio.yaml telt ook als grens tussen cellen.",
    )


def test_short_table_rows_and_escaped_pipes_are_kept():
    text = "| A | B |\n|---|---|\n| 1 \\| een |\n| 2 |\n"
    (table,) = read_markdown(text, "content/a.md", 1, "a").blocks
    assert table.rows == (((Text("1 | een"),), ()), ((Text("2"),), ()))


@pytest.mark.parametrize(
    ("link", "message"),
    [
        (
            "[de site](www.voorbeeld.nl)",
            "de link 'www.voorbeeld.nl' is geen volledig webadres; zet https:// ervoor: "
            "https://www.voorbeeld.nl.",
        ),
        (
            "[de bijlage](bijlagen/plan%20van%20aanpak.pdf)",
            "de link 'bijlagen/plan van aanpak.pdf' is geen volledig webadres. Zo'n link werkt "
            "niet in het document, want het Word-bestand en de webpagina gaan zonder dat "
            "bestand op reis. Vul een volledig webadres in (https://...), of verwijs met # "
            "naar een kop, tabel of figuur.",
        ),
        (
            "[de kaart](C:/kaarten/regio.pdf)",
            "de link 'C:/kaarten/regio.pdf' is geen volledig webadres. Zo'n link werkt niet in "
            "het document, want het Word-bestand en de webpagina gaan zonder dat bestand op "
            "reis. Vul een volledig webadres in (https://...), of verwijs met # naar een kop, "
            "tabel of figuur.",
        ),
        (
            "[leeg]()",
            "een link heeft geen adres tussen de haakjes. Vul een volledig webadres in "
            "(https://...), of verwijs met # naar een kop, tabel of figuur.",
        ),
    ],
    ids=["www-without-https", "file-next-to-the-block", "drive-letter", "empty"],
)
def test_a_link_that_points_nowhere_in_a_travelling_document_is_refused(link, message):
    # The Word file and the web page travel alone: a relative link is broken in both.
    assert _only_problem(f"Eerst.\n\nZie {link} hier.\n") == (12, f"blok 'a': {message}")


def test_web_mail_phone_and_internal_links_are_kept():
    text = (
        "[a](https://x.nl) [b](mailto:griffie@x.nl) [c](tel:+31201234567) [d](#kop) <http://y.nl>"
    )
    (paragraph,) = read_markdown(text, "content/a.md", 1, "a").blocks
    targets = [i.target for i in paragraph.content if isinstance(i, Link)]
    assert targets == [
        "https://x.nl",
        "mailto:griffie@x.nl",
        "tel:+31201234567",
        "#kop",
        "http://y.nl",
    ]
