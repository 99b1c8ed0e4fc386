"""The admin speaks Vietnamese to editors, leaders and administrators, and English to whoever chooses it.

Three checks: every message of the installed admin packages has a Vietnamese translation (through the
project's own catalogue, so an upgrade cannot lose it); each admin screen an editor, leader or
administrator opens shows no English interface text; an account set to English sees English.
"""

import re

import polib
import pytest
from wagtail_factories import ImageFactory

from django.core.files.base import ContentFile
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from wagtail.documents import get_document_model
from wagtail.models import Workflow, WorkflowState
from wagtail.users.models import UserProfile

from home.management.commands.sync_admin_translations import (
    DOMAINS,
    admin_catalogue_path,
    missing_translations,
    package_messages,
)
from tests.factories import NewsIndexPageFactory, NewsPageFactory, default_home
from tests.home.admin_text import english_on_page, looks_english, readable_texts
from tests.workflow.helpers import make_user, setup_portal

PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
# Messages whose Vietnamese is the English itself: abbreviations and units, punctuation, a header's
# name, and messages made of placeholders only.
SAME_IN_VIETNAMESE = {
    "Email",
    "URL",
    "IPv4",
    "IPv6",
    "HTTP Accept",
    "%(size)d byte",
    "%s KB",
    "%s MB",
    "%s GB",
    "%s TB",
    "%s PB",
    "…",
    ":?.!",
    ":",
    ", ",
    "%(truncated_text)s…",
    "%(field_label)s:",
    "%(related_model_name)s %(field_label)s",
    "%(status_display)s %(task_name)s %(started_at)s",
}
# Shown on the screens and not interface English: the English language's own name in the language
# pickers, as "Tiếng Việt" is shown to English readers.
NOT_INTERFACE_TEXT = ("English",)


# (a) Every message has Vietnamese ------------------------------------------------------------------


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_admin_message_of_the_installed_packages_has_a_vietnamese_translation(domain):
    assert len(package_messages(domain)) > (1500 if domain == "django" else 100)
    assert missing_translations(domain) == []


def test_every_admin_message_reads_in_vietnamese_through_the_catalogues_django_loads():
    """The effective translation, after every catalogue's precedence: no message is left in English."""
    untranslated = []
    with translation.override("vi"):
        for (context, msgid), entry in package_messages("django").items():
            if msgid in SAME_IN_VIETNAMESE:
                continue
            if entry.msgid_plural:
                text = translation.npgettext(context, msgid, entry.msgid_plural, 1) if context else None
                text = text or translation.ngettext(msgid, entry.msgid_plural, 1)
            else:
                text = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
            if text == msgid:
                untranslated.append(msgid)
    assert untranslated == []


@pytest.mark.parametrize("domain", DOMAINS)
def test_translations_keep_every_placeholder_of_their_message(domain):
    wrong = []
    for entry in polib.pofile(str(admin_catalogue_path(domain))):
        translated = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        if not any(
            sorted(PLACEHOLDER.findall(s)) == sorted(PLACEHOLDER.findall(translated)) for s in sources
        ):
            wrong.append((entry.msgid, translated))
    assert wrong == []


@pytest.mark.parametrize("domain", DOMAINS)
def test_no_placeholder_is_glued_to_the_next_word(domain):
    """The bug of Wagtail's own catalogue: "%(label)svà Xuất bản", "Nhập %(name)scủa bạn"."""
    glued = re.compile(r"(%\(\w+\)s|\{\w+\})[^\W\d_]")
    catalogue = polib.pofile(str(admin_catalogue_path(domain)))
    assert [entry.msgstr for entry in catalogue if glued.search(entry.msgstr)] == []


def test_the_glossary_terms_are_used_for_the_workflow_actions():
    with translation.override("vi"):
        assert translation.gettext("Submit for moderation") == "Gửi duyệt"
        assert translation.gettext("%(label)s and Publish") % {"label": translation.gettext("Approve")} == (
            "Duyệt và xuất bản"
        )
        assert translation.gettext("Request changes") == "Yêu cầu chỉnh sửa"
        assert translation.gettext("Draft") == "Bản nháp"
        assert translation.gettext("In Moderation") == "Đang chờ duyệt"
        assert translation.gettext("Pages") == "Trang"
        assert translation.pgettext("pagination", "Pages") == "Phân trang"


