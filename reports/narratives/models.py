"""The narrative of one location in one quarter of an agreement (issue 11)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement
from locations.access import Area, TenantManager, UnscopedManager
from locations.models import Location
from registrations.tracking import TrackedHistory


class NarrativeStatus(models.TextChoices):
    """Where a narrative is: written (draft), handed to the board (submitted), approved."""

    DRAFT = "draft", _("concept")
    SUBMITTED = "submitted", _("ingediend")
    APPROVED = "approved", _("goedgekeurd")


#: The text fields of a narrative, in the order they are shown.
TEXT_FIELDS = ("highlights", "story", "attention")


class Narrative(models.Model):
    """Highlights, a resident's story and points of attention of one location in one quarter
    (``period`` "YYYY-Qn", a quarter of the agreement's year) of an agreement.

    Written by the location's coordinators (and admins), edited and approved by the board
    (:mod:`locations.access.rules`, :attr:`Area.NARRATIVE`): ``written_by``/``written_at``
    is the last save by a writer, ``submitted_*`` the hand-over to the board, ``approved_*``
    the approval. An approved narrative appears in the report of its quarter (and the year
    report after it) for the audiences that get narratives (:mod:`reports.audience`); a change
    after approval makes it a draft again. Texts hold no BSN (refused) and, unless confirmed,
    no e-mail address or telephone number (:mod:`locations.personal_data`). Every change is
    kept (``history``). Written only by :mod:`reports.narratives.services`.
    """

    tenant_path = "agreement__organisation"
    location_path = "location"
    access_area = Area.NARRATIVE
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="narratives",
        verbose_name=_("samenwerkingsafspraak"),
    )
    location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        related_name="narratives",
        verbose_name=_("buurtwerkkamer"),
    )
    period = models.CharField(_("periode"), max_length=7, help_text=_("YYYY-Qn"))
    highlights = models.TextField(_("hoogtepunten"), blank=True)
    story = models.TextField(
        _("verhaal van een bewoner"),
        blank=True,
        help_text=_("Zonder naam, adres, e-mailadres, telefoonnummer of BSN."),
    )
    attention = models.TextField(_("aandachtspunten"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=NarrativeStatus.choices,
        default=NarrativeStatus.DRAFT,
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geschreven door"),
    )
    written_at = models.DateTimeField(_("geschreven op"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingediend door"),
    )
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("goedgekeurd door"),
    )
    approved_at = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True)

    objects = TenantManager()
    unscoped = UnscopedManager()
    history = TrackedHistory()

    class Meta:
        verbose_name = _("verhaal")
        verbose_name_plural = _("verhalen")
        ordering = ["agreement", "period", "location__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "location", "period"], name="narrative_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(period__regex=r"^\d{4}-Q[1-4]$"), name="narrative_quarter"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement.slug} {self.period} {self.location}"

    @property
    def is_approved(self) -> bool:
        """True once the board approved this version."""
        return self.status == NarrativeStatus.APPROVED
