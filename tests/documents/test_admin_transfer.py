import json

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from documents.models import LegalDocumentPage
from home.roles import ensure_roles
from tests.factories import LegalDocumentIndexPageFactory
from tests.helpers import soup

ROWS = [
    {
        "number": "39/2021/QĐ-UBND",
        "type": "Quyết định",
        "title": "Ban hành Quy chế",
        "issuing_body": "UBND tỉnh",
    },
    {"number": "40/2021/QĐ-UBND", "type": "Quyết định", "title": "", "issuing_body": "UBND tỉnh"},
]


def upload(rows):
    text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    return SimpleUploadedFile("van-ban.jsonl", text.encode())


class AdminTransferTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.register = LegalDocumentIndexPageFactory()
        groups = ensure_roles()
        User = get_user_model()
        cls.leader = User.objects.create_user("lanhdao", password="mat-khau-dai-1")
        cls.leader.groups.add(groups["leader"])
        cls.editor = User.objects.create_user("bientap", password="mat-khau-dai-1")
        cls.editor.groups.add(groups["editor"])
        cls.reader = User.objects.create_user("tracuu", password="mat-khau-dai-1")
        cls.reader.groups.add(groups["reader"])

    def post(self, **extra):
        return self.client.post(
            reverse("legal_documents_transfer"),
            {"register": self.register.pk, "file": upload(ROWS), **extra},
        )

    def test_a_leader_imports_and_publishes_and_sees_rejected_lines(self):
        self.client.force_login(self.leader)
        response = self.post(publish="on")
        self.assertContains(response, "1 mới, 0 cập nhật, 0 không đổi, 1 bị từ chối")
        self.assertContains(response, "thiếu trích yếu")
        self.assertTrue(LegalDocumentPage.objects.get(number="39/2021/QĐ-UBND").live)

    def test_a_dry_run_writes_nothing(self):
        self.client.force_login(self.leader)
        response = self.post(dry_run="on")
        self.assertContains(response, "không ghi dữ liệu")
        self.assertFalse(LegalDocumentPage.objects.exists())

    def test_an_editor_may_not_import(self):
        self.client.force_login(self.editor)
        # Wagtail's admin answers a forbidden view by sending the user back to the dashboard.
        self.assertRedirects(
            self.client.get(reverse("legal_documents_transfer")), reverse("wagtailadmin_home")
        )
        self.assertRedirects(self.post(), reverse("wagtailadmin_home"))
        self.assertFalse(LegalDocumentPage.objects.exists())

    def test_a_wrong_file_type_is_refused_in_vietnamese(self):
        self.client.force_login(self.leader)
        response = self.client.post(
            reverse("legal_documents_transfer"),
            {"register": self.register.pk, "file": SimpleUploadedFile("a.exe", b"MZ")},
        )
        self.assertContains(response, "Hãy chọn tệp .jsonl hoặc .csv.")

    def test_staff_reader_exports_the_register(self):
        self.client.force_login(self.leader)
        self.post(publish="on")
        self.client.force_login(self.reader)
        self.assertEqual(self.client.get(reverse("legal_documents_transfer")).status_code, 200)
        page = soup(self.client.get(reverse("legal_documents_transfer")))
        ids = [element["id"] for element in page.select("[id]")]
        self.assertEqual(len(ids), len(set(ids)))  # the two forms' fields have ids of their own
        response = self.client.get(
            reverse("legal_documents_export"), {"export-register": self.register.pk, "export-format": "csv"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment;", response["Content-Disposition"])
        body = response.content.decode()
        self.assertTrue(body.startswith("number,type,title"))
        self.assertIn("39/2021/QĐ-UBND", body)
        bad = self.client.get(
            reverse("legal_documents_export"), {"export-register": "x", "export-format": "pdf"}
        )
        self.assertEqual(bad.status_code, 400)


class ImportFormatTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        LegalDocumentIndexPageFactory()
        cls.leader = get_user_model().objects.create_user("lanhdao", password="mat-khau-dai-1")
        cls.leader.groups.add(ensure_roles()["leader"])

    def test_the_import_page_shows_the_file_format_it_mentions(self):
        self.client.force_login(self.leader)
        page = soup(self.client.get(reverse("legal_documents_transfer")))
        table = page.find("table", attrs={"aria-labelledby": "format-heading"})
        columns = [row.find("code").get_text() for row in table.find("tbody").find_all("tr")]
        self.assertEqual(columns[:3], ["number", "type", "title"])
        self.assertIn("text", columns)
        self.assertIn("Trích yếu. Bắt buộc.", table.get_text())
        self.assertIn("number,type,title,issuing_body", page.get_text())
        self.assertIn("in_force (Còn hiệu lực)", table.get_text())
