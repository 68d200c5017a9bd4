"""Activating the requesting user's scope for the whole request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from locations.access.grants import build_scope
from locations.access.state import activate


class ScopeMiddleware:
    """Build the user's :class:`~locations.access.scope.Scope` once (``request.scope``) and
    activate it while the request is handled (after ``AuthenticationMiddleware``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        scope = build_scope(getattr(request, "user", None))
        request.scope = scope  # type: ignore[attr-defined]
        with activate(scope):
            return self.get_response(request)
