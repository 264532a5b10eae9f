"""Settings for the Fazhi web ledger.

Environment:
  FAZHI_DEBUG=1            debug mode (off by default)
  FAZHI_SECRET_KEY         secret key (a dev fallback is used when DEBUG is on)
  DATABASE_URL             postgres://user:pass@host:5432/name  (SQLite otherwise)
  FAZHI_DB_PATH            SQLite file (default var/fazhi.sqlite3)
  FAZHI_MEDIA_ROOT         uploaded files (default var/media)
  FAZHI_ALLOWED_HOSTS      comma-separated host names
  FAZHI_PAGE_CACHE_ENTRIES rendered page bodies kept per process (default 1000; 0 turns the cache off)
  FAZHI_DUE_SOON_DAYS      working days ahead that count as "due soon" (default 5)
  FAZHI_TIME_ZONE          the zone every page, export and e-mail shows times in (default Asia/Shanghai)
  FAZHI_EMAIL_FILE_PATH    folder for reminder e-mails when no SMTP host is set (default var/mail)
  FAZHI_SMTP_HOST          send e-mail through this SMTP server (with FAZHI_SMTP_PORT, FAZHI_SMTP_USER,
                           FAZHI_SMTP_PASSWORD, FAZHI_SMTP_TLS=1, FAZHI_MAIL_FROM)
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from urllib.parse import unquote, urlparse

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _env_bool("FAZHI_DEBUG", False)
_DEV_KEY = "dev-only-insecure-key-change-me-0f3c9a"
SECRET_KEY = os.environ.get("FAZHI_SECRET_KEY") or _DEV_KEY
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("FAZHI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "fazhiweb.core",
    "fazhiweb.accounts",
    "fazhiweb.directory",
    "fazhiweb.plans",
    "fazhiweb.progress",
    "fazhiweb.audit",
    "fazhiweb.api",
    "fazhiweb.supervision",
    "fazhiweb.scale",
    "fazhiweb.search",
    "fazhiweb.home",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "fazhiweb.accounts.middleware.ForcePasswordChangeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "fazhiweb.urls"
WSGI_APPLICATION = "fazhiweb.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fazhiweb.core.context.membership",
            ],
        },
    },
]


def database_from_url(url: str) -> dict:
    """Parse postgres://user:pass@host:port/name?sslmode=require into Django settings."""
    parts = urlparse(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ValueError(f"DATABASE_URL: unsupported scheme {parts.scheme!r}")
    options = {}
    for pair in filter(None, parts.query.split("&")):
        key, _, value = pair.partition("=")
        options[unquote(key)] = unquote(value)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "OPTIONS": options,
        "CONN_MAX_AGE": 60,
    }


if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": database_from_url(os.environ["DATABASE_URL"])}
else:
    _DB_PATH = Path(os.environ.get("FAZHI_DB_PATH", str(VAR_DIR / "fazhi.sqlite3")))
    _DB_PATH.parent.mkdir(parents=True, exist_ok=True)  # a fresh checkout has no var/ yet
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(_DB_PATH),
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = os.environ.get("FAZHI_TIME_ZONE", "Asia/Shanghai")  # every page and export shows local time
USE_I18N = True
USE_TZ = True

AUTHENTICATION_BACKENDS = [
    "fazhiweb.accounts.backends.MemberBackend",  # the user and the membership in one query
    "django.contrib.auth.backends.ModelBackend",  # sessions made before MemberBackend existed
]

STATIC_URL = "/static/"

# Rendered page bodies (core.pagecache), shared by all server processes through files on local
# disk so that one worker's work serves the others. Correct across processes: the keys carry the
# government's data_version, read from the database on every request, so an entry made stale by
# a change anywhere is simply never asked for again. The key prefix names the database, so a
# development server and a benchmark database never share entries.
_PAGE_CACHE_ENTRIES = int(os.environ.get("FAZHI_PAGE_CACHE_ENTRIES", 20000))
_DB = DATABASES["default"]
_DB_ID = hashlib.sha256(f"{_DB['ENGINE']}|{_DB.get('HOST')}|{_DB.get('PORT')}|{_DB['NAME']}".encode()).hexdigest()[:12]
CACHES = {
    "default": {
        "BACKEND": ("django.core.cache.backends.filebased.FileBasedCache" if _PAGE_CACHE_ENTRIES > 0
                    else "django.core.cache.backends.dummy.DummyCache"),
        "LOCATION": os.environ.get("FAZHI_CACHE_DIR", str(VAR_DIR / "cache" / _DB_ID)),
        "KEY_PREFIX": _DB_ID,
        "TIMEOUT": 6 * 3600,
        "OPTIONS": {"MAX_ENTRIES": max(_PAGE_CACHE_ENTRIES, 1), "CULL_FREQUENCY": 4},
    }
}
STATICFILES_DIRS = [BASE_DIR / "fazhiweb" / "static"]
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = Path(os.environ.get("FAZHI_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"  # never served directly: evidence goes through an access-checked view

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Upload limits (evidence files and plan documents).
FAZHI_MAX_UPLOAD_BYTES = int(os.environ.get("FAZHI_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Supervision: deadlines that count as due soon, and reminder e-mail.
FAZHI_DUE_SOON_DAYS = int(os.environ.get("FAZHI_DUE_SOON_DAYS", 5))
DEFAULT_FROM_EMAIL = os.environ.get("FAZHI_MAIL_FROM", "fazhi@localhost")
if os.environ.get("FAZHI_SMTP_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["FAZHI_SMTP_HOST"]
    EMAIL_PORT = int(os.environ.get("FAZHI_SMTP_PORT", 25))
    EMAIL_HOST_USER = os.environ.get("FAZHI_SMTP_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("FAZHI_SMTP_PASSWORD", "")
    EMAIL_USE_TLS = _env_bool("FAZHI_SMTP_TLS", False)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ.get("FAZHI_EMAIL_FILE_PATH", str(VAR_DIR / "mail"))

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

if not DEBUG and SECRET_KEY == _DEV_KEY and os.environ.get("FAZHI_REQUIRE_SECRET"):
    raise RuntimeError("FAZHI_SECRET_KEY must be set in production")
