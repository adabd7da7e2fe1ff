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
    Bron,
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
    Revisie,
    Strong,
    Table,
    Text,
    doorloop,
)
from regiovisie_builder.writers import docx as docx_writer
from regiovisie_builder.writers import html as html_writer
from regiovisie_builder.writers import site as site_writer
from tests.conftest import ROOT
from tests.writers.docx_helpers import NS
from tests.writers.test_figures import png

ALLE_TYPEN = frozenset(get_args(Inline)) | frozenset(get_args(Block))
BRON = Bron("content/proef.md", 1)
# Tracked changes only reach Word and the single web page (the diff outputs); the site
# publishes a version as it is and refuses them.
REVISIETYPEN = frozenset({Ins, Del, Revisie})


@dataclass(frozen=True)
class Onbekend:
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


def _alles(revisies: bool = True) -> Document:
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
        Heading(1, (Text("woord-kop"),), "h1", BRON, "1"),
        Paragraph(tuple(inline), BRON),
        ListBlock(False, ((Paragraph((Text("woord-lijst"),), BRON),),), BRON),
        Table(
            ((Text("Post"),), (Text("Bedrag"),)),
            (((Text("woord-rij"),), (Text("woord-cel"),)),),
            (None, "right"),
            BRON,
            (Text("woord-tabel"),),
            "tabel-1",
            1,
        ),
        BlockQuote((Paragraph((Text("woord-citaat"),), BRON),), BRON),
        CodeBlock("woord-codeblok", BRON),
        Revisie("ins", (Paragraph((Text("woord-revisie"),), BRON),)),
        Figure(
            "woord-figuur",
            "a.png",
            BRON,
            (Text("woord-bijschrift"),),
            "figuur-1",
            1,
            "png",
            png(8, 6),
            8,
            6,
        ),  # fmt: skip
    ]
    if not revisies:
        inline = [i for i in inline if type(i) not in REVISIETYPEN]
        body[1] = Paragraph(tuple(inline), BRON)
        body = [b for b in body if type(b) not in REVISIETYPEN]
    return _document(body, {"n": (Paragraph((Text("woord-voetnoot"),), BRON),)})


@pytest.fixture(scope="module")
def hulpbronnen():
    from regiovisie_builder.werkmap import Werkmap

    return Werkmap(ROOT / "examples" / "rotterdam-rijnmond").lees_hulpbronnen()


def test_the_sample_document_holds_every_node_type_of_the_model():
    gevonden = {type(knoop) for knoop in doorloop(_alles().body)}
    assert gevonden >= ALLE_TYPEN
    zonder = {type(knoop) for knoop in doorloop(_alles(revisies=False).body)}
    assert zonder == ALLE_TYPEN - REVISIETYPEN


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
    Revisie: "//main//ins[@class='blok']/p[.='woord-revisie']",
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
    Revisie: "//w:p[w:pPr/w:rPr/w:ins][w:ins//w:t='woord-revisie']",
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


def _ontbrekend(boom, xpaths: dict, namespaces=None) -> list[str]:
    return [t.__name__ for t, pad in xpaths.items() if not boom.xpath(pad, namespaces=namespaces)]


def test_every_node_type_shows_in_the_web_page(hulpbronnen):
    assert set(HTML) == ALLE_TYPEN  # a new node type needs its place here too
    pagina = lxml_html.fromstring(html_writer.schrijf(_alles(), hulpbronnen))
    assert _ontbrekend(pagina, HTML) == []


