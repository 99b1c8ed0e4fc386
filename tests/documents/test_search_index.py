"""The register's search follows the documents as editors change them: publish, unpublish, move, delete,
relations that end another document's validity, restrictions, and days passing.

On PostgreSQL these go through the narrow search index (documents.search.postgres), which is written on
each change; on SQLite through the document table. The same tests run on both, so both stay right.
"""

import datetime
from unittest import mock

import time_machine

from django.test import TestCase

from wagtail.models import PageViewRestriction

from documents.listing import labelled_facets
from documents.models import LegalDocumentPage
from documents.search import Scope, run_search
from documents.search import postgres as search_index
from tests.factories import (
    LegalDocumentIndexPageFactory,
    LegalDocumentPageFactory,
    LegalDocumentRelationFactory,
)


def found(register, query="", **filters):
    result = run_search(Scope(register=register), query, filters, "relevance", 0, 50)
    return [document.number for document in result.documents()]


def status_counts(register, query=""):
    result = run_search(Scope(register=register), query, {}, "relevance")
    facets, _total = labelled_facets(result.counts)
    return {value: n for value, _label, n in facets["status"]}


class SearchFollowsEditsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.register = LegalDocumentIndexPageFactory()
        cls.other_register = LegalDocumentIndexPageFactory(slug="van-ban-khac", title="Văn bản khác")
        cls.decision = LegalDocumentPageFactory(
            parent=cls.register, number="39/2021/QĐ-UBND", summary="Quy chế mạng truyền số liệu chuyên dùng"
        )

    def test_a_published_document_is_found_at_once_and_its_edits_too(self):
        document = LegalDocumentPageFactory(
            parent=self.register, number="12/2024/QĐ-UBND", summary="Quy định về đài truyền thanh cấp xã"
        )
        self.assertEqual(found(self.register, "dai truyen thanh"), ["12/2024/QĐ-UBND"])
        self.assertEqual(found(self.register, "12/2024/qd-ubnd"), ["12/2024/QĐ-UBND"])
        document.summary = "Quy định về cổng thông tin điện tử"
        document.save_revision().publish()
        self.assertEqual(found(self.register, "dai truyen thanh"), [])
        self.assertEqual(found(self.register, "cong thong tin dien tu"), ["12/2024/QĐ-UBND"])

    def test_a_name_of_several_words_matches_where_they_follow_each_other_only(self):
        LegalDocumentPageFactory(
            parent=self.register, number="5/2025/QĐ-UBND", summary="Kế hoạch của tỉnh Thanh Hóa"
        )
        LegalDocumentPageFactory(
            parent=self.register, number="6/2025/QĐ-UBND", summary="Hoa màu của đoàn thanh niên"
        )
        self.assertEqual(found(self.register, "thanh hoa"), ["5/2025/QĐ-UBND"])
        # with a number: its documents, and those with the words
        self.assertEqual(
            sorted(found(self.register, "thanh hoa 6/2025")), ["5/2025/QĐ-UBND", "6/2025/QĐ-UBND"]
        )

    def test_an_unpublished_document_leaves_the_results_and_the_counts(self):
        self.assertEqual(found(self.register, "mang truyen so lieu"), ["39/2021/QĐ-UBND"])
        self.decision.unpublish()
        self.assertEqual(found(self.register, "mang truyen so lieu"), [])
        self.assertEqual(status_counts(self.register), {})

    def test_a_moved_document_is_found_in_its_new_register_only(self):
        LegalDocumentPage.objects.get(pk=self.decision.pk).move(self.other_register, pos="last-child")
        self.assertEqual(found(self.register, "39/2021/QĐ-UBND"), [])
        self.assertEqual(found(self.other_register, "39/2021/QĐ-UBND"), ["39/2021/QĐ-UBND"])

    def test_a_deleted_document_is_gone(self):
        self.decision.delete()
        self.assertEqual(found(self.register, "mang truyen so lieu"), [])
        if search_index.enabled():
            from documents.models import LegalDocumentSearchEntry

            self.assertFalse(LegalDocumentSearchEntry.objects.filter(pk=self.decision.pk).exists())

    def test_a_restricted_subtree_is_hidden_from_readers(self):
        PageViewRestriction.objects.create(page=self.register, restriction_type=PageViewRestriction.LOGIN)
        restriction_paths = (self.register.path,)
        hidden = run_search(
            Scope(register=self.register, hidden_paths=restriction_paths), "", {}, "issue_date"
        )
        self.assertEqual(hidden.total, 0)
        self.assertEqual(found(self.register), ["39/2021/QĐ-UBND"])  # staff who pass it

    def test_a_replacing_document_ends_the_validity_of_the_replaced_one_and_removing_it_restores_it(self):
        self.assertEqual(status_counts(self.register), {"in_force": 1})
        replacing = LegalDocumentPageFactory(
            parent=self.register, number="50/2024/QĐ-UBND", summary="Quy chế mới",
            issue_date=datetime.date(2024, 1, 1), effective_date=datetime.date(2024, 2, 1),
        )  # fmt: skip
        relation = LegalDocumentRelationFactory(
            source=replacing, target=self.decision, relation_type="replaces"
        )
        self.assertEqual(status_counts(self.register), {"in_force": 1, "expired": 1})
        self.assertEqual(found(self.register, status="expired"), ["39/2021/QĐ-UBND"])
        relation.delete()
        self.assertEqual(status_counts(self.register), {"in_force": 2})

    def test_a_relation_added_and_removed_through_the_page_changes_the_status_of_its_target(self):
        from documents.models import LegalDocumentRelation

        replacing = LegalDocumentPageFactory(
            parent=self.register, number="51/2024/QĐ-UBND", summary="Quy chế thay thế",
            issue_date=datetime.date(2024, 1, 1), effective_date=datetime.date(2024, 2, 1),
        )  # fmt: skip
        page = LegalDocumentPage.objects.get(pk=replacing.pk)
        page.relations = [LegalDocumentRelation(relation_type="replaces", target=self.decision)]
        page.save_revision().publish()
        self.assertEqual(status_counts(self.register), {"in_force": 1, "expired": 1})
        page = LegalDocumentPage.objects.get(pk=replacing.pk)
        page.relations = []
        page.save_revision().publish()
        self.assertEqual(status_counts(self.register), {"in_force": 2})

    def test_the_status_follows_the_calendar_without_anybody_saving(self):
        with time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC), tick=False):
            LegalDocumentPageFactory(
                parent=self.register, number="7/2026/QĐ-UBND", summary="Quy định sắp có hiệu lực",
                issue_date=datetime.date(2026, 5, 20), effective_date=datetime.date(2026, 7, 1),
                expiry_date=datetime.date(2026, 12, 31),
            )  # fmt: skip
            self.assertEqual(
                found(self.register, "sap co hieu luc", status="not_yet_in_force"), ["7/2026/QĐ-UBND"]
            )
        with time_machine.travel(datetime.datetime(2026, 7, 2, 12, tzinfo=datetime.UTC), tick=False):
            self.assertEqual(found(self.register, "sap co hieu luc", status="in_force"), ["7/2026/QĐ-UBND"])
        with time_machine.travel(datetime.datetime(2027, 1, 2, 12, tzinfo=datetime.UTC), tick=False):
            self.assertEqual(found(self.register, "sap co hieu luc", status="expired"), ["7/2026/QĐ-UBND"])
            self.assertEqual(status_counts(self.register, "sap co hieu luc"), {"expired": 1})

    @mock.patch.object(search_index, "CANDIDATES", 4)  # on PostgreSQL: 4 fully scored, then the others
    def test_pages_past_the_best_candidates_continue_newest_first(self):
        for index in range(1, 8):
            LegalDocumentPageFactory(
                parent=self.register, number=f"{index}/2020/KH-UBND",
                summary=f"Kế hoạch chuyển đổi số {index}", issue_date=datetime.date(2020, 1, index),
            )  # fmt: skip
        everything = run_search(Scope(register=self.register), "chuyen doi so", {}, "relevance", 0, 50)
        pages = [
            run_search(Scope(register=self.register), "chuyen doi so", {}, "relevance", start, 3, False).ids
            for start in (0, 3, 6)
        ]
        self.assertEqual([pk for page in pages for pk in page], everything.ids)
        self.assertEqual(len(everything.ids), 7)
        self.assertEqual(len(set(everything.ids)), 7)


class RefreshCommandTests(TestCase):
    def test_the_command_rewrites_a_row_changed_behind_the_index_back(self):
        from io import StringIO

        from django.core.management import call_command

        register = LegalDocumentIndexPageFactory()
        document = LegalDocumentPageFactory(parent=register, number="5/2024/QĐ-UBND", summary="Quy chế cũ")
        # a change made in SQL, bypassing the page's save
        LegalDocumentPage.objects.filter(pk=document.pk).update(
            search_heading=" 5 2024 qd ubnd quy che moi ", search_heading_exact=" quy chế mới "
        )
        output = StringIO()
        call_command("refresh_legal_search_index", stdout=output)
        if search_index.enabled():
            self.assertIn("documents indexed", output.getvalue())
            self.assertEqual(found(register, "quy che moi"), ["5/2024/QĐ-UBND"])
        else:
            self.assertIn("nothing to do", output.getvalue())
