"""Public endpoints: the beacon each HTML page sends once it has loaded, its image fallback for readers
without JavaScript, the live numbers of the statistics box, and the note on what is counted.

Why a beacon and not a middleware: a middleware only sees the requests that reach Django, so a page
served from a cache (nginx, a CDN, Django's cache middleware) would not be counted, and it would have to
guess which responses are HTML pages a person reads. The beacon is sent by the page itself, after it
has loaded in a browser, whoever served the HTML; assets, feeds, prefetches and most bots (which do not
run scripts) never send it.
"""

import base64
import json
import logging

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST, require_safe

from visits.clients import is_bot, is_same_origin, reader_hash, referer_path
from visits.counter import count_beacon, current_stats
from visits.periods import local_now
from visits.signals import search_page_viewed

logger = logging.getLogger(__name__)

PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
MAX_PATH_LENGTH = 2000
MAX_BODY_BYTES = 4096
# What django.views.decorators.cache.never_cache writes (tests/visits/test_fast_lane.py compares them).
NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"


class BadHit(ValueError):
    pass


# The admin's address under each URLconf and script prefix (a reverse() per beacon is slow).
_admin_prefixes = {}


def _excluded_prefixes():
    """Paths whose loads are never page views: the admin (and its previews), assets, APIs, files."""
    key = (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    admin = _admin_prefixes.get(key)
    if admin is None:
        admin = _admin_prefixes[key] = reverse("wagtailadmin_home")
    return (admin, settings.STATIC_URL, settings.MEDIA_URL, "/api/", "/documents/")


def _parse(page_value, path):
    if not isinstance(path, str) or not path.startswith("/") or path.startswith("//"):
        raise BadHit(_("The page path is missing or not a path of this site."))
    if len(path) > MAX_PATH_LENGTH:
        raise BadHit(_("The page path is too long."))
    if page_value in (None, ""):
        return None, path
    if isinstance(page_value, bool):
        raise BadHit(_("The page id is not a number."))
    try:
        page_id = int(page_value)
    except (TypeError, ValueError):
        raise BadHit(_("The page id is not a number.")) from None
    if page_id <= 0:
        raise BadHit(_("The page id is not a number."))
    return page_id, path


def _count(request, page_value, path, search=None):
    """(HTTP status, JSON body, extra headers) for one beacon; ``search``: the token of the search the
    page showed, if any (search.querylog), logged with the view."""
    if not settings.VISITS_ENABLED:
        return 200, {"counted": False}, {}
    if not is_same_origin(request):
        return 403, {"error": _("Page views are only counted from this site's own pages.")}, {}
    try:
        page_id, path = _parse(page_value, path)
    except BadHit as error:
        return 400, {"error": str(error)}, {}
    now = timezone.now()
    reader = reader_hash(request, local_now(now).date())
    excluded = _excluded_prefixes()
    counted = not (
        is_bot(request) or path.startswith(excluded) or referer_path(request).startswith(excluded[0])
    )
    # One round trip to Redis (rate limit, count, figures) and no database query; see count_beacon.
    retry_after, stats = count_beacon(
        reader, page_id, count=counted, rate=settings.VISITS_RATE_LIMIT, now=now
    )
    if retry_after is not None:
        body = {"error": _("Too many page views from your connection."), "retry_after": retry_after}
        return 429, body, {"Retry-After": str(retry_after)}
    if counted and search and isinstance(search, str):
        for _receiver, error in search_page_viewed.send_robust(sender=None, token=search):
            if isinstance(error, Exception):
                logger.error("Visit beacon: the search was not logged (%r)", error)
    return 200, {"counted": counted, **stats}, {}


def _json(status, body, headers):
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    for name, value in headers.items():
        response[name] = value
    return response


def _beacon_json(status, body, headers):
    """The beacon's answer with the headers ``never_cache`` gives (``NEVER_CACHE``), set once rather than
    parsed and patched: every page view sends a beacon."""
    headers = {**headers, "Expires": http_date(), "Cache-Control": NEVER_CACHE}
    return HttpResponse(json.dumps(body, ensure_ascii=False), "application/json", status, headers=headers)


def answer_beacon(request):
    """``POST /api/stats/hit`` with ``{"page": <page id or null>, "path": "/...", "search": "<token>"}``
    (JSON or a form; ``search`` only from a page showing a search). The method is checked by the caller:
    ``hit`` below, or the beacon's lane (visits.middleware), which calls this without the decorators."""
    if len(request.body) > MAX_BODY_BYTES:
        return _beacon_json(400, {"error": _("The request is too large.")}, {})
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            return _beacon_json(400, {"error": _("The request is not valid JSON.")}, {})
        if not isinstance(data, dict):
            return _beacon_json(400, {"error": _("The request is not valid JSON.")}, {})
    else:
        data = request.POST
    return _beacon_json(*_count(request, data.get("page"), data.get("path"), data.get("search")))


# The route through the whole stack (the beacon's lane in visits.middleware calls ``answer_beacon``).
# CSRF-exempt: cached pages carry no token; the origin is checked instead.
hit = csrf_exempt(never_cache(require_POST(answer_beacon)))


@never_cache
@require_GET
def hit_pixel(request):
    """``GET /api/stats/hit.gif?page=…&path=…[&search=…]``: the same count, from the ``<noscript>`` image."""
    status, _body, headers = _count(
        request, request.GET.get("page"), request.GET.get("path"), request.GET.get("search")
    )
    response = HttpResponse(PIXEL, content_type="image/gif", status=status)
    for name, value in headers.items():
        response[name] = value
    return response


@never_cache
@require_safe
def visit_stats(request):
    """``GET /api/stats/visits/``: the live numbers of the "Thống kê truy cập" box."""
    return _json(200, current_stats(), {})


@require_safe
def about(request):
    """The note on what the statistics count and what they keep."""
    return TemplateResponse(
        request,
        "visits/about.html",
        {
            "online_minutes": settings.VISITS_ONLINE_SECONDS // 60,
            "time_zone": settings.VISITS_TIME_ZONE,
            "reader_cookie": getattr(settings, "RATINGS_READER_COOKIE", "cong_reader"),
        },
    )
