"""Read reactions that arrived by e-mail: ``.eml`` files saved into ``reacties/``.

One file is one reaction. The subject names the paragraph (the respond link of a
consultation version fills in "Reactie op 2.3.1 – versie 0.9"), the body is the reaction
and attachments are listed by name, not read. Whether the sender is a private person or an
organisation decides anonymisation later (``consultatie/reacties.py``): an address at a
public mail provider is a private person; an organisation is the "Organisatie:" or
"Namens:" line of the body, or else the domain of the address.
"""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage
from email.utils import getaddresses
from html.parser import HTMLParser

from regiovisie_builder.errors import ContentError, Probleem
from regiovisie_builder.readers.reactiebestanden import Inlezing, Inzending

MAX_GROOTTE = 25 * 1024 * 1024
# Domains of public mail providers: their users write as private persons.
PUBLIEK = frozenset(
    (
        "gmail.com",
        "googlemail.com",
        "hotmail.com",
        "hotmail.nl",
        "outlook.com",
        "outlook.nl",
        "live.nl",
        "live.com",
        "msn.com",
        "yahoo.com",
        "yahoo.nl",
        "icloud.com",
        "me.com",
        "ziggo.nl",
        "kpnmail.nl",
        "kpnplanet.nl",
        "planet.nl",
        "home.nl",
        "xs4all.nl",
        "chello.nl",
        "casema.nl",
        "upcmail.nl",
        "telfort.nl",
        "tele2.nl",
        "hetnet.nl",
        "quicknet.nl",
        "online.nl",
        "zeelandnet.nl",
        "caiway.nl",
        "solcon.nl",
        "gmx.com",
        "gmx.net",
        "proton.me",
        "protonmail.com",
    )
)
_NUMMER = re.compile(r"(?<![\d.])\d+(?:\.\d+)*(?![\d.])")
_VERSIE = re.compile(r"\bversie\s+\S+", re.IGNORECASE)
_ORGANISATIE = re.compile(r"^\s*(?:organisatie|namens)\s*:\s*(.+?)\s*$", re.IGNORECASE | re.M)
_BESTURING = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class _Tekst(HTMLParser):
    """The text of an HTML body (for mails without a plain-text part)."""

    def __init__(self):
        super().__init__()
        self.delen: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "p", "div", "li", "tr"):
            self.delen.append("\n")

    def handle_data(self, data):
        self.delen.append(data)


def paragraaf_uit_onderwerp(onderwerp: str) -> str:
    """The paragraph number in a subject ("Reactie op 2.3.1 – versie 0.9" -> "2.3.1").

    Without a number the whole subject is kept: it may name a paragraph by its title.
    """
    zonder_versie = _VERSIE.sub(" ", onderwerp)
    gevonden = _NUMMER.search(zonder_versie)
    return gevonden.group(0) if gevonden else onderwerp.strip()


def _schoon(tekst: str) -> str:
    tekst = tekst.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    return _BESTURING.sub("", tekst).strip()


def _inhoud(bericht: EmailMessage) -> str:
    deel = bericht.get_body(preferencelist=("plain", "html"))
    if deel is None:
        return ""
    try:
        tekst = deel.get_content()
    except (LookupError, UnicodeError, AssertionError):
        ruw = deel.get_payload(decode=True)
        tekst = ruw.decode("utf-8", "replace") if isinstance(ruw, bytes) else ""
    if deel.get_content_subtype() == "html":
        lezer = _Tekst()
        lezer.feed(tekst)
        tekst = "".join(lezer.delen)
    regels = [r.rstrip() for r in _schoon(tekst).split("\n")]
    # Drop the quoted text of a reply and the signature after "-- ".
    if "--" in [r.strip() for r in regels]:
        regels = regels[: [r.strip() for r in regels].index("--")]
    regels = [r for r in regels if not r.lstrip().startswith(">")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(regels)).strip()


def _bijlagen(bericht: EmailMessage) -> list[str]:
    namen = []
    for deel in bericht.iter_attachments():
        naam = deel.get_filename()
        namen.append(_schoon(naam) if naam else f"naamloze bijlage ({deel.get_content_type()})")
    return namen


def lees_eml(inhoud: bytes, bestand: str) -> Inlezing:
    """One reaction from an e-mail saved as ``.eml``; ``ContentError`` when it is none."""
    if len(inhoud) > MAX_GROOTTE:
        raise ContentError(
            "Een e-mail met een reactie is te groot om in te lezen. Er is niets ingelezen.",
            [Probleem(bestand, None, f"meer dan {MAX_GROOTTE // (1024 * 1024)} MB.")],
        )
    bericht = email.message_from_bytes(inhoud, policy=email.policy.default)
    try:
        afzender = str(bericht.get("From", "") or "")
        onderwerp = _schoon(str(bericht.get("Subject", "") or ""))
    except (ValueError, IndexError, LookupError):
        afzender, onderwerp = "", ""
    naam, adres = next(iter(getaddresses([afzender])), ("", ""))
    tekst = _inhoud(bericht)
    if not (afzender or onderwerp) or not tekst:
        raise ContentError(
            "Een bestand in reacties/ is geen e-mail met een reactie. Er is niets ingelezen.",
            [
                Probleem(
                    bestand,
                    None,
                    "geen afzender, onderwerp of tekst gevonden. Sla de e-mail op als .eml "
                    "(in Outlook: Opslaan als, of sleep de e-mail naar de map).",
                )
            ],
        )
    bijlagen = _bijlagen(bericht)
    if bijlagen:
        tekst += "\n\nBijlagen (niet ingelezen): " + ", ".join(bijlagen)
    domein = adres.rpartition("@")[2].lower()
    organisatie = ""
    gevonden = _ORGANISATIE.search(tekst)
    if gevonden:
        organisatie = gevonden.group(1)
    elif domein and domein not in PUBLIEK:
        organisatie = domein
    soort = "inwoner" if domein in PUBLIEK and not gevonden else ""
    inzending = Inzending(
        bron=bestand,
        naam=_schoon(naam) or adres,
        organisatie=organisatie,
        soort=soort,
        paragraaf=paragraaf_uit_onderwerp(onderwerp),
        tekst=tekst,
    )
    waarschuwingen = []
    if not onderwerp:
        waarschuwingen.append(f"{bestand}: de e-mail heeft geen onderwerp met een paragraaf.")
    return Inlezing([inzending], waarschuwingen)
