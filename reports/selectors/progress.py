"""The progress report of one agreement and period: the whole report as one object (one selector).

:func:`progress_report` returns a :class:`ProgressReport` of plain frozen dataclasses that
carries everything a rendering shows: the realised-vs-target rows, the visits, the
municipality's items (a)-(d) and the financial section (budget, financing, popular budget,
budget versus actual and the differences with the source). It is built once, inside the
scope; the web page, the PDF and the Excel file are pure functions of it (they run no query
and need no scope), and :mod:`reports.serialise` stores it as JSON and rebuilds it exactly.
"""

from __future__ import annotations

import base64
import contextlib
import mimetypes
from collections.abc import Sequence
from dataclasses import replace

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.choices import AgreementKind, Method, Section
from agreements.models import Agreement, Indicator, RegionTarget, RoomGroup, RoomVersion, Target
from budgets.actuals import budget_vs_actual
from budgets.figures import budget_overview, read_budget_rows
from locations.access import Action, Area, require_scope, user_scope
from locations.access.grants import AnyUser
from locations.db_routing import report_reads
from locations.models import LOGO_MAX_BYTES, Location, Organisation
from locations.periods import Period, is_open_in
from reports import counting, measures
from reports.counting import Window
from reports.financial import financial_section, has_content
from reports.narratives.services import approved_narratives
from reports.plans.selectors import year_over_year
from reports.report import (
    TOTAL_CODE,
    LocationBlock,
    ProgressReport,
    RoomVersionEntry,
)
from reports.selectors.municipality import definitions_of, municipality_items
from reports.selectors.rows import (
    _REGISTRABLE,
    _Counts,
    _Labels,
    _location_rows,
    _region_not_compared,
    _total_rows,
    _visit_rows,
    _with_stated_targets,
)


