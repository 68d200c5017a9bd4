"""The report task through a real broker: Redis started for the test, a real Celery worker.

The rest of the suite runs tasks eagerly (no broker configured); this test proves the task
is serialisable (ids only), picked up by a worker and safe to run twice.
"""

import datetime
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection
from django.urls import reverse

from agreements.models import Agreement, Indicator, Target
from bwk.celery import app
from locations.access import system_scope
from registrations.models import Attendance, Participant, Session
from reports.models import ReportFile
from reports.tasks import build_report_file


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    server = shutil.which("redis-server")
    assert server, "redis-server is missing: bin/setup --test installs it"
    port = _free_port()
    proc = subprocess.Popen(
        [
            server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def celery_worker(redis_url, settings):
    previous = {k: app.conf[k] for k in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=redis_url, task_always_eager=False)
    _forget_connections()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield
    app.conf.update(previous)
    _forget_connections()


def _forget_connections() -> None:
    """Celery caches its connection pools: drop them so the next broker URL is used."""
    app._pool = None
    app.amqp._producer_pool = None


def _wait_done(report_file_id: int, timeout: float = 60) -> ReportFile:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report_file = ReportFile.unscoped.get(pk=report_file_id)
        if report_file.status != ReportFile.Status.PENDING:
            return report_file
        time.sleep(0.2)
    raise AssertionError("the worker did not finish the report in time")


@pytest.mark.django_db(transaction=True)
def test_report_task_runs_in_a_worker_through_redis(tenants, celery_worker, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    a = tenants.a
    agreement = Agreement.unscoped.create(
        organisation=a.organisation,
        region="noord",
        region_name="Noord",
        year=2019,
        title="Afspraak Noord 2019",
    )
    with system_scope():
        agreement.locations.set([a.location])
    indicator = Indicator.unscoped.create(
        agreement=agreement,
        code="social",
        section="PROCES",
        description="Sociale ontmoeting",
        method="unique",
        categories=["social"],
        position=1,
    )
    Target.unscoped.create(
        indicator=indicator, location=a.location, text="400", comparator="at_least", value=400
    )
    session = Session.unscoped.create(
        location=a.location, date=datetime.date(2019, 2, 1), category="social"
    )
    for code in ("N-1", "N-2", "N-3"):
        participant = Participant.unscoped.create(
            organisation=a.organisation, code=code, home_location=a.location
        )
        Attendance.unscoped.create(session=session, participant=participant)

    report_file = ReportFile.unscoped.create(
        agreement=agreement, period="2019-Q1", format="xlsx", requested_by=a.board
    )
    build_report_file.delay(report_file.pk, a.board.pk)
    done = _wait_done(report_file.pk)
    assert done.status == ReportFile.Status.DONE, done.error
    first_name = done.file.name
    assert done.file.size > 0

    # Safe to run twice: a finished file is not rebuilt.
    build_report_file.delay(report_file.pk, a.board.pk)
    time.sleep(1)
    again = _wait_done(report_file.pk)
    assert again.status == ReportFile.Status.DONE
    assert again.file.name == first_name


@pytest.mark.django_db(transaction=True)
def test_report_task_refuses_a_user_without_access(tenants, celery_worker, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    agreement = Agreement.unscoped.create(
        organisation=tenants.a.organisation,
        region="noord",
        region_name="Noord",
        year=2019,
        title="Afspraak Noord 2019",
    )
    report_file = ReportFile.unscoped.create(agreement=agreement, period="2019-Q1", format="pdf")
    build_report_file.delay(report_file.pk, tenants.b.board.pk)
    done = _wait_done(report_file.pk)
    assert done.status == ReportFile.Status.FAILED
    assert not done.file


# -- issue 10, "Background reports that never get lost" ---------------------------------------


def _agreement(tenants) -> Agreement:
    agreement = Agreement.unscoped.create(
        organisation=tenants.a.organisation,
        region="noord",
        region_name="Noord",
        year=2019,
        title="Afspraak Noord 2019",
    )
    with system_scope():
        agreement.locations.set([tenants.a.location])
    return agreement


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_the_request_builds_the_file_itself(
    client, tenants, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    agreement = _agreement(tenants)
    previous = {k: app.conf[k] for k in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=f"redis://127.0.0.1:{_free_port()}/0", task_always_eager=False)
    _forget_connections()
    try:
        client.force_login(tenants.a.board)
        response = client.post(
            reverse("reports:request_file"),
            {"agreement": agreement.pk, "period": "2019-Q1", "format": "xlsx"},
        )
    finally:
        app.conf.update(previous)
        _forget_connections()
    assert response.status_code == 302
    report_file = ReportFile.unscoped.get()
    assert response["Location"] == reverse("reports:file", args=[report_file.pk])
    assert report_file.status == ReportFile.Status.DONE, report_file.error
    assert report_file.file.size > 0


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _wait(condition, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_build_leads_to_a_retry_not_pending_for_ever(
    tenants, redis_url, tmp_path, settings
):
    """A real worker process (prefork, one child) takes the task; while the child waits on
    the file's row (locked here), it is killed. The task is given back to the broker
    (acks late, reject on worker lost), a new child takes it again and the file is built."""
    settings.MEDIA_ROOT = tmp_path
    agreement = _agreement(tenants)
    report_file = ReportFile.unscoped.create(
        agreement=agreement, period="2019-Q1", format="xlsx", requested_by=tenants.a.board
    )
    database = connection.settings_dict
    env = os.environ | {
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
            f"{database['PORT']}/{database['NAME']}"
        ),
        "CELERY_BROKER_URL": redis_url,
        "MEDIA_ROOT": str(tmp_path),
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "bwk",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "--loglevel=WARNING",
            "--without-mingle",
            "--without-gossip",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "worker.log").open("w"),
    )
    locker = psycopg.connect(env["DATABASE_URL"], autocommit=False)
    # pg_stat_activity is read once per transaction: ask it outside the locking one.
    watcher = psycopg.connect(env["DATABASE_URL"], autocommit=True)
    try:
        _wait(lambda: _children(worker.pid), "the worker's child process")
        locker.execute(
            "SELECT id FROM reports_reportfile WHERE id = %s FOR UPDATE", [report_file.pk]
        )
        app.conf.update(broker_url=redis_url, task_always_eager=False)
        _forget_connections()
        build_report_file.delay(report_file.pk, tenants.a.board.pk)

        def blocked() -> bool:
            rows = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND query ILIKE '%%reports_reportfile%%' AND pid <> pg_backend_pid()"
            ).fetchone()
            return bool(rows and rows[0])

        _wait(blocked, "the worker to wait on the file's row: " + str(tmp_path / "worker.log"))
        (child,) = _children(worker.pid)
        os.kill(child, signal.SIGKILL)
        _wait(
            lambda: _children(worker.pid) and _children(worker.pid) != [child],
            "a new child process",
        )
        locker.rollback()  # the row is free again
        _wait(
            lambda: ReportFile.unscoped.get(pk=report_file.pk).status != "pending",
            "the file to be built again",
            timeout=90,
        )
    finally:
        locker.close()
        watcher.close()
        worker.terminate()
        worker.wait(timeout=30)
        app.conf.update(broker_url=None, task_always_eager=True)
        _forget_connections()
    done = ReportFile.unscoped.get(pk=report_file.pk)
    assert done.status == ReportFile.Status.DONE, done.error
    assert done.attempts >= 1
    assert done.file.size > 0


# -- issue 11, "Reporting calendar and reminders" -------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_reminders_go_out_once_through_a_real_broker_and_worker(tenants, celery_worker, settings):
    """The beat task sent twice through Redis to a real worker: the board and the
    coordinator of the agreement's location get one reminder each (Django's locmem e-mail
    backend of the tests; the console backend in the demo)."""
    from django.core import mail
    from django.utils import timezone

    from agreements.models import ReportingDeadline
    from reports.models import SentReminder
    from reports.tasks import send_deadline_reminders

    settings.BWK_REMINDER_DAYS_BEFORE = 7
    a = tenants.a
    for user, address in ((a.board, "bestuur@a.example"), (a.coordinator, "coord@a.example")):
        user.email = address
        user.save()
    agreement = _agreement(tenants)
    deadline = ReportingDeadline.unscoped.create(
        agreement=agreement,
        kind="interim",
        due_on=timezone.localdate() + datetime.timedelta(days=3),
        period="2019-Q2",
    )
    first = send_deadline_reminders.delay()
    second = send_deadline_reminders.delay()
    _wait(
        lambda: SentReminder.unscoped.filter(deadline=deadline).count() == 2,
        "the worker to send the reminders",
    )
    time.sleep(1)  # the second task, if it sent anything, has had its chance
    assert first.id != second.id
    assert sorted(m.to[0] for m in mail.outbox) == ["bestuur@a.example", "coord@a.example"]
    assert SentReminder.unscoped.filter(deadline=deadline).count() == 2
