"""Settings, all from the environment (django-environ).

Development defaults need nothing installed: SQLite in `var/`, Celery on the filesystem transport,
emails written to the console. Production (DEBUG=false) refuses to start without SECRET_KEY and
ALLOWED_HOSTS and turns on every `check --deploy` hardening.

Business numbers that staff must be able to change without a deploy (storage days, lockout
thresholds, …) are not here: they live in django-constance (`CONSTANCE_CONFIG`, database backend),
editable in the admin under "Config". Each app contributes its own block through `*_CONSTANCE`.
"""

import importlib
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
TESTING = env.bool("TESTING", default=False)

# pytest-xdist runs the suite in parallel processes named gw0, gw1, … (README "Tests"). Each
# process, and the Celery workers it starts (they inherit the variable), gets its own Redis
# database, broker folder and test database, so one process's `cache.clear()` never empties
# another's broker queue.
TEST_PROCESS = env("PYTEST_XDIST_WORKER", default="")


def _per_test_process(url: str) -> str:
    """The Redis URL of this test process: database N-k for process gwk (15, 14, … from /15)."""
    if not TEST_PROCESS or not url.startswith(("redis://", "rediss://")):
        return url
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    index = int(TEST_PROCESS.removeprefix("gw") or 0)
    return urlunsplit(parts._replace(path=f"/{(base - index) % 16}"))


if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me-0123456789abcdefghijkl")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
else:
    SECRET_KEY = env("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Absolute links in emails; `make run` on another PORT gets links to that port.
SITE_URL = env("SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}")
# How emails name the site ("…an account on transship.example") and the domain of Message-IDs.
SITE_NAME = env("SITE_NAME", default="Transship Japan")  # a msgid: translated when shown
SITE_DOMAIN = env("SITE_DOMAIN", default=urlsplit(SITE_URL).hostname or "localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Django's own form templates, for FORM_RENDERER below.
    "django.forms",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_countries",
    "phonenumber_field",
    "import_export",
    "constance",
    "sequences",
    "csp",
    "django_prometheus",
    "transship",
    "accounts",
    "notifications",
    "shipping",
    "parcels",
    "billing",
    "tracking",
    "privacy",
    "support",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "transship.request_log.RequestLogMiddleware",  # one line per request (docs/operations.md)
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.LegalAcceptanceMiddleware",  # new terms first (A2, P8)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffTwoFactorMiddleware",
    # During maintenance (a current service notice says so) customers cannot change data.
    "support.middleware.MaintenanceMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

# Flash messages live in the (database) session, not in a readable cookie: some name the user.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Staff need a second factor (TOTP) to use the admin; off by default only in development.
STAFF_MFA_REQUIRED = env.bool("STAFF_MFA_REQUIRED", default=not DEBUG)

ROOT_URLCONF = "transship.urls"
WSGI_APPLICATION = "transship.wsgi.application"
ASGI_APPLICATION = "transship.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "transship.context_processors.site",
                "billing.context_processors.currency",
                "support.context_processors.service_notices",
            ],
        },
    },
]

# --- Data stores -------------------------------------------------------------------------------
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False  # each service owns its transaction
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite serialises writers; wait instead of failing when the worker and the web write at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
    # A file, not memory, so a real Celery worker process can share the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
else:
    # Connections (docs/operations.md "Database connections"): by default each process keeps its
    # connection for CONN_MAX_AGE seconds, checked before reuse. DB_POOL_MAX_SIZE > 0 turns on
    # psycopg's pool instead (Django 5.1+), which needs CONN_MAX_AGE 0: a process then holds up to
    # that many connections (a threaded server; gunicorn's sync workers need one each).
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    _pool_max = env.int("DB_POOL_MAX_SIZE", default=0)
    if _pool_max:
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": env.int("DB_POOL_MIN_SIZE", default=1),
            "max_size": _pool_max,
            "timeout": env.int("DB_POOL_TIMEOUT", default=10),
        }
    else:
        DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = _per_test_process(env("REDIS_URL", default=""))
