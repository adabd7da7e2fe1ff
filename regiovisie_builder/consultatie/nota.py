"""The nota van beantwoording as a model document: per chapter each reaction and its answer."""

from __future__ import annotations

import re
from dataclasses import replace

from regiovisie_builder.consultatie.reactieregister import ALGEMEEN, INWONER
from regiovisie_builder.consultatie.vergelijken import Vergelijking
from regiovisie_builder.model import (
    Bron,
    Document,
    Emph,
    Heading,
    LineBreak,
    Marker,
    Meta,
    Paragraph,
    Strong,
    Table,
    Text,
    platte_tekst,
)
from regiovisie_builder.transforms.nummering import nummer

BRON = Bron("reacties/antwoorden.yaml")


def _regels(tekst: str) -> tuple:
    uit: list = []
    for index, regel in enumerate(str(tekst).strip().split("\n")):
        if index:
            uit.append(LineBreak())
        uit.append(Text(regel))
    return tuple(uit)


def _alinea(label: str, *inhoud) -> Paragraph:
    return Paragraph((Strong((Text(f"{label}: "),)), *inhoud), BRON)


def _paragraafsleutel(reactie: dict) -> tuple:
    nummer = re.fullmatch(r"\d+(?:\.\d+)*", str(reactie.get("paragraaf") or ""))
    return tuple(int(d) for d in nummer.group(0).split(".")) if nummer else (10**6,)


def _hoofdstukken(document: Document) -> list[str]:
    return [
        f"{k.number or ''} {platte_tekst(k.content)}".strip()
        for k in document.body
        if isinstance(k, Heading) and k.level == 1
    ]


class _Wijzigingen:
    """Whether and where the text of a reaction's paragraph changed, in words."""

    def __init__(self, vergelijking: Vergelijking | None, nieuw: str, overzicht: str):
        self.per_blok = vergelijking.gewijzigde_blokken if vergelijking else {}
        self.vergeleken = vergelijking is not None
        self.nieuw = nieuw
        self.overzicht = overzicht

    def waar(self, blok: str) -> str:
        wijzigingen = self.per_blok.get(blok, ())
        if not wijzigingen:
            return ""
        paragraaf = next((w.paragraaf for w in wijzigingen if w.paragraaf), "")
        onderdelen = ", ".join(dict.fromkeys(f"{w.onderdeel} {w.soort}" for w in wijzigingen))
        return (
            f"in versie {self.nieuw} is paragraaf {paragraaf} gewijzigd ({onderdelen}); "
            f"zie {self.overzicht}."
        )

    def zin(self, reactie: dict) -> tuple:
        blok = str(reactie.get("blok") or "")
        aangepast = reactie.get("tekst_aangepast")
        if isinstance(aangepast, str):  # the workgroup may write ja/nee
            aangepast = {"ja": True, "j": True, "nee": False, "n": False}.get(
                aangepast.strip().lower()
            )
        toelichting = str(reactie.get("toelichting") or "").strip()
        waar = self.waar(blok) if blok else ""
        if aangepast is True:
            tekst = "Ja"
            if waar:
                tekst += f": {waar}"
            elif self.vergeleken and blok:
                tekst += (
                    f". In de vergelijking met versie {self.nieuw} is in deze paragraaf "
                    "(nog) geen wijziging gevonden."
                )
            else:
                tekst += "."
        elif aangepast is False:
            tekst = "Nee, de tekst is niet aangepast."
        elif waar:
            tekst = f"Nog niet aangegeven door de werkgroep; {waar}"
        else:
            return (Marker(f"tekst_aangepast bij {reactie['id']}"),)
        if toelichting:
            tekst += f" {toelichting}"
        return (Text(tekst),)


def nota(
    reacties: list[dict],
    document: Document,
    versie: str,
    vergelijking: Vergelijking | None,
    nieuw: str,
    overzicht: str,
    meta: Meta | None = None,
) -> Document:
    """The nota: an introduction, a count per chapter, then every reaction exactly once.

    ``document`` is the version the reactions were about (its chapters and numbers);
    ``meta`` the version the nota goes out with (default: that same version).
    """
    wijzigingen = _Wijzigingen(vergelijking, nieuw, overzicht)
    volgorde = _hoofdstukken(document)
    per_hoofdstuk: dict[str, list[dict]] = {h: [] for h in volgorde}
    for reactie in reacties:
        per_hoofdstuk.setdefault(str(reactie.get("hoofdstuk") or ALGEMEEN), []).append(reactie)
    # Within a chapter in paragraph order; reactions on one paragraph in the order received.
    per_hoofdstuk = {h: sorted(r, key=_paragraafsleutel) for h, r in per_hoofdstuk.items() if r}

    inwoners = {r.get("indiener") for r in reacties if r.get("soort") == INWONER}
    organisaties = {r.get("indiener") for r in reacties if r.get("soort") != INWONER}
    beantwoord = sum(1 for r in reacties if str(r.get("antwoord") or "").strip())
    titel = document.meta.titel
    inleiding = (
        f"Op versie {versie} van '{titel}' kwamen {len(reacties)} reacties binnen, van "
        f"{len(inwoners)} inwoner(s) en {len(organisaties)} organisatie(s). In deze nota staat "
        "per hoofdstuk elke reactie, het antwoord van de werkgroep en of de tekst daardoor is "
        "aangepast. Inwoners noemen we niet bij naam; organisaties wel. De paragraafnummers "
        f"zijn die van versie {versie}."
    )
    body: list = [
        Heading(1, (Text("Inleiding"),), "inleiding", BRON, numbered=False),
        Paragraph((Text(inleiding),), BRON),
    ]
    if beantwoord < len(reacties):
        body.append(
            Paragraph(
                (Strong((Text(f"Nog {len(reacties) - beantwoord} reactie(s) zonder antwoord."),)),),
                BRON,
            )
        )
    rijen = tuple(
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
            rijen,
            (None, "right", "right"),
            BRON,
            caption=(Text("Reacties per hoofdstuk"),),
        )
    )
    for index, (hoofdstuk, lijst) in enumerate(per_hoofdstuk.items(), start=1):
        body.append(Heading(1, (Text(hoofdstuk),), f"hoofdstuk-{index}", BRON, numbered=False))
        for reactie in lijst:
            kop = f"{reactie['id']} – {reactie.get('indiener') or 'Onbekend'}"
            if reactie.get("paragraaf"):
                kop += f" – paragraaf {reactie['paragraaf']}"
            body.append(Heading(2, (Text(kop),), str(reactie["id"]), BRON, numbered=False))
            body.append(_alinea("Reactie", *_regels(reactie.get("reactie", ""))))
            if reactie.get("citaat"):
                body.append(_alinea("Over de tekst", Emph((Text(f"“{reactie['citaat']}”"),))))
            antwoord = str(reactie.get("antwoord") or "").strip()
            inhoud = _regels(antwoord) if antwoord else (Marker(f"antwoord op {reactie['id']}"),)
            body.append(_alinea("Antwoord", *inhoud))
            body.append(_alinea("Tekst aangepast", *wijzigingen.zin(reactie)))
    meta = replace(
        meta or document.meta,
        titel="Nota van beantwoording",
        ondertitel=f"Reacties op {titel}, versie {versie}",
    )
    return nummer(Document(meta, tuple(body)))
