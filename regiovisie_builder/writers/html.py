"""Single-file, accessible HTML (lang="nl", landmarks, skip link, numbered permalinks)."""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping
from html import escape
from typing import assert_never
from urllib.parse import quote

from regiovisie_builder import nederlands, nvo
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
    Revisie,
    Strong,
    Table,
    Text,
)
from regiovisie_builder.writers import kanalen
from regiovisie_builder.writers.voetnoten import volgorde


class _Html:
    def __init__(self, document: Document):
        self.document = document
        self.voetnoten = volgorde(document)

    def inline(self, inhoud: Iterable[Inline]) -> str:
        delen = []
        for item in inhoud:
            match item:
                case Text():
                    delen.append(escape(item.text, quote=False))
                case Emph():
                    delen.append(f"<em>{self.inline(item.content)}</em>")
                case Strong():
                    delen.append(f"<strong>{self.inline(item.content)}</strong>")
                case Code():
                    delen.append(f"<code>{escape(item.text, quote=False)}</code>")
                case Link():
                    inhoud_html = self.inline(item.content)
                    delen.append(f'<a href="{escape(item.target)}">{inhoud_html}</a>')
                case Ins():
                    delen.append(f"<ins>{self.inline(item.content)}</ins>")
                case Del():
                    delen.append(f"<del>{self.inline(item.content)}</del>")
                case LineBreak():
                    delen.append("<br>")
                case Marker():
                    delen.append(f'<mark class="open">{escape(item.text, quote=False)}</mark>')
                case FootnoteRef() if item.key in self.voetnoten:
                    n = self.voetnoten[item.key]
                    delen.append(
                        f'<sup class="voetnoot"><a id="vn-ref-{n}" href="#vn-{n}" '
                        f'aria-label="voetnoot {n}">{n}</a></sup>'
                    )
                case FootnoteRef():
                    pass  # a reference to a footnote the document does not have shows nothing
                case _:
                    assert_never(item)  # a node type this writer does not know: fail loudly
        return "".join(delen)

    def blokken(self, blokken) -> str:
        return "\n".join(self.blok(b) for b in blokken)

    def blok(self, blok: Block) -> str:
        match blok:
            case Heading():
                niveau = min(blok.level + 1, 6)
                # One permalink style on every output: the paragraph number is the link.
                label = f"paragraaf {blok.number}"
                if blok.bijlage and blok.number:
                    label = blok.number[0].lower() + blok.number[1:]
                nummer = (
                    f'<a class="paragraafnummer" href="#{escape(blok.id)}" '
                    f'title="Link naar {escape(label)}">{escape(blok.number)}</a> '
                    if blok.number
                    else ""
                )
                tekst = self.inline(blok.content)
                kop = f'<h{niveau} id="{escape(blok.id)}">{nummer}{tekst}</h{niveau}>'
                reageer = kanalen.link_voor(self.document.meta, blok.number or "")
                if reageer:
                    kop += (
                        f'<p class="reageer-op"><a href="{escape(reageer)}">'
                        f"Reageer op {escape(blok.number or '')}</a></p>"
                    )
                return kop
            case Paragraph():
                return f"<p>{self.inline(blok.content)}</p>"
            case ListBlock():
                tag = "ol" if blok.ordered else "ul"
                start = f' start="{blok.start}"' if blok.ordered and blok.start != 1 else ""
                items = "".join(f"<li>{self._item(item)}</li>" for item in blok.items)
                return f"<{tag}{start}>{items}</{tag}>"
            case Table():
                return self.tabel(blok)
            case Figure():
                return self.figuur(blok)
            case BlockQuote():
                return f"<blockquote>{self.blokken(blok.blocks)}</blockquote>"
            case CodeBlock():
                return f"<pre><code>{escape(blok.text, quote=False)}</code></pre>"
            case Revisie():
                tag = "ins" if blok.soort == "ins" else "del"
                return f'<{tag} class="blok">{self.blokken(blok.blocks)}</{tag}>'
            case _:
                assert_never(blok)  # a node type this writer does not know: fail loudly

    def _item(self, item) -> str:
        # A tight list item is one paragraph: write it without <p> to keep lists compact.
        if len(item) == 1 and isinstance(item[0], Paragraph):
            return self.inline(item[0].content)
        return self.blokken(item)

    def tabel(self, tabel: Table) -> str:
        def klasse(i: int) -> str:
            uitlijning = tabel.align[i] if i < len(tabel.align) else None
            return f' class="{uitlijning}"' if uitlijning in ("right", "center") else ""

        bijschrift = (
            f"<caption>Tabel {tabel.number}. {self.inline(tabel.caption)}</caption>"
            if tabel.caption
            else f"<caption>Tabel {tabel.number}</caption>"
        )
        kop = "".join(
            f'<th scope="col"{klasse(i)}>{self.inline(c)}</th>' for i, c in enumerate(tabel.header)
        )
        rijen = []
        for rij in tabel.rows:
            cellen = [f'<th scope="row"{klasse(0)}>{self.inline(rij[0])}</th>'] if rij else []
            cellen += [f"<td{klasse(i)}>{self.inline(c)}</td>" for i, c in enumerate(rij) if i]
            rijen.append(f"<tr>{''.join(cellen)}</tr>")
        label = f"Tabel {tabel.number}"
        # Printed, a wide table gets a landscape page (see stijl.css).
        klassen = "tabel liggend" if tabel.liggend or len(tabel.header) > 7 else "tabel"
        return (
            f'<div class="{klassen}" role="region" aria-label="{label}" tabindex="0">'
            f'<table id="{escape(tabel.id)}">{bijschrift}<thead><tr>{kop}</tr></thead>'
            f"<tbody>{''.join(rijen)}</tbody></table></div>"
        )

    def figuur(self, figuur: Figure) -> str:
        """``<figure>`` with the image inline as a data URI, so the page stays one file."""
        bijschrift = f"Figuur {figuur.number}" if figuur.number else "Figuur"
        if figuur.caption:
            bijschrift += f". {self.inline(figuur.caption)}"
        if figuur.data:
            mime = {"svg": "image/svg+xml", "jpeg": "image/jpeg"}.get(figuur.soort, "image/png")
            bron = f"data:{mime};base64,{base64.b64encode(figuur.data).decode('ascii')}"
            beeld = (
                f'<img src="{bron}" alt="{escape(figuur.alt)}" width="{figuur.breedte}" '
                f'height="{figuur.hoogte}">'
            )
        else:
            beeld = f'<p class="afbeelding-ontbreekt">[Afbeelding: {escape(figuur.alt)}]</p>'
        anker = f' id="{escape(figuur.id)}"' if figuur.id else ""
        return f"<figure{anker}>{beeld}<figcaption>{bijschrift}</figcaption></figure>"

    def inhoudsopgave(self) -> str:
        regels = []
        for blok in self.document.body:
            if isinstance(blok, Heading) and blok.level <= 2:
                nummer = f"{blok.number} " if blok.number else ""
                tekst = escape(nummer) + self.inline(blok.content)
                regels.append(
                    f'<li class="niveau-{blok.level}"><a href="#{escape(blok.id)}">{tekst}</a></li>'
                )
        return f"<ol>{''.join(regels)}</ol>"

    def voetnotenlijst(self) -> str:
        if not self.voetnoten:
            return ""
        items = []
        for sleutel, n in sorted(self.voetnoten.items(), key=lambda kv: kv[1]):
            inhoud = self.document.footnotes[sleutel]
            tekst = (
                self.inline(inhoud[0].content)
                if len(inhoud) == 1 and isinstance(inhoud[0], Paragraph)
                else self.blokken(inhoud)
            )
            items.append(
                f'<li id="vn-{n}">{tekst} <a href="#vn-ref-{n}" '
                f'aria-label="Terug naar de tekst bij voetnoot {n}">↩</a></li>'
            )
        return (
            '<section class="voetnoten" aria-labelledby="voetnoten-kop">'
            '<h2 id="voetnoten-kop">Voetnoten</h2>'
            f"<ol>{''.join(items)}</ol></section>"
        )


