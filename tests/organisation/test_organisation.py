"""Tổ chức bộ máy as a reader, a journalist and an editor meet it: chart, directory, press contacts."""

import json
from unittest import mock

from django.core.exceptions import ValidationError

from wagtail.models import Locale
from wagtail.test.utils import WagtailPageTestCase

from home.localize import translate_with_localize
from organisation.models import OfficialPage, PressRole, Rank, UnitKind
from tests.factories import StandardPageFactory, default_home
from tests.factories.organisation import OfficialPageFactory, OrganisationPageFactory, UnitPageFactory
from tests.helpers import soup


def names(response, selector=".directory__list .official-card__name"):
    return [element.get_text(strip=True) for element in soup(response).select(selector)]


def json_ld(response):
    script = soup(response).find("script", type="application/ld+json")
    return json.loads(script.string)


class OrganisationTestCase(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.organisation = OrganisationPageFactory()
        cls.board = UnitPageFactory(
            parent=cls.organisation, title="Ban Giám đốc", slug="ban-giam-doc", kind=UnitKind.LEADERSHIP
        )
        cls.office = UnitPageFactory(parent=cls.organisation, title="Văn phòng Sở", slug="van-phong")
        cls.centre = UnitPageFactory(
            parent=cls.organisation, title="Trung tâm CNTT", slug="trung-tam", kind=UnitKind.AFFILIATED
        )
        cls.deputy = OfficialPageFactory(
            parent=cls.board,
            title="Trần Thị Bình",
            position="Phó Giám đốc Sở",
            rank=Rank.DEPUTY,
            press_role=PressRole.AUTHORISED,
        )
        cls.director = OfficialPageFactory(
            parent=cls.board,
            title="Nguyễn Văn An",
            position="Giám đốc Sở",
            rank=Rank.HEAD,
            phone="0273 3 871 501",
            email="nvan@example.gov.vn",
            press_role=PressRole.SPOKESPERSON,
            responsibilities="<p>Phụ trách chung.</p>",
        )
        cls.office_head = OfficialPageFactory(
            parent=cls.office, title="Phạm Minh Đức", position="Chánh Văn phòng", rank=Rank.HEAD
        )
        cls.centre_head = OfficialPageFactory(
            parent=cls.centre, title="Đỗ Thị Lan", position="Giám đốc Trung tâm", rank=Rank.HEAD
        )


class OrganisationPageTests(OrganisationTestCase):
    def test_the_chart_draws_the_board_above_the_divisions_and_affiliated_units(self):
        response = self.client.get(self.organisation.url)
        chart = soup(response).select_one(".org-chart")
        self.assertEqual(chart.select_one(".org-chart__box--leadership a").get_text(), "Ban Giám đốc")
        branches = [
            [a.get_text() for a in branch.select(".org-chart__units a")]
            for branch in chart.select(".org-chart__branch")
        ]
        self.assertEqual(branches, [["Văn phòng Sở"], ["Trung tâm CNTT"]])
        self.assertIn("Chánh Văn phòng: Phạm Minh Đức", chart.get_text())

    def test_the_leadership_lists_the_head_before_the_deputies(self):
        response = self.client.get(self.organisation.url)
        self.assertEqual(
            names(response, ".leadership .official-card__name"), ["Nguyễn Văn An", "Trần Thị Bình"]
        )

    def test_the_press_finds_the_spokesperson_first_with_contacts(self):
        response = self.client.get(self.organisation.url)
        section = soup(response).select_one(".press-contacts")
        items = [li.get_text(" ", strip=True) for li in section.select("li")]
        self.assertTrue(items[0].startswith("Người phát ngôn: Nguyễn Văn An"))
        self.assertIn("0273 3 871 501", items[0])
        self.assertIn("nvan@example.gov.vn", items[0])
        self.assertTrue(items[1].startswith("Người được ủy quyền phát ngôn: Trần Thị Bình"))

    def test_every_page_footer_names_the_spokesperson(self):
        other = StandardPageFactory(title="Liên hệ", slug="lien-he")
        for url in (default_home().url, other.url):
            footer = soup(self.client.get(url)).select_one(".site-footer")
            self.assertIn("Nguyễn Văn An", footer.get_text(), url)

    def test_the_footer_follows_a_new_spokesperson_once_published(self):
        self.client.get(default_home().url)  # the footer is remembered
        self.director.press_role = PressRole.NONE
        self.director.save_revision().publish()
        office_head = OfficialPage.objects.get(pk=self.office_head.pk)
        office_head.press_role = PressRole.SPOKESPERSON
        office_head.save_revision().publish()
        footer = soup(self.client.get(default_home().url)).select_one(".site-footer").get_text()
        self.assertIn("Phạm Minh Đức", footer)
        self.assertNotIn("Nguyễn Văn An", footer)

    def test_the_page_describes_a_government_organization_with_its_units_and_people(self):
        data = json_ld(self.client.get(self.organisation.url))
        self.assertEqual(data["@type"], "GovernmentOrganization")
        units = {unit["name"]: unit for unit in data["subOrganization"]}
        self.assertEqual(set(units), {"Ban Giám đốc", "Văn phòng Sở", "Trung tâm CNTT"})
        director = units["Ban Giám đốc"]["employee"][0]
        self.assertEqual((director["@type"], director["name"]), ("Person", "Nguyễn Văn An"))
        self.assertEqual(director["telephone"], "0273 3 871 501")

    def test_an_official_page_describes_a_person_working_for_the_unit(self):
        response = self.client.get(self.director.url)
        data = json_ld(response)
        self.assertEqual(data["@type"], "Person")
        self.assertEqual(data["jobTitle"], "Giám đốc Sở")
        self.assertEqual(data["worksFor"]["name"], "Ban Giám đốc")
        self.assertEqual(data["description"], "Phụ trách chung.")
        self.assertIn("Phụ trách chung.", soup(response).select_one("main").get_text())

    def test_a_unit_takes_one_head_only(self):
        second = OfficialPage.objects.get(pk=self.deputy.pk)
        second.rank = Rank.HEAD
        with self.assertRaises(ValidationError) as raised:
            second.full_clean()
        self.assertIn("rank", raised.exception.message_dict)

    def test_unit_and_official_pages_render(self):
        self.assertPageIsRenderable(self.office)
        self.assertPageIsRenderable(self.director)
        response = self.client.get(self.office.url)
        self.assertEqual(names(response, ".official-card__name"), ["Phạm Minh Đức"])

    def test_the_pages_are_in_the_sitemap(self):
        content = self.client.get("/sitemap.xml").content.decode()
        for page in (self.organisation, self.office, self.director):
            self.assertIn(page.get_full_url(), content)

    def test_the_search_finds_an_official_by_position(self):
        response = self.client.get("/search/", {"query": "Chánh Văn phòng"})
        self.assertIn("Phạm Minh Đức", response.content.decode())

    def test_editors_may_create_units_and_officials_only_where_they_belong(self):
        from organisation.models import OrganisationPage, UnitPage

        self.assertAllowedParentPageTypes(OfficialPage, {UnitPage})
        self.assertAllowedParentPageTypes(UnitPage, {OrganisationPage})


class DirectoryTests(OrganisationTestCase):
    def directory(self, **params):
        return self.client.get(self.organisation.url + "danh-ba/", params)

    def test_lists_every_official_grouped_by_unit(self):
        response = self.directory()
        self.assertEqual(response.status_code, 200)
        self.assertEqual(names(response), ["Trần Thị Bình", "Nguyễn Văn An", "Phạm Minh Đức", "Đỗ Thị Lan"])

    def test_a_name_typed_without_diacritics_finds_the_official(self):
        self.assertEqual(names(self.directory(q="nguyen van an")), ["Nguyễn Văn An"])
        self.assertEqual(names(self.directory(q="DUC")), ["Phạm Minh Đức"])

    def test_a_name_typed_with_diacritics_finds_the_official(self):
        self.assertEqual(names(self.directory(q="Đỗ Thị Lan")), ["Đỗ Thị Lan"])

    def test_a_unit_name_finds_its_people(self):
        self.assertEqual(names(self.directory(q="van phong")), ["Phạm Minh Đức"])
        self.assertEqual(names(self.directory(q="giam doc trung tam")), ["Đỗ Thị Lan"])

    def test_the_unit_filter_keeps_that_unit_only(self):
        self.assertEqual(names(self.directory(unit=self.board.pk)), ["Trần Thị Bình", "Nguyễn Văn An"])

    def test_nothing_found_says_so(self):
        response = self.directory(q="không có ai")
        self.assertEqual(names(response), [])
        self.assertIn("Không tìm thấy cán bộ phù hợp.", response.content.decode())

    def test_hostile_parameters_show_the_directory_not_an_error(self):
        for params in (
            {"unit": "abc"},
            {"unit": "99999999999999999999"},
            {"after": "'; DROP TABLE"},
            {"before": "x" * 5000},
            {"q": "a" * 5000},
        ):
            self.assertEqual(self.directory(**params).status_code, 200, params)
        self.assertEqual(self.directory(q="\x00").status_code, 400)

    @mock.patch("organisation.directory.PER_PAGE", 2)
    def test_pages_go_forward_and_back_by_keys(self):
        first = self.directory()
        self.assertEqual(names(first), ["Trần Thị Bình", "Nguyễn Văn An"])
        next_link = soup(first).select_one(".pager a[rel=next]")["href"]
        self.assertIsNone(soup(first).select_one(".pager a[rel=prev]"))
        second = self.client.get(self.organisation.url + "danh-ba/" + next_link)
        self.assertEqual(names(second), ["Phạm Minh Đức", "Đỗ Thị Lan"])
        self.assertIsNone(soup(second).select_one(".pager a[rel=next]"))
        back = soup(second).select_one(".pager a[rel=prev]")["href"]
        self.assertEqual(
            names(self.client.get(self.organisation.url + "danh-ba/" + back)),
            ["Trần Thị Bình", "Nguyễn Văn An"],
        )


class EnglishVersionTests(OrganisationTestCase):
    def test_the_english_directory_lists_the_translated_positions_with_the_same_contacts(self):
        english = Locale.objects.get(language_code="en")
        home = default_home()
        translate_with_localize(home, {})
        translate_with_localize(self.organisation, {"Tổ chức bộ máy": "Organisation"})
        translate_with_localize(self.board, {"Ban Giám đốc": "Board of directors"})
        translate_with_localize(self.director, {"Giám đốc Sở": "Director"})
        organisation_en = self.organisation.get_translation(english)
        response = self.client.get(organisation_en.url + "danh-ba/", {"q": "director"})
        card = soup(response).select_one(".directory__list .official-card")
        self.assertEqual(card.select_one(".official-card__name").get_text(strip=True), "Nguyễn Văn An")
        self.assertIn("Director – Board of directors", card.get_text(" ", strip=True))
        self.assertIn("0273 3 871 501", card.get_text())
