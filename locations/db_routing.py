"""Which database a read goes to: the primary (alias ``default``) unless code asks otherwise.

Reports may read from a PostgreSQL read replica (issue 13, "Production stack";
docs/scaling.md "A read replica for reports"). The replica is the database alias ``replica``,
configured by ``DATABASE_REPLICA_URL`` (bwk/settings.py). Code that only reads, such as
building a progress report, runs inside :func:`report_reads`; :class:`ReplicaRouter` (in
``DATABASE_ROUTERS``) then sends the reads of every model to the replica. Everything else,
every write, and every read inside a transaction on the primary stays on the primary: a
report built in the same transaction as a write sees that write. Issuing a report reads the
primary (``reads_from("default")`` around its build in :mod:`reports.issuing`): the version
that goes to a funder never lags behind the last save.

:func:`reads_from` is the general form (any configured alias), used by the backup restore
test to build a report from a restored copy of the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.connection import ConnectionDoesNotExist

#: The alias report reads go to when it is configured.
REPLICA_ALIAS = "replica"

_read_alias: ContextVar[str | None] = ContextVar("bwk_read_alias", default=None)


@contextmanager
def reads_from(alias: str) -> Iterator[None]:
    """Inside the block, reads of every model go to database ``alias`` (a key of
    ``settings.DATABASES``), unless the primary is inside a transaction (then they stay on
    the primary). Writes are not affected. Nests; the previous alias is back afterwards.

    Raises ``ConnectionDoesNotExist`` when ``alias`` is not configured.
    """
    connections[alias]  # noqa: B018 (fails loudly on an unknown alias)
    token = _read_alias.set(alias)
    try:
        yield
    finally:
        _read_alias.reset(token)


@contextmanager
def report_reads() -> Iterator[None]:
    """Inside the block, reads go to the read replica when ``DATABASE_REPLICA_URL`` is set
    (alias ``replica``), else nothing changes. For code that only reads: report builds.
    Inside a :func:`reads_from` block it changes nothing either: the caller's choice stands
    (issuing reads the primary: an issued version counts every committed registration)."""
    if _read_alias.get() is not None:
        yield
        return
    try:
        connections[REPLICA_ALIAS]  # noqa: B018 (is it configured?)
    except ConnectionDoesNotExist:
        yield
        return
    with reads_from(REPLICA_ALIAS):
        yield


def read_alias() -> str | None:
    """The alias reads go to now: the one of the innermost :func:`reads_from` block, or
    ``None`` (Django's default choice: the primary, or the database of a related instance)
    outside any block and inside a transaction on the primary."""
    alias = _read_alias.get()
    if alias is None or connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return None
    return alias


class ReplicaRouter:
    """Database router (``settings.DATABASE_ROUTERS``): reads follow :func:`read_alias`;
    writes always go to the primary; relations between the primary and its copies are allowed
    (they hold the same rows); migrations run on the primary only (a replica follows it)."""

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        """The alias of :func:`read_alias`, or ``None`` (Django's default)."""
        return read_alias()

    def db_for_write(self, model: type, **hints: Any) -> str:
        """Always the primary."""
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        """True: every alias holds the same rows as the primary."""
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        """Only on the primary."""
        return db == DEFAULT_DB_ALIAS
