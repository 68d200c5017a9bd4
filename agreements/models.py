"""Agreements (samenwerkingsafspraken) with parties, locations, indicators and targets."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from agreements.choices import (
    AgreementKind,
    AgreementStatus,
    Comparator,
    DeadlineKind,
    Method,
    PartyKind,
    Section,
    built_in_municipality_items,
)
from locations.access import Area, TenantManager, UnscopedManager
from locations.formatting import format_date
from locations.models import Location, Organisation
from locations.periods import QUARTER, Period, is_period_code, parse_period, periods_of_year


class Agreement(models.Model):
    """A year's cooperation agreement for a region, named ``<region>-<year>``.

    ``kind`` says what the document is: a signed or draft agreement, an offer (aanbod) made to
    a funder before an agreement exists, or a multi-year plan; an agreement that followed an
    offer links to it (``follows_offer``). An offer or plan is named
    ``<region>-<year>-<kind>`` (e.g. ``utrecht-2022-offer``), so it never takes the place of
    the agreement of the same region and year.
    """

    tenant_path = "organisation"
    access_area = Area.AGREEMENT
    party_path = "parties__party"
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("organisatie"),
    )
    region = models.SlugField(_("regio (code)"), max_length=60)
    region_name = models.CharField(_("regio"), max_length=200)
    year = models.PositiveSmallIntegerField(_("jaar"))
    title = models.CharField(_("titel"), max_length=300)
    signed_on = models.DateField(_("ondertekend op"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AgreementStatus.choices,
        default=AgreementStatus.DRAFT,
    )
    kind = models.CharField(
        _("soort document"),
        max_length=20,
        choices=AgreementKind.choices,
        default=AgreementKind.AGREEMENT,
    )
    offered_on = models.DateField(_("aangeboden op"), null=True, blank=True)
    follows_offer = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followed_by",
        verbose_name=_("volgt op aanbod"),
    )
    source = models.TextField(_("bron"), blank=True)
    housing_corporation_reporting = models.TextField(
        _("verantwoording aan woningcorporaties"),
        blank=True,
        help_text=_(
            "Wat de afspraak vraagt van de rapportage aan de woningcorporaties "
            "(woonmaatschappelijk werk), zoals in de afspraak staat."
        ),
    )
    #: The items the municipality asks to be stated explicitly (issue 12), in the order of
    #: the document: a list of ``{"letter", "counts", "title"}`` (``counts`` a
    #: :class:`~agreements.choices.MunicipalityItemKind` value, ``title`` "" for the kind's
    #: own title). ``[]``: the agreement asks for none and its report shows none. The default
    #: (also of every agreement loaded before the key existed) is the built-in (a)-(d).
    municipality_items = models.JSONField(
        _("onderdelen voor de gemeente"), default=built_in_municipality_items, blank=True
    )
    locations = models.ManyToManyField(
        Location, related_name="agreements", verbose_name=_("buurtwerkkamers")
    )

    objects = TenantManager()
    unscoped = UnscopedManager()

    class Meta:
        verbose_name = _("samenwerkingsafspraak")
        verbose_name_plural = _("samenwerkingsafspraken")
        ordering = ["organisation", "region", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "region", "year", "kind"],
                name="agreement_region_year_kind_unique",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def slug(self) -> str:
        """The agreement's public name, ``<region>-<year>`` (``<region>-<year>-<kind>`` for an
        offer or a multi-year plan)."""
        if self.kind == AgreementKind.AGREEMENT:
            return f"{self.region}-{self.year}"
        return f"{self.region}-{self.year}-{self.kind}"

    def reporting_period_kind(self) -> str:
        """The kind of the parts of the year the agreement reports on: "Q" (quarters), "T"
        (four-month periods) or "H" (half years), as its reporting deadlines name them
        (issue 12: a four-monthly agreement's deadlines cover 2018-T1, 2018-T2 and the year).
        "Q" when no deadline names a part, or when they name parts of different kinds. One
        query, in the active scope."""
        kinds = {
            parse_period(code).kind
            for code in self.deadlines.values_list("period", flat=True)
            if is_period_code(code) and parse_period(code).is_quarter
        }
        return kinds.pop() if len(kinds) == 1 else QUARTER

    def reporting_periods(self) -> list[Period]:
        """The periods a report of this agreement can cover: the parts of its year of
        :meth:`reporting_period_kind`, then the full year
        (``locations.periods.periods_of_year``). One query."""
        return periods_of_year(self.year, self.reporting_period_kind())


class Party(models.Model):
    """An organisation that takes part in agreements (municipality, housing corporation, ...).

    Parties belong to the tenant and recur across years under a stable ``code``.
    """

    tenant_path = "organisation"
    access_area = Area.AGREEMENT
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="parties",
        verbose_name=_("organisatie"),
    )
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=30, choices=PartyKind.choices)
    location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parties",
        verbose_name=_("buurtwerkkamer"),
        help_text=_("Voor een bewonersvereniging: de buurtwerkkamer die zij vertegenwoordigt."),
    )

    objects = TenantManager()
    unscoped = UnscopedManager()

    class Meta:
        verbose_name = _("partij")
        verbose_name_plural = _("partijen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="party_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class AgreementParty(models.Model):
    """A party's role in one agreement: funder (pays euros) and/or signatory, with its name
    and kind as this agreement states them (issue 12, "One agreement never changes another").

    The :class:`Party` is the identity shared by the organisation's agreements; ``name`` and
    ``kind`` here are what this agreement's file says, and this agreement's figures (e.g. the
    housing-corporation subtotal) use them, so loading another region's file never changes
    them.
    """

    tenant_path = "agreement__organisation"
    access_area = Area.AGREEMENT
    party_path = "agreement__parties__party"
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="parties",
        verbose_name=_("samenwerkingsafspraak"),
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="agreement_roles", verbose_name=_("partij")
    )
    is_funder = models.BooleanField(_("financier"), default=False)
    is_signatory = models.BooleanField(_("ondertekenaar"), default=False)
    name = models.CharField(_("naam in deze afspraak"), max_length=200, blank=True)
    kind = models.CharField(
        _("soort in deze afspraak"), max_length=30, choices=PartyKind.choices, blank=True
    )
    kind_changed = models.BooleanField(
        _("soort bewust gewijzigd"),
        default=False,
        help_text=_(
            "Het bestand zegt kind_changed: deze afspraak geeft de partij een andere soort."
        ),
    )

    objects = TenantManager()
    unscoped = UnscopedManager()

    class Meta:
        verbose_name = _("partij in afspraak")
        verbose_name_plural = _("partijen in afspraak")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "party"], name="agreement_party_unique")
        ]

    def __str__(self) -> str:
        return self.stated_name

    @property
    def stated_name(self) -> str:
        """The party's name as this agreement states it (the party's own name when blank)."""
        return self.name or self.party.name

    @property
    def stated_kind(self) -> str:
        """The party's kind in this agreement (the party's own kind when blank)."""
        return self.kind or self.party.kind


class Indicator(models.Model):
    """One row of an agreement's targets table (a 'prestatie').

    ``categories`` lists the activity category codes a PROCES row covers (one or more; the
    'total unique participants' row holds ``["all"]``); empty for other sections.
    """

    tenant_path = "agreement__organisation"
    access_area = Area.AGREEMENT
    party_path = "agreement__parties__party"
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("samenwerkingsafspraak"),
    )
    code = models.SlugField(_("code"), max_length=60)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    section = models.CharField(_("onderdeel"), max_length=10, choices=Section.choices)
    description = models.TextField(_("omschrijving"))
    method = models.CharField(_("meetmethode"), max_length=20, choices=Method.choices)
    method_text = models.CharField(_("meetmethode zoals vermeld"), max_length=100, blank=True)
    housing_corporation = models.BooleanField(
        _("van belang voor woningcorporaties"),
        default=False,
        help_text=_("Rood/schuin gedrukt in de afspraak."),
    )
    categories = ArrayField(
        models.CharField(max_length=20), default=list, blank=True, verbose_name=_("categorieën")
    )
    source = models.TextField(
        _("bron"),
        blank=True,
        help_text=_("Alleen als de rij niet uit de afspraak zelf komt."),
    )

    objects = TenantManager()
    unscoped = UnscopedManager()

    class Meta:
        verbose_name = _("prestatie")
        verbose_name_plural = _("prestaties")
        ordering = ["agreement", "position"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "code"], name="indicator_code_unique")
        ]

    def __str__(self) -> str:
        """The indicator by its description, shortened to 80 characters (the admin's
        dropdowns, lists and titles; the code is for files and reports' data sheets)."""
        return Truncator(self.description).chars(80)


class TargetFields(models.Model):
    """The fields of a target as stated and parsed, shared by a room's :class:`Target` and a
    region's or group's :class:`RegionTarget`: ``text`` the target as stated, normalised
    ("> 10 op 20", "≥ 10" for "Min. 10"); ``comparator``, ``value``, ``value_of``,
    ``value_max`` (a range's upper bound) and ``unit`` parsed from it by
    :func:`agreements.targets.parse_target`; ``printed_text`` the text exactly as the
    document prints it (issue 12)."""

    text = models.CharField(_("streefcijfer zoals vermeld"), max_length=60)
    comparator = models.CharField(_("vergelijking"), max_length=10, choices=Comparator.choices)
    value = models.DecimalField(_("waarde"), max_digits=12, decimal_places=2, null=True, blank=True)
    value_of = models.DecimalField(
        _("op (aangemeld)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Bij 'X op Y': het aantal aangemelden Y."),
    )
    unit = models.CharField(_("eenheid"), max_length=10, blank=True)
    value_max = models.DecimalField(
        _("tot en met"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Bij een bereik ('10-20'): de bovengrens."),
    )
    printed_text = models.CharField(
        _("streefcijfer zoals gedrukt"),
        max_length=100,
        blank=True,
        help_text=_("Precies zoals het document het vermeldt, bijvoorbeeld 'Min. 10'."),
    )

    class Meta:
        abstract = True


class Target(TargetFields):
    """An indicative target for one indicator at one location.

    ``text`` is the target as stated, normalised ("> 10 op 20", "≥ 10" for "Min. 10");
    ``comparator``, ``value``, ``value_of``, ``value_max`` (a range's upper bound) and
    ``unit`` are parsed from it by :func:`agreements.targets.parse_target`;
    ``printed_text`` keeps the text exactly as the document prints it (issue 12).
    """

    tenant_path = "indicator__agreement__organisation"
    access_area = Area.AGREEMENT
    party_path = "indicator__agreement__parties__party"
    location_path = "location"
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("prestatie")
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="targets", verbose_name=_("buurtwerkkamer")
    )
    objects = TenantManager()
    unscoped = UnscopedManager()

    class Meta:
        verbose_name = _("streefcijfer")
        verbose_name_plural = _("streefcijfers")
        ordering = ["indicator", "location"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "location"], name="target_unique")
        ]

    def __str__(self) -> str:
        return self.text


