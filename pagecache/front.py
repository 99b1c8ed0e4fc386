"""The front cache (nginx ``proxy_cache``, deploy/nginx/): which responses it may keep, and purging it.

- ``FrontCacheHeadersMiddleware`` gives every response its caching headers, which are all the front
  cache goes by: a response readers may share gets ``public, s-maxage`` (FRONT_CACHE_SECONDS), anything
  personal (a session, a CSRF token, a preview, a restricted page, a write, a query nobody read) gets
  ``private``. A shared response is recorded under its page-cache tags (pagecache/tags.py): one Redis
  set of addresses per tag.
- ``purge_tags`` (on ``pagecache.cache.tags_bumped``, sent by every signal that purges the page cache) takes
  the addresses recorded under the tags a change bumps and hands them to wagtail.contrib.frontend_cache;
  ``NginxBackend`` queues them for a thread that sends the PURGE requests, retried while nginx is away,
  so a publish never waits for nginx nor fails with it. Each batch is sent again a moment later, and a
  render that began before the change it would hide is never shared, so no stale copy outlives a purge.
"""

import atexit
import http.client
import logging
import os
import queue
import threading
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.text import compress_string

from wagtail.contrib.frontend_cache.backends.base import BaseBackend

from home.redis_cache import run_script
from pagecache import cache
from pagecache.middleware import ReadTrackingQueryDict, searched
from pagecache.tags import VIEW_TAGS, keeps_searches, tags_for_page

logger = logging.getLogger(__name__)

ADDRESS_PREFIX = "front:tag:"
# Parameters that make a response personal (as for the page cache); a search's results (``q``) are shared
# only from a page that keeps them (pagecache.tags.keeps_searches).
PERSONAL_PARAMETERS = ("rated",)
MAX_QUERY_STRING = 300
_PERSONAL_DIRECTIVES = ("private", "no-store", "no-cache")


# Headers -------------------------------------------------------------------------------------------


def _cookie_names():
    return (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "messages")


def _directives(response):
    return [part.strip().lower() for part in response.get("Cache-Control", "").split(",") if part.strip()]


def _varies_on_cookie(response):
    return any(part.strip().lower() == "cookie" for part in response.get("Vary", "").split(","))


def _unread_parameters(request):
    """A query string with a parameter the view never read (``?zz=1``): sharing it would let anyone fill
    the front cache with copies of one page (issue 19)."""
    query = request.GET
    read = getattr(query, "read", None)
    if read is None:  # not tracked: only the tracking parameters may be left unread
        read = ()
    return any(name not in read and name not in cache.IGNORED_PARAMETERS for name in query)


