"""``regiovisie diff``: change overview and a .docx with Word tracked changes."""

from __future__ import annotations

import copy
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document as WordDocument
from lxml import etree

from tests.commands.versioning import change_to_1_0, publish
from tests.conftest import ROOT, copy_built, copy_example, require_tool, run_cli

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REVISIONS = "regiovisie-0.9-1.0-wijzigingen.docx"


def document_xml(path: Path):
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read("word/document.xml"))


def _unwrap(element) -> None:
    parent = element.getparent()
    index = parent.index(element)
    for child in reversed(list(element)):
        parent.insert(index, child)
    parent.remove(element)


def apply_revisions(root, accept: bool):
    """Accept or reject every tracked change (moves included), following the OOXML semantics."""
    root = copy.deepcopy(root)
    keep, drop = (("ins", "moveTo"), ("del", "moveFrom"))
    if not accept:
        keep, drop = drop, keep
    drop_tags = [W + t for t in drop]
    # A paragraph or table row whose own mark is dropped disappears (with its content).
    for mark in list(root.iter(*drop_tags)):
        parent = mark.getparent()
        if parent.tag == W + "rPr" and parent.getparent().tag == W + "pPr":
            paragraph = parent.getparent().getparent()
            paragraph.getparent().remove(paragraph)
        elif parent.tag == W + "trPr":
            row = parent.getparent()
            row.getparent().remove(row)
    for table in list(root.iter(W + "tbl")):
        if table.find(W + "tr") is None:
            table.getparent().remove(table)
    for mark in list(root.iter(*drop_tags)):
        mark.getparent().remove(mark)
    for mark in list(root.iter(*[W + t for t in keep])):
        if mark.getparent().tag in (W + "rPr", W + "trPr"):
            mark.getparent().remove(mark)
        else:
            _unwrap(mark)
    for soort in ("moveFrom", "moveTo"):
        for limit in list(root.iter(W + soort + "RangeStart", W + soort + "RangeEnd")):
            limit.getparent().remove(limit)
    for text in root.iter(W + "delText"):
        text.tag = W + "t"
    return root


def paragraph_text(p) -> str:
    """The text of a paragraph without field results (Word recomputes those, e.g. SEQ)."""
    parts, in_result = [], False
    for node in p.iter(W + "t", W + "fldChar"):
        if node.tag == W + "fldChar":
            in_result = node.get(W + "fldCharType") == "separate"
        elif not in_result:
            parts.append(node.text or "")
    return "".join(parts)


