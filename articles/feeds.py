"""RSS 2.0 feeds: the shared rendering, and the feed of one news section or reports register (its ``rss/``).

Imported by articles/models.py, so it names no model of its own app: it renders the pages it is given.
The portal-wide feed, which queries the models, is in articles/views.py."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _

from wagtail.models import Site

from home.models import PortalSettings

FEED_ITEMS = 20


class PortalFeed(Feed):
    """Shared rendering: absolute links, summaries, dates and categories of news and reports."""

    feed_type = Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        self.request = request
        self.site = Site.find_for_request(request)
        return super().__call__(request, *args, **kwargs)

    def department_name(self):
        return PortalSettings.for_site(self.site).localized("department_name") if self.site else ""

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.publication_date

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return getattr(item, "author", "") or None

    def item_categories(self, item):
        if hasattr(item, "get_status_display"):  # an inspection report
            return [str(item.get_status_display())]
        names = [tag.name for tag in item.tags.all()]  # a news article
        if item.category:
            names.insert(0, item.category.name)
        return names

    @staticmethod
    def news(queryset):
        return queryset.select_related("category").prefetch_related("tags")


class SectionFeed(PortalFeed):
    """The newest items of one news section (with its sub-sections) or one reports register."""

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def title(self):
        return f"{self.index_page.title} – {self.department_name()}"

    def link(self):
        return self.index_page.get_full_url(self.request)

    def description(self):
        return _("The newest items of “%(section)s”.") % {"section": self.index_page.title}

    def items(self):
        if hasattr(self.index_page, "articles"):
            return list(self.news(self.index_page.articles())[:FEED_ITEMS])
        return list(self.index_page.reports()[:FEED_ITEMS])
