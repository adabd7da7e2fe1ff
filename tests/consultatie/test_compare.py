"""Model-level comparison: accepting every change gives the new text, rejecting the old."""

from __future__ import annotations

import datetime as dt

from regiovisie_builder.consultatie.compare import ADDED, CHANGED, DELETED, compare
from regiovisie_builder.consultatie.words import LARGE, compare_content, counts
from regiovisie_builder.model import (
    BlockQuote,
    Del,
    Document,
    Emph,
    Heading,
    Ins,
    Link,
    ListBlock,
    Meta,
    Paragraph,
    Revision,
    Source,
    Strong,
    Text,
)
from regiovisie_builder.readers.markdown import read_markdown
from regiovisie_builder.transforms.numbering import number

SOURCE = Source("test.md")
META = Meta("regiovisie", "Titel", "Regio", ("A",), "K", "1.0", "concept", dt.date(2024, 1, 1))


def resolve(node, accept: bool):
    """Apply the tracked changes in a merged model: accept or reject them all."""
    keep, drop = (Ins, Del) if accept else (Del, Ins)
    if isinstance(node, tuple):
        out = []
        for item in node:
            if isinstance(item, drop):
                continue
            if isinstance(item, Revision):
                if (item.kind == "ins") == accept:
                    out += [resolve(b, accept) for b in item.blocks]
                continue
            if isinstance(item, keep):
                out += list(resolve(item.content, accept))
                continue
            out.append(resolve(item, accept))
        return merge_text(tuple(out))
    if isinstance(node, Paragraph | Heading | Emph | Strong | Link):
        from dataclasses import replace

        return replace(node, content=resolve(node.content, accept))
    if isinstance(node, ListBlock):
        from dataclasses import replace

        items = [resolve(item, accept) for item in node.items]
        return replace(node, items=tuple(i for i in items if i))
    if isinstance(node, BlockQuote):
        from dataclasses import replace

        return replace(node, blocks=resolve(node.blocks, accept))
    return node


def merge_text(items: tuple) -> tuple:
    """Normal form: no empty spans, neighbouring text and equal wrappers joined."""
    from dataclasses import replace

    out: list = []
    for item in items:
        if isinstance(item, Emph | Strong | Link) and not item.content:
            continue
        if isinstance(item, Text) and not item.text:
            continue
        if isinstance(item, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + item.text)
        elif (
            isinstance(item, Emph | Strong | Link)
            and out
            and type(out[-1]) is type(item)
            and getattr(out[-1], "target", None) == getattr(item, "target", None)
        ):
            out[-1] = replace(item, content=merge_text(out[-1].content + item.content))
        else:
            out.append(item)
    return tuple(out)


def normal(blocks) -> tuple:
    """Blocks without source lines, ids and numbers (what the reader sees)."""
    from regiovisie_builder.consultatie.compare import key

    return tuple(key(b) for b in blocks)


def document(markdown_per_block: dict[str, str]) -> Document:
    body: list = [Heading(1, (Text("Hoofdstuk"),), "h", SOURCE)]
    footnotes: dict = {}
    for blok, markdown in markdown_per_block.items():
        body.append(Heading(2, (Text(blok.title()),), blok, SOURCE, block_id=blok))
        outcome = read_markdown(markdown, f"{blok}.md", 1, blok)
        body += outcome.blocks
        footnotes.update(outcome.footnotes)
    return number(Document(META, tuple(body), footnotes))


def check_roundtrip(old: Document, new: Document):
    merged = compare(old, new)
    assert normal(resolve(merged.document.body, accept=True)) == normal(new.body)
    assert normal(resolve(merged.document.body, accept=False)) == normal(old.body)
    return merged


def test_words_inside_formatting_and_links():
    old = (
        Text("De "),
        Strong((Text("lokale teams"),)),
        Text(" helpen "),
        Link((Text("hier"),), "#a"),
    )
    new = (
        Text("De "),
        Strong((Text("wijkteams"),)),
        Text(" helpen snel "),
        Link((Text("daar"),), "#a"),
    )
    merged = compare_content(old, new)
    assert merged[1] == Strong((Del((Text("lokale teams"),)), Ins((Text("wijkteams"),))))
    assert Ins((Text("snel "),)) in merged
    # Changed link text stays inside the link (Word allows runs, not links, in w:ins/w:del).
    assert Link((Del((Text("hier"),)),), "#a") in merged
    assert Link((Ins((Text("daar"),)),), "#a") in merged
    assert counts(merged) == (3, 3)
    assert resolve(merged, accept=True) == merge_text(new)
    assert resolve(merged, accept=False) == merge_text(old)


