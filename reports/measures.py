"""Every indicator realised: the registry indicator code -> measure, and the measures.

The PROCES rows (Uniek #, Klussen #) are counted by :mod:`reports.counting`; every other
indicator of the 2019 and 2021 Zuidoost agreements is realised here (issue 3; DOMAIN.md "How
each measurement method is realised"). Indicator codes are stable across agreement years
(docs/agreement-format.md), so the registry :data:`MEASURES` maps a code to its measure;
:func:`measure_for` falls back on the measurement method for codes not in the registry
(surveys by question code, Interviews and Controle by entered results, Begroting by the budget).

Every measure function takes a :class:`MeasureContext` (the selected locations, the report
period and its windows) and the indicator codes it realises, and answers the whole report in
ONE query (Begroting: none with the selector's budget overview, else the queries of
``budgets.figures.budget_check``), whatever the number of locations:
``{(indicator_code, location_id): Measured}`` for every selected location plus
location ``None`` for the totals block ("all" over the selected locations). Rows are read
through the default (scoped) managers, so inside an active scope only visible rows count.

Windows: "ytd" is 1 January of the agreement year up to the period's end; "quarter" the
quarter alone (only in a quarterly report). "On the end date" means the period's last day.

Kinds (:class:`Kind`) decide how a figure is compared with its target
(``reports.figures.status_for``): only year-to-date cumulative counts (``cumulative``,
``x_of_y``) are compared with the pro-rata share of the yearly target during the year; states
at the period's end (``state``), survey results (``share``, ``score``) and entered figures are
compared with the yearly target itself (achieved, else behind; below target at the year's end).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from agreements.choices import Method
from agreements.models import Agreement, Indicator
from budgets.figures import ALL, BudgetOverview, budget_check
from locations import formatting
from locations.models import Location
from locations.periods import Period, parse_period
from registrations.models import (
    AssociationMember,
    EnteredResult,
    IncomingReferral,
    KeyHolding,
    OutgoingReferral,
    PaidWork,
    PartnerAgreement,
    Placement,
    ReferralKind,
    SurveyResult,
    VolunteerGroup,
    VolunteerHours,
)
from reports.counting import Window

#: Key of a figure: (indicator code, location id); location None is the totals block.
Key = tuple[str, int | None]

POSITIVE_TEXT = "Positief"
NEGATIVE_TEXT = "Negatief"


class Kind:
    """How a measure's figure behaves (see the module docstring)."""

    CUMULATIVE = "cumulative"  # a count over the year to date; pro rata during the year
    STATE = "state"  # a count of people/groups in a state on the period's end date
    X_OF_Y = "x_of_y"  # "X op Y": X take part of Y referred, year to date; pro rata
    SHARE = "share"  # survey: respondent-weighted share who agree, in percent
    SCORE = "score"  # survey: respondent-weighted mean score out of 10
    ENTERED = "entered"  # Interviews: an estimate entered by staff
    CHECK = "check"  # Controle (entered) and Begroting (budget): Positief / Negatief

    PRO_RATA = frozenset({CUMULATIVE, X_OF_Y})


@dataclass(frozen=True)
class Measured:
    """A realised figure of one indicator at one location or in the totals block.

    ``value``: the figure in the target's unit (a count; a share in percent, e.g. 62.5 for
    62.5%; a mean score out of 10; an entered estimate), None when there is none.
    ``value_of``: Y of "X op Y" (the number referred). ``quarter``: the quarter alone (X for
    "X op Y"), only for cumulative kinds in a quarterly report. ``positive``: the outcome of a
    check (True "Positief", False "Negatief"). ``respondents``: survey respondents behind the
    result. ``entered_by`` / ``entered_source``: who entered an estimate or check and its
    source. ``note``: shown under the row. ``unit``: "%" when ``value`` is a percentage.
    """

    kind: str
    value: int | Decimal | None = None
    value_of: int | None = None
    quarter: int | None = None
    positive: bool | None = None
    respondents: int | None = None
    entered_by: str = ""
    entered_source: str = ""
    note: str = ""
    unit: str = ""

    @property
    def text(self) -> str:
        """The display text: "12 op 18", "62%", "8,1", "3%", "Positief"; "—" when none."""
        if self.positive is not None:
            return _(POSITIVE_TEXT) if self.positive else _(NEGATIVE_TEXT)
        if self.value is None:
            return "—"
        if self.kind == Kind.X_OF_Y:
            return _("%(x)s op %(y)s") % {
                "x": formatting.format_number(self.value),
                "y": formatting.format_number(self.value_of),
            }
        if self.kind == Kind.SHARE:
            return formatting.format_percentage(self.value)
        return f"{formatting.format_number(self.value)}{self.unit}"


