"""The board dashboard (issue 11, "The board steers on it"): every location of the running
agreements at a glance, built inside the user's scope (:func:`board_dashboard`).

Nothing is counted differently here. Per agreement the figures come from:

- the progress report (:func:`reports.selectors.progress_report`) over the agreement's
  default period (the latest finished quarter, as the report page opens): the indicator rows
  with their neutral status against the pro-rata target, the budget of the year and the
  budget's volunteer hours (``budgets.figures``) and the spending up to the period's end
  (``budgets.actuals``), all from ``ProgressReport.financial``;
- :func:`reports.counting.unique_participant_counts` with one year-to-date window per month
  (1 January to the month's end; the same count as the report's "Uniek #" row over every
  category), this year and last year, in ONE query;
- :func:`reports.counting.volunteer_hours` with one window per month, in ONE query;
- the next reporting deadline of each agreement (one query for all).

The number of queries grows with the number of agreements shown, never with the number of
locations.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from agreements.choices import ALL_CATEGORIES, Method
from agreements.models import Agreement, ReportingDeadline
from budgets.figures import BudgetOverview
from locations.access import Action, Area, user_scope
from locations.access.grants import AnyUser
from locations.periods import Period, default_period
from reports import counting
from reports.counting import Window
from reports.financial import budget_and_spent
from reports.report import ProgressReport, ProgressRow
from reports.selectors.progress import progress_report
from reports.status import ATTENTION_STATUSES, GOOD_STATUSES

__all__ = [
    "AHEAD",
    "BEHIND",
    "AgreementDashboard",
    "AreaDashboard",
    "Dashboard",
    "LocationDashboard",
    "board_dashboard",
    "month_ends",
]

#: Statuses at or ahead of the pro-rata target ("op koers", "behaald"): the summary page's.
AHEAD = GOOD_STATUSES
#: Statuses behind it ("achter op schema", "onder streefcijfer").
BEHIND = ATTENTION_STATUSES
_EVERYTHING = frozenset({ALL_CATEGORIES})


def month_ends(year: int) -> list[date]:
    """The last day of each month of ``year`` (12 dates)."""
    ends = []
    for month in range(1, 13):
        following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
        ends.append(date.fromordinal(following.toordinal() - 1))
    return ends


@dataclass(frozen=True)
class LocationDashboard:
    """One location of one agreement on the dashboard.

    ``rows`` are the location's indicator rows of the report (``ProgressReport``), ``ahead``
    and ``behind`` those at or ahead of / behind their pro-rata target (:data:`AHEAD`,
    :data:`BEHIND`); the others have nothing to compare yet (``unmeasured``).
    ``participants``: distinct participants year to date at each month's end of the agreement
    year (12 values; None for a month after ``AgreementDashboard.through``),
    ``participants_last_year`` the same for the year before (12 counts);
    ``participants_indicator`` the code of the agreement's "Uniek #" row over every category
    (for the link to what was counted; None when the agreement has none). ``hours``: volunteer
    hours registered per month (None after ``through``), ``hours_total`` their sum,
    ``hours_budget`` the budget's volunteer hours (None when the budget states none).
    ``budget`` the year's budget total, ``spent`` the spending up to the period's end (euros;
    None without a budget), ``spent_share`` spent / budget (None when not applicable).
    """

    location_id: int
    code: str
    name: str
    rows: list[ProgressRow]
    ahead: list[ProgressRow]
    behind: list[ProgressRow]
    participants: list[int | None]
    participants_last_year: list[int]
    participants_indicator: str | None
    hours: list[Decimal | None]
    hours_total: Decimal
    hours_budget: Decimal | None
    budget: Decimal | None
    spent: Decimal | None
    spent_share: Decimal | None

    @property
    def unmeasured(self) -> int:
        """The number of rows with nothing to compare with a pro-rata target yet."""
        return len(self.rows) - len(self.ahead) - len(self.behind)

    @property
    def participants_to_date(self) -> int | None:
        """Distinct participants year to date at the last month counted (None: none yet)."""
        counted = [value for value in self.participants if value is not None]
        return counted[-1] if counted else None

    @property
    def participants_last_year_to_date(self) -> int | None:
        """Last year's figure at the same month's end (None when no month is counted yet)."""
        counted = sum(1 for value in self.participants if value is not None)
        return self.participants_last_year[counted - 1] if counted else None


@dataclass(frozen=True)
class AreaDashboard:
    """The region as a whole, or one group of rooms, compared with the targets the agreement
    states for it (issue 12, "Figures for the whole region or a group of rooms"): ``rows`` the
    report's rows that have such a target (the region's totals block when
    ``ProgressReport.region_compared``, else a group's block; realised over the rooms
    together, distinct participants never summed), ``ahead`` and ``behind`` as
    :class:`LocationDashboard`'s. ``is_group`` False for the region; ``code`` the group's
    code (its trace page, ``reports:group_trace``), "" for the region."""

    name: str
    is_group: bool
    rows: list[ProgressRow]
    ahead: list[ProgressRow]
    behind: list[ProgressRow]
    code: str = ""

    @property
    def unmeasured(self) -> int:
        """The number of rows with nothing to compare with a pro-rata target yet."""
        return len(self.rows) - len(self.ahead) - len(self.behind)


def _areas(report: ProgressReport) -> list[AreaDashboard]:
    """The region (when the report compared it with the region's targets) and every room
    group with a block in ``report``, each with only its rows that have a target."""
    blocks = ([(report.totals, False)] if report.region_compared else []) + [
        (block, True) for block in report.groups
    ]
    areas = []
    for block, is_group in blocks:
        rows = [row for row in block.rows if row.target_text]
        areas.append(
            AreaDashboard(
                name=block.name,
                is_group=is_group,
                code=block.code if is_group else "",
                rows=rows,
                ahead=[row for row in rows if row.status in AHEAD],
                behind=[row for row in rows if row.status in BEHIND],
            )
        )
    return areas


@dataclass(frozen=True)
class AgreementDashboard:
    """One agreement on the dashboard: its report ``period`` (the report page's default),
    ``through`` the last day of the monthly figures (today, or the year's end for a past
    year), the next reporting deadline (None when none is ahead), its locations and the
    ``report`` they were taken from. ``participants_total`` / ``participants_total_last_year``
    count over the shown locations together (a person at two rooms once). ``areas``: the
    region and the room groups compared with their own targets (:class:`AreaDashboard`;
    empty when the agreement states none, or the dashboard shows only some of the rooms)."""

    agreement: Agreement
    period: Period
    through: date
    next_deadline: ReportingDeadline | None
    locations: list[LocationDashboard]
    participants_total: list[int | None]
    participants_total_last_year: list[int]
    report: ProgressReport
    areas: list[AreaDashboard]


@dataclass(frozen=True)
class Dashboard:
    """The whole dashboard: ``agreements`` shown (newest year first, then region);
    ``running`` True when they are this year's agreements (False: no agreement runs this
    year, the latest year's are shown, or the user chose one)."""

    agreements: list[AgreementDashboard]
    running: bool


def _figure(overview: BudgetOverview | None, code: str, name: str) -> Decimal | None:
    if overview is None:
        return None
    figure = overview.figures.get(code, {}).get(name)
    return None if figure is None else figure.computed


def board_dashboard(
    *,
    user: AnyUser,
    today: date,
    agreement_ids: Collection[int] | None = None,
    location_ids: Collection[int] | None = None,
) -> Dashboard:
    """Build the board dashboard for ``user`` on ``today``.

    In: the user (their scope is activated; they must see the board's oversight area, the
    caller's view checks that), today's date, optionally the agreement ids and location ids to
    show (None: every running agreement and all its locations). Without a choice the
    agreements are those of this year ("running"); when none runs this year, those of the
    latest year that has one. Out: a :class:`Dashboard`. Agreements outside the user's
    scope are left out, as are locations outside it.
    """
    with user_scope(user) as scope:
        agreements = scope.restrict(
            Agreement.objects.select_related("organisation"), Action.VIEW, Area.OVERSIGHT
        ).order_by("-year", "region")
        chosen = agreement_ids is not None
        if chosen:
            selected = list(agreements.filter(pk__in=list(agreement_ids or [])))
        else:
            current = list(agreements.filter(year=today.year))
            if current:
                selected = current
            else:
                latest = agreements.filter(year__lte=today.year).first() or agreements.first()
                selected = list(agreements.filter(year=latest.year)) if latest else []
        deadlines: dict[int, ReportingDeadline] = {}
        for deadline in ReportingDeadline.objects.filter(
            agreement__in=selected, due_on__gte=today
        ).order_by("due_on", "pk"):
            deadlines.setdefault(deadline.agreement_id, deadline)
        shown = [
            _agreement_dashboard(agreement, today, location_ids, deadlines.get(agreement.pk))
            for agreement in selected
        ]
        if location_ids is not None:  # a chosen location: only the agreements it is in
            shown = [entry for entry in shown if entry.locations]
    running = bool(shown) and not chosen and all(a.agreement.year == today.year for a in shown)
    return Dashboard(agreements=shown, running=running)


def _agreement_dashboard(
    agreement: Agreement,
    today: date,
    location_ids: Collection[int] | None,
    next_deadline: ReportingDeadline | None,
) -> AgreementDashboard:
    period = default_period(agreement.year, today)
    codes = None
    if location_ids is not None:
        codes = list(
            agreement.locations.filter(pk__in=list(location_ids)).values_list("code", flat=True)
        )
    # Inside the caller's scope (user None: the active one), which already limits the agreements.
    # Only the rows and the financial section: the dashboard shows nothing else of it.
    report = progress_report(
        user=None,
        agreement=agreement,
        period=period,
        location_codes=codes,
        previous_year=False,
        figures_only=True,
        region_targets=True,
    )
    ids = dict(
        agreement.locations.filter(code__in=[b.code for b in report.locations]).values_list(
            "code", "pk"
        )
    )
    through = min(today, date(agreement.year, 12, 31))
    ends = month_ends(agreement.year)
    counted = [end for end in ends if end.replace(day=1) <= through]
    last_ends = month_ends(agreement.year - 1)
    windows = {f"m{i}": Window(date(agreement.year, 1, 1), end) for i, end in enumerate(ends)}
    windows |= {
        f"p{i}": Window(date(agreement.year - 1, 1, 1), end) for i, end in enumerate(last_ends)
    }
    location_pks = list(ids.values())
    unique = counting.unique_participant_counts(
        location_ids=location_pks, category_sets=[_EVERYTHING], windows=windows
    )
    hours = counting.volunteer_hours(
        location_ids=location_pks,
        windows={f"m{i}": Window(end.replace(day=1), end) for i, end in enumerate(ends)},
    )
    overview = report.financial.overview if report.financial else None
    money = budget_and_spent(report.financial) if report.financial else {}

    def participants(location_id: int | None) -> tuple[list[int | None], list[int]]:
        this_year = [
            unique[(_EVERYTHING, f"m{i}", location_id)] if i < len(counted) else None
            for i in range(12)
        ]
        last_year = [unique[(_EVERYTHING, f"p{i}", location_id)] for i in range(12)]
        return this_year, last_year

    indicator = next(
        (
            row.indicator_code
            for row in report.totals.rows
            if row.method == Method.UNIQUE and ALL_CATEGORIES in row.categories
        ),
        None,
    )
    locations = []
    for block in report.locations:
        location_id = ids[block.code]
        this_year, last_year = participants(location_id)
        monthly_hours: list[Decimal | None] = [
            hours[(f"m{i}", location_id)] if i < len(counted) else None for i in range(12)
        ]
        budget, spent = money.get(block.code, (None, None))
        locations.append(
            LocationDashboard(
                location_id=location_id,
                code=block.code,
                name=block.name,
                rows=block.rows,
                ahead=[row for row in block.rows if row.status in AHEAD],
                behind=[row for row in block.rows if row.status in BEHIND],
                participants=this_year,
                participants_last_year=last_year,
                participants_indicator=indicator,
                hours=monthly_hours,
                hours_total=sum((h for h in monthly_hours if h is not None), Decimal(0)),
                hours_budget=_figure(overview, block.code, "volunteer_hours"),
                budget=budget,
                spent=spent,
                spent_share=spent / budget if spent is not None and budget else None,
            )
        )
    total_this, total_last = participants(None)
    return AgreementDashboard(
        agreement=agreement,
        period=period,
        through=through,
        next_deadline=next_deadline,
        locations=locations,
        participants_total=total_this,
        participants_total_last_year=total_last,
        report=report,
        areas=_areas(report),
    )
