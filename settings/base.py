"""Settings shared by every environment.

Production-safe by default: nothing here turns on debugging, every secret and host comes from the
environment, and optional services (PostgreSQL, Redis) are enabled only when their variable is set.
``dev`` and ``test`` loosen these settings; ``production`` only tightens them.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "articles",
    "documents",
    "search",
    "ratings",
    "visits",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "home.apps.PortalUsersConfig",  # wagtail.users without privilege escalation
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    # After wagtail.admin: replaces Wagtail's workflow e-mails with the portal's (see workflow/apps.py).
    "workflow",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
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
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "urls"
WSGI_APPLICATION = "wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: PostgreSQL from DATABASE_URL in production; an SQLite file when it is not set, so that a
# newcomer's first command works without any service.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis (django-redis) from REDIS_URL; local memory otherwise. A Redis outage degrades to cache
# misses (logged), it never takes pages down.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    _redis_options = {
        "CLIENT_CLASS": "django_redis.client.DefaultClient",
        "SOCKET_CONNECT_TIMEOUT": 2,
        "SOCKET_TIMEOUT": 2,
        "IGNORE_EXCEPTIONS": True,
    }
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "cong"),
            "OPTIONS": _redis_options,
        },
        "renditions": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "cong") + "-renditions",
            "TIMEOUT": 60 * 60 * 24,
            "OPTIONS": _redis_options,
        },
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "cong"},
        "renditions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "cong-renditions",
        },
    }

# Sessions are read from the cache and written through to the database: fast with Redis, and nobody
# is logged out when Redis restarts.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = 60 * 60 * 8  # one working day
SESSION_COOKIE_HTTPONLY = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# Static files and media
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o644

# Complex page forms exceed Django's default of 1,000 fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Security headers that are right in every environment; HTTPS-only settings live in production.py.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail sets SAMEORIGIN on its own preview views
CSRF_COOKIE_HTTPONLY = False  # Wagtail's admin reads the token from the cookie

# Wagtail
WAGTAIL_SITE_NAME = "Cổng thông tin điện tử"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_IMAGE_MODEL = "home.PortalImage"
WAGTAILDOCS_DOCUMENT_MODEL = "home.PortalDocument"
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = int(os.environ.get("DOCUMENT_MAX_UPLOAD_MB", "20")) * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
# ASCII slugs: the admin transliterates titles (đ -> d) and BasePage does the same on the server.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
# Forms read dates the way the admin writes them, day first (settings/formats/).
FORMAT_MODULE_PATH = ["settings.formats"]

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "cong-thong-tin@localhost")
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django_redis": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": os.environ.get("WAGTAIL_LOG_LEVEL", "WARNING")},
        "django.request": {"level": "ERROR"},
    },
}
WAGTAILDOCS_DOCUMENT_FORM_BASE = "home.forms.PortalDocumentForm"

# The reader's address, for rate limits and visit statistics (never stored). Behind N reverse proxies that
# each append to X-Forwarded-For, set CLIENT_IP_PROXY_COUNT=N; with 0, REMOTE_ADDR is used.
CLIENT_IP_PROXY_COUNT = int(os.environ.get("CLIENT_IP_PROXY_COUNT", "0"))

# Visit statistics (visits/). Counted by a beacon from each HTML page; kept in Redis when REDIS_URL is
# set and written through to the database every VISITS_FLUSH_INTERVAL seconds (0: only by the
# flush_visit_counters command and at process exit), otherwise written to the database directly.
VISITS_ENABLED = env_bool("VISITS_ENABLED", True)
VISITS_TIME_ZONE = "Asia/Ho_Chi_Minh"  # days and Monday-first weeks of the statistics
VISITS_ONLINE_SECONDS = 5 * 60  # "Đang truy cập": distinct readers seen in the last five minutes
VISITS_RATE_LIMIT = os.environ.get("VISITS_RATE_LIMIT", "300/60")  # counted loads per reader per window
VISITS_FLUSH_INTERVAL = int(os.environ.get("VISITS_FLUSH_INTERVAL", "30"))
VISITS_FLUSH_AT_EXIT = True

# Article ratings (ratings/).
RATINGS_PAGE_MODELS = ["articles.NewsPage", "articles.InspectionReportPage", "documents.LegalDocumentPage"]
RATINGS_RATE_LIMIT = os.environ.get("RATINGS_RATE_LIMIT", "20/600")  # ratings per client per window
RATINGS_READER_COOKIE = "cong_reader"
