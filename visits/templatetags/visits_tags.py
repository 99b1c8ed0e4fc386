"""The "Thống kê truy cập" box, and the beacon that counts the page view once the page has loaded (the
image in ``<noscript>`` without JavaScript); the script fills the box with the beacon's answer."""

import logging
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.db import DatabaseError
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import pgettext_lazy

from wagtail.models import Page

from home import memo
from home.formatting import format_number
from visits import box

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
    """What the box needs: the figures of a few seconds ago (visits/box.py) and when they were read."""
    if not settings.VISITS_ENABLED:
        return {"enabled": False}
    try:
        stats, read_at = box.recent_stats()
    except DatabaseError:  # the page still serves; the script fills the numbers in later
        logger.exception("Visit statistics box: could not read the counters")
        stats, read_at = None, None
    return {
        "enabled": True,
        "heading_level": heading_level,
        "rows": [
            {"key": key, "label": label, "value": format_number(stats[key]) if stats else "…"}
            for key, label in ROWS
        ],
        "read_at": read_at,
        "request": request,
    }


@register.simple_tag
def visit_statistics_as_of():
    """When the figures the box shows were read (a new time every few seconds), "" when it shows none:
    what a cached fragment holding the box varies on."""
    if not settings.VISITS_ENABLED:
        return ""
    try:
        return box.recent_stats()[1].isoformat()
    except DatabaseError:  # the box says so (statistics_context)
        return "unavailable"


@register.inclusion_tag("visits/includes/visit_statistics.html", takes_context=True)
def visit_statistics(context, heading_level=2):
    return statistics_context(context.get("request"), heading_level)


@register.simple_tag(takes_context=True)
def visit_beacon(context):
    """The script that counts this page load (without JavaScript, the image). Not in previews. Written
    here rather than by an included template: every page renders it, and it is two elements."""
    request = context.get("request")
    if request is None or not settings.VISITS_ENABLED or getattr(request, "is_preview", False):
        return ""
    page = context.get("page")
    page_id = page.pk if isinstance(page, Page) else ""
    pixel_query = {"page": page_id, "path": request.path}
    search = context.get("search_beacon") or ""  # a search to log with the view (search.querylog)
    if search:
        pixel_query["search"] = search
    addresses = memo.remember("visit-beacon", _beacon_addresses)
    pixel_url = f"{addresses['pixel']}?{urlencode(pixel_query)}"
    return format_html(
        '<script id="visit-beacon" src="{}" defer data-hit-url="{}" data-stats-url="{}" data-pixel-url="{}"'
        ' data-page="{}"{}></script>\n'
        '<noscript><img class="visit-pixel" src="{}" alt="" width="1" height="1"></noscript>',
        addresses["script_url"],
        addresses["hit_url"],
        addresses["stats_url"],
        pixel_url,
        page_id,
        format_html(' data-search="{}"', search) if search else "",
        pixel_url,
    )


def _beacon_addresses():
    """The beacon's addresses, the same on every page (remembered per process: home.memo)."""
    return {
        "script_url": static("visits/visits.js"),
        "hit_url": reverse("visits_hit"),
        "stats_url": reverse("visits_stats"),
        "pixel": reverse("visits_hit_pixel"),
    }
