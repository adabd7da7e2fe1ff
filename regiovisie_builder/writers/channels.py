"""How readers respond to a paragraph: the response form or e-mail link per numbered heading.

Used by the web outputs (site and single-file HTML) to put a "Reageer op 2.3.1" link under
every numbered heading of a consultation version, and by the build to warn when a
consultation version does not say until when or through which channel to respond.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from regiovisie_builder import dutch
from regiovisie_builder.model import Consultatie, Meta

STATUS = "consultatie"


def subject(number: str, versie: str) -> str:
    """The subject of a reaction by e-mail: it carries the paragraph number and version."""
    return f"Reactie op {number} – versie {versie}"


def respond_link(form: str, email: str, versie: str, number: str) -> str:
    """The address of the link "Reageer op NUMMER", or "" without form or e-mail.

    The form wins over e-mail: ``{paragraaf}`` and ``{versie}`` in its address are filled in
    (URL-encoded). Only https addresses get here; the schema refuses any other scheme.
    """
    if form.startswith("https://"):
        return form.replace("{paragraaf}", quote(number, safe="")).replace(
            "{versie}", quote(versie, safe="")
        )
    if email:
        return f"mailto:{quote(email, safe='@')}?subject={quote(subject(number, versie))}"
    return ""


def link_for(meta: Meta, number: str) -> str:
    """``respond_link`` for a document: only for numbered headings of a consultation version."""
    consultatie = meta.consultatie
    if meta.status != STATUS or not number or consultatie is None:
        return ""
    return respond_link(consultatie.formulier, consultatie.email, meta.versie, number)


def has_channel(consultatie: Consultatie | None) -> bool:
    return consultatie is not None and bool(
        consultatie.formulier or consultatie.email or consultatie.adres
    )


def warnings(meta: Meta) -> list[str]:
    """What a consultation version lacks for readers to respond (Dutch, one line each)."""
    if meta.status != STATUS:
        return []
    consultatie = meta.consultatie
    out = []
    if consultatie is None or consultatie.reageren_tot is None:
        out.append(
            "Dit is een consultatieversie, maar regio.yaml noemt geen laatste dag om te "
            "reageren. Vul consultatie.reageren_tot in."
        )
    if not has_channel(consultatie):
        out.append(
            "Dit is een consultatieversie, maar regio.yaml zegt niet hoe lezers kunnen "
            "reageren. Vul consultatie.formulier, consultatie.email of consultatie.adres in."
        )
    return out


def channels_html(meta: Meta) -> str:
    """HTML: "het reactieformulier, per e-mail aan x of per brief aan y" (escaped)."""
    consultatie = meta.consultatie
    if consultatie is None:
        return ""
    parts = []
    if consultatie.formulier:
        address = respond_link(consultatie.formulier, "", meta.versie, "")
        parts.append(f'<a class="extern" href="{escape(address)}">het reactieformulier</a>')
    if consultatie.email:
        address = respond_link("", consultatie.email, meta.versie, "")
        address = address.split("?", 1)[0] + f"?subject={quote(f'Reactie op versie {meta.versie}')}"
        parts.append(f'per e-mail aan <a href="{escape(address)}">{escape(consultatie.email)}</a>')
    if consultatie.adres:
        parts.append(f"per brief aan {escape(consultatie.adres)}")
    return dutch.enumeration(parts, conjunction="of")


def description(meta: Meta) -> str:
    """The meta description of a web page: what, for whom, which version, until when."""
    from regiovisie_builder import nvo

    until = meta.consultatie.reageren_tot if meta.consultatie else None
    gemeenten = (
        dutch.enumeration(meta.gemeenten)
        if len(meta.gemeenten) <= 4
        else f"{len(meta.gemeenten)} gemeenten"
    )
    text = (
        f"{meta.titel} van jeugdregio {meta.regio} ({gemeenten}). "
        f"{nvo.STATUSES.get(meta.status, meta.status).capitalize()} {meta.versie} "
        f"van {dutch.date(meta.datum)}."
    )
    if meta.status == STATUS and until:
        text += f" Reageren kan tot en met {dutch.date(until)}."
    return text


def print_line(meta: Meta) -> str:
    """The line at the foot of every printed page, as a CSS string for ``content:``."""
    from regiovisie_builder import nvo

    statuslabel = nvo.STATUSES.get(meta.status, meta.status)
    text = f"{meta.titel} · {statuslabel} {meta.versie} · kenmerk {meta.kenmerk}"
    safe = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ")
    return '"' + " ".join(safe.split()) + '"'
