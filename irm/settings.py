"""One settings module, driven by environment variables (see the README's configuration table).

Bad values fail loudly at start-up: a typo in production must not fall back to a default silently.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DATA_DIR = Path(env_str("IRM_DATA_DIR", "var")).resolve()
# Under pytest: immediate tasks, plain static storage, a fixed key.
TESTING = env_bool("IRM_TESTING", "pytest" in sys.modules)


def _secret_key() -> str:
    """IRM_SECRET_KEY, or a key generated once and kept in the data directory."""
    if key := env_str("IRM_SECRET_KEY"):
        return key
    if TESTING:
        return "irm-tests-only-not-secret"
    path = DATA_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("IRM_DEBUG", False)
ALLOWED_HOSTS = env_list("IRM_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("IRM_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("IRM_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks_db",
    # Domain apps, in dependency order (docs/ARCHITECTURE.md).
    "irm.core",
    "irm.search",
    "irm.accounts",
    "irm.parties",
    "irm.convention",
    "irm.cycles",
    "irm.lots",
    "irm.reviews",
    "irm.checklists",
    "irm.findings",
    "irm.analysis",
    "irm.themes",
    "irm.public",
    "irm.sitesearch",
    "irm.finance",
    "irm.meetings",
    "irm.web",
    "irm.demo",  # the demo loader and `irm demo`: calls every app's services (docs/ARCHITECTURE.md)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "irm.accounts.middleware.TwoFactorMiddleware",
    "irm.accounts.api_auth.ApiAuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "irm.core.limits.BoundedQueryMiddleware",
]

# "default" counts the rate limits (irm/core/limits.py): per process unless IRM_CACHE_URL names a shared
# cache (redis://…). "documents" keeps generated documents per content version, on disk in the data
# directory so every process reuses them.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("IRM_CACHE_URL")}
        if env_str("IRM_CACHE_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    "documents": (
        {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "documents"}
        if TESTING
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache" / "documents"),
            "OPTIONS": {"MAX_ENTRIES": 500},
        }
    ),
}
#: Requests per client for expensive endpoints (document generation): "N/s|m|h|d", or "" for no limit.
#: Off under the tests (which turn it on where they test it), 30 a minute otherwise.
IRM_RATE_LIMITS = {"documents": env_str("IRM_RATE_LIMIT_DOCUMENTS", "" if TESTING else "30/m") or None}


ROOT_URLCONF = "irm.urls"
WSGI_APPLICATION = "irm.wsgi.application"
ASGI_APPLICATION = "irm.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "irm.web.context_processors.site",
            ],
        },
    },
]

# Database: SQLite in WAL mode under the data directory, or DATABASE_URL (PostgreSQL in production).
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    try:
        DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    except Exception as exc:  # dj_database_url raises several kinds
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"].setdefault("TEST", {})
        if test_name := env_str("IRM_TEST_DATABASE_NAME"):
            DATABASES["default"]["TEST"]["NAME"] = test_name
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "irm.sqlite3"),
            "OPTIONS": {
                # WAL lets the web server and the worker read while the other writes.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["irm.accounts.backends.UsernameOrEmailBackend"]
if TESTING:  # tests create many users; a slow hash there only costs time
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Internationalization: the six UN languages.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Chinese")),
    ("ar", _("Arabic")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("IRM_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG or TESTING  # tests: no collected files to index at start
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "media/"

# E-mail: printed on the console unless configured (Django's MAILERS setting).
_EMAIL_BACKEND = env_str("IRM_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.locmem.EmailBackend" if TESTING else _EMAIL_BACKEND,
        "OPTIONS": (
            {
                "host": env_str("IRM_EMAIL_HOST", "localhost"),
                "port": env_int("IRM_EMAIL_PORT", 25),
                "username": env_str("IRM_EMAIL_HOST_USER"),
                "password": env_str("IRM_EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("IRM_EMAIL_USE_TLS", False),
            }
            if _EMAIL_BACKEND.endswith("smtp.EmailBackend") and not TESTING
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = env_str("IRM_DEFAULT_FROM_EMAIL", "irm@localhost")

# Background work: Django's tasks API with a database-backed queue.
TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend"
        ),
    }
}

#: (dotted path of a task, seconds between runs): enqueued by `irm worker`.
#: Platform outputs a session document can be generated from (meetings imports none of these apps):
#: kind → a function (identifier, language) -> object with filename, content, url, label.
MEETINGS_OUTPUT_GENERATORS: dict[str, str] = {
    "ta_needs_analysis": "irm.analysis.outputs.ta_needs_document",
}

#: Search indexes (irm.search): name → the module that rebuilds and syncs it (`irm search rebuild`).
SEARCH_INDEXES: dict[str, str] = {"public": "irm.public.indexing", "restricted": "irm.sitesearch.indexing"}
#: What to refresh after a change: kind of object changed → indexers called with its ids, after commit
#: (services call `irm.search.services.request_reindex`).
SEARCH_INDEXERS: dict[str, list[str]] = {
    "review": ["irm.public.indexing.refresh_reviews", "irm.sitesearch.indexing.refresh_reviews"],
    "finding": ["irm.public.indexing.refresh_findings", "irm.sitesearch.indexing.refresh_findings"],
    "checklist": ["irm.sitesearch.indexing.refresh_checklists"],
    "session_document": ["irm.sitesearch.indexing.refresh_session_documents"],
}

PERIODIC_TASKS: list[tuple[str, int]] = [
    ("irm.reviews.tasks.send_reminders", 3600),
    ("irm.search.tasks.sync_indexes", 600),
    ("irm.meetings.tasks.close_due_items", 60),
]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("IRM_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("IRM_LOG_LEVEL", "WARNING")},
    "loggers": {
        "irm": {"handlers": ["console"], "level": env_str("IRM_LOG_LEVEL", "INFO"), "propagate": False}
    },
}
