"""Budgets, financing, volunteer investment and actual spending of an agreement.

DOMAIN.md "Budget, financing and the popular budget": a budget has cost lines per location in
groups (A-E, or those its document states, issue 12); financing lists per funder and location
the euros committed; volunteer hours are valued at a yearly rate. Every subtotal, total and
ratio is *computed* from these parts (see :mod:`budgets.figures`); figures a source document
states are kept in :class:`StatedFigure` beside them, never in their place. Money is
``Decimal`` euros with cents.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from agreements.choices import REGION
from agreements.models import Agreement, Party, RoomGroup
from locations.access import Area, TenantManager, UnscopedManager
from locations.models import Location, Organisation

MONEY = {"max_digits": 12, "decimal_places": 2}
HOURS = {"max_digits": 10, "decimal_places": 1}
#: A row belongs to a room, to a room group, or (neither) to the region; never to both.
ONE_PLACE = models.Q(location__isnull=True) | models.Q(room_group__isnull=True)
WIDER_HELP = _("Leeg: een bedrag voor een groep buurtwerkkamers of voor de hele regio.")


def where_code(row: models.Model) -> str:
    """The key a budget amount, financing or volunteer-hours row is stated under in the
    file: its room's code, its room group's code, or ``region``."""
    if getattr(row, "location_id", None) is not None:
        return row.location.code  # type: ignore[attr-defined]
    if getattr(row, "room_group_id", None) is not None:
        return row.room_group.code  # type: ignore[attr-defined]
    return REGION


class LineGroup(models.TextChoices):
    """Today's cost-line groups of a budget (2021 agreement, BEGROTING): the groups of a budget
    whose document states none (:data:`budgets.figures.groups.DEFAULT_GROUPS`)."""

    A = "A", _("(A) Inzet mensen")
    B = "B", _("(B) Inzet mensen met een 'social return'")
    C = "C", _("(C) Huisvestingskosten")
    D = "D", _("(D) Locatiekosten")
    E = "E", _("(E) Verenigingskosten")


class HourKind(models.TextChoices):
    """Whose volunteer hours: residents', or paid professionals' on top of their paid hours."""

    RESIDENTS = "residents", _("bewoners")
    PROFESSIONALS = "professionals", _("professionals")


class VolunteerRate(models.Model):
    """The euros per volunteer hour of one kind in one agreement (its year), with its source.

    Rates belong to the agreement whose file states them (issue 12: loading another region's
    file for the same year never changes this agreement's volunteer value); ``organisation``
    and ``year`` are the agreement's, kept for listing.

    Residents' hours are valued at that year's statutory minimum wage as the cooperative used it
    (2019: € 10,04; 2021: € 11,00), professionals' hours at € 37 (DOMAIN.md). Stored as data,
    loaded from the agreement files.
    """

    tenant_path = "organisation"
    access_area = Area.BUDGET
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="volunteer_rates",
        verbose_name=_("organisatie"),
    )
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="volunteer_rates",
        verbose_name=_("samenwerkingsafspraak"),
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    kind = models.CharField(_("soort uren"), max_length=20, choices=HourKind.choices)
    rate = models.DecimalField(_("euro per uur"), **MONEY)
    source = models.TextField(_("bron"))

    objects = TenantManager()
    unscoped = UnscopedManager()

    class Meta:
        verbose_name = _("uurtarief vrijwilligers")
        verbose_name_plural = _("uurtarieven vrijwilligers")
        ordering = ["organisation", "year", "agreement", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "kind"], name="volunteer_rate_agreement_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()}: € {self.rate}"


class Budget(models.Model):
    """One version of an agreement's budget, e.g. "Begroting 2019 (maart 2019)".

    The version with the highest ``position`` is the current one. A budget may have no lines
    (2019 states only a total per location; that total is a :class:`StatedFigure`).
    ``groups`` (list of ``{"code", "name"}``) and ``ratios`` (list of ``{"code", "name",
    "numerator", "denominator"}``) are the document's (issue 12); empty ``groups``: today's
    A-E; ``ratios`` None (the file states none): the three ratios of A-E (none with groups
    of the budget's own), ``[]``: the file says there are none (:mod:`budgets.figures.groups`).
    """

    tenant_path = "agreement__organisation"
    access_area = Area.BUDGET
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="budgets",
        verbose_name=_("samenwerkingsafspraak"),
    )
    version = models.CharField(_("versie"), max_length=200)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    source = models.TextField(_("bron"), blank=True)
    groups = models.JSONField(
        _("groepen"),
        default=list,
        blank=True,
        help_text=_("De regelgroepen zoals het document ze noemt; leeg: de groepen A-E."),
    )
    ratios = models.JSONField(
        _("verhoudingsgetallen"),
        null=True,
        default=None,
        blank=True,
        help_text=_(
            "De verhoudingsgetallen zoals het document ze definieert; leeg: de drie van de "
            "groepen A-E, een lege lijst []: geen."
        ),
    )

    objects = TenantManager()
    unscoped = UnscopedManager()

    class Meta:
        verbose_name = _("begroting")
        verbose_name_plural = _("begrotingen")
        ordering = ["agreement", "position"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "version"], name="budget_version_unique")
        ]

    def __str__(self) -> str:
        return self.version


class BudgetLine(models.Model):
    """A cost line of a budget: code (A1 … E2), group, description and an optional note.

    ``group`` is the code of one of the budget's groups (A-E unless the document states
    others), empty for a line outside the groups: the 2019 agreement states only a budget
    total per location, transcribed as one ungrouped line, so subtotals and ratios of that
    budget are "not applicable". ``is_petty_cash`` marks the handgeld line (2021: D1), which
    budget-vs-actual also fills from petty-cash spending.
    """

    tenant_path = "budget__agreement__organisation"
    access_area = Area.BUDGET
    budget = models.ForeignKey(
        Budget, on_delete=models.CASCADE, related_name="lines", verbose_name=_("begroting")
    )
    code = models.CharField(_("code"), max_length=10)
    group = models.CharField(
        _("groep"),
        max_length=10,
        blank=True,
        help_text=_(
            "Code van een groep van de begroting; leeg voor een regel buiten de groepen, "
            "zoals een alleen vermeld totaal."
        ),
    )
    description = models.TextField(_("omschrijving"))
    note = models.CharField(_("toelichting"), max_length=200, blank=True)
    footnote = models.TextField(_("voetnoot"), blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    is_petty_cash = models.BooleanField(_("handgeld"), default=False)

    objects = TenantManager()
    unscoped = UnscopedManager()

    class Meta:
        verbose_name = _("begrotingsregel")
        verbose_name_plural = _("begrotingsregels")
        ordering = ["budget", "position"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "code"], name="budget_line_code_unique")
        ]

    def __str__(self) -> str:
        return f"({self.code}) {self.description[:60]}"

    def clean(self) -> None:
        """Raise ValidationError when ``group`` is not one of the budget's groups (its
        document's, or A-E when it states none), as the loader refuses it."""
        super().clean()
        if not self.group or self.budget_id is None:
            return
        codes = [group["code"] for group in self.budget.groups] or list(LineGroup.values)
        if self.group not in codes:
            raise ValidationError(
                {
                    "group": _("'%(value)s' is hier niet toegestaan (toegestaan: %(allowed)s)")
                    % {"value": self.group, "allowed": ", ".join(codes)}
                }
            )


class RoomGroupOrRegion(models.Model):
    """Where a budget amount, financing or volunteer-hours row belongs (issue 12): a room
    (``location``), a room group (``room_group``) or, neither, the region; the check
    constraint ``ONE_PLACE`` of each model allows at most one. Declares the paths the access
    layer needs for rows without a room (``locations.access.scope``: a region or group row
    only for a viewer who reaches all its rooms); each model adds ``region_rooms_path``."""

    location_path = "location"
    room_group_path = "room_group"
    group_rooms_path = "room_group__locations"

    location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("buurtwerkkamer"),
        help_text=WIDER_HELP,
    )
    room_group = models.ForeignKey(
        RoomGroup,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("groep buurtwerkkamers"),
    )

    class Meta:
        abstract = True


