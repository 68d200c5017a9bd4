"""Organisations (tenants), locations (rooms) and memberships with a role."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from locations.access import Area, Role, TenantManager, UnscopedManager

__all__ = ["AccessLogEntry", "Location", "Membership", "Organisation", "Role"]

#: The largest logo an organisation may upload, in bytes: it is embedded in every report.
LOGO_MAX_BYTES = 512 * 1024


def validate_logo_size(value: File) -> None:
    """Refuse a logo file of more than :data:`LOGO_MAX_BYTES` bytes (ValidationError, Dutch)."""
    if value.size is not None and value.size > LOGO_MAX_BYTES:
        raise ValidationError(
            _("Het logo is groter dan %(limit)s kB.") % {"limit": LOGO_MAX_BYTES // 1024}
        )


class Organisation(models.Model):
    """The tenant: a cooperative running community rooms (e.g. the Buurtwerkkamer Coöperatie)."""

    tenant_path = ""
    access_area = Area.ORGANISATION
    slug = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    #: Two-factor login for this organisation's coordinators too (board, admin and funder
    #: users always need it): locations.accounts.policy.two_factor_required.
    coordinators_need_two_factor = models.BooleanField(
        _("tweestapsverificatie verplicht voor teamcoördinatoren"),
        default=False,
        help_text=_(
            "Bestuur, beheerders en financiers loggen altijd in met een tweede stap; "
            "met dit vinkje ook de teamcoördinatoren van deze organisatie."
        ),
    )

    #: The logo on the report files (PNG or JPEG, at most :data:`LOGO_MAX_BYTES`); empty: the
    #: cooperative's default logo (``static/img/report-logo.svg``). docs/report-formats.md.
    logo = models.ImageField(
        _("logo"),
        upload_to="logos/",
        blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg"]), validate_logo_size],
        help_text=_("PNG of JPEG, hoogstens 512 kB; komt op de rapportages (PDF)."),
    )

    objects = TenantManager()
    unscoped = UnscopedManager()

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    """One buurtwerkkamer (room). ``code`` is stable and unique within its organisation."""

    tenant_path = "organisation"
    access_area = Area.LOCATION
    location_path = ""
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="locations",
        verbose_name=_("organisatie"),
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("naam"), max_length=200)
    neighbourhood = models.CharField(_("buurt"), max_length=200, blank=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    address = models.CharField(_("adres"), max_length=200, blank=True)
    residents_association = models.CharField(_("bewonersvereniging"), max_length=200, blank=True)
    opened_on = models.DateField(_("geopend op"), null=True, blank=True)
    closed_on = models.DateField(_("gesloten op"), null=True, blank=True)

    objects = TenantManager()
    unscoped = UnscopedManager()

    class Meta:
        verbose_name = _("buurtwerkkamer")
        verbose_name_plural = _("buurtwerkkamers")
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="location_code_unique"),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(opened_on__isnull=True)
                | models.Q(closed_on__gte=models.F("opened_on")),
                name="location_closed_after_opened",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role in one organisation; coordinators are tied to one or more locations,
    funders to a party of the organisation's agreements."""

    tenant_path = "organisation"
    access_area = Area.MEMBERSHIP
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("gebruiker"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisatie"),
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    locations = models.ManyToManyField(
        Location, blank=True, related_name="memberships", verbose_name=_("buurtwerkkamers")
    )
    party = models.ForeignKey(
        "agreements.Party",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("partij"),
    )

    objects = TenantManager()
    unscoped = UnscopedManager()

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"


# The access log lives in its own module (locations/audit.py); importing it here registers
# the model with the app.
from locations.audit import AccessLogEntry  # noqa: E402
