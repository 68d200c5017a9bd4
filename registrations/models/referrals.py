"""Support given at a room: incoming referrals (aanmeldingen) and newcomers, referrals out
to care and welfare organisations, placements, paid work found, minima-scheme applications
and debt support. The day page records them (:mod:`registrations.views.day`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from locations.access import TenantManager, UnscopedManager
from locations.formatting import format_date
from registrations.models.base import LocationRecord
from registrations.models.participants import Participant
from registrations.tracking import TrackedHistory


class ReferralKind(models.TextChoices):
    """Who an incoming referral (aanmelding) is: referred by an agency, or a newcomer."""

    AGENCY = "agency", _("doorverwezen door instantie")
    NEWCOMER = "newcomer", _("nieuwe bewoner / statushouder")


class IncomingReferral(LocationRecord):
    """A resident referred to (or signed up at) the room, and whether they take part.

    The "X op Y" indicators (Aantal op aangemeld): Y counts the referrals, X those that take
    part. ``agency`` names who referred (WPI, housing corporation, buurtteam, ...).
    """

    date = models.DateField(_("datum aanmelding"), db_index=True)
    kind = models.CharField(
        _("soort"), max_length=10, choices=ReferralKind.choices, default=ReferralKind.AGENCY
    )
    agency = models.CharField(_("verwezen door"), max_length=100, blank=True)
    participant = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incoming_referrals",
        verbose_name=_("deelnemer"),
    )
    takes_part = models.BooleanField(_("doet mee"), default=False)

    objects = TenantManager()
    unscoped = UnscopedManager()
    history = TrackedHistory()

    class Meta:
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        ordering = ["-date", "location"]

    def __str__(self) -> str:
        return f"{format_date(self.date)} {self.get_kind_display()} {self.agency}".strip()


class OutgoingReferral(LocationRecord):
    """A referral from the room to a formal care or welfare organisation (municipality item a)."""

    date = models.DateField(_("datum"), db_index=True)
    organisation_name = models.CharField(_("doorverwezen naar"), max_length=100)
    participant = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outgoing_referrals",
        verbose_name=_("deelnemer"),
    )
    note = models.CharField(_("toelichting"), max_length=200, blank=True)

    objects = TenantManager()
    unscoped = UnscopedManager()
    history = TrackedHistory()

    class Meta:
        verbose_name = _("doorverwijzing")
        verbose_name_plural = _("doorverwijzingen")
        ordering = ["-date", "location"]

    def __str__(self) -> str:
        return f"{format_date(self.date)} → {self.organisation_name}"


class PlacementKind(models.TextChoices):
    """Kinds of places (2019/2021 agreements, OUTPUT: participatie-, leerwerk-, stageplek)."""

    PARTICIPATION = "participation", _("participatieplek")
    WORK_LEARNING = "work_learning", _("leerwerkplek")
    SHELTERED = "sheltered", _("SW-plek (beschut werk)")
    INTERNSHIP = "internship", _("stageplek")


class Placement(LocationRecord):
    """A person active on a participation, work-learning, sheltered or internship place."""

    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("deelnemer"),
    )
    kind = models.CharField(_("soort plek"), max_length=20, choices=PlacementKind.choices)
    started_on = models.DateField(_("gestart op"))
    ended_on = models.DateField(_("gestopt op"), null=True, blank=True)

    objects = TenantManager()
    unscoped = UnscopedManager()
    history = TrackedHistory()

    class Meta:
        verbose_name = _("werkplek")
        verbose_name_plural = _("werkplekken")
        ordering = ["location", "-started_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {format_date(self.started_on)}"


class PaidWork(LocationRecord):
    """A participant who found paid work, partly thanks to the room, on a date."""

    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="paid_work",
        verbose_name=_("deelnemer"),
    )
    date = models.DateField(_("datum"), db_index=True)
    note = models.CharField(_("toelichting"), max_length=200, blank=True)

    objects = TenantManager()
    unscoped = UnscopedManager()
    history = TrackedHistory()

    class Meta:
        verbose_name = _("betaald werk gevonden")
        verbose_name_plural = _("betaald werk gevonden")
        ordering = ["-date", "location"]

    def __str__(self) -> str:
        return f"{format_date(self.date)} {self.participant or ''}".strip()


class MinimaApplication(LocationRecord):
    """A digital minima-scheme application submitted through the room (municipality item b)."""

    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="minima_applications",
        verbose_name=_("deelnemer"),
    )
    date = models.DateField(_("datum"), db_index=True)
    scheme = models.CharField(_("regeling"), max_length=100, blank=True)

    objects = TenantManager()
    unscoped = UnscopedManager()
    history = TrackedHistory()

    class Meta:
        verbose_name = _("aanvraag minimaregeling")
        verbose_name_plural = _("aanvragen minimaregeling")
        ordering = ["-date", "location"]

    def __str__(self) -> str:
        return f"{format_date(self.date)} {self.scheme}".strip()


class DebtSupport(LocationRecord):
    """A resident supported towards debt assistance (municipality item d)."""

    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="debt_support",
        verbose_name=_("deelnemer"),
    )
    date = models.DateField(_("datum"), db_index=True)
    organisation_name = models.CharField(_("naar"), max_length=100, blank=True)
    note = models.CharField(_("toelichting"), max_length=200, blank=True)

    objects = TenantManager()
    unscoped = UnscopedManager()
    history = TrackedHistory()

    class Meta:
        verbose_name = _("ondersteuning schuldhulp")
        verbose_name_plural = _("ondersteuning schuldhulp")
        ordering = ["-date", "location"]

    def __str__(self) -> str:
        return f"{format_date(self.date)} {self.organisation_name}".strip()
