"""Views of the reports app: the progress page, asking for a download, and the download."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponseBase,
    HttpResponseRedirect,
    QueryDict,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, TemplateView

from agreements.models import Agreement
from agreements.views import AgreementPageMixin
from locations.access import Action, Area
from locations.access.views import AccessMixin
from locations.audit import log_export
from locations.models import Location
from locations.periods import default_period, parse_period
from reports import chart_data
from reports.audience import arrange
from reports.filtersets import ProgressFilterSet
from reports.models import ReportFile
from reports.report import TOTAL_CODE, LocationBlock, ProgressRow
from reports.selectors import ProgressReport, progress_report
from reports.services import report_file_request, report_file_retry
from reports.summary import SummaryRow, summary_rows
from reports.tables import ProgressTable, VisitTable, municipality_tables
from reports.tasks import report_file_name
from reports.views.trace import group_trace_url, trace_url

CONTENT_TYPES = {
    ReportFile.Format.PDF: "application/pdf",
    ReportFile.Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def report_context(
    report: ProgressReport, *, trace_locations: dict[str, int] | None = None
) -> dict[str, Any]:
    """The template context of the report part of the progress page
    (``reports/_progress_report.html``, included by ``reports/progress.html``): the report,
    its period, its arrangement for its audience (:func:`reports.audience.arrange`; the
    report as built when it has none), per location block plus the totals the arranged block
    with one :class:`ProgressTable` per group of rows (heading, table), the visits table and
    the municipality's items with their tables, and the charts (issue 11: per arranged block
    its progress against the pro-rata target, and budget versus actual;
    :mod:`reports.chart_data`). A pure function of ``report``: building and rendering it runs
    no query.

    A year report with previous-year figures (``report.previous_year``) gets the column
    "Vorig jaar" (issue 11); every other report is shown without it.

    ``trace_locations`` (location code -> id, the live page only) links each realised value
    to its trace page (``reports:trace``, issue 11; a room group's block to
    ``reports:group_trace``, issue 12); None (the default, e.g. a stored
    report's rendering) links nothing."""
    arrangement = arrange(report)

    def tracer(block: LocationBlock) -> Callable[[ProgressRow], str] | None:
        code = block.code
        if trace_locations is None:
            return None
        if block.is_group:  # a room group's block (issue 12): its own trace page
            return lambda row: group_trace_url(
                report.agreement_id, code, row.indicator_code, report.period.code
            )
        if code != TOTAL_CODE and code not in trace_locations:
            return None
        location_id = None if code == TOTAL_CODE else trace_locations[code]
        return lambda row: trace_url(
            report.agreement_id, row.indicator_code, report.period.code, location_id
        )

    return {
        "report": report,
        "period": report.period,
        "arrangement": arrangement,
        "tables": [
            (
                block,
                [
                    (
                        group.heading,
                        ProgressTable(
                            group.rows,
                            trace_url=tracer(block.block),
                            period=report.period,
                            exclude=() if report.previous_year else ("previous_realised_text",),
                        ),
                    )
                    for group in block.groups
                ],
            )
            for block in arrangement.blocks
        ],
        "visit_table": VisitTable(report.visits, period=report.period),
        "items": report.municipality,
        "item_tables": municipality_tables(report.municipality),
        "charts": [
            chart
            for chart in [
                # The rows the audience gets (a housing corporation's may be theirs only).
                *(chart_data.progress_block_chart(block.block) for block in arrangement.blocks),
                chart_data.report_budget_chart(report),
            ]
            if chart is not None
        ],
    }


@dataclass(frozen=True)
class OverviewRow:
    """One line of the progress page's overview (many locations): a location's key figures
    (:class:`reports.summary.SummaryRow`: its indicator rows, those achieved or on track
    (``summary.good``), those behind or below target (``summary.attention``), its unique
    participants year to date) and ``url``, the query string of the location's own report
    page (``?period=...&location=<code>``, the page's other filters kept)."""

    summary: SummaryRow
    url: str

    @property
    def other(self) -> int:
        """The rows without a comparison that says ahead or behind: no target, nothing
        recorded yet, or above an upper bound (a count of rows)."""
        return self.summary.rows - self.summary.good - self.summary.attention


def overview_context(
    report: ProgressReport,
    *,
    page: str | int | None = 1,
    query: QueryDict | None = None,
    page_size: int | None = None,
    trace_locations: dict[str, int] | None = None,
) -> dict[str, Any]:
    """The context of the progress page's report part when the report has too many locations
    for a table each (more than ``settings.BWK_PROGRESS_OVERVIEW_ABOVE``; issue 13): as
    :func:`report_context`, but per location only one :class:`OverviewRow` (``overview``, a
    :class:`django.core.paginator.Page` of ``page_size`` rows, default
    ``settings.BWK_PROGRESS_OVERVIEW_PAGE_SIZE``; ``page`` a page number, a number out of range
    gives the last page), the totals block in full (its tables, its chart), the visits of the
    totals only, the municipality's counted items as totals over the locations (their
    partner organisations only counted: ``partners_count``). Each location's tables and its
    budget chart are on its own page (the row's ``url``). ``query``: the page's GET
    parameters, kept in the rows' and the pagination's links. ``report`` in the context is
    the whole report. A pure function of ``report``
    (no query); a page renders at most ``page_size`` location rows plus the totals."""
    size = page_size or settings.BWK_PROGRESS_OVERVIEW_PAGE_SIZE
    context = report_context(
        replace(
            report,
            locations=[],
            visits=[visit for visit in report.visits if visit.location_code == TOTAL_CODE],
            municipality=(
                replace(report.municipality, locations=[], partners=[])
                if report.municipality is not None
                else None
            ),
            financial=None,  # its chart has a bar and a table row per location
        ),
        trace_locations=trace_locations,
    )
    base = query.copy() if query is not None else QueryDict(mutable=True)
    base.pop("page", None)
    base.pop("location", None)

    def location_url(code: str) -> str:
        params = base.copy()
        params["location"] = code
        return "?" + params.urlencode()

    arrangement = arrange(report)
    rows = [
        OverviewRow(summary=row, url=location_url(row.code))
        for row in summary_rows(report, arrangement)
        if not row.is_total
    ]
    overview: Page = Paginator(rows, size).get_page(page)
    context.update(
        report=report,
        overview=overview,
        overview_query=base.urlencode(),
        item_tables=[table for table in context["item_tables"] if table.kind != "partners"],
        partners_count=len(report.municipality.partners) if report.municipality else 0,
    )
    return context


class ProgressView(AgreementPageMixin, TemplateView):
    """Realised against target per location and in total, for a quarter or the full year.

    The page around the report (title, filters, downloads) and the report part, which is
    rendered from the :class:`ProgressReport` alone (:func:`report_context`). A report of more
    than ``settings.BWK_PROGRESS_OVERVIEW_ABOVE`` locations is shown as an overview, one row
    per location linking to its own page, paginated by ``?page=`` (:func:`overview_context`;
    issue 13), so a page never renders a table per location of hundreds of rooms."""

    template_name = "reports/progress.html"
    access_area = Area.REPORT

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        agreement = self.target
        periods = agreement.reporting_periods()
        filterset = ProgressFilterSet(
            self.request.GET or None, agreement=agreement, periods=periods
        )
        period = default_period(agreement.year, timezone.localdate(), periods[0].kind)
        filterset.form.fields["period"].initial = period.code
        location_codes = sections = None
        if filterset.is_bound and filterset.form.is_valid():
            data = filterset.form.cleaned_data
            if data["period"]:
                period = parse_period(data["period"])
            if data["location"]:
                location_codes = [location.code for location in data["location"]]
            sections = data["section"] or None
        report = progress_report(
            user=self.request.user,
            agreement=agreement,
            period=period,
            location_codes=location_codes,
            sections=sections,
        )
        trace_locations = dict(
            Location.objects.filter(agreements=agreement).values_list("code", "pk")
        )
        if len(report.locations) > settings.BWK_PROGRESS_OVERVIEW_ABOVE:
            part = overview_context(
                report,
                page=self.request.GET.get("page"),
                query=self.request.GET,
                trace_locations=trace_locations,
            )
        else:
            part = report_context(report, trace_locations=trace_locations)
        context.update(
            part,
            agreement=agreement,
            filterset=filterset,
            formats=ReportFile.Format.choices,
        )
        return context


class DownloadForm(forms.Form):
    """What to build: the agreement (by id), the period code and the format."""

    agreement = forms.IntegerField()
    period = forms.CharField()
    format = forms.ChoiceField(choices=ReportFile.Format.choices)


class ReportFileRequestView(AccessMixin, View):
    """POST: create a report file for a visible agreement and go to its status/download page.

    An agreement outside the user's scope answers 404, one the user may not export 403; a
    period outside the agreement's year or an unknown format sends the user back to the
    progress page.
    """

    http_method_names = ["post"]
    access_area = Area.REPORT
    access_actions = {"post": Action.EXPORT}
    target: Agreement  # set by AccessMixin.dispatch from get_target()

    def get_target(self) -> Agreement:
        self.form = DownloadForm(self.request.POST)
        if not self.form.is_valid() and "agreement" in self.form.errors:
            raise Http404
        return self.find(
            Agreement.objects.select_related("organisation"), pk=self.form.cleaned_data["agreement"]
        )

    def post(self, request: HttpRequest) -> HttpResponseRedirect:
        form, agreement = self.form, self.target
        progress_url = reverse("reports:progress", args=[agreement.pk])
        codes = {period.code for period in agreement.reporting_periods()}
        if not form.is_valid() or form.cleaned_data["period"] not in codes:
            messages.error(
                request, _("Kies een periode van het jaar van de afspraak en een formaat.")
            )
            return HttpResponseRedirect(progress_url)
        report_file = report_file_request(
            user=request.user,
            agreement=agreement,
            period=parse_period(form.cleaned_data["period"]),
            file_format=form.cleaned_data["format"],
        )
        return HttpResponseRedirect(reverse("reports:file", args=[report_file.pk]))


class ReportFileView(AccessMixin, DetailView):
    """A report file the user asked for: the file when done, otherwise its status.

    Found are the files the access rules let the user see (:mod:`locations.access`: a
    report file has an owner, so a coordinator finds only their own, the board and admins
    every file of their organisation); anything else answers 404 (a coordinator must not
    download a report covering rooms they cannot see). Downloading is exporting, written to
    the access log (:func:`locations.audit.log_export`: the file names staff in its notes).
    An htmx request (the page polling while the file is made) gets the status fragment
    ``reports/_report_file_status.html`` instead, whatever the status.
    """

    template_name = "reports/report_file.html"
    context_object_name = "report_file"
    access_area = Area.REPORT
    access_actions = {"get": Action.EXPORT}
    target: ReportFile  # set by AccessMixin.dispatch from get_target()

    def get_target(self) -> ReportFile:
        return self.find(ReportFile.objects.select_related("agreement"), pk=self.kwargs["pk"])

    # The stub types DetailView.get as returning HttpResponse; Django takes any response, and
    # the download is a (streaming) FileResponse.
    def get(  # type: ignore[override]
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        self.object = self.target
        report_file = self.object
        if request.htmx:  # type: ignore[attr-defined]  # django-htmx's middleware sets it
            return self._status(report_file)
        if report_file.status == ReportFile.Status.DONE and report_file.file:
            # A live report file holds the internal notes (who entered which figure): personal
            # data, so the download is written to the access log (issue 10).
            log_export(request, report_file, organisation_id=report_file.agreement.organisation_id)
            return FileResponse(
                report_file.file.open("rb"),
                as_attachment=True,
                filename=report_file_name(report_file),
                content_type=CONTENT_TYPES[report_file.format],
            )
        return self.render_to_response(self.get_context_data(object=report_file))

    def _status(self, report_file: ReportFile) -> HttpResponseBase:
        """The status fragment the page's htmx polling asks for (issue 11, "Generation with
        progress"): queued, being made (with its step), ready (a download link) or failed /
        stuck (with "try again"). When the file is ready the response also tells htmx to go
        to the file's URL (``HX-Redirect``), which starts the download as the page used to;
        nothing is downloaded or logged by the fragment itself."""
        response = render(
            self.request, "reports/_report_file_status.html", {"report_file": report_file}
        )
        if report_file.status == ReportFile.Status.DONE and report_file.file:
            response["HX-Redirect"] = reverse("reports:file", args=[report_file.pk])
        return response


class ReportFileRetryView(AccessMixin, View):
    """POST ``rapportages/<pk>/bestand/opnieuw/``: try again to build a report file whose
    build failed or got stuck (:func:`reports.services.report_file_retry`), then back to the
    file's page, with a message when there was nothing to retry. Found as
    :class:`ReportFileView` finds files (404 otherwise); GET answers 405.
    """

    http_method_names = ["post"]
    access_area = Area.REPORT
    access_actions = {"post": Action.EXPORT}
    target: ReportFile  # set by AccessMixin.dispatch from get_target()

    def get_target(self) -> ReportFile:
        return self.find(ReportFile.objects.select_related("agreement"), pk=self.kwargs["pk"])

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseRedirect:
        try:
            report_file_retry(user=request.user, report_file=self.target)
        except ValidationError as error:
            messages.info(request, " ".join(error.messages))
        return HttpResponseRedirect(reverse("reports:file", args=[self.target.pk]))
