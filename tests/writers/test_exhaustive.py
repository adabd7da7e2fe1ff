"""Every writer handles every node of the model, and a node it does not know fails loudly.

A writer that met an unknown node used to skip it, so new content could vanish from one
output without a word. Now each writer ends its dispatch with ``assert_never`` (mypy checks
that every model type has a branch); these tests check the run-time side: one of every node
type shows in each output, and a node type no writer knows stops the writer.
"""

from __future__ import annotations

import ast
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from typing import get_args

import pytest
from lxml import etree
from lxml import html as lxml_html

from regiovisie_builder.model import (
    Block,
    BlockQuote,
    Code,
    CodeBlock,
    Del,
    Document,
    Emph,
    Figure,
    FootnoteRef,
    Heading,
    Inline,
    Ins,
    LineBreak,
    Link,
    ListBlock,
    Marker,
    Meta,
    Paragraph,
    Revision,
    Source,
    Strong,
    Table,
    Text,
    walk,
)
from regiovisie_builder.writers import docx as docx_writer
from regiovisie_builder.writers import html as html_writer
from regiovisie_builder.writers import site as site_writer
from tests.conftest import ROOT
from tests.writers.docx_helpers import NS
from tests.writers.test_figures import png

ALL_TYPES = frozenset(get_args(Inline)) | frozenset(get_args(Block))
SOURCE = Source("content/proef.md", 1)
# Tracked changes only reach Word and the single web page (the diff outputs); the site
# publishes a version as it is and refuses them.
REVISION_TYPES = frozenset({Ins, Del, Revision})


@dataclass(frozen=True)
class Unknown:
    """A node type no writer knows, as a new model node is before the writers learn it."""

    text: str = "woord-onbekend"


def _document(body, footnotes=None) -> Document:
    meta = Meta(
        soort="regiovisie",
        titel="Proef",
        regio="Proefregio",
        gemeenten=("Aa",),
        kenmerk="K/1",
        versie="0.1",
        status="concept",
        datum=dt.date(2024, 1, 2),
    )
    return Document(meta, tuple(body), footnotes or {})


def _everything(revisions: bool = True) -> Document:
    """A document with one of every model node, each with its own word to look for."""
    inline = [
        Text("woord-tekst "),
        Emph((Text("woord-schuin"),)),
        Strong((Text("woord-vet"),)),
        Code("woord-code"),
        Link((Text("woord-link"),), "https://example.org/"),
        LineBreak(),
        FootnoteRef("n"),
        Marker("regio.woord"),
        Ins((Text("woord-erbij"),)),
        Del((Text("woord-eraf"),)),
    ]
    body = [
        Heading(1, (Text("woord-kop"),), "h1", SOURCE, "1"),
        Paragraph(tuple(inline), SOURCE),
        ListBlock(False, ((Paragraph((Text("woord-lijst"),), SOURCE),),), SOURCE),
        Table(
            ((Text("Post"),), (Text("Bedrag"),)),
            (((Text("woord-rij"),), (Text("woord-cel"),)),),
            (None, "right"),
            SOURCE,
            (Text("woord-tabel"),),
            "tabel-1",
            1,
        ),
        BlockQuote((Paragraph((Text("woord-citaat"),), SOURCE),), SOURCE),
        CodeBlock("woord-codeblok", SOURCE),
        Revision("ins", (Paragraph((Text("woord-revisie"),), SOURCE),)),
        Figure(
            "woord-figuur",
            "a.png",
            SOURCE,
            (Text("woord-bijschrift"),),
            "figuur-1",
            1,
            "png",
            png(8, 6),
            8,
            6,
        ),  # fmt: skip
    ]
    if not revisions:
        inline = [i for i in inline if type(i) not in REVISION_TYPES]
        body[1] = Paragraph(tuple(inline), SOURCE)
        body = [b for b in body if type(b) not in REVISION_TYPES]
    return _document(body, {"n": (Paragraph((Text("woord-voetnoot"),), SOURCE),)})


