"""The Sphinx extension of the site: paragraph numbers as permalinks, markers, accessible tables.

Loaded by name from the generated ``conf.py``. Everything happens on the doctree or in the
HTML translator, never by editing the produced HTML afterwards:

- ``:paragraaf:`2.3 <anker>``` in a heading renders the number as the heading's permalink;
  the section's id becomes ``anker``, the id the other outputs use too (``Anchors``);
- ``:open:`pad``` renders an open "nog in te vullen" marker as ``<mark>``;
- ``.. regiovisie-tabel::`` is a list-table with per-column alignment;
- the translator writes ``scope`` on header cells and wraps each table in a focusable,
  labelled region so a wide table scrolls on its own instead of the whole page;
- ``SandboxBridge`` renders the theme (a workspace may supply ``layout.html``) in the
  toolkit's sandbox with limits, like every other template from a workspace. The compiled
  theme templates are kept for the process and in the block cache
  (``sandbox.StoredTemplates``).
"""

from __future__ import annotations

import re
from html import escape

from docutils import nodes
from docutils.parsers.rst import states
from docutils.parsers.rst.directives.tables import ListTable
from docutils.utils import SystemMessagePropagation, unescape
from sphinx.jinja2glue import BuiltinTemplateLoader
from sphinx.transforms import SphinxTransform
from sphinx.writers.html5 import HTML5Translator

from regiovisie_builder.writers.channels import STATUS, respond_link


class paragraph_number(nodes.Inline, nodes.TextElement):  # noqa: N801 (docutils naming)
    """A paragraph number in a heading; ``anker`` is the id it links to."""


class open_punt(nodes.Inline, nodes.TextElement):  # noqa: N801
    """An open "nog in te vullen" marker."""


def paragraph_role(name, rawtext, text, line, inliner, options=None, content=None):
    """``:paragraaf:`2.3 <anker>```: a heading's number (may be empty) and its anchor."""
    found = re.match(r"^(.*?)\s*<([^<>]+)>$", unescape(text))
    if found is None:
        message = inliner.reporter.error(f"paragraaf zonder anker: {text}", line=line)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    number, anchor = found.group(1), nodes.make_id(found.group(2))
    return [paragraph_number(rawtext, number, nummer=number, anker=anchor)], []


def open_role(name, rawtext, text, line, inliner, options=None, content=None):
    """``:open:`pad```: the bracketed marker text for a region key still to be filled in."""
    path = unescape(text)
    return [open_punt(rawtext, f"[nog in te vullen: {path}]", pad=path)], []


def _alignment(value: str) -> list[str]:
    soorten = [s.strip() for s in value.split(",")]
    for soort in soorten:
        if soort not in ("left", "right", "center"):
            raise ValueError(f"onbekende uitlijning: {soort}")
    return soorten


# A row of the table as the site writer writes it (``rst.RST.table``): "* - " starts a row,
# "  - " the next cell, each cell one line of text (or nothing: an empty cell).
_FIRST_CELL, _NEXT_CELL = "* -", "  -"
# Where reST would read a line as a paragraph followed by a literal block ("text::").
_LITERAL_NEXT = re.compile(r"(?<!\\)(\\\\)*::$")
# docutils' own patterns for the start of every block construct but a paragraph (a list
# item, a field, an option, a line block, a table, a comment or directive, a transition).
_BLOCK_STARTS = tuple(
    re.compile(states.Body.patterns[name])
    for name in states.Body.initial_transitions
    if name != "text"
)


