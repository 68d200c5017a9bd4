"""The coordinator's save does only what it must (issue 13, "A fast save"): saving again at
the same location leaves the session row alone; a save runs a fixed number of queries whatever
the day holds, reading the user's memberships once."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from locations.access import build_scope, system_scope
from locations.accounts.policy import two_factor_required
from registrations.factories import (
    AttendanceFactory,
    JobFactory,
    ParticipantFactory,
    SessionFactory,
    VolunteerFactory,
)
from registrations.models import Job, Session

DAY = datetime.date(2019, 3, 14)


def _session_writes(client, url: str, data: dict, **headers) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, data, **headers)
    writes = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith(("UPDATE", "INSERT")) and '"django_session"' in q["sql"]
    ]
    return response.status_code, len(writes)


def test_saving_again_on_the_day_page_does_not_rewrite_the_session(client, tenants):
    location = tenants.a.location
    url = reverse("registrations:day", kwargs={"location_id": location.pk, "date": "2019-03-14"})
    client.force_login(tenants.a.coordinator)
    first = _session_writes(
        client, url, {"form": "job", "job-description": "Lamp"}, HTTP_HX_REQUEST="true"
    )
    second = _session_writes(
        client, url, {"form": "job", "job-description": "Kraan"}, HTTP_HX_REQUEST="true"
    )
    assert first[0] == second[0] == 200
    assert second[1] == 0


def test_saving_again_on_the_log_page_does_not_rewrite_the_session(client, tenants):
    location = tenants.a.location
    client.force_login(tenants.a.coordinator)
    data = {
        "form": "session",
        "location": location.pk,
        "date": DAY.isoformat(),
        "category": "social",
        "anonymous_count": "2",
    }
    first = _session_writes(client, reverse("registrations:log"), {**data, "title": "Koffie"})
    second = _session_writes(client, reverse("registrations:log"), {**data, "title": "Thee"})
    assert first[0] == second[0] == 302
    assert second[1] == 0


def _rows(location, n: int) -> None:
    """``n`` sessions (two participants each) and ``n`` jobs at ``location`` on DAY."""
    with system_scope():
        people = [ParticipantFactory(home_location=location) for _ in range(2)]
        for _ in range(n):
            session = SessionFactory(location=location, date=DAY)
            for person in people:
                AttendanceFactory(session=session, participant=person)
            JobFactory(location=location, date=DAY, participant=people[0])


def _captured(client, url: str, data: dict, **headers) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, data, **headers)
    return response.status_code, [q["sql"] for q in captured.captured_queries]


#: One htmx save of a job on the day page, answered by its row: the session and the user
#: (authentication), the user's memberships (the scope, once: the two-factor check reuses
#: it), the location with its first possible day (for the form's and the service's date
#: rule), the period closures, savepoint, the job, its historical row, release, and the count
#: of the section's records (the other rows are not read).
DAY_JOB_SAVE_QUERIES = 10

#: One save of a session on the log page (no participants): session, user, memberships, the
#: writable locations with their first possible days, the period closures, savepoint, the
#: session, its historical row, release; then the redirect (nothing is rendered).
LOG_SESSION_SAVE_QUERIES = 9


@pytest.mark.parametrize("existing", [0, 6])
def test_a_save_on_the_day_page_runs_a_fixed_number_of_queries(client, tenants, existing):
    location = tenants.a.location
    _rows(location, existing)
    url = reverse("registrations:day", kwargs={"location_id": location.pk, "date": "2019-03-14"})
    client.force_login(tenants.a.coordinator)
    client.get(url)  # the session's last-seen time is written on the first request
    status, queries = _captured(
        client,
        url,
        {"form": "job", "job-description": "Lamp", "shown": str(existing)},
        HTTP_HX_REQUEST="true",
    )
    assert status == 200
    assert len(queries) == DAY_JOB_SAVE_QUERIES
    assert not any('FROM "registrations_job"' in sql and "COUNT(" not in sql for sql in queries)
    assert sum('FROM "locations_membership"' in sql for sql in queries) == 1
    assert sum('FROM "locations_location"' in sql for sql in queries) == 1
    assert not any("MAX(" in sql and "registrations_job" not in sql for sql in queries)
    with system_scope():
        assert Job.objects.filter(location=location, description="Lamp").count() == 1


@pytest.mark.parametrize("existing", [0, 6])
def test_a_save_on_the_log_page_runs_a_fixed_number_of_queries(client, tenants, existing):
    location = tenants.a.location
    _rows(location, existing)
    client.force_login(tenants.a.coordinator)
    client.get(reverse("registrations:log"))
    data = {
        "form": "session",
        "location": location.pk,
        "date": DAY.isoformat(),
        "category": "social",
        "anonymous_count": "2",
        "title": "Koffie",
    }
    status, queries = _captured(client, reverse("registrations:log"), data)
    assert status == 302
    assert len(queries) == LOG_SESSION_SAVE_QUERIES
    assert sum('FROM "locations_membership"' in sql for sql in queries) == 1
    assert sum('FROM "locations_location"' in sql for sql in queries) == 1
    assert not any('FROM "locations_organisation"' in sql for sql in queries)


#: The log page's save of a session with existing participants (the benchmark's
#: save_log_page: eight codes): LOG_SESSION_SAVE_QUERIES plus the participants read by their
#: codes (the form), their ids checked against the organisation (the service), and the
#: attendances and their historical rows, each one bulk insert whatever their number.
LOG_SESSION_WITH_PARTICIPANTS_SAVE_QUERIES = LOG_SESSION_SAVE_QUERIES + 4


@pytest.mark.parametrize("people", [1, 8])
def test_a_save_with_participants_on_the_log_page_runs_a_fixed_number_of_queries(
    client, tenants, people
):
    location = tenants.a.location
    _rows(location, 6)
    with system_scope():
        codes = [ParticipantFactory(home_location=location).code for _ in range(people)]
    client.force_login(tenants.a.coordinator)
    client.get(reverse("registrations:log"))
    data = {
        "form": "session",
        "location": location.pk,
        "date": DAY.isoformat(),
        "category": "social",
        "anonymous_count": "1",
        "title": "Koffie met codes",
        "participants": ", ".join(codes),
    }
    status, queries = _captured(client, reverse("registrations:log"), data)
    assert status == 302
    assert len(queries) == LOG_SESSION_WITH_PARTICIPANTS_SAVE_QUERIES
    assert sum('FROM "locations_membership"' in sql for sql in queries) == 1
    assert sum(sql.startswith('INSERT INTO "registrations_attendance"') for sql in queries) == 1
    with system_scope():
        session = Session.objects.get(location=location, title="Koffie met codes")
        assert sorted(a.participant.code for a in session.attendances.all()) == sorted(codes)


def test_the_log_page_still_refuses_a_location_the_user_may_not_write_at(client, tenants):
    client.force_login(tenants.a.coordinator)
    data = {
        "form": "session",
        "location": tenants.b.location.pk,
        "date": DAY.isoformat(),
        "category": "social",
        "anonymous_count": "2",
    }
    response = client.post(reverse("registrations:log"), data)
    assert response.status_code == 200
    assert "Kies een van uw buurtwerkkamers." in response.content.decode()
    with system_scope():
        assert not Session.objects.filter(location=tenants.b.location, date=DAY).exists()


def test_two_factor_is_answered_from_a_built_scope_without_a_query(
    tenants, django_assert_num_queries
):
    organisation = tenants.a.organisation
    organisation.coordinators_need_two_factor = True
    with system_scope():
        organisation.save()
    needs, free = tenants.a.coordinator, tenants.b.coordinator
    build_scope(needs), build_scope(free), build_scope(tenants.b.board)
    with django_assert_num_queries(0):
        assert two_factor_required(needs)
        assert not two_factor_required(free)
        assert two_factor_required(tenants.b.board)


@pytest.mark.parametrize("existing", [0, 6])
def test_opening_a_row_answers_that_row_alone(client, tenants, existing):
    location = tenants.a.location
    _rows(location, existing)
    with system_scope():
        job = JobFactory(location=location, date=DAY, description="Lamp")
    row = reverse("registrations:day_row", kwargs={"kind": "job", "pk": job.pk})
    client.force_login(tenants.a.coordinator)
    client.get(row)
    with CaptureQueriesContext(connection) as captured:
        edit = client.get(row, {"mode": "edit"}, HTTP_HX_REQUEST="true").content.decode()
    # session, user, memberships, the record, the location's first possible day, the row
    assert len(captured) == 6
    assert edit.count('class="day-row') == 1
    assert f'id="row-job-{job.pk}"' in edit
    assert 'id="section-job"' not in edit
    assert f'name="job-{job.pk}-description"' in edit
    assert f'hx-target="#row-job-{job.pk}"' in edit  # cancelling answers the row again
    confirm = client.get(row, {"mode": "delete"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Echt verwijderen?" in confirm
    assert confirm.count('class="day-row') == 1
    # the question's answer replaces the section: the count and the undo notice change
    assert 'hx-target="#section-job"' in confirm
    cancelled = client.get(row, HTTP_HX_REQUEST="true").content.decode()
    assert "Lamp" in cancelled
    assert "Echt verwijderen?" not in cancelled
    assert cancelled.count('class="day-row') == 1


def test_a_row_without_htmx_still_answers_the_whole_page(client, tenants):
    with system_scope():
        job = JobFactory(location=tenants.a.location, date=DAY, description="Lamp")
    row = reverse("registrations:day_row", kwargs={"kind": "job", "pk": job.pk})
    client.force_login(tenants.a.coordinator)
    page = client.get(row, {"mode": "edit"}).content.decode()
    assert 'id="section-job"' in page
    assert 'id="section-session"' in page


def _day_url(location) -> str:
    return reverse(
        "registrations:day", kwargs={"location_id": location.pk, "date": DAY.isoformat()}
    )


def _field(html: str, kind: str, name: str) -> str:
    """The value of the hidden field ``name`` of the add form of ``kind`` in ``html``."""
    form = html[html.index(f'id="add-{kind}"') :]
    return re.search(f'name="{name}" value="([^"]*)"', form).group(1)


def _shown(html: str, kind: str) -> str:
    """The ``shown`` value of the add form of ``kind`` in ``html``."""
    return _field(html, kind, "shown")


@pytest.mark.parametrize("existing", [0, 3])
def test_an_added_job_is_answered_by_its_row_alone(client, tenants, existing):
    location = tenants.a.location
    with system_scope():
        old = [
            JobFactory(location=location, date=DAY, description=f"Oud {n}") for n in range(existing)
        ]
    client.force_login(tenants.a.coordinator)
    page = client.get(_day_url(location)).content.decode()
    assert _shown(page, "job") == str(existing)
    response = client.post(
        _day_url(location),
        {"form": "job", "job-description": "Kraan", "shown": _shown(page, "job")},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#outcome-job"
    assert response["HX-Reswap"] == "outerHTML"
    assert html.lstrip().startswith('<div class="outcome" id="outcome-job">')
    assert "Opgeslagen." in html
    with system_scope():
        job = Job.objects.get(description="Kraan")
    # the new row at the end of the list, out of band; the other rows are not sent again
    assert '<ul hx-swap-oob="beforeend:#rows-job">' in html
    assert html.count('<li class="day-row') == 1
    assert f'id="row-job-{job.pk}"' in html
    assert not any(f"row-job-{other.pk}" in html for other in old)
    assert "<section" not in html
    # the count and a fresh add form (nothing typed in it, a new submission token)
    count = f'<span class="count" id="count-job" hx-swap-oob="true">{existing + 1}</span>'
    assert count in html
    assert 'id="add-box-job"' in html and 'hx-swap-oob="true"' in html
    assert _shown(html, "job") == str(existing + 1)
    assert "Kraan" not in html[html.index('id="add-job"') :]
    assert _field(html, "job", "job-submission") != _field(page, "job", "job-submission")
    # the empty section's text goes with the first row
    assert ('<p id="empty-job" hx-swap-oob="delete">' in html) == (existing == 0)
    assert ('id="empty-job"' in page) == (existing == 0)
    # the list is there when empty, with nothing in it (bwk.css hides it then)
    assert ('<ul class="day-rows" id="rows-job"></ul>' in page) == (existing == 0)


def test_an_added_session_is_answered_by_its_row_with_its_participants(client, tenants):
    location = tenants.a.location
    with system_scope():
        codes = sorted(ParticipantFactory(home_location=location).code for _ in range(2))
    client.force_login(tenants.a.coordinator)
    data = {
        "form": "session",
        "session-category": "social",
        "session-title": "Koffie",
        "session-anonymous_count": "1",
        "session-participants": "\n".join(codes),
        "shown": "0",
    }
    response = client.post(_day_url(location), data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response["HX-Retarget"] == "#outcome-session"
    assert html.count('<li class="day-row') == 1
    assert "2 deelnemers: " + ", ".join(codes) in html


@pytest.mark.parametrize(
    "shown",
    [
        "1",  # a colleague's record came in since the page was shown
        "5",  # the page showed records deleted since
        "",  # a form of a page from before the field
        "¹",  # not a number (a digit to str.isdigit, not to int)
    ],
)
def test_a_section_changed_since_the_page_is_answered_whole(client, tenants, shown):
    location = tenants.a.location
    with system_scope():
        JobFactory(location=location, date=DAY, description="Van een collega")
        JobFactory(location=location, date=DAY, description="Ook van een collega")
    client.force_login(tenants.a.coordinator)
    data = {"form": "job", "job-description": "Kraan", "shown": shown}
    response = client.post(_day_url(location), data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "HX-Retarget" not in response
    assert html.lstrip().startswith('<section class="card day-section" id="section-job"')
    assert html.count('<li class="day-row') == 3
    assert "Van een collega" in html and "Ook van een collega" in html
    assert '<span class="count" id="count-job">3</span>' in html
    assert _shown(html, "job") == "3"


def test_a_colleague_deleting_one_record_and_adding_another_is_seen(client, tenants):
    """The page showed two jobs; since then a colleague deleted one and added one, so the
    count alone looks up to date. The highest primary key shown ("last") tells: the section
    is answered whole, with the colleague's job and without the deleted one."""
    location = tenants.a.location
    with system_scope():
        kept = JobFactory(location=location, date=DAY, description="Blijft")
        gone = JobFactory(location=location, date=DAY, description="Weg")
    client.force_login(tenants.a.coordinator)
    page = client.get(_day_url(location)).content.decode()
    assert (_shown(page, "job"), _field(page, "job", "last")) == ("2", str(gone.pk))
    with system_scope():
        gone.delete()
        JobFactory(location=location, date=DAY, description="Van een collega")
    data = {"form": "job", "job-description": "Kraan", "shown": "2", "last": str(gone.pk)}
    html = client.post(_day_url(location), data, HTTP_HX_REQUEST="true").content.decode()
    assert html.lstrip().startswith('<section class="card day-section" id="section-job"')
    assert "Van een collega" in html and "Weg" not in html and kept.description in html
    assert html.count('<li class="day-row') == 3
    # Up to date, the same post is answered by its row alone.
    page = client.get(_day_url(location)).content.decode()
    data = {
        "form": "job",
        "job-description": "Lamp",
        "shown": _shown(page, "job"),
        "last": _field(page, "job", "last"),
    }
    response = client.post(_day_url(location), data, HTTP_HX_REQUEST="true")
    assert response["HX-Retarget"] == "#outcome-job"


