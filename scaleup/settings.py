"""Settings for scaleup, driven by environment variables (12-factor).

Defaults are safe for production (no debug, HTTPS-only cookies, HSTS); the
Makefile's `run` target relaxes what a plain-HTTP local demo needs.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Lets generic Django classes (Feed[Post, None], QuerySet[Meeting]) be subscripted at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


VAR_DIR = Path(os.environ.get("SCALEUP_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """Take the key from the environment; a local install keeps a generated one in var/."""
    key = os.environ.get("SCALEUP_SECRET_KEY")
    if key:
        return key
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("SCALEUP_DEBUG", False)
ALLOWED_HOSTS = env_list("SCALEUP_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("SCALEUP_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "scaleup.access.admin_site.ScaleupAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Before allauth, so the portal's layout of the sign-in pages wins over allauth's own.
    "scaleup.accounts",
    "allauth",
    "allauth.account",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "scaleup.core",
    "scaleup.projects",
    "scaleup.access",
    "scaleup.privacy",
    "scaleup.jobs",
    "scaleup.stakeholders",
    "scaleup.meetings",
    "scaleup.news",
    "scaleup.dialogue",
    "scaleup.network",
    "scaleup.practices",
    "scaleup.policy",
    "scaleup.actionplans",
    "scaleup.indicators",
    "scaleup.opendata",
    "scaleup.workspace",
    "scaleup.api",
    # The API's interactive documentation, served from the package's own files.
    "ninja",
    "scaleup.demo",
]

MIDDLEWARE = [
    # First, so that it sees every streamed response, static files included.
    "scaleup.core.streaming.asgi_streaming",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "csp.middleware.CSPMiddleware",
    "scaleup.api.middleware.problem_details",
]

ROOT_URLCONF = "scaleup.urls"
WSGI_APPLICATION = "scaleup.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "scaleup.core.context_processors.portal",
                "scaleup.projects.context_processors.funding",
                "scaleup.news.context_processors.footer",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=0,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent readers and a writer (the server plus a CLI import) must not lock each other out.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Under ASGI every request has a context of its own, so a persistent connection
    # (CONN_MAX_AGE > 0) would leak one connection per request. Pages connect per request
    # (a database restart then costs no request more than those made while it is down), or
    # share a pool per process with SCALEUP_DB_POOL=1. The vote API has a pool of its own.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "SCALEUP_DB_POOL", False
):
    # With CONN_HEALTH_CHECKS (set above) the pool checks a connection before handing it
    # out, so one broken by a database restart is replaced, not given to a request.
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("SCALEUP_DB_POOL_MIN", "2")),
        "max_size": int(os.environ.get("SCALEUP_DB_POOL_MAX", "10")),
        "timeout": float(os.environ.get("SCALEUP_DB_POOL_TIMEOUT", "3")),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts: sign-in with a one-time code sent by e-mail; a password is optional (Argon2).
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:home"
ACCOUNT_ADAPTER = "scaleup.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
# Sign-up asks for an address only: a password put on an address not yet proved would let
# its author into the account once the owner verifies it. A password is set later, signed
# in; the sign-in form keeps its password field for that (scaleup.accounts.forms.LoginForm).
ACCOUNT_SIGNUP_FIELDS = ["email*"]
ACCOUNT_FORMS = {"login": "scaleup.accounts.forms.LoginForm"}
ACCOUNT_USER_DISPLAY = "scaleup.accounts.adapter.user_display"
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 15 * 60
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "website"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if env_bool("SCALEUP_HTTPS", True) else "http"
ALLAUTH_TRUSTED_PROXY_COUNT = 1 if env_bool("SCALEUP_BEHIND_PROXY", False) else 0

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
#: Files the platform can make again (the open data's workshop files); not backed up.
OPENDATA_CACHE_DIR = Path(os.environ.get("SCALEUP_FILE_CACHE_DIR", VAR_DIR / "cache")) / "opendata"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/cytoscape", BASE_DIR / "node_modules" / "cytoscape" / "dist"),
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("SCALEUP_MEDIA_ROOT", VAR_DIR / "media"))
SERVE_MEDIA = env_bool("SCALEUP_SERVE_MEDIA", DEBUG)
# Uploaded media on disk, or on S3-compatible object storage (several app hosts share
# it) when a bucket is named; credentials come from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.
MEDIA_S3_BUCKET = os.environ.get("SCALEUP_MEDIA_S3_BUCKET", "")
_media_storage: dict[str, object] = (
    {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": os.environ.get("SCALEUP_MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("SCALEUP_MEDIA_S3_REGION") or None,
            "custom_domain": os.environ.get("SCALEUP_MEDIA_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("SCALEUP_MEDIA_S3_PREFIX", "media"),
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": env_bool("SCALEUP_MEDIA_S3_SIGNED_URLS", False),
        },
    }
    if MEDIA_S3_BUCKET
    # On disk: a file appears under its name only once complete (see scaleup/core/storage.py).
    else {"BACKEND": "scaleup.core.storage.AtomicFileSystemStorage"}
)
STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("SCALEUP_STATIC_MANIFEST", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not env_bool("SCALEUP_STATIC_MANIFEST", False)

# Uploads: photos above this size are refused with a form error, not a server error.
MAX_PHOTO_BYTES = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

EMAIL_BACKEND = os.environ.get(
    "SCALEUP_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("SCALEUP_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("SCALEUP_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("SCALEUP_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SCALEUP_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("SCALEUP_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("SCALEUP_FROM_EMAIL", "scaleup@localhost")
# Links in e-mails point here (no request is at hand when a mail is sent).
SITE_URL = os.environ.get("SCALEUP_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Security: HTTPS-only by default; `SCALEUP_HTTPS=0` is for a plain-HTTP local server.
HTTPS = env_bool("SCALEUP_HTTPS", True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SCALEUP_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SCALEUP_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# Load balancers probe over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("SCALEUP_BEHIND_PROXY", False) else None
)
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Content Security Policy: only this origin's scripts, styles, images and forms.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *env_list("SCALEUP_CSP_IMG_SOURCES", "")],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Rate limits count in the cache; several worker processes need a shared one (Redis).
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["SCALEUP_CACHE_URL"],
        }
        if os.environ.get("SCALEUP_CACHE_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Requests allowed per client address in a window: "count/seconds".
RATE_LIMITS = {
    "join": os.environ.get("SCALEUP_RATE_JOIN", "10/3600"),
    "registration": os.environ.get("SCALEUP_RATE_REGISTRATION", "20/3600"),
    "code": os.environ.get("SCALEUP_RATE_CODE", "10/600"),
    # A whole room joins a workshop from one conference Wi-Fi address within minutes; the
    # join code's 31^6 values still take far more guesses than this allows.
    "workshop_join": os.environ.get("SCALEUP_RATE_WORKSHOP_JOIN", "300/600"),
    # A workshop's open-data files are written afresh for each download: a few per minute.
    "open_data_workshop": os.environ.get("SCALEUP_RATE_OPEN_DATA_WORKSHOP", "40/600"),
}

# Personal data (GDPR art. 13): who the controller is, and how long data is kept.
DATA_CONTROLLER = os.environ.get(
    "SCALEUP_DATA_CONTROLLER",
    "Województwo Lubelskie – Urząd Marszałkowski Województwa Lubelskiego w Lublinie, "
    "ul. Artura Grottgera 4, 20-029 Lublin",
)
DATA_PROTECTION_OFFICER_EMAIL = os.environ.get("SCALEUP_DPO_EMAIL", "iod@lubelskie.pl")
# Days to keep: registrations after their meeting, rejected applications after the
# decision, unaccepted invitations after expiry, accounts with no role after last sign-in.
RETENTION_DAYS = {
    "registrations": int(os.environ.get("SCALEUP_RETAIN_REGISTRATIONS_DAYS", str(5 * 365))),
    "applications": int(os.environ.get("SCALEUP_RETAIN_APPLICATIONS_DAYS", "365")),
    "invitations": int(os.environ.get("SCALEUP_RETAIN_INVITATIONS_DAYS", "30")),
    "inactive_accounts": int(os.environ.get("SCALEUP_RETAIN_INACTIVE_ACCOUNTS_DAYS", str(3 * 365))),
}
INVITATION_VALID_DAYS = int(os.environ.get("SCALEUP_INVITATION_VALID_DAYS", "14"))
# Files only members may read (group documents) stay outside MEDIA_ROOT, served by a view.
PRIVATE_ROOT = Path(os.environ.get("SCALEUP_PRIVATE_ROOT", VAR_DIR / "private"))

# Background work (opinion-map recomputes) through Django's tasks API (the django-tasks
# backport). "database" (the default) keeps the queue in the database, so nothing queued is
# lost when a process stops: `scaleup worker` runs it, and `scaleup serve` starts a worker
# beside the web server. "immediate" runs each task in the process that queued it, once its
# transaction commits (the test suite, one-off scripts).
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_tasks_backend = os.environ.get("SCALEUP_TASKS", "database")
if _tasks_backend not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"SCALEUP_TASKS must be one of {', '.join(_TASK_BACKENDS)}, not {_tasks_backend!r}."
    )
# Two queues, each with its own worker under `scaleup serve`: "default" for the opinion-map
# and network recomputes, which a voting room keeps asking for, and "exports" for the jobs
# people wait for (reports, exports), which would otherwise queue behind them.
TASKS = {
    "default": {
        "BACKEND": _TASK_BACKENDS[_tasks_backend],
        "QUEUES": ["default", "exports"],
    }
}
# Live workshops: ask for a recompute of the opinion map after each vote (debounced, one
# run per conversation at a time). Off only for bulk work such as imports.
DIALOGUE_RECOMPUTE_ON_VOTE = env_bool("SCALEUP_RECOMPUTE_ON_VOTE", True)
# While votes keep coming, the map is recomputed at most this often (seconds).
DIALOGUE_RECOMPUTE_MIN_SECONDS = float(os.environ.get("SCALEUP_RECOMPUTE_MIN_SECONDS", "2"))
# The phones' vote API (`dialogue.live_api`): served outside Django's request cycle on
# PostgreSQL, with a connection pool of this size per worker process.
LIVE_API_FAST = env_bool("SCALEUP_LIVE_API_FAST", True)
# Change notices between server processes for live pages (`core.live`).
LIVE_NOTICES = env_bool("SCALEUP_LIVE_NOTICES", True)
LIVE_API_POOL_SIZE = int(os.environ.get("SCALEUP_LIVE_API_POOL", "8"))
# How old (seconds) the vote API's copy of a conversation's statements may be.
LIVE_API_STATEMENTS_SECONDS = float(os.environ.get("SCALEUP_LIVE_API_STATEMENTS_SECONDS", "1"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SCALEUP_LOG_LEVEL", "INFO")},
    # WeasyPrint (the action plans' PDF) narrates every step of a layout at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