class BudgetAmount(RoomGroupOrRegion):
    """The euros of one budget line at one location, for a room group or for the region.

    ``location`` set: the room's amount; ``location`` empty and ``room_group`` set: an amount
    stated for that group of the agreement's rooms; both empty: an amount stated for the whole
    region (format 2, issue 12: also rooms not yet named). Never both set. A row without a
    room is visible only to a viewer who sees every room it covers (the access layer:
    ``region_rooms_path`` / ``group_rooms_path``).
    """

    tenant_path = "line__budget__agreement__organisation"
    access_area = Area.BUDGET
    region_rooms_path = "line__budget__agreement__locations"
    line = models.ForeignKey(
        BudgetLine,
        on_delete=models.CASCADE,
        related_name="amounts",
        verbose_name=_("begrotingsregel"),
    )
    amount = models.DecimalField(_("bedrag (euro)"), **MONEY)

    objects = TenantManager()
    unscoped = UnscopedManager()

    class Meta:
        verbose_name = _("begrotingsbedrag")
        verbose_name_plural = _("begrotingsbedragen")
        constraints = [
            models.UniqueConstraint(
                fields=["line", "location", "room_group"],
                name="budget_amount_where_unique",
                nulls_distinct=False,
            ),
            models.CheckConstraint(condition=ONE_PLACE, name="budget_amount_room_or_group"),
        ]

    def __str__(self) -> str:
        return f"{self.line.code} {where_code(self)}: € {self.amount}"


