"""Volunteers: the register (pseudonymous codes, like participants), key holders
(sleutelbeheerders), volunteer groups with their members, and hours given."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from locations.access import Area, TenantManager, UnscopedManager
from locations.formatting import format_date
from locations.models import Location, Organisation
from registrations.models.base import LocationRecord, Recorded
from registrations.models.codes import participant_code_validator, validate_not_bsn
from registrations.models.participants import Participant
from registrations.tracking import TrackedHistory


class Volunteer(Recorded):
    """A volunteer in the organisation's register, known by a pseudonymous code.

    A volunteer may also be a participant (``participant``). ``locations`` are the rooms the
    volunteer works at; ``home_location`` decides who sees the nickname (as for participants).
    ``is_professional`` marks a paid professional who gives hours on a voluntary basis on top
    of paid hours; those hours are valued at the professional rate (DOMAIN.md, popular budget).
    """

    tenant_path = "organisation"
    access_area = Area.REGISTRATION
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="volunteers",
        verbose_name=_("organisatie"),
    )
    code = models.CharField(
        _("vrijwilligerscode"),
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
        related_name="registered_volunteers",
        verbose_name=_("ingeschreven bij"),
    )
    locations = models.ManyToManyField(
        Location, related_name="volunteers", blank=True, verbose_name=_("actief bij")
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer_records",
        verbose_name=_("ook deelnemer"),
    )
    is_professional = models.BooleanField(
        _("professional"),
        default=False,
        help_text=_("Betaalde kracht die daarnaast vrijwillig uren geeft."),
    )
    started_on = models.DateField(_("vrijwilliger sinds"), null=True, blank=True)
    ended_on = models.DateField(_("gestopt op"), null=True, blank=True)

    objects = TenantManager()
    unscoped = UnscopedManager()
    history = TrackedHistory()

    class Meta:
        verbose_name = _("vrijwilliger")
        verbose_name_plural = _("vrijwilligers")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("code"), "organisation", name="volunteer_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.code


class KeyHolding(LocationRecord):
    """A volunteer holding a key of a location (sleutelbeheerder) from one date to another.

    ``ended_on`` is the last day as key holder (empty: still holds the key).
    """

    volunteer = models.ForeignKey(
        Volunteer,
        on_delete=models.CASCADE,
        related_name="key_holdings",
        verbose_name=_("vrijwilliger"),
    )
    started_on = models.DateField(_("sleutel sinds"))
    ended_on = models.DateField(_("sleutel ingeleverd op"), null=True, blank=True)

    objects = TenantManager()
    unscoped = UnscopedManager()
    history = TrackedHistory()

    class Meta:
        verbose_name = _("sleutelbeheer")
        verbose_name_plural = _("sleutelbeheer")
        ordering = ["location", "-started_on"]

    def __str__(self) -> str:
        return f"{self.volunteer} {format_date(self.started_on)}"


class VolunteerGroup(LocationRecord):
    """A named volunteer group of a location (klussendienst, tuingroep, taalteam, ...).

    Active from ``active_from`` up to and including ``active_to`` (empty: still active).
    """

    name = models.CharField(_("naam"), max_length=100)
    active_from = models.DateField(_("actief vanaf"))
    active_to = models.DateField(_("actief tot en met"), null=True, blank=True)
    members = models.ManyToManyField(
        Volunteer,
        through="VolunteerGroupMembership",
        related_name="groups",
        blank=True,
        verbose_name=_("leden"),
    )

    objects = TenantManager()
    unscoped = UnscopedManager()
    history = TrackedHistory()

    class Meta:
        verbose_name = _("vrijwilligersgroep")
        verbose_name_plural = _("vrijwilligersgroepen")
        ordering = ["location", "name"]

    def __str__(self) -> str:
        return self.name


class VolunteerGroupMembership(models.Model):
    """A volunteer's membership of a volunteer group, from/to (empty ``left_on``: current)."""

    tenant_path = "group__location__organisation"
    access_area = Area.REGISTRATION
    location_path = "group__location"
    group = models.ForeignKey(
        VolunteerGroup,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("vrijwilligersgroep"),
    )
    volunteer = models.ForeignKey(
        Volunteer,
        on_delete=models.CASCADE,
        related_name="group_memberships",
        verbose_name=_("vrijwilliger"),
    )
    joined_on = models.DateField(_("lid sinds"), null=True, blank=True)
    left_on = models.DateField(_("gestopt op"), null=True, blank=True)

    objects = TenantManager()
    unscoped = UnscopedManager()
    history = TrackedHistory()

    class Meta:
        verbose_name = _("lid vrijwilligersgroep")
        verbose_name_plural = _("leden vrijwilligersgroep")

    def __str__(self) -> str:
        return f"{self.volunteer} in {self.group}"


class HoursSpan(models.TextChoices):
    """Whether an hours entry covers one day or the week starting on its date."""

    DAY = "day", _("dag")
    WEEK = "week", _("week")


class VolunteerHours(LocationRecord):
    """Hours a volunteer gave at a location on a day, or in the week starting on ``date``.

    ``is_professional`` is copied from the volunteer when recorded: professionals' hours are
    recorded separately and valued at the professional rate in the budget.
    """

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="hours", verbose_name=_("vrijwilliger")
    )
    date = models.DateField(_("datum"), db_index=True)
    span = models.CharField(_("periode"), max_length=4, choices=HoursSpan.choices, default="day")
    hours = models.DecimalField(_("uren"), max_digits=6, decimal_places=2)
    is_professional = models.BooleanField(_("uren van een professional"), default=False)

    objects = TenantManager()
    unscoped = UnscopedManager()
    history = TrackedHistory()

    class Meta:
        verbose_name = _("vrijwilligersuren")
        verbose_name_plural = _("vrijwilligersuren")
        ordering = ["-date", "location"]

    def __str__(self) -> str:
        return f"{format_date(self.date)} {self.volunteer}: {self.hours} u"