def test_every_node_type_shows_in_the_word_document(hulpbronnen):
    assert set(DOCX) == ALLE_TYPEN  # a new node type needs its place here too
    with zipfile.ZipFile(io.BytesIO(docx_writer.schrijf(_alles(), hulpbronnen))) as pakket:
        delen = [etree.fromstring(pakket.read(f"word/{n}.xml")) for n in ("document", "footnotes")]
    pakket_boom = etree.Element("pakket")
    pakket_boom.extend(delen)
    namespaces = {
        **NS,
        "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    }
    assert _ontbrekend(pakket_boom, DOCX, namespaces) == []


@pytest.mark.slow
def test_every_node_type_shows_on_the_website(hulpbronnen):
    assert set(SITE) | REVISIETYPEN == ALLE_TYPEN  # a new node type needs its place here too
    site = site_writer.bouw_site(_alles(revisies=False), hulpbronnen)
    assert site.waarschuwingen == ()
    pagina = lxml_html.fromstring(site.bestanden["h1.html"])
    assert _ontbrekend(pagina, SITE) == []


@pytest.mark.parametrize("knoop", [Ins((Text("x"),)), Del((Text("x"),))], ids=["Ins", "Del"])
def test_the_website_refuses_tracked_change_spans_instead_of_dropping_them(knoop, hulpbronnen):
    document = _document([Heading(1, (Text("Kop"),), "h1", BRON, "1"), Paragraph((knoop,), BRON)])
    with pytest.raises(TypeError, match=f"tracked changes \\({type(knoop).__name__}\\)"):
        site_writer.schrijf(document, hulpbronnen)


def test_the_website_refuses_tracked_change_blocks_instead_of_dropping_them(hulpbronnen):
    revisie = Revisie("del", (Paragraph((Text("weg"),), BRON),))
    document = _document([Heading(1, (Text("Kop"),), "h1", BRON, "1"), revisie])
    with pytest.raises(TypeError, match="tracked changes \\(Revisie\\)"):
        site_writer.schrijf(document, hulpbronnen)


# --- a node no writer knows stops the writer ---------------------------------------------

ONBEKEND = Onbekend()
PLEKKEN = {
    "als tekst in een alinea": [Paragraph((Text("voor "), ONBEKEND), BRON)],
    "binnen cursieve tekst": [Paragraph((Emph((ONBEKEND,)),), BRON)],
    "binnen een link": [Paragraph((Link((ONBEKEND,), "https://example.org/"),), BRON)],
    "als blok": [ONBEKEND],
    "als blok in een lijst": [ListBlock(False, ((ONBEKEND,),), BRON)],
    "in een tabelcel": [Table(((ONBEKEND,),), (), (None,), BRON)],
}
SCHRIJVERS = {
    "html": html_writer.schrijf,
    "docx": docx_writer.schrijf,
    # The site's reST is written before Sphinx runs, so this fails fast too.
    "site": site_writer.schrijf,
}


@pytest.mark.parametrize("plek", PLEKKEN)
@pytest.mark.parametrize("formaat", SCHRIJVERS)
def test_an_unknown_node_stops_the_writer_instead_of_vanishing(formaat, plek, hulpbronnen):
    kop = Heading(1, (Text("Kop"),), "h1", BRON, "1")
    document = _document([kop, *PLEKKEN[plek]])
    with pytest.raises(AssertionError, match="Onbekend"):
        SCHRIJVERS[formaat](document, hulpbronnen)


# --- every dispatch over model nodes is exhaustive, and mypy checks it -------------------

PAKKET = ROOT / "regiovisie_builder"
# Dataclasses of the model that are no document node.
GEEN_KNOOP = {"Bron", "BlokInfo", "Consultatie", "Meta", "Document", "Regio"}
KNOOPNAMEN = {t.__name__ for t in ALLE_TYPEN}


def test_every_node_class_of_the_model_is_in_the_inline_or_block_union():
    # A node class outside both unions would escape the exhaustiveness check below.
    import dataclasses

    from regiovisie_builder import model

    klassen = {
        naam
        for naam, waarde in vars(model).items()
        if isinstance(waarde, type)
        and dataclasses.is_dataclass(waarde)
        and waarde.__module__ == model.__name__
    }
    assert klassen - GEEN_KNOOP == KNOOPNAMEN


def _klassen_in(patroon: ast.AST) -> set[str]:
    return {
        k.cls.id
        for k in ast.walk(patroon)
        if isinstance(k, ast.MatchClass) and isinstance(k.cls, ast.Name)
    }


def _is_assert_never(case: ast.match_case, onderwerp: ast.expr) -> bool:
    if not (isinstance(case.pattern, ast.MatchAs) and case.pattern.pattern is None):
        return False  # not a plain `case _:`
    return any(
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Call)
        and isinstance(stmt.value.func, ast.Name)
        and stmt.value.func.id == "assert_never"
        and ast.dump(stmt.value.args[0]) == ast.dump(onderwerp)
        for stmt in case.body
    )


