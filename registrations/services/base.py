"""Shared plumbing of the services: the location a record belongs to, the access check,
saving one validated record, and raising field errors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction

from locations.access import Action, Area, build_scope
from locations.access.grants import AnyUser
from locations.models import Location
from registrations.services.rules import check_registration
from registrations.tracking import acting_as

if TYPE_CHECKING:
    from django.contrib.auth.models import User

_R = TypeVar("_R", bound=models.Model)


def location_of(obj: models.Model) -> Location:
    """The location whose staff may change ``obj``: the object's ``location_path`` (e.g. an
    attendance's session's location), else its ``home_location`` (participants, volunteers).

    Raises TypeError for a model with neither.
    """
    path = getattr(type(obj), "location_path", None)
    target: object = obj
    if path:
        for part in path.split("__"):
            target = getattr(target, part)
    elif hasattr(obj, "home_location"):
        target = obj.home_location
    else:
        raise TypeError(f"{type(obj).__name__} has no location")
    assert isinstance(target, Location)  # every location path and home location ends at one
    return target


def check_write(user: AnyUser, action: Action, location: Location) -> User:
    """Raise PermissionDenied (Dutch, naming the location) unless the access rules let
    ``user`` take ``action`` (ADD, CHANGE, DELETE) on registrations at ``location``. Returns
    ``user`` as the signed-in account the check let through (e.g. for ``created_by``)."""
    build_scope(user).check_at(action, Area.REGISTRATION, location)
    assert isinstance(user, get_user_model())  # the check lets only a signed-in user through
    return user


def save_record(
    *,
    user: AnyUser,
    record: _R,
    action: Action = Action.ADD,
    stored: Mapping[str, Any] | None = None,
) -> _R:
    """Check the user may take ``action`` at the record's location (:func:`location_of`: its
    ``location``), validate the fields, save, return the record.

    ``record.full_clean`` runs the model's validators (e.g. field lengths) and
    :func:`registrations.services.rules.check_registration` the rules every entry path obeys
    (e.g. no registration date in the future, nothing in a closed period), with Dutch
    messages (ValidationError keyed by field); PermissionDenied when the access rules refuse.
    ``stored``: for a change, the record's values before it (``rules.field_values`` of the
    record as read, taken by the calling service before it changes the record), so that a
    change is judged against what it changes.
    """
    check_write(user, action, location_of(record))
    record.full_clean(exclude=["created_by", "location"])
    check_registration(record, stored=stored)
    with transaction.atomic(), acting_as(user):
        record.save()
    return record


def raise_errors(**errors: list[str]) -> None:
    """Raise one ValidationError keyed by field with every non-empty list of Dutch messages in
    ``errors`` (field name -> messages); do nothing when all are empty."""
    found = {field: messages for field, messages in errors.items() if messages}
    if found:
        raise ValidationError(found)
