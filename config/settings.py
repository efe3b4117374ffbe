"""One settings module for every environment: values come from environment variables, and the
defaults let a fresh clone run on a developer's machine with no configuration at all."""

from __future__ import annotations

import os
import re
from pathlib import Path

import dj_database_url

from core.static_headers import static_file_headers

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("DATA_DIR", BASE_DIR / ".data"))


def envstr(name: str, default: str) -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value not in {"true", "false", "1", "0", "yes", "no"}:
        raise ValueError(f"{name} must be true or false, not {value!r}")
    return value in {"true", "1", "yes"}


def envint(name: str, default: str) -> int:
    return int(os.environ.get(name, default))


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "true")
SECRET_KEY = envstr("SECRET_KEY", "development-only-secret-key-do-not-use-in-production")
if not DEBUG and SECRET_KEY.startswith("development-only"):
    raise RuntimeError("Set SECRET_KEY when DEBUG is false.")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "django_htmx",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "pgtrigger",
    "pghistory",
    "rules.apps.AutodiscoverRulesConfig",
    "core",
    "ui",
    "complaints",
    "alerts",
    "selfassessment",
    "reporting",
    "learning",
    "ombudsman",
    "surveys",
    "inbound",
    "notes",
    "privacy",
    "public_pages",
    "casework",
    "golive",
    # Staff sign-in with multi-factor authentication (identity/: enforcement, audit, admin reset).
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "identity",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "identity.middleware.SessionActivityMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Oversized bodies and rate-limited POSTs are refused here, before CSRF's check parses the form.
    "core.throttling.RequestLimitsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    # Every signed-in session must have passed MFA; a user without an authenticator sets one up first.
    "identity.middleware.MFARequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Attributes every audited write in a request to the signed-in user (full record, Code 5.12).
    "pghistory.middleware.HistoryMiddleware",
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
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "alerts.context_processors.alert_bell",
                "ui.context_processors.landlord",
                "casework.context_processors.staff_navigation",
                "golive.context_processors.go_live_warning",
            ],
        },
    },
]

