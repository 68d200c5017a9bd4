"""The rows of the progress report: an indicator's realised-vs-target row at a location and in
the totals block, and the visits per location and category.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from agreements.choices import ALL_CATEGORIES, Category, Comparator, Method, Section
from agreements.models import Indicator, RegionTarget, Target
from locations.formatting import format_number, format_percentage
from locations.models import Location
from locations.periods import Period, open_share
from reports import counting, measures, status
from reports.labels import label, text
from reports.report import (
    TOTAL_CODE,
    ProgressRow,
    VisitRow,
)

_REGISTRABLE = {Method.UNIQUE, Method.JOBS}


class _Labels:
    """The labels of a report's rows, each translated once per report: ``labels(choice)`` is
    :func:`reports.labels.label` remembered by (enum, value). One is made per report (so the
    active language is the one the report is built in)."""

    def __init__(self) -> None:
        self._found: dict[tuple[type, object], str] = {}

    def __call__(self, choice: Section | Method | status.Status | Category) -> str:
        key = (type(choice), choice.value)
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = label(choice)
        return found


@dataclass(frozen=True)
class _Counts:
    """The PROCES counts of a report: :func:`reports.counting.unique_participant_counts` and
    :func:`reports.counting.job_counts` (empty when no indicator counts jobs)."""

    unique: dict[tuple[counting.CategorySet, str, int | None], int]
    jobs: dict[tuple[str, int | None], int]


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
    labels: _Labels,
    target_text: str,
    comparator: str,
    value: Decimal | None,
    value_of: Decimal | None,
    measured: measures.Measured | None,
    period: Period,
    note: str,
    share: Fraction | Decimal | None = None,
    value_max: Decimal | None = None,
) -> ProgressRow:
    kind = measured.kind if measured is not None else None
    realised = measured.value if measured is not None else None
    pro_rata = kind in measures.Kind.PRO_RATA
    if kind == measures.Kind.X_OF_Y and measured is not None:
        note = _join_notes(note, _take_up_note(measured, value_of, period, share))
    row_status = status.status_for(
        realised=realised,
        comparator=comparator or None,
        target_value=value,
        period=period,
        realised_of=measured.value_of if measured is not None else None,
        target_value_of=value_of,
        positive=measured.positive if measured is not None else None,
        pro_rata=pro_rata,
        share=share,
        target_value_max=value_max,
    )
    numeric = comparator in status.NUMERIC_COMPARATORS
    return ProgressRow(
        indicator_code=indicator.code,
        section=indicator.section,
        section_label=labels(Section(indicator.section)),
        description=indicator.description,
        method=indicator.method,
        method_label=labels(Method(indicator.method)),
        categories=tuple(indicator.categories),
        category_key=_category_key(indicator),
        housing_corporation=indicator.housing_corporation,
        target_text=target_text,
        target_comparator=comparator,
        target_value=value,
        target_value_of=value_of,
        expected_to_date=(
            status.expected_to_date(value, period, share) if numeric and pro_rata else None
        ),
        realised=realised,
        realised_quarter=measured.quarter if measured is not None else None,
        difference=status.difference(realised, value if numeric else None),
        status=row_status.value,
        status_label=labels(row_status),
        note=_join_notes(note, measured.note if measured is not None else ""),
        realised_of=measured.value_of if measured is not None else None,
        realised_text=measured.text if measured is not None else "—",
        respondents=measured.respondents if measured is not None else None,
        entered_by=measured.entered_by if measured is not None else "",
        entered_source=measured.entered_source if measured is not None else "",
        public_note=(
            _join_notes(note, measured.public_note)
            if measured is not None and measured.public_note is not None
            else None
        ),
    )


def _printed_note(target: Target | RegionTarget | None) -> str:
    """ "Zoals vermeld: 'Min. 10'." when the document prints the target otherwise than its
    normalised text (issue 12: the printed text is kept exactly and shown beside the parsed
    target); "" when they differ only in spacing."""
    if target is None or not target.printed_text:
        return ""
    if " ".join(target.printed_text.split()) == target.text:
        return ""
    return text(gettext_noop("Zoals vermeld: '%(text)s'.")) % {"text": target.printed_text}


def _take_up_note(
    measured: measures.Measured,
    target_of: Decimal | None,
    period: Period,
    share: Fraction | Decimal | None,
) -> str:
    """The note of an "X op Y" row (issue 12): the take-up share X/Y ("Deelname: 83% van de
    aangemelden.") and, when fewer were referred than the target's Y (pro rata during the
    year, like X), "Minder aangemeld dan de 20 van het streefcijfer." The status is judged on
    X alone (``reports.status.status_for``)."""
    parts = []
    if measured.value is not None and measured.value_of:
        take_up = status.percentage(measured.value, measured.value_of)
        parts.append(
            _("Deelname: %(share)s van de aangemelden.") % {"share": format_percentage(take_up)}
        )
    expected_of = status.expected_to_date(target_of, period, share)
    if expected_of is not None and (measured.value_of or 0) < expected_of:
        parts.append(
            _("Minder aangemeld dan de %(y)s van het streefcijfer.")
            % {"y": format_number(expected_of)}
        )
    return _join_notes(*parts)


#: (indicator id, location id) -> the target of the indicator at the location
_Targets = dict[tuple[int, int], Target]


def _location_rows(
    indicators: Sequence[Indicator],
    targets: _Targets,
    location: Location,
    counts: _Counts,
    measured: dict[measures.Key, measures.Measured],
    period: Period,
    labels: _Labels,
) -> list[ProgressRow]:
    rows = []
    share = open_share(period, location.opened_on, location.closed_on)
    source_note = text(gettext_noop("Bron: %(source)s"))
    for indicator in indicators:
        target: Target | None = targets.get((indicator.pk, location.pk))
        rows.append(
            _row(
                indicator,
                labels=labels,
                target_text=target.text if target else "—",
                comparator=target.comparator if target else "",
                value=target.value if target else None,
                value_of=target.value_of if target else None,
                measured=_measured(indicator, counts, measured, location.pk, period),
                period=period,
                note=_join_notes(
                    source_note % {"source": indicator.source} if indicator.source else "",
                    _printed_note(target),
                ),
                share=share,
                value_max=target.value_max if target else None,
            )
        )
    return rows


def _total_rows(
    indicators: Sequence[Indicator],
    targets: _Targets,
    locations: list[Location],
    counts: _Counts,
    measured: dict[measures.Key, measures.Measured],
    period: Period,
    labels: _Labels,
) -> list[ProgressRow]:
    rows = []
    shares = {loc.pk: open_share(period, loc.opened_on, loc.closed_on) for loc in locations}
    unique_note = text(
        gettext_noop("Unieke personen over de buurtwerkkamers samen, geen optelsom.")
    )
    for indicator in indicators:
        found = [targets.get((indicator.pk, loc.pk)) for loc in locations]
        values = [
            t.value
            for t in found
            if t is not None and t.comparator == Comparator.AT_LEAST and t.value is not None
        ]
        plain = bool(found) and len(values) == len(found)
        value = sum(values, Decimal(0)) if plain else None
        # The pro-rata share of a summed target: each room's target × its open share.
        share = (
            sum(
                (Fraction(v) * shares[loc.pk] for v, loc in zip(values, locations, strict=True)),
                Fraction(0),
            )
            / Fraction(value)
            if plain and value
            else None
        )
        unique = indicator.section == Section.PROCES and indicator.method == Method.UNIQUE
        rows.append(
            _row(
                indicator,
                labels=labels,
                target_text=format_number(value) if plain else "—",
                comparator=str(Comparator.AT_LEAST) if plain else "",
                value=value,
                value_of=None,
                measured=_measured(indicator, counts, measured, None, period),
                period=period,
                note=unique_note if unique else "",
                share=share,
            )
        )
    return rows


def _visit_rows(
    locations: list[Location],
    period: Period,
    windows: dict[str, counting.Window],
    labels: _Labels | None = None,
) -> list[VisitRow]:
    """Visit rows per location (category by category), then the totals per category.
    ``labels``: the report's label memory (None: a new one)."""
    labels = labels if labels is not None else _Labels()
    found = counting.visit_counts(location_ids=[loc.pk for loc in locations], windows=windows)
    rows: list[VisitRow] = []
    sums = {category: [0, 0, 0, 0] for category in Category}
    for location in locations:
        for category in Category:
            ytd = found.get(("ytd", location.pk, category.value), counting.VisitCount())
            quarter = found.get(("quarter", location.pk, category.value), counting.VisitCount())
            values = [ytd.anonymous, ytd.total, quarter.anonymous, quarter.total]
            sums[category] = [a + b for a, b in zip(sums[category], values, strict=True)]
            rows.append(_visit_row(location.code, location.name, category, values, period, labels))
    if locations:
        total = text(gettext_noop("Totaal"))
        for category in Category:
            rows.append(_visit_row(TOTAL_CODE, total, category, sums[category], period, labels))
    return rows


