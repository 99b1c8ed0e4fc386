"""WSGI entry point for gunicorn: ``gunicorn wsgi:application``. Pages from the page cache are answered
before Django's request handling (pagecache/lane.py); everything else by Django."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.production")

application = get_wsgi_application()

from home.proxies import UntrustedForwardingWSGI  # noqa: E402
from pagecache.lane import PageCacheLane  # noqa: E402  (needs the settings configured above)

# Forwarded headers from a peer that is not a trusted proxy are dropped before the lane reads them.
application = UntrustedForwardingWSGI(PageCacheLane(application))
