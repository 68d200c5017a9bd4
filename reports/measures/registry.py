"""The registry: indicator code (or measurement method) -> measure, and realising every
measured indicator of a report at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from agreements.choices import Method
from agreements.models import Indicator
from reports.measures.base import (
    Key,
    Kind,
    Measure,
    MeasureContext,
    Measured,
    MeasureFunction,
    Row,
    RowBuilder,
)
from reports.measures.entered import budget, entered_results
from reports.measures.states import (
    active_volunteers,
    key_holder_values,
    key_holders,
    partner_values,
    partners,
    paying_member_values,
    paying_members,
    placement_values,
    registered_member_values,
    registered_members,
    volunteer_group_values,
    volunteer_groups,
    work_learning_places,
)
from reports.measures.surveys import SCORE_QUESTIONS, SHARE_QUESTIONS, surveys
from reports.measures.year_to_date import (
    incoming_referral_values,
    outgoing_referral_values,
    paid_work,
    paid_work_values,
    referrals,
    referred_taking_part,
    referred_values,
)

# --- The registry -----------------------------------------------------------------------------

_STATE_RULE = "state on the period's end date"

#: Indicator code -> measure, for every non-PROCES indicator of the 2019 and 2021 Zuidoost
#: agreements (data/agreements/zuidoost-2019.yaml, zuidoost-2021.yaml).
MEASURES: dict[str, Measure] = {
    # EFFECT: Enquête ("confidence", "liveability")
    **{
        code: Measure(Kind.SHARE, surveys, "survey share, respondent-weighted, ytd")
        for code in sorted(SHARE_QUESTIONS)
    },
    # EFFECT: Interviews
    "benefit_costs": Measure(Kind.ENTERED, entered_results, "entered estimate (%)"),
    "rent_arrears": Measure(Kind.ENTERED, entered_results, "entered estimate (cases)"),
    "nuisance": Measure(Kind.ENTERED, entered_results, "entered estimate (%)"),
    # OUTPUT: Aantal
    "key_holders": Measure(Kind.STATE, key_holders, _STATE_RULE),
    "active_volunteers": Measure(Kind.STATE, active_volunteers, "hours reach the average pro rata"),
    "volunteer_groups": Measure(Kind.STATE, volunteer_groups, _STATE_RULE),
    "paying_members": Measure(Kind.STATE, paying_members, _STATE_RULE),
    "registered_members": Measure(Kind.STATE, registered_members, _STATE_RULE),
    "work_learning_places": Measure(Kind.STATE, work_learning_places, _STATE_RULE),
    "neighbourhood_partners": Measure(Kind.STATE, partners, _STATE_RULE),
    "scaling_partners": Measure(Kind.STATE, partners, _STATE_RULE),
    "paid_work": Measure(Kind.CUMULATIVE, paid_work, "distinct people in ytd"),
    "referrals": Measure(Kind.CUMULATIVE, referrals, "distinct people in/out referrals, ytd"),
    # OUTPUT: Aantal op aangemeld
    "referred_by_agencies": Measure(Kind.X_OF_Y, referred_taking_part, "X op Y people, ytd"),
    "newcomers": Measure(Kind.X_OF_Y, referred_taking_part, "X op Y people, ytd"),
    # INPUT
    "budget_spending": Measure(Kind.CHECK, budget, "budgets.figures.budget_check"),
    "accountable_spending": Measure(Kind.CHECK, entered_results, "entered check"),
    # INPUT: Enquête, mean scores ("staff_volunteers_score", "partner_consultation_score")
    **{
        code: Measure(Kind.SCORE, surveys, "survey mean score, ytd")
        for code in sorted(SCORE_QUESTIONS)
    },
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
    are absent. The rows of the measures in :data:`ROW_BUILDERS` are read first, all in one
    ``UNION ALL`` query (:func:`_read_ahead`), so those measures add one query in all.
    """
    by_function: dict[MeasureFunction, list[str]] = defaultdict(list)
    for indicator in indicators:
        measure = measure_for(indicator)
        if measure is not None and indicator.code not in by_function[measure.function]:
            by_function[measure.function].append(indicator.code)
    result: dict[Key, Measured] = {}
    if not ctx.location_ids:
        return result
    _read_ahead(ctx, by_function)
    for function, codes in by_function.items():
        result.update(function(ctx, codes))
    return result


#: Measure function -> the (tag, row builder) of each table it counts: measures whose rows
#: have the shared shape (``reports.measures.base.Row``) and are read ahead together.
ROW_BUILDERS: dict[MeasureFunction, tuple[tuple[str, RowBuilder], ...]] = {
    key_holders: (("key_holders", key_holder_values),),
    volunteer_groups: (("volunteer_groups", volunteer_group_values),),
    paying_members: (("paying_members", paying_member_values),),
    registered_members: (("registered_members", registered_member_values),),
    work_learning_places: (("work_learning_places", placement_values),),
    partners: (("partners", partner_values),),
    paid_work: (("paid_work", paid_work_values),),
    referrals: (
        ("referrals_in", incoming_referral_values),
        ("referrals_out", outgoing_referral_values),
    ),
    referred_taking_part: (("referred", referred_values),),
}


def _read_ahead(ctx: MeasureContext, by_function: dict[MeasureFunction, list[str]]) -> None:
    """Read the rows of every measure of ``by_function`` in :data:`ROW_BUILDERS` in ONE
    ``UNION ALL`` query into ``ctx.read_ahead`` (tag -> rows; a tag without rows gets an
    empty list). Nothing is read when fewer than two tables are wanted (each measure then
    reads its own, the same rows)."""
    wanted = [
        (tag, builder(ctx, codes))
        for function, codes in by_function.items()
        for tag, builder in ROW_BUILDERS.get(function, ())
    ]
    if len(wanted) < 2:
        return
    found: dict[str, list[Row]] = {tag: [] for tag, _queryset in wanted}
    first, *rest = (queryset for _tag, queryset in wanted)
    for tag, *row in first.union(*rest, all=True):
        found[tag].append(tuple(row))
    ctx.read_ahead.update(found)
