"""Template context: the requesting user's roles, for navigation."""

from locations.models import Role


def memberships(request) -> dict:
    """Return ``{"roles": set of role codes}`` for the logged-in user (empty when anonymous).

    Read once per request: templates rendered several times in one request (e.g. each
    django-tables2 table) reuse the cached set.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"roles": set()}
    roles = getattr(request, "_bwk_roles", None)
    if roles is None:
        roles = {m.role for m in user.memberships.all()}
        if user.is_superuser:
            roles |= {r.value for r in Role}
        request._bwk_roles = roles
    return {"roles": roles}
