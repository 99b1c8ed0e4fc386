"""The "Thống kê truy cập" box, and what counts the page view: the page's own request (its figures are
then live marks, filled in when it is served: visits/page_views.py) or the beacon it sends once loaded."""

import logging
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.db import DatabaseError
from django.urls import reverse
from django.utils.translation import pgettext_lazy

from wagtail.models import Page

from home.formatting import format_number
from pagecache.live import live_mark, remember
from visits import page_views

logger = logging.getLogger(__name__)
register = template.Library()

ROWS = (
    ("online", pgettext_lazy("visit statistics", "Online now")),
    ("today", pgettext_lazy("visit statistics", "Today")),
    ("this_week", pgettext_lazy("visit statistics", "This week")),
    ("last_week", pgettext_lazy("visit statistics", "Last week")),
    ("this_month", pgettext_lazy("visit statistics", "This month")),
    ("last_month", pgettext_lazy("visit statistics", "Last month")),
    ("total", pgettext_lazy("visit statistics", "Total visits")),
)


def statistics_context(request, heading_level=2):
    """What the box needs; numbers as of now (the script replaces them with live ones on cached pages)."""
    if not settings.VISITS_ENABLED:
        return {"enabled": False}
    if request is not None and page_views.counts_in_page() and not getattr(request, "is_preview", False):
        remember(request, page_views.GROUP, {})
        rows = [
            {"key": key, "label": label, "value": live_mark(page_views.GROUP, key)} for key, label in ROWS
        ]
        return {"enabled": True, "heading_level": heading_level, "rows": rows, "request": request}
    # Shared for a few seconds: a render should not cost the statistics' queries each time, and the
    # beacon's answer replaces them with live ones.
    try:
        stats = page_views.recent_stats()
    except DatabaseError:  # the page still serves; the script fills the numbers in later
        logger.exception("Visit statistics box: could not read the counters")
        stats = None
    return {
        "enabled": True,
        "heading_level": heading_level,
        "rows": [
            {"key": key, "label": label, "value": format_number(stats[key]) if stats else "…"}
            for key, label in ROWS
        ],
        "request": request,
    }


@register.inclusion_tag("visits/includes/visit_statistics.html", takes_context=True)
def visit_statistics(context, heading_level=2):
    return statistics_context(context.get("request"), heading_level)


@register.inclusion_tag("visits/includes/beacon.html", takes_context=True)
def visit_beacon(context):
    """What counts this page load: the page's own request, or the script (without JavaScript, the
    image) that sends the beacon. Not in previews."""
    request = context.get("request")
    if request is None or not settings.VISITS_ENABLED or getattr(request, "is_preview", False):
        return {"show": False}
    page = context.get("page")
    page_id = page.pk if isinstance(page, Page) else ""
    if page_views.counts_in_page():
        remember(request, page_views.GROUP, {"view": True, "page": page_id or None})
        return {"show": False}
    pixel_query = urlencode({"page": page_id, "path": request.path})
    return {
        "show": True,
        "page_id": page_id,
        "pixel_url": f"{reverse('visits_hit_pixel')}?{pixel_query}",
    }
