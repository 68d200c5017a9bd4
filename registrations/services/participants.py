"""Writes of participants, activity sessions with their attendances, and jobs (klussen):
the log page, the day page and corrections."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agreements.choices import Category
from locations.access import Action, user_scoped
from locations.access.grants import AnyUser
from locations.models import Location, Organisation
from locations.personal_data import bsn_errors
from registrations.models.participants import Attendance, Job, Participant, Session
from registrations.services.base import check_write, taken_as_invalid
from registrations.services.closed import check_open
from registrations.services.rules import (
    check_date,
    code_taken_errors,
    code_taken_message,
    nickname_errors,
    participant_code_errors,
    visitors_errors,
)
from registrations.tracking import acting_as, bulk_create_tracked


def _check_new_code(*, organisation_id: int, code: str, taken: set[str]) -> None:
    errors = participant_code_errors(code)
    if errors:
        raise ValidationError({"code": errors})
    if code.lower() in taken:
        errors = [code_taken_message(Participant, code)]
    else:
        errors = code_taken_errors(Participant, organisation_id=organisation_id, code=code)
    if errors:
        raise ValidationError({"code": errors})
    taken.add(code.lower())


def _taken_codes(
    organisation_id: int, codes: Iterable[str], field: str
) -> Callable[[], dict[str, list[str]]]:
    """For :func:`~registrations.services.base.taken_as_invalid`: the Dutch messages, keyed
    by ``field``, for the ``codes`` another request registered in the organisation while this
    one was writing them (the same message as when the requests come one after the other)."""
    return lambda: {
        field: [
            message
            for code in codes
            for message in code_taken_errors(
                Participant, organisation_id=organisation_id, code=code.strip()
            )
        ]
    }


@user_scoped
def participant_create(
    *,
    user: AnyUser,
    organisation: Organisation,
    location: Location,
    code: str,
    nickname: str = "",
) -> Participant:
    """Register a participant with ``location`` as home location; return the new Participant.

    ``code`` is stripped; it must match the code pattern, must not look like a BSN and must be
    unique in ``organisation`` ignoring case (also when another request registers the same
    code at the same moment: one of them gets the ValidationError, never an IntegrityError).
    ``location`` must belong to ``organisation``. Raises PermissionDenied (user may not write
    at ``location``) or ValidationError.
    """
    check_write(user, Action.ADD, location)
    if location.organisation_id != organisation.pk:
        raise ValidationError(_("Deze buurtwerkkamer hoort niet bij deze organisatie."))
    code = code.strip()
    taken = _taken_codes(organisation.pk, [code], "code")
    with taken_as_invalid(taken), transaction.atomic(), acting_as(user):
        _check_new_code(organisation_id=organisation.pk, code=code, taken=set())
        if nickname_errors(nickname):
            raise ValidationError({"nickname": nickname_errors(nickname)})
        return Participant.objects.create(
            organisation=organisation,
            home_location=location,
            code=code,
            nickname=nickname.strip(),
        )


def _checked_session(
    *,
    location: Location,
    category: str,
    participant_ids: Iterable[int],
    new_participants: Sequence[tuple[str, str]],
    anonymous_count: int,
) -> set[int]:
    """The checks a session's content must pass when logged and when corrected: a known
    category, no negative head count, at least one participant or anonymous visitor, and
    existing participants of the location's organisation. Returns the participants' ids;
    raises ValidationError (Dutch, keyed by field) otherwise."""
    if category not in Category.values:
        raise ValidationError({"category": _("Kies een categorie.")})
    if anonymous_count < 0:
        raise ValidationError({"anonymous_count": _("Het aantal kan niet negatief zijn.")})
    ids = set(participant_ids)
    errors = visitors_errors(len(ids) + len(new_participants), anonymous_count)
    if errors:
        raise ValidationError(errors)
    found = set(
        Participant.objects.filter(
            pk__in=ids, organisation_id=location.organisation_id
        ).values_list("pk", flat=True)
    )
    if found != ids:
        raise ValidationError(
            {
                "participants": _(
                    "Onbekende deelnemer gekozen. Kies de deelnemer opnieuw uit de lijst."
                )
            }
        )
    return ids


@user_scoped
def session_register(
    *,
    user: AnyUser,
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
    - ``anonymous_count``: walk-ins without a code (visits, never unique participants); a
      session has at least one participant or anonymous visitor.
    - ``date``: not in the future (:func:`registrations.services.rules.date_errors`), not in
      a closed period at ``location`` (:func:`registrations.services.closed.check_open`).
    Raises PermissionDenied or ValidationError; nothing is saved on error. A new code that
    another request registers at the same moment raises the ValidationError "already exists"
    (``new_participants``) for one of the two, never an IntegrityError.
    """
    author = check_write(user, Action.ADD, location)
    check_date(date)  # the location's first possible day: checked by the forms and the import
    check_open(location, date)
    if bsn_errors(title):
        raise ValidationError({"title": bsn_errors(title)})
    ids = _checked_session(
        location=location,
        category=category,
        participant_ids=participant_ids,
        new_participants=new_participants,
        anonymous_count=anonymous_count,
    )
    # By id: the organisation itself is not read (issue 13, "A fast save").
    organisation_id = location.organisation_id
    raced = _taken_codes(
        organisation_id, [code for code, _n in new_participants], "new_participants"
    )
    with taken_as_invalid(raced), transaction.atomic(), acting_as(user):
        taken: set[str] = set()
        created: list[Participant] = []
        for code, nickname in new_participants:
            code = code.strip()
            _check_new_code(organisation_id=organisation_id, code=code, taken=taken)
            if nickname_errors(nickname):
                raise ValidationError({"new_participants": nickname_errors(nickname)})
            created.append(
                Participant(
                    organisation_id=organisation_id,
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
            created_by=author,
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
    user: AnyUser,
    location: Location,
    date: datetime.date,
    description: str,
    participant: Participant | None = None,
) -> Job:
    """Log one job (klus) done at ``location``'s neighbourhood; return the new Job.

    ``participant`` (optional) is the resident the job was for and must belong to the
    location's organisation; ``date`` may not lie in the future nor in a closed period at
    ``location``. Raises PermissionDenied or ValidationError.
    """
    author = check_write(user, Action.ADD, location)
    check_date(date, location=location)
    check_open(location, date)
    description = description.strip()
    if not description:
        raise ValidationError({"description": _("Beschrijf kort wat de klus was.")})
    if bsn_errors(description):
        raise ValidationError({"description": bsn_errors(description)})
    if participant is not None and participant.organisation_id != location.organisation_id:
        raise ValidationError(
            {"participant": _("Deze deelnemer is niet gevonden. Controleer de code.")}
        )
    with transaction.atomic(), acting_as(user):
        return Job.objects.create(
            location=location,
            date=date,
            description=description,
            participant=participant,
            created_by=author,
        )


@user_scoped
def session_update(
    *,
    user: AnyUser,
    session: Session,
    category: str,
    title: str = "",
    participant_ids: Iterable[int] = (),
    new_participants: Sequence[tuple[str, str]] = (),
    anonymous_count: int = 0,
) -> Session:
    """Correct a session: category, title, anonymous count and the full list of participants
    (``participant_ids`` existing, ``new_participants`` (code, nickname) pairs to create).
    Attendances not in the new list are removed. Same checks as :func:`session_register`; a
    session dated in the future (which no entry path saves any more) or in a closed period
    cannot be corrected.
    """
    location = session.location
    check_write(user, Action.CHANGE, location)
    check_date(session.date, location=session.location)
    check_open(location, session.date)
    ids = _checked_session(
        location=location,
        category=category,
        participant_ids=participant_ids,
        new_participants=new_participants,
        anonymous_count=anonymous_count,
    )
    # By id: the organisation itself is not read (issue 13, "A fast save").
    organisation_id = location.organisation_id
    raced = _taken_codes(
        organisation_id, [code for code, _n in new_participants], "new_participants"
    )
    with taken_as_invalid(raced), transaction.atomic(), acting_as(user):
        taken: set[str] = set()
        for code, nickname in new_participants:
            code = code.strip()
            _check_new_code(organisation_id=organisation_id, code=code, taken=taken)
            if nickname_errors(nickname):
                raise ValidationError({"new_participants": nickname_errors(nickname)})
            ids.add(
                Participant.objects.create(
                    organisation_id=organisation_id,
                    home_location=location,
                    code=code,
                    nickname=nickname.strip(),
                ).pk
            )
        if bsn_errors(title):
            raise ValidationError({"title": bsn_errors(title)})
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
