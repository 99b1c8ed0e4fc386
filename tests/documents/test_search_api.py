import datetime

from django.urls import reverse

from wagtail.test.utils import WagtailPageTestCase

from documents.search import parse_query
from documents.templatetags.legal_documents_tags import highlight
from tests.factories import DocumentTypeFactory, LegalDocumentIndexPageFactory, LegalDocumentPageFactory
from tests.helpers import soup


class SearchFixture(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.register = LegalDocumentIndexPageFactory()
        cls.plan = DocumentTypeFactory(name="Kế hoạch")
        cls.decision = LegalDocumentPageFactory(
            parent=cls.register,
            number="39/2021/QĐ-UBND",
            summary="Ban hành Quy chế quản lý mạng truyền số liệu chuyên dùng",
            issue_date=datetime.date(2021, 9, 15),
        )
        cls.plan_doc = LegalDocumentPageFactory(
            parent=cls.register,
            number="12/KH-UBND",
            document_type=cls.plan,
            summary="Kế hoạch chuyển đổi số và phát triển mạng truyền số liệu năm 2026",
            issue_date=datetime.date(2026, 1, 15),
        )
        cls.other = LegalDocumentPageFactory(
            parent=cls.register,
            number="5/2020/QĐ-UBND",
            summary="Quy định giá đất",
            issue_date=datetime.date(2020, 1, 1),
        )


class RegisterSearchTests(SearchFixture):
    def test_query_and_filters_combine_and_facets_count_the_results(self):
        document = soup(self.client.get(self.register.url, {"q": "truyen so lieu"}))
        self.assertIn("2 văn bản", document.select_one(".result-count").get_text())
        options = [o.get_text(strip=True) for o in document.select("#filter-type option")]
        self.assertIn("Kế hoạch (1)", options)
        self.assertIn("Quyết định (1)", options)
        filtered = soup(self.client.get(self.register.url, {"q": "truyen so lieu", "type": self.plan.pk}))
        rows = filtered.select(".documents-table tbody tr")
        self.assertEqual(len(rows), 1)
        self.assertIn("12/KH-UBND", rows[0].get_text())
        self.assertEqual(filtered.select_one("#filter-q")["value"], "truyen so lieu")

    def test_matched_words_are_highlighted_without_diacritics_in_the_query(self):
        document = soup(self.client.get(self.register.url, {"q": "truyen so lieu"}))
        marks = {mark.get_text() for mark in document.select(".documents-table mark")}
        # the words typed together are marked together; "so" alone (Sở, số) is not marked on its own
        self.assertEqual(marks, {"truyền số liệu"})

    def test_no_result_gives_advice_in_vietnamese(self):
        response = self.client.get(self.register.url, {"q": "khong co gi ca xyz"})
        self.assertContains(response, "Không có văn bản nào khớp với “khong co gi ca xyz”")
        self.assertContains(response, "“quyet dinh” tìm được “Quyết định”")

    def test_hostile_queries_are_escaped_and_never_fail(self):
        for query in ["<script>alert(1)</script>", "a" * 1000, "\u0000\u202e", "%%%", "🙂 đ"]:
            with self.subTest(query=query[:20]):
                response = self.client.get(self.register.url, {"q": query})
                # NUL in a query string is refused for every view (home/params.py).
                self.assertEqual(response.status_code, 400 if "\u0000" in query else 200)
                self.assertNotContains(
                    response, "<script>alert(1)</script>", status_code=response.status_code
                )

    def test_highlight_escapes_the_document_text(self):
        html = highlight("<b>Quy chế</b> mạng", parse_query("mang"))
        self.assertEqual(html, "&lt;b&gt;Quy chế&lt;/b&gt; <mark>mạng</mark>")


class LegalDocumentsApiTests(SearchFixture):
    url = reverse("legal_documents_api")

    def test_search_returns_items_meta_and_facets(self):
        response = self.client.get(self.url, {"search": "qd 39 2021"})
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertGreaterEqual(body["meta"]["total_count"], 1)
        first = body["items"][0]
        self.assertEqual(first["number"], "39/2021/QĐ-UBND")
        self.assertEqual(first["meta"]["type"], "documents.LegalDocumentPage")
        self.assertEqual(first["issue_date"], "2021-09-15")
        self.assertEqual(first["status"], "in_force")
        self.assertEqual(first["status_label"], "Còn hiệu lực")
        self.assertIn("type", body["meta"]["facets"])

    def test_a_number_with_its_year_alone_finds_the_document_first_on_the_api_and_the_page(self):
        # Issue 20: "39/2021" and "91/2025" found nothing (read as number 91 with symbol "2025").
        law = LegalDocumentPageFactory(
            parent=self.register,
            number="91/2025/QH15",
            summary="Luật Bảo vệ dữ liệu cá nhân",
            issue_date=datetime.date(2025, 6, 26),
        )
        for query, expected in (("39/2021", self.decision), ("91/2025", law)):
            with self.subTest(query=query):
                body = self.client.get(self.url, {"search": query}).json()
                self.assertEqual(body["items"][0]["number"], expected.number)
                page = self.client.get(self.register.url, {"q": query})
                first = soup(page).select_one(".documents-table tbody tr")
                self.assertIn(expected.number, first.get_text())

    def test_filters_order_and_paging(self):
        body = self.client.get(self.url, {"order": "-issue_date", "limit": 2}).json()
        self.assertEqual(body["meta"]["total_count"], 3)
        self.assertEqual([item["number"] for item in body["items"]], ["12/KH-UBND", "39/2021/QĐ-UBND"])
        body = self.client.get(self.url, {"order": "-issue_date", "limit": 2, "offset": 2}).json()
        self.assertEqual([item["number"] for item in body["items"]], ["5/2020/QĐ-UBND"])
        body = self.client.get(self.url, {"type": self.plan.pk, "year": 2026}).json()
        self.assertEqual([item["number"] for item in body["items"]], ["12/KH-UBND"])

    def test_bad_parameters_are_400_with_a_message(self):
        for params in [
            {"foo": "1"},
            {"limit": "abc"},
            {"limit": "1000"},
            {"offset": "-1"},
            {"type": "x"},
            {"status": "alive"},
            {"order": "title"},
            {"locale": "fr"},
        ]:
            with self.subTest(params=params):
                response = self.client.get(self.url, params)
                self.assertEqual(response.status_code, 400)
                self.assertTrue(response.json()["message"])

    def test_long_and_odd_queries_are_handled(self):
        for query in ["x" * 1000, "\u202e\u0000đ", "39/", "////"]:
            with self.subTest(query=query[:10]):
                expected = 400 if "\u0000" in query else 200  # NUL: refused for every view (home/params.py)
                self.assertEqual(self.client.get(self.url, {"search": query}).status_code, expected)

    def test_unpublished_documents_are_not_listed(self):
        self.other.unpublish()
        numbers = [item["number"] for item in self.client.get(self.url).json()["items"]]
        self.assertNotIn("5/2020/QĐ-UBND", numbers)
