"""Assemble a document: place the rendered content blocks in the chapters of an outline."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, assert_never

from regiovisie_builder.errors import ConfigError, ContentError, Problem
from regiovisie_builder.model import (
    Block,
    BlockQuote,
    BlokInfo,
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
    Revision,
    Source,
    Strong,
    Table,
    Text,
    plain_text,
)
from regiovisie_builder.readers import templates
from regiovisie_builder.readers.blokken import Blok
from regiovisie_builder.readers.markdown import read_markdown
from regiovisie_builder.schema import REGIO_SCHEMA


@dataclass(frozen=True)
class Hoofdstuk:
    """A chapter of an outline and the blocks it takes by default."""

    id: str
    titel: str
    route: int | None = None
    afspraken: tuple[int, ...] = ()
    themas: bool = False
    # Block ids in order (an outline made by ``regiovisie import``); see ``Opzet.items``.
    blokken: tuple[str, ...] = ()
    # A front sheet: its blocks come first without chapter or block headings (``without_heading``).
    without_heading: bool = False


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
    file: str
    # Block ids of the appendices, in order, for an outline that lists its blocks.
    bijlagen: tuple[str, ...] = ()
    voorblad: bool = True
    inhoudsopgave: bool = True
    headings: bool = True
    per_gemeente: bool = False
    raadsstukken: tuple[str, ...] = ()
    meta: Mapping[str, str] = field(default_factory=dict)
    # The shipped blocks of this type are the toolkit's fixed wording around the region's
    # data (council documents): never marked as standard text the region must adopt.
    fixed_text: bool = False
    # A regio.yaml section whose versie, status and datum this document has as its own
    # (an opinienota the college adopted is not a concept because the regiovisie is).
    meta_from: str | None = None

    @property
    def items(self) -> bool:
        """True when chapters list their blocks: then only listed blocks are placed, in
        the listed order (the shipped blocks stay out unless listed)."""
        return any(h.blokken for h in self.hoofdstukken) or bool(self.bijlagen)

    def hoofdstuk_for(self, blok: Blok) -> Hoofdstuk | None:
        """The chapter a block belongs in (see the outline file's header comment)."""
        if blok.hoofdstuk:
            return next((h for h in self.hoofdstukken if h.id == blok.hoofdstuk), None)
        candidates = (
            [h for h in self.hoofdstukken if set(h.afspraken) & set(blok.afspraken)]
            + [h for h in self.hoofdstukken if blok.route and h.route == blok.route]
            + [h for h in self.hoofdstukken if blok.themas and h.themas]
        )
        return candidates[0] if candidates else None


def read_opzet(data: Any, file: str) -> Opzet:
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
                without_heading=bool(h.get("zonder_kop", False)),
            )
            for h in data["hoofdstukken"]
        )
        meta = data.get("meta") or {}
        if not isinstance(meta, Mapping) or set(meta) - set(META_TEMPLATES):
            raise ConfigError(
                "De documentopzet is onvolledig.",
                [
                    Problem(
                        file,
                        None,
                        "'meta' mag alleen deze sleutels hebben: " + ", ".join(META_TEMPLATES),
                    )
                ],
            )
        return Opzet(
            str(data["soort"]),
            hoofdstukken,
            file,
            bijlagen=tuple(str(b) for b in data.get("bijlagen") or ()),
            voorblad=bool(data.get("voorblad", True)),
            inhoudsopgave=bool(data.get("inhoudsopgave", True)),
            headings=bool(data.get("koppen", True)),
            per_gemeente=bool(data.get("per_gemeente", False)),
            raadsstukken=tuple(str(r) for r in data.get("raadsstukken") or ()),
            meta={str(k): str(v) for k, v in meta.items()},
            fixed_text=bool(data.get("vaste_tekst", False)),
            meta_from=data.get("meta_uit"),
        )
    except (KeyError, TypeError, AttributeError) as error:
        raise ConfigError(
            "De documentopzet is onvolledig.",
            [
                Problem(
                    file, None, f"verwachtte 'soort' en 'hoofdstukken' met id en titel ({error})."
                )
            ],
        ) from None


