"""Settings, driven by environment variables through django-environ.

Every variable is declared once here with its default and documented in docs/configuration.md.
With ``DEBUG`` off (the default) nothing insecure is assumed: ``SECRET_KEY`` and
``ALLOWED_HOSTS`` must be set, or start-up fails with ImproperlyConfigured.
"""

import json
import re
import tomllib
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

# What built an issued report (reports.issuing.software_version): the project's version and,
# when set, the release (e.g. the git commit of the deployed image).
with (BASE_DIR / "pyproject.toml").open("rb") as _pyproject:
    BWK_VERSION = tomllib.load(_pyproject)["project"]["version"]
BWK_RELEASE = env.str("BWK_RELEASE", default="")

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-not-for-production"  # noqa: S105 (DEBUG only)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "locations.access.apps.ScopedAdminConfig",  # django.contrib.admin under the access rules
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its form templates, for the project's form renderer (bwk/forms.py)
    "django.contrib.postgres",
    "django_tables2",
    "django_filters",
    "simple_history",
    "django_htmx",
    "csp",
    "rest_framework",
    # API tokens (django-rest-knox); before reports, whose admin replaces knox's token admin.
    "reports.api.apps.KnoxConfig",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from our static files, never from a CDN
    # Accounts (locations/accounts/): lockout after failed logins, two-factor login.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "formtools",
    "two_factor",
    "locations",
    "agreements",
    "budgets",
    "registrations",
    "reports",
]

MIDDLEWARE = [
    # First: /healthz/ for the compose healthcheck and load balancers (bwk/health.py).
    "bwk.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Static files from the app server itself (docker-compose has no separate web server).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "bwk.middleware.DefaultLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "locations.accounts.middleware.SessionTimeoutMiddleware",
    "locations.accounts.middleware.TwoFactorMiddleware",
    "locations.access.middleware.ScopeMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: answers a locked-out login with the lockout page
]

ROOT_URLCONF = "bwk.urls"
# Dutch error pages in the product's look (bwk/errors.py); a failed CSRF check answers 403.
CSRF_FAILURE_VIEW = "bwk.errors.csrf_failure"
# Every form field with its label, help text and errors linked (templates/django/forms/).
FORM_RENDERER = "bwk.forms.BwkFormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "locations.context_processors.memberships",
                "bwk.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "bwk.wsgi.application"

# DATABASE_URL is required: PostgreSQL only (bin/with-postgres provides one for demo and tests).
# Connections are persistent (issue 13, "A fast save"): each web or worker process keeps its
# connection for DB_CONN_MAX_AGE seconds instead of opening one per request (0: per request,
# None is not offered: a connection is renewed at least this often), and checks it with a
# cheap query before reusing it after a request (DB_CONN_HEALTH_CHECKS), so a database
# restart or a closed idle connection costs one reconnect, never an error page.
# DATABASE_REPLICA_URL adds a read replica (alias "replica") that report builds read from
# (locations.db_routing, docs/scaling.md).
DATABASES = {"default": env.db_url("DATABASE_URL")}
_replica_url = env.str("DATABASE_REPLICA_URL", default="")
if _replica_url:
    DATABASES["replica"] = env.db_url_config(_replica_url)
