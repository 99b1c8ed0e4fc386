"""The admin in Vietnamese as a browser renders it, JavaScript included, with screenshots as artefacts.

artifacts/screenshots/admin-vi-{login,dashboard,page-editor,workflow-actions}-1366.png show the login
page, the dashboard, the page editor and the workflow actions of a leader.
"""

import re

import pytest
from playwright.sync_api import expect

from django.urls import reverse
from django.utils import translation

from wagtail.models import Site, Workflow

from home.models import PortalSettings
from tests.e2e.conftest import admin_url, screenshot
from tests.factories import NewsIndexPageFactory, NewsPageFactory
from tests.home.admin_text import english_on_page
from tests.workflow.helpers import make_user, setup_portal

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "mat-khau-dai-1"
# The English language's own name in the language pickers is not interface English.
NOT_INTERFACE_TEXT = ("English",)


def assert_no_english(page):
    with translation.override("vi"):
        assert english_on_page(page.content(), NOT_INTERFACE_TEXT) == []


def log_in(new_context, username):
    page = new_context().new_page()
    page.goto(reverse("wagtailadmin_login"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    expect(page).to_have_url(re.compile(re.escape(admin_url()) + "$"))
    return page


def test_login_dashboard_editor_and_workflow_actions_are_in_vietnamese(new_context):
    setup_portal()
    portal = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal.department_name = "Sở Thông tin và Truyền thông"
    portal.parent_authority = "Ủy ban nhân dân tỉnh Tiền Giang"
    portal.save()
    section = NewsIndexPageFactory(title="Tin tức - Sự kiện", slug="tin-tuc")
    editor_user = make_user("phongvien", "editor", first_name="Lan", last_name="Nguyễn")
    secretary_user = make_user("thuky", "secretary")
    make_user("lanhdao", "leader", first_name="Minh", last_name="Lê")
    article = NewsPageFactory(parent=section, title="Tỉnh đạt 92% hồ sơ trực tuyến toàn trình", slug="ho-so")
    article.unpublish()
    revision = article.save_revision(user=editor_user)
    workflow_state = Workflow.objects.get(name="Duyệt tin bài (hai bước)").start(article, editor_user)
    # The secretary's step is done: the leader's step is the last, whose approval publishes.
    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, secretary_user, "approve")
    assert revision.pk

    login = new_context().new_page()
    login.goto(reverse("wagtailadmin_login"))
    expect(login.get_by_role("heading", level=1)).to_have_text("Đăng nhập – Sở Thông tin và Truyền thông")
    expect(login.locator("#id_username")).to_have_attribute("placeholder", "Nhập tên đăng nhập của bạn")
    expect(login).to_have_title("Đăng nhập - Sở Thông tin và Truyền thông")
    assert_no_english(login)
    screenshot(login, "admin-vi-login")

    editor = log_in(new_context, "phongvien")
    expect(editor.locator("#wagtail-sidebar")).to_contain_text("Trang")
    expect(editor.locator("#wagtail-sidebar .admin-branding__logo")).to_be_visible()
    assert_no_english(editor)
    screenshot(editor, "admin-vi-dashboard")

    editor.goto(reverse("wagtailadmin_pages:add", args=["articles", "newspage", section.pk]))
    expect(editor.get_by_role("tab", name="Nội dung")).to_be_visible()
    expect(editor.get_by_role("tab", name="Quảng bá")).to_be_visible()
    expect(editor.locator("#body-root .c-sf-add-button").first).to_be_visible()
    assert_no_english(editor)
    screenshot(editor, "admin-vi-page-editor")

    leader = log_in(new_context, "lanhdao")
    leader.goto(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    leader.locator("footer [data-w-dropdown-target='toggle']").last.click()
    actions = leader.locator("footer [data-w-dropdown-target='content']").last
    expect(actions).to_contain_text("Duyệt và xuất bản")
    expect(actions).to_contain_text("Duyệt kèm ý kiến và xuất bản")
    expect(actions).to_contain_text("Yêu cầu chỉnh sửa")
    assert_no_english(leader)
    screenshot(leader, "admin-vi-workflow-actions")
