"""The nightly retention task (issue 10, "Retention"): in the beat schedule, and run by a real
Celery worker through Redis (the broker fixtures of tests/test_celery_broker.py)."""

import datetime
import time

import pytest
from celery.result import EagerResult
from celery.schedules import crontab

from bwk.celery import app
from registrations.factories import ParticipantFactory, SessionFactory
from registrations.models import Attendance, Erasure, Participant
from registrations.tasks import remove_expired_personal_details
from tests.test_celery_broker import celery_worker, redis_url  # noqa: F401 (fixtures)


def test_the_beat_schedule_sends_the_task_every_night(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["remove-expired-personal-details"]
    assert entry["task"] == remove_expired_personal_details.name
    assert entry["task"] in app.tasks  # the name the worker knows
    schedule = entry["schedule"]
    assert isinstance(schedule, crontab)
    assert schedule.hour == {settings.BWK_RETENTION_HOUR}
    assert len(schedule.minute) == 1 and schedule.day_of_week == set(range(7))
    # Celery reads the same schedule (namespace CELERY_ in bwk/celery.py).
    assert app.conf.beat_schedule == settings.CELERY_BEAT_SCHEDULE


@pytest.mark.django_db(transaction=True)
def test_the_task_runs_in_a_worker_through_redis(tenants, celery_worker):  # noqa: F811
    loc = tenants.a.location
    old = ParticipantFactory(home_location=loc, code="OUD-9", nickname="Oud")
    Attendance.unscoped.create(
        participant=old, session=SessionFactory(location=loc, date=datetime.date(2019, 3, 1))
    )
    recent = ParticipantFactory(home_location=loc, code="NU-9", nickname="Nu")
    Attendance.unscoped.create(
        participant=recent, session=SessionFactory(location=loc, date=datetime.date.today())
    )
    old_created = datetime.datetime(2019, 3, 1, tzinfo=datetime.UTC)
    Participant.unscoped.filter(pk=old.pk).update(created_at=old_created)

    result = remove_expired_personal_details.delay()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not Erasure.unscoped.exists():
        time.sleep(0.2)

    assert Participant.unscoped.get(pk=old.pk).nickname == ""
    assert Participant.unscoped.get(pk=recent.pk).nickname == "Nu"
    assert list(Erasure.unscoped.values_list("code", "cause")) == [("OUD-9", "retention")]
    assert not isinstance(result, EagerResult)  # sent through the broker, run by the worker
