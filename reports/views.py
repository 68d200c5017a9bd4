"""Views of the reports app: the progress page, asking for a download, and the download."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, TemplateView

from agreements.models import Agreement
from locations.periods import default_period, parse_period, periods_of_year
from locations.tenancy import current_scope
from reports.filtersets import ProgressFilterSet
from reports.models import ReportFile
from reports.selectors import progress_report
from reports.services import report_file_request
from reports.tables import ProgressTable, VisitTable, municipality_tables
from reports.tasks import report_file_name

CONTENT_TYPES = {
    ReportFile.Format.PDF: "application/pdf",
    ReportFile.Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _visible_agreement(pk: int) -> Agreement:
    """The agreement with ``pk`` in the active scope, or 404."""
    return get_object_or_404(Agreement.objects.select_related("organisation"), pk=pk)


class ProgressView(LoginRequiredMixin, TemplateView):
    """Realised against target per location and in total, for a quarter or the full year."""

    template_name = "reports/progress.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agreement = _visible_agreement(self.kwargs["agreement_id"])
        filterset = ProgressFilterSet(self.request.GET or None, agreement=agreement)
        period = default_period(agreement.year, timezone.localdate())
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
            agreement=agreement,
            filterset=filterset,
            period=period,
            report=report,
            tables=[
                (block, ProgressTable(block.rows)) for block in [*report.locations, report.totals]
            ],
            visit_table=VisitTable(report.visits),
            items=report.municipality,
            item_tables=municipality_tables(report.municipality),
            formats=ReportFile.Format.choices,
        )
        return context


class DownloadForm(forms.Form):
    """What to build: the agreement (by id), the period code and the format."""

    agreement = forms.IntegerField()
    period = forms.CharField()
    format = forms.ChoiceField(choices=ReportFile.Format.choices)


class ReportFileRequestView(LoginRequiredMixin, View):
    """POST: create a report file for a visible agreement and go to its status/download page.

    An agreement outside the user's scope answers 404; a period outside the agreement's year
    or an unknown format sends the user back to the progress page.
    """

    http_method_names = ["post"]

    def post(self, request):
        form = DownloadForm(request.POST)
        if not form.is_valid() and "agreement" in form.errors:
            raise Http404
        agreement = _visible_agreement(form.cleaned_data["agreement"])
        progress_url = reverse("reports:progress", args=[agreement.pk])
        codes = {period.code for period in periods_of_year(agreement.year)}
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


class ReportFileView(LoginRequiredMixin, DetailView):
    """A report file the user asked for: the file when done, otherwise its status.

    Found are the user's own files and, for users who see the whole organisation (board,
    admin), its other files; anything else answers 404 (a coordinator must not download a
    report covering rooms they cannot see).
    """

    template_name = "reports/report_file.html"
    context_object_name = "report_file"

    def get_queryset(self):
        scope = current_scope()
        files = ReportFile.objects.select_related("agreement")
        if scope is not None and scope.unrestricted:
            return files
        full = scope.full_organisation_ids if scope is not None else frozenset()
        return files.filter(Q(requested_by=self.request.user) | Q(agreement__organisation__in=full))

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        report_file = self.object
        if report_file.status == ReportFile.Status.DONE and report_file.file:
            return FileResponse(
                report_file.file.open("rb"),
                as_attachment=True,
                filename=report_file_name(report_file),
                content_type=CONTENT_TYPES[report_file.format],
            )
        return self.render_to_response(self.get_context_data(object=report_file))
