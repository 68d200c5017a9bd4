"""Access to the API: the DRF counterpart of :class:`locations.access.views.AccessMixin`.

DRF authenticates a token inside the view, after
:class:`~locations.access.middleware.ScopeMiddleware` has activated the scope of the
request's *session* user (for a token request: nobody, so every tenant-owned query would see
nothing). :class:`ApiView` therefore builds the scope of the user DRF authenticated and
activates it for the rest of the request, before any query: every queryset is then
restricted by the scoped default managers, and a version of another party answers 404,
exactly as on the pages.

The order of the checks (:meth:`ApiView.initial`):

1. a method the view lacks answers **405**, whoever asks, before anything is looked up (the
   API is read-only: GET, HEAD and OPTIONS);
2. authentication (a knox token, or the session): none or a wrong, expired or revoked token
   answers **401**;
3. throttling per user (:mod:`reports.api.limits`): **429**;
4. the access rules, as :class:`~locations.access.views.AccessMixin`: an endpoint about one
   object finds it among the rows the user may view (**404** otherwise) and answers **403**
   when the user sees it but may not take the action; a list answers **403** when the user
   may take the action nowhere (a coordinator asking for issued reports).
"""

from __future__ import annotations

import contextlib
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.http.response import HttpResponseBase
from django.template.response import SimpleTemplateResponse
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.views import APIView

from locations.access import Action, activate, build_scope
from locations.access.rules import PRIVATE_AREAS
from locations.access.views import AccessMixin


class ApiView(AccessMixin, GenericAPIView):
    """Base of every API view: read-only, in the authenticated user's scope.

    Like :class:`~locations.access.views.AccessMixin` (whose ``access_area``,
    ``access_actions``, :meth:`get_target`, :meth:`find`, :meth:`restrict` and
    :meth:`check_object` it uses), but after DRF's authentication instead of before it:
    ``self.scope`` is the authenticated user's :class:`~locations.access.scope.Scope`,
    active from authentication until the response is rendered, ``self.action`` the action of
    the request and ``self.target`` the object of the endpoint (or None). Querysets come from
    the scoped default managers, built inside :meth:`get_queryset` (never at import time,
    outside any scope).
    """

    http_method_names = ["get", "head", "options"]

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponseBase:
        """DRF's dispatch (not AccessMixin's, which would send a token client to the login
        page) inside a block that :meth:`initial` enters the user's scope in; the response
        is rendered in it too (the browsable page reads the view again)."""
        with contextlib.ExitStack() as scopes:
            self._scopes = scopes
            response = APIView.dispatch(self, request, *args, **kwargs)
            if isinstance(response, SimpleTemplateResponse):
                response.render()
            return response

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        """405, authentication, throttling, then the user's scope and the access rules (in the
        order of the module docstring). Raises the DRF or Django exception of the answer."""
        method = (request.method or "").lower()
        if method not in self.http_method_names or not hasattr(self, method):
            raise MethodNotAllowed(request.method or "")
        super().initial(request, *args, **kwargs)
        self.scope = build_scope(request.user)
        request._request.scope = self.scope  # type: ignore[attr-defined]
        self._scopes.enter_context(activate(self.scope))
        self.action = self.access_actions.get(method, Action.VIEW)
        if self.access_area in PRIVATE_AREAS and not self.scope.allows(
            Action.VIEW, self.access_area
        ):
            raise Http404(self.denied_message())
        self.target = self.get_target()
        if self.target is None:
            if not self.scope.allows(self.action, self.access_area):
                raise PermissionDenied(self.denied_message())
        else:
            self.check_object(self.action, self.target)
