"""Who may log registrations where, and who may see a participant's nickname.

Rules (issue "registrations", DOMAIN.md "Who and what" and "Privacy"):
- Writing (logging sessions, jobs, participants) at a location: a coordinator of that
  location, an admin of the location's organisation, or a superuser. The board reads only.
- A participant's nickname is shown only to staff who see the participant's home location
  (its coordinators, and board/admins of the organisation).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from locations.models import Location, Membership, Role
from locations.tenancy import Scope


def writable_locations(user) -> QuerySet[Location]:
    """The locations where ``user`` may log registrations (unscoped queryset, ordered by name).

    Empty for anonymous users and users without a coordinator or admin membership.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return Location.unscoped.none()
    if user.is_superuser:
        return Location.unscoped.order_by("name")
    memberships = Membership.unscoped.filter(user=user)
    admin_orgs = memberships.filter(role=Role.ADMIN).values("organisation_id")
    coordinator_memberships = memberships.filter(role=Role.COORDINATOR)
    return (
        Location.unscoped.filter(
            Q(organisation_id__in=admin_orgs) | Q(memberships__in=coordinator_memberships)
        )
        .distinct()
        .order_by("name")
    )


def can_write_at(user, location: Location) -> bool:
    """True when ``user`` may log registrations at ``location`` (see module docstring)."""
    return writable_locations(user).filter(pk=location.pk).exists()


def check_can_write_at(user, location: Location) -> None:
    """Raise PermissionDenied unless ``user`` may log registrations at ``location``."""
    if not can_write_at(user, location):
        raise PermissionDenied(
            _("U mag bij %(location)s geen registraties vastleggen.") % {"location": location}
        )


def nickname_visible(scope: Scope | None, *, home_location_id: int, organisation_id: int) -> bool:
    """True when a participant's nickname may be shown in ``scope`` (staff of the home location).

    ``None`` (no active scope: system code) sees everything.
    """
    return scope is None or scope.can_see_location(home_location_id, organisation_id)
