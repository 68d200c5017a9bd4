"""Retention (issue 10, "Privacy by design"): the personal details of people inactive for the
retention period are removed, in the live rows and the history tables; active people keep
theirs; nothing that a report counts changes; the register records each removal.

The clock is faked by passing ``today=`` (no time-freezing library in the project); rows are
backdated where their ``created_at`` (set by the database clock) matters.
"""

import datetime

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, models, transaction

from registrations.factories import (
    AssociationMemberFactory,
    AttendanceFactory,
    DebtSupportFactory,
    IncomingReferralFactory,
    JobFactory,
    KeyHoldingFactory,
    OutgoingReferralFactory,
    PaidWorkFactory,
    ParticipantFactory,
    PlacementFactory,
    SessionFactory,
    VolunteerFactory,
    VolunteerHoursFactory,
)
from registrations.models import Erasure, ErasureCause, Participant, Volunteer
from registrations.privacy.personal import (
    DERIVED_MODELS,
    KEPT_FIELDS,
    PERSONAL_FIELDS,
    history_model,
)
from registrations.privacy.retention import months_before, retention_cutoff, retention_run

pytestmark = pytest.mark.usefixtures("system")

OLD = datetime.datetime(2019, 3, 1, 12, tzinfo=datetime.UTC)
#: The fake clock: 24 months after 2020-06-01, so everything dated before June 2020 is old.
TODAY = datetime.date(2022, 6, 1)


def _backdate(*models_):
    for model in models_:
        model.unscoped.update(created_at=OLD)


def test_every_text_field_of_a_persons_records_is_sorted_as_personal_or_kept():
    """A new free-text field on a record about a person must be put in one of the tables."""
    personal = {(linked.model, f) for links in PERSONAL_FIELDS.values() for linked in links
                for f in linked.fields}  # fmt: skip
    models_ = {linked.model for links in PERSONAL_FIELDS.values() for linked in links}
    unsorted = [
        f"{model.__name__}.{field.name}"
        for model in models_
        for field in model._meta.fields
        if isinstance(field, models.CharField | models.TextField)
        and (model, field.name) not in personal
        and (model, field.name) not in KEPT_FIELDS
    ]
    assert not unsorted
    # Every model of the app that refers to a participant or volunteer is in the table (or
    # holds only figures derived from those records).
    referring = {
        model
        for model in apps.get_app_config("registrations").get_models()
        if not model._meta.model_name.startswith("historical")
        and any(
            isinstance(f, models.ForeignKey) and f.related_model in (Participant, Volunteer)
            for f in model._meta.fields
        )
    }
    assert referring <= models_ | set(DERIVED_MODELS), referring - models_


def test_months_before_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    assert months_before(datetime.date(2022, 6, 1), 24) == datetime.date(2020, 6, 1)
    assert months_before(datetime.date(2022, 3, 31), 1) == datetime.date(2022, 2, 28)
    assert months_before(datetime.date(2024, 3, 31), 1) == datetime.date(2024, 2, 29)
    assert months_before(datetime.date(2022, 1, 15), 13) == datetime.date(2020, 12, 15)


def test_the_cutoff_follows_the_setting(settings):
    settings.BWK_RETENTION_MONTHS = 6
    assert retention_cutoff(TODAY) == datetime.date(2021, 12, 1)
    settings.BWK_RETENTION_MONTHS = 24
    assert retention_cutoff(TODAY) == datetime.date(2020, 6, 1)


@pytest.fixture
def people(tenants):
    """At a's location: an old participant with every kind of record, nicknamed and with
    notes (all in 2019), a participant seen in 2021, one on an open placement, an old and a
    recent volunteer, open and recent records naming nobody; every row's created_at in
    2019."""
    loc = tenants.a.location
    old = ParticipantFactory(home_location=loc, code="OUD-1", nickname="Oma Jet")
    old.nickname = "Jet"  # a second history row holding a nickname
    old.save()
    AttendanceFactory(participant=old, session=SessionFactory(location=loc))
    job = JobFactory(location=loc, participant=old, description="Lamp bij Jet, 3-hoog")
    IncomingReferralFactory(location=loc, participant=old, agency="Buurtteam Jet")
    OutgoingReferralFactory(location=loc, participant=old, note="Jet wil hulp met post")
    PaidWorkFactory(location=loc, participant=old, note="Jet werkt bij de AH")
    DebtSupportFactory(location=loc, participant=old, note="Jet: huurschuld")
    AssociationMemberFactory(
        location=loc, participant=old, deregistered_on=datetime.date(2019, 12, 31)
    )
    # Records naming nobody, recent or open: they keep no one active (nor everyone).
    JobFactory(location=loc, date=datetime.date(2021, 5, 1))
    AssociationMemberFactory(location=loc)
    PlacementFactory(location=loc, started_on=datetime.date(2021, 1, 1))
    recent = ParticipantFactory(home_location=loc, code="NIEUW-1", nickname="Kees")
    AttendanceFactory(
        participant=recent, session=SessionFactory(location=loc, date=datetime.date(2021, 5, 1))
    )
    placed = ParticipantFactory(home_location=loc, code="PLEK-1", nickname="Ans")
    PlacementFactory(location=loc, participant=placed, started_on=datetime.date(2019, 1, 1))
    old_volunteer = VolunteerFactory(home_location=loc, code="VRW-OUD", nickname="Piet")
    VolunteerHoursFactory(volunteer=old_volunteer, date=datetime.date(2019, 5, 1))
    KeyHoldingFactory(
        volunteer=old_volunteer,
        started_on=datetime.date(2019, 1, 1),
        ended_on=datetime.date(2019, 12, 31),
    )
    active_volunteer = VolunteerFactory(home_location=loc, code="VRW-NU", nickname="Truus")
    VolunteerHoursFactory(volunteer=active_volunteer, date=datetime.date(2021, 9, 1))
    apps_ = apps.get_app_config("registrations")
    _backdate(*(m for m in apps_.get_models() if hasattr(m, "unscoped") and
                any(f.name == "created_at" for f in m._meta.fields)))  # fmt: skip
    return {"old": old, "recent": recent, "placed": placed, "job": job,
            "old_volunteer": old_volunteer, "active_volunteer": active_volunteer}  # fmt: skip


