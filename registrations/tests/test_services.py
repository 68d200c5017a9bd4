"""Services: who may write where, code rules, and what session_register/job_register save."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from locations.access import system_scope
from locations.factories import MembershipFactory
from locations.models import Role
from registrations.factories import ParticipantFactory
from registrations.models import (
    Attendance,
    DebtSupport,
    IncomingReferral,
    Job,
    MinimaApplication,
    OutgoingReferral,
    PaidWork,
    Participant,
    Placement,
    PlacementKind,
    Session,
)
from registrations.services import (
    debt_support_register,
    job_register,
    minima_application_register,
    outgoing_referral_register,
    paid_work_register,
    participant_create,
    placement_register,
    referral_register,
    session_register,
)

DAY = datetime.date(2019, 3, 14)


def _session(user, location, **kwargs):
    return session_register(
        user=user, location=location, date=DAY, category="social", title="Koffie", **kwargs
    )


def test_coordinator_creates_participant_at_own_location(tenants):
    participant = participant_create(
        user=tenants.a.coordinator,
        organisation=tenants.a.organisation,
        location=tenants.a.location,
        code=" CJM-0001 ",
        nickname="Anita",
    )
    assert participant.code == "CJM-0001"
    assert participant.nickname == "Anita"
    assert participant.home_location == tenants.a.location


@pytest.mark.parametrize("role", ["board", "funder"])
def test_board_and_funder_cannot_write(tenants, role):
    user = getattr(tenants.a, role)
    with pytest.raises(PermissionDenied):
        participant_create(
            user=user,
            organisation=tenants.a.organisation,
            location=tenants.a.location,
            code="CJM-0001",
        )
    with pytest.raises(PermissionDenied):
        _session(user, tenants.a.location, anonymous_count=1)
    with pytest.raises(PermissionDenied):
        job_register(user=user, location=tenants.a.location, date=DAY, description="Lamp")
    assert not Participant.unscoped.exists()
    assert not Session.unscoped.exists()
    assert not Job.unscoped.exists()


@pytest.mark.parametrize("user", [AnonymousUser(), None], ids=["anonymous", "no-user"])
@pytest.mark.parametrize(
    ("register", "model", "fields"),
    [
        (referral_register, IncomingReferral, {"date": DAY, "agency": "WPI"}),
        (outgoing_referral_register, OutgoingReferral, {"date": DAY, "organisation_name": "MaDi"}),
        (placement_register, Placement, {"started_on": DAY, "kind": PlacementKind.INTERNSHIP}),
        (paid_work_register, PaidWork, {"date": DAY}),
        (minima_application_register, MinimaApplication, {"date": DAY}),
        (debt_support_register, DebtSupport, {"date": DAY}),
    ],
)
def test_day_page_records_refuse_who_is_not_signed_in(tenants, register, model, fields, user):
    with pytest.raises(PermissionDenied):
        register(user=user, location=tenants.a.location, **fields)
    assert not model.unscoped.exists()


def test_coordinator_cannot_write_at_another_location(tenants):
    for location in (tenants.a.other_location, tenants.b.location):
        with pytest.raises(PermissionDenied):
            _session(tenants.a.coordinator, location, anonymous_count=1)
        with pytest.raises(PermissionDenied):
            job_register(
                user=tenants.a.coordinator, location=location, date=DAY, description="Lamp"
            )
    assert not Session.unscoped.exists()


def test_admin_writes_at_every_location_of_own_organisation_only(tenants):
    session = _session(tenants.a.admin, tenants.a.other_location, anonymous_count=2)
    assert session.location == tenants.a.other_location
    with pytest.raises(PermissionDenied):
        _session(tenants.a.admin, tenants.b.location, anonymous_count=2)


def test_coordinator_membership_elsewhere_gives_no_rights_in_other_org(tenants):
    MembershipFactory(
        user=tenants.a.coordinator, organisation=tenants.b.organisation, role=Role.BOARD
    )
    with pytest.raises(PermissionDenied):
        _session(tenants.a.coordinator, tenants.b.location, anonymous_count=1)


@pytest.mark.parametrize("code", ["123456782", "12345678", "AB111222333"])
def test_bsn_is_refused(tenants, code):
    with pytest.raises(ValidationError) as raised:
        participant_create(
            user=tenants.a.coordinator,
            organisation=tenants.a.organisation,
            location=tenants.a.location,
            code=code,
        )
    assert "BSN" in " ".join(raised.value.messages)
    assert not Participant.unscoped.exists()


def test_duplicate_code_is_refused_ignoring_case(tenants):
    ParticipantFactory(home_location=tenants.a.other_location, code="CJM-0001")
    with pytest.raises(ValidationError) as raised:
        participant_create(
            user=tenants.a.coordinator,
            organisation=tenants.a.organisation,
            location=tenants.a.location,
            code="cjm-0001",
        )
    assert raised.value.message_dict["code"] == [
        "De deelnemerscode cjm-0001 bestaat al. Kies een andere code."
    ]


def test_same_code_in_another_organisation_is_fine(tenants):
    ParticipantFactory(home_location=tenants.b.location, code="CJM-0001")
    participant_create(
        user=tenants.a.coordinator,
        organisation=tenants.a.organisation,
        location=tenants.a.location,
        code="CJM-0001",
    )
    assert Participant.unscoped.filter(code="CJM-0001").count() == 2


def test_session_register_saves_session_attendances_and_new_participants(tenants):
    known = ParticipantFactory(home_location=tenants.a.other_location, code="CJM-0001")
    session = _session(
        tenants.a.coordinator,
        tenants.a.location,
        participant_ids=[known.pk, known.pk],
        new_participants=[("CJM-0002", "Bram"), ("CJM-0003", "")],
        anonymous_count=4,
    )
    assert session.anonymous_count == 4
    assert session.created_by == tenants.a.coordinator
    with system_scope():
        assert sorted(session.participants.values_list("code", flat=True)) == [
            "CJM-0001",
            "CJM-0002",
            "CJM-0003",
        ]
    bram = Participant.unscoped.get(code="CJM-0002")
    assert (bram.nickname, bram.home_location) == ("Bram", tenants.a.location)
    assert Attendance.unscoped.count() == 3


def test_session_register_is_all_or_nothing(tenants):
    ParticipantFactory(home_location=tenants.a.location, code="CJM-0001")
    with pytest.raises(ValidationError):
        _session(
            tenants.a.coordinator,
            tenants.a.location,
            new_participants=[("CJM-0002", ""), ("cjm-0001", "")],
        )
    assert Participant.unscoped.count() == 1
    assert not Session.unscoped.exists()


def test_session_register_refuses_participant_of_other_organisation(tenants):
    foreign = ParticipantFactory(home_location=tenants.b.location)
    with pytest.raises(ValidationError):
        _session(tenants.a.coordinator, tenants.a.location, participant_ids=[foreign.pk])
    assert not Session.unscoped.exists()


def test_job_register(tenants):
    resident = ParticipantFactory(home_location=tenants.a.location)
    job = job_register(
        user=tenants.a.coordinator,
        location=tenants.a.location,
        date=DAY,
        description=" Kraan gerepareerd ",
        participant=resident,
    )
    assert (job.description, job.participant, job.date) == ("Kraan gerepareerd", resident, DAY)
    with pytest.raises(ValidationError):
        job_register(
            user=tenants.a.coordinator,
            location=tenants.a.location,
            date=DAY,
            description="Lamp",
            participant=ParticipantFactory(home_location=tenants.b.location),
        )
    assert Job.unscoped.count() == 1