class Financing(RoomGroupOrRegion):
    """The euros a funder (a party of the agreement) commits to one location, to a room group
    or to the region (``location`` and ``room_group`` as in :class:`BudgetAmount`).

    ``in_kind`` is the part not paid in money (e.g. rent paid directly by a housing corporation,
    2019 note 1), ``earmarked`` a part with a set purpose (2021 Ymere note); ``footnote`` the
    source's note as stated. Both parts are included in ``amount``. ``is_intended``: the
    amount is intended ("beoogd", issue 12), not committed; it is shown apart and never counted
    as committed financing.
    """

    tenant_path = "agreement__organisation"
    access_area = Area.FINANCING
    region_rooms_path = "agreement__locations"
    party_path = "party"
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="financing",
        verbose_name=_("samenwerkingsafspraak"),
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="financing", verbose_name=_("partij")
    )
    amount = models.DecimalField(_("bedrag (euro)"), **MONEY)
    in_kind = models.DecimalField(_("waarvan in natura"), null=True, blank=True, **MONEY)
    earmarked = models.DecimalField(_("waarvan geoormerkt"), null=True, blank=True, **MONEY)
    footnote = models.TextField(_("voetnoot"), blank=True)
    is_intended = models.BooleanField(
        _("beoogd"),
        default=False,
        help_text=_("Beoogd, nog niet toegezegd: apart getoond van de toegezegde financiering."),
    )

    objects = TenantManager()
    unscoped = UnscopedManager()

    class Meta:
        verbose_name = _("financiering")
        verbose_name_plural = _("financiering")
        ordering = ["agreement", "party", "location"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "party", "location", "room_group", "is_intended"],
                name="financing_where_unique",
                nulls_distinct=False,
            ),
            models.CheckConstraint(condition=ONE_PLACE, name="financing_room_or_group"),
        ]

    def __str__(self) -> str:
        return f"{self.party} → {where_code(self)}: € {self.amount}"


