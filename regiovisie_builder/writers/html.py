"""Single-file, accessible HTML (lang="nl", landmarks, skip link, numbered permalinks)."""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping
from html import escape
from typing import assert_never
from urllib.parse import quote

from regiovisie_builder import dutch, nvo
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
    Paragraph,
    Revision,
    Strong,
    Table,
    Text,
)
from regiovisie_builder.writers import channels
from regiovisie_builder.writers.footnotes import order


class _Html:
    def __init__(self, document: Document):
        self.document = document
        self.footnotes = order(document)

    def inline(self, content: Iterable[Inline]) -> str:
        parts = []
        for item in content:
            match item:
                case Text():
                    parts.append(escape(item.text, quote=False))
                case Emph():
                    parts.append(f"<em>{self.inline(item.content)}</em>")
                case Strong():
                    parts.append(f"<strong>{self.inline(item.content)}</strong>")
                case Code():
                    parts.append(f"<code>{escape(item.text, quote=False)}</code>")
                case Link():
                    content_html = self.inline(item.content)
                    parts.append(f'<a href="{escape(item.target)}">{content_html}</a>')
                case Ins():
                    parts.append(f"<ins>{self.inline(item.content)}</ins>")
                case Del():
                    parts.append(f"<del>{self.inline(item.content)}</del>")
                case LineBreak():
                    parts.append("<br>")
                case Marker():
                    parts.append(f'<mark class="open">{escape(item.text, quote=False)}</mark>')
                case FootnoteRef() if item.key in self.footnotes:
                    n = self.footnotes[item.key]
                    parts.append(
                        f'<sup class="voetnoot"><a id="vn-ref-{n}" href="#vn-{n}" '
                        f'aria-label="voetnoot {n}">{n}</a></sup>'
                    )
                case FootnoteRef():
                    pass  # a reference to a footnote the document does not have shows nothing
                case _:
                    assert_never(item)  # a node type this writer does not know: fail loudly
        return "".join(parts)

    def blocks(self, blocks) -> str:
        return "\n".join(self.block(b) for b in blocks)

    def block(self, block: Block) -> str:
        match block:
            case Heading():
                level = min(block.level + 1, 6)
                # One permalink style on every output: the paragraph number is the link.
                label = f"paragraaf {block.number}"
                if block.appendix and block.number:
                    label = block.number[0].lower() + block.number[1:]
                number = (
                    f'<a class="paragraafnummer" href="#{escape(block.id)}" '
                    f'title="Link naar {escape(label)}">{escape(block.number)}</a> '
                    if block.number
                    else ""
                )
                text = self.inline(block.content)
                heading = f'<h{level} id="{escape(block.id)}">{number}{text}</h{level}>'
                respond = channels.link_for(self.document.meta, block.number or "")
                if respond:
                    heading += (
                        f'<p class="reageer-op"><a href="{escape(respond)}">'
                        f"Reageer op {escape(block.number or '')}</a></p>"
                    )
                return heading
            case Paragraph():
                return f"<p>{self.inline(block.content)}</p>"
            case ListBlock():
                tag = "ol" if block.ordered else "ul"
                start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
                items = "".join(f"<li>{self._item(item)}</li>" for item in block.items)
                return f"<{tag}{start}>{items}</{tag}>"
            case Table():
                return self.table(block)
            case Figure():
                return self.figure(block)
            case BlockQuote():
                return f"<blockquote>{self.blocks(block.blocks)}</blockquote>"
            case CodeBlock():
                return f"<pre><code>{escape(block.text, quote=False)}</code></pre>"
            case Revision():
                tag = "ins" if block.kind == "ins" else "del"
                return f'<{tag} class="blok">{self.blocks(block.blocks)}</{tag}>'
            case _:
                assert_never(block)  # a node type this writer does not know: fail loudly

    def _item(self, item) -> str:
        # A tight list item is one paragraph: write it without <p> to keep lists compact.
        if len(item) == 1 and isinstance(item[0], Paragraph):
            return self.inline(item[0].content)
        return self.blocks(item)

    def table(self, table: Table) -> str:
        def cls(i: int) -> str:
            alignment = table.align[i] if i < len(table.align) else None
            return f' class="{alignment}"' if alignment in ("right", "center") else ""

        caption = (
            f"<caption>Tabel {table.number}. {self.inline(table.caption)}</caption>"
            if table.caption
            else f"<caption>Tabel {table.number}</caption>"
        )
        heading = "".join(
            f'<th scope="col"{cls(i)}>{self.inline(c)}</th>' for i, c in enumerate(table.header)
        )
        rows = []
        for row in table.rows:
            cells = [f'<th scope="row"{cls(0)}>{self.inline(row[0])}</th>'] if row else []
            cells += [f"<td{cls(i)}>{self.inline(c)}</td>" for i, c in enumerate(row) if i]
            rows.append(f"<tr>{''.join(cells)}</tr>")
        label = f"Tabel {table.number}"
        # Printed, a wide table gets a landscape page (see stijl.css).
        classes = "tabel liggend" if table.landscape or len(table.header) > 7 else "tabel"
        return (
            f'<div class="{classes}" role="region" aria-label="{label}" tabindex="0">'
            f'<table id="{escape(table.id)}">{caption}<thead><tr>{heading}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>"
        )

    def figure(self, figure: Figure) -> str:
        """``<figure>`` with the image inline as a data URI, so the page stays one file."""
        caption = f"Figuur {figure.number}" if figure.number else "Figuur"
        if figure.caption:
            caption += f". {self.inline(figure.caption)}"
        if figure.data:
            mime = {"svg": "image/svg+xml", "jpeg": "image/jpeg"}.get(figure.format, "image/png")
            source = f"data:{mime};base64,{base64.b64encode(figure.data).decode('ascii')}"
            picture = (
                f'<img src="{source}" alt="{escape(figure.alt)}" width="{figure.width}" '
                f'height="{figure.height}">'
            )
        else:
            picture = f'<p class="afbeelding-ontbreekt">[Afbeelding: {escape(figure.alt)}]</p>'
        anchor = f' id="{escape(figure.id)}"' if figure.id else ""
        return f"<figure{anchor}>{picture}<figcaption>{caption}</figcaption></figure>"

    def inhoudsopgave(self) -> str:
        lines = []
        for block in self.document.body:
            if isinstance(block, Heading) and block.level <= 2:
                number = f"{block.number} " if block.number else ""
                text = escape(number) + self.inline(block.content)
                lines.append(
                    f'<li class="niveau-{block.level}">'
                    f'<a href="#{escape(block.id)}">{text}</a></li>'
                )
        return f"<ol>{''.join(lines)}</ol>"

    def footnote_list(self) -> str:
        if not self.footnotes:
            return ""
        items = []
        for key, n in sorted(self.footnotes.items(), key=lambda kv: kv[1]):
            content = self.document.footnotes[key]
            text = (
                self.inline(content[0].content)
                if len(content) == 1 and isinstance(content[0], Paragraph)
                else self.blocks(content)
            )
            items.append(
                f'<li id="vn-{n}">{text} <a href="#vn-ref-{n}" '
                f'aria-label="Terug naar de tekst bij voetnoot {n}">↩</a></li>'
            )
        return (
            '<section class="voetnoten" aria-labelledby="voetnoten-kop">'
            '<h2 id="voetnoten-kop">Voetnoten</h2>'
            f"<ol>{''.join(items)}</ol></section>"
        )


