"""Requests of a data subject (AVG art. 15 and 17; issue 10, "Subject access and erasure"):
the board and admins export everything about one participant or volunteer, and erase them on
request.

Access: :attr:`~locations.access.Area.PRIVACY` in the rules table, :attr:`Action.EXPORT` to
export and :attr:`Action.ERASE` to erase (the board and admins of the person's organisation;
PermissionDenied otherwise). Both run in the user's scope (``@user_scoped``).

Both are logged: an erasure in the register (:class:`~registrations.models.Erasure`: who,
when, which person by code, why); an export, until the general access log (the ``locations``
app) records it, on the ``bwk.privacy`` logger (who, when, which person, why).
"""

from __future__ import annotations

import datetime
import json
import logging
from typing import Any

from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from locations.access import Action, Area, build_scope, user_scoped
from locations.access.grants import AnyUser
from locations.audit import AccessKind, log_access
from registrations.models import Erasure, ErasureCause, Participant, PersonKind, Volunteer
from registrations.privacy.personal import PERSONAL_FIELDS, Person, erase_people, history_model

logger = logging.getLogger("bwk.privacy")

#: Shortest reason accepted for an erasure or an export (characters, after trimming).
MIN_REASON = 10

#: Version of the export's layout (``format`` in the file).
EXPORT_FORMAT = "bwk-subject-access/1"


def _check(user: AnyUser, action: Action, person: Participant | Volunteer) -> None:
    build_scope(user).check(action, Area.PRIVACY, organisation_id=person.organisation_id)


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise ValidationError(
            {"reason": _("Geef een reden van minstens %(count)s tekens.") % {"count": MIN_REASON}}
        )
    return reason


def kind_of(person: Participant | Volunteer) -> str:
    """The :class:`~registrations.models.PersonKind` value of a participant or volunteer."""
    return PersonKind.PARTICIPANT if isinstance(person, Participant) else PersonKind.VOLUNTEER


def _rows(queryset: models.QuerySet[Any]) -> list[dict[str, Any]]:
    """Rows as Django's serializer gives them: ``{"model", "pk", "fields"}``."""
    return list(serializers.serialize("python", queryset))


def person_records(person: Participant | Volunteer) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Every record that refers to ``person`` in the active scope, per table (the
    ``db_table`` of each model in :data:`~registrations.privacy.personal.PERSONAL_FIELDS`):
    ``{"records": [...], "history": [...]}``, each row as Django's serializer gives it."""
    result = {}
    for linked in PERSONAL_FIELDS[kind_of(person)]:
        lookup = {linked.link: person.pk}
        live = linked.model._default_manager.filter(**lookup).order_by("pk")
        past = history_model(linked.model)._default_manager.filter(**lookup)
        result[linked.model._meta.db_table] = {
            "records": _rows(live),
            "history": _rows(past.order_by("history_date", "history_id")),
        }
    return result


@user_scoped
def person_export(*, user: AnyUser, person: Participant | Volunteer, reason: str) -> bytes:
    """Everything about ``person`` as one JSON document (UTF-8 bytes): the format, when and
    by whom it was made and why, the person's kind and code, every record that refers to them
    and its history rows (:func:`person_records`; a session's own row for each attendance
    under ``sessions``, a volunteer's locations) and the register of their erasures.

    ``reason`` (at least :data:`MIN_REASON` characters) is why it was asked (e.g. "verzoek
    om inzage van 3 maart"). Raises PermissionDenied unless ``user`` may export in the privacy
    area of the person's organisation, ValidationError for a short reason. Logged in the
    access log (:mod:`locations.audit`: an export of ``person`` with the reason) and on the
    ``bwk.privacy`` logger.
    """
    _check(user, Action.EXPORT, person)
    reason = _reason(reason)
    kind = kind_of(person)
    records = person_records(person)
    extra: dict[str, Any] = {}
    if isinstance(person, Participant):
        extra["sessions"] = _rows(person.sessions.order_by("date", "pk"))
    else:
        extra["locations"] = list(person.locations.order_by("pk").values("id", "code", "name"))
        extra["groups"] = _rows(person.groups.order_by("pk"))
    erasures = Erasure.objects.filter(
        organisation_id=person.organisation_id, person_kind=kind, person_id=person.pk
    ).order_by("erased_at", "pk")
    assert isinstance(user, get_user_model())  # the check let only a signed-in user through
    document = {
        "format": EXPORT_FORMAT,
        "made_at": timezone.now(),
        "made_by": user.get_username(),
        "reason": reason,
        "person": {"kind": kind, "id": person.pk, "code": person.code},
        "records": records,
        **extra,
        "erasures": _rows(erasures),
    }
    log_access(
        user=user,
        organisation_id=person.organisation_id,
        kind=AccessKind.EXPORT,
        subject=person._meta.label_lower,
        object_id=person.pk,
        reason=reason,
    )
    logger.info(
        "Subject access export: user=%s organisation=%s %s=%s reason=%r",
        user.get_username(),
        person.organisation_id,
        kind,
        person.code,
        reason,
    )
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def export_file_name(person: Participant | Volunteer, day: datetime.date | None = None) -> str:
    """The download name of an export: ``inzage-<kind>-<code>-<YYYY-MM-DD>.json``."""
    day = day or timezone.localdate()
    return f"inzage-{kind_of(person)}-{person.code}-{day.isoformat()}.json"


@user_scoped
def person_erase(
    *, user: AnyUser, person: Participant | Volunteer, reason: str, confirm_code: str
) -> Erasure:
    """Erase ``person`` on their request: empty their personal fields in the live rows and
    the history rows (:func:`~registrations.privacy.personal.erase_people`); the pseudonymous
    row and every record stay, so every count stays reproducible. Cannot be undone.

    ``confirm_code`` must repeat the person's code (case-insensitive) and ``reason`` (at
    least :data:`MIN_REASON` characters) says why; both are checked before anything is
    written (ValidationError, Dutch, keyed by field). Raises PermissionDenied unless ``user``
    may erase in the privacy area of the person's organisation. Returns the register row.
    """
    _check(user, Action.ERASE, person)
    errors: dict[str, str | list[str]] = {}
    if (confirm_code or "").strip().casefold() != person.code.casefold():
        errors["confirm_code"] = _("Typ de code %(code)s over om te bevestigen.") % {
            "code": person.code
        }
    try:
        reason = _reason(reason)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    assert isinstance(user, get_user_model())  # the check let only a signed-in user through
    (erasure,) = erase_people(
        kind_of(person),
        [Person(person.pk, person.code, person.organisation_id)],
        cause=ErasureCause.REQUEST,
        reason=reason,
        user=user,
        register_all=True,
    )
    return erasure


def erasures_of(person: Participant | Volunteer) -> models.QuerySet[Erasure]:
    """The register rows of ``person`` in the active scope, newest first."""
    return Erasure.objects.filter(
        organisation_id=person.organisation_id, person_kind=kind_of(person), person_id=person.pk
    ).select_related("erased_by")


__all__ = [
    "MIN_REASON",
    "erasures_of",
    "export_file_name",
    "kind_of",
    "person_erase",
    "person_export",
    "person_records",
]
