"""Bilateral settings, all from the environment, with safe local defaults for `make run`."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("BILATERAL_DATA_DIR", BASE_DIR / ".data"))


def envbool(name: str, default: str = "False") -> bool:
    """Read a boolean from the environment; anything but True/False fails loudly."""
    value = os.environ.get(name, default)
    if value not in ("True", "False", "true", "false", "1", "0"):
        raise ImproperlyConfigured(f"{name} must be True or False, got {value!r}")
    return value in ("True", "true", "1")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from None


def envfloat(name: str, default: float) -> float:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, got {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


POSTGRESQL_SCHEMES = ("postgres", "postgresql", "pgsql")


def database_from_url(url: str) -> dict:
    """DATABASES['default'] from postgres://user:password@host:port/name?options, by dj-database-url."""
    scheme = url.partition("://")[0]
    if scheme not in POSTGRESQL_SCHEMES:
        raise ImproperlyConfigured(
            f"DATABASE_URL must be a PostgreSQL URL (postgres://...), got scheme {scheme!r}"
        )
    database = dj_database_url.parse(url)
    if not database.get("NAME"):
        raise ImproperlyConfigured("DATABASE_URL names no database (postgres://host/NAME)")
    # `?host=/run/postgresql` names a Unix socket: the server's address, where Django shows it.
    options = database.get("OPTIONS", {})
    if not database["HOST"] and "host" in options:
        database["HOST"] = options.pop("host")
        if not options:
            del database["OPTIONS"]
    database["PORT"] = str(database["PORT"] or "")
    return database


def _local_secret_key() -> str:
    """A random key kept under .data/ so local sessions survive restarts; never committed."""
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = envbool("DEBUG", "False")
SECRET_KEY = os.environ.get("SECRET_KEY") or _local_secret_key()
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # Before the admin: its object tools template links each object's change form to its history.
    "pghistory.admin",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "ninja",
    "axes",
    "csp",
    "pgtrigger",
    "pghistory",
    # The task queue in PostgreSQL (ingestion's jobs): its tables, `manage.py procrastinate`
    # and a read-only admin of jobs. Tasks are found in each app's `tasks` module.
    "procrastinate.contrib.django",
    "api",
    "articles",
    "relations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication: a write's audit context names its user (api/audit.py).
    "api.audit.HistoryMiddleware",
    # After messages: a saved change whose temperature recompute failed says so (rollup.py).
    "relations.middleware.RecomputeNoticeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # After authentication: answers a locked-out login with 429 (django-axes).
    "axes.middleware.AxesMiddleware",
    # /api/<list>.csv, and every API error as JSON (api/middleware.py).
    "api.middleware.ApiEdgeMiddleware",
    # Innermost: a cached API read still gets every header the middleware above adds.
    "api.caching.ApiResponseCacheMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

# The database: DATABASE_URL when set, otherwise the project's own embedded server.
if os.environ.get("DATABASE_URL"):
    _database = database_from_url(os.environ["DATABASE_URL"])
else:
    from config.embedded_database import embedded_database_settings

    _database = embedded_database_settings(DATA_DIR)
# Persistent connections: a new PostgreSQL connection costs about 5 ms here.
_database["CONN_MAX_AGE"] = envint("CONN_MAX_AGE", 600)
_database["CONN_HEALTH_CHECKS"] = True
# A query running longer than this is cancelled (0 switches the bound off), so a costly request
# cannot hold a worker and a connection for good; raise it for a long migration.
DATABASE_STATEMENT_TIMEOUT = envint("DATABASE_STATEMENT_TIMEOUT", 30)
if DATABASE_STATEMENT_TIMEOUT < 0:
    raise ImproperlyConfigured("DATABASE_STATEMENT_TIMEOUT must be 0 or more seconds")
_options = _database.setdefault("OPTIONS", {})
# JIT off: the pages' queries are short, but their correlated subqueries (the public rule, the
# counts per relationship) give plans large cost estimates, and PostgreSQL then spent 0.8 s
# compiling /relationships/' query at 100,000 events to save a few milliseconds running it.
_options["options"] = (
    f"{_options.get('options', '')} -c statement_timeout={DATABASE_STATEMENT_TIMEOUT * 1000}"
    " -c jit=off"
).strip()
if os.environ.get("TEST_DATABASE_NAME"):
    # Lets several test runs share one server without trampling each other's test database.
    _database["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes checks every password login first: after LOGIN_FAILURE_LIMIT failures for one
# username from one address, that pair is refused for LOGIN_COOLOFF_MINUTES. The attempts
# and lockouts are listed in admin (Axes), where a lockout can also be deleted.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_BACKEND",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
WHITENOISE_KEEP_ONLY_HASHED_FILES = True

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# HTTPS=True: served behind the proxy of docker-compose.yml, which terminates TLS and sets
# X-Forwarded-Proto and X-Real-IP on every request (overwriting what a client sent), so both
# are trusted then and only then. Plain HTTP is redirected, browsers are told to keep to
# HTTPS (HSTS), and cookies go over HTTPS only.
HTTPS = envbool("HTTPS", "False")
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = envint("HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_REAL_IP",)
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS

# Every script is a file from /static/ (the figures travel as JSON data blocks). plotly.js
# styles its charts through <style> elements and style attributes, and draws its images
# (the mode bar's "download as PNG") from data: and blob: URLs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# The audit trail (api/audit.py): reads change nothing, so only writes open a history context.
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# Migrations install the triggers of the record's own tables; those of many-to-many links
# (auto-created through tables, which migrations do not see) are installed after `migrate`.
PGTRIGGER_INSTALL_ON_MIGRATE = True
# Each change's own time, not its transaction's: a load's or a request's changes keep their order.
PGHISTORY_CREATED_AT_FUNCTION = "clock_timestamp()"

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

# The temperature model (relations/temperature.py): half-life of an event's influence
# and the prior weight that pulls the value back to neutral when nothing is reported.
TEMPERATURE_HALF_LIFE_DAYS = envint("TEMPERATURE_HALF_LIFE_DAYS", 180)
TEMPERATURE_PRIOR_WEIGHT = envfloat("TEMPERATURE_PRIOR_WEIGHT", 1.0)

# Read endpoints of the API are public unless this is set.
API_READ_REQUIRES_TOKEN = envbool("API_READ_REQUIRES_TOKEN", "False")
# The API keeps rendered read responses in an in-process LRU keyed by the record's version
# (api/caching.py); off, every read is serialised afresh. Public reads may be cached by
# clients and proxies for this many seconds.
API_RESPONSE_CACHE = envbool("API_RESPONSE_CACHE", "True")
API_CACHE_MAX_AGE = envint("API_CACHE_MAX_AGE", 60)
# Serving processes follow the record's version through PostgreSQL LISTEN/NOTIFY (one extra
# connection each) rather than reading it with a query on every API request.
RECORD_VERSION_LISTEN = envbool("RECORD_VERSION_LISTEN", "True")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Ingestion (relations/services/ingestion.py, relations/tasks.py): files above this size are
# refused; a job that fails is retried INGEST_MAX_ATTEMPTS times, INGEST_RETRY_WAIT seconds
# apart, then marked failed with its reason (admin lists both the jobs and the submissions).
INGEST_MAX_BYTES = envint("INGEST_MAX_BYTES", 5 * 1024 * 1024)
INGEST_MAX_ATTEMPTS = envint("INGEST_MAX_ATTEMPTS", 3)
INGEST_RETRY_WAIT = envint("INGEST_RETRY_WAIT", 10)
