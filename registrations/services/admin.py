"""Writes of the Django admin (:mod:`registrations.admin`): saving and deleting one
registration of any model, with the access check the action needs.

The admin's forms validate first (the model's validation and the admin forms' checks); these
services check that the user may take the action at the record's location
(:func:`registrations.services.base.location_of`: ADD for a new record, CHANGE for a change,
DELETE for a delete), obey the rules every entry path obeys (nothing written in a closed
period, :mod:`registrations.services.rules`) and write in one transaction, the history naming
the user.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction

from locations.access import Action, user_scoped
from locations.access.grants import AnyUser
from registrations.services.base import check_write, location_of
from registrations.services.closed import closed_rows_errors
from registrations.services.fields import stored_values
from registrations.services.rules import check_registration
from registrations.tracking import acting_as

_R = TypeVar("_R", bound=models.Model)


@user_scoped
def registration_save(
    *,
    user: AnyUser,
    record: _R,
    many_to_many: Mapping[str, Iterable[models.Model]] | None = None,
) -> _R:
    """Save ``record`` (new: ADD, else CHANGE at its location) and set its many-to-many
    links (``many_to_many``: field name -> the related objects, e.g. a volunteer's
    ``locations``); return it. The rules every entry path obeys apply
    (:func:`registrations.services.rules.check_registration`, e.g. no registration date in
    the future; a change is judged against the record as stored, read once here, e.g. for
    closed periods; the admin's forms show them first). Raises PermissionDenied or
    ValidationError (nothing saved)."""
    action = Action.ADD if record._state.adding else Action.CHANGE
    check_write(user, action, location_of(record))
    check_registration(record, stored=stored_values(record))
    with transaction.atomic(), acting_as(user):
        record.save()
        for name, related in (many_to_many or {}).items():
            getattr(record, name).set(related)
    return record


@user_scoped
def registrations_delete(*, user: AnyUser, records: Iterable[models.Model]) -> int:
    """Delete ``records`` (and what their deletes cascade to) in one transaction, each only
    where ``user`` may delete registrations at its location; return how many were given.
    Every deleted row gets a "-" history row with ``user``. Raises PermissionDenied (nothing
    deleted); ValidationError (Dutch, nothing deleted) when a deleted row, also one the
    delete cascades to (e.g. a volunteer's key holdings), lies in a closed period
    (:func:`registrations.services.closed.closed_rows_errors`, one query after the deletes,
    inside the transaction); ProtectedError when another record still points at one (the
    admin's delete page lists those first)."""
    records = list(records)
    for record in records:
        check_write(user, Action.DELETE, location_of(record))
    with transaction.atomic(), acting_as(user) as written:
        for record in records:
            record.delete()
        errors = closed_rows_errors(row.instance for row in written if row.history_type == "-")
        if errors:
            raise ValidationError(errors)
    return len(records)
