"""Aantal: counts of people or groups in a state on the period's end date (key holders,
active volunteers, volunteer groups, association members, work-learning places, partners).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from locations import formatting
from locations.periods import pro_rata
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
    Kind,
    MeasureContext,
    Measured,
    _active_on,
    _columns,
    _distinct_counts,
    _keys,
    _person,
    _rows,
    _state,
)

# --- Aantal: states on the period's end date ------------------------------------------------


def key_holding_rows(ctx: MeasureContext) -> QuerySet[KeyHolding]:
    """The rows :func:`key_holders` counts: :class:`KeyHolding` at the selected locations
    held on the period's end date (the trace page lists the same rows)."""
    return KeyHolding.objects.filter(location_id__in=ctx.location_ids).filter(
        _active_on(ctx.end, "started_on", "ended_on")
    )


def key_holder_values(ctx: MeasureContext, codes: Sequence[str]) -> QuerySet:
    """:func:`key_holding_rows` as shared rows (``reports.measures.base._columns``): person =
    the volunteer."""
    return _columns(key_holding_rows(ctx), "key_holders", person="volunteer_id")


def key_holders(ctx: MeasureContext, codes: Sequence[str]) -> dict[Key, Measured]:
    """Key holders (sleutelbeheerders) on the period's end date.

    Rule (DOMAIN.md "Aantal": people in a state at the period's end): a :class:`KeyHolding`
    with ``started_on`` <= end and ``ended_on`` empty or >= end (``ended_on`` is the last day
    with the key). Distinct volunteers per location; the totals count a volunteer holding keys
    of two rooms once.
    """
    rows = _rows(ctx, "key_holders", key_holder_values, codes)
    counts = _distinct_counts(ctx, ((loc, volunteer) for loc, volunteer, *_rest in rows))
    return {k: v for code in codes for k, v in _state(ctx, code, counts).items()}


#: "Actieve vrijwilligers (gem. 250 uren/jaar)": the average hours per year in the description.
_AVERAGE_HOURS = re.compile(
    r"gem(?:\.|iddeld)?\s*(?P<hours>\d+(?:[.,]\d+)?)\s*u(?:ur|ren)?\s*(?:/|per\s+)\s*jaar",
    re.IGNORECASE,
)


def average_hours(description: str) -> Decimal:
    """The average hours per year an active volunteer gives, as the indicator states it.

    In: the indicator's description ("Actieve vrijwilligers (gem. 250 uren/jaar)"; also
    "gemiddeld 200 uur per jaar"). Out: the hours (Decimal); the setting
    ``BWK_ACTIVE_VOLUNTEER_HOURS`` (default 250, DOMAIN.md glossary "vrijwilliger") when the
    description states none.
    """
    match = _AVERAGE_HOURS.search(description or "")
    if match is None:
        return Decimal(settings.BWK_ACTIVE_VOLUNTEER_HOURS)
    return Decimal(match["hours"].replace(",", "."))


def volunteer_hours_rows(ctx: MeasureContext) -> QuerySet[VolunteerHours]:
    """The hours rows :func:`active_volunteers` counts: residents' :class:`VolunteerHours` at
    the selected locations dated in the year to date (a week entry by its start date), of
    volunteers who had not stopped before the period's end (``Volunteer.ended_on`` empty or
    on/after the end date). Hours of paid professionals on a voluntary basis
    (``is_professional`` on the row or the volunteer) are left out."""
    ytd = ctx.ytd
    return VolunteerHours.objects.filter(
        location_id__in=ctx.location_ids,
        date__range=(ytd.start, ytd.end),
        is_professional=False,
        volunteer__is_professional=False,
    ).filter(Q(volunteer__ended_on__isnull=True) | Q(volunteer__ended_on__gte=ctx.end))


def active_volunteers(ctx: MeasureContext, codes: Sequence[str]) -> dict[Key, Measured]:
    """Active volunteers at the period's end, with their hours.

    Rule (issue 12, the indicator's wording "Actieve vrijwilligers (gem. 250 uren/jaar)"):
    a volunteer is active at a location when their hours there in
    :func:`volunteer_hours_rows` reach the indicator's average hours per year
    (:func:`average_hours`) pro rata: average × the share of the room's open time in the year
    elapsed at the period's end (``MeasureContext.share_elapsed``: Q2 of a room open all year
    0.5, so 125 of 250 hours). In the totals block a volunteer counts once when active at any
    of the rooms or when their hours at the rooms together reach the average × the period's
    share of the year. One query.

    Beside the count, the row's note shows the residents' hours registered (all rows of
    :func:`volunteer_hours_rows`, active or not), the average per active volunteer (the
    active volunteers' hours / their number) and the registered hours against the budget's
    residents' volunteer hours for the year (``volunteer_hours_residents`` of the budget
    overview, when the context has one).
    """
    hours = registered_volunteer_hours(ctx)
    codes_by_location = {location.pk: location.code for location in ctx.locations}
    result: dict[Key, Measured] = {}
    for code in codes:
        average = average_hours(ctx.descriptions.get(code, ""))
        active = active_volunteer_hours(ctx, hours, average)
        for key in _keys(ctx):
            location_code = codes_by_location.get(key, "all") if key is not None else "all"
            note = _hours_note(ctx, location_code, average, hours[key], active[key])
            result[(code, key)] = Measured(Kind.STATE, value=len(active[key]), note=note)
    return result


