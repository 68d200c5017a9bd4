"""History (who changed what, when) and delete with undo (registrations/history.py)."""

import datetime
import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registrations.factories import (
    AttendanceFactory,
    OutgoingReferralFactory,
    ParticipantFactory,
    SessionFactory,
    VolunteerFactory,
)
from registrations.history import delete_with_undo, participant_history, undo_delete
from registrations.models import Attendance, OutgoingReferral, Participant, Session, Volunteer
from registrations.tracking import acting_as
from reports.counting import Window, unique_participant_counts

#: These tests call the computations directly, as system code (conftest ``system``).
pytestmark = pytest.mark.usefixtures("system")

YEAR = {"ytd": Window(datetime.date(2019, 1, 1), datetime.date(2019, 12, 31))}
ALL = frozenset({"all"})


def _unique(location) -> int:
    return unique_participant_counts(location_ids=[location.pk], category_sets=[ALL], windows=YEAR)[
        (ALL, "ytd", None)
    ]


@pytest.fixture
def day(tenants):
    """At a's location: session s1 with p1 and p2, session s2 with p3 (3 unique participants)."""
    loc = tenants.a.location
    p1, p2, p3 = (ParticipantFactory(home_location=loc, code=f"HIS-{n}") for n in (1, 2, 3))
    s1 = SessionFactory(location=loc, date=datetime.date(2019, 3, 1))
    s2 = SessionFactory(location=loc, date=datetime.date(2019, 3, 2))
    attendances = [
        AttendanceFactory(session=s1, participant=p1),
        AttendanceFactory(session=s1, participant=p2),
        AttendanceFactory(session=s2, participant=p3),
    ]
    return {
        "s1": s1,
        "s2": s2,
        "s1_pk": s1.pk,
        "s2_pk": s2.pk,
        "s1_created_at": s1.created_at,
        "p1": p1,
        "attendances": attendances,
    }


def test_an_edit_records_who_when_and_what(tenants):
    participant = ParticipantFactory(home_location=tenants.a.location, nickname="Anita")
    with acting_as(tenants.a.coordinator):
        participant.nickname = "Ans"
        participant.save()
    created, changed = participant.history.order_by("history_id")
    assert created.history_type == "+"
    assert changed.history_type == "~"
    assert changed.history_user == tenants.a.coordinator
    assert changed.history_date is not None
    [line] = [c for c in participant_history(participant) if c.action == "~"]
    assert line.changes == (("roepnaam", "Anita", "Ans"),)
    assert line.who == tenants.a.coordinator.get_username()


def test_a_request_records_the_logged_in_user(client, tenants, day):
    """Through the undo page (a request), the restored rows carry the requesting user."""
    token = delete_with_undo(day["s2"], user=tenants.a.coordinator)
    client.force_login(tenants.a.admin)
    client.post(reverse("registrations:undo"), {"token": token})
    restored = Session.history.filter(id=day["s2_pk"]).latest("history_id")
    assert (restored.history_type, restored.history_user) == ("+", tenants.a.admin)
    deleted = Session.history.filter(id=day["s2_pk"], history_type="-").get()
    assert deleted.history_user == tenants.a.coordinator


def test_delete_and_undo_restore_the_session_with_its_attendances(tenants, day):
    location = tenants.a.location
    assert _unique(location) == 3  # p1, p2, p3
    attendance_ids = sorted(a.pk for a in day["attendances"][:2])

    token = delete_with_undo(day["s1"], user=tenants.a.coordinator)
    assert not Session.unscoped.filter(pk=day["s1_pk"]).exists()
    assert _unique(location) == 1  # only p3 (session s2) is left
    deleted = Attendance.history.filter(history_type="-")
    assert deleted.count() == 2
    assert {r.history_user for r in deleted} == {tenants.a.coordinator}

    restored = undo_delete(token, user=tenants.a.coordinator)
    assert restored.pk == day["s1_pk"]
    assert restored.created_at == day["s1_created_at"]
    assert sorted(restored.attendances.values_list("pk", flat=True)) == attendance_ids
    assert _unique(location) == 3


def test_undo_twice_is_refused(tenants, day):
    token = delete_with_undo(day["s1"], user=tenants.a.coordinator)
    undo_delete(token, user=tenants.a.coordinator)
    with pytest.raises(ValueError, match="al hersteld"):
        undo_delete(token, user=tenants.a.coordinator)


def test_expired_token_is_refused(tenants, day, monkeypatch):
    real_time = time.time
    monkeypatch.setattr("django.core.signing.time.time", lambda: real_time() - 31 * 60)
    token = delete_with_undo(day["s1"], user=tenants.a.coordinator)
    monkeypatch.setattr("django.core.signing.time.time", real_time)
    with pytest.raises(ValueError, match="30 minuten"):
        undo_delete(token, user=tenants.a.coordinator)
    assert not Session.unscoped.filter(pk=day["s1_pk"]).exists()


