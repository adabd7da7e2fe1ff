"""CSS from a workspace (its stylesheets, the styles in an SVG drawing): does it fetch?

A published page may not make its readers' browsers fetch anything from elsewhere that the
region did not knowingly put there. CSS can do that in several ways (``url()``,
``@import``, ``image-set()`` with a plain string) and can hide each behind escapes
(``@\\69mport``, ``u\\72l(``), so escapes are read first, as a browser reads them.
"""

from __future__ import annotations

import re

from regiovisie_builder.errors import ContentError, Problem

# An address in url() that stays inside the page: a "#" in the same drawing, or data:.
_INSIDE = r"#|data:"
# CSS that fetches: url() to anything else, @import, image-set(), image() and src().
_FETCH = re.compile(
    rf"url\(\s*['\"]?\s*(?!{_INSIDE})|@import|(?<![\w-])(?:-webkit-)?(?:image-set|image|src)\(",
    re.I,
)
# A CSS escape: "\69" (hex, with one optional space after it) or "\i" (the character).
_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\r\n\f]?|(.))", re.S)


def unescaped(css: str) -> str:
    """CSS text with its escapes read: "@\\69mport" and "u\\72l(" are @import and url(."""

    def one(found: re.Match) -> str:
        if found.group(1) is None:
            return found.group(2)
        code = int(found.group(1), 16)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"

    return _ESCAPE.sub(one, css)


def fetches(css: str) -> bool:
    """Whether ``css`` fetches something from elsewhere."""
    return bool(_FETCH.search(unescaped(css)))


def fetch_line(css: str) -> int | None:
    """The line (from 1) where ``css`` first fetches something from elsewhere, or None."""
    if not fetches(css):
        return None
    for number, line in enumerate(css.splitlines(), start=1):
        if fetches(line):
            return number
    return 1  # only over more lines together; the message still names the file


def check_stylesheet(content: bytes, file: str) -> None:
    """Refuse a stylesheet of the web pages that fetches from elsewhere (``ContentError``)."""
    line = fetch_line(content.decode("utf-8", errors="replace"))
    if line is None:
        return
    message = (
        "dit stijlbestand haalt een bestand of adres van elders op (met url(), @import of "
        "image-set()). Dan vraagt de browser van elke lezer van de webpagina iets op bij een "
        "andere website. Zet kleuren en stijlen in het bestand zelf; een afbeelding kan als "
        "data:-adres."
    )
    raise ContentError(
        "Een stijlbestand haalt iets op van een andere website. Er is niets gebouwd.",
        [Problem(file, line, message)],
    )