def body_texts(root) -> list[str]:
    """Texts of all paragraphs (tables included) from the first chapter heading on."""
    texts, started = [], False
    for p in root.find(W + "body").iter(W + "p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(W + "val") == "Heading1":
            started = True
        if started:
            texts.append(paragraph_text(p))
    return texts


def diff(werkmap: Path, *versies: str):
    result = run_cli("diff", werkmap, *versies)
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def published_once(tmp_path_factory) -> Path:
    """The example with version 0.9 published, once for the module. Read-only: tests get a
    copy (``published``)."""
    werkmap = copy_example("zuid-kennemerland-ijmond", tmp_path_factory.mktemp("gepubliceerd"))
    publish(werkmap)
    return werkmap


@pytest.fixture
def published(published_once, tmp_path) -> Path:
    """A copy of the example with version 0.9 published, for a test to change."""
    return copy_built(published_once, tmp_path)


@pytest.fixture(scope="module")
def compared(published_once, tmp_path_factory) -> tuple[Path, str]:
    """0.9 and 1.0 published and compared once (workspace, stdout of ``diff 0.9 1.0``) for the
    tests that only read the comparison; none of them changes the workspace."""
    werkmap = copy_built(published_once, tmp_path_factory.mktemp("vergeleken"))
    change_to_1_0(werkmap)
    publish(werkmap)
    return werkmap, diff(werkmap, "0.9", "1.0").stdout


@pytest.fixture(scope="module")
def moved(published_once, tmp_path_factory) -> Path:
    """After 0.9, a whole block moved to another place; compared with the working copy and
    the working copy built as docx, once for the module. Read-only."""
    werkmap = copy_built(published_once, tmp_path_factory.mktemp("verplaatst"))
    blok = werkmap / "content" / "inleiding-aanleiding.md"
    blok.write_text(blok.read_text(encoding="utf-8").replace("volgorde: 10", "volgorde: 30"))
    diff(werkmap, "0.9")
    assert run_cli("build", werkmap, "-f", "docx").returncode == 0
    return werkmap


def test_tracked_changes_mark_changed_words(compared):
    zkij, output = compared
    assert "Versie 0.9 → 1.0" in output
    root = document_xml(zkij / "build" / REVISIONS)
    inserted = ["".join(i.itertext()) for i in root.iter(W + "ins")]
    deleted = ["".join(d.itertext()) for d in root.iter(W + "del")]
    assert "een goed" in inserted
    assert " grondig" in inserted
    assert "het" in deleted
    assert "Velsen" in inserted and "Haarlem, namens de regio" in deleted  # via Jinja
    assert any(d.startswith("We vroegen de commissies") for d in deleted)
    for mark in [*root.iter(W + "ins"), *root.iter(W + "del")]:
        assert mark.get(W + "author") == "regiovisie"
        assert mark.get(W + "date") == "2021-03-15T00:00:00Z"
        assert mark.get(W + "id")
    ids = [m.get(W + "id") for m in root.iter(W + "ins", W + "del", W + "bookmarkStart")]
    assert len(ids) == len(set(ids))
    # Deleted words are w:delText, never w:t.
    for mark in root.iter(W + "del"):
        assert mark.find(f".//{W}t") is None
    # The new paragraph is a whole-paragraph insertion: its paragraph mark is marked too.
    new = [
        p
        for p in root.iter(W + "p")
        if "".join(p.itertext()) == "Tijdens de consultatie kwamen veertig reacties binnen."
    ]
    assert len(new) == 1
    assert new[0].find(f"{W}pPr/{W}rPr/{W}ins") is not None


def test_accept_all_gives_new_version_and_reject_all_gives_old(compared):
    zkij, _ = compared
    root = document_xml(zkij / "build" / REVISIONS)
    old = body_texts(document_xml(zkij / "versies/0.9/uitvoer/regiovisie.docx"))
    new = body_texts(document_xml(zkij / "versies/1.0/uitvoer/regiovisie.docx"))
    assert old != new
    assert body_texts(apply_revisions(root, accept=True)) == new
    assert body_texts(apply_revisions(root, accept=False)) == old


def test_whole_block_added_and_removed(published):
    zkij = published
    (zkij / "content" / "regio-was-wordt.md").unlink()
    (zkij / "content" / "inleiding-nieuw.md").write_text(
        "---\nid: inleiding-nieuw\ntitel: Wat de consultatie opleverde\nhoofdstuk: inleiding\n"
        "volgorde: 15\n---\nDe reacties gingen vooral over de **toegang**.\n\n"
        "- meer uitleg\n- kortere wachttijden\n",
        encoding="utf-8",
    )
    result = diff(zkij, "0.9")  # against the working copy
    assert "werkkopie" in result.stdout
    path = zkij / "build" / "regiovisie-0.9-werkkopie-wijzigingen.docx"
    root = document_xml(path)
    old = body_texts(document_xml(zkij / "versies/0.9/uitvoer/regiovisie.docx"))
    accepted = body_texts(apply_revisions(root, accept=True))
    assert body_texts(apply_revisions(root, accept=False)) == old
    assert "Wat de consultatie opleverde" in accepted
    assert "Wat de consultatie opleverde" not in old
    assert "meer uitleg" in accepted
    overview = WordDocument(str(zkij / "build" / "wijzigingsoverzicht-0.9-werkkopie.docx"))
    rows = [[c.text for c in row.cells] for t in overview.tables for row in t.rows]
    assert any(r[0].endswith("Wat de consultatie opleverde") and "toegevoegd" in r[1] for r in rows)
    assert any(r[0].startswith("(was)") and "verwijderd" in r[1] for r in rows)


def test_moved_block_is_a_word_move(moved):
    zkij = moved
    overview = (zkij / "build" / "wijzigingsoverzicht-0.9-werkkopie.html").read_text("utf-8")
    assert "verplaatst" in overview
    root = document_xml(zkij / "build" / "regiovisie-0.9-werkkopie-wijzigingen.docx")

    [of] = root.iter(W + "moveFromRangeStart")
    [to] = root.iter(W + "moveToRangeStart")
    assert of.get(W + "name") == to.get(W + "name")
    assert [e.get(W + "id") for e in root.iter(W + "moveFromRangeEnd")] == [of.get(W + "id")]
    assert [e.get(W + "id") for e in root.iter(W + "moveToRangeEnd")] == [to.get(W + "id")]
    away = "".join(t.text for m in root.iter(W + "moveFrom") for t in m.iter(W + "t"))
    hier = "".join(t.text for m in root.iter(W + "moveTo") for t in m.iter(W + "t"))
    assert away == hier and len(hier) > 200  # the whole block, text unchanged (w:t, no delText)
    assert root.find(f".//{W}moveFrom//{W}delText") is None
    assert root.find(f".//{W}del") is None and root.find(f".//{W}ins") is None
    for mark in root.iter(W + "moveFrom", W + "moveTo"):
        assert mark.get(W + "author") == "regiovisie" and mark.get(W + "id")

    old = body_texts(document_xml(zkij / "versies/0.9/uitvoer/regiovisie.docx"))
    new = body_texts(document_xml(zkij / "build" / "regiovisie.docx"))  # built by ``moved``
    assert old != new
    assert body_texts(apply_revisions(root, accept=True)) == new
    assert body_texts(apply_revisions(root, accept=False)) == old
    # LibreOffice opening it: test_libreoffice_converts_tracked_changes.


def test_change_overview_lists_changes_per_chapter_with_numbers(compared):
    zkij, _ = compared
    overview = WordDocument(str(zkij / "build" / "wijzigingsoverzicht-0.9-1.0.docx"))
    headings = [p.text for p in overview.paragraphs if p.style.name == "Heading 1"]
    assert "1 Inleiding" in headings
    intro = next(p.text for p in overview.paragraphs if p.text.startswith("Dit overzicht"))
    assert "tussen versie 0.9 (16 februari 2021) en versie 1.0 (15 maart 2021)" in intro
    # The fifth change: the annex's table of what the check verified follows the new data.
    assert "Er zijn 6 wijzigingen: 5 gewijzigd en 1 toegevoegd." in intro
    assert "regiovisie-0.9-1.0-wijzigingen.docx" in intro
    rows = [[c.text for c in row.cells] for t in overview.tables for row in t.rows]
    assert rows[0] == ["Paragraaf", "Wijziging", "Was", "Wordt"]
    occasion = [r for r in rows if r[0] == "1.1 Aanleiding"]
    # Only the changed stretch with some context, not the whole paragraph.
    assert [r[1:] for r in occasion] == [
        [
            "alinea 2 gewijzigd (1 woord weg, 3 erbij)",
            "… specialistische jeugdhulp lopen eind 2021 af. Dat is het moment om de inkoop "
            "opnieuw in te richten. Vanaf 1 januari 2022 …",
            "… specialistische jeugdhulp lopen eind 2021 af. Dat is een goed moment om de inkoop "
            "grondig opnieuw in te richten. Vanaf 1 januari 2022 …",
        ]
    ]
    # A paragraph under a numbered sub-heading is placed by that sub-heading's number.
    sub = [r for r in rows if r[0] == "1.1.1 Opinienota verwervingsstrategie"]
    assert any(r[1] == "alinea 2 toegevoegd" and "veertig reacties" in r[3] for r in sub)
    assert any(r[0] == "5.2 Eén aanspreekpunt voor de regio" and "Velsen" in r[3] for r in rows)
    assert all(r[0] != "1.2 Was en wordt" for r in rows)  # unchanged block is not listed

    class Cells(HTMLParser):
        def __init__(self):
            super().__init__()
            self.cells, self.lang = [], None

        def handle_starttag(self, tag, attrs):
            if tag == "html":
                self.lang = dict(attrs).get("lang")

        def handle_data(self, data):
            self.cells.append(data)

    html = Cells()
    html.feed((zkij / "build" / "wijzigingsoverzicht-0.9-1.0.html").read_text(encoding="utf-8"))
    assert html.lang == "nl"
    assert "1.1 Aanleiding" in html.cells


def test_libreoffice_converts_tracked_changes(compared, moved, tmp_path):
    """One LibreOffice run opens both documents with tracked changes: the changed words of
    0.9 -> 1.0 and the moved block."""
    soffice = require_tool("soffice")
    zkij, _ = compared
    words = zkij / "build" / REVISIONS
    move = moved / "build" / "regiovisie-0.9-werkkopie-wijzigingen.docx"
    out = tmp_path / "odt"
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'lo-profiel'}",
            "--headless",
            "--convert-to",
            "odt",
            "--outdir",
            str(out),
            str(words),
            str(move),
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr
    contents = {}
    for path in (words, move):
        with zipfile.ZipFile(out / path.with_suffix(".odt").name) as package:
            contents[path] = package.read("content.xml").decode("utf-8")
    # LibreOffice read the w:ins/w:del as revisions it can accept or reject.
    content = contents[words]
    assert "<text:tracked-changes" in content
    assert content.count("<text:changed-region") >= 5
    assert "<text:insertion>" in content and "<text:deletion>" in content
    # ... and the moved block (w:moveFrom/w:moveTo) as tracked changes too.
    assert "<text:tracked-changes" in contents[move]


