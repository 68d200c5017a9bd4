"""Deleting with undo, and reading who changed what (issue 3: "Corrections keep history (who
changed what, when). Deleting asks for confirmation and can be undone for a while.").

The history itself is django-simple-history (see :mod:`registrations.tracking`): every save
and delete of a registrations model writes a historical row with the user. A delete through
:func:`delete_with_undo` keeps the deleted values there (history type "-") and returns a
signed token; :func:`undo_delete` rebuilds the rows from those historical rows within
:data:`UNDO_MAX_AGE` seconds.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core import signing
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from simple_history.utils import get_history_model_for_model

from locations.access import Action, Area, build_scope, user_scoped
from locations.access.grants import AnyUser
from registrations.services.base import location_of
from registrations.services.closed import closed_rows_errors
from registrations.tracking import TenantHistoricalModel, acting_as, bulk_delete_tracked

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from registrations.models import Participant, Volunteer

#: How long a delete can be undone, in seconds (30 minutes).
UNDO_MAX_AGE = 30 * 60
_SALT = "registrations.history.undo"


def is_tracked(model: models.Model | type[models.Model]) -> bool:
    """True when ``model`` (class or instance) keeps history (has ``TrackedHistory``)."""
    return hasattr(model._meta, "simple_history_manager_attribute")


@user_scoped
def delete_with_undo(obj: models.Model, *, user: AnyUser) -> str:
    """Delete ``obj`` (and what its delete cascades to) and return an undo token.

    - Permission: ``user`` must be allowed to delete registrations at :func:`location_of`
      ``obj`` (:mod:`locations.access`), else PermissionDenied.
    - History: every deleted row (``obj`` and e.g. a session's attendances) gets a historical
      row of type "-" with ``user`` and reason "verwijderd".
    - Also remembered for the undo: rows whose reference to ``obj`` the delete sets to empty
      (SET_NULL, e.g. a referral's participant) and ``obj``'s own many-to-many links
      (a volunteer's locations).
    - The token (a string, signed with ``django.core.signing``, salt ``registrations.history.undo``)
      names those historical rows; :func:`undo_delete` accepts it for :data:`UNDO_MAX_AGE`
      seconds.

    Raises TypeError for a model without history, PermissionDenied, or ValidationError (Dutch
    message, nothing deleted) when other records still point at ``obj`` (PROTECT, e.g. a
    participant with attendances: merge or delete those first) or when a deleted row lies in
    a closed period (:func:`registrations.services.closed.closed_rows_errors`, checked on the
    deleted rows inside the transaction: one query).
    """
    if not is_tracked(obj):
        raise TypeError(f"{type(obj).__name__} keeps no history")
    build_scope(user).check_at(Action.DELETE, Area.REGISTRATION, location_of(obj))
    set_null = []
    for rel in obj._meta.related_objects:
        if rel.on_delete is models.SET_NULL and not rel.many_to_many:
            pks = list(
                rel.related_model._base_manager.filter(**{rel.field.name: obj.pk}).values_list(
                    "pk", flat=True
                )
            )
            if pks:
                set_null.append([rel.related_model._meta.label_lower, rel.field.name, pks])
    m2m = {
        field.name: list(getattr(obj, field.name).values_list("pk", flat=True))
        for field in obj._meta.many_to_many
        if field.remote_field.through is not None and field.remote_field.through._meta.auto_created
    }
    top = [obj._meta.label_lower, obj.pk]
    try:
        with transaction.atomic(), acting_as(user, "verwijderd") as records:
            # Children that nothing else points at (a session's attendances) go first, in
            # bulk: one INSERT of their history and one DELETE, not a statement per row.
            for rel in obj._meta.related_objects:
                child = rel.related_model
                if (
                    rel.on_delete is models.CASCADE
                    and not rel.many_to_many
                    and is_tracked(child)
                    and not child._meta.related_objects
                ):
                    rows = list(child._base_manager.filter(**{rel.field.name: obj.pk}))
                    records.extend(bulk_delete_tracked(child, rows, user=user))
            obj.delete()
            closed = closed_rows_errors(r.instance for r in records if r.history_type == "-")
            if closed:
                raise ValidationError(closed)
    except ProtectedError as error:
        raise ValidationError(
            _(
                "%(object)s kan niet worden verwijderd: er is nog %(count)s registratie aan "
                "gekoppeld. Voeg de dubbele deelnemer samen of verwijder die registraties eerst."
            )
            % {"object": obj, "count": len(error.protected_objects)}
        ) from error
    deleted = [
        [record._meta.label_lower, record.history_id]
        for record in records
        if record.history_type == "-"
    ]
    payload = {"top": top, "deleted": deleted, "set_null": set_null, "m2m": m2m}
    return signing.dumps(payload, salt=_SALT, compress=True)


def _load(token: str) -> dict[str, Any]:
    """The payload of a :func:`delete_with_undo` token (decoded JSON); ValueError (Dutch)
    for an expired or bad one."""
    try:
        return signing.loads(token, salt=_SALT, max_age=UNDO_MAX_AGE)
    except signing.SignatureExpired as error:
        raise ValueError(
            _("Dit kan niet meer ongedaan worden gemaakt: de 30 minuten zijn voorbij.")
        ) from error
    except signing.BadSignature as error:
        raise ValueError(_("Deze herstelcode is ongeldig.")) from error


@user_scoped
def undo_delete(token: str, *, user: AnyUser) -> models.Model:
    """Restore what :func:`delete_with_undo` deleted; return the restored top object.

    Every deleted row is rebuilt from its historical "-" row with its old primary key (parents
    before children: a session before its attendances), the references set to empty by the
    delete point to it again, and its many-to-many links come back. The restore is recorded in
    the history ("+", reason "hersteld", ``user``). All or nothing.

    Raises ValueError (Dutch message) for a forged, damaged or expired token (older than
    :data:`UNDO_MAX_AGE`), a delete that was already undone, a row that cannot come back
    (e.g. its session was deleted separately) or a row that lies in a closed period
    (:func:`registrations.services.closed.closed_rows_errors`: one query for all rows);
    PermissionDenied when ``user`` may not add registrations at the location of any restored
    row (another organisation or location).
    """
    payload = _load(token)
    top_label, top_pk = payload["top"]
    try:
        with transaction.atomic(), acting_as(user, "hersteld"):
            instances: list[models.Model] = []
            for label, history_id in reversed(payload["deleted"]):
                historical_model = apps.get_model(label)
                # The token is signed: its rows are found whatever the scope, and the user's
                # right to bring each one back is checked below (403, not "not found").
                record = historical_model._base_manager.filter(history_id=history_id).first()
                if not isinstance(record, TenantHistoricalModel) or record.history_type != "-":
                    raise ValueError(_("Deze herstelcode is ongeldig."))
                instances.append(record.instance)
            closed = closed_rows_errors(instances)
            if closed:
                raise ValueError(" ".join(closed))
            restored: dict[tuple[str, int], models.Model] = {}
            for instance in instances:
                model = type(instance)
                if model._base_manager.filter(pk=instance.pk).exists():
                    raise ValueError(_("Dit is al hersteld."))
                build_scope(user).check_at(Action.ADD, Area.REGISTRATION, location_of(instance))
                _insert(instance)
                restored[(model._meta.label_lower, instance.pk)] = instance
            top = restored.get((top_label, top_pk))
            if top is None:
                raise ValueError(_("Deze herstelcode is ongeldig."))
            for label, field_name, pks in payload["set_null"]:
                model = apps.get_model(label)
                for row in model._base_manager.filter(pk__in=pks, **{field_name: None}):
                    setattr(row, field_name, top)
                    row.save(update_fields=[field_name])
            for name, pks in payload["m2m"].items():
                related = top._meta.get_field(name).related_model
                assert related is not None  # a many-to-many field has one
                getattr(top, name).set(related._base_manager.filter(pk__in=pks))
            _check_references_now()
    except IntegrityError as error:
        raise ValueError(
            _("Dit kan niet worden hersteld: het hoorde bij iets dat intussen is verwijderd.")
        ) from error
    return top


def _check_references_now() -> None:
    """Check the restored rows' foreign keys now, not at the end of the outer transaction.

    Django's foreign keys are ``DEFERRABLE INITIALLY DEFERRED``: inside a request's or a
    caller's transaction, a restored row pointing at a row deleted since (an attendance of a
    participant merged into another one in the meantime) would only fail at the outer commit,
    as a server error. ``SET CONSTRAINTS ALL IMMEDIATE`` checks the pending rows at once
    (PostgreSQL: the change applies retroactively), so :func:`undo_delete` can refuse with its
    message and roll back its own savepoint; the second statement restores the default."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _insert(instance: models.Model) -> None:
    """Insert a rebuilt row with its old values (also ``auto_now_add`` dates)."""
    keep = {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if getattr(field, "auto_now_add", False)
    }
    instance.save(force_insert=True)
    if keep:
        type(instance)._base_manager.filter(pk=instance.pk).update(**keep)
        for attname, value in keep.items():
            setattr(instance, attname, value)


# ------------------------------------------------------------------------------------------
# Reading history: "who changed what, when" for the Geschiedenis pages.
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One line of a history page.

    ``when`` (aware datetime), ``who`` (user's full name or username, "" when unknown),
    ``action`` ("+" added, "~" changed, "-" deleted), ``subject`` (model's verbose name),
    ``label`` (the row's text, e.g. "01-03-2019 Sociale ontmoeting"), ``changes``: for "~"
    the changed fields as (field verbose name, old text, new text); ``reason`` e.g.
    "verwijderd", "hersteld", "samengevoegd".
    """

    when: datetime.datetime
    who: str
    action: str
    subject: str
    label: str
    changes: tuple[tuple[str, str, str], ...]
    reason: str


#: Fields never shown on a history page (bookkeeping, not content).
_HIDDEN_FIELDS = {"id", "created_at", "created_by", "is_demo", "import_key", "organisation"}


def _field(record: TenantHistoricalModel, field_name: str) -> models.Field[Any, Any]:
    """The tracked model's field ``field_name`` (a diff names only forward fields)."""
    field = record.instance_type._meta.get_field(field_name)
    assert isinstance(field, models.Field)
    return field


def _display(
    record: TenantHistoricalModel, field_name: str, value: object, hide_nickname: bool
) -> str:
    if value is None or value == "":
        return "—"
    if field_name == "nickname" and hide_nickname:
        return "•••"
    field = _field(record, field_name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    return str(value)


def _user_name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _label(record: TenantHistoricalModel) -> str:
    try:
        return str(record.instance)
    except ObjectDoesNotExist:  # e.g. an attendance whose session is gone
        return f"{record.instance_type._meta.verbose_name} {record.id}"


def changes_of(
    records: Iterable[TenantHistoricalModel], *, hide_nickname: bool = False
) -> list[Change]:
    """Turn historical rows (any tracked models, newest first or not) into :class:`Change`
    lines, newest first. For each "~" row the difference with the row's previous version is
    computed (one query per changed row). ``hide_nickname`` shows nicknames as "•••"
    (DOMAIN.md, Privacy: nicknames only for the home location's staff).
    """
    lines: list[Change] = []
    for record in records:
        diff: tuple[tuple[str, str, str], ...] = ()
        if record.history_type == "~":
            previous = record.prev_record
            if previous is not None:
                delta = record.diff_against(previous)
                diff = tuple(
                    (
                        str(_field(record, change.field).verbose_name),
                        _display(record, change.field, change.old, hide_nickname),
                        _display(record, change.field, change.new, hide_nickname),
                    )
                    for change in delta.changes
                    if change.field not in _HIDDEN_FIELDS
                )
        label = _label(record)
        nickname: str = getattr(record, "nickname", "")
        if hide_nickname and nickname:
            label = label.replace(nickname, "•••")
        lines.append(
            Change(
                when=record.history_date,
                who=_user_name(record.history_user),
                action=record.history_type,
                subject=str(record.instance_type._meta.verbose_name),
                label=label,
                changes=diff,
                reason=record.history_change_reason or "",
            )
        )
    lines.sort(key=lambda line: line.when, reverse=True)
    return lines


def participant_history(
    participant: Participant, *, hide_nickname: bool = False, limit: int = 200
) -> list[Change]:
    """The history of a participant and of the records that name them, newest first.

    Reads the historical rows of the participant itself and of every tracked model with a
    ``participant`` reference (attendances, jobs, referrals, placements, paid work, minima
    applications, debt support, association members, volunteer records), each restricted to
    the active scope (rows at locations the user does not see are left out). At most
    ``limit`` lines. Returns a list of :class:`Change`.
    """
    records: list[TenantHistoricalModel] = list(
        participant.history.select_related("history_user")[:limit]
    )
    for model in apps.get_app_config("registrations").get_models():
        if not is_tracked(model) or (model._meta.model_name or "").startswith("historical"):
            continue
        field_names = {f.name for f in model._meta.fields}
        if "participant" not in field_names:
            continue
        historical = get_history_model_for_model(model)  # built at run time by simple-history
        if model._meta.model_name == "attendance":
            # Scoped by the session's (possibly deleted) historical rows, so the attendances a
            # session's delete removed stay visible to whoever saw that session.
            sessions = apps.get_model("registrations", "HistoricalSession").objects.all()
            rows = historical._base_manager.filter(
                participant_id=participant.pk, session_id__in=sessions.values("id")
            )
        else:
            rows = historical.objects.filter(participant_id=participant.pk)
        records += list(rows.select_related("history_user").order_by("-history_date")[:limit])
    return changes_of(records, hide_nickname=hide_nickname)[:limit]


def volunteer_history(
    volunteer: Volunteer, *, hide_nickname: bool = False, limit: int = 200
) -> list[Change]:
    """The history of a volunteer and of its key holdings, group memberships and hours,
    newest first, restricted to the active scope; see :func:`participant_history`."""
    records: list[TenantHistoricalModel] = list(
        volunteer.history.select_related("history_user")[:limit]
    )
    for model in apps.get_app_config("registrations").get_models():
        if not is_tracked(model) or (model._meta.model_name or "").startswith("historical"):
            continue
        if "volunteer" not in {f.name for f in model._meta.fields}:
            continue
        historical = get_history_model_for_model(model)  # built at run time by simple-history
        records += list(
            historical.objects.filter(volunteer_id=volunteer.pk)
            .select_related("history_user")
            .order_by("-history_date")[:limit]
        )
    return changes_of(records, hide_nickname=hide_nickname)[:limit]
