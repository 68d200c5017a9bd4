"""Building a user's :class:`~locations.access.scope.Scope` from their memberships."""

from __future__ import annotations

from locations.access.rules import ORGANISATION_WIDE, Role
from locations.access.scope import NO_ACCESS, Grant, Scope
from locations.access.state import system_scope


def build_scope(user) -> Scope:
    """The scope of a Django user: one :class:`Grant` per membership.

    Anonymous and inactive users (and None) get :data:`NO_ACCESS`; superusers are
    unrestricted. A coordinator's grant reaches the locations of their membership; a board
    or admin grant the whole organisation; a funder's grant is tied to its party and reaches
    no location yet (the funder portal follows in issue 9). Reads the memberships once per
    user object (one query; the result is kept on it, so the middleware and code given
    ``request.user`` share it). Raises nothing.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_ACCESS
    cached = getattr(user, "_bwk_scope", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        scope = Scope(user_id=user.pk, unrestricted=True)
    else:
        from locations.models import Membership

        with system_scope():
            memberships = list(
                Membership.objects.filter(user=user)
                .prefetch_related("locations")
                .order_by("organisation_id", "role", "pk")
            )
        grants = []
        for membership in memberships:
            if membership.role in ORGANISATION_WIDE:
                locations = None
            elif membership.role == Role.COORDINATOR:
                locations = frozenset(location.pk for location in membership.locations.all())
            else:
                locations = frozenset()
            grants.append(
                Grant(
                    organisation_id=membership.organisation_id,
                    role=membership.role,
                    location_ids=locations,
                    party_id=membership.party_id if membership.role == Role.FUNDER else None,
                )
            )
        scope = Scope(user_id=user.pk, grants=tuple(grants))
    user._bwk_scope = scope
    return scope
