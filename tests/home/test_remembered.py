"""What each process remembers of the site (home/memo.py), the fragments pages share in the cache, and
the short routing (home/routing.py): a reader sees every change on the next page they open, with
nothing emptied in between, and routing answers as Wagtail's own."""

import datetime
import json
import zoneinfo

import pytest
import time_machine
from wagtail_factories import ImageFactory

from django.db import connection
from django.test import override_settings
from django.utils import timezone

from wagtail.models import Locale, Page, PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase

from home.models import ExternalLink, PortalSettings
from tests.factories import (
    LegalDocumentIndexPageFactory,
    LegalDocumentPageFactory,
    LegalDocumentRelationFactory,
    NewsCategoryFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    StandardPageFactory,
    default_home,
)
from tests.helpers import soup


def menu_labels(response):
    return [a.get_text(strip=True) for a in soup(response).find("nav", class_="main-nav").find_all("a")]


class RememberedSiteTests(WagtailPageTestCase):
    """Each test renders a page first, so that the process remembers the site and the cache holds the
    fragments, then changes something the way editors do and renders again."""

    @classmethod
    def setUpTestData(cls):
        cls.home = default_home()
        cls.section = NewsIndexPageFactory(title="Tin tức", slug="tin-tuc")
        cls.article = NewsPageFactory(parent=cls.section, title="Bài đầu tiên", slug="bai-dau-tien")

    def render(self, page=None):
        response = self.client.get((page or self.home).url)
        self.assertEqual(response.status_code, 200)
        return response

    def test_a_page_published_in_the_menu_appears_at_once(self):
        self.render(self.article)
        page = StandardPageFactory(title="Giới thiệu", show_in_menus=True, live=False)
        self.assertNotIn("Giới thiệu", menu_labels(self.render(self.article)))
        page.save_revision().publish()
        self.assertIn("Giới thiệu", menu_labels(self.render(self.article)))

    def test_a_page_unpublished_or_taken_out_of_the_menu_leaves_it_at_once(self):
        about = StandardPageFactory(title="Giới thiệu", show_in_menus=True)
        contact = StandardPageFactory(title="Liên hệ", show_in_menus=True)
        self.assertIn("Giới thiệu", menu_labels(self.render(self.article)))
        about.unpublish()
        contact.show_in_menus = False
        contact.save_revision().publish()
        labels = menu_labels(self.render(self.article))
        self.assertNotIn("Giới thiệu", labels)
        self.assertNotIn("Liên hệ", labels)
        self.assertEqual(self.client.get("/gioi-thieu/").status_code, 404)

    def test_a_renamed_section_shows_in_the_menu_and_the_breadcrumbs(self):
        self.section.show_in_menus = True
        self.section.save_revision().publish()
        self.render(self.article)
        self.section.title = "Tin tức - Sự kiện"
        self.section.save_revision().publish()
        document = soup(self.render(self.article))
        self.assertIn("Tin tức - Sự kiện", [a.get_text(strip=True) for a in document.select(".main-nav a")])
        self.assertIn("Tin tức - Sự kiện", document.find("nav", class_="breadcrumbs").get_text())

    def test_an_edited_link_and_setting_show_at_once(self):
        link = ExternalLink.objects.create(
            title="Cổng Dịch vụ công", url="https://dichvucong.gov.vn/", locale=Locale.get_default()
        )
        self.render()
        link.title = "Cổng Dịch vụ công quốc gia"
        link.save()
        settings = PortalSettings.for_site(self.home.get_site())
        settings.department_name = "Sở Khoa học và Công nghệ"
        settings.save()
        document = soup(self.render(self.article))
        self.assertIn("Cổng Dịch vụ công quốc gia", document.find("footer").get_text())
        # The header keeps the last words of the name together with a no-break space.
        self.assertIn("Sở Khoa học và Công\xa0nghệ", document.find("header").get_text())
        self.assertIn("Sở Khoa học và Công nghệ", document.title.get_text())

    def test_a_new_article_shows_on_the_home_page_listing_and_related_news_at_once(self):
        self.render()
        self.render(self.section)
        self.render(self.article)
        newest = NewsPageFactory(
            parent=self.section,
            title="Bài mới nhất",
            slug="bai-moi-nhat",
            featured=True,
            publication_date=timezone.now() + datetime.timedelta(days=1),
        )
        self.assertIn("Bài mới nhất", soup(self.render()).find("section", class_="featured-news").get_text())
        self.assertIn(
            "Bài mới nhất", soup(self.render(self.section)).find("ul", class_="news-list").get_text()
        )
        article = soup(self.render(self.article))
        self.assertIn("Bài mới nhất", article.find("section", class_="related").get_text())
        self.assertIn("Bài mới nhất", article.find("nav", class_="pager").get_text())
        newest.unpublish()
        self.assertNotIn("Bài mới nhất", self.render().content.decode())
        self.assertNotIn("Bài mới nhất", self.render(self.article).content.decode())

    def test_a_new_article_changes_the_section_count_and_filters_at_once(self):
        category = NewsCategoryFactory(name="Chuyển đổi số")
        before = soup(self.render(self.section))
        self.assertIn("1", before.find("p", class_="result-count").get_text())
        NewsPageFactory(
            parent=self.section, title="Bài có chuyên mục", slug="bai-co-chuyen-muc", category=category
        )
        after = soup(self.render(self.section))
        self.assertIn("2", after.find("p", class_="result-count").get_text())
        options = [option.get_text() for option in after.select("#filter-category option")]
        self.assertIn("Chuyển đổi số", options)

    def test_a_new_legal_document_shows_in_every_sidebar_at_once(self):
        register = LegalDocumentIndexPageFactory()
        self.render(self.article)
        self.render()
        LegalDocumentPageFactory(
            parent=register, number="77/2026/QĐ-UBND", issue_date=datetime.date(2026, 5, 1)
        )
        for page in (self.article, self.home):
            sidebar = soup(self.render(page)).find("section", class_="latest-documents")
            self.assertIn("77/2026/QĐ-UBND", sidebar.get_text())

    def test_a_restricted_section_leaves_the_menu_and_asks_for_the_password_at_once(self):
        about = StandardPageFactory(title="Nội bộ", slug="noi-bo", show_in_menus=True)
        child = StandardPageFactory(title="Quy chế nội bộ", slug="quy-che", parent=about)
        self.assertEqual(self.client.get(child.url).status_code, 200)
        PageViewRestriction.objects.create(page=about, restriction_type="password", password="bi-mat-2026")
        self.assertNotIn("Nội bộ", menu_labels(self.render(self.article)))
        response = self.client.get(child.url)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("Quy chế nội bộ</h1>", response.content.decode())
        self.assertIn('name="password"', response.content.decode())

    def test_a_restricted_page_moved_elsewhere_stays_restricted(self):
        first = StandardPageFactory(title="Khu vực một", slug="khu-vuc-mot")
        second = StandardPageFactory(title="Khu vực hai", slug="khu-vuc-hai")
        secret = StandardPageFactory(title="Tài liệu mật", slug="tai-lieu-mat", parent=first)
        PageViewRestriction.objects.create(page=secret, restriction_type="password", password="bi-mat-2026")
        self.assertIn('name="password"', self.client.get("/khu-vuc-mot/tai-lieu-mat/").content.decode())
        secret.move(second, pos="last-child")
        response = self.client.get("/khu-vuc-hai/tai-lieu-mat/")
        self.assertEqual(response.status_code, 200)
        self.assertIn('name="password"', response.content.decode())
        # The old address redirects (Wagtail's redirect on move) to the new one, still restricted.
        old = self.client.get("/khu-vuc-mot/tai-lieu-mat/")
        self.assertEqual(old.status_code, 301)
        self.assertEqual(old["Location"], "/khu-vuc-hai/tai-lieu-mat/")

    def test_a_change_shows_to_the_rest_of_the_request_that_made_it(self):
        from home import memo
        from pagecache import cache

        about = StandardPageFactory(title="Giới thiệu", slug="gioi-thieu")
        cache._request_started()  # as if inside a request that has read the sections already
        try:
            self.assertEqual(memo.restricted_sections(), [])
            PageViewRestriction.objects.create(
                page=about, restriction_type="password", password="bi-mat-2026"
            )
            self.assertEqual(memo.restricted_sections(), [(about.path, about.depth)])
            self.assertTrue(about.get_view_restrictions().exists())
        finally:
            cache._request_finished()


