"""Report reads go to the read replica (issue 13, "Production stack"; locations.db_routing).

The replica here is a second connection, under the alias ``replica``, to the test database
(what ``DATABASE_REPLICA_URL`` adds in production, to another server). The data is committed
(``transaction=True``) so that the second connection sees it, as a replica would.
"""

from collections.abc import Iterator

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils.connection import ConnectionDoesNotExist

from agreements.models import Agreement
from locations.access import system_scope
from locations.db_routing import REPLICA_ALIAS, ReplicaRouter, reads_from, report_reads
from locations.periods import Period
from registrations.models import Attendance
from reports.selectors import progress_report
from reports.serialise import report_to_json

Q2 = Period(2019, 2)


def second_connection(alias: str, name: str | None = None):
    """Register another connection under ``alias`` to the test database (or to database
    ``name`` on the same server), as ``DATABASES`` would; returns it. Registered in
    ``connections`` only, not in its settings, so Django's test case allows it."""
    primary = connections["default"]
    settings_dict = {**primary.settings_dict, "NAME": name or primary.settings_dict["NAME"]}
    connection = type(primary)(settings_dict, alias)
    connections[alias] = connection
    return connection


def drop_connection(alias: str) -> None:
    """Close and forget the connection of :func:`second_connection`."""
    connections[alias].close()
    del connections[alias]


@pytest.fixture
def replica(transactional_db) -> Iterator[str]:
    """The alias ``replica``: another connection to the (committed) test database."""
    second_connection(REPLICA_ALIAS)
    try:
        yield REPLICA_ALIAS
    finally:
        drop_connection(REPLICA_ALIAS)


@pytest.mark.django_db(transaction=True)
def test_a_report_reads_from_the_replica_and_gives_the_same_figures(world, replica):
    with system_scope():
        on_primary = progress_report(user=None, agreement=world.agreement, period=Q2)
        with (
            CaptureQueriesContext(connections["default"]) as primary,
            CaptureQueriesContext(connections[replica]) as copy,
        ):
            on_replica = progress_report(user=None, agreement=world.agreement, period=Q2)
    assert len(copy.captured_queries) >= 5  # agreement, locations, indicators, counts, ...
    assert primary.captured_queries == []
    # The raw counting query goes there too, not only the ORM's.
    assert any("COUNT(DISTINCT" in query["sql"] for query in copy.captured_queries)
    assert report_to_json(on_replica) == report_to_json(on_primary)


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_on_the_primary_a_report_reads_the_primary(world, replica):
    with system_scope(), transaction.atomic():
        Attendance.objects.all().delete()  # not committed yet: the replica still has them
        with CaptureQueriesContext(connections[replica]) as copy:
            report = progress_report(user=None, agreement=world.agreement, period=Q2)
    assert copy.captured_queries == []
    social = next(row for row in report.totals.rows if row.indicator_code == "social")
    assert social.realised == 0  # 2 committed (reports/tests/conftest.py), none in this write


@pytest.mark.django_db(transaction=True)
def test_a_caller_that_asks_for_the_primary_gets_it(world, replica):
    """As issuing does (reports/issuing.py): an issued version never lags behind."""
    with system_scope(), reads_from("default"), CaptureQueriesContext(connections[replica]) as copy:
        progress_report(user=None, agreement=world.agreement, period=Q2)
    assert copy.captured_queries == []


@pytest.mark.django_db(transaction=True)
def test_writes_stay_on_the_primary_and_without_a_replica_nothing_changes(world, replica):
    router = ReplicaRouter()
    with reads_from(replica):
        assert router.db_for_read(Agreement) == replica
        assert router.db_for_write(Agreement) == "default"
    assert router.db_for_read(Agreement) is None  # Django's own choice: the primary
    assert not router.allow_migrate(replica, "agreements")
    assert router.allow_migrate("default", "agreements")


def test_without_a_replica_report_reads_use_the_primary():
    router = ReplicaRouter()
    with pytest.raises(ConnectionDoesNotExist):
        connections[REPLICA_ALIAS]  # noqa: B018 (not configured)
    with report_reads():
        assert router.db_for_read(Agreement) is None
    with pytest.raises(ConnectionDoesNotExist), reads_from("nowhere"):
        pass
