"""What a restricted document is stays inside its restriction: a public document that it amends shows
neither its number nor its summary (relations, timeline, status), and its signed file is not served to
those who may not read it. Staff who pass the restriction see both."""

import datetime

from django.core.files.base import ContentFile
from django.test import TestCase

from wagtail.models import PageViewRestriction

from documents.models import LegalDocumentAttachment
from home.models import PortalDocument
from tests.factories import (
    LegalDocumentIndexPageFactory,
    LegalDocumentPageFactory,
    LegalDocumentRelationFactory,
    default_home,
)
from tests.helpers import soup
from tests.workflow.helpers import make_user, setup_portal

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SECRET_NUMBER = "88/2026/QĐ-MAT"
SECRET_SUMMARY = "Sửa đổi nội bộ chưa công bố"


def attach_pdf(page, name):
    pdf = PortalDocument(title=name)
    pdf.file.save(f"{name}.pdf", ContentFile(PDF), save=False)
    pdf.save()
    page.attachments.add(LegalDocumentAttachment(document=pdf, label=name))
    page.save_revision().publish()  # as an editor does: the reference index follows the page
    return pdf


class RestrictedRelationsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_portal()
        cls.register = LegalDocumentIndexPageFactory(parent=default_home())
        cls.public = LegalDocumentPageFactory(
            parent=cls.register,
            number="12/2020/QĐ-UBND",
            summary="Quy chế công khai",
            issue_date=datetime.date(2020, 1, 2),
        )
        cls.secret = LegalDocumentPageFactory(
            parent=cls.register,
            number=SECRET_NUMBER,
            summary=SECRET_SUMMARY,
            issue_date=datetime.date(2026, 3, 1),
            effective_date=datetime.date(2026, 3, 1),
        )
        LegalDocumentRelationFactory(source=cls.secret, target=cls.public, relation_type="replaces")
        cls.reader = make_user("tracuu", "reader")
        cls.editor = make_user("phongvien", "editor")
        restriction = PageViewRestriction.objects.create(page=cls.secret, restriction_type="groups")
        restriction.groups.set([cls.reader.groups.get()])

    def test_a_public_document_does_not_show_the_restricted_document_that_replaces_it(self):
        page = soup(self.client.get(self.public.url))
        text = page.get_text()
        self.assertNotIn(SECRET_NUMBER, text)
        self.assertNotIn(SECRET_SUMMARY, text)
        self.assertIsNone(page.select_one(".relations"))
        self.assertNotIn(self.secret.url, str(page))
        # Nor its status: the public still reads the document as in force.
        self.assertIn("status--in_force", str(page.select_one(".status")))

    def test_staff_outside_the_restriction_see_no_more_than_the_public(self):
        self.client.force_login(self.editor)
        self.assertNotContains(self.client.get(self.public.url), SECRET_NUMBER)

    def test_staff_who_pass_the_restriction_see_the_relation_and_the_public_after_them_do_not(self):
        self.client.force_login(self.reader)
        page = soup(self.client.get(self.public.url))
        self.assertIn(SECRET_NUMBER, page.select_one(".relations").get_text())
        self.assertIn(SECRET_NUMBER, page.select_one(".timeline").get_text())
        # The fragment rendered for them is theirs: an anonymous reader right after gets the public one.
        self.client.logout()
        self.assertNotContains(self.client.get(self.public.url), SECRET_NUMBER)

    def test_the_register_filters_by_the_public_status(self):
        expired = soup(self.client.get(self.register.url, {"status": "expired"}))
        self.assertIn("0 văn bản", expired.select_one(".result-count").get_text())
        in_force = soup(self.client.get(self.register.url, {"status": "in_force"}))
        self.assertIn("1 văn bản", in_force.select_one(".result-count").get_text())

    def test_the_relation_counts_once_the_document_is_made_public(self):
        PageViewRestriction.objects.filter(page=self.secret).delete()
        page = soup(self.client.get(self.public.url))
        self.assertIn(SECRET_NUMBER, page.select_one(".relations").get_text())
        self.assertIn("status--expired", str(page.select_one(".status")))


class RestrictedFileTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_portal()
        cls.register = LegalDocumentIndexPageFactory(parent=default_home())
        cls.public = LegalDocumentPageFactory(parent=cls.register, number="1/2026/QĐ-UBND")
        cls.secret = LegalDocumentPageFactory(parent=cls.register, number=SECRET_NUMBER)
        cls.draft = LegalDocumentPageFactory(parent=cls.register, number="3/2026/QĐ-UBND")
        cls.public_pdf = attach_pdf(cls.public, "cong-khai")
        cls.secret_pdf = attach_pdf(cls.secret, "mat")
        cls.draft_pdf = attach_pdf(cls.draft, "du-thao")
        cls.draft.unpublish()
        cls.loose_pdf = PortalDocument(title="Biểu mẫu")
        cls.loose_pdf.file.save("bieu-mau.pdf", ContentFile(PDF), save=False)
        cls.loose_pdf.save()
        cls.reader = make_user("tracuu", "reader")
        cls.editor = make_user("phongvien", "editor")
        cls.outsider = make_user("khac", "administrator")
        restriction = PageViewRestriction.objects.create(page=cls.secret, restriction_type="groups")
        restriction.groups.set([cls.reader.groups.get()])

    def download(self, document):
        return self.client.get(document.url)

    def test_anyone_downloads_the_file_of_a_public_document_and_a_file_no_page_uses(self):
        self.assertEqual(self.download(self.public_pdf).status_code, 200)
        self.assertEqual(self.download(self.loose_pdf).status_code, 200)

    def test_the_file_of_a_restricted_document_asks_anonymous_readers_to_log_in(self):
        response = self.download(self.secret_pdf)
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response["Location"])
        self.assertNotIn(b"%PDF", b"".join(getattr(response, "streaming_content", [response.content])))

    def test_staff_outside_the_restriction_get_not_found(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.download(self.secret_pdf).status_code, 404)

    def test_staff_who_pass_the_restriction_download_it(self):
        self.client.force_login(self.reader)
        self.assertEqual(self.download(self.secret_pdf).status_code, 200)

    def test_the_file_of_an_unpublished_page_stays_with_its_editors(self):
        self.assertEqual(self.download(self.draft_pdf).status_code, 302)
        self.client.force_login(self.reader)
        self.assertEqual(self.download(self.draft_pdf).status_code, 404)
        self.client.force_login(self.editor)  # may edit pages in the register
        self.assertEqual(self.download(self.draft_pdf).status_code, 200)
