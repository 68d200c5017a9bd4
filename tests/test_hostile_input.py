"""Random and hostile input (hypothesis) into every form, every import and the agreement
loader (issue 10): never a server error, and a refused input writes nothing.

Kept fast: few examples each (``max_examples``), no deadline; every example runs in the test's
transaction, so what one writes is seen by the next only as counts.
"""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agreements.loader import LoaderError, read_agreement_files
from budgets.importer import import_expenditures
from budgets.models import Expenditure
from budgets.tests.actuals_world import make_world
from locations.access import system_scope
from locations.csv_import import ImportFailed, read_rows
from registrations.importer import import_registrations
from registrations.models import Attendance, Job, Participant, Session
from registrations.views.day_sections import SECTIONS
from registrations.views.records import KINDS

FAST = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

#: Text an attacker or a confused user might send: anything, with the nasty parts likely.
NASTY = st.sampled_from(
    [
        "",
        "\x00",
        "\x1b[31m",
        '=HYPERLINK("http://x")',
        "0001-01-01",
        "9999-12-31",
        "31-02-2019",
        "-1",
        "1e9999",
        "99999999999999999999",
        "NaN",
        "<script>alert(1)</script>",
        "'; DROP TABLE x; --",
        "a\u2028b",
        "x" * 5000,
        "CJM-0001, Anita\nCJM-0002",
        "123456782",  # passes the BSN eleven-test
    ]
)
TEXT = st.one_of(NASTY, st.text(max_size=80))


def _counts() -> tuple[int, ...]:
    with system_scope():
        return (
            Session.objects.count(),
            Attendance.objects.count(),
            Job.objects.count(),
            Participant.objects.count(),
            Expenditure.objects.count(),
        )


def _field_names(form) -> list[str]:
    return [bound.html_name for bound in form]


@pytest.fixture
def coordinator(client, tenants):
    client.force_login(tenants.a.coordinator)
    return tenants.a


@pytest.mark.django_db
@FAST
@given(data=st.data())
def test_the_day_page_forms(client, coordinator, data):
    day = datetime.date(2019, 3, 14)
    url = reverse("registrations:day", args=[coordinator.location.pk, day.isoformat()])
    kind = data.draw(st.sampled_from(sorted(SECTIONS)))
    form = SECTIONS[kind].add_form(
        None, user=coordinator.coordinator, location=coordinator.location, date=day
    )
    post = {name: data.draw(TEXT) for name in _field_names(form)}
    before = _counts()
    response = client.post(url, {"form": kind, **post})
    assert response.status_code < 500
    if response.status_code != 302:  # refused: nothing written
        assert _counts() == before


@pytest.mark.django_db
@FAST
@given(data=st.data())
def test_the_records_page_forms(client, coordinator, data):
    url = reverse("registrations:records", args=[coordinator.location.pk])
    kind = data.draw(st.sampled_from(sorted(KINDS)))
    form = KINDS[kind].form(None, user=coordinator.coordinator, location=coordinator.location)
    post = {name: data.draw(TEXT) for name in _field_names(form)}
    before = _counts()
    response = client.post(url, {"form": kind, **post})
    assert response.status_code < 500
    if response.status_code != 302:
        assert _counts() == before


@pytest.mark.django_db
@FAST
@given(data=st.data())
def test_the_log_page_forms(client, coordinator, data):
    url = reverse("registrations:log")
    fields = [
        "location",
        "date",
        "category",
        "title",
        "anonymous_count",
        "participants",
        "new_participants",
        "job-location",
        "job-date",
        "job-description",
        "job-participant",
    ]
    post = {name: data.draw(TEXT) for name in fields}
    post["form"] = data.draw(st.sampled_from(["session", "job", "", "\x00"]))
    before = _counts()
    response = client.post(url, post)
    assert response.status_code < 500
    if response.status_code != 302:
        assert _counts() == before


@pytest.mark.django_db
@FAST
@given(query=TEXT, location=TEXT)
def test_the_participant_search(client, coordinator, query, location):
    response = client.get(
        reverse("registrations:participant_search"), {"q": query, "location": location}
    )
    assert response.status_code == 200


CSV_HEADERS = st.sampled_from(
    [
        "date;location;category;participant;session",
        "date,location,category,participant,session",
        "date;location;date;participant",
        "",
    ]
)


def _csv(data, header: str, rows: int = 3) -> bytes:
    lines = [header]
    for _ in range(rows):
        lines.append(";".join(data.draw(TEXT) for _ in range(5)))
    return "\n".join(lines).encode("utf-8", "surrogatepass")


@pytest.mark.django_db
@FAST
@given(data=st.data())
def test_the_registrations_import(tenants, data):
    content = _csv(data, data.draw(CSV_HEADERS))
    if data.draw(st.booleans()):
        content = data.draw(st.binary(max_size=200))
    before = _counts()
    with system_scope():
        try:
            import_registrations(content, organisation_slug="a")
        except ImportFailed as failure:
            assert failure.errors
            assert _counts() == before


@pytest.fixture
def expenditures_world(tenants):
    with system_scope():
        return make_world(tenants.a)


@pytest.mark.django_db
@FAST
@given(data=st.data())
def test_the_expenditures_import(tenants, expenditures_world, data):
    header = data.draw(
        st.sampled_from(["date;location;line;amount;description", "date;amount;amount", ""])
    )
    content = _csv(data, header)
    before = _counts()
    with system_scope():
        try:
            import_expenditures(content, organisation_slug="a")
        except ImportFailed as failure:
            assert failure.errors
            assert _counts() == before


@FAST
@given(content=st.binary(max_size=300))
def test_read_rows_answers_or_refuses(content):
    try:
        header, rows = read_rows(content)
    except ImportFailed as failure:
        assert failure.errors
    else:
        assert all(isinstance(row, dict) for _line, row in rows)
        assert header


YAML_PIECES = st.sampled_from(
    [
        "format: 1\n",
        "organisation:\n  slug: x\n  name: X\n",
        "year: 2019\n",
        "year: 99999999999999999999\n",
        "signed_on: 0001-01-01\n",
        "locations:\n  - code: a\n    name: A\n",
        "indicators: [[[[[[[[[[[]]]]]]]]]]]\n",
        "a: &a [*a]\n",
        "b: !!python/object:os.system [ls]\n",
        "c: \x00\n",
        "d: " + "[" * 200 + "]" * 200 + "\n",
        "- \n",
        ": :\n",
    ]
)


@pytest.mark.django_db
@FAST
@given(pieces=st.lists(st.one_of(YAML_PIECES, st.text(max_size=40)), max_size=8))
def test_the_agreement_loader(tmp_path_factory, pieces):
    path = tmp_path_factory.mktemp("yaml") / "agreement.yaml"
    path.write_text("".join(pieces), encoding="utf-8", errors="surrogatepass")
    with system_scope():
        try:
            read_agreement_files([path])
        except LoaderError as error:
            assert str(error)
    assert connection.in_atomic_block  # the test's transaction is still usable
