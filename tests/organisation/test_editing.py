"""Editors keep the organisation and the schedule up to date; the leader's approval puts it live."""

from django.test import TestCase
from django.urls import reverse

from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from organisation.models import OfficialPage
from schedule.models import ScheduleWeekPage
from tests.factories import default_home
from tests.factories.organisation import OrganisationPageFactory, ScheduleIndexPageFactory, UnitPageFactory
from tests.workflow.helpers import make_user, setup_portal


class EditingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.organisation = OrganisationPageFactory(parent=default_home())
        cls.unit = UnitPageFactory(parent=cls.organisation, title="Văn phòng Sở")
        cls.schedule = ScheduleIndexPageFactory(parent=default_home())
        setup_portal()
        cls.editor = make_user("phongvien", "editor")
        cls.leader = make_user("lanhdao", "leader")
        cls.reader = make_user("tracuu", "reader")

    def official_data(self, action="action-submit"):
        return nested_form_data(
            {
                "title": "Lê Thị Mai",
                "slug": "le-thi-mai",
                "position": "Phó Chánh Văn phòng",
                "rank": "2",
                "photo_alt": "",
                "phone": "0273 3 871 513",
                "email": "ltmai@example.gov.vn",
                "responsibilities": rich_text("<p>Hành chính.</p>"),
                "press_role": "",
                action: action,
            }
        )

    def test_an_editor_submits_a_new_official_and_it_waits_for_the_leader(self):
        self.client.force_login(self.editor)
        url = reverse("wagtailadmin_pages:add", args=("organisation", "officialpage", self.unit.pk))
        self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.post(url, self.official_data())
        self.assertEqual(response.status_code, 302)
        official = OfficialPage.objects.get(slug="le-thi-mai")
        self.assertFalse(official.live)
        state = WorkflowState.objects.get(object_id=str(official.pk), status="in_progress")
        self.assertEqual(state.current_task_state.task.name, "Lãnh đạo duyệt trang")

    def test_an_editor_cannot_publish_directly(self):
        self.client.force_login(self.editor)
        url = reverse("wagtailadmin_pages:add", args=("organisation", "officialpage", self.unit.pk))
        self.client.post(url, self.official_data("action-publish"))
        self.assertFalse(OfficialPage.objects.filter(slug="le-thi-mai", live=True).exists())

    def test_the_leader_publishes_an_official(self):
        self.client.force_login(self.leader)
        url = reverse("wagtailadmin_pages:add", args=("organisation", "officialpage", self.unit.pk))
        self.client.post(url, self.official_data("action-publish"))
        self.assertTrue(OfficialPage.objects.get(slug="le-thi-mai").live)

    def test_an_editor_submits_a_week_of_the_schedule_with_its_engagements(self):
        self.client.force_login(self.editor)
        url = reverse("wagtailadmin_pages:add", args=("schedule", "scheduleweekpage", self.schedule.pk))
        data = nested_form_data(
            {
                "title": "Lịch công tác tuần từ 07/12/2026 đến 13/12/2026",
                "slug": "tuan-2026-12-07",
                "week_start": "07/12/2026",
                "note": rich_text(""),
                "entries": inline_formset(
                    [
                        {
                            "day": "08/12/2026",
                            "start_time": "08:00",
                            "end_time": "",
                            "content": "Giao ban",
                            "place": "Phòng họp",
                            "host": "Giám đốc Sở",
                            "attendees": "",
                        }
                    ]
                ),
                "action-submit": "action-submit",
            }
        )
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.content.decode()[:3000])
        week = ScheduleWeekPage.objects.get(slug="tuan-2026-12-07")
        self.assertFalse(week.live)
        self.assertEqual(week.get_latest_revision_as_object().entries.count(), 1)

    def test_a_reader_may_not_add_officials(self):
        self.client.force_login(self.reader)
        url = reverse("wagtailadmin_pages:add", args=("organisation", "officialpage", self.unit.pk))
        self.assertNotEqual(self.client.get(url).status_code, 200)


class HeadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        from organisation.models import Rank
        from tests.factories.organisation import OfficialPageFactory

        cls.organisation = OrganisationPageFactory(parent=default_home())
        cls.unit = UnitPageFactory(parent=cls.organisation, title="Văn phòng Sở")
        OfficialPageFactory(parent=cls.unit, rank=Rank.HEAD)
        setup_portal()
        cls.leader = make_user("lanhdao", "leader")

    def test_a_new_official_cannot_be_a_second_head_of_the_unit(self):
        self.client.force_login(self.leader)
        url = reverse("wagtailadmin_pages:add", args=("organisation", "officialpage", self.unit.pk))
        data = EditingTests.official_data(self, "action-publish")
        data["rank"] = "1"
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Đơn vị này đã có người đứng đầu")
        self.assertFalse(OfficialPage.objects.filter(slug="le-thi-mai").exists())