class RegiovisieTable(ListTable):
    """A list-table whose ``:uitlijning:`` option sets a class per column (right, center).

    The site writer writes every cell as one line of reST that is always a paragraph
    (``rst.paragraph_line``). Such cells are parsed here as the paragraphs they are, with
    the inline parser only, instead of as two levels of bullet lists through the whole
    block parser: the same table nodes, in a fifth of a site build less. Any other content
    goes through docutils' list-table as written.
    """

    option_spec = {**ListTable.option_spec, "uitlijning": _alignment}

    def _one_line_cells(self) -> list[list[tuple[str, int]]] | None:
        """The cells as (text, line) per row, or None when the content has another form."""
        rows: list[list[tuple[str, int]]] = []
        for index, line in enumerate(self.content):
            marker, text = line[:3], line[3:]
            if text and not text.startswith(" ") or marker not in (_FIRST_CELL, _NEXT_CELL):
                return None
            if marker == _FIRST_CELL:
                rows.append([])
            elif not rows:
                return None
            text = text[1:]
            if text != text.strip() or _LITERAL_NEXT.search(text):
                return None
            if any(start.match(text) for start in _BLOCK_STARTS):
                return None  # not a paragraph: the block parser decides what it is
            rows[-1].append((text, self.content_offset + index + 1))
        if not rows or len({len(row) for row in rows}) != 1:
            return None
        return rows

    def _paragraph(self, text: str, line: int) -> list:
        """What the block parser makes of a list item holding one line that is a paragraph."""
        if not text:
            return []
        inline, messages = self.state.inline_text(text, line)
        paragraph = nodes.paragraph(text, "", *inline)
        paragraph.source, paragraph.line = self.state_machine.get_source_and_line(line)
        return [paragraph, *messages]

    def _table_of(self, rows: list[list[tuple[str, int]]]) -> list:
        """``ListTable.run`` for cells that are read already (``_one_line_cells``)."""
        title, messages = self.make_title()
        table_data = [[self._paragraph(text, line) for text, line in row] for row in rows]
        header_rows = self.options.get("header-rows", 0)
        stub_columns = self.options.get("stub-columns", 0)
        try:
            col_widths = self.get_column_widths(len(rows[0]))
            self.check_table_dimensions(table_data, header_rows, stub_columns)
        except SystemMessagePropagation as detail:
            return [detail.args[0]]
        table_node = self.build_table_from_list(table_data, col_widths, header_rows, stub_columns)
        if "align" in self.options:
            table_node["align"] = self.options.get("align")
        table_node["classes"] += self.options.get("class", [])
        self.set_table_width(table_node)
        self.add_name(table_node)
        if title:
            table_node.insert(0, title)
        return [table_node, *messages]

    def run(self):
        rows = self._one_line_cells() if self.content else None
        result = super().run() if rows is None else self._table_of(rows)
        alignment = self.options.get("uitlijning", [])
        for table in result:
            if not isinstance(table, nodes.table):
                continue
            for row in table.findall(nodes.row):
                for column, cell in enumerate(row.children):
                    if column < len(alignment) and alignment[column] != "left":
                        cell["classes"].append(alignment[column])
        return result


class Anchors(SphinxTransform):
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
        headings: list[tuple[nodes.section, str]] = []
        for number in document.findall(paragraph_number):
            section = _in_heading_title(number)
            if section is not None and number["anker"] not in {a for _, a in headings}:
                headings.append((section, number["anker"]))
        if not headings:
            return
        anchors = {anchor for _, anchor in headings}
        for section, _ in headings:
            for old in section["ids"]:
                document.ids.pop(old, None)
            section["ids"] = []
        for id_, node in list(document.ids.items()):
            if id_ in anchors:
                node["ids"].remove(id_)
                del document.ids[id_]
                if not node["ids"]:
                    document.set_id(node)
        for section, anchor in headings:
            section["ids"] = [anchor]
            document.ids[anchor] = section
            if anchor not in section["names"]:
                section["names"].append(anchor)
            document.nametypes[anchor] = True
        # Names must point at ids that still exist.
        carriers = {
            name: node for node in document.findall(nodes.Element) for name in node.get("names", ())
        }
        for name, id_ in list(document.nameids.items()):
            if id_ is not None and id_ not in document.ids:
                carrier = carriers.get(name)
                document.nameids[name] = carrier["ids"][0] if carrier and carrier["ids"] else None
        for _, anchor in headings:
            document.nameids[anchor] = anchor


def _in_heading_title(node) -> nodes.section | None:
    title = node.parent
    if isinstance(title, nodes.title) and isinstance(title.parent, nodes.section):
        return title.parent
    return None


