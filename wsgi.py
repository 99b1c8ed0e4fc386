"""WSGI entry point for gunicorn: ``gunicorn wsgi:application``. Pages from the page cache are answered
before Django's request handling (pagecache/lane.py); everything else by Django."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.production")

application = get_wsgi_application()

from pagecache.lane import PageCacheLane  # noqa: E402  (needs the settings configured above)

application = PageCacheLane(application)