@dataclass(frozen=True)
class MeasureContext:
    """What every measure needs: the agreement, the period, the selected locations, the
    windows ("ytd" and, for a quarter, "quarter") and each target's unit
    (``{(indicator code, location id): "%" or ""}``). ``budget_overview``: the budget
    figures over the selected locations when the caller has them already
    (``budgets.figures.budget_overview``; the selector computes them once for the report's
    financial section too); None: the Begroting measure computes them itself."""

    agreement: Agreement
    period: Period
    locations: Sequence[Location]
    windows: dict[str, Window]
    units: dict[tuple[str, int], str] = field(default_factory=dict)
    budget_overview: BudgetOverview | None = None

    @property
    def location_ids(self) -> list[int]:
        """The selected locations' ids."""
        return [location.pk for location in self.locations]

    @property
    def end(self) -> date:
        """The period's last day: the date states are counted on."""
        return self.period.end

    @property
    def ytd(self) -> Window:
        """1 January of the agreement year up to the period's end."""
        return self.windows["ytd"]


MeasureFunction = Callable[[MeasureContext, Sequence[str]], dict[Key, Measured]]


@dataclass(frozen=True)
class Measure:
    """A registry entry: the kind, the function computing it, and its rule (for docs)."""

    kind: str
    function: MeasureFunction
    rule: str


def _keys(ctx: MeasureContext) -> list[int | None]:
    return [*ctx.location_ids, None]


