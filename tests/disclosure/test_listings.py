"""The disclosure registers filter without JavaScript (plain GET forms), page by keys, and list open
procurement notices closing soonest first."""

import datetime

import pytest

from django.utils import timezone

from disclosure.listing import PER_PAGE
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

pytestmark = pytest.mark.django_db


def titles(response):
    return [page.title for page in response.context["items"]]


def all_titles(client, url, params=None):
    """Every title through every page of the listing, following its “next” links."""
    params, seen = dict(params or {}), []
    while True:
        response = client.get(url, params)
        seen += titles(response)
        token = response.context["items"].next_token
        if not token:
            return seen
        params["after"] = token


# Plans ------------------------------------------------------------------------------------------


@pytest.fixture
def plans():
    index = PlanIndexPageFactory()
    PlanPageFactory(
        parent=index, title="Chiến lược 2021–2030", plan_type="strategy", period_from=2021, period_to=2030
    )
    PlanPageFactory(
        parent=index,
        title="Kế hoạch 2025",
        plan_type="plan",
        period_from=2025,
        period_to=2025,
        status="completed",
    )
    PlanPageFactory(
        parent=index,
        title="Đề án 2026–2028",
        plan_type="scheme",
        period_from=2026,
        period_to=2028,
        status="drafting",
    )
    return index


def test_plans_are_listed_newest_period_first(client, plans):
    assert titles(client.get(plans.url)) == ["Đề án 2026–2028", "Kế hoạch 2025", "Chiến lược 2021–2030"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "strategy"}, ["Chiến lược 2021–2030"]),
        ({"status": "completed"}, ["Kế hoạch 2025"]),
        ({"year": "2025"}, ["Kế hoạch 2025", "Chiến lược 2021–2030"]),  # every plan whose period holds 2025
        ({"year": "2027", "status": "drafting"}, ["Đề án 2026–2028"]),
    ],
)
def test_plan_filters(client, plans, params, expected):
    response = client.get(plans.url, params)
    assert titles(response) == expected
    assert response.context["result_count"] == len(expected)


def test_the_year_filter_offers_the_years_the_plans_cover(client, plans):
    assert client.get(plans.url).context["years"] == list(range(2030, 2020, -1))


def test_the_filter_form_is_a_plain_get_form_that_keeps_its_choices(client, plans):
    html = client.get(plans.url, {"type": "scheme", "year": "2027"}).content.decode()
    assert 'method="get"' in html
    assert '<option value="scheme" selected>' in html
    assert '<option value="2027" selected>' in html
    assert "Bỏ lọc" in html


@pytest.mark.parametrize(
    "params",
    [
        {"year": "1800"},
        {"year": "abc"},
        {"year": "²"},
        {"year": "9" * 5000},
        {"type": "x"},
        {"after": "%%%"},
        {"after": "WzFd"},
        {"after": "WyJhYmMiLCAxXQ"},  # ["abc", 1]: text where a year is
        {"after": "WzIwMjYsIDEwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDBd"},  # an id beyond any integer column
    ],
)
def test_unknown_filter_values_show_the_whole_register(client, plans, params):
    response = client.get(plans.url, params)
    assert response.status_code == 200
    assert len(titles(response)) == 3


def test_plans_page_by_keys_without_repeats(client):
    index = PlanIndexPageFactory()
    for n in range(PER_PAGE + 3):
        PlanPageFactory(parent=index, title=f"Kế hoạch {n:02d}", period_from=2000 + n % 5, period_to=2030)
    seen = all_titles(client, index.url)
    assert sorted(seen) == sorted(f"Kế hoạch {n:02d}" for n in range(PER_PAGE + 3))


# Projects ---------------------------------------------------------------------------------------


def test_projects_filter_by_stage_and_by_the_years_they_run(client):
    index = ProjectIndexPageFactory()
    ProjectPageFactory(
        parent=index,
        title="Cũ",
        stage="completed",
        start_date=datetime.date(2023, 1, 1),
        end_date=datetime.date(2024, 6, 30),
    )
    ProjectPageFactory(
        parent=index, title="Đang làm", stage="implementation", start_date=datetime.date(2025, 3, 1)
    )
    assert titles(client.get(index.url)) == ["Đang làm", "Cũ"]
    assert titles(client.get(index.url, {"stage": "completed"})) == ["Cũ"]
    assert titles(client.get(index.url, {"year": "2024"})) == ["Cũ"]
    assert titles(client.get(index.url, {"year": "2025"})) == ["Đang làm"]


# Procurement ------------------------------------------------------------------------------------


