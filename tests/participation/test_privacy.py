"""Personal data (Law 91/2025/QH15): seen only by the roles that need it, erased after the retention
period, and never in the page cache, feeds, the API, exports or logs."""

import logging
from datetime import timedelta
from io import StringIO

from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from participation.models import Feedback, Question, QuestionAnswerPage, Status
from tests.factories import (
    FeedbackFactory,
    QuestionFactory,
    QuestionIndexPageFactory,
    TopicFactory,
    default_home,
)
from tests.participation.helpers import PDF, question_data
from tests.workflow.helpers import make_user, setup_portal

CONTACT = ("Nguyễn Thị Hoa", "hoa@example.com", "0912345678")


class RoleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_portal()
        cls.question = QuestionFactory(name=CONTACT[0], email=CONTACT[1], phone=CONTACT[2])
        cls.feedback = FeedbackFactory(name=CONTACT[0], email=CONTACT[1], phone=CONTACT[2])
        cls.feedback.attachment.save("bang-chung.pdf", ContentFile(PDF))
        cls.users = {
            role: make_user(f"u-{role}", role)
            for role in ("editor", "secretary", "leader", "administrator", "reader")
        }

    def get(self, role, url):
        self.client.force_login(self.users[role])
        return self.client.get(url)

    def test_who_sees_the_contact_details(self):
        for url in (
            reverse("participation_admin:question", args=[self.question.pk]),
            reverse("participation_admin:feedback", args=[self.feedback.pk]),
        ):
            for role, sees in (("editor", False), ("secretary", True), ("leader", True)):
                with self.subTest(url=url, role=role):
                    response = self.get(role, url)
                    self.assertEqual(response.status_code, 200)
                    for value in CONTACT:
                        (self.assertContains if sees else self.assertNotContains)(response, value)
            for role in ("administrator", "reader"):
                with self.subTest(url=url, role=role):
                    self.assertNotEqual(self.get(role, url).status_code, 200)

    def test_the_inbox_lists_no_contact_details_even_to_those_who_may_read_them(self):
        response = self.get("leader", reverse("participation_admin:inbox"))
        self.assertContains(response, self.question.code)
        self.assertContains(response, self.feedback.code)
        for value in CONTACT:
            self.assertNotContains(response, value)

    def test_the_attachment_is_downloaded_only_by_roles_that_read_personal_data(self):
        url = reverse("participation_admin:attachment", args=[self.feedback.pk])
        response = self.get("secretary", url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), PDF)
        self.assertIn("attachment", response["Content-Disposition"])
        self.assertIn("no-store", response["Cache-Control"])
        self.assertNotEqual(self.get("editor", url).status_code, 200)
        self.client.logout()
        self.assertNotEqual(self.client.get(url).status_code, 200)

    def test_the_monthly_csv_holds_counts_only(self):
        response = self.get("leader", reverse("participation_admin:report") + "?export=csv")
        body = response.content.decode()
        self.assertIn("Câu hỏi", body)
        for value in (*CONTACT, self.question.title, self.question.code):
            self.assertNotIn(value, body)


class RetentionTests(TestCase):
    def test_contact_details_are_erased_after_the_retention_period_and_the_rest_kept(self):
        now = timezone.now()
        old = QuestionFactory(status=Status.ANSWERED, closed_at=now - timedelta(days=400))
        never_closed = FeedbackFactory(received_at=now - timedelta(days=400))
        never_closed.attachment.save("anh.pdf", ContentFile(PDF))
        attachment_path = never_closed.attachment.path
        recent = QuestionFactory(status=Status.ANSWERED, closed_at=now - timedelta(days=10))
        out = StringIO()
        with override_settings(PARTICIPATION_RETENTION_DAYS=365):
            call_command("erase_expired_contacts", stdout=out)
        self.assertIn("1 question(s), 1 feedback item(s), 0 comment(s) on drafts", out.getvalue())
        old.refresh_from_db()
        never_closed.refresh_from_db()
        recent.refresh_from_db()
        self.assertEqual((old.name, old.email, old.phone), ("", "", ""))
        self.assertEqual(old.title, QuestionFactory._meta.model.objects.get(pk=old.pk).title)
        self.assertIsNotNone(old.contact_erased_at)
        self.assertFalse(never_closed.attachment)
        import os

        self.assertFalse(os.path.exists(attachment_path))
        self.assertTrue(recent.email)
        # Running it again erases nothing more.
        out = StringIO()
        call_command("erase_expired_contacts", stdout=out)
        self.assertIn("0 question(s), 0 feedback item(s)", out.getvalue())

    def test_the_admin_says_the_contact_was_erased(self):
        setup_portal()
        question = QuestionFactory()
        question.erase_contact()
        question.save()
        self.client.force_login(make_user("thuky", "secretary"))
        response = self.client.get(reverse("participation_admin:question", args=[question.pk]))
        self.assertContains(response, "đã được xoá")


