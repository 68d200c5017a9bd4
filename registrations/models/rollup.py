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
"""

from django.db import connection, models
from django.utils.translation import gettext_lazy as _

from agreements.choices import Category
from locations.access import Area, TenantManager, UnscopedManager
from locations.models import Location
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


def rebuild_participant_months() -> int:
    """Recompute every rollup row from the registrations (system code; one transaction).

    Out: the number of rows. For data written with the triggers off (COPY under
    ``session_replication_role = replica``); normal writes keep the rollup themselves.
    """
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM registrations_participantmonth")
        cursor.execute(
            "INSERT INTO registrations_participantmonth "
            "(participant_id, location_id, category, month, contacts) " + RECOUNT_SQL
        )
        return cursor.rowcount
