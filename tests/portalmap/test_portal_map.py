"""Sơ đồ cổng: the sections of the portal as nested links, in the reader's language."""

from wagtail.models import Locale
from wagtail.test.utils import WagtailPageTestCase

from home.localize import translate_with_localize
from tests.factories import NewsIndexPageFactory, NewsPageFactory, StandardPageFactory, default_home
from tests.factories.organisation import PortalMapPageFactory
from tests.helpers import soup


def tree(response):
    def walk(items):
        return [
            (li.find("a", recursive=False).get_text(), walk(li.select(":scope > ul > li"))) for li in items
        ]

    return walk(soup(response).select(".portal-map__tree > li"))


class PortalMapTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.about = StandardPageFactory(title="Giới thiệu", slug="gioi-thieu")
        cls.functions = StandardPageFactory(title="Chức năng, nhiệm vụ", slug="chuc-nang", parent=cls.about)
        cls.news = NewsIndexPageFactory(title="Tin tức", slug="tin-tuc")
        NewsPageFactory(parent=cls.news, title="Một bài viết")
        cls.map = PortalMapPageFactory()

    def test_the_map_nests_the_sections_under_the_home_page_without_the_articles(self):
        response = self.client.get(self.map.url)
        self.assertEqual(
            tree(response),
            [
                (
                    "Trang chủ",
                    [("Giới thiệu", [("Chức năng, nhiệm vụ", [])]), ("Tin tức", []), ("Sơ đồ cổng", [])],
                )
            ],
        )
        self.assertNotIn("Một bài viết", response.content.decode())

    def test_a_page_published_later_appears_on_the_map(self):
        self.client.get(self.map.url)
        StandardPageFactory(title="Liên hệ", slug="lien-he")
        self.assertIn("Liên hệ", [title for title, _children in tree(self.client.get(self.map.url))[0][1]])

    def test_the_english_map_shows_the_english_pages(self):
        translate_with_localize(default_home(), {"Trang chủ": "Home"})
        translate_with_localize(self.about, {"Giới thiệu": "About"})
        translate_with_localize(self.map, {"Sơ đồ cổng": "Site map"})
        english = self.map.get_translation(Locale.objects.get(language_code="en"))
        top = tree(self.client.get(english.url))
        self.assertEqual(top[0][0], "Home")
        self.assertEqual([title for title, _children in top[0][1]], ["About", "Site map"])
