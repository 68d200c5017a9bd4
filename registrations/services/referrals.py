"""Writes of the support given at a room (the day page): incoming referrals and newcomers,
referrals out, placements, paid work, minima applications and debt support, and corrections
of a day-page record."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from locations.access import Action, user_scoped
from locations.access.grants import AnyUser
from locations.models import Location
from registrations.models.participants import Participant
from registrations.models.referrals import (
    DebtSupport,
    IncomingReferral,
    MinimaApplication,
    OutgoingReferral,
    PaidWork,
    Placement,
    PlacementKind,
    ReferralKind,
)
from registrations.services.base import check_write, location_of, save_record
from registrations.services.rules import (
    agency_errors,
    check_date,
    check_participant,
    field_values,
    placement_period_errors,
)

_R = TypeVar("_R", bound=models.Model)


@user_scoped
def referral_register(
    *,
    user: AnyUser,
    location: Location,
    date: datetime.date,
    kind: str = ReferralKind.AGENCY,
    agency: str = "",
    participant: Participant | None = None,
    takes_part: bool = False,
) -> IncomingReferral:
    """Record an incoming referral (aanmelding) or a newcomer at ``location`` on ``date``.

    Realises the "X op Y" indicators (DOMAIN.md, Aantal op aangemeld): every referral counts
    in Y, those with ``takes_part`` in X. ``agency``: who referred (required for
    ``ReferralKind.AGENCY``). Raises PermissionDenied or ValidationError.
    """
    check_date(date, location=location)
    check_participant(participant, location)
    agency = agency.strip()
    errors = agency_errors(kind, agency)
    if errors:
        raise ValidationError({"agency": errors})
    author = check_write(user, Action.ADD, location)  # before created_by: signed in only
    return save_record(
        user=user,
        record=IncomingReferral(
            location=location,
            date=date,
            kind=kind,
            agency=agency,
            participant=participant,
            takes_part=takes_part,
            created_by=author,
        ),
    )


@user_scoped
def outgoing_referral_register(
    *,
    user: AnyUser,
    location: Location,
    date: datetime.date,
    organisation_name: str,
    participant: Participant | None = None,
    note: str = "",
) -> OutgoingReferral:
    """Record a referral from the room to a care or welfare organisation (municipality item a).

    ``organisation_name`` (e.g. MaDi, Samen DOEN, buurtteam) is required. Raises
    PermissionDenied or ValidationError.
    """
    check_date(date, location=location)
    check_participant(participant, location)
    if not organisation_name.strip():
        raise ValidationError(
            {"organisation_name": _("Vul in naar welke organisatie is doorverwezen.")}
        )
    author = check_write(user, Action.ADD, location)  # before created_by: signed in only
    return save_record(
        user=user,
        record=OutgoingReferral(
            location=location,
            date=date,
            organisation_name=organisation_name.strip(),
            participant=participant,
            note=note.strip(),
            created_by=author,
        ),
    )


@user_scoped
def placement_register(
    *,
    user: AnyUser,
    location: Location,
    started_on: datetime.date,
    kind: str,
    participant: Participant | None = None,
    ended_on: datetime.date | None = None,
) -> Placement:
    """Record a placement (participation, work-learning, sheltered or internship place) that
    started on ``started_on``; ``ended_on`` (optional) is its last day and may not lie before
    the start. Raises PermissionDenied or ValidationError."""
    check_date(started_on, "started_on", location=location)
    check_participant(participant, location)
    if kind not in PlacementKind.values:
        raise ValidationError({"kind": _("Kies de soort plek.")})
    errors = placement_period_errors(started_on, ended_on)
    if errors:
        raise ValidationError({"ended_on": errors})
    author = check_write(user, Action.ADD, location)  # before created_by: signed in only
    return save_record(
        user=user,
        record=Placement(
            location=location,
            started_on=started_on,
            ended_on=ended_on,
            kind=kind,
            participant=participant,
            created_by=author,
        ),
    )


@user_scoped
def paid_work_register(
    *,
    user: AnyUser,
    location: Location,
    date: datetime.date,
    participant: Participant | None = None,
    note: str = "",
) -> PaidWork:
    """Record that a participant found paid work on ``date`` (partly thanks to the room)."""
    check_date(date, location=location)
    check_participant(participant, location)
    author = check_write(user, Action.ADD, location)  # before created_by: signed in only
    return save_record(
        user=user,
        record=PaidWork(
            location=location,
            date=date,
            participant=participant,
            note=note.strip(),
            created_by=author,
        ),
    )


@user_scoped
def minima_application_register(
    *,
    user: AnyUser,
    location: Location,
    date: datetime.date,
    participant: Participant | None = None,
    scheme: str = "",
) -> MinimaApplication:
    """Record a digital minima-scheme application submitted through the room (item b)."""
    check_date(date, location=location)
    check_participant(participant, location)
    author = check_write(user, Action.ADD, location)  # before created_by: signed in only
    return save_record(
        user=user,
        record=MinimaApplication(
            location=location,
            date=date,
            participant=participant,
            scheme=scheme.strip(),
            created_by=author,
        ),
    )


@user_scoped
def debt_support_register(
    *,
    user: AnyUser,
    location: Location,
    date: datetime.date,
    participant: Participant | None = None,
    organisation_name: str = "",
    note: str = "",
) -> DebtSupport:
    """Record a resident supported towards debt assistance (municipality item d)."""
    check_date(date, location=location)
    check_participant(participant, location)
    author = check_write(user, Action.ADD, location)  # before created_by: signed in only
    return save_record(
        user=user,
        record=DebtSupport(
            location=location,
            date=date,
            participant=participant,
            organisation_name=organisation_name.strip(),
            note=note.strip(),
            created_by=author,
        ),
    )


@user_scoped
def record_update(*, user: AnyUser, record: _R, changes: Mapping[str, Any]) -> _R:
    """Correct fields of a day-page record (job, referral, placement, paid work, application,
    debt support): ``changes`` maps field names to new values. Location, date and who
    recorded it stay. The same rules as when registering apply (participant of the same
    organisation, required texts, placement end not before its start; a record dated in the
    future or in a closed period cannot be corrected). History is kept by the model's history
    (django-simple-history). Raises PermissionDenied or ValidationError.
    """
    location = location_of(record)  # the record's ``location``
    check_write(user, Action.CHANGE, location)
    check_participant(changes.get("participant"), location)
    stored = field_values(record)  # as read: the change is judged against it (closed periods)
    for name, value in changes.items():
        setattr(record, name, value.strip() if isinstance(value, str) else value)
    # The rules of the record (placement end, agency, date, closed periods): save_record's
    # check_registration.
    return save_record(user=user, record=record, action=Action.CHANGE, stored=stored)
