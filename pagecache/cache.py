"""The anonymous full-page HTML cache: what is stored, under which key, and how it is purged.

A stored page is a dict (status, headers, body, ETag, Last-Modified) under a key made of the host, the
language, the path, the normalised query string and ``PAGE_CACHE_VARIANT`` (the release). It also
remembers the *versions* of the tags it was rendered with: ``page:<id>`` for every page it shows in
full, ``lists:<tree path>`` for the children it lists, groups such as ``news`` (every article shows the
newest related articles), ``listings`` (home page, feeds, sitemap), ``sidebar`` (the “Văn bản mới” box
on every page) and the global generation. Purging bumps a tag's version; a stored page
whose remembered versions differ from the current ones is a miss. A hit costs one cache round trip: for a
page this process served lately (kept in its memory), its tags' versions; otherwise the page and its
tags' versions in one ``get_many`` (the tag names are remembered per process from the previous hit).

See pagecache/signals.py for what bumps which tag, and pagecache/middleware.py for who is served.
"""

import gzip
import hashlib
import logging
import pickle  # nosec B403 (only to name its errors: the cache backend unpickles)
import time
from collections import OrderedDict
from urllib.parse import parse_qsl, urlencode

from django_redis.cache import RedisCache

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

try:
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover - redis is a dependency
    RedisError = OSError

logger = logging.getLogger(__name__)

