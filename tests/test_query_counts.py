"""Pages whose query count must not grow with the number of rows or locations (issue 13,
"Exact and fresh"): each page is read with a little data and again with several times as
many rows (and, where the viewer sees them, more locations); the counts must be equal."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from locations.access import system_scope
from locations.factories import LocationFactory
from registrations import factories as f

DAY = datetime.date(2019, 3, 14)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _registrations(location, n: int) -> None:
    """``n`` sessions with three participants each, ``n`` jobs and ``n`` hours rows at
    ``location`` on DAY, ``n`` key holders."""
    with system_scope():
        people = [f.ParticipantFactory(home_location=location) for _ in range(3)]
        for _ in range(n):
            session = f.SessionFactory(location=location, date=DAY)
            for person in people:
                f.AttendanceFactory(session=session, participant=person)
            f.JobFactory(location=location, date=DAY, participant=people[0])
            volunteer = f.VolunteerFactory(home_location=location)
            f.VolunteerHoursFactory(volunteer=volunteer, location=location, date=DAY)
            f.KeyHoldingFactory(volunteer=volunteer, location=location)


@pytest.mark.parametrize(
    "page",
    ["day", "records", "log", "session_list"],
)
def test_a_coordinators_page_reads_a_fixed_number_of_queries(client, tenants, page):
    location = tenants.a.location
    urls = {
        "day": reverse(
            "registrations:day", kwargs={"location_id": location.pk, "date": DAY.isoformat()}
        ),
        "records": reverse("registrations:records", args=[location.pk]),
        "log": f"{reverse('registrations:log')}?location={location.pk}&date={DAY.isoformat()}",
        "session_list": reverse("registrations:session_list"),
    }
    client.force_login(tenants.a.coordinator)
    _registrations(location, 2)
    client.get(urls[page])  # first request of the session: its own one-time reads
    few = _queries(client, urls[page])
    _registrations(location, 8)
    many = _queries(client, urls[page])
    assert few == many


@pytest.mark.parametrize("page", ["session_list"])
def test_a_board_page_reads_a_fixed_number_of_queries_whatever_the_locations(client, tenants, page):
    url = reverse(f"registrations:{page}")
    client.force_login(tenants.a.board)
    _registrations(tenants.a.location, 2)
    client.get(url)
    few = _queries(client, url)
    with system_scope():
        more = [LocationFactory(organisation=tenants.a.organisation) for _ in range(3)]
    for location in [tenants.a.other_location, *more]:
        _registrations(location, 3)
    many = _queries(client, url)
    assert few == many
