"""The Excel report over hundreds of rooms (issue 13): every formula fits Excel's limit of
8,192 characters, and the sums over the rooms on "Totaal" and "Bezoeken" still give the sum
of the rooms' figures."""

import re
from dataclasses import replace
from io import BytesIO
from zipfile import ZipFile

import formulas
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from locations.periods import Period
from reports import excel
from reports.excel import progress_report_xlsx
from reports.report import TOTAL_CODE
from reports.selectors import progress_report

pytestmark = pytest.mark.usefixtures("system")

ROOMS = 300


@pytest.fixture
def report(world):
    return progress_report(user=None, agreement=world.agreement, period=Period(2019, 2))


def _many_rooms(report, rooms: int):
    """``report`` with ``rooms`` copies of its first location block, room ``i`` (0-based)
    with ``i`` jobs year to date and ``i % 4`` this quarter, and long names (31 characters,
    the longest a sheet title may be, so each reference to a room's sheet is long); the
    totals' jobs row the sums worked out here (n(n-1)/2 and the quarters' sum); per room a
    copy of the first location's visit rows with ``i`` visits and ``i % 3`` anonymous, the
    totals' visit rows their sums per category."""
    first = report.locations[0]
    blocks = []
    for i in range(rooms):
        rows = [
            replace(row, realised=i, realised_quarter=i % 4)
            if row.indicator_code == "jobs"
            else row
            for row in first.rows
        ]
        blocks.append(
            replace(
                first,
                code=f"room-{i:04d}",
                name=f"{i:03d} Buurtwerkkamer De Lange Naam"[:31],
                rows=rows,
            )
        )
    jobs_total = rooms * (rooms - 1) // 2
    jobs_quarter = sum(i % 4 for i in range(rooms))
    totals = replace(
        report.totals,
        rows=[
            replace(row, realised=jobs_total, realised_quarter=jobs_quarter)
            if row.indicator_code == "jobs"
            else row
            for row in report.totals.rows
        ],
    )
    template = [v for v in report.visits if v.location_code == first.code]
    visits = [
        replace(v, location_code=block.code, location_name=block.name, visits=i, anonymous=i % 3)
        for i, block in enumerate(blocks)
        for v in template
    ]
    visits += [
        replace(
            v,
            location_code=TOTAL_CODE,
            location_name="Totaal",
            visits=jobs_total,
            anonymous=sum(i % 3 for i in range(rooms)),
        )
        for v in template
    ]
    return replace(report, locations=blocks, totals=totals, visits=visits), jobs_total, jobs_quarter


def _evaluate(path):
    """Every cell of the workbook at ``path``, calculated by the ``formulas`` package:
    (sheet title upper case, coordinate) -> value (ranges left out)."""
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    values = {}
    for key, ranges in solution.items():
        sheet_part, _bang, coordinate = key.rpartition("!")
        if ":" in coordinate or "]" not in sheet_part:
            continue
        sheet = sheet_part.strip("'").split("]", 1)[1]
        values[(sheet.upper(), coordinate.upper())] = ranges.value[0][0]
    return values


def _formulas(data: bytes) -> list[str]:
    with ZipFile(BytesIO(data)) as archive:
        return [
            formula
            for name in archive.namelist()
            if name.startswith("xl/worksheets/sheet")
            for formula in re.findall(r"<f>(.*?)</f>", archive.read(name).decode(), re.S)
        ]