def progress_report(
    *,
    user: AnyUser,
    agreement: Agreement,
    period: Period,
    location_codes: list[str] | None = None,
    sections: list[str] | None = None,
    previous_year: bool = True,
    figures_only: bool = False,
    totals_targets: dict[int, RegionTarget] | None = None,
    region_targets: bool | None = None,
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
    items the agreement defines (:func:`municipality_items`; e.g. (a)-(d), None when it
    defines none) and the financial section: the budget overview
    over the report's locations (``budgets.figures.budget_overview``, computed once and also
    used by the Begroting indicator), budget versus actual from 1 January to the period's end
    (``budgets.actuals.budget_vs_actual``, only when the overview has anything financial) and
    their formatted tables (:func:`reports.financial.financial_section`), and the approved
    narratives of its locations in the period
    (:func:`reports.narratives.services.approved_narratives`, issue 11); the report of a
    multi-year plan also its plan against realised per year (``plan``,
    :func:`reports.plans.selectors.year_over_year`, issue 12) when the scope may read the plan
    page (view oversight: the board, admins, system code; not a coordinator).
    The totals block counts unique rows over all selected locations together (never a sum),
    sums jobs, and sums targets only when every location's target is a plain number.
    A whole report takes a constant number of queries, whatever the number of locations.
    Its reads go to the read replica when ``DATABASE_REPLICA_URL`` is set, except inside a
    transaction on the primary (:func:`locations.db_routing.report_reads`).

    Previous-year figures (issue 11): in a year report (``period`` "YYYY") with
    ``previous_year`` True, every row carries the realised figure of the same indicator code
    at the same location (location code) in the previous year's agreement of the same
    organisation and region, from that year's own full-year report over the locations of
    this report it had (:func:`_with_previous`; the totals beside the totals over those
    locations). The previous agreement must be visible in the scope; without one the report
    is as before (``previous_year`` None on it).

    ``figures_only`` True (the board dashboard, :mod:`reports.selectors.dashboard`): only the
    indicator rows (locations and totals) and the financial section are built, counted exactly
    as above; the parts the dashboard does not show are left empty (``visits`` [],
    ``municipality`` None, ``narratives`` [], ``logo`` "", no previous-year figures). Such a
    report is for reading its figures, never for rendering or issuing as a report file.
    """
    if period.year != agreement.year:
        raise ValueError(f"period {period.code} is not in agreement year {agreement.year}")
    scope = user_scope(user) if user is not None else contextlib.nullcontext()
    # Only reads: from the read replica when one is configured (locations.db_routing).
    with scope, report_reads():
        if user is not None and not Agreement.objects.filter(pk=agreement.pk).exists():
            raise PermissionDenied("agreement not visible to this user")
        locations = list(Location.objects.filter(agreements=agreement).order_by("name", "code"))
        if location_codes is not None:
            locations = [loc for loc in locations if loc.code in set(location_codes)]
        selected_ids = {loc.pk for loc in locations}  # before the open rooms' filter
        # A room not open on any day of the year to date is left out (issue 12).
        locations = [loc for loc in locations if is_open_in(period, loc.opened_on, loc.closed_on)]
        indicators = list(
            Indicator.objects.filter(agreement=agreement)
            .annotate(
                has_region_targets=Exists(RegionTarget.objects.filter(indicator=OuterRef("pk")))
            )
            .order_by("position", "pk")
        )
        if sections is not None:
            indicators = [i for i in indicators if i.section in set(sections)]
        # Unordered: one target per indicator and location (target_unique), and the default
        # ordering would join the agreement, organisation and location to sort them.
        targets = {
            (t.indicator_id, t.location_id): t
            for t in Target.objects.filter(indicator__agreement=agreement).order_by()
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
        # The budget's lines and amounts, read once for the overview and budget versus actual.
        budget_rows = read_budget_rows(agreement, location_ids) if locations else None
        overview = (
            budget_overview(
                agreement, location_codes=report_codes, locations=locations, budget_rows=budget_rows
            )
            if locations
            else None
        )
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
            descriptions={indicator.code: indicator.description for indicator in indicators},
        )
        measured = measures.measure_all(context, indicators)
        labels = _Labels()
        versions = {} if figures_only else _room_versions(agreement, locations, period)
        blocks = [
            LocationBlock(
                loc.code,
                loc.name,
                _location_rows(indicators, targets, loc, counts, measured, period, labels),
                versions=versions.get(loc.pk, []),
            )
            for loc in locations
        ]
        totals = LocationBlock(
            TOTAL_CODE,
            _("Alle buurtwerkkamers samen"),
            _total_rows(indicators, targets, locations, counts, measured, period, labels),
            is_total=True,
        )
        groups: list[LocationBlock] = []
        region_compared = False
        if totals_targets is not None:
            totals = replace(
                totals,
                rows=_with_stated_targets(
                    totals.rows, indicators, totals_targets, counts, measured, period
                ),
            )
        elif any(getattr(i, "has_region_targets", False) for i in indicators) and (
            not figures_only if region_targets is None else region_targets
        ):
            totals, groups, region_compared = _region_and_groups(
                agreement, period, sections, indicators, selected_ids, totals, counts, measured
            )
        visits = [] if figures_only else _visit_rows(locations, period, windows, labels)
        items = None
        if agreement.municipality_items and not figures_only:
            items = municipality_items(
                locations=locations,
                period=period,
                definitions=definitions_of(agreement.municipality_items),
            )
        financial = None
        if overview is not None and has_content(overview):
            actual = budget_vs_actual(
                agreement,
                end=period.end,
                location_codes=report_codes,
                locations=locations,
                budget_rows=budget_rows,
            )
            financial = financial_section(overview, actual)
        previous = None
        if previous_year and not figures_only and not period.is_quarter:
            previous = _previous_report(agreement, [loc.code for loc in locations], sections)
        if previous is not None:
            blocks = [_with_previous(block, previous) for block in blocks]
            totals = _with_previous(totals, previous)
        plan = None
        if (
            agreement.kind == AgreementKind.MULTI_YEAR_PLAN
            and not figures_only
            and require_scope().can(
                Action.VIEW, Area.OVERSIGHT, organisation_id=agreement.organisation_id
            )
        ):
            # Issue 12: the rows of the plan page, for whoever may read that page (the board,
            # admins, system code): never a plan figure over only the rooms a coordinator sees.
            plan = year_over_year(agreement)
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
            narratives=[]
            if figures_only
            else approved_narratives(agreement=agreement, locations=locations, period=period),
            previous_year=previous.year if previous is not None else None,
            logo="" if figures_only else organisation_logo(agreement.organisation),
            groups=groups,
            region_compared=region_compared,
            plan=plan,
        )


def _room_versions(
    agreement: Agreement, locations: list[Location], period: Period
) -> dict[int, list[RoomVersionEntry]]:
    """Location id -> the room's versions in ``agreement`` (issue 12) that overlap 1 January
    up to the period's end, in date order; one query."""
    found: dict[int, list[RoomVersionEntry]] = {}
    rows = RoomVersion.objects.filter(
        agreement=agreement, location__in=locations, starts_on__lte=period.end
    ).exclude(ends_on__lt=period.ytd_start)
    for row in rows.order_by("location_id", "starts_on"):
        found.setdefault(row.location_id, []).append(
            RoomVersionEntry(row.label, row.starts_on, row.ends_on)
        )
    return found


