"""Change history of the registrations (django-simple-history), tenant-scoped.

Every registrations model declares ``history = TrackedHistory()``. Each save and delete then
writes a row to its historical model (``Historical<Model>``): the field values after the
change, ``history_type`` ("+" created, "~" changed, "-" deleted), ``history_date``,
``history_user`` (who) and ``history_change_reason``. DOMAIN.md, Privacy: "who changed what is
logged".

Who: inside a request the logged-in user (``simple_history.middleware.HistoryRequestMiddleware``);
in services, tasks and commands the user given to :func:`acting_as`, or an instance's
``_history_user`` attribute.

Tenancy: the historical models derive from :class:`TenantHistoricalModel`, so they carry the
tracked model's ``tenant_path``/``location_path`` and a :class:`TenantManager` default manager
(tests/test_tenancy_models.py). Note that ``Model.history`` (simple-history's own manager) is
NOT scoped: views read history through ``HistoricalModel.objects`` (restricted to the active
scope, :mod:`locations.access`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import models
from django.dispatch import receiver
from django.utils.functional import classproperty
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.signals import post_create_historical_record

from locations.access import TenantManager, UnscopedManager


@dataclass
class _Acting:
    user: object
    reason: str
    records: list = field(default_factory=list)


_acting: ContextVar[_Acting | None] = ContextVar("bwk_history_acting", default=None)


@contextlib.contextmanager
def acting_as(user, reason: str = "") -> Iterator[list]:
    """Attribute every history row written inside the block to ``user`` with ``reason``.

    ``reason`` (at most 100 characters) is stored as ``history_change_reason`` unless an
    instance sets its own ``_change_reason``. Yields the list that collects the historical
    rows written inside the block (in the order they were written), e.g. to find the rows a
    delete cascaded to.
    """
    acting = _Acting(user=user, reason=reason[:100])
    token = _acting.set(acting)
    try:
        yield acting.records
    finally:
        _acting.reset(token)


@receiver(post_create_historical_record)
def _collect(sender, history_instance, **kwargs) -> None:
    acting = _acting.get()
    if acting is not None:
        acting.records.append(history_instance)


class TrackedHistory(HistoricalRecords):
    """``HistoricalRecords`` with the tenant base and the user/reason of :func:`acting_as`."""

    def __init__(self, **kwargs):
        kwargs.setdefault("bases", [TenantHistoricalModel])
        super().__init__(**kwargs)

    def get_meta_options(self, model):
        options = super().get_meta_options(model)
        options["verbose_name"] = format_lazy(_("geschiedenis {}"), model._meta.verbose_name)
        options["verbose_name_plural"] = format_lazy(
            _("geschiedenis {}"), model._meta.verbose_name_plural
        )
        return options

    def get_history_user(self, instance):
        acting = _acting.get()
        if acting is not None and not hasattr(instance, "_history_user"):
            return acting.user
        return super().get_history_user(instance)

    def get_change_reason_for_object(self, instance, history_type, using):
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

    class Meta:
        abstract = True

    @classproperty
    def tenant_path(cls):  # noqa: N805 (class property)
        return cls.instance_type.tenant_path

    @classproperty
    def location_path(cls):  # noqa: N805 (class property)
        return getattr(cls.instance_type, "location_path", None)

    @classproperty
    def access_area(cls):  # noqa: N805 (class property)
        return cls.instance_type.access_area
