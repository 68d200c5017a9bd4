"""The reporting calendar (issue 11): deadline status, who sees which deadline, the page and
the iCalendar feed with its revocable token."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from agreements.models import Agreement, AgreementParty, Party, ReportingDeadline
from locations.access import system_scope
from locations.models import Membership
from reports.calendar.entries import DeadlineStatus
from reports.calendar.tokens import token_digest
from reports.deadlines import calendar_entries, deadline_status
from reports.models import CalendarToken
from reports.tests.factories import issue_stand_in

TODAY = datetime.date(2021, 7, 10)


def test_deadline_status():
    day = datetime.date(2021, 7, 1)
    assert deadline_status(day, None, datetime.date(2021, 6, 30)) == DeadlineStatus.DUE
    assert deadline_status(day, None, day) == DeadlineStatus.DUE  # due on the day itself
    assert deadline_status(day, None, datetime.date(2021, 7, 2)) == DeadlineStatus.OVERDUE
    issued = datetime.date(2021, 7, 5)
    assert deadline_status(day, issued, datetime.date(2021, 7, 9)) == DeadlineStatus.ISSUED


@pytest.fixture
def world(tenants):
    """a's agreement West 2021 with a funder party (a's funder's) and three deadlines: Q1
    issued, Q2 overdue on TODAY, Q3 due; and b's agreement with one deadline."""
    a, b = tenants.a, tenants.b
    with system_scope():
        west = Agreement.objects.create(
            organisation=a.organisation,
            region="west",
            region_name="West",
            year=2021,
            title="Afspraak West 2021",
        )
        west.locations.set([a.location])
        party = Party.objects.create(
            organisation=a.organisation, code="gemeente", name="Gemeente", kind="municipality"
        )
        AgreementParty.objects.create(agreement=west, party=party, is_funder=True)
        Membership.objects.filter(user=a.funder).update(party=party)
        other = Agreement.objects.create(
            organisation=a.organisation,
            region="oost",
            region_name="Oost",
            year=2021,
            title="Afspraak Oost 2021",
        )
        deadlines = {
            period: ReportingDeadline.objects.create(
                agreement=west, kind="interim", due_on=due, period=period
            )
            for period, due in (
                ("2021-Q1", datetime.date(2021, 4, 15)),
                ("2021-Q2", datetime.date(2021, 7, 9)),
                ("2021-Q3", datetime.date(2021, 10, 15)),
            )
        }
        deadlines["oost"] = ReportingDeadline.objects.create(
            agreement=other, kind="final", due_on=datetime.date(2022, 3, 24), period="2021"
        )
        b_agreement = Agreement.objects.create(
            organisation=b.organisation, region="b", region_name="B", year=2021, title="B 2021"
        )
        deadlines["b"] = ReportingDeadline.objects.create(
            agreement=b_agreement, kind="final", due_on=datetime.date(2022, 3, 1), period="2021"
        )
        issue_stand_in(
            west,
            "2021-Q1",
            a.board,
            issued_at=datetime.datetime(2021, 4, 12, 10, 0, tzinfo=datetime.UTC),
        )
    return {"west": west, "other": other, "deadlines": deadlines}


def test_statuses_and_who_sees_which(tenants, world):
    a = tenants.a
    entries = calendar_entries(user=a.board, today=TODAY)
    assert [(e.period, e.status) for e in entries] == [
        ("2021-Q1", "issued"),
        ("2021-Q2", "overdue"),
        ("2021-Q3", "due"),
        ("2021", "due"),
    ]
    assert entries[1].days_overdue == 1
    assert entries[0].issued_on == datetime.date(2021, 4, 12)
    # A coordinator sees the deadlines of the organisation's agreements, and whether they are
    # issued, though not the archive.
    assert [e.deadline_id for e in calendar_entries(user=a.coordinator, today=TODAY)] == [
        e.deadline_id for e in entries
    ]
    # A funder sees only the agreements its party is in.
    funder = calendar_entries(user=a.funder, today=TODAY)
    assert {e.agreement_id for e in funder} == {world["west"].pk}
    assert {e.deadline_id for e in calendar_entries(user=tenants.b.board, today=TODAY)} == {
        world["deadlines"]["b"].pk
    }


def test_the_page_shows_each_status(client, tenants, world):
    from django.utils import timezone

    with system_scope():  # the page runs on the real date: one deadline still to come
        ReportingDeadline.objects.create(
            agreement=world["other"],
            kind="interim",
            due_on=timezone.localdate() + datetime.timedelta(days=30),
            period="2021-Q4",
        )
    client.force_login(tenants.a.coordinator)
    response = client.get(reverse("calendar:index"))
    assert response.status_code == 200
    body = response.content.decode()
    for text in ("Afspraak West 2021", "Afspraak Oost 2021", "uitgegeven", "te laat", "te doen"):
        assert text in body
    assert "B 2021" not in body


def _feed(client, token):
    return client.get(reverse("calendar:feed"), {"token": token})