def _visit_row(
    code: str, name: str, category: Category, values: list[int], period: Period, labels: _Labels
) -> VisitRow:
    anonymous, visits, anonymous_quarter, visits_quarter = values
    return VisitRow(
        location_code=code,
        location_name=name,
        category=category.value,
        category_label=labels(category),
        anonymous=anonymous,
        visits=visits,
        anonymous_quarter=anonymous_quarter if period.is_quarter else None,
        visits_quarter=visits_quarter if period.is_quarter else None,
    )


def _with_stated_targets(
    rows: Sequence[ProgressRow],
    indicators: Sequence[Indicator],
    stated: Mapping[int, RegionTarget],
    counts: _Counts,
    measured: dict[measures.Key, measures.Measured],
    period: Period,
) -> list[ProgressRow]:
    """The totals block's ``rows`` compared with the targets ``stated`` for the rooms together
    (issue 12: the region's or a group's :class:`~agreements.models.RegionTarget`, by
    indicator id) instead of the sum of the rooms' targets; rows without one are kept as
    they are. The realised figure is the totals' own (``measured`` at location None: unique
    participants over the rooms, never a sum); status, pro-rata expectation (by the period's
    share of the year), difference and the "X op Y" notes as for a room's target
    (:func:`_row`), and the printed text beside the parsed one (:func:`_printed_note`)."""
    by_code = {indicator.code: indicator for indicator in indicators}
    result = []
    for row in rows:
        indicator = by_code.get(row.indicator_code)
        target = stated.get(indicator.pk) if indicator is not None else None
        if indicator is None or target is None:
            result.append(row)
            continue
        found = _measured(indicator, counts, measured, None, period)
        pro_rata = found is not None and found.kind in measures.Kind.PRO_RATA
        row_status = status.status_for(
            realised=row.realised,
            comparator=target.comparator or None,
            target_value=target.value,
            period=period,
            realised_of=row.realised_of,
            target_value_of=target.value_of,
            positive=found.positive if found is not None else None,
            pro_rata=pro_rata,
            share=None,
            target_value_max=target.value_max,
        )
        numeric = target.comparator in status.NUMERIC_COMPARATORS
        note = _join_notes(row.note, _printed_note(target))
        if found is not None and found.kind == measures.Kind.X_OF_Y:
            note = _join_notes(note, _take_up_note(found, target.value_of, period, None))
        result.append(
            replace(
                row,
                target_text=target.text,
                target_comparator=target.comparator,
                target_value=target.value,
                target_value_of=target.value_of,
                expected_to_date=(
                    status.expected_to_date(target.value, period) if numeric and pro_rata else None
                ),
                difference=status.difference(row.realised, target.value if numeric else None),
                status=row_status.value,
                status_label=label(row_status),
                note=note,
                public_note=_join_notes(row.public_note, _printed_note(target))
                if row.public_note is not None
                else None,
            )
        )
    return result


def _region_not_compared(
    rows: Sequence[ProgressRow], indicators: Sequence[Indicator], stated: Mapping[int, RegionTarget]
) -> list[ProgressRow]:
    """The totals block's ``rows`` of a report over part of the region (issue 12): a row
    whose indicator has a region target keeps its own comparison (the sum of its rooms'
    targets, as always) and says that the region's target is for all rooms together and is
    not compared with part of them."""
    ids = {indicator.code: indicator.pk for indicator in indicators}
    result = []
    for row in rows:
        target = stated.get(ids.get(row.indicator_code, -1))
        if target is None:
            result.append(row)
            continue
        extra = text(
            gettext_noop(
                "Streefcijfer regio: %(text)s (voor alle buurtwerkkamers samen; "
                "niet vergeleken, dit rapport beslaat een deel ervan)."
            )
        ) % {"text": target.printed_text or target.text}
        result.append(
            replace(
                row,
                note=_join_notes(row.note, extra),
                public_note=_join_notes(row.public_note, extra)
                if row.public_note is not None
                else None,
            )
        )
    return result
