from django.urls import reverse

from wagtail.test.utils import WagtailPageTestCase

from tests.factories import StandardPageFactory
from tests.helpers import soup


class SiteSearchTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = StandardPageFactory(title="Chức năng, nhiệm vụ", intro="Tham mưu về chuyển đổi số")

    def test_finds_a_live_page_by_its_title(self):
        response = self.client.get(reverse("search"), {"query": "nhiệm vụ"})
        self.assertEqual(response.status_code, 200)
        titles = [a.get_text(strip=True) for a in soup(response).select(".search-results h2 a")]
        self.assertIn("Chức năng, nhiệm vụ", titles)
        self.assertIn("no-cache", response["Cache-Control"])

    def test_does_not_find_draft_pages(self):
        self.page.unpublish()
        response = self.client.get(reverse("search"), {"query": "nhiệm vụ"})
        self.assertContains(response, "Không tìm thấy kết quả nào")

    def test_bad_page_numbers_never_fail(self):
        for value in ["abc", "-1", "999999", "1e9", ""]:
            with self.subTest(page=value):
                response = self.client.get(reverse("search"), {"query": "nhiệm vụ", "page": value})
                self.assertEqual(response.status_code, 200)

    def test_hostile_query_is_escaped(self):
        response = self.client.get(reverse("search"), {"query": "<script>alert(1)</script>"})
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "<script>alert(1)</script>")