def test_the_english_detector_catches_what_it_is_meant_to():
    html = (
        '<main><h1>Site summary</h1><p>Tin tức</p><input placeholder="Search…">'
        "<p>The page title as you'd like it to be seen by the public</p>"
        "<script>var x = 'Pages';</script></main>"
    )
    with translation.override("vi"):
        found = english_on_page(html)
    assert "Site summary" in found
    assert "The page title as you'd like it to be seen by the public" in found
    assert "Tin tức" not in found
    assert "Pages" not in readable_texts(html)
    assert looks_english("This is your dashboard on which helpful information will be displayed")
    assert not looks_english("Hội nghị tổng kết công tác chuyển đổi số")


# (b) The screens, as each role ---------------------------------------------------------------------


class AdminScreensTests(TestCase):
    """Every admin screen a department's staff open, in Vietnamese, for each role."""

    @classmethod
    def setUpTestData(cls):
        setup_portal()
        cls.section = NewsIndexPageFactory(parent=default_home(), title="Tin tức", slug="tin-tuc")
        cls.article = NewsPageFactory(parent=cls.section, title="Tỉnh đạt 92% hồ sơ trực tuyến", slug="ho-so")
        cls.editor = make_user("phongvien", "editor", first_name="Lan", last_name="Nguyễn")
        cls.leader = make_user("lanhdao", "leader", first_name="Minh", last_name="Lê")
        cls.administrator = make_user("quantri", "administrator", first_name="Hà", last_name="Phạm")
        cls.superuser = make_user("sieuquantri", is_superuser=True, is_staff=True)
        cls.image = ImageFactory(title="Ảnh hội nghị")
        cls.document = get_document_model().objects.create(
            title="Kế hoạch công tác năm", file=ContentFile("Kế hoạch".encode(), name="ke-hoach.txt")
        )
        # A draft waiting in the workflow, so the moderation screens have something to show.
        draft = NewsPageFactory(parent=cls.section, title="Thông báo tuyển dụng viên chức", slug="tuyen-dung")
        draft.unpublish()
        draft.save_revision(user=cls.editor)
        workflow = Workflow.objects.get(name="Duyệt tin bài (hai bước)")
        workflow.start(draft, cls.editor)
        cls.draft = draft

    def screens(self):
        page, section = self.article, self.section
        return [
            ("dashboard", reverse("wagtailadmin_home")),
            ("explorer", reverse("wagtailadmin_explore", args=(section.pk,))),
            ("explorer at the root", reverse("wagtailadmin_explore_root")),
            ("page editor", reverse("wagtailadmin_pages:edit", args=(page.pk,))),
            ("page editor, in moderation", reverse("wagtailadmin_pages:edit", args=(self.draft.pk,))),
            ("new page", reverse("wagtailadmin_pages:add", args=("articles", "newspage", section.pk))),
            ("choose a page type", reverse("wagtailadmin_pages:add_subpage", args=(section.pk,))),
            ("history", reverse("wagtailadmin_pages:history", args=(page.pk,))),
            ("workflow history", reverse("wagtailadmin_pages:workflow_history", args=(self.draft.pk,))),
            ("copy", reverse("wagtailadmin_pages:copy", args=(page.pk,))),
            ("move", reverse("wagtailadmin_pages:move", args=(page.pk,))),
            ("delete", reverse("wagtailadmin_pages:delete", args=(page.pk,))),
            ("unpublish", reverse("wagtailadmin_pages:unpublish", args=(page.pk,))),
            ("page search", reverse("wagtailadmin_pages:search") + "?q=h%E1%BB%93+s%C6%A1"),
            ("images", reverse("wagtailimages:index")),
            ("image", reverse("wagtailimages:edit", args=(self.image.pk,))),
            ("image upload", reverse("wagtailimages:add_multiple")),
            ("documents", reverse("wagtaildocs:index")),
            ("document", reverse("wagtaildocs:edit", args=(self.document.pk,))),
            ("document upload", reverse("wagtaildocs:add_multiple")),
            ("snippets", reverse("wagtailsnippets:index")),
            ("news categories", reverse("wagtailsnippets_articles_newscategory:list")),
            ("portal settings", reverse("wagtailsettings:edit", args=("home", "portalsettings"))),
            ("users", reverse("wagtailusers_users:index")),
            ("groups", reverse("wagtailusers_groups:index")),
            ("account", reverse("wagtailadmin_account")),
            ("locked pages", reverse("wagtailadmin_reports:locked_pages")),
            ("site history", reverse("wagtailadmin_reports:site_history")),
            ("workflows report", reverse("wagtailadmin_reports:workflow")),
            ("workflow tasks report", reverse("wagtailadmin_reports:workflow_tasks")),
            ("aging pages", reverse("wagtailadmin_reports:aging_pages")),
            ("page types", reverse("wagtailadmin_reports:page_types_usage")),
            ("workflows", reverse("wagtailadmin_workflows:index")),
            ("workflow tasks", reverse("wagtailadmin_workflows:task_index")),
            ("redirects", reverse("wagtailredirects:index")),
            ("new redirect", reverse("wagtailredirects:add")),
            ("promoted results", reverse("wagtailsearchpromotions:index")),
            ("forms", reverse("wagtailforms:index")),
            ("collections", reverse("wagtailadmin_collections:index")),
            ("sites", reverse("wagtailsites:index")),
            ("locales", reverse("wagtaillocales:index")),
            ("translate a page", reverse("wagtail_localize:submit_page_translation", args=(page.pk,))),
            ("two-factor", reverse("security_two_factor")),
            # The portal's own screens.
            ("legal documents import", reverse("legal_documents_transfer")),
            ("translation status", reverse("translation_status_report")),
            ("ratings", reverse("ratings_admin")),
            ("visits", reverse("visits_admin")),
            ("search terms", reverse("search_terms_report")),
        ]

    def assert_screens_in_vietnamese(self, user):
        self.client.force_login(user)
        for name, url in self.screens():
            with self.subTest(screen=name, url=url):
                response = self.client.get(url, follow=True)
                self.assertEqual(response.status_code, 200)
                with translation.override("vi"):
                    self.assertEqual(english_on_page(response.content.decode(), NOT_INTERFACE_TEXT), [])

    def test_an_editor_sees_every_screen_in_vietnamese(self):
        self.assert_screens_in_vietnamese(self.editor)

    def test_a_leader_sees_every_screen_in_vietnamese(self):
        self.assert_screens_in_vietnamese(self.leader)

    def test_an_administrator_sees_every_screen_in_vietnamese(self):
        self.assert_screens_in_vietnamese(self.administrator)

    def test_the_login_page_is_in_vietnamese_with_a_spaced_placeholder(self):
        response = self.client.get(reverse("wagtailadmin_login"))
        html = response.content.decode()
        with translation.override("vi"):
            self.assertEqual(english_on_page(html), [])
        self.assertIn('placeholder="Nhập tên đăng nhập của bạn"', html)
        self.assertIn("Mật khẩu", html)
        self.assertIn("Ghi nhớ đăng nhập", html)

    def test_the_menu_says_trang_not_phan_trang(self):
        self.client.force_login(self.editor)
        html = self.client.get(reverse("wagtailadmin_home")).content.decode()
        self.assertIn('"label": "Trang"', html)
        self.assertNotIn("Phân trang", html)

    def test_the_workflow_buttons_read_as_the_glossary_says(self):
        self.client.force_login(self.editor)
        texts = readable_texts(
            self.client.get(reverse("wagtailadmin_pages:edit", args=(self.article.pk,))).content
        )
        self.assertIn("Gửi duyệt theo quy trình “Duyệt tin bài (hai bước)”", texts)
        # The last step of the workflow: its approval publishes.
        self.client.force_login(self.superuser)
        task_state = WorkflowState.objects.get(object_id=str(self.draft.pk)).current_task_state
        approve = reverse(
            "wagtailadmin_pages:workflow_action", args=(self.draft.pk, "approve", task_state.pk)
        )
        self.assertEqual(self.client.post(approve, {"comment": ""}).status_code, 302)
        texts = readable_texts(
            self.client.get(reverse("wagtailadmin_pages:edit", args=(self.draft.pk,))).content
        )
        self.assertIn("Duyệt và xuất bản", texts)
        self.assertIn("Duyệt kèm ý kiến và xuất bản", texts)
        self.assertIn("Yêu cầu chỉnh sửa", texts)
        self.assertFalse([text for text in texts if "Phê chuẩn" in text])

    def test_listings_show_statuses_times_and_pages_in_vietnamese(self):
        self.client.force_login(self.leader)
        html = self.client.get(reverse("wagtailadmin_explore", args=(self.section.pk,))).content.decode()
        texts = readable_texts(html)
        # The statuses (upper-cased by the style sheet): the issue saw "LIVE" and "IN MODERATION".
        self.assertIn("đã xuất bản", texts)
        self.assertIn("đang chờ duyệt", texts)
        self.assertTrue(any(text.endswith("trước") for text in texts), texts)
        for english in ("Live", "In Moderation", "Draft"):
            self.assertNotIn(english, texts)
        with translation.override("vi"):
            self.assertEqual(
                translation.gettext("Page %(page_num)s of %(total_pages)s")
                % {"page_num": 1, "total_pages": 1},
                "Trang 1/1",
            )

    def test_the_submitted_message_is_in_vietnamese(self):
        self.client.force_login(self.editor)
        page = NewsPageFactory(parent=self.section, title="Lịch tiếp công dân", slug="tiep-cong-dan")
        page.unpublish()
        edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        response = self.client.post(edit_url, {**_edit_data(page), "action-submit": "1"}, follow=True)
        self.assertEqual(response.status_code, 200)
        messages = [str(message) for message in response.context["messages"]]
        self.assertTrue(messages[0].startswith("Trang “Lịch tiếp công dân” đã được gửi duyệt."), messages)

    def test_a_duplicate_slug_is_explained_in_vietnamese(self):
        self.client.force_login(self.editor)
        page = NewsPageFactory(parent=self.section, title="Lịch tiếp công dân", slug="tiep-cong-dan")
        edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        response = self.client.post(edit_url, {**_edit_data(page), "slug": "ho-so"})
        self.assertEqual(response.status_code, 200)
        texts = readable_texts(response.content)
        self.assertTrue([text for text in texts if "Đường dẫn (slug) “ho-so” đã được dùng" in text], texts)
        self.assertFalse([text for text in texts if "is already in use" in text])


