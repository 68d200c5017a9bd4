"""Template context: the requesting user's roles, for navigation."""

from locations.models import Role


def memberships(request) -> dict:
    """Return ``{"roles": set of role codes}`` for the logged-in user (empty when anonymous)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"roles": set()}
    roles = {m.role for m in user.memberships.all()}
    if user.is_superuser:
        roles |= {r.value for r in Role}
    return {"roles": roles}
