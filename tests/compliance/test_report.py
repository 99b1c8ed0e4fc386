"""The Decree 42 compliance report: green when every item is there, red when one is missing or stale."""

import csv
import datetime
import io
import json
import tempfile
from pathlib import Path
from unittest import mock

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, Site

from compliance import rules
from home.models import PortalSettings
from organisation.models import OfficialPage, PressRole, Rank, UnitKind
from tests.factories import NewsIndexPageFactory, NewsPageFactory
from tests.factories.organisation import OfficialPageFactory, OrganisationPageFactory, UnitPageFactory
from tests.workflow.helpers import make_user, setup_portal

RULES = [
    {
        "id": "news",
        "article": "Điều 4 khoản 1 điểm a",
        "title": "Tin tức",
        "check": "pages",
        "model": "articles.NewsPage",
        "min_count": 1,
        "english": False,
        "max_age_days": 30,
    },
    {
        "id": "spokesperson",
        "article": "Điều 4 khoản 1 điểm b",
        "title": "Người phát ngôn",
        "check": "pages",
        "model": "organisation.OfficialPage",
        "filter": {"press_role": "spokesperson"},
        "min_count": 1,
        "english": False,
        "max_age_days": None,
    },
    {
        "id": "emc",
        "article": "Điều 4 khoản 1",
        "title": "Mã EMC",
        "check": "setting",
        "setting": "home.PortalSettings.emc_tracking_code",
        "english": False,
        "max_age_days": None,
    },
    {
        "id": "address",
        "article": "Điều 4 khoản 1 điểm e",
        "title": "Địa chỉ",
        "check": "setting",
        "setting": "home.PortalSettings.address",
        "english": True,
        "max_age_days": None,
    },
]


def statuses(results):
    return {result.rule["id"]: result.status for result in results}


class ComplianceTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        section = NewsIndexPageFactory()
        cls.article = NewsPageFactory(parent=section)
        organisation = OrganisationPageFactory()
        board = UnitPageFactory(parent=organisation, kind=UnitKind.LEADERSHIP)
        cls.spokesperson = OfficialPageFactory(
            parent=board, rank=Rank.HEAD, press_role=PressRole.SPOKESPERSON
        )
        portal = PortalSettings.for_site(Site.objects.get(is_default_site=True))
        portal.emc_tracking_code = "<!-- EMC -->"
        portal.address = "Số 23 đường 30/4"
        portal.address_en = "23 30/4 Street"
        portal.save()

    def setUp(self):
        self.rules_file = self.write_rules(RULES)

    def write_rules(self, items):
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        path = Path(directory.name) / "rules.json"
        data = {"decree": "Nghị định 42/2022/NĐ-CP", "items": items}
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return path


