"""Settings shared by every environment.

Production-safe by default: nothing here turns on debugging, every secret and host comes from the
environment, and optional services (PostgreSQL, Redis) are enabled only when their variable is set.
``dev`` and ``test`` loosen these settings; ``production`` only tightens them.
"""

import os
from datetime import timedelta
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
    "operations",
    "home",
    "articles",
    "documents",
    "procedures",
    "disclosure",
    "search",
    "ratings",
    "participation",
    "visits",
    "consultation",
    "organisation",
    "schedule",
    "portalmap",
    "compliance",
    "pagecache",  # the anonymous full-page cache and its purges (pagecache/)
    "security",  # hardening: CSP, login lockout, two-factor, request ids (see the block at the end)
    "admin_i18n",  # the admin's Vietnamese: after the project's apps, before the packages
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
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
    "home.proxies.UntrustedForwardingMiddleware",  # X-Forwarded-* only from TRUSTED_PROXIES
    "security.observability.RequestIdMiddleware",  # every later log line carries the request id
    # Next: a database outage raised anywhere below becomes the 503 page (operations/faults.py).
    "operations.faults.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "security.headers.SecurityHeadersMiddleware",
    # The two requests of every page view answered here, below the headers every response carries and
    # above WhiteNoise, sessions and routing: the visit beacon (visits/middleware.py) and the anonymous
    # page cache (pagecache/middleware.py), which also renders and stores what it may keep.
    "visits.middleware.BeaconMiddleware",
    "pagecache.front.FrontCacheHeadersMiddleware",  # caching headers for the front cache (pagecache/front.py)
    "pagecache.middleware.PageCacheMiddleware",
    "home.params.HostileQueryMiddleware",  # a query string with NUL is a 400 for every view
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "security.malformed.MalformedFormMiddleware",  # a truncated form is a 400 (security/malformed.py)
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "security.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # The site, its settings and a page's route from each process's memory (home/memo.py, home/routing.py).
    "home.middleware.PortalRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the lockout page
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
# Page routing's two statements (home/routing.py) are prepared once per database connection on PostgreSQL.
# Off behind a connection pooler in transaction mode (PgBouncer), which cannot keep prepared statements.
DATABASE_PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", True)
# A streaming replica that answers the register's search queries (documents/search/replica.py,
# docs/search.md#how-the-registers-search-scales): optional; the tests use the primary under its name.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["search_replica"] = {
        **dj_database_url.parse(
            os.environ["DATABASE_REPLICA_URL"],
            conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        ),
        "TEST": {"MIRROR": "default"},
    }
