"""Reads of the budgets app that other layers ask for."""

from __future__ import annotations

from budgets.models import Financing


def financed_locations(organisation_id: int, party_id: int) -> frozenset[int]:
    """The ids of the locations ``party_id`` finances in the agreements of
    ``organisation_id`` (a financing row with more than € 0: the sources list every funder
    against every room, with € 0 where it gives nothing): how far a funder's grant reaches
    (issue 9, "The funder portal"). One query; called while a scope is built, as system
    code."""
    return frozenset(
        Financing.objects.filter(
            party_id=party_id, agreement__organisation_id=organisation_id, amount__gt=0
        ).values_list("location_id", flat=True)
    )
