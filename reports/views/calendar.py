"""The reporting calendar (issue 11): the page ``/kalender/`` with every deadline the user
sees and its status, the management of their calendar feed, and the feed ``/kalender.ics``.

Access: the page is for every signed-in role (deadlines are agreement records: the access
layer decides which each sees, :mod:`reports.deadlines`). The feed has no session: the token
in its URL is the credential (:mod:`reports.calendar.tokens`); an unknown, renewed or revoked
token answers 404, whoever asks (the access layer's token credential, ``access_by_token`` in
:mod:`locations.access.views`: the feed runs in the token's user's scope). It shows the
token's user's deadlines of the token's organisation, with nothing personal in it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from locations.access import Action, Area
from locations.access.views import AccessMixin
from locations.models import Organisation
from locations.periods import parse_period
from reports.calendar.ics import deadline_calendar
from reports.calendar.models import CalendarToken
from reports.calendar.tokens import (
    calendar_token_find,
    calendar_token_renew,
    calendar_token_revoke,
)
from reports.deadlines import calendar_entries


def _is_part_of_a_year(code: str) -> bool:
    """True when ``code`` is a period code of a part of a year ("2019-Q2", "2018-T1":
    :attr:`locations.periods.Period.is_quarter`), False for a year or anything else."""
    try:
        return parse_period(code).is_quarter
    except ValueError:
        return False


class CalendarView(AccessMixin, TemplateView):
    """``/kalender/``: the deadlines (date, agreement, interim/final, period, status), the
    overdue ones first, then the coming ones, then those issued; and per organisation of the
    user their feed: make, renew or revoke its link. POST (``organisation``, which may be left
    out by a user of one organisation; ``action`` "renew" or "revoke") answers the page
    itself, with a new link shown once; an organisation not the user's answers 404."""

    template_name = "reports/calendar/index.html"
    access_area = Area.AGREEMENT

    def _organisations(self) -> list[Organisation]:
        ids = [
            pk
            for pk in sorted(self.scope.organisation_ids)
            if self.scope.can(Action.VIEW, Area.AGREEMENT, organisation_id=pk)
        ]
        return list(Organisation.objects.filter(pk__in=ids).order_by("name"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        entries = calendar_entries(user=self.request.user, today=today)
        tokens = {
            t.organisation_id: t
            for t in CalendarToken.objects.filter(user_id=self.request.user.pk or 0)
        }
        organisations = self._organisations()
        context.update(
            today=today,
            overdue=[e for e in entries if e.status == "overdue"],
            due=[e for e in entries if e.status == "due"],
            issued=[e for e in entries if e.status == "issued"],
            feeds=[(o, tokens.get(o.pk)) for o in organisations],
            feed_url=reverse("calendar:feed"),
            new_link=kwargs.get("new_link"),
            may_issue={
                e.agreement_id
                for e in entries
                if self.scope.can(Action.VIEW, Area.ISSUED, organisation_id=e.organisation_id)
            },
            # Narratives are written per part of the year (a quarter): the deadlines of such a
            # period link to them, those of a whole year do not.
            narrate={
                e.deadline_id
                for e in entries
                if _is_part_of_a_year(e.period)
                and self.scope.can(Action.VIEW, Area.NARRATIVE, organisation_id=e.organisation_id)
            },
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        mine = [o.pk for o in self._organisations()]
        try:
            organisation_id = int(request.POST.get("organisation") or (mine[0] if mine else 0))
        except ValueError:
            raise Http404(_("Onbekende organisatie.")) from None
        if organisation_id not in mine or (len(mine) > 1 and not request.POST.get("organisation")):
            raise Http404(_("Onbekende organisatie."))
        action = request.POST.get("action")
        new_link = None
        if action == "renew":
            token = calendar_token_renew(user=request.user, organisation_id=organisation_id)
            new_link = request.build_absolute_uri(f"{reverse('calendar:feed')}?token={token}")
        elif action == "revoke":
            calendar_token_revoke(user=request.user, organisation_id=organisation_id)
        else:
            raise PermissionDenied(_("Onbekende handeling."))
        return self.render_to_response(self.get_context_data(new_link=new_link))


class CalendarFeedView(AccessMixin, TemplateView):
    """``/kalender.ics?token=...``: the iCalendar feed of the token's user in the token's
    organisation (:func:`reports.calendar.ics.deadline_calendar`); 404 for a missing, unknown,
    renewed or revoked token (module docstring). GET only.

    The token is the credential (``access_by_token``, :mod:`locations.access.views`): a
    method other than GET answers 405 first, then :meth:`token_user` answers who asks (404
    without a valid token), and the access layer runs the view in that user's scope
    (``self.scope``), whatever session the request has."""

    access_area = Area.AGREEMENT
    access_by_token = True
    http_method_names = ["get", "head"]

    def token_user(self, request: HttpRequest) -> Any:
        """The token row's user (the row is kept as ``self.token`` for its organisation);
        Http404 for a missing, unknown, renewed or revoked token or an inactive user."""
        found = calendar_token_find(request.GET.get("token", ""))
        if found is None:
            raise Http404(_("Deze agendakoppeling bestaat niet (meer)."))
        self.token: CalendarToken = found
        return found.user

    def denied_message(self) -> str:
        """A token whose user may see no agreements any more answers as a revoked one."""
        return _("Deze agendakoppeling bestaat niet (meer).")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        found = self.token
        entries = calendar_entries(
            user=found.user, today=timezone.localdate(), organisation_id=found.organisation_id
        )
        body = deadline_calendar(
            entries,
            name=_("Rapportages %(organisation)s") % {"organisation": found.organisation.name},
            host=request.get_host().split(":")[0] or "bwk",
            stamp=timezone.now(),
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="rapportages.ics"'
        response["Cache-Control"] = "private, no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response
