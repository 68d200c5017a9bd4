"""The charts of the report page, the dashboard and (after merging) the PDF summary page,
drawn from figures already computed (issue 11, "Charts").

Each function picks plain numbers out of the :class:`~reports.report.ProgressReport` or the
dashboard's dataclasses (:mod:`reports.selectors.dashboard`) and hands them to
:mod:`reports.charts`; nothing is counted or recomputed here, so a chart shows exactly the
figures of the table beside it. Pure functions: no query.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _

from reports.charts import Chart, budget_chart, monthly_chart, progress_chart, with_links
from reports.financial import budget_and_spent
from reports.report import LocationBlock, ProgressReport
from reports.selectors.dashboard import AgreementDashboard, LocationDashboard

__all__ = [
    "agreement_participants_chart",
    "hours_chart",
    "location_participants_chart",
    "month_labels",
    "participants_chart",
    "progress_block_chart",
    "report_budget_chart",
]


def month_labels() -> list[str]:
    """The twelve short month names of the active language ("jan", "feb", ...)."""
    return [str(MONTHS_3[month]) for month in range(1, 13)]


def progress_block_chart(block: LocationBlock) -> Chart | None:
    """Progress per indicator of one location block (or the totals) against its pro-rata
    target: the rows that have one (``expected_to_date``; year-to-date counts), realised as
    the report shows it. None when no row has a pro-rata target."""
    rows = [row for row in block.rows if row.expected_to_date is not None]
    if not rows:
        return None
    return progress_chart(
        title=_("Voortgang per prestatie: %(name)s") % {"name": block.name},
        labels=[row.description for row in rows],
        realised=[
            row.realised if isinstance(row.realised, int | Decimal) else None for row in rows
        ],
        expected=[row.expected_to_date for row in rows],
        targets=[row.target_value for row in rows],
    )


def report_budget_chart(
    report: ProgressReport, spent_link: Callable[[str], str] | None = None
) -> Chart | None:
    """Budget versus actual per location of the report (its financial section: the year's
    budget total and the spending up to the period's end). None without a budget.
    ``spent_link``: location code -> the URL the location's spending links to (the trace of
    the expenditures behind it); None: no links."""
    financial = report.financial
    if financial is None:
        return None
    names = dict(financial.overview.locations)
    figures = budget_and_spent(financial)
    codes = list(figures)
    labels = [names[code] for code in codes]
    budget = [figures[code][0] for code in codes]
    spent = [figures[code][1] for code in codes]
    if not labels:
        return None
    chart = budget_chart(
        title=_("Begroting en besteding t/m %(period)s") % {"period": report.period.label},
        labels=labels,
        budget=budget,
        actual=spent,
    )
    if spent_link is None:
        return chart
    return with_links(chart, [("", spent_link(code), "", "") for code in codes])


def participants_chart(
    title: str,
    this_year: int,
    values: Sequence[int | None],
    last_year: Sequence[int],
    links: Sequence[tuple[str, str]] | None = None,
) -> Chart:
    """Unique participants per month, cumulative (year to date at each month's end, the line
    the report counts), this year against last year; ``this_year`` names the series.
    ``links``: per month the URLs this year's and last year's figure link to ("" for none);
    None: no links."""
    chart = monthly_chart(
        title=title,
        months=month_labels(),
        series=[(str(this_year), list(values)), (str(this_year - 1), list(last_year))],
    )
    if links is None:
        return chart
    return with_links(chart, [("", this, last) for this, last in links])


def agreement_participants_chart(
    dashboard: AgreementDashboard, links: Sequence[tuple[str, str]] | None = None
) -> Chart:
    """The participants chart over all shown locations of one agreement together
    (``links``: as :func:`participants_chart`)."""
    return participants_chart(
        _("Unieke deelnemers, cumulatief: alle getoonde buurtwerkkamers"),
        dashboard.agreement.year,
        dashboard.participants_total,
        dashboard.participants_total_last_year,
        links,
    )


def location_participants_chart(
    year: int, location: LocationDashboard, links: Sequence[tuple[str, str]] | None = None
) -> Chart:
    """The participants chart of one location (``links``: as :func:`participants_chart`)."""
    return participants_chart(
        _("Unieke deelnemers, cumulatief: %(name)s") % {"name": location.name},
        year,
        location.participants,
        location.participants_last_year,
        links,
    )


def hours_chart(
    year: int, location: LocationDashboard, links: Sequence[str] | None = None
) -> Chart:
    """Volunteer hours registered per month at one location (bars). ``links``: per month
    the URL the month's hours link to ("" for none); None: no links."""
    chart = monthly_chart(
        title=_("Vrijwilligersuren per maand: %(name)s") % {"name": location.name},
        months=month_labels(),
        series=[(str(year), list(location.hours))],
        unit="hours",
        kind="bar",
    )
    if links is None:
        return chart
    return with_links(chart, [("", link) for link in links])
