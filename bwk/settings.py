"""Settings, driven by environment variables through django-environ.

Every variable is declared once here with its default and documented in docs/configuration.md.
With ``DEBUG`` off (the default) nothing insecure is assumed: ``SECRET_KEY`` and
``ALLOWED_HOSTS`` must be set, or start-up fails with ImproperlyConfigured.
"""

import tomllib
from decimal import Decimal, InvalidOperation
from pathlib import Path

import environ
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
    "django.contrib.postgres",
    "django_tables2",
    "django_filters",
    "simple_history",
    "django_htmx",
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
    "django.middleware.security.SecurityMiddleware",
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
            ],
        },
    },
]

WSGI_APPLICATION = "bwk.wsgi.application"

# DATABASE_URL is required: PostgreSQL only (bin/with-postgres provides one for demo and tests).
DATABASES = {"default": env.db_url("DATABASE_URL")}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL (postgres://...).")

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
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "media/"  # never served: every file is downloaded through a view that asks access
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Issued reports (issue 9): a private archive, local by default; any Django storage backend
# with its options as JSON, e.g. an S3-compatible store (docs/configuration.md).
ARCHIVE_ROOT = env.path("ARCHIVE_ROOT", default=BASE_DIR / "archive")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
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
CELERY_TASK_ACKS_LATE = True
CELERY_TIMEZONE = TIME_ZONE

SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=False) else None
)

DJANGO_TABLES2_TEMPLATE = "django_tables2/table.html"

# Petty cash (handgeld) per location per month, in euros (2021 agreement, BEGROTING D1: € 250
# a month); the allowance of a budget without a petty-cash line (budgets.actuals).
try:
    BWK_PETTY_CASH_MONTHLY = Decimal(env.str("BWK_PETTY_CASH_MONTHLY", default="250.00"))
except InvalidOperation as error:
    raise ImproperlyConfigured("BWK_PETTY_CASH_MONTHLY must be an amount like 250.00.") from error

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
