"""One settings module, driven by environment variables (see the README's configuration table).

Bad values fail loudly at start-up: a typo in production must not fall back to a default silently.
"""

from __future__ import annotations

import atexit
import os
import secrets
import shutil
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
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


# Every file the platform creates (database, WAL, uploads, backups, keys) is its owner's only.
os.umask(0o077)


def _data_dir() -> Path:
    """IRM_DATA_DIR, default `var` in the working directory, made absolute once at start.

    Never inside the package: a data directory there would be shipped in a wheel or committed with
    the code (it once was: a secret key was tracked in git). Run from elsewhere or set IRM_DATA_DIR.
    """
    path = Path(env_str("IRM_DATA_DIR") or (Path.cwd() / "var")).resolve()
    if path == BASE_DIR or BASE_DIR in path.parents:
        raise ImproperlyConfigured(
            f"the data directory {path} is inside the irm package: set IRM_DATA_DIR to a folder "
            "outside it (or run irm from another directory)"
        )
    return path


DATA_DIR = _data_dir()
# Under pytest: immediate tasks, plain static storage, a fixed secret key, keys in a scratch folder.
TESTING = env_bool("IRM_TESTING", "pytest" in sys.modules)
#: Where the audit HMAC key, the audit head file and the TOTP encryption key live (irm.core.keys).
#: Tests use a folder of their own: a test database's head must never land in a real data directory.
KEY_DIR = Path(tempfile.mkdtemp(prefix="irm-test-keys-")) if TESTING else DATA_DIR
if TESTING:
    atexit.register(shutil.rmtree, KEY_DIR, ignore_errors=True)


