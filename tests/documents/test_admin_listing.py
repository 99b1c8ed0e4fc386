"""“Văn bản pháp luật” in the admin: one search service for the public register, the JSON API and the
admin (documents.search), so editors get the same documents as readers for the same query."""

import unittest
from unittest import mock

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from wagtail.models import PageViewRestriction

from documents.search import postgres as search_index
from tests.factories import LegalDocumentIndexPageFactory, LegalDocumentPageFactory
from tests.helpers import import_shipped_corpus, soup
from tests.workflow.helpers import make_user, setup_portal

LISTING = "legal_documents:index"
QUERIES = [
    "39/2021/QD-UBND",
    "39/2021/QĐ-UBND",
    "qd 39 2021",
    "quyet dinh ve mang truyen so lieu chuyen dung",
    "đài truyền thanh cấp xã",
    "dai truyen thanh",
    "luat an ninh mang",
    "bảo vệ dữ liệu cá nhân",
    "thu tuc hanh chinh",
    "Thanh Hoá",
    "xyzzy không có",
    # issue 20: a number in any spelling, a type, an issuer's name or abbreviation, a law by its title
    "39/2021",
    "91/2025",
    "39-2021",
    "quyết định 39 năm 2021",
    "thong tu 41/2021 btc",
    "thong tu bo tttt danh muc dich vu vien thong",
    "luat giao thong duong bo",
]


class AdminMatchesApiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_portal()
        cls.register = LegalDocumentIndexPageFactory()
        import_shipped_corpus(cls.register)
        cls.leader = make_user("lanh-dao", "leader")

    def admin_ids(self, query, **params):
        response = self.client.get(reverse(LISTING), {"q": query, **params})
        self.assertEqual(response.status_code, 200)
        return [page.pk for page in response.context["object_list"]], response

    def api_ids(self, query):
        response = self.client.get("/api/v2/legal-documents/", {"search": query, "limit": 50})
        return [item["id"] for item in response.json()["items"]]

    def test_the_admin_and_the_api_return_the_same_documents_in_the_same_order(self):
        self.client.force_login(self.leader)
        admin_answers = {query: self.admin_ids(query)[0] for query in QUERIES}
        self.client.logout()
        for query in QUERIES:
            with self.subTest(query=query):
                self.assertEqual(admin_answers[query], self.api_ids(query))
        self.assertTrue(admin_answers["39/2021/QD-UBND"])
        self.assertEqual(admin_answers["xyzzy không có"], [])

    @unittest.skipUnless(search_index.enabled(), "the candidate tiers are the PostgreSQL search index's")
    def test_broad_queries_order_the_same_when_few_candidates_get_the_full_score(self):
        # 100,000 documents make most queries match more than the 200 fully scored candidates; with 5,
        # the shipped corpus does: the admin must pick the same candidates as the register and the API.
        with mock.patch.object(search_index, "CANDIDATES", 5):
            self.test_the_admin_and_the_api_return_the_same_documents_in_the_same_order()

    def test_searching_in_the_registers_explorer_gives_the_same_documents(self):
        self.client.force_login(self.leader)
        explore = reverse("wagtailadmin_explore", args=(self.register.pk,))
        for query in QUERIES:
            with self.subTest(query=query):
                response = self.client.get(explore, {"q": query})
                self.assertEqual(response.status_code, 200)
                self.assertEqual([page.pk for page in response.context["object_list"]], self.api_ids(query))
        # sorted by a column: the same matches, in the column's order
        response = self.client.get(explore, {"q": "du lieu ca nhan", "ordering": "title"})
        titles = [page.title for page in response.context["object_list"]]
        self.assertEqual(titles, sorted(titles))
        self.assertEqual(
            response.context["paginator"].count,
            self.client.get("/api/v2/legal-documents/", {"search": "du lieu ca nhan"}).json()["meta"][
                "total_count"
            ],
        )

    def test_a_document_number_in_any_spelling_comes_first(self):
        self.client.force_login(self.leader)
        for query in (
            "39/2021/QD-UBND",
            "39/2021/qđ-ubnd",
            "số 39/2021/QĐ-UBND",
            "quyết định 39 năm 2021",
            "qd 39-2021",
            "39/2021 ubnd",
        ):
            with self.subTest(query=query):
                ids, response = self.admin_ids(query)
                self.assertEqual(response.context["object_list"][0].number, "39/2021/QĐ-UBND")
        ids, response = self.admin_ids("91/2025")
        self.assertEqual(response.context["object_list"][0].number, "91/2025/QH15")

    def test_sorting_by_a_column_keeps_the_matches(self):
        self.client.force_login(self.leader)
        by_relevance, relevance_response = self.admin_ids("du lieu ca nhan")
        by_date, response = self.admin_ids("du lieu ca nhan", ordering="-sort_date")
        self.assertEqual(by_relevance[0], self.api_ids("du lieu ca nhan")[0])
        self.assertNotEqual(by_relevance, by_date)
        self.assertEqual(relevance_response.context["paginator"].count, response.context["paginator"].count)
        dates = [page.sort_date for page in response.context["object_list"]]
        self.assertEqual(dates, sorted(dates, reverse=True))

    def test_the_columns_show_number_type_issuer_date_and_status(self):
        self.client.force_login(self.leader)
        _ids, response = self.admin_ids("24/2018/QH14")
        document = response.context["object_list"][0]
        headings = [th.get_text(" ", strip=True) for th in soup(response).select("table thead th")]
        with translation.override("vi"):
            for label in ("Number", "Document type", "Issuing body", "Issue date", "Validity status"):
                self.assertIn(translation.gettext(label), headings)
        row = soup(response).select_one("table tbody tr").get_text(" ", strip=True)
        self.assertIn("24/2018/QH14", row)
        self.assertIn(document.document_type.name, row)
        self.assertIn(document.issuing_body.name, row)
        self.assertIn(document.issue_date.strftime("%d/%m/%Y"), row)
        with translation.override("vi"):
            self.assertIn(str(document.status.label), row)

    def test_no_more_queries_than_wagtails_explorer_of_the_register(self):
        """The rows' buttons (Wagtail's and wagtail-localize's) cost queries per page in the explorer too;
        the listing adds none of its own per row: its columns come with the page of results."""
        self.client.force_login(self.leader)
        explore = reverse("wagtailadmin_explore", args=(self.register.pk,))
        self.client.get(explore)  # warm the per-user caches
        with CaptureQueriesContext(connection) as explorer_queries:
            explorer = self.client.get(explore)
        with CaptureQueriesContext(connection) as listing_queries:
            ids, _response = self.admin_ids("quyet dinh")
        self.assertEqual(len(ids), len(explorer.context["object_list"]))
        self.assertLessEqual(len(listing_queries), len(explorer_queries) + 3)


class AdminListingPermissionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_portal()
        cls.register = LegalDocumentIndexPageFactory()
        cls.public = LegalDocumentPageFactory(
            parent=cls.register, number="1/2026/QĐ-UBND", summary="Quy chế quản lý cổng thông tin"
        )
        cls.draft = LegalDocumentPageFactory(
            parent=cls.register, number="2/2026/QĐ-UBND", summary="Dự thảo quy chế cổng thông tin", live=False
        )
        cls.restricted = LegalDocumentPageFactory(
            parent=cls.register, number="3/2026/QĐ-UBND", summary="Quy chế nội bộ về cổng thông tin"
        )
        PageViewRestriction.objects.create(page=cls.restricted, restriction_type="login")
        cls.users = {
            role: make_user(f"user-{role}", role)
            for role in ("editor", "secretary", "leader", "administrator", "reader")
        }

    def test_each_role_reaches_the_listing_when_it_could_explore_the_register_or_may_read_it(self):
        explore = reverse("wagtailadmin_explore", args=(self.register.pk,))
        # Cán bộ tra cứu reads the register (read only) without exploring the page tree.
        listing = {"editor": 200, "secretary": 200, "leader": 200, "administrator": 302, "reader": 200}
        explorer = {**listing, "reader": 302}
        for role, user in self.users.items():
            with self.subTest(role=role):
                self.client.force_login(user)
                status = self.client.get(reverse(LISTING), {"q": "cong thong tin"}).status_code
                self.assertEqual(status, listing[role])
                self.assertEqual(self.client.get(explore).status_code, explorer[role])
                menu = self.client.get(reverse("wagtailadmin_home")).content.decode()
                self.assertEqual(reverse(LISTING) in menu, listing[role] == 200)

    def test_staff_see_drafts_and_restricted_documents_readers_the_public_ones(self):
        self.client.force_login(self.users["editor"])
        response = self.client.get(reverse(LISTING), {"q": "quy che cong thong tin"})
        self.assertEqual(
            {page.pk for page in response.context["object_list"]},
            {self.public.pk, self.draft.pk, self.restricted.pk},
        )
        self.client.logout()
        api = self.client.get("/api/v2/legal-documents/", {"search": "quy che cong thong tin"}).json()
        self.assertEqual([item["id"] for item in api["items"]], [self.public.pk])


class AdminListingFilterTests(TestCase):
    def test_filters_by_type_and_issuing_body_combine_with_a_query(self):
        from tests.factories import DocumentTypeFactory, IssuingBodyFactory

        setup_portal()
        register = LegalDocumentIndexPageFactory()
        decision, plan = DocumentTypeFactory(name="Quyết định"), DocumentTypeFactory(name="Kế hoạch")
        province = IssuingBodyFactory(name="UBND tỉnh")
        wanted = LegalDocumentPageFactory(
            parent=register,
            document_type=decision,
            issuing_body=province,
            summary="Quy chế an toàn thông tin",
        )
        LegalDocumentPageFactory(
            parent=register, document_type=plan, issuing_body=province, summary="Kế hoạch an toàn thông tin"
        )
        LegalDocumentPageFactory(parent=register, document_type=decision, summary="Quy định về giá đất")
        self.client.force_login(make_user("lanh-dao", "leader"))
        response = self.client.get(
            reverse(LISTING),
            {"q": "an toan thong tin", "document_type": decision.pk, "issuing_body": province.pk},
        )
        self.assertEqual([page.pk for page in response.context["object_list"]], [wanted.pk])
