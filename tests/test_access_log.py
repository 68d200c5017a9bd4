"""The access log (issue 10, "Privacy by design"): every view of a participant's or
volunteer's details, every search over them and every export with personal data is logged;
the board reads the log; nobody can change or delete it; nicknames follow one rule."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from locations.access import build_scope, system_scope
from locations.audit import AccessKind, AccessLogEntry, AccessLogImmutable, log_access
from registrations.factories import ParticipantFactory, VolunteerFactory
from reports.models import ReportFile


def _entries(**filters):
    return list(AccessLogEntry.unscoped.filter(**filters).order_by("pk"))


@pytest.fixture
def anita(tenants):
    return ParticipantFactory(home_location=tenants.a.location, code="CJM-0001", nickname="Anita")


@pytest.fixture
def entry(tenants):
    return log_access(
        user=tenants.a.coordinator,
        organisation_id=tenants.a.organisation.pk,
        kind=AccessKind.SEARCH,
        subject="registrations.participant",
        query="anita",
        page="/registratie/deelnemers/zoeken/",
    )


# -- insert-only --------------------------------------------------------------------------


def test_a_stored_entry_cannot_be_changed_or_deleted(entry):
    entry.query = "iets anders"
    with pytest.raises(AccessLogImmutable):
        entry.save()
    with pytest.raises(AccessLogImmutable):
        entry.delete()
    with system_scope():
        with pytest.raises(AccessLogImmutable):
            AccessLogEntry.objects.filter(pk=entry.pk).update(query="x")
        with pytest.raises(AccessLogImmutable):
            AccessLogEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AccessLogImmutable):
        AccessLogEntry.unscoped.all().delete()
    assert AccessLogEntry.unscoped.get(pk=entry.pk).query == "anita"


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE locations_accesslogentry SET query = 'x' WHERE id = %s",
        "DELETE FROM locations_accesslogentry WHERE id = %s",
    ],
)
def test_the_database_refuses_update_and_delete(entry, sql):
    """Even SQL that bypasses the ORM cannot change the log: a trigger refuses it."""
    with (
        pytest.raises(DatabaseError, match="insert-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [entry.pk])
    assert AccessLogEntry.unscoped.get(pk=entry.pk).query == "anita"


def test_the_admin_shows_the_log_read_only(client, tenants, entry):
    client.force_login(tenants.a.admin)
    changelist = client.get(reverse("admin:locations_accesslogentry_changelist"))
    assert changelist.status_code == 200
    assert "anita" in changelist.content.decode()
    change = reverse("admin:locations_accesslogentry_change", args=[entry.pk])
    assert client.post(change, {"query": "x"}).status_code == 403
    delete = reverse("admin:locations_accesslogentry_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    add = reverse("admin:locations_accesslogentry_add")
    assert client.get(add).status_code == 403
    assert AccessLogEntry.unscoped.get(pk=entry.pk).query == "anita"


def test_not_even_a_superuser_may_delete_in_the_admin(client, tenants, entry, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    client.force_login(root)
    delete = reverse("admin:locations_accesslogentry_delete", args=[entry.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert AccessLogEntry.unscoped.filter(pk=entry.pk).exists()


# -- what is logged -----------------------------------------------------------------------


def test_a_history_page_view_is_logged(client, tenants, anita):
    client.force_login(tenants.a.board)
    url = reverse("registrations:participant_history", args=[anita.pk])
    assert client.get(url).status_code == 200
    (logged,) = _entries(kind="view")
    assert logged.user == tenants.a.board
    assert logged.organisation == tenants.a.organisation
    assert (logged.subject, logged.object_id, logged.page) == (
        "registrations.participant",
        anita.pk,
        url,
    )
    assert logged.at is not None


def test_a_volunteer_history_view_is_logged(client, tenants):
    volunteer = VolunteerFactory(home_location=tenants.a.location, code="VRW-1")
    client.force_login(tenants.a.coordinator)
    client.get(reverse("registrations:volunteer_history", args=[volunteer.pk]))
    assert [(e.subject, e.object_id) for e in _entries()] == [
        ("registrations.volunteer", volunteer.pk)
    ]


def test_a_page_that_answers_404_logs_nothing(client, tenants, anita):
    client.force_login(tenants.b.board)
    url = reverse("registrations:participant_history", args=[anita.pk])
    assert client.get(url).status_code == 404
    assert _entries() == []


def test_the_merge_preview_logs_both_records(client, tenants, anita):
    other = ParticipantFactory(home_location=tenants.a.location, code="CJM1")
    client.force_login(tenants.a.coordinator)
    query = {"kind": "participant", "keep": "CJM-0001", "remove": "CJM1"}
    assert client.get(reverse("registrations:merge"), query).status_code == 200
    assert {e.object_id for e in _entries(kind="view")} == {anita.pk, other.pk}


def test_a_search_is_logged_with_its_text_and_no_url_holds_it(client, tenants, anita):
    client.force_login(tenants.a.coordinator)
    url = reverse("registrations:participant_search")
    response = client.post(url, {"q": "Anit", "location": tenants.a.location.pk})
    assert response.json()["results"][0]["code"] == "CJM-0001"
    (logged,) = _entries()
    assert (logged.kind, logged.query, logged.page) == ("search", "Anit", url)
    assert logged.organisation == tenants.a.organisation
    assert "Anit" not in logged.page


def test_an_empty_search_logs_nothing(client, tenants):
    client.force_login(tenants.a.coordinator)
    client.post(reverse("registrations:participant_search"), {"q": "  "})
    assert _entries() == []


def test_a_search_in_the_admin_is_logged(client, tenants, anita):
    client.force_login(tenants.a.admin)
    response = client.get(reverse("admin:registrations_participant_changelist"), {"q": "anit"})
    assert response.status_code == 200
    (logged,) = _entries()
    assert (logged.kind, logged.query, logged.organisation) == (
        "search",
        "anit",
        tenants.a.organisation,
    )


def test_the_admin_change_page_of_a_person_is_logged(client, tenants, anita):
    client.force_login(tenants.a.admin)
    url = reverse("admin:registrations_participant_change", args=[anita.pk])
    assert client.get(url).status_code == 200
    assert [(e.kind, e.object_id) for e in _entries()] == [("view", anita.pk)]


def test_a_report_file_download_is_logged_as_an_export(
    client, tenants, world_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    report_file = ReportFile.unscoped.create(
        agreement=world_a["agreement"],
        period="2019-Q1",
        format="xlsx",
        status=ReportFile.Status.DONE,
        requested_by=tenants.a.board,
        finished_at=datetime.datetime(2019, 4, 1, tzinfo=datetime.UTC),
    )
    report_file.file.save("voortgang.xlsx", ContentFile(b"PK-test"), save=True)
    client.force_login(tenants.a.board)
    response = client.get(reverse("reports:file", args=[report_file.pk]))
    assert response.status_code == 200
    exports = _entries(kind="export")
    assert [(e.subject, e.object_id, e.user) for e in exports] == [
        ("reports.reportfile", report_file.pk, tenants.a.board)
    ]


# -- the board's page ---------------------------------------------------------------------


def test_the_board_reads_the_log_filtered(client, tenants, entry, anita):
    log_access(
        user=tenants.a.admin,
        organisation_id=tenants.a.organisation.pk,
        kind=AccessKind.VIEW,
        subject="registrations.participant",
        object_id=anita.pk,
        page="/registratie/deelnemers/1/geschiedenis/",
    )
    log_access(
        user=tenants.b.coordinator,
        organisation_id=tenants.b.organisation.pk,
        kind=AccessKind.SEARCH,
        subject="registrations.participant",
        query="buitenorganisatie",
    )
    client.force_login(tenants.a.board)
    url = reverse("locations:access_log")
    body = client.get(url).content.decode()
    assert "anita" in body and "geschiedenis" in body
    assert "buitenorganisatie" not in body  # another organisation's log
    only_views = client.get(url, {"kind": "view"}).content.decode()
    assert "geschiedenis" in only_views and "anita" not in only_views
    by_user = client.get(url, {"user": tenants.a.coordinator.pk}).content.decode()
    assert "anita" in by_user and "geschiedenis" not in by_user
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    later = client.get(url, {"date_from": tomorrow}).content.decode()
    assert "anita" not in later and "geschiedenis" not in later


@pytest.mark.parametrize(("role", "status"), [("coordinator", 403), ("funder", 403)])
def test_the_log_is_not_for_coordinators_or_funders(client, tenants, entry, role, status):
    client.force_login(getattr(tenants.a, role))
    assert client.get(reverse("locations:access_log")).status_code == status


# -- nicknames: one rule --------------------------------------------------------------------


def test_the_nickname_rule(tenants):
    org, here, there = tenants.a.organisation.pk, tenants.a.location.pk, tenants.a.other_location.pk
    sees = {
        role: (
            build_scope(getattr(tenants.a, role)).sees_nickname(
                organisation_id=org, home_location_id=here
            ),
            build_scope(getattr(tenants.a, role)).sees_nickname(
                organisation_id=org, home_location_id=there
            ),
        )
        for role in ("coordinator", "board", "admin", "funder")
    }
    assert sees == {
        "coordinator": (True, False),  # staff of their own location only
        "board": (False, False),  # the board sees codes
        "admin": (True, True),  # admins log registrations at every location
        "funder": (False, False),
    }
    assert not build_scope(tenants.b.admin).sees_nickname(
        organisation_id=org, home_location_id=here
    )


def test_the_board_sees_the_history_without_the_nickname(client, tenants, anita):
    client.force_login(tenants.a.board)
    body = client.get(reverse("registrations:participant_history", args=[anita.pk])).content
    assert b"CJM-0001" in body
    assert b"Anita" not in body
    client.force_login(tenants.a.coordinator)
    body = client.get(reverse("registrations:participant_history", args=[anita.pk])).content
    assert b"Anita" in body


def test_the_session_page_shows_the_board_codes_only(client, tenants, anita):
    from registrations.factories import AttendanceFactory, SessionFactory

    session = SessionFactory(location=tenants.a.location, date=datetime.date(2019, 3, 1))
    AttendanceFactory(session=session, participant=anita)
    url = reverse("registrations:session_detail", args=[session.pk])
    client.force_login(tenants.a.board)
    body = client.get(url).content
    assert b"CJM-0001" in body and b"Anita" not in body
    client.force_login(tenants.a.coordinator)
    assert b"Anita" in client.get(url).content


def test_the_admin_follows_the_nickname_rule(client, tenants, anita):
    client.force_login(tenants.a.admin)
    changelist = client.get(reverse("admin:registrations_participant_changelist"))
    assert "Anita" in changelist.content.decode()