class VolunteerInvestment(RoomGroupOrRegion):
    """Volunteer hours invested at one location (or stated for a room group or the region:
    ``location`` and ``room_group`` as in :class:`BudgetAmount`) in an agreement year, by kind.

    The agreements state only total hours and euros; DOMAIN.md resolves them as active
    residents × 250 h plus 2 professionals × 250 h (e.g. 2019 CJM 10,500 h = 10,000 + 500).
    """

    tenant_path = "agreement__organisation"
    access_area = Area.BUDGET
    region_rooms_path = "agreement__locations"
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="volunteer_investments",
        verbose_name=_("samenwerkingsafspraak"),
    )
    residents_hours = models.DecimalField(_("uren bewoners"), **HOURS)
    professionals_hours = models.DecimalField(_("uren professionals"), **HOURS)

    objects = TenantManager()
    unscoped = UnscopedManager()

    class Meta:
        verbose_name = _("vrijwillige inzet")
        verbose_name_plural = _("vrijwillige inzet")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "location", "room_group"],
                name="volunteer_investment_where_unique",
                nulls_distinct=False,
            ),
            models.CheckConstraint(condition=ONE_PLACE, name="volunteer_investment_room_or_group"),
        ]

    def __str__(self) -> str:
        return f"{where_code(self)}: {self.residents_hours} + {self.professionals_hours} h"


class StatedFigure(models.Model):
    """A figure as a source document states it (subtotal, total, percentage, hours, euros).

    ``figure`` uses the names of the Excel ``budget_data`` sheet (``subtotal_A``, ``total``,
    ``sroi_share``, ``financing_total``, ``financing:<funder code>``, ``volunteer_value`` …);
    ``location`` is empty for the agreement total ("all"). ``value`` is the stated number
    (shares as fractions: "38%" is 0.38), ``text`` the figure as printed, ``source`` where.
    A figure may be stated several times, by different passages or documents (issue 12):
    one row per stated value, ``position`` its index in the file's list (0 for a figure
    stated once, and for every row loaded before the list form existed). Kept beside the
    computed figure so every difference can be shown; never used in its place.
    """

    tenant_path = "agreement__organisation"
    access_area = Area.BUDGET
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="stated_figures",
        verbose_name=_("samenwerkingsafspraak"),
    )
    location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("buurtwerkkamer"),
    )
    figure = models.CharField(_("kengetal"), max_length=80)
    value = models.DecimalField(_("waarde zoals vermeld"), max_digits=14, decimal_places=4)
    text = models.CharField(_("zoals gedrukt"), max_length=60, blank=True)
    source = models.TextField(_("bron"), blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = TenantManager()
    unscoped = UnscopedManager()

    class Meta:
        verbose_name = _("vermeld kengetal")
        verbose_name_plural = _("vermelde kengetallen")
        ordering = ["agreement", "location", "figure", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "location", "figure", "position"],
                name="stated_figure_position_unique",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        where = self.location.code if self.location_id else "all"
        return f"{where} {self.figure}: {self.text or self.value}"


class Expenditure(models.Model):
    """Money actually spent at a location on a budget line on a date (euros, with cents).

    Entered by admins or imported from a bookkeeping CSV export
    (``date, location, line, amount, description``). Petty-cash (handgeld) spending is booked
    on the budget's petty-cash line. ``import_key`` identifies an imported row so a re-import
    does not double it.
    """

    tenant_path = "location__organisation"
    access_area = Area.SPENDING
    location_path = "location"
    location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        related_name="expenditures",
        verbose_name=_("buurtwerkkamer"),
    )
    line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, related_name="expenditures", verbose_name=_("regel")
    )
    date = models.DateField(_("datum"))
    amount = models.DecimalField(_("bedrag (euro)"), **MONEY)
    description = models.CharField(_("omschrijving"), max_length=300, blank=True)
    import_key = models.CharField(
        max_length=200, blank=True, db_index=True, verbose_name=_("importsleutel")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("aangemaakt door"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("aangemaakt op"))
    is_demo = models.BooleanField(default=False, verbose_name=_("demogegevens"))

    objects = TenantManager()
    unscoped = UnscopedManager()

    class Meta:
        verbose_name = _("uitgave")
        verbose_name_plural = _("uitgaven")
        ordering = ["location", "date", "pk"]
        indexes = [models.Index(fields=["location", "date"])]

    def __str__(self) -> str:
        return f"{self.date} {self.location.code} {self.line.code}: € {self.amount}"