# The default points at the embedded server that bin/run starts in .data/postgres.
DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"postgresql://postgres@/complaints?host={DATA_DIR / 'postgres'}"),
        conn_max_age=envint("CONN_MAX_AGE", "60"),
        # A connection left over from before a database restart is checked, not used blindly.
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/staff/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# --- Staff identity (django-allauth): password + MFA, throttling, sessions ---------------------------------------
# Staff accounts are made by an administrator: no self sign-up (identity.adapters.AccountAdapter).
ACCOUNT_ADAPTER = "identity.adapters.AccountAdapter"
MFA_ADAPTER = "identity.adapters.MFAAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_FORMS = {"login": "identity.forms.LoginForm"}
MFA_FORMS = {
    "authenticate": "identity.forms.AuthenticateForm",
    "activate_totp": "identity.forms.ActivateTOTPForm",
    "authenticate_webauthn": "identity.forms.AuthenticateWebAuthnForm",
    "reauthenticate_webauthn": "identity.forms.ReauthenticateWebAuthnForm",
    "add_webauthn": "identity.forms.AddWebAuthnForm",
    "edit_webauthn": "identity.forms.EditWebAuthnForm",
}
# A session never outlives the browser or IDLE_TIMEOUT: no "remember me".
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_GET = False
# Everyone sets up an authenticator app first (a code works on any computer); a security key or passkey
# (WebAuthn) can then be added to sign in without typing the code. Browsers offer WebAuthn on HTTPS and on
# http://localhost only. Passkey-only sign-in (no password) is not offered: the password stays the first factor.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
# Staff email addresses are entered by administrators, not verified by email round trips.
MFA_ALLOW_UNVERIFIED_EMAIL = True
MFA_TOTP_ISSUER = envstr("MFA_TOTP_ISSUER", f"{envstr('LANDLORD_NAME', 'Riverside Homes')} complaints")
# The 11th wrong password within 5 minutes, for one username or from one address, is refused (and logged by
# identity.adapters). The window slides: the oldest failure falls out after 5 minutes, so a guesser can hold an
# account shut for at most 5 minutes at a time, and a correct password does not reset the count.
LOGIN_FAILURES_ALLOWED = envint("LOGIN_FAILURES_ALLOWED", "10")
LOGIN_FAILURE_WINDOW = envstr("LOGIN_FAILURE_WINDOW", "5m")
_login_failures = f"{LOGIN_FAILURES_ALLOWED}/{LOGIN_FAILURE_WINDOW}"
ACCOUNT_RATE_LIMITS = {"login_failed": f"{_login_failures}/ip,{_login_failures}/key"}
# Behind a reverse proxy every request comes from the proxy's address: say how many proxies append to
# X-Forwarded-For, or the per-address limit would count every member of staff together.
ALLAUTH_TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", "0")
# Idle timeout: a session left alone for this long has ended. identity.middleware.SessionActivityMiddleware pushes
# the end on at most once a minute (not SESSION_SAVE_EVERY_REQUEST, whose save of every request, favicon included,
# writes back a stale copy of a session another request has just changed, such as a new MFA setup key).
SESSION_COOKIE_AGE = envint("IDLE_TIMEOUT_SECONDS", str(30 * 60))
# Drafts of long texts typed into a case's forms (notes.Draft) are kept this long after their last save.
DRAFT_KEPT_DAYS = envint("DRAFT_KEPT_DAYS", "30")
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Cookies only over HTTPS outside development (manage.py check --deploy).
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "false" if DEBUG else "true")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "false" if DEBUG else "true")
# The container's health check calls plain HTTP from inside.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
# A TLS-terminating proxy says the request was HTTPS with this header (set it only behind such a proxy).
if envbool("BEHIND_TLS_PROXY", "false"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The landlord's name, on pages and letters.
LANDLORD_NAME = envstr("LANDLORD_NAME", "Riverside Homes")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(DATA_DIR / "media")))
# Uploaded case documents are never served by URL from MEDIA_ROOT: views check access first.
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.authentication.TokenAuthentication",
        "core.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "core.api.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # JSON only: DRF's browsable pages carry inline styles the Content Security Policy refuses; people explore
    # the API at /api/docs/.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    # Rates come from API_ANON_RATE and API_USER_RATE (below), read on each request.
    "DEFAULT_THROTTLE_CLASSES": ["core.throttling.AnonymousRateThrottle", "core.throttling.UserRateThrottle"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Complaints case management API",
    "DESCRIPTION": "Complaints handled under the Housing Ombudsman's Complaint Handling Code.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI served from our own static files, not a CDN, so the Content Security Policy stays 'self'.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.openapi.document_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "AlertKindEnum": "alerts.models.Kind",
        "SelfAssessmentStatusEnum": "selfassessment.models.SelfAssessment.Status",
        "SatisfactionEnum": "surveys.models.Satisfaction",
        "OmbudsmanOrderKindEnum": "ombudsman.models.Order.Kind",
        "OmbudsmanFindingDeterminationEnum": "ombudsman.models.Determination",
        "OmbudsmanReferralDeterminationEnum": "ombudsman.models.OmbudsmanReferral.Determination",
    },
}

# Working days (domain.md): "nation" counts the bank holidays of the nation of the resident's
# home; "union" treats a bank holiday anywhere in the UK as a non-working day for everyone.
WORKING_DAY_CALENDAR = envstr("WORKING_DAY_CALENDAR", "nation")
if WORKING_DAY_CALENDAR not in {"nation", "union"}:
    raise ValueError("WORKING_DAY_CALENDAR must be 'nation' or 'union'")

