import datetime

from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import translation

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.test.utils import WagtailPageTestCase

from search.models import SearchQueryDay
from search.querylog import beacon_token, log_query, normalise
from tests.engagement import BROWSER, beacon, browser
from tests.factories import LegalDocumentIndexPageFactory, LegalDocumentPageFactory, StandardPageFactory
from tests.helpers import soup


def promote(query, page=None, **kwargs):
    return SearchPromotion.objects.create(query=Query.get(query), page=page, **kwargs)


class PromotionTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.prices = StandardPageFactory(title="Bảng giá đất 2026", intro="Tra cứu giá đất")
        cls.other = StandardPageFactory(title="Giá đất nông nghiệp", intro="Giá đất nông nghiệp")
        cls.register = LegalDocumentIndexPageFactory()
        cls.decision = LegalDocumentPageFactory(
            parent=cls.register, number="5/2020/QĐ-UBND", summary="Quy định bảng giá các loại đất"
        )
        promote("giá đất", page=cls.prices, description="Bảng giá đất mới nhất của tỉnh")
        promote("giá đất", page=cls.decision)

    def test_promoted_results_come_first_labelled_in_vietnamese_and_english(self):
        response = self.client.get(reverse("search"), {"query": "giá đất"})
        document = soup(response)
        sections = document.select("section.search-group")
        self.assertEqual(sections[0].h2.get_text(strip=True), "Kết quả đề xuất")
        links = [a.get_text(strip=True) for a in sections[0].select("a")]
        self.assertEqual(links, ["Bảng giá đất 2026", self.decision.title])
        self.assertIn("Bảng giá đất mới nhất của tỉnh", sections[0].get_text())
        with translation.override("en"):
            english_search = reverse("search")
        self.assertEqual(english_search, "/en/search/")
        response = self.client.get(english_search, {"query": "giá đất"})
        self.assertIn("Suggested results", [h.get_text(strip=True) for h in soup(response).select("h2")])

    def test_a_promotion_matches_without_diacritics_and_case(self):
        for query in ("gia dat", "GIÁ   ĐẤT", "Giá đất"):
            with self.subTest(query=query):
                document = soup(self.client.get(reverse("search"), {"query": query}))
                self.assertEqual(
                    document.select_one("#search-group-promoted").get_text(strip=True), "Kết quả đề xuất"
                )

    def test_no_promotion_for_other_queries_and_unpublished_pages_are_left_out(self):
        document = soup(self.client.get(reverse("search"), {"query": "nông nghiệp"}))
        self.assertIsNone(document.select_one("#search-group-promoted"))
        self.prices.unpublish()
        document = soup(self.client.get(reverse("search"), {"query": "giá đất"}))
        links = [a.get_text(strip=True) for a in document.select("#search-group-promoted ~ ol a")]
        self.assertNotIn("Bảng giá đất 2026", links)

    def test_a_promoted_legal_document_comes_first_on_the_register(self):
        document = soup(self.client.get(self.register.url, {"q": "gia dat"}))
        promoted = document.select_one("section.search-group--promoted")
        self.assertEqual(promoted.h2.get_text(strip=True), "Kết quả đề xuất")
        self.assertIn("5/2020/QĐ-UBND", promoted.get_text())
        # the promoted standard page is not a document of the register
        self.assertNotIn("Bảng giá đất 2026", promoted.get_text())

    def test_changing_a_promotion_shows_at_once(self):
        promote("chuyển đổi số", page=self.other)
        document = soup(self.client.get(reverse("search"), {"query": "chuyen doi so"}))
        self.assertIn("Giá đất nông nghiệp", document.select_one("section.search-group--promoted").get_text())


class QueryLogTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.page = StandardPageFactory(title="Chuyển đổi số", intro="Kế hoạch chuyển đổi số")
        cls.register = LegalDocumentIndexPageFactory()
        LegalDocumentPageFactory(parent=cls.register, number="39/2021/QĐ-UBND", summary="Mạng truyền số liệu")

    def test_site_searches_are_grouped_by_their_folded_form_with_their_result_count(self):
        for query in ("Chuyển đổi số", "chuyen doi so", "  CHUYỂN  ĐỔI SỐ "):
            self.client.get(reverse("search"), {"query": query})
        row = SearchQueryDay.objects.get()
        # Every spelling finds the page: none of the three searches was empty.
        self.assertEqual((row.key, row.source, row.hits, row.empty_hits), ("chuyen doi so", "site", 3, 0))
        self.assertEqual(row.text, "chuyển đổi số")
        self.assertGreaterEqual(row.results, 1)

    def test_no_result_searches_are_counted_empty_queries_and_later_pages_are_not_logged(self):
        self.client.get(reverse("search"), {"query": "xyzzy khong co"})
        self.client.get(reverse("search"), {"query": "   "})
        self.client.get(reverse("search"), {"query": "xyzzy khong co", "page": "2"})
        row = SearchQueryDay.objects.get()
        self.assertEqual((row.hits, row.empty_hits, row.results), (1, 1, 0))

    def load_register(self, **params):
        """The register page as a browser loads it: the page, then its beacon; the beacon's answer."""
        page = self.client.get(self.register.url, params, **browser())
        search = soup(page).select_one("script#visit-beacon").get("data-search")
        return beacon(self.client, page=self.register.pk, path=self.register.url, search=search)

    def test_register_searches_are_logged_by_the_beacon_apart_from_site_searches(self):
        self.client.get(self.register.url, {"q": "truyen so lieu"})  # rendered, never loaded: not logged
        self.assertFalse(SearchQueryDay.objects.exists())
        self.assertEqual(self.load_register(q="truyen so lieu").status_code, 200)
        self.load_register()  # no query: nothing to log
        self.load_register(type="1")
        self.load_register(q="truyen so lieu", page="2")  # a later page of the same search
        row = SearchQueryDay.objects.get()
        self.assertEqual((row.key, row.source, row.hits, row.results), ("truyen so lieu", "register", 1, 1))

    def test_a_register_search_served_from_the_page_cache_is_logged_each_time(self):
        with self.settings(PAGE_CACHE_ENABLED=True):
            for _ in range(3):
                self.load_register(q="khong co xyzzy")
        row = SearchQueryDay.objects.get()
        self.assertEqual((row.hits, row.empty_hits, row.results), (3, 3, 0))

    def test_a_forged_or_bot_sent_search_token_logs_nothing(self):
        token = beacon_token("truyen so lieu", "register", 1)
        beacon(self.client, path=self.register.url, search=token[:-2] + "xx")
        beacon(self.client, path=self.register.url, search=beacon_token("x", "admin", 1))
        beacon(self.client, path=self.register.url, search={"q": "x"})
        beacon(self.client, path=self.register.url, search=token, agent="Googlebot/2.1 " + BROWSER)
        self.assertFalse(SearchQueryDay.objects.exists())
        beacon(self.client, path=self.register.url, search=token)
        self.assertEqual(SearchQueryDay.objects.get().hits, 1)

    def test_one_query_per_logged_search_once_the_day_row_exists(self):
        log_query("giá đất", "site", 3)
        with self.assertNumQueries(1):
            log_query("Gia Dat", "site", 0)
        row = SearchQueryDay.objects.get()
        self.assertEqual((row.hits, row.empty_hits), (2, 1))

    def test_normalise_is_nfc_lowercase_and_drops_control_characters(self):
        decomposed = "Gia\u0301 \u0111a\u0302\u0301t\x00"
        self.assertEqual(normalise(decomposed), ("giá đất", "gia dat"))


class SearchTermsReportTests(WagtailPageTestCase):
    def setUp(self):
        from documents.models import today

        day = today()
        for key, text, hits, empty, age in [
            ("gia dat", "giá đất", 9, 0, 1),
            ("chuyen doi so", "chuyển đổi số", 4, 0, 2),
            ("xyzzy", "xyzzy", 2, 2, 3),
            ("cu", "cũ", 50, 50, 20),
        ]:
            SearchQueryDay.objects.create(
                key=key, text=text, source="site", day=day - datetime.timedelta(days=age), hits=hits,
                empty_hits=empty, results=0 if empty else 3,
            )  # fmt: skip
        self.url = reverse("search_terms_report")

    def test_superuser_sees_frequent_and_no_result_queries_for_the_period(self):
        self.login()
        document = soup(self.client.get(self.url))
        frequent, empty = document.select("table.listing")
        self.assertEqual(
            [td.get_text() for td in frequent.select("tbody tr td:first-child")],
            ["giá đất", "chuyển đổi số", "xyzzy"],
        )
        self.assertEqual([td.get_text() for td in empty.select("tbody tr td:first-child")], ["xyzzy"])
        month = soup(self.client.get(self.url, {"days": "30"}))
        self.assertEqual(month.select("table.listing")[0].select_one("tbody td").get_text(), "cũ")
        self.assertEqual(self.client.get(self.url, {"days": "abc"}).status_code, 200)

    def test_permission_is_required_and_granted_through_a_group(self):
        user = self.create_user("editor", password="x")  # noqa: S106 - test password
        group = Group.objects.create(name="Search report readers")
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        user.groups.add(group)
        self.client.force_login(user)
        response = self.client.get(self.url)
        self.assertNotEqual(response.status_code, 200)
        menu = self.client.get(reverse("wagtailadmin_home"))
        self.assertNotContains(menu, self.url)
        group.permissions.add(Permission.objects.get(codename="view_searchqueryday"))
        user = type(user).objects.get(pk=user.pk)
        self.client.force_login(user)
        self.assertEqual(self.client.get(self.url).status_code, 200)
