"""Section listings, filters, pagination and the RSS feeds, as a reader and a feed reader see them."""

import datetime
from operator import attrgetter

import feedparser
from wagtail_factories import ImageFactory

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.test.utils import WagtailPageTestCase

from articles.listing import NEWS_PER_PAGE
from articles.models import NewsPage
from home.models import HomePageNewsSection, HomePageSlide
from tests.factories import (
    InspectionReportIndexPageFactory,
    InspectionReportPageFactory,
    NewsCategoryFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    default_home,
)
from tests.helpers import soup


def titles(response):
    return [a.get_text(strip=True) for a in soup(response).select(".news-list .news-item__title a")]


def when(day):
    return timezone.make_aware(datetime.datetime(2026, 1, 1, 8)) + datetime.timedelta(days=day)


class NewsListingTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.section = NewsIndexPageFactory(title="Tin tức - Sự kiện", slug="tin-tuc")
        cls.sub = NewsIndexPageFactory(title="Tin trong tỉnh", slug="trong-tinh", parent=cls.section)
        cls.digital = NewsCategoryFactory(name="Chuyển đổi số")
        cls.press = NewsCategoryFactory(name="Báo chí")
        cls.old = NewsPageFactory(
            parent=cls.section, title="Bài cũ", publication_date=when(1), category=cls.press
        )
        cls.new = NewsPageFactory(
            parent=cls.sub, title="Bài mới", publication_date=when(3), category=cls.digital, tag_names=["5G"]
        )
        cls.middle = NewsPageFactory(
            parent=cls.section, title="Bài giữa", publication_date=when(2), tag_names=["5G", "an toàn"]
        )
        draft = NewsPageFactory(parent=cls.section, title="Bản nháp", publication_date=when(4))
        draft.unpublish()

    def test_lists_live_articles_of_the_section_and_its_sub_sections_newest_first(self):
        response = self.client.get(self.section.url)
        self.assertEqual(titles(response), ["Bài mới", "Bài giữa", "Bài cũ"])
        self.assertQuerySetEqual(
            self.section.articles(), ["Bài mới", "Bài giữa", "Bài cũ"], transform=attrgetter("title")
        )
        self.assertEqual(titles(self.client.get(self.sub.url)), ["Bài mới"])
        self.assertContains(
            response, '<time datetime="2026-01-04T08:00:00+07:00">04/01/2026</time>', html=True
        )

    def test_filters_by_category_and_tag_and_unknown_values_give_an_empty_list(self):
        self.assertEqual(
            titles(self.client.get(self.section.url, {"category": self.digital.pk})), ["Bài mới"]
        )
        self.assertEqual(titles(self.client.get(self.section.url, {"tag": "5g"})), ["Bài mới", "Bài giữa"])
        both = self.client.get(self.section.url, {"tag": "5g", "category": self.digital.pk})
        self.assertEqual(titles(both), ["Bài mới"])
        for params in ({"category": 999999}, {"tag": "khong-co"}):
            response = self.client.get(self.section.url, params)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(titles(response), [])
            self.assertContains(response, "Không có bài viết nào phù hợp")
        for params in ({"category": "abc"}, {"category": "-1"}, {"category": "9" * 40}, {"tag": "x" * 500}):
            response = self.client.get(self.section.url, params)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(len(titles(response)), 3)

    def test_filter_form_is_labelled_and_offers_the_sections_categories_and_tags(self):
        document = soup(self.client.get(self.section.url))
        for name in ("category", "tag"):
            select = document.find("select", attrs={"name": name})
            self.assertIsNotNone(document.find("label", attrs={"for": select["id"]}))
        options = [
            o.get_text() for o in document.find("select", attrs={"name": "category"}).find_all("option")
        ]
        self.assertEqual(options, ["Tất cả", "Báo chí", "Chuyển đổi số"])


class PaginationTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.section = NewsIndexPageFactory()
        for day in range(NEWS_PER_PAGE * 2 + 1):
            NewsPageFactory(parent=cls.section, title=f"Bài {day:02d}", publication_date=when(day))

    def test_pages_hold_the_newest_first_and_bad_numbers_never_fail(self):
        first = titles(self.client.get(self.section.url))
        self.assertEqual(len(first), NEWS_PER_PAGE)
        self.assertEqual(first[0], f"Bài {NEWS_PER_PAGE * 2:02d}")
        last = titles(self.client.get(self.section.url, {"page": 3}))
        self.assertEqual(last, ["Bài 00"])
        for bad in ("999", "-1", "0", "abc", "1e9", "", "3.5"):
            with self.subTest(page=bad):
                response = self.client.get(self.section.url, {"page": bad})
                self.assertEqual(response.status_code, 200)
                self.assertIn(titles(response), (first, last))
        self.assertEqual(titles(self.client.get(self.section.url, {"page": "999"})), last)

    def test_pagination_links_keep_the_filters(self):
        document = soup(self.client.get(self.section.url, {"tag": "x", "page": 1}))
        self.assertIsNone(document.find("nav", class_="pagination"))  # nothing matches, one page
        document = soup(self.client.get(self.section.url))
        next_link = document.find("nav", class_="pagination").find("a", rel="next")
        self.assertEqual(next_link["href"], "?page=2")


class ReportListingTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.register = InspectionReportIndexPageFactory()
        InspectionReportPageFactory(
            parent=cls.register, title="Kết luận A", status="concluded", publication_date=when(1)
        )
        InspectionReportPageFactory(
            parent=cls.register,
            title="Kiểm tra B",
            status="in_progress",
            publication_date=when(2),
            units=["Sở A", "Huyện B"],
        )

    def test_lists_reports_newest_first_with_status_filter(self):
        def report_titles(response):
            return [a.get_text(strip=True) for a in soup(response).select(".report-item__title a")]

        self.assertEqual(report_titles(self.client.get(self.register.url)), ["Kiểm tra B", "Kết luận A"])
        self.assertEqual(
            report_titles(self.client.get(self.register.url, {"status": "concluded"})), ["Kết luận A"]
        )
        self.assertEqual(len(report_titles(self.client.get(self.register.url, {"status": "<x>"}))), 2)
        self.assertContains(self.client.get(self.register.url), "Sở A; Huyện B")
        self.assertContains(self.client.get(self.register.url), "Đang thực hiện")


class FeedTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.section = NewsIndexPageFactory(title="Tin tức - Sự kiện", slug="tin-tuc")
        cls.category = NewsCategoryFactory(name="Chuyển đổi số")
        NewsPageFactory(parent=cls.section, title="Bài thứ nhất", publication_date=when(1))
        NewsPageFactory(
            parent=cls.section,
            title="Bài thứ hai & <mới>",
            publication_date=when(5),
            category=cls.category,
            tag_names=["5G"],
        )
        register = InspectionReportIndexPageFactory(slug="thanh-tra")
        InspectionReportPageFactory(parent=register, title="Kết luận kiểm tra", publication_date=when(3))

    def parse(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("application/rss+xml"))
        feed = feedparser.parse(response.content)
        self.assertFalse(feed.bozo, feed.get("bozo_exception"))
        self.assertEqual(feed.version, "rss20")
        return feed

    def test_section_feed_lists_its_articles_newest_first_with_absolute_links(self):
        feed = self.parse(self.section.url + "rss/")
        self.assertIn("Tin tức - Sự kiện", feed.feed.title)
        self.assertEqual([e.title for e in feed.entries], ["Bài thứ hai & <mới>", "Bài thứ nhất"])
        entry = feed.entries[0]
        self.assertTrue(entry.link.startswith("http://localhost/tin-tuc/"))
        self.assertEqual(entry.published_parsed[:3], (2026, 1, 6))
        self.assertEqual([t.term for t in entry.tags], ["Chuyển đổi số", "5G"])
        self.assertEqual(entry.author, "MINH HIẾU")

    def test_site_wide_feed_mixes_news_and_reports(self):
        feed = self.parse("/rss.xml")
        self.assertEqual(
            [e.title for e in feed.entries], ["Bài thứ hai & <mới>", "Kết luận kiểm tra", "Bài thứ nhất"]
        )
        self.assertContains(self.client.get(default_home().url), 'type="application/rss+xml"')


class SitemapAndRobotsTests(WagtailPageTestCase):
    def test_sitemap_lists_articles_and_robots_points_to_it(self):
        article = NewsPageFactory(parent=NewsIndexPageFactory(slug="tin-tuc"), slug="bai-mot")
        sitemap = self.client.get("/sitemap.xml")
        self.assertEqual(sitemap.status_code, 200)
        self.assertContains(sitemap, "http://localhost/tin-tuc/bai-mot/")
        robots = self.client.get("/robots.txt")
        self.assertEqual(robots.status_code, 200)
        self.assertEqual(robots["Content-Type"], "text/plain; charset=utf-8")
        self.assertIn("Sitemap: http://testserver/sitemap.xml", robots.content.decode())
        self.assertIn("Disallow: /admin/", robots.content.decode())
        self.assertTrue(article.live)


class QueryCountTests(WagtailPageTestCase):
    """The number of queries of the listing and the home page does not grow with the articles."""

    def build(self, count):
        home = default_home()
        section = NewsIndexPageFactory(slug=f"tin-{count}")
        other = NewsIndexPageFactory(slug=f"khac-{count}")
        category = NewsCategoryFactory()
        image = ImageFactory()
        for number in range(count):
            NewsPageFactory(
                parent=section if number % 2 else other,
                publication_date=when(number),
                category=category,
                featured=number % 3 == 0,
                featured_image=image,
                featured_image_alt="Ảnh minh họa",
                tag_names=[f"chu-de-{number % 4}"],
            )
        HomePageNewsSection.objects.filter(page=home).delete()
        HomePageSlide.objects.filter(page=home).delete()
        for order, target in enumerate((section, other)):
            HomePageNewsSection.objects.create(page=home, section=target, count=5, sort_order=order)
        for order in range(3):
            HomePageSlide.objects.create(
                page=home, image=image, alt_text="Ảnh", caption="Hoạt động", sort_order=order
            )
        return home, section

    def count_queries(self, url):
        self.client.get(url)  # renditions are made on the first view
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_listing_and_home_page_queries_do_not_depend_on_the_number_of_articles(self):
        home, section = self.build(10)
        home_queries, listing_queries = self.count_queries(home.url), self.count_queries(section.url)
        self.assertLessEqual(home_queries, 40)
        self.assertLessEqual(listing_queries, 40)
        NewsPage.objects.all().delete()
        home, section = self.build(100)
        for url, expected in ((home.url, home_queries), (section.url, listing_queries)):
            self.client.get(url)
            with self.assertNumQueries(expected):
                response = self.client.get(url)
            # home: the featured lead plus 4 featured items, then 5 items in each of 2 sections
            self.assertEqual(
                len(soup(response).select(".news-item")), 14 if url == home.url else NEWS_PER_PAGE
            )