# Email (Django 6.1's MAILERS). With SMTP_HOST unset, messages are written as files under DATA_DIR/outbox so a
# new user can read what the system would have sent without a mail server.
SMTP_HOST = envstr("SMTP_HOST", "")
# TLS from the first byte (port 465), instead of STARTTLS on a plain connection (port 587, SMTP_USE_TLS).
SMTP_USE_SSL = envbool("SMTP_USE_SSL", "false")
if SMTP_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": SMTP_HOST,
                "port": envint("SMTP_PORT", "465" if SMTP_USE_SSL else "587"),
                "username": envstr("SMTP_USERNAME", ""),
                "password": envstr("SMTP_PASSWORD", ""),
                "use_ssl": SMTP_USE_SSL,
                "use_tls": envbool("SMTP_USE_TLS", "false" if SMTP_USE_SSL else "true"),
                "timeout": envint("SMTP_TIMEOUT", "30"),
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(DATA_DIR / "outbox")},
        }
    }

# Celery: Redis in production; with no REDIS_URL the embedded default uses kombu's filesystem
# broker, so a new user sees the worker run without installing Redis.
REDIS_URL = envstr("REDIS_URL", "")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
else:
    _broker_dir = DATA_DIR / "broker"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Why each of these is set: an alert must be neither lost nor sent twice when a worker dies.
# - Acknowledge a task only when it has finished, so a task whose worker dies stays on the broker and runs again.
CELERY_TASK_ACKS_LATE = True
# - Without this, a task whose pool process was killed (SIGKILL, out of memory) is acknowledged and gone.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# - Take one task at a time: with late acknowledgement, prefetched tasks would wait behind a slow one.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# - No task may outlive the broker's visibility timeout (below), or Redis would hand it to a second worker
#   while the first still runs it. The tasks are short; the limits stop a hung mail server holding one forever.
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
# - Nothing reads task results: the Alert rows are the record of what happened.
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# - Redis gives an unacknowledged task (its worker died) to another worker after this many seconds: far longer
#   than any task may run (CELERY_TASK_TIME_LIMIT), and short enough that an alert is not held up for long.
CELERY_VISIBILITY_TIMEOUT = envint("CELERY_VISIBILITY_TIMEOUT", "3600")
if REDIS_URL:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
        # Look for abandoned tasks a few times per visibility timeout, at most every 10 seconds.
        "unacked_restore_interval": max(1, min(10, CELERY_VISIBILITY_TIMEOUT // 4)),
        "unacked_restore_throttle": 1,
    }

# Emails (alerts and messages to residents) the mail server did not take are tried again after this long, doubled
# after each further failure (1, 2, 4 … minutes), up to an hour. The fault suite (bin/chaos) shortens it.
DELIVERY_RETRY_SECONDS = envint("DELIVERY_RETRY_SECONDS", "60")
# Alerts. A delivery claims an alert for this long; a worker that dies mid-send frees it when the claim runs out.
ALERT_CLAIM_SECONDS = envint("ALERT_CLAIM_SECONDS", "600")
# Messages to residents (complaints.services.outbox): how long a delivery holds a message, and how many times an
# email is tried (backing off 1, 2, 4 … minutes) before a letter moves to the post batch and the handler is told.
MESSAGE_CLAIM_SECONDS = envint("MESSAGE_CLAIM_SECONDS", "600")
MESSAGE_EMAIL_ATTEMPTS = envint("MESSAGE_EMAIL_ATTEMPTS", "8")
# The nation whose bank holidays decide whether the 08:00 digest goes out.
ORGANISATION_NATION = envstr("ORGANISATION_NATION", "england")
if ORGANISATION_NATION not in {"england", "wales", "scotland", "northern_ireland"}:
    raise ValueError("ORGANISATION_NATION must be england, wales, scotland or northern_ireland")
# Where staff sign in, for links in emails.
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The complaints mailbox (inbound): read over IMAP by beat's inbound.read_mailbox; with no host, nothing is read.
# IMAPS (TLS from the first byte, port 993) unless INBOUND_IMAP_SSL is false, which only a test server should need.
INBOUND_IMAP_HOST = envstr("INBOUND_IMAP_HOST", "")
INBOUND_IMAP_SSL = envbool("INBOUND_IMAP_SSL", "true")
INBOUND_IMAP_PORT = envint("INBOUND_IMAP_PORT", "993" if INBOUND_IMAP_SSL else "143")
INBOUND_IMAP_USER = envstr("INBOUND_IMAP_USER", "")
INBOUND_IMAP_PASSWORD = envstr("INBOUND_IMAP_PASSWORD", "")
INBOUND_IMAP_FOLDER = envstr("INBOUND_IMAP_FOLDER", "INBOX")
INBOUND_IMAP_TIMEOUT = envint("INBOUND_IMAP_TIMEOUT", "60")
# At most this many messages a run, so a run ends well inside CELERY_TASK_SOFT_TIME_LIMIT; the next takes the rest.
INBOUND_BATCH = envint("INBOUND_BATCH", "200")
# The account emails from the mailbox are recorded by (no usable password: nobody signs in as it).
INBOUND_EMAIL_USERNAME = envstr("INBOUND_EMAIL_USERNAME", "mailbox")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "refusals_without_traceback": {"()": "core.logging.RefusalsWithoutTraceback"},
        "query_strings_left_out": {"()": "core.logging.QueryStringsLeftOut"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["refusals_without_traceback"]},
        # runserver's request lines (bin/run), whose query strings may hold a search for a name or postcode.
        "requests": {"class": "logging.StreamHandler", "filters": ["query_strings_left_out"]},
    },
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    # WeasyPrint reports every rendering step at INFO, fontTools every font it subsets, and extract_msg every part
    # of an Outlook email it looks for and does not find.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "extract_msg": {"level": "WARNING"},
        "django.server": {"handlers": ["requests"], "level": "INFO", "propagate": False},
    },
}

