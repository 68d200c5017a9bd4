"""The coordinator's save does only what it must (issue 13, "A fast save"): saving again at
the same location leaves the session row alone."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

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
