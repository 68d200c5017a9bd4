"""What was counted behind the board dashboard's own figures (issue 11, "Every figure is
traceable"): unique participants year to date at a month's end, volunteer hours registered
in a window, and spending against the budget up to a date.

The dashboard (:mod:`reports.selectors.dashboard`) shows these beside the report's indicator
rows; the indicator rows have their trace in :func:`reports.trace.figure_trace`, these three
here, in :func:`dashboard_figure_trace`. Each lists the rows of the very queryset the
dashboard's figure is computed from (:func:`reports.counting.volunteer_hours_rows`,
:func:`budgets.actuals.counted_expenditures`, :func:`reports.counting._contact_rows` through
:func:`reports.trace.evidence.unique_participants`) and puts the figure as the dashboard
computes it beside the rows' figure, so a difference would show.

Who sees what is as for the indicator trace (:mod:`reports.trace`): the page is a page of the
live report (area report); volunteers' and participants' codes show only to a user who may
view registrations at the row's location.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.choices import ALL_CATEGORIES
from agreements.models import Agreement
from budgets.actuals import ALL, budget_vs_actual, counted_expenditures
from locations import formatting
from locations.access import user_scope
from locations.access.grants import AnyUser
from locations.models import Location
from locations.periods import Period, is_open_in
from reports import counting, measures
from reports.counting import Window
from reports.trace.evidence import (
    Evidence,
    TraceRow,
    _sorted,
    _volunteer_codes,
    codes_visible_to,
    without_hidden_codes,
)
from reports.trace.evidence import unique_participants as _unique_participants

__all__ = [
    "DashboardFigure",
    "DashboardFigureTrace",
    "FigureNotFound",
    "check_window",
    "dashboard_figure_trace",
]


class DashboardFigure(StrEnum):
    """The dashboard figures with a trace of their own; the value is the URL's ``figure``
    parameter (a public interface: ``reports:trace``)."""

    #: Distinct participants over every category from ``start`` (1 January) to ``end``.
    PARTICIPANTS = "participants"
    #: Volunteer hours registered from ``start`` to ``end`` (residents' and professionals').
    VOLUNTEER_HOURS = "volunteer_hours"
    #: Spending on the agreement's budget lines from 1 January to ``end`` (euros).
    SPENDING = "spending"

    @property
    def label(self) -> str:
        """The figure's name in the active language."""
        return str(_LABELS[self])


_LABELS = {
    DashboardFigure.PARTICIPANTS: gettext_lazy("Unieke deelnemers"),
    DashboardFigure.VOLUNTEER_HOURS: gettext_lazy("Vrijwilligersuren"),
    DashboardFigure.SPENDING: gettext_lazy("Besteed"),
}


class FigureNotFound(LookupError):
    """The figure, the window or the location is not one the dashboard can show for the
    agreement (or not visible to the user): the page answers 404."""


@dataclass(frozen=True)
class DashboardFigureTrace:
    """The trace of one dashboard figure.

    ``figure`` which one, ``window`` its dates (inclusive), ``location`` the location (None:
    the report's locations together, as the dashboard's agreement-wide chart), ``locations``
    those counted over; ``shown`` the figure as the dashboard computes it (a count of people,
    hours as ``Decimal``, or euros as ``Decimal``); ``evidence`` the rows and the rule;
    ``unit`` how ``shown`` and the rows' amounts read: "count", "hours" or "euro";
    ``shows_codes`` whether the viewer sees pseudonymous codes at all."""

    agreement: Agreement
    figure: DashboardFigure
    period: Period
    window: Window
    location: Location | None
    locations: list[Location]
    shown: int | Decimal
    evidence: Evidence
    unit: str
    shows_codes: bool

    @property
    def agrees(self) -> bool:
        """True when the rows give the figure the dashboard shows."""
        return self.evidence.value == self.shown


def check_window(agreement: Agreement, figure: DashboardFigure, window: Window) -> None:
    """Raise :class:`FigureNotFound` unless ``window`` is one the dashboard shows ``figure``
    over: participants from 1 January to a day of the agreement year (or, for last year's
    line, of the year before), hours over any days of the agreement year, spending from
    1 January of the agreement year to a day of it."""
    if window.start > window.end or window.start.year != window.end.year:
        raise FigureNotFound("not a window within one year")
    year = window.start.year
    if figure is DashboardFigure.VOLUNTEER_HOURS:
        if year != agreement.year:
            raise FigureNotFound("hours are shown within the agreement year")
        return
    years: tuple[int, ...] = (agreement.year, agreement.year - 1)
    if figure is DashboardFigure.SPENDING:
        years = (agreement.year,)
    if year not in years or window.start != date(year, 1, 1):
        raise FigureNotFound("a year-to-date window of the agreement year")


