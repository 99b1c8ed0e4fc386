import datetime

from django.urls import reverse

from wagtail.test.utils import WagtailPageTestCase

from documents.listing import facets_and_total, labelled_facets
from documents.models import LegalDocumentPage
from tests.factories import (
    DocumentTypeFactory,
    LegalDocumentIndexPageFactory,
    LegalDocumentPageFactory,
    LegalFieldFactory,
)
from tests.helpers import soup


class SuggestTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.register = LegalDocumentIndexPageFactory()
        cls.decision = LegalDocumentPageFactory(
            parent=cls.register,
            number="39/2021/QĐ-UBND",
            summary="Quy chế quản lý mạng truyền số liệu chuyên dùng",
            issue_date=datetime.date(2021, 9, 15),
        )  # fmt: skip
        cls.other = LegalDocumentPageFactory(
            parent=cls.register, number="390/QĐ-UBND", summary="Đài truyền thanh cấp xã",
            issue_date=datetime.date(2022, 1, 1),
        )  # fmt: skip
        cls.draft = LegalDocumentPageFactory(
            parent=cls.register, number="391/QĐ-UBND", summary="Dự thảo truyền thông", live=False
        )
        cls.url = reverse("legal_documents_suggest")

    def suggest(self, query, **params):
        response = self.client.get(self.url, {"q": query, **params})
        self.assertEqual(response.status_code, 200)
        return [item["number"] for item in response.json()["items"]]

    def test_number_prefix_in_any_spelling(self):
        self.assertEqual(self.suggest("39/2021/qd"), ["39/2021/QĐ-UBND"])
        self.assertEqual(self.suggest("39"), ["39/2021/QĐ-UBND", "390/QĐ-UBND"])
        self.assertEqual(self.suggest("số 390"), ["390/QĐ-UBND"])

    def test_number_and_year_in_any_spelling_come_first(self):
        for query in ("39/2021", "39-2021", "39 năm 2021", "qd 39 2021", "quyết định số 39/2021"):
            with self.subTest(query=query):
                self.assertEqual(self.suggest(query)[0], "39/2021/QĐ-UBND")

    def test_title_words_without_diacritics_the_last_one_as_a_prefix(self):
        self.assertEqual(self.suggest("dai truyen th"), ["390/QĐ-UBND"])
        self.assertEqual(self.suggest("truyền"), ["390/QĐ-UBND", "39/2021/QĐ-UBND"])  # newest first
        item = self.client.get(self.url, {"q": "mang truyen"}).json()["items"][0]
        self.assertEqual(item["url"], self.decision.url)
        self.assertEqual(item["title"], "Quy chế quản lý mạng truyền số liệu chuyên dùng")

    def test_drafts_short_and_hostile_queries(self):
        self.assertNotIn("391/QĐ-UBND", self.suggest("39"))
        self.assertEqual(self.suggest("d"), [])
        self.assertEqual(self.suggest(""), [])
        self.assertEqual(self.suggest("'; DROP TABLE x; -- <script>"), [])
        self.assertEqual(self.suggest("a:* | b & !c"), [])
        response = self.client.get(self.url, {"q": "x" * 101})
        self.assertEqual(response.status_code, 400)
        self.assertIn("100", response.json()["message"])
        self.assertEqual(self.client.get(self.url, {"q": "abc", "locale": "xx"}).status_code, 400)

    def test_the_register_search_box_is_a_combobox_that_works_without_javascript(self):
        document = soup(self.client.get(self.register.url))
        field = document.select_one("#filter-q")
        self.assertTrue(field["data-suggest-url"].startswith(self.url))
        self.assertEqual(field["aria-controls"], "filter-q-suggestions")
        listbox = document.select_one("#filter-q-suggestions")
        self.assertEqual(listbox["role"], "listbox")
        self.assertTrue(listbox.has_attr("hidden"))
        self.assertIsNotNone(document.select_one('script[src$="documents/suggest.js"]'))
        self.assertIsNone(document.select_one("script:not([src])[data-suggest]"))
        self.assertEqual(field.find_parent("form")["method"], "get")


class FacetCountTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.register = LegalDocumentIndexPageFactory()
        cls.plan, cls.decision = DocumentTypeFactory(name="Kế hoạch"), DocumentTypeFactory(name="Quyết định")
        cls.it, cls.health = LegalFieldFactory(name="Công nghệ thông tin"), LegalFieldFactory(name="Y tế")
        specs = [
            ("1/KH", cls.plan, [cls.it], 2021, "mạng truyền số liệu"),
            ("2/KH", cls.plan, [cls.it, cls.health], 2022, "truyền số liệu y tế"),
            ("3/QĐ", cls.decision, [cls.health], 2022, "truyền số liệu bệnh viện"),
            ("4/QĐ", cls.decision, [], 2023, "giá đất"),
        ]
        for number, doc_type, fields, year, summary in specs:
            document = LegalDocumentPageFactory(
                parent=cls.register, number=number, document_type=doc_type, summary=summary,
                issue_date=datetime.date(year, 3, 1),
            )  # fmt: skip
            document.fields.set(fields)
            document.save_revision().publish()

    def facets(self, query="", **filters):
        """Through the register's search service (the search index on PostgreSQL), and directly over the
        document table: both must count the same."""
        from documents.search import Scope, run_search, search_documents

        result = run_search(Scope(register=self.register), query, filters, "relevance")
        facets, total = labelled_facets(result.counts)
        base = LegalDocumentPage.objects.live().with_status()
        base = search_documents(base, query, annotate=False) if query else base
        self.assertEqual(facets_and_total(base, filters), (facets, total))
        self.assertEqual(result.total, total)
        return {name: {label: n for _key, label, n in options} for name, options in facets.items()}, total

    def test_counts_with_a_query(self):
        facets, total = self.facets("truyen so lieu")
        self.assertEqual(total, 3)
        self.assertEqual(facets["type"], {"Kế hoạch": 2, "Quyết định": 1})
        self.assertEqual(facets["field"], {"Công nghệ thông tin": 2, "Y tế": 2})
        self.assertEqual(facets["year"], {"2022": 2, "2021": 1})
        self.assertEqual(sum(facets["status"].values()), 3)

    def test_each_facet_counts_what_the_other_filters_leave(self):
        facets, total = self.facets("truyen so lieu", type=self.plan.pk, field=self.health.pk)
        self.assertEqual(total, 1)
        self.assertEqual(facets["type"], {"Kế hoạch": 1, "Quyết định": 1})  # field filter only
        self.assertEqual(facets["field"], {"Công nghệ thông tin": 2, "Y tế": 1})  # type filter only
        self.assertEqual(facets["year"], {"2022": 1})

    def test_years_newest_first_and_the_page_shows_the_counts(self):
        facets, total = self.facets()
        self.assertEqual(list(facets["year"]), ["2023", "2022", "2021"])
        self.assertEqual(total, 4)
        document = soup(self.client.get(self.register.url, {"q": "truyen so lieu", "year": "2022"}))
        options = [o.get_text(strip=True) for o in document.select("#filter-type option")]
        self.assertIn("Kế hoạch (1)", options)
        self.assertIn("Quyết định (1)", options)
        self.assertEqual(len(document.select(".documents-table tbody tr")), 2)


class ReadingSuggestionTests(WagtailPageTestCase):
    """Suggestions offer the reading of a query typed without diacritics, from the register's own words,
    and follow the documents as they change."""

    @classmethod
    def setUpTestData(cls):
        cls.register = LegalDocumentIndexPageFactory()
        for number, summary in [
            ("1/KH-UBND", "Kế hoạch chuyển đổi số năm 2025"),
            ("2/KH-UBND", "Chương trình chuyển đổi số cấp xã"),
            ("3/TT-BTC", "Hướng dẫn chuyển đổi sở hữu doanh nghiệp"),
        ]:
            LegalDocumentPageFactory(parent=cls.register, number=number, summary=summary)

    def meta(self, query):
        return self.client.get(reverse("legal_documents_suggest"), {"q": query}).json()["meta"]

    def test_the_reading_is_offered_in_vietnamese(self):
        meta = self.meta("chuyen doi so")
        self.assertEqual(meta["reading"], "chuyển đổi số")
        self.assertEqual(meta["reading_prompt"], "Có phải bạn muốn tìm: chuyển đổi số")
        self.assertNotIn("reading", self.meta("chuyển đổi số"))  # typed with its diacritics
        self.assertNotIn("reading", self.meta("xyzzy"))

    def test_the_reading_follows_the_documents(self):
        self.assertEqual(self.meta("so huu")["reading"], "sở hữu")
        for serial in range(3):
            LegalDocumentPageFactory(parent=self.register, number=f"{serial + 5}/QĐ-X", summary="Sổ hưu trí")
        self.assertEqual(self.meta("so huu")["reading"], "sổ hưu")
