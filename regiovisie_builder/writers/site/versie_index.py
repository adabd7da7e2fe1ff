"""Versions side by side: each version's manifest, their order, and the root index page.

Every version folder holds ``versie.json`` (written with the site); the command layer reads
those manifests back to list all versions on ``build/site/index.html``, newest first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from regiovisie_builder import dutch, nvo
from regiovisie_builder.model import Meta

MANIFEST = "versie.json"
LIST = "versies.json"
NEWEST = "latest"
# A version number becomes a folder name and part of a web address.
VALID_VERSIE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$")


@dataclass(frozen=True)
class Versie:
    """One published version as listed on the index page."""

    versie: str
    status: str
    datum: str  # ISO date
    titel: str
    regio: str
    kenmerk: str

    @property
    def statuslabel(self) -> str:
        return nvo.STATUSES.get(self.status, self.status)

    @property
    def date_text(self) -> str:
        import datetime as dt

        try:
            return dutch.date(dt.date.fromisoformat(self.datum))
        except ValueError:
            return self.datum


def valid_versie(versie: str) -> bool:
    """Whether a version number can be a folder name (and is not the name of ``latest/``)."""
    return bool(VALID_VERSIE.match(versie)) and versie != NEWEST and ".." not in versie


def manifest(meta: Meta) -> bytes:
    """The ``versie.json`` of a version."""
    data = {
        "versie": meta.versie,
        "status": meta.status,
        "datum": meta.datum.isoformat(),
        "titel": meta.titel,
        "regio": meta.regio,
        "kenmerk": meta.kenmerk,
    }
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def read_manifest(content: bytes) -> Versie | None:
    """A manifest read back, or None when it is not one of ours."""
    try:
        data = json.loads(content.decode("utf-8"))
        return Versie(**{field: str(data[field]) for field in Versie.__dataclass_fields__})
    except (ValueError, KeyError, TypeError, RecursionError):  # RecursionError: nested too deeply
        return None


def key(versie: str) -> tuple:
    """Sort key of a version number: numeric parts as numbers, so 0.9 < 1.0 < 1.10."""
    return tuple((0, int(d), "") if d.isdigit() else (1, 0, d) for d in re.split(r"[.\-_]", versie))


def newest_first(versies: Iterable[Versie]) -> list[Versie]:
    """Versions from newest to oldest (by number, then date)."""
    return sorted(versies, key=lambda v: (key(v.versie), v.datum), reverse=True)


def _colours(resources: Mapping[str, bytes]):
    from markupsafe import Markup

    from regiovisie_builder.writers.html import inline_css

    colours = resources.get("kleuren.css", b"").decode("utf-8", errors="replace")
    return Markup(inline_css(colours))


def _fill_in(resources: Mapping[str, bytes], name: str, variables: dict) -> bytes:
    """A site template (a workspace can supply it) rendered in the sandbox with limits."""
    from regiovisie_builder.sandbox import fill_template

    text = resources[name].decode("utf-8", errors="replace")
    return fill_template(text, f"templates/{name}", variables).encode("utf-8")


def index(items: list[dict], resources: Mapping[str, bytes]) -> bytes:
    """The root index page listing every version (newest first) with its downloads."""
    newest = items[0] if items else None
    return _fill_in(
        resources,
        "site/versies.html",
        {"versies": items, "nieuwste": newest, "kleuren": _colours(resources)},
    )


def list_json(newest: str, items: list[dict]) -> bytes:
    """``versies.json`` at the site root: what every page's script reads."""
    data = {"nieuwste": newest, "versies": items}
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def not_found(items: list[dict], resources: Mapping[str, bytes]) -> bytes:
    """The Dutch 404 page at the site root."""
    if "site/404.html" not in resources:
        return b""
    newest = items[0] if items else None
    return _fill_in(
        resources, "site/404.html", {"nieuwste": newest, "kleuren": _colours(resources)}
    )