def _region_and_groups(
    agreement: Agreement,
    period: Period,
    sections: list[str] | None,
    indicators: Sequence[Indicator],
    selected_ids: set[int],
    totals: LocationBlock,
    counts: _Counts,
    measured: dict,
) -> tuple[LocationBlock, list[LocationBlock], bool]:
    """The totals block compared with the region's targets, the group blocks, and whether the
    region was compared (issue 12; :func:`progress_report`, docs/report-formats.md).

    ``selected_ids``: the report's rooms (visible and selected, before leaving out rooms not
    yet open). The region is compared only when they are every room of the agreement, and a
    group only gets a block when all its rooms are among them: the memberships are read from
    the link tables, not through the scoped rooms, so a room the user cannot see makes the
    group (and the region) incomplete instead of silently smaller. Three queries, and a
    figures-only report per group block."""
    wanted = {indicator.pk for indicator in indicators}
    stated = list(RegionTarget.objects.filter(indicator__agreement=agreement).order_by())
    region = {t.indicator_id: t for t in stated if t.group_id is None and t.indicator_id in wanted}
    all_rooms = set(
        Agreement.locations.through.objects.filter(agreement_id=agreement.pk).values_list(
            "location_id", flat=True
        )
    )
    region_compared = bool(region) and all_rooms == selected_ids
    if region_compared:
        totals = replace(
            totals,
            rows=_with_stated_targets(totals.rows, indicators, region, counts, measured, period),
        )
    elif region:
        totals = replace(totals, rows=_region_not_compared(totals.rows, indicators, region))
    by_group: dict[int, dict[int, RegionTarget]] = {}
    for target in stated:
        if target.group_id is not None and target.indicator_id in wanted:
            by_group.setdefault(target.group_id, {})[target.indicator_id] = target
    groups: list[LocationBlock] = []
    if by_group:
        members: dict[int, set[int]] = {}
        for group_id, location_id in RoomGroup.locations.through.objects.filter(
            roomgroup__agreement_id=agreement.pk
        ).values_list("roomgroup_id", "location_id"):
            members.setdefault(group_id, set()).add(location_id)
        codes = dict(Location.objects.filter(pk__in=selected_ids).values_list("pk", "code"))
        for group in RoomGroup.objects.filter(pk__in=by_group).order_by("position", "pk"):
            rooms = members.get(group.pk, set())
            if not rooms or not rooms <= selected_ids:
                continue  # never compare a group's targets with part of its rooms
            part = progress_report(
                user=None,
                agreement=agreement,
                period=period,
                location_codes=[codes[pk] for pk in rooms],
                sections=sections,
                previous_year=False,
                figures_only=True,
                totals_targets=by_group[group.pk],
            )
            groups.append(
                LocationBlock(
                    group.code,
                    group.name,
                    part.totals.rows,
                    is_group=True,
                    location_codes=tuple(block.code for block in part.locations),
                    location_names=tuple(block.name for block in part.locations),
                )
            )
    return totals, groups, region_compared


def _previous_report(
    agreement: Agreement, location_codes: list[str], sections: list[str] | None
) -> ProgressReport | None:
    """The full-year report of the previous year's agreement of the same organisation and
    region over ``location_codes``, in the active scope; None when there is no such (visible)
    agreement or no location of this report was in it."""
    previous = Agreement.objects.filter(
        organisation_id=agreement.organisation_id,
        region=agreement.region,
        year=agreement.year - 1,
    ).first()
    if previous is None:
        return None
    report = progress_report(
        user=None,
        agreement=previous,
        period=Period(previous.year),
        location_codes=location_codes,
        sections=sections,
        previous_year=False,
        figures_only=True,
    )
    return report if report.locations else None


def _with_previous(block: LocationBlock, previous: ProgressReport) -> LocationBlock:
    """``block`` with each row's previous-year figure from ``previous`` (same location code,
    or the totals; same indicator code)."""
    if block.is_total:
        source: LocationBlock | None = previous.totals
    else:
        source = next((b for b in previous.locations if b.code == block.code), None)
    if source is None:
        return block
    found = {row.indicator_code: row for row in source.rows}
    rows = [
        replace(
            row,
            previous_realised=found[row.indicator_code].realised,
            previous_realised_text=found[row.indicator_code].realised_text,
        )
        if row.indicator_code in found
        else row
        for row in block.rows
    ]
    return replace(block, rows=rows)


def organisation_logo(organisation: Organisation) -> str:
    """The organisation's logo (``Organisation.logo``) as a ``data:`` URL for the report
    files, or "" (the PDF then shows the cooperative's default logo,
    ``static/img/report-logo.svg``) when it has none, its file is gone from storage, is not a
    PNG or JPEG, or is larger than :data:`locations.models.LOGO_MAX_BYTES`. Reads the file
    from Django's storage; no query. Embedding the bytes keeps the PDF a function of the
    report alone and lets WeasyPrint's fetcher stay restricted to static files
    (:class:`reports.pdf.StaticFilesFetcher`).
    """
    field = organisation.logo
    if not field or not field.name:
        return ""
    content_type = mimetypes.guess_type(field.name)[0]
    if content_type not in ("image/png", "image/jpeg"):
        return ""
    try:
        with field.storage.open(field.name, "rb") as handle:
            content = handle.read(LOGO_MAX_BYTES + 1)
    except OSError:
        return ""
    if len(content) > LOGO_MAX_BYTES:
        return ""
    return f"data:{content_type};base64,{base64.b64encode(content).decode()}"
