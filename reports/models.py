"""Report files built in the background (Celery) for download."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.storage import Storage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from locations.access import Area, TenantManager, UnscopedManager


class ReportFile(models.Model):
    """A quarterly progress report file (PDF or Excel) for one agreement and period.

    Created when a user asks for a download; ``reports.tasks.build_report_file`` fills
    ``file`` (safe to run twice: a finished file is not rebuilt). A build that fails marks the
    file failed with ``error`` (shown to the user); a failed file, or one pending for longer
    than ``settings.BWK_REPORT_STUCK_AFTER_MINUTES`` (:attr:`is_stuck`), can be tried again
    (:func:`reports.services.report_file_retry`). ``attempts`` counts the builds started,
    ``started_at`` is when the last one started or was asked for again. ``step`` is what the
    running build is doing (:class:`Step`, set by the task; "" before it starts), shown on the
    file's page while it waits (issue 11, "Generation with progress").
    """

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Excel"

    class Status(models.TextChoices):
        PENDING = "pending", _("wordt gemaakt")
        DONE = "done", _("klaar")
        FAILED = "failed", _("mislukt")

    class Step(models.TextChoices):
        COUNTING = "counting", _("de cijfers worden geteld")
        RENDERING = "rendering", _("het bestand wordt opgemaakt")

    tenant_path = "agreement__organisation"
    access_area = Area.REPORT
    owner_path = "requested_by"
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="report_files",
        verbose_name=_("samenwerkingsafspraak"),
    )
    period = models.CharField(_("periode"), max_length=10)
    format = models.CharField(_("formaat"), max_length=4, choices=Format.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
    )
    file = models.FileField(_("bestand"), upload_to="reports/%Y/%m/", blank=True)
    error = models.TextField(blank=True, verbose_name=_("foutmelding"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("aangevraagd door"),
    )
    requested_at = models.DateTimeField(auto_now_add=True, verbose_name=_("aangevraagd op"))
    started_at = models.DateTimeField(null=True, blank=True, verbose_name=_("gestart op"))
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("pogingen"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("klaar op"))
    step = models.CharField(_("stap"), max_length=10, choices=Step.choices, blank=True)

    objects = TenantManager()
    unscoped = UnscopedManager()

    class Meta:
        verbose_name = _("rapportbestand")
        verbose_name_plural = _("rapportbestanden")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.agreement.slug} {self.period} {self.format}"

    @property
    def is_stuck(self) -> bool:
        """True when the file is still pending ``settings.BWK_REPORT_STUCK_AFTER_MINUTES``
        minutes after it was asked for or its last build started (a lost task, a broker that
        went away): its page then offers to try again."""
        if self.status != self.Status.PENDING:
            return False
        since = self.started_at or self.requested_at
        limit = timedelta(minutes=settings.BWK_REPORT_STUCK_AFTER_MINUTES)
        return since is not None and timezone.now() - since > limit

    @property
    def can_retry(self) -> bool:
        """Whether the user may ask for the build again: failed, or pending and stuck."""
        return self.status == self.Status.FAILED or self.is_stuck


def archive_storage() -> Storage:
    """The storage of issued reports (``settings.STORAGES["archive"]``): a private folder by
    default, never served as media (docs/configuration.md: an S3-compatible store)."""
    from django.core.files.storage import storages

    return storages["archive"]


class Audience(models.TextChoices):
    """Who a report is issued to (issue 9, "Report per audience")."""

    MUNICIPALITY = "municipality", _("gemeente")
    HOUSING_CORPORATION = "housing_corporation", _("woningcorporatie")
    FUNDER = "funder", _("andere financier")
    BOARD = "board", _("bestuur")


class IssuedReport(models.Model):
    """One version of a progress report issued to an audience: never changed afterwards.

    Issuing (:func:`reports.issuing.report_issue`) stores the report object as JSON
    (``report_json``, :mod:`reports.serialise`), the PDF and the Excel file built from it, a
    SHA-256 of each file, who issued it and when, the parameters (``options``), the software
    version and the language it was built in. ``party`` is the funder it is issued to (none
    for the board). Re-issuing the same agreement, period, audience and party makes the next
    ``version`` (1, 2, ...); every version stays. A funder sees only the versions issued to
    its party (``party_path``, :mod:`locations.access`).
    """

    tenant_path = "agreement__organisation"
    access_area = Area.ISSUED
    party_path = "party"
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        related_name="issued_reports",
        verbose_name=_("afspraak"),
    )
    period = models.CharField(_("periode"), max_length=10)
    audience = models.CharField(_("voor"), max_length=30, choices=Audience.choices)
    party = models.ForeignKey(
        "agreements.Party",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_reports",
        verbose_name=_("partij"),
    )
    version = models.PositiveIntegerField(_("versie"))
    options = models.JSONField(_("keuzes"), default=dict, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("door")
    )
    issued_at = models.DateTimeField(_("uitgegeven op"))
    software_version = models.CharField(_("softwareversie"), max_length=80)
    language = models.CharField(_("taal"), max_length=10)
    report_json = models.TextField(_("rapportage (JSON)"))
    pdf = models.FileField(_("PDF"), storage=archive_storage, upload_to="issued/%Y/")
    pdf_sha256 = models.CharField(_("SHA-256 van de PDF"), max_length=64)
    xlsx = models.FileField(_("Excel"), storage=archive_storage, upload_to="issued/%Y/")
    xlsx_sha256 = models.CharField(_("SHA-256 van het Excel-bestand"), max_length=64)

    objects = TenantManager()
    unscoped = UnscopedManager()

    class Meta:
        verbose_name = _("uitgegeven rapportage")
        verbose_name_plural = _("uitgegeven rapportages")
        ordering = ["agreement", "period", "audience", "party", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "period", "audience", "party", "version"],
                name="issued_report_version_unique",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        whom = self.party.name if self.party is not None else self.get_audience_display()
        return f"{self.agreement.slug} {self.period} · {whom} · v{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Insert only: an issued report never changes (issue 9). Raises ValueError on an
        update of a stored one."""
        if not self._state.adding:
            raise ValueError("an issued report never changes: issue a new version instead")
        super().save(*args, **kwargs)