class RoomVersion(models.Model):
    """A version of a room in one agreement: a label ("licht", "volledig") and the dates it
    holds, ``starts_on`` up to and including ``ends_on`` (None: to the end). Issue 12:
    "'light' and 'full' versions of a room (a label with dates)"; stated per agreement in a
    format-2 file (``locations[].versions``), so one agreement's versions never change
    another's. Reports show the versions that overlap their period beside the room's name."""

    tenant_path = "agreement__organisation"
    access_area = Area.AGREEMENT
    party_path = "agreement__parties__party"
    location_path = "location"
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="room_versions",
        verbose_name=_("samenwerkingsafspraak"),
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="+", verbose_name=_("buurtwerkkamer")
    )
    label = models.CharField(_("versie"), max_length=40)
    starts_on = models.DateField(_("vanaf"))
    ends_on = models.DateField(_("tot en met"), null=True, blank=True)

    objects = TenantManager()
    unscoped = UnscopedManager()

    class Meta:
        verbose_name = _("versie van een buurtwerkkamer")
        verbose_name_plural = _("versies van buurtwerkkamers")
        ordering = ["agreement", "location", "starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "location", "starts_on"], name="room_version_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="room_version_dates",
            ),
        ]

    def __str__(self) -> str:
        end = format_date(self.ends_on) if self.ends_on else "…"
        return f"{self.location} {self.label} {format_date(self.starts_on)}-{end}"


