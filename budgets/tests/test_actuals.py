"""Budget versus actual (budgets.actuals) with figures worked out by hand."""

from datetime import date
from decimal import Decimal

import pytest

from budgets.actuals import (
    budget_vs_actual,
    days_elapsed,
    share_of,
    straight_line_forecast,
)
from budgets.models import Expenditure
from budgets.tests.actuals_world import make_world
from locations.access import user_scope

#: These tests call the computations directly, as system code (conftest ``system``).
pytestmark = pytest.mark.usefixtures("system")

D = Decimal


def test_days_elapsed_counts_the_end_day():
    assert days_elapsed(date(2021, 1, 1)) == 1
    assert days_elapsed(date(2021, 3, 31)) == 31 + 28 + 31  # 90
    assert days_elapsed(date(2020, 12, 31)) == 366


def test_straight_line_forecast_rounds_half_up_to_the_cent():
    # 900 / 90 days × 365 = 3650
    assert straight_line_forecast(D("900.00"), date(2021, 3, 31)) == D("3650.00")
    # 250.50 × 365 / 90 = 91432.50 / 90 = 1015.9166… -> 1015.92
    assert straight_line_forecast(D("250.50"), date(2021, 3, 31)) == D("1015.92")
    # 26 May is day 146: 10.01 × 365 / 146 = 10.01 × 2.5 = 25.025 -> 25.03 (half up, not even)
    assert straight_line_forecast(D("10.01"), date(2021, 5, 26)) == D("25.03")
    # on the last day of a leap year the forecast is what was spent
    assert straight_line_forecast(D("123.45"), date(2020, 12, 31)) == D("123.45")


def test_share_of_is_none_without_budget():
    assert share_of(D("10"), D("0")) is None
    assert share_of(D("25"), D("100")) == D("0.25")


@pytest.fixture
def world(tenants):
    w = make_world(tenants.a)
    noord, zuid = w["noord"], w["zuid"]
    for location, line, on, amount in [
        (noord, w["a1"], date(2021, 1, 15), "1000.00"),
        (noord, w["a1"], date(2021, 3, 31), "1000.00"),  # the end day counts
        (noord, w["a1"], date(2021, 4, 1), "500.00"),  # after the end: not counted
        (noord, w["v1_a1"], date(2021, 3, 1), "100.00"),  # older version: counts on A1
        (noord, w["d1"], date(2021, 2, 10), "250.50"),  # petty cash
        (zuid, w["a1"], date(2021, 2, 1), "600.00"),
        (zuid, w["v1_z1"], date(2021, 2, 2), "40.00"),  # line only the old version has
    ]:
        Expenditure.unscoped.create(location=location, line=line, date=on, amount=D(amount))
    return w


def _row(result, location, code):
    [row] = [r for r in result.rows if r.location_code == location and r.line_code == code]
    return row


def test_budget_vs_actual_per_line_and_location(world):
    result = budget_vs_actual(world["agreement"], end=date(2021, 3, 31))
    assert result.start == date(2021, 1, 1)
    assert result.budget_version == "Begroting 2021 (maart)"
    assert result.locations == [("a-noord", "a Noord"), ("a-zuid", "a Zuid")]
    assert [(r.location_code, r.line_code) for r in result.rows] == [
        ("a-noord", "A1"),
        ("a-noord", "D1"),
        ("a-noord", "Z1"),
        ("a-zuid", "A1"),
        ("a-zuid", "D1"),
        ("a-zuid", "Z1"),
    ]

    a1 = _row(result, "a-noord", "A1")
    assert a1.budget == D("12000.00")  # the current version's amount, not v1's 11,000
    assert a1.spent == D("2100.00")  # 1000 + 1000 + 100 (v1 line), not the April 500
    assert a1.share_of_budget == D("2100") / D("12000")  # 0.175
    assert a1.forecast == D("8516.67")  # 2100 × 365 / 90 = 8516.666…

    petty = _row(result, "a-noord", "D1")
    assert petty.is_petty_cash
    assert (petty.budget, petty.spent, petty.forecast) == (D("3000"), D("250.50"), D("1015.92"))

    old = _row(result, "a-zuid", "Z1")
    assert (old.budget, old.spent, old.share_of_budget) == (D("0"), D("40.00"), None)
    assert _row(result, "a-zuid", "D1").share_of_budget is None  # no amount for zuid


