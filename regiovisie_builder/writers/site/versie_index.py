"""Versions side by side: each version's manifest, their order, and the root index page.

Every version folder holds ``versie.json`` (written with the site); the command layer reads
those manifests back to list all versions on ``build/site/index.html``, newest first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from regiovisie_builder import nederlands, nvo
from regiovisie_builder.model import Meta

MANIFEST = "versie.json"
LIJST = "versies.json"
NIEUWSTE = "latest"
# A version number becomes a folder name and part of a web address.
GELDIGE_VERSIE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$")


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
        return nvo.STATUSSEN.get(self.status, self.status)

    @property
    def datum_tekst(self) -> str:
        import datetime as dt

        try:
            return nederlands.datum(dt.date.fromisoformat(self.datum))
        except ValueError:
            return self.datum


def geldige_versie(versie: str) -> bool:
    """Whether a version number can be a folder name (and is not the name of ``latest/``)."""
    return bool(GELDIGE_VERSIE.match(versie)) and versie != NIEUWSTE and ".." not in versie


def manifest(meta: Meta) -> bytes:
    """The ``versie.json`` of a version."""
    gegevens = {
        "versie": meta.versie,
        "status": meta.status,
        "datum": meta.datum.isoformat(),
        "titel": meta.titel,
        "regio": meta.regio,
        "kenmerk": meta.kenmerk,
    }
    return (json.dumps(gegevens, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def lees_manifest(inhoud: bytes) -> Versie | None:
    """A manifest read back, or None when it is not one of ours."""
    try:
        gegevens = json.loads(inhoud.decode("utf-8"))
        return Versie(**{veld: str(gegevens[veld]) for veld in Versie.__dataclass_fields__})
    except (ValueError, KeyError, TypeError):
        return None


def sleutel(versie: str) -> tuple:
    """Sort key of a version number: numeric parts as numbers, so 0.9 < 1.0 < 1.10."""
    return tuple((0, int(d), "") if d.isdigit() else (1, 0, d) for d in re.split(r"[.\-_]", versie))


def nieuwste_eerst(versies: Iterable[Versie]) -> list[Versie]:
    """Versions from newest to oldest (by number, then date)."""
    return sorted(versies, key=lambda v: (sleutel(v.versie), v.datum), reverse=True)


def _kleuren(hulpbronnen: Mapping[str, bytes]):
    from markupsafe import Markup

    return Markup(hulpbronnen.get("kleuren.css", b"").decode("utf-8", errors="replace"))


def _vul_in(hulpbronnen: Mapping[str, bytes], naam: str, variabelen: dict) -> bytes:
    """A site template (a workspace can supply it) rendered in the sandbox with limits."""
    from regiovisie_builder.zandbak import vul_sjabloon_in

    tekst = hulpbronnen[naam].decode("utf-8", errors="replace")
    return vul_sjabloon_in(tekst, f"templates/{naam}", variabelen).encode("utf-8")


def index(lijst: list[dict], hulpbronnen: Mapping[str, bytes]) -> bytes:
    """The root index page listing every version (newest first) with its downloads."""
    nieuwste = lijst[0] if lijst else None
    return _vul_in(
        hulpbronnen,
        "site/versies.html",
        {"versies": lijst, "nieuwste": nieuwste, "kleuren": _kleuren(hulpbronnen)},
    )


def lijst_json(nieuwste: str, lijst: list[dict]) -> bytes:
    """``versies.json`` at the site root: what every page's script reads."""
    gegevens = {"nieuwste": nieuwste, "versies": lijst}
    return (json.dumps(gegevens, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def niet_gevonden(lijst: list[dict], hulpbronnen: Mapping[str, bytes]) -> bytes:
    """The Dutch 404 page at the site root."""
    if "site/404.html" not in hulpbronnen:
        return b""
    nieuwste = lijst[0] if lijst else None
    return _vul_in(
        hulpbronnen, "site/404.html", {"nieuwste": nieuwste, "kleuren": _kleuren(hulpbronnen)}
    )