@pytest.fixture
def notices():
    index = ProcurementIndexPageFactory()
    now = timezone.now()
    day = datetime.timedelta(days=1)
    today = timezone.localdate()
    for title, closing, award in (
        ("Đóng sau 20 ngày", now + 20 * day, None),
        ("Đã đóng hôm qua", now - day, None),
        ("Đóng sau 2 ngày", now + 2 * day, None),
        ("Đã trao thầu", now - 30 * day, today - 10 * day),
        ("Đóng sau 5 ngày", now + 5 * day, None),
    ):
        ProcurementNoticePageFactory(
            parent=index, title=title, closing_at=closing, award_date=award, notice_date=today - 40 * day
        )
    return index


@pytest.mark.parametrize("after", ["o.WyJ4IiwxXQ", "c.WzEsMl0", "z.abc", "o."])
def test_a_forged_procurement_token_shows_the_first_page(client, notices, after):
    response = client.get(notices.url, {"after": after})
    assert response.status_code == 200
    assert titles(response)[0] == "Đóng sau 2 ngày"


def test_open_notices_come_first_closing_soonest_then_the_latest_closed(client, notices):
    assert titles(client.get(notices.url)) == [
        "Đóng sau 2 ngày",
        "Đóng sau 5 ngày",
        "Đóng sau 20 ngày",
        "Đã đóng hôm qua",
        "Đã trao thầu",
    ]


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("open", ["Đóng sau 2 ngày", "Đóng sau 5 ngày", "Đóng sau 20 ngày"]),
        ("closed", ["Đã đóng hôm qua"]),
        ("awarded", ["Đã trao thầu"]),
    ],
)
def test_procurement_state_filter(client, notices, state, expected):
    assert titles(client.get(notices.url, {"state": state})) == expected


def test_procurement_pages_cross_from_open_to_closed_notices_without_repeats(client):
    index = ProcurementIndexPageFactory()
    now = timezone.now()
    expected = []
    for n in range(PER_PAGE + 2):  # open ones, closing later and later
        ProcurementNoticePageFactory(
            parent=index, title=f"Mở {n:02d}", closing_at=now + datetime.timedelta(hours=n + 1)
        )
        expected.append(f"Mở {n:02d}")
    for n in range(PER_PAGE):  # closed ones, the latest closed first
        ProcurementNoticePageFactory(
            parent=index,
            title=f"Đóng {n:02d}",
            closing_at=now - datetime.timedelta(hours=n + 1),
            notice_date=timezone.localdate() - datetime.timedelta(days=10),
        )
        expected.append(f"Đóng {n:02d}")
    assert all_titles(client, index.url) == expected


def test_the_listing_marks_open_and_awarded_notices(client, notices):
    html = client.get(notices.url).content.decode()
    assert "Đang mời thầu" in html and "Đã có kết quả" in html and "Đã đóng thầu, chờ kết quả" in html


# Budget and statistics --------------------------------------------------------------------------


def test_budget_reports_by_year_period_and_kind(client):
    index = BudgetIndexPageFactory()
    BudgetReportPageFactory(parent=index, title="Dự toán 2026", kind="estimate", year=2026, period="year")
    BudgetReportPageFactory(
        parent=index, title="Thực hiện 6 tháng 2026", kind="execution", year=2026, period="h1"
    )
    BudgetReportPageFactory(
        parent=index, title="Quyết toán 2025", kind="final_accounts", year=2025, period="year"
    )
    assert titles(client.get(index.url))[-1] == "Quyết toán 2025"
    assert titles(client.get(index.url, {"year": "2025"})) == ["Quyết toán 2025"]
    assert titles(client.get(index.url, {"period": "h1"})) == ["Thực hiện 6 tháng 2026"]
    assert titles(client.get(index.url, {"kind": "estimate"})) == ["Dự toán 2026"]
    assert client.get(index.url).context["years"] == [2026, 2025]


def test_statistics_by_year_and_period(client):
    index = StatisticsIndexPageFactory()
    StatisticsPageFactory(parent=index, title="Quý I 2026", year=2026, period="q1")
    StatisticsPageFactory(parent=index, title="Năm 2025", year=2025, period="year")
    assert titles(client.get(index.url)) == ["Quý I 2026", "Năm 2025"]
    assert titles(client.get(index.url, {"period": "q1"})) == ["Quý I 2026"]
    assert titles(client.get(index.url, {"year": "2025"})) == ["Năm 2025"]


def test_an_empty_register_says_so(client):
    html = client.get(StatisticsIndexPageFactory().url).content.decode()
    assert "Không có mục nào phù hợp với bộ lọc." in html
