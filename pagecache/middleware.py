"""Serves anonymous readers from the page cache, and stores what may be stored.

Placed in the fast lane right below the request id, the outage handling and the security headers
(settings/base.py): a hit is answered before WhiteNoise, sessions, CSRF, authentication and URL routing
run, and still passes back through the middleware above it, so it carries the same security headers
(CSP, HSTS, nosniff, Referrer-Policy, its own X-Request-ID) as a freshly rendered page; HTTP is
redirected to HTTPS before the cache is asked. Who is never served from nor stored in the cache:

- anyone with a session cookie (logged-in editors, readers who passed a page password) or a pending
  message; requests other than GET/HEAD;
- the admin (and so previews), the APIs, document files;
- the rating confirmation (``rated``), over-long query strings;
- a search with a query (``q``) is looked up, but stored only from a page that keeps its searches
  (``page_cache_keeps_searches``: the legal documents register, whose tags cover its results);
- a response to a query string with a parameter the page never read (``?zz1=1``): storing it would let
  anyone fill the cache with copies of one page (issue 19), so it is rendered and not kept;
- on the way out, any response that is not a 200 from a Wagtail page or a listed view (sitemap, RSS,
  search form), that sets a cookie, says private/no-store, or shows a page with view restrictions.

Stored pages get ``Cache-Control: public, max-age=0, must-revalidate`` (browsers revalidate; with an
upstream cache configured, ``s-maxage`` lets it keep them and frontend_cache purges it), an ETag and a
Last-Modified, and conditional GETs get a 304. Pages are gzipped once when stored and sent compressed to
readers whose browser accepts it. ``X-Page-Cache`` says hit, miss or bypass.

Page views are counted by the beacon each page sends (visits/), never here.
"""

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import get_bytes_from_wsgi
from django.http import HttpResponse, QueryDict
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language_from_path

from pagecache import cache
from pagecache.tags import VIEW_TAGS, keeps_searches

# View names (URL names) whose responses may be stored besides Wagtail pages.
CACHEABLE_VIEWS = frozenset({"sitemap", "rss", "search", "robots_txt"})
# Parameters that make a response personal: never cached.
BYPASS_PARAMETERS = ("rated",)
# The parameter of a search: its results are stored only by pages that keep them (tags.keeps_searches).
QUERY_PARAMETER = "q"
MAX_QUERY_STRING = 300
# Set in the environ by the WSGI lane (pagecache/lane.py) when it looked an address up and found nothing.
MISSED = "pagecache.missed"


class ReadTrackingQueryDict(QueryDict):
    """``request.GET`` that remembers which parameters the view and templates read by name (``get``,
    ``getlist``, ``[name]``, ``in``); iterating over all of them, or copying them into links, is not
    reading one."""

    def __init__(self, *args, **kwargs):
        self.read = set()
        super().__init__(*args, **kwargs)
        self.read = set()  # filling the dict is not reading it

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def _getlist(self, key, *args, **kwargs):
        self.read.add(key)
        return super()._getlist(key, *args, **kwargs)

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)

    def copy(self):
        return QueryDict(self.urlencode(), mutable=True, encoding=self.encoding)


def _track_reads(request):
    if request.META.get("QUERY_STRING"):
        request.GET = ReadTrackingQueryDict(
            get_bytes_from_wsgi(request.environ, "QUERY_STRING", ""), encoding=request.encoding
        )


def _unread_parameters(request):
    """Whether the query string has a parameter (other than the ignored tracking ones) nobody read."""
    query = request.GET
    if not isinstance(query, ReadTrackingQueryDict):
        return False
    return any(name not in query.read and name not in cache.IGNORED_PARAMETERS for name in query)


def searched(request):
    """Whether the request is a search with a query."""
    return bool(request.META.get("QUERY_STRING")) and bool(request.GET.get(QUERY_PARAMETER, "").strip())


