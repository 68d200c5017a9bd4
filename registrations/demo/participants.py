"""Demo participants, activity sessions with attendances, and jobs of one agreement year.

For each location of the agreement: pseudonymous participants ("CJM-0001", some with a
nickname), a weekly rhythm of sessions per category, a core of weekly regulars and many
occasional visitors, quieter summer and Christmas weeks, anonymous walk-ins, and jobs.
Unique participants per category and in total land at about 1.5 times the location's targets
(the 2019 evaluation found the rooms about 50% above target, DOMAIN.md); a few participants
also visit a second location. Written without history (see :mod:`registrations.demo`).
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection

from agreements.choices import ALL_CATEGORIES, Category, Method, Section
from agreements.models import Agreement, Target
from locations.models import Location
from registrations.demo.common import NICKNAMES, code_prefix, open_days, season
from registrations.models.participants import Attendance, Job, Participant, Session

#: Weekly rhythm: category -> [(weekday 0=Monday, title)].
SCHEDULE: dict[str, list[tuple[int, str]]] = {
    "social": [
        (0, "Koffie-inloop"),
        (1, "Koffie-inloop"),
        (2, "Eettafel"),
        (3, "Koffie-inloop"),
        (4, "Ontbijtcafé"),
    ],
    "activation": [(1, "Handwerkgroep"), (3, "Wandelgroep")],
    "language": [(0, "Taalles"), (2, "Taalles")],
    "computer": [(3, "Computerles")],
    "forms": [(1, "Formulierenspreekuur"), (4, "Formulierenspreekuur")],
    "debt": [(2, "Budgetspreekuur")],
    "work": [(4, "Sollicitatie- en CV-hulp")],
    "jobs": [(2, "Klussendienst")],
}
#: Share of a category's participants who come every week (the rest come now and then).
REGULAR_SHARE = {"social": 0.2, "activation": 0.3, "language": 0.4, "computer": 0.3}
DEFAULT_REGULAR_SHARE = 0.08
TARGET_FACTOR = (1.35, 1.65)
SHARED_SHARE = 0.04
NICKNAME_SHARE = 0.3
JOB_DESCRIPTIONS = [
    "Lamp opgehangen", "Kraan gerepareerd", "Tuin gesnoeid", "Kast in elkaar gezet",
    "Schilderij opgehangen", "Binnentuin onderhouden", "Galerij schoongemaakt",
    "Deurklink vervangen", "Gordijnrails opgehangen", "Fiets gerepareerd", "Verhuizing geholpen",
    "Wasmachine aangesloten", "Schutting gerepareerd", "Rookmelder geplaatst",
]  # fmt: skip


@dataclass(frozen=True)
class LocationTargets:
    """A location's PROCES targets: unique participants per category, in total, and jobs."""

    categories: dict[str, int]
    total: int
    jobs: int


def location_targets(agreement: Agreement) -> dict[int, LocationTargets]:
    """The PROCES targets of each location of ``agreement`` (2019 agreement, PROCES section).

    Method "unique" rows with one category give that category's target; a row with
    ``["all"]`` the total; a row over several categories (social + activation) is split over
    those of its categories that have no row of their own. Method "jobs" gives the jobs target.
    Missing total: two thirds of the category sum (at least the largest category).
    """
    singles: dict[int, dict[str, int]] = defaultdict(dict)
    combined: dict[int, list[tuple[list[str], int]]] = defaultdict(list)
    totals: dict[int, int] = {}
    jobs: dict[int, int] = {}
    rows = Target.objects.filter(
        indicator__agreement=agreement, indicator__section=Section.PROCES, value__isnull=False
    ).select_related("indicator")
    for target in rows.order_by("indicator__position", "indicator__code", "location_id"):
        value = int(target.value)
        categories = list(target.indicator.categories)
        if target.indicator.method == Method.JOBS:
            jobs[target.location_id] = value
        elif target.indicator.method != Method.UNIQUE:
            continue
        elif categories == [ALL_CATEGORIES]:
            totals[target.location_id] = value
        elif len(categories) == 1:
            singles[target.location_id][categories[0]] = value
        elif categories:
            combined[target.location_id].append((categories, value))
    result = {}
    for location in agreement.locations.all():
        per_category = dict(singles[location.pk])
        for categories, value in combined[location.pk]:
            missing = [c for c in categories if c not in per_category]
            known = sum(per_category.get(c, 0) for c in categories)
            for category in missing:
                per_category[category] = round(max(value - known, 0) / len(missing))
        total = totals.get(location.pk) or max(
            sum(per_category.values()) * 2 // 3, max(per_category.values(), default=0)
        )
        result[location.pk] = LocationTargets(per_category, total, jobs.get(location.pk, 0))
    return result


