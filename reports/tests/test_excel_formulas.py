"""The ``begroting`` sheet: derived cells are Excel formulas, and evaluating them independently
(with the ``formulas`` package, not openpyxl or the product) gives the product's own figures
(``budget_overview``) and the hand-worked ones. The workbook recalculates on open."""

from decimal import Decimal

import formulas
import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from agreements.models import Agreement
from budgets.figures import budget_overview
from locations.periods import Period
from reports.excel import progress_report_xlsx
from reports.selectors import progress_report
from reports.tests.test_financial_world import ALL, EXPECTED, NOORD, ZUID, build_budget

#: These tests call the computations directly, as system code (conftest ``system``).
pytestmark = pytest.mark.usefixtures("system")

#: Rows whose every filled cell must be a formula (issue 4: subtotal, (A)+(B), total, ratio,
#: financing total, surplus, volunteer value, popular budget; and the funders' share).
FORMULA_ROWS = {
    "subtotal_A",
    "subtotal_B",
    "subtotal_C",
    "subtotal_D",
    "subtotal_E",
    "subtotal_AB",
    "total",
    "sroi_share",
    "people_share",
    "overhead_share",
    "financing_total",
    "financing_subtotal_housing",
    "surplus",
    "volunteer_value",
    "popular_budget",
    "funders_share",
}


def _evaluate(path):
    """Every cell of the workbook at ``path``, calculated by the ``formulas`` package:
    (sheet title upper case, coordinate) -> value."""
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    values = {}
    for key, ranges in solution.items():
        sheet_part, _bang, coordinate = key.rpartition("!")
        if ":" in coordinate:
            continue
        sheet = sheet_part.strip("'").split("]", 1)[1]
        values[(sheet.upper(), coordinate.upper())] = ranges.value[0][0]
    return values


def _figure_cells(sheet, location_names: dict[str, str]):
    """(location code or "all", figure name) -> cell, found by the key in column A and the
    location name in the first header row."""
    # (Not the sheet's last column: the differences table's "Bron" column, issue 12, may
    # reach further right than the location columns.)
    header_row = next(
        row
        for row in sheet.iter_rows(min_row=1, max_row=10)
        if any(cell.value == "Totaal" for cell in row[3:])
    )
    columns = {
        cell.column_letter: location_names[cell.value]
        for cell in header_row
        if cell.value in location_names
    }
    cells = {}
    for row in sheet.iter_rows(min_row=header_row[0].row + 1):
        key = row[0].value
        if not key:
            continue
        for cell in row:
            if cell.column_letter in columns:
                cells[(columns[cell.column_letter], key)] = cell
    return cells


def _check_against(overview, path, location_names, expected=None):
    sheet = load_workbook(path)["begroting"]
    values = _evaluate(path)
    cells = _figure_cells(sheet, location_names)
    checked = 0
    for (location, name), cell in cells.items():
        figures = overview.figures[location]
        if name not in figures:
            continue  # a budget line row (its cells are input amounts)
        computed = figures[name].computed
        if computed is None:
            assert cell.value is None, (location, name, cell.value)
            continue
        if cell.value is None:
            # A funder that does not finance this location: an empty input cell, 0 euros.
            assert name.startswith("financing:") and computed == 0, (location, name)
            continue
        if name in FORMULA_ROWS or location == ALL:
            assert isinstance(cell.value, str), (location, name, cell.value)
            assert cell.value.startswith("="), (location, name, cell.value)
        value = values[("BEGROTING", cell.coordinate)]
        assert float(value) == pytest.approx(float(computed), abs=1e-6), (location, name)
        if expected is not None and name in expected.get(location, {}):
            assert float(value) == pytest.approx(float(expected[location][name]), abs=1e-6)
        checked += 1
    return checked


@pytest.fixture
def small_workbook(world, tmp_path):
    build_budget(world)
    report = progress_report(user=None, agreement=world.agreement, period=Period(2019, 2))
    path = tmp_path / "rapport.xlsx"
    path.write_bytes(progress_report_xlsx(report))
    return path


