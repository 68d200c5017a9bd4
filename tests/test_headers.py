"""Production settings and headers (issue 10, "Production settings and headers").

- Every response carries the Content-Security-Policy (no inline script or style allowed, no
  framing), X-Content-Type-Options nosniff, a referrer policy and X-Frame-Options DENY: pages of
  every app as an admin sees them (the access matrix's pages), the admin, the login page, a 404
  and a static file served by whitenoise.
- No page the product renders holds an inline script, an inline style or an event-handler
  attribute: the policy would block them, so they would silently stop working.
- ``manage.py check --deploy --fail-level WARNING`` passes with production settings.
- The image installs runtime dependencies only and leaves local files out.
"""

import os
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.test_access_matrix import _requests, _send

ROOT = Path(__file__).resolve().parent.parent


def _policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {words[0]: words[1:] for words in directives}


def assert_secure_headers(response, what: str, *, page: bool = True) -> None:
    """The headers every response must carry (``what`` names the response in a failure);
    a page (not a static file) also X-Frame-Options DENY, for browsers without CSP 2."""
    policy = _policy(response)
    assert policy.get("default-src") == ["'self'"], (what, policy)
    assert policy.get("script-src") == ["'self'"], (what, policy)
    assert policy.get("style-src") == ["'self'"], (what, policy)
    assert policy.get("frame-ancestors") == ["'none'"], (what, policy)
    assert policy.get("object-src") == ["'none'"], (what, policy)
    assert response.headers.get("X-Content-Type-Options") == "nosniff", what
    assert response.headers.get("Referrer-Policy") == "same-origin", what
    if page:
        assert response.headers.get("X-Frame-Options") == "DENY", what


class InlineFinder(HTMLParser):
    """Collects what a strict policy blocks: <script> without src (JSON data blocks are not
    run and may stay), <style>, style="..." and on...="..." attributes, javascript: links."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script" and "src" not in values and values.get("type") != "application/json":
            self.found.append(f"<script> at line {self.getpos()[0]}")
        if tag == "style":
            self.found.append(f"<style> at line {self.getpos()[0]}")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"{tag} {name}= at line {self.getpos()[0]}")
            if name == "href" and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} href=javascript: at line {self.getpos()[0]}")


def inline_parts(html: str) -> list[str]:
    finder = InlineFinder()
    finder.feed(html)
    return finder.found


def test_the_inline_finder_finds_what_the_policy_blocks():
    html = (
        '<p style="color:red" onclick="x()">a</p><script>alert(1)</script><style>p{}</style>'
        '<a href="javascript:void(0)">b</a><script src="/static/js/bwk.js"></script>'
        '<script type="application/json">{"a": 1}</script>'
    )
    assert len(inline_parts(html)) == 5


@pytest.mark.parametrize("role", ["admin", "coordinator", "funder"])
def test_every_page_has_the_headers_and_no_inline_script_or_style(
    client, tenants, world_a, role, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    client.force_login(getattr(tenants.a, role))
    seen = 0
    problems = []
    for name, method, url, data, extra, _expected in _requests(world_a):
        if method == "post":
            continue
        response = _send(client, method, url, data, extra)
        assert_secure_headers(response, f"{name} {method}")
        if response.status_code == 200 and "html" in response.headers.get("Content-Type", ""):
            seen += 1
            found = inline_parts(response.content.decode())
            if found:
                problems.append((name, method, found))
    # The pages were really rendered, not refused (a funder has few pages).
    assert seen >= {"admin": 20, "coordinator": 15, "funder": 5}[role]
    assert not problems, problems


ADMIN_PAGES = [
    ("admin:index", None),
    ("admin:agreements_agreement_changelist", None),
    ("admin:agreements_agreement_change", "agreement"),
    ("admin:registrations_participant_changelist", None),
    ("admin:registrations_participant_change", "participant"),
    ("admin:registrations_session_add", None),
    ("admin:password_change", None),
]


def test_the_admin_has_the_headers(client, tenants, world_a):
    client.force_login(tenants.a.admin)
    for name, key in ADMIN_PAGES:
        url = reverse(name, args=[world_a[key].pk] if key else None)
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        assert_secure_headers(response, name)


def test_anonymous_pages_a_404_and_static_files_have_the_headers(client, settings, db):
    login = client.get(reverse("login"))
    assert login.status_code == 200
    assert_secure_headers(login, "login")
    assert not inline_parts(login.content.decode())
    admin_login = client.get(reverse("admin:login"))
    assert admin_login.status_code in (200, 302)
    assert_secure_headers(admin_login, "admin login")
    missing = client.get("/bestaat-niet/")
    assert missing.status_code == 404
    assert_secure_headers(missing, "404")
    # whitenoise serves static files from the app server (here from the finders; the image
    # serves the collected, compressed files).
    settings.WHITENOISE_USE_FINDERS = True
    static = Client().get("/static/js/bwk.js")
    assert static.status_code == 200
    assert b"data-autosubmit" in b"".join(static.streaming_content)
    assert_secure_headers(static, "static file", page=False)


def _production_env() -> dict[str, str]:
    # (Without DJANGO_ALLOW_ASYNC_UNSAFE, which the browser test modules set for Playwright.)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE") and not k.startswith("SECURE_")
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="bwk.example.nl",
        CSRF_TRUSTED_ORIGINS="https://bwk.example.nl",
        BEHIND_TLS_PROXY="true",
        DATABASE_URL=env.get("DATABASE_URL", "postgres://localhost/unused"),
    )
    return env


def test_the_deploy_check_passes_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_check_fails_without_https(tmp_path):
    env = _production_env() | {"SECURE_SSL_REDIRECT": "false", "SECURE_HSTS_SECONDS": "0"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout  # no HSTS
    assert "security.W008" in result.stderr + result.stdout  # no redirect to HTTPS


def _lock_names(path: Path) -> set[str]:
    names = set()
    for line in path.read_text().splitlines():
        if line and not line.startswith(("#", "-r")):
            names.add(line.split("==")[0].lower().replace("_", "-"))
    return names


def test_the_image_installs_runtime_dependencies_only_and_leaves_local_files_out():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install --no-cache-dir -r requirements.lock" in dockerfile
    assert "-r requirements-dev.lock" not in dockerfile
    runtime = _lock_names(ROOT / "requirements.lock")
    development = _lock_names(ROOT / "requirements-dev.lock")
    assert {"django", "weasyprint", "gunicorn", "whitenoise", "django-csp"} <= runtime
    assert {"pytest", "ruff", "playwright", "mypy"} <= development
    assert not runtime & {"pytest", "ruff", "playwright", "mypy", "factory-boy"}
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".env", ".pgdata", "out/", ".venv", ".git"} <= set(ignored)
