"""The build task: takes ids, checks access again, and is safe to run twice."""

import pytest

from reports.models import ReportFile
from reports.tasks import build_report_file


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _file(world, user, file_format="pdf", period="2019-Q2"):
    return ReportFile.unscoped.create(
        agreement=world.agreement, period=period, format=file_format, requested_by=user
    )


def test_builds_once_and_is_safe_to_run_twice(world):
    board = world.tenants.a.board
    report_file = _file(world, board, "xlsx")
    assert build_report_file(report_file.pk, board.pk) == "done"
    report_file.refresh_from_db()
    first_name, first_finished = report_file.file.name, report_file.finished_at
    assert first_name.endswith(".xlsx")
    assert build_report_file(report_file.pk, board.pk) == "done"
    report_file.refresh_from_db()
    assert (report_file.file.name, report_file.finished_at) == (first_name, first_finished)


def test_user_without_access_gets_a_failed_file(world):
    outsider = world.tenants.b.board
    report_file = _file(world, outsider)
    assert build_report_file(report_file.pk, outsider.pk) == "failed"
    report_file.refresh_from_db()
    assert report_file.status == ReportFile.Status.FAILED
    assert not report_file.file


def test_missing_or_inactive_user_gets_a_failed_file(world):
    board = world.tenants.a.board
    report_file = _file(world, board)
    assert build_report_file(report_file.pk, None) == "failed"
    board.is_active = False
    board.save()
    other = _file(world, board)
    assert build_report_file(other.pk, board.pk) == "failed"


def test_unknown_file_id(db):
    assert build_report_file(987654, 1) == "missing"


def test_renders_after_the_scope_ends_without_a_query(world, monkeypatch):
    """The report is built inside the user's scope; the file is rendered outside any scope
    and reads nothing from the database."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from locations.access import current_scope
    from reports import tasks

    seen = []

    def render(report):
        with CaptureQueriesContext(connection) as queries:
            content = tasks.progress_report_xlsx(report)
        seen.append((report.agreement_slug, current_scope(), len(queries)))
        return content

    monkeypatch.setitem(tasks._BUILDERS, ReportFile.Format.XLSX, render)
    board = world.tenants.a.board
    assert build_report_file(_file(world, board, "xlsx").pk, board.pk) == "done"
    assert seen == [("zuidoost-2019", None, 0)]
