"""The account pages (outside the access layer's tenant pages: each is about the visitor's
own account): the one login (also the admin's), the lockout page, password reset
and change.

The login is django-two-factor-auth's wizard (user name and password, then the TOTP token
or a recovery code for a user who has a device); the admin's login page sends visitors
here (:meth:`locations.access.admin.ScopedAdminSite.login`), so no login skips the second
step. Password reset and change are Django's views with the templates in
``templates/registration/``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse_lazy
from two_factor.views import LoginView as TwoFactorLoginView


class LoginView(TwoFactorLoginView):
    """django-two-factor-auth's login, with the user name and password fields named as
    before (``username``, ``password``: no ``auth-`` prefix) and the project's template."""

    template_name = "registration/login.html"

    def get_form_prefix(self, step: str | None = None, form: Any = None) -> str:
        """No prefix for the first step; the step name for the token and backup steps."""
        step = step or self.steps.current
        return "" if step == self.AUTH_STEP else str(step)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address for django-axes (``AXES_CLIENT_IP_CALLABLE``): behind the TLS
    proxy (``BEHIND_TLS_PROXY``, docs/configuration.md) the last address of
    ``X-Forwarded-For``, the one the proxy added; else ``REMOTE_ADDR``. None when unknown."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR")


def locked_out(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """The answer to a locked-out login (django-axes' ``AXES_LOCKOUT_CALLABLE``): the
    lockout page in the user's language, status 429."""
    return render(request, "registration/locked_out.html", status=429)


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link by e-mail (Django's view; says the same whether or not the
    address is known)."""

    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choose a new password from the e-mailed link (Django's view)."""

    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password (Django's view; the session stays valid, others end)."""

    success_url = reverse_lazy("accounts:password_change_done")


#: URLs of the account pages (``include``d as namespace ``accounts`` under ``/account/``); the
#: login is ``login`` (``/inloggen/``), the two-factor setup pages django-two-factor-auth's
#: (namespace ``two_factor``, under ``/account/two_factor/``).
app_name = "accounts"
urlpatterns = [
    path("wachtwoord/vergeten/", PasswordResetView.as_view(), name="password_reset"),
    path(
        "wachtwoord/vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "wachtwoord/nieuw/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord/nieuw/klaar/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("wachtwoord/wijzigen/", PasswordChangeView.as_view(), name="password_change"),
    path(
        "wachtwoord/gewijzigd/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]
