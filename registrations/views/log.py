"""The coordinator's log page and the participant autocomplete."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from locations.access import Action, Area
from locations.access.views import AccessMixin
from locations.audit import log_search
from locations.models import Location
from registrations.forms.log import JobLogForm, SessionLogForm
from registrations.selectors import day_overview, participant_search
from registrations.services.participants import job_register, session_register
from registrations.services.rules import (
    earliest_dates_remembered,
    remember_earliest_dates,
    with_first_agreement_year,
)
from registrations.services.submissions import submit_once
from registrations.views.common import chosen_date, chosen_location, remember_location


class LogView(AccessMixin, View):
    """The coordinator's log page: log a session or a job, and see the day's list.

    GET ``?location=<id>&date=<YYYY-MM-DD>`` chooses the day shown (default: the remembered
    location, else the first writable one, and today). POST ``form=session`` or ``form=job``
    saves through the services once per submitted form (the form's token,
    :func:`registrations.services.submissions.submit_once`: the same form sent again writes
    nothing and gets the same redirect) and redirects back to the same day
    (post/redirect/get); an invalid form is shown again with what was entered. 403 for users
    who may not log anywhere.
    """

    template_name = "registrations/log.html"
    access_area = Area.REGISTRATION
    access_actions = {"get": Action.ADD, "post": Action.ADD}

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # One request: each location's first possible day is read once, with the locations
        # (issue 13, "A fast save").
        with earliest_dates_remembered():
            return super().dispatch(request, *args, **kwargs)

    def get_target(self) -> None:
        """Not about one object: sets the writable locations and the day shown (403 when the
        user may log nowhere)."""
        # Their first possible days (the date rule) are read along with them.
        self.locations = list(
            with_first_agreement_year(self.scope.locations(Action.ADD, Area.REGISTRATION))
        )
        remember_earliest_dates(self.locations)
        if not self.locations:
            raise PermissionDenied(self.denied_message())
        self.location, self.date = self._current_day(self.request)
        return None

    def _current_day(self, request) -> tuple[Location, datetime.date]:
        location = chosen_location(request, self.locations)
        remember_location(request, location)
        return location, chosen_date(request)

    def _initial(self) -> dict:
        return {"location": self.location, "date": self.date}

    def get(self, request, *args, **kwargs):
        return self._render(
            SessionLogForm(
                user=request.user,
                locations=self.locations,
                initial={**self._initial(), "anonymous_count": 0},
            ),
            JobLogForm(
                user=request.user, locations=self.locations, initial=self._initial(), prefix="job"
            ),
        )

    def post(self, request, *args, **kwargs):
        if request.POST.get("form") == "job":
            session_form = SessionLogForm(
                user=request.user,
                locations=self.locations,
                initial={**self._initial(), "anonymous_count": 0},
            )
            job_form = JobLogForm(
                request.POST, user=request.user, locations=self.locations, prefix="job"
            )
            if job_form.is_valid() and self._save_job(job_form):
                return self._redirect(job_form.cleaned_data)
        else:
            session_form = SessionLogForm(request.POST, user=request.user, locations=self.locations)
            job_form = JobLogForm(
                user=request.user, locations=self.locations, initial=self._initial(), prefix="job"
            )
            if session_form.is_valid() and self._save_session(session_form):
                return self._redirect(session_form.cleaned_data)
        return self._render(session_form, job_form)

    def _save_session(self, form: SessionLogForm) -> bool:
        data = form.cleaned_data
        try:
            session = submit_once(
                user=self.request.user,
                location=data["location"],
                token=data["submission"],
                save=lambda: session_register(
                    user=self.request.user,
                    location=data["location"],
                    date=data["date"],
                    category=data["category"],
                    title=data["title"],
                    participant_ids=[p.pk for p in data["participant_list"]],
                    new_participants=data["new_participant_list"],
                    anonymous_count=data["anonymous_count"],
                ),
            )
        except ValidationError as error:
            form.add_error(None, list(error.messages))
            return False
        count = len(data["participant_list"]) + len(data["new_participant_list"])
        messages.success(
            self.request,
            ngettext(
                "Opgeslagen: %(session)s met %(count)d deelnemer en %(anonymous)d anoniem.",
                "Opgeslagen: %(session)s met %(count)d deelnemers en %(anonymous)d anoniem.",
                count,
            )
            % {"session": session, "count": count, "anonymous": session.anonymous_count},
        )
        return True

    def _save_job(self, form: JobLogForm) -> bool:
        data = form.cleaned_data
        try:
            job = submit_once(
                user=self.request.user,
                location=data["location"],
                token=data["submission"],
                save=lambda: job_register(
                    user=self.request.user,
                    location=data["location"],
                    date=data["date"],
                    description=data["description"],
                    participant=data["participant_obj"],
                ),
            )
        except ValidationError as error:
            form.add_error(None, list(error.messages))
            return False
        messages.success(self.request, _("Klus opgeslagen: %(job)s.") % {"job": job})
        return True

    def _redirect(self, data: dict) -> HttpResponseRedirect:
        remember_location(self.request, data["location"])
        query = urlencode({"location": data["location"].pk, "date": data["date"].isoformat()})
        return HttpResponseRedirect(f"{reverse('registrations:log')}?{query}")

    def _render(self, session_form: SessionLogForm, job_form: JobLogForm):
        context = {
            "session_form": session_form,
            "job_form": job_form,
            "locations": self.locations,
            "day": day_overview(user=self.request.user, location=self.location, date=self.date),
        }
        return render(self.request, self.template_name, context)


class ParticipantSearchView(AccessMixin, View):
    """JSON for the autocomplete: ``POST q=<text>&location=<id>`` (with the CSRF token).

    Answers ``{"results": [{"id", "code", "nickname"}, ...]}`` (at most 10) within the user's
    scope; see :func:`registrations.selectors.participant_search` for the matching rules.
    POST only (a GET answers 405): the search text travels in the request body, never in a
    URL that a proxy, the server's access log or the browser history keeps (issue 10). Each
    search is written to the access log (:func:`locations.audit.log_search`: the text and
    the organisations it covered). 404 for users who may see no personal data (funders).
    """

    http_method_names = ["post"]
    access_area = Area.REGISTRATION

    def post(self, request, *args, **kwargs):
        location = None
        raw = request.POST.get("location", "")
        if raw.isascii() and raw.isdigit():  # not '¹', a digit to isdigit but not to int
            location = self.restrict(Location.objects.filter(pk=int(raw))).first()
        query = request.POST.get("q", "")[:40]
        matches = participant_search(user=request.user, query=query, location=location)
        organisations = (
            [location.organisation_id]
            if location is not None
            else self.scope.locations(Action.VIEW, Area.REGISTRATION).values_list(
                "organisation_id", flat=True
            )
        )
        log_search(
            request,
            subject="registrations.participant",
            query=query,
            organisation_ids=organisations,
        )
        return JsonResponse({"results": [match.as_json() for match in matches]})
