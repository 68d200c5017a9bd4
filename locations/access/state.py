"""The active scope, and the managers of tenant-owned models that fail closed.

The active scope is kept by django-scopes (pretix's library: a context variable with
``scope(...)`` and the visible opt-out ``scopes_disabled()``), under the dimension
``access`` holding a :class:`~locations.access.scope.Scope`:

- a request activates its user's scope (:class:`locations.access.middleware.ScopeMiddleware`);
- a task or a selector activates a user's with :func:`locations.access.grants.user_scope`;
- system code (loaders, migrations' callers, commands, the demo, retention jobs) says so with
  :func:`system_scope` (everything, on purpose).

:class:`TenantManager`, the default manager of every tenant-owned model, restricts every
queryset to the active scope. **Outside any scope it fails closed**: the queryset it returns
carries a condition that raises :class:`ScopeError` as soon as its SQL is compiled, whatever
is done with it (iterate, ``exists()``, ``count()``, ``update()``, ``delete()``, a subquery).
Building such a queryset is harmless (class-level form fields do it at import time;
:class:`locations.access.forms.ScopedFormMixin` rebuilds them inside the scope). django-scopes'
own ``DisabledQuerySet`` is not used: it blocks a list of QuerySet methods and lets others
(``exists()``, ``in_bulk()``, ``contains()``) run unfiltered.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any, NoReturn, TypeVar

from django.db import models
from django.db.models import BooleanField, Expression
from django_scopes import get_scope, scope, scopes_disabled

from locations.access.scope import SYSTEM, Scope

#: The django-scopes dimension holding the active :class:`Scope`.
DIMENSION = "access"

#: The model a manager serves (django-stubs types ``Model.objects`` per model).
_M = TypeVar("_M", bound=models.Model)


class ScopeError(RuntimeError):
    """A tenant-owned model was queried outside any scope."""


def current_scope() -> Scope | None:
    """The active scope: the user's, :data:`~locations.access.scope.SYSTEM` inside
    :func:`system_scope`, or None outside any scope."""
    state = get_scope()
    if not state.get("_enabled", True):
        return SYSTEM
    return state.get(DIMENSION)


def require_scope() -> Scope:
    """The active scope; raises :class:`ScopeError` outside any scope."""
    active = current_scope()
    if active is None:
        raise ScopeError("no scope is active: activate a user's scope or use system_scope()")
    return active


@contextlib.contextmanager
def activate(active: Scope) -> Iterator[Scope]:
    """Make ``active`` the scope of the ``with`` block (nested blocks restore the outer one)."""
    with scope(**{DIMENSION: active}):
        yield active


@contextlib.contextmanager
def system_scope() -> Iterator[None]:
    """The explicit opt-out of system code: inside the block every tenant-owned row is
    visible. For loaders, commands, the demo, retention jobs and building a scope itself;
    never for code acting for a user (use :func:`locations.access.user_scope`). Works as a
    ``with`` block and, called, as a decorator (``@system_scope()``)."""
    with scopes_disabled():
        yield


class ScopeRequired(Expression):
    """A condition that refuses to compile: the mark of a queryset made outside a scope."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, model_name: str) -> None:
        super().__init__()
        self.model_name = model_name

    def as_sql(self, compiler: Any, connection: Any) -> NoReturn:
        raise ScopeError(
            f"{self.model_name} queried outside a scope: code acting for a user activates "
            "locations.access.user_scope(user); system code opts out with "
            "locations.access.system_scope()."
        )


def is_scope_mark(node: object) -> bool:
    """True for the where-clause node :class:`TenantManager` adds outside a scope."""
    return isinstance(getattr(node, "lhs", None), ScopeRequired) or isinstance(node, ScopeRequired)


class TenantManager(models.Manager[_M]):
    """Default manager of tenant-owned models: the rows the active scope may view; outside
    any scope a queryset that raises :class:`ScopeError` when it is run."""

    def get_queryset(self) -> models.QuerySet[_M]:
        queryset = super().get_queryset()
        active = current_scope()
        if active is None:
            return queryset.filter(ScopeRequired(self.model.__name__))
        return active.restrict(queryset)


class UnscopedManager(models.Manager[_M]):
    """Unrestricted manager ``Model.unscoped``, for tests and the Django shell only: project
    code uses the default manager inside a scope or :func:`system_scope`
    (``tests/test_access_layer.py`` fails on any other use)."""