class RuleTests(ComplianceTestCase):
    def test_all_green_when_every_item_is_present_and_current(self):
        self.assertEqual(set(statuses(rules.report(path=self.rules_file)).values()), {rules.OK})

    def test_an_unpublished_item_turns_red(self):
        Page.objects.get(pk=self.spokesperson.pk).specific.unpublish()
        self.assertEqual(statuses(rules.report(path=self.rules_file))["spokesperson"], rules.MISSING)

    def test_a_spokesperson_removed_from_the_role_turns_red(self):
        official = OfficialPage.objects.get(pk=self.spokesperson.pk)
        official.press_role = PressRole.NONE
        official.save_revision().publish()
        self.assertEqual(statuses(rules.report(path=self.rules_file))["spokesperson"], rules.MISSING)

    def test_an_item_older_than_its_limit_turns_red_and_says_why(self):
        old = timezone.now() - datetime.timedelta(days=31)
        Page.objects.filter(pk=self.article.pk).update(last_published_at=old)
        result = next(r for r in rules.report(path=self.rules_file) if r.rule["id"] == "news")
        self.assertEqual(result.status, rules.STALE)
        self.assertIn("31", str(result.reasons[0]))

    def test_the_period_editors_choose_replaces_each_items_limit(self):
        old = timezone.now() - datetime.timedelta(days=10)
        Page.objects.filter(pk=self.article.pk).update(last_published_at=old)
        self.assertEqual(statuses(rules.report(path=self.rules_file))["news"], rules.OK)
        self.assertEqual(statuses(rules.report(7, path=self.rules_file))["news"], rules.STALE)

    def test_an_empty_setting_turns_red(self):
        PortalSettings.objects.update(emc_tracking_code="  ")
        self.assertEqual(statuses(rules.report(path=self.rules_file))["emc"], rules.MISSING)

    def test_a_required_english_text_that_is_empty_turns_red(self):
        PortalSettings.objects.update(address_en="")
        self.assertEqual(statuses(rules.report(path=self.rules_file))["address"], rules.NO_ENGLISH)

    def test_a_model_that_is_not_installed_is_missing_with_its_reason(self):
        path = self.write_rules(
            [
                {
                    "id": "plans",
                    "article": "Điều 4 khoản 1 điểm đ",
                    "title": "Kế hoạch",
                    "check": "pages",
                    "model": "nowhere.PlanPage",
                    "min_count": 1,
                    "english": False,
                    "max_age_days": 365,
                }
            ]
        )
        [result] = rules.report(path=path)
        self.assertEqual(result.status, rules.MISSING)
        self.assertIn("nowhere.PlanPage", str(result.reasons[0]))

    def test_a_malformed_item_is_missing_not_an_error(self):
        path = self.write_rules(
            [
                {"id": "x", "title": "Sai loại", "check": "nonsense"},
                {
                    "id": "y",
                    "title": "Sai bộ lọc",
                    "check": "pages",
                    "model": "articles.NewsPage",
                    "filter": {"no_such_field": 1},
                },
                {
                    "id": "z",
                    "title": "Sai cấu hình",
                    "check": "setting",
                    "setting": "home.PortalSettings.nope",
                },
            ]
        )
        self.assertEqual([r.status for r in rules.report(path=path)], [rules.MISSING] * 3)

    def test_the_shipped_data_file_cites_an_article_for_every_item(self):
        items, decree = rules.load_rules()
        self.assertEqual(decree, "Nghị định 42/2022/NĐ-CP")
        self.assertEqual(len({item["id"] for item in items}), len(items))
        for item in items:
            self.assertTrue(item["article"].startswith("Điều "), item)
            self.assertIn(item["check"], rules.CHECKS, item)
        models = {item.get("model") for item in items}
        for label in (
            "organisation.OrganisationPage",
            "documents.LegalDocumentPage",
            "articles.NewsPage",
            "disclosure.PlanPage",
            "procedures.ProcedurePage",
            "schedule.ScheduleWeekPage",
        ):
            self.assertIn(label, models)


class ReportViewTests(ComplianceTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        setup_portal()
        cls.editor = make_user("bien-tap", "editor")
        cls.reader = make_user("tra-cuu", "reader")

    def setUp(self):
        super().setUp()
        patcher = mock.patch.object(rules, "RULES_FILE", self.rules_file)
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_an_editor_sees_each_item_with_its_article_and_status(self):
        self.client.force_login(self.editor)
        response = self.client.get(reverse("compliance_report"))
        self.assertEqual(response.status_code, 200)
        content = response.content.decode()
        self.assertIn("Tuân thủ NĐ 42", content)
        self.assertIn("Điều 4 khoản 1 điểm a", content)
        self.assertIn("Mọi mục đều có và được cập nhật đúng hạn.", content)

    def test_a_missing_item_shows_red_in_the_report(self):
        PortalSettings.objects.update(emc_tracking_code="")
        self.client.force_login(self.editor)
        content = self.client.get(reverse("compliance_report")).content.decode()
        self.assertIn('data-item="emc" data-status="missing"', content)
        self.assertIn("Có 1 mục cần xử lý.", content)

    def test_the_csv_export_has_one_row_per_item_with_dates_dd_mm_yyyy(self):
        Page.objects.filter(pk=self.article.pk).update(last_published_at=timezone.now())
        self.client.force_login(self.editor)
        response = self.client.get(reverse("compliance_report"), {"export": "csv", "period": "30"})
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        text = response.content.decode("utf-8-sig")
        table = list(csv.reader(io.StringIO(text)))
        self.assertEqual(len(table), 1 + len(RULES))
        news = next(row for row in table if row[0] == "news")
        self.assertEqual(news[3], "Có")
        self.assertEqual(news[5], timezone.localdate().strftime("%d/%m/%Y"))

    def test_a_role_without_pages_or_settings_may_not_open_it(self):
        self.client.force_login(self.reader)
        response = self.client.get(reverse("compliance_report"))
        self.assertRedirects(response, reverse("wagtailadmin_home"), fetch_redirect_response=False)
        self.client.logout()
        self.assertIn("login", self.client.get(reverse("compliance_report"))["Location"])
