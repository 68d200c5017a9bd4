"""Change history of the registrations (django-simple-history), tenant-scoped.

Every registrations model declares ``history = TrackedHistory()``. Each save and delete then
writes a row to its historical model (``Historical<Model>``): the field values after the
change, ``history_type`` ("+" created, "~" changed, "-" deleted), ``history_date``,
``history_user`` (who) and ``history_change_reason``. DOMAIN.md, Privacy: "who changed what is
logged".

Who: inside a request the logged-in user (``simple_history.middleware.HistoryRequestMiddleware``);
in services, tasks and commands the user given to :func:`acting_as`, or an instance's
``_history_user`` attribute.

Bulk writes: ``QuerySet.bulk_create``/``bulk_update`` send no signals, so they would leave no
history. Every user-facing bulk write goes through :func:`bulk_create_tracked` or
:func:`bulk_update_tracked` instead (django-simple-history's ``bulk_create_with_history`` and
``bulk_update_with_history``): one extra bulk insert of historical rows per call, with the same
user and reason a single save would get. The demo generator alone writes without history
(:mod:`registrations.demo`).

Tenancy: the historical models derive from :class:`TenantHistoricalModel`, so they carry the
tracked model's ``tenant_path``/``location_path`` and a :class:`TenantManager` default manager
(tests/test_tenancy_models.py). Note that ``Model.history`` (simple-history's own manager) is
NOT scoped: views read history through ``HistoricalModel.objects`` (restricted to the active
scope, :mod:`locations.access`).
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from django.db import models
from django.dispatch import receiver
from django.utils import timezone
from django.utils.functional import classproperty
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords, HistoryDescriptor
from simple_history.signals import post_create_historical_record
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from locations.access import Area, TenantManager, UnscopedManager
from locations.access.grants import AnyUser

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from simple_history.models import ModelDelta

_M = TypeVar("_M", bound=models.Model)


@dataclass
class _Acting:
    user: AnyUser
    reason: str
    records: list[TenantHistoricalModel] = field(default_factory=list)


_acting: ContextVar[_Acting | None] = ContextVar("bwk_history_acting", default=None)


@contextlib.contextmanager
def acting_as(user: AnyUser, reason: str = "") -> Iterator[list[TenantHistoricalModel]]:
    """Attribute every history row written inside the block to ``user`` with ``reason``.

    ``reason`` (at most 100 characters) is stored as ``history_change_reason`` unless an
    instance sets its own ``_change_reason``. Yields the list that collects the historical
    rows written inside the block (in the order they were written), e.g. to find the rows a
    delete cascaded to. Rows written by :func:`bulk_create_tracked` and
    :func:`bulk_update_tracked` get the user and reason too but are not collected (bulk history
    creation sends no signal).
    """
    acting = _Acting(user=user, reason=reason[:100])
    token = _acting.set(acting)
    try:
        yield acting.records
    finally:
        _acting.reset(token)


@receiver(post_create_historical_record)
def _collect(
    sender: type[models.Model], history_instance: TenantHistoricalModel, **kwargs: object
) -> None:
    acting = _acting.get()
    if acting is not None:
        acting.records.append(history_instance)


def _bulk_defaults(user: AnyUser, reason: str) -> tuple[AnyUser, str | None]:
    """The history user and reason of a bulk write: the given ones, else those of
    :func:`acting_as`. ``None`` user: simple-history falls back to
    :meth:`TrackedHistory.get_history_user` per row (an instance's ``_history_user``, the
    request's user), as for a single save."""
    acting = _acting.get()
    if user is None and acting is not None:
        user = acting.user
    if not reason and acting is not None:
        reason = acting.reason
    return user, (reason[:100] or None)


def bulk_create_tracked(
    model: type[_M],
    objs: list[_M],
    *,
    user: AnyUser = None,
    reason: str = "",
    batch_size: int | None = None,
) -> list[_M]:
    """Insert unsaved ``objs`` of a tracked ``model`` in bulk, each with a "+" history row.

    ``simple_history.utils.bulk_create_with_history``: one bulk INSERT for the rows and one for
    their historical rows (per ``batch_size`` rows), in one transaction. ``history_user`` is
    ``user``, else the user of :func:`acting_as`, else the request's user;
    ``history_change_reason`` is ``reason`` (at most 100 characters), else that of
    :func:`acting_as`. The historical rows copy every tracked field, so they carry the same
    organisation/location links (and scope) as the rows. Writes through the model's default
    manager (the scoped one: inserts are not filtered). Returns ``objs`` with their primary
    keys; an empty list writes nothing.
    """
    if not objs:
        return []
    history_user, history_reason = _bulk_defaults(user, reason)
    return bulk_create_with_history(
        objs,
        model,
        batch_size=batch_size,
        default_user=history_user,
        default_change_reason=history_reason,
    )


def bulk_update_tracked(
    model: type[_M],
    objs: list[_M],
    fields: list[str],
    *,
    user: AnyUser = None,
    reason: str = "",
    batch_size: int | None = None,
) -> int:
    """Update ``fields`` of saved ``objs`` of a tracked ``model`` in bulk, each with a "~"
    history row (``simple_history.utils.bulk_update_with_history``, through the model's
    default manager, restricted to the active scope: callers have chosen the rows). User and
    reason as
    :func:`bulk_create_tracked`. Returns the number of rows updated (0 for an empty list,
    which writes nothing)."""
    if not objs:
        return 0
    history_user, history_reason = _bulk_defaults(user, reason)
    return bulk_update_with_history(
        objs,
        model,
        fields,
        batch_size=batch_size,
        default_user=history_user,
        default_change_reason=history_reason,
        manager=model._default_manager,
    )


def bulk_delete_tracked(
    model: type[_M], objs: list[_M], *, user: AnyUser = None, reason: str = ""
) -> list[TenantHistoricalModel]:
    """Delete saved ``objs`` of a tracked ``model`` in bulk, each with a "-" history row.

    Two statements whatever the number of rows: one INSERT of the historical rows (each copies
    every tracked field, as a single delete's would; ``history_user`` and
    ``history_change_reason`` as :func:`bulk_create_tracked`) and one DELETE of the rows.
    The DELETE sends no signals and cascades nothing (database triggers, such as the
    registrations' rollups, still run), so it is only for a model nothing else points at:
    raises ValueError for a model with reverse relations. Returns the historical rows written,
    with their ``history_id``, in the order of ``objs`` (an empty list writes nothing).
    Issue 13, "A fast save": deleting a session with attendances.
    """
    if model._meta.related_objects:
        raise ValueError(f"{model.__name__} has reverse relations: delete it row by row")
    if not objs:
        return []
    history_user, history_reason = _bulk_defaults(user, reason)
    history = cast(Any, model).history
    historical_model = history.model
    now = timezone.now()
    rows = []
    for obj in objs:
        row = historical_model(
            history_date=now,
            history_user=history_user or history.model.get_default_history_user(obj),
            history_change_reason=history_reason,
            history_type="-",
            **{
                field.attname: getattr(obj, field.attname)
                for field in historical_model.tracked_fields
            },
        )
        rows.append(row)
    written = historical_model._base_manager.bulk_create(rows)
    model._base_manager.filter(pk__in=[obj.pk for obj in objs])._raw_delete(model._base_manager.db)
    return written


class _CachedHistoryDescriptor(HistoryDescriptor):
    """simple-history's ``Model.history`` descriptor with its manager class built once.

    ``HistoryDescriptor.__get__`` builds a new class (``HistoryManager.from_queryset``) on
    every access (about 0.4 ms, on every save and delete that writes history: issue 13, "A
    fast save"); this one builds it in ``__init__`` and returns an instance of it, the same
    manager as before."""

    def __init__(self, model: type[models.Model], **kwargs: Any) -> None:
        super().__init__(model, **kwargs)
        self._manager = self.manager_class.from_queryset(self.queryset_class)

    def __get__(self, instance: models.Model | None, owner: type[models.Model]) -> Any:
        return self._manager(self.model, instance)


class TrackedHistory(HistoricalRecords):
    """``HistoricalRecords`` with the tenant base and the user/reason of :func:`acting_as`."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("bases", [TenantHistoricalModel])
        super().__init__(**kwargs)

    def get_meta_options(self, model: type[models.Model]) -> dict[str, object]:
        options = super().get_meta_options(model)
        options["verbose_name"] = format_lazy(_("geschiedenis {}"), model._meta.verbose_name)
        options["verbose_name_plural"] = format_lazy(
            _("geschiedenis {}"), model._meta.verbose_name_plural
        )
        return options

    def finalize(self, sender: type[models.Model], **kwargs: Any) -> None:
        """simple-history's set-up of ``sender``'s history, with the manager class of
        ``sender.history`` built once (:class:`_CachedHistoryDescriptor`)."""
        super().finalize(sender, **kwargs)
        descriptor = sender.__dict__.get(self.manager_name)
        if isinstance(descriptor, HistoryDescriptor) and not isinstance(
            descriptor, _CachedHistoryDescriptor
        ):
            setattr(
                sender,
                self.manager_name,
                _CachedHistoryDescriptor(
                    descriptor.model,
                    manager=descriptor.manager_class,
                    queryset=descriptor.queryset_class,
                ),
            )

    def get_history_user(self, instance: models.Model) -> AnyUser:
        acting = _acting.get()
        if acting is not None and not hasattr(instance, "_history_user"):
            return acting.user
        return super().get_history_user(instance)

    def get_change_reason_for_object(
        self, instance: models.Model, history_type: str, using: str | None
    ) -> str | None:
        reason = super().get_change_reason_for_object(instance, history_type, using)
        acting = _acting.get()
        if not reason and acting is not None and acting.reason:
            return acting.reason
        return reason


class TenantHistoricalModel(models.Model):
    """Abstract base of every historical model: scoped like the model it tracks.

    ``tenant_path`` and ``location_path`` are those of ``instance_type`` (the tracked model);
    the historical model copies the tracked model's foreign keys, so the same lookups work
    (they follow the live rows: a historical attendance whose session was deleted is outside
    every scope until the session is restored).
    """

    objects = TenantManager()
    unscoped = UnscopedManager()

    if TYPE_CHECKING:  # what simple-history adds to each historical model
        instance_type: ClassVar[type[models.Model]]
        id: int  # the tracked row's (every tracked model has an ``id`` key)
        history_id: int
        history_date: datetime.datetime
        history_type: str
        history_change_reason: str | None
        history_user: User | None
        instance: models.Model
        prev_record: TenantHistoricalModel | None

        def diff_against(self, old_history: TenantHistoricalModel) -> ModelDelta: ...

    class Meta:
        abstract = True

    @classproperty
    def tenant_path(cls) -> str:  # noqa: N805 (class property)
        return getattr(cls.instance_type, "tenant_path")  # noqa: B009 (typed Model has none)

    @classproperty
    def location_path(cls) -> str | None:  # noqa: N805 (class property)
        return getattr(cls.instance_type, "location_path", None)

    @classproperty
    def access_area(cls) -> Area:  # noqa: N805 (class property)
        return getattr(cls.instance_type, "access_area")  # noqa: B009 (typed Model has none)
