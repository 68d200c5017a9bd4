"""The exact unique-participant rollup (issue 13, "Exact and fresh").

:class:`ParticipantMonth` holds one row per participant, location, category and month in
which that participant took part (an attendance of a session, or a job done for them:
category "jobs"), with the number of such contacts. Any month-aligned window's distinct
participants are then the distinct ``participant`` of its rows: the same figure as a
COUNT(DISTINCT) over the registrations, read from far fewer rows.

It is kept by PostgreSQL triggers on attendances, sessions and jobs (migration
``0007_participant_month_rollup``; since ``0008`` an update that changes none of the counted
columns does nothing), so every write path (services, bulk writes, corrections,
deletes, undo, merges, imports, raw SQL) updates it in the same transaction. Nothing in
Python writes it; :func:`rebuild_participant_months` (system code: the benchmark generator,
whose COPY runs without triggers) recomputes it from the registrations.

The "first seen" rollup (migration ``0010_first_seen_rollup``) is derived from it, for
year-to-date figures over many rooms: :class:`ParticipantFirstSeen` holds, per year,
location (or, with no location, every room of the organisation), category key (a category
or ``"all"``) and participant, the first month that participant appears there that year;
:class:`NewParticipantsMonth` the number of participants first seen in each month. A
year-to-date count at the end of month M is then the sum of at most M monthly counts, for a
room or for a whole organisation (distinct over its rooms). Triggers on
``registrations_participantmonth`` keep both in the same transaction: a new participant-month
row can only move a first month earlier; a removed one that held the first month looks up
the next one. So every write that changes the participant-month rollup changes these too.
"""

from django.db import connection, models
from django.utils.translation import gettext_lazy as _

from agreements.choices import Category
from locations.access import Area, TenantManager, UnscopedManager
from locations.models import Location, Organisation
from registrations.models.participants import Participant

#: The rows the rollup must hold, from the registrations (the full recount).
RECOUNT_SQL = """
    SELECT participant_id, location_id, category, month, COUNT(*) AS contacts FROM (
        SELECT a.participant_id, s.location_id, s.category,
               date_trunc('month', s.date)::date AS month
        FROM registrations_attendance a JOIN registrations_session s ON s.id = a.session_id
        UNION ALL
        SELECT j.participant_id, j.location_id, 'jobs', date_trunc('month', j.date)::date
        FROM registrations_job j WHERE j.participant_id IS NOT NULL
    ) AS contact
    GROUP BY participant_id, location_id, category, month
"""


class ParticipantMonth(models.Model):
    """A participant's ``contacts`` (attendances and jobs) at ``location`` in ``category``
    during ``month`` (its first day); rows exist only for ``contacts`` ≥ 1."""

    tenant_path = "location__organisation"
    access_area = Area.REGISTRATION
    location_path = "location"

    participant = models.ForeignKey(
        Participant, on_delete=models.DO_NOTHING, related_name="+", verbose_name=_("deelnemer")
    )
    location = models.ForeignKey(
        Location, on_delete=models.DO_NOTHING, related_name="+", verbose_name=_("buurtwerkkamer")
    )
    category = models.CharField(_("categorie"), max_length=20, choices=Category.choices)
    month = models.DateField(_("maand"))
    contacts = models.PositiveIntegerField(_("contacten"))

    objects = TenantManager()
    unscoped = UnscopedManager()

    class Meta:
        verbose_name = _("deelnemer per maand")
        verbose_name_plural = _("deelnemers per maand")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "location", "category", "month"],
                name="participant_month_unique",
            )
        ]
        indexes = [
            models.Index(
                fields=["location", "month", "category", "participant"],
                name="participant_month_window",
            ),
            models.Index(fields=["month", "category"], name="participant_month_month"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.location_id} {self.category} {self.month}"


#: The rows :class:`ParticipantFirstSeen` must hold, from the registrations (the full
#: recount): (year, organisation, location or NULL, category key, participant, first month).
_FIRST_SEEN_OF_CONTACTS = """
    , c AS (
        SELECT pm.participant_id, pm.location_id, l.organisation_id, pm.category, pm.month,
               EXTRACT(YEAR FROM pm.month)::smallint AS year
        FROM pm JOIN locations_location l ON l.id = pm.location_id
    )
    SELECT year, organisation_id, location_id, COALESCE(category, 'all'), participant_id,
           MIN(month)
    FROM c GROUP BY GROUPING SETS (
        (year, organisation_id, location_id, category, participant_id),
        (year, organisation_id, location_id, participant_id),
        (year, organisation_id, category, participant_id),
        (year, organisation_id, participant_id)
    )
"""
FIRST_SEEN_RECOUNT_SQL = "".join(("WITH pm AS (", RECOUNT_SQL, ")", _FIRST_SEEN_OF_CONTACTS))

#: The rows :class:`NewParticipantsMonth` must hold, from the registrations (the full
#: recount): (organisation, location or NULL, category key, month, participants).
NEW_PARTICIPANTS_RECOUNT_SQL = "".join(
    (
        "SELECT organisation_id, location_id, category, month, COUNT(*) FROM (",
        FIRST_SEEN_RECOUNT_SQL,
        ") AS f (year, organisation_id, location_id, category, participant_id, month) "
        "GROUP BY organisation_id, location_id, category, month",
    )
)


class FirstSeenKey(models.Model):
    """The key both first-seen tables share: ``organisation``, ``location`` (None: every
    room of the organisation together) and ``category`` (a category or ``"all"``), with the
    tenancy both declare. Rows without a location are visible only to grants that reach
    every room of the organisation: the scope's location filter leaves them out for the
    others."""

    tenant_path = "organisation"
    access_area = Area.REGISTRATION
    location_path = "location"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.DO_NOTHING, related_name="+", verbose_name=_("organisatie")
    )
    location = models.ForeignKey(
        Location,
        on_delete=models.DO_NOTHING,
        related_name="+",
        null=True,
        verbose_name=_("buurtwerkkamer"),
        help_text=_("Leeg: alle buurtwerkkamers van de organisatie samen."),
    )
    category = models.CharField(
        _("categorie"), max_length=20, help_text=_("Een categorie, of 'all' voor alle samen.")
    )

    objects = TenantManager()
    unscoped = UnscopedManager()

    class Meta:
        abstract = True