def test_token_within_30_minutes_works(tenants, day, monkeypatch):
    real_time = time.time
    monkeypatch.setattr("django.core.signing.time.time", lambda: real_time() - 29 * 60)
    token = delete_with_undo(day["s1"], user=tenants.a.coordinator)
    monkeypatch.setattr("django.core.signing.time.time", real_time)
    assert undo_delete(token, user=tenants.a.coordinator).pk == day["s1_pk"]


@pytest.mark.parametrize("forge", [lambda t: t[:-3] + "abc", lambda t: "x" + t, lambda t: ""])
def test_forged_token_is_refused(tenants, day, forge):
    token = delete_with_undo(day["s1"], user=tenants.a.coordinator)
    with pytest.raises(ValueError, match="ongeldig"):
        undo_delete(forge(token), user=tenants.a.coordinator)


@pytest.mark.parametrize("role", ["coordinator", "board", "admin", "funder"])
def test_undo_by_another_organisation_is_forbidden(tenants, day, role):
    token = delete_with_undo(day["s1"], user=tenants.a.coordinator)
    with pytest.raises(PermissionDenied):
        undo_delete(token, user=getattr(tenants.b, role))
    assert not Session.unscoped.filter(pk=day["s1_pk"]).exists()
    assert not Attendance.unscoped.filter(session_id=day["s1_pk"]).exists()


def test_only_writers_of_the_location_may_delete(tenants, day):
    for user in (tenants.a.board, tenants.a.funder, tenants.b.admin):
        with pytest.raises(PermissionDenied):
            delete_with_undo(day["s1"], user=user)
    other = SessionFactory(location=tenants.a.other_location)
    with pytest.raises(PermissionDenied):
        delete_with_undo(other, user=tenants.a.coordinator)  # not the coordinator's location
    assert Session.unscoped.filter(pk__in=[day["s1_pk"], other.pk]).count() == 2


def test_participant_with_attendances_cannot_be_deleted(tenants, day):
    with pytest.raises(ValidationError, match="samen"):
        delete_with_undo(day["p1"], user=tenants.a.admin)
    assert Participant.unscoped.filter(pk=day["p1"].pk).exists()


def test_undo_restores_references_set_to_empty_and_many_to_many(tenants):
    participant = ParticipantFactory(home_location=tenants.a.location)
    referral = OutgoingReferralFactory(location=tenants.a.location, participant=participant)
    volunteer = VolunteerFactory(
        home_location=tenants.a.location,
        participant=participant,
        locations=[tenants.a.location, tenants.a.other_location],
    )
    participant_pk = participant.pk
    token = delete_with_undo(participant, user=tenants.a.admin)
    referral.refresh_from_db()
    assert referral.participant_id is None
    undo_delete(token, user=tenants.a.admin)
    assert OutgoingReferral.unscoped.get(pk=referral.pk).participant_id == participant_pk
    assert Volunteer.unscoped.get(pk=volunteer.pk).participant_id == participant_pk

    token = delete_with_undo(volunteer, user=tenants.a.admin)
    restored = undo_delete(token, user=tenants.a.admin)
    assert set(restored.locations.all()) == {tenants.a.location, tenants.a.other_location}


