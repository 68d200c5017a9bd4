"""The exact rollups (registrations.models.ParticipantMonth and the first-seen rollup derived
from it, ParticipantFirstSeen and NewParticipantsMonth) against a full recount after a random
sequence of registrations, corrections, deletes, undo, merges and an import; and the counting
module answering the same figures from the rollup as from the registrations."""

import datetime
import random

import pytest
from django.core.management import call_command
from django.db import connection

from registrations import factories as f
from registrations.history import delete_with_undo, undo_delete
from registrations.merge import merge_participants
from registrations.models import Attendance, Job, Participant, Session
from registrations.models.rollup import (
    FIRST_SEEN_RECOUNT_SQL,
    NEW_PARTICIPANTS_RECOUNT_SQL,
    RECOUNT_SQL,
    rebuild_participant_months,
)
from registrations.services.participants import session_register, session_update
from reports import counting
from reports.counting import Window, unique_participant_counts

pytestmark = pytest.mark.usefixtures("system")

CATEGORIES = ["social", "activation", "computer", "language", "forms"]


def _rollup() -> set[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT participant_id, location_id, category, month, contacts "
            "FROM registrations_participantmonth"
        )
        return set(cursor.fetchall())


def _recount() -> set[tuple]:
    return _fetch(RECOUNT_SQL)


def _fetch(sql: str) -> set[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return set(cursor.fetchall())


def _first_seen() -> tuple[set[tuple], set[tuple]]:
    """The first-seen rollup's rows: (first seen, new participants per month)."""
    return (
        _fetch(
            "SELECT year, organisation_id, location_id, category, participant_id, month "
            "FROM registrations_participantfirstseen"
        ),
        _fetch(
            "SELECT organisation_id, location_id, category, month, participants "
            "FROM registrations_newparticipantsmonth"
        ),
    )


def _first_seen_recount() -> tuple[set[tuple], set[tuple]]:
    """The same rows recounted from the registrations (attendances and jobs)."""
    return _fetch(FIRST_SEEN_RECOUNT_SQL), _fetch(NEW_PARTICIPANTS_RECOUNT_SQL)


def _day(rng: random.Random) -> datetime.date:
    # Late 2018 to early 2020: moves across a year's end change the first month of two years.
    return datetime.date(2018, 11, 1) + datetime.timedelta(days=rng.randrange(450))


def _step(rng, tenants, people, undo_tokens, tmp_path, n):
    """One random change of the registrations (services, ORM, bulk and raw SQL alike)."""
    a = tenants.a
    locations = [a.location, a.other_location]
    user = a.admin
    choice = rng.randrange(11)
    sessions = list(Session.objects.filter(location__organisation=a.organisation))
    if choice == 0 or not sessions:
        session_register(
            user=user,
            location=rng.choice(locations),
            date=_day(rng),
            category=rng.choice(CATEGORIES),
            participant_ids=[p.pk for p in rng.sample(people, rng.randint(1, 4))],
            anonymous_count=rng.randint(0, 3),
        )
    elif choice == 1:  # a correction through the service: category and participants
        session = rng.choice(sessions)
        session_update(
            user=user,
            session=session,
            category=rng.choice(CATEGORIES),
            participant_ids=[p.pk for p in rng.sample(people, rng.randint(1, 4))],
        )
    elif choice == 2:  # another day and location (ORM save)
        session = rng.choice(sessions)
        session.date, session.location = _day(rng), rng.choice(locations)
        session.save()
    elif choice == 3:  # a delete with undo, undone now or later
        undo_tokens.append(delete_with_undo(rng.choice(sessions), user=user))
    elif choice == 4 and undo_tokens:
        undo_delete(undo_tokens.pop(rng.randrange(len(undo_tokens))), user=user)
    elif choice == 5:
        ours = Attendance.objects.filter(session__location__organisation=a.organisation)
        Attendance.objects.filter(pk__in=ours.values("pk")[:1]).delete()
    elif choice == 6:  # jobs: with a resident, moved, deleted
        f.JobFactory(location=rng.choice(locations), participant=rng.choice(people), date=_day(rng))
        job = Job.objects.order_by("?").first()
        if job and rng.random() < 0.5:
            job.date = _day(rng)
            job.participant = rng.choice([None, *people])
            job.save()
        elif job:
            job.delete()
    elif choice == 7 and len(people) > 3:  # a merge moves attendances and jobs
        keep, remove = rng.sample(people, 2)
        merge_participants(keep=keep, remove=remove, user=user)
        people.remove(remove)
        undo_tokens.clear()  # an undo would bring back attendances of the removed person
    elif choice == 8:  # a bulk update of session dates (queryset update, no save())
        Session.objects.filter(pk=rng.choice(sessions).pk).update(date=_day(rng))
    elif choice == 9:  # raw SQL delete of a whole session with its attendances
        session = rng.choice(sessions)
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM registrations_attendance WHERE session_id = %s", [session.pk]
            )
            cursor.execute("DELETE FROM registrations_session WHERE id = %s", [session.pk])
    else:  # an import of a few rows
        path = tmp_path / f"import-{n}.csv"
        rows = [
            f"{_day(rng):%d-%m-%Y};{a.location.code};{rng.choice(CATEGORIES)};"
            f"{rng.choice(people).code};Import {n}"
            for _ in range(3)
        ]
        path.write_text("date;location;category;participant;session\n" + "\n".join(rows) + "\n")
        call_command(
            "import_registrations",
            str(path),
            "--organisation",
            a.organisation.slug,
            stdout=open(tmp_path / "out.txt", "w"),  # noqa: SIM115
        )