# The chapter id that makes a block an appendix (Bijlage A, B, ...) after all chapters.
BIJLAGEN = "bijlagen"

# Metadata an outline may set with a Jinja template (``meta:`` in the outline).
META_TEMPLATES = ("titel", "ondertitel", "kenmerk")


def _meta_text(opzet: Opzet, key: str, variables: Mapping, markeringen: list[str]) -> str:
    """An outline's metadata template filled in; open markers become their bracketed text,
    and their paths are added to ``markeringen``."""
    template = Blok(
        id=f"{opzet.soort}-{key}",
        titel=key,
        hoofdstuk=None,
        route=None,
        afspraken=(),
        themas=(),
        order=0,
        documents=(opzet.soort,),
        file=opzet.file,
        text=opzet.meta[key],
        text_line=1,
        origin="opzet",
    )
    text = templates.render(template, variables)
    markeringen += _markeringen(text)
    return templates.MARKER_PATTERN.sub(lambda m: Marker(m.group(1)).text, text).strip()


def make_meta(
    regio: Regio,
    opzet: Opzet | None = None,
    variables: Mapping | None = None,
    markeringen: list[str] | None = None,
) -> Meta:
    """Document metadata from the region data and the outline's frame and meta templates;
    the open markers the templates print are added to ``markeringen``."""
    document = regio.data["document"]
    values = {
        "titel": document["titel"],
        "ondertitel": document.get("ondertitel", ""),
        "kenmerk": document["kenmerk"],
    }
    own = regio.section(opzet.meta_from) if opzet is not None and opzet.meta_from else {}
    gemeenten = tuple(g["naam"] for g in regio.gemeenten)
    if opzet is not None:
        for key in opzet.meta:
            values[key] = _meta_text(
                opzet, key, variables or {}, markeringen if markeringen is not None else []
            )
        gemeente = (variables or {}).get("gemeente")
        if gemeente is not None:
            gemeenten = (str(gemeente["naam"]),)
    return Meta(
        soort=opzet.soort if opzet is not None else document["soort"],
        titel=values["titel"],
        regio=regio.name,
        gemeenten=gemeenten,
        kenmerk=values["kenmerk"],
        versie=own.get("versie", document["versie"]),
        status=own.get("status", document["status"]),
        datum=own.get("datum", document["datum"]),
        ondertitel=values["ondertitel"],
        opsteller=document.get("opsteller", ""),
        voorblad=opzet.voorblad if opzet is not None else True,
        inhoudsopgave=opzet.inhoudsopgave if opzet is not None else True,
        consultatie=_consultatie(regio),
    )


def _consultatie(regio: Regio) -> Consultatie | None:
    """The consultation details from regio.yaml, or None when the region gives none."""
    data = regio.section("consultatie")
    if not data:
        return None
    return Consultatie(
        reageren_tot=data.get("reageren_tot"),
        wijze=str(data.get("wijze", "")).strip(),
        contact=str(data.get("contact", "")).strip(),
        formulier=str(data.get("formulier", "")).strip(),
        email=str(data.get("email", "")).strip(),
        adres=str(data.get("adres", "")).strip(),
    )


def gemeente_variable(regio: Regio, index: int):
    """The Jinja variable ``gemeente``: one municipality of regio.yaml, with open markers."""
    schema = REGIO_SCHEMA["properties"]["regio"]["properties"]["gemeenten"]["items"]
    return templates.Data(regio.gemeenten[index], schema, f"regio.gemeenten[{index}]")


STANDARD_TEXT = "Standaardtekst, niet vastgesteld door de regio."


