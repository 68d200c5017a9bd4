"""The Excel workbook: the data sheet's exact columns, real numbers and dates, same figures."""

from datetime import date, datetime
from io import BytesIO
from pathlib import Path
from zipfile import ZipFile

import pytest
from openpyxl import load_workbook

from locations.periods import Period
from reports.excel import _DatedZipFile, _sheet_title, progress_report_xlsx
from reports.selectors import progress_report

#: These tests call the computations directly, as system code (conftest ``system``).
pytestmark = pytest.mark.usefixtures("system")

DATA_HEADER = [
    "location",
    "section",
    "indicator",
    "category",
    "description",
    "method",
    "target_text",
    "target",
    "realised",
    "period_start",
    "period_end",
]


@pytest.fixture
def report_and_workbook(world):
    report = progress_report(user=None, agreement=world.agreement, period=Period(2019, 2))
    return report, load_workbook(BytesIO(progress_report_xlsx(report)))


def test_sheets(report_and_workbook):
    _report, workbook = report_and_workbook
    assert workbook.sheetnames == [
        "Rapportage",
        "a Noord",
        "a Zuid",
        "Totaal",
        "Bezoeken",
        "data",
        "municipality_items",
    ]
    assert workbook["a Noord"].freeze_panes == "A2"
    assert workbook["a Noord"].column_dimensions["C"].width == 60


def test_data_sheet_header_is_exact(report_and_workbook):
    _report, workbook = report_and_workbook
    header = [cell.value for cell in workbook["data"][1]]
    assert header[: len(DATA_HEADER)] == DATA_HEADER


def test_data_sheet_rows_equal_the_selector(report_and_workbook):
    report, workbook = report_and_workbook
    sheet = workbook["data"]
    header = [cell.value for cell in sheet[1]]
    rows = [
        dict(zip(header, values, strict=True)) for values in sheet.iter_rows(2, values_only=True)
    ]
    expected = [(block.code, row) for block in report.locations for row in block.rows]
    assert len(rows) == len(expected) == 12  # 2 locations x 6 indicators; no totals here
    for data, (code, row) in zip(rows, expected, strict=True):
        assert data["location"] == code
        assert data["indicator"] == row.indicator_code
        assert data["section"] == row.section
        assert data["method"] == row.method
        assert data["target_text"] == row.target_text
        assert data["realised"] == row.realised
        assert data["realised_quarter"] == row.realised_quarter
        assert data["period_start"] == datetime(2019, 1, 1)
        assert data["period_end"] == datetime(2019, 6, 30)
    by_key = {(r["location"], r["indicator"]): r for r in rows}
    total = by_key[("a-noord", "unique_total")]
    assert total["category"] == "all"
    assert total["target"] == 500
    assert isinstance(total["target"], int)
    assert total["realised"] == 3
    assert isinstance(total["realised"], int)
    assert by_key[("a-zuid", "social")]["category"] == "social+activation"
    assert by_key[("a-zuid", "social")]["expected_to_date"] == 137.5
    key_holders = by_key[("a-noord", "key_holders")]
    assert key_holders["category"] is None  # empty for non-PROCES rows
    assert key_holders["target"] == 10
    assert key_holders["realised"] == 0  # no key holders recorded on 30-06 (issue 3)
    assert key_holders["realised_text"] == "0"
    assert key_holders["status"] == "behind"
    budget = by_key[("a-noord", "budget")]
    assert budget["realised"] is None  # no budget: not available
    assert budget["status"] == "not_recorded"
    assert by_key[("a-noord", "budget")]["target"] is None
    assert sheet["J2"].number_format == "DD-MM-YYYY"


def test_totals_sheet(report_and_workbook):
    _report, workbook = report_and_workbook
    sheet = workbook["Totaal"]
    rows = {r[1]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    # columns: section, code, description, method, WC, target text, target, pro rata,
    # realised, quarter, difference, status, note
    assert rows["unique_total"][5:11] == ("850", 850, 425, 4, 3, -846)
    assert rows["jobs"][4] == "ja"
    assert rows["key_holders"][5:9] == ("—", None, None, 0)


def test_sheet_titles_are_valid_and_unique():
    taken = {"data"}
    long_name = "Buurtwerkkamer Hart voor Leidsche Rijn en omgeving"
    first = _sheet_title(long_name, taken)
    second = _sheet_title(long_name, taken)
    assert first == long_name[:31]
    assert len(second) <= 31
    assert second.endswith(" (2)")
    assert _sheet_title("a/b: c?", taken) == "a-b- c-"
    assert _sheet_title("Data", taken) == "Data (2)"


def test_dated_archive_writes_a_file_given_as_a_path(tmp_path):
    """The dated archive takes a file as a path object, as ZipFile.write does, and dates it."""
    part = tmp_path / "sheet1.xml"
    part.write_bytes(b"<worksheet/>")
    buffer = BytesIO()
    with _DatedZipFile(buffer, day=date(2019, 7, 1)) as archive:
        archive.write(part, Path("xl/worksheets/sheet1.xml"))
        archive.write(str(part), "xl/worksheets/sheet2.xml")
    with ZipFile(BytesIO(buffer.getvalue())) as written:
        assert [(i.filename, i.date_time) for i in written.infolist()] == [
            ("xl/worksheets/sheet1.xml", (2019, 7, 1, 0, 0, 0)),
            ("xl/worksheets/sheet2.xml", (2019, 7, 1, 0, 0, 0)),
        ]
        assert written.read("xl/worksheets/sheet1.xml") == b"<worksheet/>"
