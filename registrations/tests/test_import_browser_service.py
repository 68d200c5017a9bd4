"""The shared import service as the browser uses it: CSV and .xlsx alike, all or nothing with
every bad row reported at its line, a re-import adds nothing, one room only, the preview."""

import datetime
import io

import pytest
from openpyxl import Workbook

from locations.csv_import import ImportFailed
from registrations.importer import import_registrations, preview_registrations
from registrations.models import Attendance, Participant, Session

pytestmark = pytest.mark.usefixtures("system")

HEADER = ["date", "location", "category", "participant", "session"]
ROWS = [
    ["14-03-2019", "a-noord", "social", "CJM-0001", "Koffie-inloop"],
    ["2019-03-14", "a-noord", "social", "CJM-0002", "Koffie-inloop"],
    ["14-03-2019", "a-noord", "social", "", "Koffie-inloop"],
    ["15-03-2019", "a-noord", "forms", "CJM-0001", ""],
]


def csv_bytes(rows) -> bytes:
    return "\r\n".join(";".join(row) for row in [HEADER, *rows]).encode("utf-8")


def xlsx_bytes(rows, *, excel_dates=True, gap=False) -> bytes:
    """A workbook of ``rows``; dates as Excel dates when ``excel_dates``; with ``gap`` an empty
    row after the header (so the first data row is Excel row 3)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    if gap:
        sheet.append([])
    for row in rows:
        cells = list(row)
        if excel_dates:
            for fmt in ("%d-%m-%Y", "%Y-%m-%d"):
                try:
                    cells[0] = datetime.datetime.strptime(row[0], fmt)
                    break
                except ValueError:
                    continue
        sheet.append([cell or None for cell in cells])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _state():
    return (
        sorted(
            Session.unscoped.values_list(
                "location__code", "date", "category", "title", "anonymous_count"
            )
        ),
        sorted(Attendance.unscoped.values_list("session__title", "participant__code")),
        sorted(Participant.unscoped.values_list("code", flat=True)),
    )


@pytest.mark.parametrize("excel_dates", [True, False])
def test_csv_and_xlsx_give_the_same_result(tenants, excel_dates):
    location = tenants.a.location
    csv_result = import_registrations(csv_bytes(ROWS), location=location)
    csv_state = _state()
    Attendance.unscoped.all().delete()
    Session.unscoped.all().delete()
    Participant.unscoped.all().delete()
    xlsx_result = import_registrations(
        xlsx_bytes(ROWS, excel_dates=excel_dates), kind="xlsx", location=location
    )
    assert xlsx_result == csv_result
    assert _state() == csv_state
    sessions, attendances, participants = csv_state
    assert sessions == [
        ("a-noord", datetime.date(2019, 3, 14), "social", "Koffie-inloop", 1),
        ("a-noord", datetime.date(2019, 3, 15), "forms", "", 0),
    ]
    assert len(attendances) == 3
    assert participants == ["CJM-0001", "CJM-0002"]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_bad_row_anywhere_imports_nothing_and_every_bad_row_has_its_line(tenants, kind):
    rows = [
        *ROWS[:2],
        ["31-02-2019", "a-noord", "social", "CJM-0003", ""],  # line 4
        ROWS[2],
        ["14-03-2019", "a-zuid", "social", "CJM-0004", ""],  # line 6: another room
        ROWS[3],
        ["14-03-2019", "a-noord", "koffie", "CJM-0005", ""],  # line 8
    ]
    data = csv_bytes(rows) if kind == "csv" else xlsx_bytes(rows, excel_dates=False)
    with pytest.raises(ImportFailed) as failure:
        import_registrations(data, kind=kind, location=tenants.a.location)
    assert [error.split(":")[0] for error in failure.value.errors] == [
        "regel 4",
        "regel 6",
        "regel 8",
    ]
    assert "31-02-2019" in failure.value.errors[0]
    assert "a-zuid" in failure.value.errors[1]
    assert "koffie" in failure.value.errors[2]
    assert Session.unscoped.count() == 0
    assert Participant.unscoped.count() == 0


def test_xlsx_lines_are_the_excel_row_numbers(tenants):
    rows = [ROWS[0], ["bad", "a-noord", "social", "", ""]]
    preview = preview_registrations(
        xlsx_bytes(rows, gap=True), kind="xlsx", location=tenants.a.location
    )
    assert [row.line for row in preview.rows] == [3, 4]
    assert [row.line for row in preview.bad] == [4]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_importing_the_same_file_again_adds_nothing(tenants, kind):
    data = csv_bytes(ROWS) if kind == "csv" else xlsx_bytes(ROWS)
    import_registrations(data, kind=kind, location=tenants.a.location)
    before = _state()
    again = import_registrations(data, kind=kind, location=tenants.a.location)
    assert _state() == before
    assert (again.sessions_created, again.attendances_added, again.participants_created) == (
        0,
        0,
        0,
    )
    assert again.sessions_unchanged == 2


def test_preview_lists_every_bad_row_beyond_its_page_and_writes_nothing(tenants):
    rows = [ROWS[0]] * 5 + [["14-03-2099", "a-noord", "social", "", ""]] + [ROWS[1]] * 5
    rows.append(["x", "a-noord", "social", "", ""])
    preview = preview_registrations(csv_bytes(rows), location=tenants.a.location, count=3)
    assert [row.line for row in preview.rows] == [2, 3, 4]
    assert [row.line for row in preview.bad] == [7, 13]
    assert "toekomst" in preview.bad[0].problems[0]
    assert preview.total == 12
    assert preview.sessions == 1
    assert Session.unscoped.count() == 0


def test_a_file_that_is_not_a_workbook_is_refused_in_dutch(tenants):
    with pytest.raises(ImportFailed) as failure:
        preview_registrations(b"not a zip", kind="xlsx", location=tenants.a.location)
    assert "Excel-werkmap" in failure.value.errors[0]


def test_the_command_reads_an_xlsx_file_as_the_browser_does(tenants, tmp_path):
    from django.core.management import call_command

    path = tmp_path / "lijst.xlsx"
    path.write_bytes(xlsx_bytes(ROWS))
    call_command("import_registrations", str(path), "--organisation", "a")
    by_command = _state()
    Attendance.unscoped.all().delete()
    Session.unscoped.all().delete()
    Participant.unscoped.all().delete()
    import_registrations(csv_bytes(ROWS), location=tenants.a.location)
    assert _state() == by_command
    assert len(by_command[0]) == 2
