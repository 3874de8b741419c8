"""Django settings for STCoop, read from ``STCOOP_*`` environment variables.

Each variable and its default is documented in :mod:`stcoop.config.env`
(``stcoop settings`` prints the list).
"""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from stcoop.config.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("STCOOP_VAR_DIR", str(Path.cwd() / "var"))).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("STCOOP_DEBUG", False)
HTTPS = env_bool("STCOOP_HTTPS", False)


def _secret_key() -> str:
    configured = env_str("STCOOP_SECRET_KEY", "")
    if configured:
        return configured
    if HTTPS:
        raise RuntimeError("STCOOP_SECRET_KEY must be set when STCOOP_HTTPS is true")
    # A single-machine install keeps a generated key beside its database so sessions
    # survive restarts without a secret ever being written into the repository.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("STCOOP_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("STCOOP_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "modeltranslation",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_tables2",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "stcoop.core",
    "stcoop.accounts",
    "stcoop.geo",
    "stcoop.notices",
    "stcoop.organisations",
    "stcoop.people",
    "stcoop.projects",
    "stcoop.agreements",
    "stcoop.memberships",
    "stcoop.bases",
    "stcoop.technologies",
    "stcoop.policies",
    "stcoop.resources",
    "stcoop.collaboration",
    "stcoop.search",
    "stcoop.matching",
    "stcoop.indicators",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "stcoop.core.middleware.RequestLogMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "stcoop.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "stcoop.core.middleware.ProtectedDeleteMiddleware",
]

ROOT_URLCONF = "stcoop.config.urls"
WSGI_APPLICATION = "stcoop.config.wsgi.application"
ASGI_APPLICATION = "stcoop.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "stcoop.core.context_processors.platform",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("STCOOP_DATABASE_URL", f"sqlite:///{VAR_DIR / 'stcoop.sqlite3'}"),
        conn_max_age=env_int("STCOOP_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker write while the web process reads.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# Internationalisation: Chinese (Simplified) first, English second.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
MODELTRANSLATION_DEFAULT_LANGUAGE = "zh-hans"
MODELTRANSLATION_LANGUAGES = ("zh-hans", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("zh-hans", "en")
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "stcoop_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
TIME_ZONE = env_str("STCOOP_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every start when it is missing
# The package's own assets (vendored Bootstrap and htmx, site.css): not inside any app.
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

MAX_UPLOAD_BYTES = env_int("STCOOP_MAX_UPLOAD_MB", 20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# Security headers. CSP allows only this origin; htmx is served from /static/.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "stcoop.core.views.errors.csrf_failure"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    # HSTS preloading binds the whole domain; that is the operator's decision, not ours.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Failed-login throttling (django-axes): lock a user name from one address.
AXES_FAILURE_LIMIT = env_int("STCOOP_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("STCOOP_LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = 1 if HTTPS else 0

# E-mail
_email_url = env_str("STCOOP_EMAIL_URL", "console")
if _email_url == "console":
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
elif _email_url == "memory":
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
else:
    from urllib.parse import urlparse

    _mail = urlparse(_email_url)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _mail.hostname or "localhost"
    EMAIL_PORT = _mail.port or 25
    EMAIL_HOST_USER = _mail.username or ""
    EMAIL_HOST_PASSWORD = _mail.password or ""
    EMAIL_USE_TLS = _mail.scheme == "smtp+tls"
DEFAULT_FROM_EMAIL = env_str("STCOOP_DEFAULT_FROM_EMAIL", "stcoop@localhost")
STCOOP_SITE_URL = env_str("STCOOP_SITE_URL", "")
STCOOP_PARTNERS_DENSE = env_bool("STCOOP_PARTNERS_DENSE", True)

# Background tasks: recorded in the database, run by `stcoop worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "stcoop.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["stcoop.api.permissions.RecordPermission"],
    "DEFAULT_PAGINATION_CLASS": "stcoop.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "stcoop.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("STCOOP_API_THROTTLE_ANON", "60/min"),
        "user": env_str("STCOOP_API_THROTTLE_USER", "600/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "STCoop API",
    "DESCRIPTION": "Registry, search and cooperation data of the STCoop platform.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "UnitKindEnum": "stcoop.accounts.choices.UnitKind",
        "RoleEnum": "stcoop.accounts.choices.Role",
        "LanguageEnum": "stcoop.accounts.choices.Language",
        "VisibilityEnum": "stcoop.core.choices.Visibility",
        "NoticeCategoryEnum": "stcoop.notices.choices.NoticeCategory",
        # Named here because accounts' UnitKind is a second enum called "kind".
        "GroupingKindEnum": "stcoop.geo.choices.GroupingKind",
        "OrganisationKindEnum": "stcoop.organisations.choices.OrganisationKind",
        "BaseKindEnum": "stcoop.bases.choices.BaseKind",
        "BaseStatusEnum": "stcoop.bases.choices.BaseStatus",
        "ReportStatusEnum": "stcoop.bases.choices.ReportStatus",
        "FundingSourceEnum": "stcoop.projects.choices.FundingSource",
        "ProgrammeStatusEnum": "stcoop.projects.choices.ProgrammeStatus",
        "ProjectStatusEnum": "stcoop.projects.choices.ProjectStatus",
        "ParticipantRoleEnum": "stcoop.projects.choices.ParticipantRole",
        "OutputKindEnum": "stcoop.projects.choices.OutputKind",
        "AgreementKindEnum": "stcoop.agreements.choices.AgreementKind",
        "AgreementStatusEnum": "stcoop.agreements.choices.AgreementStatus",
        "MechanismKindEnum": "stcoop.agreements.choices.MechanismKind",
        "MechanismStatusEnum": "stcoop.agreements.choices.MechanismStatus",
        "MeetingFrequencyEnum": "stcoop.agreements.choices.MeetingFrequency",
        "MembershipRoleEnum": "stcoop.memberships.choices.MembershipRole",
        "BigScienceKindEnum": "stcoop.memberships.choices.ProgrammeKind",
        "BigScienceStatusEnum": "stcoop.memberships.choices.ProgrammeStatus",
        "BigScienceRoleEnum": "stcoop.memberships.choices.ParticipationRole",
        "ResourceKindEnum": "stcoop.resources.choices.ResourceKind",
        "AccessModeEnum": "stcoop.resources.choices.AccessMode",
        "ResourceStatusEnum": "stcoop.resources.choices.ResourceStatus",
        "ProfileKindEnum": "stcoop.technologies.choices.ProfileKind",
        "ProfileStatusEnum": "stcoop.technologies.choices.ProfileStatus",
        "IpStatusEnum": "stcoop.technologies.choices.IpStatus",
        "PolicyStatusEnum": "stcoop.policies.choices.PolicyStatus",
        "PolicyLevelEnum": "stcoop.policies.choices.PolicyLevel",
        "OrganisationStatusEnum": "stcoop.organisations.choices.OrganisationStatus",
    },
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

LOG_FORMAT = env_str("STCOOP_LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        },
    },
    "root": {"handlers": ["console"], "level": env_str("STCOOP_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
