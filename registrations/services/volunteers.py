"""Writes of volunteers and their hours (the day page's quick hours entry), key holdings
and volunteer groups (the records page)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from locations.access import Action, user_scoped
from locations.access.grants import AnyUser
from locations.models import Location
from registrations.models.volunteers import (
    HoursSpan,
    KeyHolding,
    Volunteer,
    VolunteerGroup,
    VolunteerHours,
)
from registrations.services.base import check_write, raise_errors, save_record
from registrations.services.closed import check_open
from registrations.services.rules import (
    check_date,
    code_taken_errors,
    field_values,
    hours_errors,
    nickname_errors,
    participant_code_errors,
    period_errors,
)
from registrations.tracking import acting_as, bulk_create_tracked


@user_scoped
def volunteer_create(
    *,
    user: AnyUser,
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
    author = check_write(user, Action.ADD, location)
    code = code.strip()
    errors = participant_code_errors(code)
    if errors:
        raise ValidationError({"code": errors})
    organisation = location.organisation
    with transaction.atomic(), acting_as(user):
        errors = code_taken_errors(Volunteer, organisation_id=organisation.pk, code=code)
        if errors:
            raise ValidationError({"code": errors})
        if nickname_errors(nickname):
            raise ValidationError({"nickname": nickname_errors(nickname)})
        volunteer = Volunteer.objects.create(
            organisation=organisation,
            home_location=location,
            code=code,
            nickname=nickname.strip(),
            is_professional=is_professional,
            created_by=author,
        )
        volunteer.locations.add(location)
    return volunteer


@user_scoped
def hours_register(
    *,
    user: AnyUser,
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
    Raises PermissionDenied, or ValidationError (nothing saved) for a future date or one in a
    closed period at ``location``, a bad figure, no entries, or a volunteer of another
    organisation.
    """
    author = check_write(user, Action.ADD, location)
    check_date(date, location=location)
    check_open(location, date)
    if span not in HoursSpan.values:
        raise ValidationError({"span": _("Kies dag of week.")})
    if not entries:
        raise ValidationError(_("Vul voor minstens één vrijwilliger uren in."))
    rows: list[VolunteerHours] = []
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
                created_by=author,
            )
        )
    with transaction.atomic(), acting_as(user):
        return bulk_create_tracked(VolunteerHours, rows)


@user_scoped
def hours_update(
    *, user: AnyUser, record: VolunteerHours, hours: Decimal, span: str
) -> VolunteerHours:
    """Correct the hours (Decimal) and span of one hours row; same rules as hours_register
    (also: not in a closed period)."""
    errors = hours_errors(hours, span)
    if errors:
        raise ValidationError({"hours": errors})
    stored = field_values(record)
    record.hours, record.span = hours, span
    return save_record(user=user, record=record, action=Action.CHANGE, stored=stored)


@user_scoped
def hours_register_codes(
    *,
    user: AnyUser,
    location: Location,
    date: datetime.date,
    span: str,
    entries: Sequence[tuple[str, Decimal]],
    new_codes: Sequence[str] = (),
) -> list[VolunteerHours]:
    """The day page's quick hours entry: hours by volunteer code, in one transaction.

    First registers a volunteer at ``location`` for each code of ``new_codes``
    (:func:`volunteer_create`), then records ``entries`` ((code, hours) pairs; codes of the
    location's organisation, ignoring case) with :func:`hours_register`. Returns the new hours
    rows. Raises PermissionDenied, or ValidationError (nothing saved) for an unknown code or
    whatever the two services refuse.
    """
    with transaction.atomic(), acting_as(user):
        created = [volunteer_create(user=user, location=location, code=code) for code in new_codes]
        found: dict[str, Volunteer] = {
            volunteer.code_lower: volunteer
            for volunteer in Volunteer.objects.annotate(code_lower=Lower("code")).filter(
                organisation_id=location.organisation_id,
                code_lower__in=[code.lower() for code, _hours in entries],
            )
        }
        found.update({volunteer.code.lower(): volunteer for volunteer in created})
        unknown = [code for code, _hours in entries if code.lower() not in found]
        if unknown:
            raise ValidationError(
                {
                    "volunteer": _("Onbekende vrijwilliger: %(codes)s.")
                    % {"codes": ", ".join(unknown)}
                }
            )
        return hours_register(
            user=user,
            location=location,
            date=date,
            span=span,
            entries=[(found[code.lower()], hours) for code, hours in entries],
        )


@user_scoped
def key_holding_register(
    *,
    user: AnyUser,
    location: Location,
    volunteer: Volunteer,
    started_on: datetime.date,
    ended_on: datetime.date | None = None,
) -> KeyHolding:
    """Record that ``volunteer`` (of ``location``'s organisation) holds a key of ``location``
    from ``started_on`` up to and including ``ended_on`` (empty: still holds it). Raises
    PermissionDenied or ValidationError (nothing saved)."""
    author = check_write(user, Action.ADD, location)
    raise_errors(
        volunteer=[_("Onbekende vrijwilliger.")]
        if volunteer.organisation_id != location.organisation_id
        else [],
        ended_on=period_errors(started_on, ended_on),
    )
    return save_record(
        user=user,
        record=KeyHolding(
            location=location,
            volunteer=volunteer,
            started_on=started_on,
            ended_on=ended_on,
            created_by=author,
        ),
    )


@user_scoped
def volunteer_group_register(
    *,
    user: AnyUser,
    location: Location,
    name: str,
    active_from: datetime.date,
    active_to: datetime.date | None = None,
) -> VolunteerGroup:
    """Record a named volunteer group of ``location`` (klussendienst, tuingroep, ...), active
    from ``active_from`` up to and including ``active_to`` (empty: still active). Raises
    PermissionDenied or ValidationError."""
    author = check_write(user, Action.ADD, location)
    raise_errors(active_to=period_errors(active_from, active_to))
    return save_record(
        user=user,
        record=VolunteerGroup(
            location=location,
            name=name.strip(),
            active_from=active_from,
            active_to=active_to,
            created_by=author,
        ),
    )