if REDIS_URL:
    CACHES = {
        "default": {
            # Fails open when Redis is down (see transship/cache.py): pages keep working.
            "BACKEND": "transship.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="transship"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Auth ----------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Django's own list, written out so the test that proves production's hasher reads it from here.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"  # lockout (A8.5), mail via notifications
# Per-IP throttling stays with allauth; the per-account limit is our lockout (accounts/adapter.py),
# which stays until a password reset or a staff unlock instead of expiring on its own.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip"}
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.ApplicationForm"  # sign-up is an application (A3)
ACCOUNT_FORMS = {"signup": "accounts.signup_form.SignupForm"}  # password help as text, not a <ul>
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_SIGNUP_REDIRECT_URL = "accounts:dashboard"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Transship Japan"

# --- I18n --------------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文"), ("ja", "日本語")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

# --- Static and media ----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Form templates resolve through TEMPLATES, so templates/django/forms/ (an error summary at the
# top of every form, linking to its fields) overrides Django's.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
MEDIA_URL = "/media/"
# Carrier tracking APIs (the tracking app's adapters). A carrier without a base URL is not polled.
# Japan Post and Yamato offer tracking to business accounts only (their URLs come with the
# contract); DHL's is https://api-eu.dhl.com with a key from its developer portal.
TRACKING_CARRIERS = {
    "japan_post": {
        "base_url": env("TRACKING_JAPAN_POST_URL", default=""),
        "api_key": env("TRACKING_JAPAN_POST_KEY", default=""),
    },
    "yamato": {
        "base_url": env("TRACKING_YAMATO_URL", default=""),
        "api_key": env("TRACKING_YAMATO_KEY", default=""),
    },
    "express": {
        "base_url": env("TRACKING_EXPRESS_URL", default=""),
        "api_key": env("TRACKING_EXPRESS_KEY", default=""),
    },
}
# Largest file staff may upload (intake photos, rate CSVs); larger ones are refused with a message.
STAFF_UPLOAD_MAX_BYTES = env.int("STAFF_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "media"))
# The TrueType font waybills and customs forms embed (Debian fonts-wqy-zenhei; README).
CJK_FONT_PATH = env("CJK_FONT_PATH", default="/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
# Uploaded and generated files (intake photos, privacy export ZIPs) go through the storage API
# only. The embedded default is MEDIA_ROOT on this disk; with STORAGE_BUCKET set, an S3-compatible
# bucket (MinIO in docker-compose.yml), private: nothing links to the bucket, files are served by
# permission-checked views, and any URL the storage makes is signed and short-lived.


def object_storage(bucket: str, **options: object) -> dict:
    """The private S3-compatible storage of `bucket` (the test suite builds it against moto)."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "default_acl": "private",
            "querystring_auth": True,  # every URL it makes is signed...
            "querystring_expire": 300,  # ...and lasts five minutes
            "file_overwrite": False,
            "signature_version": "s3v4",
            "addressing_style": "path",
            **options,
        },
    }


STORAGE_BUCKET = env("STORAGE_BUCKET", default="")
STORAGES = {
    "default": object_storage(
        STORAGE_BUCKET,
        endpoint_url=env("STORAGE_ENDPOINT_URL", default="") or None,
        access_key=env("STORAGE_ACCESS_KEY", default="") or None,
        secret_key=env("STORAGE_SECRET_KEY", default="") or None,
        region_name=env("STORAGE_REGION", default="") or None,
        location=env("STORAGE_PREFIX", default=""),
        querystring_expire=env.int("STORAGE_URL_SECONDS", default=300),
    )
    if STORAGE_BUCKET
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Email -------------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
if env("EMAIL_URL", default=""):
    _email = env.email_url("EMAIL_URL")
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = _email.get("EMAIL_PORT", 25)
    EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
SMS_BACKEND = env("SMS_BACKEND", default="notifications.sms.ConsoleBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Transship Japan <no-reply@transship.test>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Inbound email (support replies by email, docs/support.md) ----------------------------------
# Notifications about a conversation carry Reply-To: reply+<signed token>@SUPPORT_REPLY_DOMAIN;
# the provider (Mailgun routes) posts each received reply to /support/inbound/mailgun/, signed with
# the webhook signing key. Empty key: the endpoint refuses every call.
SUPPORT_REPLY_DOMAIN = env("SUPPORT_REPLY_DOMAIN", default="") or f"reply.{SITE_DOMAIN}"
MAILGUN_WEBHOOK_SIGNING_KEY = env("MAILGUN_WEBHOOK_SIGNING_KEY", default="")
# A signed call older (or newer) than this many seconds is refused: a captured call cannot be
# replayed later, and within the window its token is refused a second time.
MAILGUN_WEBHOOK_MAX_AGE_SECONDS = env.int("MAILGUN_WEBHOOK_MAX_AGE_SECONDS", default=300)

# --- Celery ------------------------------------------------------------------------------------
# "filesystem://localhost/" names the host the transport uses anyway (kombu warns when it is
# left out).
CELERY_BROKER_URL = _per_test_process(
    env("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://localhost/")
)
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "celery" / TEST_PROCESS if TEST_PROCESS else VAR_DIR / "celery"
    for sub in ("out", "processed", "control"):
        (_broker_dir / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
# Celery's Django fixup closes the database connections around every task unless this is set
# (then only every this-many tasks); reconnecting was a third of a worker's time. Connections that
# broke or outlived CONN_MAX_AGE are still closed around each task (transship/celery.py).
CELERY_DB_REUSE_MAX = env.int("CELERY_DB_REUSE_MAX", default=1000)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# What tasks print (the console email backend in development) stays on the worker's stdout, which
# `make run` shows, instead of being turned into log records.
CELERY_WORKER_REDIRECT_STDOUTS = False
# Named queues (docs/operations.md "Queues"): a long sweep never delays a password-reset email.
# A worker started without `-Q` consumes them all (`make run`, the test worker); production runs
# a worker per group (docker-compose.yml).
CELERY_TASK_QUEUES = {name: {} for name in ("default", "mail", "sweeps", "exports")}
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "notifications.deliver": {"queue": "mail"},
    "notifications.deliver_pending": {"queue": "mail"},
    "privacy.send_deletion_notice": {"queue": "mail"},
    "privacy.build_export": {"queue": "exports"},
    "privacy.purge_expired_exports": {"queue": "sweeps"},
    "accounts.sweep_dormant": {"queue": "sweeps"},
    "accounts.remind_stale_passwords": {"queue": "sweeps"},
    "billing.suspend_overdue": {"queue": "sweeps"},
    "billing.remind_due_invoices": {"queue": "sweeps"},
    "billing.follow_up_remittances": {"queue": "sweeps"},
    "billing.refresh_exchange_rates": {"queue": "sweeps"},
    "parcels.sweep_storage": {"queue": "sweeps"},
    "parcels.deliver_storage_reminders": {"queue": "sweeps"},
    "privacy.deadline_sweep": {"queue": "sweeps"},
    "privacy.settlement_sweep": {"queue": "sweeps"},
    "privacy.retention_sweep": {"queue": "sweeps"},
    "support.deadline_sweep": {"queue": "sweeps"},
    "tracking.poll_carriers": {"queue": "sweeps"},
    "tracking.detect_stalls": {"queue": "sweeps"},
    "tracking.remind_claims": {"queue": "sweeps"},
    # A notice to many customers writes their outbox rows in one batch; `mail` then sends them.
    "support.notice_email": {"queue": "sweeps"},
}

# --- API ---------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.AccessTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "transship.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", default="60/minute"),
        "user": env("API_THROTTLE_USER", default="600/minute"),
        "bad_token": env("API_THROTTLE_BAD_TOKEN", default="10/minute"),
    },
    "EXCEPTION_HANDLER": "transship.api.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "transship.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "transship.schema.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
}
# A JSON body larger than this answers 413, nested deeper than this 400 (transship/parsers.py).
API_MAX_BODY_BYTES = env.int("API_MAX_BODY_BYTES", default=1024 * 1024)
API_MAX_JSON_DEPTH = 32
SPECTACULAR_SETTINGS = {
    "TITLE": "Transship Japan API",
    "DESCRIPTION": (
        "Customer API of the forwarding service. Authenticate with a personal access token "
        "(`Authorization: Bearer <token>`) or the website session. Every 4xx answers with "
        '`{"type", "detail", "errors": {field: [messages]}}`.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # The API is documented as JSON; form encodings stay accepted (nested fields need JSON).
    "PARSER_WHITELIST": ["transship.parsers.BoundedJSONParser"],
    # Swagger UI's assets come from the sidecar package: no CDN, and CSP stays 'self'.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several apps have a `status`/`category` field: name each choice set after its meaning.
    "ENUM_NAME_OVERRIDES": {
        "ParcelStatusEnum": "parcels.states.ParcelStatus",
        "ShipmentStatusEnum": "parcels.states.ShipmentStatus",
        "ContentCategoryEnum": "parcels.states.Category",
        "InvoiceStatusEnum": "billing.states.InvoiceStatus",
        "PaymentStatusEnum": "billing.states.PaymentStatus",
        "RemittanceStatusEnum": "billing.states.RemittanceStatus",
        "PrivacyRequestStatusEnum": "privacy.states.RequestStatus",
        "AccountStatusEnum": "accounts.states.AccountStatus",
        "NotificationCategoryEnum": "notifications.models.Notification.Category",
        "ErrorTypeEnum": "transship.api.ERROR_TYPES",
        "ShippingPlanKindEnum": "shipping.planning.PLAN_KINDS",
        "KindEnum": "privacy.states.RequestKind",  # its name before plans had a `kind` too
        "ConversationStatusEnum": "support.states.ConversationStatus",
        "ConversationTopicEnum": "support.states.Topic",
        "NewConversationTopicEnum": "support.api.CREATABLE_TOPICS",
        "SupportMessageKindEnum": "support.states.MessageKind",
        "SupportMessageChannelEnum": "support.states.MessageChannel",
        "ServiceNoticeKindEnum": "support.states.NoticeKind",
    },
}

# --- Encryption at rest (see transship/fields.py, docs/privacy.md for rotation) ----------------
# Comma-separated Fernet keys; the first encrypts, all decrypt. Dev default is derived, fixed.
FIELD_ENCRYPTION_KEYS = env.list(
    "FIELD_ENCRYPTION_KEYS",
    default=[] if not DEBUG else ["mF0mZq2xd8Jq6yH5n0f6E9kV1s3rY7uB4cW2eT8aL5g="],
)

# --- Business settings staff change without a deploy (django-constance) -----------------------
CONSTANCE_BACKEND = "constance.backends.database.DatabaseBackend"
CONSTANCE_DATABASE_CACHE_BACKEND = "default" if REDIS_URL else None
# Each app's config module is loaded by name, so the platform imports no app (issue 10).
_CONSTANCE_FIELDSETS = {
    "accounts.config": "Accounts",
    "notifications.config": "Notifications",
    "shipping.config": "Shipping",
    "parcels.config": "Warehouse parcels",
    "billing.config": "Billing",
    "tracking.config": "Tracking and claims",
    "privacy.config": "Privacy",
    "support.config": "Support",
}
CONSTANCE_CONFIG = {}
CONSTANCE_CONFIG_FIELDSETS = {}
for _module, _title in _CONSTANCE_FIELDSETS.items():
    _numbers = importlib.import_module(_module).CONSTANCE
    CONSTANCE_CONFIG.update(_numbers)
    CONSTANCE_CONFIG_FIELDSETS[_title] = tuple(_numbers)

# --- Admin CSV import/export (django-import-export) ---------------------------------------------
# Without these, any staff account reaching the admin could import (the import views only check
# is_staff). Importing needs the model's add permission (admins whose import also updates or
# creates other rows ask for those rights too), exporting its view permission.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# --- Security ----------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # the site's small scripts read it for fetch()
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'", "https://checkout.stripe.com"],
        "base-uri": ["'self'"],
    }
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # The orchestrator's probes and the metrics scraper speak plain HTTP on the internal network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
    if not FIELD_ENCRYPTION_KEYS:
        raise environ.ImproperlyConfigured("FIELD_ENCRYPTION_KEYS must be set when DEBUG is false")

# --- Logging -----------------------------------------------------------------------------------
# Production logs one JSON object a line (python-json-logger): a line per request from
# transship.requests (request id, user id, status, duration) and per task from transship.tasks
# (name, duration, outcome). Development keeps plain lines and leaves request lines to runserver.
LOG_FORMAT = env("LOG_FORMAT", default="plain" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "client_errors_without_traceback": {
            "()": "transship.log_filters.ClientErrorsWithoutTraceback"
        }
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["client_errors_without_traceback"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "transship.requests": {
            "level": env("REQUEST_LOG_LEVEL", default="WARNING" if DEBUG else "INFO")
        },
        # gunicorn's access log would repeat transship.requests' line without the ids.
        "gunicorn.access": {"level": "WARNING"},
    },
}

# --- Metrics and error reporting ---------------------------------------------------------------
# /metrics answers only `Authorization: Bearer <METRICS_TOKEN>` (transship/metrics.py); unset,
# it is off (404).
METRICS_TOKEN = env("METRICS_TOKEN", default="")
PROMETHEUS_EXPORT_MIGRATIONS = False
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        # Personal data stays here: no emails, IPs, cookies, request bodies or local variables.
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
    )

# --- Stripe (test-mode keys from the environment; absent keys → labelled test payments) -------
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env("STRIPE_API_BASE", default="")  # tests point it at a local fake server
