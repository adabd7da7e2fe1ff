"""Charts from region data: the block function ``grafiek(...)``.

``{{ grafiek(financien.begroting) }}`` writes Markdown: a figure whose path is the chart's
data (``grafiek:`` and the data, compressed), its caption, and the numbers as a table: the
accessible alternative to the picture. The image step (``afbeeldingen.vul_afbeeldingen``)
draws the chart from that path with matplotlib, imported only then. So the rendered
Markdown (also a published version's frozen copy) holds everything needed to draw it again.

The drawing is reproducible: the same data gives the same SVG bytes (fixed ids through
``svg.hashsalt``, no date, text kept as text).
"""

from __future__ import annotations

import base64
import json
import zlib
from typing import TYPE_CHECKING, Any

from regiovisie_builder import nederlands

if TYPE_CHECKING:  # matplotlib itself is imported only when a chart is drawn
    from matplotlib.typing import RcKeyType

VOORVOEGSEL = "grafiek:"
SOORTEN = ("staaf", "lijn")
MAX_LABELS, MAX_REEKSEN = 40, 12
# Okabe-Ito colours: told apart also by readers with a colour vision deficiency.
KLEUREN = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
)  # fmt: skip


class OngeldigeGrafiek(ValueError):
    """The chart data cannot be drawn; ``args[0]`` is the Dutch reason."""


def _tekst(waarde) -> str:
    return str(waarde)


def gegevens_van(begroting, soort: str = "staaf", titel: str | None = None) -> dict:
    """The chart data of a budget-shaped mapping (``jaren`` and ``posten``)."""
    if soort not in SOORTEN:
        raise ValueError(f"soort='{soort}' bestaat niet; kies uit {', '.join(SOORTEN)}")
    jaren = [_tekst(j) for j in begroting["jaren"]]
    reeksen = []
    for post in begroting["posten"]:
        bedragen = [float(b) for b in post["bedragen"]]
        if len(bedragen) != len(jaren):
            raise ValueError(
                f"de post '{post['post']}' heeft {len(bedragen)} bedragen "
                f"maar er zijn {len(jaren)} jaren"
            )
        reeksen.append([_tekst(post["post"]), bedragen])
    return {
        "soort": soort,
        "titel": str(titel or begroting.get("titel") or "Grafiek"),
        "eenheid": "duizend" if begroting.get("eenheid") == "duizend" else "euro",
        "labels": jaren,
        "reeksen": reeksen,
    }


