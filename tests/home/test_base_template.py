"""Every public page type carries the portal's frame: skip link, reader tools, navigation, footer."""

from django.apps import apps
from django.test import override_settings
from django.urls import reverse

from wagtail.models import Locale, get_page_models
from wagtail.test.utils import WagtailPageTestCase

from home.models import ExternalLink, HomePage, PortalSettings
from tests.factories import (
    InspectionReportIndexPageFactory,
    InspectionReportPageFactory,
    LegalDocumentIndexPageFactory,
    LegalDocumentPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    StandardPageFactory,
    default_home,
)
from tests.helpers import first_focusable, soup

PROJECT_APPS = {"home", "articles", "documents", "search", "organisation", "schedule", "portalmap"}


def project_page_models():
    return [
        model
        for model in get_page_models()
        if model._meta.app_label in PROJECT_APPS and not model._meta.abstract
    ]


def make_page(model):
    """One live page of each type; a new page type must be added here to be covered."""
    builders = {
        HomePage: default_home,
        apps.get_model("documents", "LegalDocumentIndexPage"): LegalDocumentIndexPageFactory,
        apps.get_model("documents", "LegalDocumentPage"): lambda: LegalDocumentPageFactory(
            parent=LegalDocumentIndexPageFactory(slug="van-ban-khac")
        ),
        apps.get_model("home", "StandardPage"): lambda: StandardPageFactory(title="Chức năng, nhiệm vụ"),
        apps.get_model("articles", "NewsIndexPage"): lambda: NewsIndexPageFactory(slug="tin-tuc"),
        apps.get_model("articles", "NewsPage"): lambda: NewsPageFactory(
            parent=NewsIndexPageFactory(slug="tin-tuc-khac"),
            body__0__paragraph__value="<p>Nội dung bài viết.</p>",
        ),
        apps.get_model("articles", "InspectionReportIndexPage"): lambda: InspectionReportIndexPageFactory(
            slug="thanh-tra"
        ),
        apps.get_model("articles", "InspectionReportPage"): lambda: InspectionReportPageFactory(
            parent=InspectionReportIndexPageFactory(slug="thanh-tra-khac")
        ),
    }
    builders.update(_organisation_builders())
    if model not in builders:
        raise AssertionError(f"{model.__name__} has no builder in test_base_template.make_page")
    return builders[model]()


def _organisation_builders():
    from tests.factories.organisation import (
        OfficialPageFactory,
        OrganisationPageFactory,
        PortalMapPageFactory,
        ScheduleIndexPageFactory,
        ScheduleWeekPageFactory,
        UnitPageFactory,
    )

    def unit(slug):
        return UnitPageFactory(parent=OrganisationPageFactory(slug=slug))

    return {
        apps.get_model("organisation", "OrganisationPage"): OrganisationPageFactory,
        apps.get_model("organisation", "UnitPage"): lambda: unit("to-chuc-khac"),
        apps.get_model("organisation", "OfficialPage"): lambda: OfficialPageFactory(parent=unit("to-chuc-2")),
        apps.get_model("schedule", "ScheduleIndexPage"): ScheduleIndexPageFactory,
        apps.get_model("schedule", "ScheduleWeekPage"): lambda: ScheduleWeekPageFactory(
            parent=ScheduleIndexPageFactory(slug="lich-khac")
        ),
        apps.get_model("portalmap", "PortalMapPage"): PortalMapPageFactory,
    }


class BaseTemplateTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = default_home()
        portal = PortalSettings.for_site(cls.home.get_site())
        portal.parent_authority = "Ủy ban nhân dân tỉnh Tiền Giang"
        portal.address = "Số 23 đường 30/4, Mỹ Tho"
        portal.phone = "0273 3 871 555"
        portal.save()
        ExternalLink.objects.create(
            title="Cổng Dịch vụ công quốc gia",
            url="https://dichvucong.gov.vn/",
            locale=Locale.get_default(),
        )
        cls.pages = [make_page(model) for model in project_page_models()]

    def test_every_page_type_is_covered(self):
        self.assertEqual({type(page.specific) for page in self.pages}, set(project_page_models()))

    def test_skip_link_is_the_first_focusable_element_on_every_page_type(self):
        for page in self.pages:
            with self.subTest(page=type(page.specific).__name__):
                self.assertPageIsRenderable(page)
                document = soup(self.client.get(page.url))
                skip = first_focusable(document)
                self.assertEqual(skip.get_text(strip=True), "Bỏ qua, tới nội dung chính")
                self.assertEqual(skip["href"], "#main-content")
                self.assertIsNotNone(document.find("main", id="main-content"))

    def test_reader_tools_language_and_frame_on_every_page_type(self):
        for page in self.pages:
            with self.subTest(page=type(page.specific).__name__):
                document = soup(self.client.get(page.url))
                self.assertEqual(document.html["lang"], "vi")
                contrast = document.find("button", attrs={"data-contrast-toggle": True})
                self.assertEqual(contrast.get_text(" ", strip=True), "Tương phản")
                self.assertEqual(contrast["aria-pressed"], "false")
                self.assertEqual(len(document.select("button[data-text-size]")), 3)
                switcher = document.find("nav", class_="language-switcher")
                self.assertIn("English", switcher.get_text())
                footer = document.find("footer").get_text(" ", strip=True)
                self.assertIn("Sở Thông tin và Truyền thông", footer)
                self.assertIn("Số 23 đường 30/4, Mỹ Tho", footer)
                self.assertIn("Cổng Dịch vụ công quốc gia", footer)
                print_css = document.find("link", attrs={"media": "print"})
                self.assertIn("print", print_css["href"])

    def test_no_third_party_requests_from_public_pages(self):
        for page in self.pages:
            document = soup(self.client.get(page.url))
            for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src")):
                for element in document.find_all(tag):
                    if tag == "link" and set(element.get("rel", [])) & {"canonical", "alternate"}:
                        continue  # names an address of this site; the browser does not fetch it
                    url = element.get(attribute, "")
                    self.assertFalse(url.startswith(("http:", "https:", "//")), url)

    def test_main_menu_lists_menu_pages_and_marks_the_current_one(self):
        about = StandardPageFactory(title="Giới thiệu", show_in_menus=True)
        StandardPageFactory(title="Trang ẩn", show_in_menus=False)
        document = soup(self.client.get(about.url))
        menu = document.find("nav", class_="main-nav")
        labels = [a.get_text(strip=True) for a in menu.find_all("a")]
        self.assertIn("Giới thiệu", labels)
        self.assertNotIn("Trang ẩn", labels)
        self.assertEqual(menu.find("a", attrs={"aria-current": "page"}).get_text(), "Giới thiệu")

    def test_breadcrumb_leads_from_home_to_the_page(self):
        parent = StandardPageFactory(title="Giới thiệu")
        child = StandardPageFactory(title="Cơ cấu tổ chức", parent=parent)
        document = soup(self.client.get(child.url))
        crumbs = document.find("nav", class_="breadcrumbs")
        self.assertEqual(
            [item.get_text(strip=True) for item in crumbs.find_all("li")],
            ["Trang chủ", "Giới thiệu", "Cơ cấu tổ chức"],
        )

    def test_language_switcher_leads_to_the_translation_or_the_english_home(self):
        english = Locale.objects.get(language_code="en")
        page = StandardPageFactory(title="Liên hệ", slug="lien-he")
        untranslated = StandardPageFactory(title="Thông báo", slug="thong-bao")
        home_en = self.home.copy_for_translation(english)
        home_en.title = "Home"
        home_en.save_revision().publish()
        page_en = page.copy_for_translation(english)
        page_en.title = "Contact"
        page_en.save_revision().publish()

        switcher = soup(self.client.get(page.url)).find("nav", class_="language-switcher")
        self.assertEqual(switcher.find("a", hreflang="en")["href"], "/en/lien-he/")
        switcher = soup(self.client.get(untranslated.url)).find("nav", class_="language-switcher")
        self.assertEqual(switcher.find("a", hreflang="en")["href"], "/en/?untranslated=1")

        response = self.client.get("/en/lien-he/")
        document = soup(response)
        self.assertEqual(document.html["lang"], "en")
        self.assertEqual(first_focusable(document).get_text(strip=True), "Skip to main content")
        self.assertEqual(
            document.find("nav", class_="language-switcher").find("a", hreflang="vi")["href"],
            "/lien-he/",
        )

    def test_emc_tracking_code_is_included_only_when_configured(self):
        self.assertNotIn(b"emc-tracking", self.client.get(self.home.url).content)
        portal = PortalSettings.for_site(self.home.get_site())
        portal.emc_tracking_code = '<script id="emc-tracking" src="/static/emc.js"></script>'
        portal.save()
        self.assertIn(b'id="emc-tracking"', self.client.get(self.home.url).content)


class ErrorPageTests(WagtailPageTestCase):
    def test_404_page_is_in_the_site_style_and_in_vietnamese(self):
        response = self.client.get("/khong-ton-tai/")
        self.assertEqual(response.status_code, 404)
        document = soup(response)
        self.assertEqual(document.h1.get_text(strip=True), "Không tìm thấy trang")
        self.assertEqual(first_focusable(document).get_text(strip=True), "Bỏ qua, tới nội dung chính")
        self.assertIsNotNone(document.find("button", attrs={"data-contrast-toggle": True}))

    @override_settings(DEBUG=False)
    def test_500_page_renders_without_a_database(self):
        from home.views import server_error

        response = server_error(None)
        self.assertEqual(response.status_code, 500)
        self.assertIn("Cổng thông tin tạm thời gián đoạn", response.content.decode())

    def test_search_page_uses_the_frame(self):
        document = soup(self.client.get(reverse("search")))
        self.assertEqual(first_focusable(document)["href"], "#main-content")
