"""Home page blocks and article extras: featured news, a section's newest articles, share links."""

from urllib.parse import quote, urlencode

from django import template
from django.utils.translation import gettext as _

from articles.models import NewsPage
from home import memo

register = template.Library()


def _listed(queryset):
    return (
        queryset.live()
        .public()
        .select_related("category", "featured_image")
        .prefetch_related("featured_image__renditions")
        .order_by("-publication_date", "-pk")
    )


@register.inclusion_tag("articles/includes/featured_news.html", takes_context=True)
def featured_news(context, count=5):
    """The “Tin nổi bật” block: the newest featured articles in the reader's language."""
    articles = []
    if count:
        articles = list(_listed(NewsPage.objects.filter(featured=True, locale=memo.active_locale()))[:count])
    return {"articles": articles, "request": context.get("request")}


@register.inclusion_tag("articles/includes/section_news.html", takes_context=True)
def section_news(context, section, count=5):
    """A block with the newest articles of one news section and its sub-sections."""
    articles = list(_listed(NewsPage.objects.descendant_of(section))[:count])
    return {"section": section, "articles": articles, "request": context.get("request")}


@register.simple_tag
def share_links(url, title):
    """Plain links to the share pages of social networks: no third-party script on our pages."""
    return [
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        ("X", "https://twitter.com/intent/tweet?" + urlencode({"url": url, "text": title})),
        ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})),
        (_("E-mail"), f"mailto:?subject={quote(title)}&body={quote(url)}"),
    ]
