"""Helpers for the ratings and visit statistics tests: a browser's headers, the beacon, Redis checks."""

import pytest

from django.conf import settings
from django.urls import reverse

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"


def browser(ip="203.0.113.10", agent=BROWSER, **headers):
    """Client kwargs of a browser reading the site from ``ip``."""
    return {"REMOTE_ADDR": ip, "headers": {"Sec-Fetch-Site": "same-origin", "User-Agent": agent, **headers}}


def beacon(client, page=None, path="/", ip="203.0.113.10", agent=BROWSER, search=None, **headers):
    """What visits.js sends once a page has loaded (``search``: the page's ``data-search``, if any)."""
    return client.post(
        reverse("visits_hit"),
        {"page": page, "path": path, **({"search": search} if search else {})},
        content_type="application/json",
        **browser(ip, agent, **headers),
    )


def uses_redis():
    if not settings.REDIS_URL:
        return False
    return settings.CACHES["default"]["BACKEND"] in (
        "django_redis.cache.RedisCache",
        "home.redis_cache.RedisCache",
    )


needs_redis = pytest.mark.skipif(
    not uses_redis(), reason="needs REDIS_URL (CI runs it on PostgreSQL + Redis)"
)


def reset_counter_state():
    """Forget a Redis failure, the live pages and the salt that the visit counter keeps in memory."""
    from visits import box, clients, counter, views

    counter.reset_redis_state()
    counter.forget_database_totals()
    counter._state["last_prune"] = 0.0
    counter.forget_live_pages()
    views._admin_prefixes.clear()
    clients.forget_salts()
    box.forget_recent_stats()