def test_recalculates_on_open(small_workbook):
    assert load_workbook(small_workbook).calculation.fullCalcOnLoad is True


def test_derived_cells_are_formulas(small_workbook):
    sheet = load_workbook(small_workbook)["begroting"]
    cells = _figure_cells(sheet, {"a Noord": NOORD, "a Zuid": ZUID, "Totaal": ALL})
    assert cells[(NOORD, "subtotal_A")].value == "=SUM(D5:D6)"
    for name in ("subtotal_A", "total", "people_share", "financing_total", "surplus"):
        for location in (NOORD, ZUID, ALL):
            assert str(cells[(location, name)].value).startswith("="), (location, name)
    # Not applicable stays empty, never 0: no C or D lines, no volunteer hours at zuid.
    assert (NOORD, "subtotal_C") not in cells  # no C lines: no subtotal row at all
    assert cells[(ZUID, "volunteer_value")].value is None
    assert cells[(ZUID, "popular_budget")].value is None


def test_formula_results_equal_the_figures(world, small_workbook):
    overview = budget_overview(world.agreement)
    names = {"a Noord": NOORD, "a Zuid": ZUID, "Totaal": ALL}
    checked = _check_against(overview, small_workbook, names, expected=EXPECTED)
    # 3 columns × (A, B, E, AB, total, 3 ratios, financing total and housing, surplus,
    # 2 funders) + hours/value/popular/share at noord and all.
    assert checked >= 3 * 13 + 2 * 5


def test_differences_block_shows_both_figures(small_workbook):
    sheet = load_workbook(small_workbook)["begroting"]
    values = _evaluate(small_workbook)
    title = "Verschillen met de bron"
    start = next(row[0].row for row in sheet.iter_rows() if row[1].value == title)
    rows = list(sheet.iter_rows(min_row=start + 2))
    assert len(rows) == 1  # only noord's total differs; the stated 20% SROI agrees
    row = rows[0]
    assert (row[1].value, row[2].value) == ("a Noord", "Totaal begroting")
    assert row[3].value == 2100  # stated
    assert row[4].value.startswith("=")  # the computed total's cell
    assert values[("BEGROTING", row[4].coordinate)] == pytest.approx(2000.50)
    assert values[("BEGROTING", row[5].coordinate)] == pytest.approx(-99.50)


def test_2021_agreement_formulas(db, tmp_path):
    call_command("load_agreement", "data/agreements/zuidoost-2021.yaml", verbosity=0)
    path = tmp_path / "rapport-2021.xlsx"
    call_command(
        "build_report", agreement="zuidoost-2021", period="2021-Q2", format="xlsx", out=str(path)
    )
    agreement = Agreement.unscoped.get(region="zuidoost", year=2021)
    overview = budget_overview(agreement)
    names = {name: code for code, name in overview.locations} | {"Totaal": ALL}
    # Worked out by hand from the 2021 agreement's lines (seed 001, BEGROTING / FINANCIERING):
    expected = {
        # MultiBron A: 34,500 + 11,712 + 7,320 = 53,532 (the source states 52,532).
        "multibron": {"subtotal_A": Decimal(53532)},
        # CJM total 125,568; financing 62,500 + 0 + 11,500 + 17,500 + 0 + 0 + 12,500 + 5,000
        # + 16,000 + 0 + 500 = 125,500: a shortfall of 68.
        "cjm": {"total": Decimal(125568), "surplus": Decimal(-68)},
        # De Handreiking financing: 51,500 + 15,500 + 5,000 + 10,000 + 22,500 + 5,000 + 16,000
        # + 2,500 + 500 = 128,500 (the source states 126,000).
        "handreiking": {"financing_total": Decimal(128500)},
        # All: lines 409,092; SROI 171,840 / 409,092.
        ALL: {"total": Decimal(409092), "sroi_share": Decimal(171840) / Decimal(409092)},
    }
    checked = _check_against(overview, path, names, expected=expected)
    assert checked > 4 * 20


