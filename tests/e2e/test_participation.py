"""A citizen's question in Chromium: asked, tracked, answered in the admin, approved in two steps,
published, the asker e-mailed. The public pages of participation/ keep axe at 0 violations."""

import re

import pytest
from playwright.sync_api import expect

from django.core import mail
from django.urls import reverse

from participation.models import Question, QuestionAnswerPage
from participation.protection import parse_answer
from tests.e2e.conftest import READER_AGENT, axe_violations
from tests.e2e.test_editor_journeys import PASSWORD, open_actions_menu
from tests.factories import (
    FeedbackFactory,
    QuestionAnswerPageFactory,
    QuestionIndexPageFactory,
    StandardPageFactory,
    TopicFactory,
    default_home,
)
from tests.workflow.helpers import make_user, setup_portal

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Cấp phép bản tin nội bộ của doanh nghiệp"


def answer_check_question(page):
    """Read the check question as a person does and type the sum."""
    label = page.locator("label[for='id_challenge_answer']").inner_text()
    words = label.split(":", 1)[1].split()
    page.locator("#id_challenge_answer").fill(str(parse_answer(words[0]) + parse_answer(words[2])))


def log_in(new_context, username):
    page = new_context().new_page()
    page.goto(reverse("wagtailadmin_login"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    expect(page.locator("#id_username")).to_have_count(0)
    return page


def approve(page, answer):
    page.goto(reverse("wagtailadmin_pages:edit", args=[answer.pk]))
    button = page.locator(
        "footer [data-workflow-action-name='approve']:not([data-workflow-action-modal-url])"
    )
    if not button.is_visible():
        open_actions_menu(page)
    button.click()
    expect(page.locator(".messages")).to_contain_text(TITLE)


def test_ask_track_answer_approve_publish_and_the_asker_is_emailed(new_context):
    setup_portal()
    QuestionIndexPageFactory(parent=default_home())
    TopicFactory(name="Báo chí, xuất bản")
    StandardPageFactory(title="Chính sách bảo vệ dữ liệu cá nhân", slug="bao-ve-du-lieu-ca-nhan")
    for username, role in (("phongvien", "editor"), ("thuky", "secretary"), ("lanhdao", "leader")):
        make_user(username, role)

    # The citizen asks, without JavaScript needed, and keeps the code.
    citizen = new_context(user_agent=READER_AGENT, java_script_enabled=False).new_page()
    citizen.goto(reverse("participation_ask"))
    citizen.get_by_label("Lĩnh vực").select_option(label="Báo chí, xuất bản")
    citizen.get_by_label("Tiêu đề").fill(TITLE)
    citizen.get_by_label("Nội dung câu hỏi").fill(
        "Doanh nghiệp phát hành bản tin nội bộ hằng tháng có cần giấy phép?"
    )
    citizen.get_by_label("Họ tên").fill("Phạm Thu Trang")
    citizen.get_by_label("Thư điện tử").fill("trang@example.com")
    answer_check_question(citizen)
    citizen.locator("#id_consent").check()
    citizen.get_by_role("button", name="Gửi câu hỏi").click()
    code = citizen.locator(".tracking-code").inner_text().strip()
    assert re.fullmatch(r"HD-[2-9A-Z]{4}-[2-9A-Z]{4}", code)

    citizen.get_by_role("link", name="Đến trang tra cứu").click()
    citizen.get_by_label("Mã theo dõi").fill(code)
    citizen.get_by_role("button", name="Tra cứu").click()
    expect(citizen.locator(".status-badge")).to_have_text("Mới")

    # The editor finds it in the inbox and drafts the answer; the draft opens in the page editor.
    editor = log_in(new_context, "phongvien")
    editor.goto(reverse("participation_admin:inbox"))
    editor.get_by_role("link", name=code).click()
    expect(editor.get_by_text("trang@example.com")).to_have_count(0)
    editor.get_by_role("button", name="Soạn câu trả lời").click()
    expect(editor.locator("#id_title")).to_have_value(TITLE)
    open_actions_menu(editor)
    editor.locator("button[name='action-submit']").click()
    expect(editor.locator(".messages")).to_contain_text(TITLE)
    answer = QuestionAnswerPage.objects.get()
    assert not answer.live

    approve(log_in(new_context, "thuky"), answer)
    answer.refresh_from_db()
    assert not answer.live
    mail.outbox.clear()
    approve(log_in(new_context, "lanhdao"), answer)
    answer.refresh_from_db()
    assert answer.live

    # Published without the asker; the asker is e-mailed with the link; the tracking page says so.
    reader = new_context(user_agent=READER_AGENT).new_page()
    reader.goto(answer.url)
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(reader.get_by_text("Phạm Thu Trang")).to_have_count(0)
    to_asker = [message for message in mail.outbox if message.to == ["trang@example.com"]]
    assert len(to_asker) == 1 and code in to_asker[0].subject and answer.url in to_asker[0].body
    assert Question.objects.get().status == "answered"
    citizen.goto(reverse("participation_track"))
    citizen.get_by_label("Mã theo dõi").fill(code)
    citizen.get_by_role("button", name="Tra cứu").click()
    expect(citizen.locator(".status-badge")).to_have_text("Đã trả lời")
    citizen.get_by_role("link", name="Xem câu trả lời").click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text(TITLE)


def test_the_public_pages_have_no_axe_violations_and_the_form_works_by_keyboard(new_context):
    section = QuestionIndexPageFactory(parent=default_home())
    topic = TopicFactory(name="Chuyển đổi số", name_en="Digital transformation")
    answer = QuestionAnswerPageFactory(parent=section, topic=topic, title="Đánh giá tác động dữ liệu")
    StandardPageFactory(title="Chính sách bảo vệ dữ liệu cá nhân", slug="bao-ve-du-lieu-ca-nhan")
    item = FeedbackFactory(status="answered", reply="Đã lắp trạm mới.", published=True)
    page = new_context(user_agent=READER_AGENT).new_page()
    for url in (
        reverse("participation_ask"),
        "/en" + reverse("participation_ask"),
        reverse("participation_feedback"),
        "/en" + reverse("participation_feedback"),
        reverse("participation_track"),
        reverse("participation_feedback_list"),
        section.url,
        answer.url,
    ):
        page.goto(url)
        assert axe_violations(page) == [], url

    # The form with its errors shown, and a tracking result.
    page.goto(reverse("participation_ask"))
    page.get_by_role("button", name="Gửi câu hỏi").click()
    expect(page.locator("#form-errors")).to_be_visible()
    assert axe_violations(page) == [], "ask form with errors"
    page.goto(reverse("participation_track"))
    page.get_by_label("Mã theo dõi").fill(item.code)
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator(".status-badge")).to_have_text("Đã trả lời")
    assert axe_violations(page) == [], "tracking result"

    # By keyboard: Tab goes from the first field to the button, never into the hidden honeypot.
    page.goto(reverse("participation_ask"))
    page.locator("#id_topic").focus()
    visited = []
    for _step in range(12):
        page.keyboard.press("Tab")
        visited.append(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
        if visited[-1] == "BUTTON":
            break
    assert "id_website" not in visited
    assert visited[-1] == "BUTTON", visited
    assert "id_challenge_answer" in visited and "id_consent" in visited
