"""``generate_demo_registrations``: replace the demo registrations and records of one
agreement year (see :mod:`registrations.demo`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, transaction

from agreements.models import Agreement
from locations.access import system_scope
from locations.models import Location
from registrations.demo.common import code_prefix
from registrations.demo.participants import DemoParticipants, delete_demo_sessions, location_targets
from registrations.demo.records import RECORD_MODELS, RecordsGenerator, delete_demo_records
from registrations.models.participants import Attendance, Job, Participant, Session
from registrations.models.rollup import rebuild_first_seen

#: Every model the demo writes and deletes (its tables get fresh statistics).
DEMO_MODELS = [Participant, Session, Attendance, Job, *RECORD_MODELS]


@dataclass
class DemoResult:
    """Rows created by one run (per run, not per location)."""

    participants: int = 0
    sessions: int = 0
    attendances: int = 0
    jobs: int = 0
    deleted: dict[str, int] = field(default_factory=dict)
    #: Issue 3 records made, per model name (Volunteer, VolunteerHours, SurveyRound, ...).
    records: dict[str, int] = field(default_factory=dict)


def refresh_statistics() -> None:
    """``ANALYZE`` the tables the demo writes (PostgreSQL's row counts and value statistics).

    The demo inserts and deletes tens of thousands of rows at once, often in one transaction
    with what comes next (the next agreement's run, a report, a test). With statistics from
    when the tables were empty (e.g. just after a vacuum) PostgreSQL plans the demo deletes
    below as nested loops over every row: minutes instead of milliseconds. PostgreSQL's advice
    after a bulk load is ANALYZE; it samples at most 30,000 rows per table and also counts the
    current transaction's own new rows. Runs before the deletes and after the inserts.
    """
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    tables = ", ".join(quote(model._meta.db_table) for model in DEMO_MODELS)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


def delete_demo(agreement: Agreement, locations: list[Location]) -> dict[str, int]:
    """Delete the demo rows of the agreement's year at ``locations``: first the issue 3 records
    (:func:`registrations.demo.records.delete_demo_records`), then sessions (with their
    attendances) and jobs, then demo participants of those locations left without any
    attendance, job or other record (:func:`registrations.demo.participants.delete_demo_sessions`).
    Raw deletes in dependency order (no signals, so no
    history rows for demo data), planned with fresh statistics (:func:`refresh_statistics`).
    Returns counts per kind."""
    refresh_statistics()
    deleted = delete_demo_records(agreement, locations)
    deleted.update(delete_demo_sessions(agreement, locations))
    return deleted


@system_scope()  # system code: acts for no user
def generate_demo_registrations(*, agreement: Agreement, seed: int) -> DemoResult:
    """Replace the demo registrations and records of ``agreement``'s year and locations;
    return counts.

    Locations are handled in order of code; dates after a location's ``closed_on`` (or
    before its ``opened_on``) get nothing. Runs in one transaction.
    """
    locations = sorted(agreement.locations.all(), key=lambda location: location.code)
    targets = location_targets(agreement)
    with transaction.atomic():
        # The first-seen rollup's per-row trigger made the demo year's delete and rewrite
        # of tens of thousands of attendances take minutes: it is off for this transaction's
        # bulk writes and the rollup is rebuilt once at the end (a rolled-back run turns the
        # trigger back on with everything else).
        _first_seen_trigger("DISABLE")
        with connection.cursor() as cursor:  # rebuilt below; nothing may point at the deleted
            cursor.execute("DELETE FROM registrations_newparticipantsmonth")
            cursor.execute("DELETE FROM registrations_participantfirstseen")
        deleted = delete_demo(agreement, locations)
        generator = DemoParticipants(agreement, seed)
        previous: list[int] = []
        for location in locations:
            previous = generator.location(location, targets[location.pk], previous)
        result = DemoResult(**generator.save())
        pools: dict[int, list[Participant]] = defaultdict(list)
        for participant in generator.participants:
            pools[participant.home_location_id].append(participant)
        records = RecordsGenerator(agreement, generator.rng, pools)
        for location in locations:
            others = [other for other in locations if other.pk != location.pk]
            records.location(location, others, code_prefix(location))
        result.records = records.save()
        _first_seen_trigger("ENABLE")
        rebuild_first_seen()
        refresh_statistics()
    result.deleted = deleted
    return result


def _first_seen_trigger(action: str) -> None:
    """``action`` ("DISABLE" or "ENABLE") the trigger that keeps the first-seen rollup
    (migration ``registrations/0010``) inside the current transaction; the table's owner (the
    application's database user, which ran the migrations) may do so. The deferred
    foreign-key checks of the rows written so far are run first: PostgreSQL alters no table
    with pending trigger events."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            f"ALTER TABLE registrations_participantmonth {action} TRIGGER "
            "bwk_participant_month_first_seen"
        )
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
