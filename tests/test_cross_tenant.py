"""Tenancy over every URL pattern: users of organisation b never see organisation a's data.

Every URL pattern of the project (outside the admin, which has its own test) is requested by
every user of organisation b. A pattern with URL arguments is given an object of
organisation a and must answer 404; a pattern without arguments must not show any of
organisation a's marker strings. A new URL pattern with arguments fails this test until a
case for it is added to ``OBJECT_KWARGS``: nothing escapes unnoticed.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from registrations.models import Attendance, Session
from reports.models import ReportFile
from tests.conftest import MARKERS

# The account pages (login's second step, two-factor setup, password reset and change) are
# about the visitor's own account, no organisation's records: tests/test_accounts_pages.py
# walks them (and every other pattern) anonymously and per role.
SKIP_NAMESPACES = {"admin", "two_factor", "accounts"}
SKIP_NAMES = {"login", "logout", "set_language"}


#: URL name -> function(objects of organisation a) -> the query string a page needs besides
#: its URL kwargs (the trace of a realised value names the indicator and the period).
OBJECT_QUERY = {
    "reports:trace": lambda o: f"?indicator={o['indicator'].code}&period=2019",
    "reports:group_trace": lambda o: f"?indicator={o['indicator'].code}&period=2019",
}

#: URL name -> function(objects of organisation a) -> URL kwargs.
OBJECT_KWARGS = {
    "locations:detail": lambda o: {"pk": o["location"].pk},
    "agreements:detail": lambda o: {"pk": o["agreement"].pk},
    "reports:progress": lambda o: {"agreement_id": o["agreement"].pk},
    "reports:trace": lambda o: {"agreement_id": o["agreement"].pk},
    "reports:group_trace": lambda o: {
        "agreement_id": o["agreement"].pk,
        "group": o["room_group"].code,
    },
    "budgets:budget": lambda o: {"agreement_id": o["agreement"].pk},
    "budgets:board": lambda o: {"agreement_id": o["agreement"].pk},
    "dashboard:location": lambda o: {
        "agreement_id": o["agreement"].pk,
        "location_id": o["location"].pk,
    },
    "agreements:period_close": lambda o: {"agreement_id": o["agreement"].pk},
    "agreements:file": lambda o: {"agreement_id": o["agreement"].pk},
    "reports:file": lambda o: {"pk": o["report_file"].pk},
    "reports:file_retry": lambda o: {"pk": o["report_file"].pk},
    "registrations:session_detail": lambda o: {"pk": o["session"].pk},
    "registrations:day": lambda o: {"location_id": o["location"].pk, "date": "2019-03-01"},
    "registrations:day_row": lambda o: {"kind": "job", "pk": o["job"].pk},
    "registrations:participant_history": lambda o: {"pk": o["participant"].pk},
    "registrations:volunteer_history": lambda o: {"pk": o["volunteer"].pk},
    "registrations:records": lambda o: {"location_id": o["location"].pk},
    "reports:issued": lambda o: {"agreement_id": o["agreement"].pk},
    "reports:issue": lambda o: {"agreement_id": o["agreement"].pk},
    "reports:issued_file": lambda o: {"pk": o["issued_report"].pk, "format": "pdf"},
    "api:agreement_detail": lambda o: {"pk": o["agreement"].pk},
    "api:issued_detail": lambda o: {"pk": o["issued_report"].pk},
    "api:issued_figures": lambda o: {"pk": o["issued_report"].pk},
    "api:issued_file": lambda o: {"pk": o["issued_report"].pk, "file_format": "xlsx"},
    "registrations:privacy_person": lambda o: {"kind": "deelnemer", "pk": o["participant"].pk},
    "registrations:privacy_export": lambda o: {"kind": "deelnemer", "pk": o["participant"].pk},
    "registrations:privacy_erase": lambda o: {"kind": "deelnemer", "pk": o["participant"].pk},
    "registrations:import_upload": lambda o: {"location_id": o["location"].pk},
    "registrations:import_template_csv": lambda o: {"location_id": o["location"].pk},
    "registrations:import_template_xlsx": lambda o: {"location_id": o["location"].pk},
    "registrations:import_preview": lambda o: {"location_id": o["location"].pk, "token": "t"},
    "reports:narratives": lambda o: {"agreement_id": o["agreement"].pk},
    "reports:plan": lambda o: {"agreement_id": o["plan_year"].agreement_id},
    "reports:plan_excel": lambda o: {"agreement_id": o["plan_year"].agreement_id},
    "reports:narrative": lambda o: {
        "agreement_id": o["agreement"].pk,
        "location_id": o["location"].pk,
        "period": "2019-Q1",
    },
}
#: Pages that only take a POST: a GET answers 405 (the access matrix checks their POSTs).
POST_ONLY = {
    "reports:issue",
    "reports:file_retry",
    "registrations:privacy_export",
    "registrations:privacy_erase",
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
            url += OBJECT_QUERY.get(name, lambda o: "")(world_a)
            response = client.get(url)
            expected = 405 if name in POST_ONLY else 404
            assert response.status_code == expected, (
                f"{role} of b got {response.status_code} at {url}"
            )
        else:
            url = reverse(name)
            response = client.get(url, {"q": "AGEH", "term": "AGEH"})
            assert response.status_code in (200, 302, 403, 404, 405), (name, response.status_code)
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


#: Pages about an object that only admins open (the board gets 403: tests/test_access_matrix.py).
ADMIN_PAGES = {
    "agreements:file",
    "registrations:import_upload",  # the import needs the add permission: not the board
    "registrations:import_template_csv",
    "registrations:import_template_xlsx",
    "registrations:import_preview",
}
#: Pages whose own-organisation answer is not 200: an upload's token is held only in the
#: uploader's session, so a token this session does not hold answers 404 (tested with a real
#: upload in registrations/tests/test_import_views.py).
OWN_STATUS = {"registrations:import_preview": 404}


def test_own_organisation_sees_its_objects(client, tenants, world_a):
    from django.test import Client

    client.force_login(tenants.a.board)
    admin = Client()
    admin.force_login(tenants.a.admin)
    for name, make_kwargs in OBJECT_KWARGS.items():
        page_client = admin if name in ADMIN_PAGES else client
        url = reverse(name, kwargs=make_kwargs(world_a))
        response = page_client.get(url + OBJECT_QUERY.get(name, lambda o: "")(world_a))
        expected = 405 if name in POST_ONLY else OWN_STATUS.get(name, 200)
        assert response.status_code == expected, (name, response.status_code)


@pytest.mark.parametrize("role", ["coordinator", "board", "admin", "funder"])
def test_other_organisation_cannot_write_with_a_objects(client, tenants, world_a, role):
    """POSTs naming organisation a's agreement, location or participant create nothing."""
    client.force_login(getattr(tenants.b, role))
    request_file = client.post(
        reverse("reports:request_file"),
        {"agreement": world_a["agreement"].pk, "period": "2019-Q1", "format": "pdf"},
    )
    assert request_file.status_code == 404
    assert ReportFile.unscoped.count() == 1  # only world_a's own file

    sessions_before = Session.unscoped.count()
    client.post(
        reverse("registrations:log"),
        {
            "location": world_a["location"].pk,
            "date": "01-03-2019",
            "category": "social",
            "title": "Inbraak",
            "participants": world_a["participant"].code,
            "anonymous_count": "1",
        },
    )
    assert Session.unscoped.count() == sessions_before
    assert not Attendance.unscoped.filter(session__title="Inbraak").exists()


def test_the_same_write_works_for_the_own_coordinator(client, tenants, world_a):
    """Control for the test above: the very same POST by a's coordinator does create."""
    client.force_login(tenants.a.coordinator)
    client.post(
        reverse("registrations:log"),
        {
            "location": world_a["location"].pk,
            "date": "01-03-2019",
            "category": "social",
            "title": "Inbraak",
            "participants": world_a["participant"].code,
            "anonymous_count": "1",
        },
    )
    assert Attendance.unscoped.filter(
        session__title="Inbraak", participant=world_a["participant"]
    ).exists()
