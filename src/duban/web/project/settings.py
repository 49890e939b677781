"""Settings for duban's web application.

Embedded by default: a SQLite file under the data directory (env DUBAN_DATA_DIR, default ./var),
one process, nothing to configure. `DATABASE_URL=postgres://user@host:port/db` switches to
PostgreSQL. The secret key is generated once into the data directory unless DUBAN_SECRET_KEY
is given. Nothing here reaches the network.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

WEB_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = WEB_DIR.parent.parent.parent  # src/duban/web → repository root (editable install)

DATA_DIR = Path(os.environ.get("DUBAN_DATA_DIR", "var")).resolve()


def database_from_url(url: str) -> dict[str, Any]:
    """`postgres://user:pass@host:port/name` → a Django DATABASES entry (no extra dependency)."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        raise ValueError(f"DATABASE_URL: 只支持 postgres://,不支持 {parts.scheme}://")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")) or "duban",
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        # Parameters travel apart from the SQL, so psycopg prepares a statement the fifth time it is
        # run on a connection: PostgreSQL then skips parsing and planning it, the driver quoting.
        # DUBAN_PG_PREPARE=0 turns it off (a connection pooler in transaction mode, such as an
        # older PgBouncer, cannot keep prepared statements).
        "OPTIONS": ({"server_side_binding": True, "prepare_threshold": 5}
                    if os.environ.get("DUBAN_PG_PREPARE", "1") != "0" else {}),
    }


def _secret_key() -> str:
    given = os.environ.get("DUBAN_SECRET_KEY")
    if given:
        return given
    path = DATA_DIR / "secret_key"
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key)
    return key


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("DUBAN_DEBUG") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("DUBAN_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # its Swagger UI is then served from our own static files, not a CDN
    "duban.web.common",
    "duban.web.directory",
    "duban.web.accounts",
    "duban.web.plans",
    "duban.web.cycle",
    "duban.web.documents",
]

MIDDLEWARE = [
    "duban.web.common.middleware.ProxiedClientMiddleware",  # the client's address behind nginx or Caddy
    "django.middleware.security.SecurityMiddleware",
    "duban.web.common.middleware.SecurityHeadersMiddleware",  # CSP on pages, no-store on the API
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "duban.web.common.middleware.RequestIdMiddleware",
    "duban.web.common.pagecache.PageCacheMiddleware",  # before sessions and auth: a kept page costs one query
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "duban.web.project.urls"
WSGI_APPLICATION = "duban.web.project.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "duban.web.cycle.views.unread_count",
            ],
        },
    },
]


