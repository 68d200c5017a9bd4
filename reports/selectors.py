"""The progress report: realised-vs-target rows for one agreement and period (one selector).

:func:`progress_report` returns plain frozen dataclasses; the web table, the PDF and the Excel
file all render these rows and never recompute a figure.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.choices import ALL_CATEGORIES, Category, Comparator, Method, Section
from agreements.models import Agreement, Indicator, Target
from locations.models import Location
from locations.tenancy import scope_for
from reports import counting, figures
from reports.counting import Window
from reports.periods import Period

#: Location code of the totals block (all selected locations together).
TOTAL_CODE = "all"
_REGISTRABLE = {Method.UNIQUE, Method.JOBS}


@dataclass(frozen=True)
class ProgressRow:
    """One indicator at one location (or in the totals block) for a period.

    ``realised`` is year-to-date (1 Jan of the agreement year up to the period's end);
    ``realised_quarter`` the quarter alone (None for a full-year report). Both are None for
    indicators that cannot be registered yet (sections other than PROCES). ``target_value``
    is the yearly target, ``expected_to_date`` its pro-rata share, ``difference`` realised
    minus the yearly target value.
    """

    indicator_code: str
    section: str
    section_label: str
    description: str
    method: str
    method_label: str
    categories: tuple[str, ...]
    category_key: str
    housing_corporation: bool
    target_text: str
    target_comparator: str
    target_value: Decimal | None
    target_value_of: Decimal | None
    expected_to_date: Decimal | None
    realised: int | None
    realised_quarter: int | None
    difference: Decimal | int | None
    status: str
    status_label: str
    note: str


@dataclass(frozen=True)
class LocationBlock:
    """The rows of one location, or of all selected locations together (``is_total``)."""

    code: str
    name: str
    rows: list[ProgressRow]
    is_total: bool = False


@dataclass(frozen=True)
class VisitRow:
    """Visits in one category at one location (code "all" for the totals), year-to-date and
    for the quarter alone (None for a full-year report)."""

    location_code: str
    location_name: str
    category: str
    category_label: str
    anonymous: int
    visits: int
    anonymous_quarter: int | None
    visits_quarter: int | None


@dataclass(frozen=True)
class ProgressReport:
    """A progress report of one agreement over one period."""

    agreement_id: int
    agreement_slug: str
    agreement_title: str
    region_name: str
    year: int
    organisation_name: str
    period: Period
    generated_on: date
    locations: list[LocationBlock]
    totals: LocationBlock
    visits: list[VisitRow]


@dataclass(frozen=True)
class _Counts:
    unique: dict
    jobs: dict


def _category_key(indicator: Indicator) -> str:
    if indicator.section != Section.PROCES:
        return ""
    if ALL_CATEGORIES in indicator.categories:
        return ALL_CATEGORIES
    return "+".join(indicator.categories)


def _realised(indicator: Indicator, counts: _Counts, location_id: int | None, window: str):
    if indicator.section != Section.PROCES or indicator.method not in _REGISTRABLE:
        return None
    if indicator.method == Method.JOBS:
        return counts.jobs[(window, location_id)]
    return counts.unique[(frozenset(indicator.categories), window, location_id)]


def _row(
    indicator: Indicator,
    *,
    target_text: str,
    comparator: str,
    value: Decimal | None,
    value_of: Decimal | None,
    realised: int | None,
    realised_quarter: int | None,
    period: Period,
    note: str,
) -> ProgressRow:
    status = figures.status_for(
        realised=realised, comparator=comparator or None, target_value=value, period=period
    )
    numeric = comparator in figures.NUMERIC_COMPARATORS
    year_to_date = (
        numeric and indicator.section == Section.PROCES and indicator.method in _REGISTRABLE
    )
    return ProgressRow(
        indicator_code=indicator.code,
        section=indicator.section,
        section_label=str(Section(indicator.section).label),
        description=indicator.description,
        method=indicator.method,
        method_label=str(Method(indicator.method).label),
        categories=tuple(indicator.categories),
        category_key=_category_key(indicator),
        housing_corporation=indicator.housing_corporation,
        target_text=target_text,
        target_comparator=comparator,
        target_value=value,
        target_value_of=value_of,
        expected_to_date=figures.expected_to_date(value, period) if year_to_date else None,
        realised=realised,
        realised_quarter=realised_quarter,
        difference=figures.difference(realised, value if numeric else None),
        status=status.value,
        status_label=str(status.label),
        note=note,
    )


def _location_rows(indicators, targets, location: Location, counts: _Counts, period: Period):
    rows = []
    for indicator in indicators:
        target: Target | None = targets.get((indicator.pk, location.pk))
        rows.append(
            _row(
                indicator,
                target_text=target.text if target else "—",
                comparator=target.comparator if target else "",
                value=target.value if target else None,
                value_of=target.value_of if target else None,
                realised=_realised(indicator, counts, location.pk, "ytd"),
                realised_quarter=(
                    _realised(indicator, counts, location.pk, "quarter")
                    if period.is_quarter
                    else None
                ),
                period=period,
                note=_("Bron: %(source)s") % {"source": indicator.source}
                if indicator.source
                else "",
            )
        )
    return rows


def _total_rows(indicators, targets, locations: list[Location], counts: _Counts, period: Period):
    rows = []
    for indicator in indicators:
        found = [targets.get((indicator.pk, loc.pk)) for loc in locations]
        plain = bool(found) and all(
            t is not None and t.comparator == Comparator.AT_LEAST and t.value is not None
            for t in found
        )
        value = sum((t.value for t in found), Decimal(0)) if plain else None
        unique = indicator.section == Section.PROCES and indicator.method == Method.UNIQUE
        rows.append(
            _row(
                indicator,
                target_text=figures.format_number(value) if plain else "—",
                comparator=Comparator.AT_LEAST if plain else "",
                value=value,
                value_of=None,
                realised=_realised(indicator, counts, None, "ytd"),
                realised_quarter=(
                    _realised(indicator, counts, None, "quarter") if period.is_quarter else None
                ),
                period=period,
                note=_("Unieke personen over de buurtwerkkamers samen, geen optelsom.")
                if unique
                else "",
            )
        )
    return rows


def _visit_rows(locations: list[Location], period: Period, windows: dict) -> list[VisitRow]:
    """Visit rows per location (category by category), then the totals per category."""
    found = counting.visit_counts(location_ids=[loc.pk for loc in locations], windows=windows)
    rows: list[VisitRow] = []
    sums = {category: [0, 0, 0, 0] for category in Category}
    for location in locations:
        for category in Category:
            ytd = found.get(("ytd", location.pk, category.value), counting.VisitCount())
            quarter = found.get(("quarter", location.pk, category.value), counting.VisitCount())
            values = [ytd.anonymous, ytd.total, quarter.anonymous, quarter.total]
            sums[category] = [a + b for a, b in zip(sums[category], values, strict=True)]
            rows.append(_visit_row(location.code, location.name, category, values, period))
    if locations:
        for category in Category:
            rows.append(_visit_row(TOTAL_CODE, _("Totaal"), category, sums[category], period))
    return rows


def _visit_row(code: str, name: str, category: Category, values: list[int], period: Period):
    anonymous, visits, anonymous_quarter, visits_quarter = values
    return VisitRow(
        location_code=code,
        location_name=name,
        category=category.value,
        category_label=str(category.label),
        anonymous=anonymous,
        visits=visits,
        anonymous_quarter=anonymous_quarter if period.is_quarter else None,
        visits_quarter=visits_quarter if period.is_quarter else None,
    )


def progress_report(
    *,
    user,
    agreement: Agreement,
    period: Period,
    location_codes: list[str] | None = None,
    sections: list[str] | None = None,
) -> ProgressReport:
    """Build the progress report of ``agreement`` over ``period``.

    In: ``user`` (whose scope is activated; None for system use such as commands),
    the agreement, a :class:`Period` of the agreement's year, optionally location codes and
    section codes to include (None: all).
    Out: a :class:`ProgressReport` with one :class:`LocationBlock` per visible selected
    location (ordered by name), a totals block over those locations together, and the visits
    per location and category.
    Raises ValueError when the period is not in the agreement's year and PermissionDenied
    when ``user`` cannot see the agreement.

    Rules (DOMAIN.md, 2019 agreement PROCES section): method "unique" counts distinct
    participants year-to-date over the row's categories ("all" = every category); method
    "jobs" counts jobs; every other indicator shows its target with status "not recorded".
    The totals block counts unique rows over all selected locations together (never a sum),
    sums jobs, and sums targets only when every location's target is a plain number.
    A whole report takes a constant number of queries, whatever the number of locations.
    """
    if period.year != agreement.year:
        raise ValueError(f"period {period.code} is not in agreement year {agreement.year}")
    scope = scope_for(user) if user is not None else contextlib.nullcontext()
    with scope:
        if user is not None and not Agreement.objects.filter(pk=agreement.pk).exists():
            raise PermissionDenied("agreement not visible to this user")
        locations = list(Location.objects.filter(agreements=agreement).order_by("name", "code"))
        if location_codes is not None:
            locations = [loc for loc in locations if loc.code in set(location_codes)]
        indicators = list(Indicator.objects.filter(agreement=agreement).order_by("position", "pk"))
        if sections is not None:
            indicators = [i for i in indicators if i.section in set(sections)]
        targets = {
            (t.indicator_id, t.location_id): t
            for t in Target.objects.filter(indicator__agreement=agreement)
        }
        windows = {"ytd": Window(period.ytd_start, period.end)}
        if period.is_quarter:
            windows["quarter"] = Window(period.start, period.end)
        location_ids = [loc.pk for loc in locations]
        registrable = [
            i for i in indicators if i.section == Section.PROCES and i.method in _REGISTRABLE
        ]
        counts = _Counts(
            unique=counting.unique_participant_counts(
                location_ids=location_ids,
                category_sets={
                    frozenset(i.categories) for i in registrable if i.method == Method.UNIQUE
                },
                windows=windows,
            ),
            jobs=counting.job_counts(location_ids=location_ids, windows=windows)
            if any(i.method == Method.JOBS for i in registrable)
            else {},
        )
        blocks = [
            LocationBlock(
                loc.code, loc.name, _location_rows(indicators, targets, loc, counts, period)
            )
            for loc in locations
        ]
        totals = LocationBlock(
            TOTAL_CODE,
            _("Alle buurtwerkkamers samen"),
            _total_rows(indicators, targets, locations, counts, period),
            is_total=True,
        )
        visits = _visit_rows(locations, period, windows)
    return ProgressReport(
        agreement_id=agreement.pk,
        agreement_slug=agreement.slug,
        agreement_title=agreement.title,
        region_name=agreement.region_name,
        year=agreement.year,
        organisation_name=agreement.organisation.name,
        period=period,
        generated_on=timezone.localdate(),
        locations=blocks,
        totals=totals,
        visits=visits,
    )
