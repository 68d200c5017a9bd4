"""Every URL pattern × every role × GET/POST × own and other organisation (issue 8, part 1).

One table, :data:`PAGES`, says for every project URL pattern (outside the admin, which has
its own test in tests/test_tenancy_models.py) what each role of organisation a gets from
organisation a's objects: "ok" (200 or a redirect), 403 (may see it, may not do this) or 404
(may not see it), for a GET, a POST with a valid form, and for the htmx endpoints their
partial GET. The tests then check:

- the own organisation's users get exactly that;
- every user of organisation b gets 404 for every one of a's objects (405 for a method the
  page does not have), and on pages without an object the same answer as a's user of that
  role, without one of a's marker strings;
- a refused POST (403, 404, 405) changes no row of any project model;
- anonymous visitors are sent to the login page everywhere (the API answers them 401, its
  schema and documentation are open: :data:`NOT_SENT_TO_LOGIN`).

A new URL pattern fails :func:`test_every_pattern_is_in_the_table` until it gets a row.
"""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.urls import reverse

from tests.conftest import MARKERS
from tests.test_cross_tenant import all_patterns
from tests.test_tenancy_models import PROJECT_APPS

ROLES = ("coordinator", "board", "admin", "funder")
OK = "ok"
HTMX = {"HTTP_HX_REQUEST": "true"}


def _by_role(coordinator, board, admin, funder) -> dict[str, object]:
    return {"coordinator": coordinator, "board": board, "admin": admin, "funder": funder}


#: Registrations: coordinators and admins write, the board reads; for funders (a's is tied to
#: a's municipality, which finances a's first location) pages of personal data do not exist.
WRITE = _by_role(OK, 403, OK, 404)
READ = _by_role(OK, OK, OK, 404)
READ_OBJECT = _by_role(OK, OK, OK, 404)
WRITE_OBJECT = _by_role(OK, 403, OK, 404)
EVERYONE = _by_role(OK, OK, OK, OK)
#: Live reports and the budget: the organisation's staff; funders get what is issued to them.
STAFF = _by_role(OK, OK, OK, 403)
BOARD_ONLY = _by_role(403, OK, OK, 403)
#: Issued reports: the board and admins, and the funder they are issued to.
ISSUED = _by_role(404, OK, OK, OK)
#: Privacy requests: the board and admins; no personal data for funders.
PRIVACY = _by_role(403, OK, OK, 404)


#: Agreement files (upload, download): admins only (issue 12).
ADMIN_ONLY = _by_role(403, 403, OK, 403)


def _agreement_file(world) -> dict:
    """A valid agreement file for world a's organisation (a new agreement, no markers)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    organisation = world["agreement"].organisation
    text = (
        "format: 2\n"
        f"organisation: {{slug: {organisation.slug}, name: {organisation.name}}}\n"
        "region: matrix\nregion_name: Matrix\nyear: 2019\ntitle: Matrixafspraak\n"
        "kind: offer\n"
        "locations: [{code: matrix-kamer, name: Matrixkamer}]\n"
        "indicators:\n"
        "  - {code: keys, section: OUTPUT, description: Sleutels, method: count,"
        ' targets: {matrix-kamer: "> 1"}}\n'
    )
    return {"file": SimpleUploadedFile("matrix.yaml", text.encode(), "application/yaml")}


def _registrations_file(world) -> dict:
    """A valid registrations CSV for world a's location (the browser import's upload)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    code = world["location"].code
    text = f"date;location;category;participant\n2019-03-01;{code};social;MATRIX-1\n"
    return {"file": SimpleUploadedFile("matrix.csv", text.encode(), "text/csv")}


