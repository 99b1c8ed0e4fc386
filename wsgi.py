"""WSGI entry point for gunicorn: ``gunicorn wsgi:application``. The visit beacon (visits/lane.py) and
pages from the page cache (pagecache/lane.py) are answered before Django's request handling; everything
else by Django."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.production")

application = get_wsgi_application()

from home.proxies import UntrustedForwardingWSGI  # noqa: E402
from pagecache.lane import PageCacheLane  # noqa: E402  (needs the settings configured above)
from visits.lane import BeaconLane  # noqa: E402

# Forwarded headers from a peer that is not a trusted proxy are dropped before the lane reads them.
application = UntrustedForwardingWSGI(BeaconLane(PageCacheLane(application)))
