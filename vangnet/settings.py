"""Vangnet settings: one file, everything that differs per installation comes from the environment."""

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VANGNET_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Where this process runs: "production" (the default: every installation), "demo" (`vangnet demo` sets
# it) or "test" (the pytest plugin vangnet.test_environment sets it before these settings are read).
# Only production's defaults are safe for the internet; the other two are for one machine.
VANGNET_ENV = os.environ.get("VANGNET_ENV", "production")
if VANGNET_ENV not in {"production", "demo", "test"}:
    raise ValueError(f"VANGNET_ENV must be production, demo or test, not {VANGNET_ENV!r}")
PRODUCTION = VANGNET_ENV == "production"


def demo_secret_key(var_dir: Path) -> str:
    """The demo's own random key, made once and kept in var/ so its portal links survive a restart."""
    path = var_dir / "demo-secret-key"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as file:
            file.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


DEBUG = env_bool("VANGNET_DEBUG", False)
# The key signs portal links, letter codes and sessions: whoever knows it can forge them for every tenant.
# Production has no fallback: the web server, workers and commands refuse to start without it
# (vangnet.startup). Changing it makes every portal link, letter code and session invalid.
if os.environ.get("VANGNET_SECRET_KEY"):
    SECRET_KEY = os.environ["VANGNET_SECRET_KEY"]
elif VANGNET_ENV == "test":
    SECRET_KEY = "test-only-" + "k" * 50
elif VANGNET_ENV == "demo":
    SECRET_KEY = demo_secret_key(VAR_DIR)
else:
    SECRET_KEY = ""
# Webhooks go to https addresses on the internet only; the tests' receiver listens on plain http on
# 127.0.0.1, which only the test environment may call (vangnet.core.outbound).
VANGNET_WEBHOOKS_TO_LOCAL_TEST_SERVER = VANGNET_ENV == "test"
if VANGNET_ENV == "test":
    # Key stretching takes most of a second per password under load; tests are about behaviour, not about
    # slowing down an attacker. Only the test environment, never a server.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Django refuses to hand out an empty SECRET_KEY; this says whether there is one without asking for it.
VANGNET_HAS_SECRET_KEY = bool(SECRET_KEY)
ALLOWED_HOSTS = env_list("VANGNET_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("VANGNET_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "ninja",
    "vangnet.core",
    "vangnet.tenants",
    "vangnet.ledger",
    "vangnet.tasks",
    "vangnet.arrangements",
    "vangnet.disputes",
    "vangnet.cases",
    "vangnet.appointments",
    "vangnet.inspections",
    "vangnet.contracts",
    "vangnet.handovers",
    "vangnet.bank",
    "vangnet.payments",
    "vangnet.events",
    "vangnet.flows",
    "vangnet.messaging",
    "vangnet.earlysignal",
    "vangnet.campaigns",
    "vangnet.daily",
    "vangnet.reports",
    "vangnet.api",
    "vangnet.backoffice",
    "vangnet.portal",
    "vangnet.demo",
]

# Request bodies are capped per kind before they are read (vangnet.core.request_size), in megabytes.
VANGNET_REQUEST_SIZE_MB = {
    "attachment": float(os.environ.get("VANGNET_MAX_ATTACHMENT_MB", "11")),
    "statement": float(os.environ.get("VANGNET_MAX_STATEMENT_MB", "20")),
    "import": float(os.environ.get("VANGNET_MAX_IMPORT_MB", "500")),
    "default": float(os.environ.get("VANGNET_MAX_REQUEST_MB", "2")),
}

# How long personal data is kept, in days (vangnet.core.retention; docs/privacy.md says why).
VANGNET_RETENTION_DAYS = {
    "portal_access_log": int(os.environ.get("VANGNET_RETAIN_PORTAL_LOG_DAYS", "183")),
    "access_throttle": int(os.environ.get("VANGNET_RETAIN_THROTTLE_DAYS", "183")),
}

MIDDLEWARE = [
    # First: a body too large for its page is refused before anything reads it.
    "vangnet.core.request_size.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "vangnet.core.middleware.DutchFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # A tenant's overview whose page is cached, answered in one query before the rest (vangnet/portal/middleware.py).
    "vangnet.portal.middleware.CachedOverviewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "vangnet.backoffice.middleware.StaffSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "vangnet.core.middleware.CorporationScopeMiddleware",
    # Last, as django-axes asks: it turns a lockout raised by the backend into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vangnet.urls"
WSGI_APPLICATION = "vangnet.wsgi.application"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "backoffice:login"
LOGIN_REDIRECT_URL = "backoffice:home"
LOGOUT_REDIRECT_URL = "backoffice:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("VANGNET_SQLITE_PATH", str(VAR_DIR / "vangnet.sqlite3")),
            # Opening the file and running the PRAGMAs below cost about a millisecond per request: keep
            # each worker's connection (the portal's overview takes about four in all).
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # WAL lets the web server read while the nightly run writes.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The payments' covering index carries its amounts on PostgreSQL; on SQLite, which has no INCLUDE, the same
# index without them serves the same queries.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
# The few statements every page asks run prepared on PostgreSQL (vangnet/core/prepared.py); 0 behind a
# connection pooler in transaction mode that cannot keep prepared statements (PgBouncer before 1.21).
VANGNET_PREPARED_STATEMENTS = env_bool("VANGNET_PREPARED_STATEMENTS", True)

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out username before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords lock the username from that IP address for 15 minutes. The pair, not the username
# alone: anyone who knows a colleague's username could otherwise keep them out from anywhere; nor the
# address alone: a corporation's staff share one office IP address, and one colleague's typos must not
# lock out the team. An administrator lifts a lock on the team page.
AXES_FAILURE_LIMIT = int(os.environ.get("VANGNET_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("VANGNET_LOGIN_LOCKOUT_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "backoffice/auth/locked.html"
AXES_VERBOSE = False
# "required": every staff member signs in with a TOTP code and sets one up at first login.
# "optional": only those who set one up are asked for it (the local demo).
VANGNET_STAFF_2FA = os.environ.get("VANGNET_STAFF_2FA", "required")
OTP_TOTP_ISSUER = "Vangnet"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "nl"
# The switch shows each language under its own name (name_local), as its reader looks for it; Arabic reads
# right to left (dir="rtl" on the page).
LANGUAGES = [("nl", "Nederlands"), ("en", "English"), ("tr", "Türkçe"), ("ar", "العربية"), ("pl", "Polski")]
LOCALE_PATHS = [BASE_DIR / "vangnet" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# The portal's overview fragments (vangnet/portal/overview_cache.py), kept per worker process in memory: their
# keys change with the data they show, so no process can serve another's stale copy. About 20 kB a tenant.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
    "portal": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "portal",
        "TIMEOUT": 600,
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("VANGNET_PORTAL_CACHE_ENTRIES", "2000"))},
    },
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
SESSION_COOKIE_HTTPONLY = True
# Django's database sessions, read with a plain statement (every request reads one: vangnet/core/sessions.py).
SESSION_ENGINE = "vangnet.core.sessions"
# Transport: HTTPS only in production (the demo and tests serve plain http on this machine).
SESSION_COOKIE_SECURE = env_bool("VANGNET_SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("VANGNET_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = int(os.environ.get("VANGNET_HSTS_SECONDS", "31536000" if PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("VANGNET_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("VANGNET_HSTS_PRELOAD", PRODUCTION)
# Behind a proxy that ends TLS: the header it sets, e.g. HTTP_X_FORWARDED_PROTO (its value must be https).
# Only set it when the proxy always sets or strips that header, or a client could claim https itself.
if os.environ.get("VANGNET_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (os.environ["VANGNET_PROXY_SSL_HEADER"], "https")
# A staff session ends after this many minutes without a request (the portal keeps its own, shorter rules).
VANGNET_STAFF_IDLE_MINUTES = int(os.environ.get("VANGNET_STAFF_IDLE_MINUTES", "30"))
# How long an invitation's set-password link works, in days (it also stops once the password is set).
VANGNET_INVITE_DAYS = int(os.environ.get("VANGNET_INVITE_DAYS", "7"))

DEFAULT_FROM_EMAIL = os.environ.get("VANGNET_FROM_EMAIL", "noreply@vangnet.localhost")
# The demo has no mail server: unless one is named, the mail Vangnet sends itself (a work order to a
# contractor, a signing code) is written as files to var/demo-mail/. Only `vangnet demo` does this; without
# settings a server always sends through SMTP.
DEMO_MAIL_DIR = VAR_DIR / "demo-mail"
if (
    VANGNET_ENV == "demo"
    and not os.environ.get("VANGNET_EMAIL_BACKEND")
    and not os.environ.get("VANGNET_SMTP_HOST")
):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(DEMO_MAIL_DIR)},
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": os.environ.get("VANGNET_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
            "OPTIONS": {
                "host": os.environ.get("VANGNET_SMTP_HOST", "127.0.0.1"),
                "port": int(os.environ.get("VANGNET_SMTP_PORT", "1025")),
            },
        }
    }

CELERY_BROKER_URL = os.environ.get("VANGNET_BROKER_URL", "")
# Without a broker the embedded installation runs tasks in-process.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("VANGNET_CELERY_QUEUE", "celery")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Django logs request paths ("Not Found: /betalen/<token>/"): never a token or a search term.
    "filters": {"redact": {"()": "vangnet.access_log.RedactingFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("VANGNET_LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 100
VANGNET_PUBLIC_URL = os.environ.get("VANGNET_PUBLIC_URL", "http://127.0.0.1:8000")

# Payments: the provider a corporation without its own PaymentSettings uses, Mollie's API base URL (tests
# point it at a local server), and whether the sandbox provider (the demo's fake PSP) may be used at all.
# Mollie API keys come from the environment (VANGNET_MOLLIE_API_KEY, or the variable a corporation's
# settings name), never from the database or the repository.
VANGNET_PAYMENTS_DEFAULT_PROVIDER = os.environ.get(
    "VANGNET_PAYMENTS_DEFAULT_PROVIDER", "" if PRODUCTION else "sandbox"
)
VANGNET_MOLLIE_API_URL = os.environ.get("VANGNET_MOLLIE_API_URL", "https://api.mollie.com")
VANGNET_PAYMENTS_SANDBOX = env_bool("VANGNET_PAYMENTS_SANDBOX", not PRODUCTION)
# Messaging: providers are configured by the environment; without keys a corporation stays in the sandbox.
MESSAGING_MAILER = os.environ.get("VANGNET_MESSAGING_MAILER", "default")
# Whether a corporation's messages may go to the sandbox (kept in Vangnet, nothing leaves): demo and tests.
VANGNET_MESSAGING_SANDBOX = env_bool("VANGNET_MESSAGING_SANDBOX", not PRODUCTION)
MESSAGING_TWILIO_BASE_URL = os.environ.get("VANGNET_TWILIO_BASE_URL", "https://api.twilio.com")
MESSAGING_TWILIO_ACCOUNT_SID = os.environ.get("VANGNET_TWILIO_ACCOUNT_SID", "")
MESSAGING_TWILIO_AUTH_TOKEN = os.environ.get("VANGNET_TWILIO_AUTH_TOKEN", "")
MESSAGING_TWILIO_SMS_FROM = os.environ.get("VANGNET_TWILIO_SMS_FROM", "")
MESSAGING_TWILIO_VOICE_FROM = os.environ.get("VANGNET_TWILIO_VOICE_FROM", "")
MESSAGING_WEBHOOK_TOKEN = os.environ.get("VANGNET_MESSAGING_WEBHOOK_TOKEN", "")
MESSAGING_LETTER_DIR = VAR_DIR / "letters"
# The certificate and key (PEM files) that seal signed contracts and mandates (docs/contracts.md). Production
# uses the corporation's own; only the test and demo environments make a self-signed one in VAR_DIR.
CONTRACT_SIGNING_CERT = os.environ.get("VANGNET_SIGNING_CERT", "")
CONTRACT_SIGNING_KEY = os.environ.get("VANGNET_SIGNING_KEY", "")
CONTRACT_SIGNING_DEMO_CERT = VANGNET_ENV in ("test", "demo")
CONTRACT_SIGNING_DIR = VAR_DIR / "signing"
# Hand-over deliveries written by `vangnet handover_export` (also kept in the database, shown in the back office).
HANDOVER_EXPORT_DIR = Path(os.environ.get("VANGNET_HANDOVER_EXPORT_DIR", VAR_DIR / "handovers"))