def _personal_values(kind, person_id):
    """Every non-empty personal value of a person, live and in history: [(table, value)]."""
    found = []
    for linked in PERSONAL_FIELDS[kind]:
        for table in (linked.model, history_model(linked.model)):
            for field in linked.fields:
                values = table.unscoped.filter(**{linked.link: person_id}).exclude(**{field: ""})
                found += [(table._meta.db_table, v) for v in values.values_list(field, flat=True)]
    return found


def _counted(person):
    """What reports count about a participant: every linked row's identity and numbers."""
    return {
        "attendances": list(person.attendances.values_list("session_id", "session__date")),
        "jobs": list(person.jobs.values_list("id", "date", "location_id")),
        "referrals_in": list(person.incoming_referrals.values_list("id", "date", "kind")),
        "referrals_out": list(
            person.outgoing_referrals.values_list("id", "date", "organisation_name")
        ),
        "debt": list(person.debt_support.values_list("id", "date", "organisation_name")),
        "code": Participant.unscoped.get(pk=person.pk).code,
    }


def test_retention_removes_the_details_of_inactive_people_live_and_in_history(people):
    old, old_volunteer = people["old"], people["old_volunteer"]
    assert len(_personal_values("participant", old.pk)) >= 12  # live and history rows
    assert _personal_values("volunteer", old_volunteer.pk)
    counted = _counted(old)

    result = retention_run(today=TODAY)

    assert result.cutoff == datetime.date(2020, 6, 1)
    assert (result.participants, result.volunteers) == (1, 1)
    assert _personal_values("participant", old.pk) == []
    assert _personal_values("volunteer", old_volunteer.pk) == []
    assert _counted(old) == counted  # rows, codes, dates, kinds, organisations: all kept
    assert Participant.unscoped.filter(pk=old.pk).exists()
    # The active ones keep theirs: a recent attendance, an open placement, recent hours.
    assert Participant.unscoped.get(pk=people["recent"].pk).nickname == "Kees"
    assert Participant.unscoped.get(pk=people["placed"].pk).nickname == "Ans"
    assert Volunteer.unscoped.get(pk=people["active_volunteer"].pk).nickname == "Truus"
    erasure = Erasure.unscoped.get(person_kind="participant", person_id=old.pk)
    assert erasure.cause == ErasureCause.RETENTION and erasure.erased_by is None
    assert erasure.code == "OUD-1" and "24 maanden" in erasure.reason
    assert erasure.fields["registrations_participant.nickname"] == 1
    assert erasure.fields["registrations_historicalparticipant.nickname"] == 2
    assert erasure.fields["registrations_job.description"] == 1


def test_a_second_run_finds_nothing_left(people):
    retention_run(today=TODAY)
    before = Erasure.unscoped.count()
    again = retention_run(today=TODAY)
    assert (again.participants, again.volunteers) == (0, 0)
    assert Erasure.unscoped.count() == before


def test_a_shorter_period_reaches_more_people(people, settings):
    settings.BWK_RETENTION_MONTHS = 6
    result = retention_run(today=TODAY)  # cutoff 2021-12-01: the 2021 attendance is old too
    assert result.participants == 2
    assert Participant.unscoped.get(pk=people["recent"].pk).nickname == ""
    assert Participant.unscoped.get(pk=people["placed"].pk).nickname == "Ans"  # still placed


def test_a_person_created_within_the_period_keeps_their_details(tenants):
    newcomer = ParticipantFactory(home_location=tenants.a.location, nickname="Nieuw")
    retention_run()  # the real clock: created today
    assert Participant.unscoped.get(pk=newcomer.pk).nickname == "Nieuw"


def test_history_of_a_merged_away_person_is_emptied_too(tenants):
    loc = tenants.a.location
    gone = ParticipantFactory(home_location=loc, code="WEG-1", nickname="Weg")
    gone_id = gone.pk
    gone.delete()  # as a merge does: its history rows stay
    history = history_model(Participant).unscoped
    history.filter(id=gone_id).update(history_date=OLD)
    assert history.filter(id=gone_id).exclude(nickname="").exists()
    retention_run(today=TODAY)
    assert not history.filter(id=gone_id).exclude(nickname="").exists()
    assert Erasure.unscoped.get(person_id=gone_id).code == "WEG-1"


def test_the_register_is_insert_only(people):
    retention_run(today=TODAY)
    erasure = Erasure.unscoped.first()
    with pytest.raises(TypeError):
        erasure.save()
    with pytest.raises(TypeError):
        erasure.delete()
    # At the database: the trigger refuses what bypasses the model.
    for statement in (
        lambda: Erasure.unscoped.all().delete(),
        lambda: Erasure.unscoped.update(reason="anders"),
    ):
        with pytest.raises(DatabaseError, match="insert-only"), transaction.atomic():
            statement()
    with (
        pytest.raises(DatabaseError, match="insert-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM registrations_erasure")
    assert Erasure.unscoped.count() == 2
