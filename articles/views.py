"""The portal-wide RSS feed (``/rss.xml``): the newest news and reports in the reader's language."""

from django.utils.translation import gettext as _

from wagtail.models import Locale

from articles.feeds import FEED_ITEMS, PortalFeed
from articles.models import InspectionReportPage, NewsPage


class LatestFeed(PortalFeed):
    """Every news article and inspection report of the portal in the reader's language."""

    def title(self):
        return self.department_name() or _("Portal")

    def link(self):
        root = self.site.root_page.localized if self.site else None
        return root.get_full_url(self.request) if root else self.request.build_absolute_uri("/")

    def description(self):
        return _("News and inspection reports from %(department)s.") % {"department": self.department_name()}

    def items(self):
        locale = Locale.get_active()
        news = self.news(
            NewsPage.objects.live().public().filter(locale=locale).order_by("-publication_date", "-pk")
        )
        reports = (
            InspectionReportPage.objects.live().public().filter(locale=locale).order_by("-publication_date")
        )
        items = list(news[:FEED_ITEMS]) + list(reports[:FEED_ITEMS])
        items.sort(key=lambda item: item.publication_date, reverse=True)
        return items[:FEED_ITEMS]


def latest_feed(request):
    """The site-wide feed; a feed object per request, since it keeps the request on itself."""
    return LatestFeed()(request)