@pytest.fixture(scope="module")
def resources():
    from regiovisie_builder.werkmap import Werkmap

    return Werkmap(ROOT / "examples" / "rotterdam-rijnmond").read_resources()


def test_the_sample_document_holds_every_node_type_of_the_model():
    found = {type(node) for node in walk(_everything().body)}
    assert found >= ALL_TYPES
    without = {type(node) for node in walk(_everything(revisions=False).body)}
    assert without == ALL_TYPES - REVISION_TYPES


# --- one of every node shows in every output ---------------------------------------------

# Where each node type shows in the single web page.
HTML = {
    Text: "//main//p[contains(text(), 'woord-tekst')]",
    Emph: "//main//p/em[.='woord-schuin']",
    Strong: "//main//p/strong[.='woord-vet']",
    Code: "//main//p/code[.='woord-code']",
    Link: "//main//p/a[@href='https://example.org/'][.='woord-link']",
    LineBreak: "//main//p[contains(., 'woord-tekst')]/br",
    FootnoteRef: (
        "//main//sup[@class='voetnoot']/a"
        "[@href=concat('#', //li[contains(., 'woord-voetnoot')]/@id)]"
    ),
    Marker: "//main//p/mark[@class='open'][.='[nog in te vullen: regio.woord]']",
    Ins: "//main//p/ins[.='woord-erbij']",
    Del: "//main//p/del[.='woord-eraf']",
    Heading: "//main//h2[@id='h1'][contains(., 'woord-kop')]",
    Paragraph: "//main//p[starts-with(., 'woord-tekst')]",
    ListBlock: "//main//ul/li[.='woord-lijst']",
    Table: "//main//table[contains(caption, 'woord-tabel')][.//*[.='woord-cel']]",
    BlockQuote: "//main//blockquote[contains(., 'woord-citaat')]",
    CodeBlock: "//main//pre[.='woord-codeblok']",
    Revision: "//main//ins[@class='blok']/p[.='woord-revisie']",
    Figure: (
        "//main//figure[@id='figuur-1'][img/@alt='woord-figuur']"
        "[contains(figcaption, 'woord-bijschrift')]"
    ),
}

# Where each node type shows in word/document.xml and word/footnotes.xml of the .docx.
DOCX = {
    Text: "//w:body//w:t[.='woord-tekst ']",
    Emph: "//w:r[w:rPr/w:i][w:t='woord-schuin']",
    Strong: "//w:r[w:rPr/w:b][w:t='woord-vet']",
    Code: "//w:r[w:rPr/w:rFonts/@w:ascii='Consolas'][w:t='woord-code']",
    Link: "//w:hyperlink[@r:id][.//w:t='woord-link']",
    LineBreak: "//w:p[.//w:t='woord-tekst ']/w:r/w:br",
    FootnoteRef: (
        "//w:body//w:footnoteReference[@w:id=//w:footnote[contains(., 'woord-voetnoot')]/@w:id]"
    ),
    Marker: "//w:r[w:rPr/w:highlight/@w:val='yellow'][w:t='[nog in te vullen: regio.woord]']",
    Ins: "//w:p/w:ins[.//w:t='woord-erbij']",
    Del: "//w:p/w:del[.//w:delText='woord-eraf']",
    Heading: "//w:p[w:pPr/w:pStyle/@w:val='Heading1'][.//w:t='woord-kop']",
    Paragraph: "//w:body/w:p[.//w:t='woord-tekst ']",
    ListBlock: "//w:p[w:pPr/w:numPr][.//w:t='woord-lijst']",
    Table: "//w:tbl[.//w:t='woord-cel']",
    BlockQuote: "//w:p[w:pPr/w:pStyle/@w:val='Quote'][.//w:t='woord-citaat']",
    CodeBlock: "//w:p[.//w:rFonts/@w:ascii='Consolas'][.//w:t='woord-codeblok']",
    Revision: "//w:p[w:pPr/w:rPr/w:ins][w:ins//w:t='woord-revisie']",
    Figure: "//w:drawing[.//wp:docPr/@descr='woord-figuur']",
}

