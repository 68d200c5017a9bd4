"""Shared plumbing of the services: the location a record belongs to, the access check,
saving one validated record, raising field errors, and turning a unique violation (another
request wrote the same record a moment earlier) into those field errors."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

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

    A unique rule of the model (e.g. one member number per location) that another request
    broke a moment earlier, after the checks above passed, raises the constraint's
    ValidationError too (:func:`taken_as_invalid`), never an IntegrityError.
    """
    check_write(user, action, location_of(record))
    record.full_clean(exclude=["created_by", "location"])
    check_registration(record, stored=stored)
    with taken_as_invalid(lambda: constraint_errors(record)), transaction.atomic(), acting_as(user):
        record.save()
    return record


def violated_constraint(error: IntegrityError) -> str | None:
    """The name of the unique constraint PostgreSQL reports in ``error`` (SQLSTATE 23505);
    None for any other integrity error."""
    cause = error.__cause__
    if getattr(cause, "sqlstate", None) != "23505":
        return None
    return getattr(getattr(cause, "diag", None), "constraint_name", None)


def constraint_errors(record: models.Model) -> dict[str, list[str]]:
    """The Dutch messages of the model's constraints that ``record`` breaks now (Django's
    ``validate_constraints``, one query per constraint), keyed by field (``__all__`` for the
    record); empty when it breaks none."""
    try:
        record.validate_constraints()
    except ValidationError as error:
        return error.message_dict
    return {}


@contextmanager
def taken_as_invalid(errors: Callable[[], Mapping[str, list[str]]]) -> Iterator[None]:
    """Run a write in which a unique violation means "another request wrote it first".

    Wrap it around the write's ``transaction.atomic()`` (so the block is rolled back first):
    a unique violation (:func:`violated_constraint`) raises ``ValidationError(errors())``, the
    messages the same rule gives when the requests come one after the other (``errors`` runs
    after the rollback, so its queries see the other request's row); a generic Dutch message
    when ``errors()`` finds nothing. Any other IntegrityError is raised as it is.
    """
    try:
        yield
    except IntegrityError as error:
        if violated_constraint(error) is None:
            raise
        found = {field: messages for field, messages in errors().items() if messages}
        raise ValidationError(
            found or _("Dit is zojuist al vastgelegd, misschien door iemand anders.")
        ) from error


def raise_errors(**errors: list[str]) -> None:
    """Raise one ValidationError keyed by field with every non-empty list of Dutch messages in
    ``errors`` (field name -> messages); do nothing when all are empty."""
    found = {field: messages for field, messages in errors.items() if messages}
    if found:
        raise ValidationError(found)
