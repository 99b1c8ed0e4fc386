import datetime
import json

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from documents.models import LegalDocumentAttachment, LegalDocumentIndexPage, LegalDocumentPage
from home.models import HomePage, PortalDocument, StandardPage
from tests.factories import (
    DocumentTypeFactory,
    IssuingBodyFactory,
    LegalDocumentIndexPageFactory,
    LegalDocumentPageFactory,
    LegalDocumentRelationFactory,
    LegalFieldFactory,
    SignerFactory,
    default_home,
)
from tests.helpers import soup

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class DocumentPageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.register = LegalDocumentIndexPageFactory()
        cls.old = LegalDocumentPageFactory(
            parent=cls.register, number="12/2015/QĐ-UBND", summary="Quy chế cũ về mạng truyền số liệu"
        )
        cls.law = LegalDocumentPageFactory(
            parent=cls.register,
            number="86/2015/QH13",
            summary="Luật An toàn thông tin mạng",
            document_type=DocumentTypeFactory(name="Luật"),
            issuing_body=IssuingBodyFactory(name="Quốc hội"),
        )
        cls.page = LegalDocumentPageFactory(
            parent=cls.register,
            number="39/2021/QĐ-UBND",
            summary="Ban hành Quy chế quản lý, vận hành mạng truyền số liệu chuyên dùng",
            signer=SignerFactory(name="Nguyễn Văn Vĩnh"),
            signer_title="Chủ tịch",
            issue_date=datetime.date(2021, 9, 15),
            effective_date=datetime.date(2021, 9, 25),
            expiry_date=datetime.date(2031, 12, 31),
            gazette_reference="Công báo số 45",
            scope="Toàn tỉnh",
            body=[
                {
                    "type": "article",
                    "value": {"number": "Điều 1", "heading": "Phạm vi", "text": "<p>Quy chế này…</p>"},
                }
            ],
            fields=[LegalFieldFactory(name="Công nghệ thông tin"), LegalFieldFactory(name="Bưu chính")],
        )
        LegalDocumentRelationFactory(source=cls.page, target=cls.old, relation_type="replaces")
        LegalDocumentRelationFactory(source=cls.page, target=cls.law, relation_type="based_on")
        cls.guide = LegalDocumentPageFactory(
            parent=cls.register, number="5/2022/HD-STTTT", summary="Hướng dẫn thực hiện"
        )
        LegalDocumentRelationFactory(source=cls.guide, target=cls.page, relation_type="guides", note="Điều 3")
        pdf = PortalDocument(title="Bản ký số")
        pdf.file.save("quyet-dinh-39.pdf", ContentFile(PDF), save=False)
        pdf.save()
        LegalDocumentAttachment.objects.create(page=cls.page, document=pdf, label="Bản ký số")

    def test_parent_child_rules(self):
        self.assertCanCreateAt(HomePage, LegalDocumentIndexPage)
        self.assertCanCreateAt(StandardPage, LegalDocumentIndexPage)
        self.assertCanCreateAt(LegalDocumentIndexPage, LegalDocumentPage)
        self.assertCanNotCreateAt(HomePage, LegalDocumentPage)
        self.assertCanNotCreateAt(LegalDocumentPage, LegalDocumentPage)

    def test_every_field_is_shown_in_the_metadata_table(self):
        response = self.client.get(self.page.url)
        self.assertEqual(response.status_code, 200)
        document = soup(response)
        rows = {
            row.th.get_text(strip=True): row.td.get_text(" ", strip=True)
            for row in document.select("table.metadata tr")
        }
        self.assertEqual(rows["Số ký hiệu"], "39/2021/QĐ-UBND")
        self.assertEqual(rows["Loại văn bản"], "Quyết định")
        self.assertEqual(rows["Cơ quan ban hành"], "Ủy ban nhân dân tỉnh Tiền Giang")
        self.assertEqual(rows["Người ký"], "Chủ tịch Nguyễn Văn Vĩnh")
        self.assertEqual(rows["Ngày ban hành"], "15/09/2021")
        self.assertEqual(rows["Ngày có hiệu lực"], "25/09/2021")
        self.assertEqual(rows["Ngày hết hiệu lực"], "31/12/2031")
        self.assertEqual(rows["Công báo"], "Công báo số 45")
        self.assertEqual(rows["Lĩnh vực"], "Bưu chính; Công nghệ thông tin")
        self.assertEqual(rows["Phạm vi"], "Toàn tỉnh")
        self.assertEqual(document.h1.get_text(strip=True), self.page.summary)
        self.assertIn("Còn hiệu lực", document.select_one(".status--large").get_text())
        self.assertIn("Điều 1. Phạm vi", document.select_one(".full-text").get_text(" ", strip=True))

    def test_relations_are_shown_in_both_directions(self):
        text = soup(self.client.get(self.page.url)).select_one(".relations").get_text(" ", strip=True)
        self.assertIn("Thay thế", text)
        self.assertIn("12/2015/QĐ-UBND", text)
        self.assertIn("Căn cứ", text)
        self.assertIn("86/2015/QH13", text)
        self.assertIn("Được hướng dẫn bởi", text)
        self.assertIn("5/2022/HD-STTTT", text)
        self.assertIn("Điều 3", text)
        old_text = soup(self.client.get(self.old.url)).select_one(".relations").get_text(" ", strip=True)
        self.assertIn("Bị thay thế bởi", old_text)
        self.assertIn("39/2021/QĐ-UBND", old_text)
        events = [
            " ".join(li.get_text().split())
            for li in soup(self.client.get(self.old.url)).select(".timeline li")
        ]
        self.assertEqual(events[-1], "25/09/2021: Bị thay thế bởi 39/2021/QĐ-UBND")
        self.assertIn(
            "Hết hiệu lực toàn bộ",
            soup(self.client.get(self.old.url)).select_one(".status--large").get_text(),
        )

    def test_files_offer_download_with_type_size_and_preview(self):
        files = soup(self.client.get(self.page.url)).select_one(".attachments")
        link = files.find("a", download=True)
        self.assertEqual(link.get_text(strip=True), "Bản ký số")
        self.assertIn("(PDF,", files.get_text())
        self.assertEqual(files.find("object")["type"], "application/pdf")
        download = self.client.get(link["href"])
        self.assertEqual(download.status_code, 200)
        self.assertEqual(download["X-Frame-Options"], "SAMEORIGIN")

    def test_json_ld_describes_the_legislation(self):
        script = soup(self.client.get(self.page.url)).find("script", type="application/ld+json")
        data = json.loads(script.string)
        self.assertEqual(data["@type"], "Legislation")
        self.assertEqual(data["legislationIdentifier"], "39/2021/QĐ-UBND")
        self.assertEqual(data["legislationType"], "Quyết định")
        self.assertEqual(data["legislationDate"], "2021-09-15")
        self.assertEqual(data["legislationLegalForce"], "https://schema.org/InForce")
        self.assertEqual(data["legislationPassedBy"]["name"], "Ủy ban nhân dân tỉnh Tiền Giang")
        self.assertEqual(data["isBasedOn"], [self.law.get_full_url()])

    def test_json_ld_cannot_be_broken_out_of_by_a_summary(self):
        self.page.summary = "</script><script>alert(1)</script>"
        self.page.save_revision().publish()
        html = self.client.get(self.page.url).content.decode()
        self.assertNotIn("<script>alert(1)", html)

    def test_number_is_unique_per_issuing_body(self):
        clash = LegalDocumentPage(
            title="Trùng",
            slug="trung",
            number="39/2021/qd-ubnd",
            summary="Trùng số",
            issuing_body=self.page.issuing_body,
            locale=self.page.locale,
        )
        with self.assertRaises(ValidationError) as error:
            clash.clean()
        self.assertIn("number", error.exception.message_dict)
        clash.issuing_body = IssuingBodyFactory(name="Sở Thông tin và Truyền thông")
        clash.clean()

    def test_an_editor_creates_a_document_through_the_admin_form(self):
        admin = get_user_model().objects.create_superuser("admin", "a@example.gov.vn", "mat-khau-dai-1")
        self.client.force_login(admin)
        self.assertCanCreate(
            self.register,
            LegalDocumentPage,
            nested_form_data(
                {
                    "title": "Kế hoạch 10/KH-STTTT",
                    "slug": "ke-hoach-10",
                    "summary": "Kế hoạch chuyển đổi số năm 2027",
                    "number": "10/KH-STTTT",
                    "issue_date": "2026-11-20",
                    "effective_date": "2026-11-20",
                    "body": streamfield(
                        [("paragraph", rich_text("<p>Căn cứ Luật Công nghệ thông tin…</p>"))]
                    ),
                    "attachments": inline_formset([]),
                    "relations": inline_formset(
                        [{"relation_type": "based_on", "target": self.law.pk, "note": ""}]
                    ),
                }
            ),
        )
        created = LegalDocumentPage.objects.get(number="10/KH-STTTT")
        self.assertEqual(created.number_key, "10/KH-STTTT")
        self.assertEqual([r.target_id for r in created.relations.all()], [self.law.pk])


class RegisterListingTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.register = LegalDocumentIndexPageFactory()
        decision = DocumentTypeFactory(name="Quyết định")
        plan = DocumentTypeFactory(name="Kế hoạch")
        for index in range(25):
            LegalDocumentPageFactory(
                parent=cls.register,
                document_type=plan if index % 5 == 0 else decision,
                issue_date=datetime.date(2020 + index % 3, 1, 1 + index),
                effective_date=datetime.date(2020 + index % 3, 2, 1),
            )
        cls.plan = plan

    def test_newest_first_and_paginated(self):
        document = soup(self.client.get(self.register.url))
        dates = [row.find_all("td")[1].get_text() for row in document.select(".documents-table tbody tr")]
        self.assertEqual(len(dates), 20)
        as_dates = [datetime.datetime.strptime(d, "%d/%m/%Y") for d in dates]
        self.assertEqual(as_dates, sorted(as_dates, reverse=True))
        self.assertIn("25 văn bản", document.select_one(".result-count").get_text())
        second = soup(self.client.get(self.register.url, {"page": 2}))
        self.assertEqual(len(second.select(".documents-table tbody tr")), 5)

    def test_filters_with_counts_work_without_javascript(self):
        document = soup(self.client.get(self.register.url))
        options = [o.get_text(strip=True) for o in document.select("#filter-type option")]
        self.assertIn("Kế hoạch (5)", options)
        self.assertIn("Quyết định (20)", options)
        filtered = soup(self.client.get(self.register.url, {"type": self.plan.pk, "year": 2020}))
        rows = filtered.select(".documents-table tbody tr")
        self.assertTrue(rows)
        for row in rows:
            self.assertIn("Kế hoạch", row.get_text())
            self.assertIn("/2020", row.find_all("td")[1].get_text())
        self.assertIn("Loại văn bản: Kế hoạch", filtered.select_one(".active-filters").get_text())

    def test_bad_parameters_never_fail(self):
        for params in [
            {"page": "abc"},
            {"page": "99999"},
            {"type": "x"},
            {"year": "-5"},
            {"status": "<b>"},
            {"field": "1e99"},
        ]:
            with self.subTest(params=params):
                self.assertEqual(self.client.get(self.register.url, params).status_code, 200)

    def test_status_filter(self):
        response = self.client.get(self.register.url, {"status": "in_force"})
        self.assertIn("25 văn bản", soup(response).select_one(".result-count").get_text())
        response = self.client.get(self.register.url, {"status": "expired"})
        self.assertIn("Không có văn bản nào", response.content.decode())


