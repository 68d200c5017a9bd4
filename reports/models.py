"""Report files built in the background (Celery) for download."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from locations.access import Area, TenantManager, UnscopedManager


class ReportFile(models.Model):
    """A quarterly progress report file (PDF or Excel) for one agreement and period.

    Created when a user asks for a download; ``reports.tasks.build_report_file`` fills
    ``file`` (safe to run twice: a finished file is not rebuilt).
    """

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Excel"

    class Status(models.TextChoices):
        PENDING = "pending", _("wordt gemaakt")
        DONE = "done", _("klaar")
        FAILED = "failed", _("mislukt")

    tenant_path = "agreement__organisation"
    access_area = Area.REPORT
    owner_path = "requested_by"
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="report_files")
    period = models.CharField(_("periode"), max_length=10)
    format = models.CharField(_("formaat"), max_length=4, choices=Format.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    file = models.FileField(_("bestand"), upload_to="reports/%Y/%m/", blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = TenantManager()
    unscoped = UnscopedManager()

    class Meta:
        verbose_name = _("rapportbestand")
        verbose_name_plural = _("rapportbestanden")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.agreement.slug} {self.period} {self.format}"
