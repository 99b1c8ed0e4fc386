"""A file that a live page shows is part of what approval protects: a reporter, who cannot publish the
page, cannot replace or delete it; a leader can, and the replaced file is kept in the file's history."""

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from articles.models import InspectionReportAttachment
from home.models import PortalDocument
from tests.factories import InspectionReportIndexPageFactory, InspectionReportPageFactory, default_home
from tests.workflow.helpers import make_user, setup_portal

SIGNED = b"%PDF-1.4\n% signed\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FORGED = b"%PDF-1.4\n% forged\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(title, content=SIGNED):
    document = PortalDocument(title=title)
    document.file.save(f"{title}.pdf", ContentFile(content), save=False)
    document.save()
    return document


class PublishedFileTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_portal()
        registry = InspectionReportIndexPageFactory(parent=default_home())
        cls.report = InspectionReportPageFactory(parent=registry)
        cls.signed = pdf("ket-luan-thanh-tra")
        cls.report.attachments.add(InspectionReportAttachment(document=cls.signed, label="Bản ký số"))
        cls.report.save_revision().publish()
        cls.draft_report = InspectionReportPageFactory(parent=registry, live=False)
        cls.draft_file = pdf("du-thao")
        cls.draft_report.attachments.add(InspectionReportAttachment(document=cls.draft_file))
        cls.draft_report.save_revision()
        cls.draft_report.save()
        cls.reporter = make_user("phongvien", "editor")
        cls.leader = make_user("lanhdao", "leader")

    def replace(self, document, content=FORGED):
        return self.client.post(
            reverse("wagtaildocs:edit", args=[document.pk]),
            {
                "title": document.title,
                "collection": document.collection_id,
                "file": SimpleUploadedFile("thay-the.pdf", content, content_type="application/pdf"),
            },
        )

    def public_bytes(self, document):
        self.client.logout()
        document.refresh_from_db()  # a new file has a new address
        response = self.client.get(document.url)
        self.assertEqual(response.status_code, 200)
        return b"".join(response.streaming_content)

    def test_a_reporter_cannot_replace_the_signed_file_of_a_live_report(self):
        self.client.force_login(self.reporter)
        self.assertNotEqual(
            self.client.get(reverse("wagtaildocs:edit", args=[self.signed.pk])).status_code, 200
        )
        self.replace(self.signed)
        self.assertEqual(self.public_bytes(self.signed), SIGNED)

    def test_a_reporter_cannot_delete_it_either(self):
        self.client.force_login(self.reporter)
        self.client.post(reverse("wagtaildocs:delete", args=[self.signed.pk]))
        self.assertTrue(PortalDocument.objects.filter(pk=self.signed.pk).exists())

    def test_a_reporter_may_still_choose_it_and_change_a_file_only_drafts_use(self):
        self.client.force_login(self.reporter)
        chooser = self.client.get(reverse("wagtaildocs_chooser:choose"))
        self.assertContains(chooser, "ket-luan-thanh-tra")
        self.assertEqual(self.replace(self.draft_file).status_code, 302)
        self.draft_file.refresh_from_db()
        self.assertIn("thay-the", self.draft_file.file.name)

    def test_a_leader_replaces_it_and_the_signed_file_stays_in_its_history(self):
        self.client.force_login(self.leader)
        old_name = self.signed.file.name
        self.assertEqual(self.replace(self.signed).status_code, 302)
        self.assertEqual(self.public_bytes(self.signed), FORGED)
        version = self.signed.file_versions.get()
        self.assertEqual(version.file.name, old_name)
        self.assertEqual(version.file.read(), SIGNED)
        self.client.force_login(self.leader)
        self.assertContains(self.client.get(reverse("wagtaildocs:edit", args=[self.signed.pk])), old_name)