def _isinstance_knoop(test: ast.expr) -> bool:
    """True when ``test`` calls isinstance with a model node class."""
    return any(
        isinstance(k, ast.Call)
        and isinstance(k.func, ast.Name)
        and k.func.id == "isinstance"
        and len(k.args) == 2
        and {n.id for n in ast.walk(k.args[1]) if isinstance(n, ast.Name)} & KNOOPNAMEN
        for k in ast.walk(test)
    )


def _dispatches() -> tuple[list[tuple[str, int]], list[str]]:
    """Every match over model node classes (file, number of assert_never calls), and the
    problems: a match without a final ``case _: assert_never(subject)``, in a function mypy
    does not check (no annotations), or an if/elif chain over node classes without else."""
    gevonden: list[tuple[str, int]] = []
    problemen: list[str] = []
    for pad in sorted(PAKKET.rglob("*.py")):
        naam = pad.relative_to(ROOT).as_posix()
        boom = ast.parse(pad.read_text(encoding="utf-8"))
        # An elif is an If in its parent's orelse: only the head of a chain is checked.
        elifs = {
            id(k.orelse[0])
            for k in ast.walk(boom)
            if isinstance(k, ast.If) and len(k.orelse) == 1 and isinstance(k.orelse[0], ast.If)
        }
        functies = [k for k in ast.walk(boom) if isinstance(k, ast.FunctionDef)]
        eigen: dict[int, ast.FunctionDef] = {}  # node -> the innermost function holding it
        for functie in functies:  # outer functions come first in ast.walk's breadth order
            for knoop in ast.walk(functie):
                eigen[id(knoop)] = functie
        for knoop in ast.walk(boom):
            functie = eigen.get(id(knoop))
            if functie is None:
                continue
            getypt = functie.returns is not None or any(
                a.annotation is not None for a in functie.args.args
            )
            plek = f"{naam}:{getattr(knoop, 'lineno', 0)} ({functie.name})"
            if isinstance(knoop, ast.Match) and any(
                _klassen_in(c.pattern) & KNOOPNAMEN for c in knoop.cases
            ):
                if not _is_assert_never(knoop.cases[-1], knoop.subject):
                    problemen.append(f"{plek}: match without case _: assert_never(...)")
                elif not getypt:
                    problemen.append(f"{plek}: match in a function mypy does not check")
                else:
                    gevonden.append((naam, knoop.lineno))
            if (
                isinstance(knoop, ast.If)
                and id(knoop) not in elifs
                and _isinstance_knoop(knoop.test)
                and len(knoop.orelse) == 1
                and isinstance(knoop.orelse[0], ast.If)
                and _isinstance_knoop(knoop.orelse[0].test)
            ):
                laatste = knoop.orelse[0]
                while len(laatste.orelse) == 1 and isinstance(laatste.orelse[0], ast.If):
                    laatste = laatste.orelse[0]
                if not laatste.orelse:
                    problemen.append(f"{plek}: if/elif chain over node types without else")
    return gevonden, problemen


def test_every_dispatch_over_model_nodes_ends_in_assert_never():
    gevonden, problemen = _dispatches()
    assert problemen == []
    # The writers are among them (and the sample is not empty by accident).
    bestanden = {naam for naam, _ in gevonden}
    assert {
        "regiovisie_builder/writers/html.py",
        "regiovisie_builder/writers/docx/inhoud.py",
        "regiovisie_builder/writers/site/rst.py",
    } <= bestanden
