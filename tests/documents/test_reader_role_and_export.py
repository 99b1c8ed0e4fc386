"""Cán bộ tra cứu reads the register in the admin and exports what they may read, nothing more; the CSV
export cannot carry a spreadsheet formula, and a CSV export imports back unchanged."""

import csv
import io

from django.test import TestCase
from django.urls import reverse

from wagtail.models import PageViewRestriction

from documents.exporter import export_to_string
from documents.importer import read_rows
from documents.models import LegalDocumentPage
from tests.factories import LegalDocumentIndexPageFactory, LegalDocumentPageFactory, default_home
from tests.workflow.helpers import make_user, setup_portal

FORMULA = '=HYPERLINK("http://attacker.example/x","Bấm vào đây")'
COMMAND = "=cmd|' /C calc'!A0"


class ReaderRoleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_portal()
        cls.register = LegalDocumentIndexPageFactory(parent=default_home())
        cls.public = LegalDocumentPageFactory(
            parent=cls.register, number="1/2026/QĐ-UBND", summary="Công khai"
        )
        cls.draft = LegalDocumentPageFactory(
            parent=cls.register, number="2/2026/QĐ-UBND", summary="Bản nháp", live=False
        )
        cls.for_readers = LegalDocumentPageFactory(
            parent=cls.register, number="3/2026/QĐ-UBND", summary="Nội bộ"
        )
        cls.for_others = LegalDocumentPageFactory(parent=cls.register, number="4/2026/QĐ-UBND", summary="Mật")
        cls.reader = make_user("tracuu", "reader")
        cls.leader = make_user("lanhdao", "leader")
        for page, role in ((cls.for_readers, "reader"), (cls.for_others, "leader")):
            restriction = PageViewRestriction.objects.create(page=page, restriction_type="groups")
            restriction.groups.set([(cls.reader if role == "reader" else cls.leader).groups.get()])

    def export(self, file_format="csv"):
        return self.client.get(
            reverse("legal_documents_export"),
            {"export-register": self.register.pk, "export-format": file_format},
        )

    def test_the_reader_exports_only_the_live_documents_they_may_read(self):
        self.client.force_login(self.reader)
        body = self.export().content.decode()
        self.assertIn("1/2026/QĐ-UBND", body)
        self.assertIn("3/2026/QĐ-UBND", body)
        self.assertNotIn("2/2026/QĐ-UBND", body)  # a draft
        self.assertNotIn("4/2026/QĐ-UBND", body)  # restricted to another group

    def test_a_leader_exports_the_whole_register_drafts_included(self):
        self.client.force_login(self.leader)
        body = self.export("jsonl").content.decode()
        for number in ("1/2026", "2/2026", "3/2026", "4/2026"):
            self.assertIn(number, body)

    def test_the_reader_searches_the_register_in_the_admin_and_opens_documents_read_only(self):
        self.client.force_login(self.reader)
        home = self.client.get(reverse("wagtailadmin_home"))
        listing_url = reverse("legal_documents:index")
        self.assertContains(home, listing_url)  # in the menu
        response = self.client.get(listing_url, {"q": "3/2026/QĐ-UBND"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "3/2026/QĐ-UBND")
        self.assertContains(response, f'href="{self.for_readers.url}"')
        self.assertNotContains(response, reverse("wagtailadmin_pages:edit", args=[self.for_readers.pk]))
        listing = self.client.get(listing_url).content.decode()
        self.assertIn("1/2026/QĐ-UBND", listing)
        self.assertNotIn("2/2026/QĐ-UBND", listing)
        self.assertNotIn("4/2026/QĐ-UBND", listing)
        # Read only: the editor stays closed.
        edit = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.public.pk]))
        self.assertEqual(edit.status_code, 302)


class CsvExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.register = LegalDocumentIndexPageFactory(parent=default_home())
        LegalDocumentPageFactory(parent=cls.register, number="5/2026/QĐ-UBND", summary=FORMULA, scope=COMMAND)
        LegalDocumentPageFactory(parent=cls.register, number="6/2026/QĐ-UBND", summary="- gạch đầu dòng")

    def test_no_cell_of_the_csv_export_starts_a_formula(self):
        cells = [cell for row in csv.reader(io.StringIO(export_to_string("csv"))) for cell in row]
        self.assertTrue(cells)
        self.assertFalse([cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")])
        self.assertIn("'" + FORMULA, cells)

    def test_the_csv_export_reads_back_unchanged(self):
        rows = [row for _line, row in read_rows(io.StringIO(export_to_string("csv")), "csv")]
        summaries = {row["number"]: row["title"] for row in rows}
        self.assertEqual(summaries["5/2026/QĐ-UBND"], FORMULA)
        self.assertEqual(summaries["6/2026/QĐ-UBND"], "- gạch đầu dòng")
        self.assertEqual({row["scope"] for row in rows if row["number"] == "5/2026/QĐ-UBND"}, {COMMAND})
        self.assertEqual(LegalDocumentPage.objects.count(), 2)