def test_the_feed_works_with_its_token_only_and_can_be_renewed_and_revoked(client, tenants, world):
    a = tenants.a
    a.coordinator.email = "coordinator@a.example"
    a.coordinator.save()
    client.force_login(a.coordinator)
    page = client.post(reverse("calendar:index"), {"action": "renew"})
    link = page.context["new_link"]
    token = link.split("token=")[1]
    with system_scope():
        stored = CalendarToken.objects.get(user=a.coordinator)
        columns = CalendarToken.objects.values().get()
    assert stored.digest == token_digest(token) != token
    assert token not in str(columns)  # only its digest is stored
    client.logout()

    feed = _feed(client, token)  # no session
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(feed.content)
    events = calendar.walk("VEVENT")
    assert {str(e["UID"]) for e in events} == {
        f"deadline-{world['deadlines'][k].pk}@testserver"
        for k in ("2021-Q1", "2021-Q2", "2021-Q3", "oost")
    }
    q2 = next(e for e in events if "2e kwartaal 2021" in str(e["SUMMARY"]))
    assert q2.decoded("DTSTART") == datetime.date(2021, 7, 9)
    text = feed.content.decode()
    for personal in (a.coordinator.username, a.coordinator.email, a.location.name):
        assert personal not in text

    client.force_login(a.coordinator)
    renewed = client.post(reverse("calendar:index"), {"action": "renew"}).context["new_link"]
    client.logout()
    assert _feed(client, token).status_code == 404  # the old link stops working
    new_token = renewed.split("token=")[1]
    assert _feed(client, new_token).status_code == 200
    client.force_login(a.coordinator)
    client.post(reverse("calendar:index"), {"action": "revoke"})
    client.logout()
    assert _feed(client, new_token).status_code == 404
    assert _feed(client, "").status_code == 404
    assert client.post(reverse("calendar:feed"), {"token": new_token}).status_code == 405


def test_a_feed_shows_only_what_its_user_may_see(client, tenants, world):
    with system_scope():
        CalendarToken.objects.create(
            organisation=tenants.a.organisation,
            user=tenants.a.funder,
            digest=token_digest("funder-token"),
            created_at=datetime.datetime(2021, 7, 1, tzinfo=datetime.UTC),
        )
    feed = Calendar.from_ical(_feed(client, "funder-token").content)
    summaries = [str(e["SUMMARY"]) for e in feed.walk("VEVENT")]
    assert len(summaries) == 3
    assert all("west-2021" in s for s in summaries)


def test_an_inactive_users_feed_answers_404(client, tenants, world):
    user = tenants.a.board
    with system_scope():
        CalendarToken.objects.create(
            organisation=tenants.a.organisation,
            user=user,
            digest=token_digest("board-token"),
            created_at=datetime.datetime(2021, 7, 1, tzinfo=datetime.UTC),
        )
    assert _feed(client, "board-token").status_code == 200
    user.is_active = False
    user.save()
    assert _feed(client, "board-token").status_code == 404


def test_a_user_cannot_make_a_link_in_another_organisation(client, tenants, world):
    client.force_login(tenants.a.board)
    response = client.post(
        reverse("calendar:index"), {"action": "renew", "organisation": tenants.b.organisation.pk}
    )
    assert response.status_code == 404
    with system_scope():
        assert not CalendarToken.objects.exists()


def _token(user, organisation, token):
    with system_scope():
        CalendarToken.objects.create(
            organisation=organisation,
            user=user,
            digest=token_digest(token),
            created_at=datetime.datetime(2021, 7, 1, tzinfo=datetime.UTC),
        )


def test_the_feed_runs_in_the_tokens_users_scope_whatever_the_session(client, tenants, world):
    _token(tenants.a.funder, tenants.a.organisation, "funder-token")
    client.force_login(tenants.a.admin)  # sees every deadline of a; the token's funder does not
    feed = Calendar.from_ical(_feed(client, "funder-token").content)
    summaries = [str(e["SUMMARY"]) for e in feed.walk("VEVENT")]
    assert len(summaries) == 3
    assert all("west-2021" in s for s in summaries)


def test_a_token_whose_user_may_see_no_agreements_any_more_answers_404(client, tenants, world):
    user = tenants.a.board
    _token(user, tenants.a.organisation, "board-token")
    assert _feed(client, "board-token").status_code == 200
    with system_scope():
        Membership.objects.filter(user=user).delete()
    assert _feed(client, "board-token").status_code == 404


def test_the_deadlines_of_a_quarter_link_to_their_narratives_those_of_a_year_do_not(
    client, tenants, world
):
    client.force_login(tenants.a.coordinator)  # a coordinator writes narratives
    body = client.get(reverse("calendar:index")).content.decode()
    west, other = world["west"].pk, world["other"].pk
    for period in ("2021-Q1", "2021-Q2", "2021-Q3"):
        assert f"{reverse('reports:narratives', args=[west])}?period={period}" in body
    assert f"{reverse('reports:narratives', args=[other])}?period=" not in body  # "2021"
