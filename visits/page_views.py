"""Page views counted by the page's own request (``VISITS_COUNTED_BY = "page"``, the default).

A page that shows the "Thống kê truy cập" box renders a live mark (pagecache/live.py) where each figure
goes, and the page view itself is remembered by ``{% visit_beacon %}`` (its page id). On the way out,
whether the page was rendered or served from the page cache, ``fill`` counts the view and writes the
figures including it, with no database query: the count goes in the process's next batch of views
(visits/batching.py, no round trip of the reader's own), or at once when the figures the process holds
are more than a second old or batching is off. A reader gets one request per page view and figures that
are live on every load, with or without JavaScript.

What counts is what the beacon counts: a 200 to a GET of an HTML page that carries the beacon (not the
admin or its previews, which render their figures in place; not assets, APIs or error pages), except
obvious bots and the browser's speculative loads (prefetch, prerender: the reader has not opened the
page). A reader over ``VISITS_RATE_LIMIT`` still gets the page and the figures; the load is not counted.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError

from home.formatting import format_counts
from visits import batching, counter
from visits.clients import is_bot, reader_hash

logger = logging.getLogger(__name__)

GROUP = "visits"
# Headers that browsers send with a load the reader has not asked for (yet).
_SPECULATIVE = (
    ("HTTP_SEC_PURPOSE", "prefetch"),  # Chromium: "prefetch" and "prefetch;prerender"
    ("HTTP_PURPOSE", "prefetch"),  # older Chromium and Safari
    ("HTTP_X_MOZ", "prefetch"),  # Firefox
    ("HTTP_X_PURPOSE", "preview"),  # Safari's previews
)
UNKNOWN = "…"


def counts_in_page():
    return settings.VISITS_ENABLED and settings.VISITS_COUNTED_BY == "page"


# Figures for loads that are not counted (bots, previews, the admin's box): shared for a few seconds, so
# that a crawler or an error page costs no query.
RECENT_KEY = "visits:box-numbers"
RECENT_SECONDS = 10


# ...and kept in each process's memory for a second, so that they cost no round trip either.
_recent = {"stats": None, "until": 0.0}
RECENT_IN_PROCESS_SECONDS = 1.0


def recent_stats():
    now = time.monotonic()
    if _recent["stats"] is not None and _recent["until"] > now:
        return _recent["stats"]
    stats = cache.get(RECENT_KEY)
    if stats is None:
        stats = counter.current_stats()
        cache.set(RECENT_KEY, stats, RECENT_SECONDS)
    _recent.update(stats=stats, until=now + RECENT_IN_PROCESS_SECONDS)
    return stats


def forget_recent_stats():
    _recent.update(stats=None, until=0.0)


def is_speculative(request):
    meta = request.META
    return any(word in meta.get(header, "").lower() for header, word in _SPECULATIVE)


def _counts(request, remembered):
    """Whether this load of a page that remembered ``remembered`` is a reader's page view (but for the
    status of the response: see ``fill``)."""
    return (
        remembered.get("view", False)
        and settings.VISITS_ENABLED
        and request.method == "GET"
        and not is_bot(request)
        and not is_speculative(request)
    )


def fill(request, remembered, page_view):
    """The figures of the box (counting this load first when it is a reader's page view)."""
    count = page_view and _counts(request, remembered)
    try:
        stats = None
        if count:
            page_id = remembered.get("page") or None
            stats = batching.count_page_view(reader_hash(request), page_id, rate=settings.VISITS_RATE_LIMIT)
        if stats is None:  # not counted, or over the rate limit
            stats = recent_stats()
    except DatabaseError:  # the page still serves; its figures are unknown for this load
        logger.exception("Visit statistics: could not count or read the counters")
        return dict.fromkeys(counter.STATS_KEYS, UNKNOWN)
    language = getattr(request, "LANGUAGE_CODE", None)
    figures = format_counts((stats[key] for key in counter.STATS_KEYS), language)
    return dict(zip(counter.STATS_KEYS, figures, strict=True))
