"""The register of erasures (issue 10, "Privacy by design"): every time the personal
details of a participant or volunteer are removed, on their request or because the retention
period passed, one row says who, when, which person (by pseudonymous code) and why.

Insert-only: the model refuses to save a stored row again or to delete one, and a database
trigger (migration ``0006_erasure_register``) refuses every UPDATE and DELETE of its table
(also a queryset's ``update()``/``delete()``), so the application cannot rewrite what it
did. The register is not the general access log (the ``locations`` app's, issue 10 "Access
log"): it records only erasures.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from locations.access import Area, TenantManager, UnscopedManager
from locations.models import Organisation


class PersonKind(models.TextChoices):
    """Which register a person is in."""

    PARTICIPANT = "participant", _("deelnemer")
    VOLUNTEER = "volunteer", _("vrijwilliger")


class ErasureCause(models.TextChoices):
    """Why personal details were removed."""

    #: The person asked (AVG art. 17), the board or an admin erased them.
    REQUEST = "request", _("op verzoek")
    #: The retention period passed without activity (the nightly task).
    RETENTION = "retention", _("bewaartermijn verstreken")


class Erasure(models.Model):
    """One removal of a person's personal details.

    ``person_id`` and ``code`` name the person's row (kept, pseudonymous: counts stay
    reproducible); ``erased_by`` is empty for the retention task; ``reason`` is what the
    board or admin typed (required on request) or the retention rule. ``fields`` counts the
    values removed, per table (``{"registrations_participant.nickname": 1, ...}``, history
    tables included).
    """

    tenant_path = "organisation"
    access_area = Area.PRIVACY
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisatie")
    )
    person_kind = models.CharField(_("register"), max_length=12, choices=PersonKind.choices)
    person_id = models.BigIntegerField(_("rijnummer"))
    code = models.CharField(_("code"), max_length=40)
    cause = models.CharField(_("aanleiding"), max_length=10, choices=ErasureCause.choices)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verwijderd door"),
    )
    erased_at = models.DateTimeField(_("verwijderd op"), auto_now_add=True)
    reason = models.TextField(_("reden"))
    fields = models.JSONField(_("verwijderde waarden"), default=dict)

    objects = TenantManager()
    unscoped = UnscopedManager()

    class Meta:
        verbose_name = _("verwijdering persoonsgegevens")
        verbose_name_plural = _("verwijderingen persoonsgegevens")
        ordering = ["-erased_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "person_kind", "person_id"])]

    def __str__(self) -> str:
        return f"{self.get_person_kind_display()} {self.code}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Insert the row; raises TypeError for a row that is already stored."""
        if self.pk is not None:
            raise TypeError("The erasure register is insert-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        """Always raises TypeError: the register is insert-only."""
        raise TypeError("The erasure register is insert-only.")
