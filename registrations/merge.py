"""Merging two records of the same person (issue 3: "staff can merge two records; counts stay
right after a merge").

Who may merge (decision, documented in docs and the merge page): whoever may change
registrations at BOTH records' home locations (:mod:`locations.access`): an admin of the
organisation (every location), a coordinator of the location(s) concerned, a superuser. The
board reads only, so it cannot merge. Both records must belong to the same organisation.

A merge moves every reference from ``remove`` to ``keep`` (found through the model's reverse
relations, so a new model that points at a participant or volunteer is moved too), then
deletes ``remove``. Every moved row and the delete get a historical row with the user and
reason "samengevoegd met <code>" (registrations.tracking). All or nothing.

Closed periods (issue 9): a merge changes the registrations it moves (and the counts of the
periods they lie in: that is its purpose), so it is refused when a moved or dropped row lies in
a closed period at its location, or when the merged volunteer's dates change a closed day
(:mod:`registrations.services.closed`); nothing is merged then. An admin reopens the period
first, or the duplicate stays until then.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from locations.access import Action, Area, build_scope, user_scoped
from locations.access.grants import AnyUser
from registrations.models.participants import Attendance, Participant
from registrations.models.volunteers import Volunteer
from registrations.services.closed import closed_errors, closed_rows_errors
from registrations.services.fields import field_values
from registrations.tracking import TenantHistoricalModel, acting_as

#: Who can be merged: two participants, or two volunteers.
_Person = TypeVar("_Person", Participant, Volunteer)


@dataclass(frozen=True)
class MergePreview:
    """What a merge would move: ``counts`` maps a model's verbose plural name to the number
    of ``remove``'s rows that move to ``keep``; ``shared_sessions`` counts sessions both
    attended (their attendance of ``remove`` is dropped, not moved)."""

    counts: dict[str, int]
    shared_sessions: int


def _references(record: Participant | Volunteer) -> list[tuple[type[models.Model], str]]:
    """(model, field name) of every foreign key pointing at ``record``'s model."""
    return [
        (rel.related_model, rel.field.name)
        for rel in record._meta.related_objects
        if not rel.many_to_many
        and rel.related_model._meta.app_label == "registrations"
        and not (rel.related_model._meta.model_name or "").startswith("historical")
    ]


def _check(keep: _Person, remove: _Person, user: AnyUser) -> None:
    if keep.pk == remove.pk:
        raise ValidationError(_("Kies twee verschillende records om samen te voegen."))
    if keep.organisation_id != remove.organisation_id:
        raise ValidationError(_("Alleen records van dezelfde organisatie kunnen samengaan."))
    scope = build_scope(user)
    scope.check_at(Action.CHANGE, Area.REGISTRATION, keep.home_location)
    scope.check_at(Action.DELETE, Area.REGISTRATION, remove.home_location)


def merge_preview(*, keep: _Person, remove: _Person) -> MergePreview:
    """Count what :func:`merge_participants` / :func:`merge_volunteers` would move (no
    permission check, no writes). One query per referencing model."""
    counts: dict[str, int] = {}
    for model, field_name in _references(remove):
        count = model._base_manager.filter(**{field_name: remove.pk}).count()
        if count:
            counts[str(model._meta.verbose_name_plural)] = count
    shared = 0
    if isinstance(remove, Participant):
        shared = (
            Attendance._base_manager.filter(participant=remove)
            .filter(session__attendances__participant=keep)
            .count()
        )
    return MergePreview(counts=counts, shared_sessions=shared)


def _check_open(written: list[TenantHistoricalModel]) -> None:
    """Raise ValidationError (Dutch) when a row the merge moved or dropped so far lies in a
    closed period (the people themselves are left out by :func:`closed_rows_errors`; ``remove``
    is deleted after this check, when everything pointing at it has moved)."""
    errors = closed_rows_errors(record.instance for record in written)
    if errors:
        raise ValidationError(errors)


def _move_references(keep: _Person, remove: _Person) -> None:
    for model, field_name in _references(remove):
        rows = model._base_manager.filter(**{field_name: remove.pk})
        if model is Attendance:
            shared = rows.filter(session__attendances__participant=keep)
            for row in shared:  # keep's attendance of that session stays
                row.delete()
            rows = model._base_manager.filter(**{field_name: remove.pk})
        for row in rows:
            setattr(row, field_name, keep)
            row.save(update_fields=[field_name])


@user_scoped
def merge_participants(*, keep: Participant, remove: Participant, user: AnyUser) -> Participant:
    """Merge participant ``remove`` into ``keep``; return ``keep`` (``remove`` is deleted).

    Moves attendances (a session attended by both keeps one attendance: ``keep``'s), jobs,
    referrals in and out, placements, paid work, minima applications, debt support,
    association memberships and volunteer records. ``keep``'s code and home location stay;
    an empty nickname of ``keep`` takes ``remove``'s. Unique-participant counts (DOMAIN.md,
    Uniek #) then count the person once.

    Raises ValidationError (Dutch) for the same record twice, records of two organisations or
    a moved row in a closed period (module docstring), PermissionDenied when ``user`` may not
    write at both home locations (module docstring).
    """
    _check(keep, remove, user)
    reason = _("samengevoegd met %(code)s") % {"code": keep.code}
    with transaction.atomic(), acting_as(user, reason) as written:
        _move_references(keep, remove)
        if not keep.nickname and remove.nickname:
            keep.nickname = remove.nickname
            keep.save(update_fields=["nickname"])
        _check_open(written)
        remove.delete()
    return keep


@user_scoped
def merge_volunteers(*, keep: Volunteer, remove: Volunteer, user: AnyUser) -> Volunteer:
    """Merge volunteer ``remove`` into ``keep``; return ``keep`` (``remove`` is deleted).

    Moves key holdings, volunteer-group memberships and hours; ``keep`` also gets
    ``remove``'s locations (union), its participant link and nickname when ``keep`` has none,
    the earliest start date, and no end date when either is still active (else the latest).
    ``is_professional`` stays ``keep``'s. Errors as :func:`merge_participants`.
    """
    _check(keep, remove, user)
    reason = _("samengevoegd met %(code)s") % {"code": keep.code}
    stored = field_values(keep)
    with transaction.atomic(), acting_as(user, reason) as written:
        _move_references(keep, remove)
        keep.locations.add(*remove.locations.all())
        if keep.participant_id is None and remove.participant_id is not None:
            keep.participant_id = remove.participant_id
        if not keep.nickname and remove.nickname:
            keep.nickname = remove.nickname
        starts = [d for d in (keep.started_on, remove.started_on) if d is not None]
        keep.started_on = min(starts) if starts else None
        if keep.ended_on is None or remove.ended_on is None:
            keep.ended_on = None
        else:
            keep.ended_on = max(keep.ended_on, remove.ended_on)
        closed = closed_errors(Volunteer, field_values(keep), stored=stored)
        if closed:
            raise ValidationError([message for messages in closed.values() for message in messages])
        keep.save()
        _check_open(written)
        remove.delete()
    return keep
