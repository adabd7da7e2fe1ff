"""Cross-references: ``[](#blok-id)`` shows the number of the paragraph it points to.

A link to ``#anchor`` with empty text becomes "paragraaf 3.2" (or "tabel 4", or the heading's
title when it has no number), so a reference stays right when chapters move. A link to an
anchor that does not exist is a content error with the file and line of the paragraph.
Runs after the numbering transform.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from typing import assert_never

from regiovisie_builder.errors import ContentError, Probleem
from regiovisie_builder.model import (
    BlockQuote,
    Bron,
    Code,
    CodeBlock,
    Document,
    Figure,
    FootnoteRef,
    Heading,
    LineBreak,
    Link,
    ListBlock,
    Marker,
    Paragraph,
    Revisie,
    Table,
    Text,
    platte_tekst,
)

# Nodes that cannot contain a link: the walk stops there (most nodes of a document are Text).
_BLADEREN = (Text, Code, LineBreak, FootnoteRef, Marker, Bron, str)
_VELDEN: dict[type, tuple[str, ...]] = {}


def _velden(soort: type) -> tuple[str, ...]:
    """The field names of a model class (``dataclasses.fields`` is slow in a hot loop)."""
    namen = _VELDEN.get(soort)
    if namen is None:
        namen = _VELDEN[soort] = tuple(veld.name for veld in fields(soort))
    return namen


def _doelen(document: Document) -> dict[str, str]:
    """Anchor -> the text a reference to it shows."""
    doelen: dict[str, str] = {}
    for blok in document.body:
        match blok:
            case Heading():
                if blok.number and blok.bijlage:  # "Bijlage A" -> "bijlage A"
                    tekst = blok.number[0].lower() + blok.number[1:]
                elif blok.number:
                    tekst = f"paragraaf {blok.number}"
                else:
                    tekst = platte_tekst(blok.content)
                doelen[blok.id] = tekst
                if blok.blok:
                    doelen.setdefault(blok.blok, tekst)
            case Table():
                if blok.id:
                    doelen[blok.id] = f"tabel {blok.number}"
            case Figure():
                if blok.id:
                    doelen[blok.id] = f"figuur {blok.number}"
            case Paragraph() | ListBlock() | BlockQuote() | CodeBlock() | Revisie():
                pass  # not a target of a cross-reference
            case _:
                assert_never(blok)
    return doelen


def verwijs(document: Document) -> Document:
    """A copy of ``document`` with empty cross-references filled in; error on broken ones."""
    doelen = _doelen(document)
    problemen: list[Probleem] = []

    def vervang(knoop, bron: Bron | None):
        if isinstance(knoop, _BLADEREN):
            return knoop
        if isinstance(knoop, Link) and knoop.target.startswith("#"):
            anker = knoop.target[1:]
            if anker not in doelen:
                plaats = bron or Bron("?")
                problemen.append(
                    Probleem(
                        plaats.bestand,
                        plaats.regel,
                        f"de verwijzing naar '#{anker}' wijst naar niets; gebruik het id van "
                        "een blok, een kop, een tabel of een figuur (figuur-1, figuur-2, ...).",
                    )
                )
                return knoop
            if not platte_tekst(knoop.content).strip():
                return replace(knoop, content=(Text(doelen[anker]),))
            return knoop
        if isinstance(knoop, tuple):
            nieuw = tuple(vervang(kind, bron) for kind in knoop)
            return knoop if all(a is b for a, b in zip(nieuw, knoop, strict=True)) else nieuw
        if is_dataclass(knoop) and not isinstance(knoop, type):
            eigen_bron = getattr(knoop, "bron", None) or bron
            wijzigingen = {}
            for naam in _velden(type(knoop)):
                waarde = getattr(knoop, naam)
                if isinstance(waarde, tuple):
                    nieuw = vervang(waarde, eigen_bron)
                    if nieuw is not waarde:
                        wijzigingen[naam] = nieuw
            return replace(knoop, **wijzigingen) if wijzigingen else knoop
        return knoop

    body = vervang(document.body, None)
    voetnoten = {sleutel: vervang(blokken, None) for sleutel, blokken in document.footnotes.items()}
    if problemen:
        raise ContentError(
            f"{len(problemen)} verwijzing(en) wijzen naar een onbekende plek. Er is niets gebouwd.",
            problemen,
        )
    return replace(document, body=body, footnotes=voetnoten)
