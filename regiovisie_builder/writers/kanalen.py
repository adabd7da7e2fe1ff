"""How readers respond to a paragraph: the response form or e-mail link per numbered heading.

Used by the web outputs (site and single-file HTML) to put a "Reageer op 2.3.1" link under
every numbered heading of a consultation version, and by the build to warn when a
consultation version does not say until when or through which channel to respond.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from regiovisie_builder import nederlands
from regiovisie_builder.model import Consultatie, Meta

STATUS = "consultatie"


def onderwerp(nummer: str, versie: str) -> str:
    """The subject of a reaction by e-mail: it carries the paragraph number and version."""
    return f"Reactie op {nummer} – versie {versie}"


def reageerlink(formulier: str, email: str, versie: str, nummer: str) -> str:
    """The address of the link "Reageer op NUMMER", or "" without form or e-mail.

    The form wins over e-mail: ``{paragraaf}`` and ``{versie}`` in its address are filled in
    (URL-encoded). Only https addresses get here; the schema refuses any other scheme.
    """
    if formulier.startswith("https://"):
        return formulier.replace("{paragraaf}", quote(nummer, safe="")).replace(
            "{versie}", quote(versie, safe="")
        )
    if email:
        return f"mailto:{quote(email, safe='@')}?subject={quote(onderwerp(nummer, versie))}"
    return ""


def link_voor(meta: Meta, nummer: str) -> str:
    """``reageerlink`` for a document: only for numbered headings of a consultation version."""
    consultatie = meta.consultatie
    if meta.status != STATUS or not nummer or consultatie is None:
        return ""
    return reageerlink(consultatie.formulier, consultatie.email, meta.versie, nummer)


def heeft_kanaal(consultatie: Consultatie | None) -> bool:
    return consultatie is not None and bool(
        consultatie.formulier or consultatie.email or consultatie.adres
    )


def waarschuwingen(meta: Meta) -> list[str]:
    """What a consultation version lacks for readers to respond (Dutch, one line each)."""
    if meta.status != STATUS:
        return []
    consultatie = meta.consultatie
    uit = []
    if consultatie is None or consultatie.reageren_tot is None:
        uit.append(
            "Dit is een consultatieversie, maar regio.yaml noemt geen laatste dag om te "
            "reageren. Vul consultatie.reageren_tot in."
        )
    if not heeft_kanaal(consultatie):
        uit.append(
            "Dit is een consultatieversie, maar regio.yaml zegt niet hoe lezers kunnen "
            "reageren. Vul consultatie.formulier, consultatie.email of consultatie.adres in."
        )
    return uit


def kanalen_html(meta: Meta) -> str:
    """HTML: "het reactieformulier, per e-mail aan x of per brief aan y" (escaped)."""
    consultatie = meta.consultatie
    if consultatie is None:
        return ""
    delen = []
    if consultatie.formulier:
        adres = reageerlink(consultatie.formulier, "", meta.versie, "")
        delen.append(f'<a class="extern" href="{escape(adres)}">het reactieformulier</a>')
    if consultatie.email:
        adres = reageerlink("", consultatie.email, meta.versie, "")
        adres = adres.split("?", 1)[0] + f"?subject={quote(f'Reactie op versie {meta.versie}')}"
        delen.append(f'per e-mail aan <a href="{escape(adres)}">{escape(consultatie.email)}</a>')
    if consultatie.adres:
        delen.append(f"per brief aan {escape(consultatie.adres)}")
    return nederlands.opsomming(delen, voegwoord="of")


def beschrijving(meta: Meta) -> str:
    """The meta description of a web page: what, for whom, which version, until when."""
    from regiovisie_builder import nvo

    tot = meta.consultatie.reageren_tot if meta.consultatie else None
    gemeenten = (
        nederlands.opsomming(meta.gemeenten)
        if len(meta.gemeenten) <= 4
        else f"{len(meta.gemeenten)} gemeenten"
    )
    tekst = (
        f"{meta.titel} van jeugdregio {meta.regio} ({gemeenten}). "
        f"{nvo.STATUSSEN.get(meta.status, meta.status).capitalize()} {meta.versie} "
        f"van {nederlands.datum(meta.datum)}."
    )
    if meta.status == STATUS and tot:
        tekst += f" Reageren kan tot en met {nederlands.datum(tot)}."
    return tekst


def drukregel(meta: Meta) -> str:
    """The line at the foot of every printed page, as a CSS string for ``content:``."""
    from regiovisie_builder import nvo

    statuslabel = nvo.STATUSSEN.get(meta.status, meta.status)
    tekst = f"{meta.titel} · {statuslabel} {meta.versie} · kenmerk {meta.kenmerk}"
    veilig = tekst.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ")
    return '"' + " ".join(veilig.split()) + '"'