class LatestDocumentsTests(WagtailPageTestCase):
    def test_the_home_page_sidebar_lists_the_newest_documents(self):
        register = LegalDocumentIndexPageFactory()
        LegalDocumentPageFactory(
            parent=register, number="1/2020/QĐ-UBND", issue_date=datetime.date(2020, 1, 1)
        )
        LegalDocumentPageFactory(
            parent=register,
            number="39/2021/QĐ-UBND",
            issue_date=datetime.date(2021, 9, 15),
            effective_date=datetime.date(2021, 9, 25),
        )
        block = soup(self.client.get(default_home().url)).select_one(".latest-documents")
        self.assertEqual(block.h2.get_text(strip=True), "Văn bản mới")
        items = block.select("li")
        self.assertIn("39/2021/QĐ-UBND", items[0].get_text())
        self.assertIn("Có hiệu lực từ ngày 25/09/2021", items[0].get_text(" ", strip=True))

    def test_renders_gracefully_with_no_documents(self):
        block = soup(self.client.get(default_home().url)).select_one(".latest-documents")
        self.assertIn("Chưa có văn bản nào", block.get_text())


class QueryBudgetTests(WagtailPageTestCase):
    """Rendering the register and a document costs the same number of queries at any size."""

    def count_queries(self, url):
        self.client.get(url)  # warm per-process caches (content types, site root paths)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def build(self, size):
        register = LegalDocumentIndexPageFactory(slug=f"van-ban-{size}")
        fields = [LegalFieldFactory(name=f"Lĩnh vực {n}") for n in range(3)]
        pages = [
            LegalDocumentPageFactory(
                parent=register, issue_date=datetime.date(2000 + n % 20, 1, 1), fields=fields[: n % 3]
            )
            for n in range(size)
        ]
        for source, target in zip(pages[1:], pages[:-1], strict=False):
            LegalDocumentRelationFactory(source=source, target=target, relation_type="amends")
        return register, pages[len(pages) // 2]

    def test_query_counts_do_not_grow_with_the_number_of_documents(self):
        small_register, small_page = self.build(10)
        small = (self.count_queries(small_register.url), self.count_queries(small_page.url))
        Page.objects.filter(pk=small_register.pk).delete()
        big_register, big_page = self.build(60)
        big = (self.count_queries(big_register.url), self.count_queries(big_page.url))
        self.assertEqual(small, big)
        self.assertLessEqual(big[0], 35)
        self.assertLessEqual(big[1], 35)