def dashboard_figure_trace(
    *,
    user: AnyUser,
    agreement: Agreement,
    figure: DashboardFigure,
    period: Period,
    window: Window,
    location_id: int | None = None,
) -> DashboardFigureTrace:
    """The rows behind one dashboard figure of ``agreement`` over ``window`` at location
    ``location_id`` (None: the locations of the report over ``period`` the user sees, as
    the dashboard's agreement-wide figures).

    In: the user (whose scope is activated), an agreement the user sees, the dashboard's
    report period (its locations: those open in it, as :func:`reports.selectors.progress_report`
    picks them), the window (:func:`check_window`), optionally a location id. Out: a
    :class:`DashboardFigureTrace`. Raises :class:`FigureNotFound` for a period outside the
    agreement's year, a window the dashboard does not show, or a location that is not the
    agreement's, not open in the period or not visible.
    """
    if period.year != agreement.year:
        raise FigureNotFound("period not in the agreement's year")
    check_window(agreement, figure, window)
    with user_scope(user) as scope:
        locations = [
            loc
            for loc in Location.objects.filter(agreements=agreement).order_by("name", "code")
            if is_open_in(period, loc.opened_on, loc.closed_on)
        ]
        location = None
        if location_id is not None:
            location = next((loc for loc in locations if loc.pk == location_id), None)
            if location is None:
                raise FigureNotFound("no such location")
            locations = [location]
        shown: int | Decimal
        if figure is DashboardFigure.PARTICIPANTS:
            shown, evidence, unit = _participants(agreement, period, locations, location, window)
        elif figure is DashboardFigure.VOLUNTEER_HOURS:
            shown, evidence, unit = _hours(locations, location, window)
        else:
            shown, evidence, unit = _spending(agreement, locations, location, window)
        visible = codes_visible_to(scope, locations)
    evidence = without_hidden_codes(evidence, visible)
    return DashboardFigureTrace(
        agreement=agreement,
        figure=figure,
        period=period,
        window=window,
        location=location,
        locations=locations,
        shown=shown,
        evidence=evidence,
        unit=unit,
        shows_codes=bool(visible),
    )


_EVERYTHING = frozenset({ALL_CATEGORIES})


def _participants(
    agreement: Agreement,
    period: Period,
    locations: list[Location],
    location: Location | None,
    window: Window,
) -> tuple[int, Evidence, str]:
    ids = [loc.pk for loc in locations]
    counts = counting.unique_participant_counts(
        location_ids=ids, category_sets=[_EVERYTHING], windows={"w": window}
    )
    shown = counts[(_EVERYTHING, "w", location.pk if location else None)] if ids else 0
    ctx = measures.MeasureContext(
        agreement=agreement, period=period, locations=locations, windows={"ytd": window}
    )
    evidence = _unique_participants(ctx, [ALL_CATEGORIES]) if ids else Evidence("", "", 0)
    rule = _(
        "Het aantal verschillende geregistreerde deelnemers dat van %(start)s tot en met "
        "%(end)s meedeed aan een activiteit (elke categorie) of een klus liet doen, zoals de "
        "rij Uniek # van de rapportage telt. Wie vaker kwam, of bij twee buurtwerkkamers, "
        "telt één keer; anonieme bezoekers tellen niet mee."
    ) % _dates(window)
    return shown, replace(evidence, rule=rule, counts=_("deelnemers")), "count"


def _hours(
    locations: list[Location], location: Location | None, window: Window
) -> tuple[Decimal, Evidence, str]:
    ids = [loc.pk for loc in locations]
    shown = counting.volunteer_hours(location_ids=ids, windows={"w": window})[
        ("w", location.pk if location else None)
    ]
    codes = {loc.pk: loc.code for loc in locations}
    found = list(
        counting.volunteer_hours_rows(ids, window).values_list(
            "pk", "location_id", "volunteer_id", "date", "span", "hours", "is_professional"
        )
    )
    names = _volunteer_codes(row[2] for row in found)
    rows = [
        TraceRow(
            location_code=codes[loc],
            day=day,
            person=names.get(vid, ""),
            what=_what_hours(span, professional),
            identity=f"hours:{pk}",
            amount=hours,
        )
        for pk, loc, vid, day, span, hours, professional in found
    ]
    evidence = Evidence(
        rule=_(
            "De vrijwilligersuren die zijn geregistreerd met een datum van %(start)s tot en met "
            "%(end)s (een week telt op de datum waarop ze begint); uren van bewoners en van "
            "professionals tellen allebei, zoals de vrijwilligersuren van de begroting."
        )
        % _dates(window),
        counts=_("urenregels"),
        value=sum((row.amount or Decimal(0) for row in rows), Decimal(0)),
        rows=_sorted(rows),
    )
    return shown, evidence, "hours"


def _what_hours(span: str, professional: bool) -> str:
    who = _("professional") if professional else _("bewoner")
    return _("week, %(who)s") % {"who": who} if span == "week" else who


def _spending(
    agreement: Agreement, locations: list[Location], location: Location | None, window: Window
) -> tuple[Decimal, Evidence, str]:
    actual = budget_vs_actual(
        agreement, end=window.end, location_codes=[loc.code for loc in locations]
    )
    total = actual.totals.get(location.code if location else ALL)
    shown = total.spent if total is not None else Decimal(0)
    codes = {loc.pk: loc.code for loc in locations}
    found = list(
        counted_expenditures(agreement, locations, window.end).values_list(
            "pk", "location_id", "date", "line__code", "line__description", "description", "amount"
        )
    )
    rows = [
        TraceRow(
            location_code=codes[loc],
            day=day,
            person="",
            what=f"{code} {line}" + (f": {description}" if description else ""),
            identity=f"expenditure:{pk}",
            amount=amount,
        )
        for pk, loc, day, code, line, description, amount in found
    ]
    evidence = Evidence(
        rule=_(
            "De uitgaven op de regels van de begroting van deze afspraak (ook van een eerdere "
            "versie van de begroting) met een datum van %(start)s tot en met %(end)s, zoals "
            "begroting en besteding ze optelt."
        )
        % _dates(window),
        counts=_("uitgaven"),
        value=sum((row.amount or Decimal(0) for row in rows), Decimal(0)),
        rows=_sorted(rows),
    )
    return shown, evidence, "euro"


def _dates(window: Window) -> dict[str, str]:
    return {
        "start": formatting.format_date(window.start),
        "end": formatting.format_date(window.end),
    }