#: The import's preview of an upload this session does not hold: 404 for whoever may import
#: there (the token is held only in the uploader's session), 403 for the board first.
NOT_HELD = _by_role(404, 403, 404, 404)


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    """Held import uploads go to a folder of the test, never the project's MEDIA_ROOT."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


#: What a page without that method answers, whoever asks (before anything is looked up).
NO_SUCH_METHOD = _by_role(405, 405, 405, 405)


def _day(world) -> dict:
    return {"location_id": world["location"].pk, "date": "2019-03-01"}


#: URL name -> (kwargs(world) or None, GET per role, POST per role, POST data(world), htmx GET).
PAGES: dict[str, tuple] = {
    "home": (None, EVERYONE, NO_SUCH_METHOD, None, None),
    "locations:list": (None, EVERYONE, NO_SUCH_METHOD, None, None),
    # The access log: the board and admins read it (issue 10, "Privacy by design").
    "locations:access_log": (None, BOARD_ONLY, NO_SUCH_METHOD, None, None),
    "locations:detail": (
        lambda w: {"pk": w["location"].pk},
        EVERYONE,  # the funder reaches the location its party finances
        NO_SUCH_METHOD,
        None,
        None,
    ),
    "agreements:list": (None, EVERYONE, NO_SUCH_METHOD, None, None),
    "agreements:upload": (None, ADMIN_ONLY, ADMIN_ONLY, _agreement_file, None),
    "agreements:file": (
        lambda w: {"agreement_id": w["agreement"].pk},
        ADMIN_ONLY,
        NO_SUCH_METHOD,
        None,
        None,
    ),
    "agreements:detail": (
        lambda w: {"pk": w["agreement"].pk},
        EVERYONE,
        NO_SUCH_METHOD,
        None,
        None,
    ),
    "registrations:log": (
        None,
        WRITE,
        WRITE,
        lambda w: {
            "location": w["location"].pk,
            "date": "01-03-2019",
            "category": "social",
            "title": "Matrix",
            "participants": w["participant"].code,
            "anonymous_count": "1",
        },
        None,
    ),
    # POST only: the search text travels in the body, never in a URL (issue 10).
    "registrations:participant_search": (
        None,
        NO_SUCH_METHOD,
        READ,
        lambda w: {"q": "AGEH", "location": w["location"].pk},
        None,
    ),
    "registrations:session_list": (None, READ, NO_SUCH_METHOD, None, None),
    "registrations:session_detail": (
        lambda w: {"pk": w["session"].pk},
        READ_OBJECT,
        NO_SUCH_METHOD,
        None,
        None,
    ),
    "registrations:day_today": (None, WRITE, NO_SUCH_METHOD, None, None),
    "registrations:day": (
        _day,
        READ_OBJECT,
        WRITE_OBJECT,
        lambda w: {"form": "job", "job-description": "Matrixklus"},
        "?section=job",
    ),
    "registrations:day_row": (
        lambda w: {"kind": "job", "pk": w["job"].pk},
        READ_OBJECT,
        WRITE_OBJECT,
        lambda w: {"action": "save", "job-description": "Matrix gecorrigeerd"},
        "?mode=edit",
    ),
    "registrations:records_today": (None, WRITE, NO_SUCH_METHOD, None, None),
    "registrations:records": (
        lambda w: {"location_id": w["location"].pk},
        READ_OBJECT,
        WRITE_OBJECT,
        lambda w: {"form": "group", "group-name": "Matrixgroep", "group-active_from": "2019-04-01"},
        None,
    ),
    "registrations:undo": (
        None,
        _by_role(405, 405, 405, 405),
        WRITE,
        lambda w: {"token": "x"},
        None,
    ),
    "registrations:participant_history": (
        lambda w: {"pk": w["participant"].pk},
        READ_OBJECT,
        NO_SUCH_METHOD,
        None,
        None,
    ),
    "registrations:volunteer_history": (
        lambda w: {"pk": w["volunteer"].pk},
        READ_OBJECT,
        NO_SUCH_METHOD,
        None,
        None,
    ),
    "registrations:import": (None, WRITE, NO_SUCH_METHOD, None, None),
    "registrations:import_upload": (
        lambda w: {"location_id": w["location"].pk},
        WRITE_OBJECT,
        WRITE_OBJECT,
        _registrations_file,
        None,
    ),
    "registrations:import_preview": (
        lambda w: {"location_id": w["location"].pk, "token": "t"},
        NOT_HELD,
        NOT_HELD,
        lambda w: {},
        None,
    ),
    "registrations:import_template_csv": (
        lambda w: {"location_id": w["location"].pk},
        WRITE_OBJECT,
        NO_SUCH_METHOD,
        None,
        None,
    ),
    "registrations:import_template_xlsx": (
        lambda w: {"location_id": w["location"].pk},
        WRITE_OBJECT,
        NO_SUCH_METHOD,
        None,
        None,
    ),
    "registrations:merge": (
        None,
        WRITE,
        WRITE,
        lambda w: {"kind": "participant", "keep": w["participant"].code, "remove": "GEEN-1"},
        None,
    ),
    "reports:progress": (
        lambda w: {"agreement_id": w["agreement"].pk},
        STAFF,
        NO_SUCH_METHOD,
        None,
        None,
    ),
    # The trace of a realised value (issue 11): the page's readers as reports:progress (funders
    # 403); without its indicator and period parameters the page answers 404 to them. With
    # parameters, bad ones and other organisations': reports/tests/test_trace.py.
    "reports:trace": (
        lambda w: {"agreement_id": w["agreement"].pk},
        _by_role(404, 404, 404, 403),
        NO_SUCH_METHOD,
        None,
        None,
    ),
    # The trace of a room group's value (issue 12): the same readers; without its parameters
    # 404 as above. With them (world a's group holds a's first room): tests/test_axe_every_page.py
    # WITH_QUERY; a group with a room the viewer cannot see: reports/tests/test_group_trace.py.
    "reports:group_trace": (
        lambda w: {"agreement_id": w["agreement"].pk, "group": w["room_group"].code},
        _by_role(404, 404, 404, 403),
        NO_SUCH_METHOD,
        None,
        None,
    ),
    "reports:request_file": (
        None,
        NO_SUCH_METHOD,
        STAFF,
        lambda w: {"agreement": w["agreement"].pk, "period": "2019-Q5", "format": "xlsx"},
        None,
    ),
    # world_a's report file was asked for by nobody: only those who see every file find it.
    # The htmx GET is the page polling its status fragment (issue 11).
    "reports:file": (
        lambda w: {"pk": w["report_file"].pk},
        _by_role(404, OK, OK, 404),
        NO_SUCH_METHOD,
        None,
        "?status",
    ),
    # Trying a failed or stuck build again: world_a's file is pending (not stuck), so an
    # allowed POST only says so; the retry itself: reports/tests/test_tasks.py.
    "reports:file_retry": (
        lambda w: {"pk": w["report_file"].pk},
        NO_SUCH_METHOD,
        _by_role(404, OK, OK, 404),
        None,
        None,
    ),
    "budgets:budget": (
        lambda w: {"agreement_id": w["agreement"].pk},
        STAFF,
        NO_SUCH_METHOD,
        None,
        None,
    ),
    "budgets:board_index": (None, BOARD_ONLY, NO_SUCH_METHOD, None, None),
    # The board dashboard (issue 11): the board and admins, like the board page.
    "dashboard:index": (None, BOARD_ONLY, NO_SUCH_METHOD, None, None),
    "dashboard:location": (
        lambda w: {"agreement_id": w["agreement"].pk, "location_id": w["location"].pk},
        BOARD_ONLY,
        NO_SUCH_METHOD,
        None,
        None,
    ),
    "reports:issued": (
        lambda w: {"agreement_id": w["agreement"].pk},
        _by_role(403, OK, OK, OK),
        NO_SUCH_METHOD,
        None,
        None,
    ),
    "reports:issue": (
        lambda w: {"agreement_id": w["agreement"].pk},
        NO_SUCH_METHOD,
        _by_role(403, OK, OK, 403),
        lambda w: {"period": "2019-Q1", "audience": "board", "party": w["party"].pk},
        None,
    ),
    "reports:issued_file": (
        lambda w: {"pk": w["issued_report"].pk, "format": "pdf"},
        ISSUED,
        NO_SUCH_METHOD,
        None,
        None,
    ),
    # The API (reports/api/) asked with the session of a signed-in user, as its browsable page
    # is; tokens, their 401s, throttling and the figures themselves: tests/test_api.py.
    "api:agreement_list": (None, EVERYONE, NO_SUCH_METHOD, None, None),
    "api:agreement_detail": (
        lambda w: {"pk": w["agreement"].pk},
        EVERYONE,
        NO_SUCH_METHOD,
        None,
        None,
    ),
    "api:issued_list": (None, _by_role(403, OK, OK, OK), NO_SUCH_METHOD, None, None),
    "api:issued_detail": (
        lambda w: {"pk": w["issued_report"].pk},
        ISSUED,
        NO_SUCH_METHOD,
        None,
        None,
    ),
    "api:issued_figures": (
        lambda w: {"pk": w["issued_report"].pk},
        ISSUED,
        NO_SUCH_METHOD,
        None,
        None,
    ),
    "api:issued_file": (
        lambda w: {"pk": w["issued_report"].pk, "file_format": "pdf"},
        ISSUED,
        NO_SUCH_METHOD,
        None,
        None,
    ),
    # The schema and its documentation page hold no data: open to anyone.
    "api:schema": (None, EVERYONE, NO_SUCH_METHOD, None, None),
    "api:docs": (None, EVERYONE, NO_SUCH_METHOD, None, None),
    "budgets:board": (
        lambda w: {"agreement_id": w["agreement"].pk},
        BOARD_ONLY,
        _by_role(403, 403, OK, 403),
        lambda w: {
            "form": "expenditure",
            "location": w["location"].pk,
            "line": w["budget_line"].pk,
            "date": "2019-03-05",
            "amount": "10,00",
            "description": "Matrix",
        },
        None,
    ),
    # Privacy requests (issue 10): the board and admins; coordinators see the pages exist
    # (403), funders see no personal data (404). The erasure is last of them: it empties the
    # nickname of world_a's participant.
    "privacy": (None, EVERYONE, NO_SUCH_METHOD, None, None),
    "accessibility": (None, EVERYONE, NO_SUCH_METHOD, None, None),  # public statement
    "registrations:privacy": (
        None,
        PRIVACY,
        PRIVACY,
        lambda w: {"kind": "participant", "code": w["participant"].code},
        None,
    ),
    "registrations:privacy_person": (
        lambda w: {"kind": "deelnemer", "pk": w["participant"].pk},
        PRIVACY,
        NO_SUCH_METHOD,
        None,
        None,
    ),
    "registrations:privacy_export": (
        lambda w: {"kind": "deelnemer", "pk": w["participant"].pk},
        NO_SUCH_METHOD,
        PRIVACY,
        lambda w: {"reason": "Verzoek om inzage van de persoon"},
        None,
    ),
    "registrations:privacy_erase": (
        lambda w: {"kind": "deelnemer", "pk": w["participant"].pk},
        NO_SUCH_METHOD,
        PRIVACY,
        lambda w: {
            "confirm_code": w["participant"].code,
            "reason": "Verzoek om verwijdering van de persoon",
            "confirm": "on",
        },
        None,
    ),
    # Narratives (issue 11): coordinators write their location's, the board edits and
    # approves (a board "save" is an approver's edit), funders have no narrative pages.
    # A multi-year plan's year-over-year page and its Excel file (issue 12): the board's.
    "reports:plan": (
        lambda w: {"agreement_id": w["plan_year"].agreement_id},
        # A funder who is no party to the plan does not see it at all (404).
        _by_role(403, OK, OK, 404),
        NO_SUCH_METHOD,
        None,
        None,
    ),
    "reports:plan_excel": (
        lambda w: {"agreement_id": w["plan_year"].agreement_id},
        # A funder who is no party to the plan does not see it at all (404).
        _by_role(403, OK, OK, 404),
        NO_SUCH_METHOD,
        None,
        None,
    ),
    "reports:narratives": (
        lambda w: {"agreement_id": w["agreement"].pk},
        STAFF,
        NO_SUCH_METHOD,
        None,
        None,
    ),
    "reports:narrative": (
        lambda w: {
            "agreement_id": w["agreement"].pk,
            "location_id": w["location"].pk,
            "period": "2019-Q2",
        },
        STAFF,
        STAFF,
        lambda w: {"highlights": "Matrixverhaal", "step": "save"},
        None,
    ),
    # The reporting calendar (issue 11): every role; the POST revokes the user's own feed
    # link (their only organisation), so organisation b's users change nothing either.
    "calendar:index": (None, EVERYONE, EVERYONE, lambda w: {"action": "revoke"}, None),
    # The feed answers a token only: without one 404, whoever asks (signed in or not).
    "calendar:feed": (None, _by_role(404, 404, 404, 404), NO_SUCH_METHOD, None, None),
    # Closing a period is issuing-level work: the board and admins. Last in the table, and a
    # period without world_a's registrations, so no later request meets a closed period.
    "agreements:period_close": (
        lambda w: {"agreement_id": w["agreement"].pk},
        BOARD_ONLY,
        BOARD_ONLY,
        lambda w: {"period": "2019-Q4", "next": "/"},
        None,
    ),
}


#: Pages that do not send anonymous visitors to the login page: the API answers them 401 (no
#: token; a method it lacks 405 first), its schema and documentation are open to anyone.
#: URL name -> {method: status}.
NOT_SENT_TO_LOGIN = {
    **dict.fromkeys(
        ["api:agreement_list", "api:agreement_detail", "api:issued_list", "api:issued_detail"]
        + ["api:issued_figures", "api:issued_file"],
        {"get": 401, "post": 405},
    ),
    **dict.fromkeys(["api:schema", "api:docs"], {"get": 200, "post": 405}),
    # The privacy statement is public (bwk/privacy.py).
    "privacy": {"get": 200, "post": 405},
    "accessibility": {"get": 200, "post": 405},  # the accessibility statement (issue 14)
    # The calendar feed takes a token, never a session (reports/views/calendar.py).
    "calendar:feed": {"get": 404, "post": 405},
}


def _matches(status: int, expected) -> bool:
    if expected == OK:
        return status in (200, 204, 302)
    return status == expected


def _row_counts() -> dict[str, int]:
    """Rows of every project model (historical ones included), counted as system code. The
    access log is left out: it records reads (a search is a POST that writes only its log
    entry; tests/test_access_log.py checks what it records)."""
    return {
        model._meta.label: model.unscoped.count()
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models()
        if model._meta.label != "locations.AccessLogEntry"
    }


def _requests(world):
    """(name, method, url, data, extra, expectations) for every check of the table."""
    for name, (kwargs, get, post, data, htmx) in PAGES.items():
        url = reverse(name, kwargs=kwargs(world) if kwargs else None)
        yield name, "get", url, None, {}, get
        yield name, "post", url, data(world) if data else {}, {}, post
        if htmx:
            yield name, "htmx", url + htmx, None, HTMX, get if htmx != "?mode=edit" else post


def _send(client, method: str, url: str, data, extra):
    if method == "post":
        return client.post(url, data or {}, **extra)
    return client.get(url, **extra)


def test_every_pattern_is_in_the_table():
    names = {name for name, _pattern in all_patterns()}
    assert names == set(PAGES), {
        "missing": sorted(names - set(PAGES)),
        "stale": sorted(set(PAGES) - names),
    }


@pytest.mark.parametrize("role", ROLES)
def test_own_organisation_gets_what_the_rules_say(client, tenants, world_a, role, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    client.force_login(getattr(tenants.a, role))
    wrong = []
    for name, method, url, data, extra, expected in _requests(world_a):
        before = _row_counts() if method == "post" else None
        response = _send(client, method, url, data, extra)
        if not _matches(response.status_code, expected[role]):
            wrong.append((name, method, response.status_code, expected[role]))
        if method == "post" and expected[role] != OK:
            assert _row_counts() == before, f"refused {name} POST by {role} changed rows"
    assert not wrong, wrong


@pytest.mark.parametrize("role", ROLES)
def test_other_organisation_gets_404_for_objects_and_sees_nothing(
    client, tenants, world_a, role, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    client.force_login(getattr(tenants.b, role))
    wrong = []
    for name, method, url, data, extra, expected in _requests(world_a):
        has_object = PAGES[name][0] is not None
        before = _row_counts()
        response = _send(client, method, url, data, extra)
        after = _row_counts()
        if has_object:
            answer = 405 if expected is NO_SUCH_METHOD else 404
            if response.status_code != answer:
                wrong.append((name, method, response.status_code, answer))
            assert after == before, f"{name} {method} by {role} of b changed rows"
            continue
        # Pages without an object: the same answer as organisation a's user of this role;
        # a POST naming a's objects creates nothing for b.
        own = expected[role]
        if name == "reports:request_file" and method == "post":
            own = 404  # the agreement named is a's
        if not _matches(response.status_code, own):
            wrong.append((name, method, response.status_code, own))
        if method == "post":
            assert after == before, f"{name} POST by {role} of b changed rows"
        if method != "post":  # a POST's answer may repeat what b typed (a's codes)
            body = response.content.decode(errors="replace")
            leaked = [marker for marker in MARKERS if marker in body]
            assert not leaked, f"{role} of b sees {leaked} at {url}"
    assert not wrong, wrong


def test_anonymous_visitors_are_sent_to_the_login_page(client, world_a):
    # The admin has no login of its own (issue 10): its login page sends them to the one
    # login, with its second step, and back to the admin afterwards.
    login = reverse("login")
    admin_login = client.get(reverse("admin:login"))
    assert admin_login.status_code == 302
    assert admin_login["Location"] == f"{login}?next={reverse('admin:index')}"
    assert client.get(reverse("admin:index")).status_code == 302
    for name, method, url, data, extra, _expected in _requests(world_a):
        response = _send(client, method, url, data, extra)
        if name in NOT_SENT_TO_LOGIN:
            expected = NOT_SENT_TO_LOGIN[name][method]
            assert response.status_code == expected, (name, method, response.status_code)
            continue
        assert response.status_code == 302, (name, method, response.status_code)
        assert response["Location"].startswith(login), (name, method, response["Location"])


@pytest.mark.parametrize(
    ("role", "answer"),
    [("coordinator", 200), ("board", 200), ("admin", 200), ("funder", 404)],
)
def test_download_of_a_finished_file(client, tenants, world_a, role, answer, settings, tmp_path):
    """A finished file asked for by a's coordinator: they, the board and admins download it;
    the funder does not find it, nor does any user of organisation b."""
    from django.core.files.base import ContentFile

    from reports.models import ReportFile

    settings.MEDIA_ROOT = tmp_path
    report_file = ReportFile.unscoped.create(
        agreement=world_a["agreement"],
        period="2019-Q1",
        format="xlsx",
        status=ReportFile.Status.DONE,
        requested_by=tenants.a.coordinator,
        finished_at=datetime.datetime(2019, 4, 1, tzinfo=datetime.UTC),
    )
    report_file.file.save("voortgang.xlsx", ContentFile(b"PK-matrix"), save=True)
    url = reverse("reports:file", kwargs={"pk": report_file.pk})
    client.force_login(getattr(tenants.a, role))
    response = client.get(url)
    assert response.status_code == answer
    if answer == 200:
        assert b"".join(response.streaming_content) == b"PK-matrix"
    client.force_login(getattr(tenants.b, role))
    assert client.get(url).status_code == 404
