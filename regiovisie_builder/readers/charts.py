"""Charts from region data: the block function ``grafiek(...)``.

``{{ grafiek(financien.begroting) }}`` writes Markdown: a figure whose path is the chart's
data (``grafiek:`` and the data, compressed), its caption, and the numbers as a table: the
accessible alternative to the picture. The image step (``images.fill_images``)
draws the chart from that path with matplotlib, imported only then. So the rendered
Markdown (also a published version's frozen copy) holds everything needed to draw it again.

The drawing is reproducible: the same data gives the same SVG bytes (fixed ids through
``svg.hashsalt``, no date, text kept as text).
"""

from __future__ import annotations

import base64
import functools
import json
import zlib
from typing import TYPE_CHECKING, Any

from regiovisie_builder import dutch
from regiovisie_builder.errors import InvalidValue

if TYPE_CHECKING:  # matplotlib itself is imported only when a chart is drawn
    from matplotlib.typing import RcKeyType

PREFIX = "grafiek:"
SOORTEN = ("staaf", "lijn")
MAX_LABELS, MAX_SERIES_LIST = 40, 12
# Okabe-Ito colours: told apart also by readers with a colour vision deficiency.
COLOURS = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
)  # fmt: skip


class InvalidChart(ValueError):
    """The chart data cannot be drawn; ``args[0]`` is the Dutch reason."""


def _text(value) -> str:
    return str(value)


def data_of(budget, soort: str = "staaf", title: str | None = None) -> dict:
    """The chart data of a budget-shaped mapping (``years`` and ``items``)."""
    if soort not in SOORTEN:
        raise InvalidValue(f"soort='{soort}' bestaat niet; kies uit {', '.join(SOORTEN)}")
    years = [_text(j) for j in budget["jaren"]]
    series_list = []
    for post in budget["posten"]:
        amounts = [float(b) for b in post["bedragen"]]
        if len(amounts) != len(years):
            raise InvalidValue(
                f"de post '{post['post']}' heeft {len(amounts)} bedragen "
                f"maar er zijn {len(years)} jaren"
            )
        series_list.append([_text(post["post"]), amounts])
    return {
        "soort": soort,
        "titel": str(title or budget.get("titel") or "Grafiek"),
        "eenheid": "duizend" if budget.get("eenheid") == "duizend" else "euro",
        "labels": years,
        "reeksen": series_list,
    }


