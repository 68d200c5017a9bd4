"""Writes of the registrations app: participants, sessions with attendances, jobs.

Every service is keyword-only, runs in one transaction, checks that ``user`` may write at the
location (:func:`registrations.access.check_can_write_at`: coordinator of the location or
admin of its organisation; the board may not) and raises ``PermissionDenied`` otherwise.
Invalid input raises ``ValidationError`` with a Dutch message, keyed by field where possible.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agreements.choices import Category
from locations.models import Location, Organisation
from registrations.access import check_can_write_at
from registrations.models import Attendance, Job, Participant, Session


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
        Participant.unscoped.filter(organisation=organisation, code__iexact=code).exists()
    ):
        raise ValidationError(
            {
                "code": _("De deelnemerscode %(code)s bestaat al. Kies een andere code.")
                % {"code": code}
            }
        )
    taken.add(code.lower())


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
    check_can_write_at(user, location)
    if location.organisation_id != organisation.pk:
        raise ValidationError(_("Deze buurtwerkkamer hoort niet bij deze organisatie."))
    code = code.strip()
    with transaction.atomic():
        _check_new_code(organisation=organisation, code=code, taken=set())
        return Participant.unscoped.create(
            organisation=organisation,
            home_location=location,
            code=code,
            nickname=nickname.strip(),
        )


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
    check_can_write_at(user, location)
    if category not in Category.values:
        raise ValidationError({"category": _("Kies een categorie.")})
    if anonymous_count < 0:
        raise ValidationError({"anonymous_count": _("Het aantal kan niet negatief zijn.")})
    ids = set(participant_ids)
    organisation = location.organisation
    found = set(
        Participant.unscoped.filter(pk__in=ids, organisation=organisation).values_list(
            "pk", flat=True
        )
    )
    if found != ids:
        raise ValidationError({"participants": _("Onbekende deelnemer gekozen.")})
    with transaction.atomic():
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
        Participant.unscoped.bulk_create(created)
        session = Session.unscoped.create(
            location=location,
            date=date,
            category=category,
            title=title.strip(),
            anonymous_count=anonymous_count,
            created_by=user,
        )
        Attendance.unscoped.bulk_create(
            [Attendance(session=session, participant_id=pk) for pk in sorted(ids)]
            + [Attendance(session=session, participant=p) for p in created]
        )
    return session


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
    check_can_write_at(user, location)
    description = description.strip()
    if not description:
        raise ValidationError({"description": _("Beschrijf kort wat de klus was.")})
    if participant is not None and participant.organisation_id != location.organisation_id:
        raise ValidationError({"participant": _("Onbekende deelnemer.")})
    with transaction.atomic():
        return Job.unscoped.create(
            location=location,
            date=date,
            description=description,
            participant=participant,
            created_by=user,
        )