class DemoParticipants:
    """One run's participants, sessions (with attendances) and jobs: builds unsaved rows in
    memory, then writes them with bulk_create (:meth:`save`)."""

    def __init__(self, agreement: Agreement, seed: int):
        self.agreement = agreement
        self.rng = random.Random(seed)
        self.taken_codes = {
            code.lower()
            for code in Participant.objects.filter(organisation=agreement.organisation).values_list(
                "code", flat=True
            )
        }
        self.participants: list[Participant] = []
        self.sessions: list[Session] = []
        self.attendances: list[tuple[int, int]] = []  # (session index, participant index)
        self.jobs: list[tuple[Job, int | None]] = []

    def new_participant(self, location: Location, number: int) -> tuple[int, int]:
        prefix = code_prefix(location)
        while f"{prefix}-{number:04d}".lower() in self.taken_codes:
            number += 1
        code = f"{prefix}-{number:04d}"
        self.taken_codes.add(code.lower())
        nickname = self.rng.choice(NICKNAMES) if self.rng.random() < NICKNAME_SHARE else ""
        self.participants.append(
            Participant(
                organisation=self.agreement.organisation,
                home_location=location,
                code=code,
                nickname=nickname,
                is_demo=True,
            )
        )
        return len(self.participants) - 1, number + 1

    def location(
        self, location: Location, targets: LocationTargets, previous: list[int]
    ) -> list[int]:
        """Generate one location; return its participant pool (indexes into participants)."""
        rng = self.rng
        size = round(targets.total * rng.uniform(*TARGET_FACTOR))
        shared = sorted(rng.sample(previous, min(len(previous), round(size * SHARED_SHARE))))
        pool = list(shared)
        number = 1
        while len(pool) < size:
            index, number = self.new_participant(location, number)
            pool.append(index)
        rng.shuffle(pool)
        members = self._members(pool, targets, rng)
        days = open_days(location, self.agreement.year)
        for category in sorted(members):
            self._category(location, category, members[category], days)
        self._jobs(location, targets.jobs, pool, days)
        return pool

    @staticmethod
    def _members(pool: list[int], targets: LocationTargets, rng) -> dict[str, list[int]]:
        """Each category takes the next k participants of the shuffled pool, cyclically, so
        everyone in the pool is in at least one category when the slots allow it. Categories go
        in the order of :class:`Category` so social and activation (one combined indicator)
        get different people first."""
        members: dict[str, list[int]] = {}
        pointer = 0
        order = {category: position for position, category in enumerate(Category.values)}
        for category in sorted(targets.categories, key=lambda c: (order.get(c, 99), c)):
            wanted = min(
                len(pool), round(targets.categories[category] * rng.uniform(*TARGET_FACTOR))
            )
            members[category] = [pool[(pointer + i) % len(pool)] for i in range(wanted)]
            pointer += wanted
        if pointer < len(pool):
            rest = pool[pointer:]
            members["social"] = sorted(set(members.get("social", [])) | set(rest), key=pool.index)
        return members

    def _category(self, location: Location, category: str, members: list[int], days) -> None:
        rng = self.rng
        schedule = SCHEDULE.get(category, [(2, "")])
        first_session = len(self.sessions)
        for day in days:
            for weekday, title in schedule:
                if day.weekday() == weekday and rng.random() < max(season(day), 0.2) ** 0.5:
                    anonymous = rng.randint(0, 6 if category == "social" else 2)
                    self.sessions.append(
                        Session(
                            location=location,
                            date=day,
                            category=category,
                            title=title,
                            anonymous_count=round(anonymous * season(day)),
                            is_demo=True,
                        )
                    )
        indexes = range(first_session, len(self.sessions))
        if not indexes or not members:
            return
        regular_count = round(len(members) * REGULAR_SHARE.get(category, DEFAULT_REGULAR_SHARE))
        weekdays = sorted({weekday for weekday, _title in schedule})
        for position, member in enumerate(members):
            visits = {rng.choice(indexes)}
            if position < regular_count:
                start = rng.choice(indexes) if rng.random() < 0.4 else indexes[0]
                days_chosen = set(rng.sample(weekdays, min(len(weekdays), rng.randint(1, 2))))
                for index in range(start, indexes[-1] + 1):
                    session = self.sessions[index]
                    if session.date.weekday() in days_chosen and rng.random() < 0.7 * season(
                        session.date
                    ):
                        visits.add(index)
            else:
                for _extra in range(min(int(rng.expovariate(0.8)), 6)):
                    visits.add(rng.choice(indexes))
            self.attendances.extend((index, member) for index in sorted(visits))

    def _jobs(self, location: Location, target: int, pool: list[int], days) -> None:
        rng = self.rng
        busy_days = [day for day in days if season(day) >= 0.5]
        if not busy_days or not target:
            return
        count = round(target * rng.uniform(1.0, 1.25))
        for day in sorted(rng.choices(busy_days, k=count)):
            participant = rng.choice(pool) if pool and rng.random() < 0.5 else None
            job = Job(
                location=location, date=day, description=rng.choice(JOB_DESCRIPTIONS), is_demo=True
            )
            self.jobs.append((job, participant))

    def save(self) -> dict[str, int]:
        """Bulk-create everything; return the number of participants, sessions, attendances
        and jobs written (keys of :class:`registrations.demo.generate.DemoResult`)."""
        Participant.objects.bulk_create(self.participants, batch_size=2000)
        Session.objects.bulk_create(self.sessions, batch_size=2000)
        for job, participant in self.jobs:
            job.participant = None if participant is None else self.participants[participant]
        Job.objects.bulk_create([job for job, _participant in self.jobs], batch_size=2000)
        _insert_attendances(
            [self.sessions[s].pk for s, _p in self.attendances],
            [self.participants[p].pk for _s, p in self.attendances],
        )
        return {
            "participants": len(self.participants),
            "sessions": len(self.sessions),
            "attendances": len(self.attendances),
            "jobs": len(self.jobs),
        }