class PageFragmentTests(WagtailPageTestCase):
    """An article's and a legal document's own markup comes from cached fragments (the head's metadata and
    the text, the rating box aside): each test renders the page, changes it or what it shows the way
    editors do (or lets the days pass), and renders it again."""

    @classmethod
    def setUpTestData(cls):
        cls.category = NewsCategoryFactory(name="Chuyển đổi số")
        cls.section = NewsIndexPageFactory(title="Tin tức", slug="tin-tuc")
        cls.article = NewsPageFactory(
            parent=cls.section, title="Bài đầu tiên", slug="bai-dau-tien", category=cls.category
        )
        cls.register = LegalDocumentIndexPageFactory()
        cls.old = LegalDocumentPageFactory(
            parent=cls.register,
            number="12/2015/QĐ-UBND",
            slug="qd-12-2015",
            issue_date=datetime.date(2015, 3, 1),
            effective_date=datetime.date(2015, 3, 15),
        )
        cls.new = LegalDocumentPageFactory(
            parent=cls.register,
            number="39/2021/QĐ-UBND",
            slug="qd-39-2021",
            issue_date=datetime.date(2021, 9, 15),
            effective_date=datetime.date(2021, 9, 25),
            expiry_date=datetime.date(2031, 1, 1),
        )

    def render(self, page):
        response = self.client.get(page.url)
        self.assertEqual(response.status_code, 200)
        return soup(response)

    @staticmethod
    def json_ld(document):
        return json.loads(document.find("script", type="application/ld+json").string)

    def test_an_edited_article_shows_at_once(self):
        self.render(self.article)
        self.article.title = "Bài đã sửa"
        self.article.summary = "Tóm tắt mới."
        self.article.save_revision().publish()
        document = self.render(self.article)
        self.assertEqual(document.find("h1").get_text(strip=True), "Bài đã sửa")
        self.assertEqual(document.find("p", class_="lead").get_text(strip=True), "Tóm tắt mới.")
        self.assertEqual(self.json_ld(document)["headline"], "Bài đã sửa")
        self.assertEqual(document.find("meta", property="og:title")["content"], "Bài đã sửa")

    def test_a_renamed_category_shows_on_the_article_at_once(self):
        self.render(self.article)
        self.category.name = "Kinh tế số"
        self.category.save()
        document = self.render(self.article)
        self.assertEqual(document.find("p", class_="article__kicker").get_text(strip=True), "Kinh tế số")
        self.assertEqual(self.json_ld(document)["articleSection"], "Kinh tế số")

    def test_a_new_rating_shows_at_once(self):
        from ratings import services

        self.assertIn(
            "chưa có lượt đánh giá", self.render(self.article).find("section", class_="rating").get_text()
        )
        services.save_rating(self.article.pk, services.new_reader_token(), 4)
        self.assertIn("4,0/5 · 1 lượt", self.render(self.article).find("section", class_="rating").get_text())

    def test_a_renumbered_related_document_shows_at_once(self):
        LegalDocumentRelationFactory(source=self.new, target=self.old, relation_type="replaces")
        self.assertIn("12/2015/QĐ-UBND", self.render(self.new).select_one(".relations").get_text())
        self.old.number = "12/2015/QĐ-UBND-SĐ"
        self.old.save_revision().publish()
        self.assertIn("12/2015/QĐ-UBND-SĐ", self.render(self.new).select_one(".relations").get_text())

    def test_a_moved_related_document_is_linked_at_its_new_address(self):
        LegalDocumentRelationFactory(source=self.new, target=self.old, relation_type="replaces")
        archive = LegalDocumentIndexPageFactory(title="Văn bản cũ", slug="van-ban-cu")
        self.render(self.new)
        self.old.move(archive, pos="last-child")
        links = [a["href"] for a in self.render(self.new).select(".relations a")]
        self.assertEqual(links, ["/van-ban-cu/qd-12-2015/"])

    def test_a_published_replacement_ends_the_old_document_at_once(self):
        replacement = LegalDocumentPageFactory(
            parent=self.register,
            number="5/2022/QĐ-UBND",
            effective_date=datetime.date(2022, 1, 1),
            live=False,
        )
        LegalDocumentRelationFactory(source=replacement, target=self.old, relation_type="replaces")
        before = self.render(self.old)
        self.assertIn("status--in_force", before.find("p", class_="status")["class"])
        replacement.save_revision().publish()
        after = self.render(self.old)
        self.assertIn("status--expired", after.find("p", class_="status")["class"])
        self.assertIn("5/2022/QĐ-UBND", after.find("section", class_="timeline").get_text())
        self.assertEqual(self.json_ld(after)["legislationLegalForce"], "https://schema.org/NotInForce")

    def test_the_validity_follows_the_days(self):
        # Two minutes apart, at midnight in Hồ Chí Minh City: the fragments' own timeout is far off.
        midnight = datetime.datetime(2031, 1, 1, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
        with time_machine.travel(midnight - datetime.timedelta(minutes=1), tick=False):
            document = self.render(self.new)
            self.assertIn("status--in_force", document.find("p", class_="status")["class"])
        with time_machine.travel(midnight + datetime.timedelta(minutes=1), tick=False):
            document = self.render(self.new)
            self.assertIn("status--expired", document.find("p", class_="status")["class"])
            self.assertEqual(self.json_ld(document)["legislationLegalForce"], "https://schema.org/NotInForce")

    def test_a_preview_shows_the_draft(self):
        self.render(self.new)
        draft = self.new.get_latest_revision_as_object()
        draft.summary = "Bản nháp chưa xuất bản"
        self.assertContains(draft.make_preview_request(), "Bản nháp chưa xuất bản")
        self.assertNotContains(self.client.get(self.new.url), "Bản nháp chưa xuất bản")


class ShortRoutingTests(WagtailPageTestCase):
    """The short routing serves what Wagtail's would, including where it steps aside."""

    @classmethod
    def setUpTestData(cls):
        cls.section = NewsIndexPageFactory(title="Tin tức", slug="tin-tuc")
        cls.sub = NewsIndexPageFactory(title="Tin trong tỉnh", slug="trong-tinh", parent=cls.section)
        cls.article = NewsPageFactory(parent=cls.sub, title="Bài viết", slug="bai-viet")

    def test_a_deep_page_is_served_with_its_breadcrumbs_in_few_queries(self):
        self.client.get(self.article.url)  # the process now remembers the site
        # Every page on the way with the article's translations, and the article with its image and
        # category; its text, rating, tags, pager and related news come from its fragment.
        with self.assertNumQueries(2):
            response = self.client.get("/tin-tuc/trong-tinh/bai-viet/")
        self.assertEqual(response.context["page"], self.article)
        crumbs = [li.get_text(strip=True) for li in soup(response).select(".breadcrumbs li")]
        self.assertEqual(crumbs, ["Trang chủ", "Tin tức", "Tin trong tỉnh", "Bài viết"])

    def test_unknown_and_unpublished_addresses_are_404(self):
        self.assertEqual(self.client.get("/tin-tuc/khong-co/").status_code, 404)
        self.assertEqual(self.client.get("/tin-tuc/trong-tinh/bai-viet/thua/").status_code, 404)
        self.article.unpublish()
        self.assertEqual(self.client.get("/tin-tuc/trong-tinh/bai-viet/").status_code, 404)

    def test_a_section_still_answers_its_own_sub_addresses(self):
        response = self.client.get("/tin-tuc/rss/")
        self.assertEqual(response.status_code, 200)
        self.assertIn("xml", response["Content-Type"])

    def test_an_unpublished_section_still_leads_to_its_live_articles(self):
        self.sub.unpublish()
        self.assertEqual(self.client.get("/tin-tuc/trong-tinh/bai-viet/").status_code, 200)
        self.assertEqual(self.client.get("/tin-tuc/trong-tinh/").status_code, 404)

    @override_settings(ALLOWED_HOSTS=["testserver", "other.example"])
    def test_an_unknown_host_is_served_by_the_default_site(self):
        self.assertEqual(self.client.get(self.article.url, HTTP_HOST="other.example").status_code, 200)

    def test_the_pages_read_by_the_routing_are_the_orms_value_for_value(self):
        """The routing reads its pages with SQL of its own: every field must hold what the ORM would give
        (aware datetimes, booleans, the body's blocks, the related objects), on SQLite as on PostgreSQL."""
        from articles.models import NewsPage
        from home import routing

        image = ImageFactory()
        category = NewsCategoryFactory(name="Chuyển đổi số")
        self.article.featured_image, self.article.featured_image_alt = image, "Ảnh"
        self.article.category = category
        self.article.save_revision().publish()
        served = routing._served_page(NewsPage, self.article.pk)
        expected = NewsPage.objects.select_related("featured_image", "category", "locale").get(
            pk=self.article.pk
        )
        for field in NewsPage._meta.concrete_fields:
            with self.subTest(field=field.name):
                self.assertEqual(
                    repr(field.value_from_object(served)), repr(field.value_from_object(expected))
                )
        self.assertIsNotNone(served.last_published_at.tzinfo)
        with self.assertNumQueries(0):
            self.assertEqual(
                (served.featured_image, served.category, served.locale), (image, category, expected.locale)
            )
        self.assertEqual(served.body.get_prep_value(), expected.body.get_prep_value())

        home = default_home()
        pages = routing._pages_on_the_way(home, ["tin-tuc", "trong-tinh", "bai-viet"])
        # The pages on the way and the article's live translations: the article itself again (in no
        # particular order: the routing sorts them).
        self.assertCountEqual(
            [page.pk for page in pages], [self.section.pk, self.sub.pk, self.article.pk, self.article.pk]
        )
        for page in pages:
            original = Page.objects.get(pk=page.pk)
            for field in Page._meta.concrete_fields:
                with self.subTest(page=page.slug, field=field.name):
                    self.assertEqual(
                        repr(field.value_from_object(page)), repr(field.value_from_object(original))
                    )


# On PostgreSQL the routing's two statements are prepared once per database connection: the server plans
# them once, not on every page view. Transactional: a test closes the database connection.
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared on PostgreSQL only")
transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def routed_article():
    section = NewsIndexPageFactory(title="Tin tức", slug="tin-tuc")
    return NewsPageFactory(parent=section, title="Bài viết", slug="bai-viet")


def prepared_statements():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, generic_plans + custom_plans FROM pg_prepared_statements")
        return dict(cursor.fetchall())


@postgres_only
@transactional
def test_page_views_execute_the_statements_prepared_by_the_first(client, routed_article):
    connection.close()  # a session of the test's own, whatever ran before
    views = 7
    for _ in range(views):
        response = client.get(routed_article.url)
        assert response.status_code == 200 and "Bài viết" in response.content.decode()
    prepared = prepared_statements()
    assert prepared["cong_route_levels_2"] == views
    assert prepared["cong_route_articles_newspage"] == views


@postgres_only
@transactional
def test_a_new_database_connection_prepares_them_again(client, routed_article):
    assert client.get(routed_article.url).status_code == 200
    connection.close()
    assert prepared_statements() == {}  # a new session
    assert "Bài viết" in client.get(routed_article.url).content.decode()
    assert prepared_statements()["cong_route_levels_2"] == 1


@postgres_only
@transactional
@override_settings(DATABASE_PREPARED_STATEMENTS=False)
def test_they_can_be_turned_off_for_a_connection_pooler(client, routed_article):
    connection.close()
    assert "Bài viết" in client.get(routed_article.url).content.decode()
    assert prepared_statements() == {}
