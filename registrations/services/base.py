"""Shared plumbing of the services: the access check and saving one validated record."""

from __future__ import annotations

from django.db import models, transaction

from locations.access import Action, Area, build_scope
from locations.models import Location


def check_write(user, action: Action, location: Location) -> None:
    """Raise PermissionDenied (Dutch, naming the location) unless the access rules let
    ``user`` take ``action`` (ADD, CHANGE, DELETE) on registrations at ``location``."""
    build_scope(user).check_at(action, Area.REGISTRATION, location)


def save_record(*, user, record: models.Model, action: Action = Action.ADD) -> models.Model:
    """Check the user may take ``action`` at ``record.location``, validate the fields, save,
    return the record.

    ``record.full_clean`` runs the model's validators (e.g. field lengths) with Dutch messages
    (ValidationError keyed by field); PermissionDenied when the access rules refuse.
    """
    check_write(user, action, record.location)
    record.full_clean(exclude=["created_by", "location"])
    with transaction.atomic():
        record.save()
    return record
