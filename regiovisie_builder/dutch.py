"""Dutch formatting of dates, amounts, numbers and enumerations.

``€ 125.000``, ``22.836``, ``1 januari 2022``, ``Haarlem, Zandvoort en Velsen``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable

from regiovisie_builder.errors import InvalidValue

MONTHS = (
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


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidValue(f"'{value}' is geen datum (schrijf JJJJ-MM-DD)")


def date(value: object) -> str:
    """``2022-01-01`` -> ``1 januari 2022``."""
    d = _as_date(value)
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def month(value: object) -> str:
    """``2022-01-01`` -> ``januari 2022``."""
    d = _as_date(value)
    return f"{MONTHS[d.month - 1]} {d.year}"


def year(value: object) -> int:
    """The year of a date."""
    return _as_date(value).year


def _as_number(value: object) -> float | int:
    if isinstance(value, bool):
        raise InvalidValue(f"'{value}' is geen getal")
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            value = float(value.replace(",", ".")) if "," in value or "." in value else int(value)
        except ValueError:
            raise InvalidValue(f"'{value}' is geen getal") from None
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidValue("de uitkomst is oneindig groot of geen getal")
    if isinstance(value, int | float):
        return value
    raise InvalidValue(f"'{value}' is geen getal")


def number(value: object, decimals: int | None = None) -> str:
    """``22836`` -> ``22.836``; ``1234.5`` -> ``1.234,5``; ``decimals`` fixes the decimals."""
    n = _as_number(value)
    if decimals is None:
        decimals = 0 if float(n).is_integer() else len(repr(float(n)).split(".")[1])
    text = f"{n:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def amount(value: object) -> str:
    """``125000`` -> ``€ 125.000``; cents only when the amount is not whole."""
    n = _as_number(value)
    character = "-" if n < 0 else ""
    n = abs(n)
    text = number(n, 0 if float(n).is_integer() else 2)
    return f"{character}€ {text}"


def percent(value: object) -> str:
    """``15`` -> ``15%``; ``0.15`` is taken as a fraction -> ``15%``."""
    n = _as_number(value)
    if isinstance(n, float) and 0 < abs(n) < 1:
        n = n * 100
    return f"{number(round(n, 1))}%"


def counted(count: int, one: str, more: str) -> str:
    """``1 reactie`` / ``3 reacties``: the count with the singular or the plural words (a
    verb may come along: ``counted(n, "inzending was", "inzendingen waren")``)."""
    return f"{count} {one if count == 1 else more}"


def enumeration(items: Iterable, attribute: str | None = None, conjunction: str = "en") -> str:
    """``["A", "B", "C"]`` -> ``A, B en C``; ``attribute`` picks a key of each item."""
    names = [str(i[attribute] if attribute else i) for i in items]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


def years(of: object, until: object) -> int:
    """Whole years of a term whose end date is inclusive (2022-01-01..2030-12-31 -> 9)."""
    begin, end = _as_date(of), _as_date(until) + dt.timedelta(days=1)
    count = end.year - begin.year
    if (end.month, end.day) < (begin.month, begin.day):
        count -= 1
    return count


def months(of: object, until: object) -> int:
    """Whole months from ``of`` to ``until`` (2021-09-30 -> 2022-01-01 is 3), counted back from
    ``until`` as the norm's lead times are: 2024-11-30 -> 2025-02-28 is 2, not 3."""
    begin, end = _as_date(of), _as_date(until)
    count = (end.year - begin.year) * 12 + end.month - begin.month + 1
    while count > 0 and _months_back(end, count) < begin:
        count -= 1
    return count


def _months_back(d: dt.date, count: int) -> dt.date:
    """The same day ``count`` months earlier, clamped to the last day of that month."""
    year, month = divmod(d.year * 12 + d.month - 1 - count, 12)
    following = dt.date(year + (month == 11), (month + 1) % 12 + 1, 1)
    last = (following - dt.timedelta(days=1)).day
    return dt.date(year, month + 1, min(d.day, last))
