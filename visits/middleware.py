"""The beacon's fast lane: ``POST /api/stats/hit`` answered near the top of the middleware stack.

Every page view sends one beacon, so it must cost less than the page itself. It needs none of what the
middleware below it does for other requests: no session, no CSRF token (it is exempt and checks the
origin instead), no user, no messages, no URL routing. This middleware sits after the request id, the
outage handling and the security headers (which still wrap it, as they wrap every response) and calls the
beacon view directly. What the view does is unchanged (``visits.views.hit``: same checks, same answers,
one round trip to Redis).

Of the middleware it skips, three leave a mark on the beacon's answer, and this one does the same for
this one address (tests/visits/test_fast_lane.py compares both ways, header by header):

- CommonMiddleware: the Host must be in ALLOWED_HOSTS (else a 400), and a Content-Length;
- LocaleMiddleware: the address is outside ``i18n_patterns`` (whose default language has no prefix), so
  the messages are in the default language (Vietnamese), with ``Content-Language`` and
  ``Vary: Accept-Language``;
- XFrameOptionsMiddleware: ``X-Frame-Options``.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from visits import views


class BeaconMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.path = None

    def __call__(self, request):
        if request.method == "POST":
            if self.path is None:
                self.path = reverse("visits_hit")  # the URLconf is loaded by the first request at the latest
            if request.path == self.path:
                return self.beacon(request)
        return self.get_response(request)

    def beacon(self, request):
        request.get_host()  # DisallowedHost (a 400) for a Host that is not allowed
        translation.activate(settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
        response = views.answer_beacon(request)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        response.headers.setdefault("Content-Length", str(len(response.content)))
        response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS.upper())
        return response
