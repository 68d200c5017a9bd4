"""Matching rows on their natural keys: the idempotent building blocks of the writers."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


@dataclass
class Counts:
    """How many rows of one kind were created, updated, left unchanged and removed."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0


def upsert(manager: models.Manager, counts: Counts, *, lookup: dict, values: dict) -> models.Model:
    """Get the row matching ``lookup`` and save ``values`` on it when they differ, or create it.

    ``values`` uses attribute names (``location_id`` for a foreign key) so no related row is
    fetched to compare.
    """
    obj = manager.filter(**lookup).first()
    if obj is None:
        counts.created += 1
        return manager.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        counts.updated += 1
    else:
        counts.unchanged += 1
    return obj


def delete_rows(queryset: models.QuerySet) -> int:
    """Delete ``queryset``; the number of its own rows deleted (cascades not counted)."""
    return queryset.delete()[1].get(queryset.model._meta.label, 0)
