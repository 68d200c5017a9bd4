"""Backups (issue 13, "Production stack"; docs/backups.md): bin/backup dumps the database,
bin/restore restores the dump into a fresh database on the same server; the copy has every
row of every table and gives the same report. Runs the real pg_dump/pg_restore against the
test run's PostgreSQL; the data is committed (``transaction=True``) so that pg_dump sees it.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connections

from locations.access import system_scope
from locations.db_routing import reads_from
from locations.periods import Period
from reports.selectors import progress_report
from reports.serialise import report_to_json
from reports.tests.conftest import world  # noqa: F401 (fixture)
from reports.tests.test_replica_reads import drop_connection, second_connection

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bin"))
from pgtools import libpq_url, tool  # noqa: E402 (bin/ is not a package)

Q2 = Period(2019, 2)


def _database_url(name: str | None = None) -> str:
    config = connections["default"].settings_dict
    user = config["USER"] or "postgres"
    password = f":{config['PASSWORD']}" if config["PASSWORD"] else ""
    host = config["HOST"] or "127.0.0.1"
    port = config["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{name or config['NAME']}?conn_max_age=60"


def _script(name: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ROOT / "bin" / name), *args],
        env={**os.environ, "DATABASE_URL": _database_url(), **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def _row_counts(alias: str) -> dict[str, int]:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        tables = sorted(row[0] for row in cursor.fetchall())
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM public."{table}"')  # noqa: S608 (catalogue)
            counts[table] = cursor.fetchone()[0]
    return counts


def _drop(name: str) -> None:
    subprocess.run(
        [
            tool("dropdb"),
            "--if-exists",
            f"--maintenance-db={libpq_url(_database_url(), 'postgres')}",
        ]
        + [name],
        check=True,
        capture_output=True,
    )


@pytest.mark.django_db(transaction=True)
def test_a_dump_restores_into_a_fresh_database_with_every_row_and_the_same_report(
    world,  # noqa: F811
    tmp_path,
):
    backup = _script("backup", BWK_BACKUP_DIR=str(tmp_path))
    assert backup.returncode == 0, backup.stderr
    dump = Path(backup.stdout.strip())
    assert dump.parent == tmp_path and dump.name.startswith("bwk-") and dump.suffix == ".dump"
    assert list(tmp_path.iterdir()) == [dump]  # no partial file left

    name = f"bwk_restore_{uuid.uuid4().hex[:12]}"
    try:
        restore = _script("restore", str(dump), "--database", name)
        assert restore.returncode == 0, restore.stderr
        assert f"restored into database {name}" in restore.stdout
        second_connection("restored", name)
        try:
            original, copy = _row_counts("default"), _row_counts("restored")
            assert copy == original
            assert original["registrations_attendance"] >= 5  # the world's registrations
            assert original["django_migrations"] > 0
            with system_scope():
                expected = progress_report(user=None, agreement=world.agreement, period=Q2)
                with reads_from("restored"):
                    restored = progress_report(user=None, agreement=world.agreement, period=Q2)
            assert report_to_json(restored) == report_to_json(expected)
            social = next(r for r in restored.totals.rows if r.indicator_code == "social")
            assert (social.realised, social.realised_quarter) == (2, 2)  # reports conftest
        finally:
            drop_connection("restored")
        # It never writes into an existing database.
        again = _script("restore", str(dump), "--database", name)
        assert again.returncode != 0
        assert "already exists" in again.stderr
    finally:
        _drop(name)


def _aged_files(folder: Path) -> tuple[Path, Path]:
    old = folder / "bwk-20250101T000000Z.dump"
    old.write_bytes(b"old")
    other = folder / "notes.txt"
    other.write_text("not a dump")
    days_ago = time.time() - 20 * 86400
    for path in (old, other):
        os.utime(path, (days_ago, days_ago))
    return old, other


def test_a_failed_dump_leaves_no_file_and_keeps_the_old_dumps(tmp_path):
    old, other = _aged_files(tmp_path)
    failed = _script(
        "backup",
        BWK_BACKUP_DIR=str(tmp_path),
        DATABASE_URL=_database_url("no_such_database"),
    )
    assert failed.returncode != 0
    assert "no_such_database" in failed.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [old.name, other.name]


@pytest.mark.django_db
def test_a_dump_removes_dumps_older_than_the_days_to_keep(tmp_path):
    old, other = _aged_files(tmp_path)
    kept = _script("backup", BWK_BACKUP_DIR=str(tmp_path), BWK_BACKUP_KEEP_DAYS="0")
    assert kept.returncode == 0, kept.stderr
    assert old.exists()  # 0: every dump is kept
    done = _script("backup", BWK_BACKUP_DIR=str(tmp_path), BWK_BACKUP_KEEP_DAYS="14")
    assert done.returncode == 0, done.stderr
    new = Path(done.stdout.strip())
    assert not old.exists()  # 20 days old
    assert other.exists()  # not a dump: left alone
    assert new.exists() and Path(kept.stdout.strip()).exists()


@pytest.mark.django_db
def test_a_restore_that_fails_drops_its_new_database_again(tmp_path):
    broken = tmp_path / "bwk-20260101T000000Z.dump"
    broken.write_bytes(b"PGDMP this is not a whole dump")
    name = f"bwk_restore_{uuid.uuid4().hex[:12]}"
    try:
        result = _script("restore", str(broken), "--database", name)
        assert result.returncode != 0
        assert f"database {name} dropped again" in result.stderr
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_database WHERE datname = %s", [name])
            assert cursor.fetchone()[0] == 0
    finally:
        _drop(name)