def overgenomen(regio: Regio) -> frozenset[str] | None:
    """The shipped block ids the region adopted; None means all of them (``all_``)."""
    value = regio.data.get("overgenomen") or ()
    return None if value == "alle" else frozenset(value)


def origin(blok: Blok, adopted: frozenset[str] | None) -> str:
    """eigen, overgenomen or standaard (see ``BlokInfo.origin``)."""
    if blok.origin != "standaard":
        return "eigen"
    return "overgenomen" if adopted is None or blok.id in adopted else "standaard"


def _default_message(source: Source) -> BlockQuote:
    """The visible note above shipped text the region has not adopted (drafts only: a final
    version with such text is not built)."""
    return BlockQuote(
        (
            Paragraph(
                (
                    Strong((Text(STANDARD_TEXT),)),
                    Text(
                        " Deze tekst komt uit de bibliotheek van de toolkit. Pas hem aan of "
                        "neem hem over onder 'overgenomen' in regio.yaml."
                    ),
                ),
                source,
            ),
        ),
        source,
    )


# Characters that show nothing (Unicode's default ignorable code points, the Hangul and
# Braille blanks): a block of only these is empty to every reader.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0]"
)
# Space a hand-typed marker may have between its words, invisible ones included.
_SPACE = "[\\s\u00ad\u200b-\u200d\u2060\ufeff]"
# An open marker the toolkit made (its key between two private-use characters), or one typed
# by hand: "[nog in te vullen: datum raadsvergadering]" reads the same to a council member.
_OPEN = re.compile(
    f"{templates.MARKER_BEGIN}([^{templates.MARKER_END}]*){templates.MARKER_END}"
    f"|(\\[{_SPACE}*nog{_SPACE}+in{_SPACE}+te{_SPACE}+vullen\\b[^\\]\\n]*\\])",
    re.IGNORECASE,
)


def _markeringen(text: str) -> tuple[str, ...]:
    """The open markers of a block's filled-in Markdown, wherever they stand: in the text,
    and also in a code span, a code block or a link's address, where the model holds no
    ``Marker`` (a value missing there would otherwise pass the check of a final version).
    A marker typed by hand counts with its text (``[nog in te vullen: ...]``) as its path."""
    return tuple(
        dict.fromkeys(
            key if typed is None else " ".join(_INVISIBLE.sub("", typed).split())
            for key, typed in ((m.group(1), m.group(2)) for m in _OPEN.finditer(text))
        )
    )


def _has_text(blokken: Iterable[Block]) -> bool:
    """Whether ``blokken`` hold anything a reader sees: characters that show nothing do not
    count, or a block of one zero-width space would be prose for the check."""

    def text(node: Block) -> str:
        match node:
            case Paragraph() | Heading():
                return plain_text(node.content)
            case ListBlock():
                return " ".join(text(b) for item in node.items for b in item)
            case Table():
                return " ".join(plain_text(c) for row in node.rows for c in row)
            case BlockQuote() | Revision():
                return " ".join(text(b) for b in node.blocks)
            case Figure():  # its description
                return node.alt
            case CodeBlock():
                return node.text
            case _:
                assert_never(node)

    return any(_INVISIBLE.sub("", text(b)).strip() for b in blokken)


def _according_to_list(opzet: Opzet, blokken: list[Blok]) -> tuple[dict, list[Problem]]:
    """Blocks placed as the outline's chapters list them; an unknown id is a problem."""
    per_id = {b.id: b for b in blokken if opzet.soort in b.documents}
    per_hoofdstuk: dict[str, list[Blok]] = {}
    problems = []
    # The appendices go under the chapter id 'bijlagen' (Bijlage A, B, ... after the rest).
    rows = [(h.id, h.blokken) for h in opzet.hoofdstukken] + [("bijlagen", opzet.bijlagen)]
    for hoofdstuk_id, ids in rows:
        per_hoofdstuk.setdefault(hoofdstuk_id, [])
        for id_ in ids:
            if id_ in per_id:
                per_hoofdstuk[hoofdstuk_id].append(per_id[id_])
            else:
                problems.append(
                    Problem(
                        opzet.file,
                        None,
                        f"het hoofdstuk '{hoofdstuk_id}' noemt het blok '{id_}', maar dat blok "
                        "bestaat niet; haal het uit de lijst of maak het blok.",
                    )
                )
    return per_hoofdstuk, problems


