"""Matching rows on their natural keys: the idempotent building blocks of the writers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from django.db import models

_M = TypeVar("_M", bound=models.Model)


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


def upsert_many(
    model: type[_M],
    counts: Counts,
    lookups: dict[str, dict],
    values: dict[str, dict],
    existing: dict[str, _M],
) -> dict[str, _M]:
    """:func:`upsert` for many rows of ``model`` at once, in at most two queries (one
    ``bulk_create`` of the new rows, one ``bulk_update`` of the changed ones).

    In: per key (any name the caller gives its rows, e.g. a party's code) the row's natural
    key (``lookups``, field names; for a new row only) and the values to have (``values``,
    attribute names as in :func:`upsert`); ``existing``: the rows already stored, by the same
    keys (read by the caller in one query). Out: every key's row, in the order of
    ``lookups``, new rows with their primary key. Counts as :func:`upsert` does.
    """
    rows: dict[str, _M] = {}
    new: list[_M] = []
    changed: list[_M] = []
    changed_fields: set[str] = set()
    for key, lookup in lookups.items():
        obj = existing.get(key)
        wanted = values[key]
        if obj is None:
            obj = model(**lookup, **wanted)
            new.append(obj)
            counts.created += 1
        else:
            differing = [name for name, value in wanted.items() if getattr(obj, name) != value]
            for name in differing:
                setattr(obj, name, wanted[name])
            if differing:
                changed.append(obj)
                changed_fields.update(differing)
                counts.updated += 1
            else:
                counts.unchanged += 1
        rows[key] = obj
    if new:
        model._default_manager.bulk_create(new)
    if changed:
        model._default_manager.bulk_update(changed, sorted(changed_fields))
    return rows


def delete_rows(queryset: models.QuerySet) -> int:
    """Delete ``queryset``; the number of its own rows deleted (cascades not counted)."""
    return queryset.delete()[1].get(queryset.model._meta.label, 0)
