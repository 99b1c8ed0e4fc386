"""The rating box of articles, inspection reports and legal documents."""

from django import template
from django.conf import settings
from django.urls import reverse

from wagtail.models import Page

from ratings import services

register = template.Library()


@register.inclusion_tag("ratings/includes/rating_box.html", takes_context=True)
def rating_box(context, page=None):
    """“Đánh giá bài viết (4,3/5 · 12 lượt)” and five stars to rate with, without JavaScript as well.

    In the admin's preview the stars are shown but disabled: previews do not count.
    """
    page = page or context.get("page")
    request = context.get("request")
    if not isinstance(page, Page) or not services.is_rateable(page):
        return {"show": False}
    preview = bool(getattr(request, "is_preview", False)) or page.pk is None
    result = services.summary(page.pk)
    rated = None if preview else rated_score(context)
    return {
        "show": True,
        "page_id": page.pk or 0,
        "heading": services.heading_for(page),
        "summary_text": services.summary_text(result),
        "stars": [{"value": score, "label": services.star_label(score)} for score in range(1, 6)],
        "api_url": reverse("ratings_api", args=[page.pk]) if page.pk else "",
        "preview": preview,
        "rated": rated,
        "csrf_cookie_name": settings.CSRF_COOKIE_NAME,
    }


@register.simple_tag(takes_context=True)
def rated_score(context):
    """The score the reader has just sent (``?rated=4``, the confirmation without JavaScript), else None:
    what a cached fragment holding the rating box varies on."""
    request = context.get("request")
    rated = request.GET.get("rated", "") if request is not None else ""
    return int(rated) if rated in {"1", "2", "3", "4", "5"} else None
