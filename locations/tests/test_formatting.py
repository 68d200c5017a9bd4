"""The house formatting of numbers, euros, percentages, hours and dates (pure, no database)."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from locations.formatting import (
    format_date,
    format_euro,
    format_hours,
    format_number,
    format_percentage,
    format_share,
    round_half_up,
)


def test_round_half_up_is_not_bankers_rounding():
    assert round_half_up(Decimal("2.5")) == 3
    assert round_half_up(Decimal("3.5")) == 4  # not banker's rounding
    assert round_half_up(Decimal("-2.5")) == -3
    assert round_half_up(Decimal("2.49")) == 2
    assert round_half_up(Decimal("10.045"), 2) == Decimal("10.05")


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
        (Decimal("-0.00"), "0"),
        (None, "—"),
    ],
)
def test_format_number(value, text):
    assert format_number(value) == text


def test_a_number_with_at_most_some_decimals_and_an_explicit_sign():
    assert format_number(Decimal("2.25"), places=1) == "2,3"
    assert format_number(Decimal("2.96"), places=1) == "3"
    assert format_number(Decimal("-0.04"), places=1) == "0"
    assert format_number(12, signed=True) == "+12"
    assert format_number(-3, signed=True) == "-3"
    assert format_number(0, signed=True) == "0"
    assert format_number(None, signed=True) == "—"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("1234.56"), "€ 1.234,56"),
        (Decimal("118900"), "€ 118.900,00"),
        (Decimal("10.045"), "€ 10,05"),
        (Decimal("-3"), "-€ 3,00"),
        (0, "€ 0,00"),
        (Decimal("-0.001"), "€ 0,00"),
        (None, "—"),
    ],
)
def test_format_euro_with_cents(value, text):
    assert format_euro(value) == text


@pytest.mark.parametrize(
    ("value", "cents", "signed", "text"),
    [
        (Decimal("125568"), False, False, "€ 125.568"),
        (Decimal("1234.50"), False, False, "€ 1.235"),
        (Decimal("-68"), False, False, "-€ 68"),
        (Decimal("-1234.5"), True, False, "-€ 1.234,50"),
        (Decimal("125568.00"), None, False, "€ 125.568"),
        (Decimal("1234.5"), None, False, "€ 1.234,50"),
        (Decimal("1000"), None, True, "+€ 1.000"),
        (Decimal("-68"), None, True, "-€ 68"),
        (0, None, True, "€ 0"),
    ],
)
def test_format_euro_whole_euros_cents_when_needed_and_signs(value, cents, signed, text):
    assert format_euro(value, cents=cents, signed=signed) == text


def test_percentages_and_shares_are_whole_percents_rounded_half_up():
    assert format_percentage(Decimal("12.5")) == "13%"
    assert format_percentage(Decimal("33.333")) == "33%"
    assert format_percentage(-3) == "-3%"
    assert format_percentage(None) == "—"
    assert format_share(Decimal("0.375")) == "38%"
    assert format_share(Decimal("0.125")) == "13%"
    assert format_share(1) == "100%"
    assert format_share(None) == "—"


def test_hours_have_at_most_one_decimal():
    assert format_hours(Decimal("10500")) == "10.500"
    assert format_hours(Decimal("10500.0")) == "10.500"
    assert format_hours(Decimal("12.5")) == "12,5"
    assert format_hours(Decimal("-0.5"), signed=True) == "-0,5"
    assert format_hours(Decimal("1500"), signed=True) == "+1.500"
    assert format_hours(None) == "—"


def test_format_date():
    assert format_date(date(2019, 3, 21)) == "21-03-2019"
    assert format_date(None) == ""


def test_english_uses_the_english_separators_and_the_same_sign_rule():
    with translation.override("en"):
        assert format_number(Decimal("1234.5")) == "1,234.5"
        assert format_euro(Decimal("-1234.5")) == "-€ 1,234.50"
        assert format_share(Decimal("0.375")) == "38%"
        assert format_date(date(2019, 3, 21)) == "21-03-2019"


def test_without_an_active_language_the_default_dutch_formats_apply():
    with translation.override(None):
        assert translation.get_language() is None
        assert format_euro(Decimal("-1234.5")) == "-€ 1.234,50"
        assert format_date(date(2019, 3, 21)) == "21-03-2019"
