"""The build task: takes ids, checks access again, and is safe to run twice."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

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


# -- builds that fail, get stuck or are lost (issue 10, "Background reports that never get
# lost"); the real broker and a killed worker: tests/test_celery_broker.py ---------------------


def _raise(report):
    raise RuntimeError("kapot")


def test_an_unexpected_error_marks_the_file_failed_with_a_message(world, monkeypatch, client):
    from reports import tasks

    monkeypatch.setitem(tasks._BUILDERS, ReportFile.Format.XLSX, _raise)
    board = world.tenants.a.board
    report_file = _file(world, board, "xlsx")
    assert build_report_file(report_file.pk, board.pk) == "failed"
    report_file.refresh_from_db()
    assert report_file.status == ReportFile.Status.FAILED
    assert "RuntimeError" in report_file.error
    assert "Probeer het opnieuw" in report_file.error
    assert report_file.attempts == 1
    client.force_login(board)
    page = client.get(reverse("reports:file", args=[report_file.pk])).content.decode()
    assert report_file.error in page
    assert reverse("reports:file_retry", args=[report_file.pk]) in page
    assert 'http-equiv="refresh"' not in page


def test_a_failed_file_is_tried_again_and_then_built(
    world, monkeypatch, client, django_capture_on_commit_callbacks
):
    from reports import tasks

    monkeypatch.setitem(tasks._BUILDERS, ReportFile.Format.XLSX, _raise)
    board = world.tenants.a.board
    report_file = _file(world, board, "xlsx")
    build_report_file(report_file.pk, board.pk)
    monkeypatch.undo()
    client.force_login(board)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:file_retry", args=[report_file.pk]))
    assert response.status_code == 302
    report_file.refresh_from_db()
    assert (report_file.status, report_file.error, report_file.attempts) == ("done", "", 2)
    assert report_file.file.name.endswith(".xlsx")


def test_a_done_or_running_file_is_not_tried_again(world, client):
    board = world.tenants.a.board
    running = _file(world, board)
    client.force_login(board)
    response = client.post(reverse("reports:file_retry", args=[running.pk]), follow=True)
    assert "Dit bestand is klaar of wordt nog gemaakt." in response.content.decode()
    running.refresh_from_db()
    assert (running.status, running.attempts) == ("pending", 0)


def test_a_file_pending_too_long_counts_as_stuck_and_can_be_tried_again(world, client, settings):
    settings.BWK_REPORT_STUCK_AFTER_MINUTES = 15
    board = world.tenants.a.board
    report_file = _file(world, board)
    assert not report_file.is_stuck
    ReportFile.unscoped.filter(pk=report_file.pk).update(
        started_at=timezone.now() - timedelta(minutes=16), attempts=1
    )
    report_file.refresh_from_db()
    assert report_file.is_stuck and report_file.can_retry
    client.force_login(board)
    page = client.get(reverse("reports:file", args=[report_file.pk])).content.decode()
    assert "duurt ongewoon lang" in page
    assert 'http-equiv="refresh"' not in page
    assert reverse("reports:file_retry", args=[report_file.pk]) in page


def test_a_build_given_again_after_a_lost_worker_finishes_the_file(world):
    """A task redelivered after its worker died finds the file pending with one attempt
    started, and builds it."""
    board = world.tenants.a.board
    report_file = _file(world, board, "xlsx")
    ReportFile.unscoped.filter(pk=report_file.pk).update(
        started_at=timezone.now() - timedelta(minutes=1), attempts=1
    )
    assert build_report_file(report_file.pk, board.pk) == "done"
    report_file.refresh_from_db()
    assert report_file.attempts == 2


def test_no_transaction_or_row_lock_is_held_while_rendering(world, monkeypatch):
    from django.db import connection

    from reports import tasks

    depth = len(connection.atomic_blocks)  # the test's own transaction
    seen = []

    def render(report):
        seen.append(len(connection.atomic_blocks))
        return b"PK-rendered"

    monkeypatch.setitem(tasks._BUILDERS, ReportFile.Format.XLSX, render)
    board = world.tenants.a.board
    assert build_report_file(_file(world, board, "xlsx").pk, board.pk) == "done"
    assert seen == [depth]


def test_the_task_is_acknowledged_late_and_given_back_when_its_worker_dies(settings):
    from bwk.celery import app

    assert build_report_file.acks_late is True
    assert build_report_file.reject_on_worker_lost is True
    timeout = app.conf.broker_transport_options["visibility_timeout"]
    assert timeout >= 600  # longer than the slowest build


def test_the_build_notes_its_steps_on_the_row(world, monkeypatch):
    """Issue 11: the file's page says what is happening; the task notes each step."""
    from reports import tasks

    seen = []

    def builder(report):
        seen.append(ReportFile.unscoped.get(pk=report_file.pk).step)
        return b"bytes"

    real_progress_report = tasks.progress_report

    def counting(**kwargs):
        seen.append(ReportFile.unscoped.get(pk=report_file.pk).step)
        return real_progress_report(**kwargs)

    monkeypatch.setitem(tasks._BUILDERS, ReportFile.Format.XLSX, builder)
    monkeypatch.setattr(tasks, "progress_report", counting)
    board = world.tenants.a.board
    report_file = _file(world, board, "xlsx")
    assert report_file.step == ""  # queued
    assert build_report_file(report_file.pk, board.pk) == "done"
    assert seen == [ReportFile.Step.COUNTING, ReportFile.Step.RENDERING]
