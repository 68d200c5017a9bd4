"""The admin site under the access rules.

:class:`ScopedAdminSite` (the project's ``admin.site``, set in ``locations.apps``) runs every
admin view inside the requesting user's *admin scope* (:func:`admin_scope`: their admin
memberships only, everything for superusers), so every changelist, change page, inline,
dropdown, sidebar filter and validation reads through the scoped default managers: another
organisation's object is absent (its change page redirects with "does not exist").
:class:`ScopedAdminMixin` answers the admin's permission questions from the rules table.
"""

from __future__ import annotations

from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from locations.access.grants import build_scope
from locations.access.rules import Action, Role, area_of
from locations.access.scope import Scope
from locations.access.state import activate


def admin_scope(request: HttpRequest) -> Scope:
    """The scope of the admin site for ``request.user``: the grants of their admin
    memberships (a coordinator membership elsewhere gives no admin rights there);
    unrestricted for superusers, nothing for anonymous visitors."""
    scope = getattr(request, "scope", None) or build_scope(getattr(request, "user", None))
    return scope.only(Role.ADMIN)


class ScopedAdminSite(admin.AdminSite):
    """The admin site; every admin view runs inside :func:`admin_scope`. It has no login of
    its own: its login page sends visitors to the project's login (``login``, with its
    second step and lockout, bwk.accounts), so no login skips two-factor verification."""

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """Send the visitor to the project's login, back to the admin page afterwards."""
        return redirect_to_login(
            request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index", current_app=self.name)
        )

    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def scoped_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            with activate(admin_scope(request)):
                return inner(request, *args, **kwargs)

        return scoped_view


if TYPE_CHECKING:
    _AdminBase = admin.options.BaseModelAdmin
else:
    _AdminBase = object


def labelled_formset(formset: Any) -> Any:
    """The inline formset class ``formset`` with an accessible name on every visible input of
    its forms (``aria-label``: the field's label, e.g. "Buurtwerkkamer"; "Verwijderen" for
    the delete box): a tabular inline shows the labels only as column headings, which do not
    name the inputs below them (issue 14: 57 unlabeled fields on the agreement page)."""

    class LabelledFormSet(formset):
        def add_fields(self, form: Any, index: Any) -> None:
            super().add_fields(form, index)
            for field in form.fields.values():
                widget = getattr(field.widget, "widget", field.widget)  # a related-field wrapper
                if field.label and not widget.is_hidden:
                    widget.attrs.setdefault("aria-label", str(field.label))

    LabelledFormSet.__name__ = formset.__name__
    return LabelledFormSet


class ScopedAdminMixin(_AdminBase):
    """Permissions of a ModelAdmin or inline, from the rules table (:mod:`locations.access`).

    A staff user may take an action on a model's rows when their admin scope allows that
    action in the model's area; which rows is the admin scope's business (the site activates
    it). Django's per-model permissions grant nothing beyond the rules. An inline's inputs
    are named by their labels (:func:`labelled_formset`).
    """

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        """The inline's formset (inlines only), every input named (:func:`labelled_formset`)."""
        return labelled_formset(super().get_formset(request, obj, **kwargs))  # type: ignore[misc]

    def _allows(self, request: HttpRequest, action: Action) -> bool:
        user = request.user
        return (
            user.is_active
            and getattr(user, "is_staff", False)
            and admin_scope(request).allows(action, area_of(self.model))
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allows(request, Action.VIEW)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allows(request, Action.VIEW)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._allows(request, Action.ADD)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allows(request, Action.CHANGE)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allows(request, Action.DELETE)
