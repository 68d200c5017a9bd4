"""The benchmark data: the project's own tables filled with PostgreSQL COPY.

``generate(attendances=N)`` loads data/agreements/zuidoost-2019.yaml (its organisation, four
rooms, indicators, targets and budget: the agreement-quarter report measures it) and adds
rooms in further organisations up to :data:`LOCATIONS` rooms in all. Over the five years
:data:`YEARS` every room gets activity sessions with N / LOCATIONS attendances, drawn from a
pool of participants of its own with a skewed repeat-visitor distribution (a few come
weekly, most a few times; :func:`_pick`), a share of visits by participants of another room
of the same organisation, anonymous head counts, jobs (one per 40 attendances, half for a
resident), and volunteers (20 a room) with hours (one row per 20 attendances).

Rows are written with COPY (``psycopg`` ``cursor.copy``) with explicit ids, foreign-key
triggers off for the load (``session_replication_role = replica``: the ids are consistent
by construction) and the identity sequences moved past them; ANALYZE ends it. Deterministic
for a seed. Everything generated is marked ``is_demo``. The COPY bypasses the triggers that
keep the unique-participant rollups (registrations.models.rollup: participant-month and
first seen), so both are rebuilt from the registrations at the end, in the same transaction.
"""

from __future__ import annotations

import io
import random
import time
from collections.abc import Iterator
from datetime import date, timedelta

#: Rooms in all (the agreement's four included), organisations they are spread over.
LOCATIONS = 1000
ORGANISATIONS = 10
#: The years with registrations.
YEARS = (2017, 2018, 2019, 2020, 2021)
#: Identified participants per session on average (uniform 2..14), volunteers per room.
MEAN_PER_SESSION = 8
VOLUNTEERS_PER_LOCATION = 20
#: Share of a room's attendances by participants of another room of its organisation.
VISITING_SHARE = 0.05
#: Attendances per job and per volunteer-hours row.
ATTENDANCES_PER_JOB = 40
ATTENDANCES_PER_HOURS_ROW = 20
AGREEMENT_FILE = "data/agreements/zuidoost-2019.yaml"
CATEGORIES = ("social", "activation", "jobs", "computer", "language", "forms", "debt", "work")
#: Skew of the repeat-visitor distribution: index = pool * u**SKEW (u uniform in [0, 1)).
SKEW = 2.5


def _pick(rng: random.Random, pool: int) -> int:
    """An index into a room's participant pool: small indexes (regular visitors) often."""
    return int(pool * rng.random() ** SKEW)


def _weekdays(year: int) -> list[date]:
    start = date(year, 1, 1)
    days = (start + timedelta(n) for n in range(366))
    return [d for d in days if d.year == year and d.weekday() < 5]


class _Ids:
    """Explicit ids for one table, starting after the rows already there."""

    def __init__(self, cursor, table: str):
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608 (constant)
        self.next = cursor.fetchone()[0] + 1

    def take(self) -> int:
        value = self.next
        self.next += 1
        return value


def _copy(cursor, table: str, columns: tuple[str, ...], rows: Iterator[tuple]) -> int:
    """COPY ``rows`` into ``table``; returns the number of rows."""
    count = 0
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _reset_sequence(cursor, table: str) -> None:
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 (constant)
        f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
    )


def _load_agreement() -> None:
    from django.core.management import call_command

    from locations.access import system_scope

    with system_scope():
        call_command("load_agreement", AGREEMENT_FILE, stdout=io.StringIO())


