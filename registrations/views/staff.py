"""Staff pages: undo a delete, the history (Geschiedenis) of a participant or volunteer, and
merging two records of the same person.

Access (:mod:`locations.access`):
- Undo: POST only, for users who may add registrations somewhere;
  :func:`registrations.history.undo_delete` checks that the user may add registrations at the
  restored rows' locations (403 otherwise).
- Geschiedenis: staff who see the details of the record's person
  (:meth:`~locations.access.scope.Scope.sees_details`: registrations at the home location;
  its coordinators, the organisation's board and admins); 404 for anyone else, so records of
  other organisations or locations stay invisible. The nickname shows only to staff who log
  at the home location (:meth:`~locations.access.scope.Scope.sees_nickname`; the board sees
  "•••"). Every view is written to the access log (:func:`locations.audit.log_view`).
- Samenvoegen: users who may change registrations somewhere (coordinators, admins); merging
  itself needs that at both records' home locations (registrations/merge.py). A preview
  shows both records' details: each is written to the access log.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from locations.access import Action, Area
from locations.access.views import AccessMixin
from locations.audit import log_view
from registrations.forms.staff import MergeForm
from registrations.history import participant_history, undo_delete, volunteer_history
from registrations.merge import merge_participants, merge_preview, merge_volunteers
from registrations.models.participants import Participant
from registrations.models.volunteers import Volunteer


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


class UndoView(AccessMixin, View):
    """POST ``token`` (from :func:`registrations.history.delete_with_undo`), optional ``next``.

    Restores the deleted rows and redirects to ``next`` (a local URL; default the log page)
    with a message; for an htmx request answers 204 with ``HX-Refresh: true`` so the page
    reloads with the row back. An invalid or expired token gives an error message (same
    responses); a token for rows the user may not write gives 403.
    """

    http_method_names = ["post"]
    access_area = Area.REGISTRATION
    access_actions = {"post": Action.ADD}

    def post(self, request, *args, **kwargs):
        try:
            restored = undo_delete(request.POST.get("token", ""), user=request.user)
        except ValueError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Hersteld: %(object)s.") % {"object": restored})
        if _is_htmx(request):
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        return HttpResponseRedirect(_safe_next(request, reverse("registrations:log")))


class _HistoryView(AccessMixin, View):
    model = None
    template_name = "registrations/staff/history.html"
    access_area = Area.REGISTRATION

    def history(self, record, hide_nickname: bool):
        raise NotImplementedError

    def get_target(self):
        record = self.find(self.model.objects.select_related("home_location"), pk=self.kwargs["pk"])
        if not self.scope.sees_details(
            organisation_id=record.organisation_id, home_location_id=record.home_location_id
        ):
            raise Http404
        return record

    def get(self, request, pk):
        record = self.target
        show_nickname = self.scope.sees_nickname(
            organisation_id=record.organisation_id, home_location_id=record.home_location_id
        )
        log_view(request, record)
        context = {
            "record": record,
            "kind": self.model._meta.verbose_name,
            "show_nickname": show_nickname,
            "changes": self.history(record, not show_nickname),
        }
        return render(request, self.template_name, context)


class ParticipantHistoryView(_HistoryView):
    """Geschiedenis of a participant: who changed what and when, in the participant's record
    and the records that name them (newest first, at most 200 lines)."""

    model = Participant

    def history(self, record, hide_nickname):
        return participant_history(record, hide_nickname=hide_nickname)


class VolunteerHistoryView(_HistoryView):
    """Geschiedenis of a volunteer (record, key holdings, group memberships, hours)."""

    model = Volunteer

    def history(self, record, hide_nickname):
        return volunteer_history(record, hide_nickname=hide_nickname)


class MergeView(AccessMixin, View):
    """Samenvoegen: pick two records by code (GET shows a preview of what moves), confirm
    with POST ``confirm=1`` to merge. 403 for users who may log nowhere (board, funders) and
    for a pair the user may not write at both home locations of."""

    template_name = "registrations/staff/merge.html"
    access_area = Area.REGISTRATION
    access_actions = {"get": Action.CHANGE, "post": Action.CHANGE}
    access_denied = gettext_lazy("U mag geen records samenvoegen.")

    def get(self, request):
        form = MergeForm(request.GET or None)
        preview = None
        if form.is_bound and form.is_valid():
            keep, remove = form.cleaned_data["keep_record"], form.cleaned_data["remove_record"]
            preview = merge_preview(keep=keep, remove=remove)
            log_view(request, keep)
            log_view(request, remove)
        return render(request, self.template_name, {"form": form, "preview": preview})

    def post(self, request):
        form = MergeForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "preview": None})
        keep, remove = form.cleaned_data["keep_record"], form.cleaned_data["remove_record"]
        merge = merge_participants if isinstance(keep, Participant) else merge_volunteers
        try:
            merge(keep=keep, remove=remove, user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
            return render(request, self.template_name, {"form": form, "preview": None})
        messages.success(
            request,
            _("%(remove)s is samengevoegd met %(keep)s.")
            % {"remove": remove.code, "keep": keep.code},
        )
        name = "participant_history" if isinstance(keep, Participant) else "volunteer_history"
        return HttpResponseRedirect(reverse(f"registrations:{name}", args=[keep.pk]))
