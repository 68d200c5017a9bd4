"""What happens in the rooms: pseudonymous participants, activity sessions with their
attendances, and jobs (klussen).

Privacy (DOMAIN.md): a participant is a pseudonymous code, optionally a nickname that only
staff of the participant's home location see. Never a BSN or other identifying number
(:mod:`registrations.models.codes`).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agreements.choices import Category
from locations.access import Area, TenantManager, UnscopedManager
from locations.formatting import format_date
from locations.models import Location, Organisation
from registrations.models.codes import participant_code_validator, validate_not_bsn
from registrations.tracking import TrackedHistory


class Participant(models.Model):
    """A resident in the organisation's participant register, known by a pseudonymous code.

    ``code`` is unique within the organisation (case-insensitively) so a person visiting two
    rooms is counted once in organisation totals.
    """

    tenant_path = "organisation"
    access_area = Area.REGISTRATION
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="participants",
        verbose_name=_("organisatie"),
    )
    code = models.CharField(
        _("deelnemerscode"),
        max_length=40,
        validators=[participant_code_validator, validate_not_bsn],
    )
    nickname = models.CharField(
        _("roepnaam"),
        max_length=60,
        blank=True,
        help_text=_("Optioneel; alleen zichtbaar voor medewerkers van de eigen buurtwerkkamer."),
    )
    home_location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        related_name="registered_participants",
        verbose_name=_("ingeschreven bij"),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    is_demo = models.BooleanField(
        _("demogegevens"),
        default=False,
        editable=False,
        help_text=_(
            "Aangemaakt door generate_demo_registrations; wordt bij opnieuw genereren vervangen."
        ),
    )

    objects = TenantManager()
    unscoped = UnscopedManager()
    history = TrackedHistory()

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("code"), "organisation", name="participant_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.code


class Session(models.Model):
    """One activity session at a location on a date, in one category.

    Identified participants are linked through :class:`Attendance`; walk-ins whose identity
    is not recorded are only counted in ``anonymous_count`` (visits, never unique participants).
    """

    tenant_path = "location__organisation"
    access_area = Area.REGISTRATION
    location_path = "location"
    location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        related_name="sessions",
        verbose_name=_("buurtwerkkamer"),
    )
    date = models.DateField(_("datum"), db_index=True)
    category = models.CharField(_("categorie"), max_length=20, choices=Category.choices)
    title = models.CharField(_("titel"), max_length=200, blank=True)
    anonymous_count = models.PositiveIntegerField(
        _("anonieme bezoekers"),
        default=0,
        help_text=_("Bezoekers van wie geen code is vastgelegd."),
    )
    participants = models.ManyToManyField(
        Participant,
        through="Attendance",
        related_name="sessions",
        verbose_name=_("deelnemers"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aangemaakt door"),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    is_demo = models.BooleanField(
        _("demogegevens"),
        default=False,
        editable=False,
        help_text=_(
            "Aangemaakt door generate_demo_registrations; wordt bij opnieuw genereren vervangen."
        ),
    )

    objects = TenantManager()
    unscoped = UnscopedManager()
    history = TrackedHistory()

    class Meta:
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        ordering = ["-date", "location", "category", "title"]
        indexes = [models.Index(fields=["location", "date", "category"])]

    def __str__(self) -> str:
        return f"{format_date(self.date)} {self.get_category_display()} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("registrations:session_detail", args=[self.pk])


class Attendance(models.Model):
    """An identified participant taking part in a session (at most once per session)."""

    tenant_path = "session__location__organisation"
    access_area = Area.REGISTRATION
    location_path = "session__location"
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("activiteit")
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        related_name="attendances",
        verbose_name=_("deelnemer"),
    )

    objects = TenantManager()
    unscoped = UnscopedManager()
    history = TrackedHistory()

    class Meta:
        verbose_name = _("deelname")
        verbose_name_plural = _("deelnames")
        constraints = [
            models.UniqueConstraint(fields=["session", "participant"], name="attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.participant} @ {self.session}"


class Job(models.Model):
    """A job (klus): a small repair or garden job at a resident's home. Counted per job."""

    tenant_path = "location__organisation"
    access_area = Area.REGISTRATION
    location_path = "location"
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="jobs", verbose_name=_("buurtwerkkamer")
    )
    date = models.DateField(_("datum"), db_index=True)
    description = models.CharField(_("omschrijving"), max_length=200)
    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="jobs",
        verbose_name=_("bewoner"),
        help_text=_("Voor wie de klus is gedaan (optioneel)."),
    )
    import_key = models.CharField(
        max_length=300, blank=True, editable=False, verbose_name=_("importsleutel")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aangemaakt door"),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    is_demo = models.BooleanField(
        _("demogegevens"),
        default=False,
        editable=False,
        help_text=_(
            "Aangemaakt door generate_demo_registrations; wordt bij opnieuw genereren vervangen."
        ),
    )

    objects = TenantManager()
    unscoped = UnscopedManager()
    history = TrackedHistory()

    class Meta:
        verbose_name = _("klus")
        verbose_name_plural = _("klussen")
        ordering = ["-date", "location"]
        constraints = [
            models.UniqueConstraint(
                fields=["location", "import_key"],
                condition=~models.Q(import_key=""),
                name="job_import_key_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{format_date(self.date)} {self.description}"
