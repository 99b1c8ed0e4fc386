"""The beacon's fast lane: ``POST /api/stats/hit`` answered near the top of the middleware stack.

Every page view sends one beacon, so it must cost less than the page itself. It needs none of what the
middleware below it does for other requests: no session, no CSRF token (it is exempt and checks the
origin instead), no user, no messages, no URL routing. This middleware sits after the request id, the
outage handling and the security headers (which still wrap it, as they wrap every response) and calls the
beacon view directly, through the three middlewares whose effects its answer shows: the language
(LocaleMiddleware: the messages are in the site's default language, as for any address outside
``i18n_patterns``), CommonMiddleware (ALLOWED_HOSTS, Content-Length) and X-Frame-Options. What the view
does is unchanged (``visits.views.hit``): same checks, same answers, one round trip to Redis.
"""

from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.common import CommonMiddleware
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse

from visits import views


class BeaconMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # In the order MIDDLEWARE has them.
        self.beacon = LocaleMiddleware(CommonMiddleware(XFrameOptionsMiddleware(views.hit)))
        self.path = None

    def __call__(self, request):
        if request.method == "POST":
            if self.path is None:
                self.path = reverse("visits_hit")  # the URLconf is loaded by the first request at the latest
            if request.path == self.path:
                return self.beacon(request)
        return self.get_response(request)