class IssuedReportDownload(models.Model):
    """One download of an issued report's file: who, when, which version and format."""

    tenant_path = "issued_report__agreement__organisation"
    access_area = Area.OVERSIGHT
    issued_report = models.ForeignKey(
        IssuedReport,
        on_delete=models.CASCADE,
        related_name="downloads",
        verbose_name=_("uitgegeven rapportage"),
    )
    format = models.CharField(_("formaat"), max_length=4, choices=ReportFile.Format.choices)
    downloaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("door")
    )
    downloaded_at = models.DateTimeField(_("gedownload op"), auto_now_add=True)

    objects = TenantManager()
    unscoped = UnscopedManager()

    class Meta:
        verbose_name = _("download van een uitgegeven rapportage")
        verbose_name_plural = _("downloads van uitgegeven rapportages")
        ordering = ["-downloaded_at"]

    def __str__(self) -> str:
        return f"{self.issued_report} · {self.format} · {self.downloaded_by}"


# The models of the narratives and the calendar live beside their code; imported here so that
# Django finds them (those packages import nothing of this module).
from reports.calendar.models import CalendarToken, ReminderKind, SentReminder  # noqa: E402
from reports.narratives.models import Narrative, NarrativeStatus  # noqa: E402
from reports.plans.models import (  # noqa: E402
    PlanCost,
    PlanFinancing,
    PlanMeasure,
    PlanTarget,
    PlanYear,
)

__all__ = [
    "Audience",
    "CalendarToken",
    "IssuedReport",
    "IssuedReportDownload",
    "Narrative",
    "PlanCost",
    "PlanFinancing",
    "PlanMeasure",
    "PlanTarget",
    "PlanYear",
    "NarrativeStatus",
    "ReminderKind",
    "ReportFile",
    "SentReminder",
    "archive_storage",
]
