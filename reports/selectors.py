"""The progress report of one agreement and period: the whole report as one object (one selector).

:func:`progress_report` returns a :class:`ProgressReport` of plain frozen dataclasses that
carries everything a rendering shows: the realised-vs-target rows, the visits, the
municipality's items (a)-(d) and the financial section (budget, financing, popular budget,
budget versus actual and the differences with the source). It is built once, inside the
scope; the web page, the PDF and the Excel file are pure functions of it (they run no query
and need no scope), and :mod:`reports.serialise` stores it as JSON and rebuilds it exactly.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.choices import ALL_CATEGORIES, Category, Comparator, Method, Section
from agreements.models import Agreement, Indicator, Target
from budgets.actuals import budget_vs_actual
from budgets.figures import budget_overview
from locations.access import user_scope
from locations.formatting import format_number
from locations.models import Location
from locations.periods import Period
from reports import counting, figures, measures
from reports.counting import Window
from reports.financial import FinancialSection, financial_section, has_content

#: Location code of the totals block (all selected locations together).
TOTAL_CODE = "all"
_REGISTRABLE = {Method.UNIQUE, Method.JOBS}


@dataclass(frozen=True)
class ProgressRow:
    """One indicator at one location (or in the totals block) for a period.

    ``realised`` is the realised figure in the target's unit (reports.measures): for counts
    year-to-date (1 Jan of the agreement year up to the period's end) or the state on the
    period's end date; for "X op Y" the X; for surveys the share in percent (62.5 for 62.5%)
    or the mean score; for Interviews the entered estimate; None when there is none and for
    Positief/Negatief checks. ``realised_quarter`` is the quarter alone, only for
    year-to-date counts in a quarterly report. ``target_value`` is the yearly target,
    ``expected_to_date`` its pro-rata share (only for year-to-date counts), ``difference``
    realised minus the yearly target value.

    Added for issue 3 (at the end, never renamed): ``realised_of`` (Y of "X op Y"),
    ``realised_text`` (the display: "12 op 18", "63%", "8,1", "Positief", "—"),
    ``respondents`` (survey respondents behind the result), ``entered_by`` and
    ``entered_source`` (who entered an Interviews/Controle figure and its source).
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
    realised: Decimal | int | None
    realised_quarter: int | None
    difference: Decimal | int | None
    status: str
    status_label: str
    note: str
    realised_of: int | None = None
    realised_text: str = "—"
    respondents: int | None = None
    entered_by: str = ""
    entered_source: str = ""


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
    """A progress report of one agreement over one period: everything its renderings show.

    ``locations`` (one block per location) and ``totals`` hold the indicator rows,
    ``visits`` the visits, ``municipality`` the municipality's items (a)-(d), ``financial``
    the financial section (:class:`reports.financial.FinancialSection`: the budget figures
    over the report's locations, budget versus actual up to the period's end, the formatted
    tables and the differences with the source; None when the agreement has nothing
    financial for those locations). ``generated_on`` is the date it was built: the date the
    files show and carry in their metadata. Fields are only ever appended, with a default.
    """

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
    municipality: MunicipalityItems | None = None
    financial: FinancialSection | None = None


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


def _measured(
    indicator: Indicator,
    counts: _Counts,
    measured: dict[measures.Key, measures.Measured],
    location_id: int | None,
    period: Period,
) -> measures.Measured | None:
    """The realised figure of ``indicator`` at a location (None: the totals), or None when
    nothing realises it."""
    if indicator.method in _REGISTRABLE:
        if indicator.section != Section.PROCES:
            return None
        if indicator.method == Method.JOBS:
            ytd = counts.jobs[("ytd", location_id)]
            quarter = counts.jobs[("quarter", location_id)] if period.is_quarter else None
        else:
            cats = frozenset(indicator.categories)
            ytd = counts.unique[(cats, "ytd", location_id)]
            quarter = counts.unique[(cats, "quarter", location_id)] if period.is_quarter else None
        return measures.Measured(measures.Kind.CUMULATIVE, value=ytd, quarter=quarter)
    return measured.get((indicator.code, location_id))


def _join_notes(*notes: str) -> str:
    return " ".join(note for note in notes if note)


def _row(
    indicator: Indicator,
    *,
    target_text: str,
    comparator: str,
    value: Decimal | None,
    value_of: Decimal | None,
    measured: measures.Measured | None,
    period: Period,
    note: str,
) -> ProgressRow:
    kind = measured.kind if measured is not None else None
    realised = measured.value if measured is not None else None
    pro_rata = kind in measures.Kind.PRO_RATA
    status = figures.status_for(
        realised=realised,
        comparator=comparator or None,
        target_value=value,
        period=period,
        realised_of=measured.value_of if measured is not None else None,
        target_value_of=value_of,
        positive=measured.positive if measured is not None else None,
        pro_rata=pro_rata,
    )
    numeric = comparator in figures.NUMERIC_COMPARATORS
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
        expected_to_date=figures.expected_to_date(value, period) if numeric and pro_rata else None,
        realised=realised,
        realised_quarter=measured.quarter if measured is not None else None,
        difference=figures.difference(realised, value if numeric else None),
        status=status.value,
        status_label=str(status.label),
        note=_join_notes(note, measured.note if measured is not None else ""),
        realised_of=measured.value_of if measured is not None else None,
        realised_text=measured.text if measured is not None else "—",
        respondents=measured.respondents if measured is not None else None,
        entered_by=measured.entered_by if measured is not None else "",
        entered_source=measured.entered_source if measured is not None else "",
    )