def test_published_version_is_read_from_frozen_sources(published):
    zkij = published
    blok = zkij / "content" / "inleiding-aanleiding.md"
    blok.write_text(blok.read_text(encoding="utf-8") + "\nNa publicatie toegevoegd.\n", "utf-8")
    result = diff(zkij, "0.9", "0.9")
    assert "Versie 0.9 → 0.9: geen wijzigingen." in result.stdout
    result = diff(zkij, "0.9")
    assert "Versie 0.9 → werkkopie: 1 wijziging in 1 paragraaf." in result.stdout


def test_change_in_a_section_of_an_appendix_is_counted(published):
    # Bijlage A holds a numbered section of its own (A.1) that starts no block: a change
    # there used to be reported as "1 wijziging(en) in 0 paragraaf/paragrafen".
    blok = published / "content" / "bijlage-gemeenten.md"
    blok.write_text(blok.read_text(encoding="utf-8") + "\nEen extra zin.\n", "utf-8")
    result = diff(published, "0.9")
    assert "Versie 0.9 → werkkopie: 1 wijziging in 1 paragraaf." in result.stdout
    overview = WordDocument(str(published / "build" / "wijzigingsoverzicht-0.9-werkkopie.docx"))
    rows = [[c.text for c in row.cells] for t in overview.tables for row in t.rows]
    assert [r[0] for r in rows if "Een extra zin." in r[-1]] == ["A.1 De begroting in beeld"]


