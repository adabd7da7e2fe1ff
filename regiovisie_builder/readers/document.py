"""Assemble a document: place the rendered content blocks in the chapters of an outline."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, assert_never

from regiovisie_builder.errors import ConfigError, ContentError, Probleem
from regiovisie_builder.model import (
    Block,
    BlockQuote,
    BlokInfo,
    Bron,
    CodeBlock,
    Consultatie,
    Document,
    Figure,
    Heading,
    ListBlock,
    Marker,
    Meta,
    Paragraph,
    Regio,
    Revisie,
    Strong,
    Table,
    Text,
    doorloop,
    platte_tekst,
)
from regiovisie_builder.readers import sjablonen
from regiovisie_builder.readers.blokken import Blok
from regiovisie_builder.readers.markdown import lees_markdown
from regiovisie_builder.schema import REGIO_SCHEMA


@dataclass(frozen=True)
class Hoofdstuk:
    """A chapter of an outline and the blocks it takes by default."""

    id: str
    titel: str
    route: int | None = None
    afspraken: tuple[int, ...] = ()
    themas: bool = False
    # Block ids in order (an outline made by ``regiovisie import``); see ``Opzet.lijst``.
    blokken: tuple[str, ...] = ()
    # A front sheet: its blocks come first without chapter or block headings (``zonder_kop``).
    zonder_kop: bool = False


@dataclass(frozen=True)
class Opzet:
    """A document outline (``templates/documenten/<soort>.yaml``).

    Besides the chapters it says which frame parts the document wants (cover page, table of
    contents, chapter and block headings), whether it is made once per municipality, which
    per-municipality documents accompany it (``raadsstukken``) and Jinja templates for the
    metadata (``meta: {titel: ..., ondertitel: ..., kenmerk: ...}``).
    """

    soort: str
    hoofdstukken: tuple[Hoofdstuk, ...]
    bestand: str
    # Block ids of the appendices, in order, for an outline that lists its blocks.
    bijlagen: tuple[str, ...] = ()
    voorblad: bool = True
    inhoudsopgave: bool = True
    koppen: bool = True
    per_gemeente: bool = False
    raadsstukken: tuple[str, ...] = ()
    meta: Mapping[str, str] = field(default_factory=dict)
    # The shipped blocks of this type are the toolkit's fixed wording around the region's
    # data (council documents): never marked as standard text the region must adopt.
    vaste_tekst: bool = False
    # A regio.yaml section whose versie, status and datum this document has as its own
    # (an opinienota the college adopted is not a concept because the regiovisie is).
    meta_uit: str | None = None

    @property
    def lijst(self) -> bool:
        """True when chapters list their blocks: then only listed blocks are placed, in
        the listed order (the shipped blocks stay out unless listed)."""
        return any(h.blokken for h in self.hoofdstukken) or bool(self.bijlagen)

    def hoofdstuk_voor(self, blok: Blok) -> Hoofdstuk | None:
        """The chapter a block belongs in (see the outline file's header comment)."""
        if blok.hoofdstuk:
            return next((h for h in self.hoofdstukken if h.id == blok.hoofdstuk), None)
        kandidaten = (
            [h for h in self.hoofdstukken if set(h.afspraken) & set(blok.afspraken)]
            + [h for h in self.hoofdstukken if blok.route and h.route == blok.route]
            + [h for h in self.hoofdstukken if blok.themas and h.themas]
        )
        return kandidaten[0] if kandidaten else None


def lees_opzet(gegevens: Any, bestand: str) -> Opzet:
    """Build an outline from its parsed YAML; ``ConfigError`` when its shape is wrong."""
    # Any: parsed YAML of unknown shape; a wrong shape surfaces as the errors caught below.
    try:
        hoofdstukken = tuple(
            Hoofdstuk(
                id=str(h["id"]),
                titel=str(h["titel"]),
                route=h.get("route"),
                afspraken=tuple(h.get("afspraken", ())),
                themas=bool(h.get("themas", False)),
                blokken=tuple(str(b) for b in h.get("blokken") or ()),
                zonder_kop=bool(h.get("zonder_kop", False)),
            )
            for h in gegevens["hoofdstukken"]
        )
        meta = gegevens.get("meta") or {}
        if not isinstance(meta, Mapping) or set(meta) - set(META_SJABLONEN):
            raise ConfigError(
                "De documentopzet is onvolledig.",
                [
                    Probleem(
                        bestand,
                        None,
                        "'meta' mag alleen deze sleutels hebben: " + ", ".join(META_SJABLONEN),
                    )
                ],
            )
        return Opzet(
            str(gegevens["soort"]),
            hoofdstukken,
            bestand,
            bijlagen=tuple(str(b) for b in gegevens.get("bijlagen") or ()),
            voorblad=bool(gegevens.get("voorblad", True)),
            inhoudsopgave=bool(gegevens.get("inhoudsopgave", True)),
            koppen=bool(gegevens.get("koppen", True)),
            per_gemeente=bool(gegevens.get("per_gemeente", False)),
            raadsstukken=tuple(str(r) for r in gegevens.get("raadsstukken") or ()),
            meta={str(k): str(v) for k, v in meta.items()},
            vaste_tekst=bool(gegevens.get("vaste_tekst", False)),
            meta_uit=gegevens.get("meta_uit"),
        )
    except (KeyError, TypeError, AttributeError) as fout:
        raise ConfigError(
            "De documentopzet is onvolledig.",
            [
                Probleem(
                    bestand, None, f"verwachtte 'soort' en 'hoofdstukken' met id en titel ({fout})."
                )
            ],
        ) from None


# The chapter id that makes a block an appendix (Bijlage A, B, ...) after all chapters.
BIJLAGEN = "bijlagen"

# Metadata an outline may set with a Jinja template (``meta:`` in the outline).
META_SJABLONEN = ("titel", "ondertitel", "kenmerk")


def _meta_tekst(opzet: Opzet, sleutel: str, variabelen: Mapping) -> str:
    """An outline's metadata template filled in; open markers become their bracketed text."""
    sjabloon = Blok(
        id=f"{opzet.soort}-{sleutel}",
        titel=sleutel,
        hoofdstuk=None,
        route=None,
        afspraken=(),
        themas=(),
        volgorde=0,
        documenten=(opzet.soort,),
        bestand=opzet.bestand,
        tekst=opzet.meta[sleutel],
        tekst_regel=1,
        herkomst="opzet",
    )
    tekst = sjablonen.render(sjabloon, variabelen)
    return sjablonen.MARKER_PATROON.sub(lambda m: Marker(m.group(1)).text, tekst).strip()


def maak_meta(regio: Regio, opzet: Opzet | None = None, variabelen: Mapping | None = None) -> Meta:
    """Document metadata from the region data and the outline's frame and meta templates."""
    document = regio.gegevens["document"]
    waarden = {
        "titel": document["titel"],
        "ondertitel": document.get("ondertitel", ""),
        "kenmerk": document["kenmerk"],
    }
    eigen = regio.sectie(opzet.meta_uit) if opzet is not None and opzet.meta_uit else {}
    gemeenten = tuple(g["naam"] for g in regio.gemeenten)
    if opzet is not None:
        for sleutel in opzet.meta:
            waarden[sleutel] = _meta_tekst(opzet, sleutel, variabelen or {})
        gemeente = (variabelen or {}).get("gemeente")
        if gemeente is not None:
            gemeenten = (str(gemeente["naam"]),)
    return Meta(
        soort=opzet.soort if opzet is not None else document["soort"],
        titel=waarden["titel"],
        regio=regio.naam,
        gemeenten=gemeenten,
        kenmerk=waarden["kenmerk"],
        versie=eigen.get("versie", document["versie"]),
        status=eigen.get("status", document["status"]),
        datum=eigen.get("datum", document["datum"]),
        ondertitel=waarden["ondertitel"],
        opsteller=document.get("opsteller", ""),
        voorblad=opzet.voorblad if opzet is not None else True,
        inhoudsopgave=opzet.inhoudsopgave if opzet is not None else True,
        consultatie=_consultatie(regio),
    )


def _consultatie(regio: Regio) -> Consultatie | None:
    """The consultation details from regio.yaml, or None when the region gives none."""
    gegevens = regio.sectie("consultatie")
    if not gegevens:
        return None
    return Consultatie(
        reageren_tot=gegevens.get("reageren_tot"),
        wijze=str(gegevens.get("wijze", "")).strip(),
        contact=str(gegevens.get("contact", "")).strip(),
        formulier=str(gegevens.get("formulier", "")).strip(),
        email=str(gegevens.get("email", "")).strip(),
        adres=str(gegevens.get("adres", "")).strip(),
    )


def gemeente_variabele(regio: Regio, index: int):
    """The Jinja variable ``gemeente``: one municipality of regio.yaml, with open markers."""
    schema = REGIO_SCHEMA["properties"]["regio"]["properties"]["gemeenten"]["items"]
    return sjablonen.Gegevens(regio.gemeenten[index], schema, f"regio.gemeenten[{index}]")


STANDAARDTEKST = "Standaardtekst, niet vastgesteld door de regio."


def overgenomen(regio: Regio) -> frozenset[str] | None:
    """The shipped block ids the region adopted; None means all of them (``alle``)."""
    waarde = regio.gegevens.get("overgenomen") or ()
    return None if waarde == "alle" else frozenset(waarde)


def herkomst(blok: Blok, geadopteerd: frozenset[str] | None) -> str:
    """eigen, overgenomen or standaard (see ``BlokInfo.herkomst``)."""
    if blok.herkomst != "standaard":
        return "eigen"
    return "overgenomen" if geadopteerd is None or blok.id in geadopteerd else "standaard"


def _standaardmelding(bron: Bron) -> BlockQuote:
    """The visible note above shipped text the region has not adopted (drafts only: a final
    version with such text is not built)."""
    return BlockQuote(
        (
            Paragraph(
                (
                    Strong((Text(STANDAARDTEKST),)),
                    Text(
                        " Deze tekst komt uit de bibliotheek van de toolkit. Pas hem aan of "
                        "neem hem over onder 'overgenomen' in regio.yaml."
                    ),
                ),
                bron,
            ),
        ),
        bron,
    )


def _markeringen(blokken, footnotes: Mapping) -> tuple[str, ...]:
    gevonden = doorloop((blokken, list(footnotes.values())))
    return tuple(dict.fromkeys(k.pad for k in gevonden if isinstance(k, Marker)))


def _heeft_tekst(blokken: Iterable[Block]) -> bool:
    def tekst(knoop: Block) -> str:
        match knoop:
            case Paragraph() | Heading():
                return platte_tekst(knoop.content)
            case ListBlock():
                return " ".join(tekst(b) for item in knoop.items for b in item)
            case Table():
                return " ".join(platte_tekst(c) for rij in knoop.rows for c in rij)
            case BlockQuote() | Revisie():
                return " ".join(tekst(b) for b in knoop.blocks)
            case Figure():  # its description
                return knoop.alt
            case CodeBlock():
                return knoop.text
            case _:
                assert_never(knoop)

    return any(tekst(b).strip() for b in blokken)


def _volgens_lijst(opzet: Opzet, blokken: list[Blok]) -> tuple[dict, list[Probleem]]:
    """Blocks placed as the outline's chapters list them; an unknown id is a problem."""
    per_id = {b.id: b for b in blokken if opzet.soort in b.documenten}
    per_hoofdstuk: dict[str, list[Blok]] = {}
    problemen = []
    # The appendices go under the chapter id 'bijlagen' (Bijlage A, B, ... after the rest).
    rijen = [(h.id, h.blokken) for h in opzet.hoofdstukken] + [("bijlagen", opzet.bijlagen)]
    for hoofdstuk_id, ids in rijen:
        per_hoofdstuk.setdefault(hoofdstuk_id, [])
        for id_ in ids:
            if id_ in per_id:
                per_hoofdstuk[hoofdstuk_id].append(per_id[id_])
            else:
                problemen.append(
                    Probleem(
                        opzet.bestand,
                        None,
                        f"het hoofdstuk '{hoofdstuk_id}' noemt het blok '{id_}', maar dat blok "
                        "bestaat niet; haal het uit de lijst of maak het blok.",
                    )
                )
    return per_hoofdstuk, problemen


def _contextsleutel(regio: Regio, extra: Mapping | None, gemeente: int | None) -> str | None:
    """A hash of the template variables a block with Jinja sees (None: not hashable)."""
    import hashlib
    import pickle

    try:
        data = pickle.dumps((regio.gegevens, extra, gemeente), pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - such a block is then simply not cached
        return None
    return hashlib.sha256(data).hexdigest()


def _lees_blok(blok: Blok, niveau: int, variabelen: Mapping | None):
    """(rendered Markdown, parsed blocks, empty?, open markers) of one block."""
    tekst = blok.tekst if variabelen is None else sjablonen.render(blok, variabelen)
    uitkomst = lees_markdown(tekst, blok.bestand, blok.tekst_regel, blok.id, niveau)
    markeringen = (
        _markeringen(uitkomst.blocks, uitkomst.footnotes)
        if sjablonen.MARKER_BEGIN in tekst  # no walk when there can be none
        else ()
    )
    return tekst, uitkomst, not _heeft_tekst(uitkomst.blocks), markeringen


def _gelezen(blok: Blok, niveau: int, variabelen: Mapping | None, context: str | None):
    """``_lees_blok`` through the block cache of the running build (see ``blokcache``).

    The key is the block itself and its level; the region data only for a block with
    Jinja in it (a block without Jinja renders to its own text whatever the region says).
    """
    from regiovisie_builder import blokcache

    cache = blokcache.actief()
    jinja = variabelen is not None and sjablonen.heeft_jinja(blok.tekst)
    if cache is None or (jinja and context is None):
        return _lees_blok(blok, niveau, variabelen)
    return cache.haal(
        "blok",
        (blok, niveau, variabelen is not None, context if jinja else ""),
        lambda: _lees_blok(blok, niveau, variabelen),
    )


def lees_document(
    regio: Regio,
    blokken: list[Blok],
    opzet: Opzet,
    gemeente: int | None = None,
    gerenderd: bool = False,
    extra: Mapping | None = None,
) -> Document:
    """Render every block of this document type with the region data and place it.

    ``gemeente`` (an index in ``regio.gemeenten``) makes the document one municipality's:
    its blocks see that municipality as the variable ``gemeente``. With ``gerenderd`` the
    block bodies are already rendered Markdown (the frozen sources of a published version)
    and are not run through Jinja again. Problems in several blocks are reported together
    in one ``ContentError``. ``extra`` adds template variables (the council documents get
    ``toetsing``, the checklist result).
    """
    variabelen = sjablonen.context(regio.gegevens)
    variabelen.update(extra or {})
    if gemeente is not None:
        variabelen["gemeente"] = gemeente_variabele(regio, gemeente)
    geadopteerd = overgenomen(regio)
    per_hoofdstuk: dict[str, list[Blok]] = {h.id: [] for h in opzet.hoofdstukken}
    bijlagen = Hoofdstuk(BIJLAGEN, "Bijlagen")
    if BIJLAGEN not in per_hoofdstuk:  # appendices come after the outline's chapters
        per_hoofdstuk[BIJLAGEN] = []
    problemen: list[Probleem] = []
    if opzet.lijst:
        per_hoofdstuk, problemen = _volgens_lijst(opzet, blokken)
        per_hoofdstuk.setdefault(BIJLAGEN, [])
    for blok in blokken if not opzet.lijst else ():
        if opzet.soort not in blok.documenten:
            continue
        hoofdstuk = opzet.hoofdstuk_voor(blok)
        if hoofdstuk is None and blok.hoofdstuk == BIJLAGEN:
            hoofdstuk = bijlagen
        if hoofdstuk is None:
            bekend = ", ".join([*(h.id for h in opzet.hoofdstukken), BIJLAGEN])
            waarom = (
                f"het hoofdstuk '{blok.hoofdstuk}' bestaat niet"
                if blok.hoofdstuk
                else "het blok past in geen hoofdstuk"
            )
            problemen.append(
                Probleem(blok.bestand, 2, f"{waarom}; kies 'hoofdstuk:' uit {bekend}.")
            )
            continue
        per_hoofdstuk[hoofdstuk.id].append(blok)

    from regiovisie_builder import blokcache

    context = _contextsleutel(regio, extra, gemeente) if blokcache.actief() else None
    body: list = []
    footnotes: dict = {}
    info: list[BlokInfo] = []
    for hoofdstuk in (*opzet.hoofdstukken, bijlagen):
        geplaatst = per_hoofdstuk[hoofdstuk.id]
        if not opzet.lijst:
            geplaatst = sorted(geplaatst, key=lambda b: (b.volgorde, b.id))
        if not geplaatst:
            continue
        is_bijlage = hoofdstuk is bijlagen
        koppen = opzet.koppen and not hoofdstuk.zonder_kop
        if koppen and not is_bijlage:
            body.append(Heading(1, (Text(hoofdstuk.titel),), hoofdstuk.id, Bron(opzet.bestand)))
        niveau = 1 if is_bijlage else 2  # an appendix's own headings start at A.1
        for blok in geplaatst:
            try:
                tekst, uitkomst, leeg, markeringen = _gelezen(
                    blok, niveau, variabelen if not gerenderd else None, context
                )
            except ContentError as fout:
                problemen.extend(fout.problemen)
                continue
            bron = Bron(blok.bestand, 1)
            soort = "eigen" if opzet.vaste_tekst else herkomst(blok, geadopteerd)
            if is_bijlage:
                # Each appendix block is an appendix: Bijlage A, B, ... (see nummering).
                kop = Heading(1, (Text(blok.titel),), blok.id, bron, blok=blok.id, bijlage=True)
                body.append(kop)
            elif koppen:
                body.append(Heading(2, (Text(blok.titel),), blok.id, bron, blok=blok.id))
            if soort == "standaard":
                body.append(_standaardmelding(bron))
            body.extend(uitkomst.blocks)
            footnotes.update(uitkomst.footnotes)
            info.append(
                BlokInfo(
                    id=blok.id,
                    titel=blok.titel,
                    hoofdstuk=hoofdstuk.id,
                    route=blok.route,
                    afspraken=blok.afspraken,
                    themas=blok.themas,
                    bron=bron,
                    anker=blok.id,
                    leeg=leeg,
                    markeringen=markeringen,
                    markdown=tekst,
                    herkomst=soort,
                )
            )
    if problemen:
        raise ContentError(
            f"{len(problemen)} blok(ken) bevatten een fout. Er is niets gebouwd.", problemen
        )
    try:
        meta = maak_meta(regio, opzet, variabelen)
    except ContentError as fout:
        raise ContentError(
            "De metagegevens in de documentopzet bevatten een fout.", fout.problemen
        ) from None
    return Document(meta, tuple(body), footnotes, tuple(info))
