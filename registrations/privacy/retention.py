"""Retention: the personal details of people inactive for ``BWK_RETENTION_MONTHS`` months are
removed (issue 10, "Retention"; the nightly task in :mod:`registrations.tasks`).

Why 24 months by default (docs/security.md, "Retention"): a figure is accounted for over an
agreement year and checked in the year after it (the final report in March of the next year,
the accountant's and the committee's check: DOMAIN.md, Controle). A nickname helps the
room's staff recognise someone only while that person comes; after two years without any
registration, the year of the agreement and the year of its accountability have both passed.

A person is *active* on the cutoff date (today minus the period) when any record about them
is dated on or after it, or is still open:

- a participant: created on or after it; a session they attended, a job for them, a referral
  in or out, paid work, a minima application or debt support dated on or after it; a
  placement or association membership that started or ended on or after it or has not
  ended;
- a volunteer: created, started or stopped on or after it; hours dated on or after it; a key
  holding or group membership that started or ended on or after it or has not ended.

Everyone else of the organisation is inactive and has their personal fields emptied
(:func:`registrations.privacy.personal.erase_people`). History rows of people whose row no
longer exists (merged into another record) are emptied when their last history row is older
than the cutoff. A second run finds nothing left to remove.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max, Model, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from locations.access import system_scope
from registrations.models import (
    AssociationMember,
    Attendance,
    DebtSupport,
    ErasureCause,
    IncomingReferral,
    Job,
    KeyHolding,
    MinimaApplication,
    OutgoingReferral,
    PaidWork,
    Participant,
    PersonKind,
    Placement,
    Volunteer,
    VolunteerGroupMembership,
    VolunteerHours,
)
from registrations.privacy.personal import Person, erase_people, history_model, person_model


def months_before(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved back ``months`` calendar months (the last day of a shorter month:
    31 March minus one month is 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def retention_cutoff(
    today: datetime.date | None = None, months: int | None = None
) -> datetime.date:
    """The first day still within the retention period: ``today`` (default: the local date)
    minus ``months`` (default ``settings.BWK_RETENTION_MONTHS``)."""
    today = today or timezone.localdate()
    return months_before(today, settings.BWK_RETENTION_MONTHS if months is None else months)


def _dated(model: type[Model], link: str, field: str, cutoff: datetime.date) -> QuerySet:
    """Records dated on or after ``cutoff``; their person ids (never NULL: ``NOT IN`` with a
    NULL in its list would keep everyone)."""
    return _ids(model._default_manager.filter(**{f"{field}__gte": cutoff}), link)


def _ids(queryset: QuerySet, link: str) -> QuerySet:
    return queryset.filter(**{f"{link}__isnull": False}).values(link)


def _spanning(
    model: type[Model], link: str, start: str, end: str, cutoff: datetime.date
) -> QuerySet:
    """Records that started or ended on or after ``cutoff`` or are still open."""
    recent = Q(**{f"{start}__gte": cutoff}) | Q(**{f"{end}__gte": cutoff})
    return _ids(model._default_manager.filter(recent | Q(**{f"{end}__isnull": True})), link)


def active_participants(cutoff: datetime.date) -> list[QuerySet]:
    """Subqueries of the ids of participants active on ``cutoff`` (module docstring)."""
    return [
        _dated(Participant, "id", "created_at__date", cutoff),
        _dated(Attendance, "participant_id", "session__date", cutoff),
        _dated(Job, "participant_id", "date", cutoff),
        _dated(IncomingReferral, "participant_id", "date", cutoff),
        _dated(OutgoingReferral, "participant_id", "date", cutoff),
        _dated(PaidWork, "participant_id", "date", cutoff),
        _dated(MinimaApplication, "participant_id", "date", cutoff),
        _dated(DebtSupport, "participant_id", "date", cutoff),
        _spanning(Placement, "participant_id", "started_on", "ended_on", cutoff),
        _spanning(AssociationMember, "participant_id", "registered_on", "deregistered_on", cutoff),
    ]


def active_volunteers(cutoff: datetime.date) -> list[QuerySet]:
    """Subqueries of the ids of volunteers active on ``cutoff`` (module docstring)."""
    return [
        _dated(Volunteer, "id", "created_at__date", cutoff),
        _dated(Volunteer, "id", "started_on", cutoff),
        _dated(Volunteer, "id", "ended_on", cutoff),
        _dated(VolunteerHours, "volunteer_id", "date", cutoff),
        _spanning(KeyHolding, "volunteer_id", "started_on", "ended_on", cutoff),
        _spanning(VolunteerGroupMembership, "volunteer_id", "joined_on", "left_on", cutoff),
    ]


def inactive(kind: str, cutoff: datetime.date) -> QuerySet:
    """The people of ``kind`` (a :class:`~registrations.models.PersonKind` value) inactive on
    ``cutoff``, in the active scope: a queryset of participants or volunteers."""
    model = person_model(kind)
    subqueries = active_participants(cutoff) if model is Participant else active_volunteers(cutoff)
    queryset: QuerySet = model._default_manager.all()
    for subquery in subqueries:
        queryset = queryset.exclude(id__in=subquery)
    return queryset


def _gone(kind: str, cutoff: datetime.date) -> list[Person]:
    """People of ``kind`` whose row no longer exists (merged away) and whose last history row
    is older than ``cutoff``: their history rows still hold their details."""
    model = Participant if kind == PersonKind.PARTICIPANT else Volunteer
    rows = (
        history_model(model)
        ._default_manager.exclude(id__in=model.objects.values("id"))
        .values("id")
        .annotate(last=Max("history_date"), code=Max("code"), organisation=Max("organisation_id"))
        .filter(last__date__lt=cutoff)
    )
    return [Person(row["id"], row["code"], row["organisation"]) for row in rows]


@dataclass(frozen=True)
class RetentionResult:
    """What a run removed: the cutoff date and, per kind of person, how many people had
    anything removed (each has a row in the register)."""

    cutoff: datetime.date
    participants: int
    volunteers: int


@system_scope()
def retention_run(
    *, today: datetime.date | None = None, months: int | None = None
) -> RetentionResult:
    """Remove the personal details of every participant and volunteer of every organisation
    inactive since :func:`retention_cutoff` (``today``, ``months``: defaults from the clock and
    the settings; tests pass a fake ``today``). System code (the nightly task). Returns a
    :class:`RetentionResult`."""
    cutoff = retention_cutoff(today, months)
    reason = _(
        "Bewaartermijn van %(months)s maanden verstreken (geen registratie sinds %(cutoff)s)."
    ) % {
        "months": settings.BWK_RETENTION_MONTHS if months is None else months,
        "cutoff": cutoff.isoformat(),
    }
    counts = {}
    for kind in (PersonKind.PARTICIPANT, PersonKind.VOLUNTEER):
        people = [
            Person(pk, code, organisation_id)
            for pk, code, organisation_id in inactive(kind, cutoff).values_list(
                "id", "code", "organisation_id"
            )
        ]
        people += _gone(kind, cutoff)
        written = erase_people(kind, people, cause=ErasureCause.RETENTION, reason=reason)
        counts[kind] = len(written)
    return RetentionResult(
        cutoff=cutoff,
        participants=counts[PersonKind.PARTICIPANT],
        volunteers=counts[PersonKind.VOLUNTEER],
    )