def shareable(request, response):
    """Whether readers may share ``response`` through the front cache."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
        return False
    if response.cookies:
        return False
    if any(directive in _PERSONAL_DIRECTIVES for directive in _directives(response)):
        return False
    if getattr(request, "is_preview", False):
        return False
    if any(name in request.COOKIES for name in _cookie_names()):
        return False
    if request.path_info.startswith(settings.PAGE_CACHE_EXCLUDED_PREFIXES):
        return False
    query = request.META.get("QUERY_STRING", "")
    if query:
        if len(query) > MAX_QUERY_STRING or _unread_parameters(request):
            return False
        if any(request.GET.get(name, "").strip() for name in PERSONAL_PARAMETERS):
            return False
    page = getattr(request, "_pagecache_page", None)
    if searched(request) and not keeps_searches(page):
        return False
    return not (page is not None and getattr(request, "_pagecache_restricted", False))


def _make_private(response):
    directives = [d for d in _directives(response) if not d.startswith(("public", "s-maxage", "stale-while"))]
    if "private" not in directives:
        directives.insert(0, "private")
    if not any(d.startswith("max-age") for d in directives) and "no-store" not in directives:
        directives.append("no-cache")
    response["Cache-Control"] = ", ".join(directives)


def _make_shared(response, seconds):
    """Public for ``seconds`` in the front cache, revalidated by browsers on every load. ``Vary: Cookie``
    (the session was looked at, to find no one) is dropped: the request carried no personal cookie and
    the response sets none, so it is the page every such reader gets, and readers with a session never
    get it from the front cache (its nginx rules bypass them)."""
    if _varies_on_cookie(response):
        kept = [v.strip() for v in response["Vary"].split(",") if v.strip().lower() != "cookie"]
        if kept:
            response["Vary"] = ", ".join(kept)
        else:
            del response["Vary"]
    directives = [d for d in _directives(response) if not d.startswith(("s-maxage", "max-age"))]
    response["Cache-Control"] = ", ".join(directives) if directives else ""
    if not directives:
        del response["Cache-Control"]
    patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)


def _compress(request, response):
    """Gzip a shared page for a reader that accepts it (nginx always does: deploy/nginx/), so that the
    front cache keeps one compressed copy per address and sends it as it is."""
    if "gzip" not in request.META.get("HTTP_ACCEPT_ENCODING", "") or response.has_header("Content-Encoding"):
        return
    patch_vary_headers(response, ("Accept-Encoding",))
    if len(response.content) < 200:
        return
    response.content = compress_string(response.content)
    response["Content-Encoding"] = "gzip"
    response["Content-Length"] = str(len(response.content))
    if response.has_header("ETag"):
        response["ETag"] = response["ETag"].rstrip('"') + '-gzip"'


def address(request):
    """The address as the front cache keys it (the request line as the reader sent it, nginx's
    ``$request_uri``), with the host."""
    raw = request.META.get("RAW_URI", "")
    if not raw.startswith("/"):
        raw = request.get_full_path()
    return f"{request.scheme}://{request.get_host()}{raw}"


def _candidate(request):
    """Whether the response to ``request`` may turn out shareable (the request side of ``shareable``)."""
    return (
        request.method in ("GET", "HEAD")
        and not any(name in request.COOKIES for name in _cookie_names())
        and not request.path_info.startswith(settings.PAGE_CACHE_EXCLUDED_PREFIXES)
    )


def remember_versions(request, page):
    """Before a page renders: the versions of the tags it depends on (pagecache/wagtail_hooks.py)."""
    versions = getattr(request, "_front_versions", None)
    if versions is not None:
        versions.update(cache.versions_of(tags_for_page(page) - set(versions)))


class FrontCacheHeadersMiddleware:
    """Caching headers for a front cache on every response (see the module's docstring). Placed below the
    beacon's lane and above sessions and CSRF, so it sees the cookies and ``Vary`` they add."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.FRONT_CACHE_SECONDS
        if seconds and _candidate(request):
            # Read before rendering, as the page cache does (pagecache.cache.store says why).
            request._front_versions = cache.versions_of(VIEW_TAGS)
            request._front_changes = cache.versions_of((cache.CHANGES_TAG,))  # one read with the above
        if request.META.get("QUERY_STRING") and not isinstance(request.GET, ReadTrackingQueryDict):
            request.GET = ReadTrackingQueryDict(request.META["QUERY_STRING"], encoding=request.encoding)
        response = self.get_response(request)
        if shareable(request, response):
            if not seconds:
                return response  # no front cache: as the views and the page cache said
            if register(address(request), self._versions(request), request._front_changes):
                _make_shared(response, cache.lifetime(seconds))
                _compress(request, response)
                return response
        elif not seconds and getattr(request, "_pagecache_page", None) is None:
            return response  # no front cache: only pages shown to someone in particular are marked
        _make_private(response)
        return response

    @staticmethod
    def _versions(request):
        versions = request._front_versions
        if getattr(request, "_pagecache_page", None) is None:
            return versions
        # A page depends on its own tags only (a purge of the listings does not purge an article).
        tags = tags_for_page(request._pagecache_page)
        return {tag: version for tag, version in versions.items() if tag in tags}


# Addresses per tag ---------------------------------------------------------------------------------


def _key(tag):
    return cache.backend().make_key(ADDRESS_PREFIX + tag)


def _redis():
    try:
        from django_redis.cache import RedisCache
    except ImportError:  # pragma: no cover - a dependency
        return None
    backend = cache.backend()
    return backend.client.get_client(write=True) if isinstance(backend, RedisCache) else None


def _lifetime():
    # Longer than nginx keeps an unused copy (inactive= in deploy/nginx/cong.conf) plus one lifetime.
    return settings.FRONT_CACHE_INACTIVE_SECONDS + settings.FRONT_CACHE_SECONDS


# KEYS: the address sets of the tags recorded, then the version keys checked. ARGV: the address, the
# sets' lifetime, how many sets. Returns the checked versions (MGET).
REGISTER_SCRIPT = """
local sets = tonumber(ARGV[3])
for i = 1, sets do
  redis.call('SADD', KEYS[i], ARGV[1])
  redis.call('EXPIRE', KEYS[i], ARGV[2])
end
local checked = {}
for i = sets + 1, #KEYS do checked[#checked + 1] = KEYS[i] end
return redis.call('MGET', unpack(checked))
"""


def register(url, versions, unchanged=None):
    """Record ``url`` under the tags of ``versions`` (their versions read before the render); False when
    one of them, or of ``unchanged`` (checked, not recorded: pagecache.cache.CHANGES_TAG), was purged
    since (the render may show what the purge replaced: it is not shared, the next reader gets a fresh
    one)."""
    unchanged = unchanged or {}
    checked = sorted({*versions, *unchanged})
    tags = sorted(versions)
    try:
        client = _redis()
        if client is not None:
            backend = cache.backend()
            keys = [backend.make_key(ADDRESS_PREFIX + tag) for tag in tags]
            keys += [backend.make_key(cache.TAG_PREFIX + tag) for tag in checked]
            found = run_script(client, REGISTER_SCRIPT, keys, [url, _lifetime(), len(tags)])
            current = [int(v) if v is not None else None for v in found]
        else:
            backend = cache.backend()
            for tag in tags:
                key = ADDRESS_PREFIX + tag
                backend.set(key, (backend.get(key) or set()) | {url}, _lifetime())
            found = backend.get_many([cache.TAG_PREFIX + tag for tag in checked])
            current = [found.get(cache.TAG_PREFIX + tag) for tag in checked]
    except Exception as error:  # no record, no sharing: the page is still served
        _warn("Front cache: could not record the addresses of shared pages (%s); sending them private", error)
        return False
    read = {**versions, **unchanged}
    return current == [read[tag] for tag in checked]


def take_addresses(tags):
    """The addresses recorded under ``tags``, forgotten (they are purged next)."""
    client = _redis()
    if client is not None:
        pipe = client.pipeline(transaction=True)
        for tag in tags:
            pipe.smembers(_key(tag))
        for tag in tags:
            pipe.delete(_key(tag))
        members = pipe.execute()[: len(tags)]
        return {m.decode() if isinstance(m, bytes) else m for found in members for m in found}
    backend = cache.backend()
    keys = [ADDRESS_PREFIX + tag for tag in tags]
    found = backend.get_many(keys)
    backend.delete_many(keys)
    return set().union(*found.values()) if found else set()


def purge_tags(tags):
    """Purge from the front cache every address recorded under ``tags``, once the change is committed;
    from the purge thread, so that neither Redis nor nginx holds the publish up."""
    if not settings.FRONTEND_CACHE_URL:
        return
    tags = sorted(set(tags))
    transaction.on_commit(lambda: _worker.submit(lambda: _purge_recorded(tags)))


def on_tags_bumped(sender, tags, **kwargs):
    """``pagecache.cache.tags_bumped``: the pages stored under ``tags`` changed."""
    purge_tags(tags)


def _purge_recorded(tags):
    try:
        urls = take_addresses(tags)
    except Exception as error:  # Redis away: the pages expire within FRONT_CACHE_SECONDS
        _warn("Front cache: could not read the addresses to purge (%s)", error)
        return
    if urls:
        from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

        purge_urls_from_cache(sorted(urls))


_last_warning = {"at": 0.0}


def _warn(message, *args):
    """A warning at most once a minute per process (Redis away must not log every request)."""
    if time.monotonic() - _last_warning["at"] >= 60:
        _last_warning["at"] = time.monotonic()
        logger.warning(message, *args)


# The backend ---------------------------------------------------------------------------------------


class NginxBackend(BaseBackend):
    """A wagtail.contrib.frontend_cache backend for nginx's cache purge module (``proxy_cache_purge`` on
    an internal listener, LOCATION): a PURGE of each address with its Host, as Wagtail's HTTPBackend
    sends, but from a queue and a thread of its own, over one kept-alive connection, retried for
    RETRY_SECONDS while nginx is unreachable, and sent again REPEAT_SECONDS later."""

    def __init__(self, params):
        super().__init__(params)
        location = urlsplit(params["LOCATION"])
        self.host, self.port = location.hostname, location.port or 80
        self.timeout = float(params.get("TIMEOUT", 2))
        self.retry_seconds = float(params.get("RETRY_SECONDS", 60))
        self.repeat_seconds = float(params.get("REPEAT_SECONDS", 0.6))

    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        _worker.submit(self._job(list(urls), repeat=True, first=time.monotonic()))

    def _job(self, urls, repeat, first):
        def job():
            failed = self.send(urls)
            if failed and time.monotonic() - first < self.retry_seconds:
                _worker.submit(self._job(failed, repeat, first), delay=0.5)
            elif failed:
                logger.error("Front cache: gave up purging %d addresses, nginx unreachable", len(failed))
            elif repeat and self.repeat_seconds:
                _worker.submit(self._job(urls, False, time.monotonic()), delay=self.repeat_seconds)

        return job

    def send(self, urls):
        """PURGE each address; returns the ones nginx could not be asked about (to retry)."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        failed = []
        try:
            for index, url in enumerate(urls):
                parts = urlsplit(url)
                target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
                try:
                    connection.request("PURGE", target, headers={"Host": parts.netloc})
                    response = connection.getresponse()
                    response.read()
                except (OSError, http.client.HTTPException) as error:
                    logger.warning("Front cache: PURGE %s failed (%s); retrying", url, error)
                    failed.extend(urls[index:])
                    break
                if response.status not in (200, 404):  # 404: it was not cached
                    logger.error("Front cache: PURGE %s answered %s", url, response.status)
        finally:
            connection.close()
        return failed


class _Worker:
    """One thread per process running the queued purge jobs (started with the first one)."""

    def __init__(self):
        self.pid = None
        self.lock = threading.Lock()
        self.queue = queue.Queue()
        self.pending = 0  # jobs queued, running or waiting for their time

    def submit(self, job, delay=0.0):
        with self.lock:
            if self.pid != os.getpid():  # the first purge of this process (gunicorn forks its workers)
                self.pid = os.getpid()
                self.queue = queue.Queue()
                self.pending = 0
                threading.Thread(target=self.run, name="front-cache-purge", daemon=True).start()
            self.pending += 1
        if delay > 0:
            timer = threading.Timer(delay, self.queue.put, (job,))
            timer.daemon = True
            timer.start()
        else:
            self.queue.put(job)

    def run(self):
        while True:
            job = self.queue.get()
            try:
                job()
            except Exception:
                logger.exception("Front cache: purge failed")
            finally:
                with self.lock:
                    self.pending -= 1

    def drain(self, timeout):
        """Wait until nothing is queued (tests, and the exit of short commands), up to ``timeout``."""
        deadline = time.monotonic() + timeout
        while self.pending and time.monotonic() < deadline:
            time.sleep(0.01)
        return not self.pending


_worker = _Worker()


def drain(timeout=5.0):
    return _worker.drain(timeout)


@atexit.register
def _drain_at_exit():
    # A command (publish_scheduled from cron) exits right after publishing: let its purges go first.
    if _worker.pending:
        _worker.drain(5.0)
