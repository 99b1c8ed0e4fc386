"""What a reader, a search engine and a social network see on an article and on the home page."""

import datetime
import json

from wagtail_factories import ImageFactory

from django.utils import timezone

from wagtail.models import Locale
from wagtail.test.utils import WagtailPageTestCase

from home.models import ExternalLink, HomePageNewsSection, HomePageSlide
from tests.factories import (
    LegalDocumentIndexPageFactory,
    LegalDocumentPageFactory,
    NewsCategoryFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    default_home,
)
from tests.helpers import soup


def when(day):
    return timezone.make_aware(datetime.datetime(2026, 3, 1, 9)) + datetime.timedelta(days=day)


class ArticlePageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.section = NewsIndexPageFactory(title="Tin tức - Sự kiện", slug="tin-tuc")
        cls.category = NewsCategoryFactory(name="Chuyển đổi số")
        cls.older = NewsPageFactory(parent=cls.section, title="Bài trước", publication_date=when(1))
        cls.article = NewsPageFactory(
            parent=cls.section,
            title="Tiền Giang đẩy mạnh chuyển đổi số",
            slug="day-manh-chuyen-doi-so",
            summary="Tỉnh đặt mục tiêu 80% hồ sơ trực tuyến toàn trình.",
            publication_date=when(2),
            category=cls.category,
            featured_image=ImageFactory(),
            featured_image_alt="Lãnh đạo Sở phát biểu",
            author="Minh Hiếu",
            source="Báo Ấp Bắc",
            body=[{"type": "paragraph", "value": "<p>" + "chuyển đổi số " * 330 + "</p>"}],
            tag_names=["5G"],
        )
        cls.newer = NewsPageFactory(parent=cls.section, title="Bài sau", publication_date=when(3))
        cls.related = NewsPageFactory(
            parent=NewsIndexPageFactory(slug="khac"), title="Bài cùng chuyên mục", category=cls.category
        )

    def setUp(self):
        self.response = self.client.get(self.article.url)
        self.document = soup(self.response)

    def test_article_shows_date_signature_source_reading_time_and_alt_text(self):
        self.assertEqual(self.document.h1.get_text(strip=True), "Tiền Giang đẩy mạnh chuyển đổi số")
        self.assertEqual(self.document.select_one(".article__meta time").get_text(), "03/03/2026")
        self.assertEqual(self.document.select_one(".article__signature").get_text(), "MINH HIẾU")
        self.assertIn("Báo Ấp Bắc", self.document.select_one(".article__source").get_text())
        self.assertEqual(
            self.document.select_one(".article__reading-time").get_text(strip=True), "5 phút đọc"
        )
        self.assertEqual(self.document.select_one(".article__image img")["alt"], "Lãnh đạo Sở phát biểu")

    def test_json_ld_describes_a_news_article(self):
        scripts = self.document.find_all("script", type="application/ld+json")
        data = json.loads(scripts[0].string)
        self.assertEqual(data["@type"], "NewsArticle")
        self.assertEqual(data["headline"], "Tiền Giang đẩy mạnh chuyển đổi số")
        self.assertEqual(data["datePublished"], "2026-03-03T09:00:00+07:00")
        self.assertEqual(data["author"], {"@type": "Person", "name": "Minh Hiếu"})
        self.assertEqual(data["publisher"]["name"], "Sở Thông tin và Truyền thông")
        self.assertEqual(data["mainEntityOfPage"]["@id"], "http://localhost/tin-tuc/day-manh-chuyen-doi-so/")
        self.assertTrue(data["image"][0].startswith("http://testserver/"))
        self.assertEqual(data["keywords"], ["5G"])

    def test_open_graph_twitter_and_canonical(self):
        def meta(key):
            tag = self.document.find("meta", property=key) or self.document.find("meta", attrs={"name": key})
            return tag["content"]

        self.assertEqual(
            self.document.find("link", rel="canonical")["href"],
            "http://localhost/tin-tuc/day-manh-chuyen-doi-so/",
        )
        self.assertEqual(meta("og:type"), "article")
        self.assertEqual(meta("og:title"), "Tiền Giang đẩy mạnh chuyển đổi số")
        self.assertEqual(meta("og:description"), "Tỉnh đặt mục tiêu 80% hồ sơ trực tuyến toàn trình.")
        self.assertEqual(meta("og:locale"), "vi_VN")
        self.assertTrue(meta("og:image").startswith("http://testserver/"))
        self.assertEqual(meta("twitter:card"), "summary_large_image")

    def test_print_button_and_share_links_need_no_third_party_script(self):
        print_button = self.document.find("button", attrs={"data-print": True})
        self.assertEqual(print_button.get_text(" ", strip=True), "In bài viết")
        share = self.document.find("ul", class_="share")
        hrefs = [a["href"] for a in share.find_all("a")]
        self.assertTrue(any(h.startswith("https://www.facebook.com/sharer/sharer.php?u=http") for h in hrefs))
        self.assertTrue(any(h.startswith("mailto:") for h in hrefs))
        for script in self.document.find_all("script", src=True):
            self.assertTrue(script["src"].startswith("/static/"), script["src"])

    def test_previous_next_and_related_articles(self):
        pager = self.document.find("nav", class_="pager")
        self.assertIn("Bài trước", pager.find("a", rel="prev").get_text())
        self.assertIn("Bài sau", pager.find("a", rel="next").get_text())
        related = [a.get_text(strip=True) for a in self.document.select(".related .news-item__title a")]
        self.assertEqual(related[0], "Bài cùng chuyên mục")
        self.assertNotIn("Tiền Giang đẩy mạnh chuyển đổi số", related)

    def test_tag_links_lead_to_the_filtered_section(self):
        link = self.document.select_one(".tag-list a")
        self.assertEqual(link.get_text(), "#5G")
        self.assertEqual(self.client.get(link["href"]).status_code, 200)


class HomePageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = default_home()
        section = NewsIndexPageFactory(title="Tin tức - Sự kiện", slug="tin-tuc")
        NewsPageFactory(parent=section, title="Tin nổi bật nhất", featured=True, publication_date=when(5))
        NewsPageFactory(parent=section, title="Tin thường", publication_date=when(4))
        HomePageNewsSection.objects.create(page=cls.home, section=section, count=3)
        image = ImageFactory()
        for order, caption in enumerate(["Hội nghị tổng kết", "Tập huấn an toàn thông tin"]):
            HomePageSlide.objects.create(
                page=cls.home, image=image, alt_text=f"Ảnh: {caption}", caption=caption, sort_order=order
            )
        LegalDocumentPageFactory(parent=LegalDocumentIndexPageFactory(), number="39/2021/QĐ-UBND")
        ExternalLink.objects.create(
            title="Cổng Dịch vụ công quốc gia", url="https://dichvucong.gov.vn/", locale=Locale.get_default()
        )

    def setUp(self):
        self.document = soup(self.client.get(self.home.url))

    def heading(self, text):
        return next(h for h in self.document.find_all(["h2", "h3"]) if h.get_text(strip=True) == text)

    def test_every_block_is_on_the_home_page(self):
        self.assertIn("Tin nổi bật nhất", self.heading("Tin nổi bật").find_parent("section").get_text())
        section_block = self.heading("Tin tức - Sự kiện").find_parent("section")
        self.assertIn("Tin thường", section_block.get_text())
        # The “Văn bản mới” block of the legal documents app, in the sidebar.
        self.assertIn("39/2021/QĐ-UBND", self.document.find("section", class_="latest-documents").get_text())
        links = self.document.find("section", class_="home-links")
        self.assertIn("Cổng Dịch vụ công quốc gia", links.get_text())

    def test_slideshow_is_labelled_pausable_and_keyboard_operable(self):
        slideshow = self.heading("Hình ảnh hoạt động").find_parent("section")
        self.assertEqual(slideshow["aria-roledescription"], "băng chuyền ảnh")
        slides = slideshow.select(".slideshow__slide")
        self.assertEqual(
            [s.img["alt"] for s in slides], ["Ảnh: Hội nghị tổng kết", "Ảnh: Tập huấn an toàn thông tin"]
        )
        self.assertEqual(slides[0]["aria-label"], "1 / 2")
        rotation = slideshow.find("button", attrs={"data-slideshow-rotation": True})
        self.assertEqual(rotation.get_text(" ", strip=True), "❚❚ Dừng trình chiếu")
        buttons = slideshow.find_all("button")
        self.assertTrue(all(b.get("type") == "button" for b in buttons))
        self.assertEqual(
            [
                b.get_text(" ", strip=True)
                for b in slideshow.find_all("button", attrs={"data-slideshow-goto": True})
            ],
            ["Ảnh 1", "Ảnh 2"],
        )

    def test_headings_descend_without_skipping_levels(self):
        levels = [int(h.name[1]) for h in self.document.find_all(["h1", "h2", "h3", "h4"])]
        self.assertEqual(levels[0], 1)
        for before, after in zip(levels, levels[1:], strict=False):
            self.assertLessEqual(after, before + 1, levels)

    def test_home_page_renders_without_news_slides_or_documents(self):
        HomePageSlide.objects.all().delete()
        HomePageNewsSection.objects.all().delete()
        response = self.client.get(self.home.url)
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(soup(response).find("section", class_="slideshow"))
