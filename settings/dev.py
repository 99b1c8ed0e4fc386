"""Local development: debugging on, console e-mail, a fixed non-secret key."""

import os

from .base import *  # noqa: F403

# `make run` serves the demo with DEBUG=0, so it shows the portal's own 404 and 500 pages; media files are
# then served by urls.py (SERVE_MEDIA), static files by WhiteNoise from the apps as always.
DEBUG = os.environ.get("DEBUG", "1") != "0"
SERVE_MEDIA = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", *ALLOWED_HOSTS]  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Serve unfingerprinted static files straight from the apps, so edits show up without collectstatic.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