def schrijf(document: Document, hulpbronnen: Mapping[str, bytes]) -> bytes:
    """The document as one self-contained HTML page (layout from ``html/document.html``)."""
    from markupsafe import Markup

    from regiovisie_builder.zandbak import vul_sjabloon_in

    html = _Html(document)
    meta = document.meta
    pagina = vul_sjabloon_in(
        hulpbronnen["html/document.html"].decode("utf-8", errors="replace"),
        "templates/html/document.html",
        dict(
            meta=meta,
            status=nvo.STATUSSEN.get(meta.status, meta.status),
            datum=nederlands.datum(meta.datum),
            reageren_tot=(
                nederlands.datum(meta.consultatie.reageren_tot)
                if meta.consultatie and meta.consultatie.reageren_tot
                else ""
            ),
            gemeenten=nederlands.opsomming(meta.gemeenten),
            kanalen=Markup(kanalen.kanalen_html(meta)) if meta.concept else "",
            per_paragraaf=bool(kanalen.link_voor(meta, "1")),
            beschrijving=kanalen.beschrijving(meta),
            drukregel=Markup(kanalen.drukregel(meta)),
            favicon=quote(hulpbronnen.get("site/favicon.svg", b"").decode("utf-8").strip()),
            stijl=Markup(
                (hulpbronnen.get("kleuren.css", b"") + hulpbronnen["html/stijl.css"]).decode(
                    "utf-8"
                )
            ),
            inhoudsopgave=Markup(html.inhoudsopgave()),
            inhoud=Markup(html.blokken(document.body)),
            voetnoten=Markup(html.voetnotenlijst()),
            markeringen=document.markeringen,
        ),
    )
    return pagina.encode("utf-8")