for _alias, _database in DATABASES.items():
    if _database["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            "DATABASE_URL must point to PostgreSQL (postgres://...)."
            if _alias == "default"
            else "DATABASE_REPLICA_URL must point to PostgreSQL (postgres://...)."
        )
    _database.setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
    if _database["CONN_MAX_AGE"] is None or _database["CONN_MAX_AGE"] < 0:
        raise ImproperlyConfigured("DB_CONN_MAX_AGE must be 0 or more seconds.")
    _database.setdefault("CONN_HEALTH_CHECKS", env.bool("DB_CONN_HEALTH_CHECKS", default=True))
if "replica" in DATABASES:
    # Tests read the replica alias from the test database itself (no second server).
    DATABASES["replica"].setdefault("TEST", {"MIRROR": "default"})
DATABASE_ROUTERS = ["locations.db_routing.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Accounts (locations/accounts/, docs/security.md "Accounts and sessions").
# Lockout after failed logins (django-axes), stored in the database: after
# AXES_FAILURE_LIMIT failures in a row the account is locked for AXES_COOLOFF_HOURS (0: until
# a superuser unlocks it in /beheer/ or with `manage.py axes_reset_username USERNAME`).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
_cooloff_hours = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_COOLOFF_TIME = _cooloff_hours or None
#: What a lockout counts by, each on its own: by default the account ("username", wherever
#: the attempts come from) and the client's address ("ip_address", whatever accounts it
#: tries); a combination is joined by "+" (e.g. "username+ip_address").
AXES_LOCKOUT_PARAMETERS = [
    part.split("+") if "+" in part else part
    for part in env.list("AXES_LOCKOUT_PARAMETERS", default=["username", "ip_address"])
]
AXES_CLIENT_IP_CALLABLE = "bwk.accounts.client_ip"  # behind the TLS proxy: X-Forwarded-For
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no banner at start-up; lockouts are still logged as warnings
AXES_LOCKOUT_CALLABLE = "bwk.accounts.locked_out"
# Two-factor login (django-two-factor-auth on django-otp): TOTP with recovery codes, required
# for the roles in locations.accounts.policy and for coordinators of organisations that ask.
TWO_FACTOR_REMEMBER_COOKIE_AGE = None  # no "remember this browser": a token at every login
# Sessions: in the database (so that ending a user's sessions can find them), ended after
# BWK_SESSION_IDLE_MINUTES without a request and BWK_SESSION_ABSOLUTE_HOURS after login.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
BWK_SESSION_IDLE_MINUTES = env.int("BWK_SESSION_IDLE_MINUTES", default=30)
BWK_SESSION_ABSOLUTE_HOURS = env.int("BWK_SESSION_ABSOLUTE_HOURS", default=12)
SESSION_COOKIE_AGE = BWK_SESSION_ABSOLUTE_HOURS * 3600
# E-mail (password reset): the console in DEBUG unless EMAIL_BACKEND is set, SMTP otherwise.
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="bwk@localhost")
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3600)  # seconds

# Dutch is the default language; English is available.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
FORMAT_MODULE_PATH = ["bwk.formats"]
USE_TZ = True
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Amsterdam")

STATIC_URL = "static/"
# The NL Design System component CSS (the @utrecht/*-css "dependencies" of package.json,
# installed by bin/setup and the Dockerfile with npm): each package's dist/ served as
# static/utrecht/<package>/ (templates/includes/stylesheets.html links them), never from a CDN.
with (BASE_DIR / "package.json").open(encoding="utf-8") as _package_json:
    BWK_UTRECHT_PACKAGES = sorted(
        name.removeprefix("@utrecht/")
        for name in json.load(_package_json)["dependencies"]
        if name.startswith("@utrecht/")
    )
