"""Every figure traceable (issue 11): what was counted behind one realised value.

:func:`figure_trace` answers, for an agreement, a period, an indicator code and a location
(or all the report's locations), the rows behind the realised value the progress report
shows there and the counting rule in words (:mod:`reports.trace.evidence`), together with
the report's own row, so the page can show that both agree. It runs inside the user's scope:
rows the user may not see are not counted (as in the report itself).

Who sees what (decided for issue 11): the trace is a page of the live report (area report,
the progress page's readers: coordinators of the room, the board, admins); funders never
reach it (403, as the live report page: they get the issued reports only, and the rows are
personal data). Participants and volunteers show by pseudonymous code only, never by
nickname, and only to a user who may view registrations at the row's location
(:meth:`~locations.access.scope.Scope.can`); otherwise the code column is empty.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from agreements.choices import Method, Section
from agreements.models import Agreement, Indicator, RegionTarget, RoomGroup, Target
from locations.access import user_scope
from locations.access.grants import AnyUser
from locations.models import Location
from locations.periods import Period
from reports import measures
from reports.counting import Window
from reports.report import ProgressRow
from reports.selectors import progress_report
from reports.trace.evidence import (
    EVIDENCE,
    Evidence,
    TraceRow,
    codes_visible_to,
    jobs,
    unique_participants,
    without_hidden_codes,
)
from reports.trace.figures import (
    DashboardFigure,
    DashboardFigureTrace,
    FigureNotFound,
    dashboard_figure_trace,
)

__all__ = [
    "DashboardFigure",
    "DashboardFigureTrace",
    "Evidence",
    "FigureNotFound",
    "FigureTrace",
    "TraceNotFound",
    "TraceRow",
    "dashboard_figure_trace",
    "figure_trace",
]


class TraceNotFound(LookupError):
    """The indicator, the location or the period is not one of the agreement's (or not
    visible to the user): the page answers 404."""


@dataclass(frozen=True)
class FigureTrace:
    """The trace of one realised value.

    ``agreement``, ``period``, ``indicator`` and ``location`` (None: all the report's
    locations together, the totals block) say which value; ``locations`` the locations
    counted over; ``row`` the report's row for it (the realised value as the report shows
    it); ``evidence`` the rows and the rule (None when no measure realises the indicator);
    ``shows_codes`` whether the viewer sees pseudonymous codes at all. ``group`` (issue 12):
    the room group whose rooms together are counted (``location`` then None; ``row`` the
    group block's row, against the group's own target), None otherwise."""

    agreement: Agreement
    period: Period
    indicator: Indicator
    location: Location | None
    locations: list[Location]
    row: ProgressRow
    evidence: Evidence | None
    shows_codes: bool
    group: RoomGroup | None = None

    @property
    def agrees(self) -> bool:
        """True when the figure of the rows equals the report's realised value (and its Y
        for "X op Y", its outcome for a check)."""
        if self.evidence is None:
            return self.row.realised is None
        evidence = self.evidence
        if evidence.positive is not None or self.row.method in (Method.BUDGET, Method.AUDIT):
            return evidence.positive == _positive(self.row)
        return evidence.value == self.row.realised and (
            evidence.value_of is None or evidence.value_of == self.row.realised_of
        )


def _positive(row: ProgressRow) -> bool | None:
    """The outcome of a check as the row shows it (its display text)."""
    return {_(measures.POSITIVE_TEXT): True, _(measures.NEGATIVE_TEXT): False}.get(
        row.realised_text
    )


def _evidence(ctx: measures.MeasureContext, indicator: Indicator) -> Evidence | None:
    if indicator.method in (Method.UNIQUE, Method.JOBS):
        if indicator.section != Section.PROCES:
            return None
        if indicator.method == Method.JOBS:
            return jobs(ctx, indicator.code)
        return unique_participants(ctx, indicator.categories)
    measure = measures.measure_for(indicator)
    if measure is None or measure.function not in EVIDENCE:
        return None
    return EVIDENCE[measure.function](ctx, indicator.code)


def figure_trace(
    *,
    user: AnyUser,
    agreement: Agreement,
    period: Period,
    indicator_code: str,
    location_id: int | None = None,
    group_code: str | None = None,
) -> FigureTrace:
    """The rows behind the realised value of ``indicator_code`` over ``period`` at location
    ``location_id`` (None: all the agreement's locations the user sees, the report's totals).

    In: the user (whose scope is activated), an agreement the user sees, a period of the
    agreement's year, an indicator code of the agreement, optionally a location id.
    Out: a :class:`FigureTrace`; ``row`` is built by :func:`reports.selectors.progress_report`
    over the same locations, so the page shows the report's value beside the rows' figure.
    Raises :class:`TraceNotFound` for a period outside the agreement's year, an unknown
    indicator code, or a location that is not the agreement's or not visible.

    ``group_code`` (issue 12; with ``location_id`` None): the code of one of the agreement's
    room groups; the rows are those of the group's rooms together and ``row`` is the group
    block's row of the report (:func:`reports.selectors.progress._region_and_groups`: the
    same counting, distinct participants over the rooms, against the group's own targets).
    The user must see every room of the group: a group with a room the user cannot see, a
    group without rooms and an unknown code raise :class:`TraceNotFound` (never a figure over
    part of a group's rooms, as the report shows no group block then).
    """
    if period.year != agreement.year:
        raise TraceNotFound("period not in the agreement's year")
    with user_scope(user) as scope:
        indicator = Indicator.objects.filter(agreement=agreement, code=indicator_code).first()
        if indicator is None:
            raise TraceNotFound("no such indicator")
        locations = list(Location.objects.filter(agreements=agreement).order_by("name", "code"))
        location = None
        group = None
        group_targets: dict[int, RegionTarget] | None = None
        if group_code is not None:
            group, locations = _group_rooms(agreement, group_code, locations)
            group_targets = {
                target.indicator_id: target
                for target in RegionTarget.objects.filter(group=group).order_by()
            }
        elif location_id is not None:
            location = next((loc for loc in locations if loc.pk == location_id), None)
            if location is None:
                raise TraceNotFound("no such location")
            locations = [location]
        report = progress_report(
            user=user,
            agreement=agreement,
            period=period,
            location_codes=[loc.code for loc in locations],
            sections=[indicator.section],
            previous_year=False,
            figures_only=group is not None,
            totals_targets=group_targets,
        )
        block = report.locations[0] if location is not None else report.totals
        row = next(r for r in block.rows if r.indicator_code == indicator.code)
        units = {
            (indicator.code, target.location_id): target.unit
            for target in Target.objects.filter(indicator=indicator)
        }
        ctx = measures.MeasureContext(
            agreement=agreement,
            period=period,
            locations=locations,
            windows={"ytd": Window(period.ytd_start, period.end)},
            units=units,
            descriptions={indicator.code: indicator.description},
        )
        evidence = _evidence(ctx, indicator) if locations else None
    visible = codes_visible_to(scope, locations)
    if evidence is not None:
        evidence = without_hidden_codes(evidence, visible)
    return FigureTrace(
        agreement=agreement,
        period=period,
        indicator=indicator,
        location=location,
        locations=locations,
        row=row,
        evidence=evidence,
        shows_codes=bool(visible),
        group=group,
    )


def _group_rooms(
    agreement: Agreement, group_code: str, visible: list[Location]
) -> tuple[RoomGroup, list[Location]]:
    """The room group ``group_code`` of ``agreement`` and its rooms among ``visible`` (in
    their order). Its rooms are read from the link table, not through the scoped rooms, so a
    room the user cannot see makes the group not found instead of silently smaller."""
    group = RoomGroup.objects.filter(agreement=agreement, code=group_code).first()
    if group is None:
        raise TraceNotFound("no such room group")
    rooms = set(
        RoomGroup.locations.through.objects.filter(roomgroup_id=group.pk).values_list(
            "location_id", flat=True
        )
    )
    shown = [loc for loc in visible if loc.pk in rooms]
    if not rooms or len(shown) != len(rooms):
        raise TraceNotFound("room group empty or not all its rooms visible")
    return group, shown
