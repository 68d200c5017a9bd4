"""Writes of the records page (dossier) of a location: association members, partner
agreements, results entered from outside (Interviews, Controle), and ending a record that has
an end date. Key holdings and volunteer groups: :mod:`registrations.services.volunteers`;
survey rounds: :mod:`registrations.services.surveys`."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TypeVar

from django.db import models, transaction

from locations.access import Action, user_scoped
from locations.access.grants import AnyUser
from locations.models import Location
from registrations.models.records import AssociationMember, EnteredResult, PartnerAgreement
from registrations.models.volunteers import KeyHolding, VolunteerGroup
from registrations.services.base import check_write, location_of, raise_errors, save_record
from registrations.services.closed import closed_errors
from registrations.services.rules import (
    end_errors,
    entered_period_errors,
    entered_taken_errors,
    entered_value_errors,
    field_values,
    member_code_errors,
    paying_errors,
    period_errors,
)
from registrations.tracking import acting_as

_R = TypeVar("_R", bound=models.Model)

#: Per model with an end date on the records page: (start field, end field).
PERIOD_FIELDS: dict[type[models.Model], tuple[str, str]] = {
    KeyHolding: ("started_on", "ended_on"),
    VolunteerGroup: ("active_from", "active_to"),
    AssociationMember: ("registered_on", "deregistered_on"),
    PartnerAgreement: ("agreed_on", "ended_on"),
}


@user_scoped
def association_member_register(
    *,
    user: AnyUser,
    location: Location,
    member_code: str,
    registered_on: datetime.date,
    deregistered_on: datetime.date | None = None,
    paying_from: datetime.date | None = None,
    paying_to: datetime.date | None = None,
) -> AssociationMember:
    """Record a member of ``location``'s residents' association; return the new member.

    ``member_code`` (stripped): the association's own number, unique at the location ignoring
    case. Registered from ``registered_on`` up to and including ``deregistered_on``; paying
    from ``paying_from`` up to and including ``paying_to`` (an end needs a start). Raises
    PermissionDenied or ValidationError (nothing saved).
    """
    author = check_write(user, Action.ADD, location)
    member_code = member_code.strip()
    raise_errors(
        member_code=member_code_errors(location, member_code),
        deregistered_on=period_errors(registered_on, deregistered_on),
        paying_to=period_errors(paying_from, paying_to),
        paying_from=paying_errors(paying_from, paying_to),
    )
    return save_record(
        user=user,
        record=AssociationMember(
            location=location,
            member_code=member_code,
            registered_on=registered_on,
            deregistered_on=deregistered_on,
            paying_from=paying_from,
            paying_to=paying_to,
            created_by=author,
        ),
    )


@user_scoped
def partner_agreement_register(
    *,
    user: AnyUser,
    location: Location,
    partner_name: str,
    agreed_on: datetime.date,
    ended_on: datetime.date | None = None,
    note: str = "",
) -> PartnerAgreement:
    """Record a partner organisation ``location`` works with under an agreement made on
    ``agreed_on`` (municipality item c), active up to and including ``ended_on``. Raises
    PermissionDenied or ValidationError."""
    author = check_write(user, Action.ADD, location)
    raise_errors(ended_on=period_errors(agreed_on, ended_on))
    return save_record(
        user=user,
        record=PartnerAgreement(
            location=location,
            partner_name=partner_name.strip(),
            agreed_on=agreed_on,
            ended_on=ended_on,
            note=note.strip(),
            created_by=author,
        ),
    )


@user_scoped
def entered_result_register(
    *,
    user: AnyUser,
    location: Location,
    indicator_code: str,
    period: str,
    explanation: str,
    source: str,
    value: Decimal | None = None,
    positive: bool | None = None,
) -> EnteredResult:
    """Record a realised figure from outside the registrations (EnteredResult): an Interviews
    estimate ``value`` (the indicator's unit) or a Controle outcome ``positive``, over
    ``period`` ("YYYY" or "YYYY-Qn", upper-cased), with ``explanation`` and ``source``
    (required for accountability); ``user`` is recorded as who entered it. One result per
    location, indicator and period. Raises PermissionDenied or ValidationError.
    """
    author = check_write(user, Action.ADD, location)
    period = period.strip().upper()
    raise_errors(
        period=entered_period_errors(period)
        or entered_taken_errors(location, indicator_code, period),
        value=entered_value_errors(value, positive),
    )
    return save_record(
        user=user,
        record=EnteredResult(
            location=location,
            indicator_code=indicator_code,
            period=period,
            value=value,
            positive=positive,
            explanation=explanation,
            source=source,
            created_by=author,
        ),
    )


@user_scoped
def record_end(*, user: AnyUser, record: _R, ended_on: datetime.date) -> _R:
    """End a record of the records page on ``ended_on`` (its last day): a key holding, a
    volunteer group, an association member or a partner agreement (:data:`PERIOD_FIELDS`).

    ``ended_on`` may not lie before the record's start, and the days the end adds or removes
    may not lie in a closed period (:func:`registrations.services.closed.closed_errors`:
    ending on a day after a closed quarter is fine). A member still paying stops paying on
    the same day (or on the day paying started, when that is later). History keeps ``user``.
    Raises TypeError for another kind of record, PermissionDenied (change at the record's
    location) or ValidationError ``{"ended_on": [...]}``.
    """
    start_field, end_field = PERIOD_FIELDS[type(record)]
    check_write(user, Action.CHANGE, location_of(record))  # the record's ``location``
    raise_errors(ended_on=end_errors(getattr(record, start_field), ended_on))
    stored = field_values(record)
    setattr(record, end_field, ended_on)
    changed = [end_field]
    if isinstance(record, AssociationMember) and record.paying_from and not record.paying_to:
        record.paying_to = max(ended_on, record.paying_from)
        changed.append("paying_to")
    closed = closed_errors(type(record), field_values(record), stored=stored)
    if closed:
        for name in changed:  # restore the record as read: nothing is ended
            setattr(record, name, stored[name])
        raise_errors(ended_on=[message for messages in closed.values() for message in messages])
    with transaction.atomic(), acting_as(user):
        record.save(update_fields=changed)
    return record