def _bypass_request(request):
    if request.method not in ("GET", "HEAD"):
        return True
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return True
    path = request.path_info
    if path.startswith(settings.PAGE_CACHE_EXCLUDED_PREFIXES):
        return True
    query = request.META.get("QUERY_STRING", "")
    if query:
        if len(query) > MAX_QUERY_STRING:
            return True
        for name in BYPASS_PARAMETERS:
            if request.GET.get(name, "").strip():
                return True
    return False


def _storable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if _unread_parameters(request):
        return False
    if searched(request) and not keeps_searches(getattr(request, "_pagecache_page", None)):
        return False
    if getattr(request, "is_preview", False):
        return False
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control or "no-cache" in cache_control:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    if getattr(request, "_pagecache_versions", None) is not None:
        return not getattr(request, "_pagecache_restricted", False)
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name in CACHEABLE_VIEWS


def _accepts_gzip(request):
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")


def _page_view(request, status):
    """Whether a response is a page a reader gets: a 200 to a GET (not a HEAD, not an error page)."""
    return status == 200 and request.method == "GET"


def payload(request, entry):
    """What this load of a stored page sends: ``(body, ETag, Last-Modified as a time stamp, compressed?,
    varies on Accept-Encoding?)``."""
    etag = entry["etag"]
    last_modified = entry["stored_at"]
    if entry.get("gzip") is not None:
        if _accepts_gzip(request):
            return entry["gzip"], etag[:-1] + '-gzip"', last_modified, True, True
        return entry["body"], etag, last_modified, False, True
    return entry["body"], etag, last_modified, False, False


def _finish(request, response, entry, state):
    """Caching headers, the compressed body when the reader accepts it, and a 304 when the reader's copy
    is current."""
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    if settings.PAGE_CACHE_UPSTREAM_SECONDS:
        patch_cache_control(response, s_maxage=settings.PAGE_CACHE_UPSTREAM_SECONDS)
    body, etag, last_modified, compressed, varies = payload(request, entry)
    if varies:
        patch_vary_headers(response, ("Accept-Encoding",))
    response.content = body
    if compressed:
        response["Content-Encoding"] = "gzip"
    response["Content-Length"] = str(len(body))
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["X-Page-Cache"] = state
    if request.method == "HEAD":
        response.content = b""
    return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_ENABLED or _bypass_request(request):
            response = self.get_response(request)
            if settings.PAGE_CACHE_ENABLED and getattr(request, "_pagecache_page", None) is not None:
                # A page shown to an editor or a reader with a session: never kept by a shared cache.
                patch_cache_control(response, private=True, no_cache=True)
                response["X-Page-Cache"] = "bypass"
            return response

        try:
            host = request.get_host()
        except DisallowedHost:
            return self.get_response(request)
        language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        key = cache.entry_key(host, language, request.path_info, request.META.get("QUERY_STRING", ""))

        # Looked up already by the WSGI lane (pagecache/lane.py), which found nothing: render.
        entry = None if request.META.get(MISSED) == key else cache.lookup(key)
        if entry is not None:
            return self._replay(request, entry, language)

        # Versions before rendering (see cache.store); a Wagtail page adds its own in the serve hook.
        request._pagecache_base_versions = cache.versions_of(VIEW_TAGS)
        changes = cache.versions_of((cache.CHANGES_TAG,))[cache.CHANGES_TAG]  # read with them: no round trip
        _track_reads(request)
        response = self.get_response(request)
        if not _storable(request, response) or cache.changed_since(changes):
            if getattr(request, "_pagecache_page", None) is not None:
                response["X-Page-Cache"] = "bypass"
            return response
        versions = getattr(request, "_pagecache_versions", None) or request._pagecache_base_versions
        entry = cache.store(key, response, versions)
        return _finish(request, response, entry, "miss")

    def _replay(self, request, entry, language):
        response = HttpResponse(status=entry["status"])  # its body comes with the payload (_finish)
        for name, value in entry["headers"]:
            response[name] = value
        request.LANGUAGE_CODE = language  # LocaleMiddleware has not run for a hit: the address's language
        return _finish(request, response, entry, "hit")
