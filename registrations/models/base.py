"""Abstract bases of the records coordinators add (issue 3): who added it, when, the demo
flag, and the location a record is made at."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from locations.access import Area
from locations.models import Location

DEMO_HELP = _("Aangemaakt door generate_demo_registrations; wordt bij opnieuw genereren vervangen.")


class Recorded(models.Model):
    """Abstract base of records a coordinator adds: who added it, when, and the demo flag."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    is_demo = models.BooleanField(
        _("demogegevens"), default=False, editable=False, help_text=DEMO_HELP
    )

    class Meta:
        abstract = True


class LocationRecord(Recorded):
    """Abstract base of a record made at one location (scoped by that location)."""

    tenant_path = "location__organisation"
    access_area = Area.REGISTRATION
    location_path = "location"
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="+", verbose_name=_("buurtwerkkamer")
    )

    class Meta:
        abstract = True