def test_every_formula_fits_and_the_totals_are_the_sums(report):
    built, jobs_total, jobs_quarter = _many_rooms(report, ROOMS)
    data = progress_report_xlsx(built)
    formulas = _formulas(data)
    assert formulas
    assert max(len(formula) for formula in formulas) <= 8192
    workbook = load_workbook(BytesIO(data))
    # Rapportage, the rooms, Totaal, Bezoeken, data, municipality_items.
    assert len(workbook.sheetnames) == ROOMS + 5
    totals = workbook["Totaal"]
    jobs = next(r for r in range(2, totals.max_row + 1) if totals.cell(r, 2).value == "jobs")
    # The sum of 300 references to the rooms' sheets would be about 11,000 characters: a
    # SUMIF over the data sheet instead, which sums the rooms' figures.
    data_sheet = workbook["data"]
    header = [cell.value for cell in data_sheet[1]]
    rows = list(data_sheet.iter_rows(min_row=2, values_only=True))
    indicator = header.index("indicator")
    for column, expected, field in (
        (9, jobs_total, "realised"),
        (10, jobs_quarter, "realised_quarter"),
    ):
        formula = totals.cell(jobs, column).value
        assert formula.startswith("=SUMIF(data!"), formula
        # The data rows the SUMIF reads (its whole range, header excluded) and what it sums.
        first, last = map(int, re.findall(r"\$C\$(\d+):\$C\$(\d+)", formula)[0])
        assert (first, last) == (2, len(rows) + 1)
        figure = header.index(field)
        letter = get_column_letter(figure + 1)
        assert formula.endswith(f",data!${letter}$2:${letter}${last})"), formula
        summed = sum(row[figure] for row in rows if row[indicator] == "jobs")
        assert summed == expected
        # The rooms' own sheets hold the same figures.
        sheets = workbook.sheetnames[1 : ROOMS + 1]
        room_jobs = 2 + [row.indicator_code for row in built.locations[0].rows].index("jobs")
        assert sum(workbook[title].cell(room_jobs, column).value for title in sheets) == expected


def test_long_sums_evaluate_to_the_report_figures(report, monkeypatch, tmp_path):
    """With the limit lowered to a few characters the two rooms of the world already get the
    SUMIF forms; evaluated independently (the ``formulas`` package) they give the report's own
    totals: 3 jobs by 30-06 (conftest), and per category the visits of the totals."""
    monkeypatch.setattr(excel, "FORMULA_LIMIT", 6)  # shorter than "=D2+D10"
    path = tmp_path / "rapport.xlsx"
    path.write_bytes(progress_report_xlsx(report))
    workbook = load_workbook(path)
    values = _evaluate(path)
    totals = workbook["Totaal"]
    jobs = next(r for r in range(2, totals.max_row + 1) if totals.cell(r, 2).value == "jobs")
    assert totals.cell(jobs, 9).value.startswith("=SUMIF(data!")
    by_code = {row.indicator_code: row for row in report.totals.rows}
    assert values[("TOTAAL", f"I{jobs}")] == by_code["jobs"].realised == 3
    assert values[("TOTAAL", f"J{jobs}")] == by_code["jobs"].realised_quarter
    visits = workbook["Bezoeken"]
    checked = 0
    for number, visit in enumerate(report.visits, start=2):
        if visit.location_code != TOTAL_CODE:
            continue
        assert str(visits.cell(number, 4).value).startswith("=SUMIF(")
        assert values[("BEZOEKEN", f"D{number}")] == visit.visits
        assert values[("BEZOEKEN", f"C{number}")] == visit.anonymous
        checked += 1
    assert checked == 8  # one totals row per category (test_excel_publish)


@pytest.fixture
def full_with_budget(world):
    from reports.tests.test_financial_world import build_budget

    build_budget(world)
    return progress_report(user=None, agreement=world.agreement, period=Period(2019, 2))


def test_streamed_file_is_the_ordinary_save(full_with_budget, monkeypatch):
    """The file written one sheet at a time is byte for byte the file of an ordinary
    openpyxl save of the same workbook, and while it is built at most one sheet holds
    cells (the one being filled)."""
    report = full_with_budget
    ordinary = BytesIO()
    excel.ExcelWriter(
        excel.progress_report_workbook(report),
        excel._DatedZipFile(ordinary, day=report.generated_on),
    ).save()
    holding = []
    create_sheet = excel._StreamedWorkbook.create_sheet

    def counting(self, *args, **kwargs):
        sheet = create_sheet(self, *args, **kwargs)
        holding.append(sum(1 for ws in self.worksheets if ws._cells))
        return sheet

    monkeypatch.setattr(excel._StreamedWorkbook, "create_sheet", counting)
    streamed = progress_report_xlsx(report)
    assert streamed == ordinary.getvalue()
    assert "begroting" in load_workbook(BytesIO(streamed)).sheetnames
    assert len(holding) >= 7 and max(holding) == 0  # a new sheet has no cells yet
