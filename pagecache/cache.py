"""The anonymous full-page HTML cache: what is stored, under which key, and how it is purged.

A stored page is a dict (status, headers, body, ETag, Last-Modified) under a key made of the host, the
language, the path, the normalised query string and ``PAGE_CACHE_VARIANT`` (the
release). It also remembers the *versions* of the tags it was rendered with: ``page:<id>`` for every
page it shows in full, ``lists:<tree path>`` for the children it lists, groups such as ``news`` (every
article shows the newest related articles), ``listings`` (home page, feeds, sitemap), ``sidebar`` (the
“Văn bản mới” box on every page) and the global generation. Purging bumps a tag's version; a stored page
whose remembered versions differ from the current ones is a miss. A hit costs one cache round trip: the
page and its tags' versions in one ``get_many`` (the tag names are remembered per process from the
previous hit of the address).

See pagecache/signals.py for what bumps which tag, and pagecache/middleware.py for who is served.
"""

import contextvars
import datetime
import gzip
import hashlib
import logging
import math
import pickle  # nosec B403 (only to name its errors: the cache backend unpickles)
import time
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from home import redis_cache
from home.redis_cache import RedisCache

logger = logging.getLogger(__name__)

GLOBAL_TAG = "global"
# Sent with ``tags`` whenever tags are bumped: the front cache (pagecache/front.py) purges their addresses.
tags_bumped = Signal()
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


def current_versions(tags, fragments=()):
    """The current version of each tag, creating the missing ones; ``fragments``: template fragment keys
    read in the same round trip for the request's templates (home/redis_cache.py, read-ahead)."""
    cache = backend()
    keys = {_tag_key(tag): tag for tag in tags}
    fragments = [key for key in fragments if key not in keys] if isinstance(cache, RedisCache) else []
    # A copy: what the cache returns is never changed here (home/redis_cache.py says why).
    found = dict(cache.get_many([*keys, *fragments]))
    if fragments:
        redis_cache.read_ahead(fragments, found)
    for key in keys:
        if key not in found:
            version = _new_version()
            # add(): two processes creating the same tag at once agree on one version.
            found[key] = version if cache.add(key, version, None) else cache.get(key, version)
    return {tag: found[key] for key, tag in keys.items()}


# The tags whose versions a request reads together, once, the first time it needs one: the front cache's
# and the page cache's (pagecache/tags.py VIEW_TAGS), the fragments' (``{% fragment_version %}``), the
# register's version and home/memo.py's generation vary on them.
READ_TAGS = (GLOBAL_TAG, "listings", "sidebar", "news", "register", "changes")
# Bumped with every purge and never a page's tag. Routing reads a page before the serve hook reads its
# tags' versions, so a publish that falls in between leaves a render of the old page with the new
# versions: a render that saw this counter move is neither stored nor shared (``changed_since``).
CHANGES_TAG = "changes"
_request_versions = contextvars.ContextVar("pagecache_request_versions", default=None)
_in_request = contextvars.ContextVar("pagecache_in_request", default=False)
# What the last render of each address (host, path, query) read beyond READ_TAGS, per process: its page's
# tags and the template fragments it asked for. The request's first read of versions, before routing,
# takes them in the same round trip. Only a hint: what a render asks for beyond it is read as before.
_render_hints = {}
_MAX_RENDER_HINTS = 10_000
_address = contextvars.ContextVar("pagecache_address", default=None)


def _request_started(environ=None, **kwargs):
    _in_request.set(True)
    _request_versions.set(None)
    address = None
    if environ is not None and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
        address = tuple(environ.get(name, "") for name in ("HTTP_HOST", "PATH_INFO", "QUERY_STRING"))
    _address.set(address)
    redis_cache.start_request()


def _request_finished(**kwargs):
    fragments = redis_cache.end_request()
    address, versions = _address.get(), _request_versions.get()
    if address is not None and versions is not None:
        tags = tuple(tag for tag in versions if tag not in READ_TAGS)
        if tags or fragments:
            if len(_render_hints) >= _MAX_RENDER_HINTS:
                _render_hints.clear()
            _render_hints[address] = (tags, tuple(dict.fromkeys(fragments)))
    _in_request.set(False)
    _request_versions.set(None)
    _address.set(None)


request_started.connect(_request_started, dispatch_uid="pagecache-request-started")
request_finished.connect(_request_finished, dispatch_uid="pagecache-request-finished")


def tag_versions(*tags):
    """{tag: version} of READ_TAGS and ``tags``: each read once per request, those missing in one cache
    round trip (the served page's own tags are added by pagecache/wagtail_hooks.py before it renders);
    every time outside a request."""
    value = _request_versions.get()
    missing = [tag for tag in tags if value is None or tag not in value]
    fragments = ()
    if value is None:
        missing = [*READ_TAGS, *missing]
        if _in_request.get() and (hint := _render_hints.get(_address.get())):
            missing += [tag for tag in hint[0] if tag not in missing]
            fragments = hint[1]
    if missing:
        value = {**(value or {}), **current_versions(missing, fragments)}
        if _in_request.get():
            _request_versions.set(value)
    return value


def versions_of(tags):
    """{tag: version} of ``tags`` only, as ``tag_versions`` reads them."""
    versions = tag_versions(*tags)
    return {tag: versions[tag] for tag in tags}


def forget_request_versions():
    """The versions read by this request are stale (it has just changed something): read them again."""
    _request_versions.set(None)


def fragment_version(*tags):
    """A string that changes whenever the global tag or any of ``tags`` is bumped: the ``vary_on`` of a
    ``{% wagtailcache %}`` fragment that shows what they cover."""
    versions = tag_versions(*tags)
    return "-".join(str(versions[tag]) for tag in (GLOBAL_TAG, *tags))


def bump(*tags):
    """Purge every stored page rendered with any of these tags: now, and again when the transaction that
    made the change commits (a request that read the new versions before the commit may have rendered,
    and remembered, what the database held before it)."""
    keys = [_tag_key(tag) for tag in {*tags, CHANGES_TAG}]

    def set_new_versions():
        backend().set_many({key: _new_version() for key in keys}, None)
        forget_request_versions()  # this request, too, sees the change from now on

    set_new_versions()
    transaction.on_commit(set_new_versions)
    tags_bumped.send(sender=None, tags=tags)  # the front cache purges its copies (pagecache/front.py)


def changed_since(version):
    """Whether anything was purged since CHANGES_TAG had ``version`` (read before routing)."""
    return backend().get(_tag_key(CHANGES_TAG)) != version


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


def forget_local():
    """Drop what this process remembers of stored pages' tags and of renders (tests, after clearing the
    cache)."""
    _tag_hints.clear()
    _render_hints.clear()


def lookup(key):
    """The stored page under ``key`` if it is still current, else None."""
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
    backend().set(key, entry, lifetime(settings.PAGE_CACHE_SECONDS))
    _remember_hints(key, entry)
    return entry


def lifetime(seconds):
    """``seconds``, but never past the next midnight in TIME_ZONE (Asia/Ho_Chi_Minh): pages show what
    depends on the day (a legal document's validity, which a cached register search would otherwise
    keep from yesterday; "Văn bản mới"; dates said as "hôm nay"), so no stored copy outlives its day."""
    now = timezone.localtime()
    midnight = (now + datetime.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(1, min(seconds, math.ceil((midnight - now).total_seconds())))


def etag_for(body):
    return '"' + hashlib.md5(body, usedforsecurity=False).hexdigest() + '"'