def sqlite_database(path: Path) -> dict[str, Any]:
    """The embedded default's DATABASES entry: a SQLite file, tuned for many requests at once."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "CONN_MAX_AGE": 600,  # one connection per server thread, not one per request
        "OPTIONS": {
            # WAL lets readers run while one writer writes. IMMEDIATE takes the write lock at BEGIN,
            # so a transaction that reads and then writes never fails upgrading its lock
            # ("database is locked" at once, whatever the timeout). A writer waits up to `timeout`
            # seconds for the one write lock: on a deadline day writers queue, better slow than an error.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": int(os.environ.get("DUBAN_SQLITE_TIMEOUT", "30")),
        },
    }


if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": database_from_url(os.environ["DATABASE_URL"])}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {"default": sqlite_database(DATA_DIR / "duban.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# The one password policy (accounts.services.check_password_policy), for every way a password is set.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ("username", "display_name", "email")}},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions expire: eight working hours at most, and when the browser closes.
# "pages" keeps whole pages (common/pagecache.py): per process, correct across processes (see that
# module). DUBAN_PAGE_CACHE=0 turns it off. "default" is Django's own, per process.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages",
              "OPTIONS": {"MAX_ENTRIES": 1000}},
}
DUBAN_PAGE_CACHE = os.environ.get("DUBAN_PAGE_CACHE", "1") != "0"

SESSION_COOKIE_AGE = int(os.environ.get("DUBAN_SESSION_SECONDS", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # the pages carry the token themselves (hx-headers, forms): no script reads the cookie
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "duban.web.common.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Behind nginx or Caddy serving HTTPS on the same machine (docs/deploy.md): the proxy says the
# request came over HTTPS (X-Forwarded-Proto), so Django builds https:// links and accepts the
# browser's https:// Origin on forms; the session and CSRF cookies are sent over HTTPS only; the
# client's address is read from X-Forwarded-For (common/middleware.py).
DUBAN_BEHIND_PROXY = os.environ.get("DUBAN_BEHIND_PROXY") == "1"
if DUBAN_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
SECURE_REFERRER_POLICY = "same-origin"

# Lock-out: this many failed logins for one username from one address lock it for a while.
DUBAN_LOGIN_MAX_FAILURES = int(os.environ.get("DUBAN_LOGIN_MAX_FAILURES", "5"))
DUBAN_LOGIN_LOCK_SECONDS = int(os.environ.get("DUBAN_LOGIN_LOCK_SECONDS", "900"))

# Uploads: a plan file larger than this is refused with a message, before it is read.
DUBAN_MAX_UPLOAD_BYTES = int(os.environ.get("DUBAN_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = DUBAN_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000

# The supervision cycle (duban.web.cycle): evidence files, e-mail for reminders, the scheduler.
DUBAN_MAX_EVIDENCE_BYTES = int(os.environ.get("DUBAN_MAX_EVIDENCE_BYTES", str(10 * 1024 * 1024)))
DUBAN_EVIDENCE_DIR = Path(os.environ.get("DUBAN_EVIDENCE_DIR", str(DATA_DIR / "evidence")))
# An uploaded 政府工作报告 is drafted in a thread of the serving process while its page shows the
# progress; 0 drafts it inside the upload's request (the tests, a server without threads).
DUBAN_DRAFT_IN_BACKGROUND = os.environ.get("DUBAN_DRAFT_IN_BACKGROUND", "1") != "0"
DUBAN_REMINDER_INTERVAL = int(os.environ.get("DUBAN_REMINDER_INTERVAL", "300"))  # seconds between runs
# The daily backup (duban.web.backup): where, how many are kept (0: none made), from what time of day.
DUBAN_BACKUP_DIR = Path(os.environ.get("DUBAN_BACKUP_DIR", str(DATA_DIR / "backups")))
DUBAN_BACKUP_KEEP = int(os.environ.get("DUBAN_BACKUP_KEEP", "7"))
DUBAN_BACKUP_TIME = os.environ.get("DUBAN_BACKUP_TIME", "02:30")
# SMTP for reminders: without DUBAN_SMTP_HOST reminders are in-app only.
EMAIL_BACKEND = ("django.core.mail.backends.smtp.EmailBackend" if os.environ.get("DUBAN_SMTP_HOST")
                 else "django.core.mail.backends.locmem.EmailBackend")
DUBAN_EMAIL_ENABLED = bool(os.environ.get("DUBAN_SMTP_HOST"))
EMAIL_HOST = os.environ.get("DUBAN_SMTP_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DUBAN_SMTP_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DUBAN_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DUBAN_SMTP_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("DUBAN_SMTP_TLS") == "1"
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("DUBAN_SMTP_FROM", "duban@localhost")
# The address staff open the system at (https://duban.example.gov.cn), for links in e-mails; empty: none
DUBAN_SITE_URL = os.environ.get("DUBAN_SITE_URL", "")

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise serves from the finders; the folder just has to exist
# htmx and chart.js come from node_modules (npm, pinned), served by the app itself: no CDN.
NODE_MODULES = Path(os.environ.get("DUBAN_NODE_MODULES", str(REPO_DIR / "node_modules")))
STATICFILES_DIRS = [WEB_DIR / "static"]
for _pkg, _dist in (("htmx.org", "htmx.org/dist"), ("chart.js", "chart.js/dist")):
    if (NODE_MODULES / _dist).is_dir():
        STATICFILES_DIRS.append((_pkg, NODE_MODULES / _dist))  # type: ignore[arg-type]
# Served straight from the finders: no collectstatic step for the embedded default.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

NINJA_PAGINATION_PER_PAGE = 100