def _insert_attendances(session_ids: list[int], participant_ids: list[int]) -> None:
    """Insert attendances (pairs of the two lists) in one statement: ``INSERT ... SELECT FROM
    UNNEST`` of two id arrays, what ``bulk_create`` sends on PostgreSQL, without building tens
    of thousands of model instances first (an attendance has no other field; no history, see
    the module docstring)."""
    if not session_ids:
        return
    quote = connection.ops.quote_name
    table = quote(Attendance._meta.db_table)
    session = quote(Attendance._meta.get_field("session").column)
    participant = quote(Attendance._meta.get_field("participant").column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({session}, {participant}) "  # noqa: S608 (names from _meta)
            "SELECT * FROM UNNEST(%s::bigint[], %s::bigint[])",
            [session_ids, participant_ids],
        )


def delete_demo_sessions(agreement: Agreement, locations: list[Location]) -> dict[str, int]:
    """Delete the demo sessions (with their attendances) and jobs of ``agreement``'s year at
    ``locations``, then the demo participants of those locations left without any attendance,
    job or other record. Raw deletes (no signals, so no history rows for demo data); returns
    the rows deleted per kind ("attendances", "sessions", "jobs", "participants"). Run after
    :func:`registrations.demo.records.delete_demo_records`."""
    year = agreement.year
    deleted = {}

    def raw(queryset) -> int:
        return queryset._raw_delete(queryset.db)

    deleted["attendances"] = raw(
        Attendance.objects.filter(
            session__is_demo=True, session__location__in=locations, session__date__year=year
        )
    )
    deleted["sessions"] = raw(
        Session.objects.filter(is_demo=True, location__in=locations, date__year=year)
    )
    deleted["jobs"] = raw(Job.objects.filter(is_demo=True, location__in=locations, date__year=year))
    unused = {
        f"{name}__isnull": True
        for name in (
            "attendances",
            "jobs",
            "volunteer_records",
            "memberships",
            "incoming_referrals",
            "outgoing_referrals",
            "placements",
            "paid_work",
            "minima_applications",
            "debt_support",
        )
    }
    deleted["participants"] = raw(
        Participant.objects.filter(
            pk__in=Participant.objects.filter(
                is_demo=True, home_location__in=locations, **unused
            ).values("pk")
        )
    )
    return deleted
