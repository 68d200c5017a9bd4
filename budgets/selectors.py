"""Reads of the budgets app that other layers ask for."""

from __future__ import annotations

from budgets.models import Financing


def financed_locations(organisation_id: int, party_id: int) -> frozenset[int]:
    """The ids of the locations ``party_id`` finances in the agreements of
    ``organisation_id`` (a financing row with more than € 0: the sources list every funder
    against every room, with € 0 where it gives nothing): how far a funder's grant reaches
    (issue 9, "The funder portal"). Financing stated for the region reaches every room of
    its agreement, for a room group every room of the group (issue 12). One query (a union);
    called while a scope is built, as system code."""
    rows = Financing.objects.filter(
        party_id=party_id, agreement__organisation_id=organisation_id, amount__gt=0
    )
    reached = (
        rows.filter(location__isnull=False)
        .values_list("location_id", flat=True)
        .union(
            rows.filter(location__isnull=True, room_group__isnull=True).values_list(
                "agreement__locations", flat=True
            ),
            rows.filter(location__isnull=True, room_group__isnull=False).values_list(
                "room_group__locations", flat=True
            ),
        )
    )
    return frozenset(pk for pk in reached if pk is not None)
