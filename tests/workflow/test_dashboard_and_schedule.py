"""The editorial dashboard panel per role, and the notice that a schedule still needs approval."""

import datetime
from io import StringIO

import time_machine

from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from tests.factories import NewsIndexPageFactory, NewsPageFactory, default_home
from tests.helpers import soup
from tests.workflow.helpers import make_user, setup_portal


class DashboardTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        section = NewsIndexPageFactory(parent=default_home())
        setup_portal()
        cls.editor = make_user("phongvien", "editor")
        cls.secretary = make_user("thuky", "secretary")
        cls.leader = make_user("lanhdao", "leader")
        cls.reader = make_user("tracuu", "reader")
        cls.waiting = [NewsPageFactory(parent=section, live=False, owner=cls.editor) for _ in range(2)]
        cls.returned = NewsPageFactory(parent=section, live=False, owner=cls.editor, title="Bài cần sửa")
        workflow = section.get_workflow()
        for page in [*cls.waiting, cls.returned]:
            page.save_revision(user=cls.editor)
            workflow.start(page, cls.editor)
        cls.returned.current_workflow_task_state.reject(user=cls.secretary, comment="Sửa tít")

    def panel(self, user):
        self.client.force_login(user)
        return soup(self.client.get(reverse("wagtailadmin_home"))).select_one("[data-editorial-panel]")

    def counts(self, panel):
        return {
            section["data-section"]: int(section.select_one("[data-count]").get_text())
            for section in panel.select("[data-section]")
        }

    def test_each_role_sees_its_own_counts_and_links(self):
        editor_panel = self.panel(self.editor)
        self.assertEqual(editor_panel.h2.get_text(strip=True), "Công việc biên tập")
        self.assertEqual(self.counts(editor_panel), {"in-review": 2, "needs-changes": 1})
        needs_changes = editor_panel.select_one('[data-section="needs-changes"]')
        self.assertIn("Bị yêu cầu chỉnh sửa", needs_changes.get_text())
        self.assertEqual(
            needs_changes.a["href"], reverse("wagtailadmin_pages:edit", args=(self.returned.pk,))
        )

        secretary_panel = self.panel(self.secretary)
        self.assertEqual(self.counts(secretary_panel), {"to-review": 2, "in-review": 0, "needs-changes": 0})
        self.assertIn("Chờ tôi duyệt", secretary_panel.get_text())
        self.assertEqual(self.counts(self.panel(self.leader))["to-review"], 0)

        self.assertIsNone(self.panel(self.reader))


class ScheduleNoticeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.section = NewsIndexPageFactory(parent=default_home())
        setup_portal()
        cls.editor = make_user("phongvien", "editor")
        cls.leader = make_user("lanhdao", "leader")

    def test_a_draft_with_a_future_go_live_date_says_it_still_needs_approval(self):
        page = NewsPageFactory(parent=self.section, live=False, owner=self.editor)
        page.go_live_at = timezone.now() + datetime.timedelta(days=2)
        page.save_revision(user=self.editor)
        url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        self.client.force_login(self.editor)
        self.assertContains(self.client.get(url), "lịch xuất bản vẫn cần được duyệt")
        self.client.force_login(self.leader)
        response = self.client.get(url)
        self.assertNotContains(response, "lịch xuất bản vẫn cần được duyệt")
        self.assertContains(response, "Lịch chỉ có hiệu lực khi trang được xuất bản hoặc phê duyệt")

    def test_no_notice_without_a_schedule(self):
        page = NewsPageFactory(parent=self.section, live=False, owner=self.editor)
        page.save_revision(user=self.editor)
        self.client.force_login(self.editor)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
        self.assertNotContains(response, "cần được duyệt")


class ScheduledPublishingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.section = NewsIndexPageFactory(parent=default_home())
        setup_portal()
        cls.editor = make_user("phongvien", "editor")
        cls.secretary = make_user("thuky", "secretary")
        cls.leader = make_user("lanhdao", "leader")

    def test_an_approved_schedule_goes_live_through_publish_scheduled_and_expires(self):
        go_live = timezone.now() + datetime.timedelta(hours=3)
        expire = go_live + datetime.timedelta(days=1)
        page = NewsPageFactory(parent=self.section, live=False, owner=self.editor)
        page.go_live_at, page.expire_at = go_live, expire
        page.save_revision(user=self.editor)
        self.section.get_workflow().start(page, self.editor)
        page.current_workflow_task_state.approve(user=self.secretary)
        mail.outbox = []
        with self.captureOnCommitCallbacks(execute=True):
            page.current_workflow_task_state.approve(user=self.leader)
        page.refresh_from_db()
        self.assertFalse(page.live)
        self.assertIsNotNone(page.scheduled_revision)
        local = timezone.localtime(go_live).strftime("%d/%m/%Y %H:%M")
        self.assertIn(f"Bài sẽ được xuất bản lúc {local}", mail.outbox[0].body)

        with time_machine.travel(go_live + datetime.timedelta(minutes=1)):
            call_command("publish_scheduled", stdout=StringIO())
        page.refresh_from_db()
        self.assertTrue(page.live)
        with time_machine.travel(expire + datetime.timedelta(minutes=1)):
            call_command("publish_scheduled", stdout=StringIO())
        page.refresh_from_db()
        self.assertFalse(page.live)
        self.assertTrue(page.expired)
