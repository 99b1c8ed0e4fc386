"""Each role walks a news article from draft to the public site, and everyone hears what they must."""

from django.core import mail
from django.test import TestCase
from django.urls import reverse

from wagtail.models import PageLogEntry, TaskState, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, streamfield
from wagtail.users.models import UserProfile

from articles.models import NewsPage
from tests.factories import NewsIndexPageFactory, default_home
from tests.workflow.helpers import make_user, setup_portal

TITLE = "Tỉnh đạt 92% hồ sơ trực tuyến toàn trình"


def article_data(**overrides):
    data = {
        "title": "Tỉnh đạt 92% hồ sơ trực tuyến toàn trình",
        "slug": "ho-so-truc-tuyen",
        "summary": "Kết quả chuyển đổi số năm 2025.",
        "publication_date": "2026-01-15 08:30",
        "tags": "",
        "author": "Minh Hiếu",
        "source": "",
        "featured_image_alt": "",
        "featured_image_caption": "",
        "body": streamfield([]),
    }
    data.update(overrides)
    return nested_form_data(data)


class EditorialPathTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.section = NewsIndexPageFactory(parent=default_home(), title="Tin tức", slug="tin-tuc")
        setup_portal()
        cls.editor = make_user("phongvien", "editor", first_name="Lan", last_name="Nguyễn")
        cls.secretary = make_user("thuky", "secretary", first_name="Hùng", last_name="Trần")
        cls.other_secretary = make_user("thuky2", "secretary")
        cls.leader = make_user("lanhdao", "leader", first_name="Minh", last_name="Lê")
        cls.reader = make_user("tracuu", "reader")
        cls.administrator = make_user("quantri", "administrator")

    # Helpers ------------------------------------------------------------------------------------

    def as_user(self, user, url, data=None):
        """POST (or GET) as ``user``; return the response and the e-mails sent once it committed."""
        mail.outbox = []
        self.client.force_login(user)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, data) if data is not None else self.client.get(url)
        return response, list(mail.outbox)

    def create_draft(self):
        url = reverse("wagtailadmin_pages:add", args=("articles", "newspage", self.section.pk))
        response, _ = self.as_user(self.editor, url, article_data())
        self.assertEqual(response.status_code, 302)
        return NewsPage.objects.get(slug="ho-so-truc-tuyen")

    def edit(self, user, page, action, **overrides):
        data = article_data(**overrides)
        data[action] = action
        return self.as_user(user, reverse("wagtailadmin_pages:edit", args=(page.pk,)), data)

    def workflow_action(self, user, page, action, comment=""):
        task_state = WorkflowState.objects.get(
            object_id=str(page.pk), status="in_progress"
        ).current_task_state
        url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))
        return self.as_user(user, url, {"comment": comment})

    def by_recipient(self, outbox):
        return {message.to[0]: message for message in outbox}

    # The path -----------------------------------------------------------------------------------

    def test_draft_to_live_through_both_steps_with_every_notification_and_log_entry(self):
        page = self.create_draft()

        # The editor cannot publish: the edit view offers no Publish action and ignores one.
        response, _ = self.as_user(self.editor, reverse("wagtailadmin_pages:edit", args=(page.pk,)))
        self.assertNotContains(response, 'name="action-publish"')
        self.assertContains(response, 'name="action-submit"')
        self.edit(self.editor, page, "action-publish")
        page.refresh_from_db()
        self.assertFalse(page.live)
        self.assertIsNone(page.current_workflow_state)

        # Submitted: both secretaries are asked to review, nobody else.
        _, outbox = self.edit(self.editor, page, "action-submit")
        page.refresh_from_db()
        self.assertEqual(page.current_workflow_task.name, "Thư ký tòa soạn kiểm tra")
        self.assertEqual(sorted(m.to[0] for m in outbox), ["thuky2@example.gov.vn", "thuky@example.gov.vn"])
        message = self.by_recipient(outbox)["thuky@example.gov.vn"]
        self.assertEqual(message.subject, "Chờ duyệt: “Tỉnh đạt 92% hồ sơ trực tuyến toàn trình”")
        self.assertIn("Thư ký tòa soạn kiểm tra", message.body)
        self.assertIn(f"http://testserver/admin/pages/{page.pk}/edit/", message.body)

        # In review, the page is locked to its author.
        self.assertTrue(page.permissions_for_user(self.editor).page_locked())
        self.assertFalse(page.permissions_for_user(self.secretary).page_locked())

        # The secretary requests changes with a comment: the author is told, with the comment.
        _, outbox = self.workflow_action(self.secretary, page, "reject", "Bổ sung nguồn số liệu.")
        self.assertEqual([m.to[0] for m in outbox], ["phongvien@example.gov.vn"])
        self.assertEqual(outbox[0].subject, "Yêu cầu chỉnh sửa: “Tỉnh đạt 92% hồ sơ trực tuyến toàn trình”")
        self.assertIn("Hùng Trần", outbox[0].body)
        self.assertIn("Bổ sung nguồn số liệu.", outbox[0].body)
        page.refresh_from_db()
        self.assertEqual(page.current_workflow_state.status, WorkflowState.STATUS_NEEDS_CHANGES)
        self.assertFalse(page.permissions_for_user(self.editor).page_locked())

        # The editor changes the page and resubmits: the secretaries hear it came back.
        _, outbox = self.edit(self.editor, page, "action-submit", source="Sở Thông tin và Truyền thông")
        self.assertEqual(len(outbox), 2)
        self.assertIn("đã được sửa và gửi lại", self.by_recipient(outbox)["thuky@example.gov.vn"].body)

        # Step one approved with a comment: the leader is asked, the author hears it with the comment.
        _, outbox = self.workflow_action(self.secretary, page, "approve", "Đạt yêu cầu, trình lãnh đạo.")
        messages = self.by_recipient(outbox)
        self.assertEqual(set(messages), {"lanhdao@example.gov.vn", "phongvien@example.gov.vn"})
        self.assertEqual(
            messages["lanhdao@example.gov.vn"].subject,
            "Chờ duyệt: “Tỉnh đạt 92% hồ sơ trực tuyến toàn trình”",
        )
        self.assertIn("Lãnh đạo phê duyệt", messages["lanhdao@example.gov.vn"].body)
        self.assertIn("Lan Nguyễn", messages["lanhdao@example.gov.vn"].body)
        author_message = messages["phongvien@example.gov.vn"]
        self.assertIn("Đạt yêu cầu, trình lãnh đạo.", author_message.body)
        self.assertIn("Lãnh đạo phê duyệt", author_message.body)
        page.refresh_from_db()
        self.assertFalse(page.live)

        # The leader approves with a comment: the page goes live and the author hears it, with the comment.
        _, outbox = self.workflow_action(self.leader, page, "approve", "Đồng ý đăng.")
        page.refresh_from_db()
        self.assertTrue(page.live)
        self.assertEqual(page.source, "Sở Thông tin và Truyền thông")
        self.assertEqual([m.to[0] for m in outbox], ["phongvien@example.gov.vn"])
        self.assertEqual(outbox[0].subject, "Đã duyệt: “Tỉnh đạt 92% hồ sơ trực tuyến toàn trình”")
        self.assertIn("đã được xuất bản", outbox[0].body)
        self.assertIn("Đồng ý đăng.", outbox[0].body)
        self.assertEqual(self.client.get(page.url).status_code, 200)

        # The audit log holds every step, by whom, with the comments.
        entries = [
            (entry.action, entry.user.username if entry.user else None)
            for entry in PageLogEntry.objects.filter(page=page).order_by("timestamp", "pk")
        ]
        workflow_entries = [entry for entry in entries if entry[0].startswith("wagtail.workflow")]
        self.assertEqual(
            workflow_entries,
            [
                ("wagtail.workflow.start", "phongvien"),
                ("wagtail.workflow.reject", "thuky"),
                ("wagtail.workflow.resume", "phongvien"),
                ("wagtail.workflow.approve", "thuky"),
                ("wagtail.workflow.approve", "lanhdao"),
            ],
        )
        self.assertIn(("wagtail.create", "phongvien"), entries)
        self.assertIn(("wagtail.publish", "lanhdao"), entries)
        comments = list(
            PageLogEntry.objects.filter(page=page, action__startswith="wagtail.workflow.")
            .order_by("timestamp", "pk")
            .values_list("data__comment", flat=True)
        )
        self.assertIn("Bổ sung nguồn số liệu.", comments)
        self.assertIn("Đồng ý đăng.", comments)

        # Revisions and their comparison stay available.
        revisions = page.revisions.order_by("created_at")
        self.assertGreaterEqual(revisions.count(), 3)
        compare = reverse(
            "wagtailadmin_pages:revisions_compare", args=(page.pk, revisions.first().pk, revisions.last().pk)
        )
        response, _ = self.as_user(self.secretary, compare)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Sở Thông tin và Truyền thông")

    def test_rejection_at_step_two_notifies_the_author_and_the_step_one_reviewer(self):
        page = self.create_draft()
        self.edit(self.editor, page, "action-submit")
        self.workflow_action(self.secretary, page, "approve")
        _, outbox = self.workflow_action(self.leader, page, "reject", "Chưa nêu rõ số liệu năm trước.")
        messages = self.by_recipient(outbox)
        self.assertEqual(set(messages), {"phongvien@example.gov.vn", "thuky@example.gov.vn"})
        for message in messages.values():
            self.assertEqual(message.subject, "Yêu cầu chỉnh sửa: “Tỉnh đạt 92% hồ sơ trực tuyến toàn trình”")
            self.assertIn("Chưa nêu rõ số liệu năm trước.", message.body)
            self.assertIn("Minh Lê", message.body)
        self.assertIn("bạn đã duyệt một bước trước", messages["thuky@example.gov.vn"].body)
        self.assertNotIn("bạn đã duyệt một bước trước", messages["phongvien@example.gov.vn"].body)

        # Resubmitted, it goes straight back to the leader.
        _, outbox = self.edit(self.editor, page, "action-submit")
        page.refresh_from_db()
        self.assertEqual(page.current_workflow_task.name, "Lãnh đạo phê duyệt")
        self.assertEqual([m.to[0] for m in outbox], ["lanhdao@example.gov.vn"])

    def test_the_author_can_cancel_and_the_reviewers_are_told(self):
        page = self.create_draft()
        self.edit(self.editor, page, "action-submit")
        _, outbox = self.edit(self.editor, page, "action-cancel-workflow")
        page.refresh_from_db()
        self.assertIsNone(page.current_workflow_state)
        self.assertFalse(page.live)
        self.assertEqual(sorted(m.to[0] for m in outbox), ["thuky2@example.gov.vn", "thuky@example.gov.vn"])
        self.assertIn("đã rút", outbox[0].body)
        self.assertTrue(PageLogEntry.objects.filter(page=page, action="wagtail.workflow.cancel").exists())

    def test_only_the_step_reviewers_may_act(self):
        page = self.create_draft()
        self.edit(self.editor, page, "action-submit")
        for user in (self.editor, self.leader, self.reader, self.administrator):
            with self.subTest(user=user.username):
                response, outbox = self.workflow_action(user, page, "approve")
                self.assertNotEqual(response.status_code, 200)
                self.assertEqual(outbox, [])
        page.refresh_from_db()
        self.assertEqual(page.current_workflow_task.name, "Thư ký tòa soạn kiểm tra")
        self.assertFalse(TaskState.objects.filter(status=TaskState.STATUS_APPROVED).exists())

    def test_a_reviewer_who_turned_notifications_off_gets_none(self):
        profile = UserProfile.get_for_user(self.other_secretary)
        profile.submitted_notifications = False
        profile.save()
        page = self.create_draft()
        _, outbox = self.edit(self.editor, page, "action-submit")
        self.assertEqual([m.to[0] for m in outbox], ["thuky@example.gov.vn"])