def test_totals_per_location_and_all(world):
    result = budget_vs_actual(world["agreement"], end=date(2021, 3, 31))
    noord = result.totals["a-noord"]
    assert noord.budget == D("15000.00")  # 12,000 + 3,000
    assert noord.spent == D("2350.50")  # 2,100 + 250.50
    assert noord.forecast == D("9532.58")  # 2350.50 × 365 / 90 = 9532.583…
    zuid = result.totals["a-zuid"]
    assert (zuid.budget, zuid.spent, zuid.forecast) == (D("6000"), D("640.00"), D("2595.56"))
    everything = result.totals["all"]
    assert everything.budget == D("21000.00")
    assert everything.spent == D("2990.50")
    assert everything.forecast == D("12128.14")  # 2990.50 × 365 / 90 = 12128.138…
    assert everything.share_of_budget == D("2990.50") / D("21000")
    assert result.line_totals["A1"].spent == D("2700.00")  # 2,100 + 600
    assert result.line_totals["A1"].budget == D("18000.00")


def test_petty_cash_allowance_budgeted_or_default(world, settings):
    result = budget_vs_actual(world["agreement"], end=date(2021, 3, 31))
    noord = result.petty_cash["a-noord"]
    assert (noord.allowance, noord.from_budget, noord.spent) == (D("3000"), True, D("250.50"))
    assert noord.allowance_to_date == D("750.00")  # 3,000 / 12 × 3 months
    assert noord.remaining_to_date == D("499.50")
    zuid = result.petty_cash["a-zuid"]  # no petty-cash amount for zuid: the default
    assert (zuid.allowance, zuid.from_budget, zuid.spent) == (D("3000.00"), False, D("0"))

    settings.BWK_PETTY_CASH_MONTHLY = D("300")
    result = budget_vs_actual(world["agreement"], end=date(2021, 6, 30))
    assert result.petty_cash["a-zuid"].allowance == D("3600.00")  # 300 × 12
    assert result.petty_cash["a-zuid"].allowance_to_date == D("1800.00")  # 300 × 6


def test_budget_without_petty_cash_line_gets_the_default(world):
    world["d1"].expenditures.all().delete()
    world["d1"].delete()
    result = budget_vs_actual(world["agreement"], end=date(2021, 12, 31))
    assert not result.petty_cash["a-noord"].has_line
    assert result.petty_cash["a-noord"].allowance == D("3000.00")  # 250 × 12
    assert result.petty_cash["a-noord"].spent == D("0")


def test_location_filter_and_end_outside_the_year(world):
    result = budget_vs_actual(world["agreement"], end=date(2021, 12, 31), location_codes=["a-zuid"])
    assert result.locations == [("a-zuid", "a Zuid")]
    assert result.totals["all"].spent == D("640.00")
    with pytest.raises(ValueError):
        budget_vs_actual(world["agreement"], end=date(2022, 1, 1))


def test_coordinator_scope_sees_only_own_location(world, tenants):
    with user_scope(tenants.a.coordinator):
        result = budget_vs_actual(world["agreement"], end=date(2021, 3, 31))
    assert [code for code, _name in result.locations] == ["a-noord"]
    assert result.totals["all"].spent == D("2350.50")
    with user_scope(tenants.b.board):
        assert budget_vs_actual(world["agreement"], end=date(2021, 3, 31)).rows == []


def test_constant_number_of_queries(world, django_assert_max_num_queries):
    # The locations, the budget's lines (with the budget) and amounts, the spending.
    with django_assert_max_num_queries(4):
        budget_vs_actual(world["agreement"], end=date(2021, 12, 31))
