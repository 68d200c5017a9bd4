"""The board dashboard (``/bestuur/``, issue 11 "The board steers on it") and its location
page: every location of the running agreements at a glance, with filters by agreement and
location, charts and, from every realised value, a link to what was counted
(``reports:trace``).

The figures come from :func:`reports.selectors.dashboard.board_dashboard` (built once inside
the user's scope), the charts from :mod:`reports.chart_data`; the views only arrange them.
Only the board and admins (and superusers) open these pages (the oversight area, as the
board page ``budgets:board_index``): other roles get 403, another organisation's agreement or
location 404.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from agreements.models import Agreement
from agreements.views import AgreementPageMixin
from locations.access import Action, Area
from locations.access.views import AccessMixin
from locations.models import Location
from reports import chart_data
from reports.selectors.dashboard import AgreementDashboard, board_dashboard


class DashboardFilterForm(forms.Form):
    """GET filters: one agreement and one location, each among those the user oversees
    (empty: every running agreement, every location)."""

    agreement = forms.ModelChoiceField(
        label=_("Samenwerkingsafspraak"),
        queryset=Agreement.objects.none(),
        required=False,
        empty_label=_("Alle lopende afspraken"),
    )
    location = forms.ModelChoiceField(
        label=_("Buurtwerkkamer"),
        queryset=Location.objects.none(),
        required=False,
        empty_label=_("Alle buurtwerkkamers"),
    )

    def __init__(self, *args: Any, agreements: Any, locations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = agreements  # type: ignore[attr-defined]
        self.fields["location"].queryset = locations  # type: ignore[attr-defined]


def _agreement_context(entry: AgreementDashboard) -> dict[str, Any]:
    return {
        "entry": entry,
        "participants_chart": chart_data.agreement_participants_chart(entry),
        "budget_chart": chart_data.report_budget_chart(entry.report),
    }


class DashboardView(AccessMixin, TemplateView):
    """GET ``/bestuur/`` (``dashboard:index``): per running agreement and location the
    indicators ahead of and behind their pro-rata target, unique participants this year
    against last year, volunteer hours against the budget's hours, spending against the
    year's budget and the next deadline. GET ``agreement`` / ``location`` (ids) filter; an
    id the user does not oversee is refused by the form (shown as an error, nothing filtered).
    A constant number of queries per agreement, whatever the number of locations."""

    template_name = "reports/dashboard.html"
    access_area = Area.OVERSIGHT

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        agreements = self.restrict(
            Agreement.objects.select_related("organisation"), Action.VIEW, Area.OVERSIGHT
        ).order_by("-year", "region")
        locations = self.restrict(Location.objects.all()).order_by("name")
        form = DashboardFilterForm(
            self.request.GET or None, agreements=agreements, locations=locations
        )
        agreement_ids = location_ids = None
        if form.is_bound and form.is_valid():
            if form.cleaned_data["agreement"]:
                agreement_ids = [form.cleaned_data["agreement"].pk]
            if form.cleaned_data["location"]:
                location_ids = [form.cleaned_data["location"].pk]
        dashboard = board_dashboard(
            user=self.request.user,
            today=timezone.localdate(),
            agreement_ids=agreement_ids,
            location_ids=location_ids,
        )
        context.update(
            form=form,
            dashboard=dashboard,
            entries=[_agreement_context(entry) for entry in dashboard.agreements],
        )
        return context


class DashboardLocationView(AgreementPageMixin, TemplateView):
    """GET ``/bestuur/<agreement_id>/<location_id>/`` (``dashboard:location``): one location
    of one agreement: every indicator against its pro-rata target (chart and table, each
    realised value linked to what was counted), unique participants per month this year
    against last year, volunteer hours per month and the budget. 404 when the location is
    not the agreement's or not visible."""

    template_name = "reports/dashboard_location.html"
    access_area = Area.OVERSIGHT

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        agreement = self.target
        dashboard = board_dashboard(
            user=self.request.user,
            today=timezone.localdate(),
            agreement_ids=[agreement.pk],
            location_ids=[self.kwargs["location_id"]],
        )
        entry = dashboard.agreements[0] if dashboard.agreements else None
        if entry is None or not entry.locations:
            raise Http404("no such location in this agreement")
        location = entry.locations[0]
        year = agreement.year
        context.update(
            agreement=agreement,
            entry=entry,
            location=location,
            progress_chart=chart_data.progress_block_chart(entry.report.locations[0]),
            participants_chart=chart_data.location_participants_chart(year, location),
            hours_chart=chart_data.hours_chart(year, location),
        )
        return context
