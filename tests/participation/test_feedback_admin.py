"""Handling feedback in the admin: assign, reject with a reason, answer, publish on the public list."""

from django.core import mail
from django.test import TestCase
from django.urls import reverse

from participation.models import Status
from tests.factories import FeedbackFactory, UnitFactory
from tests.workflow.helpers import make_user, setup_portal


class FeedbackAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_portal()
        cls.unit = UnitFactory(name="Phòng Bưu chính – Viễn thông")
        cls.editor = make_user("phongvien", "editor")
        cls.leader = make_user("lanhdao", "leader")

    def setUp(self):
        self.item = FeedbackFactory()
        self.url = reverse("participation_admin:feedback", args=[self.item.pk])

    def post(self, user, **data):
        self.client.force_login(user)
        return self.client.post(self.url, data)

    def test_assigning_a_unit_puts_it_in_progress(self):
        self.post(self.editor, action="assign", unit=self.unit.pk)
        self.item.refresh_from_db()
        self.assertEqual((self.item.unit, self.item.status), (self.unit, Status.IN_PROGRESS))

    def test_a_rejection_needs_a_reason_that_the_person_then_reads(self):
        response = self.post(self.editor, action="reject", reason="")
        self.assertContains(response, "Hãy nhập lý do", status_code=400)
        self.post(self.editor, action="reject", reason="Không thuộc thẩm quyền; đề nghị gửi UBND huyện.")
        self.item.refresh_from_db()
        self.assertEqual(self.item.status, Status.REJECTED)
        self.client.logout()
        response = self.client.post(reverse("participation_track"), {"code": self.item.code})
        self.assertContains(response, "đề nghị gửi UBND huyện")

    def test_answered_then_published_by_a_leader_only(self):
        response = self.post(self.editor, action="publish")
        self.assertRedirects(response, reverse("wagtailadmin_home"), fetch_redirect_response=False)
        with self.captureOnCommitCallbacks(execute=True):
            self.post(self.editor, action="reply", reply="Đã lắp trạm phát sóng mới.")
        self.item.refresh_from_db()
        self.assertEqual(self.item.status, Status.ANSWERED)
        [message] = mail.outbox
        self.assertEqual(message.to, [self.item.email])
        self.assertEqual(message.subject, f"Phản ánh, kiến nghị {self.item.code} của Ông/Bà đã được trả lời")
        self.assertIn("http://testserver/tra-cuu-ho-so/", message.body)
        self.post(self.editor, action="publish")
        self.item.refresh_from_db()
        self.assertFalse(self.item.published)
        self.post(self.leader, action="publish")
        self.item.refresh_from_db()
        self.assertTrue(self.item.published)
        self.client.logout()
        self.assertContains(
            self.client.get(reverse("participation_feedback_list")), "Đã lắp trạm phát sóng mới."
        )
        self.post(self.leader, action="unpublish")
        self.client.logout()
        self.assertNotContains(
            self.client.get(reverse("participation_feedback_list")), "Đã lắp trạm phát sóng mới."
        )

    def test_unanswered_feedback_cannot_be_published(self):
        self.post(self.leader, action="publish")
        self.item.refresh_from_db()
        self.assertFalse(self.item.published)

    def test_an_unknown_action_is_a_400(self):
        self.assertEqual(self.post(self.editor, action="xoa-het").status_code, 400)
