"""The rows of a multi-year plan (issue 12): its years with their figures as stated."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from agreements.choices import PartyKind
from agreements.models import Agreement, TargetFields
from locations.access import Area, TenantManager, UnscopedManager


class PlanMeasure(models.TextChoices):
    """The region-level targets a plan states per year."""

    ROOMS = "rooms", _("Aantal buurtwerkkamers")
    VOLUNTEERS_AND_KEY_HOLDERS = (
        "volunteers_and_key_holders",
        _("Vrijwilligers en sleutelbeheerders"),
    )
    UNIQUE_PARTICIPANTS = "unique_participants", _("Unieke deelnemers")


class PlanYear(models.Model):
    """One year of a multi-year plan (an :class:`~agreements.models.Agreement` of kind
    ``multi_year_plan``): a plan year or the reference year (``is_reference``). The totals
    the document states (``stated_costs_total``, ``stated_financing_total``; None when it
    states none) are kept as stated; the product computes its own from the parts."""

    tenant_path = "agreement__organisation"
    access_area = Area.AGREEMENT
    party_path = "agreement__parties__party"
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="plan_years")
    year = models.PositiveSmallIntegerField(_("jaar"))
    is_reference = models.BooleanField(_("referentiejaar"), default=False)
    stated_costs_total = models.DecimalField(
        _("totaal kosten zoals vermeld"), null=True, blank=True, max_digits=12, decimal_places=2
    )
    stated_financing_total = models.DecimalField(
        _("totaal financiering zoals vermeld"),
        null=True,
        blank=True,
        max_digits=12,
        decimal_places=2,
    )

    objects = TenantManager()
    unscoped = UnscopedManager()

    class Meta:
        verbose_name = _("jaar van een meerjarenplan")
        verbose_name_plural = _("jaren van een meerjarenplan")
        ordering = ["agreement", "year"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "year"], name="plan_year_unique")
        ]

    def __str__(self) -> str:
        return str(self.year)


class PlanTarget(TargetFields):
    """A region-level target of one plan year (:class:`PlanMeasure`), parsed as every target
    (:func:`agreements.targets.parse_target`)."""

    tenant_path = "plan_year__agreement__organisation"
    access_area = Area.AGREEMENT
    party_path = "plan_year__agreement__parties__party"
    plan_year = models.ForeignKey(PlanYear, on_delete=models.CASCADE, related_name="targets")
    measure = models.CharField(_("maat"), max_length=30, choices=PlanMeasure.choices)

    objects = TenantManager()
    unscoped = UnscopedManager()

    class Meta:
        verbose_name = _("streefcijfer meerjarenplan")
        verbose_name_plural = _("streefcijfers meerjarenplan")
        ordering = ["plan_year", "measure"]
        constraints = [
            models.UniqueConstraint(fields=["plan_year", "measure"], name="plan_target_unique")
        ]

    def __str__(self) -> str:
        return self.text


class PlanCost(models.Model):
    """The costs a plan states for one room group (its code in the plan file's
    ``room_groups``) in one year, in euros."""

    tenant_path = "plan_year__agreement__organisation"
    access_area = Area.BUDGET
    party_path = "plan_year__agreement__parties__party"
    plan_year = models.ForeignKey(PlanYear, on_delete=models.CASCADE, related_name="costs")
    group_code = models.SlugField(_("groep (code)"), max_length=60)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    amount = models.DecimalField(_("bedrag (euro)"), max_digits=12, decimal_places=2)

    objects = TenantManager()
    unscoped = UnscopedManager()

    class Meta:
        verbose_name = _("kosten meerjarenplan")
        verbose_name_plural = _("kosten meerjarenplan")
        ordering = ["plan_year", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan_year", "group_code"], name="plan_cost_unique")
        ]

    def __str__(self) -> str:
        return self.group_code


class PlanFinancing(models.Model):
    """The financing a plan states for one funder category (a party kind) in one year."""

    tenant_path = "plan_year__agreement__organisation"
    access_area = Area.FINANCING
    party_path = "plan_year__agreement__parties__party"
    plan_year = models.ForeignKey(PlanYear, on_delete=models.CASCADE, related_name="financing")
    funder_kind = models.CharField(_("soort financier"), max_length=30, choices=PartyKind.choices)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    amount = models.DecimalField(_("bedrag (euro)"), max_digits=12, decimal_places=2)

    objects = TenantManager()
    unscoped = UnscopedManager()

    class Meta:
        verbose_name = _("financiering meerjarenplan")
        verbose_name_plural = _("financiering meerjarenplan")
        ordering = ["plan_year", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan_year", "funder_kind"], name="plan_financing_unique"
            )
        ]

    def __str__(self) -> str:
        return self.funder_kind
