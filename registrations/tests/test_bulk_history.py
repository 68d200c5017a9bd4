"""Bulk writes keep history too (registrations.tracking.bulk_create_tracked/bulk_update_tracked).

Every path that writes rows in bulk (the log page's session registration, hours on the day page,
a session's correction, the CSV import and its update of anonymous counts) leaves one historical
row per written row, with the acting user and type "+" (created) or "~" (changed), and costs one
extra bulk insert per model, not one per row.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from locations.access import user_scope
from registrations import services
from registrations.factories import ParticipantFactory, SessionFactory, VolunteerFactory
from registrations.importer import import_registrations
from registrations.models import Attendance, Participant, Session, VolunteerHours
from registrations.tracking import acting_as

DAY = datetime.date(2019, 3, 14)


def _history(model, rows):
    """(history_type, history_user) of every historical row of ``rows``, by row id."""
    found = model.history.filter(id__in=[row.pk for row in rows])
    return {record.id: (record.history_type, record.history_user) for record in found}


def _all_created_by(model, rows, user):
    return _history(model, rows) == {row.pk: ("+", user) for row in rows}


def _history_inserts(queries) -> dict[str, int]:
    """Number of INSERT statements per historical table in captured queries."""
    counts: dict[str, int] = {}
    for query in queries:
        sql = query["sql"]
        if sql.startswith("INSERT INTO") and "_historical" in sql.split("(")[0]:
            table = sql.split('"')[1]
            counts[table] = counts.get(table, 0) + 1
    return counts


def test_log_page_records_the_coordinator_for_session_attendances_and_new_participants(
    client, tenants
):
    loc = tenants.a.location
    known = ParticipantFactory(home_location=loc, code="CJM-0001")
    client.force_login(tenants.a.coordinator)
    response = client.post(
        reverse("registrations:log"),
        {
            "form": "session",
            "location": loc.pk,
            "date": "2019-03-14",
            "category": "social",
            "title": "Koffie-inloop",
            "anonymous_count": "1",
            "participants": "cjm-0001",
            "new_participants": "CJM-0002, Anita\nCJM-0003",
        },
    )
    assert response.status_code == 302
    session = Session.unscoped.get()
    new = list(Participant.unscoped.filter(code__in=["CJM-0002", "CJM-0003"]))
    assert len(new) == 2
    coordinator = tenants.a.coordinator
    assert _all_created_by(Participant, new, coordinator)
    assert _all_created_by(Session, [session], coordinator)
    attendances = list(Attendance.unscoped.filter(session=session))
    assert {a.participant_id for a in attendances} == {known.pk, *(p.pk for p in new)}
    assert _all_created_by(Attendance, attendances, coordinator)
    # The known participant was not changed: its only history is its own creation.
    assert [r.history_type for r in known.history.all()] == ["+"]


def test_history_of_a_participant_created_in_bulk_shows_the_creation(client, tenants):
    services.session_register(
        user=tenants.a.coordinator,
        location=tenants.a.location,
        date=DAY,
        category="social",
        new_participants=[("CJM-0009", "Bram")],
    )
    participant = Participant.unscoped.get(code="CJM-0009")
    client.force_login(tenants.a.admin)
    url = reverse("registrations:participant_history", args=[participant.pk])
    changes = client.get(url).context["changes"]
    lines = {(c.subject, c.label, c.action, c.who) for c in changes}
    who = tenants.a.coordinator.get_username()
    assert ("deelnemer", "CJM-0009", "+", who) in lines
    assert ("deelname", "CJM-0009 @ 14-03-2019 Sociale ontmoeting", "+", who) in lines
    body = client.get(url).content.decode()
    assert "toegevoegd" in body
    assert "onbekend" not in body  # every line names who did it


def test_bulk_history_rows_are_in_the_scope_of_the_rows(tenants):
    """The historical rows copy the organisation/location links, so they are scoped alike."""
    services.session_register(
        user=tenants.a.coordinator,
        location=tenants.a.location,
        date=DAY,
        category="social",
        new_participants=[("CJM-0010", "")],
    )
    historical = Participant.history.model
    record = historical.unscoped.get(code="CJM-0010")
    assert (record.organisation_id, record.home_location_id) == (
        tenants.a.organisation.pk,
        tenants.a.location.pk,
    )
    with user_scope(tenants.a.coordinator):
        assert historical.objects.filter(code="CJM-0010").exists()
    with user_scope(tenants.b.admin):
        assert not historical.objects.filter(code="CJM-0010").exists()


def test_session_register_writes_history_in_one_insert_per_model(
    tenants, django_assert_max_num_queries
):
    loc = tenants.a.location
    known = [ParticipantFactory(home_location=loc, code=f"OUD-{n}") for n in range(8)]
    new = [(f"NIEUW-{n}", "") for n in range(4)]
    # 12 queries before bulk history (access check, participant lookup, savepoint and release,
    # a code check per new participant, the three inserts and the session's own history row);
    # bulk history adds one insert for the participants and one for the attendances: 14; the
    # closed-period check (issue 9) one query for the session: 15.
    with django_assert_max_num_queries(15) as captured:
        services.session_register(
            user=tenants.a.coordinator,
            location=loc,
            date=DAY,
            category="language",
            participant_ids=[p.pk for p in known],
            new_participants=new,
        )
    assert _history_inserts(captured.captured_queries) == {
        "registrations_historicalparticipant": 1,
        "registrations_historicalsession": 1,
        "registrations_historicalattendance": 1,
    }
    assert Attendance.history.filter(history_type="+").count() == 12
    assert Participant.history.filter(code__startswith="NIEUW-").count() == 4


def test_hours_entered_for_several_volunteers_record_the_user(client, tenants):
    loc = tenants.a.location
    anna = VolunteerFactory(home_location=loc, code="VRW-ANNA")
    piet = VolunteerFactory(home_location=loc, code="VRW-PIET")
    client.force_login(tenants.a.coordinator)
    url = reverse("registrations:day", kwargs={"location_id": loc.pk, "date": DAY.isoformat()})
    response = client.post(
        url,
        {
            "form": "hours",
            "hours-span": "day",
            "hours-volunteer_0": "VRW-ANNA",
            "hours-hours_0": "3",
            "hours-volunteer_1": "VRW-PIET",
            "hours-hours_1": "2,5",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    rows = list(VolunteerHours.unscoped.all())
    assert {(r.volunteer, r.hours) for r in rows} == {(anna, Decimal(3)), (piet, Decimal("2.5"))}
    assert _all_created_by(VolunteerHours, rows, tenants.a.coordinator)
    record = VolunteerHours.history.get(id=rows[0].pk)
    assert (record.location_id, record.volunteer_id) == (loc.pk, rows[0].volunteer_id)


def test_hours_register_outside_a_request_records_the_given_user(tenants):
    loc = tenants.a.location
    volunteers = [VolunteerFactory(home_location=loc, code=f"VRW-{n}") for n in range(3)]
    rows = services.hours_register(
        user=tenants.a.admin,
        location=loc,
        date=DAY,
        span="week",
        entries=[(v, Decimal(4)) for v in volunteers],
    )
    assert len(rows) == 3
    assert _all_created_by(VolunteerHours, rows, tenants.a.admin)


def test_session_update_records_added_and_removed_attendances(tenants):
    loc = tenants.a.location
    first, second = (ParticipantFactory(home_location=loc, code=c) for c in ("UPD-1", "UPD-2"))
    session = SessionFactory(location=loc, date=DAY)
    removed = session.attendances.create(participant=first)
    services.session_update(
        user=tenants.a.coordinator,
        session=session,
        category="language",
        participant_ids=[second.pk],
        new_participants=[("UPD-3", "")],
    )
    added = list(Attendance.unscoped.filter(session=session))
    assert {a.participant.code for a in added} == {"UPD-2", "UPD-3"}
    assert _all_created_by(Attendance, added, tenants.a.coordinator)
    third = Participant.unscoped.get(code="UPD-3")
    assert _all_created_by(Participant, [third], tenants.a.coordinator)
    deleted = Attendance.history.filter(id=removed.pk).latest("history_id")
    assert (deleted.history_type, deleted.history_user) == ("-", tenants.a.coordinator)
    changed = Session.history.filter(id=session.pk).latest("history_id")
    assert (changed.history_type, changed.history_user) == ("~", tenants.a.coordinator)


CSV = (
    "date;location;category;participant;session\n"
    "14-03-2019;a-noord;social;IMP-0001;Koffie-inloop\n"
    "14-03-2019;a-noord;social;IMP-0002;Koffie-inloop\n"
    "14-03-2019;a-noord;social;;Koffie-inloop\n"
    "15-03-2019;a-zuid;forms;IMP-0001;\n"
)


def _import(tmp_path, text, *args):
    path = tmp_path / "import.csv"
    path.write_text(text, encoding="utf-8")
    call_command("import_registrations", str(path), "--organisation", "a", *args)


def test_csv_import_records_the_importing_user(tmp_path, tenants):
    admin = tenants.a.admin
    _import(tmp_path, CSV, "--user", admin.username)
    participants = list(Participant.unscoped.all())
    sessions = list(Session.unscoped.all())
    attendances = list(Attendance.unscoped.all())
    assert (len(participants), len(sessions), len(attendances)) == (2, 2, 3)
    assert _all_created_by(Participant, participants, admin)
    assert _all_created_by(Session, sessions, admin)
    assert _all_created_by(Attendance, attendances, admin)
    reasons = {r.history_change_reason for r in Participant.history.all()}
    assert reasons == {"geïmporteerd"}


def test_csv_reimport_records_changed_anonymous_counts(tmp_path, tenants):
    coordinator = tenants.a.coordinator
    existing = SessionFactory(
        location=tenants.a.location,
        date=DAY,
        category="social",
        title="Koffie-inloop",
        anonymous_count=5,
    )
    untouched = SessionFactory(
        location=tenants.a.other_location,
        date=datetime.date(2019, 3, 15),
        category="forms",
        title="",
    )
    before = Session.history.count()
    with acting_as(coordinator):
        result = import_registrations(CSV.encode(), organisation_slug="a")
    assert (result.sessions_created, result.sessions_updated) == (0, 2)
    existing.refresh_from_db()
    assert existing.anonymous_count == 1
    changed = Session.history.filter(id=existing.pk).latest("history_id")
    assert (changed.history_type, changed.history_user) == ("~", coordinator)
    assert (changed.anonymous_count, changed.prev_record.anonymous_count) == (1, 5)
    # Only the session whose count changed gets a new history row (the other only attendances).
    assert Session.history.count() == before + 1
    assert not Session.history.filter(id=untouched.pk, history_type="~").exists()
    assert _all_created_by(Attendance, list(Attendance.unscoped.all()), coordinator)


def test_csv_import_with_an_unknown_user_imports_nothing(tmp_path, tenants):
    with pytest.raises(CommandError, match="Onbekende gebruiker 'niemand'"):
        _import(tmp_path, CSV, "--user", "niemand")
    assert not Session.unscoped.exists()
    assert not Participant.history.exists()


def test_history_of_an_imported_participant_shows_the_creation(client, tenants, tmp_path):
    _import(tmp_path, CSV, "--user", tenants.a.admin.username)
    participant = Participant.unscoped.get(code="IMP-0001")
    client.force_login(tenants.a.board)
    url = reverse("registrations:participant_history", args=[participant.pk])
    response = client.get(url)
    lines = {(c.subject, c.action, c.who, c.reason) for c in response.context["changes"]}
    who = tenants.a.admin.get_username()
    assert ("deelnemer", "+", who, "geïmporteerd") in lines
    assert ("deelname", "+", who, "geïmporteerd") in lines
    assert "toegevoegd (geïmporteerd)" in response.content.decode()