# Where each node type shows on the website's chapter page (tracked changes are refused).
SITE = {
    Text: "//main//p[contains(text(), 'woord-tekst')]",
    Emph: "//main//p/em[.='woord-schuin']",
    Strong: "//main//p/strong[.='woord-vet']",
    Code: "//main//p/code[.='woord-code']",
    Link: "//main//p/a[@href='https://example.org/'][.='woord-link']",
    LineBreak: "//main//p[contains(., 'woord-tekst')]/br",
    FootnoteRef: (
        "//main//p/a[@role='doc-noteref']"
        "[@href=concat('#', //aside[@role='doc-footnote'][contains(., 'woord-voetnoot')]/@id)]"
    ),
    Marker: "//main//p/mark[@class='open'][.='[nog in te vullen: regio.woord]']",
    Heading: "//main//section[@id='h1']/h1[contains(., 'woord-kop')]",
    Paragraph: "//main//p[starts-with(., 'woord-tekst')]",
    ListBlock: "//main//ul/li[.='woord-lijst']",
    Table: "//main//table[contains(caption, 'woord-tabel')][.//*[.='woord-cel']]",
    BlockQuote: "//main//blockquote[contains(., 'woord-citaat')]",
    CodeBlock: "//main//pre[contains(., 'woord-codeblok')]",
    Figure: (
        "//main//figure[@id='figuur-1'][img/@alt='woord-figuur']"
        "[contains(figcaption, 'woord-bijschrift')]"
    ),
}


def _missing(tree, xpaths: dict, namespaces=None) -> list[str]:
    return [t.__name__ for t, path in xpaths.items() if not tree.xpath(path, namespaces=namespaces)]


def test_every_node_type_shows_in_the_web_page(resources):
    assert set(HTML) == ALL_TYPES  # a new node type needs its place here too
    page = lxml_html.fromstring(html_writer.write(_everything(), resources))
    assert _missing(page, HTML) == []