class ParticipantFirstSeen(FirstSeenKey):
    """The first ``month`` of ``year`` in which ``participant`` took part at ``location``
    (None: at any room of ``organisation``) in ``category`` (``"all"``: in any category).

    Derived from :class:`ParticipantMonth` by triggers (module docstring); nothing in Python
    writes it."""

    year = models.PositiveSmallIntegerField(_("jaar"))
    participant = models.ForeignKey(
        Participant, on_delete=models.DO_NOTHING, related_name="+", verbose_name=_("deelnemer")
    )
    month = models.DateField(_("eerste maand"))

    class Meta:
        verbose_name = _("deelnemer voor het eerst gezien")
        verbose_name_plural = _("deelnemers voor het eerst gezien")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "year", "category", "organisation", "location"],
                name="first_seen_unique",
                nulls_distinct=False,
            )
        ]
        indexes = [
            models.Index(
                fields=["location", "year", "category", "month", "participant"],
                name="first_seen_window",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.location_id} {self.category} {self.month}"


class NewParticipantsMonth(FirstSeenKey):
    """``participants``: how many participants were first seen that year in ``month`` at
    ``location`` (None: at any room of ``organisation``) in ``category`` (``"all"``: in
    any category); rows exist only for ``participants`` ≥ 1. Kept by triggers from
    :class:`ParticipantFirstSeen` (module docstring)."""

    month = models.DateField(_("maand"))
    participants = models.PositiveIntegerField(_("nieuwe deelnemers"))

    class Meta:
        verbose_name = _("nieuwe deelnemers per maand")
        verbose_name_plural = _("nieuwe deelnemers per maand")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "location", "category", "month"],
                name="new_participants_unique",
                nulls_distinct=False,
            )
        ]
        indexes = [
            models.Index(
                fields=["location", "month", "category"],
                name="new_participants_window",
                include=["participants"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.location_id or self.organisation_id} {self.category} {self.month}"


def rebuild_participant_months(*, first_seen: bool = True) -> int:
    """Recompute every rollup row from the registrations (system code; one transaction):
    the participant-month rollup, then (unless ``first_seen`` is false: the caller rebuilds
    it itself) the first-seen rollup (:func:`rebuild_first_seen`).

    Out: the number of participant-month rows. For data written with the triggers off (COPY
    under ``session_replication_role = replica``); normal writes keep the rollups themselves.
    """
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM registrations_participantmonth")
        cursor.execute(
            "INSERT INTO registrations_participantmonth "
            "(participant_id, location_id, category, month, contacts) " + RECOUNT_SQL
        )
        count = cursor.rowcount
    if first_seen:
        rebuild_first_seen()
    return count


def rebuild_first_seen() -> int:
    """Recompute :class:`ParticipantFirstSeen` and :class:`NewParticipantsMonth` from the
    registrations (system code, like :func:`rebuild_participant_months`). Out: the number
    of first-seen rows."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM registrations_newparticipantsmonth")
        cursor.execute("DELETE FROM registrations_participantfirstseen")
        cursor.execute(
            "INSERT INTO registrations_participantfirstseen "
            "(year, organisation_id, location_id, category, participant_id, month) "
            + FIRST_SEEN_RECOUNT_SQL
        )
        count = cursor.rowcount
        cursor.execute(
            "INSERT INTO registrations_newparticipantsmonth "
            "(organisation_id, location_id, category, month, participants) "
            "SELECT organisation_id, location_id, category, month, COUNT(*) "
            "FROM registrations_participantfirstseen "
            "GROUP BY organisation_id, location_id, category, month"
        )
        return count