def test_a_refused_add_comes_back_with_the_section_and_what_was_entered(client, tenants):
    location = tenants.a.location
    client.force_login(tenants.a.coordinator)
    data = {
        "form": "job",
        "job-description": "Kraan",
        "job-participant": "ONBEKEND-1",
        "shown": "0",
    }
    response = client.post(_day_url(location), data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "HX-Retarget" not in response
    assert html.lstrip().startswith('<section class="card day-section" id="section-job"')
    assert 'value="Kraan"' in html and 'value="ONBEKEND-1"' in html
    assert 'aria-invalid="true"' in html
    with system_scope():
        assert not Job.objects.exists()


def test_hours_are_answered_with_their_section(client, tenants):
    location = tenants.a.location
    with system_scope():
        volunteer = VolunteerFactory(home_location=location)
    client.force_login(tenants.a.coordinator)
    data = {
        "form": "hours",
        "hours-span": "day",
        "hours-volunteer_0": volunteer.code,
        "hours-hours_0": "3",
        "shown": "0",
    }
    response = client.post(_day_url(location), data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "HX-Retarget" not in response
    assert html.lstrip().startswith('<section class="card day-section" id="section-hours"')
    assert "Bewoners: 3 uur" in html


#: One htmx save of a session with three participants on the day page, answered by its row:
#: DAY_JOB_SAVE_QUERIES with the participants read by their codes (the form) and their ids
#: checked against the organisation (the service), the attendances and their historical rows
#: (one bulk insert each), and the new row's attendances read for its text.
DAY_SESSION_SAVE_QUERIES = DAY_JOB_SAVE_QUERIES + 5


@pytest.mark.parametrize("existing", [0, 6])
def test_a_session_saved_on_the_day_page_runs_a_fixed_number_of_queries(client, tenants, existing):
    location = tenants.a.location
    _rows(location, existing)
    with system_scope():
        codes = [ParticipantFactory(home_location=location).code for _ in range(3)]
    client.force_login(tenants.a.coordinator)
    client.get(_day_url(location))
    data = {
        "form": "session",
        "session-category": "social",
        "session-anonymous_count": "0",
        "session-participants": "\n".join(codes),
        "shown": str(existing),
    }
    status, queries = _captured(client, _day_url(location), data, HTTP_HX_REQUEST="true")
    assert status == 200
    assert len(queries) == DAY_SESSION_SAVE_QUERIES
    assert sum(sql.startswith('INSERT INTO "registrations_attendance"') for sql in queries) == 1
    assert sum('FROM "registrations_session"' in sql for sql in queries) == 1  # the count
