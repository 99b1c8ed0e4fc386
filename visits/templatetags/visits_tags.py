"""The "Thống kê truy cập" box and the beacon that counts a page view once the page has loaded."""

import logging
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.urls import reverse
from django.utils.translation import pgettext_lazy

from wagtail.models import Page

from visits.counter import current_stats
from visits.text import format_number

logger = logging.getLogger(__name__)
register = template.Library()

# The numbers rendered into pages are shared for a few seconds: rendering a page should not cost the
# statistics' queries each time, and the script replaces them with live ones (the beacon's answer).
BOX_CACHE_KEY = "visits:box-numbers"
BOX_CACHE_SECONDS = 10

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
    stats = cache.get(BOX_CACHE_KEY)
    if stats is None:
        try:
            stats = current_stats()
        except DatabaseError:  # the page still serves; the script fills the numbers in later
            logger.exception("Visit statistics box: could not read the counters")
        else:
            cache.set(BOX_CACHE_KEY, stats, BOX_CACHE_SECONDS)
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
    """The script (or, without JavaScript, the image) that counts this page load. Not in previews."""
    request = context.get("request")
    if request is None or not settings.VISITS_ENABLED or getattr(request, "is_preview", False):
        return {"show": False}
    page = context.get("page")
    page_id = page.pk if isinstance(page, Page) else ""
    pixel_query = urlencode({"page": page_id, "path": request.path})
    return {
        "show": True,
        "page_id": page_id,
        "pixel_url": f"{reverse('visits_hit_pixel')}?{pixel_query}",
    }
