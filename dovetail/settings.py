"""Django settings for Dovetail.

Everything that differs between a laptop demo and production comes from the environment:
``DATABASE_URL`` (SQLite file by default), ``DOVETAIL_SECRET_KEY``, ``DOVETAIL_HTTPS``,
``DOVETAIL_DEBUG``, ``DOVETAIL_ALLOWED_HOSTS``, ``DOVETAIL_REDIS_URL``, ``DOVETAIL_TASK_BACKEND``
and the ``DOVETAIL_EMAIL_*`` settings.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from dovetail.core.secrets import installation_key

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("DOVETAIL_DATA_DIR", PACKAGE_DIR.parent / "var"))

# Production sets DOVETAIL_SECRET_KEY (``dovetail serve`` refuses to start without it); a demo or
# a developer's checkout uses a random key made once for this installation under DATA_DIR.
SECRET_KEY = os.environ.get("DOVETAIL_SECRET_KEY") or installation_key(DATA_DIR)
# Off by default: Django's debug mode keeps and formats every SQL statement, which slows bulk
# work (generating a large region) to a crawl, and it must be off in production anyway.
DEBUG = os.environ.get("DOVETAIL_DEBUG", "0") == "1"
ALLOWED_HOSTS = os.environ.get("DOVETAIL_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # listed so the API docs load Swagger UI from ninja's own static files, not a CDN
    "ninja",
    "axes",
    "csp",
    "dovetail.core",
    "dovetail.curriculum",
    "dovetail.partnerships",
    "dovetail.skills",
    "dovetail.lrs",
    "dovetail.records",
    "dovetail.placements",
    "dovetail.scheduling",
    "dovetail.evaluation",
    "dovetail.credentials",
    "dovetail.careers",
    "dovetail.demo",
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
    "dovetail.core.middleware.request_size_limit",
    "dovetail.core.nul.refuse_nul_parameters",
    # last, as django-axes asks: it turns a locked-out sign-in into its own response
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # first, so a locked-out person or address is refused before the password is checked
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in: five failures for one username from one address lock that pair out for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# Nothing runs but Dovetail's own files: no inline script, no style attribute, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Behind HTTPS (DOVETAIL_HTTPS=1): cookies only over TLS, HTTP redirected, HSTS for a year.
HTTPS = os.environ.get("DOVETAIL_HTTPS", "0") == "1"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SESSION_COOKIE_HTTPONLY = True
# Sessions are read from the cache (Redis when there is one) and written through to the
# database: one query fewer on every page, and nobody signed out when the cache empties.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

ROOT_URLCONF = "dovetail.urls"
WSGI_APPLICATION = "dovetail.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "dovetail.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'dovetail.sqlite3'}"),
        conn_max_age=60,
        # a connection the database dropped is noticed at the next request, not used
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the progress endpoint read while a long task writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("DOVETAIL_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Production sets DOVETAIL_STATIC_ROOT and runs collectstatic; otherwise files come from the source.
STATIC_ROOT = os.environ.get("DOVETAIL_STATIC_ROOT")
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# WhiteNoise serves static files in every mode; from the source folders until collectstatic runs.
WHITENOISE_USE_FINDERS = True

# Set DOVETAIL_REDIS_URL when several processes (web workers, Celery workers) share the work:
# long work then goes to Celery workers through Redis, and the cache (task progress, rate
# limits) is shared through it too.
REDIS_URL = os.environ.get("DOVETAIL_REDIS_URL", "")

# "inline" runs long work in the calling process (CLI, tests); "thread" runs it beside the
# web request so the page can poll its progress; "celery" hands it to `dovetail worker`s.
TASK_BACKEND = os.environ.get("DOVETAIL_TASK_BACKEND", "celery" if REDIS_URL else "thread")
CELERY_BROKER_URL = REDIS_URL or "memory://"
# A task a worker takes is acknowledged at once: a worker killed mid-task leaves its run failed
# (its transaction never commits) for a person to retry, rather than replaying it unasked.
CELERY_TASK_ACKS_LATE = False
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# `dovetail worker --beat` sends the day's reminders each morning.
CELERY_BEAT_SCHEDULE = {
    "reminders": {"task": "dovetail.send_reminders", "schedule": crontab(hour=8, minute=0)}
}
CELERY_TIMEZONE = TIME_ZONE

# Task progress lives in the cache so pages can poll it while the task's own transaction is open.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Notifications go out by e-mail: printed to the console unless an SMTP server is named.
if os.environ.get("DOVETAIL_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["DOVETAIL_EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("DOVETAIL_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("DOVETAIL_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("DOVETAIL_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("DOVETAIL_EMAIL_TLS", "1") == "1"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DOVETAIL_EMAIL_FROM", "Dovetail <dovetail@localhost>")

# Where Dovetail is reached; names LRS clients' authority accounts.
DOVETAIL_SITE_URL = os.environ.get("DOVETAIL_SITE_URL", "http://127.0.0.1:8000")
# Whether a brought-in credential's status list at another issuer is fetched (HTTPS, public
# addresses only). Off where Dovetail may not reach the internet.
DOVETAIL_FETCH_STATUS_LISTS = os.environ.get("DOVETAIL_FETCH_STATUS_LISTS", "1") == "1"
# How issuers sign: "web" (did:web, resolved over HTTPS to the DID document Dovetail serves) or
# "key" (did:key, which needs nothing served). A site not on HTTPS cannot be resolved as did:web.
DOVETAIL_ISSUER_DID = os.environ.get(
    "DOVETAIL_ISSUER_DID", "web" if DOVETAIL_SITE_URL.startswith("https://") else "key"
)
# Batches of xAPI statements with attachments are larger than Django's 2.5 MB default.
DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024 * 1024
# No request body may be larger than the largest upload kind allows (checked before reading).
DOVETAIL_MAX_REQUEST_BYTES = 80 * 1024 * 1024

# Server errors go to standard error, whatever DEBUG says.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR"}},
}

# Uploaded files (diary photos) live under the data directory, served only through views that
# check who may read them.
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"

NINJA_PAGINATION_CLASS = "dovetail.core.pagination.BoundedPagination"

# How many heavy API calls (mapping texts, imports, gap reports, solves, rounds) one person may
# make a minute.
DOVETAIL_HEAVY_RATE = os.environ.get("DOVETAIL_HEAVY_RATE", "30/min")
