"""Periods: dates, labels, codes and parsing (pure, no database)."""

from datetime import date
from decimal import Decimal

import pytest

from locations.periods import (
    Period,
    default_period,
    is_period_code,
    parse_period,
    periods_of_year,
)


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        (Period(2019, 1), date(2019, 1, 1), date(2019, 3, 31)),
        (Period(2019, 2), date(2019, 4, 1), date(2019, 6, 30)),
        (Period(2019, 3), date(2019, 7, 1), date(2019, 9, 30)),
        (Period(2019, 4), date(2019, 10, 1), date(2019, 12, 31)),
        (Period(2019), date(2019, 1, 1), date(2019, 12, 31)),
        (Period(2020, 1), date(2020, 1, 1), date(2020, 3, 31)),
    ],
)
def test_start_and_end(period, start, end):
    assert period.start == start
    assert period.end == end
    assert period.ytd_start == date(period.year, 1, 1)


def test_labels_codes_and_fractions():
    assert Period(2019, 2).label == "2e kwartaal 2019"
    assert Period(2019).label == "2019"
    assert Period(2019, 2).code == "2019-Q2"
    assert Period(2019).code == "2019"
    assert [p.fraction_of_year for p in periods_of_year(2019)] == [
        Decimal("0.25"),
        Decimal("0.5"),
        Decimal("0.75"),
        Decimal(1),
        Decimal(1),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2019-Q2", Period(2019, 2)), ("2019-q4", Period(2019, 4)), ("2019", Period(2019))],
)
def test_parse_period(text, expected):
    assert parse_period(text) == expected
    assert parse_period(expected.code) == expected


@pytest.mark.parametrize("text", ["", "2019-Q5", "2019-Q0", "2019Q2", "19-Q1", "2019-Q", "abc"])
def test_parse_period_rejects_bad_input(text):
    with pytest.raises(ValueError):
        parse_period(text)


@pytest.mark.parametrize("text", ["2019-Q1", "2019-Q4", "2019", "2999"])
def test_period_codes_as_written_by_period_code(text):
    assert is_period_code(text)


@pytest.mark.parametrize(
    "text", ["2019-q2", " 2019", "2019 ", "2019-Q5", "2019Q2", "19", "1899", "3000-Q1", "", "abc"]
)
def test_period_codes_reject_anything_else(text):
    assert not is_period_code(text)


def test_period_rejects_bad_quarter():
    with pytest.raises(ValueError):
        Period(2019, 5)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2019, 2, 1), Period(2019, 1)),  # nothing finished yet: Q1
        (date(2019, 4, 1), Period(2019, 1)),
        (date(2019, 7, 15), Period(2019, 2)),
        (date(2020, 5, 1), Period(2019, 4)),  # a past year: Q4
    ],
)
def test_default_period(today, expected):
    assert default_period(2019, today) == expected
