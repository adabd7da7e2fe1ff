"""The Sphinx extension of the site: paragraph numbers as permalinks, markers, accessible tables.

Loaded by name from the generated ``conf.py``. Everything happens on the doctree or in the
HTML translator, never by editing the produced HTML afterwards:

- ``:paragraaf:`2.3 <anker>``` in a heading renders the number as the heading's permalink;
  the section's id becomes ``anker``, the id the other outputs use too (``Ankers``);
- ``:open:`pad``` renders an open "nog in te vullen" marker as ``<mark>``;
- ``.. regiovisie-tabel::`` is a list-table with per-column alignment;
- the translator writes ``scope`` on header cells and wraps each table in a focusable,
  labelled region so a wide table scrolls on its own instead of the whole page;
- ``Zandbakbrug`` renders the theme (a workspace may supply ``layout.html``) in the
  toolkit's sandbox with limits, like every other template from a workspace.
"""

from __future__ import annotations

import re
from html import escape

from docutils import nodes
from docutils.parsers.rst.directives.tables import ListTable
from docutils.utils import unescape
from sphinx.jinja2glue import BuiltinTemplateLoader
from sphinx.transforms import SphinxTransform
from sphinx.writers.html5 import HTML5Translator

from regiovisie_builder.writers.kanalen import STATUS, reageerlink


class paragraafnummer(nodes.Inline, nodes.TextElement):  # noqa: N801 (docutils naming)
    """A paragraph number in a heading; ``anker`` is the id it links to."""


class open_punt(nodes.Inline, nodes.TextElement):  # noqa: N801
    """An open "nog in te vullen" marker."""


def paragraaf_rol(naam, rawtext, tekst, regel, inliner, options=None, content=None):
    """``:paragraaf:`2.3 <anker>```: a heading's number (may be empty) and its anchor."""
    gevonden = re.match(r"^(.*?)\s*<([^<>]+)>$", unescape(tekst))
    if gevonden is None:
        melding = inliner.reporter.error(f"paragraaf zonder anker: {tekst}", line=regel)
        return [inliner.problematic(rawtext, rawtext, melding)], [melding]
    nummer, anker = gevonden.group(1), nodes.make_id(gevonden.group(2))
    return [paragraafnummer(rawtext, nummer, nummer=nummer, anker=anker)], []


def open_rol(naam, rawtext, tekst, regel, inliner, options=None, content=None):
    """``:open:`pad```: the bracketed marker text for a region key still to be filled in."""
    pad = unescape(tekst)
    return [open_punt(rawtext, f"[nog in te vullen: {pad}]", pad=pad)], []


def _uitlijning(waarde: str) -> list[str]:
    soorten = [s.strip() for s in waarde.split(",")]
    for soort in soorten:
        if soort not in ("left", "right", "center"):
            raise ValueError(f"onbekende uitlijning: {soort}")
    return soorten


class RegiovisieTabel(ListTable):
    """A list-table whose ``:uitlijning:`` option sets a class per column (right, center)."""

    option_spec = {**ListTable.option_spec, "uitlijning": _uitlijning}

    def run(self):
        resultaat = super().run()
        uitlijning = self.options.get("uitlijning", [])
        for tabel in resultaat:
            if not isinstance(tabel, nodes.table):
                continue
            for rij in tabel.findall(nodes.row):
                for kolom, cel in enumerate(rij.children):
                    if kolom < len(uitlijning) and uitlijning[kolom] != "left":
                        cel["classes"].append(uitlijning[kolom])
        return resultaat


class Ankers(SphinxTransform):
    """Give every heading the anchor of the model (the id the other outputs use too).

    docutils derives section ids from heading texts, and those can clash with a model
    anchor ("Leren en verbeteren" in chapter ``leren`` vs. block ``leren-en-verbeteren``).
    So a heading with a ``:paragraaf:`` role gets exactly its anchor as id and as explicit
    label name (for ``:ref:``); any other node that had that id gets a fresh one.
    Runs before Sphinx's domains read ids and labels (priority 850).
    """

    default_priority = 700

    def apply(self, **kwargs) -> None:
        document = self.document
        koppen: list[tuple[nodes.section, str]] = []
        for nummer in document.findall(paragraafnummer):
            sectie = _in_koptitel(nummer)
            if sectie is not None and nummer["anker"] not in {a for _, a in koppen}:
                koppen.append((sectie, nummer["anker"]))
        if not koppen:
            return
        ankers = {anker for _, anker in koppen}
        for sectie, _ in koppen:
            for oud in sectie["ids"]:
                document.ids.pop(oud, None)
            sectie["ids"] = []
        for id_, node in list(document.ids.items()):
            if id_ in ankers:
                node["ids"].remove(id_)
                del document.ids[id_]
                if not node["ids"]:
                    document.set_id(node)
        for sectie, anker in koppen:
            sectie["ids"] = [anker]
            document.ids[anker] = sectie
            if anker not in sectie["names"]:
                sectie["names"].append(anker)
            document.nametypes[anker] = True
        # Names must point at ids that still exist.
        dragers = {
            naam: node for node in document.findall(nodes.Element) for naam in node.get("names", ())
        }
        for naam, id_ in list(document.nameids.items()):
            if id_ is not None and id_ not in document.ids:
                drager = dragers.get(naam)
                document.nameids[naam] = drager["ids"][0] if drager and drager["ids"] else None
        for _, anker in koppen:
            document.nameids[anker] = anker


