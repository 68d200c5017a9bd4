"""API tokens in the admin: an organisation's admins create and revoke the tokens of its
users (:mod:`reports.api.tokens`); registered by ``reports.admin`` in place of knox's own
admin, which would show every organisation's tokens.

Creating one shows the token once, on the page that answers the form (never in a message,
which would be kept in a cookie or the session until shown); the list shows its first
characters (``token_key``) to tell tokens apart. A token never changes: revoking is
deleting it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken

from locations.access import Action, Area
from locations.access.admin import ScopedAdminMixin, admin_scope
from reports.api.tokens import (
    api_token_create,
    api_token_revoke,
    api_tokens,
    default_lifetime,
    token_owners,
)


def _default_days() -> int:
    lifetime = default_lifetime()
    return lifetime.days if lifetime is not None else 0


class ApiTokenForm(forms.ModelForm):
    """A new token: for whom (the users whose tokens the admin manages) and for how long."""

    valid_days = forms.IntegerField(
        label=_("Geldig (dagen)"),
        min_value=0,
        initial=_default_days,
        help_text=_("0: het token verloopt nooit."),
    )

    class Meta:
        model = AuthToken
        fields = ["user"]
        labels = {"user": _("Gebruiker")}


class ApiTokenAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """The API tokens of the users the admin manages (:func:`reports.api.tokens.api_tokens`).

    Permissions come from the rules of the ``membership`` area (a token is a member's
    credential: admins manage them); which rows from the admin scope the site activates.
    Tokens cannot be changed, only added and deleted (revoked)."""

    form = ApiTokenForm
    list_display = ["user", "token_key", "created", "expiry"]
    list_select_related = ["user"]
    search_fields = ["user__username", "token_key"]
    readonly_fields = ["user", "token_key", "created", "expiry"]

    def _allows(self, request: HttpRequest, action: Action) -> bool:
        user = request.user
        return (
            user.is_active
            and getattr(user, "is_staff", False)
            and admin_scope(request).allows(action, Area.MEMBERSHIP)
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> Any:
        return api_tokens()

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["user", "valid_days"]
        return self.readonly_fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [] if obj is None else self.readonly_fields

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "user":
            kwargs["queryset"] = token_owners().order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Store the token through :func:`~reports.api.tokens.api_token_create`; the token
        itself is kept on ``obj`` only for :meth:`response_add` to show it."""
        if change:
            raise PermissionDenied
        days = form.cleaned_data["valid_days"]
        obj.shown_once = api_token_create(
            token=obj, valid_for=timedelta(days=days) if days else None
        )

    def response_add(self, request: HttpRequest, obj: Any, post_url_continue: Any = None) -> Any:
        """The page with the new token (shown this once), instead of a redirect."""
        context = {
            **self.admin_site.each_context(request),
            "title": _("API-token aangemaakt"),
            "opts": self.opts,
            "token": obj.shown_once,
            "stored": obj,
        }
        return TemplateResponse(request, "admin/api_token_created.html", context)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        api_token_revoke(tokens=AuthToken.objects.filter(pk=obj.pk))

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        api_token_revoke(tokens=queryset)
