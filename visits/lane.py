"""The beacon's WSGI lane: ``POST /api/stats/hit`` answered before Django's request handling.

Every page view sends one beacon, and with a front cache the beacon is the only request of a view that
reaches the portal, so its cost is the portal's cost per reader. ``wsgi.py`` wraps Django's WSGI
application in ``BeaconLane``: a POST to the beacon's address goes through the middlewares that wrap
every response (request id, the database-outage page, Django's and our security headers), called
directly, around ``BeaconMiddleware.beacon``, which gives the answer the whole stack gives
(tests/visits/test_fast_lane.py compares them header by header). Skipped are Django's request handler
(its signals, the middleware chain below) and the URL resolver. The database is touched only when Redis
is away, or to log the search of a page that showed one (search.querylog); its connection is then
handled as at the end of any request.
"""

from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIRequest
from django.db import close_old_connections, connections
from django.middleware.security import SecurityMiddleware
from django.urls import reverse

from operations.faults import DatabaseUnavailableMiddleware
from security.headers import SecurityHeadersMiddleware
from security.observability import RequestIdMiddleware
from visits.middleware import BeaconMiddleware


class BeaconLane:
    def __init__(self, application):
        self.application = application
        self.path = None
        self.chain = None

    def _prepare(self):
        if self.chain is None:
            beacon = BeaconMiddleware(lambda request: None).beacon
            layers = (SecurityHeadersMiddleware, SecurityMiddleware, DatabaseUnavailableMiddleware)
            handler = convert_exception_to_response(beacon)
            for layer in layers:
                handler = convert_exception_to_response(layer(handler))
            self.chain = RequestIdMiddleware(handler)
            self.path = reverse("visits_hit")

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") != "POST" or environ.get("SCRIPT_NAME"):
            return self.application(environ, start_response)  # under a script prefix: through Django
        self._prepare()
        if environ.get("PATH_INFO") != self.path:
            return self.application(environ, start_response)
        request = WSGIRequest(environ)
        try:
            response = self.chain(request)
        finally:
            if any(c.connection is not None for c in connections.all(initialized_only=True)):
                close_old_connections()  # what request_finished does: only after the Redis fallback
        cookies = (("Set-Cookie", cookie.output(header="")) for cookie in response.cookies.values())
        headers = [*response.items(), *cookies]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        return [response.content]