def _secret_key() -> str:
    """IRM_SECRET_KEY, or a key generated once and kept in the data directory."""
    if key := env_str("IRM_SECRET_KEY"):
        return key
    if TESTING:
        return "irm-tests-only-not-secret"
    path = DATA_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
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
    "axes",
    "ninja",  # its Swagger UI from our own static files, not a CDN (the CSP allows only this site)
    # Domain apps, in dependency order (docs/ARCHITECTURE.md).
    "irm.core",
    "irm.search",
    "irm.documents",
    "irm.accounts",
    "irm.parties",
    "irm.convention",
    "irm.cycles",
    "irm.directory",
    "irm.lots",
    "irm.reviews",
    "irm.library",
    "irm.checklists",
    "irm.findings",
    "irm.assistance",
    "irm.followup",
    "irm.analysis",
    "irm.themes",
    "irm.public",
    "irm.sitesearch",
    "irm.analytics",
    "irm.finance",
    "irm.meetings",
    "irm.web",
    "irm.demo",  # the demo loader and `irm demo`: calls every app's services (docs/ARCHITECTURE.md)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "irm.accounts.middleware.TwoFactorMiddleware",
    "irm.accounts.api_auth.ApiAuthenticationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "irm.core.limits.BoundedQueryMiddleware",
    "irm.core.middleware.NoStoreMiddleware",
    "irm.core.middleware.LoginToSeeMiddleware",
    "axes.middleware.AxesMiddleware",
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
    # Public answers and figures per content version (irm/core/content_cache.py): per process.
    "public": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "public",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
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
#: Public answers, figures and reference rows cached per content version (irm/core/content_cache.py): on,
#: except under the tests (those of the caches turn it on), whose rows written without a service would
#: not move the version.
IRM_CONTENT_CACHE = env_bool("IRM_CONTENT_CACHE", not TESTING)
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
                "django.template.context_processors.csp",
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
# django-axes first: it refuses a locked account or address before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "irm.accounts.backends.UsernameOrEmailBackend",
]
if TESTING:  # tests create many users; a slow hash there only costs time
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes, irm.accounts.lockout): 10 failures in a row for one account, or from
# one client address, lock it for 15 minutes (issue 14 §1; ASVS 2.2.1).
AXES_FAILURE_LIMIT = env_int("IRM_LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("IRM_LOGIN_LOCK_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the lock lasts 15 minutes from the 10th failure
AXES_USERNAME_CALLABLE = "irm.accounts.lockout.lockout_username"
AXES_LOCKOUT_CALLABLE = "irm.accounts.lockout.locked_out"
AXES_SENSITIVE_PARAMETERS = ["password", "code"]
AXES_CLIENT_IP_CALLABLE = "irm.accounts.lockout.client_address"
#: Reverse proxies in front of the platform: the client is the address the last of them saw. With 0
#: (the default) it is the connection's address; wrong here, every user would share the proxy's.
PROXY_COUNT = env_int("IRM_PROXY_COUNT", 0)
AXES_VERBOSE = False
#: Days an API token works after it is made (irm.accounts.tokens).
IRM_TOKEN_DAYS = env_int("IRM_TOKEN_DAYS", 90)
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
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

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

#: Keep the search's filter arrays between writes and processes (irm.search.facets: stored in the
#: data directory, brought up to date by reading only new rows). Off in tests: a rolled-back test's
#: ids come back with other content, so there every change rebuilds from all rows.
SEARCH_SNAPSHOTS = env_bool("IRM_SEARCH_SNAPSHOTS", not TESTING)
#: Search indexes (irm.search): name → the module that rebuilds and syncs it (`irm search rebuild`).
SEARCH_INDEXES: dict[str, str] = {
    "public": "irm.public.indexing",
    "restricted": "irm.sitesearch.indexing",
    "library": "irm.library.indexing",
}
#: What to refresh after a change: kind of object changed → indexers called with its ids, after commit
#: (services call `irm.search.services.request_reindex`).
SEARCH_INDEXERS: dict[str, list[str]] = {
    "review": ["irm.public.indexing.refresh_reviews", "irm.sitesearch.indexing.refresh_reviews"],
    "finding": ["irm.public.indexing.refresh_findings", "irm.sitesearch.indexing.refresh_findings"],
    "checklist": ["irm.sitesearch.indexing.refresh_checklists"],
    "session_document": ["irm.sitesearch.indexing.refresh_session_documents"],
    "library_document": ["irm.library.indexing.refresh_documents"],
}
#: `GET /healthz` answers 503 when no worker showed a sign of life for this long (irm.core.health).
WORKER_STALE_SECONDS = env_int("IRM_WORKER_STALE_SECONDS", 120)

PERIODIC_TASKS: list[tuple[str, int]] = [
    ("irm.reviews.tasks.send_reminders", 3600),
    ("irm.search.tasks.sync_indexes", 600),
    ("irm.meetings.tasks.close_due_items", 60),
    ("irm.documents.tasks.remove_old_jobs", 86400),
    ("irm.analysis.tasks.verify_need_counts", 86400),
]

# Headers (issue 14 §11). The Content-Security-Policy lets scripts come only from this site (or carry
# the response's nonce, `{{ csp_nonce }}`): no inline script or event handler anywhere. Style attributes
# stay allowed (progress bars set their width), style elements do not.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "style-src-elem": [CSP.SELF],
    "style-src-attr": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
#: Served over HTTPS (behind a proxy that terminates TLS): secure cookies, HTTP redirected to HTTPS,
#: Strict-Transport-Security. The proxy must set X-Forwarded-Proto (trusted only with IRM_PROXY_COUNT).
HTTPS = env_bool("IRM_HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # a monitor on the same host may ask over plain HTTP
SECURE_HSTS_SECONDS = env_int("IRM_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("IRM_HSTS_PRELOAD", False)
if PROXY_COUNT > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Asking browsers to preload HTTPS-only for the domain binds every subdomain for good: the domain
# owner's decision (IRM_HSTS_PRELOAD=true), not a default of the application.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

#: The public process analytics suppress every cell computed from fewer reviews than this.
ANALYTICS_MIN_CELL = env_int("IRM_ANALYTICS_MIN_CELL", 5)
if ANALYTICS_MIN_CELL < 2:
    raise ImproperlyConfigured("IRM_ANALYTICS_MIN_CELL must be at least 2")

SESSION_COOKIE_HTTPONLY = True
#: The secretariat's sessions end after this long without a request (issue 14 §1; ASVS 3.3.2).
SECRETARIAT_IDLE_SECONDS = env_int("IRM_SECRETARIAT_IDLE_HOURS", 8) * 3600
SESSION_COOKIE_SECURE = env_bool("IRM_SECURE_COOKIES", HTTPS)
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