def test_paragraphs_lists_tables_and_quotes_roundtrip():
    old = document(
        {
            "een": "Eerste alinea blijft.\n\nTweede alinea met *oude* woorden.\n\n"
            "- appel\n- peer\n- banaan\n\n> Een citaat.\n",
            "twee": "| a | b |\n|---|---|\n| 1 | 2 |\n\nWeg met deze alinea.\n",
            "drie": "Dit blok verdwijnt helemaal.\n",
        }
    )
    new = document(
        {
            "een": "Eerste alinea blijft.\n\nTweede alinea met *nieuwe* woorden erbij.\n\n"
            "- appel\n- peren en meer\n- kiwi\n- banaan\n\n> Een ander citaat.\n",
            "twee": "| a | b |\n|---|---|\n| 1 | 3 |\n",
            "vier": "Een nieuw blok met **vet**.\n",
        }
    )
    merged = check_roundtrip(old, new)
    soorten = {(w.block_id, w.soort, w.component) for w in merged.changes}
    assert ("een", CHANGED, "alinea 2") in soorten
    assert ("een", CHANGED, "lijst 1") in soorten
    assert ("twee", CHANGED, "tabel 1") in soorten
    assert ("twee", DELETED, "alinea") in soorten
    assert ("drie", DELETED, "hele paragraaf") in soorten
    assert ("vier", ADDED, "hele paragraaf") in soorten
    assert not any(w.component == "alinea 1" for w in merged.changes)
    assert set(merged.changed_blokken) == {"een", "twee", "drie", "vier"}


def test_identical_documents_have_no_changes():
    old = document({"een": "Tekst.\n\n- a\n- b\n"})
    merged = compare(old, document({"een": "Tekst.\n\n- a\n- b\n"}))
    assert merged.changes == ()
    assert normal(merged.document.body) == normal(old.body)


def test_huge_paragraph_stays_correct():
    words = [f"woord{i % 97}" for i in range(LARGE * 2)]
    old = (Text(" ".join(words)),)
    new_words = list(words)
    new_words[10] = "anders"
    new_words[-5] = "ook-anders"
    new = (Text(" ".join(new_words)),)
    merged = compare_content(old, new)
    assert resolve(merged, accept=True) == new
    assert resolve(merged, accept=False) == old


def test_changed_block_title_and_sub_heading():
    from dataclasses import replace

    old = document({"een": "# Oude tussenkop\n\nTekst.\n"})
    new = document({"een": "# Nieuwe tussenkop\n\nTekst.\n"})
    body = list(new.body)
    body[1] = replace(body[1], content=(Text("Een betere titel"),))
    new = replace(new, body=tuple(body))
    merged = check_roundtrip(old, new)
    heading = merged.document.body[1]
    assert heading.content == (Text("Een"), Ins((Text(" betere titel"),)))
    kinds = [(w.section_number, w.component, w.soort) for w in merged.changes]
    assert kinds == [("1.1", "kop", CHANGED), ("1.1.1", "tussenkop", CHANGED)]


def test_changed_footnote_is_listed_and_tracked():
    old = document({"een": "Tekst met noot.[^1]\n\n[^1]: Bron: rapport 2020.\n"})
    new = document({"een": "Tekst met noot.[^1]\n\n[^1]: Bron: rapport 2023.\n"})
    merged = check_roundtrip(old, new)
    [change] = merged.changes
    assert (change.component, change.block_id) == ("voetnoot 1", "een")
    [note] = merged.document.footnotes["een:1"]
    assert Del((Text("2020."),)) in note.content and Ins((Text("2023."),)) in note.content


def test_moved_block_is_listed_once_as_moved():
    old = document({"een": "Eerste.\n", "twee": "Tweede.\n", "drie": "Derde.\n"})
    new = document({"twee": "Tweede.\n", "drie": "Derde.\n", "een": "Eerste.\n"})
    merged = check_roundtrip(old, new)
    [change] = merged.changes
    assert (change.soort, change.block_id) == ("verplaatst", "een")
    assert change.component == "hele paragraaf (was 1.1)"
    assert change.section_number == "1.3"
    assert change.new == "(tekst ongewijzigd)"


def test_moved_block_with_unchanged_text_is_one_named_move():
    old = document({"een": "Eerste.\n", "twee": "Tweede.\n", "drie": "Derde.\n"})
    new = document({"twee": "Tweede.\n", "drie": "Derde.\n", "een": "Eerste.\n"})
    revisions = [b for b in check_roundtrip(old, new).document.body if isinstance(b, Revision)]
    assert [(r.kind, r.move) for r in revisions] == [
        ("del", "verplaatsing1"),
        ("ins", "verplaatsing1"),
    ]