def test_every_node_type_shows_in_the_word_document(resources):
    assert set(DOCX) == ALL_TYPES  # a new node type needs its place here too
    with zipfile.ZipFile(io.BytesIO(docx_writer.write(_everything(), resources))) as package:
        parts = [etree.fromstring(package.read(f"word/{n}.xml")) for n in ("document", "footnotes")]
    package_tree = etree.Element("pakket")
    package_tree.extend(parts)
    namespaces = {
        **NS,
        "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    }
    assert _missing(package_tree, DOCX, namespaces) == []


@pytest.mark.slow
def test_every_node_type_shows_on_the_website(resources):
    assert set(SITE) | REVISION_TYPES == ALL_TYPES  # a new node type needs its place here too
    site = site_writer.build_site(_everything(revisions=False), resources)
    assert site.warnings == ()
    page = lxml_html.fromstring(site.files["h1.html"])
    assert _missing(page, SITE) == []


@pytest.mark.slow
def test_a_footnote_referred_to_inside_emphasis_or_a_link_text_stays_in_every_output(resources):
    # reST has no markup inside emphasis or a link text: the website dropped such a
    # reference, and with it the footnote from the page. It now follows the span.
    paragraph = Paragraph(
        (
            Emph((Text("schuin"), FootnoteRef("a"))),
            Text(" en "),
            Strong((Text("vet"), Emph((Text("dieper"), FootnoteRef("b"))))),
            Text(" en "),
            Link((Text("link"), FootnoteRef("c")), "https://example.org/"),
        ),
        SOURCE,
    )
    notes = {k: (Paragraph((Text(f"noot-{k}"),), SOURCE),) for k in "abc"}
    document = _document([Heading(1, (Text("Kop"),), "h1", SOURCE, "1"), paragraph], notes)
    site = site_writer.build_site(document, resources)
    assert site.warnings == ()
    page = lxml_html.fromstring(site.files["h1.html"])
    (text,) = page.xpath("//main//p[contains(., 'schuin')]")
    assert len(text.xpath(".//a[@role='doc-noteref']")) == 3
    assert [
        " ".join(n.text_content().split()) for n in page.xpath("//aside[@role='doc-footnote']")
    ] == ["[1] noot-a", "[2] noot-b", "[3] noot-c"]
    web = lxml_html.fromstring(html_writer.write(document, resources))
    assert all(web.xpath(f"//*[contains(text(), 'noot-{k}')]") for k in "abc")
    with zipfile.ZipFile(io.BytesIO(docx_writer.write(document, resources))) as package:
        footnotes = package.read("word/footnotes.xml").decode()
    assert all(f"noot-{k}" in footnotes for k in "abc")


@pytest.mark.parametrize("node", [Ins((Text("x"),)), Del((Text("x"),))], ids=["Ins", "Del"])
def test_the_website_refuses_tracked_change_spans_instead_of_dropping_them(node, resources):
    document = _document(
        [Heading(1, (Text("Kop"),), "h1", SOURCE, "1"), Paragraph((node,), SOURCE)]
    )
    with pytest.raises(TypeError, match=f"tracked changes \\({type(node).__name__}\\)"):
        site_writer.write(document, resources)


def test_the_website_refuses_tracked_change_blocks_instead_of_dropping_them(resources):
    revision = Revision("del", (Paragraph((Text("weg"),), SOURCE),))
    document = _document([Heading(1, (Text("Kop"),), "h1", SOURCE, "1"), revision])
    with pytest.raises(TypeError, match="tracked changes \\(Revision\\)"):
        site_writer.write(document, resources)


# --- a node no writer knows stops the writer ---------------------------------------------

UNKNOWN = Unknown()
SPOTS = {
    "als tekst in een alinea": [Paragraph((Text("voor "), UNKNOWN), SOURCE)],
    "binnen cursieve tekst": [Paragraph((Emph((UNKNOWN,)),), SOURCE)],
    "binnen een link": [Paragraph((Link((UNKNOWN,), "https://example.org/"),), SOURCE)],
    "als blok": [UNKNOWN],
    "als blok in een lijst": [ListBlock(False, ((UNKNOWN,),), SOURCE)],
    "in een tabelcel": [Table(((UNKNOWN,),), (), (None,), SOURCE)],
}
WRITERS = {
    "html": html_writer.write,
    "docx": docx_writer.write,
    # The site's reST is written before Sphinx runs, so this fails fast too.
    "site": site_writer.write,
}


@pytest.mark.parametrize("spot", SPOTS)
@pytest.mark.parametrize("fmt", WRITERS)
def test_an_unknown_node_stops_the_writer_instead_of_vanishing(fmt, spot, resources):
    heading = Heading(1, (Text("Kop"),), "h1", SOURCE, "1")
    document = _document([heading, *SPOTS[spot]])
    with pytest.raises(AssertionError, match="Unknown"):
        WRITERS[fmt](document, resources)


# --- every dispatch over model nodes is exhaustive, and mypy checks it -------------------

PACKAGE = ROOT / "regiovisie_builder"
# Dataclasses of the model that are no document node.
NO_NODE = {"Source", "BlokInfo", "Consultatie", "Meta", "Document", "Regio"}
NODE_NAMES = {t.__name__ for t in ALL_TYPES}


def test_every_node_class_of_the_model_is_in_the_inline_or_block_union():
    # A node class outside both unions would escape the exhaustiveness check below.
    import dataclasses

    from regiovisie_builder import model

    classes = {
        name
        for name, value in vars(model).items()
        if isinstance(value, type)
        and dataclasses.is_dataclass(value)
        and value.__module__ == model.__name__
    }
    assert classes - NO_NODE == NODE_NAMES


def _classes_in(pattern: ast.AST) -> set[str]:
    return {
        k.cls.id
        for k in ast.walk(pattern)
        if isinstance(k, ast.MatchClass) and isinstance(k.cls, ast.Name)
    }


def _is_assert_never(case: ast.match_case, subject: ast.expr) -> bool:
    if not (isinstance(case.pattern, ast.MatchAs) and case.pattern.pattern is None):
        return False  # not a plain `case _:`
    return any(
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Call)
        and isinstance(stmt.value.func, ast.Name)
        and stmt.value.func.id == "assert_never"
        and ast.dump(stmt.value.args[0]) == ast.dump(subject)
        for stmt in case.body
    )