def inline_css(css: str) -> str:
    """A stylesheet from a workspace (``kleuren.css``, ``html/stijl.css``), safe to put
    inside a ``<style>`` element.

    Its text ends the element at the first ``</style``, and whatever follows would be HTML
    (a ``<script>``): so every ``<`` becomes the CSS escape ``\\3C ``. CSS reads that as
    the same character in a string or a ``url()``; in a comment it changes nothing, and
    anywhere else ``<`` is no valid CSS."""
    return css.replace("<", "\\3C ")


def write(document: Document, resources: Mapping[str, bytes]) -> bytes:
    """The document as one self-contained HTML page (layout from ``html/document.html``)."""
    from markupsafe import Markup

    from regiovisie_builder.sandbox import fill_template

    html = _Html(document)
    meta = document.meta
    page = fill_template(
        resources["html/document.html"].decode("utf-8", errors="replace"),
        "templates/html/document.html",
        dict(
            meta=meta,
            status=nvo.STATUSES.get(meta.status, meta.status),
            datum=dutch.date(meta.datum),
            reageren_tot=(
                dutch.date(meta.consultatie.reageren_tot)
                if meta.consultatie and meta.consultatie.reageren_tot
                else ""
            ),
            gemeenten=dutch.enumeration(meta.gemeenten),
            kanalen=Markup(channels.channels_html(meta)) if meta.concept else "",
            per_paragraaf=bool(channels.link_for(meta, "1")),
            beschrijving=channels.description(meta),
            drukregel=Markup(channels.print_line(meta)),
            # Percent-encoded as bytes: the data: address keeps the file's own encoding.
            favicon=quote(resources.get("site/favicon.svg", b"").strip()),
            stijl=Markup(
                inline_css(
                    (resources.get("kleuren.css", b"") + resources["html/stijl.css"]).decode(
                        "utf-8", errors="replace"
                    )
                )
            ),
            inhoudsopgave=Markup(html.inhoudsopgave()),
            inhoud=Markup(html.blocks(document.body)),
            voetnoten=Markup(html.footnote_list()),
            markeringen=document.markeringen,
        ),
    )
    return page.encode("utf-8")
