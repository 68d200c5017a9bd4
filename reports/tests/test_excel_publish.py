"""The workbook a municipality can publish (issue 11): every table a defined Excel table with
an autofilter, percentages as fractions shown as "0%", print setup, and on "Totaal" and
"Bezoeken" formulas where a figure is a sum, which evaluate (with the ``formulas`` package,
not openpyxl or the product) to the report's own figures."""

from dataclasses import replace
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from locations.periods import Period
from reports.excel import progress_report_xlsx
from reports.selectors import progress_report
from reports.tests.test_excel_formulas import _evaluate
from reports.tests.test_financial_world import build_budget

pytestmark = pytest.mark.usefixtures("system")

#: Sheets laid out as blocks, not as one table (docs/report-formats.md).
#: Sheets that are no table: none since the "Rapportage" facts are a table too.
NOT_TABLES: set[str] = set()
#: Sheets with a table per block (tested in test_excel_formulas.py).
BLOCK_TABLES = {"begroting"}


@pytest.fixture
def report(world):
    build_budget(world)
    return progress_report(user=None, agreement=world.agreement, period=Period(2019, 2))


@pytest.fixture
def workbook_path(report, tmp_path):
    path = tmp_path / "rapport.xlsx"
    path.write_bytes(progress_report_xlsx(report))
    return path


def _table_extent(sheet):
    """The header row's width and the rows below it up to the first empty row."""
    width = max(c.column for c in sheet[1] if c.value is not None)
    last = 1
    for number in range(2, sheet.max_row + 1):
        if all(sheet.cell(row=number, column=c).value is None for c in range(1, width + 1)):
            break
        last = number
    return width, last


def test_every_table_is_a_defined_table_with_an_autofilter(workbook_path):
    workbook = load_workbook(workbook_path)
    names = set()
    assert {"data", "municipality_items", "budget_data", "Totaal", "Bezoeken"} <= set(
        workbook.sheetnames
    )
    for sheet in workbook.worksheets:
        if sheet.title in NOT_TABLES:
            assert not sheet.tables
            continue
        if sheet.title in BLOCK_TABLES:
            assert len(sheet.tables) >= 3, sheet.title
            continue
        assert len(sheet.tables) == 1, sheet.title
        table = next(iter(sheet.tables.values()))
        width, last = _table_extent(sheet)
        assert table.ref == f"A1:{get_column_letter(width)}{max(last, 2)}", sheet.title
        assert table.autoFilter is not None and table.autoFilter.ref == table.ref
        header = [cell.value for cell in sheet[1][:width]]
        assert [column.name for column in table.tableColumns] == header
        names.add(table.displayName)
    assert {"tbl_data", "tbl_municipality_items", "tbl_budget_data"} <= names


def test_print_setup(workbook_path):
    for sheet in load_workbook(workbook_path).worksheets:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert int(sheet.page_setup.paperSize) == 9  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
        if sheet.title == "begroting":
            assert sheet.print_title_rows == "$1:$3"
        else:
            assert sheet.print_title_rows == "$1:$1", sheet.title


def test_percentages_are_fractions_shown_as_percent(world):
    report = progress_report(user=None, agreement=world.agreement, period=Period(2019, 2))
    noord = report.locations[0]
    survey = replace(
        noord.rows[0],
        target_text="> 50%",
        target_value=Decimal(50),
        realised=Decimal("64.4"),
        realised_text="64%",
        expected_to_date=None,
        realised_quarter=None,
        difference=Decimal("14.4"),
    )
    built = replace(report, locations=[replace(noord, rows=[survey, *noord.rows[1:]])])
    workbook = load_workbook(BytesIO(progress_report_xlsx(built)))
    sheet = workbook[noord.name]
    target, realised, difference = sheet["G2"], sheet["I2"], sheet["K2"]
    assert (target.value, realised.value, difference.value) == (0.5, pytest.approx(0.644), 0.144)
    assert target.number_format == realised.number_format == difference.number_format == "0%"
    # Counts stay counts.
    assert sheet["I3"].number_format == "General"
    # The data sheet keeps its documented unit: percent.
    data = workbook["data"]
    header = [cell.value for cell in data[1]]
    assert data.cell(row=2, column=header.index("realised") + 1).value == pytest.approx(64.4)


def test_totals_formulas_evaluate_to_the_report_figures(report, workbook_path):
    workbook = load_workbook(workbook_path)
    values = _evaluate(workbook_path)
    totals = workbook["Totaal"]
    header = [cell.value for cell in totals[1]]
    realised, quarter = header.index("Gerealiseerd") + 1, header.index("Dit kwartaal") + 1
    sums = header.index("Som van de buurtwerkkamers") + 1
    rows = {totals.cell(row=r, column=2).value: r for r in range(2, totals.max_row + 1)}
    by_code = {row.indicator_code: row for row in report.totals.rows}
    # Jobs are counted per room: the total is a sum, written as a formula over the rooms.
    jobs = rows["jobs"]
    formula = totals.cell(row=jobs, column=realised).value
    at = {
        name: next(r for r in range(2, 40) if workbook[name].cell(row=r, column=2).value == "jobs")
        for name in ("a Noord", "a Zuid")
    }
    assert formula == f"='a Noord'!I{at['a Noord']}+'a Zuid'!I{at['a Zuid']}"
    # Hand-worked (conftest): three jobs at noord by 30-06; zuid's is on 01-07.
    assert values[("TOTAAL", f"I{jobs}")] == by_code["jobs"].realised == 3
    assert values[("TOTAAL", f"J{jobs}")] == by_code["jobs"].realised_quarter
    assert totals.cell(row=jobs, column=sums).value.startswith("ja")
    # Unique participants are never a sum: a value, and the sheet says why.
    unique = rows["unique_total"]
    assert totals.cell(row=unique, column=realised).value == 4
    assert "unieke personen" in totals.cell(row=unique, column=sums).value
    assert totals.cell(row=unique, column=quarter).value == 3
    assert workbook.calculation.fullCalcOnLoad is True


def test_visit_totals_are_formulas_equal_to_the_report(report, workbook_path):
    workbook = load_workbook(workbook_path)
    values = _evaluate(workbook_path)
    sheet = workbook["Bezoeken"]
    checked = 0
    for number, visit in enumerate(report.visits, start=2):
        if visit.location_code != "all":
            assert isinstance(sheet.cell(row=number, column=4).value, int)
            continue
        assert str(sheet.cell(row=number, column=4).value).startswith("=")
        assert values[("BEZOEKEN", f"D{number}")] == visit.visits
        assert values[("BEZOEKEN", f"C{number}")] == visit.anonymous
        assert values[("BEZOEKEN", f"F{number}")] == visit.visits_quarter
        checked += 1
    assert checked == 8  # one totals row per category
