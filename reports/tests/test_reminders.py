"""Reminders of reporting deadlines (issue 11): when each goes out, to whom, in Dutch, and
once only (the day is passed in: a fake clock)."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from agreements.models import Agreement, ReportingDeadline
from locations.access import system_scope
from locations.factories import LocationFactory, MembershipFactory, UserFactory
from locations.models import Role
from reports.models import SentReminder
from reports.reminders import OVERDUE_LOOKBACK_DAYS, reminder_recipients_of, reminders_send
from reports.tests.factories import issue_stand_in

DUE = datetime.date(2021, 7, 15)


@pytest.fixture
def deadline(tenants, settings):
    """a's agreement at a's first location with an interim deadline on DUE; a's board and
    coordinator have e-mail addresses, and a coordinator of a's other location too."""
    settings.BWK_REMINDER_DAYS_BEFORE = 7
    settings.BWK_SITE_URL = "https://bwk.example.nl"
    a = tenants.a
    for user, address in ((a.board, "bestuur@a.example"), (a.coordinator, "coord@a.example")):
        user.email = address
        user.save()
    other = UserFactory(username="a-coord-zuid", email="zuid@a.example")
    MembershipFactory(
        user=other, organisation=a.organisation, role=Role.COORDINATOR, locations=[a.other_location]
    )
    b = tenants.b
    b.board.email = "bestuur@b.example"
    b.board.save()
    with system_scope():
        agreement = Agreement.objects.create(
            organisation=a.organisation,
            region="west",
            region_name="West",
            year=2021,
            title="Afspraak West 2021",
        )
        agreement.locations.set([a.location])
        return ReportingDeadline.objects.create(
            agreement=agreement, kind="interim", due_on=DUE, period="2021-Q2"
        )


def _run(day: datetime.date):
    return reminders_send(today=day)


def test_no_reminder_before_the_window(deadline):
    run = _run(DUE - datetime.timedelta(days=8))
    assert run.sent == 0
    assert mail.outbox == []


def test_a_reminder_before_to_the_board_and_the_agreements_coordinators_once(deadline):
    run = _run(DUE - datetime.timedelta(days=7))
    assert run.sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["bestuur@a.example", "coord@a.example"]
    message = mail.outbox[0]
    assert message.subject == "Herinnering: tussenrapportage 2e kwartaal 2021 uiterlijk 15-07-2021"
    assert "nog 7 dagen" in message.body
    assert "https://bwk.example.nl/kalender/" in message.body
    # The next days, and a second run the same day, send nothing again.
    for day in (DUE - datetime.timedelta(days=7), DUE - datetime.timedelta(days=1), DUE):
        again = _run(day)
        assert (again.sent, again.skipped) == (0, 2)
    assert len(mail.outbox) == 2
    with system_scope():
        assert SentReminder.objects.filter(deadline=deadline, kind="before").count() == 2


def test_a_missed_day_is_made_up_and_overdue_is_sent_once(deadline):
    assert _run(DUE - datetime.timedelta(days=2)).sent == 2  # the task did not run earlier
    mail.outbox.clear()
    assert _run(DUE + datetime.timedelta(days=1)).sent == 2
    assert all(m.subject.startswith("Termijn verstreken") for m in mail.outbox)
    assert "(1 dag geleden)" in mail.outbox[0].body
    assert _run(DUE + datetime.timedelta(days=2)).sent == 0
    assert len(mail.outbox) == 2


def test_long_overdue_deadlines_send_nothing(deadline):
    assert _run(DUE + datetime.timedelta(days=OVERDUE_LOOKBACK_DAYS + 1)).sent == 0


def test_nothing_once_the_report_is_issued(deadline, tenants):
    with system_scope():
        issue_stand_in(deadline.agreement, "2021-Q2", tenants.a.board)
    assert _run(DUE - datetime.timedelta(days=3)).sent == 0
    assert _run(DUE + datetime.timedelta(days=3)).sent == 0
    assert mail.outbox == []


def test_the_days_before_are_configurable(deadline, settings):
    settings.BWK_REMINDER_DAYS_BEFORE = 14
    assert _run(DUE - datetime.timedelta(days=14)).sent == 2


def test_a_failing_mail_is_tried_again_next_run(deadline, monkeypatch):
    import reports.reminders

    def refuse(*args, **kwargs):
        raise OSError("mail server away")

    monkeypatch.setattr(reports.reminders, "send_mail", refuse)
    assert _run(DUE - datetime.timedelta(days=3)).failed == 2
    with system_scope():
        assert not SentReminder.objects.exists()
    monkeypatch.undo()
    assert _run(DUE - datetime.timedelta(days=2)).sent == 2


def test_the_database_refuses_a_reminder_twice(deadline, tenants):
    """What keeps two runs at the same time from both sending: the unique constraint."""
    with system_scope():
        values = {
            "deadline": deadline,
            "kind": "before",
            "recipient": tenants.a.board,
            "email": "bestuur@a.example",
            "sent_at": datetime.datetime(2021, 7, 8, 7, 7, tzinfo=datetime.UTC),
        }
        SentReminder.objects.create(**values)
        with pytest.raises(IntegrityError), transaction.atomic():
            SentReminder.objects.create(**values)


def test_the_task_is_in_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "reports.tasks.send_deadline_reminders" in tasks


def _deadlines_with_own_coordinators(tenants, n: int) -> list[ReportingDeadline]:
    """``n`` agreements of a, each at a location of its own with a coordinator of its own
    (e-mail ``coord-<i>@a.example``), each with a deadline on DUE."""
    a = tenants.a
    deadlines = []
    with system_scope():
        for i in range(n):
            location = LocationFactory(organisation=a.organisation)
            MembershipFactory(
                user=UserFactory(username=f"a-coord-{i}", email=f"coord-{i}@a.example"),
                organisation=a.organisation,
                role=Role.COORDINATOR,
                locations=[location],
            )
            agreement = Agreement.objects.create(
                organisation=a.organisation,
                region=f"r{i}",
                region_name=f"Regio {i}",
                year=2021,
                title=f"Afspraak {i}",
            )
            agreement.locations.set([location])
            deadlines.append(
                ReportingDeadline.objects.create(
                    agreement=agreement, kind="interim", due_on=DUE, period="2021-Q2"
                )
            )
    return deadlines


@pytest.mark.parametrize("n", [2, 6])
def test_the_recipients_of_many_deadlines_are_read_in_a_constant_number_of_queries(
    tenants, n, django_assert_num_queries
):
    a = tenants.a
    a.board.email = "bestuur@a.example"
    a.board.save()
    deadlines = _deadlines_with_own_coordinators(tenants, n)
    # Three queries (the agreements' locations, the memberships with their users, the
    # coordinators' locations) for 2 deadlines as for 6.
    with system_scope(), django_assert_num_queries(3):
        recipients = reminder_recipients_of(deadlines)
    assert {pk: {user.email for user in users} for pk, users in recipients.items()} == {
        deadline.pk: {"bestuur@a.example", f"coord-{i}@a.example"}
        for i, deadline in enumerate(deadlines)
    }
