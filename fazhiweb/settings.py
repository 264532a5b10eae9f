"""Settings for the Fazhi web ledger.

Environment:
  FAZHI_DEBUG=1            debug mode (off by default)
  FAZHI_SECRET_KEY         secret key; the production web server (FAZHI_DEBUG=0) refuses to start
                           without a real one; command-line tools use var/secret_key (0600)
  FAZHI_HTTPS=1            served over HTTPS: HSTS, Secure cookies, redirect to https
  FAZHI_BEHIND_PROXY=1     behind our own nginx: client address and scheme from its headers
  FAZHI_LOCKOUT_FAILURES   failed logins that lock an account (default 5)
  FAZHI_LOCKOUT_ADDRESS_FAILURES  failed logins that lock a client address (default 50)
  FAZHI_LOCKOUT_MINUTES    how long a lockout lasts (default 15)
  FAZHI_PASSWORD_MAX_AGE_DAYS  password expiry (default 90; 0 = never)
  FAZHI_IDLE_MINUTES       idle session timeout (default 30)
  FAZHI_TOKEN_DAYS         API token lifetime (default 90; 0 = no expiry)
  FAZHI_SEPARATE_ADMINS=1  strict 三员分立: the office no longer manages accounts, the holiday table
                           or reads the audit log; only sysadmin / secadmin / auditor accounts do
  FAZHI_AUDIT_RETENTION_DAYS  audit entries kept at least this long (default 365, at least 184)
  FAZHI_REPORT_MAX_FILES / FAZHI_REPORT_MAX_BYTES  evidence per report (default 20 files, 100 MB)
  FAZHI_LOG_DIR            rotating log files (default var/log)
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

import datetime as dt
import hashlib
import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

from fazhiweb.keys import var_secret

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        raise ImproperlyConfigured(f"环境变量 {name} 应为整数:{os.environ[name]!r}") from None


DEBUG = _env_bool("FAZHI_DEBUG", False)
# The web server checks in wsgi.py / manage.py runserver that production has a real key in the
# environment; everything else (CLI, cron, tests, `make run`) uses one kept in var/ (0600).
SECRET_KEY = os.environ.get("FAZHI_SECRET_KEY") or var_secret(VAR_DIR / "secret_key")
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
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "fazhiweb.core",
    "fazhiweb.accounts",
    "fazhiweb.directory",
    "fazhiweb.plans",
    "fazhiweb.progress",
    "fazhiweb.audit",
    "fazhiweb.api",
    "fazhiweb.supervision",
    "fazhiweb.scale",
    "fazhiweb.registers",
    "fazhiweb.assessment",
    "fazhiweb.annual",
    "fazhiweb.search",
    "fazhiweb.hierarchy",
    "fazhiweb.home",
]

MIDDLEWARE = [
    "fazhiweb.core.errors.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "fazhiweb.accounts.middleware.SessionPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "fazhiweb.core.pagecache.CacheStatusMiddleware",  # only with FAZHI_CACHE_HEADER=1 (bench_web)
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
    # No JIT: the pages' queries are short, and PostgreSQL's cost estimate for a few of them (a
    # unit's assignments across plans) crossed jit_above_cost, compiling for 4 s to save
    # milliseconds (docs/scale.md). `?options=...` in the URL replaces this.
    options.setdefault("options", "-c jit=off")
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

# 等保 password rules: at least 10 characters, letters and digits, not like the user name, not common.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "fazhiweb.accounts.passwords.LettersAndDigitsValidator"},
]
FAZHI_PASSWORD_MAX_AGE_DAYS = _env_int("FAZHI_PASSWORD_MAX_AGE_DAYS", 90)
FAZHI_TOKEN_DAYS = _env_int("FAZHI_TOKEN_DAYS", 90)
# 三员分立 strictly (core.permissions): administration leaves the office for the three administrators.
FAZHI_SEPARATE_ADMINS = _env_bool("FAZHI_SEPARATE_ADMINS")

# Sessions end after FAZHI_IDLE_MINUTES without a request (accounts.middleware) and with the browser.
FAZHI_IDLE_MINUTES = _env_int("FAZHI_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = FAZHI_IDLE_MINUTES * 60 + 120
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Lockout (django-axes, accounts.lockout): an account after 5 failures, an address after 50.
AXES_FAILURE_LIMIT = _env_int("FAZHI_LOCKOUT_FAILURES", 5)
FAZHI_LOCKOUT_ADDRESS_FAILURES = _env_int("FAZHI_LOCKOUT_ADDRESS_FAILURES", 50)
AXES_COOLOFF_TIME = dt.timedelta(minutes=_env_int("FAZHI_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "fazhiweb.accounts.lockout.LockoutHandler"
AXES_LOCKOUT_CALLABLE = "fazhiweb.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "fazhiweb.accounts.lockout.client_ip"
AXES_RESET_ON_SUCCESS = False  # LockoutHandler clears the account's count only
AXES_VERBOSE = False
FAZHI_BEHIND_PROXY = _env_bool("FAZHI_BEHIND_PROXY", False)
OTP_TOTP_ISSUER = "法治政府建设台账"

# The audit log is append-only (database triggers); entries are kept at least six months.
FAZHI_AUDIT_RETENTION_DAYS = _env_int("FAZHI_AUDIT_RETENTION_DAYS", 365)
if FAZHI_AUDIT_RETENTION_DAYS < 184:
    raise ImproperlyConfigured("FAZHI_AUDIT_RETENTION_DAYS 不能少于 184 天(等保要求审计记录至少保存六个月)。")

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = os.environ.get("FAZHI_TIME_ZONE", "Asia/Shanghai")  # every page and export shows local time
USE_I18N = True
USE_TZ = True

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked account or address before the password check
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
        "BACKEND": ("fazhiweb.core.pagecache.FileCache" if _PAGE_CACHE_ENTRIES > 0
                    else "django.core.cache.backends.dummy.DummyCache"),
        "LOCATION": os.environ.get("FAZHI_CACHE_DIR", str(VAR_DIR / "cache" / _DB_ID)),
        "KEY_PREFIX": _DB_ID,
        "TIMEOUT": 6 * 3600,
        "OPTIONS": {"MAX_ENTRIES": max(_PAGE_CACHE_ENTRIES, 1), "CULL_FREQUENCY": 4},
    }
}
STATICFILES_DIRS = [BASE_DIR / "fazhiweb" / "static"]
STATIC_ROOT = Path(os.environ.get("FAZHI_STATIC_ROOT", str(VAR_DIR / "static")))
# WhiteNoise serves /static/ from any server. In production (FAZHI_STATIC_HASHED=1, set by `make prod`
# and the systemd unit, which run `collectstatic` first) the names carry content hashes and are
# cached for a year; otherwise (development, tests) files come straight from the apps.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
_HASHED = _env_bool("FAZHI_STATIC_HASHED", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage" if _HASHED
                    else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = not _HASHED
MEDIA_ROOT = Path(os.environ.get("FAZHI_MEDIA_ROOT", str(VAR_DIR / "media")))
# Django's temp files of large uploads go to the staging folder that `fazhi cleanup` empties and
# backups skip, not to the system's temp folder where a killed worker would leave them forever.
FILE_UPLOAD_TEMP_DIR = str(MEDIA_ROOT / "tmp")
(MEDIA_ROOT / "tmp").mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"  # never served directly: evidence goes through an access-checked view

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Upload limits (evidence files and plan documents).
FAZHI_MAX_UPLOAD_BYTES = int(os.environ.get("FAZHI_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
FAZHI_REPORT_MAX_FILES = _env_int("FAZHI_REPORT_MAX_FILES", 20)
FAZHI_REPORT_MAX_BYTES = _env_int("FAZHI_REPORT_MAX_BYTES", 100 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FILES = FAZHI_REPORT_MAX_FILES + 5  # beyond this Django refuses the request (400)
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

# -- security headers ----------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# No inline script anywhere (htmx and our scripts are files under /static/); inline style
# attributes are allowed (progress bars set their width).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if FAZHI_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if _env_bool("FAZHI_HTTPS", False):
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = _env_int("FAZHI_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the local health check speaks plain HTTP

# -- logging: stderr and a rotating file under var/log, every line with its request id -----------
LOG_DIR = Path(os.environ.get("FAZHI_LOG_DIR", str(VAR_DIR / "log")))
LOG_DIR.mkdir(parents=True, exist_ok=True)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "fazhiweb.core.errors.RequestIdFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]},
        "file": {"class": "logging.handlers.RotatingFileHandler", "filename": str(LOG_DIR / "fazhi.log"),
                 "maxBytes": 10 * 1024 * 1024, "backupCount": 10, "encoding": "utf-8",
                 "formatter": "plain", "filters": ["request_id"], "delay": True},
    },
    "root": {"handlers": ["stderr", "file"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["stderr", "file"], "level": "INFO" if DEBUG else "WARNING", "propagate": False},
        "fazhiweb": {"handlers": ["stderr", "file"], "level": "INFO", "propagate": False},
    },
}
