"""Building a user's :class:`~locations.access.scope.Scope` from their memberships, and
activating it (:func:`user_scope`, :func:`user_scoped`)."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ParamSpec, TypeAlias, TypeVar

from django.apps import apps
from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import F, Value

from locations.access.rules import ORGANISATION_WIDE, Role
from locations.access.scope import NO_ACCESS, Grant, Scope
from locations.access.state import activate, system_scope

if TYPE_CHECKING:  # importing the user models here would load them before the app registry
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

#: Who a scope is built for: a Django user, an anonymous visitor, or nobody.
AnyUser: TypeAlias = "AbstractBaseUser | AnonymousUser | None"

_P = ParamSpec("_P")
_R = TypeVar("_R")

#: Where a funder's grant reaches: ``(organisation id, party id) -> location ids``, registered
#: by the app that knows (budgets: the locations the party finances), see :func:`register_reach`.
_FUNDER_REACH: list[Callable[[int, int], frozenset[int]]] = []


def register_reach(provider: Callable[[int, int], frozenset[int]]) -> None:
    """Register how far a funder's grant reaches: ``provider(organisation_id, party_id)``
    returns the ids of the locations the party finances in the organisation's agreements
    (called as system code while a scope is built). The budgets app registers it in its
    ``AppConfig.ready()``; the access layer itself knows no financing (it is the lowest
    layer). Several providers add up."""
    if provider not in _FUNDER_REACH:
        _FUNDER_REACH.append(provider)


def _funder_locations(organisation_id: int, party_id: int | None) -> frozenset[int]:
    if party_id is None:
        return frozenset()
    reached: set[int] = set()
    for provider in _FUNDER_REACH:
        reached |= provider(organisation_id, party_id)
    return frozenset(reached)


def build_scope(user: AnyUser) -> Scope:
    """The scope of a Django user: one :class:`Grant` per membership.

    Anonymous and inactive users (and None) get :data:`NO_ACCESS`; superusers are
    unrestricted. A coordinator's grant reaches the locations of their membership; a board
    or admin grant the whole organisation; a funder's grant is tied to its party and reaches
    the locations the party finances (:func:`register_reach`; none without a party). Reads
    the memberships once per user object (one query, the locations aggregated, plus one per
    funder membership; the result is kept on the user object, so the middleware and code
    given ``request.user`` share it). Raises nothing.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_ACCESS
    cached: Scope | None = getattr(user, "_bwk_scope", None)
    if cached is not None:
        return cached
    if getattr(user, "is_superuser", False):
        scope = Scope(user_id=user.pk, unrestricted=True)
    else:
        membership_model = apps.get_model("locations", "Membership")
        with system_scope():
            memberships = list(
                membership_model.objects.filter(user_id=user.pk)
                .annotate(
                    location_ids=ArrayAgg("locations__id", default=Value([])),
                    two_factor=F("organisation__coordinators_need_two_factor"),
                    organisation_name=F("organisation__name"),
                )
                .order_by("organisation_id", "role", "pk")
            )
            grants = [_grant(membership) for membership in memberships]
        scope = Scope(user_id=user.pk, grants=tuple(grants))
    user._bwk_scope = scope  # type: ignore[attr-defined]
    return scope


def _grant(membership: Any) -> Grant:
    """The grant of one membership (read with its ``location_ids`` aggregated)."""
    if membership.role in ORGANISATION_WIDE:
        locations = None
    elif membership.role == Role.COORDINATOR:
        locations = frozenset(pk for pk in membership.location_ids if pk is not None)
    elif membership.role == Role.FUNDER:
        locations = _funder_locations(membership.organisation_id, membership.party_id)
    else:
        locations = frozenset()
    return Grant(
        organisation_id=membership.organisation_id,
        role=membership.role,
        location_ids=locations,
        party_id=membership.party_id if membership.role == Role.FUNDER else None,
        coordinators_need_two_factor=bool(membership.two_factor),
        organisation_name=membership.organisation_name,
    )


def built_scope(user: AnyUser) -> Scope | None:
    """The scope :func:`build_scope` already built and kept on ``user`` (for a request: the
    one the middleware built), or None when none was built yet. Reads nothing."""
    return getattr(user, "_bwk_scope", None)


def user_scope(user: AnyUser) -> contextlib.AbstractContextManager[Scope]:
    """Activate the scope of ``user`` (anonymous or None: no access) for a ``with`` block."""
    return activate(build_scope(user))


def user_scoped(func: Callable[_P, _R]) -> Callable[_P, _R]:
    """Decorator for services and selectors that take a keyword argument ``user``: the
    function runs inside that user's scope (:func:`user_scope`) wherever it is called from
    (a request, a task, a test), so its reads see exactly what the user may see."""

    @functools.wraps(func)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with user_scope(kwargs["user"]):  # type: ignore[arg-type]
            return func(*args, **kwargs)

    return wrapper
