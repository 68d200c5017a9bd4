"""Views of the reports app: the progress page, asking for a download, and the download."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponseBase, HttpResponseRedirect
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
from locations.periods import default_period, parse_period
from reports.audience import arrange
from reports.filtersets import ProgressFilterSet
from reports.models import ReportFile
from reports.selectors import ProgressReport, progress_report
from reports.services import report_file_request, report_file_retry
from reports.tables import ProgressTable, VisitTable, municipality_tables
from reports.tasks import report_file_name

CONTENT_TYPES = {
    ReportFile.Format.PDF: "application/pdf",
    ReportFile.Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def report_context(report: ProgressReport) -> dict[str, Any]:
    """The template context of the report part of the progress page
    (``reports/_progress_report.html``, included by ``reports/progress.html``): the report,
    its period, its arrangement for its audience (:func:`reports.audience.arrange`; the
    report as built when it has none), per location block plus the totals the arranged block
    with one :class:`ProgressTable` per group of rows (heading, table), the visits table and
    the municipality's items with their tables. A pure function of ``report``: building and
    rendering it runs no query."""
    arrangement = arrange(report)
    return {
        "report": report,
        "period": report.period,
        "arrangement": arrangement,
        "tables": [
            (block, [(group.heading, ProgressTable(group.rows)) for group in block.groups])
            for block in arrangement.blocks
        ],
        "visit_table": VisitTable(report.visits),
        "items": report.municipality,
        "item_tables": municipality_tables(report.municipality),
    }


class ProgressView(AgreementPageMixin, TemplateView):
    """Realised against target per location and in total, for a quarter or the full year.

    The page around the report (title, filters, downloads) and the report part, which is
    rendered from the :class:`ProgressReport` alone (:func:`report_context`)."""

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
        context.update(
            report_context(report),
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