def test_unknown_or_tampered_version_gives_dutch_error(published):
    zkij = published
    result = run_cli("diff", zkij, "0.8", "0.9")
    assert result.returncode == 2
    assert "Versie '0.8' is niet gepubliceerd" in result.stderr
    assert "0.9" in result.stderr
    source = zkij / "versies/0.9/bronnen/inleiding-aanleiding.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nStiekem aangepast.\n", "utf-8")
    result = run_cli("diff", zkij, "0.9")
    assert result.returncode == 2
    assert "niet meer intact" in result.stderr
    assert "na publicatie veranderd" in result.stderr
    assert not (zkij / "build").exists()


def test_list_and_table_changes_roundtrip_in_word(zkij):
    blok = zkij / "content" / "inleiding-lijst.md"
    heading = (
        "---\nid: inleiding-lijst\ntitel: Wat wij vragen\nhoofdstuk: inleiding\nvolgorde: 12\n---\n"
    )
    blok.write_text(
        heading + "Wij vragen:\n\n- tijd\n- geld\n- aandacht voor **jongeren**\n\n"
        "| Jaar | Bedrag |\n|---|---:|\n| 2022 | € 10 |\n| 2023 | € 12 |\n",
        encoding="utf-8",
    )
    publish(zkij)
    blok.write_text(
        heading
        + "Wij vragen:\n\n- tijd\n- meer geld\n- nieuwe ideeën\n- aandacht voor **ouders**\n\n"
        "| Jaar | Bedrag |\n|---|---:|\n| 2022 | € 10 |\n| 2023 | € 14 |\n",
        encoding="utf-8",
    )
    diff(zkij, "0.9")
    root = document_xml(zkij / "build" / "regiovisie-0.9-werkkopie-wijzigingen.docx")
    old = body_texts(document_xml(zkij / "versies/0.9/uitvoer/regiovisie.docx"))
    result = run_cli("build", zkij, "-f", "docx")
    assert result.returncode == 0, result.stderr
    new = body_texts(document_xml(zkij / "build" / "regiovisie.docx"))
    assert body_texts(apply_revisions(root, accept=True)) == new
    assert body_texts(apply_revisions(root, accept=False)) == old
    # The inserted list item keeps its bullet and is a whole-paragraph insertion.
    item = next(p for p in root.iter(W + "p") if "".join(p.itertext()) == "nieuwe ideeën")
    assert item.find(f"{W}pPr/{W}numPr") is not None
    assert item.find(f"{W}pPr/{W}rPr/{W}ins") is not None


