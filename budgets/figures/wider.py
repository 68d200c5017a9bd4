"""Budget amounts, financing and volunteer hours stated for the region or a room group.

Issue 12, "Figures for the whole region or a group of rooms": a format-2 file may state them
keyed ``region`` or a room group's code (rows without a location, :mod:`budgets.models`).
They are shown as their own columns beside the rooms ("Regio", the group's name) and count
in the agreement's totals, but only in an overview whose rooms include every room they cover:
the region's when the selection holds every room of the agreement, a group's when it holds
every room of the group. Otherwise they are left out, and the overview says so
(``BudgetOverview.wider_left_out``, from :func:`investments_and_stated`). Who may see such rows at
all is the access layer's answer (a grant that reaches every room they cover); this module
only decides which of the visible rows a selection of rooms covers.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import BooleanField, DecimalField, IntegerField, Q, Value
from django.utils.translation import gettext as _

from agreements.models import Agreement, RoomGroup
from budgets.figures.overview import BudgetOverview
from budgets.models import REGION, Budget, BudgetAmount, Financing, VolunteerInvestment
from locations.access import system_scope


@dataclass(frozen=True)
class WiderColumn:
    """A column beside the rooms: ``code`` ``region`` or the group's code (the key of the
    overview's amounts and figures, and of the ``budget_data`` location column), ``name``
    "Regio" or the group's name, ``group_id`` None for the region, ``location_ids`` the
    rooms it covers."""

    code: str
    name: str
    group_id: int | None
    location_ids: frozenset[int]


def wider_columns(
    agreement: Agreement, location_ids: Collection[int], group_ids: Collection[int | None]
) -> list[WiderColumn]:
    """The columns of ``group_ids`` (None: the region) that the rooms ``location_ids`` cover,
    region first then the groups in the file's order (a group without rooms is never
    covered). No query without
    ``group_ids``, else one or two (the agreement's rooms, the groups' rooms: read from the
    link tables, not through the scoped rooms, so a room the user cannot see makes the
    region or the group uncovered, never smaller)."""
    if not group_ids:
        return []
    selected = set(location_ids)
    columns: list[WiderColumn] = []
    if None in group_ids:
        rooms = frozenset(
            Agreement.locations.through.objects.filter(agreement_id=agreement.pk).values_list(
                "location_id", flat=True
            )
        )
        if rooms and rooms <= selected:
            columns.append(WiderColumn(REGION, _("Regio"), None, rooms))
    wanted = {pk for pk in group_ids if pk is not None}
    if wanted:
        members: dict[int, tuple[str, str, int, set[int]]] = {}
        links = RoomGroup.locations.through.objects.filter(
            roomgroup_id__in=wanted, roomgroup__agreement_id=agreement.pk
        )
        for group_id, code, name, position, location_id in links.values_list(
            "roomgroup_id",
            "roomgroup__code",
            "roomgroup__name",
            "roomgroup__position",
            "location_id",
        ):
            members.setdefault(group_id, (code, name, position, set()))[3].add(location_id)
        for group_id, (code, name, _position, rooms_of) in sorted(
            members.items(), key=lambda item: (item[1][2], item[0])
        ):
            if rooms_of <= selected:
                columns.append(WiderColumn(code, name, group_id, frozenset(rooms_of)))
    return columns


def investments_and_stated(
    agreement: Agreement, location_ids: Collection[int], budget: Budget | None
) -> tuple[list[VolunteerInvestment], set[int | None]]:
    """The volunteer investments of ``agreement`` the active scope sees at ``location_ids`` or
    for a room group or the region (unsaved rows with ``location_id``, ``room_group_id`` and
    the hours), and the room groups (ids; None: the region) for which the agreement has any
    budget amount in ``budget`` (the current version; an older version's amounts are not on
    the page, so they are never "left out"), financing or volunteer hours, whoever may see
    them.

    The second part is read in the system scope and yields which groups only, no figure, so
    an overview over part of the region can say it leaves their money out. Both in ONE query
    (a union), which the budget overview runs anyway for the hours."""
    flag, number = BooleanField(), IntegerField()
    hours = DecimalField(max_digits=10, decimal_places=1)
    visible = VolunteerInvestment.objects.filter(
        Q(location_id__in=location_ids) | Q(location__isnull=True), agreement=agreement
    ).values_list(
        Value(True, output_field=flag),
        "location_id",
        "room_group_id",
        "residents_hours",
        "professionals_hours",
    )
    with system_scope():
        stated = [
            queryset.filter(location__isnull=True).values_list(
                Value(False, output_field=flag),
                Value(None, output_field=number),
                "room_group_id",
                Value(None, output_field=hours),
                Value(None, output_field=hours),
            )
            for queryset in (
                *([BudgetAmount.objects.filter(line__budget=budget)] if budget else []),
                Financing.objects.filter(agreement=agreement),
                VolunteerInvestment.objects.filter(agreement=agreement),
            )
        ]
    investments: list[VolunteerInvestment] = []
    groups: set[int | None] = set()
    for own, location_id, group_id, residents, professionals in visible.union(*stated):
        if own:
            investments.append(
                VolunteerInvestment(
                    agreement=agreement,
                    location_id=location_id,
                    room_group_id=group_id,
                    residents_hours=residents,
                    professionals_hours=professionals,
                )
            )
        else:
            groups.add(group_id)
    return investments, groups


def wider_note(overview: BudgetOverview) -> str:
    """The sentence saying that figures stated for the region or a room group are left out
    of ``overview`` (its rooms do not cover all the rooms they are for, or the viewer may
    not see them; issue 12), or "" when none are."""
    if not overview.wider_left_out:
        return ""
    return _(
        "Bedragen die de samenwerkingsafspraak voor de hele regio of voor een groep "
        "buurtwerkkamers noemt, staan hier niet: deze selectie omvat niet al hun "
        "buurtwerkkamers. De totalen zijn die van de getoonde kolommen."
    )
