"""Target comparison, status, rounding and formatting (pure, no database)."""

from datetime import date
from decimal import Decimal

import pytest

from locations.periods import Period
from reports.figures import (
    Status,
    difference,
    expected_to_date,
    format_date,
    format_euro,
    format_number,
    format_percentage,
    meets,
    percentage,
    round_half_up,
    status_for,
)


def test_greater_than_is_met_by_eleven_not_ten():
    assert not meets(10, "gt", Decimal(10))
    assert meets(11, "gt", Decimal(10))


def test_plain_figure_is_met_by_itself():
    assert meets(400, "at_least", Decimal(400))
    assert not meets(399, "at_least", Decimal(400))
    assert meets(10, "gte", Decimal(10))


def test_positive_is_not_numeric():
    with pytest.raises(ValueError):
        meets(1, "positive", Decimal(0))


def test_expected_to_date_is_pro_rata():
    # 400 a year: 100 after Q1, 200 after Q2, 300 after Q3, 400 at the end.
    assert expected_to_date(Decimal(400), Period(2019, 1)) == 100
    assert expected_to_date(Decimal(400), Period(2019, 2)) == 200
    assert expected_to_date(Decimal(400), Period(2019, 3)) == 300
    assert expected_to_date(Decimal(400), Period(2019, 4)) == 400
    assert expected_to_date(Decimal(400), Period(2019)) == 400
    # 275 in Q1: 68.75, exact.
    assert expected_to_date(Decimal(275), Period(2019, 1)) == Decimal("68.75")
    assert expected_to_date(None, Period(2019, 1)) is None


def test_difference():
    assert difference(250, Decimal(400)) == -150
    assert difference(None, Decimal(400)) is None
    assert difference(5, None) is None


@pytest.mark.parametrize(
    ("realised", "comparator", "value", "period", "expected"),
    [
        (None, "at_least", Decimal(400), Period(2019, 2), Status.NOT_RECORDED),
        (None, "", None, Period(2019, 2), Status.NOT_RECORDED),
        (5, "", None, Period(2019, 2), Status.NO_TARGET),
        (5, "positive", None, Period(2019, 2), Status.NO_TARGET),
        (400, "at_least", Decimal(400), Period(2019, 1), Status.ACHIEVED),
        # Q2: pro-rata 200 of 400; 200 is on track, 199 behind.
        (200, "at_least", Decimal(400), Period(2019, 2), Status.ON_TRACK),
        (199, "at_least", Decimal(400), Period(2019, 2), Status.BEHIND),
        # "> 10" in Q2: pro-rata 5, strictly more needed.
        (6, "gt", Decimal(10), Period(2019, 2), Status.ON_TRACK),
        (5, "gt", Decimal(10), Period(2019, 2), Status.BEHIND),
        (10, "gt", Decimal(10), Period(2019, 4), Status.BELOW_TARGET),
        (11, "gt", Decimal(10), Period(2019, 4), Status.ACHIEVED),
        (399, "at_least", Decimal(400), Period(2019), Status.BELOW_TARGET),
        (399, "at_least", Decimal(400), Period(2019, 4), Status.BELOW_TARGET),
    ],
)
def test_status_for(realised, comparator, value, period, expected):
    status = status_for(realised=realised, comparator=comparator, target_value=value, period=period)
    assert status == expected


def test_status_labels_are_neutral_dutch():
    assert Status.ACHIEVED.label == "behaald"
    assert Status.ON_TRACK.label == "op koers"
    assert Status.BEHIND.label == "achter op schema"
    assert Status.BELOW_TARGET.label == "onder streefcijfer"
    assert Status.NOT_RECORDED.label == "nog niet geregistreerd"


def test_round_half_up_and_percentages():
    assert round_half_up(Decimal("2.5")) == 3
    assert round_half_up(Decimal("3.5")) == 4  # not banker's rounding
    assert round_half_up(Decimal("-2.5")) == -3
    assert round_half_up(Decimal("2.49")) == 2
    # 1 of 8 = 12.5% -> "13%"; 1 of 3 = 33.33% -> "33%"
    assert format_percentage(percentage(1, 8)) == "13%"
    assert format_percentage(percentage(1, 3)) == "33%"
    assert percentage(1, 0) is None
    assert format_percentage(None) == "—"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (400, "400"),
        (1234, "1.234"),
        (1234567, "1.234.567"),
        (-1500, "-1.500"),
        (Decimal("400.00"), "400"),
        (Decimal("68.75"), "68,75"),
        (Decimal("1225.50"), "1.225,5"),
        (None, "—"),
    ],
)
def test_format_number(value, text):
    assert format_number(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("1234.56"), "€ 1.234,56"),
        (Decimal("118900"), "€ 118.900,00"),
        (Decimal("10.045"), "€ 10,05"),
        (Decimal("-3"), "€ -3,00"),
        (0, "€ 0,00"),
    ],
)
def test_format_euro(value, text):
    assert format_euro(value) == text


def test_format_date():
    assert format_date(date(2019, 3, 21)) == "21-03-2019"
    assert format_date(None) == ""
