"""The page cache's WSGI lane: a stored page answered before Django's request handling.

``wsgi.py`` wraps Django's WSGI application in ``PageCacheLane``. A GET or HEAD that the page cache may
answer (pagecache.middleware's rules: no session or message cookie, not an excluded address, no query
that bypasses the cache, HTTPS where it is required, an allowed host) is looked up here; a hit is
finished as the middleware finishes one (validators, compression, a 304) and passes through
the same three middlewares that wrap the page cache's in the stack (request id, Django's security
headers, our security headers), called directly, so its headers are the same, byte for byte. Skipped
are Django's request handler (its signals, the middleware chain) and WSGI's response conversion, which
cost a hit as much as the hit itself.

The first hit of each kind (a stored page, compressed or not, over HTTPS or not) goes through those
middlewares; the status and headers they gave are kept, and later plain loads of that kind (a GET that is
not a revalidation) get them again with their own ETag, Last-Modified, Content-Length and request id,
without building a response: the headers above the cache are the same for every load of a page (the
security headers have no nonce, the request id is the only one of its own). Revalidations and HEADs
always go through the middlewares.

Anything else, a miss included, goes to Django unchanged. A miss found here is marked in the environ
(``pagecache.missed``), so that the middleware renders without asking the cache again.
"""

import logging

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.middleware.security import SecurityMiddleware
from django.utils.http import http_date
from django.utils.translation import get_language_from_path

from pagecache import cache
from pagecache.middleware import MISSED, PageCacheMiddleware, _bypass_request, payload
from security.headers import SecurityHeadersMiddleware
from security.observability import REQUEST_ID_HEADER, RequestIdMiddleware, bound_request_id

logger = logging.getLogger(__name__)

_MAX_PREPARED = 2_000


class PageCacheLane:
    def __init__(self, application):
        self.application = application
        self._chain = None
        self._prepared = {}
        self._date = (None, "")

    def _wrapped(self):
        """The middlewares above the page cache, around a function that answers the prepared hit."""
        if self._chain is None:
            page_cache = PageCacheMiddleware(lambda request: None)

            def hit(request):
                return page_cache._replay(request, request._lane_entry, request._lane_language)

            self._chain = RequestIdMiddleware(SecurityMiddleware(SecurityHeadersMiddleware(hit)))
        return self._chain

    def __call__(self, environ, start_response):
        if settings.PAGE_CACHE_ENABLED and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            try:
                answer = self._hit(environ)
            except Exception:  # the lane never fails a request: Django answers it, as without the lane
                logger.exception("Page cache lane: answering through Django instead")
                environ.pop(MISSED, None)
                answer = None
            if answer is not None:
                status, headers, body = answer
                start_response(status, headers)
                return [body]
        return self.application(environ, start_response)

    def _hit(self, environ):
        request = WSGIRequest(environ)
        if _bypass_request(request):
            return None
        secure = request.is_secure()
        if settings.SECURE_SSL_REDIRECT and not secure:
            return None  # Django's SecurityMiddleware redirects to HTTPS
        try:
            host = request.get_host()
        except DisallowedHost:
            return None  # Django answers the 400
        language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        key = cache.entry_key(host, language, request.path_info, request.META.get("QUERY_STRING", ""))
        entry = cache.lookup(key)
        if entry is None:
            environ[MISSED] = key
            return None
        # A plain load (a GET that is not a revalidation) of a kind answered before gets the headers that
        # answer had, with this load's validators, length and request id; anything else, and the first
        # of each kind, goes through the middlewares.
        meta = request.META
        revalidation = "HTTP_IF_NONE_MATCH" in meta or "HTTP_IF_MODIFIED_SINCE" in meta
        plain = request.method == "GET" and not revalidation
        gzip = "gzip" in meta.get("HTTP_ACCEPT_ENCODING", "")
        kind = (key, entry["etag"], entry["stored_at"], gzip, secure)
        prepared = self._prepared.get(kind) if plain else None
        if prepared is not None:
            return self._answer(request, entry, language, prepared)
        request._lane_entry, request._lane_language = entry, language
        response = self._wrapped()(request)
        headers = list(response.items())
        status = f"{response.status_code} {response.reason_phrase}"
        if plain and response.status_code == 200:
            if len(self._prepared) >= _MAX_PREPARED:
                self._prepared.clear()
            self._prepared[kind] = (status, headers)
        return status, headers, response.content

    def _answer(self, request, entry, language, prepared):
        """A plain load answered with the headers of the first one of its kind (the same stored page, the
        same encoding, HTTPS or not: the middlewares above the cache gave it its headers), but for the four
        that change from one load to the next."""
        status, headers = prepared
        request.LANGUAGE_CODE = language  # what a fill says follows the address's language, as for the key
        with bound_request_id(request) as request_id:
            body, etag, last_modified, _compressed, _varies = payload(request, entry)
        when, date = self._date
        if when != last_modified:
            date = http_date(last_modified)
            self._date = (last_modified, date)
        per_load = {
            "ETag": etag,
            "Last-Modified": date,
            "Content-Length": str(len(body)),
            REQUEST_ID_HEADER: request_id,
        }
        return status, [(name, per_load.get(name, value)) for name, value in headers], body