def _location_rows(indicators, targets, location: Location, counts, measured, period: Period):
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
                measured=_measured(indicator, counts, measured, location.pk, period),
                period=period,
                note=_("Bron: %(source)s") % {"source": indicator.source}
                if indicator.source
                else "",
            )
        )
    return rows


def _total_rows(indicators, targets, locations: list[Location], counts, measured, period: Period):
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
                target_text=format_number(value) if plain else "—",
                comparator=str(Comparator.AT_LEAST) if plain else "",
                value=value,
                value_of=None,
                measured=_measured(indicator, counts, measured, None, period),
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


@dataclass(frozen=True)
class ItemCountRow:
    """One line of a municipality item: a label (organisation or scheme), the count per
    location code, and the total over the selected locations (a sum: every row is an event)."""

    label: str
    counts: dict[str, int]
    total: int


@dataclass(frozen=True)
class PartnerRow:
    """A partner organisation a location works with under an agreement (item c)."""

    location_code: str
    location_name: str
    partner_name: str
    agreed_on: date
    ended_on: date | None
    note: str


@dataclass(frozen=True)
class MunicipalityItems:
    """What the municipality's report must state explicitly (2019 agreement; DOMAIN.md
    "How each measurement method is realised", items (a)-(d)), year to date
    (``start`` = 1 Jan of the agreement year .. ``end`` = the period's end).

    - (a) ``referrals``: outgoing referrals to formal care and welfare organisations, one
      row per organisation (names compared case-insensitively), ``referrals_total`` per location;
    - (b) ``minima``: minima-scheme applications submitted through the room, one row per
      scheme, ``minima_total`` per location;
    - (c) ``partners``: partner organisations with their agreement date, active at some time
      in the window (agreed on or before ``end``, not ended before ``start``);
    - (d) ``debt_support``: residents supported towards debt assistance, one row per
      organisation, ``debt_support_total`` per location.

    ``locations`` are (code, name) of the selected locations in report order.
    """

    start: date
    end: date
    locations: list[tuple[str, str]]
    referrals: list[ItemCountRow]
    referrals_total: ItemCountRow
    minima: list[ItemCountRow]
    minima_total: ItemCountRow
    partners: list[PartnerRow]
    debt_support: list[ItemCountRow]
    debt_support_total: ItemCountRow


def _item_rows(
    rows, label_field: str, codes: dict[int, str], empty_label: str
) -> tuple[list[ItemCountRow], ItemCountRow]:
    """Grouped ``(location_id, label, n)`` rows as count rows per label (grouped and sorted
    case-insensitively) and the totals row. A group is shown under its most frequent spelling
    (ties: the first in sort order), so the label does not depend on the database's row order."""
    grouped: dict[str, dict[str, int]] = {}
    spellings: dict[str, dict[str, int]] = {}
    totals = dict.fromkeys(codes.values(), 0)
    for row in rows:
        label = (row[label_field] or "").strip() or empty_label
        counts = grouped.setdefault(label.lower(), dict.fromkeys(codes.values(), 0))
        seen = spellings.setdefault(label.lower(), {})
        seen[label] = seen.get(label, 0) + row["n"]
        code = codes[row["location_id"]]
        counts[code] += row["n"]
        totals[code] += row["n"]
    result = [
        ItemCountRow(
            min(spellings[key], key=lambda s, key=key: (-spellings[key][s], s)),
            counts,
            sum(counts.values()),
        )
        for key, counts in sorted(grouped.items())
    ]
    return result, ItemCountRow(_("Totaal"), totals, sum(totals.values()))


