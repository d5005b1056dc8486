"""Settings for the LBF-aftaler app.

Every value that differs between a developer's machine and production is read from
the environment. With nothing set, the app runs on a local SQLite file in DEBUG mode,
so that a fresh clone works with `make run`.
"""

import os
from pathlib import Path
from typing import Any

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    return os.getenv(name, default).strip().lower() in ("1", "true", "yes", "on")


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "True")
SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY skal sættes, når DEBUG er slået fra.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
CSRF_FAILURE_VIEW = "delaftaler.views.fejl.csrf_fejl"  # Danish, without internals

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "reversion",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "delaftaler",
    "indikatorer",
    "aktiviteter",
    "opfoelgning",
    "varsler",
    "soeg",
    "billeder",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
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

# Persistent connections (seconds; 0 opens one per request): a new PostgreSQL connection
# per request halved the throughput. Health checks replace a connection that has died
# (a database restart, a proxy's idle timeout) before a request uses it.
DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.getenv("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The task worker writes beside the server: wait for the other's write, do not fail.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
if os.getenv("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.getenv("TEST_DATABASE_NAME")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Danish throughout: language, time zone, decimal comma and thousands dot.
LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk")]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Uploaded images (billeder/): stored through the default storage, served only by a view
# that checks the plan's membership, never at MEDIA_URL by the web server.
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Rendered documents (PDF, Word) are cached by what changes them (delaftaler/dokumenter/),
# in a cache every worker of every app server shares: the database's own table
# (`dokumentcache`, made by `migrate`) by default, Redis when REDIS_URL is set
# (e.g. redis://127.0.0.1:6379/1). The keys name a document's state, so sharing is safe.
REDIS_URL = os.getenv("REDIS_URL", "")
CACHES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "dokumenter": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "TIMEOUT": None,
    }
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "dokumentcache",
        "TIMEOUT": None,
        # A document is 50-500 kB; 2000 of them hold every draft and version of a large
        # installation. Past that, a third of the entries are culled (renders come again).
        "OPTIONS": {"MAX_ENTRIES": int(os.getenv("DOKUMENT_CACHE_ANTAL", "2000"))},
    },
}

# Background work (delaftaler/dokumenter/baggrund.py): Django's tasks framework through the
# django-tasks backport, queued in the database (django-tasks-db) and run by
# `manage.py db_worker`. TASKS_BACKEND=immediate runs each task at once in the request
# instead (no worker needed), `dummy` drops them.
_KOER = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "dummy": "django_tasks.backends.dummy.DummyBackend",
}
_koer = os.getenv("TASKS_BACKEND", "").strip() or "database"
TASKS = {"default": {"BACKEND": _KOER.get(_koer, _koer)}}

# Seconds one PDF may take to typeset before it is given up (delaftaler/dokumenter/
# tidsgraense.py); the largest real agreement takes about 0.6 s, so the limit leaves room
# for a loaded machine while no request can hold a worker for long.
PDF_TIDSGRAENSE = float(os.getenv("PDF_TIDSGRAENSE", "10"))

from django.contrib.messages import constants as beskeder  # noqa: E402

MESSAGE_TAGS = {beskeder.ERROR: "danger"}

LOGIN_URL = "login"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out username before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes): after LOGIN_FORSOEG wrong passwords for one username (from
# any address, so rotating addresses does not help) the username is locked for
# LOGIN_LAAST_TIMER hours, or until an administrator lifts it (admin: "Access attempts", or
# `manage.py axes_reset_username NAVN`). A successful login clears the count.
AXES_FAILURE_LIMIT = int(os.getenv("LOGIN_FORSOEG", "5"))
AXES_COOLOFF_TIME = float(os.getenv("LOGIN_LAAST_TIMER", "1")) or None
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for the IP address among the lockout parameters, because a lock on the
# combination of username and user agent can be dodged by changing user agent. A lock on the
# username alone cannot be dodged at all; a lock on the address would, behind the HTTPS proxy
# that production runs behind, lock everybody out at once.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/laast.html"
AXES_COOLOFF_MESSAGE = "Brugernavnet er midlertidigt spærret efter for mange forkerte adgangskoder."
AXES_PERMALOCK_MESSAGE = (
    "Brugernavnet er spærret efter for mange forkerte adgangskoder. Kontakt en administrator."
)

# Content-Security-Policy (django-csp): everything the pages use is served by the app
# itself, so nothing else may load or run; no inline script or style. Bootstrap's CSS
# draws its form icons as data: SVGs.
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "True")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.getenv("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"

# E-mail (varsler/): Django's own setting names, read from the environment. With nothing
# set, DEBUG prints every mail on the console; production sends through EMAIL_HOST. The
# short names console, smtp, locmem, file and dummy are accepted for EMAIL_BACKEND.
_POSTVEJE = {
    "console": "console",
    "smtp": "smtp",
    "locmem": "locmem",
    "file": "filebased",
    "dummy": "dummy",
}
_postvej = os.getenv("EMAIL_BACKEND", "").strip() or ("console" if DEBUG else "smtp")
EMAIL_BACKEND = (
    f"django.core.mail.backends.{_POSTVEJE[_postvej]}.EmailBackend"
    if _postvej in _POSTVEJE
    else _postvej
)
EMAIL_HOST = os.getenv("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.getenv("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "False")
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", "False")
# Seconds before a mail server that does not answer is given up (the mail waits for
# `send_paamindelser`); the workflow step itself is saved before any mail is sent.
EMAIL_TIMEOUT = float(os.getenv("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "LBF-aftaler <noreply@localhost>")
# The app's own address, for the links in its mails (no trailing slash).
SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
}