class RoomGroup(models.Model):
    """A named group of an agreement's rooms (format 2 ``room_groups``, issue 12 "Figures for
    the whole region or a group of rooms"), whose code may carry targets
    (:class:`RegionTarget`). ``position``: its place in the file (and the report)."""

    tenant_path = "agreement__organisation"
    access_area = Area.AGREEMENT
    party_path = "agreement__parties__party"
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="room_groups",
        verbose_name=_("samenwerkingsafspraak"),
    )
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("naam"), max_length=200)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    locations = models.ManyToManyField(
        Location, related_name="room_groups", verbose_name=_("buurtwerkkamers")
    )

    objects = TenantManager()
    unscoped = UnscopedManager()

    class Meta:
        verbose_name = _("groep buurtwerkkamers")
        verbose_name_plural = _("groepen buurtwerkkamers")
        ordering = ["agreement", "position"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "code"], name="room_group_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class RegionTarget(TargetFields):
    """A target of one indicator for the whole region (``group`` None: all the agreement's
    rooms, also rooms not yet named) or for a :class:`RoomGroup` (issue 12). The same fields
    as a room's :class:`Target`, parsed the same way (:func:`agreements.targets.parse_target`);
    ``printed_text`` keeps the text exactly as the document prints it. The report compares it
    with the realised figure over all those rooms together (distinct participants, never a
    sum), and only in a report that covers all of them (docs/report-formats.md).
    """

    tenant_path = "indicator__agreement__organisation"
    access_area = Area.AGREEMENT
    party_path = "indicator__agreement__parties__party"
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="region_targets",
        verbose_name=_("prestatie"),
    )
    group = models.ForeignKey(
        RoomGroup,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("groep"),
        help_text=_("Leeg: de hele regio."),
    )
    objects = TenantManager()
    unscoped = UnscopedManager()

    class Meta:
        verbose_name = _("streefcijfer regio of groep")
        verbose_name_plural = _("streefcijfers regio of groep")
        ordering = ["indicator", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "group"], name="region_target_unique", nulls_distinct=False
            )
        ]

    def __str__(self) -> str:
        return self.text


