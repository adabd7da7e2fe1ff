"""The nota van beantwoording as a model document: per chapter each reaction and its answer."""

from __future__ import annotations

import re
from dataclasses import replace

from regiovisie_builder.consultatie.compare import Comparison
from regiovisie_builder.consultatie.reactie_register import GENERAL, INHABITANT
from regiovisie_builder.dutch import counted
from regiovisie_builder.model import (
    Document,
    Emph,
    Heading,
    LineBreak,
    Marker,
    Meta,
    Paragraph,
    Source,
    Strong,
    Table,
    Text,
    plain_text,
)
from regiovisie_builder.transforms.numbering import number

SOURCE = Source("reacties/antwoorden.yaml")


def _lines(text: str) -> tuple:
    out: list = []
    for index, line in enumerate(str(text).strip().split("\n")):
        if index:
            out.append(LineBreak())
        out.append(Text(line))
    return tuple(out)


def _paragraph(label: str, *content) -> Paragraph:
    return Paragraph((Strong((Text(f"{label}: "),)), *content), SOURCE)


def _paragraph_key(reactie: dict) -> tuple:
    number = re.fullmatch(r"\d+(?:\.\d+)*", str(reactie.get("paragraaf") or ""))
    return tuple(int(d) for d in number.group(0).split(".")) if number else (10**6,)


def _hoofdstukken(document: Document) -> list[str]:
    return [
        f"{k.number or ''} {plain_text(k.content)}".strip()
        for k in document.body
        if isinstance(k, Heading) and k.level == 1
    ]


class _Changes:
    """Whether and where the text of a reaction's paragraph changed, in words."""

    def __init__(self, comparison: Comparison | None, new: str, overview: str):
        self.per_blok = comparison.changed_blokken if comparison else {}
        self.compared = comparison is not None
        self.new = new
        self.overview = overview

    def where(self, blok: str) -> str:
        changes = self.per_blok.get(blok, ())
        if not changes:
            return ""
        section_number = next((w.section_number for w in changes if w.section_number), "")
        components = ", ".join(dict.fromkeys(f"{w.component} {w.soort}" for w in changes))
        return (
            f"in versie {self.new} is paragraaf {section_number} gewijzigd ({components}); "
            f"zie {self.overview}."
        )

    def zin(self, reactie: dict) -> tuple:
        blok = str(reactie.get("blok") or "")
        adjusted = reactie.get("tekst_aangepast")
        if isinstance(adjusted, str):  # the workgroup may write ja/nee
            adjusted = {"ja": True, "j": True, "nee": False, "n": False}.get(
                adjusted.strip().lower()
            )
        explanation = str(reactie.get("toelichting") or "").strip()
        where = self.where(blok) if blok else ""
        if adjusted is True:
            text = "Ja"
            if where:
                text += f": {where}"
            elif self.compared and blok:
                text += (
                    f". In de vergelijking met versie {self.new} is in deze paragraaf "
                    "(nog) geen wijziging gevonden."
                )
            else:
                text += "."
        elif adjusted is False:
            text = "Nee, de tekst is niet aangepast."
        elif where:
            text = f"Nog niet aangegeven door de werkgroep; {where}"
        else:
            return (Marker(f"tekst_aangepast bij {reactie['id']}"),)
        if explanation:
            text += f" {explanation}"
        return (Text(text),)


def nota(
    reacties: list[dict],
    document: Document,
    versie: str,
    comparison: Comparison | None,
    new: str,
    overview: str,
    meta: Meta | None = None,
) -> Document:
    """The nota: an introduction, a count per chapter, then every reaction exactly once.

    ``document`` is the version the reactions were about (its chapters and numbers);
    ``meta`` the version the nota goes out with (default: that same version).
    """
    changes = _Changes(comparison, new, overview)
    order = _hoofdstukken(document)
    per_hoofdstuk: dict[str, list[dict]] = {h: [] for h in order}
    for reactie in reacties:
        per_hoofdstuk.setdefault(str(reactie.get("hoofdstuk") or GENERAL), []).append(reactie)
    # Within a chapter in paragraph order; reactions on one paragraph in the order received.
    per_hoofdstuk = {h: sorted(r, key=_paragraph_key) for h, r in per_hoofdstuk.items() if r}

    inhabitants = {r.get("indiener") for r in reacties if r.get("soort") == INHABITANT}
    organisations = {r.get("indiener") for r in reacties if r.get("soort") != INHABITANT}
    answered = sum(1 for r in reacties if str(r.get("antwoord") or "").strip())
    title = document.meta.titel
    introduction = (
        f"Op versie {versie} van '{title}' {'kwam' if len(reacties) == 1 else 'kwamen'} "
        f"{counted(len(reacties), 'reactie', 'reacties')} binnen, van "
        f"{counted(len(inhabitants), 'inwoner', 'inwoners')} en "
        f"{counted(len(organisations), 'organisatie', 'organisaties')}. In deze nota staat "
        "per hoofdstuk elke reactie, het antwoord van de werkgroep en of de tekst daardoor is "
        "aangepast. Inwoners noemen we niet bij naam; organisaties wel. De paragraafnummers "
        f"zijn die van versie {versie}."
    )
    body: list = [
        Heading(1, (Text("Inleiding"),), "inleiding", SOURCE, numbered=False),
        Paragraph((Text(introduction),), SOURCE),
    ]
    if answered < len(reacties):
        open_ = counted(len(reacties) - answered, "reactie", "reacties")
        body.append(
            Paragraph(
                (Strong((Text(f"Nog {open_} zonder antwoord."),)),),
                SOURCE,
            )
        )
    rows = tuple(
        (
            (Text(h),),
            (Text(str(len(r))),),
            (Text(str(sum(1 for x in r if str(x.get("antwoord") or "").strip()))),),
        )
        for h, r in per_hoofdstuk.items()
    )
    body.append(
        Table(
            ((Text("Hoofdstuk"),), (Text("Reacties"),), (Text("Beantwoord"),)),
            rows,
            (None, "right", "right"),
            SOURCE,
            caption=(Text("Reacties per hoofdstuk"),),
        )
    )
    for index, (hoofdstuk, items) in enumerate(per_hoofdstuk.items(), start=1):
        body.append(Heading(1, (Text(hoofdstuk),), f"hoofdstuk-{index}", SOURCE, numbered=False))
        for reactie in items:
            heading = f"{reactie['id']} – {reactie.get('indiener') or 'Onbekend'}"
            if reactie.get("paragraaf"):
                heading += f" – paragraaf {reactie['paragraaf']}"
            body.append(Heading(2, (Text(heading),), str(reactie["id"]), SOURCE, numbered=False))
            body.append(_paragraph("Reactie", *_lines(reactie.get("reactie", ""))))
            if reactie.get("citaat"):
                body.append(_paragraph("Over de tekst", Emph((Text(f"“{reactie['citaat']}”"),))))
            answer = str(reactie.get("antwoord") or "").strip()
            content = _lines(answer) if answer else (Marker(f"antwoord op {reactie['id']}"),)
            body.append(_paragraph("Antwoord", *content))
            body.append(_paragraph("Tekst aangepast", *changes.zin(reactie)))
    meta = replace(
        meta or document.meta,
        titel="Nota van beantwoording",
        ondertitel=f"Reacties op {title}, versie {versie}",
    )
    return number(Document(meta, tuple(body)))