class RegiovisieTranslator(HTML5Translator):
    """Sphinx's HTML5 translator with numbered permalinks and accessible tables."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The theme's layout writes the one viewport meta; docutils would add a second.
        self.meta = [m for m in self.meta if 'name="viewport"' not in m]

    def visit_paragraph_number(self, node) -> None:
        number = escape(node["nummer"])
        if not number:
            raise nodes.SkipNode
        if _in_heading_title(node) is not None:
            # The visible number is the permalink a reaction can cite and link to.
            self.body.append(
                f'<a class="paragraafnummer" href="#{escape(node["anker"])}" '
                f'title="Link naar paragraaf {number}">{number}</a>'
            )
        else:
            # In the table of contents and prev/next links the whole title is a link already.
            self.body.append(f'<span class="paragraafnummer">{number}</span>')
        raise nodes.SkipNode

    def depart_title(self, node) -> None:
        # "Reageer op 2.3.1" under every numbered heading of a consultation version.
        heading = self.context[-1].startswith("</h")
        super().depart_title(node)
        if not heading or not isinstance(node.parent, nodes.section):
            return
        number = node.next_node(paragraph_number)
        rv = self.config.html_context.get("regiovisie", {})
        if number is None or not number["nummer"] or rv.get("status") != STATUS:
            return
        address = respond_link(
            rv.get("formulier", ""), rv.get("email", ""), rv["versie"], number["nummer"]
        )
        if address:
            self.body.append(
                f'<p class="reageer-op"><a href="{escape(address)}">'
                f"Reageer op {escape(number['nummer'])}</a></p>\n"
            )

    def visit_open_punt(self, node) -> None:
        self.body.append(f'<mark class="open">{escape(node.astext())}</mark>')
        raise nodes.SkipNode

    def add_permalink_ref(self, node, title: str) -> None:
        # One permalink style on every output: the paragraph number is the link (see
        # visit_paragraafnummer). Headings without a number and tables get no extra "¶".
        return

    def visit_table(self, node) -> None:
        caption = node.next_node(nodes.title)
        label = caption.astext() if caption is not None else "Tabel"
        # A wide table scrolls inside this region; keyboard users reach it through tabindex.
        self.body.append(
            f'<div class="tabel" role="region" aria-label="{escape(label)}" tabindex="0">\n'
        )
        super().visit_table(node)

    def depart_table(self, node) -> None:
        super().depart_table(node)
        self.body.append("</div>\n")

    def visit_entry(self, node) -> None:
        row = node.parent
        in_heading = isinstance(row.parent, nodes.thead)
        first_column = row.parent.parent.stubs[row.column]
        classes = ["head"] if in_heading else []
        if first_column:
            classes.append("stub")
        atts: dict = {"classes": classes}
        if in_heading:
            tag, atts["scope"] = "th", "col"
        elif first_column:
            tag, atts["scope"] = "th", "row"
        else:
            tag = "td"
        row.column += 1
        if "morerows" in node:
            atts["rowspan"] = node["morerows"] + 1
        if "morecols" in node:
            atts["colspan"] = node["morecols"] + 1
            row.column += node["morecols"]
        self.body.append(self.starttag(node, tag, "", **atts))
        self.context.append(f"</{tag}>\n")


def _compiled_templates():
    from regiovisie_builder import blok_cache
    from regiovisie_builder.sandbox import StoredTemplates

    # Sphinx's loader decides how the theme is compiled: a new Sphinx, a new entry.
    return StoredTemplates(context=f"sphinx {blok_cache.library('sphinx')}")


# The theme's templates as compiled by the sandbox: Sphinx makes a new template environment
# for every build, so without this every build compiles the theme again.
COMPILED = _compiled_templates()


class SandboxBridge(BuiltinTemplateLoader):
    """Sphinx's template loader, rendering in ``sandbox.Sandbox`` under its limits."""

    def init(self, builder, theme=None, dirs=None):
        from regiovisie_builder.sandbox import Sandbox

        super().init(builder, theme, dirs)
        sphinx_environment = self.environment
        self.environment = Sandbox(
            loader=self,
            extensions=[type(e) for e in sphinx_environment.extensions.values()],
            bytecode_cache=COMPILED,
        )
        self.environment.add_filters(
            {
                n: f
                for n, f in sphinx_environment.filters.items()
                if n not in self.environment.filters
            }
        )
        self.environment.globals.update(
            {
                n: g
                for n, g in sphinx_environment.globals.items()
                if n not in self.environment.globals
            }
        )
        if builder._translator is not None:  # as Sphinx does: the theme's texts in Dutch
            self.environment.install_gettext_translations(builder._translator)

    def render(self, template, context):
        from regiovisie_builder.sandbox import limited

        # The page body is part of the context: the layout may show it.
        space = 2 * sum(len(v) for v in context.values() if isinstance(v, str))
        return limited(self.environment.get_template(template).generate, context, space)

    def render_string(self, source, context):
        from regiovisie_builder.sandbox import limited

        template = COMPILED.template(self.environment, source, None, None)
        return limited(template.generate, context)


def setup(app):
    """Register roles, nodes, the table directive and the translator with Sphinx."""
    app.add_node(paragraph_number)
    app.add_node(open_punt)
    app.add_role("paragraaf", paragraph_role)
    app.add_role("open", open_role)
    app.add_directive("regiovisie-tabel", RegiovisieTable)
    app.set_translator("html", RegiovisieTranslator, override=True)
    app.add_transform(Anchors)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
