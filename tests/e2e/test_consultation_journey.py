"""Góp ý dự thảo in Chromium: a reader comments on one article of a draft, the secretary approves the
comment, it shows; the consultation closes; an editor builds the report, the leader approves it and it
is published. axe checks every public page of it on the way."""

import datetime
import re

import pytest
import time_machine
from playwright.sync_api import expect

from django.urls import reverse
from django.utils import timezone

from consultation.models import CommentStatus, ConsultationReportPage, DraftComment
from tests.e2e.conftest import READER_AGENT, admin_url, axe_violations, screenshot
from tests.factories import DraftDocumentPageFactory
from tests.participation.helpers import answer_to
from tests.workflow.helpers import make_user, setup_portal

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "mat-khau-dai-1"
COMMENT = "Đề nghị bổ sung Sở Tài chính vào đối tượng áp dụng của Quy chế."
RESPONSE = "Đã bổ sung Sở Tài chính vào khoản 1 Điều 2."


def log_in(new_context, username):
    page = new_context().new_page()
    page.goto(reverse("wagtailadmin_login"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    expect(page).to_have_url(re.compile(re.escape(admin_url()) + "$"))
    return page


def answer_check_question(page):
    label = page.locator("label[for='id_challenge_answer']").inner_text()
    page.get_by_label(re.compile("Câu hỏi kiểm tra")).fill(answer_to(label))


def test_a_comment_on_an_article_is_moderated_shown_and_answered_in_the_published_report(new_context):
    setup_portal()
    make_user("thuky", "secretary")
    make_user("phongvien", "editor")
    make_user("lanhdao", "leader")
    draft = DraftDocumentPageFactory(title="Dự thảo Quy chế chia sẻ dữ liệu số của tỉnh")
    article_id, _label = draft.articles[1]  # Điều 2. Đối tượng áp dụng

    # A reader follows "Góp ý điều này" under Điều 2, writes, answers the check question, consents.
    reader = new_context(user_agent=READER_AGENT).new_page()
    reader.goto(draft.url)
    assert axe_violations(reader) == []
    expect(reader.locator(".consultation-status")).to_contain_text("Còn 11 ngày")
    reader.locator(f"#dieu-{article_id}").get_by_role("link", name="Góp ý điều này").click()
    expect(reader.get_by_label("Góp ý cho")).to_have_value(article_id)
    reader.get_by_label("Nội dung góp ý").fill(COMMENT)
    reader.get_by_label("Họ và tên (không bắt buộc)").fill("Trần Thị Bình")
    reader.get_by_label("Hiển thị họ tên của tôi cùng góp ý").check()
    reader.get_by_label("Thư điện tử hoặc số điện thoại (không bắt buộc)").fill("binh.tran@example.vn")
    answer_check_question(reader)
    reader.get_by_label(re.compile("Tôi đồng ý để Sở xử lý góp ý")).check()
    reader.get_by_role("button", name="Gửi góp ý").click()
    expect(reader.get_by_role("status")).to_contain_text("Góp ý của bạn đã được tiếp nhận")
    expect(reader.locator(".draft-comments")).not_to_contain_text(COMMENT)
    assert axe_violations(reader) == []
    screenshot(reader, "consultation-sent")
    comment = DraftComment.objects.get()
    assert (comment.status, comment.article_id) == (CommentStatus.PENDING, article_id)

    # The secretary approves it in the admin.
    secretary = log_in(new_context, "thuky")
    secretary.goto(reverse("consultation_comments:edit", args=[comment.pk]))
    expect(secretary.locator("body")).to_contain_text(COMMENT)
    expect(secretary.locator("body")).not_to_contain_text("binh.tran@example.vn")
    secretary.locator("#id_status").select_option("approved")
    secretary.locator("footer button[type='submit']").first.click()
    expect(secretary.locator(".messages")).to_be_visible()
    comment.refresh_from_db()
    assert comment.status == CommentStatus.APPROVED

    # Shown under Điều 2, with the name the reader agreed to show.
    reader.goto(draft.url)
    article = reader.locator(f"#dieu-{article_id}")
    article.get_by_text("1 ý kiến").click()
    expect(article).to_contain_text(COMMENT)
    expect(article).to_contain_text("Trần Thị Bình")
    expect(reader.locator("body")).not_to_contain_text("binh.tran@example.vn")

    # The consultation closes: the form is gone, then the report is built, approved and published.
    after = timezone.localtime() + datetime.timedelta(days=12)
    with time_machine.travel(after, tick=True):
        reader.goto(draft.url)
        expect(reader.locator(".consultation-status")).to_contain_text("Đã hết hạn góp ý")
        expect(reader.locator("form.comment-form__form")).to_have_count(0)
        expect(reader.locator("#comment-form")).to_contain_text("không nhận thêm góp ý")
        assert axe_violations(reader) == []

        editor = log_in(new_context, "phongvien")
        editor.goto(reverse("consultation_build_report", args=[draft.pk]))
        editor.get_by_role("button", name="Cập nhật báo cáo từ góp ý").click()
        expect(editor.locator("body")).to_contain_text(COMMENT)
        editor.locator("select[name='items-0-disposition']").select_option("accepted")
        editor.locator("textarea[name='items-0-response']").fill(RESPONSE)
        editor.locator("footer [data-w-dropdown-target='toggle']").last.click()
        editor.get_by_role("button", name=re.compile("Gửi")).filter(has_text="duyệt").first.click()
        expect(editor.locator(".messages")).to_be_visible()
        report = ConsultationReportPage.objects.get()
        assert report.current_workflow_state is not None and not report.live

        leader = log_in(new_context, "lanhdao")
        leader.goto(reverse("wagtailadmin_pages:edit", args=[report.pk]))
        approve = leader.locator(
            "footer [data-workflow-action-name='approve']:not([data-workflow-action-modal-url])"
        )
        if not approve.is_visible():
            leader.locator("footer [data-w-dropdown-target='toggle']").last.click()
        approve.click()
        expect(leader.locator(".messages")).to_be_visible()
        report.refresh_from_db()
        assert report.live

        reader.goto(draft.url)
        shown = reader.locator(".consultation-report")
        expect(shown).to_contain_text(RESPONSE)
        expect(shown).to_contain_text("Tiếp thu")
        expect(shown.get_by_role("link", name="Tải báo cáo (Word, .docx)")).to_be_visible()
        assert axe_violations(reader) == []
        screenshot(reader, "consultation-report")

        reader.goto(report.url)
        expect(reader.locator("h1")).to_contain_text("Báo cáo")
        assert axe_violations(reader) == []

        reader.goto(draft.get_parent().url)
        expect(reader.locator(".draft-list__item")).to_contain_text("Đã hết hạn góp ý")
        reader.get_by_label("Lấy ý kiến", exact=True).select_option("closed")
        reader.get_by_role("button", name="Lọc").click()
        expect(reader).to_have_url(re.compile(r"\?status=closed$"))
        expect(reader.locator(".draft-list__item")).to_have_count(1)
        assert axe_violations(reader) == []

    # A bad comment is refused with the reasons on the page, which stays accessible.
    other = DraftDocumentPageFactory(parent=draft.get_parent().specific, title="Dự thảo thứ hai đang mở")
    reader.goto(other.url)
    reader.get_by_label("Nội dung góp ý").fill("<b>ngắn</b>")
    reader.get_by_role("button", name="Gửi góp ý").click()
    expect(reader.get_by_role("alert").first).to_contain_text("Góp ý chưa được gửi")
    expect(reader.locator("#id_body_error")).to_contain_text("không dùng thẻ HTML")
    assert axe_violations(reader) == []
