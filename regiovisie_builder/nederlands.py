"""Dutch formatting of dates, amounts, numbers and enumerations.

``€ 125.000``, ``22.836``, ``1 januari 2022``, ``Haarlem, Zandvoort en Velsen``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

MAANDEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def _als_datum(waarde: object) -> dt.date:
    if isinstance(waarde, dt.datetime):
        return waarde.date()
    if isinstance(waarde, dt.date):
        return waarde
    if isinstance(waarde, str):
        try:
            return dt.date.fromisoformat(waarde)
        except ValueError:
            pass
    raise ValueError(f"'{waarde}' is geen datum (schrijf JJJJ-MM-DD)")


def datum(waarde: object) -> str:
    """``2022-01-01`` -> ``1 januari 2022``."""
    d = _als_datum(waarde)
    return f"{d.day} {MAANDEN[d.month - 1]} {d.year}"


def maand(waarde: object) -> str:
    """``2022-01-01`` -> ``januari 2022``."""
    d = _als_datum(waarde)
    return f"{MAANDEN[d.month - 1]} {d.year}"


def jaar(waarde: object) -> int:
    """The year of a date."""
    return _als_datum(waarde).year


def _als_getal(waarde: object) -> float | int:
    if isinstance(waarde, bool):
        raise ValueError(f"'{waarde}' is geen getal")
    if isinstance(waarde, int | float):
        return waarde
    if isinstance(waarde, str):
        try:
            return (
                float(waarde.replace(",", ".")) if "," in waarde or "." in waarde else int(waarde)
            )
        except ValueError:
            pass
    raise ValueError(f"'{waarde}' is geen getal")


def getal(waarde: object, decimalen: int | None = None) -> str:
    """``22836`` -> ``22.836``; ``1234.5`` -> ``1.234,5``; ``decimalen`` fixes the decimals."""
    n = _als_getal(waarde)
    if decimalen is None:
        decimalen = 0 if float(n).is_integer() else len(repr(float(n)).split(".")[1])
    tekst = f"{n:,.{decimalen}f}"
    return tekst.replace(",", "\0").replace(".", ",").replace("\0", ".")


def bedrag(waarde: object) -> str:
    """``125000`` -> ``€ 125.000``; cents only when the amount is not whole."""
    n = _als_getal(waarde)
    teken = "-" if n < 0 else ""
    n = abs(n)
    tekst = getal(n, 0 if float(n).is_integer() else 2)
    return f"{teken}€ {tekst}"


def procent(waarde: object) -> str:
    """``15`` -> ``15%``; ``0.15`` is taken as a fraction -> ``15%``."""
    n = _als_getal(waarde)
    if isinstance(n, float) and 0 < abs(n) < 1:
        n = n * 100
    return f"{getal(round(n, 1))}%"


def opsomming(items: Iterable, attribuut: str | None = None, voegwoord: str = "en") -> str:
    """``["A", "B", "C"]`` -> ``A, B en C``; ``attribuut`` picks a key of each item."""
    namen = [str(i[attribuut] if attribuut else i) for i in items]
    if len(namen) <= 1:
        return "".join(namen)
    return f"{', '.join(namen[:-1])} {voegwoord} {namen[-1]}"


def jaren(van: object, tot: object) -> int:
    """Whole years of a term whose end date is inclusive (2022-01-01..2030-12-31 -> 9)."""
    begin, einde = _als_datum(van), _als_datum(tot) + dt.timedelta(days=1)
    aantal = einde.year - begin.year
    if (einde.month, einde.day) < (begin.month, begin.day):
        aantal -= 1
    return aantal


def maanden(van: object, tot: object) -> int:
    """Whole months from ``van`` to ``tot`` (2021-09-30 -> 2022-01-01 is 3), counted back from
    ``tot`` as the norm's lead times are: 2024-11-30 -> 2025-02-28 is 2, not 3."""
    begin, einde = _als_datum(van), _als_datum(tot)
    aantal = (einde.year - begin.year) * 12 + einde.month - begin.month + 1
    while aantal > 0 and _maanden_terug(einde, aantal) < begin:
        aantal -= 1
    return aantal


def _maanden_terug(d: dt.date, aantal: int) -> dt.date:
    """The same day ``aantal`` months earlier, clamped to the last day of that month."""
    jaar, maand = divmod(d.year * 12 + d.month - 1 - aantal, 12)
    volgende = dt.date(jaar + (maand == 11), (maand + 1) % 12 + 1, 1)
    laatste = (volgende - dt.timedelta(days=1)).day
    return dt.date(jaar, maand + 1, min(d.day, laatste))
