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
from locations.access import Area, TenantManager, UnscopedManager
from locations.models import Location, Organisation
from registrations.tracking import TrackedHistory

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
        return f"{self.date:%d-%m-%Y} {self.get_category_display()} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("registrations:session_detail", args=[self.pk])


class Attendance(models.Model):
    """An identified participant taking part in a session (at most once per session)."""

    tenant_path = "session__location__organisation"
    access_area = Area.REGISTRATION
    location_path = "session__location"
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="attendances"
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
        return f"{self.date:%d-%m-%Y} {self.description}"


# --------------------------------------------------------------------------------------------
# Issue 3: everything else coordinators record (volunteers, members, referrals, placements,
# applications, partners, surveys) and the figures entered from outside (interviews, Controle).
# --------------------------------------------------------------------------------------------

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
        Organisation, on_delete=models.PROTECT, related_name="volunteers"
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

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="key_holdings")
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
        return f"{self.volunteer} {self.started_on:%d-%m-%Y}"


class VolunteerGroup(LocationRecord):
    """A named volunteer group of a location (klussendienst, tuingroep, taalteam, ...).

    Active from ``active_from`` up to and including ``active_to`` (empty: still active).
    """

    name = models.CharField(_("naam"), max_length=100)
    active_from = models.DateField(_("actief vanaf"))
    active_to = models.DateField(_("actief tot en met"), null=True, blank=True)
    members = models.ManyToManyField(
        Volunteer, through="VolunteerGroupMembership", related_name="groups", blank=True
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
    group = models.ForeignKey(VolunteerGroup, on_delete=models.CASCADE, related_name="memberships")
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="group_memberships"
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

    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="hours")
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
        return f"{self.date:%d-%m-%Y} {self.volunteer}: {self.hours} u"


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
            models.UniqueConstraint(
                fields=["location", "member_code"], name="association_member_unique"
            )
        ]

    def __str__(self) -> str:
        return self.member_code


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
        return f"{self.date:%d-%m-%Y} {self.get_kind_display()} {self.agency}".strip()


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
        return f"{self.date:%d-%m-%Y} → {self.organisation_name}"


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
        return f"{self.get_kind_display()} {self.started_on:%d-%m-%Y}"


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
        return f"{self.date:%d-%m-%Y} {self.participant or ''}".strip()


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
        return f"{self.date:%d-%m-%Y} {self.scheme}".strip()


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
        return f"{self.date:%d-%m-%Y} {self.organisation_name}".strip()


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


class SurveyAudience(models.TextChoices):
    """Who a survey round asked."""

    PARTICIPANTS = "participants", _("deelnemers")
    VOLUNTEERS = "volunteers", _("vrijwilligers")
    PARTNERS = "partners", _("partners")


class SurveyRound(LocationRecord):
    """A survey (enquête) held at a location on a date among one audience."""

    date = models.DateField(_("datum"), db_index=True)
    audience = models.CharField(_("doelgroep"), max_length=20, choices=SurveyAudience.choices)
    respondents = models.PositiveIntegerField(_("aantal respondenten"))
    title = models.CharField(_("titel"), max_length=200, blank=True)

    objects = TenantManager()
    unscoped = UnscopedManager()
    history = TrackedHistory()

    class Meta:
        verbose_name = _("enquêteronde")
        verbose_name_plural = _("enquêterondes")
        ordering = ["-date", "location"]

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.get_audience_display()}"


class SurveyResult(models.Model):
    """The result of one question in a survey round: a share that agrees, or a mean score.

    ``question`` is the code of the indicator it realises (e.g. ``confidence``).
    ``share_agree`` is a fraction 0-1 (0.62 = 62% agree); ``mean_score`` a mean out of 10.
    Exactly one of the two is filled.
    """

    tenant_path = "survey_round__location__organisation"
    access_area = Area.REGISTRATION
    location_path = "survey_round__location"
    survey_round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="results")
    question = models.SlugField(_("vraag (code prestatie)"), max_length=60)
    share_agree = models.DecimalField(
        _("aandeel eens (0-1)"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    mean_score = models.DecimalField(
        _("gemiddeld cijfer (0-10)"), max_digits=4, decimal_places=2, null=True, blank=True
    )

    objects = TenantManager()
    unscoped = UnscopedManager()
    history = TrackedHistory()

    class Meta:
        verbose_name = _("enquêteresultaat")
        verbose_name_plural = _("enquêteresultaten")
        constraints = [
            models.UniqueConstraint(
                fields=["survey_round", "question"], name="survey_result_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(share_agree__isnull=True) ^ models.Q(mean_score__isnull=True),
                name="survey_result_one_value",
            ),
        ]

    def __str__(self) -> str:
        return self.question


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
