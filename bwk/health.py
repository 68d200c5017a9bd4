"""The health check of the web servers: ``GET /healthz/`` (docker-compose's ``web``
healthcheck and a load balancer's probe; docs/scaling.md).

Answered by :class:`HealthCheckMiddleware`, the first middleware, before the host check, the
HTTPS redirect, sessions and the access layer: a probe comes over plain HTTP from the
container itself or the load balancer, with an address as host name. It reads nothing of
anyone: ``200 ok`` when the database answers ``SELECT 1``, else ``503 database unavailable``
(plain text, never cached). Any other path goes on to the application.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse

#: The path of the health check.
HEALTH_PATH = "/healthz/"

logger = logging.getLogger(__name__)


def database_is_up() -> bool:
    """True when the primary database answers ``SELECT 1``; a failure is logged."""
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("health check: the database does not answer", exc_info=True)
        return False
    return True


class HealthCheckMiddleware:
    """Answers ``GET``/``HEAD`` ``/healthz/`` itself (200 or 503, see the module); passes every
    other request on unchanged."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        """The health answer for the health path, else the application's response."""
        if request.path != HEALTH_PATH or request.method not in {"GET", "HEAD"}:
            return self.get_response(request)
        if database_is_up():
            response = HttpResponse("ok\n", content_type="text/plain")
        else:
            response = HttpResponse("database unavailable\n", status=503, content_type="text/plain")
        response["Cache-Control"] = "no-store"
        return response
