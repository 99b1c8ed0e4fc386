import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe
from django.views.defaults import page_not_found as django_page_not_found

logger = logging.getLogger(__name__)

HEALTH_CACHE_KEY = "healthz:probe"


def _database_status():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any driver error means the database cannot serve pages
        logger.exception("Health check: database unreachable")
        return "error"
    return "ok"


def _cache_status():
    backend = type(cache).__module__.split(".")[0]
    try:
        # django-redis swallows connection errors when IGNORE_EXCEPTIONS is on, so a round trip that
        # returns nothing is how an outage shows up here.
        cache.set(HEALTH_CACHE_KEY, "1", 10)
        ok = cache.get(HEALTH_CACHE_KEY) == "1"
    except Exception:
        logger.exception("Health check: cache unreachable")
        ok = False
    return {"status": "ok" if ok else "error", "backend": backend}


@never_cache
@require_safe
def health(request):
    """Liveness and readiness for load balancers and monitors.

    - ``ok`` (200): the database and the cache answer;
    - ``degraded`` (200): the cache (Redis) is down; pages are still served, from the database, so a load
      balancer keeps the process in rotation while a monitor raises a warning;
    - ``failed`` (503): the database is down; pages answer the 503 page.
    """
    database = _database_status()
    cache_info = _cache_status()
    if database != "ok":
        status = "failed"
    elif cache_info["status"] != "ok":
        status = "degraded"
    else:
        status = "ok"
    body = {
        "status": status,
        "database": {"status": database, "vendor": connection.vendor},
        "cache": cache_info,
    }
    return JsonResponse(body, status=503 if status == "failed" else 200)


def page_not_found(request, exception=None):
    return django_page_not_found(request, exception, template_name="404.html")


def server_error(request):
    """Render 500.html without a request context: the error may have come from the database.

    A database outage raised outside a view (in a middleware) gets the 503 page instead."""
    from operations.faults import current_database_outage, service_unavailable

    outage = current_database_outage()
    if outage is not None:
        return service_unavailable(request, outage)
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render())


@require_safe
@cache_control(max_age=60 * 60 * 24, public=True)
def robots_txt(request):
    """Crawlers may read every public page; the admin, the APIs and search results are off limits."""
    lines = [
        "User-agent: *",
        # A custom ADMIN_PATH is not advertised here; the admin's pages carry noindex anyway.
        *(["Disallow: /admin/"] if settings.ADMIN_PATH == "admin/" else []),
        "Disallow: /api/",
        "Disallow: /search/",
        "Disallow: /en/search/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def bench_ping(request):
    """A constant response: the baseline of bench/http_bench.py. Routed only when BENCH_PING is set."""
    return HttpResponse(b"pong", content_type="text/plain")