def test_every_block_of_the_budget_sheet_is_a_defined_table(small_workbook):
    """Issue 11, "every table a defined Excel table with autofilter": the budget, financing
    and volunteer-hours blocks and the differences each a table over exactly their rows,
    with distinct, non-empty header cells."""
    sheet = load_workbook(small_workbook)["begroting"]
    tables = {name: sheet.tables[name] for name in sheet.tables}
    assert sorted(tables) == [
        "tbl_begroting_1", "tbl_begroting_2", "tbl_begroting_3", "tbl_begroting_verschillen"
    ]  # fmt: skip
    titles = {}
    for name, table in tables.items():
        assert table.autoFilter is not None and table.autoFilter.ref == table.ref
        header = sheet[table.ref.split(":")[0] : table.ref.split(":")[1]][0]
        texts = [cell.value for cell in header]
        assert [column.name for column in table.tableColumns] == texts
        assert all(isinstance(t, str) and t for t in texts) and len(set(texts)) == len(texts)
        titles[name] = texts[1] if name != "tbl_begroting_verschillen" else texts[0]
    assert titles == {
        "tbl_begroting_1": "Begroting",
        "tbl_begroting_2": "Financiering",
        "tbl_begroting_3": "Vrijwillige inzet en populaire begroting",
        "tbl_begroting_verschillen": "Buurtwerkkamer",
    }
    # Each block's table ends on its last figure row: the total's ratios, the surplus, the
    # funders' share; the differences table on noord's one difference.
    last_keys = {
        name: sheet[f"A{table.ref.split(':')[1].lstrip('ABCDEFGHIJ')}"].value
        for name, table in tables.items()
        if name != "tbl_begroting_verschillen"
    }
    assert last_keys == {
        "tbl_begroting_1": "overhead_share",
        "tbl_begroting_2": "surplus",
        "tbl_begroting_3": "funders_share",
    }
    differences = tables["tbl_begroting_verschillen"].ref
    last = differences.split(":")[1]  # column G: the stated value's source (issue 12)
    assert differences.startswith("B") and last.startswith("G")
    assert sheet[f"F{last.lstrip('G')}"].value.startswith("=")


def test_intended_money_is_apart_on_the_budget_sheet(db, tmp_path):
    """Intended ("beoogd") financing on the ``begroting`` sheet (issue 12): its own rows after
    the surplus, their total, the surplus counting it and the popular budget counting it,
    each a formula whose result (``formulas``) is the product's figure; Utrecht 2021 (from
    tests/test_agreement_regions.py): 45.000 committed, Portaal's 8.000 intended, budget
    50.000, volunteer value 32.000."""
    from tests.test_agreement_regions import UTRECHT_2021, UTRECHT_2021_OFFER, write

    paths = [
        write(tmp_path, "offer.yaml", UTRECHT_2021_OFFER),
        write(tmp_path, "u.yaml", UTRECHT_2021),
    ]
    call_command("load_agreement", *map(str, paths), verbosity=0)
    agreement = Agreement.unscoped.get(region="utrecht", kind="agreement")
    report = progress_report(user=None, agreement=agreement, period=Period(2021, 2))
    path = tmp_path / "utrecht.xlsx"
    path.write_bytes(progress_report_xlsx(report))
    overview = budget_overview(agreement)
    names = {name: code for code, name in overview.locations} | {"Totaal": ALL}
    expected = {
        code: {
            "financing_intended": Decimal(8000),
            "surplus_with_intended": Decimal(3000),
            "popular_budget_with_intended": Decimal(85000),
        }
        for code in ("top", ALL)
    }
    _check_against(overview, path, names, expected=expected)
    cells = _figure_cells(load_workbook(path)["begroting"], names)
    for name in ("financing_intended", "surplus_with_intended", "popular_budget_with_intended"):
        assert str(cells[("top", name)].value).startswith("="), name
    assert cells[("top", "financing_intended:portaal")].value == 8000
    data = {
        (row[0], row[1]): row[2]
        for row in load_workbook(path)["budget_data"].iter_rows(min_row=2, values_only=True)
    }
    assert (data[("top", "financing_intended")], data[("all", "surplus_with_intended")]) == (
        8000,
        3000,
    )