def municipality_items(*, locations: list[Location], period: Period) -> MunicipalityItems:
    """The municipality's items (a)-(d) for ``locations`` over the year to date of ``period``.

    In: the selected locations (ordered as in the report) and the period. Must be called
    inside the caller's scope (:func:`progress_report` does): rows are read through the
    default (scoped) managers. Four queries, whatever the number of locations.
    Out: :class:`MunicipalityItems` (counts are numbers of records: referrals, applications,
    supported residents; a person referred twice counts twice, as the municipality asks "how
    many and to whom").
    """
    from registrations.models import (
        DebtSupport,
        MinimaApplication,
        OutgoingReferral,
        PartnerAgreement,
    )

    start, end = period.ytd_start, period.end
    codes = {location.pk: location.code for location in locations}
    names = {location.pk: location.name for location in locations}
    ids = list(codes)

    def grouped(model, field):
        return (
            model.objects.filter(location_id__in=ids, date__range=(start, end))
            .values("location_id", field)
            .annotate(n=Count("pk"))
            .order_by()
        )

    if ids:
        referral_rows = grouped(OutgoingReferral, "organisation_name")
        minima_rows = grouped(MinimaApplication, "scheme")
        debt_rows = grouped(DebtSupport, "organisation_name")
        partner_rows = list(
            PartnerAgreement.objects.filter(location_id__in=ids, agreed_on__lte=end).filter(
                Q(ended_on__isnull=True) | Q(ended_on__gte=start)
            )
        )
    else:
        referral_rows = minima_rows = debt_rows = partner_rows = []
    referrals, referrals_total = _item_rows(
        referral_rows, "organisation_name", codes, _("(organisatie niet vermeld)")
    )
    minima, minima_total = _item_rows(minima_rows, "scheme", codes, _("(regeling niet vermeld)"))
    debt, debt_total = _item_rows(
        debt_rows, "organisation_name", codes, _("(organisatie niet vermeld)")
    )
    order = {location.pk: index for index, location in enumerate(locations)}
    partners = [
        PartnerRow(
            codes[p.location_id],
            names[p.location_id],
            p.partner_name,
            p.agreed_on,
            p.ended_on,
            p.note,
        )
        for p in sorted(
            partner_rows,
            key=lambda p: (order[p.location_id], p.partner_name.lower(), p.agreed_on),
        )
    ]
    return MunicipalityItems(
        start=start,
        end=end,
        locations=[(location.code, location.name) for location in locations],
        referrals=referrals,
        referrals_total=referrals_total,
        minima=minima,
        minima_total=minima_total,
        partners=partners,
        debt_support=debt,
        debt_support_total=debt_total,
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

    In: ``user`` (whose scope is activated; None: the active scope, e.g. a command's
    :func:`~locations.access.system_scope`; outside any scope it raises ScopeError),
    the agreement, a :class:`Period` of the agreement's year, optionally location codes and
    section codes to include (None: all).
    Out: a :class:`ProgressReport` with one :class:`LocationBlock` per visible selected
    location (ordered by name), a totals block over those locations together, and the visits
    per location and category.
    Raises ValueError when the period is not in the agreement's year and PermissionDenied
    when ``user`` cannot see the agreement.

    Rules (DOMAIN.md, 2019 agreement PROCES section): method "unique" counts distinct
    participants year-to-date over the row's categories ("all" = every category); method
    "jobs" counts jobs; every other indicator is realised by its measure in
    :mod:`reports.measures` (issue 3; each rule is documented there) or, when none exists,
    shows its target with status "not recorded". The report also carries the municipality's
    items (a)-(d) (:func:`municipality_items`) and the financial section: the budget overview
    over the report's locations (``budgets.figures.budget_overview``, computed once and also
    used by the Begroting indicator), budget versus actual from 1 January to the period's end
    (``budgets.actuals.budget_vs_actual``, only when the overview has anything financial) and
    their formatted tables (:func:`reports.financial.financial_section`).
    The totals block counts unique rows over all selected locations together (never a sum),
    sums jobs, and sums targets only when every location's target is a plain number.
    A whole report takes a constant number of queries, whatever the number of locations.
    """
    if period.year != agreement.year:
        raise ValueError(f"period {period.code} is not in agreement year {agreement.year}")
    scope = user_scope(user) if user is not None else contextlib.nullcontext()
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
        report_codes = [loc.code for loc in locations]
        overview = budget_overview(agreement, location_codes=report_codes) if locations else None
        codes = {indicator.pk: indicator.code for indicator in indicators}
        context = measures.MeasureContext(
            agreement=agreement,
            period=period,
            locations=locations,
            windows=windows,
            units={
                (codes[indicator_id], location_id): target.unit
                for (indicator_id, location_id), target in targets.items()
                if indicator_id in codes
            },
            budget_overview=overview,
        )
        measured = measures.measure_all(context, indicators)
        blocks = [
            LocationBlock(
                loc.code,
                loc.name,
                _location_rows(indicators, targets, loc, counts, measured, period),
            )
            for loc in locations
        ]
        totals = LocationBlock(
            TOTAL_CODE,
            _("Alle buurtwerkkamers samen"),
            _total_rows(indicators, targets, locations, counts, measured, period),
            is_total=True,
        )
        visits = _visit_rows(locations, period, windows)
        items = municipality_items(locations=locations, period=period)
        financial = None
        if overview is not None and has_content(overview):
            actual = budget_vs_actual(agreement, end=period.end, location_codes=report_codes)
            financial = financial_section(overview, actual)
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
            municipality=items,
            financial=financial,
        )
