"""The procedures and disclosure registers in Chromium: every page type at desktop and phone widths with
no WCAG 2.1 A/AA violation (normal and high contrast), and a reader narrowing each listing with its
filters, which work without JavaScript (plain GET forms)."""

import datetime
import re
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from django.utils import timezone

from disclosure.models import PlanProgressUpdate
from tests.e2e.conftest import DESKTOP, PHONE, axe_violations, screenshot
from tests.factories.disclosure import (
    BudgetIndexPageFactory,
    BudgetReportPageFactory,
    PlanIndexPageFactory,
    PlanPageFactory,
    ProcurementIndexPageFactory,
    ProcurementNoticePageFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    StatisticsIndexPageFactory,
    StatisticsPageFactory,
)
from tests.factories.procedures import ProcedureIndexPageFactory, ProcedurePageFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
CONTRAST_BUTTON = re.compile("Tương phản|High contrast")


def build():
    procedures = ProcedureIndexPageFactory(title="Thủ tục hành chính", slug="thu-tuc-hanh-chinh")
    ProcedurePageFactory(
        parent=procedures, title="Cấp giấy phép bưu chính", field_name="Bưu chính", code="1.005450"
    )
    procedure = ProcedurePageFactory(
        parent=procedures, title="Cho phép họp báo", field_name="Báo chí", level="full", fee=0
    )
    plans = PlanIndexPageFactory(title="Chiến lược, kế hoạch", slug="ke-hoach")
    plan = PlanPageFactory(parent=plans, title="Kế hoạch chuyển đổi số 2026–2030")
    PlanProgressUpdate.objects.create(
        page=plan, date=datetime.date(2026, 6, 30), text="Hoàn thành 8/12 nhiệm vụ."
    )
    PlanPageFactory(
        parent=plans, title="Chiến lược phát triển 2021–2030", plan_type="strategy", period_from=2021
    )
    projects = ProjectIndexPageFactory(title="Dự án đầu tư", slug="du-an")
    project = ProjectPageFactory(parent=projects, title="Trung tâm dữ liệu tỉnh", stage="implementation")
    ProjectPageFactory(parent=projects, title="Mạng diện rộng", stage="completed")
    procurement = ProcurementIndexPageFactory(title="Đấu thầu, mua sắm công", slug="dau-thau")
    notice = ProcurementNoticePageFactory(parent=procurement, title="Thiết bị chuyển mạch")
    ProcurementNoticePageFactory(
        parent=procurement,
        title="Máy tính một cửa",
        notice_date=timezone.localdate() - datetime.timedelta(days=60),
        closing_at=timezone.now() - datetime.timedelta(days=40),
        award_date=timezone.localdate() - datetime.timedelta(days=20),
        winner="Công ty TNHH Công nghệ",
        award_value=812_400_000,
    )
    budget = BudgetIndexPageFactory(title="Công khai ngân sách", slug="ngan-sach")
    report = BudgetReportPageFactory(parent=budget, title="Dự toán ngân sách 2026", period="year")
    BudgetReportPageFactory(
        parent=budget, title="Thực hiện dự toán 6 tháng 2026", kind="execution", period="h1"
    )
    statistics = StatisticsIndexPageFactory(title="Số liệu thống kê", slug="thong-ke")
    table = StatisticsPageFactory(parent=statistics, title="Hồ sơ trực tuyến 2026", year=2026)
    StatisticsPageFactory(parent=statistics, title="Hồ sơ trực tuyến 2025", year=2025, period="year")
    return SimpleNamespace(
        urls={
            "procedure-index": procedures.url,
            "procedure": procedure.url,
            "plan-index": plans.url,
            "plan": plan.url,
            "project-index": projects.url,
            "project": project.url,
            "procurement-index": procurement.url,
            "procurement": notice.url,
            "budget-index": budget.url,
            "budget": report.url,
            "statistics-index": statistics.url,
            "statistics": table.url,
        },
        procedures=procedures,
        plans=plans,
        projects=projects,
        procurement=procurement,
        budget=budget,
        statistics=statistics,
    )


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
def test_every_disclosure_page_has_no_wcag_violation(new_context, viewport):
    site = build()
    page = new_context(viewport=viewport, reduced_motion="reduce").new_page()
    for name, url in site.urls.items():
        assert page.goto(url).status == 200, name
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        for mode in ("normal", "high contrast"):
            if mode == "high contrast":
                page.get_by_role("button", name=CONTRAST_BUTTON).click()
                expect(page.locator("html")).to_have_class(re.compile(r"\bhigh-contrast\b"))
            violations = axe_violations(page)
            assert violations == [], f"{name} ({mode}, {viewport['width']} px):\n" + "\n".join(violations)
            widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert widths[0] <= widths[1], f"{name}: {widths[0]} px wide in a {widths[1]} px window"
        screenshot(page, f"disclosure-{name}")
        page.get_by_role("button", name=CONTRAST_BUTTON).click()  # back to normal for the next page


def listed(page):
    return page.locator(".report-item__title, .procedure-table tbody td:nth-child(2) > a").all_inner_texts()


def test_a_reader_finds_a_procedure_by_field_and_by_words_typed_without_diacritics(new_context):
    site = build()
    page = new_context(java_script_enabled=False).new_page()
    page.goto(site.procedures.url)
    page.get_by_label("Lĩnh vực").select_option("Bưu chính")
    page.get_by_role("button", name="Lọc").click()
    assert listed(page) == ["Cấp giấy phép bưu chính"]
    page.get_by_role("link", name="Bỏ lọc").click()
    page.get_by_label("Tên hoặc mã thủ tục").fill("hop bao")
    page.get_by_role("button", name="Lọc").click()
    assert listed(page) == ["Cho phép họp báo"]
    expect(page.get_by_role("status")).to_have_text("1 thủ tục")
    page.get_by_role("link", name="Cho phép họp báo").click()
    expect(
        page.get_by_role("link", name="Nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia")
    ).to_be_visible()


@pytest.mark.parametrize(
    ("register", "label", "option", "expected"),
    [
        ("plans", "Loại", "Chiến lược", ["Chiến lược phát triển 2021–2030"]),
        ("plans", "Năm", "2022", ["Chiến lược phát triển 2021–2030"]),
        ("projects", "Giai đoạn", "Hoàn thành, đưa vào sử dụng", ["Mạng diện rộng"]),
        ("procurement", "Tình trạng mời thầu", "Đã có kết quả", ["Máy tính một cửa"]),
        ("budget", "Kỳ báo cáo", "6 tháng đầu năm", ["Thực hiện dự toán 6 tháng 2026"]),
        ("statistics", "Năm", "2025", ["Hồ sơ trực tuyến 2025"]),
    ],
)
def test_a_reader_narrows_each_register_with_its_filters_without_javascript(
    new_context, register, label, option, expected
):
    site = build()
    page = new_context(java_script_enabled=False, viewport=PHONE).new_page()
    page.goto(getattr(site, register).url)
    assert len(listed(page)) == 2
    page.get_by_label(label, exact=True).select_option(label=option)
    page.get_by_role("button", name="Lọc").click()
    assert listed(page) == expected
    expect(page.get_by_label(label, exact=True)).to_have_value(re.compile(".+"))
    page.get_by_role("link", name="Bỏ lọc").click()
    assert len(listed(page)) == 2


def test_open_notices_are_listed_before_awarded_ones(page):
    site = build()
    page.goto(site.procurement.url)
    assert listed(page) == ["Thiết bị chuyển mạch", "Máy tính một cửa"]
    expect(page.locator(".report-item").first).to_contain_text("Đang mời thầu")