def test_moved_block_with_new_text_or_a_table_stays_a_deletion_and_an_insertion():
    table = "| a | b |\n|---|---|\n| 1 | 2 |\n"
    for one_old, one_new in (("Eerste.\n", "Eerste, nu anders.\n"), (table, table)):
        old = document({"een": one_old, "twee": "Tweede.\n", "drie": "Derde.\n"})
        new = document({"twee": "Tweede.\n", "drie": "Derde.\n", "een": one_new})
        revisions = [b for b in check_roundtrip(old, new).document.body if isinstance(b, Revision)]
        assert [(r.kind, r.move) for r in revisions] == [("del", ""), ("ins", "")]


def test_random_edits_roundtrip():
    import random

    rng = random.Random(7)
    words = [
        "de",
        "het",
        "een",
        "jeugd",
        "hulp",
        "regio",
        "gemeente",
        "raad",
        "ouders",
        "zorg",
        "snel",
        "samen",
    ]

    def spans(n):
        out = []
        for _ in range(n):
            text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 4))) + " "
            kind = rng.choice(["t", "t", "em", "strong", "link"])
            if kind == "t":
                out.append(Text(text))
            elif kind == "em":
                out.append(Emph((Text(text),)))
            elif kind == "strong":
                out.append(Strong((Text(text),)))
            else:
                out.append(Link((Text(text),), f"#{rng.choice(words)}"))
        return merge_text(tuple(out))

    for _ in range(200):
        old, new = spans(rng.randint(0, 6)), spans(rng.randint(0, 6))
        merged = compare_content(old, new)
        assert resolve(merged, accept=True) == merge_text(new)
        assert resolve(merged, accept=False) == merge_text(old)


def test_random_block_edits_roundtrip():
    import random

    rng = random.Random(11)
    sentences = [
        "Wij werken samen.",
        "De regio koopt in.",
        "Ouders worden gehoord.",
        "Jongeren praten mee.",
        "De raad besluit.",
        "Hulp dichtbij huis.",
    ]

    def markdown():
        parts = []
        for _ in range(rng.randint(1, 5)):
            if rng.random() < 0.3:
                items = rng.sample(sentences, rng.randint(1, 4))
                parts.append("\n".join(f"- {i}" for i in items))
            else:
                parts.append(" ".join(rng.sample(sentences, rng.randint(1, 3))))
        return "\n\n".join(parts) + "\n"

    for _ in range(60):
        blocks = rng.sample(["a", "b", "c", "d"], rng.randint(1, 4))
        old = document({b: markdown() for b in blocks})
        new = document({b: markdown() for b in rng.sample(["a", "b", "c", "d"], 3)})
        check_roundtrip(old, new)


def appendix(sections: dict[str, str]) -> Document:
    """An appendix block whose own headings start sections A.1, A.2, ... without a block id."""
    body: list = [Heading(1, (Text("Bijlage"),), "b", SOURCE, block_id="bijlage", appendix=True)]
    for anchor, markdown in sections.items():
        body.append(Heading(2, (Text(anchor.title()),), anchor, SOURCE))
        body += read_markdown(markdown, "bijlage.md", 1, "bijlage").blocks
    return number(Document(META, tuple(body), {}))


def test_changes_in_an_appendix_section_are_known_by_that_section():
    old = appendix({"een": "Eerste.\n", "twee": "Tweede.\n"})
    new = appendix({"een": "Eerste.\n", "twee": "Tweede, nu anders.\n"})
    merged = check_roundtrip(old, new)
    [change] = merged.changes
    assert (change.section_number, change.block_id) == ("A.2", "twee")
    # As the reaction register places a reaction on A.2 (its heading's id).
    assert list(merged.changed_blokken) == ["twee"]


def test_two_different_appendix_sections_are_no_move():
    # One section removed and another added: before, both had the block id "" and were
    # listed as one moved section.
    old = appendix({"een": "Eerste.\n", "twee": "Tweede.\n"})
    new = appendix({"twee": "Tweede.\n", "drie": "Derde.\n"})
    merged = check_roundtrip(old, new)
    assert sorted((c.soort, c.block_id) for c in merged.changes) == [
        (ADDED, "drie"),
        (DELETED, "een"),
    ]
    revisions = [b for b in merged.document.body if isinstance(b, Revision)]
    assert [(r.kind, r.move) for r in revisions] == [("del", ""), ("ins", "")]
