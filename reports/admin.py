"""Django admin for issued reports and their downloads: read only (an issued report never
changes; issuing is done on the archive page, :mod:`reports.views.issued`); and the API
tokens (:mod:`reports.api.admin`)."""

from django.contrib import admin
from knox.models import AuthToken

from locations.access.admin import ScopedAdminMixin
from reports.api.admin import ApiTokenAdmin
from reports.models import IssuedReport, IssuedReportDownload


@admin.register(IssuedReport)
class IssuedReportAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["agreement", "period", "audience", "party", "version", "issued_at", "issued_by"]
    list_filter = ["agreement", "audience", "period"]
    list_select_related = ["agreement", "party", "issued_by"]
    readonly_fields = [
        "agreement",
        "period",
        "audience",
        "party",
        "version",
        "options",
        "issued_by",
        "issued_at",
        "software_version",
        "language",
        "pdf_sha256",
        "xlsx_sha256",
    ]
    exclude = ["report_json", "pdf", "xlsx"]


@admin.register(IssuedReportDownload)
class IssuedReportDownloadAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["issued_report", "format", "downloaded_by", "downloaded_at"]
    list_select_related = ["issued_report__agreement", "downloaded_by"]
    readonly_fields = ["issued_report", "format", "downloaded_by", "downloaded_at"]


# API tokens (django-rest-knox): knox's own admin would list every organisation's tokens.
admin.site.unregister(AuthToken)
admin.site.register(AuthToken, ApiTokenAdmin)