def test_changed_footnote_is_tracked_in_word(published):
    zkij = published
    source = (ROOT / "content/routes/route-4/tarieven-reeel.md").read_text(encoding="utf-8")
    line = next(r for r in source.splitlines() if r.startswith("[^"))
    label, text = line.split(":", 1)
    (zkij / "content" / "tarieven-reeel.md").write_text(
        source.replace(line, f"{label}: Bijgewerkt. {text.strip()}"), encoding="utf-8"
    )
    result = diff(zkij, "0.9")
    assert "1 wijziging in 1 paragraaf." in result.stdout
    with zipfile.ZipFile(zkij / "build" / "regiovisie-0.9-werkkopie-wijzigingen.docx") as package:
        notes = etree.fromstring(package.read("word/footnotes.xml"))
    assert ["".join(i.itertext()) for i in notes.iter(W + "ins")] == ["Bijgewerkt. "]


def test_web_version_shows_insertions_and_deletions(compared):
    zkij, _ = compared
    html = (zkij / "build" / REVISIONS.replace(".docx", ".html")).read_text(encoding="utf-8")

    class Marks(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack, self.found = [], {"ins": [], "del": []}

        def handle_starttag(self, tag, attrs):
            if tag in ("ins", "del"):
                self.stack.append([tag, ""])

        def handle_endtag(self, tag):
            if tag in ("ins", "del") and self.stack:
                kind, text = self.stack.pop()
                self.found[kind].append(text)

        def handle_data(self, data):
            for open_mark in self.stack:
                open_mark[1] += data

    marks = Marks()
    marks.feed(html)
    assert "een goed" in marks.found["ins"] and "het" in marks.found["del"]
    assert any("veertig reacties binnen" in t for t in marks.found["ins"])  # whole paragraph
    assert 'ins class="blok"' in html
