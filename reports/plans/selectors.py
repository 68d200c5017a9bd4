"""Plan against realised, per year, for a multi-year plan (issue 12, "Multi-year plans").

:func:`year_over_year` returns one :class:`YearOverYear` with a :class:`PlanTable` per measure
(targets, costs per room group, financing per funder category), each a row per item and a
column per year (the reference year first). The web page and the Excel sheet render these
same rows; nothing is recomputed there. The number of queries does not depend on the number
of rooms or years.

Realised figures (only for a year with registrations: any registration dated in that year at
one of the region's rooms, of any kind in :data:`DATED_REGISTRATIONS`: a session, a job,
volunteer hours, a referral in or out, paid work found, a minima application, debt support or
a survey round; the other years show the plan only), over the plan's organisation and region:

- rooms: the rooms of that year's agreement of the same organisation and region (kind
  agreement); lacking one, the region's rooms with a registration that year;
- volunteers and key holders: distinct people who gave residents' volunteer hours at one of
  the region's rooms that year (professionals' hours left out, as
  :func:`reports.measures.states.volunteer_hours_rows` does; unlike it, a volunteer who has
  stopped since still counts for the years they gave hours) or held a key of one of them at
  any day of the year (:class:`~registrations.models.KeyHolding`); a person who is both counts once;
- unique participants: distinct participants over all the region's rooms in the year
  (:func:`reports.counting.unique_participant_counts`, never a sum of rooms);
- costs: spending (:class:`~budgets.models.Expenditure`) that year at the rooms of each room
  group of that year's agreement with the plan's group code; a plan group that agreement does
  not have gets none, and the total is the spending at all the region's rooms;
- financing: the committed (not intended) financing of that year's agreement per funder
  category, the kind the party has in that agreement.

The region's rooms: the rooms of the plan and of every agreement of its organisation and region.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from agreements.choices import ALL_CATEGORIES, AgreementKind, PartyKind
from agreements.models import Agreement, AgreementParty
from budgets.models import Expenditure, Financing
from registrations.models import (
    DebtSupport,
    IncomingReferral,
    Job,
    KeyHolding,
    MinimaApplication,
    OutgoingReferral,
    PaidWork,
    Session,
    SurveyRound,
    VolunteerHours,
)
from reports.counting import Window, unique_participant_counts
from reports.plans.models import PlanMeasure, PlanYear
from reports.plans.overview import PlanCell, PlanRow, PlanTable, YearOverYear

__all__ = ["PlanCell", "PlanRow", "PlanTable", "YearOverYear", "year_over_year"]

#: The registrations with a date and a room that make a year "a year with registrations".
DATED_REGISTRATIONS = (
    Session,
    Job,
    VolunteerHours,
    IncomingReferral,
    OutgoingReferral,
    PaidWork,
    MinimaApplication,
    DebtSupport,
    SurveyRound,
)


def _year_window(year: int) -> Window:
    return Window(date(year, 1, 1), date(year, 12, 31))


def year_over_year(plan: Agreement) -> YearOverYear:
    """The plan's figures against the realised ones per year (module docstring for the
    rules). In: a multi-year plan (an agreement with plan years), read in the caller's scope.
    Out: a :class:`YearOverYear`. A fixed number of queries (about ten), whatever the number of
    rooms."""
    plan_years = list(
        PlanYear.objects.filter(agreement=plan)
        .order_by("-is_reference", "year")
        .prefetch_related("targets", "costs", "financing")
    )
    years = tuple(plan_year.year for plan_year in plan_years)
    reference_year = next(
        (py.year for py in plan_years if py.is_reference), years[0] if years else plan.year
    )
    agreements = list(
        Agreement.objects.filter(
            organisation_id=plan.organisation_id,
            region=plan.region,
            kind=AgreementKind.AGREEMENT,
        ).prefetch_related("locations", "room_groups__locations")
    )
    by_year = {agreement.year: agreement for agreement in agreements}
    room_ids = set(plan.locations.values_list("pk", flat=True))
    for agreement in agreements:
        room_ids.update(location.pk for location in agreement.locations.all())
    realised = _Realised(sorted(room_ids), years, by_year)
    return YearOverYear(
        title=plan.title,
        reference_year=reference_year,
        years=years,
        realised_years=frozenset(realised.active_years),
        tables=(
            _targets_table(plan_years, realised),
            _costs_table(plan, plan_years, realised),
            _financing_table(plan_years, realised),
        ),
    )


class _Realised:
    """The realised figures of the region per year (queries run once, in ``__init__``)."""

    def __init__(self, room_ids: list[int], years: tuple[int, ...], by_year: dict[int, Agreement]):
        self.by_year = by_year
        registered_rooms: dict[int, set[int]] = defaultdict(set)
        if room_ids and years:
            first, *others = (
                model.objects.filter(location_id__in=room_ids, date__year__in=years)
                .annotate(year=ExtractYear("date"))
                .values_list("year", "location_id")
                .order_by()
                for model in DATED_REGISTRATIONS
            )
            for year, location_id in first.union(*others):  # one query, distinct rows
                registered_rooms[year].add(location_id)
        self.registered_rooms = registered_rooms
        self.active_years = {year for year in years if registered_rooms.get(year)}
        self.people: dict[int, set[int]] = defaultdict(set)
        self.participants: dict[int, int] = {}
        self.spent: dict[int, dict[int, Decimal]] = defaultdict(dict)
        self.financing: dict[int, dict[str, Decimal]] = defaultdict(dict)
        if not self.active_years:
            return
        active = sorted(self.active_years)
        hours = (
            VolunteerHours.objects.filter(
                location_id__in=room_ids,
                date__year__in=active,
                is_professional=False,
                volunteer__is_professional=False,
            )
            .annotate(year=ExtractYear("date"))
            .values_list("year", "volunteer_id")
            .distinct()
        )
        for year, volunteer_id in hours:
            self.people[year].add(volunteer_id)
        holdings = KeyHolding.objects.filter(
            location_id__in=room_ids, started_on__lte=date(active[-1], 12, 31)
        ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=date(active[0], 1, 1)))
        for started_on, ended_on, volunteer_id in holdings.values_list(
            "started_on", "ended_on", "volunteer_id"
        ):
            for year in active:
                if started_on <= date(year, 12, 31) and (
                    ended_on is None or ended_on >= date(year, 1, 1)
                ):
                    self.people[year].add(volunteer_id)
        everything = frozenset({ALL_CATEGORIES})
        counts = unique_participant_counts(
            location_ids=room_ids,
            category_sets=[everything],
            windows={str(year): _year_window(year) for year in active},
        )
        self.participants = {year: counts[(everything, str(year), None)] for year in active}
        spending = (
            Expenditure.objects.filter(location_id__in=room_ids, date__year__in=active)
            .annotate(year=ExtractYear("date"))
            .values_list("year", "location_id")
            .annotate(total=Sum("amount"))
            .order_by()
        )
        for year, location_id, total in spending:
            self.spent[year][location_id] = total
        agreement_ids = [by_year[year].pk for year in active if year in by_year]
        kinds = {
            (role.agreement_id, role.party_id): role.stated_kind
            for role in AgreementParty.objects.filter(
                agreement_id__in=agreement_ids
            ).select_related("party")
        }
        year_of = {by_year[year].pk: year for year in active if year in by_year}
        committed = (
            Financing.objects.filter(agreement_id__in=agreement_ids, is_intended=False)
            .values_list("agreement_id", "party_id")
            .annotate(total=Sum("amount"))
            .order_by()
        )
        for agreement_id, party_id, total in committed:
            kind = kinds.get((agreement_id, party_id), PartyKind.OTHER)
            year_amounts = self.financing[year_of[agreement_id]]
            year_amounts[kind] = year_amounts.get(kind, Decimal(0)) + total

    def has(self, year: int) -> bool:
        return year in self.active_years

    def measure(self, measure: str, year: int) -> Decimal | None:
        """The realised figure of a target measure (None for a year without registrations)."""
        if not self.has(year):
            return None
        if measure == PlanMeasure.ROOMS:
            agreement = self.by_year.get(year)
            if agreement is not None:
                return Decimal(len(agreement.locations.all()))
            return Decimal(len(self.registered_rooms[year]))
        if measure == PlanMeasure.VOLUNTEERS_AND_KEY_HOLDERS:
            return Decimal(len(self.people[year]))
        return Decimal(self.participants.get(year, 0))

    def group_spent(self, code: str, year: int) -> Decimal | None:
        """Spending that year at the rooms of the year's agreement's room group ``code``."""
        if not self.has(year):
            return None
        agreement = self.by_year.get(year)
        groups = {group.code: group for group in agreement.room_groups.all()} if agreement else {}
        if code not in groups:
            return None
        spent = self.spent[year]
        return sum(
            (spent.get(location.pk, Decimal(0)) for location in groups[code].locations.all()),
            Decimal(0),
        )

    def total_spent(self, year: int) -> Decimal | None:
        if not self.has(year):
            return None
        return sum(self.spent[year].values(), Decimal(0))

    def financed(self, kind: str, year: int) -> Decimal | None:
        if not self.has(year) or year not in self.by_year:
            return None
        return self.financing[year].get(kind, Decimal(0))

    def total_financed(self, year: int) -> Decimal | None:
        if not self.has(year) or year not in self.by_year:
            return None
        return sum(self.financing[year].values(), Decimal(0))


def _targets_table(plan_years: list[PlanYear], realised: _Realised) -> PlanTable:
    rows = []
    for measure in PlanMeasure:
        cells = []
        for plan_year in plan_years:
            target = next((t for t in plan_year.targets.all() if t.measure == measure), None)
            cells.append(
                PlanCell(
                    year=plan_year.year,
                    plan=target.value if target is not None else None,
                    plan_text=(target.printed_text or target.text) if target is not None else "",
                    realised=realised.measure(measure, plan_year.year),
                )
            )
        rows.append(PlanRow(str(measure.label), tuple(cells)))
    return PlanTable("targets", _("Streefcijfers regio"), tuple(rows))


def _amount_rows(
    plan_years: list[PlanYear],
    attribute: str,
    code_field: str,
    labels: dict[str, str],
    realised_of: Callable[[str, int], Decimal | None],
    total_of: Callable[[int], Decimal | None],
    stated_field: str,
) -> tuple[PlanRow, ...]:
    """Rows per code (in the order the plan first states them), the computed total, and the
    total as stated where the document states one."""
    codes: list[str] = []
    amounts: dict[tuple[int, str], Decimal] = {}
    for plan_year in plan_years:
        for row in sorted(getattr(plan_year, attribute).all(), key=lambda r: r.position):
            code = getattr(row, code_field)
            if code not in codes:
                codes.append(code)
            amounts[(plan_year.year, code)] = row.amount
    rows = [
        PlanRow(
            labels.get(code, code),
            tuple(
                PlanCell(py.year, amounts.get((py.year, code)), "", realised_of(code, py.year))
                for py in plan_years
            ),
        )
        for code in codes
    ]
    totals = tuple(
        PlanCell(
            py.year,
            sum((amounts[(py.year, c)] for c in codes if (py.year, c) in amounts), Decimal(0))
            if any((py.year, c) in amounts for c in codes)
            else None,
            "",
            total_of(py.year),
        )
        for py in plan_years
    )
    rows.append(PlanRow(_("Totaal (berekend)"), totals, is_total=True))
    if any(getattr(py, stated_field) is not None for py in plan_years):
        rows.append(
            PlanRow(
                _("Totaal zoals vermeld (verschil: berekend min vermeld)"),
                tuple(
                    PlanCell(py.year, getattr(py, stated_field), computed=total.plan)
                    if getattr(py, stated_field) is not None
                    else PlanCell(py.year, None)
                    for py, total in zip(plan_years, totals, strict=True)
                ),
                is_stated=True,
            )
        )
    return tuple(rows)


def _costs_table(plan: Agreement, plan_years: list[PlanYear], realised: _Realised) -> PlanTable:
    labels = dict(plan.room_groups.values_list("code", "name"))
    rows = _amount_rows(
        plan_years,
        "costs",
        "group_code",
        labels,
        realised.group_spent,
        realised.total_spent,
        "stated_costs_total",
    )
    return PlanTable("costs", _("Kosten per groep buurtwerkkamers (euro)"), rows)


def _financing_table(plan_years: list[PlanYear], realised: _Realised) -> PlanTable:
    labels = {kind.value: str(kind.label) for kind in PartyKind}
    rows = _amount_rows(
        plan_years,
        "financing",
        "funder_kind",
        labels,
        realised.financed,
        realised.total_financed,
        "stated_financing_total",
    )
    return PlanTable("financing", _("Financiering per soort financier (euro)"), rows)