STATICFILES_DIRS: list[Path | tuple[str, Path]] = [BASE_DIR / "static"] + [
    (f"utrecht/{name}", BASE_DIR / "node_modules" / "@utrecht" / name / "dist")
    for name in BWK_UTRECHT_PACKAGES
]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "media/"  # never served: every file is downloaded through a view that asks access
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Issued reports (issue 9): a private archive, local by default; any Django storage backend
# with its options as JSON, e.g. an S3-compatible store (docs/configuration.md).
ARCHIVE_ROOT = env.path("ARCHIVE_ROOT", default=BASE_DIR / "archive")
STORAGES = {
    # Report files built on request (reports.models.ReportFile): MEDIA_ROOT by default; with
    # web servers on more than one host, a store they share (docs/scaling.md).
    "default": {
        "BACKEND": env.str(
            "MEDIA_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": env.json("MEDIA_STORAGE_OPTIONS", default={}),
    },
    # The image sets whitenoise's compressed, hashed storage (Dockerfile); the plain storage
    # elsewhere, so tests and development need no collectstatic.
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
    "archive": {
        "BACKEND": env.str(
            "ARCHIVE_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": env.json("ARCHIVE_STORAGE_OPTIONS", default={})
        or {"location": str(ARCHIVE_ROOT), "base_url": None},
    },
}

# Celery: eager (in-process) when no broker is configured.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=env.str("REDIS_URL", default=""))
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
# A task is acknowledged when it has finished, not when it starts, and given back to the
# broker when its worker dies: a worker killed mid-build leads to the build running again
# (issue 10, "Background reports that never get lost"). Redis gives an unacknowledged task to
# another worker after the visibility timeout (seconds): longer than the slowest build.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)
}
# Publishing gives up after about a second when the broker does not answer; the request then
# builds the file itself (reports.services.report_file_request).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_TIMEZONE = TIME_ZONE
# A report file still pending this many minutes after it was asked for (or last started)
# counts as stuck: its page offers to try again (reports.models.ReportFile.is_stuck).
BWK_REPORT_STUCK_AFTER_MINUTES = env.int("BWK_REPORT_STUCK_AFTER_MINUTES", default=15)
# The trace page ("Herkomst", reports:trace) lists this many counted rows per page; the
# figure and the check that the rows give it always cover all of them.
BWK_TRACE_PAGE_SIZE = env.int("BWK_TRACE_PAGE_SIZE", default=200)
if BWK_TRACE_PAGE_SIZE < 1:
    raise ImproperlyConfigured("BWK_TRACE_PAGE_SIZE must be 1 or more rows.")
# The live progress page (reports:progress, issue 13): a report of more locations than this is
# shown as an overview, one row per location linking to its own page, this many rows a page.
BWK_PROGRESS_OVERVIEW_ABOVE = env.int("BWK_PROGRESS_OVERVIEW_ABOVE", default=25)
BWK_PROGRESS_OVERVIEW_PAGE_SIZE = env.int("BWK_PROGRESS_OVERVIEW_PAGE_SIZE", default=50)
if BWK_PROGRESS_OVERVIEW_ABOVE < 0 or BWK_PROGRESS_OVERVIEW_PAGE_SIZE < 1:
    raise ImproperlyConfigured(
        "BWK_PROGRESS_OVERVIEW_ABOVE must be 0 or more, BWK_PROGRESS_OVERVIEW_PAGE_SIZE 1 or more."
    )

# Retention (issue 10, "Privacy by design"; docs/security.md "Retention"): the personal
# details of participants and volunteers without any registration for this many months are
# removed by the nightly task below (registrations.privacy.retention). 24 months: the
# agreement year and the year after it, in which it is accounted for and checked.
BWK_RETENTION_MONTHS = env.int("BWK_RETENTION_MONTHS", default=24)
if BWK_RETENTION_MONTHS < 1:
    raise ImproperlyConfigured("BWK_RETENTION_MONTHS must be 1 or more months.")
# When the beat service (docker-compose) sends the task: every night at this hour (local time).
BWK_RETENTION_HOUR = env.int("BWK_RETENTION_HOUR", default=3)
if not 0 <= BWK_RETENTION_HOUR <= 23:
    raise ImproperlyConfigured("BWK_RETENTION_HOUR must be an hour from 0 to 23.")
# Reminders of reporting deadlines (issue 11; reports.reminders): e-mailed to the board and
# the coordinators this many days before a deadline (and once when it has passed unissued), by
# the daily task below at BWK_REMINDER_HOUR (local time). BWK_SITE_URL is the address the
# e-mails link to (e.g. https://bwk.example.nl; empty: the link is the path alone).
BWK_REMINDER_DAYS_BEFORE = env.int("BWK_REMINDER_DAYS_BEFORE", default=7)
if not 0 <= BWK_REMINDER_DAYS_BEFORE <= 365:
    raise ImproperlyConfigured("BWK_REMINDER_DAYS_BEFORE must be a number of days from 0 to 365.")
BWK_REMINDER_HOUR = env.int("BWK_REMINDER_HOUR", default=7)
if not 0 <= BWK_REMINDER_HOUR <= 23:
    raise ImproperlyConfigured("BWK_REMINDER_HOUR must be an hour from 0 to 23.")
BWK_SITE_URL = env.str("BWK_SITE_URL", default="")
# Who runs this installation and how to reach them: the footer's contact link, the
# accessibility statement (bwk/accessibility.py) and the error pages name them.
BWK_OPERATOR_NAME = env.str("BWK_OPERATOR_NAME", default="Buurtwerkkamer Coöperatie")
BWK_CONTACT_EMAIL = env.str("BWK_CONTACT_EMAIL", default="info@buurtwerkkamers.nl")
CELERY_BEAT_SCHEDULE = {
    "remove-expired-personal-details": {
        "task": "registrations.tasks.remove_expired_personal_details",
        "schedule": crontab(hour=str(BWK_RETENTION_HOUR), minute="17"),
    },
    "send-deadline-reminders": {
        "task": "reports.tasks.send_deadline_reminders",
        "schedule": crontab(hour=str(BWK_REMINDER_HOUR), minute="7"),
    },
}

# HTTPS and headers (issue 10, "Production settings and headers"; docs/security.md). With
# DEBUG off the defaults pass `manage.py check --deploy --fail-level WARNING`
# (tests/test_headers.py). Behind a TLS-terminating proxy set BEHIND_TLS_PROXY=true, so that
# X-Forwarded-Proto: https marks a request secure and the redirect to HTTPS does not loop.
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=False) else None
)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Content-Security-Policy (django-csp): only this server's own scripts, styles, images and
# fonts; no inline script or style (templates load static/js and static/css files), no
# framing, no plugins, forms post only here. Extra sources for a deployment's own needs:
# CSP_EXTRA_IMG_SRC (e.g. an S3 host), a comma-separated list.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *env.list("CSP_EXTRA_IMG_SRC", default=[])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# The cache: throttling counts of the API (below). Per process by default; with several web
# processes set CACHE_URL to a shared cache (redis://redis:6379/1) so the limits hold overall.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}


