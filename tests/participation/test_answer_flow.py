"""A question becomes a published answer: drafted from the inbox, approved in two steps, the asker told."""

from django.core import mail
from django.test import TestCase
from django.urls import reverse

from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from participation.models import QuestionAnswerPage, Status
from tests.factories import QuestionFactory, QuestionIndexPageFactory, TopicFactory, UnitFactory, default_home
from tests.workflow.helpers import make_user, setup_portal


class AnswerFlowTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_portal()
        cls.section = QuestionIndexPageFactory(parent=default_home())
        cls.topic = TopicFactory(name="Viễn thông")
        cls.unit = UnitFactory(name="Phòng Bưu chính – Viễn thông")
        cls.question = QuestionFactory(
            topic=cls.topic,
            title="Cấp phép mạng viễn thông dùng riêng",
            content="Hồ sơ nộp ở đâu?",
            name="Lê Thị Mai",
            email="mai@example.com",
            phone="0911222333",
        )
        cls.editor = make_user("phongvien", "editor")
        cls.secretary = make_user("thuky", "secretary")
        cls.leader = make_user("lanhdao", "leader")

    def as_user(self, user, url, data=None):
        mail.outbox = []
        self.client.force_login(user)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, data) if data is not None else self.client.get(url)
        return response, list(mail.outbox)

    def page_data(self, page, action):
        data = nested_form_data(
            {
                "title": page.title,
                "slug": page.slug,
                "topic": self.topic.pk,
                "question": "Hồ sơ đề nghị cấp phép thiết lập mạng viễn thông dùng riêng nộp ở đâu?",
                "answer": rich_text("<p>Hồ sơ nộp trên Cổng Dịch vụ công quốc gia.</p>"),
                "answered_on": "2026-12-07",
                "citations": inline_formset([]),
            }
        )
        data[action] = action
        return data

    def workflow_action(self, user, page, action):
        task_state = WorkflowState.objects.get(
            object_id=str(page.pk), status="in_progress"
        ).current_task_state
        url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))
        return self.as_user(user, url, {"comment": ""})

    def test_the_editor_drafts_two_steps_approve_and_the_asker_is_emailed_once(self):
        detail = reverse("participation_admin:question", args=[self.question.pk])
        response, _ = self.as_user(self.editor, detail)
        self.assertContains(response, "Soạn câu trả lời")
        self.assertNotContains(response, "mai@example.com")  # an editor answers without the contact details

        self.as_user(self.editor, detail, {"action": "assign", "unit": self.unit.pk})
        response, _ = self.as_user(self.editor, detail, {"action": "draft"})
        page = QuestionAnswerPage.objects.get()
        self.assertRedirects(response, reverse("wagtailadmin_pages:edit", args=[page.pk]))
        self.assertFalse(page.live)
        self.assertEqual(page.get_parent().pk, self.section.pk)
        self.question.refresh_from_db()
        self.assertEqual((self.question.status, self.question.unit), (Status.IN_PROGRESS, self.unit))

        edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
        response, _ = self.as_user(self.editor, edit, self.page_data(page, "action-submit"))
        self.assertEqual(response.status_code, 302)
        page.refresh_from_db()
        self.assertEqual(page.current_workflow_task.name, "Thư ký tòa soạn kiểm tra")

        _, outbox = self.workflow_action(self.secretary, page, "approve")
        page.refresh_from_db()
        self.assertFalse(page.live)
        self.assertNotIn("mai@example.com", [message.to[0] for message in outbox])

        _, outbox = self.workflow_action(self.leader, page, "approve")
        page.refresh_from_db()
        self.assertTrue(page.live)
        to_asker = [message for message in outbox if message.to == ["mai@example.com"]]
        self.assertEqual(len(to_asker), 1)
        self.assertIn(self.question.code, to_asker[0].subject)
        self.assertIn(page.full_url, to_asker[0].body)
        self.assertIn("Kính gửi Ông/Bà Lê Thị Mai", to_asker[0].body)
        self.question.refresh_from_db()
        self.assertEqual(self.question.status, Status.ANSWERED)
        self.assertIsNotNone(self.question.asker_notified_at)

        # Published: the page has the question and the answer, not the asker.
        self.client.logout()
        response = self.client.get(page.url)
        self.assertContains(response, "Hồ sơ nộp trên Cổng Dịch vụ công quốc gia.")
        for personal in ("Lê Thị Mai", "mai@example.com", "0911222333"):
            self.assertNotContains(response, personal)

        # The tracking page links the answer.
        response = self.client.post(reverse("participation_track"), {"code": self.question.code})
        self.assertContains(response, "Đã trả lời")
        self.assertContains(response, f'href="{page.url}"')

        # Publishing a correction later does not e-mail the asker again.
        revision = page.save_revision(user=self.leader)
        mail.outbox = []
        with self.captureOnCommitCallbacks(execute=True):
            revision.publish(user=self.leader)
        self.assertEqual([m for m in mail.outbox if m.to == ["mai@example.com"]], [])

    def test_an_asker_who_gave_only_a_phone_gets_no_email_and_nothing_fails(self):
        question = QuestionFactory(topic=self.topic, email="", phone="0911000111")
        question.answer_page = self.section.add_child(
            instance=QuestionAnswerPage(title="Trả lời", topic=self.topic, question="?", answer="<p>Đáp.</p>")
        )
        question.save()
        mail.outbox = []
        with self.captureOnCommitCallbacks(execute=True):
            question.answer_page.save_revision().publish()
        question.refresh_from_db()
        self.assertEqual(question.status, Status.ANSWERED)
        self.assertEqual(mail.outbox, [])

    def test_the_english_asker_is_emailed_in_english(self):
        question = QuestionFactory(topic=self.topic, email="john@example.com", name="John", language="en")
        question.answer_page = self.section.add_child(
            instance=QuestionAnswerPage(title="Answer", topic=self.topic, question="?", answer="<p>A.</p>")
        )
        question.save()
        mail.outbox = []
        with self.captureOnCommitCallbacks(execute=True):
            question.answer_page.save_revision().publish()
        self.assertEqual(mail.outbox[0].subject, f"Your question {question.code} has been answered")
        self.assertIn("Dear John,", mail.outbox[0].body)

    def test_a_role_that_only_reads_cannot_draft_or_assign(self):
        reader = make_user("tracuu", "reader")
        detail = reverse("participation_admin:question", args=[self.question.pk])
        response, _ = self.as_user(reader, detail, {"action": "draft"})
        self.assertRedirects(response, reverse("wagtailadmin_home"), fetch_redirect_response=False)
        self.assertFalse(QuestionAnswerPage.objects.exists())