# Every tracked model keeps an append-only history of inserts, updates and deletes, written by
# database triggers so that bulk updates and raw SQL are recorded too (Code 5.12).
PGHISTORY_APPEND_ONLY = True

# UK GDPR storage limitation: a closed complaint's personal data is anonymised this many whole years after it
# closed (privacy.retention); the statistics stay.
PERSONAL_DATA_RETENTION_YEARS = envint("PERSONAL_DATA_RETENTION_YEARS", "6")


def envcolour(name: str, default: str) -> str:
    value = os.environ.get(name, default).strip()
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        raise ValueError(f"{name} must be a colour like #1d70b8, not {value!r}")
    return value


# The landlord's identity on every page (ui.context_processors.landlord). The header shows white text on the
# header colour: choose one with a contrast ratio of at least 4.5:1 against white (WCAG 1.4.3).
# The shipped placeholders: the go-live check (golive/) shows each one still in use as not done.
LANDLORD_PLACEHOLDERS = {
    "LANDLORD_NAME": "Riverside Homes",
    "LANDLORD_PHONE": "0300 123 4567",
    "LANDLORD_EMAIL": "complaints@landlord.example",
    "LANDLORD_ADDRESS": "Complaints Team, 1 High Street, Anytown, AB1 2CD",
}
LANDLORD_NAME = envstr("LANDLORD_NAME", LANDLORD_PLACEHOLDERS["LANDLORD_NAME"])
LANDLORD_LOGO_URL = envstr("LANDLORD_LOGO_URL", "")
LANDLORD_BRAND_COLOUR = envcolour("LANDLORD_BRAND_COLOUR", "#1d70b8")
LANDLORD_HEADER_COLOUR = envcolour("LANDLORD_HEADER_COLOUR", "#0b0c0c")
LANDLORD_PHONE = envstr("LANDLORD_PHONE", LANDLORD_PLACEHOLDERS["LANDLORD_PHONE"])
LANDLORD_EMAIL = envstr("LANDLORD_EMAIL", LANDLORD_PLACEHOLDERS["LANDLORD_EMAIL"])
# The right-hand side of the Message-ID of every email to a resident: the landlord's mail domain.
MESSAGE_ID_DOMAIN = envstr("MESSAGE_ID_DOMAIN", LANDLORD_EMAIL.rpartition("@")[2] or "landlord.example")
LANDLORD_ADDRESS = envstr("LANDLORD_ADDRESS", LANDLORD_PLACEHOLDERS["LANDLORD_ADDRESS"])
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", LANDLORD_EMAIL)

