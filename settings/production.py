"""Production: everything in base, plus HTTPS-only cookies and HSTS, and a fast failure when a
required variable is missing (better a clear message at start-up than a half-working portal)."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import LOGGING, TRUSTED_PROXIES, env_bool

REQUIRED_VARIABLES = ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL")
_missing = [name for name in REQUIRED_VARIABLES if not os.environ.get(name, "").strip()]
if _missing:
    raise ImproperlyConfigured(
        "settings.production needs these environment variables: "
        + ", ".join(_missing)
        + ". See docs/deployment.md."
    )

DEBUG = False
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Load balancers probe the health endpoint over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Behind a reverse proxy that terminates HTTPS, its X-Forwarded-Proto says whether the reader used HTTPS.
# It is believed only from TRUSTED_PROXIES (home/proxies.py), so the two go together: on by default
# when proxies are listed; the deploy check `cong.W001`/`cong.W002` warns when they disagree.
if env_bool("BEHIND_PROXY", bool(TRUSTED_PROXIES)):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
# One JSON object per log line (security/observability.py) for the log collector; LOG_FORMAT=plain: text.
LOGGING["handlers"]["console"]["formatter"] = os.environ.get("LOG_FORMAT", "json")
