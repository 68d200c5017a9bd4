"""What happens in the rooms: pseudonymous participants, activity sessions and jobs.

Privacy (DOMAIN.md): a participant is a pseudonymous code, optionally a nickname that only
staff of the participant's home location see. Never a BSN or other identifying number.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agreements.choices import Category
from locations.models import Location, Organisation
from locations.tenancy import TenantManager, UnscopedManager

participant_code_validator = RegexValidator(
    r"^(?!\d{8,9}$)[A-Za-z0-9][A-Za-z0-9._-]{1,39}$",
    _(
        "Een deelnemerscode bestaat uit 2 tot 40 letters, cijfers, punten, streepjes of "
        "liggende streepjes en is geen BSN (geen 8 of 9 cijfers)."
    ),
)


def looks_like_bsn(code: str) -> bool:
    """True when ``code`` is or contains something that could be a BSN (DOMAIN.md: never a BSN).

    A BSN (burgerservicenummer) has 8 or 9 digits and passes the 11-check (elfproef):
    9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is divisible by 11 (8-digit numbers get a leading 0).
    Rejected: a code of only 8-9 digits (with or without dots, spaces or dashes), and any code
    containing a run of 8 or 9 digits that passes the 11-check.
    """
    digits = re.sub(r"\D", "", code)
    if re.fullmatch(r"[\d\s.\-]+", code) and len(digits) in (8, 9):
        return True
    for run in re.findall(r"\d{8,}", code):
        for start in range(len(run)):
            for length in (8, 9):
                window = run[start : start + length]
                if len(window) == length and _passes_eleven_check(window.zfill(9)):
                    return True
    return False


def _passes_eleven_check(nine_digits: str) -> bool:
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    total = sum(int(d) * w for d, w in zip(nine_digits, weights, strict=True))
    return total % 11 == 0 and nine_digits != "000000000"


def validate_not_bsn(code: str) -> None:
    """Field validator: raise ValidationError when ``code`` looks like a BSN (see above)."""
    if looks_like_bsn(code):
        raise ValidationError(
            _(
                "Deze code lijkt op een BSN. Gebruik nooit een BSN of ander persoonsnummer, "
                "maar een eigen code zoals CJM-0001."
            ),
            code="bsn",
        )


class Participant(models.Model):
    """A resident in the organisation's participant register, known by a pseudonymous code.

    ``code`` is unique within the organisation (case-insensitively) so a person visiting two
    rooms is counted once in organisation totals.
    """

    tenant_path = "organisation"
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

    class Meta:
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        ordering = ["-date", "location", "category", "title"]
        indexes = [models.Index(fields=["location", "date", "category"])]

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.get_category_display()} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("registrations:session_detail", args=[self.pk])


class Attendance(models.Model):
    """An identified participant taking part in a session (at most once per session)."""

    tenant_path = "session__location__organisation"
    location_path = "session__location"
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="attendances"
    )

    objects = TenantManager()
    unscoped = UnscopedManager()

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
    import_key = models.CharField(max_length=300, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
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
        return f"{self.date:%d-%m-%Y} {self.description}"
