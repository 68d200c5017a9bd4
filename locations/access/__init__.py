"""The access layer: who may see or do what, answered in one place, failing closed.

- :mod:`~locations.access.rules`: the actions, the areas of records and the rules table;
- :mod:`~locations.access.scope`: a user's :class:`Scope` and every question asked of it;
- :mod:`~locations.access.grants`: building a scope from memberships (:func:`build_scope`);
- :mod:`~locations.access.state`: the active scope, :func:`user_scope`, :func:`system_scope`
  and the fail-closed :class:`TenantManager`;
- :mod:`~locations.access.middleware`, :mod:`~locations.access.views` (the view mixin) and
  :mod:`~locations.access.forms` (form choices).

``docs/architecture.md`` explains how to use it and how to add a tenant-owned model.
"""

from locations.access.grants import build_scope, built_scope, user_scope, user_scoped
from locations.access.rules import RULES, Action, Area, Role, area_of
from locations.access.scope import NO_ACCESS, SYSTEM, Grant, Scope
from locations.access.state import (
    ScopeError,
    TenantManager,
    UnscopedManager,
    activate,
    current_scope,
    require_scope,
    system_scope,
)

__all__ = [
    "NO_ACCESS",
    "RULES",
    "SYSTEM",
    "Action",
    "Area",
    "Grant",
    "Role",
    "Scope",
    "ScopeError",
    "TenantManager",
    "UnscopedManager",
    "activate",
    "area_of",
    "build_scope",
    "built_scope",
    "current_scope",
    "require_scope",
    "system_scope",
    "user_scope",
    "user_scoped",
]