def _isinstance_node(test: ast.expr) -> bool:
    """True when ``test`` calls isinstance with a model node class."""
    return any(
        isinstance(k, ast.Call)
        and isinstance(k.func, ast.Name)
        and k.func.id == "isinstance"
        and len(k.args) == 2
        and {n.id for n in ast.walk(k.args[1]) if isinstance(n, ast.Name)} & NODE_NAMES
        for k in ast.walk(test)
    )


def _dispatches() -> tuple[list[tuple[str, int]], list[str]]:
    """Every match over model node classes (file, number of assert_never calls), and the
    problems: a match without a final ``case _: assert_never(subject)``, in a function mypy
    does not check (no annotations), or an if/elif chain over node classes without else."""
    found: list[tuple[str, int]] = []
    problems: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # An elif is an If in its parent's orelse: only the head of a chain is checked.
        elifs = {
            id(k.orelse[0])
            for k in ast.walk(tree)
            if isinstance(k, ast.If) and len(k.orelse) == 1 and isinstance(k.orelse[0], ast.If)
        }
        functions = [k for k in ast.walk(tree) if isinstance(k, ast.FunctionDef)]
        own: dict[int, ast.FunctionDef] = {}  # node -> the innermost function holding it
        for function in functions:  # outer functions come first in ast.walk's breadth order
            for node in ast.walk(function):
                own[id(node)] = function
        for node in ast.walk(tree):
            function = own.get(id(node))
            if function is None:
                continue
            typed = function.returns is not None or any(
                a.annotation is not None for a in function.args.args
            )
            spot = f"{name}:{getattr(node, 'lineno', 0)} ({function.name})"
            if isinstance(node, ast.Match) and any(
                _classes_in(c.pattern) & NODE_NAMES for c in node.cases
            ):
                if not _is_assert_never(node.cases[-1], node.subject):
                    problems.append(f"{spot}: match without case _: assert_never(...)")
                elif not typed:
                    problems.append(f"{spot}: match in a function mypy does not check")
                else:
                    found.append((name, node.lineno))
            if (
                isinstance(node, ast.If)
                and id(node) not in elifs
                and _isinstance_node(node.test)
                and len(node.orelse) == 1
                and isinstance(node.orelse[0], ast.If)
                and _isinstance_node(node.orelse[0].test)
            ):
                last = node.orelse[0]
                while len(last.orelse) == 1 and isinstance(last.orelse[0], ast.If):
                    last = last.orelse[0]
                if not last.orelse:
                    problems.append(f"{spot}: if/elif chain over node types without else")
    return found, problems


def test_every_dispatch_over_model_nodes_ends_in_assert_never():
    found, problems = _dispatches()
    assert problems == []
    # The writers are among them (and the sample is not empty by accident).
    files = {name for name, _ in found}
    assert {
        "regiovisie_builder/writers/html.py",
        "regiovisie_builder/writers/docx/content.py",
        "regiovisie_builder/writers/site/rst.py",
    } <= files
