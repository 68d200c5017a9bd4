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

from django.db import connections
from django.db.models import CharField, Count, F, OuterRef, Q, QuerySet, Subquery, Sum, Value

from agreements.choices import ALL_CATEGORIES, Category
from registrations.models import Attendance, Job, ParticipantMonth, Session, VolunteerHours

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
    category and month, kept by triggers) instead: the same figures from fewer rows.
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