def test_undo_view_redirects_to_next_and_answers_htmx(client, tenants, day):
    client.force_login(tenants.a.coordinator)
    token = delete_with_undo(day["s1"], user=tenants.a.coordinator)
    response = client.post(reverse("registrations:undo"), {"token": token, "next": "/terug/"})
    assert response.status_code == 302
    assert response["Location"] == "/terug/"
    assert Session.unscoped.filter(pk=day["s1_pk"]).exists()

    token = delete_with_undo(day["s2"], user=tenants.a.coordinator)
    response = client.post(
        reverse("registrations:undo"), {"token": token}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 204
    assert response["HX-Refresh"] == "true"
    assert Session.unscoped.filter(pk=day["s2_pk"]).exists()


def test_undo_view_ignores_foreign_next_and_reports_bad_tokens(client, tenants):
    client.force_login(tenants.a.coordinator)
    response = client.post(
        reverse("registrations:undo"), {"token": "kapot", "next": "https://elders.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("registrations:log")
    assert client.get(reverse("registrations:undo")).status_code == 405


def test_undo_view_forbids_another_organisation(client, tenants, day):
    token = delete_with_undo(day["s1"], user=tenants.a.coordinator)
    client.force_login(tenants.b.admin)
    assert client.post(reverse("registrations:undo"), {"token": token}).status_code == 403
    assert not Session.unscoped.filter(pk=day["s1_pk"]).exists()


def test_history_page_shows_who_changed_what(client, tenants, day):
    participant = day["p1"]
    with acting_as(tenants.a.coordinator):
        participant.nickname = "Nieuwe naam"
        participant.save()
    delete_with_undo(day["s1"], user=tenants.a.coordinator)
    url = reverse("registrations:participant_history", args=[participant.pk])
    # Staff of the home location (issue 10: the board sees codes, tests/test_access_log.py).
    client.force_login(tenants.a.coordinator)
    body = client.get(url).content.decode()
    assert "Nieuwe naam" in body
    assert tenants.a.coordinator.get_username() in body
    assert "verwijderd" in body  # the attendance deleted with session s1


@pytest.mark.parametrize(
    ("world", "role"),
    [("b", "coordinator"), ("b", "board"), ("b", "admin"), ("a", "funder")],
)
def test_history_page_is_scoped(client, tenants, day, world, role):
    client.force_login(getattr(getattr(tenants, world), role))
    url = reverse("registrations:participant_history", args=[day["p1"].pk])
    assert client.get(url).status_code == 404


def test_coordinator_of_another_location_cannot_open_history(client, tenants):
    participant = ParticipantFactory(home_location=tenants.a.other_location)
    volunteer = VolunteerFactory(home_location=tenants.a.other_location)
    client.force_login(tenants.a.coordinator)
    for name, pk in (("participant_history", participant.pk), ("volunteer_history", volunteer.pk)):
        assert client.get(reverse(f"registrations:{name}", args=[pk])).status_code == 404
    client.force_login(tenants.a.admin)
    for name, pk in (("participant_history", participant.pk), ("volunteer_history", volunteer.pk)):
        assert client.get(reverse(f"registrations:{name}", args=[pk])).status_code == 200


def test_admin_history_of_another_organisation_is_not_shown(client, tenants, day):
    client.force_login(tenants.b.admin)
    url = reverse("admin:registrations_participant_history", args=[day["p1"].pk])
    assert client.get(url).status_code in (302, 403, 404)
    client.force_login(tenants.a.admin)
    assert client.get(url).status_code == 200


def _delete_session_with(tenants, attendances: int) -> tuple[int, dict[int, int], int, str]:
    """Delete a new session with ``attendances`` attendances; return the queries it took,
    {attendance pk: participant pk}, the session's pk and the undo token."""
    loc = tenants.a.location
    session = SessionFactory(location=loc, date=datetime.date(2019, 3, 1))
    people = [
        ParticipantFactory(home_location=loc, code=f"BLK-{attendances}-{n}")
        for n in range(attendances)
    ]
    rows = {AttendanceFactory(session=session, participant=p).pk: p.pk for p in people}
    session = Session.unscoped.get(pk=session.pk)
    pk = session.pk
    with CaptureQueriesContext(connection) as queries:
        token = delete_with_undo(session, user=tenants.a.coordinator)
    return len(queries), rows, pk, token


def test_deleting_a_session_writes_its_attendances_history_in_bulk(tenants):
    """Issue 13: a session's attendances are deleted with one INSERT of their "-" history
    rows and one DELETE, so the delete costs the same number of queries for 1 or 8
    attendances; each history row keeps the attendance's fields, the user and the reason,
    and undo brings them back."""
    _delete_session_with(tenants, 2)  # the first delete also fills per-process caches
    one, _rows, _pk, _token = _delete_session_with(tenants, 1)
    eight, rows, session_pk, token = _delete_session_with(tenants, 8)
    assert eight == one
    deleted = Attendance.history.filter(history_type="-", session_id=session_pk)
    assert {r.id: r.participant_id for r in deleted} == rows
    assert {(r.history_user, r.history_change_reason) for r in deleted} == {
        (tenants.a.coordinator, "verwijderd")
    }
    assert not Attendance.unscoped.filter(pk__in=rows).exists()
    undo_delete(token, user=tenants.a.coordinator)
    restored = Attendance.unscoped.filter(session_id=session_pk)
    assert dict(restored.values_list("pk", "participant_id")) == rows


def test_the_history_manager_class_is_built_once_per_model(tenants, day):
    """Issue 13: ``Model.history`` no longer builds a new manager class on each access
    (simple-history's descriptor does); the manager still answers for the model and for one
    instance."""
    from django.apps import apps

    from registrations.history import is_tracked

    tracked = [model for model in apps.get_models() if is_tracked(model)]
    assert Session in tracked and Attendance in tracked
    for model in tracked:
        assert type(model.history) is type(model.history), model
    session = day["s1"]
    assert type(session.history) is type(Session.history)
    assert list(session.history.values_list("history_type", flat=True)) == ["+"]
    assert Session.history.filter(id=session.pk).count() == 1


def test_undo_after_a_merge_of_one_of_its_participants_is_refused_cleanly(tenants, day):
    """A session deleted, then one of its participants merged into another (the merged-away
    participant is deleted): the undo cannot restore an attendance of a participant who no
    longer exists. It is refused with the undo's message and restores nothing; before, the
    foreign key failed only when the caller's transaction committed (a server error)."""
    from registrations.merge import merge_participants

    p3 = Participant.unscoped.get(code="HIS-3")
    token = delete_with_undo(day["s1"], user=tenants.a.coordinator)
    merge_participants(keep=p3, remove=day["p1"], user=tenants.a.admin)
    with pytest.raises(ValueError, match="intussen is verwijderd"):
        undo_delete(token, user=tenants.a.coordinator)
    assert not Session.unscoped.filter(pk=day["s1_pk"]).exists()
    assert not Attendance.unscoped.filter(session_id=day["s1_pk"]).exists()
    # The caller's transaction is still usable: the constraints are deferred again.
    assert Session.unscoped.filter(pk=day["s2_pk"]).exists()
    assert _unique(tenants.a.location) == 1
