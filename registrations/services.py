"""Writes of the registrations app: participants, sessions with attendances, jobs.

Every service is keyword-only, runs in one transaction, checks that ``user`` may write at the
location (the access rules, :mod:`locations.access`: coordinator of the location or admin of
its organisation; the board may not) and raises ``PermissionDenied`` otherwise.
Invalid input raises ``ValidationError`` with a Dutch message, keyed by field where possible.
Every row a service writes, also in bulk (:func:`registrations.tracking.bulk_create_tracked`),
gets a history row with ``user`` as ``history_user`` (:mod:`registrations.tracking`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.choices import Category
from locations.access import Action, Area, build_scope, user_scoped
from locations.models import Location, Organisation
from registrations.models import (
    Attendance,
    DebtSupport,
    HoursSpan,
    IncomingReferral,
    Job,
    MinimaApplication,
    OutgoingReferral,
    PaidWork,
    Participant,
    Placement,
    PlacementKind,
    ReferralKind,
    Session,
    Volunteer,
    VolunteerHours,
)
from registrations.tracking import acting_as, bulk_create_tracked


def _check(user, action: Action, location: Location) -> None:
    """PermissionDenied (Dutch, naming the location) unless the access rules let ``user``
    take ``action`` on registrations at ``location``."""
    build_scope(user).check_at(action, Area.REGISTRATION, location)


def participant_code_errors(code: str) -> list[str]:
    """Dutch messages for what is wrong with a participant code's form (empty list: fine).

    Checks the pattern and the BSN rule of :class:`registrations.models.Participant` (not
    uniqueness). Used by the services, the log page and the importer.
    """
    field = Participant._meta.get_field("code")
    if not code:
        return [_("Vul een deelnemerscode in.")]
    try:
        field.run_validators(code)
    except ValidationError as error:
        return list(error.messages)
    return []


def _check_new_code(*, organisation: Organisation, code: str, taken: set[str]) -> None:
    errors = participant_code_errors(code)
    if errors:
        raise ValidationError({"code": errors})
    if code.lower() in taken or (
        Participant.objects.filter(organisation=organisation, code__iexact=code).exists()
    ):
        raise ValidationError(
            {
                "code": _("De deelnemerscode %(code)s bestaat al. Kies een andere code.")
                % {"code": code}
            }
        )
    taken.add(code.lower())


@user_scoped
def participant_create(
    *,
    user,
    organisation: Organisation,
    location: Location,
    code: str,
    nickname: str = "",
) -> Participant:
    """Register a participant with ``location`` as home location; return the new Participant.

    ``code`` is stripped; it must match the code pattern, must not look like a BSN and must be
    unique in ``organisation`` ignoring case. ``location`` must belong to ``organisation``.
    Raises PermissionDenied (user may not write at ``location``) or ValidationError.
    """
    _check(user, Action.ADD, location)
    if location.organisation_id != organisation.pk:
        raise ValidationError(_("Deze buurtwerkkamer hoort niet bij deze organisatie."))
    code = code.strip()
    with transaction.atomic():
        _check_new_code(organisation=organisation, code=code, taken=set())
        return Participant.objects.create(
            organisation=organisation,
            home_location=location,
            code=code,
            nickname=nickname.strip(),
        )


@user_scoped
def session_register(
    *,
    user,
    location: Location,
    date: datetime.date,
    category: str,
    title: str = "",
    participant_ids: Iterable[int] = (),
    new_participants: Sequence[tuple[str, str]] = (),
    anonymous_count: int = 0,
) -> Session:
    """Log one activity session with its attendances; return the new Session.

    - ``participant_ids``: existing participants of the location's organisation (duplicates
      are ignored; an id outside the organisation raises ValidationError).
    - ``new_participants``: ``(code, nickname)`` pairs, created with ``location`` as their
      home location and added to the session (same checks as :func:`participant_create`).
    - ``anonymous_count``: walk-ins without a code (visits, never unique participants).
    Raises PermissionDenied or ValidationError; nothing is saved on error.
    """
    _check(user, Action.ADD, location)
    if category not in Category.values:
        raise ValidationError({"category": _("Kies een categorie.")})
    if anonymous_count < 0:
        raise ValidationError({"anonymous_count": _("Het aantal kan niet negatief zijn.")})
    ids = set(participant_ids)
    organisation = location.organisation
    found = set(
        Participant.objects.filter(pk__in=ids, organisation=organisation).values_list(
            "pk", flat=True
        )
    )
    if found != ids:
        raise ValidationError({"participants": _("Onbekende deelnemer gekozen.")})
    with transaction.atomic(), acting_as(user):
        taken: set[str] = set()
        created = []
        for code, nickname in new_participants:
            code = code.strip()
            _check_new_code(organisation=organisation, code=code, taken=taken)
            created.append(
                Participant(
                    organisation=organisation,
                    home_location=location,
                    code=code,
                    nickname=nickname.strip(),
                )
            )
        bulk_create_tracked(Participant, created)
        session = Session.objects.create(
            location=location,
            date=date,
            category=category,
            title=title.strip(),
            anonymous_count=anonymous_count,
            created_by=user,
        )
        bulk_create_tracked(
            Attendance,
            [Attendance(session=session, participant_id=pk) for pk in sorted(ids)]
            + [Attendance(session=session, participant=p) for p in created],
        )
    return session


@user_scoped
def job_register(
    *,
    user,
    location: Location,
    date: datetime.date,
    description: str,
    participant: Participant | None = None,
) -> Job:
    """Log one job (klus) done at ``location``'s neighbourhood; return the new Job.

    ``participant`` (optional) is the resident the job was for and must belong to the
    location's organisation. Raises PermissionDenied or ValidationError.
    """
    _check(user, Action.ADD, location)
    description = description.strip()
    if not description:
        raise ValidationError({"description": _("Beschrijf kort wat de klus was.")})
    if participant is not None and participant.organisation_id != location.organisation_id:
        raise ValidationError({"participant": _("Onbekende deelnemer.")})
    with transaction.atomic():
        return Job.objects.create(
            location=location,
            date=date,
            description=description,
            participant=participant,
            created_by=user,
        )


# --------------------------------------------------------------------------------------------
# The day page (issue 3, "How it must feel"): everything else a coordinator records on a day,
# and corrections. Same rules as above: keyword-only, atomic, access checked, Dutch errors.
# --------------------------------------------------------------------------------------------

#: Most hours one entry may hold (issue 3, quick hours entry): a day has 24 hours; a week entry
#: is capped at 80 hours so that a typo (800 instead of 8.00) is caught.
MAX_HOURS = {HoursSpan.DAY: Decimal(24), HoursSpan.WEEK: Decimal(80)}


def date_errors(date: datetime.date) -> list[str]:
    """Dutch messages for a registration date that may not be used (empty list: fine).

    A date in the future is refused (nothing has happened yet); a date outside the agreement
    year is fine (registrations are not tied to one agreement).
    """
    if date > timezone.localdate():
        return [_("De datum %(date)s ligt in de toekomst.") % {"date": f"{date:%d-%m-%Y}"}]
    return []


def hours_errors(hours: Decimal | None, span: str) -> list[str]:
    """Dutch messages for an hours figure (in hours, Decimal) of a day or a week entry.

    Rule: 0 < hours <= 24 for a day, 0 < hours <= 80 for a week (:data:`MAX_HOURS`).
    """
    if hours is None:
        return [_("Vul het aantal uren in.")]
    if hours <= 0:
        return [_("Het aantal uren moet groter dan 0 zijn.")]
    limit = MAX_HOURS.get(span, MAX_HOURS[HoursSpan.DAY])
    if hours > limit:
        if span == HoursSpan.WEEK:
            message = _("Een week heeft hier hooguit 80 uur; u vulde %(hours)s in.")
            return [message % {"hours": hours}]
        return [_("Een dag heeft hooguit 24 uur; u vulde %(hours)s in.") % {"hours": hours}]
    return []


def _check_date(date: datetime.date, field: str = "date") -> None:
    errors = date_errors(date)
    if errors:
        raise ValidationError({field: errors})


def _check_participant(participant: Participant | None, location: Location) -> None:
    if participant is not None and participant.organisation_id != location.organisation_id:
        raise ValidationError({"participant": _("Onbekende deelnemer.")})


def _save_record(*, user, record: models.Model, action: Action = Action.ADD) -> models.Model:
    """Check the user may write at ``record.location``, validate the fields, save, return it.

    ``record.full_clean`` runs the model's validators (e.g. field lengths) with Dutch messages.
    """
    _check(user, action, record.location)
    record.full_clean(exclude=["created_by", "location"])
    with transaction.atomic():
        record.save()
    return record


@user_scoped
def volunteer_create(
    *,
    user,
    location: Location,
    code: str,
    nickname: str = "",
    is_professional: bool = False,
) -> Volunteer:
    """Register a volunteer of ``location``'s organisation, working at ``location``.

    ``code``: the same pattern and BSN rule as a participant code, unique in the organisation
    ignoring case. Returns the new Volunteer (home location and ``locations`` = ``location``).
    Raises PermissionDenied or ValidationError (``{"code": [...]}``).
    """
    _check(user, Action.ADD, location)
    code = code.strip()
    errors = participant_code_errors(code)
    if errors:
        raise ValidationError({"code": errors})
    organisation = location.organisation
    with transaction.atomic():
        if Volunteer.objects.filter(organisation=organisation, code__iexact=code).exists():
            raise ValidationError(
                {"code": _("De vrijwilligerscode %(code)s bestaat al.") % {"code": code}}
            )
        volunteer = Volunteer.objects.create(
            organisation=organisation,
            home_location=location,
            code=code,
            nickname=nickname.strip(),
            is_professional=is_professional,
            created_by=user,
        )
        volunteer.locations.add(location)
    return volunteer


@user_scoped
def hours_register(
    *,
    user,
    location: Location,
    date: datetime.date,
    span: str,
    entries: Sequence[tuple[Volunteer, Decimal]],
) -> list[VolunteerHours]:
    """Record hours of several volunteers at ``location`` at once; return the new rows.

    - ``span``: ``HoursSpan.DAY`` (hours on ``date``) or ``HoursSpan.WEEK`` (hours in the week
      starting on ``date``); ``entries``: (volunteer, hours) pairs, hours a Decimal with
      0 < hours <= 24 (day) or <= 80 (week), see :func:`hours_errors`.
    - ``is_professional`` of each row is copied from the volunteer (professionals' hours are
      valued at another rate in the budget: DOMAIN.md, popular budget).
    Raises PermissionDenied, or ValidationError (nothing saved) for a future date, a bad
    figure, no entries, or a volunteer of another organisation.
    """
    _check(user, Action.ADD, location)
    _check_date(date)
    if span not in HoursSpan.values:
        raise ValidationError({"span": _("Kies dag of week.")})
    if not entries:
        raise ValidationError(_("Vul voor minstens één vrijwilliger uren in."))
    rows = []
    for volunteer, hours in entries:
        if volunteer.organisation_id != location.organisation_id:
            raise ValidationError({"volunteer": _("Onbekende vrijwilliger.")})
        errors = hours_errors(hours, span)
        if errors:
            raise ValidationError({"hours": [f"{volunteer.code}: {e}" for e in errors]})
        rows.append(
            VolunteerHours(
                location=location,
                volunteer=volunteer,
                date=date,
                span=span,
                hours=hours,
                is_professional=volunteer.is_professional,
                created_by=user,
            )
        )
    with transaction.atomic(), acting_as(user):
        return bulk_create_tracked(VolunteerHours, rows)


@user_scoped
def hours_update(*, user, record: VolunteerHours, hours: Decimal, span: str) -> VolunteerHours:
    """Correct the hours (Decimal) and span of one hours row; same rules as hours_register."""
    errors = hours_errors(hours, span)
    if errors:
        raise ValidationError({"hours": errors})
    record.hours, record.span = hours, span
    return _save_record(user=user, record=record, action=Action.CHANGE)


@user_scoped
def referral_register(
    *,
    user,
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
    _check_date(date)
    _check_participant(participant, location)
    agency = agency.strip()
    if kind == ReferralKind.AGENCY and not agency:
        raise ValidationError({"agency": _("Vul in door wie de bewoner is doorverwezen.")})
    return _save_record(
        user=user,
        record=IncomingReferral(
            location=location,
            date=date,
            kind=kind,
            agency=agency,
            participant=participant,
            takes_part=takes_part,
            created_by=user,
        ),
    )


@user_scoped
def outgoing_referral_register(
    *,
    user,
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
    _check_date(date)
    _check_participant(participant, location)
    if not organisation_name.strip():
        raise ValidationError(
            {"organisation_name": _("Vul in naar welke organisatie is doorverwezen.")}
        )
    return _save_record(
        user=user,
        record=OutgoingReferral(
            location=location,
            date=date,
            organisation_name=organisation_name.strip(),
            participant=participant,
            note=note.strip(),
            created_by=user,
        ),
    )


@user_scoped
def placement_register(
    *,
    user,
    location: Location,
    started_on: datetime.date,
    kind: str,
    participant: Participant | None = None,
    ended_on: datetime.date | None = None,
) -> Placement:
    """Record a placement (participation, work-learning, sheltered or internship place) that
    started on ``started_on``; ``ended_on`` (optional) is its last day and may not lie before
    the start. Raises PermissionDenied or ValidationError."""
    _check_date(started_on, "started_on")
    _check_participant(participant, location)
    if kind not in PlacementKind.values:
        raise ValidationError({"kind": _("Kies de soort plek.")})
    if ended_on is not None and ended_on < started_on:
        raise ValidationError({"ended_on": _("De einddatum ligt vóór de startdatum.")})
    return _save_record(
        user=user,
        record=Placement(
            location=location,
            started_on=started_on,
            ended_on=ended_on,
            kind=kind,
            participant=participant,
            created_by=user,
        ),
    )


@user_scoped
def paid_work_register(
    *,
    user,
    location: Location,
    date: datetime.date,
    participant: Participant | None = None,
    note: str = "",
) -> PaidWork:
    """Record that a participant found paid work on ``date`` (partly thanks to the room)."""
    _check_date(date)
    _check_participant(participant, location)
    return _save_record(
        user=user,
        record=PaidWork(
            location=location,
            date=date,
            participant=participant,
            note=note.strip(),
            created_by=user,
        ),
    )


@user_scoped
def minima_application_register(
    *,
    user,
    location: Location,
    date: datetime.date,
    participant: Participant | None = None,
    scheme: str = "",
) -> MinimaApplication:
    """Record a digital minima-scheme application submitted through the room (item b)."""
    _check_date(date)
    _check_participant(participant, location)
    return _save_record(
        user=user,
        record=MinimaApplication(
            location=location,
            date=date,
            participant=participant,
            scheme=scheme.strip(),
            created_by=user,
        ),
    )


@user_scoped
def debt_support_register(
    *,
    user,
    location: Location,
    date: datetime.date,
    participant: Participant | None = None,
    organisation_name: str = "",
    note: str = "",
) -> DebtSupport:
    """Record a resident supported towards debt assistance (municipality item d)."""
    _check_date(date)
    _check_participant(participant, location)
    return _save_record(
        user=user,
        record=DebtSupport(
            location=location,
            date=date,
            participant=participant,
            organisation_name=organisation_name.strip(),
            note=note.strip(),
            created_by=user,
        ),
    )


@user_scoped
def record_update(*, user, record: models.Model, changes: dict) -> models.Model:
    """Correct fields of a day-page record (job, referral, placement, paid work, application,
    debt support): ``changes`` maps field names to new values. Location, date and who
    recorded it stay. The same rules as when registering apply (participant of the same
    organisation, required texts, placement end not before its start). History is kept by
    the model's history (django-simple-history). Raises PermissionDenied or ValidationError.
    """
    _check(user, Action.CHANGE, record.location)
    _check_participant(changes.get("participant"), record.location)
    for name, value in changes.items():
        setattr(record, name, value.strip() if isinstance(value, str) else value)
    if isinstance(record, Placement) and record.ended_on and record.ended_on < record.started_on:
        raise ValidationError({"ended_on": _("De einddatum ligt vóór de startdatum.")})
    if (
        isinstance(record, IncomingReferral)
        and record.kind == ReferralKind.AGENCY
        and not record.agency
    ):
        raise ValidationError({"agency": _("Vul in door wie de bewoner is doorverwezen.")})
    return _save_record(user=user, record=record, action=Action.CHANGE)


@user_scoped
def session_update(
    *,
    user,
    session: Session,
    category: str,
    title: str = "",
    participant_ids: Iterable[int] = (),
    new_participants: Sequence[tuple[str, str]] = (),
    anonymous_count: int = 0,
) -> Session:
    """Correct a session: category, title, anonymous count and the full list of participants
    (``participant_ids`` existing, ``new_participants`` (code, nickname) pairs to create).
    Attendances not in the new list are removed. Same checks as :func:`session_register`.
    """
    location = session.location
    _check(user, Action.CHANGE, location)
    if category not in Category.values:
        raise ValidationError({"category": _("Kies een categorie.")})
    if anonymous_count < 0:
        raise ValidationError({"anonymous_count": _("Het aantal kan niet negatief zijn.")})
    ids = set(participant_ids)
    organisation = location.organisation
    found = set(
        Participant.objects.filter(pk__in=ids, organisation=organisation).values_list(
            "pk", flat=True
        )
    )
    if found != ids:
        raise ValidationError({"participants": _("Onbekende deelnemer gekozen.")})
    with transaction.atomic(), acting_as(user):
        taken: set[str] = set()
        for code, nickname in new_participants:
            code = code.strip()
            _check_new_code(organisation=organisation, code=code, taken=taken)
            ids.add(
                Participant.objects.create(
                    organisation=organisation,
                    home_location=location,
                    code=code,
                    nickname=nickname.strip(),
                ).pk
            )
        session.category, session.title = category, title.strip()
        session.anonymous_count = anonymous_count
        session.save()
        current = set(session.attendances.values_list("participant_id", flat=True))
        for attendance in session.attendances.exclude(participant_id__in=ids):
            attendance.delete()
        bulk_create_tracked(
            Attendance,
            [Attendance(session=session, participant_id=pk) for pk in sorted(ids - current)],
        )
    return session