def _context_key(regio: Regio, extra: Mapping | None, gemeente: int | None) -> str | None:
    """A hash of the template variables a block with Jinja sees (None: not hashable)."""
    import hashlib
    import pickle

    try:
        data = pickle.dumps((regio.data, extra, gemeente), pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - such a block is then simply not cached
        return None
    return hashlib.sha256(data).hexdigest()


def _read_blok(blok: Blok, level: int, variables: Mapping | None):
    """(rendered Markdown, parsed blocks, empty?, open markers) of one block."""
    text = blok.text if variables is None else templates.render(blok, variables)
    # Jinja that fills in values leaves the lines where they were; only a template that
    # adds or removes lines (a loop, an {% if %} over lines) moves them.
    lines = _line_map(blok.text, text) if text.count("\n") != blok.text.count("\n") else None
    outcome = read_markdown(text, blok.file, blok.text_line, blok.id, level, lines)
    return text, outcome, not _has_text(outcome.blocks), _markeringen(text)


def _line_map(source: str, text: str) -> tuple[int, ...]:
    """For each line of the filled-in ``text``, the line of ``source`` it came from (0-based).

    The reader counts lines in the text after Jinja filled it in. Lines that stayed the same
    are matched (difflib); a line the template made (a loop's table row) goes to the first
    line of the template part that made it, such as its ``{% for %}``.
    """
    import difflib

    before, after = source.split("\n"), text.split("\n")
    index = list(range(len(after)))
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for _, i1, i2, j1, j2 in matcher.get_opcodes():
        for j in range(j1, j2):
            # Equal and same-length parts line up; elsewhere stay inside the source part.
            index[j] = min(i1 + (j - j1), max(i1, i2 - 1), len(before) - 1)
    return tuple(index)


def _read(blok: Blok, level: int, variables: Mapping | None, context: str | None):
    """``_read_blok`` through the block cache of the running build (see ``blok_cache``).

    The key is the block itself and its level; the region data only for a block with
    Jinja in it (a block without Jinja renders to its own text whatever the region says).
    """
    from regiovisie_builder import blok_cache

    jinja = variables is not None and templates.has_jinja(blok.text)
    if jinja and context is None:
        return _read_blok(blok, level, variables)
    return blok_cache.fetched(
        "blok",
        (blok, level, variables is not None, context if jinja else ""),
        lambda: _read_blok(blok, level, variables),
    )


def read_document(
    regio: Regio,
    blokken: list[Blok],
    opzet: Opzet,
    gemeente: int | None = None,
    rendered: bool = False,
    extra: Mapping | None = None,
) -> Document:
    """Render every block of this document type with the region data and place it.

    ``gemeente`` (an index in ``regio.gemeenten``) makes the document one municipality's:
    its blocks see that municipality as the variable ``gemeente``. With ``rendered`` the
    block bodies are already rendered Markdown (the frozen sources of a published version)
    and are not run through Jinja again. Problems in several blocks are reported together
    in one ``ContentError``. ``extra`` adds template variables (the council documents get
    ``toetsing``, the checklist result).
    """
    variables = templates.context(regio.data)
    variables.update(extra or {})
    if gemeente is not None:
        variables["gemeente"] = gemeente_variable(regio, gemeente)
    adopted = overgenomen(regio)
    per_hoofdstuk: dict[str, list[Blok]] = {h.id: [] for h in opzet.hoofdstukken}
    bijlagen = Hoofdstuk(BIJLAGEN, "Bijlagen")
    if BIJLAGEN not in per_hoofdstuk:  # appendices come after the outline's chapters
        per_hoofdstuk[BIJLAGEN] = []
    problems: list[Problem] = []
    if opzet.items:
        per_hoofdstuk, problems = _according_to_list(opzet, blokken)
        per_hoofdstuk.setdefault(BIJLAGEN, [])
    for blok in blokken if not opzet.items else ():
        if opzet.soort not in blok.documents:
            continue
        hoofdstuk = opzet.hoofdstuk_for(blok)
        if hoofdstuk is None and blok.hoofdstuk == BIJLAGEN:
            hoofdstuk = bijlagen
        if hoofdstuk is None:
            known = ", ".join([*(h.id for h in opzet.hoofdstukken), BIJLAGEN])
            why = (
                f"het hoofdstuk '{blok.hoofdstuk}' bestaat niet"
                if blok.hoofdstuk
                else "het blok past in geen hoofdstuk"
            )
            problems.append(Problem(blok.file, 2, f"{why}; kies 'hoofdstuk:' uit {known}."))
            continue
        per_hoofdstuk[hoofdstuk.id].append(blok)

    from regiovisie_builder import blok_cache

    context = _context_key(regio, extra, gemeente) if blok_cache.active() else None
    body: list = []
    footnotes: dict = {}
    info: list[BlokInfo] = []
    for hoofdstuk in (*opzet.hoofdstukken, bijlagen):
        placed = per_hoofdstuk[hoofdstuk.id]
        if not opzet.items:
            placed = sorted(placed, key=lambda b: (b.order, b.id))
        if not placed:
            continue
        is_bijlage = hoofdstuk is bijlagen
        headings = opzet.headings and not hoofdstuk.without_heading
        if headings and not is_bijlage:
            body.append(Heading(1, (Text(hoofdstuk.titel),), hoofdstuk.id, Source(opzet.file)))
        level = 1 if is_bijlage else 2  # an appendix's own headings start at A.1
        for blok in placed:
            try:
                text, outcome, empty, markeringen = _read(
                    blok, level, variables if not rendered else None, context
                )
            except ContentError as error:
                problems.extend(error.problems)
                continue
            source = Source(blok.file, 1)
            soort = "eigen" if opzet.fixed_text else origin(blok, adopted)
            if is_bijlage:
                # Each appendix block is an appendix: Bijlage A, B, ... (see nummering).
                heading = Heading(
                    1, (Text(blok.titel),), blok.id, source, block_id=blok.id, appendix=True
                )
                body.append(heading)
            elif headings:
                body.append(Heading(2, (Text(blok.titel),), blok.id, source, block_id=blok.id))
            if soort == "standaard":
                body.append(_default_message(source))
            body.extend(outcome.blocks)
            footnotes.update(outcome.footnotes)
            info.append(
                BlokInfo(
                    id=blok.id,
                    titel=blok.titel,
                    hoofdstuk=hoofdstuk.id,
                    route=blok.route,
                    afspraken=blok.afspraken,
                    themas=blok.themas,
                    source=source,
                    anchor=blok.id,
                    empty=empty,
                    markeringen=markeringen,
                    markdown=text,
                    origin=soort,
                )
            )
    if problems:
        # One block can have several problems (two loose footnotes): count the blocks.
        count = len({problem.file for problem in problems})
        from regiovisie_builder.dutch import counted

        wrong = counted(count, "blok bevat", "blokken bevatten")
        raise ContentError(f"{wrong} een fout. Er is niets gebouwd.", problems)
    in_meta: list[str] = []
    try:
        meta = make_meta(regio, opzet, variables, in_meta)
    except ContentError as error:
        raise ContentError(
            "De metagegevens in de documentopzet bevatten een fout.", error.problems
        ) from None
    return Document(meta, tuple(body), footnotes, tuple(info), tuple(dict.fromkeys(in_meta)))