def _throttle_rate(name: str, default: str) -> str:
    """The API throttle rate in variable ``name``: ``N/second``, ``N/minute``, ``N/hour`` or
    ``N/day`` (also ``s``, ``min``, ``h``, ``d``); raises ImproperlyConfigured otherwise
    (DRF would only fail on the first request)."""
    rate = env.str(name, default=default).strip()
    if not re.fullmatch(r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)", rate):
        raise ImproperlyConfigured(
            f"{name} must be a rate like 60/minute (N/second, N/minute, N/hour or N/day)."
        )
    return rate


# The read-only API for funders' and municipal systems (reports/api/, docs/api.md): knox
# tokens (stored as a digest) or the session, the access layer's scope, throttled per user.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": [
        "reports.api.limits.BurstRateThrottle",
        "reports.api.limits.SustainedRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "api_burst": _throttle_rate("API_THROTTLE_BURST", "60/minute"),
        "api_sustained": _throttle_rate("API_THROTTLE_SUSTAINED", "2000/day"),
    },
    "DEFAULT_PAGINATION_CLASS": "reports.api.limits.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
# Tokens expire after API_TOKEN_TTL_DAYS days (0: never); the admin or the api_token command
# may give a token another lifetime.
_API_TOKEN_TTL_DAYS = env.int("API_TOKEN_TTL_DAYS", default=365)
if _API_TOKEN_TTL_DAYS < 0:
    raise ImproperlyConfigured("API_TOKEN_TTL_DAYS must be 0 (never expires) or more days.")
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=_API_TOKEN_TTL_DAYS) if _API_TOKEN_TTL_DAYS else None,
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "bwk API",
    "DESCRIPTION": (
        "Read-only API for funders' and municipal systems: the agreements a user may see, "
        "the report versions issued to them and their figures, with the field names of the "
        "Excel data sheet (docs/api.md)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/table.html"

# Petty cash (handgeld) per location per month, in euros (2021 agreement, BEGROTING D1: € 250
# a month); the allowance of a budget without a petty-cash line (budgets.actuals).
try:
    BWK_PETTY_CASH_MONTHLY = Decimal(env.str("BWK_PETTY_CASH_MONTHLY", default="250.00"))
except InvalidOperation as error:
    raise ImproperlyConfigured("BWK_PETTY_CASH_MONTHLY must be an amount like 250.00.") from error

# The average hours per year of an active volunteer when the indicator's description states
# none ("Actieve vrijwilligers (gem. 250 uren/jaar)"; issue 12, reports.measures.states).
try:
    BWK_ACTIVE_VOLUNTEER_HOURS = Decimal(env.str("BWK_ACTIVE_VOLUNTEER_HOURS", default="250"))
except InvalidOperation as error:
    raise ImproperlyConfigured("BWK_ACTIVE_VOLUNTEER_HOURS must be a number like 250.") from error
if BWK_ACTIVE_VOLUNTEER_HOURS <= 0:
    raise ImproperlyConfigured("BWK_ACTIVE_VOLUNTEER_HOURS must be more than 0.")

# Upload limits (issue 10, docs/configuration.md "Upload limits"): a request body other than
# files (Django refuses a larger one with 400), an uploaded file kept in memory (larger ones go
# to a temporary file) and the largest CSV file an import accepts (web upload and command).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=10_485_760)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
