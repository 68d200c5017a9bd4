"""Tenancy in one place.

Every tenant-owned model uses :class:`TenantManager` as its default manager and declares
``tenant_path`` (the lookup to its ``Organisation``) and, where it belongs to a room,
``location_path`` (the lookup to its ``Location``). While a :class:`Scope` is active (set
by :class:`TenantScopeMiddleware` for each request, or by :func:`scope_for` in tasks), the
manager returns only rows of the scope's organisations and locations. Views, forms
(:class:`ScopedFormMixin`) and filters all read through those managers, so an object of
another organisation or location is simply absent: a detail view answers 404.

Outside a scope (management commands, migrations, the test set-up) the managers are
unrestricted; code running for a user must activate a scope first.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q

_current_scope: ContextVar[Scope | None] = ContextVar("bwk_scope", default=None)


@dataclass(frozen=True)
class Scope:
    """What one user may see.

    - ``organisation_ids``: organisations the user is a member of (any role).
    - ``full_organisation_ids``: organisations where the user sees every location
      (board and admin roles).
    - ``location_ids``: single locations granted by a coordinator membership.
    - ``unrestricted``: superusers see everything.
    """

    organisation_ids: frozenset[int] = field(default_factory=frozenset)
    full_organisation_ids: frozenset[int] = field(default_factory=frozenset)
    location_ids: frozenset[int] = field(default_factory=frozenset)
    unrestricted: bool = False

    def can_see_location(self, location_id: int, organisation_id: int) -> bool:
        """True when a location (by id and its organisation's id) is visible in this scope."""
        return (
            self.unrestricted
            or organisation_id in self.full_organisation_ids
            or location_id in self.location_ids
        )


NO_ACCESS = Scope()


def build_scope(user) -> Scope:
    """The scope of a Django user (anonymous users get :data:`NO_ACCESS`).

    Reads the user's memberships once per user object: the result is kept on it, so the
    middleware and a selector given ``request.user`` share one read (each request loads a
    fresh user object). Raises nothing.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_ACCESS
    cached = getattr(user, "_bwk_scope", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        return Scope(unrestricted=True)
    from locations.models import Membership, Role

    orgs: set[int] = set()
    full: set[int] = set()
    locs: set[int] = set()
    memberships = Membership.unscoped.filter(user=user).prefetch_related("locations")
    for membership in memberships:
        orgs.add(membership.organisation_id)
        if membership.role in (Role.BOARD, Role.ADMIN):
            full.add(membership.organisation_id)
        elif membership.role == Role.COORDINATOR:
            locs.update(loc.pk for loc in membership.locations.all())
    scope = Scope(frozenset(orgs), frozenset(full), frozenset(locs))
    user._bwk_scope = scope
    return scope


def current_scope() -> Scope | None:
    """The active scope, or None outside any scope (commands, set-up code)."""
    return _current_scope.get()


@contextlib.contextmanager
def activate(scope: Scope | None) -> Iterator[Scope | None]:
    """Activate ``scope`` for the duration of the ``with`` block (None: unrestricted)."""
    token = _current_scope.set(scope)
    try:
        yield scope
    finally:
        _current_scope.reset(token)


def scope_for(user) -> contextlib.AbstractContextManager[Scope | None]:
    """Context manager activating the scope of ``user`` (e.g. in a Celery task)."""
    return activate(build_scope(user))


def restrict(queryset: models.QuerySet, scope: Scope | None = None) -> models.QuerySet:
    """Apply ``scope`` (default: the active one) to a queryset of a tenant-owned model.

    Models without ``tenant_path`` are returned unchanged. Raises nothing.
    """
    scope = current_scope() if scope is None else scope
    model = queryset.model
    tenant_path = getattr(model, "tenant_path", None)
    if scope is None or scope.unrestricted or tenant_path is None:
        return queryset
    org_lookup = "pk" if tenant_path == "" else tenant_path
    queryset = queryset.filter(**{f"{org_lookup}__in": scope.organisation_ids})
    location_path = getattr(model, "location_path", None)
    if location_path is not None:
        loc_lookup = "pk" if location_path == "" else location_path
        org_of_loc = "organisation" if location_path == "" else f"{location_path}__organisation"
        queryset = queryset.filter(
            Q(**{f"{org_of_loc}__in": scope.full_organisation_ids})
            | Q(**{f"{loc_lookup}__in": scope.location_ids})
        )
    return queryset


class TenantQuerySet(models.QuerySet):
    """QuerySet of a tenant-owned model."""

    def unscoped(self) -> TenantQuerySet:
        """Return self; exists so call sites can say they want no restriction."""
        return self


class TenantManager(models.Manager.from_queryset(TenantQuerySet)):
    """Default manager of tenant-owned models: restricted to the active scope."""

    def get_queryset(self) -> models.QuerySet:
        return restrict(super().get_queryset())


class UnscopedManager(models.Manager.from_queryset(TenantQuerySet)):
    """Unrestricted manager for system code (loaders, importers, scope building)."""


class TenantScopeMiddleware:
    """Activate the requesting user's scope for the whole request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        scope = build_scope(getattr(request, "user", None))
        request.scope = scope
        with activate(scope):
            return self.get_response(request)


class ScopedFormMixin:
    """Limit every model-choice field of a form to the active scope.

    Class-level ``queryset=`` arguments are evaluated at import time, outside any scope; this
    re-applies the scope to each of them when the form is built.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            queryset = getattr(form_field, "queryset", None)
            if queryset is not None:
                form_field.queryset = restrict(queryset)
