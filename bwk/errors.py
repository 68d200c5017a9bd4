"""The error pages (issue 14, "Words and errors"): 400, 403 (also a failed CSRF check), 404 and
500 in Dutch (English available), in the product's look, with the navigation
(templates/errors/).

The 403 page shows the reason the access layer gives (``PermissionDenied`` raised with a
Dutch message by ``locations.access``: ``Scope.check``, ``AccessMixin``); a 404 shows no
detail of what was not found (it would tell another organisation's objects apart). The 500 page
is rendered with a minimal context, without the context processors and without touching
``request.user`` or the session: it must render when the database is down.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template import loader
from django.template.response import TemplateResponse
from django.views.decorators.csrf import requires_csrf_token

from bwk.context_processors import site


def _page(request: HttpRequest, template: str, status: int, **context: Any) -> HttpResponse:
    """The error page ``template`` with the full page context (navigation included), rendered
    now (an error handler's response is not rendered later)."""
    response = TemplateResponse(request, template, context, status=status)
    response.render()
    return response


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400: the request could not be understood (e.g. a malformed upload)."""
    return _page(request, "errors/400.html", 400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403 with the access layer's reason (the ``PermissionDenied`` message, if it has one)."""
    reason = str(exception) if exception is not None and exception.args else ""
    return _page(request, "errors/403.html", 403, reason=reason)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404: no such page, or nothing the user may see (never says which)."""
    return _page(request, "errors/404.html", 404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A failed CSRF check (settings.CSRF_FAILURE_VIEW): 403, as Django answers it, with a
    Dutch explanation of what to do (the form was open too long, or cookies are off).
    Django's ``reason`` is English and technical: it is not shown."""
    return _page(request, "errors/csrf.html", 403)


def server_error(request: HttpRequest) -> HttpResponse:
    """500, rendered with a minimal context: no context processors, no user, no session, no
    query (the header then shows the product's name and no navigation)."""
    template = loader.get_template("errors/500.html")
    context = {"request": request, "csrf_token": get_token(request), **site()}
    return HttpResponse(template.render(context), status=500)
