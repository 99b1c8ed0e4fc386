"""The Redis cache backend: django-redis, with a fresh result on every failed ``get_many``, and the
template fragments a page asks for read ahead.

With ``IGNORE_EXCEPTIONS`` django-redis answers a failed ``get_many`` with the one ``{}`` given to its
decorator, shared by every later failure in the process: a caller that adds to what it got changes that
default, and every later failed call returns the keys it added (issue 19: a ``KeyError`` on every page
for the life of the worker after the first Redis blip). Here a failure returns a new empty dict.

Read-ahead: a template reads its ``{% wagtailcache %}`` fragments one at a time, a round trip each.
pagecache.cache reads the fragments that the last render of the same address asked for in the round trip
it makes anyway before routing (the tags' versions), and hands them here (``read_ahead``). A fragment
found among them costs no round trip; any other is read as usual. A fragment's key carries the versions
it depends on, so what was read ahead is what the template would have read, a few milliseconds earlier.
"""

import contextvars
import functools
import hashlib

from django_redis.cache import RedisCache as DjangoRedisCache
from redis import exceptions as redis_errors

FRAGMENT_PREFIX = "template.cache."  # django.core.cache.utils.make_template_fragment_key
_ABSENT = object()
_read_ahead = contextvars.ContextVar("fragments_read_ahead", default=None)
_asked = contextvars.ContextVar("fragments_asked", default=None)


def start_request():
    """Begin noting the fragments this request asks for (pagecache.cache, when a request starts)."""
    _read_ahead.set(None)
    _asked.set([])


def end_request():
    """The fragment keys this request asked for; the read-ahead is forgotten."""
    asked = _asked.get() or []
    _read_ahead.set(None)
    _asked.set(None)
    return asked


def read_ahead(keys, found):
    """``keys`` were read for this request by a ``get_many`` that returned ``found``: a later ``get`` of
    one of them is answered from it (a key ``found`` lacks is not in the cache)."""
    if _asked.get() is not None:
        _read_ahead.set({key: found.get(key, _ABSENT) for key in keys})


class RedisCache(DjangoRedisCache):
    def get_many(self, *args, **kwargs):
        return dict(super().get_many(*args, **kwargs))

    def get(self, key, default=None, version=None, client=None):
        if version is None and client is None and key.startswith(FRAGMENT_PREFIX):
            asked = _asked.get()
            if asked is not None:
                asked.append(key)
                known = _read_ahead.get()
                if known is not None and key in known:
                    value = known[key]
                    return default if value is _ABSENT else value
        return super().get(key, default, version, client)

    def set(self, key, value, *args, **kwargs):
        stored = super().set(key, value, *args, **kwargs)
        known = _read_ahead.get()
        if known is not None and key in known:
            del known[key]  # read again, from the cache, if the request asks once more
        return stored


@functools.lru_cache(maxsize=16)
def _sha(source):
    return hashlib.sha1(source.encode(), usedforsecurity=False).hexdigest()  # EVALSHA's name for it


def run_script(client, source, keys, args):
    """The Lua script ``source`` run with ``keys`` and ``args`` (EVALSHA), sent on one of the client's
    pooled connections directly.

    redis-py's command layer (its retry wrapper, metrics hooks and response callbacks, none of which an
    EVALSHA reply needs) adds CPU to every call; the visit beacon and the front cache's record of every
    rendered page each make one such call.
    Kept from it: a connection that fails is dropped and the command sent once more on a fresh one (a
    pooled connection that Redis closed while idle, a restart), and a script Redis does not know (after a
    restart or SCRIPT FLUSH) is loaded and run again. Any other error reaches the caller.
    """
    pool = client.connection_pool
    link = pool.get_connection()
    try:
        for attempt in (1, 2):
            try:
                link.send_command("EVALSHA", _sha(source), len(keys), *keys, *args)
                return link.read_response()
            except redis_errors.NoScriptError:
                if attempt == 2:
                    raise
                client.script_load(source)
            except (redis_errors.ConnectionError, redis_errors.TimeoutError):
                link.disconnect()
                if attempt == 2:
                    raise
    except BaseException:
        link.disconnect()  # it may hold part of a reply: never handed out again as it is
        raise
    finally:
        pool.release(link)
