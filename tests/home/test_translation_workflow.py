"""Translating with wagtail-localize from the admin, translated snippets and settings, the status report."""

from urllib.parse import urlencode

from django.urls import reverse

from wagtail.models import Locale
from wagtail.test.utils import WagtailPageTestCase
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from home.models import ExternalLink, PortalSettings
from tests.factories import NewsCategoryFactory, NewsIndexPageFactory, StandardPageFactory, default_home
from tests.helpers import soup
from tests.workflow.helpers import make_user, setup_portal


class TranslateFromTheAdminTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        setup_portal()
        cls.english = Locale.objects.get(language_code="en")
        cls.home = default_home()
        cls.leader = make_user("lanh-dao", "leader")

    def setUp(self):
        self.client.force_login(self.leader)

    def submit(self, page):
        url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
        self.assertEqual(self.client.get(url).status_code, 200)
        # wagtail-localize publishes on commit, as it does outside tests.
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(url, {"locales": [self.english.pk]})

    def translate_string(self, translation, source_text, english_text):
        segment = StringSegment.objects.get(source=translation.source, string__data=source_text)
        url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
        response = self.client.put(
            url, urlencode({"value": english_text}), content_type="application/x-www-form-urlencoded"
        )
        self.assertIn(response.status_code, (200, 201))

    def test_a_leader_translates_a_new_page_and_its_home_in_one_step_then_publishes(self):
        page = StandardPageFactory(title="Liên hệ", slug="lien-he", intro="Địa chỉ và điện thoại của Sở.")
        # The English home does not exist yet: the Translate action copies the parents too.
        response = self.submit(page)
        self.assertEqual(response.status_code, 302)
        page_en = page.get_translation(self.english)
        self.assertTrue(default_home().has_translation(self.english))
        translation = Translation.objects.get(
            source=TranslationSource.objects.get(object_id=page.translation_key),
            target_locale=self.english,
        )
        self.translate_string(translation, "Liên hệ", "Contact")
        self.translate_string(
            translation, "Địa chỉ và điện thoại của Sở.", "The department's address and telephone."
        )
        edit_url = reverse("wagtailadmin_pages:edit", args=[page_en.pk])
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(edit_url, {"action": "publish"})
        self.assertIn(response.status_code, (200, 302))

        page_en.refresh_from_db()
        self.assertTrue(page_en.live)
        self.assertEqual(page_en.title, "Contact")
        document = soup(self.client.get(page_en.url))
        self.assertIn("The department's address and telephone.", document.main.get_text())
        switcher = soup(self.client.get(page.url)).find("nav", class_="language-switcher")
        self.assertEqual(switcher.find("a", hreflang="en")["href"], page_en.url)

    def test_the_status_report_lists_untranslated_and_out_of_date_pages_with_their_actions(self):
        fresh = StandardPageFactory(title="Hỏi đáp", slug="hoi-dap")
        done = StandardPageFactory(title="Liên hệ", slug="lien-he")
        self.submit(done)
        changed = StandardPageFactory(title="Giới thiệu", slug="gioi-thieu")
        self.submit(changed)
        revision = changed.save_revision()
        revision.publish()

        response = self.client.get(reverse("translation_status_report"))
        self.assertEqual(response.status_code, 200)
        rows = {
            row.find("a").get_text(strip=True): row["data-state"]
            for row in soup(response).find("table", class_="listing").find("tbody").find_all("tr")
        }
        self.assertEqual(rows.get("Hỏi đáp"), "untranslated")
        self.assertEqual(rows.get("Giới thiệu"), "outdated")
        self.assertNotIn("Liên hệ", rows)
        self.assertContains(response, reverse("wagtail_localize:submit_page_translation", args=[fresh.pk]))
        self.assertContains(
            response,
            reverse("wagtailadmin_pages:edit", args=[changed.get_translation(self.english).pk]),
        )
        only_outdated = self.client.get(reverse("translation_status_report"), {"state": "outdated"})
        self.assertNotContains(only_outdated, "Hỏi đáp")

    def test_the_report_is_for_editors_only_and_in_the_reports_menu(self):
        self.assertContains(
            self.client.get(reverse("wagtailadmin_home")), reverse("translation_status_report")
        )
        self.client.logout()
        response = self.client.get(reverse("translation_status_report"))
        self.assertRedirects(
            response, f"{reverse('wagtailadmin_login')}?next={reverse('translation_status_report')}"
        )
        # Wagtail's admin turns a refusal into a redirect to the dashboard with a message.
        self.client.force_login(make_user("tra-cuu", "reader"))
        refused = self.client.get(reverse("translation_status_report"))
        self.assertRedirects(refused, reverse("wagtailadmin_home"))
        self.assertNotContains(
            self.client.get(reverse("wagtailadmin_home")), reverse("translation_status_report")
        )
        NewsIndexPageFactory(parent=self.home, title="Tin tức", slug="tin-tuc")  # the editor's section
        self.client.force_login(make_user("phong-vien", "editor"))
        self.assertEqual(self.client.get(reverse("translation_status_report")).status_code, 200)

    def test_a_parent_copied_as_an_alias_is_marked_as_vietnamese_under_en(self):
        page = StandardPageFactory(title="Liên hệ", slug="lien-he")
        self.submit(page)
        home_en = default_home().get_translation(self.english)
        self.assertIsNotNone(home_en.alias_of_id)  # wagtail-localize copied the untranslated home as an alias
        self.client.logout()
        document = soup(self.client.get("/en/"))
        self.assertEqual(document.main["lang"], "vi")
        self.assertIn(
            "available in Vietnamese only", document.main.find(class_="translation-notice").get_text()
        )
        self.assertNotIn("http://localhost/en/</loc>", self.client.get("/sitemap.xml").content.decode())


class TranslatedSnippetsTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.english = Locale.objects.get(language_code="en")
        cls.home = default_home()
        home_en = cls.home.copy_for_translation(cls.english)
        home_en.title = "Home"
        home_en.save_revision().publish()
        link = ExternalLink.objects.create(
            title="Cổng Dịch vụ công quốc gia", url="https://dichvucong.gov.vn/", locale=cls.home.locale
        )
        link_en = link.copy_for_translation(cls.english)
        link_en.title = "National Public Service Portal"
        link_en.save()
        portal = PortalSettings.for_site(cls.home.get_site())
        portal.department_name = "Sở Thông tin và Truyền thông"
        portal.department_name_en = "Department of Information and Communications"
        portal.address = "Số 23 đường 30/4, Mỹ Tho"
        portal.save()

    def test_links_and_settings_texts_show_in_each_language(self):
        footer = soup(self.client.get("/")).find("footer")
        self.assertIn("Cổng Dịch vụ công quốc gia", footer.get_text())
        self.assertIn("Sở Thông tin và Truyền thông", footer.get_text())
        footer = soup(self.client.get("/en/")).find("footer")
        self.assertIn("National Public Service Portal", footer.get_text())
        self.assertNotIn("Cổng Dịch vụ công quốc gia", footer.get_text())
        self.assertIn("Department of Information and Communications", footer.get_text())
        # A text with no English version shows the Vietnamese one rather than nothing.
        self.assertIn("Số 23 đường 30/4, Mỹ Tho", footer.get_text())

    def test_a_news_category_is_translated_with_wagtail_localize(self):
        setup_portal()
        self.client.force_login(make_user("lanh-dao", "leader"))
        category = NewsCategoryFactory(name="Chuyển đổi số")
        url = reverse(
            "wagtail_localize:submit_snippet_translation", args=["articles", "newscategory", category.pk]
        )
        response = self.client.post(url, {"locales": [self.english.pk]})
        self.assertEqual(response.status_code, 302)
        translation = Translation.objects.get(
            source__object_id=category.translation_key, target_locale=self.english
        )
        segment = StringSegment.objects.get(source=translation.source, string__data="Chuyển đổi số")
        self.client.put(
            reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]),
            urlencode({"value": "Digital transformation"}),
            content_type="application/x-www-form-urlencoded",
        )
        translation.save_target()
        category_en = category.get_translation(self.english)
        self.assertEqual(category_en.name, "Digital transformation")
        self.assertEqual(category.name, "Chuyển đổi số")
        listing = self.client.get(reverse("wagtailsnippets_articles_newscategory:list"), {"locale": "en"})
        self.assertContains(listing, "Digital transformation")