def _active_on(day: date, start: str, end: str) -> Q:
    """Rows whose ``start`` field is on or before ``day`` and whose ``end`` field is empty or on
    or after ``day`` (the end date is the last day in the state)."""
    return Q(**{f"{start}__lte": day}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": day}))


def _distinct_counts(
    ctx: MeasureContext, pairs: Iterable[tuple[int, object]]
) -> dict[int | None, int]:
    """Distinct people (or records) per location, and over all locations together (None)."""
    per_location: dict[int | None, set] = defaultdict(set)
    for location_id, person in pairs:
        per_location[location_id].add(person)
        per_location[None].add(person)
    return {key: len(per_location.get(key, ())) for key in _keys(ctx)}


def _person(participant_id: int | None, tag: str, pk: int) -> tuple:
    """The identity counted: the participant when known, else the record itself."""
    return ("participant", participant_id) if participant_id else (tag, pk)


def _state(ctx: MeasureContext, code: str, counts: dict[int | None, int]) -> dict[Key, Measured]:
    return {(code, key): Measured(Kind.STATE, value=counts[key]) for key in _keys(ctx)}


# --- Aantal: states on the period's end date ------------------------------------------------


def key_holders(ctx: MeasureContext, codes: Sequence[str]) -> dict[Key, Measured]:
    """Key holders (sleutelbeheerders) on the period's end date.

    Rule (DOMAIN.md "Aantal": people in a state at the period's end): a :class:`KeyHolding`
    with ``started_on`` <= end and ``ended_on`` empty or >= end (``ended_on`` is the last day
    with the key). Distinct volunteers per location; the totals count a volunteer holding keys
    of two rooms once.
    """
    pairs = (
        KeyHolding.objects.filter(location_id__in=ctx.location_ids)
        .filter(_active_on(ctx.end, "started_on", "ended_on"))
        .values_list("location_id", "volunteer_id")
        .distinct()
    )
    counts = _distinct_counts(ctx, pairs)
    return {k: v for code in codes for k, v in _state(ctx, code, counts).items()}


def active_volunteers(ctx: MeasureContext, codes: Sequence[str]) -> dict[Key, Measured]:
    """Active volunteers at the period's end.

    Rule (decided for issue 3; the agreements' "gem. 250 uren/jaar" is an average the rooms
    aim at, not a threshold per person): a volunteer is active at a location when they have
    at least one :class:`VolunteerHours` row there dated in the year to date (1 Jan..end; a
    week entry counts by its start date) and have not stopped before the end date
    (``Volunteer.ended_on`` empty or >= end). Hours given by paid professionals on a voluntary
    basis (``is_professional``) are recorded separately and do not make an active volunteer.
    Distinct volunteers; the totals count a volunteer at two rooms once.
    """
    ytd = ctx.ytd
    pairs = (
        VolunteerHours.objects.filter(
            location_id__in=ctx.location_ids,
            date__range=(ytd.start, ytd.end),
            is_professional=False,
            volunteer__is_professional=False,
        )
        .filter(Q(volunteer__ended_on__isnull=True) | Q(volunteer__ended_on__gte=ctx.end))
        .values_list("location_id", "volunteer_id")
        .distinct()
    )
    counts = _distinct_counts(ctx, pairs)
    return {k: v for code in codes for k, v in _state(ctx, code, counts).items()}


def volunteer_groups(ctx: MeasureContext, codes: Sequence[str]) -> dict[Key, Measured]:
    """Active volunteer groups on the period's end date.

    Rule (DOMAIN.md "Aantal"): a :class:`VolunteerGroup` with ``active_from`` <= end and
    ``active_to`` empty or >= end. Groups belong to one location, so the totals are the sum.
    """
    rows = (
        VolunteerGroup.objects.filter(location_id__in=ctx.location_ids)
        .filter(_active_on(ctx.end, "active_from", "active_to"))
        .values("location_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = dict.fromkeys(_keys(ctx), 0)
    for row in rows:
        counts[row["location_id"]] = row["n"]
        counts[None] += row["n"]
    return {k: v for code in codes for k, v in _state(ctx, code, counts).items()}


def _members(ctx: MeasureContext, codes: Sequence[str], paying: bool) -> dict[Key, Measured]:
    members = AssociationMember.objects.filter(location_id__in=ctx.location_ids).filter(
        _active_on(ctx.end, "registered_on", "deregistered_on")
    )
    if paying:
        members = members.filter(_active_on(ctx.end, "paying_from", "paying_to"))
    pairs = [
        (loc, _person(participant, "member", pk))
        for loc, participant, pk in members.values_list("location_id", "participant_id", "pk")
    ]
    counts = _distinct_counts(ctx, pairs)
    return {k: v for code in codes for k, v in _state(ctx, code, counts).items()}


def paying_members(ctx: MeasureContext, codes: Sequence[str]) -> dict[Key, Measured]:
    """Paying members of the residents' association on the period's end date (2019).

    Rule (DOMAIN.md "Aantal"): an :class:`AssociationMember` registered on the end date
    (``registered_on`` <= end, ``deregistered_on`` empty or >= end) and paying on it
    (``paying_from`` <= end, ``paying_to`` empty or >= end). Members are counted per
    membership; in the totals a member linked to the same participant at two rooms counts once.
    """
    return _members(ctx, codes, paying=True)


def registered_members(ctx: MeasureContext, codes: Sequence[str]) -> dict[Key, Measured]:
    """Registered members of the residents' association on the period's end date (2021).

    Rule: as :func:`paying_members` without the paying condition.
    """
    return _members(ctx, codes, paying=False)


def work_learning_places(ctx: MeasureContext, codes: Sequence[str]) -> dict[Key, Measured]:
    """People active on a participation, work-learning, sheltered (SW) or internship place on
    the period's end date.

    Rule (2019/2021 agreements, OUTPUT; DOMAIN.md "Aantal"): a :class:`Placement` of any kind
    with ``started_on`` <= end and ``ended_on`` empty or >= end. Distinct participants (a
    placement without a participant counts as one person); the totals count a person once.
    """
    pairs = [
        (loc, _person(participant, "placement", pk))
        for loc, participant, pk in Placement.objects.filter(location_id__in=ctx.location_ids)
        .filter(_active_on(ctx.end, "started_on", "ended_on"))
        .values_list("location_id", "participant_id", "pk")
    ]
    counts = _distinct_counts(ctx, pairs)
    return {k: v for code in codes for k, v in _state(ctx, code, counts).items()}


def partners(ctx: MeasureContext, codes: Sequence[str]) -> dict[Key, Measured]:
    """Partner organisations worked with under an agreement, on the period's end date
    (2019 ``neighbourhood_partners``, 2021 ``scaling_partners``).

    Rule (DOMAIN.md "Aantal": partners worked with): a :class:`PartnerAgreement` with
    ``agreed_on`` <= end and ``ended_on`` empty or >= end; distinct partner names
    (case-insensitive) per location; the totals count a partner of two rooms once.
    """
    pairs = (
        PartnerAgreement.objects.filter(location_id__in=ctx.location_ids)
        .filter(_active_on(ctx.end, "agreed_on", "ended_on"))
        .annotate(name=Lower("partner_name"))
        .values_list("location_id", "name")
        .distinct()
    )
    counts = _distinct_counts(ctx, pairs)
    return {k: v for code in codes for k, v in _state(ctx, code, counts).items()}


# --- Aantal: year-to-date counts --------------------------------------------------------------


def paid_work(ctx: MeasureContext, codes: Sequence[str]) -> dict[Key, Measured]:
    """People who found paid work, year to date (and in the quarter alone).

    Rule (2019/2021 agreements, OUTPUT "vinden van betaald werk"): the number of
    :class:`PaidWork` rows dated in the window; a year-to-date count, so compared pro rata
    during the year. The totals are the sum over the locations.
    """
    aggregates = {
        name: Count("pk", filter=Q(date__range=(w.start, w.end))) for name, w in ctx.windows.items()
    }
    ytd = ctx.ytd
    rows = (
        PaidWork.objects.filter(location_id__in=ctx.location_ids, date__range=(ytd.start, ytd.end))
        .values("location_id")
        .annotate(**aggregates)
        .order_by()
    )
    counts = {(name, key): 0 for name in ctx.windows for key in _keys(ctx)}
    for row in rows:
        for name in ctx.windows:
            counts[(name, row["location_id"])] = row[name]
            counts[(name, None)] += row[name]
    return {
        (code, key): Measured(
            Kind.CUMULATIVE,
            value=counts[("ytd", key)],
            quarter=counts.get(("quarter", key)),
        )
        for code in codes
        for key in _keys(ctx)
    }


def referrals(ctx: MeasureContext, codes: Sequence[str]) -> dict[Key, Measured]:
    """Participants referred from or to agencies, year to date (2021 "doorverwijzen van en naar
    instanties", Aantal deelnemers).

    Rule (decided for issue 3): the distinct participants among (1) residents referred to the
    room by an agency (:class:`IncomingReferral` kind ``agency``) who take part
    (``takes_part``: only they are "deelnemers") and (2) everyone the room referred to an
    agency (:class:`OutgoingReferral`), dated in the window. A referral without a participant
    counts as one person. Two queries. Year-to-date, so compared pro rata during the year;
    the totals count a person once.
    """
    ytd = ctx.ytd
    rows = [
        (loc, _person(participant, "in", pk), day)
        for loc, participant, pk, day in IncomingReferral.objects.filter(
            location_id__in=ctx.location_ids,
            kind=ReferralKind.AGENCY,
            takes_part=True,
            date__range=(ytd.start, ytd.end),
        ).values_list("location_id", "participant_id", "pk", "date")
    ]
    rows += [
        (loc, _person(participant, "out", pk), day)
        for loc, participant, pk, day in OutgoingReferral.objects.filter(
            location_id__in=ctx.location_ids, date__range=(ytd.start, ytd.end)
        ).values_list("location_id", "participant_id", "pk", "date")
    ]
    counts = {
        name: _distinct_counts(
            ctx, [(loc, person) for loc, person, day in rows if w.start <= day <= w.end]
        )
        for name, w in ctx.windows.items()
    }
    return {
        (code, key): Measured(
            Kind.CUMULATIVE,
            value=counts["ytd"][key],
            quarter=counts["quarter"][key] if "quarter" in counts else None,
        )
        for code in codes
        for key in _keys(ctx)
    }


#: Indicator code -> the kind of incoming referral its "X op Y" counts.
REFERRAL_KINDS = {
    "referred_by_agencies": ReferralKind.AGENCY,
    "newcomers": ReferralKind.NEWCOMER,
}


def referred_taking_part(ctx: MeasureContext, codes: Sequence[str]) -> dict[Key, Measured]:
    """ "X op Y" (Aantal op aangemeld), year to date: Y residents referred (aangemeld), X of
    them take part.

    Rule (DOMAIN.md "Aantal op aangemeld"): :class:`IncomingReferral` rows of the indicator's
    kind (``referred_by_agencies``: kind ``agency``; ``newcomers``: kind ``newcomer``) dated in
    the year to date: Y = the referrals, X = those with ``takes_part``. The quarter column shows
    X in the quarter alone. The totals are sums. Status: X is compared with the target's value
    and Y must be at least the target's "op" value (both must hold); pro rata during the year.
    """
    ytd = ctx.ytd
    aggregates = {}
    for name, w in ctx.windows.items():
        in_window = Q(date__range=(w.start, w.end))
        aggregates[f"{name}_y"] = Count("pk", filter=in_window)
        aggregates[f"{name}_x"] = Count("pk", filter=in_window & Q(takes_part=True))
    kinds = {REFERRAL_KINDS.get(code, ReferralKind.AGENCY) for code in codes}
    rows = (
        IncomingReferral.objects.filter(
            location_id__in=ctx.location_ids, kind__in=kinds, date__range=(ytd.start, ytd.end)
        )
        .values("location_id", "kind")
        .annotate(**aggregates)
        .order_by()
    )
    counts: dict[tuple[str, str, int | None], int] = defaultdict(int)
    for row in rows:
        for column in aggregates:
            counts[(row["kind"], column, row["location_id"])] += row[column]
            counts[(row["kind"], column, None)] += row[column]
    result = {}
    for code in codes:
        kind = REFERRAL_KINDS.get(code, ReferralKind.AGENCY)
        for key in _keys(ctx):
            result[(code, key)] = Measured(
                Kind.X_OF_Y,
                value=counts[(kind, "ytd_x", key)],
                value_of=counts[(kind, "ytd_y", key)],
                quarter=counts[(kind, "quarter_x", key)] if "quarter" in ctx.windows else None,
            )
    return result


# --- Enquête ----------------------------------------------------------------------------------

#: Survey indicators answered with a mean score out of 10 ("> 8"); the others with a share.
SCORE_QUESTIONS = frozenset({"staff_volunteers_score", "partner_consultation_score"})
_ONE_DECIMAL = Decimal("0.1")


def surveys(ctx: MeasureContext, codes: Sequence[str]) -> dict[Key, Measured]:
    """Survey (Enquête) results, year to date, weighted by respondents.

    Rule (DOMAIN.md "Enquête"; issue 3): the :class:`SurveyResult` rows whose ``question`` is
    the indicator code, of survey rounds at the location dated 1 Jan..period end (a round in
    Q2 counts in the Q3, Q4 and full-year reports). Shares: sum(share × respondents) /
    sum(respondents), shown in percent (62.5 -> "63%"; compared with "> 50%" as 50); scores:
    the respondent-weighted mean out of 10 ("8,1"; compared with "> 8"). Both are kept to one
    decimal (half up). ``respondents`` is the sum of the rounds' respondents behind the
    result. The totals weigh every round of the selected locations together. Indicators in
    :data:`SCORE_QUESTIONS` take mean scores; others shares (unknown codes: shares when any
    round has one, else scores). No pro rata.
    """
    ytd = ctx.ytd
    respondents = F("survey_round__respondents")
    weighted = DecimalField(max_digits=14, decimal_places=4)
    rows = (
        SurveyResult.objects.filter(
            question__in=codes,
            survey_round__location_id__in=ctx.location_ids,
            survey_round__date__range=(ytd.start, ytd.end),
        )
        .values("survey_round__location_id", "question")
        .annotate(
            share_sum=Sum(ExpressionWrapper(F("share_agree") * respondents, output_field=weighted)),
            share_n=Sum(respondents, filter=Q(share_agree__isnull=False)),
            score_sum=Sum(ExpressionWrapper(F("mean_score") * respondents, output_field=weighted)),
            score_n=Sum(respondents, filter=Q(mean_score__isnull=False)),
        )
        .order_by()
    )
    sums: dict[tuple[str, int | None], list] = defaultdict(lambda: [Decimal(0), 0, Decimal(0), 0])
    for row in rows:
        for key in [
            (row["question"], row["survey_round__location_id"]),
            (row["question"], None),
        ]:
            entry = sums[key]
            entry[0] += row["share_sum"] or 0
            entry[1] += row["share_n"] or 0
            entry[2] += row["score_sum"] or 0
            entry[3] += row["score_n"] or 0
    only_scores = {
        code for (code, loc), entry in sums.items() if loc is None and entry[3] and not entry[1]
    }
    result = {}
    for code in codes:
        share = code not in SCORE_QUESTIONS and (code in MEASURES or code not in only_scores)
        for key in _keys(ctx):
            share_sum, share_n, score_sum, score_n = sums.get((code, key), [0, 0, 0, 0])
            if share:
                value = (
                    (Decimal(share_sum) * 100 / share_n).quantize(_ONE_DECIMAL, ROUND_HALF_UP)
                    if share_n
                    else None
                )
                result[(code, key)] = Measured(
                    Kind.SHARE, value=value, respondents=share_n or None, unit="%"
                )
            else:
                value = (
                    (Decimal(score_sum) / score_n).quantize(_ONE_DECIMAL, ROUND_HALF_UP)
                    if score_n
                    else None
                )
                result[(code, key)] = Measured(Kind.SCORE, value=value, respondents=score_n or None)
    return result


# --- Interviews and Controle (entered) ----------------------------------------------------------


def _period_end(code: str) -> date | None:
    try:
        return parse_period(code).end
    except ValueError:
        return None


def _entered_by(result: EnteredResult) -> str:
    user = result.created_by
    if user is None:
        return _("onbekend")
    return user.get_full_name() or user.get_username()


def entered_results(ctx: MeasureContext, codes: Sequence[str]) -> dict[Key, Measured]:
    """Figures entered by staff: Interviews (an estimate with its unit) and Controle
    (Positief/Negatief).

    Rule (DOMAIN.md "Interviews", "Controle"; issue 3): per location the
    :class:`EnteredResult` for the indicator code whose ``period`` ("YYYY-Qn" or "YYYY") lies
    in the agreement year and ends no later than the report period's end, the latest such
    period winning (a full-year entry "YYYY" ends on 31 December, so it only counts in a Q4 or
    full-year report, and beats a "YYYY-Q4" entry). An entry for Q2 therefore shows in the Q3
    report. The row note names who entered it, the period, the source and the explanation.

    Totals block: Controle is "Positief" when every location is positive, "Negatief" when any
    is negative, else not available; Interviews estimates are summed only when every location
    has an entry and no location's target is a percentage (a count such as rent-arrears cases);
    otherwise the totals show "—" with a note (percentages per room cannot be added up).
    """
    year = ctx.agreement.year
    found: dict[tuple[str, int], tuple[tuple, EnteredResult]] = {}
    results = EnteredResult.objects.filter(
        indicator_code__in=codes,
        location_id__in=ctx.location_ids,
        period__startswith=str(year),
    ).select_related("created_by")
    for result in results:
        end = _period_end(result.period)
        if end is None or end.year != year or end > ctx.end:
            continue
        rank = (end, "Q" not in result.period.upper())
        key = (result.indicator_code, result.location_id)
        if key not in found or rank > found[key][0]:
            found[key] = (rank, result)
    out: dict[Key, Measured] = {}
    for code in codes:
        entries = []
        for location_id in ctx.location_ids:
            entry = found.get((code, location_id))
            unit = ctx.units.get((code, location_id), "")
            if entry is None:
                out[(code, location_id)] = Measured(
                    Kind.ENTERED, unit=unit, note=_("Nog niet ingevoerd.")
                )
                continue
            result = entry[1]
            entries.append((result, unit))
            check = result.positive is not None and result.value is None
            out[(code, location_id)] = Measured(
                Kind.CHECK if check else Kind.ENTERED,
                value=None if check else result.value,
                positive=result.positive if check else None,
                entered_by=_entered_by(result),
                entered_source=result.source,
                unit=unit,
                note=_("Ingevoerd door %(who)s over %(period)s; bron: %(source)s. %(text)s")
                % {
                    "who": _entered_by(result),
                    "period": result.period,
                    "source": result.source,
                    "text": result.explanation,
                },
            )
        out[(code, None)] = _entered_total(ctx, code, entries)
    return out


def _entered_total(ctx: MeasureContext, code: str, entries: list) -> Measured:
    complete = len(entries) == len(ctx.location_ids) and bool(entries)
    checks = [r.positive for r, _unit in entries if r.positive is not None and r.value is None]
    if checks:
        if not all(checks):
            return Measured(Kind.CHECK, positive=False, note=_("Negatief bij minstens één."))
        if complete and len(checks) == len(entries):
            return Measured(Kind.CHECK, positive=True)
        return Measured(Kind.CHECK, note=_("Niet voor alle buurtwerkkamers ingevoerd."))
    if not complete:
        return Measured(
            Kind.ENTERED, note=_("Niet opgeteld: niet voor alle buurtwerkkamers ingevoerd.")
        )
    if any(unit for _r, unit in entries):
        return Measured(Kind.ENTERED, note=_("Niet opgeteld: percentages per buurtwerkkamer."))
    return Measured(
        Kind.ENTERED,
        value=sum((r.value for r, _unit in entries), Decimal(0)),
        note=_("Optelsom van de buurtwerkkamers."),
    )


# --- Begroting --------------------------------------------------------------------------------


def budget(ctx: MeasureContext, codes: Sequence[str]) -> dict[Key, Measured]:
    """Begroting: "Positief" when the financing covers the budget (no shortfall).

    Rule (DOMAIN.md "Begroting"; 2019/2021 agreements, INPUT "geen tekort financiering"):
    ``budgets.figures.budget_check(agreement, location_codes=...)`` per location code and
    "all": True -> Positief, False -> Negatief, None -> not available, with the note
    "begroting of financiering ontbreekt". With ``ctx.budget_overview`` the same rule is
    applied to that overview (no shortfall at the location: Positief), without a query.
    """
    overview = ctx.budget_overview
    if overview is None:
        checks = budget_check(
            ctx.agreement, location_codes=[location.code for location in ctx.locations]
        )
    else:
        checks = {}
        for location_code in [*(code for code, _name in overview.locations), ALL]:
            shortfall = overview.has_shortfall(location_code)
            checks[location_code] = None if shortfall is None else not shortfall
    codes_by_key = {location.pk: location.code for location in ctx.locations}
    codes_by_key[None] = "all"
    missing = _("Begroting of financiering ontbreekt.")
    result = {}
    for code in codes:
        for key, location_code in codes_by_key.items():
            positive = checks.get(location_code)
            result[(code, key)] = Measured(
                Kind.CHECK, positive=positive, note=missing if positive is None else ""
            )
    return result


# --- The registry -----------------------------------------------------------------------------

_STATE_RULE = "state on the period's end date"

#: Indicator code -> measure, for every non-PROCES indicator of the 2019 and 2021 Zuidoost
#: agreements (data/agreements/zuidoost-2019.yaml, zuidoost-2021.yaml).
MEASURES: dict[str, Measure] = {
    # EFFECT: Enquête
    "confidence": Measure(Kind.SHARE, surveys, "survey share, respondent-weighted, ytd"),
    "liveability": Measure(Kind.SHARE, surveys, "survey share, respondent-weighted, ytd"),
    # EFFECT: Interviews
    "benefit_costs": Measure(Kind.ENTERED, entered_results, "entered estimate (%)"),
    "rent_arrears": Measure(Kind.ENTERED, entered_results, "entered estimate (cases)"),
    "nuisance": Measure(Kind.ENTERED, entered_results, "entered estimate (%)"),
    # OUTPUT: Aantal
    "key_holders": Measure(Kind.STATE, key_holders, _STATE_RULE),
    "active_volunteers": Measure(Kind.STATE, active_volunteers, "hours in ytd, not stopped"),
    "volunteer_groups": Measure(Kind.STATE, volunteer_groups, _STATE_RULE),
    "paying_members": Measure(Kind.STATE, paying_members, _STATE_RULE),
    "registered_members": Measure(Kind.STATE, registered_members, _STATE_RULE),
    "work_learning_places": Measure(Kind.STATE, work_learning_places, _STATE_RULE),
    "neighbourhood_partners": Measure(Kind.STATE, partners, _STATE_RULE),
    "scaling_partners": Measure(Kind.STATE, partners, _STATE_RULE),
    "paid_work": Measure(Kind.CUMULATIVE, paid_work, "rows in ytd"),
    "referrals": Measure(Kind.CUMULATIVE, referrals, "distinct people in/out referrals, ytd"),
    # OUTPUT: Aantal op aangemeld
    "referred_by_agencies": Measure(Kind.X_OF_Y, referred_taking_part, "X op Y, ytd"),
    "newcomers": Measure(Kind.X_OF_Y, referred_taking_part, "X op Y, ytd"),
    # INPUT
    "budget_spending": Measure(Kind.CHECK, budget, "budgets.figures.budget_check"),
    "accountable_spending": Measure(Kind.CHECK, entered_results, "entered check"),
    "staff_volunteers_score": Measure(Kind.SCORE, surveys, "survey mean score, ytd"),
    "partner_consultation_score": Measure(Kind.SCORE, surveys, "survey mean score, ytd"),
}

#: Measurement method -> measure for codes not in :data:`MEASURES`.
BY_METHOD: dict[str, Measure] = {
    Method.SURVEY: Measure(Kind.SHARE, surveys, "survey by question code"),
    Method.INTERVIEWS: Measure(Kind.ENTERED, entered_results, "entered estimate"),
    Method.AUDIT: Measure(Kind.CHECK, entered_results, "entered check"),
    Method.BUDGET: Measure(Kind.CHECK, budget, "budgets.figures.budget_check"),
    Method.COUNT_OF_REFERRED: Measure(Kind.X_OF_Y, referred_taking_part, "X op Y (agency)"),
}


def measure_for(indicator: Indicator) -> Measure | None:
    """The measure realising ``indicator``: by code (:data:`MEASURES`), else by method
    (:data:`BY_METHOD`); None for PROCES unique/jobs rows (``reports.counting``) and for
    indicators nothing realises (shown as not recorded)."""
    if indicator.method in (Method.UNIQUE, Method.JOBS):
        return None
    return MEASURES.get(indicator.code) or BY_METHOD.get(indicator.method)


def measure_all(ctx: MeasureContext, indicators: Iterable[Indicator]) -> dict[Key, Measured]:
    """Realise every measured indicator of a report: each measure function runs once for all
    its indicator codes, so a report takes a constant number of queries.

    Out: ``{(indicator code, location id or None): Measured}``; indicators without a measure
    are absent.
    """
    by_function: dict[MeasureFunction, list[str]] = defaultdict(list)
    for indicator in indicators:
        measure = measure_for(indicator)
        if measure is not None and indicator.code not in by_function[measure.function]:
            by_function[measure.function].append(indicator.code)
    result: dict[Key, Measured] = {}
    if not ctx.location_ids:
        return result
    for function, codes in by_function.items():
        result.update(function(ctx, codes))
    return result
