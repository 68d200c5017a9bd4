"""Aantal: counts of people or groups in a state on the period's end date (key holders,
active volunteers, volunteer groups, association members, work-learning places, partners).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Q
from django.db.models.functions import Lower

from registrations.models import (
    AssociationMember,
    KeyHolding,
    PartnerAgreement,
    Placement,
    VolunteerGroup,
    VolunteerHours,
)
from reports.measures.base import (
    Key,
    MeasureContext,
    Measured,
    _active_on,
    _distinct_counts,
    _keys,
    _person,
    _state,
)

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
