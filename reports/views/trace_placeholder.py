"""Placeholder for ``reports:trace`` (replaced by the trace branch, issue 11): the URL exists
so that the dashboard can link to it; every request answers 404 until the trace page lands.
The maintainer drops this module and its URL pattern when merging the trace branch."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.views import View

from locations.access import Area
from locations.access.views import AccessMixin


class TracePlaceholderView(AccessMixin, View):
    """GET ``rapportages/<agreement_id>/herkomst/``: 404 for everyone (anonymous visitors are
    sent to the login page first, as on every page)."""

    access_area = Area.REPORT

    def get_target(self) -> None:
        raise Http404("the trace page is not there yet")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404("the trace page is not there yet")
