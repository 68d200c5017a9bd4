"""Production settings refuse insecure defaults; the compose file describes the whole stack."""

import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _import_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import bwk.settings as s; print(s.DEBUG, s.ALLOWED_HOSTS)"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_without_secret_key_fails():
    result = _import_settings(DEBUG="0", ALLOWED_HOSTS="bwk.example.nl")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_without_allowed_hosts_fails():
    result = _import_settings(DEBUG="0", SECRET_KEY="s3cret-for-this-test")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_production_with_both_set_loads_without_wildcard_hosts():
    result = _import_settings(DEBUG="0", SECRET_KEY="s3cret", ALLOWED_HOSTS="bwk.example.nl")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['bwk.example.nl']"


def test_non_postgresql_database_is_refused():
    result = _import_settings(DEBUG="1", DATABASE_URL="sqlite:////tmp/x.db")
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


def test_api_limits_fail_loudly_on_a_bad_value():
    for name, value in [
        ("API_THROTTLE_BURST", "sixty"),
        ("API_THROTTLE_SUSTAINED", "2000/fortnight"),
        ("API_THROTTLE_BURST", "0/minute"),
    ]:
        result = _import_settings(DEBUG="1", **{name: value})
        assert result.returncode != 0, (name, value)
        assert f"{name} must be a rate like 60/minute" in result.stderr
    result = _import_settings(DEBUG="1", API_TOKEN_TTL_DAYS="-1")
    assert result.returncode != 0
    assert "API_TOKEN_TTL_DAYS must be 0" in result.stderr
    result = _import_settings(
        DEBUG="1", API_THROTTLE_BURST="5/second", API_THROTTLE_SUSTAINED="100/d"
    )
    assert result.returncode == 0, result.stderr


def test_compose_file_has_the_production_services():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    # Issue 13 added the one-shot migration, Flower and the on-demand backup
    # (tests/test_compose.py).
    assert set(compose["services"]) == {
        "migrate",
        *("web", "worker", "beat", "postgres", "redis"),
        *("flower", "backup"),
    }
    assert "gunicorn" in compose["services"]["web"]["command"]
    assert "worker" in compose["services"]["worker"]["command"]
    assert "beat" in compose["services"]["beat"]["command"]
    # No secret is written into the file: the password must come from the environment.
    assert "${POSTGRES_PASSWORD:?" in (ROOT / "docker-compose.yml").read_text()


def _databases(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DB_", "DATABASE_"))}
    clean.update({"DEBUG": "1", "DATABASE_URL": "postgres://bwk@db:5432/bwk", **env})
    code = (
        "import bwk.settings as s; "
        "print(sorted((a, d['NAME'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS']) "
        "for a, d in s.DATABASES.items()))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_database_connections_are_persistent_and_checked_by_default():
    result = _databases()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[('default', 'bwk', 60, True)]"
    result = _databases(DB_CONN_MAX_AGE="0", DB_CONN_HEALTH_CHECKS="false")
    assert result.stdout.strip() == "[('default', 'bwk', 0, False)]"
    # A value in the URL wins over the variable.
    result = _databases(DATABASE_URL="postgres://bwk@db:5432/bwk?conn_max_age=5")
    assert result.stdout.strip() == "[('default', 'bwk', 5, True)]"
    result = _databases(DB_CONN_MAX_AGE="-1")
    assert result.returncode != 0
    assert "DB_CONN_MAX_AGE must be 0 or more seconds" in result.stderr


def test_a_read_replica_is_the_replica_alias_and_must_be_postgresql():
    result = _databases(DATABASE_REPLICA_URL="postgres://reader@replica:5432/bwk")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[('default', 'bwk', 60, True), ('replica', 'bwk', 60, True)]"
    result = _databases(DATABASE_REPLICA_URL="sqlite:////tmp/replica.db")
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URL must point to PostgreSQL" in result.stderr


def test_report_files_may_go_to_a_shared_store():
    code = "import bwk.settings as s; print(s.STORAGES['default'])"
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MEDIA_STORAGE")}
    clean.update(
        DEBUG="1",
        MEDIA_STORAGE_BACKEND="storages.backends.s3.S3Storage",
        MEDIA_STORAGE_OPTIONS='{"bucket_name": "bwk-media"}',
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "{'BACKEND': 'storages.backends.s3.S3Storage', 'OPTIONS': {'bucket_name': 'bwk-media'}}"
    )
