"""Tenancy over every URL pattern: users of organisation b never see organisation a's data.

Every URL pattern of the project (outside the admin, which has its own test) is requested by
every user of organisation b. A pattern with URL arguments is given an object of
organisation a and must answer 404; a pattern without arguments must not show any of
organisation a's marker strings. A new URL pattern with arguments fails this test until a
case for it is added to ``OBJECT_KWARGS``: nothing escapes unnoticed.
"""

import datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from agreements.models import Agreement, Indicator, Target
from registrations.models import Attendance, Job, Participant, Session
from reports.models import ReportFile

MARKERS = ["AGEHEIM-001", "Geheimnaam", "Geheime bijeenkomst", "Afspraak Alfa", "Geheime klus"]
SKIP_NAMESPACES = {"admin"}
SKIP_NAMES = {"login", "logout", "set_language"}


@pytest.fixture
def world_a(tenants):
    """Organisation a with one object of every kind, all carrying marker strings."""
    a = tenants.a
    agreement = Agreement.unscoped.create(
        organisation=a.organisation,
        region="alfa",
        region_name="Alfa",
        year=2019,
        title="Afspraak Alfa 2019",
    )
    agreement.locations.set([a.location, a.other_location])
    indicator = Indicator.unscoped.create(
        agreement=agreement,
        code="social",
        section="PROCES",
        description="Geheime bijeenkomst",
        method="unique",
        categories=["social"],
    )
    Target.unscoped.create(
        indicator=indicator, location=a.location, text="400", comparator="at_least", value=400
    )
    participant = Participant.unscoped.create(
        organisation=a.organisation,
        code="AGEHEIM-001",
        nickname="Geheimnaam",
        home_location=a.location,
    )
    session = Session.unscoped.create(
        location=a.location,
        date=datetime.date(2019, 3, 1),
        category="social",
        title="Geheime bijeenkomst",
    )
    Attendance.unscoped.create(session=session, participant=participant)
    other_session = Session.unscoped.create(
        location=a.other_location,
        date=datetime.date(2019, 3, 1),
        category="social",
        title="Geheime bijeenkomst Zuid",
    )
    job = Job.unscoped.create(
        location=a.location, date=datetime.date(2019, 3, 2), description="Geheime klus"
    )
    report_file = ReportFile.unscoped.create(agreement=agreement, period="2019-Q1", format="pdf")
    return {
        "agreement": agreement,
        "participant": participant,
        "session": session,
        "other_session": other_session,
        "job": job,
        "report_file": report_file,
        "location": a.location,
        "other_location": a.other_location,
    }


#: URL name -> function(objects of organisation a) -> URL kwargs.
OBJECT_KWARGS = {
    "locations:detail": lambda o: {"pk": o["location"].pk},
    "agreements:detail": lambda o: {"pk": o["agreement"].pk},
    "reports:progress": lambda o: {"agreement_id": o["agreement"].pk},
    "reports:file": lambda o: {"pk": o["report_file"].pk},
    "registrations:session_detail": lambda o: {"pk": o["session"].pk},
}


def _walk(resolver: URLResolver, namespace: str | None = None):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            if ns in SKIP_NAMESPACES:
                continue
            yield from _walk(entry, full)
        elif isinstance(entry, URLPattern) and entry.name and entry.name not in SKIP_NAMES:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, entry


def all_patterns():
    """(name, pattern) for every named project URL pattern outside the admin."""
    return list(_walk(get_resolver()))


def test_every_pattern_with_arguments_has_a_case():
    missing = [
        name
        for name, pattern in all_patterns()
        if pattern.pattern.converters and name not in OBJECT_KWARGS
    ]
    assert not missing, f"add cross-tenant cases for: {missing}"


@pytest.mark.parametrize("role", ["coordinator", "board", "admin", "funder"])
def test_other_organisation_sees_nothing(client, tenants, world_a, role):
    client.force_login(getattr(tenants.b, role))
    for name, pattern in all_patterns():
        if pattern.pattern.converters:
            url = reverse(name, kwargs=OBJECT_KWARGS[name](world_a))
            response = client.get(url)
            assert response.status_code == 404, f"{role} of b got {response.status_code} at {url}"
        else:
            url = reverse(name)
            response = client.get(url, {"q": "AGEH", "term": "AGEH"})
            assert response.status_code in (200, 302, 403, 405), (name, response.status_code)
            body = response.content.decode()
            leaked = [marker for marker in MARKERS if marker in body]
            assert not leaked, f"{role} of b sees {leaked} at {url}"


def test_coordinator_cannot_open_other_location_of_own_organisation(client, tenants, world_a):
    client.force_login(tenants.a.coordinator)
    url = reverse("registrations:session_detail", kwargs={"pk": world_a["other_session"].pk})
    assert client.get(url).status_code == 404
    url = reverse("locations:detail", kwargs={"pk": world_a["other_location"].pk})
    assert client.get(url).status_code == 404
    own = reverse("registrations:session_detail", kwargs={"pk": world_a["session"].pk})
    assert client.get(own).status_code == 200


def test_own_organisation_sees_its_objects(client, tenants, world_a):
    client.force_login(tenants.a.board)
    for name, make_kwargs in OBJECT_KWARGS.items():
        response = client.get(reverse(name, kwargs=make_kwargs(world_a)))
        assert response.status_code == 200, (name, response.status_code)