@pytest.mark.parametrize("seed", [1, 2])
def test_the_rollup_equals_a_full_recount_after_random_changes(tenants, tmp_path, seed):
    rng = random.Random(seed)
    a = tenants.a
    people = [
        f.ParticipantFactory(home_location=rng.choice([a.location, a.other_location]))
        for _ in range(8)
    ]
    # Organisation b's registrations stay as they are: its rooms count apart from a's.
    b = tenants.b
    for location in (b.location, b.other_location):
        session = f.SessionFactory(location=location, date=datetime.date(2019, 2, 4))
        f.AttendanceFactory(
            session=session, participant=f.ParticipantFactory(home_location=b.location)
        )
    undo_tokens: list[str] = []
    for n in range(40):
        _step(rng, tenants, people, undo_tokens, tmp_path, n)
        assert _rollup() == _recount(), f"after step {n}"
        assert _first_seen() == _first_seen_recount(), f"after step {n}"
    assert Attendance.objects.exists()
    first_seen, new = _first_seen()
    # Every key was reached: rooms and whole organisations, categories and "all", two years.
    assert {row[2] is None for row in first_seen} == {True, False}
    assert "all" in {row[3] for row in first_seen} and len({row[0] for row in first_seen}) >= 2
    assert {row[0] for row in new} == {tenants.a.organisation.pk, b.organisation.pk}


def test_the_rebuild_writes_the_rows_the_triggers_keep(tenants):
    rng = random.Random(3)
    a = tenants.a
    people = [f.ParticipantFactory(home_location=a.location) for _ in range(6)]
    for _ in range(12):
        session = f.SessionFactory(
            location=rng.choice([a.location, a.other_location]),
            date=_day(rng),
            category=rng.choice(CATEGORIES),
        )
        for person in rng.sample(people, 3):
            f.AttendanceFactory(session=session, participant=person)
    kept = _first_seen()
    assert kept[0] and kept[1]
    rebuild_participant_months()
    assert _first_seen() == kept


