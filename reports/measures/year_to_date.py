"""Aantal and Aantal op aangemeld: year-to-date counts (paid work, referrals, "X op Y" of
people referred who take part).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from django.db.models import QuerySet

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
    _columns,
    _distinct_counts,
    _keys,
    _person,
    _rows,
)

# --- Aantal: year-to-date counts --------------------------------------------------------------


def paid_work_rows(ctx: MeasureContext) -> QuerySet[PaidWork]:
    """The rows :func:`paid_work` counts: :class:`PaidWork` at the selected locations dated in
    the year to date."""
    ytd = ctx.ytd
    return PaidWork.objects.filter(
        location_id__in=ctx.location_ids, date__range=(ytd.start, ytd.end)
    )


def paid_work_values(ctx: MeasureContext, codes: Sequence[str]) -> QuerySet:
    """:func:`paid_work_rows` as shared rows (``reports.measures.base._columns``): person =
    the participant, record = the row, day = its date."""
    return _columns(
        paid_work_rows(ctx), "paid_work", person="participant_id", record="pk", day="date"
    )


def paid_work(ctx: MeasureContext, codes: Sequence[str]) -> dict[Key, Measured]:
    """People who found paid work, year to date (and in the quarter alone).

    Rule (2019/2021 agreements, OUTPUT "vinden van betaald werk"; issue 12: the indicator
    counts people): the distinct people of :func:`paid_work_rows` dated in the window, a
    person with two jobs counting once (a row without a participant counts as one person).
    The totals count a person once over the locations. A year-to-date count, so compared pro
    rata during the year. One query (none when read ahead with other measures'
    rows, ``reports.measures.registry.measure_all``).
    """
    found = [
        (loc, _person(participant, "paid_work", pk), day)
        for loc, participant, pk, _name, day, _flag in _rows(
            ctx, "paid_work", paid_work_values, codes
        )
    ]
    counts = _window_counts(ctx, found)
    return {
        (code, key): Measured(
            Kind.CUMULATIVE,
            value=counts["ytd"][key],
            quarter=counts["quarter"][key] if "quarter" in counts else None,
        )
        for code in codes
        for key in _keys(ctx)
    }


def _window_counts(
    ctx: MeasureContext, found: list[tuple[int, tuple[str, int], date]]
) -> dict[str, dict[int | None, int]]:
    """Distinct people per window and location (and None: the locations together) of
    (location id, person, date) rows."""
    return {
        name: _distinct_counts(
            ctx, [(loc, person) for loc, person, day in found if w.start <= day <= w.end]
        )
        for name, w in ctx.windows.items()
    }


def agency_referral_rows(
    ctx: MeasureContext,
) -> tuple[QuerySet[IncomingReferral], QuerySet[OutgoingReferral]]:
    """The rows :func:`referrals` counts, dated in the year to date at the selected
    locations: incoming referrals by an agency of residents who take part, and outgoing
    referrals (the trace page lists the same rows)."""
    ytd = ctx.ytd
    incoming = IncomingReferral.objects.filter(
        location_id__in=ctx.location_ids,
        kind=ReferralKind.AGENCY,
        takes_part=True,
        date__range=(ytd.start, ytd.end),
    )
    outgoing = OutgoingReferral.objects.filter(
        location_id__in=ctx.location_ids, date__range=(ytd.start, ytd.end)
    )
    return incoming, outgoing


def incoming_referral_values(ctx: MeasureContext, codes: Sequence[str]) -> QuerySet:
    """The incoming referrals of :func:`agency_referral_rows` as shared rows: person = the
    participant, record = the referral, day = its date."""
    incoming, _outgoing = agency_referral_rows(ctx)
    return _columns(incoming, "referrals_in", person="participant_id", record="pk", day="date")


def outgoing_referral_values(ctx: MeasureContext, codes: Sequence[str]) -> QuerySet:
    """The outgoing referrals of :func:`agency_referral_rows` as shared rows, as
    :func:`incoming_referral_values`."""
    _incoming, outgoing = agency_referral_rows(ctx)
    return _columns(outgoing, "referrals_out", person="participant_id", record="pk", day="date")


def referrals(ctx: MeasureContext, codes: Sequence[str]) -> dict[Key, Measured]:
    """Participants referred from or to agencies, year to date (2021 "doorverwijzen van en naar
    instanties", Aantal deelnemers).

    Rule (decided for issue 3): the distinct participants among (1) residents referred to the
    room by an agency (:class:`IncomingReferral` kind ``agency``) who take part
    (``takes_part``: only they are "deelnemers") and (2) everyone the room referred to an
    agency (:class:`OutgoingReferral`), dated in the window. A referral without a participant
    counts as one person. Two queries (none when read ahead). Year-to-date, so compared pro
    rata during the year; the totals count a person once.
    """
    rows = [
        (loc, _person(participant, "in", pk), day)
        for loc, participant, pk, _name, day, _flag in _rows(
            ctx, "referrals_in", incoming_referral_values, codes
        )
    ]
    rows += [
        (loc, _person(participant, "out", pk), day)
        for loc, participant, pk, _name, day, _flag in _rows(
            ctx, "referrals_out", outgoing_referral_values, codes
        )
    ]
    counts = _window_counts(ctx, rows)
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


def referred_rows(ctx: MeasureContext, kinds: Collection[str]) -> QuerySet[IncomingReferral]:
    """The rows :func:`referred_taking_part` counts: :class:`IncomingReferral` of the given
    kinds at the selected locations dated in the year to date."""
    ytd = ctx.ytd
    return IncomingReferral.objects.filter(
        location_id__in=ctx.location_ids, kind__in=kinds, date__range=(ytd.start, ytd.end)
    )


def referred_values(ctx: MeasureContext, codes: Sequence[str]) -> QuerySet:
    """:func:`referred_rows` of the kinds of ``codes`` as shared rows: person = the
    participant, record = the referral, name = its kind, day = its date, flag = whether the
    person takes part."""
    kinds = {REFERRAL_KINDS.get(code, ReferralKind.AGENCY) for code in codes}
    return _columns(
        referred_rows(ctx, kinds),
        "referred",
        person="participant_id",
        record="pk",
        name="kind",
        day="date",
        flag="takes_part",
    )


def referred_taking_part(ctx: MeasureContext, codes: Sequence[str]) -> dict[Key, Measured]:
    """ "X op Y" (Aantal op aangemeld), year to date: Y people referred (aangemeld), X of
    them take part.

    Rule (DOMAIN.md "Aantal op aangemeld"; issue 12: "X op Y" counts people, not records):
    the rows of :func:`referred_rows` of the indicator's kind (``referred_by_agencies``: kind
    ``agency``; ``newcomers``: kind ``newcomer``; other codes ``agency``). Y = the distinct
    people referred, X = the distinct people with a referral that ``takes_part``; a person
    referred twice is one of Y, and one of X when either referral takes part. A referral
    without a participant counts as one person. The quarter column shows X in the quarter
    alone. The totals count a person once over the locations. One query (none when read
    ahead). The status is judged on X against the target's X (``reports.status.status_for``);
    the row shows the take-up share X/Y and a note when Y is below the target's Y
    (``reports.selectors.rows``).
    """
    found = [
        (loc, kind, participant, pk, day, taking)
        for loc, participant, pk, kind, day, taking in _rows(
            ctx, "referred", referred_values, codes
        )
    ]
    result = {}
    for code in codes:
        kind = REFERRAL_KINDS.get(code, ReferralKind.AGENCY)
        referred = [
            (loc, _person(participant, "in", pk), day)
            for loc, row_kind, participant, pk, day, _taking in found
            if row_kind == kind
        ]
        taking_part = [
            (loc, _person(participant, "in", pk), day)
            for loc, row_kind, participant, pk, day, taking in found
            if row_kind == kind and taking
        ]
        y = _window_counts(ctx, referred)
        x = _window_counts(ctx, taking_part)
        for key in _keys(ctx):
            result[(code, key)] = Measured(
                Kind.X_OF_Y,
                value=x["ytd"][key],
                value_of=y["ytd"][key],
                quarter=x["quarter"][key] if "quarter" in x else None,
            )
    return result
