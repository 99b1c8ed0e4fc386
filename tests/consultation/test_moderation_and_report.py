"""Editors moderate comments and answer them in a report that goes through the approval workflow; who
sees a commenter's contact details; the report as a Word file."""

import io

from docx import Document

from django.test import TestCase
from django.urls import reverse

from wagtail.models import Workflow

from consultation.models import CommentStatus, ConsultationReportPage, Disposition, DraftComment
from participation import inbox
from tests.factories import DraftCommentFactory, DraftDocumentPageFactory
from tests.helpers import soup
from tests.workflow.helpers import make_user, setup_portal


def docx_text(content):
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


class ModerationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_portal()
        cls.draft = DraftDocumentPageFactory(title="Dự thảo Quy chế chia sẻ dữ liệu số")
        cls.article_id, cls.article_label = cls.draft.articles[0]
        cls.comment = DraftCommentFactory(
            page=cls.draft,
            article_id=cls.article_id,
            article_label=cls.article_label,
            body="Đề nghị làm rõ phạm vi dữ liệu bắt buộc chia sẻ.",
            contact="an.nguyen@example.vn",
            status=CommentStatus.PENDING,
        )
        cls.secretary = make_user("thu-ky", "secretary")
        cls.leader = make_user("lanh-dao", "leader")
        cls.editor = make_user("phong-vien", "editor")
        cls.reader = make_user("tra-cuu", "reader")

    def edit_url(self):
        return reverse("consultation_comments:edit", args=[self.comment.pk])

    def moderate(self, user, **data):
        self.client.force_login(user)
        return self.client.post(self.edit_url(), {"status": "approved", "moderation_note": "", **data})

    def test_the_secretary_sees_pending_comments_and_approves_one_which_then_shows(self):
        self.client.force_login(self.secretary)
        listing = self.client.get(reverse("consultation_comments:index") + "?status=pending")
        self.assertContains(listing, "Đề nghị làm rõ phạm vi dữ liệu")
        self.assertContains(listing, "Chờ kiểm duyệt")
        self.assertNotContains(self.client.get(self.draft.url), "Đề nghị làm rõ phạm vi dữ liệu")
        response = self.moderate(self.secretary)
        self.assertEqual(response.status_code, 302)
        self.comment.refresh_from_db()
        self.assertEqual(self.comment.status, CommentStatus.APPROVED)
        self.assertEqual(self.comment.moderated_by, self.secretary)
        self.assertIsNotNone(self.comment.moderated_at)
        self.client.logout()
        page = soup(self.client.get(self.draft.url))
        self.assertIn("Đề nghị làm rõ phạm vi dữ liệu", page.find(id=f"dieu-{self.article_id}").get_text())

    def test_rejecting_needs_a_reason_in_vietnamese(self):
        response = self.moderate(self.secretary, status="rejected")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Vui lòng ghi lý do không đăng ý kiến.")
        self.comment.refresh_from_db()
        self.assertEqual(self.comment.status, CommentStatus.PENDING)
        self.moderate(self.secretary, status="rejected", moderation_note="Trùng lặp với ý kiến khác.")
        self.comment.refresh_from_db()
        self.assertEqual(self.comment.status, CommentStatus.REJECTED)

    def test_the_moderator_cannot_change_what_the_reader_wrote(self):
        self.moderate(self.secretary, body="Nội dung bị sửa", contact="khac@example.vn")
        self.comment.refresh_from_db()
        self.assertEqual(self.comment.body, "Đề nghị làm rõ phạm vi dữ liệu bắt buộc chia sẻ.")
        self.assertEqual(self.comment.contact, "an.nguyen@example.vn")

    def test_only_the_leaders_see_the_contact_details(self):
        for user, sees in ((self.leader, True), (self.secretary, False)):
            self.client.force_login(user)
            html = self.client.get(self.edit_url()).content.decode()
            self.assertEqual("an.nguyen@example.vn" in html, sees, user.username)
            self.assertIn("Đề nghị làm rõ phạm vi dữ liệu", html)
        listing = self.client.get(reverse("consultation_comments:index"))
        self.assertNotContains(listing, "an.nguyen@example.vn")

    def test_editors_and_readers_may_not_moderate(self):
        for user in (self.editor, self.reader):
            self.client.force_login(user)
            self.assertNotEqual(self.client.get(self.edit_url()).status_code, 200)
            self.moderate(user)
        self.comment.refresh_from_db()
        self.assertEqual(self.comment.status, CommentStatus.PENDING)

    def test_comments_are_in_the_one_inbox_without_their_contact(self):
        source = inbox.get_source("draft_comments")
        self.assertTrue(source.visible_to(self.secretary))
        self.assertFalse(source.visible_to(self.editor))
        items, total = inbox.items(self.secretary, inbox.InboxFilters(source="draft_comments"), 10)
        self.assertEqual(total, 1)
        self.assertEqual(items[0].url, self.edit_url())
        self.assertEqual(items[0].code, f"GY-{self.comment.pk:05d}")
        self.assertNotIn("an.nguyen", items[0].title)
        self.client.force_login(self.secretary)
        response = self.client.get(reverse("participation_admin:inbox"), follow=True)
        self.assertContains(response, f"GY-{self.comment.pk:05d}")
        self.assertNotContains(response, "an.nguyen@example.vn")

    def test_the_moderation_screens_are_in_vietnamese(self):
        from tests.home.admin_text import english_on_page

        self.client.force_login(self.leader)
        for url in (reverse("consultation_comments:index"), self.edit_url()):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(english_on_page(response.content.decode()), [], url)


class ReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_portal()
        cls.draft = DraftDocumentPageFactory(title="Dự thảo Nghị quyết hỗ trợ doanh nghiệp số", closed=True)
        article_id, label = cls.draft.articles[1]
        cls.on_article = DraftCommentFactory(
            page=cls.draft,
            article_id=article_id,
            article_label=label,
            body="Đề nghị mở rộng đối tượng áp dụng.",
            name="Trần Thị Bình",
            show_name=False,
        )
        cls.on_whole = DraftCommentFactory(page=cls.draft, body="Dự thảo cần quy định rõ thủ tục hỗ trợ.")
        cls.rejected = DraftCommentFactory(
            page=cls.draft, body="Ý kiến không liên quan.", status=CommentStatus.REJECTED
        )
        cls.pending = DraftCommentFactory(
            page=cls.draft, body="Ý kiến còn chờ.", status=CommentStatus.PENDING
        )
        cls.editor = make_user("phong-vien", "editor")
        cls.leader = make_user("lanh-dao", "leader")
        cls.reader = make_user("tra-cuu", "reader")

    def build(self, user):
        self.client.force_login(user)
        return self.client.post(reverse("consultation_build_report", args=[self.draft.pk]))

    def report(self):
        return ConsultationReportPage.objects.child_of(self.draft).get()

    def fill_and_submit(self, user):
        """Fill in each decision in the page editor and submit the report for approval."""
        report = self.report()
        edit_url = reverse("wagtailadmin_pages:edit", args=[report.pk])
        form = soup(self.client.get(edit_url)).find("form", id="page-edit-form")
        data = {}
        for field in form.find_all(["input", "textarea", "select"]):
            name = field.get("name")
            if not name or field.get("type") in ("submit", "button") or name.startswith("action-"):
                continue
            if field.name == "select":
                option = field.find("option", selected=True)
                data[name] = option["value"] if option else ""
            elif field.name == "textarea":
                data[name] = field.get_text()
            elif field.get("type") == "checkbox":
                if field.has_attr("checked"):
                    data[name] = field.get("value", "on")
            else:
                data[name] = field.get("value", "")
        rows = int(data["items-TOTAL_FORMS"])
        self.assertEqual(rows, 2)
        data["items-0-disposition"] = Disposition.ACCEPTED
        data["items-0-response"] = "Đã bổ sung thủ tục tại Phụ lục."
        data["items-1-disposition"] = Disposition.EXPLAINED
        data["items-1-response"] = "Đối tượng áp dụng giữ như dự thảo vì phù hợp Luật."
        data["action-submit"] = "1"
        return self.client.post(edit_url, data)

    def test_an_editor_builds_the_report_from_shown_comments_whole_draft_first(self):
        page = self.client.get(reverse("consultation_build_report", args=[self.draft.pk]))
        self.assertEqual(page.status_code, 302)  # anonymous: to the login page
        self.client.force_login(self.editor)
        confirm = self.client.get(reverse("consultation_build_report", args=[self.draft.pk]))
        self.assertContains(confirm, "Còn 1 ý kiến chờ kiểm duyệt")
        response = self.build(self.editor)
        report = self.report()
        self.assertRedirects(response, reverse("wagtailadmin_pages:edit", args=[report.pk]))
        self.assertFalse(report.live)
        rows = report.get_latest_revision_as_object().items.all()
        self.assertEqual([row.comment_id for row in rows], [self.on_whole.pk, self.on_article.pk])
        self.build(self.editor)  # again: nothing doubled
        self.assertEqual(len(self.report().get_latest_revision_as_object().items.all()), 2)

    def test_the_report_is_published_through_the_approval_workflow_and_then_shown(self):
        self.build(self.editor)
        response = self.fill_and_submit(self.editor)
        errors = [e.get_text(strip=True) for e in soup(response).select(".error-message, .help-critical")]
        self.assertEqual(response.status_code, 302, errors)
        report = self.report()
        self.assertFalse(report.live)
        self.assertEqual(report.current_workflow_state.status, "in_progress")
        self.client.logout()
        self.assertNotContains(self.client.get(self.draft.url), "Đã bổ sung thủ tục tại Phụ lục.")
        # The leader approves (the workflow's last step publishes).
        self.client.force_login(self.leader)
        state = report.current_workflow_state
        task_state = state.current_task_state
        approve = reverse("wagtailadmin_pages:workflow_action", args=[report.pk, "approve", task_state.pk])
        self.assertEqual(self.client.post(approve, {"comment": ""}).status_code, 302)
        report.refresh_from_db()
        self.assertTrue(report.live)
        self.client.logout()
        page = soup(self.client.get(self.draft.url))
        shown = page.find(class_="consultation-report").get_text(" ", strip=True)
        self.assertIn("Đã bổ sung thủ tục tại Phụ lục.", shown)
        self.assertIn("Giải trình", shown)
        self.assertIn("Người góp ý", shown)  # Trần Thị Bình did not agree to be named
        self.assertNotIn("Trần Thị Bình", shown)
        self.assertNotIn("Ý kiến không liên quan.", shown)
        self.assertEqual(self.client.get(report.url).status_code, 200)
        document = self.client.get(reverse("consultation_report_docx", args=[report.pk]))
        self.assertEqual(
            document["Content-Type"],
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        self.assertIn("attachment;", document["Content-Disposition"])
        text = docx_text(document.content)
        for expected in (
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "BÁO CÁO",
            "Dự thảo Nghị quyết hỗ trợ doanh nghiệp số",
            "Đề nghị mở rộng đối tượng áp dụng.",
            "Đối tượng áp dụng giữ như dự thảo vì phù hợp Luật.",
            "Tiếp thu",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("an.nguyen@example.vn", text)
        self.assertNotIn("Trần Thị Bình", text)

    def test_a_decision_is_required_and_an_explanation_needs_its_reason(self):
        self.build(self.editor)
        report = self.report().get_latest_revision_as_object()
        rows = report.items.all()
        rows[0].disposition = Disposition.EXPLAINED
        rows[0].response = ""
        from django.core.exceptions import ValidationError

        with self.assertRaises(ValidationError) as caught:
            rows[0].full_clean(exclude=["page"])
        self.assertIn("Vui lòng nêu lý do không tiếp thu ý kiến.", str(caught.exception))
        rows[1].disposition = ""
        with self.assertRaises(ValidationError):
            rows[1].full_clean(exclude=["page"])

    def test_the_draft_report_downloads_for_editors_only_and_is_marked_unpublished(self):
        self.build(self.editor)
        report = self.report()
        url = reverse("consultation_report_admin_docx", args=[report.pk])
        self.assertIn("Bản dự thảo báo cáo: chưa xuất bản", docx_text(self.client.get(url).content))
        self.client.force_login(self.reader)
        self.assertNotEqual(self.client.get(url).status_code, 200)
        self.client.logout()
        public = self.client.get(reverse("consultation_report_docx", args=[report.pk]))
        self.assertEqual(public.status_code, 404)  # not published

    def test_no_workflow_no_publish_without_approval(self):
        self.assertTrue(Workflow.objects.filter(name="Duyệt trang thông tin", active=True).exists())
        self.build(self.editor)
        report = self.report()
        self.assertFalse(report.permissions_for_user(self.editor).can_publish())

    def test_an_open_consultation_shows_no_report_and_its_page_is_not_found(self):
        self.build(self.editor)
        report = self.report()
        report.save_revision().publish()
        self.assertEqual(self.client.get(report.url).status_code, 200)
        self.draft.closes_on = self.draft.opens_on.replace(year=self.draft.opens_on.year + 5)
        self.draft.save_revision().publish()
        self.assertEqual(self.client.get(report.url).status_code, 404)
        self.assertNotContains(self.client.get(self.draft.url), "Tiếp thu, giải trình từng ý kiến")
        self.assertEqual(
            self.client.get(reverse("consultation_report_docx", args=[report.pk])).status_code, 404
        )


class ErasureTests(TestCase):
    def test_contacts_and_unshown_names_are_erased_after_the_retention(self):
        import datetime
        from io import StringIO

        from django.core.management import call_command
        from django.test import override_settings
        from django.utils import timezone

        old = DraftCommentFactory(name="Lê Văn Cường", show_name=False)
        old.created_at = timezone.now() - datetime.timedelta(days=31)
        old.save()
        named = DraftCommentFactory(page=old.page, name="Nguyễn Văn An", show_name=True)
        named.created_at = old.created_at
        named.save()
        recent = DraftCommentFactory(page=old.page)
        with override_settings(PARTICIPATION_RETENTION_DAYS=30):
            out = StringIO()
            call_command("erase_expired_contacts", stdout=out)
        self.assertIn("0 question(s), 0 feedback item(s), 2 comment(s) on drafts", out.getvalue())
        old.refresh_from_db(), named.refresh_from_db(), recent.refresh_from_db()
        self.assertEqual((old.contact, old.name), ("", ""))
        self.assertEqual((named.contact, named.name), ("", "Nguyễn Văn An"))
        self.assertIsNotNone(old.contact_erased_at)
        self.assertEqual(recent.contact, "an.nguyen@example.vn")
        self.assertEqual(DraftComment.objects.filter(contact_erased_at__isnull=False).count(), 2)


class ReportRowTamperingTests(TestCase):
    def test_a_row_cannot_answer_a_comment_of_another_draft_or_one_not_shown(self):
        from django.core.exceptions import ValidationError

        from consultation.models import ReportItem

        draft = DraftDocumentPageFactory(closed=True)
        other = DraftDocumentPageFactory(parent=draft.get_parent().specific, closed=True)
        shown = DraftCommentFactory(page=draft)
        elsewhere = DraftCommentFactory(page=other)
        hidden = DraftCommentFactory(page=draft, status=CommentStatus.REJECTED, moderation_note="Trùng lặp.")
        report = ConsultationReportPage(title="Báo cáo tiếp thu, giải trình")
        draft.add_child(instance=report)
        report.items = [ReportItem(comment=shown, disposition=Disposition.ACCEPTED)]
        report.full_clean()
        for wrong in (elsewhere, hidden):
            report.items = [ReportItem(comment=wrong, disposition=Disposition.ACCEPTED)]
            with self.assertRaises(ValidationError):
                report.full_clean()