# The public complaint form: at most this many submissions per address (django-ratelimit), counted in the
# shared cache (Redis in production, so every gunicorn worker sees the same count).
COMPLAINT_FORM_RATE = envstr("COMPLAINT_FORM_RATE", "10/h")
COMPLAINT_CHECK_RATE = envstr("COMPLAINT_CHECK_RATE", "30/h")
# Rate-limit counts must be shared by every process (gunicorn workers, the API): Redis when there is one, else a
# table in PostgreSQL (made by `migrate`: core's first migration).
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "core.cache.DatabaseCache", "LOCATION": "cache_entries"}
    )
}
# The API's throttles (core.throttling): per address without signing in, per user (so per token) when signed in.
# A refused request answers 429 with when to try again.
API_ANON_RATE = envstr("API_ANON_RATE", "60/min")
API_USER_RATE = envstr("API_USER_RATE", "600/min")
# The share of a rate one process claims from the shared count at once (core.throttling): every request is counted
# in Redis, a tenth of the rate at a time in PostgreSQL (one statement per 60 requests at 600/min).
API_RATE_CLAIM = 0.0 if REDIS_URL else 0.1
# How many reverse proxies we run in front of gunicorn: the client's address is that many hops from the right of
# X-Forwarded-For (core.throttling.client_address). 0 (the default, gunicorn facing clients) ignores the header.
TRUSTED_PROXIES = envint("TRUSTED_PROXIES", "0")
# The username the public web form's complaints are logged by (Code 3.2: received through the web form channel).
WEB_FORM_USERNAME = envstr("WEB_FORM_USERNAME", "web-form")

# --- The public surface: browser security headers -------------------------------------------------------------
from django.utils.csp import CSP  # noqa: E402  (beside the settings it builds)

# Content Security Policy (Django's own middleware). No inline script or style anywhere: the pages load
# static/js/init.js and CSS files; anything inline must carry the request's nonce ({{ csp_nonce }}). Charts are
# pygal SVGs embedded as data: images, hence img-src data:.
_logo_origin = re.match(r"https?://[^/]+", LANDLORD_LOGO_URL)
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:", *([_logo_origin.group(0)] if _logo_origin else [])],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Frame denial for browsers without CSP level 2 too; a MIME type is never guessed from content.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Static files are answered by WhiteNoise before the middleware that sets these headers: it adds them itself.
WHITENOISE_ADD_HEADERS_FUNCTION = static_file_headers
# Other sites learn nothing from our URLs (a case reference is in some of them).
SECURE_REFERRER_POLICY = "same-origin"
# HSTS once served over HTTPS (production, DEBUG false): a year, every subdomain. Development stays on http.
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "true")
# Preload asks browsers' built-in HSTS lists to include the domain (check --deploy warns without it); it takes
# effect only once the landlord submits the domain.
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "false" if DEBUG else "true")

# --- Uploads (core.uploads): the type is decided from the content; these are the limits ---------------
UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_BYTES", str(20 * 1024 * 1024))
# An Office file is a zip archive: refused if it unpacks to more than this, more than this many times its own
# size, or holds more files than this (zip bombs).
UPLOAD_MAX_UNPACKED_BYTES = envint("UPLOAD_MAX_UNPACKED_BYTES", str(100 * 1024 * 1024))
UPLOAD_MAX_COMPRESSION_RATIO = envint("UPLOAD_MAX_COMPRESSION_RATIO", "100")
UPLOAD_MAX_ARCHIVE_MEMBERS = envint("UPLOAD_MAX_ARCHIVE_MEMBERS", "2000")
# The largest request body read at all (core.throttling.RequestLimitsMiddleware): the public form's five largest
# attachments and the form around them. Anything declared larger is refused before a byte of it is stored; the
# reverse proxy in docker-compose.yml (client_max_body_size) must allow at least this.
REQUEST_MAX_BYTES = envint("REQUEST_MAX_BYTES", str(5 * UPLOAD_MAX_BYTES + 1024 * 1024))
