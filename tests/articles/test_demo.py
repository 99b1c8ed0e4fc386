"""The demo gives a newcomer a home page with every block filled, and enough news to page through."""

from io import StringIO

from django.core.management import call_command

from wagtail.test.utils import WagtailPageTestCase

from articles.models import InspectionReportPage, NewsIndexPage, NewsPage
from tests.factories import default_home
from tests.helpers import soup


class ArticlesDemoTests(WagtailPageTestCase):
    def test_demo_has_sections_articles_reports_and_a_full_home_page(self):
        call_command("load_articles_demo", stdout=StringIO())
        self.assertGreaterEqual(NewsIndexPage.objects.live().count(), 4)
        self.assertGreaterEqual(NewsPage.objects.live().count(), 30)
        self.assertEqual(InspectionReportPage.objects.live().count(), 5)
        self.assertFalse(NewsPage.objects.filter(slug__regex=r"[^a-z0-9-]").exists())
        with_image = NewsPage.objects.exclude(featured_image=None)
        self.assertEqual(with_image.filter(featured_image_alt="").count(), 0)

        document = soup(self.client.get(default_home().url))
        self.assertEqual(len(document.select(".featured-news .news-item")), 4)
        self.assertEqual(len(document.select(".slideshow__slide")), 5)
        self.assertEqual(len(document.select(".section-news")), 3)
        self.assertTrue(document.select(".latest-documents li"))
        self.assertTrue(document.select(".widgets .note"))
        for article in NewsPage.objects.live()[:32]:
            self.assertEqual(self.client.get(article.url).status_code, 200)
        for report in InspectionReportPage.objects.live():
            self.assertContains(self.client.get(report.url), report.inspecting_body)
