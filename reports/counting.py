"""Counting registrations in the database (DOMAIN.md "How each measurement method is realised").

Every function here takes location ids and date windows and answers a whole report's worth of
figures in a fixed number of queries, independent of the number of locations:

- :func:`unique_participant_counts`: distinct identified participants per set of categories,
  per location and for all given locations together (one query). The rows counted are the
  UNION of attendances (participant in a session of the category at the location) and jobs
  done for a resident (``Job.participant``, category "jobs"). A person in two categories or
  at two locations counts once in a total; anonymous head counts are never participants.
- :func:`job_counts`: the number of jobs (rows, not people) per location (one query).
- :func:`visit_counts`: anonymous visits and visits (attendances + anonymous) per location and
  category (one query).
- :func:`volunteer_hours`: volunteer hours registered per location (one query; the board
  dashboard's hours per month, issue 11).

The querysets are read through the default (scoped) managers: inside an active scope only
visible rows are counted.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.expressions import RawSQL

from agreements.choices import ALL_CATEGORIES, Category
from locations.access import Action, Area, require_scope
from locations.models import Location
from registrations.models import (
    Attendance,
    Job,
    NewParticipantsMonth,
    ParticipantFirstSeen,
    ParticipantMonth,
    Session,
    VolunteerHours,
)

#: A set of category codes; ``frozenset({"all"})`` means every category.
CategorySet = frozenset[str]


@dataclass(frozen=True)
class Window:
    """An inclusive date range ``start``..``end``."""

    start: date
    end: date


@dataclass(frozen=True)
class VisitCount:
    """Visits in one category at one location: ``anonymous`` head counts and ``identified``
    attendances; ``total`` = both."""

    anonymous: int = 0
    identified: int = 0

    @property
    def total(self) -> int:
        """Visits: identified attendances plus anonymous head counts."""
        return self.anonymous + self.identified


def _covers_everything(categories: CategorySet) -> bool:
    return ALL_CATEGORIES in categories


def _span(windows: Mapping[str, Window]) -> Window:
    """The smallest window covering all ``windows``."""
    return Window(min(w.start for w in windows.values()), max(w.end for w in windows.values()))


def _contact_rows(
    location_ids: Collection[int], categories: Collection[str] | None, span: Window
) -> QuerySet[Attendance, tuple[int, str, date, int]]:
    """Union (ALL) queryset of (loc, cat, day, pid) rows: attendances and jobs with a resident.

    ``categories`` None means every category. Jobs take part as category "jobs".
    """
    attendances = Attendance.objects.filter(
        session__location_id__in=location_ids,
        session__date__range=(span.start, span.end),
    )
    if categories is not None:
        attendances = attendances.filter(session__category__in=categories)
    contacts = attendances.annotate(
        loc=F("session__location_id"),
        cat=F("session__category"),
        day=F("session__date"),
        pid=F("participant_id"),
    ).values_list("loc", "cat", "day", "pid")
    if categories is not None and Category.JOBS not in categories:
        return contacts
    jobs = (
        Job.objects.filter(
            location_id__in=location_ids,
            date__range=(span.start, span.end),
            participant__isnull=False,
        )
        .annotate(
            loc=F("location_id"),
            cat=Value(Category.JOBS.value, output_field=CharField()),
            day=F("date"),
            pid=F("participant_id"),
        )
        .values_list("loc", "cat", "day", "pid")
    )
    return contacts.union(jobs, all=True)


def _month_aligned(windows: Mapping[str, Window]) -> bool:
    """True when every window runs from a month's first day to a month's last day."""
    return all(w.start.day == 1 and (w.end + timedelta(days=1)).day == 1 for w in windows.values())


def _rollup_rows(
    location_ids: Collection[int], categories: Collection[str] | None, span: Window
) -> QuerySet[ParticipantMonth, tuple[int, str, date, int]]:
    """(loc, cat, day, pid) rows of the rollup: one per participant, location, category and
    month (``day`` = the month's first day), for month-aligned windows."""
    rows = ParticipantMonth.objects.filter(
        location_id__in=location_ids, month__range=(span.start, span.end)
    )
    if categories is not None:
        rows = rows.filter(category__in=categories)
    return rows.annotate(
        loc=F("location_id"), cat=F("category"), day=F("month"), pid=F("participant_id")
    ).values_list("loc", "cat", "day", "pid")


def _year_to_date_ends(windows: Mapping[str, Window]) -> dict[str, date] | None:
    """Each window's last month (its first day) when every window is a calendar year to date
    (1 January to the last day of a month of the same year); None otherwise."""
    ends = {}
    for name, window in windows.items():
        start, end = window.start, window.end
        if (start.month, start.day) != (1, 1) or end.year != start.year:
            return None
        if (end + timedelta(days=1)).day != 1:
            return None
        ends[name] = end.replace(day=1)
    return ends


def _category_key(categories: CategorySet) -> str | None:
    """The first-seen rollup's category key of a category set (a category, or ``"all"``);
    None for a set of several categories, which the rollup does not keep."""
    if _covers_everything(categories):
        return ALL_CATEGORIES
    if len(categories) == 1:
        return next(iter(categories))
    return None


def _first_seen_counts(
    location_ids: list[int],
    category_sets: list[CategorySet],
    ends: Mapping[str, date],
    result: dict[tuple[CategorySet, str, int | None], int],
) -> None:
    """Fill ``result`` from the first-seen rollup (``registrations.models.rollup``) in ONE
    query: year-to-date windows (``ends``: each window's last month) and category sets that
    are one category or every category.

    A room's count to the end of month M is the sum of its monthly counts of newly seen
    participants from January to M. The total over the rooms, distinct over them, is for
    every organisation whose rooms are all among ``location_ids`` (and all within the
    user's reach) the sum of the organisation's own monthly counts (participants belong to
    one organisation, so organisations add up), and for the other rooms the distinct
    participants first seen there by M (``COUNT(DISTINCT)`` over their first-seen rows).
    """
    by_key: dict[str, list[CategorySet]] = {}
    for cats in category_sets:
        by_key.setdefault(_category_key(cats) or "", []).append(cats)
    keys = sorted(by_key)
    years = sorted({end.year for end in ends.values()})
    months = (date(years[0], 1, 1), date(years[-1], 12, 1))
    # One array parameter for the rooms, however many (the ORM would send one per room).
    rooms = RawSQL("SELECT unnest(%s::bigint[])", (location_ids,))
    whole = require_scope().whole_organisations(Action.VIEW, Area.REGISTRATION)
    per_room = NewParticipantsMonth.objects.filter(
        location_id__in=rooms, category__in=keys, month__range=months
    ).values_list("location_id", "category", "month", "participants")
    queries: list[tuple[QuerySet[Any, Any], str, str]] = [
        (per_room, "SUM(r.n)", "(loc, cat, month, n)")
    ]
    # The rooms whose organisation is not counted whole: their first-seen rows.
    partial_rooms = Location.objects.filter(pk__in=rooms).order_by()
    if whole is None or whole:
        candidates = (
            Location.objects.all()
            if whole is None
            else Location.objects.filter(organisation_id__in=sorted(whole))
        )
        covered = (
            candidates.order_by()
            .values("organisation_id")
            .annotate(missing=Count("pk", filter=~Q(pk__in=rooms)))
            .filter(missing=0)
            .values("organisation_id")
        )
        organisations = NewParticipantsMonth.objects.filter(
            location__isnull=True,
            organisation_id__in=covered,
            category__in=keys,
            month__range=months,
        ).values_list("category", "month", "participants")
        queries.append((organisations, "SUM(r.n)", "(cat, month, n)"))
        partial_rooms = partial_rooms.exclude(organisation_id__in=covered)
    try:
        rooms_sql, rooms_params = (
            partial_rooms.values("pk").query.get_compiler(using=partial_rooms.db).as_sql()
        )
    except EmptyResultSet:  # no room in the user's scope
        rooms_sql, rooms_params = "SELECT NULL::bigint WHERE false", ()
    # As an array (``= ANY(ARRAY(...))``): the planner then reads the first-seen rows of
    # those rooms by index, none at all when every organisation is whole, instead of
    # scanning the year's rows against a list it cannot estimate.
    table = ParticipantFirstSeen._meta.db_table
    in_partial_rooms = RawSQL(  # noqa: S611 (compiled ORM SQL, its own parameters)
        f'"{table}"."location_id" = ANY(ARRAY({rooms_sql}))',  # noqa: S608 (no user input)
        rooms_params,
        output_field=BooleanField(),
    )
    rows_seen = (
        ParticipantFirstSeen.objects.filter(category__in=keys, year__in=years)
        .filter(in_partial_rooms)
        .values_list("category", "month", "participant_id")
    )
    queries.append((rows_seen, "COUNT(DISTINCT r.pid)", "(cat, month, pid)"))
    selects: list[str] = []
    params: list[Any] = []
    for query, aggregate, shape in queries:
        try:
            inner_sql, inner_params = query.query.get_compiler(using=query.db).as_sql()
        except EmptyResultSet:  # nothing in the user's scope (e.g. no rooms reached)
            continue
        columns = []
        for end in ends.values():
            columns.append(f"{aggregate} FILTER (WHERE r.month BETWEEN %s AND %s)")
            params += [date(end.year, 1, 1), end]
        room = "r.loc" if shape.startswith("(loc") else "NULL"
        group = "r.loc, r.cat" if room == "r.loc" else "r.cat"
        selects.append(
            f"SELECT {room}, r.cat, {', '.join(columns)} "  # noqa: S608 (no user input)
            f"FROM ({inner_sql}) AS r {shape} GROUP BY {group}"
        )
        params += inner_params
    if not selects:
        return
    with connections[per_room.db].cursor() as cursor:  # the database the ORM parts read from
        cursor.execute(" UNION ALL ".join(selects), params)
        rows = cursor.fetchall()
    names = list(ends)
    for loc, key, *counts in rows:
        for cats in by_key[key]:
            for name, count in zip(names, counts, strict=True):
                if loc is None:
                    result[(cats, name, None)] += int(count or 0)
                else:
                    result[(cats, name, loc)] = int(count or 0)


def unique_participant_counts(
    *,
    location_ids: Collection[int],
    category_sets: Collection[CategorySet],
    windows: Mapping[str, Window],
) -> dict[tuple[CategorySet, str, int | None], int]:
    """Distinct identified participants for every category set and window, in ONE query.

    In: the location ids to count over, the category sets (codes of ``Category``; a set
    holding ``"all"`` covers every category), and named date windows (e.g. ``{"ytd": ...,
    "quarter": ...}``).
    Out: ``{(category_set, window_name, location_id): count}`` for every given location, plus
    ``location_id`` None for all given locations together (distinct over the locations, never
    a sum). Missing combinations are 0.

    The union of attendances and jobs-with-a-resident is built with the ORM; the outer query
    counts ``COUNT(DISTINCT pid) FILTER (...)`` per category set and window with
    ``GROUPING SETS ((loc), ())``, which the ORM cannot express. When every window is
    month-aligned (a quarter, a year to date) the rows are read from the exact rollup
    (:class:`registrations.models.ParticipantMonth`, one row per participant, location,
    category and month, kept by triggers) instead: the same figures from fewer rows. When
    every window is a calendar year to date (1 January to the end of a month: the board
    dashboard's months, a year report) and every category set is one category or every
    category, the figures come from the first-seen rollup instead (:func:`_first_seen_counts`:
    at most 12 monthly counts per room and key, whatever the number of registrations).
    """
    location_ids = list(location_ids)
    category_sets = list(dict.fromkeys(category_sets))
    result = {
        (cats, name, loc): 0
        for cats in category_sets
        for name in windows
        for loc in [*location_ids, None]
    }
    if not location_ids or not category_sets or not windows:
        return result
    ends = _year_to_date_ends(windows)
    if ends is not None and all(_category_key(cats) for cats in category_sets):
        _first_seen_counts(location_ids, category_sets, ends, result)
        return result
    everything = any(_covers_everything(cats) for cats in category_sets)
    wanted = None if everything else sorted(set().union(*category_sets))
    span = _span(windows)
    rows = _rollup_rows if _month_aligned(windows) else _contact_rows
    inner = rows(location_ids, wanted, span)
    inner_sql, inner_params = inner.query.get_compiler(using=inner.db).as_sql()

    columns: list[str] = []
    params: list[date | list[str]] = []
    keys: list[tuple[CategorySet, str]] = []
    for cats in category_sets:
        for name, window in windows.items():
            condition = "u.day BETWEEN %s AND %s"
            params += [window.start, window.end]
            if not _covers_everything(cats):
                condition += " AND u.cat = ANY(%s)"
                params.append(sorted(cats))
            columns.append(f"COUNT(DISTINCT u.pid) FILTER (WHERE {condition})")
            keys.append((cats, name))
    sql = (
        f"SELECT u.loc, GROUPING(u.loc), {', '.join(columns)} "  # noqa: S608 (no user input)
        f"FROM ({inner_sql}) AS u GROUP BY GROUPING SETS ((u.loc), ())"
    )
    with connections[inner.db].cursor() as cursor:  # the database the ORM part reads from
        cursor.execute(sql, [*params, *inner_params])
        rows = cursor.fetchall()
    for loc, is_total, *counts in rows:
        location_key = None if is_total else loc
        for key, count in zip(keys, counts, strict=True):
            result[(key[0], key[1], location_key)] = count
    return result


def job_counts(
    *, location_ids: Collection[int], windows: Mapping[str, Window]
) -> dict[tuple[str, int | None], int]:
    """Jobs done (Job rows, not people) per window and location, in ONE query.

    Out: ``{(window_name, location_id): count}`` for every given location, plus location None
    for the sum over the given locations (jobs are additive). Missing combinations are 0.
    """
    location_ids = list(location_ids)
    result = {(name, loc): 0 for name in windows for loc in [*location_ids, None]}
    if not location_ids or not windows:
        return result
    span = _span(windows)
    aggregates = {
        f"w{i}": Count("pk", filter=Q(date__range=(window.start, window.end)))
        for i, window in enumerate(windows.values())
    }
    # Rows carry the counts of **aggregates too, which the stubs' row type leaves out.
    rows: QuerySet[Job, Mapping[str, Any]] = (
        job_rows(location_ids, span).values("location_id").annotate(**aggregates).order_by()
    )
    for row in rows:
        for i, name in enumerate(windows):
            result[(name, row["location_id"])] = row[f"w{i}"]
            result[(name, None)] += row[f"w{i}"]
    return result


def visit_counts(
    *, location_ids: Collection[int], windows: Mapping[str, Window]
) -> dict[tuple[str, int, str], VisitCount]:
    """Anonymous and identified visits per window, location and category, in ONE query.

    Out: ``{(window_name, location_id, category): VisitCount}`` only for combinations with
    sessions; absent keys mean no visits. Anonymous head counts are summed from
    ``Session.anonymous_count``; identified visits are attendances.

    The sessions (each with its number of attendances, a subquery) are read with the ORM;
    the outer query sums both per location, category and window (``SUM(...) FILTER``).
    """
    location_ids = list(location_ids)
    if not location_ids or not windows:
        return {}
    names: Sequence[str] = list(windows)
    span = _span(windows)
    attendances = (
        Attendance.objects.filter(session=OuterRef("pk"))
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    sessions = (
        Session.objects.filter(location_id__in=location_ids, date__range=(span.start, span.end))
        .annotate(identified=Subquery(attendances))
        .values_list("location_id", "category", "date", "anonymous_count", "identified")
        .order_by()
    )
    inner_sql, inner_params = sessions.query.get_compiler(using=sessions.db).as_sql()
    columns: list[str] = []
    params: list[date] = []
    for window in windows.values():
        condition = "FILTER (WHERE s.day BETWEEN %s AND %s)"
        columns += [f"SUM(s.anonymous) {condition}", f"SUM(s.identified) {condition}"]
        params += [window.start, window.end, window.start, window.end]
    sql = (
        f"SELECT s.loc, s.cat, {', '.join(columns)} "  # noqa: S608 (no user input)
        f"FROM ({inner_sql}) AS s (loc, cat, day, anonymous, identified) "
        "GROUP BY s.loc, s.cat"
    )
    with connections[sessions.db].cursor() as cursor:  # the database the ORM part reads from
        cursor.execute(sql, [*params, *inner_params])
        rows = cursor.fetchall()
    found: dict[tuple[str, int, str], VisitCount] = {}
    for loc, cat, *sums in rows:
        for i, name in enumerate(names):
            found[(name, loc, cat)] = VisitCount(
                anonymous=int(sums[2 * i] or 0), identified=int(sums[2 * i + 1] or 0)
            )
    return found


def volunteer_hours(
    *, location_ids: Collection[int], windows: Mapping[str, Window]
) -> dict[tuple[str, int | None], Decimal]:
    """Volunteer hours registered per window and location, in ONE query.

    In: location ids and named date windows (e.g. one per month). Out: ``{(window_name,
    location_id): hours}`` (``Decimal`` hours) for every given location, plus location None
    for the sum over the given locations (hours are additive). Missing combinations are
    ``Decimal(0)``.

    Rule (as :func:`reports.measures.states.active_volunteers` dates them): a
    :class:`~registrations.models.VolunteerHours` row counts in the window holding its date; a
    week entry counts by its start date. Residents' and professionals' hours both count: the
    budget's volunteer hours (``budgets.figures``, "volunteer_hours") are their sum.
    """
    location_ids = list(location_ids)
    zero = Decimal(0)
    result = {(name, loc): zero for name in windows for loc in [*location_ids, None]}
    if not location_ids or not windows:
        return result
    span = _span(windows)
    aggregates = {
        f"w{i}": Sum("hours", filter=Q(date__range=(window.start, window.end)))
        for i, window in enumerate(windows.values())
    }
    # Rows carry the sums of **aggregates too, which the stubs' row type leaves out.
    rows: QuerySet[VolunteerHours, Mapping[str, Any]] = (
        volunteer_hours_rows(location_ids, span)
        .values("location_id")
        .annotate(**aggregates)
        .order_by()
    )
    for row in rows:
        for i, name in enumerate(windows):
            hours = row[f"w{i}"] or zero
            result[(name, row["location_id"])] = hours
            result[(name, None)] += hours
    return result


def volunteer_hours_rows(location_ids: Collection[int], window: Window) -> QuerySet[VolunteerHours]:
    """The :class:`~registrations.models.VolunteerHours` rows :func:`volunteer_hours` sums:
    those at ``location_ids`` dated in ``window`` (a week entry by its start date), residents'
    and professionals' hours alike. Read through the default (scoped) manager. The trace of
    the board dashboard's hours (:mod:`reports.trace.figures`) lists these same rows."""
    return VolunteerHours.objects.filter(
        location_id__in=list(location_ids), date__range=(window.start, window.end)
    )


def job_rows(location_ids: Collection[int], window: Window) -> QuerySet[Job]:
    """The :class:`~registrations.models.Job` rows :func:`job_counts` counts: those at
    ``location_ids`` dated in ``window`` (jobs, not people: DOMAIN.md "Klussen #"). Read
    through the default (scoped) manager; the trace page (:func:`reports.trace.evidence.jobs`)
    lists these same rows."""
    return Job.objects.filter(
        location_id__in=list(location_ids), date__range=(window.start, window.end)
    )
