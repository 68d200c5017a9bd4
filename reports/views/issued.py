"""Issued reports: issuing one (the board and admins), the archive of an agreement, and
downloading an issued file (issue 9).

Access (:mod:`locations.access`): the archive and the downloads are the ``issued`` area (the
board and admins see every version of their organisation; a funder only those issued to its
party; coordinators none); issuing is the ``issue`` action on reports. A version another
party may not see answers 404. Every download is recorded (who, when, which version and
format) and goes through this view, never through a public media URL.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from agreements.models import Agreement
from agreements.views import AgreementPageMixin
from locations.access import Action, Area, Scope
from locations.access.views import AccessMixin
from locations.audit import log_export
from reports.forms import IssueForm
from reports.issuing import report_issue
from reports.models import Audience, IssuedReport, IssuedReportDownload, ReportFile
from reports.views.progress import CONTENT_TYPES


def issued_versions(queryset: QuerySet[IssuedReport]) -> QuerySet[IssuedReport]:
    """The issued versions of ``queryset`` with what their list shows, newest period first."""
    return queryset.select_related("agreement", "party", "issued_by").order_by(
        "-period", "audience", "party__name", "-version"
    )


def archive_context(scope: Scope, agreement: Agreement, form: IssueForm | None = None) -> dict:
    """What the archive page shows: the agreement, the issued versions the scope may see and,
    when the scope may issue, the issue form (``form``: one coming back with its errors)."""
    may_issue = scope.can(Action.ISSUE, Area.REPORT, organisation_id=agreement.organisation_id)
    if may_issue and form is None:
        form = IssueForm(agreement=agreement)
    return {
        "agreement": agreement,
        "versions": issued_versions(IssuedReport.objects.filter(agreement=agreement)),
        "form": form if may_issue else None,
    }


class IssuedListView(AgreementPageMixin, TemplateView):
    """``rapportages/<agreement_id>/uitgegeven/``: the issued versions of one agreement the
    user may see, each with its PDF and Excel download; the board and admins also get the
    form to issue a new one."""

    template_name = "reports/issued/list.html"
    access_area = Area.ISSUED

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(archive_context(self.scope, self.target))
        return context


class IssueView(AgreementPageMixin, View):
    """POST ``rapportages/<agreement_id>/uitgeven/``: issue the report (period, audience,
    party, housing-only switch) and go back to the archive with a message; an invalid form
    is shown again on the archive page with what was entered and the errors. The board and
    admins only (403)."""

    access_area = Area.REPORT
    access_actions = {"post": Action.ISSUE}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        agreement = self.target
        form = IssueForm(request.POST, agreement=agreement)
        if form.is_valid():
            data = form.cleaned_data
            try:
                issued = report_issue(
                    user=request.user,
                    agreement=agreement,
                    period=data["period"],
                    audience=data["audience"],
                    party=data["party"],
                    housing_only=data["housing_only"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Uitgegeven: %(report)s.") % {"report": issued})
                return HttpResponseRedirect(reverse("reports:issued", args=[agreement.pk]))
        context = archive_context(self.scope, agreement, form)
        return render(request, "reports/issued/list.html", context)


class IssuedFileView(AccessMixin, View):
    """GET ``rapportages/uitgegeven/<pk>/<pdf|xlsx>/``: the stored file of one issued version
    (exactly the bytes issued), recorded as a download; the board's version (internal notes
    that name staff) also in the access log (:func:`locations.audit.log_export`). 404 for a
    version the user may not see or an unknown format."""

    access_area = Area.ISSUED
    access_actions = {"get": Action.EXPORT}
    target: IssuedReport  # set by AccessMixin.dispatch from get_target()

    def get_target(self) -> IssuedReport:
        if self.kwargs["format"] not in ReportFile.Format.values:
            raise Http404(_("Onbekend formaat."))
        return self.find(IssuedReport.objects.select_related("agreement"), pk=self.kwargs["pk"])

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FileResponse:
        issued = self.target
        file_format = ReportFile.Format(kwargs["format"])
        stored = issued.pdf if file_format == ReportFile.Format.PDF else issued.xlsx
        user = request.user
        assert isinstance(user, get_user_model())  # AccessMixin let only a signed-in user in
        IssuedReportDownload.objects.create(
            issued_report=issued, format=file_format, downloaded_by=user
        )
        if issued.audience == Audience.BOARD:  # the board's version has the internal notes
            log_export(request, issued, organisation_id=issued.agreement.organisation_id)
        return FileResponse(
            stored.open("rb"),
            as_attachment=True,
            filename=(stored.name or "").rsplit("/", 1)[-1],
            content_type=CONTENT_TYPES[file_format],
        )
