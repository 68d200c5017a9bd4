"""The trace page: what was counted behind one realised value (issue 11, "Every figure is
traceable"): ``/rapportages/<agreement_id>/herkomst/?indicator=<code>&period=<2021-Q2|2021>
[&location=<id>]``, URL name ``reports:trace``."""

from __future__ import annotations

from typing import Any

from django.http import Http404, QueryDict
from django.urls import reverse
from django.utils.http import urlencode
from django.views.generic import TemplateView

from agreements.views import AgreementPageMixin
from locations.access import Area
from locations.audit import AccessKind, log_access
from locations.periods import is_period_code, parse_period
from reports.trace import TraceNotFound, figure_trace


def trace_url(agreement_id: int, indicator_code: str, period: str, location_id: int | None) -> str:
    """The URL of the trace of one realised value (``location_id`` None: the totals)."""
    params = {"indicator": indicator_code, "period": period}
    if location_id is not None:
        params["location"] = str(location_id)
    return f"{reverse('reports:trace', args=[agreement_id])}?{urlencode(params)}"


def _location_id(query: QueryDict) -> int | None:
    text = query.get("location")
    if text is None or text == "":
        return None
    if not text.isdigit():
        raise Http404
    return int(text)


class TraceView(AgreementPageMixin, TemplateView):
    """The rows behind a realised value of the progress report and the rule in words.

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

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        agreement = self.target
        query = self.request.GET
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
                reason=f"{code} {period_code}",
            )
        back = reverse("reports:progress", args=[agreement.pk])
        back_query = {"period": trace.period.code}
        if trace.location is not None:
            back_query["location"] = trace.location.code
        context.update(
            agreement=agreement,
            trace=trace,
            evidence=evidence,
            back_url=f"{back}?{urlencode(back_query)}",
        )
        return context
