"""Aantal and Aantal op aangemeld: year-to-date counts (paid work, referrals, "X op Y" of
people referred who take part).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import Count, Q, QuerySet

from registrations.models import (
    IncomingReferral,
    OutgoingReferral,
    PaidWork,
    ReferralKind,
)
from reports.measures.base import (
    Key,
    Kind,
    MeasureContext,
    Measured,
    _distinct_counts,
    _keys,
    _person,
)

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
    # Rows carry the counts of **aggregates too, which the stubs' row type leaves out.
    rows: QuerySet[PaidWork, Mapping[str, Any]] = (
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
    # Rows carry the counts of **aggregates too, which the stubs' row type leaves out.
    rows: QuerySet[IncomingReferral, Mapping[str, Any]] = (
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