# After the replica fails, the primary answers the search for this long before the replica is tried again.
SEARCH_REPLICA_RETRY_SECONDS = int(os.environ.get("SEARCH_REPLICA_RETRY_SECONDS", "30"))
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
            "BACKEND": "home.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "cong"),
            "OPTIONS": _redis_options,
        },
        "renditions": {
            "BACKEND": "home.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "cong") + "-renditions",
            "TIMEOUT": 60 * 60 * 24,
            "OPTIONS": _redis_options,
        },
    }
    # The visit counters (visits/counter.py): the only data in Redis that cannot be rebuilt. With
    # VISITS_REDIS_URL they live on a Redis of their own that never evicts (docs/deployment.md), so that
    # the cache's instance may evict under maxmemory; without it, beside the cache.
    CACHES["visits"] = {**CACHES["default"], "LOCATION": os.environ.get("VISITS_REDIS_URL") or REDIS_URL}
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
# admin_i18n/js_locale: the admin's JavaScript messages in Vietnamese (see admin_i18n/apps.py).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "admin_i18n" / "js_locale"]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Wagtail's login form labels its password field with the English field name (admin_i18n/forms.py).
WAGTAILADMIN_USER_LOGIN_FORM = "admin_i18n.forms.TranslatedLoginForm"

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
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"},
        "json": {"()": "security.observability.JsonFormatter"},
    },
    "filters": {
        "request_id": {"()": "security.observability.RequestIdFilter"},
        # During an outage of Redis or PostgreSQL: one warning per minute, not a traceback per request.
        "outages": {"()": "operations.faults.ThrottledWarningFilter"},
        "database_outage": {"()": "operations.faults.DatabaseOutageLogFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": os.environ.get("LOG_FORMAT", "plain"),
            "filters": ["outages", "database_outage", "request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django_redis": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": os.environ.get("WAGTAIL_LOG_LEVEL", "WARNING")},
        "django.request": {"level": "ERROR"},
        "cong.slow_query": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
WAGTAILDOCS_DOCUMENT_FORM_BASE = "home.forms.PortalDocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "security.forms.PortalImageForm"  # hardening: Vietnamese refusals

# The reverse proxies whose X-Forwarded-* headers are believed (home/proxies.py): addresses or networks,
# comma-separated; none by default. From any other peer those headers are dropped and the peer is the client
# (for gunicorn, the login lockout, rate limits and visit statistics alike).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

# Visit statistics (visits/). Counted by the beacon each page sends once loaded; kept in Redis
# when REDIS_URL is set and written through to the database every VISITS_FLUSH_INTERVAL seconds (0: only
# by the flush_visit_counters command and at process exit), otherwise written to the database directly.
VISITS_ENABLED = env_bool("VISITS_ENABLED", True)
VISITS_TIME_ZONE = "Asia/Ho_Chi_Minh"  # days and Monday-first weeks of the statistics
VISITS_ONLINE_SECONDS = 5 * 60  # "Đang truy cập": distinct readers seen in the last five minutes
VISITS_RATE_LIMIT = os.environ.get("VISITS_RATE_LIMIT", "300/60")  # counted loads per reader per window
# Readers told apart by their browser from one address, at most (visits/clients.py): rotating the
# User-Agent cannot inflate "Đang truy cập" or escape the rate limit beyond this many readers.
VISITS_READERS_PER_ADDRESS = int(os.environ.get("VISITS_READERS_PER_ADDRESS", "4"))
# One second: a Redis restart loses no view counted more than a second or two before it.
VISITS_FLUSH_INTERVAL = float(os.environ.get("VISITS_FLUSH_INTERVAL", "1"))
VISITS_FLUSH_AT_EXIT = True

# Article ratings (ratings/).
RATINGS_PAGE_MODELS = ["articles.NewsPage", "articles.InspectionReportPage", "documents.LegalDocumentPage"]
RATINGS_RATE_LIMIT = os.environ.get("RATINGS_RATE_LIMIT", "20/600")  # ratings per client per window
RATINGS_READER_COOKIE = "cong_reader"

# The admin's address: ADMIN_PATH=quan-tri/ serves it at /quan-tri/ (default admin/).
ADMIN_PATH = os.environ.get("ADMIN_PATH", "admin/").strip("/") + "/"

# --- Performance (pagecache/, gunicorn.conf.py; docs/caching.md) ---------------------------------
# The visit beacon, the front cache's headers and the page cache sit in MIDDLEWARE right below the
# security headers (which wrap every response, so a page from the cache carries the same headers as a
# fresh one), before WhiteNoise, sessions and routing.
# A front cache (nginx proxy_cache, deploy/nginx/ and docs/deployment.md) purged through
# wagtail.contrib.frontend_cache: the address of its purge listener, e.g. http://127.0.0.1:8081.
FRONTEND_CACHE_URL = os.environ.get("FRONTEND_CACHE_URL", "")
# How long the front cache keeps a shared page before asking again (s-maxage; 0 without one). Purges are
# exact; this bounds what changes by the clock alone (a document's validity, the figures without JS).
FRONT_CACHE_SECONDS = int(os.environ.get("FRONT_CACHE_SECONDS", "60")) if FRONTEND_CACHE_URL else 0
# How long nginx keeps a copy nobody asks for (its proxy_cache_path inactive=): addresses are remembered
# for purging this long after their last render.
FRONT_CACHE_INACTIVE_SECONDS = int(os.environ.get("FRONT_CACHE_INACTIVE_SECONDS", str(24 * 60 * 60)))
# The Django page cache serves installs without a front cache; behind one it is off unless asked for.
# PAGE_CACHE_ENABLED=0 turns it off (the benchmark's "uncached" runs).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", not FRONTEND_CACHE_URL)
PAGE_CACHE_ALIAS = "default"
# How long a stored page lives at most: a safety net, purges are exact.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", str(60 * 60)))
PAGE_CACHE_EXCLUDED_PREFIXES = (
    f"/{ADMIN_PATH}",
    "/api/",
    "/documents/",
    "/static/",
    "/media/",
    "/healthz",
    "/bench/",
)
# Only pagecache/front.py lets a shared cache keep a page (it records the address for purging); the
# page cache's own hits, answered before it runs (pagecache/lane.py), must not.
PAGE_CACHE_UPSTREAM_SECONDS = 0
if FRONTEND_CACHE_URL:
    INSTALLED_APPS.insert(INSTALLED_APPS.index("wagtail.contrib.forms"), "wagtail.contrib.frontend_cache")
    WAGTAILFRONTENDCACHE = {
        "nginx": {"BACKEND": "pagecache.front.NginxBackend", "LOCATION": FRONTEND_CACHE_URL},
    }
    # The addresses purged are those the portal recorded, language prefix included: none to add.
    WAGTAILFRONTENDCACHE_LANGUAGES = []
# What else changes the markup of every page, so part of every page cache key: the release
# (PORTAL_RELEASE, e.g. the git commit a deployment sets, so that a new release never serves pages its
# predecessor rendered).
PAGE_CACHE_VARIANT = os.environ.get("PORTAL_RELEASE", "")
# bench/http_bench.py's minimal view (/bench/ping); never on in production unless asked for.
BENCH_PING = env_bool("BENCH_PING", False)

# ---- Hardening (security/) ----------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses logins while locked out
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes): AXES_FAILURE_LIMIT wrong passwords for one account from one address lock
# that pair out for AXES_COOLOFF_MINUTES; a locked-out login is refused even with the right password.
# `manage.py axes_reset` (or axes_reset_username NAME) lifts every lockout at once.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "security/lockout.html"
AXES_LOCKOUT_CALLABLE = "security.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "home.proxies.client_ip"  # same proxy rule as the rest of the portal
AXES_VERBOSE = False
# Optional TOTP two-factor sign-in (django-otp): each admin user may enrol from Account > More actions;
# enrolled users must give a code after their password. TWO_FACTOR_REQUIRED=1 makes every admin user enrol.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Cổng thông tin điện tử")
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", False)
# Admin sessions end when the browser closes and after SESSION_COOKIE_AGE seconds in any case.
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
# Content-Security-Policy (security/headers.py). Public pages: the portal's own files only, no inline
# code; CSP_EXTRA_SCRIPT_SRC / CSP_EXTRA_IMG_SRC add origins (e.g. the EMC tracker's). The admin needs
# inline scripts and styles. CSP_REPORT_ONLY=1 sends the policy as Report-Only while trying a change.
_VIDEO_PLAYERS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", *env_list("CSP_EXTRA_SCRIPT_SRC")],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", *env_list("CSP_EXTRA_IMG_SRC")],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'", *_VIDEO_PLAYERS],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
CONTENT_SECURITY_POLICY_ADMIN = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", "https:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'", "https:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}
CSP_REPORT_ONLY = env_bool("CSP_REPORT_ONLY", False)
# No Gravatar in the admin: it would send a hash of each editor's e-mail address to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
PERMISSIONS_POLICY = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
    "fullscreen": ["self", *(f'"{origin}"' for origin in _VIDEO_PLAYERS)],
}
# Text extraction from an uploaded PDF stops after this many seconds (home/uploads.py).
PDF_TEXT_TIMEOUT = float(os.environ.get("PDF_TEXT_TIMEOUT", "10"))
# Log every SQL statement slower than this many milliseconds (logger cong.slow_query); 0 turns it off.
SLOW_QUERY_MS = float(os.environ.get("SLOW_QUERY_MS", "500"))
# ---- end of hardening -----------------------------------------------------------------------------------

