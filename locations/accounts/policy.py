"""Who must log in with a second step (TOTP or a recovery code): answered here only.

The rule (issue 10, BIO): board, admin and funder users always; superusers always;
coordinators when their organisation asks for it
(:attr:`locations.models.Organisation.coordinators_need_two_factor`); anyone else may set
it up (and then needs it at every login, as django-two-factor-auth asks for the token of
every user who has a device).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps

from locations.access import Role, built_scope, system_scope

#: The roles whose members always need two-factor login.
TWO_FACTOR_ROLES = frozenset({Role.BOARD, Role.ADMIN, Role.FUNDER})


def two_factor_required(user: Any) -> bool:
    """True when ``user`` (a Django user; anonymous or None: False) must verify a second
    factor before using the application: a superuser, a member in one of
    :data:`TWO_FACTOR_ROLES`, or a coordinator of an organisation with
    ``coordinators_need_two_factor``. Answered from the user's scope when one was built
    already (:func:`locations.access.built_scope`: in a request, the middleware's; issue 13,
    "no re-read of the scope beyond one per request"), else one query (none for anonymous
    users and superusers). Raises nothing."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    scope = built_scope(user)
    if scope is not None and not scope.unrestricted and scope.user_id == user.pk:
        grants = [(grant.role, grant.coordinators_need_two_factor) for grant in scope.grants]
    else:
        membership_model = apps.get_model("locations", "Membership")
        with system_scope():  # the user's own memberships, whatever scope is active
            grants = list(
                membership_model.objects.filter(user_id=user.pk).values_list(
                    "role", "organisation__coordinators_need_two_factor"
                )
            )
    return any(_role_needs_two_factor(role, flag) for role, flag in grants)


def _role_needs_two_factor(role: str, coordinators_need_two_factor: bool) -> bool:
    """The rule, stated once: a membership in one of :data:`TWO_FACTOR_ROLES`, or a
    coordinator's membership of an organisation with ``coordinators_need_two_factor``."""
    return role in TWO_FACTOR_ROLES or (role == Role.COORDINATOR and coordinators_need_two_factor)