def test_month_aligned_windows_count_the_same_from_the_rollup_as_from_the_registrations(
    tenants, monkeypatch
):
    rng = random.Random(7)
    a = tenants.a
    people = [f.ParticipantFactory(home_location=a.location) for _ in range(12)]
    for _ in range(30):
        session = f.SessionFactory(
            location=rng.choice([a.location, a.other_location]),
            date=_day(rng),
            category=rng.choice(CATEGORIES),
        )
        for person in rng.sample(people, 3):
            f.AttendanceFactory(session=session, participant=person)
    f.JobFactory(location=a.location, participant=people[0], date=datetime.date(2019, 5, 2))
    arguments = {
        "location_ids": [a.location.pk, a.other_location.pk],
        "category_sets": [frozenset({"all"}), frozenset({"social", "jobs"}), frozenset({"forms"})],
        "windows": {
            "ytd": Window(datetime.date(2019, 1, 1), datetime.date(2019, 6, 30)),
            "quarter": Window(datetime.date(2019, 4, 1), datetime.date(2019, 6, 30)),
        },
    }
    from_rollup = unique_participant_counts(**arguments)
    monkeypatch.setattr(counting, "_month_aligned", lambda windows: False)
    from_registrations = unique_participant_counts(**arguments)
    assert from_rollup == from_registrations
    assert from_rollup[(frozenset({"all"}), "ytd", None)] > 0


def test_a_window_that_is_not_month_aligned_reads_the_registrations(tenants):
    a = tenants.a
    person = f.ParticipantFactory(home_location=a.location)
    session = f.SessionFactory(location=a.location, date=datetime.date(2019, 3, 20))
    f.AttendanceFactory(session=session, participant=person)
    counts = unique_participant_counts(
        location_ids=[a.location.pk],
        category_sets=[frozenset({"all"})],
        windows={"part": Window(datetime.date(2019, 3, 1), datetime.date(2019, 3, 15))},
    )
    # The rollup's March row would count this person; the registrations do not.
    assert counts[(frozenset({"all"}), "part", None)] == 0
    assert Participant.objects.count() == 1


def _row_ids() -> dict[tuple, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT participant_id, location_id, category, month, id "
            "FROM registrations_participantmonth"
        )
        return {row[:4]: row[4] for row in cursor.fetchall()}


def test_an_update_that_changes_no_counted_column_leaves_the_rollup_rows_alone(tenants):
    # A contact counted once: counting it out and in again would delete its row (0 contacts)
    # and insert a new one with another id; a guarded trigger leaves the row as it is.
    a = tenants.a
    person = f.ParticipantFactory(home_location=a.location)
    session = f.SessionFactory(location=a.location, date=datetime.date(2019, 3, 5))
    attendance = f.AttendanceFactory(session=session, participant=person)
    job = f.JobFactory(location=a.location, participant=person, date=datetime.date(2019, 4, 2))
    before = _row_ids()
    assert set(before) == {
        (person.pk, a.location.pk, session.category, datetime.date(2019, 3, 1)),
        (person.pk, a.location.pk, "jobs", datetime.date(2019, 4, 1)),
    }
    attendance.save()  # every column in the SET list, none changed
    job.description = "Een andere omschrijving"
    job.save()
    Job.objects.filter(pk=job.pk).update(participant=person, date=job.date)
    assert _row_ids() == before
    assert _rollup() == _recount()


def test_an_update_that_changes_a_counted_column_still_moves_the_contact(tenants):
    a = tenants.a
    person, other = (f.ParticipantFactory(home_location=a.location) for _ in range(2))
    session = f.SessionFactory(location=a.location, date=datetime.date(2019, 3, 5))
    attendance = f.AttendanceFactory(session=session, participant=person)
    job = f.JobFactory(location=a.location, participant=person, date=datetime.date(2019, 4, 2))
    attendance.participant = other
    attendance.save()
    job.location, job.date = a.other_location, datetime.date(2019, 6, 30)
    job.save()
    assert _rollup() == {
        (other.pk, a.location.pk, session.category, datetime.date(2019, 3, 1), 1),
        (person.pk, a.other_location.pk, "jobs", datetime.date(2019, 6, 1), 1),
    }
    assert _rollup() == _recount()