def codeer(gegevens: dict) -> str:
    """The figure path that carries the chart data."""
    tekst = json.dumps(gegevens, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    code = base64.urlsafe_b64encode(zlib.compress(tekst.encode("utf-8"), 9)).decode("ascii")
    return VOORVOEGSEL + code.rstrip("=")


def decodeer(pad: str) -> dict:
    """The chart data of a ``grafiek:`` path; ``OngeldigeGrafiek`` when it is damaged."""
    fout = OngeldigeGrafiek(
        "de gegevens van de grafiek zijn beschadigd. Schrijf de grafiek met "
        "{{ grafiek(...) }} in het blok, niet met de hand."
    )
    try:
        code = pad[len(VOORVOEGSEL) :]
        ruw = base64.urlsafe_b64decode(code + "=" * (-len(code) % 4))
        uitpakker = zlib.decompressobj()
        tekst = uitpakker.decompress(ruw, 200_000)
        if uitpakker.unconsumed_tail:
            raise fout
        gegevens = json.loads(tekst.decode("utf-8"))
        labels = [str(x) for x in gegevens["labels"]]
        reeksen = [(str(n), [float(w) for w in waarden]) for n, waarden in gegevens["reeksen"]]
        soort, titel = str(gegevens["soort"]), str(gegevens["titel"])
        eenheid = str(gegevens["eenheid"])
    except (ValueError, KeyError, TypeError, zlib.error, UnicodeDecodeError):
        raise fout from None
    if (
        soort not in SOORTEN
        or not 0 < len(labels) <= MAX_LABELS
        or not 0 < len(reeksen) <= MAX_REEKSEN
        or any(len(w) != len(labels) for _, w in reeksen)
    ):
        raise fout
    return {"soort": soort, "titel": titel, "eenheid": eenheid, "labels": labels,
            "reeksen": reeksen}  # fmt: skip


def _bedrag(waarde: float, eenheid: str) -> str:
    if eenheid == "duizend":
        return f"{nederlands.getal(round(waarde), 0)} duizend euro"
    return nederlands.bedrag(round(waarde))


def alt_tekst(gegevens: dict) -> str:
    """A description of the chart for readers who cannot see it."""
    labels, reeksen = gegevens["labels"], gegevens["reeksen"]
    soort = "Staafdiagram" if gegevens["soort"] == "staaf" else "Lijndiagram"
    namen = nederlands.opsomming([naam for naam, _ in reeksen])
    totalen = [sum(w[i] for _, w in reeksen) for i in range(len(labels))]
    hoogste = max(range(len(labels)), key=lambda i: totalen[i])
    laagste = min(range(len(labels)), key=lambda i: totalen[i])
    eenheid = gegevens["eenheid"]
    return (
        f"{soort} '{gegevens['titel']}' van {labels[0]} tot en met {labels[-1]}, "
        f"met {namen}. Het totaal is het hoogst in {labels[hoogste]} "
        f"({_bedrag(totalen[hoogste], eenheid)}) en het laagst in {labels[laagste]} "
        f"({_bedrag(totalen[laagste], eenheid)}). De cijfers staan in de tabel onder de figuur."
    )


def teken(gegevens: dict) -> bytes:
    """The chart as SVG bytes; the same data always gives the same bytes."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib import pyplot as plt
    from matplotlib.ticker import FuncFormatter

    labels, reeksen = gegevens["labels"], gegevens["reeksen"]
    instellingen: dict[RcKeyType, Any] = {
        "svg.hashsalt": "regiovisie",  # fixed element ids: reproducible bytes
        "svg.fonttype": "none",  # text stays text: searchable and sharp
        "font.family": "DejaVu Sans",  # matplotlib's own font: sizes measured right
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
    with plt.rc_context(instellingen):
        figuur, as_ = plt.subplots(figsize=(6.3, 3.6), dpi=100)
        try:
            posities = range(len(labels))
            if gegevens["soort"] == "staaf":
                onder = [0.0] * len(labels)
                for index, (naam, waarden) in enumerate(reeksen):
                    kleur = KLEUREN[index % len(KLEUREN)]
                    as_.bar(posities, waarden, 0.6, bottom=onder, label=naam, color=kleur)
                    onder = [a + b for a, b in zip(onder, waarden, strict=True)]
            else:
                for index, (naam, waarden) in enumerate(reeksen):
                    kleur = KLEUREN[index % len(KLEUREN)]
                    as_.plot(posities, waarden, marker="o", label=naam, color=kleur)
            as_.set_xticks(list(posities), labels)
            eenheid = "x € 1.000" if gegevens["eenheid"] == "duizend" else "€"
            as_.set_ylabel(eenheid)
            as_.yaxis.set_major_formatter(FuncFormatter(lambda w, _: nederlands.getal(round(w), 0)))
            as_.grid(axis="y", color="#dddddd", linewidth=0.6)
            as_.set_axisbelow(True)
            kolommen = 1 if max(len(naam) for naam, _ in reeksen) > 28 else 2
            as_.legend(
                loc="upper left", bbox_to_anchor=(0.0, -0.12), ncol=kolommen, frameon=False,
                fontsize=8,
            )  # fmt: skip
            figuur.tight_layout()
            import io

            uit = io.BytesIO()
            figuur.savefig(
                uit,
                format="svg",
                metadata={"Date": None, "Creator": None},
                bbox_inches="tight",
                pad_inches=0.1,
            )
        finally:
            plt.close(figuur)
    return uit.getvalue()


def grafiek(begroting, soort: str = "staaf", titel: str | None = None) -> str:
    """Block function: the chart of a budget as a figure, with its numbers as a table."""
    from regiovisie_builder.readers.sjablonen import begrotingstabel

    gegevens = gegevens_van(begroting, soort, titel)
    alt = alt_tekst({**gegevens, "reeksen": gegevens["reeksen"]})
    for teken_ in "[]\\":
        alt = alt.replace(teken_, "")
    return (
        f"![{alt}]({codeer(gegevens)})\n"
        f"Figuur: {gegevens['titel']}\n\n"
        f"{begrotingstabel(begroting)}\n\n"
        f"Tabel: De cijfers bij de figuur '{gegevens['titel']}'\n"
    )