def _edit_data(page):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": page.summary,
            "publication_date": "2026-01-15 08:30",
            "tags": "",
            "author": page.author,
            "source": "",
            "featured_image_alt": "",
            "featured_image_caption": "",
            "body": streamfield([]),
        }
    )


# (c) English for those who choose it -----------------------------------------------------------------


class EnglishAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_portal()
        cls.section = NewsIndexPageFactory(parent=default_home(), title="Tin tức", slug="tin-tuc")
        cls.article = NewsPageFactory(parent=cls.section, title="Tỉnh đạt 92% hồ sơ trực tuyến", slug="ho-so")
        cls.editor = make_user("editor-en", "editor")
        profile = UserProfile.get_for_user(cls.editor)
        profile.preferred_language = "en"
        profile.save()

    def test_an_editor_who_chooses_english_sees_english(self):
        self.client.force_login(self.editor)
        dashboard = self.client.get(reverse("wagtailadmin_home")).content.decode()
        self.assertIn('"label": "Pages"', dashboard)
        editor = self.client.get(reverse("wagtailadmin_pages:edit", args=(self.article.pk,))).content.decode()
        texts = readable_texts(editor)
        self.assertIn("Save draft", texts)
        self.assertIn("Submit to Duyệt tin bài (hai bước)", texts)
        for vietnamese in ("Lưu nháp", "Gửi duyệt", "Nội dung", "Quảng bá"):
            self.assertNotIn(vietnamese, texts)

    def test_the_english_catalogue_gives_back_every_message_unchanged(self):
        with translation.override("en"):
            for (context, msgid), entry in package_messages("django").items():
                if entry.msgid_plural:
                    continue
                text = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
                assert text == msgid, msgid
