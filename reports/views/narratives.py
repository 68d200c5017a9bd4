"""Narratives per location and quarter (issue 11): the overview of an agreement's quarter and
the page of one narrative (write, submit, edit, approve).

Access (:mod:`locations.access`, :attr:`Area.NARRATIVE`): coordinators see and write their own
locations' narratives, the board and admins every location's, and the board (and admins)
approve; funders have no narrative pages (403): they read approved narratives only inside the
reports issued to them. Another organisation's agreement or location answers 404, a location
of the agreement the user may not see too.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from agreements.views import AgreementPageMixin
from locations.access import Action, Area
from locations.models import Location
from locations.periods import Period, default_period
from reports.narratives.forms import NarrativeForm
from reports.narratives.models import Narrative
from reports.narratives.services import (
    Step,
    narrative_closure,
    narrative_for,
    narrative_period,
    narrative_save,
)


class NarrativeListView(AgreementPageMixin, TemplateView):
    """``rapportages/<agreement_id>/verhalen/?period=2019-Q2``: the agreement's locations the
    user may see narratives of, each with its narrative's status in that quarter (default:
    the latest finished quarter) and a link to its page."""

    template_name = "reports/narratives/list.html"
    access_area = Area.NARRATIVE

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        agreement = self.target
        try:
            period = narrative_period(agreement, self.request.GET.get("period", ""))
        except ValidationError:
            period = default_period(agreement.year, timezone.localdate())
        locations = list(
            self.restrict(
                Location.objects.filter(agreements=agreement).order_by("name", "pk"),
                Action.VIEW,
                Area.NARRATIVE,
            )
        )
        found = {
            n.location_id: n
            for n in Narrative.objects.filter(agreement=agreement, period=period.code)
        }
        context.update(
            agreement=agreement,
            period=period,
            periods=[Period(agreement.year, q) for q in (1, 2, 3, 4)],
            rows=[(location, found.get(location.pk)) for location in locations],
            closure=narrative_closure(agreement, period),
        )
        return context


class NarrativeView(AgreementPageMixin, TemplateView):
    """``rapportages/<agreement_id>/verhalen/<location_id>/<period>/``: one narrative. GET
    shows it with the form (for those who may write or approve it); POST saves it with the
    step of the button pressed (``save``, ``submit``, ``approve``: the service decides who
    may, 403 otherwise) and goes back to the page, or shows the form again with what was
    typed and the errors (a contact detail to confirm, a BSN, a closed period)."""

    template_name = "reports/narratives/edit.html"
    access_area = Area.NARRATIVE

    location: Location

    def setup_narrative(self) -> None:
        agreement = self.target
        location = (
            self.restrict(
                Location.objects.filter(agreements=agreement), Action.VIEW, Area.NARRATIVE
            )
            .filter(pk=self.kwargs["location_id"])
            .first()
        )
        if location is None:
            raise Http404(_("Deze buurtwerkkamer bestaat niet of u mag haar niet zien."))
        self.location = location
        try:
            self.period = narrative_period(agreement, self.kwargs["period"])
        except ValidationError as error:
            raise Http404(_("Geen kwartaal van deze afspraak.")) from error
        self.narrative = narrative_for(
            agreement=agreement, location=self.location, period=self.period
        )

    def _may(self, action: Action) -> bool:
        return self.scope.can_at(action, Area.NARRATIVE, self.location)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        narrative = self.narrative
        may_write = self._may(Action.CHANGE if narrative.pk else Action.ADD)
        may_approve = self._may(Action.APPROVE)
        form = kwargs.get("form") or NarrativeForm(
            initial={"highlights": narrative.highlights, "story": narrative.story}
            | {"attention": narrative.attention}
        )
        history = (
            narrative.history.select_related("history_user").order_by("-history_date")[:20]
            if narrative.pk
            else []
        )
        context.update(
            agreement=self.target,
            location=self.location,
            period=self.period,
            narrative=narrative,
            form=form if may_write or may_approve else None,
            may_write=may_write,
            may_approve=may_approve,
            closure=narrative_closure(self.target, self.period),
            history=history,
        )
        return context

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_narrative()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_narrative()
        form = NarrativeForm(request.POST)
        if form.is_valid():
            step: Step = form.cleaned_data["step"] or "save"
            try:
                narrative_save(
                    user=request.user,
                    agreement=self.target,
                    location=self.location,
                    period=self.period.code,
                    texts=form.texts(),
                    step=step,
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for name, problems in error.message_dict.items():
                        form.add_error(name if name in form.fields else None, problems)
                else:
                    form.add_error(None, error.messages)
            else:
                done = {
                    "save": _("Het verhaal is opgeslagen."),
                    "submit": _("Het verhaal is ingediend bij het bestuur."),
                    "approve": _("Het verhaal is goedgekeurd."),
                }
                messages.success(request, done[step])
                return HttpResponseRedirect(
                    reverse(
                        "reports:narrative",
                        args=[self.target.pk, self.location.pk, self.period.code],
                    )
                )
        return self.render_to_response(self.get_context_data(form=form), status=200)
