"""Test settings: fast, isolated, and on whichever database and cache the environment names.

With no environment the suite runs on SQLite and local memory; with DATABASE_URL and REDIS_URL it runs
the same tests on PostgreSQL and Redis (CI runs both).
"""

import os
from pathlib import Path

from .base import *  # noqa: F403

# The test settings only.
SECRET_KEY = "test-only-insecure-key"  # noqa: S105  # nosec B105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# One media directory per pytest-xdist worker: each removes its own at the end of its session.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
MEDIA_ROOT = Path(os.environ.get("TEST_MEDIA_ROOT", BASE_DIR / ".test-media")) / (_worker or "main")  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
if REDIS_URL:  # noqa: F405
    for _alias in CACHES.values():  # noqa: F405
        _alias["KEY_PREFIX"] = f"test-{os.getpid()}-{_alias['KEY_PREFIX']}"
# Counters are flushed by the tests themselves, never by a thread or at exit (the test database is gone).
VISITS_FLUSH_INTERVAL = 0
VISITS_FLUSH_AT_EXIT = False
VISITS_BATCH_SECONDS = 0  # one script per view; tests/visits/test_batching.py turns batches on
# Off for the suite as a whole (tests change pages without publishing them); tests/pagecache turns it on.
PAGE_CACHE_ENABLED = False
# Django's test Client.login() authenticates without a request, which django-axes' backend refuses; tests
# log in without it, and tests/security/test_login_lockout.py puts it back (as in production).
AXES_BACKENDS = AUTHENTICATION_BACKENDS  # noqa: F405
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
SILENCED_SYSTEM_CHECKS = ["axes.W003"]  # the warning that the backend above is left out, on purpose
PARTICIPATION_PRIVATE_ROOT = MEDIA_ROOT / "private"  # removed with the test media