def encode(data: dict) -> str:
    """The figure path that carries the chart data."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    code = base64.urlsafe_b64encode(zlib.compress(text.encode("utf-8"), 9)).decode("ascii")
    return PREFIX + code.rstrip("=")


def decode(path: str) -> dict:
    """The chart data of a ``grafiek:`` path; ``InvalidChart`` when it is damaged."""
    error = InvalidChart(
        "de gegevens van de grafiek zijn beschadigd. Schrijf de grafiek met "
        "{{ grafiek(...) }} in het blok, niet met de hand."
    )
    try:
        code = path[len(PREFIX) :]
        raw = base64.urlsafe_b64decode(code + "=" * (-len(code) % 4))
        unpacker = zlib.decompressobj()
        text = unpacker.decompress(raw, 200_000)
        if unpacker.unconsumed_tail:
            raise error
        data = json.loads(text.decode("utf-8"))
        labels = [str(x) for x in data["labels"]]
        series_list = [(str(n), [float(w) for w in values]) for n, values in data["reeksen"]]
        soort, title = str(data["soort"]), str(data["titel"])
        unit = str(data["eenheid"])
    # RecursionError: data nested too deeply for json.
    except (ValueError, KeyError, TypeError, RecursionError, zlib.error, UnicodeDecodeError):
        raise error from None
    if (
        soort not in SOORTEN
        or not 0 < len(labels) <= MAX_LABELS
        or not 0 < len(series_list) <= MAX_SERIES_LIST
        or any(len(w) != len(labels) for _, w in series_list)
    ):
        raise error
    return {"soort": soort, "titel": title, "eenheid": unit, "labels": labels,
            "reeksen": series_list}  # fmt: skip


def _amount(value: float, unit: str) -> str:
    if unit == "duizend":
        return f"{dutch.number(round(value), 0)} duizend euro"
    return dutch.amount(round(value))


def alt_text(data: dict) -> str:
    """A description of the chart for readers who cannot see it."""
    labels, series_list = data["labels"], data["reeksen"]
    soort = "Staafdiagram" if data["soort"] == "staaf" else "Lijndiagram"
    names = dutch.enumeration([name for name, _ in series_list])
    totals = [sum(w[i] for _, w in series_list) for i in range(len(labels))]
    highest = max(range(len(labels)), key=lambda i: totals[i])
    lowest = min(range(len(labels)), key=lambda i: totals[i])
    unit = data["eenheid"]
    return (
        f"{soort} '{data['titel']}' van {labels[0]} tot en met {labels[-1]}, "
        f"met {names}. Het totaal is het hoogst in {labels[highest]} "
        f"({_amount(totals[highest], unit)}) en het laagst in {labels[lowest]} "
        f"({_amount(totals[lowest], unit)}). De cijfers staan in de tabel onder de figuur."
    )


def character(data: dict) -> bytes:
    """The chart as SVG bytes; the same data always gives the same bytes."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib import pyplot as plt
    from matplotlib.ticker import FuncFormatter

    labels, series_list = data["labels"], data["reeksen"]
    settings: dict[RcKeyType, Any] = {
        "svg.hashsalt": "regiovisie",  # fixed element ids: reproducible bytes
        "svg.fonttype": "none",  # text stays text: searchable and sharp
        "font.family": "DejaVu Sans",  # matplotlib's own font: sizes measured right
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
    with plt.rc_context(settings):
        figure, as_ = plt.subplots(figsize=(6.3, 3.6), dpi=100)
        try:
            positions = range(len(labels))
            if data["soort"] == "staaf":
                below = [0.0] * len(labels)
                for index, (name, values) in enumerate(series_list):
                    colour = COLOURS[index % len(COLOURS)]
                    as_.bar(positions, values, 0.6, bottom=below, label=name, color=colour)
                    below = [a + b for a, b in zip(below, values, strict=True)]
            else:
                for index, (name, values) in enumerate(series_list):
                    colour = COLOURS[index % len(COLOURS)]
                    as_.plot(positions, values, marker="o", label=name, color=colour)
            as_.set_xticks(list(positions), labels)
            unit = "x € 1.000" if data["eenheid"] == "duizend" else "€"
            as_.set_ylabel(unit)
            as_.yaxis.set_major_formatter(FuncFormatter(lambda w, _: dutch.number(round(w), 0)))
            as_.grid(axis="y", color="#dddddd", linewidth=0.6)
            as_.set_axisbelow(True)
            columns = 1 if max(len(name) for name, _ in series_list) > 28 else 2
            as_.legend(
                loc="upper left", bbox_to_anchor=(0.0, -0.12), ncol=columns, frameon=False,
                fontsize=8,
            )  # fmt: skip
            figure.tight_layout()
            import io

            out = io.BytesIO()
            figure.savefig(
                out,
                format="svg",
                metadata={"Date": None, "Creator": None},
                bbox_inches="tight",
                pad_inches=0.1,
            )
        finally:
            plt.close(figure)
    return out.getvalue()


@functools.lru_cache(maxsize=32)
def drawn(path: str) -> bytes:
    """The SVG of a ``grafiek:`` path (see ``character``), drawn once per process for the
    same data: drawing takes about a third of a second, and the preview (or a test run)
    reads the same chart again and again. ``InvalidChart`` when the path is damaged."""
    return character(decode(path))


def chart(budget, soort: str = "staaf", title: str | None = None) -> str:
    """Block function: the chart of a budget as a figure, with its numbers as a table."""
    from regiovisie_builder.readers.templates import budget_table

    data = data_of(budget, soort, title)
    alt = alt_text({**data, "reeksen": data["reeksen"]})
    for character_ in "[]\\":
        alt = alt.replace(character_, "")
    return (
        f"![{alt}]({encode(data)})\n"
        f"Figuur: {data['titel']}\n\n"
        f"{budget_table(budget)}\n\n"
        f"Tabel: De cijfers bij de figuur '{data['titel']}'\n"
    )
