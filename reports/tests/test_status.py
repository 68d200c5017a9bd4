"""Target comparison, status and percentages (pure, no database)."""

from decimal import Decimal

import pytest

from locations.formatting import format_percentage
from locations.periods import Period
from reports.status import (
    Status,
    difference,
    expected_to_date,
    meets,
    percentage,
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


def test_percentages_are_exact_and_shown_rounded_half_up():
    # 1 of 8 = 12.5% -> "13%"; 1 of 3 = 33.33% -> "33%"
    assert percentage(1, 8) == Decimal("12.5")
    assert format_percentage(percentage(1, 8)) == "13%"
    assert format_percentage(percentage(1, 3)) == "33%"
    assert percentage(1, 0) is None
    assert format_percentage(None) == "—"
