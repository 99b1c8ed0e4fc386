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
        titles = [a.get_text().strip() for a in soup(response).select(".search-results h3 a")]
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


class SiteSearchLegalDocumentsTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        from tests.factories import LegalDocumentIndexPageFactory, LegalDocumentPageFactory

        register = LegalDocumentIndexPageFactory()
        cls.document = LegalDocumentPageFactory(
            parent=register,
            number="39/2021/QĐ-UBND",
            summary="Ban hành Quy chế quản lý mạng truyền số liệu chuyên dùng",
        )
        StandardPageFactory(title="Giới thiệu mạng truyền số liệu", intro="Trang giới thiệu")

    def test_header_search_finds_legal_documents_without_diacritics_grouped_first(self):
        response = self.client.get(reverse("search"), {"query": "truyen so lieu"})
        document = soup(response)
        groups = [h2.get_text(strip=True) for h2 in document.select(".search-group h2")]
        self.assertEqual(groups[0], "Văn bản pháp luật (1 văn bản khớp)")
        first = document.select_one(".search-group .search-results a")
        self.assertEqual(first["href"], self.document.url)
        # the words typed together are marked together
        self.assertEqual({m.get_text() for m in first.find_all("mark")}, {"truyền số liệu"})

    def test_a_document_number_in_any_spelling(self):
        for query in ["39/2021/qd-ubnd", "qd 39 2021"]:
            with self.subTest(query=query):
                document = soup(self.client.get(reverse("search"), {"query": query}))
                self.assertEqual(
                    document.select_one(".search-group .search-results a")["href"], self.document.url
                )