class ReportingDeadline(models.Model):
    """A date by which an interim or final report is due, and the period it covers."""

    tenant_path = "agreement__organisation"
    access_area = Area.AGREEMENT
    party_path = "agreement__parties__party"
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="deadlines",
        verbose_name=_("samenwerkingsafspraak"),
    )
    kind = models.CharField(_("soort"), max_length=10, choices=DeadlineKind.choices)
    due_on = models.DateField(_("uiterlijk op"))
    period = models.CharField(_("periode"), max_length=10, help_text=_("YYYY-Qn of YYYY"))

    objects = TenantManager()
    unscoped = UnscopedManager()

    class Meta:
        verbose_name = _("rapportagemoment")
        verbose_name_plural = _("rapportagemomenten")
        ordering = ["agreement", "due_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {format_date(self.due_on)}"


class PeriodClosure(models.Model):
    """A reporting period of an agreement closed by the board (issue 9, "Closing a period").

    ``period`` is "YYYY-Qn" or "YYYY" (:mod:`locations.periods`), a period of the agreement's
    year; ``starts_on`` and ``ends_on`` are its first and last day, stored for queries.
    While a closure is not reopened (``reopened_at`` empty), registrations at the agreement's
    locations dated in the period can no longer be added, changed or deleted
    (:func:`agreements.closures.closed_on`, the rule in
    :mod:`registrations.services.rules`). Reopening keeps the row: who closed it and when, who
    reopened it, when and why stay visible. Closing again after a reopening makes a new row,
    so the rows are the log of every closing and reopening; at most one closure per agreement
    and period is open at a time. Written only by :func:`agreements.services.period_close`
    and :func:`agreements.services.period_reopen`; never deleted (the admin offers no delete).
    """

    tenant_path = "agreement__organisation"
    access_area = Area.AGREEMENT
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="closures",
        verbose_name=_("samenwerkingsafspraak"),
    )
    period = models.CharField(_("periode"), max_length=7, help_text=_("YYYY-Qn of YYYY"))
    starts_on = models.DateField(_("eerste dag"))
    ends_on = models.DateField(_("laatste dag"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("afgesloten door"),
    )
    closed_at = models.DateTimeField(_("afgesloten op"))
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("heropend door"),
    )
    reopened_at = models.DateTimeField(_("heropend op"), null=True, blank=True)
    reopen_reason = models.TextField(_("reden van heropenen"), blank=True)

    objects = TenantManager()
    unscoped = UnscopedManager()

    class Meta:
        verbose_name = _("afgesloten periode")
        verbose_name_plural = _("afgesloten perioden")
        ordering = ["agreement", "ends_on", "-starts_on", "closed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "period"],
                condition=models.Q(reopened_at__isnull=True),
                name="period_closure_open_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(starts_on__lte=models.F("ends_on")),
                name="period_closure_dates_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(reopened_at__isnull=True, reopen_reason="")
                | (models.Q(reopened_at__isnull=False) & ~models.Q(reopen_reason="")),
                name="period_closure_reopened_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement.slug} {self.period}"

    @property
    def is_reopened(self) -> bool:
        """True once an admin reopened the period (the closure no longer holds)."""
        return self.reopened_at is not None

    @property
    def closed_by_name(self) -> str:
        """Who closed it: full name, else user name; "?" once that account is gone."""
        return _user_name(self.closed_by)

    @property
    def reopened_by_name(self) -> str:
        """Who reopened it, as :attr:`closed_by_name` ("" while not reopened)."""
        return _user_name(self.reopened_by) if self.is_reopened else ""


def _user_name(user) -> str:
    if user is None:
        return "?"
    return user.get_full_name() or user.get_username()
