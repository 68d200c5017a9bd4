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

from datetime import date
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
from reports.selectors.dashboard import (
    AgreementDashboard,
    LocationDashboard,
    board_dashboard,
    month_ends,
)
from reports.trace import DashboardFigure
from reports.views.trace import figure_url


class DashboardFilterForm(forms.Form):
    """GET filters: one agreement and one location, each among those the user oversees
    (empty: every running agreement, every location)."""

    agreement = forms.ModelChoiceField(
        label=_("Samenwerkingsafspraak"),
        queryset=Agreement.objects.none(),
        required=False,
        empty_label=_("Alle lopende afspraken"),
        help_text=_("Kies één afspraak, of laat alle lopende afspraken zien."),
    )
    location = forms.ModelChoiceField(
        label=_("Buurtwerkkamer"),
        queryset=Location.objects.none(),
        required=False,
        empty_label=_("Alle buurtwerkkamers"),
        help_text=_("Kies één buurtwerkkamer, of laat ze allemaal zien."),
    )

    def __init__(self, *args: Any, agreements: Any, locations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = agreements  # type: ignore[attr-defined]
        self.fields["location"].queryset = locations  # type: ignore[attr-defined]


class FigureLinks:
    """The trace links of one agreement's dashboard figures (``reports:trace`` with a
    ``figure``, :mod:`reports.trace.figures`): each figure links to the rows it was computed
    from, over the same dates as the dashboard computes it (:mod:`reports.selectors.dashboard`:
    participants year to date at each month's end, hours per month and their sum, spending
    from 1 January to the report period's end)."""

    def __init__(self, entry: AgreementDashboard) -> None:
        self.entry = entry
        self.year = entry.agreement.year
        self.ends = month_ends(self.year)
        self.last_ends = month_ends(self.year - 1)

    def _url(self, figure: DashboardFigure, start: date, end: date, location_id: int | None) -> str:
        entry = self.entry
        return figure_url(entry.agreement.pk, figure, entry.period.code, start, end, location_id)

    def participants(
        self, values: list[int | None], location_id: int | None
    ) -> list[tuple[str, str]]:
        """Per month: this year's figure's link ("" for a month not counted yet) and last
        year's."""
        first, last_first = date(self.year, 1, 1), date(self.year - 1, 1, 1)
        people = DashboardFigure.PARTICIPANTS
        return [
            (
                "" if value is None else self._url(people, first, end, location_id),
                self._url(people, last_first, last_end, location_id),
            )
            for value, end, last_end in zip(values, self.ends, self.last_ends, strict=True)
        ]

    def hours(self, location: LocationDashboard) -> list[str]:
        """Per month: the link of the month's hours ("" for a month not counted yet)."""
        hours = DashboardFigure.VOLUNTEER_HOURS
        return [
            "" if value is None else self._url(hours, end.replace(day=1), end, location.location_id)
            for value, end in zip(location.hours, self.ends, strict=True)
        ]

    def location(self, location: LocationDashboard) -> dict[str, str]:
        """The links of the location's figures to date: ``participants`` and ``hours`` (up to
        the last month counted; "" when none is), ``spending`` ("" without a budget)."""
        counted = [
            end for end, value in zip(self.ends, location.hours, strict=True) if value is not None
        ]
        first = date(self.year, 1, 1)
        links = {"participants": "", "hours": "", "spending": ""}
        if counted:
            links["participants"] = self._url(
                DashboardFigure.PARTICIPANTS, first, counted[-1], location.location_id
            )
            links["hours"] = self._url(
                DashboardFigure.VOLUNTEER_HOURS, first, counted[-1], location.location_id
            )
        if location.budget is not None:
            links["spending"] = self.spending_of(location.location_id)
        return links

    def spending_of(self, location_id: int) -> str:
        """The link of a location's spending up to the report period's end."""
        return self._url(
            DashboardFigure.SPENDING, date(self.year, 1, 1), self.entry.period.end, location_id
        )


def _agreement_context(entry: AgreementDashboard) -> dict[str, Any]:
    links = FigureLinks(entry)
    ids = {location.code: location.location_id for location in entry.locations}
    return {
        "entry": entry,
        "locations": [
            {"location": location, "links": links.location(location)}
            for location in entry.locations
        ],
        "participants_chart": chart_data.agreement_participants_chart(
            entry, links.participants(entry.participants_total, None)
        ),
        "budget_chart": chart_data.report_budget_chart(
            entry.report, lambda code: links.spending_of(ids[code]) if code in ids else ""
        ),
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
        links = FigureLinks(entry)
        context.update(
            agreement=agreement,
            entry=entry,
            location=location,
            links=links.location(location),
            progress_chart=chart_data.progress_block_chart(entry.report.locations[0]),
            participants_chart=chart_data.location_participants_chart(
                year, location, links.participants(location.participants, location.location_id)
            ),
            hours_chart=chart_data.hours_chart(year, location, links.hours(location)),
        )
        return context
