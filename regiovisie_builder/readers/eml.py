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

from regiovisie_builder.errors import ContentError, Problem
from regiovisie_builder.readers.reactie_files import Reading, Submission

MAX_SIZE = 25 * 1024 * 1024
# Python's parser of structured headers costs time and memory that grow with the square of
# the number of encoded words in one header (50 kB of "=?utf-8?q?a?=" took gigabytes), and
# every part of a mail costs its headers parsed. A mail with one reaction needs far less.
MAX_HEADER = 10_000  # characters in one header, folded lines together
# The headers that are parsed (the reader asks for them, or the library does to find the
# text and the attachments). Others (To, Cc, References, Received) are never parsed, and
# in a long thread or a mail to a whole council they can be long without any harm.
_PARSED = frozenset(
    ("from", "subject", "content-type", "content-disposition", "content-transfer-encoding")
)
MAX_PARTS = 200  # parts of the mail: text, HTML, attachments, nested mails
# Domains of public mail providers: their users write as private persons.
PUBLIC = frozenset(
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
# A paragraph number, also of an appendix ("2.3.1", "B.2", "Bijlage B"), as the site's
# "Reageer op ..." links write it in the subject.
_NUMBER = re.compile(
    r"(?<![\d.])\d+(?:\.\d+)*(?![\d.])|\bbijlage\s+[a-z]\b|(?<![\w.])[a-z](?:\.\d+)+(?![\d.])",
    re.IGNORECASE,
)
_VERSIE = re.compile(r"\bversie\s+\S+", re.IGNORECASE)
_ORGANISATION = re.compile(r"^\s*(?:organisatie|namens)\s*:\s*(.+?)\s*$", re.IGNORECASE | re.M)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class _Text(HTMLParser):
    """The text of an HTML body (for mails without a plain-text part)."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "p", "div", "li", "tr"):
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def paragraph_from_subject(subject: str) -> str:
    """The paragraph number in a subject ("Reactie op 2.3.1 – versie 0.9" -> "2.3.1").

    Without a number the whole subject is kept: it may name a paragraph by its title.
    """
    without_versie = _VERSIE.sub(" ", subject)
    found = _NUMBER.search(without_versie)
    return found.group(0) if found else subject.strip()


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    return _CONTROL.sub("", text).strip()


def _content(raw_message: EmailMessage) -> str:
    part = raw_message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        text = part.get_content()
    except (LookupError, UnicodeError, AssertionError):
        raw = part.get_payload(decode=True)
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else ""
    if part.get_content_subtype() == "html":
        reader = _Text()
        reader.feed(text)
        text = "".join(reader.parts)
    lines = [r.rstrip() for r in _clean(text).split("\n")]
    # Drop the quoted text of a reply and the signature after "-- ".
    if "--" in [r.strip() for r in lines]:
        lines = lines[: [r.strip() for r in lines].index("--")]
    lines = [r for r in lines if not r.lstrip().startswith(">")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _bijlagen(raw_message: EmailMessage) -> list[str]:
    names = []
    for part in raw_message.iter_attachments():
        name = part.get_filename()
        names.append(_clean(name) if name else f"naamloze bijlage ({part.get_content_type()})")
    return names


def read_eml(content: bytes, file: str) -> Reading:
    """One reaction from an e-mail saved as ``.eml``; ``ContentError`` when it is none."""
    try:
        return _read_eml(content, file)
    except RecursionError:
        # Python's e-mail package walks nested parts recursively: a mail from outside with
        # thousands of parts inside each other would otherwise end in a traceback.
        raise ContentError(
            "Een e-mail met een reactie is te diep genest om in te lezen. Er is niets ingelezen.",
            [Problem(file, None, "delen van de e-mail zitten duizenden lagen in elkaar.")],
        ) from None


def _too_large(file: str, why: str) -> ContentError:
    return ContentError(
        "Een e-mail met een reactie is te groot om in te lezen. Er is niets ingelezen.",
        [Problem(file, None, why)],
    )


def _check_headers(raw_message: EmailMessage, file: str) -> None:
    """Refuse a mail with too many parts or a header too long to parse, before any header
    is parsed (``raw_items`` gives them unparsed)."""
    for count, part in enumerate(raw_message.walk(), start=1):
        if count > MAX_PARTS:
            raise _too_large(
                file, f"de e-mail bestaat uit meer dan {MAX_PARTS} delen (tekst en bijlagen)."
            )
        for name, value in part.raw_items():
            if len(value) > MAX_HEADER and name.lower() in _PARSED:
                raise _too_large(
                    file, f"de kopregel '{_clean(name)[:40]}' is langer dan {MAX_HEADER} tekens."
                )


def _read_eml(content: bytes, file: str) -> Reading:
    if len(content) > MAX_SIZE:
        raise ContentError(
            "Een e-mail met een reactie is te groot om in te lezen. Er is niets ingelezen.",
            [Problem(file, None, f"meer dan {MAX_SIZE // (1024 * 1024)} MB.")],
        )
    # Parsing costs about half a millisecond per part: a mail of 25 MB can hold 300,000.
    # Every part starts with a boundary line "--...", so count those before parsing.
    if content.count(b"\n--") > 10 * MAX_PARTS:
        raise _too_large(
            file, f"de e-mail bestaat uit meer dan {MAX_PARTS} delen (tekst en bijlagen)."
        )
    raw_message = email.message_from_bytes(content, policy=email.policy.default)
    _check_headers(raw_message, file)
    try:
        sender = str(raw_message.get("From", "") or "")
        subject = _clean(str(raw_message.get("Subject", "") or ""))
    except (ValueError, IndexError, LookupError):
        sender, subject = "", ""
    name, address = next(iter(getaddresses([sender])), ("", ""))
    text = _content(raw_message)
    if not (sender or subject) or not text:
        raise ContentError(
            "Een bestand in reacties/ is geen e-mail met een reactie. Er is niets ingelezen.",
            [
                Problem(
                    file,
                    None,
                    "geen afzender, onderwerp of tekst gevonden. Sla de e-mail op als .eml "
                    "(in Outlook: Opslaan als, of sleep de e-mail naar de map).",
                )
            ],
        )
    bijlagen = _bijlagen(raw_message)
    if bijlagen:
        text += "\n\nBijlagen (niet ingelezen): " + ", ".join(bijlagen)
    domain = address.rpartition("@")[2].lower()
    organisation = ""
    found = _ORGANISATION.search(text)
    if found:
        organisation = found.group(1)
    elif domain and domain not in PUBLIC:
        organisation = domain
    soort = "inwoner" if domain in PUBLIC and not found else ""
    submission = Submission(
        source=file,
        name=_clean(name) or address,
        organisation=organisation,
        soort=soort,
        section_number=paragraph_from_subject(subject),
        text=text,
    )
    warnings = []
    if not subject:
        warnings.append(f"{file}: de e-mail heeft geen onderwerp met een paragraaf.")
    return Reading([submission], warnings)