class NowhereElseTests(TestCase):
    """The contact details never leave the admin."""

    @classmethod
    def setUpTestData(cls):
        setup_portal()
        cls.section = QuestionIndexPageFactory(parent=default_home())
        cls.topic = TopicFactory()

    def publish_answer_to_a_submitted_question(self):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("participation_ask"), question_data(self.topic, phone=CONTACT[2])
            )
        self.assertEqual(response.status_code, 200)
        question = Question.objects.get()
        page = self.section.add_child(
            instance=QuestionAnswerPage(
                title="Thủ tục cấp phép bản tin",
                topic=self.topic,
                question=question.content,
                answer="<p>Đáp.</p>",
            )
        )
        question.answer_page = page
        question.save()
        with self.captureOnCommitCallbacks(execute=True):
            page.save_revision().publish()
        return question, page

    def test_not_in_logs(self):
        logger = logging.getLogger()
        with self.assertLogs(logger, level="DEBUG") as captured:
            logging.getLogger("participation").debug("start")  # so that assertLogs has one record
            question, page = self.publish_answer_to_a_submitted_question()
            self.client.get(page.url)
            self.client.post(reverse("participation_track"), {"code": question.code})
        text = "\n".join(captured.output)
        for value in ("hoa@example.com", "Nguyễn Thị Hoa", CONTACT[2]):
            self.assertNotIn(value, text)
        self.assertEqual(len(mail.outbox), 1)

    def test_not_in_the_page_cache(self):
        with override_settings(PAGE_CACHE_ENABLED=True):
            _question, page = self.publish_answer_to_a_submitted_question()
            first = self.client.get(page.url)
            second = self.client.get(page.url)
            self.assertEqual(second.get("X-Page-Cache"), "hit")
            for response in (first, second):
                for value in ("hoa@example.com", "Nguyễn Thị Hoa", CONTACT[2]):
                    self.assertNotContains(response, value)
            # The forms and the tracking page carry a CSRF token or one person's data: never stored.
            for url in (reverse("participation_ask"), reverse("participation_track")):
                self.client.cookies.clear()
                self.client.get(url)
                self.assertNotEqual(self.client.get(url).get("X-Page-Cache"), "hit")

    def test_not_in_feeds_sitemap_or_api(self):
        self.publish_answer_to_a_submitted_question()
        FeedbackFactory(
            name="Trần Văn Nam",
            email="nam@example.com",
            status=Status.ANSWERED,
            reply="Đã xử lý.",
            published=True,
        )
        for url in (
            "/rss.xml",
            "/sitemap.xml",
            "/api/v2/legal-documents/",
            "/phan-anh-kien-nghi/",
            "/search/?query=ban+tin",
        ):
            response = self.client.get(url)
            with self.subTest(url=url):
                self.assertLess(response.status_code, 500)
                for value in (
                    "hoa@example.com",
                    "Nguyễn Thị Hoa",
                    CONTACT[2],
                    "nam@example.com",
                    "Trần Văn Nam",
                ):
                    self.assertNotContains(response, value, status_code=response.status_code)
        self.assertEqual(self.client.get("/api/v2/pages/").status_code, 404)  # no page API exposes them

    def test_feedback_contact_is_kept_but_never_shown_publicly(self):
        item = FeedbackFactory(status=Status.ANSWERED, reply="Đáp", published=True)
        self.assertTrue(Feedback.objects.get(pk=item.pk).email)
        response = self.client.get(reverse("participation_feedback_list"))
        self.assertNotContains(response, item.email)
