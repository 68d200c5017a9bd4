"""The trace page: what was counted behind one realised value (issue 11, "Every figure is
traceable"), URL name ``reports:trace``:

- an indicator's realised value in the progress report:
  ``/rapportages/<agreement_id>/herkomst/?indicator=<code>&period=<2021-Q2|2021>[&location=<id>]``;
- one of the board dashboard's own figures (:class:`reports.trace.DashboardFigure`):
  ``/rapportages/<agreement_id>/herkomst/?figure=<participants|volunteer_hours|spending>
  &period=<the dashboard's report period>&from=<YYYY-MM-DD>&through=<YYYY-MM-DD>[&location=<id>]``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import Http404, QueryDict
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from agreements.views import AgreementPageMixin
from locations.access import Action, Area
from locations.audit import AccessKind, log_access
from locations.formatting import format_date
from locations.periods import is_period_code, parse_period
from reports.counting import Window
from reports.trace import (
    DashboardFigure,
    FigureNotFound,
    TraceNotFound,
    dashboard_figure_trace,
    figure_trace,
)


def trace_url(agreement_id: int, indicator_code: str, period: str, location_id: int | None) -> str:
    """The URL of the trace of one realised value (``location_id`` None: the totals)."""
    params = {"indicator": indicator_code, "period": period}
    if location_id is not None:
        params["location"] = str(location_id)
    return f"{reverse('reports:trace', args=[agreement_id])}?{urlencode(params)}"


def group_trace_url(agreement_id: int, group_code: str, indicator_code: str, period: str) -> str:
    """The URL of the trace of one realised value of a room group's block (issue 12)."""
    params = {"indicator": indicator_code, "period": period}
    path = reverse("reports:group_trace", args=[agreement_id, group_code])
    return f"{path}?{urlencode(params)}"


def figure_url(
    agreement_id: int,
    figure: DashboardFigure,
    period: str,
    start: date,
    end: date,
    location_id: int | None = None,
) -> str:
    """The URL of the trace of one board dashboard figure over ``start``..``end`` (inclusive)
    with the dashboard's report ``period`` (``location_id`` None: the report's locations)."""
    params = {
        "figure": figure.value,
        "period": period,
        "from": start.isoformat(),
        "through": end.isoformat(),
    }
    if location_id is not None:
        params["location"] = str(location_id)
    return f"{reverse('reports:trace', args=[agreement_id])}?{urlencode(params)}"


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise Http404 from error


def rows_page(request_query: QueryDict, rows: list[Any]) -> tuple[Page, str]:
    """One page of a trace's rows (``settings.BWK_TRACE_PAGE_SIZE`` per page; GET ``page``,
    out of range or malformed: the nearest page) and the query string of the other GET
    parameters, for the page links."""
    page = Paginator(rows, settings.BWK_TRACE_PAGE_SIZE).get_page(request_query.get("page"))
    others = request_query.copy()
    others.pop("page", None)
    return page, others.urlencode()


def _location_id(query: QueryDict) -> int | None:
    text = query.get("location")
    if text is None or text == "":
        return None
    if not text.isdigit():
        raise Http404
    return int(text)


