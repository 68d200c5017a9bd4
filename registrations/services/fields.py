"""Which fields date a registration of each model, and a record's field values: what the rules
of :mod:`registrations.services.rules` and the closed-period rule of
:mod:`registrations.services.closed` both read."""

from __future__ import annotations

from typing import Any

from django.db import models

from registrations.models.participants import Job, Session
from registrations.models.records import AssociationMember, PartnerAgreement
from registrations.models.referrals import (
    DebtSupport,
    IncomingReferral,
    MinimaApplication,
    OutgoingReferral,
    PaidWork,
    Placement,
)
from registrations.models.surveys import SurveyRound
from registrations.models.volunteers import (
    KeyHolding,
    Volunteer,
    VolunteerGroup,
    VolunteerGroupMembership,
    VolunteerHours,
)

#: The registration date of each model that has one: the day the session, job, hours,
#: referral, placement (its start), paid work, application, support or survey happened. Every
#: entry path refuses a future one (:func:`registrations.services.rules.registration_errors`):
#: the log page, the day page, the records page, the CSV import, the admin and every service.
DATE_FIELDS: dict[type[models.Model], str] = {
    Session: "date",
    Job: "date",
    VolunteerHours: "date",
    IncomingReferral: "date",
    OutgoingReferral: "date",
    Placement: "started_on",
    PaidWork: "date",
    MinimaApplication: "date",
    DebtSupport: "date",
    SurveyRound: "date",
}


#: Per model the (start, end) date pairs that must be in order (the end is the last day).
PERIODS: dict[type[models.Model], tuple[tuple[str, str], ...]] = {
    Volunteer: (("started_on", "ended_on"),),
    KeyHolding: (("started_on", "ended_on"),),
    VolunteerGroup: (("active_from", "active_to"),),
    VolunteerGroupMembership: (("joined_on", "left_on"),),
    AssociationMember: (("registered_on", "deregistered_on"), ("paying_from", "paying_to")),
    Placement: (("started_on", "ended_on"),),
    PartnerAgreement: (("agreed_on", "ended_on"),),
}


def field_values(record: models.Model) -> dict[str, Any]:
    """The values of ``record``'s concrete fields by field name (foreign keys as ids)."""
    return {field.name: field.value_from_object(record) for field in record._meta.concrete_fields}


def stored_values(record: models.Model) -> dict[str, Any] | None:
    """The values of ``record``'s concrete fields as stored in the database, by field name
    (foreign keys as ids), read in the active scope; None for a record not saved yet (or not
    found). One query for a saved record."""
    if record._state.adding or record.pk is None:
        return None
    fields = record._meta.concrete_fields
    row = type(record)._default_manager.filter(pk=record.pk).values(*(f.attname for f in fields))
    found = row.first()
    if found is None:
        return None
    return {field.name: found[field.attname] for field in fields}
