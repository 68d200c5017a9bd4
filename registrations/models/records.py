"""Longer-lived records of a room kept on the records page (dossier): members of the
residents' association, partner agreements, and results entered from outside the
registrations (Interviews, Controle)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from locations.access import TenantManager, UnscopedManager
from registrations.models.base import LocationRecord
from registrations.models.participants import Participant
from registrations.tracking import TrackedHistory


class AssociationMember(LocationRecord):
    """A member of the location's residents' association (bewonersvereniging).

    Registered from ``registered_on`` up to and including ``deregistered_on`` (empty: still a
    member); paying from ``paying_from`` up to and including ``paying_to`` (both empty: not
    paying). ``member_code`` is the association's own pseudonymous number.
    """

    member_code = models.CharField(_("lidnummer"), max_length=40)
    participant = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("deelnemer"),
    )
    registered_on = models.DateField(_("ingeschreven op"))
    deregistered_on = models.DateField(_("uitgeschreven op"), null=True, blank=True)
    paying_from = models.DateField(_("betalend vanaf"), null=True, blank=True)
    paying_to = models.DateField(_("betalend tot en met"), null=True, blank=True)

    objects = TenantManager()
    unscoped = UnscopedManager()
    history = TrackedHistory()

    class Meta:
        verbose_name = _("lid bewonersvereniging")
        verbose_name_plural = _("leden bewonersvereniging")
        ordering = ["location", "member_code"]
        constraints = [
            # Unique at the location ignoring case, as the records page checks
            # (rules.member_code_errors): the database decides between two requests at once.
            models.UniqueConstraint(
                models.functions.Lower("member_code"),
                "location",
                name="association_member_unique",
                violation_error_message=_("Dit lidnummer bestaat al bij deze buurtwerkkamer."),
            )
        ]

    def __str__(self) -> str:
        return self.member_code


class PartnerAgreement(LocationRecord):
    """A partner organisation the room works with under an agreement (municipality item c).

    Active from ``agreed_on`` (the agreement's date) up to and including ``ended_on``.
    """

    partner_name = models.CharField(_("partnerorganisatie"), max_length=150)
    agreed_on = models.DateField(_("datum afspraak"))
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)
    note = models.CharField(_("toelichting"), max_length=200, blank=True)

    objects = TenantManager()
    unscoped = UnscopedManager()
    history = TrackedHistory()

    class Meta:
        verbose_name = _("samenwerkingspartner")
        verbose_name_plural = _("samenwerkingspartners")
        ordering = ["location", "partner_name"]

    def __str__(self) -> str:
        return self.partner_name


class EnteredResult(LocationRecord):
    """A realised figure that can only come from outside the registrations, entered by staff.

    Used for Interviews (an estimated effect: ``value`` with the indicator's unit, e.g. 3 (%)
    fewer benefit costs or 6 fewer rent-arrears cases) and Controle (``positive``: the outcome
    of the accountant's or committee's check). ``period`` is "YYYY-Qn" or "YYYY"; a report
    uses the latest entry of its year up to its own period. Who entered it (``created_by``),
    ``explanation`` and ``source`` are required for accountability.
    """

    indicator_code = models.SlugField(_("prestatie (code)"), max_length=60)
    period = models.CharField(_("periode"), max_length=7, help_text=_("YYYY-Qn of YYYY"))
    value = models.DecimalField(_("waarde"), max_digits=12, decimal_places=2, null=True, blank=True)
    positive = models.BooleanField(_("positief"), null=True, blank=True)
    explanation = models.TextField(_("toelichting"))
    source = models.CharField(_("bron"), max_length=300)

    objects = TenantManager()
    unscoped = UnscopedManager()
    history = TrackedHistory()

    class Meta:
        verbose_name = _("ingevoerd resultaat")
        verbose_name_plural = _("ingevoerde resultaten")
        ordering = ["location", "indicator_code", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["location", "indicator_code", "period"], name="entered_result_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_code} {self.period}"
