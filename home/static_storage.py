"""Static files in production: WhiteNoise's compressed, fingerprinted storage, with each address worked
out once per process.

``{% static %}`` asks the storage for the fingerprinted address of a file on every render (a manifest
lookup, quoting and joining: about 45 µs, several times per page). The manifest does not change while a
process runs (a deployment runs ``collectstatic`` and restarts the workers), so the answer for a name is
kept. Addresses asked for with ``force`` (``collectstatic`` itself) and in DEBUG are never kept.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage

from django.conf import settings


class PortalStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls = {}

    def url(self, name, force=False):
        if force or settings.DEBUG:
            return super().url(name, force)
        url = self._urls.get(name)
        if url is None:
            url = self._urls[name] = super().url(name)
        return url