def _in_koptitel(node) -> nodes.section | None:
    titel = node.parent
    if isinstance(titel, nodes.title) and isinstance(titel.parent, nodes.section):
        return titel.parent
    return None


class RegiovisieTranslator(HTML5Translator):
    """Sphinx's HTML5 translator with numbered permalinks and accessible tables."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The theme's layout writes the one viewport meta; docutils would add a second.
        self.meta = [m for m in self.meta if 'name="viewport"' not in m]

    def visit_paragraafnummer(self, node) -> None:
        nummer = escape(node["nummer"])
        if not nummer:
            raise nodes.SkipNode
        if _in_koptitel(node) is not None:
            # The visible number is the permalink a reaction can cite and link to.
            self.body.append(
                f'<a class="paragraafnummer" href="#{escape(node["anker"])}" '
                f'title="Link naar paragraaf {nummer}">{nummer}</a>'
            )
        else:
            # In the table of contents and prev/next links the whole title is a link already.
            self.body.append(f'<span class="paragraafnummer">{nummer}</span>')
        raise nodes.SkipNode

    def depart_title(self, node) -> None:
        # "Reageer op 2.3.1" under every numbered heading of a consultation version.
        kop = self.context[-1].startswith("</h")
        super().depart_title(node)
        if not kop or not isinstance(node.parent, nodes.section):
            return
        nummer = node.next_node(paragraafnummer)
        rv = self.config.html_context.get("regiovisie", {})
        if nummer is None or not nummer["nummer"] or rv.get("status") != STATUS:
            return
        adres = reageerlink(
            rv.get("formulier", ""), rv.get("email", ""), rv["versie"], nummer["nummer"]
        )
        if adres:
            self.body.append(
                f'<p class="reageer-op"><a href="{escape(adres)}">'
                f"Reageer op {escape(nummer['nummer'])}</a></p>\n"
            )

    def visit_open_punt(self, node) -> None:
        self.body.append(f'<mark class="open">{escape(node.astext())}</mark>')
        raise nodes.SkipNode

    def add_permalink_ref(self, node, title: str) -> None:
        # One permalink style on every output: the paragraph number is the link (see
        # visit_paragraafnummer). Headings without a number and tables get no extra "¶".
        return

    def visit_table(self, node) -> None:
        bijschrift = node.next_node(nodes.title)
        label = bijschrift.astext() if bijschrift is not None else "Tabel"
        # A wide table scrolls inside this region; keyboard users reach it through tabindex.
        self.body.append(
            f'<div class="tabel" role="region" aria-label="{escape(label)}" tabindex="0">\n'
        )
        super().visit_table(node)

    def depart_table(self, node) -> None:
        super().depart_table(node)
        self.body.append("</div>\n")

    def visit_entry(self, node) -> None:
        rij = node.parent
        in_kop = isinstance(rij.parent, nodes.thead)
        voorkolom = rij.parent.parent.stubs[rij.column]
        klassen = ["head"] if in_kop else []
        if voorkolom:
            klassen.append("stub")
        atts: dict = {"classes": klassen}
        if in_kop:
            tag, atts["scope"] = "th", "col"
        elif voorkolom:
            tag, atts["scope"] = "th", "row"
        else:
            tag = "td"
        rij.column += 1
        if "morerows" in node:
            atts["rowspan"] = node["morerows"] + 1
        if "morecols" in node:
            atts["colspan"] = node["morecols"] + 1
            rij.column += node["morecols"]
        self.body.append(self.starttag(node, tag, "", **atts))
        self.context.append(f"</{tag}>\n")


class Zandbakbrug(BuiltinTemplateLoader):
    """Sphinx's template loader, rendering in ``zandbak.Zandbak`` under its limits."""

    def init(self, builder, theme=None, dirs=None):
        from regiovisie_builder.zandbak import Zandbak

        super().init(builder, theme, dirs)
        sphinx_omgeving = self.environment
        self.environment = Zandbak(
            loader=self, extensions=[type(e) for e in sphinx_omgeving.extensions.values()]
        )
        self.environment.voeg_filters_toe(
            {n: f for n, f in sphinx_omgeving.filters.items() if n not in self.environment.filters}
        )
        self.environment.globals.update(
            {n: g for n, g in sphinx_omgeving.globals.items() if n not in self.environment.globals}
        )
        if builder._translator is not None:  # as Sphinx does: the theme's texts in Dutch
            self.environment.install_gettext_translations(builder._translator)

    def render(self, template, context):
        from regiovisie_builder.zandbak import begrensd

        # The page body is part of the context: the layout may show it.
        ruimte = 2 * sum(len(v) for v in context.values() if isinstance(v, str))
        return begrensd(self.environment.get_template(template).generate, context, ruimte)

    def render_string(self, source, context):
        from regiovisie_builder.zandbak import begrensd

        return begrensd(self.environment.from_string(source).generate, context)


def setup(app):
    """Register roles, nodes, the table directive and the translator with Sphinx."""
    app.add_node(paragraafnummer)
    app.add_node(open_punt)
    app.add_role("paragraaf", paragraaf_rol)
    app.add_role("open", open_rol)
    app.add_directive("regiovisie-tabel", RegiovisieTabel)
    app.set_translator("html", RegiovisieTranslator, override=True)
    app.add_transform(Ankers)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
