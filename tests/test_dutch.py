"""Dutch formatting of dates, amounts, numbers and lists."""

import datetime as dt

import pytest

from regiovisie_builder import dutch


def test_dates_are_written_out_in_dutch():
    assert dutch.date(dt.date(2022, 1, 1)) == "1 januari 2022"
    assert dutch.date("2021-02-16") == "16 februari 2021"
    assert dutch.month(dt.date(2030, 12, 31)) == "december 2030"


def test_amounts_use_dot_thousands_and_comma_decimals():
    assert dutch.amount(125000) == "€ 125.000"
    assert dutch.amount(1234.5) == "€ 1.234,50"
    assert dutch.amount(-40000) == "-€ 40.000"
    assert dutch.number(22836) == "22.836"
    assert dutch.number(1234.25) == "1.234,25"
    assert dutch.percent(0.15) == "15%"


def test_lists_join_with_en():
    assert dutch.enumeration(["Haarlem", "Zandvoort", "Velsen"]) == "Haarlem, Zandvoort en Velsen"
    assert dutch.enumeration(["Haarlem"]) == "Haarlem"
    assert dutch.enumeration([{"naam": "A"}, {"naam": "B"}], "naam", "of") == "A of B"


@pytest.mark.parametrize(
    ("of", "until", "years"),
    [
        ("2022-01-01", "2030-12-31", 9),
        ("2022-01-01", "2023-12-31", 2),
        ("2022-01-01", "2024-12-30", 2),
    ],
)
def test_term_in_whole_years_counts_the_end_date(of, until, years):
    assert dutch.years(of, until) == years


def test_months_between_signing_and_start():
    assert dutch.months("2021-09-30", "2022-01-01") == 3
    assert dutch.months("2021-12-01", "2022-01-01") == 1
    # Counted back from the later date, like the norm's lead times: never rounded up.
    assert dutch.months("2024-11-30", "2025-02-28") == 2
    assert dutch.months("2024-11-28", "2025-02-28") == 3


def test_non_dates_and_non_numbers_are_refused_in_dutch():
    with pytest.raises(ValueError, match="geen datum"):
        dutch.date("morgen")
    with pytest.raises(ValueError, match="geen getal"):
        dutch.amount("veel")


def test_counts_take_the_singular_only_for_one():
    assert dutch.counted(1, "reactie", "reacties") == "1 reactie"
    assert dutch.counted(0, "reactie", "reacties") == "0 reacties"
    assert dutch.counted(3, "inzending was", "inzendingen waren") == "3 inzendingen waren"