GLOBAL_TAG = "global"
# What unpickling a value stored by different code may raise.
UNREADABLE = (pickle.UnpicklingError, AttributeError, ImportError, EOFError, TypeError, ValueError, KeyError)
ENTRY_PREFIX = "pagecache:v3:"  # "pagecache:page:" held pages with live parts
TAG_PREFIX = "pagecache:tag:"
# Query parameters that never change the markup (campaign tracking): dropped from the key.
IGNORED_PARAMETERS = frozenset(
    {"utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "fbclid", "gclid", "zarsrc"}
)
# Headers never replayed from the cache.
UNCACHED_HEADERS = frozenset({"set-cookie", "date", "x-page-cache", "age"})


def backend():
    return caches[settings.PAGE_CACHE_ALIAS]


def normalised_query(query_string):
    """The query string with its parameters sorted and tracking parameters dropped."""
    pairs = [
        (name, value)
        for name, value in parse_qsl(query_string, keep_blank_values=True)
        if name not in IGNORED_PARAMETERS
    ]
    return urlencode(sorted(pairs))


def entry_key(host, language, path, query_string):
    variant = getattr(settings, "PAGE_CACHE_VARIANT", "")
    raw = f"{variant}|{host}|{language}|{path}?{normalised_query(query_string)}"
    return ENTRY_PREFIX + hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()


def _tag_key(tag):
    return TAG_PREFIX + tag


def _new_version():
    return time.time_ns()


def current_versions(tags):
    """The current version of each tag, creating the missing ones."""
    cache = backend()
    keys = {_tag_key(tag): tag for tag in tags}
    # A copy: what the cache returns is never changed here (home/redis_cache.py says why).
    found = dict(cache.get_many(list(keys)))
    for key in keys:
        if key not in found:
            version = _new_version()
            # add(): two processes creating the same tag at once agree on one version.
            found[key] = version if cache.add(key, version, None) else cache.get(key, version)
    return {tag: found[key] for key, tag in keys.items()}


def bump(*tags):
    """Purge every stored page rendered with any of these tags: now, and again when the transaction that
    made the change commits (a request that read the new versions before the commit may have rendered,
    and remembered, what the database held before it)."""
    keys = [_tag_key(tag) for tag in set(tags)]

    def set_new_versions():
        from home import memo

        backend().set_many({key: _new_version() for key in keys}, None)
        memo.forget_request_versions()  # this request, too, sees the change from now on

    set_new_versions()
    transaction.on_commit(set_new_versions)
    from pagecache import front  # front imports this module

    front.purge_tags(tags)  # the front cache's copies of the same pages, once committed


def bump_all():
    """Purge every stored page (site settings, menus, links: what every page shows)."""
    bump(GLOBAL_TAG)


# The tag names each address was last stored with, per process: a hit then costs one round trip (the
# page and its tags' versions in one get_many) instead of two. Only a hint: the stored page's own list of
# tags decides, and a missing version is fetched.
_tag_hints = {}
_MAX_HINTS = 10_000


def _remember_hints(key, entry):
    if len(_tag_hints) >= _MAX_HINTS:
        _tag_hints.clear()
    _tag_hints[key] = tuple(entry["tags"])


# The pages this process served or stored last, with the versions they were rendered with: a hit on one
# of them reads only its tags' current versions (a few numbers) instead of the stored page (tens of KB,
# unpickled on every hit). The versions decide, as for a page read from the cache, so a purge anywhere
# reaches every process at its next hit; only pages that also live in the cache are kept, for no longer
# than they do there. PAGE_CACHE_LOCAL_ENTRIES bounds how many (0: none), least recently served first out.
_local = OrderedDict()
_full_keys = {}


def forget_local():
    """Drop what this process remembers of stored pages (tests, after clearing the cache)."""
    _local.clear()
    _full_keys.clear()


def _remember_local(key, entry):
    limit = settings.PAGE_CACHE_LOCAL_ENTRIES
    if limit <= 0:
        return
    _local[key] = entry
    _local.move_to_end(key)
    while len(_local) > limit:
        _local.popitem(last=False)


def _tag_versions(tags):
    """[current version of each tag] (None where a tag has none), in one round trip, or None when the
    cache could not be asked."""
    cache = backend()
    keys = [_tag_key(tag) for tag in tags]
    if not isinstance(cache, RedisCache):
        found = cache.get_many(keys)
        return [found.get(key) for key in keys]
    # django-redis stores integers as their digits: one MGET of the full keys, no unpickling.
    full = []
    for key in keys:
        name = _full_keys.get(key)
        if name is None:
            if len(_full_keys) >= _MAX_HINTS:
                _full_keys.clear()
            name = _full_keys[key] = str(cache.make_key(key))
        full.append(name)
    try:
        values = cache.client.get_client(write=False).mget(full)
    except (RedisError, OSError):
        return None
    return [int(value) if value is not None else None for value in values]


def _local_hit(key):
    entry = _local.get(key)
    if entry is None:
        return None
    if entry["stored_at"] + settings.PAGE_CACHE_SECONDS <= time.time():
        del _local[key]
        return None
    tags = entry["tags"]
    versions = _tag_versions(tags)
    if versions is None or versions != list(tags.values()):
        del _local[key]  # purged (or the cache is away): the stored copy decides, as without it
        return None
    _local.move_to_end(key)
    return entry


def lookup(key):
    """The stored page under ``key`` if it is still current, else None."""
    entry = _local_hit(key)
    if entry is not None:
        return entry
    cache = backend()
    hint = _tag_hints.get(key, ())
    try:
        found = cache.get_many([key, *(_tag_key(tag) for tag in hint)])
    except UNREADABLE as error:  # stored by another release in a shape this one cannot read: a miss
        logger.warning("Page cache: an unreadable stored page is rendered again (%r)", error)
        return None
    entry = found.get(key)
    if not entry:
        return None
    remembered = entry["tags"]
    missing = [_tag_key(tag) for tag in remembered if _tag_key(tag) not in found]
    if missing:
        found = {**found, **cache.get_many(missing)}
        _remember_hints(key, entry)
    for tag, version in remembered.items():
        if found.get(_tag_key(tag)) != version:
            return None
    _remember_local(key, entry)
    return entry


def store(key, response, versions):
    """Remember ``response`` (a rendered 200) under ``key`` with the tag ``versions`` read *before* it
    was rendered: a purge that happens while the page renders leaves the stored copy already stale."""
    body = response.content
    compressible = len(body) > 512 and not response.has_header("Content-Encoding")
    entry = {
        "tags": versions,
        "status": response.status_code,
        "headers": [
            (name, value) for name, value in response.items() if name.lower() not in UNCACHED_HEADERS
        ],
        "body": body,
        # Compressed once here, not on every hit (readers on slow phone connections get ~1/5 of the bytes).
        "gzip": gzip.compress(body, 6, mtime=0) if compressible else None,
        "etag": etag_for(body),
        "stored_at": int(time.time()),
    }
    backend().set(key, entry, settings.PAGE_CACHE_SECONDS)
    _remember_hints(key, entry)
    _remember_local(key, entry)
    return entry


def etag_for(body):
    return '"' + hashlib.md5(body, usedforsecurity=False).hexdigest() + '"'
