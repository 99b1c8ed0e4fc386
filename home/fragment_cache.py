"""The template fragment cache (``{% wagtailcache %}``, ``{% wagtailpagecache %}``): Redis, with each
process keeping the fragments it used last in its own memory.

Every fragment the templates cache varies on the versions of what it shows (the page's ``cache_key``, the
page cache's tags: ``fragment_version``, ``legal_documents_version``), so the markup under a key never
changes: a change makes a new key. A process can therefore keep what it read or rendered under a key and
use it again without asking Redis, which saves a page render one Redis round trip per fragment (four on an
article). What it keeps lives no longer than ``LOCAL_SECONDS`` (and never beyond the timeout it was
stored with), and at most ``LOCAL_ENTRIES`` fragments are kept, the least recently used going first.

Used as the ``template_fragments`` cache when Redis is configured (settings/base.py); without Redis the
default cache is the process's own memory already.
"""

import time
from collections import OrderedDict

from django.core.cache.backends.base import DEFAULT_TIMEOUT

from home.redis_cache import RedisCache

_MISSING = object()
# Fragments larger than this are left to Redis alone.
_MAX_LOCAL_SIZE = 256 * 1024


class LayeredFragmentCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self.local_entries = int(params.get("LOCAL_ENTRIES", 1000))
        self.local_seconds = float(params.get("LOCAL_SECONDS", 300))
        self._local = OrderedDict()

    def _keep(self, name, value, seconds):
        if self.local_entries <= 0 or seconds <= 0:
            return
        if isinstance(value, str | bytes) and len(value) > _MAX_LOCAL_SIZE:
            return
        self._local[name] = (time.monotonic() + min(seconds, self.local_seconds), value)
        self._local.move_to_end(name)
        while len(self._local) > self.local_entries:
            self._local.popitem(last=False)

    def get(self, key, default=None, version=None, client=None):
        name = str(self.make_key(key, version=version))
        kept = self._local.get(name)
        if kept is not None:
            if kept[0] > time.monotonic():
                self._local.move_to_end(name)
                return kept[1]
            del self._local[name]
        value = super().get(key, _MISSING, version=version, client=client)
        if value is _MISSING:
            return default
        self._keep(name, value, self.local_seconds)
        return value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None, client=None, nx=False, xx=False):
        stored = super().set(key, value, timeout=timeout, version=version, client=client, nx=nx, xx=xx)
        name = str(self.make_key(key, version=version))
        if nx or xx:
            self._local.pop(name, None)  # conditional: Redis decides what the key holds
        else:
            seconds = self.default_timeout if timeout is DEFAULT_TIMEOUT else timeout
            self._keep(name, value, self.local_seconds if seconds is None else seconds)
        return stored

    def delete(self, *args, **kwargs):
        self._local.clear()  # rare (the templates never delete a fragment): forget them all
        return super().delete(*args, **kwargs)

    def delete_pattern(self, *args, **kwargs):
        self._local.clear()
        return super().delete_pattern(*args, **kwargs)

    def clear(self):
        self._local.clear()
        return super().clear()

    def forget_local(self):
        self._local.clear()
