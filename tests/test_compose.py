"""The production stack in docker-compose.yml (issue 13, "Production stack"), checked as a
file: there is no Docker engine where the tests run. Every long-running service has a
health check, the migrations run once before the application starts, configuration comes only
from environment variables, and Flower watches the workers behind a login."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import yaml

from bwk.health import HEALTH_PATH

ROOT = Path(__file__).resolve().parent.parent
TEXT = (ROOT / "docker-compose.yml").read_text()
COMPOSE = yaml.safe_load(TEXT)
SERVICES = COMPOSE["services"]
#: Services of the bwk image (the others are postgres and redis).
APP = {"migrate", "web", "worker", "beat", "flower", "backup"}
ONE_SHOT = {"migrate", "backup"}


def _command(service: str) -> str:
    command = SERVICES[service]["command"]
    return command if isinstance(command, str) else " ".join(command)


def _healthcheck(service: str) -> str:
    test = SERVICES[service]["healthcheck"]["test"]
    return " ".join(test[1:]) if test[0] in {"CMD", "CMD-SHELL"} else test


def test_every_long_running_service_has_a_health_check():
    assert set(SERVICES) == APP | {"postgres", "redis"}
    for name, service in SERVICES.items():
        if name in ONE_SHOT:
            assert service["restart"] == "no", name
            assert service["healthcheck"] == {"disable": True}, name
            continue
        check = service["healthcheck"]
        assert "disable" not in check, name
        assert check["test"][0] in {"CMD", "CMD-SHELL"} and len(check["test"]) > 1, name
        assert check["retries"] >= 3 and check["interval"], name
        assert service["restart"] == "unless-stopped", name
    assert HEALTH_PATH in _healthcheck("web")  # bwk/health.py, tests/test_health.py
    assert "inspect ping --destination celery@$$HOSTNAME" in _healthcheck("worker")
    assert "http://127.0.0.1:5555/healthcheck" in _healthcheck("flower")
    assert "pg_isready" in _healthcheck("postgres")
    assert "redis-cli ping" in _healthcheck("redis")


def test_the_migrations_run_once_before_web_worker_and_beat():
    assert _command("migrate") == "python manage.py migrate --noinput"
    assert SERVICES["migrate"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    for name in APP - {"migrate"}:
        assert "migrate" not in _command(name), name
    for name in ("web", "worker", "beat"):
        depends = SERVICES[name]["depends_on"]
        assert depends["migrate"] == {"condition": "service_completed_successfully"}, name
        assert depends["postgres"] == depends["redis"] == {"condition": "service_healthy"}
    assert "gunicorn -c bwk/gunicorn_conf.py bwk.wsgi" in _command("web")


def test_configuration_comes_only_from_environment_variables():
    assert "configs" not in COMPOSE and "secrets" not in COMPOSE
    named = set(COMPOSE["volumes"])
    for name, service in SERVICES.items():
        assert "configs" not in service and "secrets" not in service, name
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            assert source in named, f"{name}: {volume} is not a named volume"
    for name in APP:
        env_files = SERVICES[name]["env_file"]
        assert env_files == [{"path": ".env", "required": False}], name
    # No secret is written into the file: each comes from the environment, or start fails.
    for variable in ("POSTGRES_PASSWORD", "FLOWER_BASIC_AUTH"):
        assert f"${{{variable}:?" in TEXT
    for service in SERVICES.values():
        for key, value in (service.get("environment") or {}).items():
            if re.search("PASSWORD|SECRET|AUTH|KEY", key):
                assert str(value).startswith("${") and ":?" in str(value), key


def test_every_variable_the_file_reads_is_documented():
    documented = (ROOT / "docs" / "configuration.md").read_text()
    used = set(re.findall(r"\$\{([A-Z_]+)", TEXT))
    assert {"POSTGRES_PASSWORD", "CELERY_WORKER_CONCURRENCY", "FLOWER_BASIC_AUTH"} <= used
    for variable in used:
        assert f"`{variable}`" in documented, variable


def test_flower_watches_the_workers_behind_a_login_on_loopback_only():
    flower = SERVICES["flower"]
    assert _command("flower").startswith("celery -A bwk flower")
    assert flower["environment"]["FLOWER_BASIC_AUTH"].startswith("${FLOWER_BASIC_AUTH:?")
    assert all(port.startswith("127.0.0.1:") for port in flower["ports"])
    assert "--events" in _command("worker")  # the task events Flower shows
    assert "flower==" in (ROOT / "requirements.lock").read_text()  # in the image


def test_the_beat_health_check_fails_without_a_recent_schedule_file(tmp_path):
    check = SERVICES["beat"]["healthcheck"]["test"]
    assert check[:3] == ["CMD", "python", "-c"]
    schedule_path = "/tmp/celerybeat-schedule"  # noqa: S108 (the container's, not ours)
    assert schedule_path in _command("beat")
    code = check[3].replace(schedule_path, str(tmp_path / "celerybeat-schedule"))

    def healthy() -> bool:
        return subprocess.run([sys.executable, "-c", code], check=False).returncode == 0

    assert not healthy()  # beat has not written its schedule
    schedule = tmp_path / "celerybeat-schedule.db"  # the dbm module may add a suffix
    schedule.write_bytes(b"")
    assert healthy()
    old = time.time() - 11 * 60
    os.utime(schedule, (old, old))
    assert not healthy()  # not written for 11 minutes: beat hangs


def test_the_image_has_the_backup_tools_and_a_backups_folder():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "postgresql-client" in dockerfile
    assert "/backups" in dockerfile
    assert _command("backup") == "bin/backup"
    assert SERVICES["backup"]["profiles"] == ["backup"]  # not started by `up`
    assert "backups:/backups" in SERVICES["backup"]["volumes"]
