"""Double submission and races (issue 10): 20 identical POSTs at once create one record.

Each test renders the page as the browser would, takes the add form's hidden fields (the form
kind and its submission token), fills in the visible fields and fires the same POST from 20
threads at once. Every thread has its own Django test client (sharing the one login, as a
double-clicking browser does) and so its own database connection; the test runs with real
transactions (``transaction=True``), so the requests race in PostgreSQL as on the server.
"""

from __future__ import annotations

import datetime
import threading
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.urls import reverse

from locations.access import system_scope
from registrations.factories import ParticipantFactory, VolunteerFactory
from registrations.models import (
    AssociationMember,
    Attendance,
    Job,
    Participant,
    Session,
    Volunteer,
    VolunteerGroup,
    VolunteerHours,
)

pytestmark = pytest.mark.django_db(transaction=True)

DAY = datetime.date(2019, 3, 14)
HTMX = {"HTTP_HX_REQUEST": "true"}
TIMES = 20


class _HiddenFields(HTMLParser):
    """The hidden inputs of the form with id ``form_id`` (name -> value)."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        elif tag == "input" and self.inside and attrs.get("type") == "hidden":
            self.fields[attrs["name"]] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def hidden_fields(client: Client, url: str, form_id: str) -> dict:
    """The hidden fields of form ``form_id`` on the page at ``url``, as rendered for the user."""
    response = client.get(url)
    assert response.status_code == 200
    parser = _HiddenFields(form_id)
    parser.feed(response.content.decode())
    assert parser.fields, f"no form {form_id} on {url}"
    return parser.fields


#: The page each request of the last :func:`concurrently` answered with 200, by thread.
own_answers: dict[int, str] = {}


def concurrently(
    client: Client, url: str, data: dict | list[dict], headers: dict | None = None
) -> list:
    """POST ``data`` to ``url`` from :data:`TIMES` threads at once, each with its own client
    (the session cookie of ``client``) and database connection; ``data`` a list: thread n
    posts ``data[n]``. Returns per request ``(status, Location header)``, or the exception a
    request raised (a server error raises in the test client)."""
    barrier = threading.Barrier(TIMES)
    results: list = [None] * TIMES
    own_answers.clear()
    posts = data if isinstance(data, list) else [data] * TIMES

    def post(n: int) -> None:
        try:
            own = Client()
            own.cookies[settings.SESSION_COOKIE_NAME] = client.cookies[
                settings.SESSION_COOKIE_NAME
            ].value
            barrier.wait(timeout=30)
            response = own.post(url, posts[n], **(headers or {}))
            results[n] = (response.status_code, response.get("Location"))
            if response.status_code == 200:
                own_answers[n] = response.content.decode()
        except Exception as error:  # noqa: BLE001 - reported by the test
            results[n] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(n,)) for n in range(TIMES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def count(model, **filters) -> int:
    with system_scope():
        return model.objects.filter(**filters).count()


@pytest.fixture
def coordinator(client, tenants):
    client.force_login(tenants.a.coordinator)
    return tenants.a.coordinator


def day_url(location) -> str:
    return reverse(
        "registrations:day", kwargs={"location_id": location.pk, "date": DAY.isoformat()}
    )


def records_url(location) -> str:
    return reverse("registrations:records", kwargs={"location_id": location.pk})


def log_url(location) -> str:
    return reverse("registrations:log") + f"?location={location.pk}&date={DAY.isoformat()}"


def test_a_session_on_the_day_page_posted_20_times_at_once_is_one_session(
    client, tenants, coordinator
):
    loc = tenants.a.location
    known = ParticipantFactory(home_location=loc, code="CJM-0001")
    data = hidden_fields(client, day_url(loc), "add-session") | {
        "session-category": "social",
        "session-title": "Koffie-inloop",
        "session-anonymous_count": "2",
        "session-participants": "CJM-0001",
        "session-new_participants": "CJM-0002, Nieuw",
    }
    results = concurrently(client, day_url(loc), data, HTMX)
    assert results == [(200, None)] * TIMES
    assert count(Session) == 1
    assert count(Participant, code="CJM-0002") == 1
    assert count(Attendance) == 2
    assert count(Attendance, participant=known) == 1


def test_a_session_without_javascript_posted_20_times_gets_the_same_redirect(
    client, tenants, coordinator
):
    loc = tenants.a.location
    data = hidden_fields(client, day_url(loc), "add-session") | {
        "session-category": "forms",
        "session-anonymous_count": "1",
    }
    results = concurrently(client, day_url(loc), data)
    assert results == [(302, day_url(loc) + "#section-session")] * TIMES
    assert count(Session) == 1


def test_a_session_on_the_log_page_posted_20_times_at_once_is_one_session(
    client, tenants, coordinator
):
    loc = tenants.a.location
    url = log_url(loc)
    data = hidden_fields(client, url, "session-form") | {
        "date": DAY.isoformat(),
        "category": "social",
        "title": "Taalcafé",
        "anonymous_count": "0",
        "new_participants": "CJM-0003",
    }
    results = concurrently(client, url, data)
    assert results == [(302, log_url(loc))] * TIMES
    assert count(Session) == 1
    assert count(Participant, code="CJM-0003") == 1


def test_a_job_posted_20_times_at_once_is_one_job(client, tenants, coordinator):
    loc = tenants.a.location
    day = hidden_fields(client, day_url(loc), "add-job") | {"job-description": "Lamp opgehangen"}
    assert concurrently(client, day_url(loc), day, HTMX) == [(200, None)] * TIMES
    log = hidden_fields(client, log_url(loc), "job-form") | {
        "job-date": DAY.isoformat(),
        "job-description": "Kraan gerepareerd",
    }
    assert concurrently(client, log_url(loc), log) == [(302, log_url(loc))] * TIMES
    assert sorted(Job.unscoped.values_list("description", flat=True)) == [
        "Kraan gerepareerd",
        "Lamp opgehangen",
    ]


def test_volunteer_hours_posted_20_times_at_once_are_one_entry(client, tenants, coordinator):
    loc = tenants.a.location
    VolunteerFactory(home_location=loc, code="VRW-ANNA")
    data = hidden_fields(client, day_url(loc), "add-hours") | {
        "hours-span": "day",
        "hours-volunteer_0": "VRW-ANNA",
        "hours-hours_0": "3,5",
        "hours-volunteer_1": "VRW-NIEUW",
        "hours-hours_1": "2",
        "hours-create_new": "on",
        "hours-create_anyway": "on",
    }
    results = concurrently(client, day_url(loc), data, HTMX)
    assert results == [(200, None)] * TIMES
    assert count(VolunteerHours) == 2
    assert count(VolunteerHours, volunteer__code="VRW-NIEUW") == 1


def test_a_volunteer_group_and_a_member_posted_20_times_at_once_are_one_each(
    client, tenants, coordinator
):
    loc = tenants.a.location
    url = records_url(loc)
    group = hidden_fields(client, url, "add-group") | {
        "group-name": "Tuingroep",
        "group-active_from": "2019-04-01",
    }
    assert concurrently(client, url, group) == [(302, f"{url}#records-group")] * TIMES
    member = hidden_fields(client, url, "add-member") | {
        "member-member_code": "L-17",
        "member-registered_on": "2019-01-10",
    }
    assert concurrently(client, url, member) == [(302, f"{url}#records-member")] * TIMES
    assert count(VolunteerGroup) == 1
    assert count(AssociationMember) == 1


def with_own_tokens(data: dict, field: str) -> list[dict]:
    """:data:`TIMES` copies of ``data``, each with its own token in ``field``: the same thing
    entered in separate forms (two tabs, two coordinators), not one form sent twice."""
    return [data | {field: f"{n:032x}"} for n in range(TIMES)]


def test_the_same_new_participant_code_from_separate_forms_at_once_is_one_participant(
    client, tenants, coordinator
):
    loc = tenants.a.location
    data = hidden_fields(client, day_url(loc), "add-session") | {
        "session-category": "social",
        "session-new_participants": "CJM-0100",
    }
    results = concurrently(client, day_url(loc), with_own_tokens(data, "session-submission"), HTMX)
    # One request registers the participant; every other one gets the page with the reason,
    # as when the forms are sent one after the other; never a server error.
    assert sorted(results) == [(200, None)] * TIMES
    assert count(Participant, code="CJM-0100") == 1
    assert count(Session) == 1
    refused = [n for n, html in own_answers.items() if "CJM-0100 bestaat al" in html]
    assert len(refused) == TIMES - 1


def test_the_same_new_code_on_the_log_page_at_once_never_answers_500(client, tenants, coordinator):
    loc = tenants.a.location
    data = hidden_fields(client, log_url(loc), "session-form") | {
        "date": DAY.isoformat(),
        "category": "social",
        "new_participants": "CJM-0200",
    }
    results = concurrently(client, log_url(loc), with_own_tokens(data, "submission"))
    assert sorted(results) == [(200, None)] * (TIMES - 1) + [(302, log_url(loc))]
    assert count(Participant, code="CJM-0200") == 1
    assert count(Session) == 1
    assert all("CJM-0200 bestaat al" in html for html in own_answers.values())


def test_the_same_new_volunteer_code_at_once_is_one_volunteer(client, tenants, coordinator):
    loc = tenants.a.location
    data = hidden_fields(client, day_url(loc), "add-hours") | {
        "hours-span": "day",
        "hours-volunteer_0": "VRW-NIEUW",
        "hours-hours_0": "2",
        "hours-create_new": "on",
        "hours-create_anyway": "on",
    }
    results = concurrently(client, day_url(loc), with_own_tokens(data, "hours-submission"), HTMX)
    assert results == [(200, None)] * TIMES
    assert count(Volunteer, code="VRW-NIEUW") == 1
    # Separate forms are separate entries: a form checked after the volunteer was registered
    # finds the code and records its hours, as one sent later would; a form that raced the
    # registration is refused with the reason (how many of each depends on the timing). Every
    # form is one or the other.
    refused = sum("VRW-NIEUW bestaat al" in html for html in own_answers.values())
    assert count(VolunteerHours) + refused == TIMES


def test_member_numbers_that_differ_in_case_at_once_are_one_member(client, tenants, coordinator):
    loc = tenants.a.location
    url = records_url(loc)
    data = hidden_fields(client, url, "add-member") | {"member-registered_on": "2019-01-10"}
    posts = [
        post | {"member-member_code": "l-17" if n % 2 else "L-17"}
        for n, post in enumerate(with_own_tokens(data, "member-submission"))
    ]
    results = concurrently(client, url, posts)
    assert sorted(results) == [(200, None)] * (TIMES - 1) + [(302, f"{url}#records-member")]
    assert count(AssociationMember) == 1
    assert all("bestaat al bij deze buurtwerkkamer" in html for html in own_answers.values())


def test_a_code_registered_between_the_checks_is_refused_as_taken_not_as_similar(
    client, tenants, coordinator, monkeypatch
):
    """The race of the test above, made certain: the participant is saved by someone else
    after the form's "does it exist" check and before its similarity check. The answer is
    that the code exists (what is true), not that a similar participant exists."""
    loc = tenants.a.location
    with system_scope():
        ParticipantFactory(home_location=loc, code="CJM-0100")
    # The first check does not see it yet (as before the other request's commit).
    monkeypatch.setattr("registrations.forms.common.participants_by_code", lambda *a, **k: {})
    data = hidden_fields(client, day_url(loc), "add-session") | {
        "session-category": "social",
        "session-new_participants": "CJM-0100",
        "session-submission": f"{1:032x}",
    }
    html = client.post(day_url(loc), data, **HTMX).content.decode()
    assert "CJM-0100 bestaat al" in html
    assert "erop lijkt" not in html
    assert count(Participant, code="CJM-0100") == 1
    assert count(Session) == 0