class TraceView(AgreementPageMixin, TemplateView):
    """The rows behind a realised value of the progress report and the rule in words.

    URL kwargs: ``agreement_id``, and ``group`` (``reports:group_trace``, issue 12): a room
    group's code, the value of the group's block over all its rooms (the viewer must see
    each of them, else 404; no ``location`` or ``figure`` parameter then).

    GET parameters: ``indicator`` (an indicator code of the agreement), ``period`` (a period
    code of the agreement's year, the notation of ``build_report --period``) and optionally
    ``location`` (a location id of the agreement; absent: all the report's locations).
    Anything missing, malformed, unknown or outside the user's scope answers 404 (another
    organisation's agreement or location as well). Readers are those of the progress page
    (area report: funders get 403, see :mod:`reports.trace`). Showing pseudonymous codes is
    viewing personal data, so it is written to the access log (one entry per page view).
    """

    template_name = "reports/trace.html"
    access_area = Area.REPORT

    def get_template_names(self) -> list[str]:
        if "figure" in self.request.GET:
            return ["reports/figure_trace.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        agreement = self.target
        query = self.request.GET
        group_code = self.kwargs.get("group")
        if group_code is not None and ("figure" in query or "location" in query):
            raise Http404  # a group's trace is an indicator's, over all the group's rooms
        if "figure" in query:
            return self._figure_context(context)
        code, period_code = query.get("indicator", ""), query.get("period", "")
        if not code or not is_period_code(period_code):
            raise Http404
        try:
            trace = figure_trace(
                user=self.request.user,
                agreement=agreement,
                period=parse_period(period_code),
                indicator_code=code,
                location_id=_location_id(query),
                group_code=group_code,
            )
        except TraceNotFound as error:
            raise Http404 from error
        evidence = trace.evidence
        if trace.shows_codes and evidence is not None and any(r.person for r in evidence.rows):
            log_access(
                user=self.request.user,
                organisation_id=agreement.organisation_id,
                kind=AccessKind.VIEW,
                subject="reports.trace",
                object_id=agreement.pk,
                page=self.request.path,
                reason=f"{trace.indicator.description} · {trace.period.label}"[:300],
            )
        back = reverse("reports:progress", args=[agreement.pk])
        back_query = {"period": trace.period.code}
        if trace.location is not None:
            back_query["location"] = trace.location.code
        anchor = f"#block-{trace.group.code}" if trace.group is not None else ""
        page, others = rows_page(query, evidence.rows if evidence is not None else [])
        context.update(
            agreement=agreement,
            trace=trace,
            evidence=evidence,
            rows=page,
            page_query=others,
            back_url=f"{back}?{urlencode(back_query)}{anchor}",
        )
        return context

    def _figure_context(self, context: dict[str, Any]) -> dict[str, Any]:
        """The trace of a board dashboard figure (GET ``figure``, ``period``, ``from``,
        ``through``, optionally ``location``): anything missing, malformed or not shown by the
        dashboard answers 404."""
        agreement = self.target
        query = self.request.GET
        try:
            figure = DashboardFigure(query.get("figure", ""))
        except ValueError as error:
            raise Http404 from error
        period_code = query.get("period", "")
        if not is_period_code(period_code):
            raise Http404
        window = Window(_date(query.get("from", "")), _date(query.get("through", "")))
        try:
            trace = dashboard_figure_trace(
                user=self.request.user,
                agreement=agreement,
                figure=figure,
                period=parse_period(period_code),
                window=window,
                location_id=_location_id(query),
            )
        except FigureNotFound as error:
            raise Http404 from error
        if trace.shows_codes and any(row.person for row in trace.evidence.rows):
            log_access(
                user=self.request.user,
                organisation_id=agreement.organisation_id,
                kind=AccessKind.VIEW,
                subject="reports.trace",
                object_id=agreement.pk,
                page=self.request.path,
                reason=_("%(figure)s, %(start)s tot en met %(end)s")
                % {
                    "figure": figure.label,
                    "start": format_date(window.start),
                    "end": format_date(window.end),
                },
            )
        if self.scope.can(Action.VIEW, Area.OVERSIGHT, organisation_id=agreement.organisation_id):
            if trace.location is not None:
                back = reverse("dashboard:location", args=[agreement.pk, trace.location.pk])
            else:
                back = f"{reverse('dashboard:index')}?{urlencode({'agreement': agreement.pk})}"
            back_text = _("Terug naar het bestuursdashboard")
        else:
            progress = reverse("reports:progress", args=[agreement.pk])
            back = f"{progress}?{urlencode({'period': trace.period.code})}"
            back_text = _("Terug naar de voortgangsrapportage")
        page, others = rows_page(query, trace.evidence.rows)
        context.update(
            agreement=agreement,
            trace=trace,
            evidence=trace.evidence,
            rows=page,
            page_query=others,
            back_url=back,
            back_text=back_text,
        )
        return context
