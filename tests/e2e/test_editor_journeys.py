"""What editors do in Wagtail's admin, through its real interface in Chromium."""

import json
import re
from io import BytesIO

import pytest
from PIL import Image
from playwright.sync_api import expect

from django.urls import reverse

from articles.models import NewsPage
from documents.models import LegalDocumentPage
from tests.e2e.conftest import admin_url
from tests.factories import LegalDocumentIndexPageFactory, NewsIndexPageFactory
from tests.workflow.helpers import make_user, setup_portal

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "mat-khau-dai-1"
TITLE = "Ra quân chiến dịch chuyển đổi số năm 2026"
PARAGRAPH = "Hơn 500 đoàn viên hỗ trợ người dân dùng dịch vụ công trực tuyến tại 172 xã, phường."
ALT = "Đoàn viên hướng dẫn người dân cài ứng dụng VNeID"


def jpeg():
    out = BytesIO()
    Image.new("RGB", (1200, 675), "#2a6f97").save(out, "JPEG")
    return out.getvalue()


def log_in(new_context, username):
    page = new_context().new_page()
    page.goto(reverse("wagtailadmin_login"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    expect(page).to_have_url(re.compile(re.escape(admin_url()) + "$"))
    return page


def open_actions_menu(page):
    page.locator("footer [data-w-dropdown-target='toggle']").last.click()


def approve(page, article):
    page.goto(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    # "Approve" itself, not "Approve with comment", which opens a dialog.
    approve_button = page.locator(
        "footer [data-workflow-action-name='approve']:not([data-workflow-action-modal-url])"
    )
    if not approve_button.is_visible():
        open_actions_menu(page)
    approve_button.click()
    expect(page.locator(".messages")).to_contain_text(TITLE)


def test_editor_writes_an_article_with_an_image_and_it_goes_live_after_both_approvals(new_context):
    section = NewsIndexPageFactory(title="Tin tức - Sự kiện", slug="tin-tuc")
    setup_portal()
    make_user("phongvien", "editor")
    make_user("thuky", "secretary")
    make_user("lanhdao", "leader")

    # The reporter writes the article: title, sapo, an uploaded image with its alternative text, and a
    # paragraph in the StreamField body, then submits it to the two-step workflow.
    editor = log_in(new_context, "phongvien")
    editor.goto(reverse("wagtailadmin_pages:add", args=["articles", "newspage", section.pk]))
    editor.locator("#id_title").fill(TITLE)
    editor.locator("#id_title").blur()
    # The slug follows the title, without diacritics (Promote tab).
    slug = editor.locator("#id_slug")
    expect(slug).to_have_value("ra-quan-chien-dich-chuyen-doi-so-nam-2026")
    # A slug typed by hand is folded the same way.
    editor.get_by_role("tab", name="Quảng bá").click()
    slug.fill("Chiến dịch Đổi mới")
    slug.blur()
    expect(slug).to_have_value("chien-dich-doi-moi")
    slug.fill("ra-quan-chien-dich-chuyen-doi-so-nam-2026")
    editor.get_by_role("tab", name="Nội dung").click()
    editor.locator("#id_summary").fill("Tuổi trẻ toàn tỉnh ra quân hỗ trợ người dân chuyển đổi số.")
    editor.locator("#id_featured_image-chooser [data-chooser-action-choose]").click()
    editor.get_by_role("tab", name="Tải lên").click()
    editor.locator("#id_image-chooser-upload-file").set_input_files(
        {"name": "ra-quan.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}
    )
    # Wagtail fills the image's title from the file name before the form may be sent.
    expect(editor.locator("#id_image-chooser-upload-title")).to_have_value("ra-quan")
    editor.locator(".modal").get_by_role("button", name="Tải lên", exact=True).click()
    expect(editor.locator("#id_featured_image-chooser [data-chooser-title]")).to_have_text("ra-quan")
    editor.locator("#id_featured_image_alt").fill(ALT)
    editor.locator("#body-root .c-sf-add-button").first.click()
    editor.get_by_role("option", name="Đoạn văn").click()
    paragraph = editor.locator("#body-root .public-DraftEditor-content").first
    paragraph.click()
    paragraph.press_sequentially(PARAGRAPH)
    expect(paragraph).to_have_text(PARAGRAPH)
    # Draftail stores its content in the form when the editor loses focus (or after a short pause).
    editor.locator("#id_author").fill("Thanh Tâm")
    stored = editor.locator("#body-root input[name$='-value']").first
    expect(stored).to_have_value(re.compile("Hơn 500 đoàn viên"))
    open_actions_menu(editor)
    editor.locator("button[name='action-submit']").click()
    expect(editor.locator(".messages")).to_contain_text(TITLE)

    article = NewsPage.objects.get(title=TITLE)
    assert not article.live
    draft = article.get_latest_revision().as_object()
    assert draft.featured_image_alt == ALT
    assert [block.block_type for block in draft.body] == ["paragraph"]
    # The slug was filled from the title as the reporter typed it, without diacritics.
    assert article.slug == "ra-quan-chien-dich-chuyen-doi-so-nam-2026"
    anonymous = new_context().new_page()
    assert anonymous.goto(article.url).status == 404

    # Step one: the editorial secretary finds it on the dashboard and approves it.
    secretary = log_in(new_context, "thuky")
    expect(secretary.get_by_role("link", name=TITLE).first).to_be_visible()
    approve(secretary, article)
    article.refresh_from_db()
    assert not article.live

    # Step two: the leader approves, which publishes it.
    leader = log_in(new_context, "lanhdao")
    expect(leader.get_by_role("link", name=TITLE).first).to_be_visible()
    approve(leader, article)
    article.refresh_from_db()
    assert article.live

    assert anonymous.goto(article.url).status == 200
    expect(anonymous.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(anonymous.get_by_text(PARAGRAPH)).to_be_visible()
    image = anonymous.get_by_role("img", name=ALT)
    expect(image).to_be_visible()
    assert anonymous.evaluate("(img) => img.naturalWidth > 0", image.element_handle())


def test_a_leader_imports_a_legal_documents_file_from_the_admin(new_context, tmp_path):
    register = LegalDocumentIndexPageFactory(title="Văn bản pháp luật", slug="van-ban")
    setup_portal()
    make_user("lanhdao", "leader")
    rows = [
        {
            "number": "15/2025/QĐ-UBND",
            "type": "Quyết định",
            "title": "Quy định quản lý cổng thông tin điện tử",
            "issuing_body": "Ủy ban nhân dân tỉnh Tiền Giang",
            "issue_date": "2025-04-10",
        },
        {"number": "16/2025/QĐ-UBND", "type": "Quyết định", "title": "", "issuing_body": "UBND tỉnh"},
    ]
    upload = tmp_path / "van-ban.jsonl"
    upload.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")

    leader = log_in(new_context, "lanhdao")
    leader.goto(reverse("legal_documents_transfer"))
    leader.locator("form[enctype='multipart/form-data'] [name=register]").select_option(str(register.pk))
    leader.locator("form[enctype='multipart/form-data'] [name=file]").set_input_files(str(upload))
    leader.locator("form[enctype='multipart/form-data'] [name=publish]").check()
    leader.get_by_role("button", name="Nhập", exact=True).click()
    report = leader.locator("#report-heading").locator("..")
    expect(report).to_contain_text("1 mới, 0 cập nhật, 0 không đổi, 1 bị từ chối")
    expect(report.locator("table")).to_contain_text("thiếu trích yếu")

    imported = LegalDocumentPage.objects.get(number="15/2025/QĐ-UBND")
    assert imported.live
    reader = new_context().new_page()
    reader.goto("/van-ban/?q=quan ly cong thong tin")
    expect(reader.locator(".documents-table tbody tr")).to_have_count(1)
    expect(reader.locator(".documents-table")).to_contain_text("15/2025/QĐ-UBND")
