"""Tổ chức bộ máy, Lịch công tác and Sơ đồ cổng in Chromium: axe finds no WCAG A/AA violation at desktop
and phone widths, a reader finds an official in the directory typing without diacritics, and walks the
schedule week by week."""

import datetime

import pytest
from playwright.sync_api import expect

from django.utils import timezone

from home.localize import translate_with_localize
from organisation.models import PressRole, Rank, UnitKind
from schedule.models import monday_of
from tests.e2e.conftest import DESKTOP, PHONE, axe_violations, screenshot
from tests.factories import default_home
from tests.factories.organisation import (
    OfficialPageFactory,
    OrganisationPageFactory,
    PortalMapPageFactory,
    ScheduleIndexPageFactory,
    ScheduleWeekPageFactory,
    UnitPageFactory,
    add_entry,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def build_site():
    organisation = OrganisationPageFactory(
        functions=[{"type": "paragraph", "value": "<p>Tham mưu quản lý nhà nước về thông tin.</p>"}]
    )
    board = UnitPageFactory(
        parent=organisation, title="Ban Giám đốc", slug="ban-giam-doc", kind=UnitKind.LEADERSHIP
    )
    office = UnitPageFactory(parent=organisation, title="Văn phòng Sở", slug="van-phong")
    centre = UnitPageFactory(
        parent=organisation, title="Trung tâm CNTT", slug="trung-tam", kind=UnitKind.AFFILIATED
    )
    director = OfficialPageFactory(
        parent=board,
        title="Nguyễn Văn An",
        slug="nguyen-van-an",
        position="Giám đốc Sở",
        rank=Rank.HEAD,
        press_role=PressRole.SPOKESPERSON,
        responsibilities="<p>Phụ trách chung.</p>",
    )
    OfficialPageFactory(parent=board, title="Trần Thị Bình", position="Phó Giám đốc Sở", rank=Rank.DEPUTY)
    OfficialPageFactory(parent=office, title="Phạm Minh Đức", position="Chánh Văn phòng", rank=Rank.HEAD)
    OfficialPageFactory(parent=centre, title="Đỗ Thị Lan", position="Giám đốc Trung tâm", rank=Rank.HEAD)

    schedule = ScheduleIndexPageFactory()
    this_monday = monday_of(timezone.localdate())
    weeks = {}
    for offset in (-1, 0, 1):
        monday = this_monday + datetime.timedelta(weeks=offset)
        week = ScheduleWeekPageFactory(
            parent=schedule,
            week_start=monday,
            title=f"Lịch công tác tuần từ {monday:%d/%m/%Y}",
            slug=f"tuan-{monday:%Y-%m-%d}",
        )
        add_entry(week, day=monday, content=f"Giao ban tuần {monday:%d/%m}", host="Giám đốc Sở")
        add_entry(
            week,
            day=monday + datetime.timedelta(days=2),
            start_time=datetime.time(14),
            end_time=datetime.time(16),
            content="Làm việc với các cơ quan báo chí",
            attendees="Phòng Thông tin - Báo chí",
        )
        week.save_revision().publish()
        weeks[offset] = week
    site_map = PortalMapPageFactory()

    translate_with_localize(default_home(), {"Trang chủ": "Home"})
    english = translate_with_localize(organisation, {"Tổ chức bộ máy": "Organisation"})
    return {
        "organisation": organisation.url,
        "directory": organisation.url + "danh-ba/?q=giam+doc",
        "unit": board.url,
        "official": director.url,
        "schedule": schedule.url,
        "schedule-print": weeks[0].url + "in/",
        "site-map": site_map.url,
        "organisation-en": english.url,
        "_weeks": weeks,
    }


@pytest.mark.parametrize(
    "name",
    [
        "organisation",
        "directory",
        "unit",
        "official",
        "schedule",
        "schedule-print",
        "site-map",
        "organisation-en",
    ],
)
def test_page_has_no_wcag_violation_at_desktop_and_phone_width(new_context, name):
    url = build_site()[name]
    for viewport in (DESKTOP, PHONE):
        page = new_context(viewport=viewport, reduced_motion="reduce").new_page()
        response = page.goto(url)
        assert response.status == 200
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        violations = axe_violations(page)
        assert violations == [], f"{name} ({viewport['width']} px):\n" + "\n".join(violations)
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], f"{name}: {widths[0]} px wide in a {widths[1]} px window"
        screenshot(page, name)


def test_a_reader_finds_an_official_typing_without_diacritics(page):
    site = build_site()
    page.goto(site["organisation"])
    page.get_by_role("link", name="Danh bạ liên hệ").click()
    expect(page.locator(".directory__list .official-card")).to_have_count(4)
    page.get_by_label("Họ tên hoặc chức vụ").fill("pham minh duc")
    page.get_by_role("button", name="Tìm kiếm", exact=True).last.click()
    cards = page.locator(".directory__list .official-card")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Phạm Minh Đức")
    expect(cards.first).to_contain_text("Chánh Văn phòng – Văn phòng Sở")

    page.get_by_label("Họ tên hoặc chức vụ").fill("")
    page.get_by_label("Đơn vị").select_option(label="Ban Giám đốc")
    page.get_by_role("button", name="Tìm kiếm", exact=True).last.click()
    expect(cards).to_have_count(2)
    expect(cards.first).to_contain_text("Nguyễn Văn An")


def test_a_reader_walks_the_schedule_week_by_week(page):
    site = build_site()
    this_monday = monday_of(timezone.localdate())
    last_monday = this_monday - datetime.timedelta(weeks=1)
    page.goto(site["schedule"])
    expect(page.locator(".week__dates")).to_contain_text(this_monday.strftime("%d/%m/%Y"))
    expect(page.locator(".schedule-table")).to_contain_text(f"Giao ban tuần {this_monday:%d/%m}")

    page.get_by_role("link", name="Tuần trước").click()
    expect(page.locator(".week__dates")).to_contain_text(last_monday.strftime("%d/%m/%Y"))
    expect(page.locator(".schedule-table")).to_contain_text(f"Giao ban tuần {last_monday:%d/%m}")
    expect(page.get_by_role("link", name="Tuần trước")).to_have_count(0)

    page.get_by_role("link", name="Tuần sau").click()
    page.get_by_role("link", name="Tuần sau").click()
    next_monday = this_monday + datetime.timedelta(weeks=1)
    expect(page.locator(".week__dates")).to_contain_text(next_monday.strftime("%d/%m/%Y"))

    page.get_by_role("link", name="Bản in").click()
    expect(page.locator(".site-header")).to_have_count(0)
    expect(page.locator(".schedule-table")).to_contain_text("Làm việc với các cơ quan báo chí")