def generate(*, attendances: int, seed: int = 1, log=print) -> dict[str, int]:
    """Fill the (migrated, empty) database of Django's default connection.

    In: ``attendances``, the number of Attendance rows wanted (at least LOCATIONS * 10), and
    the random ``seed``. Out: rows written per table (``{"attendances": ..., ...}``).
    Raises ValueError for too few attendances. ``log`` gets progress lines.
    """
    if attendances < LOCATIONS * 10:
        raise ValueError(f"at least {LOCATIONS * 10} attendances")
    from django.db import connection, transaction

    started = time.perf_counter()
    _load_agreement()
    rng = random.Random(seed)
    written: dict[str, int] = {}
    with transaction.atomic(), connection.cursor() as django_cursor:
        cursor = django_cursor.cursor  # the psycopg cursor, for COPY
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SELECT id, organisation_id FROM locations_location ORDER BY id")
        existing = cursor.fetchall()
        org_ids = _Ids(cursor, "locations_organisation")
        organisations = [org_ids.take() for _ in range(ORGANISATIONS - 1)]
        _copy(
            cursor,
            "locations_organisation",
            ("id", "slug", "name", "coordinators_need_two_factor", "logo"),
            ((o, f"bench-{o}", f"Benchmark-organisatie {o}", False, "") for o in organisations),
        )
        loc_ids = _Ids(cursor, "locations_location")
        new_locations = [
            (loc_ids.take(), organisations[i % len(organisations)])
            for i in range(LOCATIONS - len(existing))
        ]
        _copy(
            cursor,
            "locations_location",
            (
                "id",
                "code",
                "name",
                "neighbourhood",
                "city",
                "address",
                "residents_association",
                "organisation_id",
            ),
            (
                (loc, f"r{loc}", f"Ruimte {loc}", "", "Benchmarkstad", "", "", org)
                for loc, org in new_locations
            ),
        )
        locations = [*existing, *new_locations]
        per_location = attendances // LOCATIONS
        sessions_per_location = max(1, per_location // MEAN_PER_SESSION)
        pool = max(30, per_location // 6)
        log(f"{len(locations)} rooms, {per_location} attendances and a pool of {pool} each")

        # Participants: a pool per room, code P<room>-<n>.
        part_ids = _Ids(cursor, "registrations_participant")
        first_participant = part_ids.next
        pools: dict[int, int] = {}  # location -> first participant id of its pool
        by_org: dict[int, list[int]] = {}
        for loc, org in locations:
            pools[loc] = part_ids.next
            part_ids.next += pool
            by_org.setdefault(org, []).append(loc)
        org_of = dict(locations)
        now = "2022-01-01 00:00:00+00"
        written["participants"] = _copy(
            cursor,
            "registrations_participant",
            (
                "id",
                "code",
                "nickname",
                "created_at",
                "home_location_id",
                "organisation_id",
                "is_demo",
            ),
            (
                (pools[loc] + n, f"P{loc}-{n:05d}", "", now, loc, org_of[loc], True)
                for loc, _org in locations
                for n in range(pool)
            ),
        )
        assert part_ids.next == first_participant + written["participants"]

        days = [d for year in YEARS for d in _weekdays(year)]
        session_ids = _Ids(cursor, "registrations_session")
        attendance_ids = _Ids(cursor, "registrations_attendance")
        session_rows: list[tuple] = []

        def attendance_rows() -> Iterator[tuple]:
            for loc, org in locations:
                neighbours = by_org[org]
                left = per_location
                s = 0
                while left > 0:
                    size = min(left, pool, rng.randint(2, 2 * MEAN_PER_SESSION - 2))
                    left -= size
                    s += 1
                    session = session_ids.take()
                    spot = (s - 1 + rng.random()) / sessions_per_location
                    day = days[min(len(days) - 1, int(len(days) * spot))]
                    category = CATEGORIES[int(len(CATEGORIES) * rng.random() ** 1.5)]
                    session_rows.append(
                        (session, day, category, "", rng.randint(0, 4), now, loc, True)
                    )
                    chosen: set[int] = set()
                    while len(chosen) < min(size, pool):
                        home = loc
                        if len(neighbours) > 1 and rng.random() < VISITING_SHARE:
                            home = rng.choice(neighbours)
                        chosen.add(pools[home] + _pick(rng, pool))
                    for participant in chosen:
                        yield (attendance_ids.take(), participant, session)

        written["attendances"] = _copy(
            cursor,
            "registrations_attendance",
            ("id", "participant_id", "session_id"),
            attendance_rows(),
        )
        written["sessions"] = _copy(
            cursor,
            "registrations_session",
            (
                "id",
                "date",
                "category",
                "title",
                "anonymous_count",
                "created_at",
                "location_id",
                "is_demo",
            ),
            iter(session_rows),
        )
        log(f"attendances and sessions written ({time.perf_counter() - started:.0f} s)")

        job_ids = _Ids(cursor, "registrations_job")
        jobs_per_location = max(1, per_location // ATTENDANCES_PER_JOB)
        written["jobs"] = _copy(
            cursor,
            "registrations_job",
            (
                "id",
                "date",
                "description",
                "import_key",
                "created_at",
                "location_id",
                "participant_id",
                "is_demo",
            ),
            (
                (
                    job_ids.take(),
                    rng.choice(days),
                    "Klus",
                    "",
                    now,
                    loc,
                    pools[loc] + _pick(rng, pool) if rng.random() < 0.5 else None,
                    True,
                )
                for loc, _org in locations
                for _ in range(jobs_per_location)
            ),
        )
        volunteer_ids = _Ids(cursor, "registrations_volunteer")
        volunteers = {
            loc: [volunteer_ids.take() for _ in range(VOLUNTEERS_PER_LOCATION)]
            for loc, _org in locations
        }
        written["volunteers"] = _copy(
            cursor,
            "registrations_volunteer",
            (
                "id",
                "created_at",
                "is_demo",
                "code",
                "nickname",
                "is_professional",
                "started_on",
                "home_location_id",
                "organisation_id",
            ),
            (
                (v, now, True, f"V{v}", "", n < 2, date(YEARS[0], 1, 1), loc, org_of[loc])
                for loc, _org in locations
                for n, v in enumerate(volunteers[loc])
            ),
        )
        link_ids = _Ids(cursor, "registrations_volunteer_locations")
        _copy(
            cursor,
            "registrations_volunteer_locations",
            ("id", "volunteer_id", "location_id"),
            ((link_ids.take(), v, loc) for loc, vs in volunteers.items() for v in vs),
        )
        hours_ids = _Ids(cursor, "registrations_volunteerhours")
        hours_per_location = max(1, per_location // ATTENDANCES_PER_HOURS_ROW)
        written["volunteer_hours"] = _copy(
            cursor,
            "registrations_volunteerhours",
            (
                "id",
                "created_at",
                "is_demo",
                "date",
                "span",
                "hours",
                "is_professional",
                "location_id",
                "volunteer_id",
            ),
            (
                (
                    hours_ids.take(),
                    now,
                    True,
                    rng.choice(days),
                    "day",
                    rng.choice((2, 3, 4, 6)),
                    False,
                    loc,
                    rng.choice(volunteers[loc]),
                )
                for loc, _org in locations
                for _ in range(hours_per_location)
            ),
        )
        for table in (
            "locations_organisation",
            "locations_location",
            "registrations_participant",
            "registrations_session",
            "registrations_attendance",
            "registrations_job",
            "registrations_volunteer",
            "registrations_volunteer_locations",
            "registrations_volunteerhours",
        ):
            _reset_sequence(cursor, table)
        # COPY ran with the triggers off: fill the exact rollups from the registrations
        # (the participant-month rows, then the first-seen rows and monthly counts).
        from registrations.models import rebuild_first_seen, rebuild_participant_months

        written["participant_months"] = rebuild_participant_months(first_seen=False)
        written["first_seen"] = rebuild_first_seen()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log(f"generated in {time.perf_counter() - started:.0f} s: {written}")
    return written
