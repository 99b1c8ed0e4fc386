"""A search's counts and window are kept (documents.search), per register version and day: a repeated
query costs no search, and whatever changes what a reader may see makes the kept answer stale at once."""

import datetime

import time_machine

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

from documents.search import reading
from tests.factories import LegalDocumentIndexPageFactory, LegalDocumentPageFactory, default_home

API = "/api/v2/legal-documents/"


class RememberedSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.register = LegalDocumentIndexPageFactory(parent=default_home())
        cls.public = LegalDocumentPageFactory(
            parent=cls.register,
            number="39/2021/QĐ-UBND",
            summary="Quyết định về chuyển đổi số",
            issue_date=datetime.date(2021, 5, 4),
        )
        cls.other = LegalDocumentPageFactory(
            parent=cls.register,
            number="12/2024/QĐ-UBND",
            summary="Quyết định về chuyển đổi số cấp xã",
            issue_date=datetime.date(2024, 2, 1),
        )

    def api(self, search):
        response = self.client.get(API, {"search": search})
        self.assertEqual(response.status_code, 200)
        body = response.json()
        return body["meta"]["total_count"], [item["number"] for item in body["items"]]

    def queries(self, search):
        with CaptureQueriesContext(connection) as captured:
            self.api(search)
        return len(captured.captured_queries)

    def test_a_repeated_search_runs_fewer_queries_and_gives_the_same_answer(self):
        first = self.queries("chuyen doi so")
        answer = self.api("chuyen doi so")
        self.assertLess(self.queries("chuyen doi so"), first)
        self.assertEqual(answer, (2, ["12/2024/QĐ-UBND", "39/2021/QĐ-UBND"]))

    def test_a_repeated_api_request_is_answered_whole_from_the_cache(self):
        first = self.client.get(API, {"search": "chuyen doi so", "type": "1"})
        with self.assertNumQueries(0):
            second = self.client.get(API, {"search": "chuyen doi so", "type": "1"})
        self.assertEqual(second.content, first.content)
        self.assertEqual(second["Content-Type"], "application/json")
        self.assertEqual(second["Cache-Control"], "no-cache")

    def test_a_bad_parameter_is_a_400_each_time_and_never_kept(self):
        for _ in range(2):
            response = self.client.get(API, {"search": "chuyen doi so", "limit": "0"})
            self.assertEqual(response.status_code, 400)
            self.assertIn("limit", response.json()["message"])

    def test_a_restriction_added_after_a_search_hides_the_document_from_its_results_and_counts(self):
        self.assertEqual(self.api("chuyen doi so")[0], 2)
        PageViewRestriction.objects.create(page=self.other, restriction_type=PageViewRestriction.LOGIN)
        self.assertEqual(self.api("chuyen doi so"), (1, ["39/2021/QĐ-UBND"]))
        response = self.client.get(self.register.url, {"q": "chuyen doi so"})
        self.assertNotContains(response, "12/2024/QĐ-UBND")

    def test_an_unpublished_document_leaves_a_kept_search_at_once(self):
        self.assertEqual(self.api("chuyen doi so")[0], 2)
        self.other.unpublish()
        self.assertEqual(self.api("chuyen doi so"), (1, ["39/2021/QĐ-UBND"]))

    def test_a_published_document_joins_a_kept_search_at_once(self):
        self.assertEqual(self.api("chuyen doi so")[0], 2)
        LegalDocumentPageFactory(
            parent=self.register, number="7/2025/QĐ-UBND", summary="Kế hoạch chuyển đổi số năm 2025"
        )
        total, numbers = self.api("chuyen doi so")
        self.assertEqual(total, 3)
        self.assertIn("7/2025/QĐ-UBND", numbers)

    def test_the_day_is_part_of_what_is_kept(self):
        later = LegalDocumentPageFactory(
            parent=self.register,
            number="5/2030/QĐ-UBND",
            summary="Quyết định về chuyển đổi số đến năm 2030",
            issue_date=datetime.date(2030, 1, 1),
            effective_date=datetime.date(2030, 1, 1),
        )
        with time_machine.travel(datetime.datetime(2029, 12, 31, 12, tzinfo=datetime.UTC)):
            before = self.client.get(API, {"search": "chuyen doi so", "status": "in_force"}).json()
        with time_machine.travel(datetime.datetime(2030, 1, 2, 12, tzinfo=datetime.UTC)):
            after = self.client.get(API, {"search": "chuyen doi so", "status": "in_force"}).json()
        self.assertNotIn(later.number, [item["number"] for item in before["items"]])
        self.assertIn(later.number, [item["number"] for item in after["items"]])

    def test_queries_with_the_same_matches_share_their_counts_but_not_their_order(self):
        self.api("chuyển đổi số")
        with CaptureQueriesContext(connection) as captured:
            total, _numbers = self.api("chuyen doi so")
        self.assertEqual(total, 2)
        counted = [query["sql"] for query in captured.captured_queries if "COUNT(" in query["sql"].upper()]
        self.assertEqual(counted, [])


class SharedReadingTests(TestCase):
    """The word statistics that read queries typed without diacritics are built once per register
    version and left in the cache: a new worker reads them there instead of every heading."""

    @classmethod
    def setUpTestData(cls):
        register = LegalDocumentIndexPageFactory(parent=default_home())
        LegalDocumentPageFactory(parent=register, number="3/2026/KH-UBND", summary="Kế hoạch chuyển đổi số")

    def forget(self):
        reading._state.update(stats=None, version=None, size=0, duration=0.0)

    def test_a_new_process_reads_the_statistics_another_one_built(self):
        self.forget()
        built = reading.statistics()
        self.forget()  # as in a worker started later
        with self.assertNumQueries(0):
            read = reading.statistics()
        self.assertEqual(read.words, built.words)
        self.assertEqual(
            reading.most_likely(["chuyen", "doi", "so"], ["chuyen", "doi", "so"]), ["chuyển", "đổi", "số"]
        )