# Citizens' questions and feedback (participation/): limits of the public forms, due dates, retention.
# Limits are "count/seconds": form posts per client address, messages per e-mail or phone, tracking
# lookups per address.
PARTICIPATION_ADDRESS_RATE_LIMIT = os.environ.get("PARTICIPATION_ADDRESS_RATE_LIMIT", "10/3600")
PARTICIPATION_CONTACT_RATE_LIMIT = os.environ.get("PARTICIPATION_CONTACT_RATE_LIMIT", "5/86400")
PARTICIPATION_LOOKUP_RATE_LIMIT = os.environ.get("PARTICIPATION_LOOKUP_RATE_LIMIT", "20/600")
PARTICIPATION_DUPLICATE_SECONDS = 7 * 24 * 60 * 60  # the same contact and text again within it: refused
PARTICIPATION_CHALLENGE_SECONDS = 2 * 60 * 60  # how long a form's check question may be answered
PARTICIPATION_PRIVACY_SLUG = "bao-ve-du-lieu-ca-nhan"  # the privacy notice page the consent line links
# The department's rule: an answer is due this many working days (Monday to Friday) after receipt.
PARTICIPATION_DUE_WORKING_DAYS = int(os.environ.get("PARTICIPATION_DUE_WORKING_DAYS", "10"))
# Contact details (name, e-mail, phone, attachment) are erased this many days after a case is closed
# (or received, if never closed): manage.py erase_expired_contacts, run daily.
PARTICIPATION_RETENTION_DAYS = int(os.environ.get("PARTICIPATION_RETENTION_DAYS", "365"))
PARTICIPATION_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
# Attachments of feedback: personal data, outside MEDIA_ROOT so that no web server serves them.
PARTICIPATION_PRIVATE_ROOT = os.environ.get("PARTICIPATION_PRIVATE_ROOT", str(BASE_DIR / "private"))