def registered_volunteer_hours(ctx: MeasureContext) -> dict[int | None, dict[int, Decimal]]:
    """The residents' hours of :func:`volunteer_hours_rows` per location id and volunteer id,
    and under the key None per volunteer over the selected locations together. One query."""
    rows = (
        volunteer_hours_rows(ctx)
        .values_list("location_id", "volunteer_id")
        .annotate(total=Sum("hours"))
        .order_by()
    )
    hours: dict[int | None, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for location_id, volunteer_id, total in rows:
        hours[location_id][volunteer_id] += total
        hours[None][volunteer_id] += total
    return hours


def active_volunteer_hours(
    ctx: MeasureContext, hours: dict[int | None, dict[int, Decimal]], average: Decimal
) -> dict[int | None, dict[int, Decimal]]:
    """Which volunteers are active (the rule of :func:`active_volunteers`), with their hours.

    In: the hours of :func:`registered_volunteer_hours` and the average hours per year
    (:func:`average_hours`). Out: per location id the volunteers whose hours there reach the
    average pro rata over the room's open time elapsed, and under None those active at any of
    the locations or whose hours together reach the average × the period's share of the year.
    No query; the trace page (:mod:`reports.trace`) marks what it lists with the same sets."""
    active: dict[int | None, dict[int, Decimal]] = {}
    for location_id in ctx.location_ids:
        needed = pro_rata(average, ctx.share_elapsed(location_id))
        active[location_id] = {v: h for v, h in hours[location_id].items() if h >= needed and h > 0}
    needed_together = pro_rata(average, ctx.share_elapsed(None))
    together = {v: h for v, h in hours[None].items() if h >= needed_together and h > 0}
    for location_id in ctx.location_ids:
        together.update({v: hours[None][v] for v in active[location_id]})
    active[None] = together
    return active


def _hours_note(
    ctx: MeasureContext,
    location_code: str,
    average: Decimal,
    registered: dict[int, Decimal],
    active: dict[int, Decimal],
) -> str:
    """ "Geregistreerd 1.200 uur; gemiddeld 130 uur per actieve vrijwilliger; 12% van de
    begrote 10.000 uur bewoners. Actief: gem. 250 uur/jaar naar rato." """
    total = sum(registered.values(), Decimal(0))
    parts = [_("Geregistreerd %(hours)s uur") % {"hours": formatting.format_hours(total)}]
    if active:
        mean = sum(active.values(), Decimal(0)) / len(active)
        parts.append(
            _("gemiddeld %(hours)s uur per actieve vrijwilliger")
            % {"hours": formatting.format_hours(mean)}
        )
    budgeted = _budgeted_hours(ctx, location_code)
    if budgeted:
        parts.append(
            _("%(share)s van de begrote %(hours)s uur bewoners")
            % {
                "share": formatting.format_percentage(total * 100 / budgeted),
                "hours": formatting.format_hours(budgeted),
            }
        )
    rule = _("Actief: gem. %(hours)s uur/jaar naar rato.") % {
        "hours": formatting.format_hours(average)
    }
    return "; ".join(parts) + ". " + rule


def _budgeted_hours(ctx: MeasureContext, location_code: str) -> Decimal | None:
    """The budget's residents' volunteer hours at the location (or "all"), if known."""
    if ctx.budget_overview is None:
        return None
    figure = ctx.budget_overview.figures.get(location_code, {}).get("volunteer_hours_residents")
    return figure.computed if figure is not None else None


def volunteer_group_rows(ctx: MeasureContext) -> QuerySet[VolunteerGroup]:
    """The rows :func:`volunteer_groups` counts: groups at the selected locations active on
    the period's end date."""
    return VolunteerGroup.objects.filter(location_id__in=ctx.location_ids).filter(
        _active_on(ctx.end, "active_from", "active_to")
    )


def volunteer_group_values(ctx: MeasureContext, codes: Sequence[str]) -> QuerySet:
    """:func:`volunteer_group_rows` as shared rows: record = the group."""
    return _columns(volunteer_group_rows(ctx), "volunteer_groups", record="pk")


def volunteer_groups(ctx: MeasureContext, codes: Sequence[str]) -> dict[Key, Measured]:
    """Active volunteer groups on the period's end date.

    Rule (DOMAIN.md "Aantal"): a :class:`VolunteerGroup` with ``active_from`` <= end and
    ``active_to`` empty or >= end. Groups belong to one location, so the totals are the sum.
    """
    counts = dict.fromkeys(_keys(ctx), 0)
    for loc, *_rest in _rows(ctx, "volunteer_groups", volunteer_group_values, codes):
        counts[loc] += 1
        counts[None] += 1
    return {k: v for code in codes for k, v in _state(ctx, code, counts).items()}


def member_rows(ctx: MeasureContext, paying: bool) -> QuerySet[AssociationMember]:
    """The rows :func:`registered_members` (``paying`` False) and :func:`paying_members`
    (True) count: memberships at the selected locations registered, and if ``paying`` paying,
    on the period's end date."""
    members = AssociationMember.objects.filter(location_id__in=ctx.location_ids).filter(
        _active_on(ctx.end, "registered_on", "deregistered_on")
    )
    if paying:
        members = members.filter(_active_on(ctx.end, "paying_from", "paying_to"))
    return members


def paying_member_values(ctx: MeasureContext, codes: Sequence[str]) -> QuerySet:
    """:func:`member_rows` (paying) as shared rows: person = the participant, record = the
    membership."""
    return _columns(
        member_rows(ctx, paying=True), "paying_members", person="participant_id", record="pk"
    )


def registered_member_values(ctx: MeasureContext, codes: Sequence[str]) -> QuerySet:
    """:func:`member_rows` (registered) as shared rows, as :func:`paying_member_values`."""
    return _columns(
        member_rows(ctx, paying=False), "registered_members", person="participant_id", record="pk"
    )


def _members(ctx: MeasureContext, codes: Sequence[str], paying: bool) -> dict[Key, Measured]:
    if paying:
        rows = _rows(ctx, "paying_members", paying_member_values, codes)
    else:
        rows = _rows(ctx, "registered_members", registered_member_values, codes)
    pairs = [(loc, _person(participant, "member", pk)) for loc, participant, pk, *_rest in rows]
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


def placement_rows(ctx: MeasureContext) -> QuerySet[Placement]:
    """The rows :func:`work_learning_places` counts: placements of any kind at the selected
    locations running on the period's end date."""
    return Placement.objects.filter(location_id__in=ctx.location_ids).filter(
        _active_on(ctx.end, "started_on", "ended_on")
    )


def placement_values(ctx: MeasureContext, codes: Sequence[str]) -> QuerySet:
    """:func:`placement_rows` as shared rows: person = the participant, record = the
    placement."""
    return _columns(
        placement_rows(ctx), "work_learning_places", person="participant_id", record="pk"
    )


def work_learning_places(ctx: MeasureContext, codes: Sequence[str]) -> dict[Key, Measured]:
    """People active on a participation, work-learning, sheltered (SW) or internship place on
    the period's end date.

    Rule (2019/2021 agreements, OUTPUT; DOMAIN.md "Aantal"): a :class:`Placement` of any kind
    with ``started_on`` <= end and ``ended_on`` empty or >= end. Distinct participants (a
    placement without a participant counts as one person); the totals count a person once.
    """
    pairs = [
        (loc, _person(participant, "placement", pk))
        for loc, participant, pk, *_rest in _rows(
            ctx, "work_learning_places", placement_values, codes
        )
    ]
    counts = _distinct_counts(ctx, pairs)
    return {k: v for code in codes for k, v in _state(ctx, code, counts).items()}


def partner_rows(ctx: MeasureContext) -> QuerySet[PartnerAgreement]:
    """The rows :func:`partners` counts: partner agreements at the selected locations running
    on the period's end date."""
    return PartnerAgreement.objects.filter(location_id__in=ctx.location_ids).filter(
        _active_on(ctx.end, "agreed_on", "ended_on")
    )


def partner_values(ctx: MeasureContext, codes: Sequence[str]) -> QuerySet:
    """:func:`partner_rows` as shared rows: name = the partner's name in lower case."""
    return _columns(partner_rows(ctx), "partners", name=Lower("partner_name"))


def partners(ctx: MeasureContext, codes: Sequence[str]) -> dict[Key, Measured]:
    """Partner organisations worked with under an agreement, on the period's end date
    (2019 ``neighbourhood_partners``, 2021 ``scaling_partners``).

    Rule (DOMAIN.md "Aantal": partners worked with): a :class:`PartnerAgreement` with
    ``agreed_on`` <= end and ``ended_on`` empty or >= end; distinct partner names
    (case-insensitive) per location; the totals count a partner of two rooms once.
    """
    rows = _rows(ctx, "partners", partner_values, codes)
    counts = _distinct_counts(ctx, ((loc, name) for loc, _p, _r, name, *_rest in rows))
    return {k: v for code in codes for k, v in _state(ctx, code, counts).items()}
