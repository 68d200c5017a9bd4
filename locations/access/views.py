"""The one view mixin that applies the access rules (after NetBox's
``ObjectPermissionRequiredMixin`` and ``RestrictedQuerySet.restrict(user, action)``).

A view names its :class:`~locations.access.rules.Area` and the action each HTTP method needs.
:class:`AccessMixin` sends anonymous visitors to the login page, answers 405 to a method the
view does not have (whoever asks, before anything is looked up), then:

- a page about one object (:meth:`AccessMixin.get_target` returns it) finds the object among
  the rows the user may *view* (:meth:`AccessMixin.find`), so another organisation's or
  location's object answers **404**, and answers **403** when the user sees it but may not
  take the method's action on it in the page's area (the board posting on a coordinator's
  day page, a coordinator opening the board page of their agreement);
- any other page answers **403** when the user may take the action nowhere;
- a page of personal data (:data:`~locations.access.rules.PRIVATE_AREAS`) answers **404** to
  a user who may see no personal data at all (funders), whatever it is about.

Inside the view ``self.scope`` is the user's :class:`~locations.access.scope.Scope`,
``self.action`` the action of the request and ``self.target`` the object (or None);
:meth:`AccessMixin.restrict` limits further querysets.

A view whose credential is a token in the request instead of the session (the calendar feed,
``reports.views.calendar.CalendarFeedView``) sets ``access_by_token = True`` and implements
:meth:`AccessMixin.token_user`: after the 405 check it answers who the user is (Http404 for
an unknown or revoked token, whoever asks: no login page), then that user's scope is built
and activated for the view and the checks above run in it, except that a page the token's
user may not take the action on answers 404 too (the token grants nothing any more).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404

from locations.access.grants import AnyUser, user_scope
from locations.access.rules import DEFAULT_DENIED, DENIED, PRIVATE_AREAS, Action, Area
from locations.access.scope import Scope

if TYPE_CHECKING:
    from django.views import View

_M = TypeVar("_M", bound=Model)


if TYPE_CHECKING:
    _ViewBase = View
else:
    _ViewBase = object


class AccessMixin(LoginRequiredMixin, _ViewBase):
    """Access for a class-based view.

    ``access_area``: the area of the page (required). ``access_actions``: HTTP method (lower
    case) -> the :class:`Action` it needs; methods not named need :attr:`Action.VIEW`.
    ``access_denied``: the Dutch 403 text (default: the area's).
    """

    access_area: Area
    access_actions: dict[str, Action] = {}
    access_denied: str | None = None
    #: True for a view whose credential is a token in the request, not the session
    #: (:meth:`token_user`; module docstring).
    access_by_token: bool = False

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        method = (request.method or "").lower()
        if not self.access_by_token and not request.user.is_authenticated:
            return self.handle_no_permission()
        if method not in self.http_method_names or not hasattr(self, method):
            return self.http_method_not_allowed(request, *args, **kwargs)
        if self.access_by_token:
            with user_scope(self.token_user(request)) as scope:
                return self._dispatch_in(scope, method, request, *args, **kwargs)
        return self._dispatch_in(request.scope, method, request, *args, **kwargs)  # type: ignore[attr-defined]

    def _dispatch_in(
        self, scope: Scope, method: str, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        """The access checks of :meth:`dispatch` in ``scope`` (the user's), then the view."""
        self.scope: Scope = scope
        self.action: Action = self.access_actions.get(method, Action.VIEW)
        if self.access_area in PRIVATE_AREAS and not self.scope.allows(
            Action.VIEW, self.access_area
        ):
            raise Http404(self.denied_message())
        self.target = self.get_target()
        if self.target is None:
            if not self.scope.allows(self.action, self.access_area):
                if self.access_by_token:
                    raise Http404(self.denied_message())
                raise PermissionDenied(self.denied_message())
        else:
            self.check_object(self.action, self.target)
        if self.access_by_token:  # past LoginRequiredMixin: the token is the login
            return super(LoginRequiredMixin, self).dispatch(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def token_user(self, request: HttpRequest) -> AnyUser:
        """For a view with ``access_by_token``: the user the request's token stands for.
        Raises Http404 when the token is missing, unknown or revoked. Not called otherwise."""
        raise NotImplementedError

    def get_target(self) -> Model | None:
        """The one object this page is about, found with :meth:`find` (404 when the user may
        not see it), or None for pages not about one object (the default)."""
        return None

    def find(self, queryset: QuerySet[Any], **lookup: Any) -> Any:
        """The object of ``queryset`` matching ``lookup`` among the rows the user may view
        (in the model's own area), else 404."""
        return get_object_or_404(self.restrict(queryset), **lookup)

    def denied_message(self) -> str:
        """The text of a 403 answer on this page."""
        return str(self.access_denied or DENIED.get(self.access_area, DEFAULT_DENIED))

    def restrict(
        self, queryset: QuerySet[_M], action: Action = Action.VIEW, area: Area | None = None
    ) -> QuerySet[_M]:
        """``queryset`` limited to the rows the user may take ``action`` on (in ``area``,
        default the model's own)."""
        return self.scope.restrict(queryset, action, area)

    def check_object(self, action: Action, obj: Model, area: Area | None = None) -> None:
        """403 unless the user may take ``action`` on ``obj`` in ``area`` (default: the view's
        area)."""
        area = self.access_area if area is None else area
        message = self.access_denied if area == self.access_area else None
        self.scope.check_object(action, obj, area, message=message)
