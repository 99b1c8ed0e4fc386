"""`manage.py load_demo` gives a newcomer a working portal, and running it again changes nothing."""

from io import StringIO
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase

from wagtail.models import Locale, Page, Revision

from home.models import ExternalLink, PortalSettings, StandardPage
from home.roles import ROLES


def snapshot():
    return {
        "pages": list(Page.objects.order_by("path").values_list("path", "title", "live")),
        "revisions": Revision.objects.count(),
        "users": list(get_user_model().objects.order_by("username").values_list("username", "password")),
        "links": list(ExternalLink.objects.values_list("title", "url")),
        "settings": list(PortalSettings.objects.values()),
    }


class LoadDemoTests(TestCase):
    def load(self):
        out = StringIO()
        call_command("load_demo", stdout=out)
        return out.getvalue()

    def test_creates_pages_in_both_languages_settings_links_and_one_account_per_role(self):
        output = self.load()
        self.assertEqual(
            set(StandardPage.objects.filter(locale__language_code="vi").values_list("title", flat=True)),
            # The privacy notice is participation/demo.py's: the citizens' forms link it.
            {
                "Giới thiệu",
                "Chức năng, nhiệm vụ",
                "Liên hệ",
                "Công khai thông tin",
                "Chính sách bảo vệ dữ liệu cá nhân",
            },
        )
        self.assertContains(self.client.get("/hoi-dap/"), "Doanh nghiệp nhỏ có phải đánh giá tác động")
        self.assertContains(self.client.get("/phan-anh-kien-nghi/"), "Sóng di động yếu tại xã Tân Thanh")
        self.assertTrue(StandardPage.objects.filter(locale__language_code="en", title="Contact").exists())
        self.assertTrue(ExternalLink.objects.filter(url="https://chinhphu.vn/").exists())
        users = get_user_model().objects.filter(username__startswith="demo-")
        self.assertEqual(users.count(), len(ROLES))
        for role in ROLES:
            user = users.get(username=f"demo-{role.key}")
            self.assertEqual(list(user.groups.values_list("name", flat=True)), [role.group_name])
            self.assertIn(f"demo-{role.key}", output)
        self.assertIn("generated, shown once", output)
        password = output.split("shown once): ")[1].split()[0]
        self.assertTrue(users.first().check_password(password))
        self.assertEqual(self.client.get("/").status_code, 200)
        self.assertContains(self.client.get("/lien-he/"), "Liên hệ")
        # One page on the organisation, the structured one (no free-text copy beside it).
        about = self.client.get("/gioi-thieu/")
        self.assertContains(about, "Tổ chức bộ máy")
        self.assertNotContains(about, "Cơ cấu tổ chức")
        self.check_english_version()
        self.check_compliance()

    def check_compliance(self):
        """Every Decree 42 item whose app is installed is green on the demo (docs/compliance.md)."""
        from django.apps import apps

        from compliance.rules import OK, report

        for result in report():
            label = result.rule.get("model") or result.rule.get("setting", "")
            if not apps.is_installed(label.split(".")[0]):
                continue  # the disclosure branch's apps, until they are merged
            self.assertEqual(result.status, OK, (result.rule["id"], [str(r) for r in result.reasons]))

    def check_english_version(self):
        """The English pages are wagtail-localize translations: the admin shows their source and sync."""
        from wagtail_localize.models import Translation

        from articles.models import NewsCategory, NewsPage

        english = Locale.objects.get(language_code="en")
        pages = Page.objects.filter(locale=english).specific()
        titles = {page.title for page in pages}
        self.assertLessEqual(
            {"Home", "Introduction", "Functions and duties", "Organisation", "Contact", "Legal documents"},
            titles,
        )
        self.assertEqual(NewsPage.objects.filter(locale=english).count(), 10)
        self.assertIn("Department of Information and Communications reviews its work in 2025", titles)
        self.assertEqual(
            set(NewsCategory.objects.filter(locale=english).values_list("name", flat=True)),
            {
                "Digital transformation",
                "Press and publishing",
                "Post and telecommunications",
                "Information security",
                "Department activities",
            },
        )
        for page in pages:
            self.assertTrue(page.live, page.title)
            self.assertTrue(
                Translation.objects.filter(
                    source__object_id=page.translation_key, target_locale=english
                ).exists(),
                page.title,
            )
        self.assertTrue(
            ExternalLink.objects.filter(locale=english, title="National Public Service Portal").exists()
        )
        response = self.client.get("/en/lien-he/")
        self.assertContains(response, "Address, telephone, e-mail and working hours of the department.")
        self.assertContains(response, "Department of Information and Communications")
        # The English home page: its slideshow captions and its menu, inspection results included.
        from tests.helpers import soup

        home = soup(self.client.get("/en/"))
        captions = [caption.get_text(strip=True) for caption in home.select(".slideshow figcaption")]
        self.assertIn("Year-end review conference – the sector at work", captions)
        self.assertFalse([caption for caption in captions if "hoạt động của ngành" in caption])
        self.assertIn("Red buildings by a river under a deep blue sky", str(home))
        menu = [link.get_text(strip=True) for link in home.select(".main-nav a")]
        self.assertIn("Inspection results", menu)

    def test_a_second_run_changes_and_duplicates_nothing(self):
        self.load()
        before = snapshot()
        output = self.load()
        self.assertEqual(snapshot(), before)
        self.assertIn("nothing changed", output)
        self.assertNotIn("shown once", output)

    def test_demo_password_comes_from_the_environment_when_set(self):
        with mock.patch.dict("os.environ", {"DEMO_PASSWORD": "Mat-khau-demo-2026"}):
            output = self.load()
        self.assertIn("DEMO_PASSWORD", output)
        self.assertNotIn("Mat-khau-demo-2026", output)
        for user in get_user_model().objects.filter(username__startswith="demo-"):
            self.assertTrue(user.check_password("Mat-khau-demo-2026"))
