"""Middleware of accounts: two-factor login enforced, sessions ended after their timeouts.

Both run after ``AuthenticationMiddleware`` and django-otp's ``OTPMiddleware`` (settings).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from locations.accounts.policy import two_factor_required

#: Session keys: when the user logged in, and when they were last seen (epoch seconds).
LOGIN_AT = "bwk_login_at"
SEEN_AT = "bwk_seen_at"
#: The last-seen time is written at most this often (seconds), not on every request.
SEEN_GRANULARITY = 60

#: Pages a user who must use two-factor login may open before verifying a device.
BEFORE_VERIFICATION = frozenset(
    {
        "login",
        "logout",
        "set_language",
        "two_factor:setup",
        "two_factor:qr",
        "two_factor:setup_complete",
        "two_factor:backup_tokens",
        "admin:login",
        "admin:logout",
    }
)


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    """A redirect; for an htmx request the whole page goes there (``HX-Redirect``)."""
    if request.headers.get("HX-Request"):
        return HttpResponse(headers={"HX-Redirect": url})
    return HttpResponseRedirect(url)


class TwoFactorMiddleware:
    """A user who must use two-factor login (:func:`two_factor_required`) and has not
    verified a device in this session can open only the pages of
    :data:`BEFORE_VERIFICATION`; every other page sends them to the setup page (a user with
    a device verified it at login, so this is the user without one)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: object, args: object, kwargs: object
    ) -> HttpResponse | None:
        user: Any = request.user  # django-otp's OTPMiddleware added is_verified()
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in BEFORE_VERIFICATION:
            return None
        if not two_factor_required(user):
            return None
        return _redirect(request, reverse("two_factor:setup"))


class SessionTimeoutMiddleware:
    """End a logged-in session after ``BWK_SESSION_IDLE_MINUTES`` without a request or
    ``BWK_SESSION_ABSOLUTE_HOURS`` after login (settings; docs/configuration.md): the user
    is logged out and sent to the login page. The times are set at login
    (:func:`locations.accounts.sessions.stamp_login`); the last-seen time is written at most
    once a minute."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            session = request.session
            now = int(time.time())
            login_at = session.get(LOGIN_AT)
            seen_at = session.get(SEEN_AT)
            if login_at is None or seen_at is None:  # a session from before the timeouts
                session[LOGIN_AT] = session[SEEN_AT] = now
            elif (
                now - seen_at > settings.BWK_SESSION_IDLE_MINUTES * 60
                or now - login_at > settings.BWK_SESSION_ABSOLUTE_HOURS * 3600
            ):
                logout(request)
                return _redirect_to_login(request)
            elif now - seen_at >= SEEN_GRANULARITY:
                session[SEEN_AT] = now
        return self.get_response(request)


def _redirect_to_login(request: HttpRequest) -> HttpResponse:
    response = redirect_to_login(request.get_full_path())
    if request.headers.get("HX-Request"):
        return HttpResponse(headers={"HX-Redirect": response["Location"]})
    return response
