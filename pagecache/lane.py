"""The page cache's WSGI lane: a stored page answered before Django's request handling.

``wsgi.py`` wraps Django's WSGI application in ``PageCacheLane``. A GET or HEAD that the page cache may
answer (pagecache.middleware's rules: no session or message cookie, not an excluded address, no query
that bypasses the cache, HTTPS where it is required, an allowed host) is looked up here; a hit is
finished as the middleware finishes one (validators, compression, a 304) and passes through
the same three middlewares that wrap the page cache's in the stack (request id, Django's security
headers, our security headers), called directly, so its headers are the same, byte for byte. Skipped
are Django's request handler (its signals, the middleware chain) and WSGI's response conversion, which
cost a hit as much as the hit itself (docs/benchmarks.md).

Anything else, a miss included, goes to Django unchanged. A miss found here is marked in the environ
(``pagecache.missed``), so that the middleware renders without asking the cache again.
"""

import logging

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.middleware.security import SecurityMiddleware
from django.utils.translation import get_language_from_path

from pagecache import cache
from pagecache.middleware import MISSED, PageCacheMiddleware, _bypass_request
from security.headers import SecurityHeadersMiddleware
from security.observability import RequestIdMiddleware

logger = logging.getLogger(__name__)


class PageCacheLane:
    def __init__(self, application):
        self.application = application
        self._chain = None

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
        request._lane_entry, request._lane_language = entry, language
        response = self._wrapped()(request)
        return f"{response.status_code} {response.reason_phrase}", list(response.items()), response.content
