"""The Excel ``budget_data`` sheet: exact columns and figure names (issue 4), hand-worked values,
``stated`` only where the source states a figure, and ``financing:<funder code>`` rows."""

from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from locations.periods import Period
from reports.excel import progress_report_xlsx
from reports.selectors import progress_report
from reports.tests.test_financial_world import ALL, EXPECTED, NOORD, STATED, ZUID, build_budget

#: These tests call the computations directly, as system code (conftest ``system``).
pytestmark = pytest.mark.usefixtures("system")

# Typed as the issue names them (not imported from the product).
FIGURE_NAMES = [
    "subtotal_A",
    "subtotal_B",
    "subtotal_C",
    "subtotal_D",
    "subtotal_E",
    "total",
    "sroi_share",
    "people_share",
    "overhead_share",
    "financing_total",
    "surplus",
    "volunteer_hours_residents",
    "volunteer_hours_professionals",
    "volunteer_value",
    "popular_budget",
    "funders_share",
]


@pytest.fixture
def workbook(world):
    build_budget(world)
    report = progress_report(user=None, agreement=world.agreement, period=Period(2019, 2))
    return load_workbook(BytesIO(progress_report_xlsx(report)))


def _rows(sheet):
    return list(sheet.iter_rows(min_row=2, values_only=True))


def test_header_is_exact(workbook):
    sheet = workbook["budget_data"]
    assert [cell.value for cell in sheet[1]] == ["location", "figure", "computed", "stated"]
    assert sheet.max_column == 4


def test_one_row_per_location_and_figure_in_order(workbook):
    rows = _rows(workbook["budget_data"])
    expected_keys = [
        (location, name)
        for location in (NOORD, ZUID, ALL)
        for name in [*FIGURE_NAMES, "financing:gemeente", "financing:woco"]
    ]
    assert [(row[0], row[1]) for row in rows] == expected_keys


def test_computed_values_equal_the_hand_worked_figures(workbook):
    for location, name, computed, _stated in _rows(workbook["budget_data"]):
        expected = EXPECTED[location][name]
        if expected is None:
            assert computed is None, (location, name)
        else:
            assert isinstance(computed, int | float), (location, name)
            assert Decimal(str(computed)) == pytest.approx(expected, abs=Decimal("1e-9")), (
                location,
                name,
            )


def test_money_is_in_euros_and_shares_are_fractions(workbook):
    values = {(row[0], row[1]): row[2] for row in _rows(workbook["budget_data"])}
    assert values[(NOORD, "total")] == pytest.approx(2000.50)
    assert values[(ZUID, "surplus")] == pytest.approx(-199.50)  # a shortfall is negative
    assert values[(ALL, "sroi_share")] == pytest.approx(0.2)  # not 20
    assert values[(NOORD, "volunteer_hours_professionals")] == 500


def test_stated_is_empty_where_the_source_states_nothing(workbook):
    for location, name, _computed, stated in _rows(workbook["budget_data"]):
        if (location, name) in STATED:
            assert Decimal(str(stated)) == STATED[(location, name)]
        else:
            assert stated is None, (location, name)


def test_funder_rows(workbook):
    values = {(row[0], row[1]): row[2] for row in _rows(workbook["budget_data"])}
    # Woco finances only noord: 0 at zuid, 600.25 in total; the municipality 1500 + 800.
    assert values[(NOORD, "financing:woco")] == pytest.approx(600.25)
    assert values[(ZUID, "financing:woco")] == 0
    assert values[(ALL, "financing:gemeente")] == 2300


def test_no_financial_sheets_without_a_budget(world):
    report = progress_report(user=None, agreement=world.agreement, period=Period(2019, 2))
    workbook = load_workbook(BytesIO(progress_report_xlsx(report)))
    assert "budget_data" not in workbook.sheetnames
    assert "begroting" not in workbook.sheetnames
